"""Every premedication on every infusion day: the nurse's list before each infusion.

Pure. The premedications are the monograph's own (`premedications`, resolved
for the regimen and age in `premeds.py`); nothing clinical is written here.
A premedication that is also a drug of the regimen (dexamethasone: the
backbone dose is the premedication) takes that day's dose; when the regimen
gives that drug's dose in the cycle only as a frequency ("once a week"), the
day says the source leaves it undated rather than dropping the premedication
or inventing a day for it.
"""

from __future__ import annotations

from decimal import Decimal

import msgspec

from medcli.dosing.records import (
    DayDrug,
    DayPremedication,
    PremedOption,
    PremedPlan,
    RegimenDrugPlan,
    TreatmentDay,
    UndatedDose,
)

FLAT_UNIT = "mg"  # a day's dose is in mg once computed, whatever its per-kg or per-m² unit


def with_premedications(
    days: list[TreatmentDay],
    premedications: list[PremedPlan],
    drugs: list[RegimenDrugPlan],
    undated: list[UndatedDose],
) -> list[TreatmentDay]:
    """*days* with each infusion day's premedications, in the monograph's order."""
    linked = {drug.premedication: drug.id for drug in drugs if drug.premedication}
    # made once, not once a day: a day that changes one replaces it
    owns = [
        (
            DayPremedication(**msgspec.structs.asdict(premedication), given="premedication"),
            linked.get(premedication.name),
        )
        for premedication in premedications
    ]
    return [
        msgspec.structs.replace(
            day, premedications=[_on_day(own, drug_id, day, undated) for own, drug_id in owns]
        )
        if _is_infusion_day(day)
        else day
        for day in days
    ]


def _is_infusion_day(day: TreatmentDay) -> bool:
    return any(drug.infusion is not None for drug in day.drugs)


def _on_day(
    own: DayPremedication, drug_id: str | None, day: TreatmentDay, undated: list[UndatedDose]
) -> DayPremedication:
    if drug_id is None:
        return own
    today = next((drug for drug in day.drugs if drug.drug == drug_id), None)
    if today is not None:
        return _from_day_dose(own, today)
    weekly = next(
        (dose for dose in undated if dose.drug == drug_id and dose.cycle == day.cycle), None
    )
    if weekly is None:
        return msgspec.structs.replace(own, given="not_on_day")
    doses = own.doses
    if weekly.dose_mg is not None:
        doses = [_dose(weekly.dose_mg, weekly.route, weekly.source)]
    return msgspec.structs.replace(
        own,
        given="day_not_given",
        status="resolved" if weekly.dose_mg is not None else own.status,
        doses=doses,
        route=None,
        when=weekly.when,
        source=weekly.source or own.source,
    )


def _from_day_dose(own: DayPremedication, today: DayDrug) -> DayPremedication:
    """The day's regimen dose is the premedication; an uncomputed one keeps the options."""
    if today.dose_mg is None:
        return msgspec.structs.replace(own, given="regimen_dose")
    return msgspec.structs.replace(
        own,
        given="regimen_dose",
        status="resolved",
        doses=[_dose(today.dose_mg, today.route, today.source)],
        route=None,
        source=today.source or own.source,
    )


def _dose(amount_mg: Decimal, route: str, source: str | None) -> PremedOption:
    return PremedOption(
        amount=amount_mg,
        amount_max=None,
        unit=FLAT_UNIT,
        route=route,
        age_min=None,
        age_below=None,
        note=None,
        source=source,
    )
