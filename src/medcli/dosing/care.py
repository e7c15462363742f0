"""Supportive care, each drug's own administration facts, EU rules and timing checks.

The facts are the monograph's `drug_facts` for the regimen's drugs under the
chosen jurisdiction; an EU source's rules stay out of a US plan. The timing
check sets the facts' windows against the plan's own infusion times and flags
a day on which they cannot be sure to hold together: for clinical review,
never resolved by choosing one source over the other.
"""

from __future__ import annotations

from collections.abc import Hashable
from decimal import Decimal

import msgspec

from medcli.dosing import memo
from medcli.dosing.records import (
    ClaimLine,
    DosePlan,
    FactLine,
    PerKgLine,
    ReviewFlag,
    Rule,
    TreatmentDay,
    UnconfirmedLine,
)
from medcli.drug_facts import drug_name, is_shown, regimen_facts, source_jurisdiction
from medcli.model import DrugFact, FactKind, Jurisdiction, Monograph, Regimen

ALL_KINDS: tuple[FactKind, ...] = ("supportive_care", "administration", "dosing", "eligibility")


def with_care(
    plan: DosePlan,
    monograph: Monograph,
    chosen: Regimen,
    jurisdiction: Jurisdiction,
    review_days: list[TreatmentDay],
) -> DosePlan:
    """The plan with its supportive care, drug facts, review flags and the jurisdiction's rules.

    *review_days* are the regimen's days with every drug (with `--only`, the
    plan's own days lack the others), for the timing checks.
    """
    facts, rules, fixed_lines = memo.part(
        monograph,
        ("care", chosen.id, jurisdiction),
        lambda: _patient_free(plan.rules, monograph, chosen, jurisdiction),
    )
    lines = [
        fixed or fact_line(monograph, chosen, fact, plan.weight_kg)
        for fact, fixed in zip(facts, fixed_lines, strict=True)
    ]
    flags = memo.part(
        monograph,
        ("review", chosen.id, jurisdiction, _timing_shape(plan, review_days)),
        lambda: review_flags(plan, facts, review_days),
    )
    return msgspec.structs.replace(
        plan,
        jurisdiction=jurisdiction,
        rules=list(rules),
        supportive_care=[line for line in lines if line.kind == "supportive_care"],
        drug_facts=[line for line in lines if line.kind != "supportive_care"],
        clinical_review=list(flags),
        warnings=[*plan.warnings, *(_review_warning(flag) for flag in flags)],
    )


def _patient_free(
    rules: list[Rule], monograph: Monograph, chosen: Regimen, jurisdiction: Jurisdiction
) -> tuple[list[DrugFact], list[Rule], list[FactLine | None]]:
    """The regimen's facts, its rules shown in *jurisdiction*, and each fact's line when it
    holds no per-kg amount: the same for every patient (*rules* are the regimen's, from
    `plan._rules`), so a file of orders works them out once."""
    facts = regimen_facts(monograph, chosen, jurisdiction, ALL_KINDS)
    fixed = [
        None if fact.per_kg is not None else fact_line(monograph, chosen, fact, Decimal(0))
        for fact in facts
    ]
    return facts, _rules(rules, monograph, jurisdiction), fixed


def _timing_shape(plan: DosePlan, days: list[TreatmentDay]) -> tuple[Hashable, ...]:
    """All `review_flags` reads of the plan besides the facts: each day's drugs in order
    with their ranks and infusions, and each infusion's minutes. Doses are not in it, so
    patients whose days have one shape share one answer."""
    return (
        tuple(
            (day.cycle, day.day, day.date,
             tuple((drug.drug, drug.name, drug.rank, drug.infusion) for drug in day.drugs))
            for day in days
        ),
        tuple((row.infusion, row.duration_min) for row in plan.schedule),
    )  # fmt: skip


def _review_warning(flag: ReviewFlag) -> str:
    """The flag on stderr too: a nurse reading only the warnings must still see it."""
    can = "is always more" if flag.always else "can be more"
    return (
        f"cycle {flag.cycle} day {flag.day}: the time from {flag.first.lower()} to "
        f"{flag.last.lower()} {can} than the {flag.last.lower()} label allows, because of "
        f"{flag.then.lower()} infusion {flag.infusion}; see For clinical review"
    )


