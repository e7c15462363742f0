"""One order checked: the ordered dose against the dose plan's own computation.

The computed dose is always `compute_plan`'s, found on the order's cycle and day
in the plan's `days`; this module only compares, it never doses. An order that
cannot be computed (unknown drug, no height for a per-m² drug, a day that is not
a treatment day) is an `error` with the reason, never an exception: a file of
orders goes on.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Callable
from decimal import Decimal, localcontext
from typing import Literal

import msgspec

from medcli.check.rounding import NO_ROUNDING, Rounding, apply_rounding
from medcli.check.tolerance import tolerance_for
from medcli.dosing.inputs import MAX_CYCLES, parse_number, parse_patient
from medcli.dosing.organ_function import OrganText
from medcli.dosing.plan import ARITHMETIC, compute_plan
from medcli.dosing.records import (
    Band,
    BsaPlan,
    DayDrug,
    DosePlan,
    DrugBsaCap,
    KidneyFunction,
    OrganOutcome,
    Record,
    VialRounding,
    tidied,
)
from medcli.errors import MedcliError, UsageError
from medcli.model import Monograph
from medcli.numbers import format_number

Verdict = Literal["ok", "rounded", "banded", "flag", "error"]
PASSING: tuple[Verdict, ...] = ("ok", "rounded", "banded")  # exit 0 when every order is one
MAX_CACHED_PLANS = 256  # distinct patients × cycles kept: memory stays flat on any file
# An order's inputs, by the option that names them on the command line and the
# column that holds them in a file: one error text, said in the words of each.
COLUMN_OF_OPTION = {
    "--drug": "drug",
    "--regimen": "regimen",
    "--cycle": "cycle",
    "--day": "day",
    "--weight": "weight_kg",
    "--height": "height_cm",
    "--age": "age",
    "--crcl": "crcl",
    "--creatinine": "creatinine",
    "--sex": "sex",
    "--dialysis": "dialysis",
    "--hepatic": "hepatic",
    "--child-pugh": "child_pugh",
    "--ordered": "ordered_dose",
    "--ordered-unit": "ordered_unit",
    "--bsa-formula": "bsa_formula",
    "--patient": "patient",
}
_OPTION = re.compile(r"--[a-z-]+")


class Order(Record):
    """An order as written (text): what a prescriber ordered for one drug on one day."""

    drug: str
    regimen: str
    cycle: str
    day: str
    weight_kg: str
    ordered_dose: str
    ordered_unit: str = "mg"
    patient: str | None = None
    height_cm: str | None = None
    age: str | None = None
    crcl: str | None = None
    creatinine: str | None = None
    sex: str | None = None
    dialysis: bool = False
    hepatic: str | None = None  # bilirubin band, as `dose --hepatic`
    child_pugh: str | None = None  # Child-Pugh class, as `dose --child-pugh`
    bsa_formula: str = "mosteller"


class Working(Record):
    """The plan's own working for the drug on that day: what a checker redoes."""

    dose: DayDrug  # amount × basis = dose_mg, with its source
    rule: str | None  # the kidney or liver rule that set this dose, with its source
    bsa: BsaPlan | None
    drug_bsa_cap: DrugBsaCap | None
    kidney_function: KidneyFunction | None
    organ_rules: list[OrganOutcome]


class CheckedOrder(Record):
    """The verdict on one order; `deviation_pct` = (ordered − computed) / computed × 100."""

    row: int | None  # the line of the file the order is on; null on the command line
    order: Order
    verdict: Verdict
    reason: str
    ordered_mg: Decimal | None = None
    computed_mg: Decimal | None = None
    deviation_mg: Decimal | None = None
    deviation_pct: Decimal | None = None
    tolerance_pct: Decimal | None = None
    tolerance_basis: str | None = None
    treatment_days: list[int] = msgspec.field(
        default_factory=list
    )  # the drug's days in the order's cycle
    notes: list[str] = msgspec.field(default_factory=list)
    working: Working | None = None
    warnings: list[str] = msgspec.field(default_factory=list)  # the plan's own warnings
    vial_rounding: VialRounding | None = None  # with --round-to-vial, for the drug's own vials
    band: Band | None = None  # with --bands: the band covering the computed dose


