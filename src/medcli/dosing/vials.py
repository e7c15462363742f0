"""Choosing vials: the combination with the least waste, then the fewest vials.

The search is exact, not greedy: strengths are scaled to whole multiples of
their greatest common divisor and a dynamic programme finds, for every
reachable total, the fewest vials that make it; the first reachable total at
or above the dose is the least waste. No optimal total reaches dose + the
largest strength (a vial could then be left out), which bounds the table.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction

import msgspec

from medcli.dosing.records import VialCount
from medcli.errors import MedcliError
from medcli.model import Product

MAX_STATES = 200_000  # realistic products need a few hundred; this is a guard, not a limit
KEPT_STATES = 4_096  # tables this small are kept for the next dose (64 of them: 4 MB at most)


class VialChoice(msgspec.Struct, frozen=True):
    counts: tuple[int, ...]  # one count per product, in the order given
    total_mg: Decimal

    @property
    def vials(self) -> int:
        return sum(self.counts)


class _Table(msgspec.Struct, frozen=True):
    """For every reachable total (in units of the strengths' common divisor), the fewest vials."""

    strengths_mg: tuple[Decimal, ...]
    sizes: list[int]
    unit_mg: Fraction
    fewest: list[int]
    last_added: list[int]

    @property
    def states(self) -> int:
        return len(self.fewest)

    def reachable(self, total: int) -> bool:
        return self.fewest[total] < self.states

    def choice(self, total: int) -> VialChoice:
        counts = [0] * len(self.sizes)
        while total:
            index = self.last_added[total]
            counts[index] += 1
            total -= self.sizes[index]
        total_mg = sum(
            (s * count for s, count in zip(self.strengths_mg, counts, strict=True)), Decimal(0)
        )
        return VialChoice(tuple(counts), total_mg)


def _table(dose_mg: Decimal, strengths_mg: Sequence[Decimal]) -> tuple[_Table, int]:
    """The table up to dose + the largest strength, and the dose in units (rounded up)."""
    if not strengths_mg:
        raise ValueError("no strengths to choose from")
    strengths = tuple(strengths_mg)
    exponent, sizes, unit = _scaled(strengths)
    target = max(0, math.ceil(Fraction(dose_mg) * 10**exponent / unit))
    states = target + max(sizes)
    if states > MAX_STATES:
        raise MedcliError(
            "the products' strengths are too finely divided to choose vials exactly",
            hint="check the products' strength_mg values in the monograph",
        )
    fill = _filled_kept if states <= KEPT_STATES else _filled
    return fill(strengths, states), target


@functools.lru_cache(maxsize=64)
def _scaled(strengths_mg: tuple[Decimal, ...]) -> tuple[int, tuple[int, ...], int]:
    """(decimal exponent, strengths in units, the unit): whole multiples of their divisor."""
    exponent = max(0, *(-_exponent(strength) for strength in strengths_mg))
    scaled = [int(strength.scaleb(exponent)) for strength in strengths_mg]
    unit = math.gcd(*scaled)
    return exponent, tuple(value // unit for value in scaled), unit


def _filled(strengths_mg: tuple[Decimal, ...], states: int) -> _Table:
    """The fewest vials for every total below *states*: the same table for every dose that
    needs as many states, so a file of orders fills each once. Read-only once made."""
    exponent, sizes, unit = _scaled(strengths_mg)
    order = sorted(range(len(sizes)), key=lambda i: (-sizes[i], i))
    fewest = [0] + [states] * (states - 1)  # `states` vials is more than any real answer
    last_added = [-1] * states
    for total in range(1, states):
        for index in order:
            size = sizes[index]
            if size <= total and fewest[total - size] + 1 < fewest[total]:
                fewest[total] = fewest[total - size] + 1
                last_added[total] = index
    return _Table(strengths_mg, list(sizes), Fraction(unit, 10**exponent), fewest, last_added)


_filled_kept = functools.lru_cache(maxsize=64)(_filled)  # small tables only: memory stays flat


def choose_vials(dose_mg: Decimal, strengths_mg: Sequence[Decimal]) -> VialChoice:
    """Counts per strength covering *dose_mg* with the least waste, then the fewest vials.

    Ties between equally good combinations are broken the same way every time.
    """
    table, target = _table(dose_mg, strengths_mg)
    best = next(total for total in range(target, table.states) if table.reachable(total))
    return table.choice(best)


def whole_vials_around(
    dose_mg: Decimal, strengths_mg: Sequence[Decimal]
) -> tuple[VialChoice | None, VialChoice]:
    """The whole-vial doses nearest *dose_mg*: the largest at or below it (None: no vial is
    that small) and the smallest at or above it, each in the fewest vials."""
    table, target = _table(dose_mg, strengths_mg)
    above = choose_vials(dose_mg, strengths_mg)
    below = next(
        (
            table.choice(total)
            for total in range(min(target, table.states - 1), 0, -1)
            if table.reachable(total) and total * table.unit_mg <= Fraction(dose_mg)
        ),
        None,
    )
    return below, above


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    if not isinstance(exponent, int):
        raise ValueError(f"not a finite strength: {value}")
    return exponent


def vial_counts(products: Sequence[Product], counts: Sequence[int]) -> list[VialCount]:
    """The vials a choice uses (*counts* per product, in the products' order), none unused."""
    return [
        VialCount(
            strength_mg=product.strength_mg,
            volume_ml=product.volume_ml,
            count=count,
            total_mg=product.strength_mg * count,
            form=product.form,
        )
        for product, count in zip(products, counts, strict=True)
        if count
    ]
