"""A partner drug's own label rules applied to its doses: BSA cap, kidney and liver function.

Pure. Every rule is data on the regimen drug (`bsa_cap`, `renal_rules`,
`hepatic_rules`, with source and section); this module only matches the
patient against them and says what fired. Where a rule leaves a dose to the
prescriber (bortezomib after cycle 1 in liver impairment) or two rules would
both set the dose, no dose is computed and the plan says why: a silent choice
here would be a clinical decision the labels do not make.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Literal

import msgspec

from medcli.dosing.organ_function import OrganFunction
from medcli.dosing.records import BsaPlan, DrugBsaCap, KidneyFunction, OrganOutcome
from medcli.model import DrugDose, DrugSchedule, OrganRule, RegimenDrug, expand_days
from medcli.numbers import format_number, places_clear_of_whole

Organ = Literal["kidney", "liver"]
PieceStatus = Literal["unchanged", "adjusted", "by_tolerance", "conflict"]
KIDNEY_INPUT = (
    "--crcl ML_MIN, or --creatinine MG_DL and --sex female|male (Cockcroft-Gault, with the age)"
)


class Piece(msgspec.Struct, frozen=True):
    """A run of cycles of a schedule entry and what the fired rules make of it."""

    entry: DrugSchedule
    status: PieceStatus
    rule: str | None  # the fired rule(s), with source, as the plan states them
    note: str | None  # what the day cannot show: alternate days, conflicts, later cycles
    day_note: str | None  # said on every day of the piece, e.g. after dialysis


def drug_bsa_cap(drug: RegimenDrug, bsa: BsaPlan | None) -> DrugBsaCap | None:
    """The drug's own cap against the BSA and any `--bsa-cap`: the smallest wins."""
    if drug.bsa_cap is None or bsa is None:
        return None
    cap = drug.bsa_cap.max_m2
    used = min(bsa.bsa_m2, cap, bsa.cap_m2 if bsa.cap_m2 is not None else cap)
    limited_by: Literal["drug", "user", "none"] = "none"
    if used < bsa.bsa_m2:
        limited_by = "user" if bsa.cap_m2 is not None and bsa.cap_m2 < cap else "drug"
    return DrugBsaCap(
        drug=drug.id,
        name=drug.name,
        bsa_m2=bsa.bsa_m2,
        cap_m2=cap,
        user_cap_m2=bsa.cap_m2,
        used_m2=used,
        limited_by=limited_by,
        recompute_above_percent=drug.bsa_cap.recompute_above_percent,
        source=drug.bsa_cap.source,
        section=drug.bsa_cap.section,
        note=drug.bsa_cap.note,
    )


def kidney_given(kidney: KidneyFunction) -> bool:
    return kidney.method is not None or kidney.dialysis


def fired_rules(drug: RegimenDrug, organs: OrganFunction | None) -> list[tuple[Organ, OrganRule]]:
    """The kidney and liver rules of *drug* that the patient's function falls under."""
    if organs is None:
        return []
    renal: list[tuple[Organ, OrganRule]] = [
        ("kidney", rule)
        for rule in drug.renal_rules
        if kidney_given(organs.kidney) and _kidney_matches(rule, organs.kidney)
    ]
    hepatic: list[tuple[Organ, OrganRule]] = [
        ("liver", rule) for rule in drug.hepatic_rules if _liver_matches(rule, organs)
    ]
    return renal + hepatic


def pieces(entry: DrugSchedule, fired: list[tuple[Organ, OrganRule]]) -> list[Piece]:
    """*entry* as the fired rules leave it: unchanged, re-dosed, or left to the prescriber."""
    changing = [(organ, rule) for organ, rule in fired if rule.amount is not None]
    if not changing:
        return [Piece(entry, "unchanged", None, None, None)]
    agreeing = len({_dose_set(rule) for _, rule in changing}) == 1
    if len(changing) > 1 and agreeing and not changing[0][1].first_cycle_only:
        # Rules that all set the same dose (pomalidomide on haemodialysis with Child-Pugh
        # B: 3 mg by both) do not conflict: the dose is theirs, and the plan names each.
        organ, rule = changing[0]
        agreed = _adjusted(entry, rule, organ)
        stated = "; ".join(rule_text(other) for _, other in changing)
        day_note = " and ".join(dict.fromkeys(f"{organ} rule" for organ, _ in changing))
        if any(other.after_dialysis for _, other in changing):
            day_note += "; on dialysis days, after dialysis"
        return [Piece(agreed.entry, "adjusted", stated, agreed.note, day_note)]
    if len(changing) > 1:
        stated = "; ".join(rule_text(rule) for _, rule in changing)
        note = (
            f"More than one rule sets this dose: {stated}. The labels do not say how they "
            "combine, so no dose is computed: the prescriber decides."
        )
        return [Piece(entry, "conflict", stated, note, "kidney and liver rules conflict")]
    organ, rule = changing[0]
    first, last = entry.cycles
    if rule.first_cycle_only and first > 1:
        return [_by_tolerance(entry, rule)]
    adjusted = _adjusted(entry, rule, organ)
    if not rule.first_cycle_only or last == 1:
        return [adjusted]
    return [
        Piece(
            msgspec.structs.replace(adjusted.entry, cycles=(1, 1)),
            "adjusted",
            adjusted.rule,
            adjusted.note,
            adjusted.day_note,
        ),
        _by_tolerance(msgspec.structs.replace(entry, cycles=(2, last)), rule),
    ]


