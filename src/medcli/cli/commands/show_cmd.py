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

    from medcli.library.merged import Located


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
    from medcli.errors import NotFoundError
    from medcli.sections import missing_sections, subset, wanted_sections

    app = app_context(ctx)
    located: Located | None = None
    if label_version is None:
        located = app.library.find_located(drug)
        monograph = located.monograph
    else:
        from medcli.library.versions import find_version

        monograph = find_version(app.library, drug, label_version)
    sections = wanted_sections(section or ())
    missing = missing_sections(monograph, section or ())
    if missing is not None and missing.none_found:
        raise NotFoundError(
            missing.message, hint=f"the whole monograph: medcli show {monograph.id}"
        )
    if missing is not None:
        app.terminal.warn(missing.message)
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(subset(monograph, sections) if section else monograph))
        return
    from medcli.library.view_cache import ViewCache, view_identity

    views = ViewCache(app.environment.cache_dir)
    if monograph.label is not None:
        labelled = list(section or ())
        identity = view_identity(monograph, "label:" + ",".join(s.value for s in labelled))

        def build() -> list[RenderableType]:
            from medcli.render.label import label_view

            return label_view(monograph, labelled)
    else:
        from medcli.drug_facts import for_jurisdiction

        file = located.file if located is not None else None
        regional = for_jurisdiction(monograph, jurisdiction.value)
        request = (
            f"monograph:{jurisdiction.value}:{','.join(s.value for s in sections)}:{file or ''}"
        )
        identity = view_identity(regional, request)

        def build() -> list[RenderableType]:
            from medcli.render.located import file_line
            from medcli.render.monograph import monograph_view

            return monograph_view(regional, sections, file_line(located) if located else [])

    app.terminal.show_kept(identity, build, views)
    if label_version is None and app.recorder is not None:
        from medcli.library.answer_sources import name_sources

        app.keep_answer(name_sources(app.library.folders, drug))
