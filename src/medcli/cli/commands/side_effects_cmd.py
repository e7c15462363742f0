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
    from medcli.side_effects import SideEffectFilter, parse_frequencies, select_side_effects

    chosen = SideEffectFilter(
        serious,
        common,
        parse_frequencies(frequency or ()),
        regimen.strip().lower() if regimen else None,
    )
    app = app_context(ctx)
    library = app.library
    if all_drugs:
        if drugs:
            raise typer.BadParameter("give drug names or --all-drugs, not both")
        results: Iterable[DrugSideEffects] = library.all_side_effects(chosen)
    else:
        found = (library.find(name) for name in (drugs or [app.environment.default_drug]))
        one = len(drugs or ()) <= 1
        results = [select_side_effects(monograph, chosen, check_regimen=one) for monograph in found]
        if not one:
            results = [result for result in results if result.count]
    several = all_drugs or len(drugs or ()) > 1
    if all_drugs:
        _stream(app.terminal, results, chosen, as_json)
        return
    listed = list(results)
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.side_effects import side_effects_document

        app.terminal.write_json(to_json(side_effects_document(listed, chosen)))
        return
    from medcli.library.answer_sources import names_sources
    from medcli.library.view_cache import ViewCache, view_identity
    from medcli.render.side_effects import side_effects_view

    request = (
        f"side-effects:{chosen.serious}:{chosen.common}:{sorted(chosen.frequencies)}:"
        f"{chosen.regimen}:{several}"
    )
    app.terminal.show_kept(
        view_identity(listed, request),
        lambda: side_effects_view(listed, chosen, several),
        ViewCache(app.environment.cache_dir),
    )
    if app.recorder is not None:
        names = drugs or [app.environment.default_drug]
        app.keep_answer(names_sources(library.folders, names))


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
