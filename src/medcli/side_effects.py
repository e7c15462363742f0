"""Choosing and grouping side effects (`medcli side-effects`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from medcli.errors import UsageError
from medcli.model import FREQUENCIES, Frequency, Monograph, SideEffect

COMMON_TIERS: frozenset[Frequency] = frozenset({"very_common", "common"})


@dataclass(frozen=True)
class SideEffectFilter:
    """All conditions must hold (AND); an empty filter keeps everything."""

    serious: bool = False
    common: bool = False
    frequencies: frozenset[Frequency] = field(default_factory=frozenset)

    def keeps(self, effect: SideEffect) -> bool:
        return (
            (not self.serious or effect.serious)
            and (not self.common or effect.frequency in COMMON_TIERS)
            and (not self.frequencies or effect.frequency in self.frequencies)
        )

    def describe(self) -> str:
        """The filter in words, e.g. `serious, very_common or common`."""
        parts = []
        if self.serious:
            parts.append("serious")
        if self.common:
            parts.append("common (very_common or common)")
        if self.frequencies:
            chosen = [tier for tier in FREQUENCIES if tier in self.frequencies]
            parts.append("frequency " + " or ".join(chosen))
        return " and ".join(parts) if parts else "none (all side effects)"


@dataclass(frozen=True)
class TierGroup:
    frequency: Frequency
    effects: tuple[SideEffect, ...]


@dataclass(frozen=True)
class DrugSideEffects:
    monograph: Monograph
    groups: tuple[TierGroup, ...]

    @property
    def count(self) -> int:
        return sum(len(group.effects) for group in self.groups)


def parse_frequencies(names: Iterable[str]) -> frozenset[Frequency]:
    """Frequency tier names as typed (`very-common` or `very_common`); exit 2 on others."""
    chosen: set[Frequency] = set()
    for name in names:
        key = name.strip().lower().replace("-", "_").replace(" ", "_")
        tier = next((tier for tier in FREQUENCIES if tier == key), None)
        if tier is None:
            raise UsageError(f"unknown frequency {name!r}; accepted: {', '.join(FREQUENCIES)}")
        chosen.add(tier)
    return frozenset(chosen)


def select_side_effects(monograph: Monograph, chosen: SideEffectFilter) -> DrugSideEffects:
    """The side effects *chosen* keeps, grouped by tier from very common to unknown."""
    groups = []
    for tier in FREQUENCIES:
        kept = tuple(e for e in monograph.side_effects if e.frequency == tier and chosen.keeps(e))
        if kept:
            groups.append(TierGroup(tier, kept))
    return DrugSideEffects(monograph, tuple(groups))
