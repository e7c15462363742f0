"""One function per command, shared by the command line and the MCP server.

Each action takes the library and a request value and returns a result value:
no printing, no Typer, no Rich, no MCP. The shells (`medcli.cli.commands`,
`medcli.agents`) parse what the user sent into the request, call the action,
and hand the result to a renderer, so the two cannot drift. Bad input raises
the `medcli.errors` types, which each shell reports in its own way.
"""
