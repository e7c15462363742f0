"""`medcli side-effects`: what to watch for, grouped by frequency and filterable."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated

import typer

from medcli.cli.commands.options import JsonOption, complete_drug_names, regimen_option
from medcli.cli.context import app_context

if TYPE_CHECKING:
    from medcli.render.terminal import Terminal
    from medcli.side_effects import DrugSideEffects, SideEffectFilter


def side_effects(
    ctx: typer.Context,
    drugs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[DRUG]...",
            help="Drugs to list [default: $MEDCLI_DRUG, else isatuximab].",
            show_default=False,
            autocompletion=complete_drug_names,
        ),
    ] = None,
    serious: Annotated[bool, typer.Option("--serious", help="Only serious side effects.")] = False,
    common: Annotated[
        bool, typer.Option("--common", help="Only very common and common side effects.")
    ] = False,
    frequency: Annotated[
        list[str] | None,
        typer.Option(
            "--frequency",
            "-f",
            help="Only this tier (repeatable): very_common, common, uncommon, rare, unknown.",
            show_default=False,
        ),
    ] = None,
    regimen: Annotated[
        str | None,
        regimen_option(
            "This regimen's trial: its rates and tiers only; serious effects without a rate "
            "from it are kept and marked."
        ),
    ] = None,
    all_drugs: Annotated[
        bool, typer.Option("--all-drugs", help="Every drug in the library, grouped by drug.")
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """List side effects by frequency, serious ones marked.

    Each effect shows its rates per trial arm and grade, with their sources.
    Filters combine: --serious --common keeps effects that are both. With
    --all-drugs (or several drugs) only drugs with a match are shown.

    Examples:

    \b
      medcli side-effects --serious
      medcli side-effects isatuximab --common
      medcli side-effects --regimen isa-kd --serious
      medcli side-effects --frequency unknown --json
      medcli side-effects --all-drugs --serious
    """
    from medcli.actions.side_effects import SideEffectsRequest
    from medcli.actions.side_effects import side_effects as select_effects

    request = SideEffectsRequest(
        tuple(drugs or ()), all_drugs, serious, common, tuple(frequency or ()), regimen
    )
    app = app_context(ctx)
    if all_drugs and drugs:
        raise typer.BadParameter("give drug names or --all-drugs, not both")
    found = select_effects(app.library, request)
    if found.streamed:
        _stream(app.terminal, found.drugs, found.chosen, as_json)
        return
    listed = list(found.drugs)
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.side_effects import side_effects_document

        app.terminal.write_json(to_json(side_effects_document(listed, found.chosen)))
        return
    from medcli.library.answer_sources import names_sources
    from medcli.library.view_cache import ViewCache, view_identity
    from medcli.render.side_effects import side_effects_view

    chosen = found.chosen
    view_request = (
        f"side-effects:{chosen.serious}:{chosen.common}:{sorted(chosen.frequencies)}:"
        f"{chosen.regimen}:{found.several}"
    )
    app.terminal.show_kept(
        view_identity(listed, view_request),
        lambda: side_effects_view(listed, chosen, found.several),
        ViewCache(app.environment.cache_dir),
    )
    if app.recorder is not None:
        names = drugs or [app.environment.default_drug]
        app.keep_answer(names_sources(app.library.folders, names))


def _stream(
    terminal: Terminal, results: Iterable[DrugSideEffects], chosen: SideEffectFilter, json: bool
) -> None:
    """Every drug's block written as it is read: at 100,000 labels the first line comes at
    once and memory holds one drug (a terminal that pages still gets the whole view)."""
    if json:
        from medcli.render.side_effects import side_effects_json_stream

        terminal.write_json_pieces(side_effects_json_stream(results, chosen))
        return
    from medcli.render.side_effects import side_effects_blocks

    terminal.stream(side_effects_blocks(results, chosen))
