"""Choosing and grouping side effects (`medcli side-effects`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import msgspec

from medcli.errors import UsageError
from medcli.model import FREQUENCIES, Frequency, Monograph, Rate, SideEffect

COMMON_TIERS: frozenset[Frequency] = frozenset({"very_common", "common"})


@dataclass(frozen=True)
class SideEffectFilter:
    """All conditions must hold (AND); an empty filter keeps everything."""

    serious: bool = False
    common: bool = False
    frequencies: frozenset[Frequency] = field(default_factory=frozenset)
    regimen: str | None = None  # only effects with a rate from this regimen's trial

    def keeps(self, effect: SideEffect) -> bool:
        return (
            (not self.serious or effect.serious)
            and (not self.common or effect.frequency in COMMON_TIERS)
            and (not self.frequencies or effect.frequency in self.frequencies)
            and (self.regimen is None or any(r.regimen == self.regimen for r in effect.rates))
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
        if self.regimen:
            parts.append(f"regimen {self.regimen} (rates from its trial only)")
        return " and ".join(parts) if parts else "none (all side effects)"


@dataclass(frozen=True)
class TierGroup:
    frequency: Frequency
    effects: tuple[SideEffect, ...]


@dataclass(frozen=True)
class ArmRates:
    """The rates of one arm of one trial, in the order the monograph gives them."""

    trial: str
    arm: str
    comparator: bool
    denominator: int | None
    rates: tuple[Rate, ...]
    cited: tuple[str, ...]  # `source section` of each rate, deduplicated: "label-v7 6.1, Table 3"


@dataclass(frozen=True)
class DrugSideEffects:
    monograph: Monograph
    groups: tuple[TierGroup, ...]
    trial_rates: tuple[ArmRates, ...] = ()  # any serious, fatal... reaction, per trial arm

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


def select_side_effects(
    monograph: Monograph, chosen: SideEffectFilter, *, check_regimen: bool = True
) -> DrugSideEffects:
    """The side effects *chosen* keeps, grouped by tier from very common to unknown.

    With a regimen, each kept effect carries only the rates of that regimen's
    trial (its comparator arm included), so the numbers shown are that trial's.
    An unknown regimen is a usage error when *check_regimen* (one drug asked for).
    """
    if chosen.regimen is not None and check_regimen:
        ids = [regimen.id for regimen in monograph.regimens]
        if chosen.regimen not in ids:
            raise UsageError(
                f"--regimen {chosen.regimen!r} is not a regimen of {monograph.name}; "
                f"accepted: {', '.join(ids) or 'none'}"
            )
    by_tier: dict[Frequency, list[SideEffect]] = {}
    for effect in monograph.side_effects:  # one pass: `--all-drugs` runs this for every drug
        if chosen.keeps(effect):
            by_tier.setdefault(effect.frequency, []).append(_for_regimen(effect, chosen.regimen))
    groups = [TierGroup(tier, tuple(by_tier[tier])) for tier in FREQUENCIES if tier in by_tier]
    trial = [
        rate
        for rate in monograph.adverse_reaction_rates
        if chosen.regimen is None or rate.regimen == chosen.regimen
    ]
    return DrugSideEffects(monograph, tuple(groups), arm_rates(trial))


def _for_regimen(effect: SideEffect, regimen: str | None) -> SideEffect:
    if regimen is None:
        return effect
    return msgspec.structs.replace(
        effect, rates=[rate for rate in effect.rates if rate.regimen == regimen]
    )


def arm_rates(rates: Iterable[Rate]) -> tuple[ArmRates, ...]:
    """*rates* grouped by trial and arm, in order of first appearance."""
    grouped: dict[tuple[str, str], list[Rate]] = {}
    for rate in rates:
        grouped.setdefault((rate.trial, rate.arm), []).append(rate)
    return tuple(
        ArmRates(
            trial=trial,
            arm=arm,
            comparator=any(rate.comparator for rate in arm_list),
            denominator=next((r.denominator for r in arm_list if r.denominator), None),
            rates=tuple(arm_list),
            cited=tuple(
                dict.fromkeys(
                    " ".join(part for part in (rate.source, rate.section) if part)
                    for rate in arm_list
                    if rate.source or rate.section
                )
            ),
        )
        for (trial, arm), arm_list in grouped.items()
    )


def tiers_kept(chosen: SideEffectFilter) -> frozenset[Frequency] | None:
    """The frequency tiers *chosen* can keep; None when it keeps any tier."""
    if not chosen.common and not chosen.frequencies:
        return None
    tiers = frozenset(FREQUENCIES)
    if chosen.common:
        tiers &= COMMON_TIERS
    if chosen.frequencies:
        tiers &= chosen.frequencies
    return tiers
