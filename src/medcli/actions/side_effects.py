"""`side-effects`: side effects by frequency, of some drugs or of every drug with a match."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from medcli.errors import UsageError
from medcli.library.merged import Library
from medcli.side_effects import (
    DrugSideEffects,
    SideEffectFilter,
    parse_frequencies,
    select_side_effects,
)


@dataclass(frozen=True)
class SideEffectsRequest:
    drugs: tuple[str, ...] = ()  # none: the library's default drug
    all_drugs: bool = False
    serious: bool = False
    common: bool = False
    frequencies: tuple[str, ...] = ()  # tier names as typed
    regimen: str | None = None


@dataclass(frozen=True)
class SideEffectsFound:
    """What each drug's filtered side effects are; `drugs` of every drug is a stream.

    With `all_drugs` the drugs come from the library's side-effect rows as they
    are read, one drug in memory at a time: iterate once, and render as it comes.
    """

    drugs: Iterable[DrugSideEffects]
    chosen: SideEffectFilter
    several: bool  # several drugs: grouped by drug, those without a match left out
    streamed: bool


def side_effects(library: Library, request: SideEffectsRequest) -> SideEffectsFound:
    chosen = SideEffectFilter(
        request.serious,
        request.common,
        parse_frequencies(request.frequencies),
        request.regimen.strip().lower() if request.regimen else None,
    )
    if request.all_drugs:
        if request.drugs:
            raise UsageError("give drug names or all drugs, not both")
        return SideEffectsFound(library.all_side_effects(chosen), chosen, True, True)
    names = request.drugs or (library.environment.default_drug,)
    one = len(request.drugs) <= 1
    # Several drugs: a regimen of one is no error for the others.
    found = [select_side_effects(library.find(name), chosen, check_regimen=one) for name in names]
    if not one:
        found = [result for result in found if result.count]
    return SideEffectsFound(found, chosen, not one, False)
