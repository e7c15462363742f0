"""The partner drugs' own label rules in the dose plan: BSA caps, kidney and liver function.

Rendering only: the caps, the clearance and which rule fired all come computed
in the `DosePlan`; this module words them, each with its source.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.dosing.records import DosePlan, DrugBsaCap, KidneyFunction, OrganOutcome
from medcli.model import Monograph
from medcli.numbers import format_number, format_quantity, places_clear_of_whole
from medcli.render.common import bullet, heading, operand, shown, source_tag

BSA_PLACES = 4
CRCL_PLACES = 1
OUTCOME_WORDS = {
    "applied": "rule applied",
    "no_change": "no change",
    "no_rule": "no rule",
    "needs_input": "not applied",
    "not_in_sources": "not in the sources read",
}


def drug_caps(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    """Each drug's own BSA cap against the BSA and any --bsa-cap: which one the doses use."""
    lines: list[RenderableType] = []
    for cap in plan.drug_bsa_caps:
        lines.append(Text.assemble(cap_text(cap), source_tag(monograph, cap.source, cap.section)))
        if cap.recompute_above_percent is not None:
            lines.append(
                Text(
                    f"{cap.name}'s label: recompute its dose only when the weight changes by "
                    f"more than {format_number(cap.recompute_above_percent)}%.",
                    style="dim",
                )
            )
    return lines


def cap_text(cap: DrugBsaCap) -> str:
    bsa = format_quantity(cap.bsa_m2, "m²", BSA_PLACES)
    own = format_quantity(cap.cap_m2, "m²")
    name = cap.name.lower()
    if cap.limited_by == "drug":
        return f"{cap.name}: BSA {bsa} is over {name}'s cap of {own}: doses use {own}."
    if cap.limited_by == "user" and cap.user_cap_m2 is not None:
        user = format_quantity(cap.user_cap_m2, "m²")
        return (
            f"{cap.name}: --bsa-cap {user} is below {name}'s own cap of {own}; the smaller "
            f"cap wins: doses use {user}."
        )
    return f"{cap.name}: BSA {bsa} is within {name}'s cap of {own}: doses use the BSA."


def kidney_and_liver(plan: DosePlan, monograph: Monograph) -> list[RenderableType]:
    """The kidney function used, with its working, and what each drug's rules did with it."""
    kidney = plan.kidney_function
    given = plan.inputs
    if (
        not plan.organ_rules
        and (kidney is None or kidney.method is None)
        and not (given.hepatic or given.child_pugh)
    ):
        return []
    lines: list[RenderableType] = [heading("Kidney and liver function")]
    if kidney is not None:
        lines += kidney_lines(kidney)
    if given.hepatic:
        lines.append(Text(f"Liver impairment (--hepatic): {given.hepatic}"))
    if given.child_pugh:
        lines.append(Text(f"Child-Pugh class (--child-pugh): {given.child_pugh}"))
    lines += [outcome_line(outcome, monograph) for outcome in plan.organ_rules]
    return lines


def kidney_lines(kidney: KidneyFunction) -> list[RenderableType]:
    dialysis = "on dialysis (--dialysis)" if kidney.dialysis else "not on dialysis"
    if kidney.crcl_ml_min is None:
        return (
            [Text(f"Kidney: {dialysis}; no creatinine clearance given")] if kidney.dialysis else []
        )
    crcl = shown(
        kidney.crcl_ml_min, "mL/min", places_clear_of_whole(kidney.crcl_ml_min, CRCL_PLACES)
    )
    if kidney.method == "entered":
        return [Text(f"Creatinine clearance (--crcl): {crcl}; {dialysis}")]
    assert kidney.age_years is not None and kidney.weight_kg is not None
    assert kidney.creatinine_mg_dl is not None
    female = f" × {format_number(kidney.female_factor)} (female)" if kidney.female_factor else ""
    working = (
        f"(140 − {format_number(kidney.age_years)}) × {operand(kidney.weight_kg, 'kg')} ÷ "
        f"(72 × {format_quantity(kidney.creatinine_mg_dl, 'mg/dL')}){female} = {crcl}"
    )
    lines: list[RenderableType] = [
        Text(f"Cockcroft-Gault: CrCl = {kidney.expression}", style="dim"),
        Text(working, style="bold"),
        Text(f"Kidney: {dialysis}"),
    ]
    if kidney.weight_note:
        lines.append(Text(kidney.weight_note, style="dim"))
    return lines


def outcome_line(outcome: OrganOutcome, monograph: Monograph) -> RenderableType:
    doubt = f" ({outcome.section_unconfirmed})" if outcome.section_unconfirmed else ""
    return bullet(
        (f"{outcome.name}, {outcome.organ}", "bold"),
        f" — {OUTCOME_WORDS[outcome.outcome]}: {outcome.text}{doubt}",
        source_tag(monograph, outcome.source, outcome.section),
    )