def _dose_set(rule: OrganRule) -> tuple[object, ...]:
    """What a rule makes of the dose; two rules with the same agree, whatever their source."""
    return (rule.amount, rule.unit, rule.every_other_day, rule.first_cycle_only, rule.route)


def rule_text(rule: OrganRule) -> str:
    """The rule in the plan's words, with its source and section (and doubt about the section)."""
    where = f", section {rule.section}" if rule.section else ""
    doubt = f"; {rule.section_unconfirmed}" if rule.section_unconfirmed else ""
    return f"{rule.text} [source: {rule.source}{where}{doubt}]"


def _adjusted(entry: DrugSchedule, rule: OrganRule, organ: Organ) -> Piece:
    assert rule.amount is not None and rule.unit is not None
    days: list[int | str] = list(entry.days)
    note = rule.note
    if rule.every_other_day:
        alternate = every_other_day(expand_days(days))
        days = list(alternate)
        note = (
            "Every other day, listed from the first day of each run of days: "
            + ", ".join(str(day) for day in alternate)
            + ". The label does not fix which days; where the alternation starts is the "
            "prescriber's choice."
        )
    changed = msgspec.structs.replace(
        entry,
        doses=[DrugDose(amount=rule.amount, unit=rule.unit)],
        days=days,
        route=rule.route or entry.route,
    )
    day_note = f"{organ} rule"
    if rule.after_dialysis:
        day_note += "; on dialysis days, after dialysis"
    return Piece(changed, "adjusted", rule_text(rule), note, day_note)


def _by_tolerance(entry: DrugSchedule, rule: OrganRule) -> Piece:
    note = rule.later_cycles or "set by tolerance after cycle 1"
    return Piece(entry, "by_tolerance", rule_text(rule), note, "set by tolerance after cycle 1")


def every_other_day(days: list[int]) -> list[int]:
    """Every other day within each run of consecutive days, from the run's first day."""
    alternate: list[int] = []
    run_start: int | None = None
    previous: int | None = None
    for day in days:
        if previous is None or day != previous + 1:
            run_start = day
        assert run_start is not None
        if (day - run_start) % 2 == 0:
            alternate.append(day)
        previous = day
    return alternate


def outcomes(drug: RegimenDrug, organs: OrganFunction | None) -> list[OrganOutcome]:
    """For each organ whose function was given: what the drug's rules did with it."""
    if organs is None:
        return []
    found: list[OrganOutcome] = []
    kidney = organs.kidney
    if kidney_given(kidney):
        found += _organ_outcomes(
            drug,
            "kidney",
            lambda rule: _kidney_matches(rule, kidney),
            ("no_change", f"no rule of its label covers {_kidney_text(kidney)}: dose unchanged"),
        )
    if organs.hepatic is not None or organs.child_pugh is not None:
        found += _organ_outcomes(
            drug,
            "liver",
            lambda rule: _liver_matches(rule, organs),
            ("needs_input", f"its label grades liver function another way: give "
             f"{_liver_option(drug)}"),
        )  # fmt: skip
    return found


def missing_function_warnings(drug: RegimenDrug, organs: OrganFunction | None) -> list[str]:
    """A warning when the drug's kidney rule could not apply because no kidney function was given.

    Liver rules get none: no option says "no liver impairment", so such a
    warning could never be answered; the liver rules show when --hepatic or
    --child-pugh is given.
    """
    found: list[str] = []
    kidney = None if organs is None else organs.kidney
    renal = [rule for rule in drug.renal_rules if rule.amount is not None]
    if renal and (kidney is None or not kidney_given(kidney)):
        found.append(
            f"{drug.name}: doses assume normal kidney function and no dialysis; its label "
            f"changes the dose: {'; '.join(rule_text(rule) for rule in renal)}. Give "
            f"{KIDNEY_INPUT}; and --dialysis if on dialysis"
        )
    return found


