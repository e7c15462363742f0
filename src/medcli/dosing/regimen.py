"""The whole regimen: every drug on every treatment day, with doses, order and cycle totals.

Pure. The monograph's own drug comes from the regimen's `dose` and `phases`
(already computed by `plan.py`); the other drugs from `Regimen.drugs`. A dose
that needs what was not given (a height for mg/m², an age for an age-dependent
dose) is kept with its status and no mg, so the rest of the plan still stands;
a frequency without days ("once a week") is listed per cycle, never put on a
day the source does not name.
"""

from __future__ import annotations

import datetime as dt
import functools
from decimal import Decimal

import msgspec

from medcli.dosing import partner_rules, premeds, schedule
from medcli.dosing.organ_function import OrganFunction
from medcli.dosing.records import (
    BsaPlan,
    DayDrug,
    DoseChoice,
    DoseStatus,
    DrugDoseLine,
    DrugTotal,
    RegimenDrugPlan,
    TreatmentDay,
    UndatedDose,
)
from medcli.errors import UsageError
from medcli.model import (
    BSA_UNITS,
    DrugDose,
    DrugSchedule,
    Monograph,
    Regimen,
    RegimenDrug,
    expand_days,
)

BSA_UNIT = "mg/m²"  # how the plan spells a per-m² dose, whichever spelling the file used


class Patient(msgspec.Struct, frozen=True):
    """What the doses are computed from: weight, BSA when a height was given, age when given.

    `organs`: kidney and liver function, matched against each drug's own rules.
    """

    weight_kg: Decimal
    bsa: BsaPlan | None
    age: Decimal | None
    organs: OrganFunction | None = None


class OwnDrug(msgspec.Struct, frozen=True):
    """The monograph's own drug on its days: computed by the weight-based plan."""

    id: str
    name: str
    per_kg_mg: Decimal
    dose_mg: Decimal
    route: str
    source: str | None


class RegimenParts(msgspec.Struct, frozen=True):
    drugs: list[RegimenDrugPlan]
    days: list[TreatmentDay]
    undated: list[UndatedDose]
    totals: list[DrugTotal]


def drug_ids(monograph: Monograph, regimen: Regimen) -> list[str]:
    """The ids `--only` accepts: the monograph's own drug, then the regimen's other drugs."""
    return [monograph.id, *(drug.id for drug in regimen.drugs)]


def check_only(monograph: Monograph, regimen: Regimen, only: list[str]) -> list[str]:
    """The `--only` ids, lowercased; an id that is no drug of the regimen is a `UsageError`."""
    accepted = drug_ids(monograph, regimen)
    wanted = [item.strip().lower() for item in only]
    for item, given in zip(wanted, only, strict=True):
        if item not in accepted:
            raise UsageError(
                f"--only {given!r} is not a drug of {regimen.id}; accepted: {', '.join(accepted)}"
            )
    return list(dict.fromkeys(wanted))


def needs_height(regimen: Regimen, only: list[str]) -> list[str]:
    """Names of the drugs asked for (all when *only* is empty) that are dosed per m²."""
    return [
        drug.name
        for drug in regimen.drugs
        if (not only or drug.id in only)
        and any(dose.unit in BSA_UNITS for entry in drug.schedule for dose in entry.doses)
    ]


def ranks(regimen: Regimen) -> dict[str, int]:
    """Each ordered drug's place: 1 for the first group; drugs of one group share a place."""
    return {item: index for index, group in enumerate(regimen.order, start=1) for item in group}


def regimen_parts(
    monograph: Monograph,
    regimen: Regimen,
    own: OwnDrug,
    patient: Patient,
    rows: list[tuple[int, int, int, int, dt.date | None]],
    cycles: int,
    start: dt.date | None,
    only: list[str],
    *,
    with_totals: bool = True,
) -> RegimenParts:
    """The regimen's drugs with their working, the treatment days, undated doses and totals.

    *rows* are the own drug's infusion days from `schedule.dosing_days`; *with_totals*
    False leaves the totals out (a check of one day's dose never reads them).
    """
    place = ranks(regimen)
    wanted = [drug for drug in regimen.drugs if not only or drug.id in only]
    plans = [_drug_plan(drug, patient, place.get(drug.id)) for drug in wanted]
    by_day: dict[tuple[int, int], list[DayDrug]] = {}
    if not only or own.id in only:
        for number, (cycle, day, *_) in enumerate(rows, start=1):
            by_day.setdefault((cycle, day), []).append(_own_day(own, patient, place, number))
    undated: list[UndatedDose] = []
    for drug_plan in plans:
        for line in drug_plan.lines:
            for cycle in _cycles_of(line, cycles):
                if not line.days:
                    undated.append(_undated(drug_plan, line, cycle))
                for day in line.days:
                    by_day.setdefault((cycle, day), []).append(
                        _day_drug(drug_plan, line, premedication=False)
                    )
    starts = schedule.cycle_starts(regimen, cycles)
    days = [
        _treatment_day(starts[cycle], cycle, day, start, _premedication_marked(drugs, plans))
        for (cycle, day), drugs in sorted(by_day.items())
    ]
    totals = _totals(days, undated, cycles) if with_totals else []
    return RegimenParts(drugs=plans, days=days, undated=undated, totals=totals)


