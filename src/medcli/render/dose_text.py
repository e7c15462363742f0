"""Dose wording without Rich: shared by the terminal views and the `.ics` calendar.

The calendar is written without loading Rich, so the words a nurse reads in an
event and in the terminal's day list come from these same functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Protocol

from medcli.numbers import format_number

if TYPE_CHECKING:
    from medcli.dosing.records import DayPremedication


class DoseOption(Protocol):
    """What a premedication dose option shows: the monograph's and the dose plan's alike."""

    @property
    def amount(self) -> Decimal: ...
    @property
    def amount_max(self) -> Decimal | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def route(self) -> str | None: ...
    @property
    def age_min(self) -> int | None: ...
    @property
    def age_below(self) -> int | None: ...
    @property
    def note(self) -> str | None: ...


def dose_option_text(option: DoseOption, regimens: Sequence[str] = ()) -> str:
    """`20 mg orally or IV (with isa-pd; aged 75 or over); note`, numbers written the ISMP way."""
    amount = format_number(option.amount)
    if option.amount_max is not None:
        # ISMP: each number of a range carries its unit, "650 mg to 1,000 mg".
        amount += f" {option.unit} to {format_number(option.amount_max)}"
    conditions = [f"with {', '.join(regimens)}"] if regimens else []
    if option.age_min is not None:
        conditions.append(f"aged {option.age_min} or over")
    if option.age_below is not None:
        conditions.append(f"aged under {option.age_below}")
    text = f"{amount} {option.unit}"
    if option.route:
        text += f" {option.route}"
    if conditions:
        text += f" ({'; '.join(conditions)})"
    if option.note:
        text += f"; {option.note}"
    return text


NO_DOSE = {
    "age_needed": "depends on age, give --age",
    "no_dose_for_age": "the sources give no dose for this age",
    "no_dose_for_regimen": "the sources give no dose for this regimen",
    "no_dose": "the sources give no dose",
}


def day_premedication_text(premedication: DayPremedication) -> str:
    """One premedication before a day's infusion: name, dose, route, timing, how it is given.

    A premedication that is also a regimen drug says whether the day's own dose
    is it (one dose, not two) or that the source leaves its day unsaid.
    """
    doses = "; ".join(dose_option_text(option) for option in premedication.doses)
    if premedication.status in NO_DOSE:
        doses = NO_DOSE[premedication.status] + (f": {doses}" if doses else "")
    parts = [doses, premedication.route, premedication.timing]
    text = f"{premedication.name}: " + "; ".join(part for part in parts if part) + "."
    if premedication.given == "regimen_dose":
        return text + " It is the regimen's own dose of this day, listed below: one dose, not two."
    if premedication.given == "day_not_given":
        return text + (
            " Needed before this infusion, but the source gives this cycle's "
            f'{premedication.name.lower()} only as "{premedication.when}" and does not say '
            "whether that dose falls on this day: confirm with the prescriber."
        )
    if premedication.given == "not_on_day":
        return (
            text + " The regimen gives no dose of it on this day: this is the premedication dose."
        )
    return text + (f" {premedication.note}" if premedication.note else "")
