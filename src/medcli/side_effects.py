"""Choosing and grouping side effects (`medcli side-effects`)."""

from __future__ import annotations

from collections.abc import Iterable

import msgspec

from medcli.errors import UsageError
from medcli.model import FREQUENCIES, Frequency, Monograph, Rate, SideEffect, derived_frequency

COMMON_TIERS: frozenset[Frequency] = frozenset({"very_common", "common"})


class SideEffectFilter(msgspec.Struct, frozen=True):
    """All conditions must hold (AND); an empty filter keeps everything."""

    serious: bool = False
    common: bool = False
    frequencies: frozenset[Frequency] = msgspec.field(default_factory=frozenset)
    regimen: str | None = None  # rates and tiers from this regimen's trial only

    def keeps(self, effect: SideEffect) -> bool:
        """Whether *effect* (already seen through `for_regimen` when a regimen is set) passes."""
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
        if self.regimen:
            parts.append(
                f"regimen {self.regimen} (its trial's rates and tiers; serious effects "
                "without one are kept)"
            )
        return " and ".join(parts) if parts else "none (all side effects)"


class TierGroup(msgspec.Struct, frozen=True):
    frequency: Frequency
    effects: tuple[SideEffect, ...]


class ArmRates(msgspec.Struct, frozen=True):
    """The rates of one arm of one trial, in the order the monograph gives them."""

    trial: str
    arm: str
    comparator: bool
    denominator: int | None
    rates: tuple[Rate, ...]
    cited: tuple[str, ...]  # `source section` of each rate, deduplicated: "label-v7 6.1, Table 3"


class DrugSideEffects(msgspec.Struct, frozen=True):
    monograph: Monograph
    groups: tuple[TierGroup, ...]
    trial_rates: tuple[ArmRates, ...] = ()  # any serious, fatal... reaction, per trial arm
    regimen: str | None = None  # the --regimen the effects were seen through

    @property
    def count(self) -> int:
        return sum(len(group.effects) for group in self.groups)

    def lacks_regimen_rate(self, effect: SideEffect) -> bool:
        """Whether *effect* is kept under `--regimen` with no rate from that regimen's trial.

        Its rates were narrowed to the regimen's by `for_regimen`, so none left means
        none reported: the effect is a label warning or serious reaction kept for
        safety, its tier `unknown` for this regimen.
        """
        return self.regimen is not None and not effect.rates


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
    regimen = chosen.regimen if _has_regimen(monograph, chosen.regimen) else None
    for effect in monograph.side_effects:  # one pass: `--all-drugs` runs this for every drug
        seen = effect if chosen.regimen is None else for_regimen(effect, regimen)
        if seen is not None and chosen.keeps(seen):
            by_tier.setdefault(seen.frequency, []).append(seen)
    groups = [TierGroup(tier, tuple(by_tier[tier])) for tier in FREQUENCIES if tier in by_tier]
    trial = [
        rate
        for rate in monograph.adverse_reaction_rates
        if chosen.regimen is None or rate.regimen == chosen.regimen
    ]
    return DrugSideEffects(monograph, tuple(groups), arm_rates(trial), chosen.regimen)


def _has_regimen(monograph: Monograph, regimen: str | None) -> bool:
    """Whether *regimen* is the drug's: one of its regimens, or named by one of its rates.

    A side-effect view from the library index carries the rates but not the regimens.
    """
    return regimen is not None and (
        any(item.id == regimen for item in monograph.regimens)
        or any(
            rate.regimen == regimen for effect in monograph.side_effects for rate in effect.rates
        )
    )


def for_regimen(effect: SideEffect, regimen: str | None) -> SideEffect | None:
    """*effect* as the regimen's trial reports it, or None when it is not the regimen's.

    Only the regimen's rates are kept, and the tier is derived from them, never
    from another trial's (CIOMS bands, `derived_frequency`); an effect the trial
    gives no incidence for is `unknown` for it. A serious effect (the label's
    warnings and precautions, its serious reactions) is kept even without a rate
    from that trial, so a filter never hides a warning; other effects without
    one belong to other regimens and are left out. *regimen* None: not a regimen
    of this drug, nothing is kept.
    """
    rates = [rate for rate in effect.rates if regimen is not None and rate.regimen == regimen]
    if regimen is None or (not rates and not effect.serious):
        return None
    narrowed = msgspec.structs.replace(effect, rates=rates)
    tier = derived_frequency(narrowed)
    return msgspec.structs.replace(narrowed, frequency=tier or "unknown")


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
    """The frequency tiers *chosen* can keep; None when it keeps any tier.

    With a regimen the tiers are the regimen's own, not the stored (all-trial)
    ones, so no stored tier can be ruled out beforehand.
    """
    if (not chosen.common and not chosen.frequencies) or chosen.regimen is not None:
        return None
    tiers = frozenset(FREQUENCIES)
    if chosen.common:
        tiers &= COMMON_TIERS
    if chosen.frequencies:
        tiers &= chosen.frequencies
    return tiers
