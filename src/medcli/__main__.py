from medcli.cli import main

main()