def _cycles_of(line: DrugDoseLine, cycles: int) -> range:
    return range(line.first_cycle, min(line.last_cycle or cycles, cycles) + 1)


def _drug_plan(drug: RegimenDrug, patient: Patient, rank: int | None) -> RegimenDrugPlan:
    """The drug's dose lines, as its own kidney, liver and BSA rules leave them."""
    organs = patient.organs
    fired = partner_rules.fired_rules(drug, organs)
    cap = partner_rules.drug_bsa_cap(drug, patient.bsa)
    m2 = cap.used_m2 if cap is not None else None
    disagreement = partner_rules.age_disagreement(drug, patient.age)
    lines = [
        _ruled_line(piece, drug, patient, m2, disagreement)
        for entry in drug.schedule
        for piece in partner_rules.pieces(entry, fired)
    ]
    return RegimenDrugPlan(
        id=drug.id,
        name=drug.name,
        route=drug.route,
        premedication=drug.premedication,
        source=drug.source,
        section=drug.section,
        note=drug.note,
        rank=rank,
        lines=lines,
    )


def _ruled_line(
    piece: partner_rules.Piece,
    drug: RegimenDrug,
    patient: Patient,
    m2: Decimal | None,
    disagreement: str | None,
) -> DrugDoseLine:
    """A piece's dose line: computed, or left to the prescriber with the rule that says so."""
    line = _line(piece.entry, drug.route, drug.source, patient, m2)
    notes = [text for text in (line.note, piece.note) if text]
    changes: dict[str, object] = {
        "rule": piece.rule,
        "note": " ".join(notes) or None,
        "day_note": piece.day_note,
    }
    if piece.status in ("by_tolerance", "conflict"):
        changes.update(
            status="by_tolerance" if piece.status == "by_tolerance" else "rules_conflict",
            amount=None,
            basis=None,
            dose_mg=None,
            options=[],
        )
    if line.status == "computed" and disagreement is not None:
        changes["disagreement"] = disagreement
    return msgspec.structs.replace(line, **changes)


def _line(
    entry: DrugSchedule, route: str, source: str, patient: Patient, m2: Decimal | None = None
) -> DrugDoseLine:
    status, dose = _resolve(entry.doses, patient.age)
    unit = BSA_UNIT if entry.doses[0].unit in BSA_UNITS else entry.doses[0].unit
    amount = None if dose is None else dose.amount
    basis: Decimal | None = None
    dose_mg: Decimal | None = None
    if dose is not None:
        unit = BSA_UNIT if dose.unit in BSA_UNITS else dose.unit
        if unit == BSA_UNIT and patient.bsa is None:
            status = "needs_height"
        else:
            basis = _basis(unit, patient, m2)
            dose_mg = dose.amount if basis is None else dose.amount * basis
    return DrugDoseLine(
        first_cycle=entry.cycles[0],
        last_cycle=entry.cycles[1],
        days=list(_expanded(tuple(entry.days))),
        when=entry.when,
        doses_per_cycle=entry.doses_per_cycle,
        status=status,
        amount=amount,
        unit=unit,
        basis=basis,
        dose_mg=dose_mg,
        options=[]
        if status != "needs_age"
        else [
            DoseChoice(amount=o.amount, unit=o.unit, age_min=o.age_min, age_below=o.age_below)
            for o in entry.doses
        ],
        age_min=None if dose is None else dose.age_min,
        age_below=None if dose is None else dose.age_below,
        route=entry.route or route,
        source=entry.source or source,
        note=entry.note,
    )


@functools.lru_cache(maxsize=256)
def _expanded(days: tuple[int | str, ...]) -> tuple[int, ...]:
    """`expand_days`, once per schedule's days: every patient's plan expands the same ones."""
    return tuple(expand_days(list(days)))


def _basis(unit: str, patient: Patient, m2: Decimal | None) -> Decimal | None:
    """kg or m² the dose is multiplied by; *m2* is the drug's own capped BSA when it has one."""
    if unit == BSA_UNIT:
        assert patient.bsa is not None
        return patient.bsa.used_m2 if m2 is None else m2
    return patient.weight_kg if unit == "mg/kg" else None


