"""`medcli remove`: take an imported label out of the library."""

from __future__ import annotations

from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption, complete_drug_names
from medcli.cli.context import app_context


def remove(
    ctx: typer.Context,
    drug: Annotated[
        str,
        typer.Argument(
            metavar="DRUG|SET_ID",
            help="The imported label: its id, name, brand name, unique prefix or set id.",
            show_default=False,
            autocompletion=complete_drug_names,
        ),
    ],
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Say what would be removed; remove nothing.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Remove an imported FDA label from the library.

    Every version kept of it goes, with its names, searchable text and side
    effects, in one step; nothing is asked. Bundled and hand-written monographs
    are files: delete those yourself (the error says where the file is).

    Examples:

    \b
      medcli remove zentaro --dry-run
      medcli remove zentaro
      medcli remove 0f0e0d0c-1111-2222-3333-444455556666 --json
    """
    from medcli.library.removal import remove_label

    app = app_context(ctx)
    removal = remove_label(app.library, drug, dry_run=dry_run)
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.removal import removal_document

        app.terminal.write_json(to_json(removal_document(removal)))
        return
    from medcli.render.removal import removal_view

    app.terminal.show(removal_view(removal))
