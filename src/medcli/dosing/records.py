"""The dose plan as plain data: what `compute_plan` returns and `--json` prints.

Field names are the JSON contract (`tests/test_dose_contract.py` pins them).
Every quantity is an exact `Decimal`; rounding for display is the renderer's job.
Annotations are objects, not strings (no `from __future__ import annotations`), so that
`tidied` finds each record's Decimal fields without compiling them, as in `medcli.model`.
"""

import datetime as dt
import functools
import typing
from decimal import Decimal
from typing import Literal, TypeVar

import msgspec

_T = TypeVar("_T")


class Record(msgspec.Struct, kw_only=True):
    """Plan records keep every field in JSON, defaults included: stable keys."""


class DrugRef(Record):
    id: str
    name: str


class PhaseRef(Record):
    first_cycle: int
    last_cycle: int | None  # None: open-ended
    cycle_length_days: int
    days: list[int]


class RegimenRef(Record):
    id: str
    name: str
    dose_per_kg_mg: Decimal
    basis: str
    phases: list[PhaseRef]
    combined_with: list[str] = []
    until: str | None = None


class Inputs(Record):
    """The inputs as given and as used: a checker starts here."""

    weight: Decimal  # as typed, in `unit`
    unit: Literal["kg", "lb"]
    kg_per_lb: Decimal | None  # the exact factor used when `unit` is lb
    weight_kg: Decimal
    age_years: Decimal | None
    regimen: str
    regimen_given: bool  # False: the drug's first regimen was used by default
    start: dt.date | None
    cycles: int
    cycles_given: bool
    height: Decimal | None = None  # as typed, in `height_unit`
    height_unit: Literal["cm", "in"] = "cm"
    cm_per_in: Decimal | None = None  # the exact factor used when `height_unit` is in
    height_cm: Decimal | None = None
    bsa_formula: str = "mosteller"
    bsa_cap_m2: Decimal | None = None  # only when the user sets one
    only: list[str] = []  # the drugs asked for with --only; empty: every drug
    patient: str | None = None  # --patient, cleaned: in calendar titles and UIDs
    crcl_ml_min: Decimal | None = None  # --crcl as given
    creatinine_mg_dl: Decimal | None = None  # --creatinine as given
    sex: Literal["female", "male"] | None = None
    dialysis: bool = False
    hepatic: Literal["mild", "moderate", "severe"] | None = None
    child_pugh: Literal["A", "B", "C"] | None = None


class ProductConcentration(Record):
    strength_mg: Decimal
    volume_ml: Decimal
    concentration_mg_ml: Decimal


class VialCount(Record):
    strength_mg: Decimal
    volume_ml: Decimal
    count: int
    total_mg: Decimal  # strength_mg × count
    form: str


class Preparation(Record):
    """The bag: exact volumes, and the volume at a step a syringe can measure.

    `measured_ml` is `add_ml` rounded half-up to `measure_step_ml`; `measured_mg`
    is what that measured volume holds, so a checker sees the difference.
    """

    bag_volume_ml: Decimal
    remove_ml: Decimal
    add_ml: Decimal
    final_volume_ml: Decimal
    diluents: list[str] = []
    measure_step_ml: Decimal | None = None
    measured_ml: Decimal | None = None
    measured_mg: Decimal | None = None


class RateStepPlan(Record):
    start_min: Decimal
    rate_ml_h: Decimal
    minutes: Decimal
    volume_ml: Decimal
    cumulative_ml: Decimal
    until_empty: bool  # minutes were computed from the volume left in the bag


class InfusionPlan(Record):
    """Rate steps for infusion `number` (through `last`; null: and every later one)."""

    number: int
    last: int | None
    steps: list[RateStepPlan]
    duration_min: Decimal | None  # None when the steps do not empty the bag
    published_duration_min: Decimal | None
    volume_ml: Decimal


class ScheduledDose(Record):
    infusion: int  # 1 for the first infusion of the plan, 2 for the second...
    cycle: int
    day: int  # day of the cycle
    treatment_day: int  # day of treatment, day 1 being cycle 1 day 1
    cycle_length_days: int
    date: dt.date | None
    duration_min: Decimal | None


PremedStatus = Literal[
    "resolved", "options", "age_needed", "no_dose_for_age", "no_dose_for_regimen", "no_dose"
]


class PremedOption(Record):
    amount: Decimal
    amount_max: Decimal | None
    unit: str
    route: str | None
    age_min: int | None
    age_below: int | None
    note: str | None
    source: str | None = None  # when the option has a source of its own