def _resolve(doses: list[DrugDose], age: Decimal | None) -> tuple[DoseStatus, DrugDose | None]:
    """The one dose that applies at *age*: validation keeps age bands from overlapping."""
    if len(doses) == 1 and doses[0].age_min is None and doses[0].age_below is None:
        return "computed", doses[0]
    if age is None:
        return "needs_age", None
    for dose in doses:
        if premeds.applies_at(dose, age):
            return "computed", dose
    return "no_dose_for_age", None


def _own_day(own: OwnDrug, patient: Patient, place: dict[str, int], number: int) -> DayDrug:
    return DayDrug(
        drug=own.id,
        name=own.name,
        status="computed",
        amount=own.per_kg_mg,
        unit="mg/kg",
        basis=patient.weight_kg,
        dose_mg=own.dose_mg,
        route=own.route,
        rank=place.get(own.id),
        premedication=False,
        infusion=number,
        source=own.source,
    )


def _day_drug(plan: RegimenDrugPlan, line: DrugDoseLine, *, premedication: bool) -> DayDrug:
    return DayDrug(
        drug=plan.id,
        name=plan.name,
        status=line.status,
        amount=line.amount,
        unit=line.unit,
        basis=line.basis,
        dose_mg=line.dose_mg,
        route=line.route,
        rank=plan.rank,
        premedication=premedication,
        infusion=None,
        source=line.source,
        note=line.day_note,
    )


def _premedication_marked(drugs: list[DayDrug], plans: list[RegimenDrugPlan]) -> list[DayDrug]:
    """On an infusion day, a drug that is also the premedication is marked so: one dose."""
    infused = any(drug.infusion is not None for drug in drugs)
    premeds = {plan.id for plan in plans if plan.premedication is not None}
    return [
        msgspec.structs.replace(drug, premedication=True)
        if infused and drug.drug in premeds
        else drug
        for drug in drugs
    ]


def _treatment_day(
    cycle_start: tuple[int, int], cycle: int, day: int, start: dt.date | None, drugs: list[DayDrug]
) -> TreatmentDay:
    first_day, length = cycle_start
    treatment_day = first_day + day - 1
    ordered = sorted(
        enumerate(drugs), key=lambda pair: (pair[1].rank is None, pair[1].rank or 0, pair[0])
    )
    return TreatmentDay(
        cycle=cycle,
        day=day,
        treatment_day=treatment_day,
        cycle_length_days=length,
        date=schedule.date_of(start, treatment_day),
        drugs=[drug for _, drug in ordered],
    )


def _undated(plan: RegimenDrugPlan, line: DrugDoseLine, cycle: int) -> UndatedDose:
    assert line.when is not None  # validation: a schedule without days has `when`
    return UndatedDose(
        cycle=cycle,
        drug=plan.id,
        name=plan.name,
        when=line.when,
        doses_per_cycle=line.doses_per_cycle,
        status=line.status,
        dose_mg=line.dose_mg,
        route=line.route,
        source=line.source,
    )


def _totals(days: list[TreatmentDay], undated: list[UndatedDose], cycles: int) -> list[DrugTotal]:
    """Per cycle and drug, in the order drugs first appear: doses counted and summed."""
    counts: dict[tuple[int, str], list[Decimal | None]] = {}
    names: dict[str, str] = {}
    unknown: set[tuple[int, str]] = set()
    for day in days:
        for drug in day.drugs:
            names[drug.drug] = drug.name
            counts.setdefault((day.cycle, drug.drug), []).append(drug.dose_mg)
    for dose in undated:
        names[dose.drug] = dose.name
        doses = counts.setdefault((dose.cycle, dose.drug), [])
        if dose.doses_per_cycle is None:
            unknown.add((dose.cycle, dose.drug))
        else:
            doses += [dose.dose_mg] * dose.doses_per_cycle
    totals: list[DrugTotal] = []
    for cycle in range(1, cycles + 1):
        for drug_id, name in names.items():
            key = (cycle, drug_id)
            if key not in counts:
                continue
            known = key not in unknown
            doses_mg = counts[key]
            total = (
                sum((mg for mg in doses_mg if mg is not None), Decimal(0))
                if known and all(mg is not None for mg in doses_mg)
                else None
            )
            totals.append(
                DrugTotal(
                    cycle=cycle,
                    drug=drug_id,
                    name=name,
                    doses=len(doses_mg) if known else None,
                    total_mg=total,
                )
            )
    return totals
