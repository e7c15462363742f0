"""medcli for AI agents: the commands' answers served over the Model Context Protocol.

`answers` builds each answer (the command's `--json` document, a text rendering cut
to size, the provenance) without the MCP SDK; `server` is the only module that
imports it, so nothing here costs the other commands a millisecond.
"""