class PremedPlan(Record):
    """A premedication with the dose options that apply to this regimen and age.

    `status`: resolved (one option applies), options (several apply, all shown),
    age_needed (the dose depends on an age that was not given), no_dose_for_age,
    no_dose_for_regimen (the sources give doses, none for this regimen),
    no_dose (the sources give no dose at all).
    """

    name: str
    status: PremedStatus
    doses: list[PremedOption]
    route: str | None
    timing: str | None
    note: str | None
    source: str | None


class Rule(Record):
    title: str
    text: str
    source: str | None
    section: str | None = None
    jurisdiction: str | None = None  # "eu" for an EU-only rule (shown with --jurisdiction eu)


class BsaPlan(Record):
    """The body surface area and its working: formula, operands, result, and any cap applied."""

    formula: str  # the --bsa-formula id
    formula_name: str
    expression: str
    height_cm: Decimal
    weight_kg: Decimal
    bsa_m2: Decimal
    cap_m2: Decimal | None
    capped: bool
    # what mg/m² doses are multiplied by: bsa_m2, or cap_m2 when capped; a drug with a
    # lower cap of its own uses that instead (see `DosePlan.drug_bsa_caps`)
    used_m2: Decimal


DoseStatus = Literal[
    "computed", "needs_height", "needs_age", "no_dose_for_age", "by_tolerance", "rules_conflict"
]


class DoseChoice(Record):
    amount: Decimal
    unit: str
    age_min: int | None
    age_below: int | None


class DrugDoseLine(Record):
    """A regimen drug's dose in one run of cycles and days, with the working.

    `basis` is what `amount` is multiplied by (kg for mg/kg, m² for mg/m²;
    null for a flat mg dose or when it cannot be computed); `dose_mg` is null
    unless `status` is computed. `options` lists every dose when the age decides.
    """

    first_cycle: int
    last_cycle: int | None
    days: list[int]  # empty: the source gives no days (see `when`)
    when: str | None
    doses_per_cycle: int | None
    status: DoseStatus
    amount: Decimal | None
    unit: str
    basis: Decimal | None
    dose_mg: Decimal | None
    options: list[DoseChoice]
    age_min: int | None  # the ages the dose used is for, when the source sets them by age
    age_below: int | None
    route: str
    source: str | None
    note: str | None
    rule: str | None = None  # the kidney or liver rule that set this dose, with its source
    day_note: str | None = None  # said on each of its days, e.g. "kidney rule"
    disagreement: str | None = None  # where sources disagree about this dose for this patient


class RegimenDrugPlan(Record):
    id: str
    name: str
    route: str
    premedication: str | None  # the premedication this dose also is
    source: str
    section: str | None
    note: str | None
    rank: int | None  # place in the order of administration (1 first); null: not given
    lines: list[DrugDoseLine]


class DayDrug(Record):
    """One drug on one treatment day, in the order of administration."""

    drug: str
    name: str
    status: DoseStatus
    amount: Decimal | None
    unit: str
    basis: Decimal | None
    dose_mg: Decimal | None
    route: str
    rank: int | None
    premedication: bool  # this dose is also the premedication before the infusion
    infusion: int | None  # the infusion number, for the monograph's own drug
    source: str | None
    note: str | None = None  # what a kidney or liver rule says about this day's dose


PremedGiven = Literal["premedication", "regimen_dose", "day_not_given", "not_on_day"]


class DayPremedication(PremedPlan):
    """One premedication before the day's infusion: the plan's `PremedPlan`, and how it is given.

    `given` says how the dose is given: `premedication` (a premedication only:
    `doses` are its options); `regimen_dose` (a drug of the regimen whose dose
    on this day is also this premedication: one dose, `doses` is that dose);
    `day_not_given` (the regimen gives this drug's dose in this cycle only as a
    frequency, `when`, so the source does not say whether it falls on this day);
    `not_on_day` (a drug of the regimen with no dose on this day: `doses` are
    the premedication's options).
    """

    given: PremedGiven
    when: str | None = None  # with `day_not_given`: the regimen's frequency, e.g. once a week


class TreatmentDay(Record):
    cycle: int
    day: int
    treatment_day: int
    cycle_length_days: int
    date: dt.date | None
    drugs: list[DayDrug]
    notes: list[str] = []  # what the day cannot show
    premedications: list[DayPremedication] = []  # on infusion days: each, before the infusion


