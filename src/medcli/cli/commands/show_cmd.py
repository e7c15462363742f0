"""`medcli show`: one monograph, whole or by section."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from medcli.cli.commands.options import (
    DrugArgument,
    JsonOption,
    JurisdictionChoice,
    JurisdictionOption,
)
from medcli.cli.context import app_context
from medcli.sections import Section

if TYPE_CHECKING:
    from rich.console import RenderableType


def show(
    ctx: typer.Context,
    drug: DrugArgument,
    section: Annotated[
        list[Section] | None,
        typer.Option("--section", "-s", help="Show only this section (repeatable)."),
    ] = None,
    label_version: Annotated[
        str | None,
        typer.Option(
            "--label-version",
            metavar="V",
            help="An older version of an imported label: its number, or a date "
            "(YYYY-MM-DD or YYYYMMDD) for the version in effect that day.",
            show_default=False,
        ),
    ] = None,
    jurisdiction: JurisdictionOption = JurisdictionChoice.us,
    as_json: JsonOption = False,
) -> None:
    """Show a drug's monograph.

    The header says where the monograph comes from and how old it is; every view
    ends with the disclaimer and sources. DRUG may be an id, a name, a brand
    name or a unique prefix. An imported FDA label shows its own sections
    (boxed warning first); -s takes their names too (warnings, adverse-reactions).
    The text view holds the US label's rules; --jurisdiction eu adds the EU's,
    marked. --json is the whole monograph, every fact with its source.

    Examples:

    \b
      medcli show isatuximab
      medcli show Sarclisa -s dosage -s premedications
      medcli show isatuximab --json > isatuximab.json
      medcli show humira -s boxed-warning
      medcli show sarclisa --label-version 3
      medcli show isatuximab -s dosage --jurisdiction eu
    """
    from medcli.actions.show import ShowRequest
    from medcli.actions.show import show as find_shown

    app = app_context(ctx)
    request = ShowRequest(
        drug, tuple(s.value for s in section or ()), label_version, jurisdiction.value
    )
    shown = find_shown(app.library, request)
    for warning in shown.warnings:
        app.terminal.warn(warning)
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(shown.document))
        return
    from medcli.library.view_cache import ViewCache, view_identity

    views = ViewCache(app.environment.cache_dir)
    monograph = shown.monograph
    if monograph.label is not None:
        labelled = list(shown.requested)
        identity = view_identity(monograph, "label:" + ",".join(s.value for s in labelled))

        def build() -> list[RenderableType]:
            from medcli.render.label import label_view

            return label_view(monograph, labelled)
    else:
        located = shown.located
        file = located.file if located is not None else None
        sections = list(shown.sections)
        regional = shown.regional
        request_key = (
            f"monograph:{jurisdiction.value}:{','.join(s.value for s in sections)}:{file or ''}"
        )
        identity = view_identity(regional, request_key)

        def build() -> list[RenderableType]:
            from medcli.render.located import file_line
            from medcli.render.monograph import monograph_view

            return monograph_view(regional, sections, file_line(located) if located else [])

    app.terminal.show_kept(identity, build, views)
    if label_version is None and app.recorder is not None:
        from medcli.library.answer_sources import name_sources

        app.keep_answer(name_sources(app.library.folders, drug))