MonographFor = Callable[[str, str], Monograph]  # (drug, regimen) → the regimen's monograph


class PlanCache:
    """Plans by identical patient inputs: a file's orders for one patient compute one plan.

    Bounded (least recently used out), so a file of 10,000 patients keeps at most
    `MAX_CACHED_PLANS` plans; a plan that cannot be computed is kept as its error.
    """

    def __init__(self) -> None:
        self._plans: OrderedDict[tuple[object, ...], DosePlan | MedcliError] = OrderedDict()

    def plan(self, monograph: Monograph, order: Order, cycles: int) -> DosePlan:
        key = (
            monograph.id,
            id(monograph),
            order.regimen,
            order.weight_kg,
            order.height_cm,
            order.age,
            order.crcl,
            order.creatinine,
            order.sex,
            order.dialysis,
            order.hepatic,
            order.child_pugh,
            order.bsa_formula,
            cycles,
        )
        found = self._plans.get(key)
        if found is None:
            found = _compute(monograph, order, cycles)
            self._plans[key] = found
            if len(self._plans) > MAX_CACHED_PLANS:
                self._plans.popitem(last=False)
        else:
            self._plans.move_to_end(key)
        if isinstance(found, MedcliError):
            raise found
        return found


def _compute(monograph: Monograph, order: Order, cycles: int) -> DosePlan | MedcliError:
    try:
        return compute_plan(
            monograph,
            weight=order.weight_kg,
            regimen=order.regimen,
            age=order.age,
            cycles=cycles,
            height=order.height_cm,
            bsa_formula=order.bsa_formula,
            organ=OrganText(
                crcl=order.crcl,
                creatinine=order.creatinine,
                sex=order.sex,
                dialysis=order.dialysis,
                hepatic=order.hepatic,
                child_pugh=order.child_pugh,
            ),
            tidy=False,  # the checked order is tidied: the plan's own tidy would double the cost
            complete=False,  # no day premedications, totals or vials: a check reads none
        )
    except MedcliError as error:
        return error


def check_order(
    order: Order,
    monograph_for: MonographFor,
    user_tolerance: Decimal | None,
    plans: PlanCache,
    *,
    row: int | None = None,
    rounding: Rounding = NO_ROUNDING,
) -> CheckedOrder:
    """The verdict on *order*; a file's order (*row* given) names columns, not options."""
    try:
        checked = _checked(order, monograph_for, user_tolerance, plans, row, rounding)
        with localcontext(ARITHMETIC):  # tidied at the plan's 50 digits, never rounded to 28
            return tidied(checked)
    except MedcliError as error:
        reason = error.message if row is None else in_columns(error.message)
        return CheckedOrder(row=row, order=order, verdict="error", reason=reason)


def in_columns(message: str) -> str:
    """An option's error said of the file's column: `--weight 'x'` → `column weight_kg 'x'`."""

    def column(match: re.Match[str]) -> str:
        name = COLUMN_OF_OPTION.get(match.group(0))
        return match.group(0) if name is None else f"column {name}"

    return _OPTION.sub(column, message)


