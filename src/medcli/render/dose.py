"""The dose plan as text: every number with the arithmetic that produced it.

Shown precision (the JSON carries exact values): weight 2 decimals (kg), dose
1 decimal (mg), volumes 2 decimals (mL), minutes 1 decimal; rates, strengths and
mg/kg as the monograph gives them. Where a shown value is rounded, the exact
value is printed first and the rounded one after `≈`.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text

from medcli.dosing.infusion import infusion_label
from medcli.dosing.records import DosePlan, InfusionPlan, PhaseRef, PremedPlan
from medcli.model import Monograph
from medcli.numbers import (
    format_duration,
    format_number,
    format_quantity,
    is_shown_exactly,
)
from medcli.render.bands import dose_bands
from medcli.render.care import clinical_review, supportive_care
from medcli.render.common import (
    bullet,
    dose_option_text,
    heading,
    indented,
    operand,
    shown,
    simple_table,
    source_tag,
    subheading,
)
from medcli.render.monograph import disclaimer_and_sources
from medcli.render.regimen import regimen_view

WEIGHT_PLACES = 2
DOSE_PLACES = 1
VOLUME_PLACES = 2
MINUTE_PLACES = 1
PRECISION_NOTE = (
    "Shown: weight to 2 decimals (kg), dose to 1 decimal (mg), volumes to 2 decimals (mL), "
    "minutes to 1 decimal; ≈ follows an exact value that is shown rounded. "
    "--json gives every value exactly."
)


def dose_view(
    plan: DosePlan, monograph: Monograph, origin: Sequence[RenderableType] = ()
) -> list[RenderableType]:
    """The plan in reading order (*origin*, the file the monograph came from when it is not
    the bundled data, under the title); the disclaimer and sources close it."""
    return [
        *title(plan),
        *origin,
        *inputs(plan),
        *dose(plan),
        *concentrate(plan),
        *vials(plan),
        *preparation(plan),
        *infusions(plan),
        *schedule(plan),
        *regimen_view(plan, monograph),
        *dose_bands(plan),
        *supportive_care(plan, monograph),
        *clinical_review(plan, monograph),
        *premedications(plan, monograph),
        *warnings(plan),
        *rules(plan, monograph),
        *disclaimer_and_sources(monograph),
    ]


def title(plan: DosePlan) -> list[RenderableType]:
    return [
        Text(f"Dose plan: {plan.drug.name}", style="bold"),
        Text(
            "A plan to verify: each number below can be checked from the lines before it.",
            style="dim",
        ),
    ]


def inputs(plan: DosePlan) -> list[RenderableType]:
    given = plan.inputs
    if given.kg_per_lb is not None:
        weight = (
            f"{format_quantity(given.weight, 'lb')} × {format_number(given.kg_per_lb)} kg/lb"
            f" = {shown(given.weight_kg, 'kg', WEIGHT_PLACES)}"
        )
    else:
        weight = shown(given.weight_kg, "kg", WEIGHT_PLACES)
    age = "not given" if given.age_years is None else f"{format_number(given.age_years)} years"
    chosen = "" if given.regimen_given else " (the first listed; choose with --regimen ID)"
    others = "; ".join(f"{r.id} ({r.name})" for r in plan.other_regimens) or "none"
    start = (
        "not given (no dates)"
        if given.start is None
        else f"{given.start.isoformat()} (cycle 1, day 1)"
    )
    cycles = f"{given.cycles}"
    if not given.cycles_given:
        cycles += " (default: through the first cycle of the regimen's last phase)"
    rows = [
        ("Weight", weight),
        ("Age", age),
        ("Regimen", f"{plan.regimen.name}, id {plan.regimen.id}{chosen}"),
        ("Other regimens", others),
        ("Start", start),
        ("Cycles", cycles),
    ]
    if given.patient is not None:
        rows.insert(0, ("Patient", given.patient))
    return [heading("Inputs"), *(labelled(label, value) for label, value in rows)]


def labelled(label: str, value: str) -> Text:
    return Text.assemble((f"{label}: ", "bold"), value)


def dose(plan: DosePlan) -> list[RenderableType]:
    regimen = plan.regimen
    formula = (
        f"{format_quantity(regimen.dose_per_kg_mg, 'mg/kg')} × "
        f"{operand(plan.weight_kg, 'kg')} = {shown(plan.dose_mg, 'mg', DOSE_PLACES)}"
    )
    return [
        heading("Dose"),
        Text(formula, style="bold"),
        Text(f"Dose per infusion; basis: {regimen.basis}.", style="dim"),
        Text(PRECISION_NOTE, style="dim"),
    ]


def concentrate(plan: DosePlan) -> list[RenderableType]:
    if not plan.products:
        return []
    lines: list[RenderableType] = [heading("Concentrate volume")]
    lines += [
        bullet(
            f"{format_quantity(p.strength_mg, 'mg')} ÷ {format_quantity(p.volume_ml, 'mL')} = "
            f"{shown(p.concentration_mg_ml, 'mg/mL', VOLUME_PLACES)}"
        )
        for p in plan.products
    ]
    if plan.concentration_mg_ml is None or plan.volume_ml is None:
        lines.append(Text("The products differ in concentration: no single volume to draw up."))
        return lines
    lines.append(
        Text(
            f"{operand(plan.dose_mg, 'mg')} ÷ "
            f"{operand(plan.concentration_mg_ml, 'mg/mL')} = "
            f"{shown(plan.volume_ml, 'mL', VOLUME_PLACES)}",
            style="bold",
        )
    )
    return lines


def vials(plan: DosePlan) -> list[RenderableType]:
    if not plan.vials or plan.vials_total_mg is None or plan.waste_mg is None:
        return []
    lines: list[RenderableType] = [heading("Vials")]
    lines += [
        Text(
            f"{vial.count} × {format_quantity(vial.strength_mg, 'mg')}/"
            f"{format_quantity(vial.volume_ml, 'mL')} = "
            f"{format_quantity(vial.total_mg, 'mg')}"
        )
        for vial in plan.vials
    ]
    count = plan.vial_count
    lines.append(
        Text(
            f"Total: {format_quantity(plan.vials_total_mg, 'mg')} in {count} "
            f"vial{'s' if count != 1 else ''} (least waste, then fewest vials)"
        )
    )
    waste = (
        f"Waste: {format_quantity(plan.vials_total_mg, 'mg')} − "
        f"{operand(plan.dose_mg, 'mg')} = {shown(plan.waste_mg, 'mg', DOSE_PLACES)}"
    )
    if plan.waste_ml is not None:
        waste += f" ({shown(plan.waste_ml, 'mL', VOLUME_PLACES)})"
    lines.append(Text(waste))
    return lines + vial_rounding(plan)


def vial_rounding(plan: DosePlan) -> list[RenderableType]:
    """The nearest whole-vial dose beside the exact one: offered within the tolerance."""
    rounding = plan.vial_rounding
    if rounding is None:
        return []
    vials_used = " + ".join(
        f"{vial.count} × {format_quantity(vial.strength_mg, 'mg')}" for vial in rounding.vials
    )
    tolerance = format_number(rounding.tolerance_pct)
    line = (
        f"Nearest whole vials: {format_quantity(rounding.nearest_mg, 'mg')} ({vials_used}), "
        f"{shown(rounding.deviation_mg, 'mg', DOSE_PLACES)} "
        f"({format_number(rounding.deviation_pct, 2)}%) from the exact "
        f"{shown(rounding.dose_mg, 'mg', DOSE_PLACES)}: "
    )
    if rounding.within:
        line += f"within {tolerance}%, offered for the prescriber to choose; not applied"
    else:
        line += f"outside {tolerance}%, not offered; the exact dose stands"
    return [Text(line)]


def preparation(plan: DosePlan) -> list[RenderableType]:
    prep = plan.preparation
    if prep is None:
        return []
    bag = format_quantity(prep.bag_volume_ml, "mL")
    diluent = f" of {' or '.join(prep.diluents)}" if prep.diluents else ""
    volume = shown(prep.remove_ml, "mL", VOLUME_PLACES)
    lines: list[RenderableType] = [
        heading("Preparation"),
        Text(f"1. Take a {bag} bag{diluent}."),
        Text(f"2. Remove {volume} of diluent."),
        Text(
            f"3. Add {shown(prep.add_ml, 'mL', VOLUME_PLACES)} of concentrate "
            f"({shown(plan.dose_mg, 'mg', DOSE_PLACES)}): "
            f"{format_quantity(prep.final_volume_ml, 'mL')} in the bag."
        ),
    ]
    # Only when the exact volume is not already at the measurable step.
    if (
        prep.measured_ml is not None
        and prep.measure_step_ml is not None
        and prep.measured_ml != prep.add_ml
    ):
        step = format_quantity(prep.measure_step_ml, "mL")
        holds = (
            ""
            if prep.measured_mg is None
            else f", which holds {shown(prep.measured_mg, 'mg', DOSE_PLACES)}"
        )
        lines.append(
            Text(
                f"Measured at a {step} step: {format_quantity(prep.measured_ml, 'mL')}{holds} "
                "(--json has the exact volume).",
                style="dim",
            )
        )
    return lines


def infusions(plan: DosePlan) -> list[RenderableType]:
    if not plan.infusions:
        return []
    lines: list[RenderableType] = [
        heading("Infusion rates"),
        Text(
            "Start: minute the step starts; mL/h: rate; Min: minutes at that rate; "
            "mL: volume infused in the step; Total mL: infused so far.",
            style="dim",
        ),
    ]
    for infusion in plan.infusions:
        lines += infusion_block(infusion)
    return lines


def infusion_block(infusion: InfusionPlan) -> list[RenderableType]:
    label = infusion_label(infusion.number, infusion.last)
    if infusion.duration_min is None:
        summary = f"{label}: the steps do not empty the bag"
    else:
        summary = f"{label}: {shown(infusion.duration_min, 'min', MINUTE_PLACES)}"
        clock = format_duration(infusion.duration_min, MINUTE_PLACES)
        if " h" in clock:
            summary += f" ({clock})"
    if infusion.published_duration_min is not None:
        summary += f"; published: {format_quantity(infusion.published_duration_min, 'min')}"
    table = simple_table("Start", "mL/h", "Min", "mL", "Total mL")
    for column in table.columns:
        column.justify = "right"
    for step in infusion.steps:
        table.add_row(
            cell(step.start_min, MINUTE_PLACES),
            format_number(step.rate_ml_h),
            cell(step.minutes, MINUTE_PLACES) + ("*" if step.until_empty else ""),
            cell(step.volume_ml, VOLUME_PLACES),
            cell(step.cumulative_ml, VOLUME_PLACES),
        )
    lines: list[RenderableType] = [subheading("\n" + summary), indented(table)]
    if any(step.until_empty for step in infusion.steps):
        lines.append(Text("* until the bag is empty: mL left ÷ rate × 60", style="dim"))
    values = [v for step in infusion.steps for v in (step.start_min, step.minutes)]
    volumes = [v for step in infusion.steps for v in (step.volume_ml, step.cumulative_ml)]
    if not all(is_shown_exactly(v, MINUTE_PLACES) for v in values) or not all(
        is_shown_exactly(v, VOLUME_PLACES) for v in volumes
    ):
        lines.append(Text(ROUNDED_CELL_NOTE, style="dim"))
    return lines


ROUNDED_CELL_NOTE = "≈ before a number: rounded for the table; --json has the exact value."


def cell(value: Decimal, places: int) -> str:
    """A table number: exact, or `≈` and the rounded value (the note under the table says so)."""
    text = format_number(value, places)
    return text if is_shown_exactly(value, places) else f"≈{text}"


def schedule(plan: DosePlan) -> list[RenderableType]:
    dated = plan.inputs.start is not None
    table: Table = simple_table("#", "Cycle", "Day", "Date" if dated else "Tx day", "Min")
    for column in table.columns:
        column.justify = "right"
    for dose_row in plan.schedule:
        table.add_row(
            str(dose_row.infusion),
            str(dose_row.cycle),
            str(dose_row.day),
            dose_row.date.isoformat() if dose_row.date else str(dose_row.treatment_day),
            "?" if dose_row.duration_min is None else cell(dose_row.duration_min, MINUTE_PLACES),
        )
    count = len(plan.schedule)
    lines: list[RenderableType] = [
        heading("Schedule"),
        Text(
            f"{count} infusion{'s' if count != 1 else ''} of "
            f"{shown(plan.dose_mg, 'mg', DOSE_PLACES)} over "
            f"{plan.inputs.cycles} cycle{'s' if plan.inputs.cycles != 1 else ''}"
        ),
        Text("At this weight: weigh again before each cycle and recompute the dose."),
        *(bullet(phase_text(phase)) for phase in plan.regimen.phases),
        indented(table),
    ]
    if not dated:
        lines.append(Text("Tx day: day of treatment, day 1 = cycle 1 day 1.", style="dim"))
    if any(
        row.duration_min is not None and not is_shown_exactly(row.duration_min, MINUTE_PLACES)
        for row in plan.schedule
    ):
        lines.append(Text(ROUNDED_CELL_NOTE, style="dim"))
    if any(row.duration_min is None for row in plan.schedule):
        lines.append(Text("?: no infusion time could be computed (see Warnings).", style="dim"))
    if plan.regimen.until:
        lines.append(Text(f"Continue until: {plan.regimen.until}."))
    return lines


def phase_text(phase: PhaseRef) -> str:
    first, last = phase.first_cycle, phase.last_cycle
    cycles = f"Cycle {first}" if last == first else f"Cycles {first} to {last}"
    if last is None:
        cycles = f"Cycle {first} and later"
    days = ", ".join(str(day) for day in phase.days)
    plural = "" if last == first else "s"
    on_days = f"day{'s' if len(phase.days) > 1 else ''} {days}"
    return f"{cycles}: {phase.cycle_length_days}-day cycle{plural}, infusions on {on_days}"


def premedications(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    if not plan.premedications:
        return []
    lines: list[RenderableType] = [heading("Premedications")]
    for premed in plan.premedications:
        own = premed.doses[0].source if premed.status == "resolved" else None
        lines.append(
            bullet(
                (premed.name, "bold"),
                ": ",
                premed_summary(premed, plan),
                source_tag(monograph, own) if own else "",
            )
        )
        details = [text for text in (premed.route, premed.timing, premed.note) if text]
        if premed.status in ("options", "age_needed"):
            details = [dose_option_text(option) for option in premed.doses] + details
        lines += [bullet(detail, marker="   ") for detail in details]
        if premed.source:
            lines.append(bullet(source_tag(monograph, premed.source)[1:], marker="   "))
    return lines


def premed_summary(premed: PremedPlan, plan: DosePlan) -> str:
    if premed.status == "resolved":
        return dose_option_text(premed.doses[0])
    if premed.status == "options":
        return "any of these options:"
    if premed.status == "age_needed":
        return "depends on age; give --age. Options:"
    if premed.status == "no_dose_for_age":
        age = format_number(plan.inputs.age_years or 0)
        return f"the sources give no dose for age {age} with {plan.regimen.id}"
    if premed.status == "no_dose_for_regimen":
        return f"the sources give no dose for this regimen ({plan.regimen.id})"
    return "the sources give no dose"


def warnings(plan: DosePlan) -> list[RenderableType]:
    lines: list[RenderableType] = [heading("Warnings")]
    lines += [bullet(warning) for warning in plan.warnings] or [Text("none")]
    return lines


def rules(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    if not plan.rules:
        return []
    return [
        heading("Rules"),
        *(
            bullet(
                (rule.title, "bold"),
                ": ",
                rule.text,
                source_tag(monograph, rule.source, rule.section),
            )
            for rule in plan.rules
        ),
    ]