class UndatedDose(Record):
    """A dose whose source gives a frequency but no days: shown per cycle, never placed on a day."""

    cycle: int
    drug: str
    name: str
    when: str
    doses_per_cycle: int | None
    status: DoseStatus
    dose_mg: Decimal | None
    route: str
    source: str | None


class DrugTotal(Record):
    """A drug's doses in one cycle and their sum; null when a dose or the count is not known."""

    cycle: int
    drug: str
    name: str
    doses: int | None
    total_mg: Decimal | None


class KidneyFunction(Record):
    """The creatinine clearance the kidney rules use, and how it was found.

    `method`: entered (`--crcl`), cockcroft-gault (from `--creatinine`), or null
    when no kidney function was given (the doses then assume normal function).
    """

    method: Literal["entered", "cockcroft-gault"] | None
    crcl_ml_min: Decimal | None
    dialysis: bool
    expression: str | None = None
    age_years: Decimal | None = None
    weight_kg: Decimal | None = None
    creatinine_mg_dl: Decimal | None = None
    sex: Literal["female", "male"] | None = None
    female_factor: Decimal | None = None
    weight_note: str | None = None


class DrugBsaCap(Record):
    """A drug dosed on at most its own label's BSA: the working a checker redoes.

    `used_m2` is the smallest of `bsa_m2`, `cap_m2` and `user_cap_m2`;
    `limited_by` says which: "drug", "user" (--bsa-cap) or "none".
    """

    drug: str
    name: str
    bsa_m2: Decimal
    cap_m2: Decimal
    user_cap_m2: Decimal | None
    used_m2: Decimal
    limited_by: Literal["drug", "user", "none"]
    recompute_above_percent: Decimal | None
    source: str
    section: str | None
    note: str | None


OrganOutcomeKind = Literal["applied", "no_change", "no_rule", "needs_input", "not_in_sources"]


class OrganOutcome(Record):
    """What a drug's kidney or liver rule did with the function given, with its source.

    applied: the rule changed the dose; no_change: the function given is in a band
    the label leaves unchanged; no_rule: the sources say there is no rule;
    needs_input: the label measures it another way (e.g. Child-Pugh);
    not_in_sources: the sources read give nothing for this drug.
    """

    drug: str
    name: str
    organ: Literal["kidney", "liver"]
    outcome: OrganOutcomeKind
    text: str
    source: str | None
    section: str | None
    section_unconfirmed: str | None = None


class ClaimLine(Record):
    """One source's version of an unconfirmed fact."""

    says: str
    source: str
    section: str | None


class UnconfirmedLine(Record):
    reason: str
    claims: list[ClaimLine]


class PerKgLine(Record):
    """A fact's per-kg amount for this patient: `amount` × `weight_kg` = `total`, exact."""

    what: str
    amount: Decimal
    unit: str
    weight_kg: Decimal
    total: Decimal


class FactLine(Record):
    """A drug's supportive-care, administration, dosing or eligibility fact, with its source.

    `jurisdiction` is "eu" for a fact of an EU source (with `us_differs`, what the US
    label says instead); `unconfirmed` is set when the sources do not settle the fact.
    """

    drug: str
    drug_name: str
    kind: str
    topic: str
    text: str
    source: str
    section: str | None
    jurisdiction: str | None
    us_differs: str | None
    unconfirmed: UnconfirmedLine | None
    per_kg: PerKgLine | None = None


class ReviewFlag(Record):
    """A day on which two timing rules of different sources cannot be sure to hold together.

    `last` is to start `limit_min` at most after `first`; `then` (an infusion of
    `infusion_min`, started `after_first_min` after `first`) comes between them,
    so the gap is `earliest_min` to `latest_min`. Derived, not a label statement.
    """

    cycle: int
    day: int
    date: dt.date | None
    first: str
    then: str
    last: str
    infusion: int
    infusion_min: Decimal
    after_first_min: list[Decimal]  # [earliest, latest] start of `then` after `first`
    earliest_min: Decimal
    latest_min: Decimal
    limit_min: Decimal
    always: bool  # the gap exceeds the limit even at the earliest start
    sources: list[str]


class VialRounding(Record):
    """`--round-to-vial PCT`: the whole-vial dose nearest the exact dose, beside it.

    `below_mg` and `above_mg` are the nearest whole-vial doses at or under and at
    or over the dose (`below_mg` null: no vial is that small); `nearest_mg` is the
    nearer (the lower on a tie), in `vials`; deviation = (nearest − dose) and
    ÷ dose × 100; `within` says whether |deviation_pct| ≤ `tolerance_pct`. A
    choice for the prescriber, never applied to the plan's doses.
    """

    tolerance_pct: Decimal
    dose_mg: Decimal
    below_mg: Decimal | None
    above_mg: Decimal
    nearest_mg: Decimal
    vials: list[VialCount]
    deviation_mg: Decimal
    deviation_pct: Decimal
    within: bool


