"""The whole-regimen part of the dose plan: body surface area, each drug's working, day by day.

Rendering only: every number comes computed in the `DosePlan`. A dose the plan
could not compute says what is missing, in the place the dose would stand.
"""

from __future__ import annotations

from decimal import Decimal

from rich.console import RenderableType
from rich.text import Text

from medcli.dosing.records import (
    BsaPlan,
    DayDrug,
    DoseChoice,
    DosePlan,
    DrugDoseLine,
    DrugTotal,
    TreatmentDay,
    UndatedDose,
)
from medcli.model import Monograph
from medcli.numbers import format_number, format_quantity, is_shown_exactly
from medcli.render.care import giving_each_drug
from medcli.render.common import bullet, heading, operand, shown, subheading
from medcli.render.dose_text import day_premedication_text
from medcli.render.organ_rules import drug_caps, kidney_and_liver
from medcli.render.regimen_text import (
    ages_text,
    cycles_text,
    days_text,
    drug_heading,
    order_text,
)

BSA_PLACES = 4
DOSE_PLACES = 1
MISSING = {
    "needs_height": "not computed: needs --height for the body surface area",
    "needs_age": "depends on age: give --age",
    "no_dose_for_age": "the sources give no dose for this age",
    "by_tolerance": "not computed: the label leaves this dose to tolerance (see Regimen drugs)",
    "rules_conflict": "not computed: two label rules set this dose (see Regimen drugs)",
}