def _checked(
    order: Order,
    monograph_for: MonographFor,
    user_tolerance: Decimal | None,
    plans: PlanCache,
    row: int | None,
    rounding: Rounding,
) -> CheckedOrder:
    parse_patient(order.patient)  # as `dose` takes it: short and plain, or an error
    cycle = _whole(order.cycle, "--cycle", "1 or 2")
    if cycle > MAX_CYCLES:
        raise UsageError(f"--cycle {cycle} is out of range; accepted: 1 to {MAX_CYCLES:,}")
    day = _whole(order.day, "--day", "1 or 8")
    ordered = _ordered_mg(order)
    monograph = monograph_for(order.drug, order.regimen)
    plan = plans.plan(monograph, order, cycle)
    drug_id, name = _regimen_drug(plan, monograph, order.drug)
    if plan.inputs.cycles < cycle:
        raise UsageError(
            f"--cycle {cycle}: {plan.regimen.id} has {plan.inputs.cycles} cycles; "
            f"accepted: 1 to {plan.inputs.cycles}"
        )
    days = [
        (each, drug)
        for each in plan.days
        if each.cycle == cycle
        for drug in each.drugs
        if drug.drug == drug_id
    ]
    treatment_days = [each.day for each, _ in days]
    found = next(((each, drug) for each, drug in days if each.day == day), None)
    if found is None:
        raise UsageError(_not_a_day(plan, drug_id, name, cycle, day, treatment_days))
    treatment, dose = found
    computed = _computed_mg(dose, name, order)
    tolerance = tolerance_for(drug_id, user_tolerance)
    with localcontext(ARITHMETIC):
        deviation = ordered - computed
        percent = deviation / computed * 100
    within = abs(percent) <= tolerance.percent
    rounded = apply_rounding(rounding, monograph, (drug_id, name), computed, ordered)
    working = _working(plan, dose, drug_id, cycle, day)
    notes = _notes(plan, monograph, working, drug_id, name, treatment.treatment_day, order)
    return CheckedOrder(
        row=row,
        order=order,
        verdict=rounded.verdict or ("ok" if within else "flag"),
        reason=rounded.reason or _reason(within, percent, tolerance.percent),
        ordered_mg=ordered,
        computed_mg=computed,
        deviation_mg=deviation,
        deviation_pct=percent,
        tolerance_pct=tolerance.percent,
        tolerance_basis=tolerance.basis,
        treatment_days=treatment_days,
        notes=notes + rounded.notes,
        working=working,
        warnings=list(plan.warnings),
        vial_rounding=rounded.vial_rounding,
        band=rounded.band,
    )


def _whole(text: str, option: str, example: str) -> int:
    value = parse_number(text, option, example)
    if value != value.to_integral_value() or value < 1:
        raise UsageError(
            f"{option} {text.strip()!r} is not a whole number from 1; accepted: {example}"
        )
    return int(value)


def _ordered_mg(order: Order) -> Decimal:
    unit = order.ordered_unit.strip().lower()
    if unit != "mg":
        raise UsageError(f"--ordered-unit {order.ordered_unit!r} is not checked; accepted: mg")
    ordered = parse_number(order.ordered_dose, "--ordered", "820 or 123.2 (mg)")
    if ordered == 0:
        raise UsageError("--ordered must be greater than 0; accepted: the dose in mg, e.g. 820")
    return ordered


def _regimen_drug(plan: DosePlan, monograph: Monograph, typed: str) -> tuple[str, str]:
    """(id, name) of the regimen's drug *typed* names: the monograph's own or a partner."""
    drugs = [(monograph.id, monograph.name)] + [(d.id, d.name) for d in plan.regimen_drugs]
    key = typed.strip().lower()
    for drug_id, name in drugs:
        if key in (drug_id, name.lower()):
            return drug_id, name
    accepted = ", ".join(drug_id for drug_id, _ in drugs)
    raise UsageError(f"--drug {typed!r} is not a drug of {plan.regimen.id}; accepted: {accepted}")


def _not_a_day(
    plan: DosePlan, drug_id: str, name: str, cycle: int, day: int, treatment_days: list[int]
) -> str:
    undated = next((u for u in plan.undated_doses if u.cycle == cycle and u.drug == drug_id), None)
    if undated is not None:
        return (
            f"day {day}: the sources give {name}'s dose in cycle {cycle} as {undated.when}, "
            "on no set day; check the day against the prescriber's regimen"
        )
    listed = ", ".join(str(each) for each in treatment_days) or "none"
    return (
        f"cycle {cycle} day {day} is not a treatment day of {name} with "
        f"{plan.regimen.id}; its days in cycle {cycle}: {listed}"
    )