def age_disagreement(drug: RegimenDrug, age: Decimal | None) -> str | None:
    """The sources' disagreement about this drug's dose at the patient's age (whole years)."""
    if age is None:
        return None
    for disagreement in drug.age_disagreements:
        if disagreement.age <= age < disagreement.age + 1:
            return f"{disagreement.text} [sources: {', '.join(disagreement.sources)}]"
    return None


def _kidney_matches(rule: OrganRule, kidney: KidneyFunction) -> bool:
    if rule.dialysis is not None and rule.dialysis != kidney.dialysis:
        return False
    if rule.dialysis:  # on dialysis: validation keeps any clearance given below 30 mL/min
        return True
    crcl = kidney.crcl_ml_min
    bands = (rule.crcl_min, rule.crcl_max, rule.crcl_below)
    if crcl is None:
        return all(band is None for band in bands)
    return (
        (rule.crcl_min is None or crcl >= rule.crcl_min)
        and (rule.crcl_max is None or crcl <= rule.crcl_max)
        and (rule.crcl_below is None or crcl < rule.crcl_below)
    )


def _liver_matches(rule: OrganRule, organs: OrganFunction) -> bool:
    return (organs.hepatic is not None and organs.hepatic in rule.hepatic) or (
        organs.child_pugh is not None and organs.child_pugh in rule.child_pugh
    )


def _kidney_text(kidney: KidneyFunction) -> str:
    parts = []
    if kidney.crcl_ml_min is not None:
        crcl = kidney.crcl_ml_min
        parts.append(
            f"creatinine clearance {format_number(crcl, places_clear_of_whole(crcl, 1))} mL/min"
        )
    parts.append("on dialysis" if kidney.dialysis else "not on dialysis")
    return ", ".join(parts)


def _organ_outcomes(
    drug: RegimenDrug,
    organ: Organ,
    matches: Callable[[OrganRule], bool],
    unmatched: tuple[Literal["no_change", "needs_input"], str],
) -> list[OrganOutcome]:
    """The rules that fired; else why none did (*unmatched*), or the sources' word on none."""
    rules = drug.renal_rules if organ == "kidney" else drug.hepatic_rules
    fired = [rule for rule in rules if matches(rule)]
    if fired:
        return [_fired_outcome(drug, organ, rule) for rule in fired]
    if rules:
        return [_unmatched(drug, organ, rules[0], *unmatched)]
    return [_noted_outcome(drug, organ)]


def _unmatched(
    drug: RegimenDrug,
    organ: Organ,
    first: OrganRule,
    outcome: Literal["no_change", "needs_input"],
    text: str,
) -> OrganOutcome:
    """No rule matched: *text* says why, citing where the drug's rules come from."""
    return OrganOutcome(
        drug=drug.id,
        name=drug.name,
        organ=organ,
        outcome=outcome,
        text=text,
        source=first.source,
        section=first.section,
        section_unconfirmed=first.section_unconfirmed,
    )


def _liver_option(drug: RegimenDrug) -> str:
    if any(rule.child_pugh for rule in drug.hepatic_rules):
        return "--child-pugh A|B|C (its label's measure)"
    return "--hepatic mild|moderate|severe (its label's bilirubin bands)"


def _fired_outcome(drug: RegimenDrug, organ: Organ, rule: OrganRule) -> OrganOutcome:
    return OrganOutcome(
        drug=drug.id,
        name=drug.name,
        organ=organ,
        outcome="no_change" if rule.amount is None else "applied",
        text=rule.text,
        source=rule.source,
        section=rule.section,
        section_unconfirmed=rule.section_unconfirmed,
    )


def _noted_outcome(drug: RegimenDrug, organ: Organ) -> OrganOutcome:
    note = drug.renal_note if organ == "kidney" else drug.hepatic_note
    if note is None:
        return OrganOutcome(
            drug=drug.id,
            name=drug.name,
            organ=organ,
            outcome="not_in_sources",
            text=f"the sources read give no {organ} rule for {drug.name.lower()}; dose unchanged",
            source=None,
            section=None,
        )
    return OrganOutcome(
        drug=drug.id,
        name=drug.name,
        organ=organ,
        outcome="no_rule",
        text=note.text,
        source=note.source,
        section=note.section,
    )
