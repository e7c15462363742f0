"""`medcli list`: every monograph in the library and where it comes from."""

from __future__ import annotations

import typer

from medcli.commands.options import JsonOption
from medcli.context import app_context


def list_monographs(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """List the monographs in the library.

    Shows each monograph's id, name, class, aliases, origin (bundled, user or an
    extra folder) and whether it has a computable dose regimen.

    Examples:

    \b
      medcli list
      medcli list --json
    """
    app = app_context(ctx)
    items = list(app.library.catalog())
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.listing import listing_document

        app.terminal.write_json(to_json(listing_document(items)))
        return
    from medcli.render.listing import listing_view

    app.terminal.show(listing_view(items))
