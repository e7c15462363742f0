"""Premedication doses resolved for one regimen and, when given, the patient's age.

Only the monograph's own dose options are used: when none applies, the plan
says the sources give no dose rather than inventing one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from medcli.dosing.records import PremedOption, PremedPlan, PremedStatus
from medcli.model import Premedication, PremedicationDose


def resolve_premedication(
    premedication: Premedication, regimen_id: str, age: Decimal | None
) -> PremedPlan:
    for_regimen = [
        option
        for option in premedication.doses
        if not option.regimens or regimen_id in option.regimens
    ]
    status: PremedStatus
    chosen = for_regimen
    if not premedication.doses:
        status = "no_dose"
    elif not for_regimen:
        status = "no_dose_for_regimen"
    elif age is None:
        status = "age_needed" if any(_age_bound(o) for o in for_regimen) else _one_or_more(chosen)
    else:
        chosen = [option for option in for_regimen if applies_at(option, age)]
        status = _one_or_more(chosen) if chosen else "no_dose_for_age"
    return PremedPlan(
        name=premedication.name,
        status=status,
        doses=[_option(option) for option in chosen],
        route=premedication.route,
        timing=premedication.timing,
        note=premedication.note,
        source=premedication.source,
    )


def _one_or_more(options: list[PremedicationDose]) -> PremedStatus:
    return "resolved" if len(options) == 1 else "options"


def _age_bound(option: PremedicationDose) -> bool:
    return option.age_min is not None or option.age_below is not None


class AgeBand(Protocol):
    """Anything with the ages a dose is for: a premedication's or a regimen drug's dose."""

    @property
    def age_min(self) -> int | None: ...
    @property
    def age_below(self) -> int | None: ...


def applies_at(option: AgeBand, age: Decimal) -> bool:
    """Whether a dose for ages `age_min` (inclusive) to `age_below` (exclusive) is for *age*."""
    if option.age_min is not None and age < option.age_min:
        return False
    return option.age_below is None or age < option.age_below


def _option(option: PremedicationDose) -> PremedOption:
    return PremedOption(
        amount=option.amount,
        amount_max=option.amount_max,
        unit=option.unit,
        route=option.route,
        age_min=option.age_min,
        age_below=option.age_below,
        note=option.note,
        source=option.source,
    )
