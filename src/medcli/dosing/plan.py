"""`compute_plan`: a monograph, a weight and options in; a complete dose plan out.

Everything drug-specific comes from the monograph's structured fields
(regimens, products, administration, premedications, dose_rules, adults_only).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, localcontext

from medcli.dosing import (
    bsa,
    care,
    day_premeds,
    infusion,
    inputs,
    memo,
    partner_rules,
    premeds,
    schedule,
    vials,
)
from medcli.dosing import regimen as whole
from medcli.dosing.organ_function import OrganFunction, OrganText, parse_organ_function
from medcli.dosing.records import (
    BsaPlan,
    DosePlan,
    DrugRef,
    InfusionPlan,
    Inputs,
    PhaseRef,
    PremedPlan,
    Preparation,
    ProductConcentration,
    RegimenRef,
    Rule,
    ScheduledDose,
    VialCount,
    tidied,
)
from medcli.dosing.vial_rounding import parse_round_to_vial, with_vial_rounding
from medcli.drug_facts import parse_jurisdiction
from medcli.errors import NotFoundError, UsageError
from medcli.model import Monograph, Product, Regimen
from medcli.numbers import format_number

# Plausibility thresholds for warnings (not errors); the issue's, not a drug's.
ADULT_MIN_WEIGHT_KG = Decimal(30)
ADULT_MIN_AGE_YEARS = Decimal(18)
HIGH_WEIGHT_KG = Decimal(250)
# The smallest volume step a syringe for the concentrate is read at: the plan
# also gives the volume at this step and the mg it holds.
MEASURE_STEP_ML = Decimal("0.1")
# Products of the inputs stay exact at 50 digits; only a non-terminating
# quotient (e.g. a dose ÷ 3 mg/mL) is rounded, at the 50th significant digit.
ARITHMETIC = Context(prec=50)


def compute_plan(
    monograph: Monograph,
    *,
    weight: str,
    unit: str = "kg",
    regimen: str | None = None,
    age: str | None = None,
    start: str | None = None,
    cycles: int | None = None,
    height: str | None = None,
    height_unit: str = "cm",
    bsa_formula: str = "mosteller",
    bsa_cap: str | None = None,
    only: list[str] | None = None,
    patient: str | None = None,
    organ: OrganText | None = None,
    jurisdiction: str | None = None,
    round_to_vial: str | None = None,
    tidy: bool = True,
    complete: bool = True,
) -> DosePlan:
    """The dose plan for *weight* (text, parsed here) under one of the monograph's regimens.

    *height* (with *height_unit*, *bsa_formula* and an optional *bsa_cap*) gives
    the body surface area for per-m² doses; *only* limits the regimen's drugs
    shown; *patient* (initials or a record number) names the calendar's events.
    Without a height, per-m² doses are left uncomputed with a warning,
    unless *only* asks for such a drug: then the plan cannot answer (`UsageError`).
    *organ* is kidney and liver function as typed, matched against each partner
    drug's own rules.
    *jurisdiction* (`us`, the default, or `eu`) decides whether EU-only rules are in.
    *round_to_vial* (a tolerance in %) adds the nearest whole-vial dose of the
    monograph's own drug beside the exact one.
    *tidy* False skips writing every number without trailing zeros (the values are
    equal either way): for a caller that tidies the smaller record it makes of the
    plan, as `check` does; on a plan of many days the tidy is most of the cost.
    *complete* False (for `check`) leaves out what a check of one day's dose never
    reads: each day's premedications, the cycle totals and the own drug's vials
    (none chosen); every other number is computed as always, by the same code.
    """
    with localcontext(ARITHMETIC):
        weight_given, weight_kg = inputs.parse_weight(weight, unit)
        height_given, height_cm = inputs.parse_height(height, height_unit)
        formula = bsa.formula_named(bsa_formula)
        cap = inputs.parse_bsa_cap(bsa_cap)
        age_years = inputs.parse_age(age)
        patient_id = inputs.parse_patient(patient)
        start_date = inputs.parse_start(start)
        inputs.check_cycles(cycles)
        region = parse_jurisdiction(jurisdiction)
        rounding_pct = parse_round_to_vial(round_to_vial)
        chosen = pick_regimen(monograph, regimen)
        wanted = whole.check_only(monograph, chosen, only or [])
        warnings = plausibility_warnings(monograph, weight_kg, age_years)
        organs = parse_organ_function(organ or OrganText(), weight_kg, age_years, warnings)
        per_m2 = bool(whole.needs_height(chosen, wanted))
        area = _bsa(formula, height_cm, weight_kg, cap, per_m2, warnings)
        _height_needed(chosen, area, wanted, cap, warnings)
        plan_cycles = cycles or schedule.default_cycles(chosen)
        finite = schedule.finite_cycles(chosen)
        if finite is not None and plan_cycles > finite:
            warnings.append(
                f"{chosen.id} has {finite} cycles; the schedule stops at cycle {finite}"
            )
            plan_cycles = finite
        dose_mg = chosen.dose.amount * weight_kg
        plan = _assemble(
            monograph,
            chosen,
            Inputs(
                weight=weight_given,
                unit="lb" if unit == "lb" else "kg",
                kg_per_lb=inputs.KG_PER_LB if unit == "lb" else None,
                weight_kg=weight_kg,
                age_years=age_years,
                regimen=chosen.id,
                regimen_given=regimen is not None,
                start=start_date,
                cycles=plan_cycles,
                cycles_given=cycles is not None,
                height=height_given,
                height_unit="in" if height_unit == "in" else "cm",
                cm_per_in=bsa.CM_PER_IN if height_unit == "in" and height else None,
                height_cm=height_cm,
                bsa_formula=formula.id,
                bsa_cap_m2=cap,
                only=wanted,
                patient=patient_id,
                crcl_ml_min=organs.crcl_entered,
                creatinine_mg_dl=organs.creatinine,
                sex=organs.sex,
                dialysis=organs.kidney.dialysis,
                hepatic=organs.hepatic,
                child_pugh=organs.child_pugh,
            ),
            dose_mg,
            warnings,
            complete=complete,
        )
        plan = _with_regimen(plan, monograph, chosen, area, organs, complete=complete)
        review_days = plan.days
        if wanted:  # the timing checks need every drug of a day, whatever --only shows
            review_days = compute_plan(
                monograph,
                weight=weight,
                unit=unit,
                regimen=chosen.id,
                age=age,
                start=start,
                cycles=cycles,
                height=height,
                height_unit=height_unit,
                bsa_formula=bsa_formula,
                bsa_cap=bsa_cap,
                patient=patient,
                organ=organ,
                jurisdiction=region,
                tidy=False,
            ).days
        plan = care.with_care(plan, monograph, chosen, region, review_days)
        plan = with_vial_rounding(plan, monograph, rounding_pct)
        return tidied(plan) if tidy else plan


def _bsa(
    formula: bsa.Formula,
    height_cm: Decimal | None,
    weight_kg: Decimal,
    cap: Decimal | None,
    per_m2: bool,
    warnings: list[str],
) -> BsaPlan | None:
    """The BSA and its working when a height was given; a cap applies only when the user set one."""
    if height_cm is None:
        return None
    area = bsa.body_surface_area(formula, height_cm, weight_kg)
    warning = bsa.bsa_warning(area)
    if warning and per_m2:  # an odd BSA matters only where a dose is per m²
        warnings.append(warning)
    capped = cap is not None and area > cap
    return BsaPlan(
        formula=formula.id,
        formula_name=formula.name,
        expression=formula.expression,
        height_cm=height_cm,
        weight_kg=weight_kg,
        bsa_m2=area,
        cap_m2=cap,
        capped=capped,
        used_m2=cap if capped and cap is not None else area,
    )


def _height_needed(
    chosen: Regimen,
    area: BsaPlan | None,
    wanted: list[str],
    cap: Decimal | None,
    warnings: list[str],
) -> None:
    """Without a height, per-m² doses are not computed: a warning, or an error if asked for."""
    if area is not None:
        return
    if cap is not None:
        raise UsageError("--bsa-cap needs --height: there is no body surface area to cap")
    names = whole.needs_height(chosen, wanted)
    if not names:
        return
    listed = ", ".join(names)
    if wanted:
        raise UsageError(
            f"--only {', '.join(wanted)}: {listed} is dosed per m² of body surface area; "
            "accepted: add --height (cm, or in with --height-unit in)"
        )
    warnings.append(
        f"{listed}: dosed per m² of body surface area, not computed without --height "
        "(cm, or in with --height-unit in); the rest of the plan is computed"
    )


def _with_regimen(
    plan: DosePlan,
    monograph: Monograph,
    chosen: Regimen,
    area: BsaPlan | None,
    organs: OrganFunction,
    *,
    complete: bool = True,
) -> DosePlan:
    """The plan with every drug of the regimen on every treatment day."""
    import msgspec

    given = plan.inputs
    own = whole.OwnDrug(
        id=monograph.id,
        name=monograph.name,
        per_kg_mg=chosen.dose.amount,
        dose_mg=plan.dose_mg,
        route=", ".join(monograph.routes) or "as the monograph gives",
        source=chosen.source,
    )
    patient = whole.Patient(weight_kg=given.weight_kg, bsa=area, age=given.age_years, organs=organs)
    rows = [(row.cycle, row.day, row.treatment_day, row.cycle_length_days, row.date)
            for row in plan.schedule]  # fmt: skip
    parts = whole.regimen_parts(
        monograph,
        chosen,
        own,
        patient,
        rows,
        given.cycles,
        given.start,
        given.only,
        with_totals=complete,
    )
    warnings = list(plan.warnings)
    warnings += [
        f"{line_plan.name}: the dose depends on age with {chosen.id}; give --age to resolve it"
        for line_plan in parts.drugs
        # a premedication's own warning already says so
        if line_plan.premedication is None
        and any(line.status == "needs_age" for line in line_plan.lines)
    ]
    partners = [drug for drug in chosen.drugs if not given.only or drug.id in given.only]
    for drug in partners:
        warnings += partner_rules.missing_function_warnings(drug, organs)
    warnings += sorted(
        {
            f"{drug.name}: {line.disagreement}"
            for drug in parts.drugs
            for line in drug.lines
            if line.disagreement
        }
    )
    caps = [partner_rules.drug_bsa_cap(drug, area) for drug in partners]
    return msgspec.structs.replace(
        plan,
        bsa=area,
        regimen_drugs=parts.drugs,
        order=[list(group) for group in chosen.order],
        order_note=chosen.order_note,
        days=day_premeds.with_premedications(
            parts.days, plan.premedications, parts.drugs, parts.undated
        )
        if complete
        else parts.days,
        undated_doses=parts.undated,
        cycle_totals=parts.totals,
        warnings=warnings,
        kidney_function=organs.kidney,
        drug_bsa_caps=[cap for cap in caps if cap is not None],
        organ_rules=[found for drug in partners for found in partner_rules.outcomes(drug, organs)],
    )


def pick_regimen(monograph: Monograph, wanted: str | None) -> Regimen:
    """The regimen named by id, else the first; a drug without one cannot be planned."""
    if not monograph.regimens:
        raise NotFoundError(
            f"no structured weight-based regimen for {monograph.name}",
            hint=f"see: medcli show {monograph.id} -s dosage",
        )
    if wanted is None:
        return monograph.regimens[0]
    key = wanted.strip().lower()
    for candidate in monograph.regimens:
        if candidate.id == key:
            return candidate
    ids = ", ".join(candidate.id for candidate in monograph.regimens)
    raise UsageError(f"--regimen {wanted!r} is not a regimen of {monograph.name}; accepted: {ids}")


def plausibility_warnings(
    monograph: Monograph, weight_kg: Decimal, age: Decimal | None
) -> list[str]:
    warnings: list[str] = []
    weight = f"{format_number(weight_kg)} kg"  # exact: a rounded 29.999 would read "30 kg"
    if monograph.adults_only and weight_kg < ADULT_MIN_WEIGHT_KG:
        warnings.append(
            f"{monograph.name} is for adults only and {weight} is under "
            f"{ADULT_MIN_WEIGHT_KG} kg; check the weight"
        )
    if monograph.adults_only and age is not None and age < ADULT_MIN_AGE_YEARS:
        warnings.append(
            f"{monograph.name} is for adults only and the age given is "
            f"{format_number(age)} years (under {ADULT_MIN_AGE_YEARS})"
        )
    if weight_kg > HIGH_WEIGHT_KG:
        warnings.append(f"a weight of {weight} is over {HIGH_WEIGHT_KG} kg; check the weight")
    return warnings


def _assemble(
    monograph: Monograph,
    chosen: Regimen,
    given: Inputs,
    dose_mg: Decimal,
    warnings: list[str],
    *,
    complete: bool = True,
) -> DosePlan:
    products = [
        ProductConcentration(
            strength_mg=p.strength_mg,
            volume_ml=p.volume_ml,
            concentration_mg_ml=p.strength_mg / p.volume_ml,
        )
        for p in monograph.products
    ]
    reference = _single_concentration(monograph, warnings)
    volume_ml = None if reference is None else _ml(dose_mg, reference)
    choice = (
        vials.choose_vials(dose_mg, [p.strength_mg for p in monograph.products])
        if products and complete
        else None
    )
    waste_mg = None if choice is None else choice.total_mg - dose_mg
    preparation = _preparation(monograph, volume_ml, reference, warnings)
    infusions, infusion_warnings = memo.part(
        monograph, ("infusions",), lambda: _infusions(monograph)
    )
    warnings += infusion_warnings
    premedications, premedication_warnings = memo.part(
        monograph,
        ("premedications", chosen.id, given.age_years),
        lambda: _premedications(monograph, chosen, given.age_years),
    )
    warnings += premedication_warnings
    return DosePlan(
        drug=DrugRef(id=monograph.id, name=monograph.name),
        regimen=RegimenRef(
            id=chosen.id,
            name=chosen.name,
            dose_per_kg_mg=chosen.dose.amount,
            basis=chosen.dose.basis,
            phases=[
                PhaseRef(
                    first_cycle=phase.cycles[0],
                    last_cycle=phase.cycles[1],
                    cycle_length_days=phase.cycle_length_days,
                    days=list(phase.days),
                )
                for phase in chosen.phases
            ],
            combined_with=list(chosen.combined_with),
            until=chosen.until,
        ),
        other_regimens=[
            DrugRef(id=r.id, name=r.name) for r in monograph.regimens if r.id != chosen.id
        ],
        inputs=given,
        weight_kg=given.weight_kg,
        dose_mg=dose_mg,
        products=products,
        concentration_mg_ml=None if reference is None else products[0].concentration_mg_ml,
        volume_ml=volume_ml,
        vials=_vial_counts(monograph, choice),
        vial_count=0 if choice is None else choice.vials,
        vials_total_mg=None if choice is None else choice.total_mg,
        waste_mg=waste_mg,
        waste_ml=None if waste_mg is None or reference is None else _ml(waste_mg, reference),
        preparation=preparation,
        infusions=list(infusions),
        schedule=_schedule(chosen, given, infusions),
        premedications=list(premedications),
        warnings=warnings,
        rules=list(memo.part(monograph, ("rules", chosen.id), lambda: _rules(monograph, chosen))),
    )


def _rules(monograph: Monograph, chosen: Regimen) -> list[Rule]:
    """The regimen's notes and the monograph's dose rules for it: the same for every patient."""
    return [Rule(title="Regimen", text=note, source=chosen.source) for note in chosen.notes] + [
        Rule(title=n.title, text=n.text, source=n.source, section=n.section)
        for n in monograph.dose_rules
        if not n.regimens or chosen.id in n.regimens
    ]


def _premedications(
    monograph: Monograph, chosen: Regimen, age_years: Decimal | None
) -> tuple[list[PremedPlan], list[str]]:
    """The premedications resolved for the regimen and age, with the warnings they raise."""
    premedications = [
        premeds.resolve_premedication(p, chosen.id, age_years) for p in monograph.premedications
    ]
    warnings = [
        f"{p.name}: the dose depends on age with {chosen.id}; give --age to resolve it "
        "(all options are shown)"
        for p in premedications
        if p.status == "age_needed"
    ]
    return premedications, warnings + _non_label_doses(monograph, chosen, premedications)


def _non_label_doses(
    monograph: Monograph, chosen: Regimen, premedications: list[PremedPlan]
) -> list[str]:
    """A warning for each dose shown that a label does not give (e.g. a trial regimen).

    A nurse must not mistake a manufacturer's trial regimen for the label's
    premedication dose: the warning names where the dose comes from.
    """
    sources = {source.id: source for source in monograph.sources}
    found: list[str] = []
    for premedication in premedications:
        for option in premedication.doses:
            source = sources.get(option.source or "")
            if option.source is None or (source is not None and source.kind == "label"):
                continue
            title = option.source if source is None else source.title
            amount = format_number(option.amount)
            found.append(
                f"{premedication.name} {amount} {option.unit} with {chosen.id} comes from "
                f"{title} [{option.source}], not from a label's premedication table; check it "
                "against the current label and the prescriber's regimen"
            )
    return found


def _single_concentration(monograph: Monograph, warnings: list[str]) -> Product | None:
    """A product standing for the one concentration all products share; None if they differ.

    Compared by cross-multiplication and applied as volume/strength, so a
    concentration such as 100 mg/3 mL never enters the arithmetic rounded.
    """
    if not monograph.products:
        warnings.append(
            f"the monograph lists no products for {monograph.name}; "
            "no vials or volumes are computed"
        )
        return None
    first = monograph.products[0]
    if all(
        p.strength_mg * first.volume_ml == first.strength_mg * p.volume_ml
        for p in monograph.products
    ):
        return first
    warnings.append(
        "the products differ in concentration; the concentrate volume depends on the vials "
        "drawn from and is not computed"
    )
    return None


def _ml(mg: Decimal, product: Product) -> Decimal:
    return mg * product.volume_ml / product.strength_mg


def _vial_counts(monograph: Monograph, choice: vials.VialChoice | None) -> list[VialCount]:
    """The vials used, largest strength first."""
    if choice is None:
        return []
    used = vials.vial_counts(monograph.products, choice.counts)
    return sorted(used, key=lambda vial: -vial.strength_mg)


def _preparation(
    monograph: Monograph,
    volume_ml: Decimal | None,
    reference: Product | None,
    warnings: list[str],
) -> Preparation | None:
    admin = monograph.administration
    if admin is None or admin.infusion_volume_ml is None or volume_ml is None:
        return None
    bag = admin.infusion_volume_ml
    if volume_ml > bag:
        warnings.append(
            f"the concentrate volume ({format_number(volume_ml, 2)} mL) is more than the "
            f"{format_number(bag)} mL infusion volume; no preparation is possible as written"
        )
        return None
    measured = volume_ml.quantize(MEASURE_STEP_ML, rounding=ROUND_HALF_UP)
    return Preparation(
        bag_volume_ml=bag,
        remove_ml=volume_ml,
        add_ml=volume_ml,
        final_volume_ml=bag,
        diluents=list(admin.diluents),
        measure_step_ml=MEASURE_STEP_ML,
        measured_ml=measured,
        measured_mg=None
        if reference is None
        else measured * reference.strength_mg / reference.volume_ml,
    )


def _infusions(monograph: Monograph) -> tuple[list[InfusionPlan], list[str]]:
    """The infusion timings and their warnings: the monograph's own, the same for every patient."""
    admin = monograph.administration
    if admin is None or not admin.rates:
        return [], []
    if admin.infusion_volume_ml is None:
        return [], ["the monograph gives no infusion volume; infusion times are not computed"]
    plans = [infusion.infusion_plan(rates, admin.infusion_volume_ml) for rates in admin.rates]
    warnings = [warning for plan in plans for warning in infusion.timing_warnings(plan)]
    return plans, warnings


def _schedule(chosen: Regimen, given: Inputs, infusions: list[InfusionPlan]) -> list[ScheduledDose]:
    rows = schedule.dosing_days(chosen, given.cycles, given.start)
    doses: list[ScheduledDose] = []
    for number, (cycle, day, treatment_day, length, date) in enumerate(rows, start=1):
        rates = infusion.rates_for(infusions, number)
        doses.append(
            ScheduledDose(
                infusion=number,
                cycle=cycle,
                day=day,
                treatment_day=treatment_day,
                cycle_length_days=length,
                date=date,
                duration_min=None if rates is None else rates.duration_min,
            )
        )
    return doses
