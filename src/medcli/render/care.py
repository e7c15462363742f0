"""The dose plan's supportive care, each drug's facts and the flags for clinical review.

Rendering only: the plan carries the facts chosen for its regimen and
jurisdiction, and the flags computed from its own infusion times.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.dosing.records import DosePlan, FactLine, PerKgLine, ReviewFlag
from medcli.model import Monograph
from medcli.numbers import format_duration, format_number, format_quantity
from medcli.render.care_text import fact_lines
from medcli.render.common import bullet, heading, operand, shown, source_words, subheading

JURISDICTION_NOTES = {
    "us": "Rules of the US labels; EU-only rules are left out (--jurisdiction eu adds them).",
    "eu": 'US label rules, with the EU SmPC rules added and marked "EU only"; where the US '
    "and EU differ, the line says so.",
}


def supportive_care(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    """Thromboprophylaxis, antiviral prophylaxis, hydration, pregnancy and REMS, by drug."""
    lines: list[RenderableType] = [
        heading("Supportive care"),
        Text(JURISDICTION_NOTES.get(plan.jurisdiction, ""), style="dim"),
    ]
    if not plan.supportive_care:
        return [*lines, Text("none given by the sources for this regimen's drugs")]
    return lines + by_drug(plan.supportive_care, monograph)


def giving_each_drug(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    """Each drug's own administration, dosing and eligibility facts, next to the drugs."""
    if not plan.drug_facts:
        return []
    return [heading("Giving each drug"), *by_drug(plan.drug_facts, monograph)]


def by_drug(facts: list[FactLine], monograph: Monograph) -> list[RenderableType]:
    lines: list[RenderableType] = []
    shown: str | None = None
    for fact in facts:
        if fact.drug != shown:
            lines.append(subheading(fact.drug_name))
            shown = fact.drug
        lines += fact_lines(monograph, fact)
        if fact.per_kg is not None:
            lines.append(bullet(per_kg_text(fact.per_kg), marker="-", margin=3))
    return lines


def per_kg_text(working: PerKgLine) -> str:
    """`For this patient: 30 mL/kg × 70 kg = 2,100 mL of fluid by mouth …`."""
    return (
        f"For this patient: {format_quantity(working.amount, working.unit + '/kg')} × "
        f"{operand(working.weight_kg, 'kg')} = {shown(working.total, working.unit, 1)} "
        f"of {working.what}"
    )


def clinical_review(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    if not plan.clinical_review:
        return []
    return [
        heading("For clinical review"),
        Text(
            "Derived from this plan's infusion times, not a label statement: the sources' "
            "timing rules cannot be sure to hold together on these days.",
            style="dim",
        ),
        *(bullet(review_text(flag, monograph)) for flag in plan.clinical_review),
    ]


def review_text(flag: ReviewFlag, monograph: Monograph) -> str:
    date = f" ({flag.date.isoformat()})" if flag.date else ""
    low, high = flag.after_first_min
    can = "is always more than" if flag.always else "can be more than"
    return (
        f"Cycle {flag.cycle} day {flag.day}{date}: {flag.first} is given "
        f"{format_number(low)}–{format_number(high)} min before {flag.then}"
        f"{source_words(monograph, flag.sources[0])}, whose infusion {flag.infusion} takes "
        f"{format_duration(flag.infusion_min)}, and {flag.last} follows it: "
        f"{format_duration(flag.earliest_min)} to {format_duration(flag.latest_min)} from "
        f"{flag.first} to {flag.last}, which {can} the {format_duration(flag.limit_min)} "
        f"allowed{source_words(monograph, flag.sources[1])}."
    )