def regimen_view(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    """Body surface area, the regimen's drugs, the order, every treatment day, cycle totals."""
    if not plan.regimen_drugs and plan.bsa is None:
        return kidney_and_liver(plan, monograph)  # the function given, even with no drug to use it
    return [
        *body_surface_area(plan, monograph),
        *kidney_and_liver(plan, monograph),
        *regimen_drugs(plan, monograph),
        *giving_each_drug(plan, monograph),
        *days(plan),
        *totals(plan),
    ]


def rounded_mg(value: Decimal) -> str:
    """A day's dose: exact when it has one decimal, else `≈` and the value to 1 decimal."""
    text = format_quantity(value, "mg", DOSE_PLACES)
    return text if is_shown_exactly(value, DOSE_PLACES) else f"≈{text}"


def body_surface_area(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    area = plan.bsa
    per_m2 = any(line.unit == "mg/m²" for drug in plan.regimen_drugs for line in drug.lines)
    if area is None and not per_m2:
        return []
    lines: list[RenderableType] = [heading("Body surface area")]
    if area is None:
        lines.append(Text("not computed: give --height (cm, or in with --height-unit in)"))
        return lines
    given = plan.inputs
    if given.cm_per_in is not None and given.height is not None:
        lines.append(
            Text(
                f"Height: {format_quantity(given.height, 'in')} × "
                f"{format_number(given.cm_per_in)} cm/in = {operand(area.height_cm, 'cm')}"
            )
        )
    lines += [
        Text(f"{area.formula_name}: BSA = {area.expression}", style="dim"),
        Text(bsa_working(area), style="bold"),
    ]
    if area.cap_m2 is not None:
        cap = format_quantity(area.cap_m2, "m²")
        lines.append(
            Text(
                f"Capped at {cap} (--bsa-cap): per-m² doses use {cap}."
                if area.capped
                else f"Cap {cap} (--bsa-cap) not reached: per-m² doses use the BSA above."
            )
        )
    elif plan.drug_bsa_caps:
        lines.append(
            Text("No --bsa-cap: per-m² doses use the BSA above unless a drug's own cap is lower.")
        )
    else:
        lines.append(Text("No cap: per-m² doses use the BSA above.", style="dim"))
    return lines + drug_caps(plan, monograph)


def bsa_working(area: BsaPlan) -> str:
    height = operand(area.height_cm, "cm")
    weight = operand(area.weight_kg, "kg")
    result = shown(area.bsa_m2, "m²", BSA_PLACES)
    if area.formula == "mosteller":
        return f"√({height} × {weight} ÷ 3600) = {result}"
    return f"{area.formula_name}({height}, {weight}) = {result}"


def regimen_drugs(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    if not plan.regimen_drugs:
        return []
    lines: list[RenderableType] = [heading("Regimen drugs")]
    trial = sorted(
        {drug.source for drug in plan.regimen_drugs if is_manufacturer(monograph, drug.source)}
    )
    if trial:
        lines.append(
            Text(
                "Doses and days from "
                + ", ".join(title_of(monograph, source) for source in trial)
                + ": the manufacturer's pages, not label text; check them "
                "against each drug's own label and the prescriber's regimen.",
                style="dim",
            )
        )
    for drug in plan.regimen_drugs:
        lines.append(drug_heading(monograph, drug.name, drug.route, drug.source, drug.section))
        for line in drug.lines:
            lines.append(bullet(dose_line_text(line), marker="   "))
            if line.rule:
                lines.append(bullet(f"Set by its label's rule: {line.rule}", marker="     "))
            if line.note:
                lines.append(bullet(line.note, marker="     "))
            if line.disagreement:
                lines.append(bullet(f"Note: {line.disagreement}", marker="     !"))
        if drug.premedication:
            lines.append(
                bullet(
                    f"On infusion days this dose is also the {drug.premedication} "
                    "premedication: one dose, not two.",
                    marker="   ",
                )
            )
        if drug.note:
            lines.append(bullet(drug.note, marker="   "))
    return lines


def is_manufacturer(monograph: Monograph, source_id: str | None) -> bool:
    return any(s.id == source_id and s.kind == "manufacturer" for s in monograph.sources)


def title_of(monograph: Monograph, source_id: str | None) -> str:
    titles = {source.id: source.title for source in monograph.sources}
    return f"{titles.get(source_id or '', source_id)} [{source_id}]"


def dose_line_text(line: DrugDoseLine) -> str:
    when = days_text(line.days) if line.days else (line.when or "")
    head = f"{cycles_text(line.first_cycle, line.last_cycle)}, {when}: "
    return head + dose_working(line) + f" {line.route}" + ages_text(line.age_min, line.age_below)


def dose_working(line: DrugDoseLine) -> str:
    if line.status == "needs_age":
        return f"{options_text(line.options)} ({MISSING['needs_age']})"
    if line.status != "computed" or line.amount is None:
        amount = "" if line.amount is None else format_quantity(line.amount, line.unit) + " "
        return f"{amount}({MISSING[line.status]})"
    if line.basis is None or line.dose_mg is None:
        return format_quantity(line.amount, line.unit)
    basis_unit = "m²" if line.unit == "mg/m²" else "kg"
    return (
        f"{format_quantity(line.amount, line.unit)} × {operand(line.basis, basis_unit)} = "
        f"{shown(line.dose_mg, 'mg', DOSE_PLACES)}"
    )


def options_text(options: list[DoseChoice]) -> str:
    return "; ".join(
        format_quantity(o.amount, o.unit) + ages_text(o.age_min, o.age_below) for o in options
    )


def days(plan: DosePlan) -> list[RenderableType]:
    if not plan.days and not plan.undated_doses:
        return []
    lines: list[RenderableType] = [heading("Day by day")]
    if plan.order:
        lines.append(Text(order_text(plan.order)))
    if any(len(group) > 1 for group in plan.order):
        lines.append(
            Text("Drugs with the same number: the sources give no order between them.", style="dim")
        )
    if plan.order_note:
        lines.append(Text(plan.order_note, style="dim"))
    lines.append(Text("≈: rounded to 1 decimal; the working is under Regimen drugs.", style="dim"))
    undated: dict[int, list[UndatedDose]] = {}
    for dose in plan.undated_doses:
        undated.setdefault(dose.cycle, []).append(dose)
    by_cycle: dict[int, list[TreatmentDay]] = {}
    for day in plan.days:
        by_cycle.setdefault(day.cycle, []).append(day)
    for cycle in sorted(set(by_cycle) | set(undated)):
        for day in by_cycle.get(cycle, []):
            lines += day_block(day)
        for dose in undated.get(cycle, []):
            lines.append(subheading(f"\nCycle {cycle}, no days given"))
            lines.append(bullet(undated_text(dose), marker="  -"))
    return lines


def day_block(day: TreatmentDay) -> list[RenderableType]:
    date = f" · {day.date.isoformat()}" if day.date else f" · treatment day {day.treatment_day}"
    lines: list[RenderableType] = [subheading(f"\nCycle {day.cycle} day {day.day}{date}")]
    if day.premedications:
        lines.append(Text("  Premedication before the infusion:"))
        lines += [
            bullet(day_premedication_text(premedication), marker="  -")
            for premedication in day.premedications
        ]
    lines += [bullet(day_drug_text(drug), marker=_rank(drug)) for drug in day.drugs]
    lines += [bullet(note, marker="  !") for note in day.notes]
    return lines


def _rank(drug: DayDrug) -> str:
    return "  -" if drug.rank is None else f"  {drug.rank}."


def day_drug_text(drug: DayDrug) -> str:
    if drug.status == "computed" and drug.dose_mg is not None:
        dose = rounded_mg(drug.dose_mg)
        if drug.unit != "mg" and drug.amount is not None:
            dose += f" ({format_quantity(drug.amount, drug.unit)})"
    else:
        dose = MISSING[drug.status]
    text = f"{drug.name} {dose} {drug.route}"
    if drug.infusion is not None:
        text += f", infusion {drug.infusion}"
    if drug.premedication:
        text += " (also the premedication)"
    if drug.note:
        text += f" ({drug.note})"
    return text


def undated_text(dose: UndatedDose) -> str:
    amount = MISSING[dose.status] if dose.dose_mg is None else rounded_mg(dose.dose_mg)
    return f"{dose.name} {amount} {dose.route}, {dose.when}"


def totals(plan: DosePlan) -> list[RenderableType]:
    if not plan.cycle_totals:
        return []
    lines: list[RenderableType] = [heading("Totals per cycle")]
    by_cycle: dict[int, list[DrugTotal]] = {}
    for total in plan.cycle_totals:
        by_cycle.setdefault(total.cycle, []).append(total)
    for cycle, items in by_cycle.items():
        lines.append(subheading(f"Cycle {cycle}"))
        lines += [bullet(total_text(total)) for total in items]
    return lines


def total_text(total: DrugTotal) -> str:
    if total.doses is None:
        return f"{total.name}: number of doses not given by the source"
    doses = f"{total.doses} dose{'s' if total.doses != 1 else ''}"
    if total.total_mg is None:
        return f"{total.name}: {doses}, total not computed (a dose is missing)"
    return f"{total.name}: {doses}, {shown(total.total_mg, 'mg', DOSE_PLACES)}"
