"""`medcli changes`: the labels whose new version changed what a prescriber acts on."""

from __future__ import annotations

from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption
from medcli.cli.context import app_context


def changes(
    ctx: typer.Context,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar="DATE",
            help="Labels whose new version was imported on or after DATE (YYYY-MM-DD or"
            " YYYYMMDD) [default: the day of the last import].",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """List the FDA labels whose new version changed a key section.

    The sections watched are the boxed warning, contraindications, dosage and
    warnings. Each label's newest version is compared with the version it replaced (the
    newest imported before DATE), as medcli diff compares them; the changed
    sections are named with the lines added and removed. Without --since, the
    digest covers the last day labels were imported (by medcli update or
    medcli import).

    Examples:

    \b
      medcli changes
      medcli changes --since 2026-11-01
      medcli changes --json
    """
    from medcli.library.changes import changes_since

    app = app_context(ctx)
    digest = changes_since(app.library, since)
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(digest))
        return
    from medcli.render.changes import changes_view

    app.terminal.show(changes_view(digest))
