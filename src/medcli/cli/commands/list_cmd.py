"""`medcli list`: every monograph in the library and where it comes from."""

from __future__ import annotations

import sys
from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from medcli.cli.commands.options import JsonOption, complete_drug_names
from medcli.cli.context import AppContext, app_context

if TYPE_CHECKING:
    from medcli.library.versions import LabelVersions

LARGEST = sys.maxsize  # what a list can be sliced at: a larger --offset is a usage error


class OriginChoice(str, Enum):
    """`medcli.choices.ORIGINS`, as a class Typer reads (a test holds them together)."""

    bundled = "bundled"
    user = "user"
    folder = "folder"
    fda_label = "fda-label"  # a kind rather than a place: imported FDA labels, from anywhere


def list_monographs(
    ctx: typer.Context,
    origin: Annotated[
        OriginChoice | None,
        typer.Option(
            "--origin",
            help="Only monographs from here (bundled, user, an extra folder), or only"
            " imported FDA labels (fda-label).",
            show_default=False,
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", help="At most this many.", min=1, max=LARGEST, show_default=False
        ),
    ] = None,
    versions: Annotated[
        str | None,
        typer.Option(
            "--versions",
            metavar="DRUG",
            help="List the versions kept of this imported label, with their effective dates.",
            show_default=False,
            autocompletion=complete_drug_names,
        ),
    ] = None,
    offset: Annotated[
        int,
        typer.Option(
            "--offset",
            help="Skip this many first (with --limit, a page: --offset 40 --limit 20 is the"
            " third page of 20).",
            min=0,
            max=LARGEST,
        ),
    ] = 0,
    as_json: JsonOption = False,
) -> None:
    """List the monographs in the library.

    Shows each monograph's id, name, class, aliases, origin (bundled, user or an
    extra folder) and whether it has a computable dose regimen, and for an
    imported FDA label its version and effective date: files first, in library
    order, then imported labels by id. Rows are written as they are read, so a
    page of a library of 250,000 labels comes at once.

    Examples:

    \b
      medcli list
      medcli list --origin user --limit 20
      medcli list --origin fda-label
      medcli list --offset 20 --limit 20
      medcli list --json
      medcli list --versions keytruda
    """
    app = app_context(ctx)
    if versions is not None:
        from medcli.library.versions import versions_of

        _show_versions(app, versions_of(app.library, versions), as_json)
        return
    from medcli.actions.listing import ListRequest, list_monographs

    request = ListRequest(origin.value if origin else None, offset, limit)
    items = list_monographs(app.library, request)
    if as_json:
        from medcli.render.listing import listing_json_stream

        app.terminal.write_json_pieces(listing_json_stream(items))
        return
    from medcli.render.listing import listing_blocks

    app.terminal.stream(listing_blocks(items, offset, limit))


def _show_versions(app: AppContext, versions: LabelVersions, as_json: bool) -> None:
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.listing import versions_document

        app.terminal.write_json(to_json(versions_document(versions)))
        return
    from medcli.render.listing import versions_view

    app.terminal.show(versions_view(versions))