class DosePlan(Record):
    drug: DrugRef
    regimen: RegimenRef
    other_regimens: list[DrugRef]
    inputs: Inputs
    weight_kg: Decimal
    dose_mg: Decimal
    products: list[ProductConcentration]
    concentration_mg_ml: Decimal | None  # None when the products differ in concentration
    volume_ml: Decimal | None
    vials: list[VialCount]
    vial_count: int
    vials_total_mg: Decimal | None
    waste_mg: Decimal | None
    waste_ml: Decimal | None
    preparation: Preparation | None
    infusions: list[InfusionPlan]
    schedule: list[ScheduledDose]
    premedications: list[PremedPlan]
    warnings: list[str]
    rules: list[Rule]
    bsa: BsaPlan | None = None
    regimen_drugs: list[RegimenDrugPlan] = []
    order: list[list[str]] = []
    order_note: str | None = None
    days: list[TreatmentDay] = []
    undated_doses: list[UndatedDose] = []
    cycle_totals: list[DrugTotal] = []
    kidney_function: KidneyFunction | None = None
    drug_bsa_caps: list[DrugBsaCap] = []
    organ_rules: list[OrganOutcome] = []
    jurisdiction: str = "us"
    supportive_care: list[FactLine] = []
    drug_facts: list[FactLine] = []  # administration, dosing and eligibility, drug by drug
    clinical_review: list[ReviewFlag] = []
    vial_rounding: VialRounding | None = None  # with --round-to-vial
    bands: list["BandedDose"] = []  # with --bands: each computed dose of a drug the table has


class Band(Record):
    """One band of the user's `--bands` table: a computed dose from `from_mg` to `to_mg`
    (both included) is given as `banded_mg`; `source` is the file and line it was read from."""

    drug: str
    from_mg: Decimal
    to_mg: Decimal
    banded_mg: Decimal
    source: str


class BandedDose(Record):
    """A computed dose of the plan beside the user's band for it (`band` null: none covers it);
    deviation = banded − computed, and ÷ computed × 100. Offered, never applied."""

    drug: str
    name: str
    dose_mg: Decimal
    band: Band | None
    deviation_mg: Decimal | None
    deviation_pct: Decimal | None


def tidy(value: Decimal) -> Decimal:
    """The same number without trailing zeros or a positive exponent: 700, 34.5, 0.

    Values under 1e-6 (a waste of 5E-7 mL) keep Python's exponent form, which is
    still an exact JSON number.
    """
    normal = value.normalize()
    exponent = normal.as_tuple().exponent
    if isinstance(exponent, int) and exponent > 0:
        return normal.quantize(Decimal(1))
    return normal


def tidied(value: _T) -> _T:
    """*value* (a record, list or Decimal) with every Decimal in it tidied.

    Dispatch is by exact type, and only the fields whose type can hold a Decimal
    are walked (found once per record type): a plan holds thousands of text,
    flag and date fields, and `check` tidies a record per order.
    """
    result: object = value
    kind = type(value)
    if kind is Decimal:
        result = tidy(value)  # type: ignore[arg-type]
    elif kind is list:
        result = [tidied(item) for item in value]  # type: ignore[attr-defined]
    elif isinstance(value, msgspec.Struct):
        names = _decimal_fields(type(value))
        if names:
            result = msgspec.structs.replace(
                value, **{name: tidied(getattr(value, name)) for name in names}
            )
    return result  # type: ignore[return-value]


@functools.cache
def _decimal_fields(kind: type[msgspec.Struct]) -> tuple[str, ...]:
    """The fields of a record type whose declared type can hold a Decimal, at any depth."""
    return tuple(
        field.name for field in msgspec.structs.fields(kind) if _may_hold_decimal(field.type)
    )


def _may_hold_decimal(declared: object) -> bool:
    """False only for what cannot: text, non-Decimal numbers, flags, dates, literals."""
    if declared in (str, int, bool, type(None), dt.date, dt.datetime):
        return False
    origin = typing.get_origin(declared)
    if origin is Literal:
        return False
    if origin is not None:  # a union, list[...], dict[...]: any of its parts
        return any(_may_hold_decimal(part) for part in typing.get_args(declared))
    return True  # Decimal, a record, or a type not known here: walked
