"""The console script and `python -m medcli`: a kept answer first (`medcli.fast`), else the CLI.

The CLI is imported only when the fast path cannot answer: importing it costs
several times what writing a kept answer does.
"""

import sys

from medcli.fast import answer


def main() -> None:
    if not answer(sys.argv[1:]):
        from medcli.cli import main as cli_main

        cli_main()


if __name__ == "__main__":
    main()