def _computed_mg(dose: DayDrug, name: str, order: Order) -> Decimal:
    if dose.status == "computed" and dose.dose_mg is not None and dose.dose_mg > 0:
        return dose.dose_mg
    if dose.status == "needs_height":
        raise UsageError(
            f"--height: {name} is dosed per m² of body surface area; accepted: the height "
            "in cm (30 to 272)"
        )
    if dose.status == "needs_age":
        raise UsageError(f"--age: {name}'s dose depends on age; accepted: the age in years")
    raise UsageError(
        f"{name}'s dose on this day is not computed by the plan ({dose.status}); "
        f"see: medcli dose -w {order.weight_kg} -r {order.regimen}"
    )


def _reason(within: bool, percent: Decimal, tolerance: Decimal) -> str:
    shown = format_number(percent, 2)
    if within:
        return f"within {format_number(tolerance)}% ({shown}%)"
    return f"{shown}% is outside {format_number(tolerance)}%"


def _working(plan: DosePlan, dose: DayDrug, drug_id: str, cycle: int, day: int) -> Working:
    lines = [
        line
        for drug in plan.regimen_drugs
        if drug.id == drug_id
        for line in drug.lines
        if line.first_cycle <= cycle
        and (line.last_cycle is None or cycle <= line.last_cycle)
        and day in line.days
    ]
    return Working(
        dose=dose,
        rule=lines[0].rule if lines else None,
        bsa=plan.bsa if dose.unit.endswith("/m²") else None,
        drug_bsa_cap=next((cap for cap in plan.drug_bsa_caps if cap.drug == drug_id), None),
        kidney_function=plan.kidney_function,
        organ_rules=[rule for rule in plan.organ_rules if rule.drug == drug_id],
    )


def _notes(
    plan: DosePlan,
    monograph: Monograph,
    working: Working,
    drug_id: str,
    name: str,
    treatment_day: int,
    order: Order,
) -> list[str]:
    """What a pharmacist checks beside the arithmetic, each with its source."""
    notes = [
        f"cycle {order.cycle.strip()} day {order.day.strip()} is a treatment day of {name} "
        f"(treatment day {treatment_day})"
    ]
    cap = working.drug_bsa_cap
    if cap is not None and cap.limited_by != "none":
        where = f"{cap.source}, section {cap.section}" if cap.section else cap.source
        notes.append(
            f"BSA {format_number(cap.bsa_m2, 2)} m² is over the {format_number(cap.used_m2)} m² "
            f"{'cap of ' + name + ' [' + where + ']' if cap.limited_by == 'drug' else '--bsa-cap'}"
            f": dosed on {format_number(cap.used_m2)} m²"
        )
    for outcome in working.organ_rules:
        where = f", section {outcome.section}" if outcome.section else ""
        source = f" [source: {outcome.source}{where}]" if outcome.source else ""
        notes.append(f"{outcome.organ} rule, {outcome.outcome.replace('_', ' ')}: "
                     f"{outcome.text}{source}")  # fmt: skip
    if _kidney_rule_unused(plan, monograph, drug_id):
        notes.append(
            f"no kidney function given: {name}'s label changes the dose by creatinine "
            "clearance; the computed dose assumes normal kidney function"
        )
    return notes


def _kidney_rule_unused(plan: DosePlan, monograph: Monograph, drug_id: str) -> bool:
    kidney = plan.kidney_function
    if kidney is not None and (kidney.method is not None or kidney.dialysis):
        return False
    regimen = next(r for r in monograph.regimens if r.id == plan.regimen.id)
    return any(
        rule.amount is not None
        for drug in regimen.drugs
        if drug.id == drug_id
        for rule in drug.renal_rules
    )
