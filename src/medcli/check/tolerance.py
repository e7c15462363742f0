"""How far an ordered dose may be from the computed one and still be `ok`.

A small per-class table, not a clinical fact of any drug: a pharmacy's policy
for how much rounding (to a vial, to a band) it accepts. The user's
`--tolerance` is a ceiling: the effective tolerance is the smaller of the
user's and the class's, so a class can only make a check stricter than asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from medcli.dosing.inputs import parse_number
from medcli.errors import UsageError

DEFAULT_PERCENT = Decimal(5)
MAX_PERCENT = Decimal(50)  # beyond it a "check" accepts almost any dose: refused


@dataclass(frozen=True)
class DrugClass:
    name: str
    percent: Decimal
    drugs: frozenset[str]  # monograph or regimen drug ids
    reason: str


CLASSES = (
    DrugClass(
        name="monoclonal antibodies",
        percent=Decimal(10),
        drugs=frozenset({"isatuximab"}),
        reason=(
            "rounding a monoclonal antibody to whole vials is common practice; issue 28 "
            "cites NHS England's dose-banding tables (about 10% for biologics), not checked "
            "here against the tables themselves"
        ),
    ),
)


@dataclass(frozen=True)
class Tolerance:
    """The tolerance in % and where it comes from, as the output states it."""

    percent: Decimal
    basis: str


def parse_tolerance(text: str | None) -> Decimal | None:
    """`--tolerance PCT` as typed: a plain number from 0 to 50 (%), or None when not set."""
    if text is None:
        return None
    value = parse_number(text, "--tolerance", "5 or 2.5 (%)")
    if value > MAX_PERCENT:
        raise UsageError(
            f"--tolerance {text.strip()} is out of range; accepted: 0 to {MAX_PERCENT} (%)"
        )
    return value


def tolerance_for(drug: str, user_percent: Decimal | None) -> Tolerance:
    """The effective tolerance for *drug*: min(user's, class's), else the class's, else 5%."""
    found = next((group for group in CLASSES if drug in group.drugs), None)
    if found is None:
        if user_percent is None:
            return Tolerance(DEFAULT_PERCENT, f"the {DEFAULT_PERCENT}% default")
        return Tolerance(user_percent, f"--tolerance {user_percent}")
    if user_percent is not None and user_percent <= found.percent:
        return Tolerance(user_percent, f"--tolerance {user_percent}")
    return Tolerance(found.percent, f"{found.name}: {found.percent}% ({found.reason})")
