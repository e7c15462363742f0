"""`medcli schema`: the monograph JSON Schema, for editors."""

from __future__ import annotations

import typer

from medcli.cli.context import app_context


def schema(ctx: typer.Context) -> None:
    """Print the JSON Schema of a monograph file.

    Point your editor's YAML language server at it to check monographs as you type.

    Examples:

    \b
      medcli schema > monograph.schema.json
      # in a monograph file: # yaml-language-server: $schema=monograph.schema.json
    """
    from medcli.schema import monograph_schema

    app_context(ctx).terminal.write_json(monograph_schema())
