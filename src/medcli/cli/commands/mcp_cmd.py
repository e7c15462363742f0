"""`medcli mcp`: the same offline answers for AI agents, over the Model Context Protocol."""

from __future__ import annotations

import importlib.util

import typer

from medcli.cli.context import app_context
from medcli.errors import MedcliError


def mcp(ctx: typer.Context) -> None:
    """Serve show, dose, side effects, search and list to AI agents over MCP (stdio).

    An MCP client starts it and talks to it on stdin/stdout; each tool answers
    with the command's --json document, a text rendering and the provenance.
    Needs the optional MCP SDK: pip install 'medcli[mcp]'.

    Examples:

    \b
      medcli mcp
      medcli --data-dir ~/monographs mcp
      # client configuration: {"mcpServers": {"medcli": {"command": "medcli", "args": ["mcp"]}}}
    """
    # Looked for, not imported: the SDK (pydantic, anyio, starlette...) loads only to serve.
    if importlib.util.find_spec("mcp") is None:
        raise MedcliError(
            "medcli mcp needs the MCP SDK, which is not installed",
            "install it: pip install 'medcli[mcp]'",
        )
    from medcli.agents.server import serve

    serve(app_context(ctx).environment)
