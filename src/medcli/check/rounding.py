"""Rounding a pharmacy accepts beside the tolerance: whole vials within a %, the user's bands.

An order that is not the computed dose may be a rounding the pharmacy's policy
allows: the whole-vial dose next to it (`--round-to-vial PCT`, as `dose`
offers it) or the banded dose of the user's table (`--bands FILE`). Such an
order is `rounded` or `banded`, not a deviation to flag; anything else is
judged by the tolerance. Only exact equality counts: 801 mg is not the 800 mg
of two vials.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Literal

from medcli.dosing.bands import BandTable
from medcli.dosing.plan import ARITHMETIC
from medcli.dosing.records import Band, VialRounding
from medcli.dosing.vial_rounding import parse_round_to_vial, round_to_vial
from medcli.library.band_file import read_bands
from medcli.model import Monograph
from medcli.numbers import format_number


@dataclass(frozen=True)
class Rounding:
    """The rounding rules of a run: none unless the user gives them."""

    vial_percent: Decimal | None = None
    bands: BandTable | None = None


NO_ROUNDING = Rounding()


def rounding_rules(round_to_vial: str | None, bands: Path | None) -> Rounding:
    """The rules as typed: `--round-to-vial PCT` checked, `--bands FILE` read (exit 2 if bad)."""
    return Rounding(
        vial_percent=parse_round_to_vial(round_to_vial),
        bands=None if bands is None else read_bands(bands),
    )


@dataclass(frozen=True)
class Rounded:
    """What the rules find for one order: the verdict they give (or None) and notes."""

    verdict: Literal["rounded", "banded"] | None  # None: the tolerance decides
    reason: str | None
    vial_rounding: VialRounding | None
    band: Band | None
    notes: list[str]


def apply_rounding(
    rules: Rounding,
    monograph: Monograph,
    drug: tuple[str, str],
    computed_mg: Decimal,
    ordered_mg: Decimal,
) -> Rounded:
    """Whether *ordered_mg* is the whole-vial or banded dose for *computed_mg* of *drug*."""
    drug_id, name = drug
    notes: list[str] = []
    vials = None
    if rules.vial_percent is not None:
        if drug_id == monograph.id and monograph.products:
            vials = round_to_vial(monograph, computed_mg, rules.vial_percent)
        else:
            notes.append(f"--round-to-vial: the sources list no vials of {name}; "
                         "checked by the tolerance alone")  # fmt: skip
    band = None
    if rules.bands is not None:
        band = rules.bands.band_for((drug_id, name), computed_mg)
        if band is None:
            notes.append(_no_band(rules.bands, drug_id, name, computed_mg))
    with localcontext(ARITHMETIC):
        percent = (ordered_mg - computed_mg) / computed_mg * 100
    shown = format_number(percent, 2)
    if ordered_mg != computed_mg:
        if band is not None and ordered_mg == band.banded_mg:
            reason = (f"band {format_number(band.from_mg)} to {format_number(band.to_mg)} mg → "
                      f"{format_number(band.banded_mg)} mg ({band.source}), {shown}%")  # fmt: skip
            return Rounded("banded", reason, vials, band, notes)
        if vials is not None and _is_next_vials(vials, ordered_mg, percent):
            reason = (f"whole vials next to the computed dose, {shown}% within --round-to-vial "
                      f"{format_number(vials.tolerance_pct)}%")  # fmt: skip
            return Rounded("rounded", reason, vials, band, notes)
    return Rounded(None, None, vials, band, notes)


def _is_next_vials(vials: VialRounding, ordered_mg: Decimal, percent: Decimal) -> bool:
    """The order is a whole-vial dose next to the computed one, within the user's %."""
    return ordered_mg in (vials.below_mg, vials.above_mg) and abs(percent) <= vials.tolerance_pct


def _no_band(bands: BandTable, drug_id: str, name: str, computed_mg: Decimal) -> str:
    if not bands.has((drug_id, name)):
        return f"--bands: {bands.name} has no bands of {name}; checked by the tolerance alone"
    return (
        f"--bands: no band of {name} in {bands.name} covers {format_number(computed_mg, 2)} mg; "
        "checked by the tolerance alone"
    )