def _rules(rules: list[Rule], monograph: Monograph, jurisdiction: Jurisdiction) -> list[Rule]:
    return [
        msgspec.structs.replace(rule, jurisdiction=source_jurisdiction(monograph, rule.source))
        for rule in rules
        if is_shown(monograph, rule.source, jurisdiction)
    ]


def fact_line(
    monograph: Monograph, regimen: Regimen, fact: DrugFact, weight_kg: Decimal
) -> FactLine:
    """The fact as the plan carries it; a per-kg amount is worked out for *weight_kg*."""
    unconfirmed = fact.unconfirmed
    per_kg = fact.per_kg
    return FactLine(
        drug=fact.drug,
        drug_name=drug_name(monograph, regimen, fact.drug),
        kind=fact.kind,
        topic=fact.topic,
        text=fact.text,
        source=fact.source,
        section=fact.section,
        jurisdiction=source_jurisdiction(monograph, fact.source),
        us_differs=fact.us_differs,
        unconfirmed=None
        if unconfirmed is None
        else UnconfirmedLine(
            reason=unconfirmed.reason,
            claims=[
                ClaimLine(says=claim.says, source=claim.source, section=claim.section)
                for claim in unconfirmed.claims
            ],
        ),
        per_kg=None
        if per_kg is None
        else PerKgLine(
            what=per_kg.what,
            amount=per_kg.amount,
            unit=per_kg.unit,
            weight_kg=weight_kg,
            total=per_kg.amount * weight_kg,
        ),
    )


def review_flags(
    plan: DosePlan, facts: list[DrugFact], days: list[TreatmentDay]
) -> list[ReviewFlag]:
    """Days on which an infusion between two drugs can stretch their gap past a limit.

    For drugs `first`, `then` (an infusion) and `last` given in that order on a
    day, where `then` is to start a window after `first` and `last` at most some
    minutes after `first`: `last` starts at the earliest when `then` ends, so the
    gap runs from the window's start plus the infusion time to its end plus it.
    """
    windowed = [fact for fact in facts if fact.window is not None]
    flags: list[ReviewFlag] = []
    for last in windowed:
        for then in windowed:
            if then is last or then.drug == last.drug:
                continue
            assert last.window is not None and then.window is not None
            if then.window.after != last.window.after:
                continue
            flags += [
                flag for day in days if (flag := _day_flag(plan, day, then, last)) is not None
            ]
    return sorted(flags, key=lambda flag: (flag.cycle, flag.day))


def _day_flag(
    plan: DosePlan, day: TreatmentDay, then: DrugFact, last: DrugFact
) -> ReviewFlag | None:
    assert then.window is not None and last.window is not None
    if not (
        _in_cycles(day.cycle, then.window.cycles) and _in_cycles(day.cycle, last.window.cycles)
    ):
        return None
    given = {drug.drug: drug for drug in day.drugs}
    first_dose, then_dose, last_dose = (
        given.get(then.window.after),
        given.get(then.drug),
        given.get(last.drug),
    )
    if first_dose is None or then_dose is None or last_dose is None:
        return None
    ranks = (first_dose.rank, then_dose.rank, last_dose.rank)
    if then_dose.infusion is None or None in ranks or not ranks[0] < ranks[1] < ranks[2]:  # type: ignore[operator]
        return None
    duration = next(
        (row.duration_min for row in plan.schedule if row.infusion == then_dose.infusion), None
    )
    if duration is None:
        return None
    earliest = then.window.min_minutes + duration
    latest = then.window.max_minutes + duration
    limit = last.window.max_minutes
    if latest <= limit:
        return None
    return ReviewFlag(
        cycle=day.cycle,
        day=day.day,
        date=day.date,
        first=first_dose.name,
        then=then_dose.name,
        last=last_dose.name,
        infusion=then_dose.infusion,
        infusion_min=duration,
        after_first_min=[then.window.min_minutes, then.window.max_minutes],
        earliest_min=earliest,
        latest_min=latest,
        limit_min=limit,
        always=earliest > limit,
        sources=[then.source, last.source],
    )


def _in_cycles(cycle: int, cycles: tuple[int, int | None]) -> bool:
    first, last = cycles
    return first <= cycle and (last is None or cycle <= last)
