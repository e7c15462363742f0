"""The dose plan as an iCalendar file: one all-day event per treatment day, every drug in it.

All-day events, because the plan knows the day of each dose but not the
hour; opaque, because the patient is busy that day. Every infusion day's
event lists each premedication with its dose, route and timing.

Identity: an event's UID derives from the patient (`--patient`), the drug,
the regimen, the start date and the cycle and day, and from nothing else: a
plan recomputed for a new weight, height or age keeps its UIDs, so importing
it replaces the earlier events instead of adding a second set. Without
`--patient`, two patients with the same drug, regimen and start share UIDs
(the command warns). `--cycles` is left out of the key too, so a longer
export updates the same events.

Versions: `DTSTAMP` is the time of export and `SEQUENCE` the whole minutes
from 2020-01-01 00:00 UTC to it. A calendar that honours RFC 5545 keeps the
event with the higher SEQUENCE (the later DTSTAMP when equal), so a re-export
always supersedes the earlier one. A sequence derived from the plan's content
alone could not do this: going from 72 kg back to 70 kg would have to lower
it, and such a calendar would then keep the stale dose. Two exports in the
same minute share the SEQUENCE and the later DTSTAMP wins; the same plan
exported at the same instant (`now`) gives the same bytes.
`icalendar` is imported only here, and only when a file is asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from medcli.dosing.records import DayDrug, DosePlan, ScheduledDose, TreatmentDay
from medcli.errors import UsageError
from medcli.numbers import exact_or_rounded, format_duration, format_number, format_quantity
from medcli.render.dose_text import day_premedication_text

PRODID = "-//medcli//dose plan//EN"
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)  # SEQUENCE counts minutes from it


def plan_calendar(plan: DosePlan, now: dt.datetime | None = None) -> bytes:
    """The iCalendar text of *plan*'s treatment days; the plan must have dates."""
    from icalendar import Calendar, Event

    if not plan.days or any(day.date is None for day in plan.days):
        raise UsageError("--ics needs --start YYYY-MM-DD and a treatment day to put in it")
    stamp = now or dt.datetime.now(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add(
        "x-wr-calname", _for_patient(plan, f"{plan.drug.name} dose plan ({plan.regimen.id})")
    )
    for day in plan.days:
        assert day.date is not None
        event = Event()
        event.add("uid", _uid(plan, day))
        event.add("dtstamp", stamp)
        event.add("sequence", sequence(stamp))
        event.add("dtstart", day.date)
        event.add("dtend", day.date + dt.timedelta(days=1))
        event.add("summary", summary(plan, day))
        event.add("description", description(plan, day))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def sequence(stamp: dt.datetime) -> int:
    """The events' SEQUENCE: whole minutes from 2020-01-01 UTC to the export (see the module)."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds() // 60))


def identity_warning(plan: DosePlan) -> str | None:
    """What the command says when the calendar's events carry no patient in their UIDs."""
    if plan.inputs.patient is not None:
        return None
    return (
        "no --patient: the calendar's event UIDs come from the drug, regimen and start date "
        "only, so two patients with the same inputs would share events and importing one "
        "calendar would replace the other's; give --patient with initials or a record number"
    )


def _for_patient(plan: DosePlan, title: str) -> str:
    patient = plan.inputs.patient
    return title if patient is None else f"{patient}: {title}"


def _infusion(plan: DosePlan, day: TreatmentDay) -> ScheduledDose | None:
    numbers = {drug.infusion for drug in day.drugs if drug.infusion is not None}
    return next((row for row in plan.schedule if row.infusion in numbers), None)


def drug_text(drug: DayDrug) -> str:
    """`Carfilzomib 36.8932393686… mg ≈ 36.9 mg IV`, or what is missing for the dose."""
    if drug.dose_mg is None:
        dose = {
            "needs_height": "(needs a height)",
            "needs_age": "(depends on age)",
            "by_tolerance": "(left to tolerance by its label: the prescriber decides)",
            "rules_conflict": "(two label rules set this dose: the prescriber decides)",
        }.get(drug.status, "(no dose for this age)")
    else:
        dose = exact_or_rounded(drug.dose_mg, "mg", 1)
    note = f" ({drug.note})" if drug.note else ""
    return f"{drug.name} {dose} {drug.route}{note}"


def summary(plan: DosePlan, day: TreatmentDay) -> str:
    """The event title: every drug of the day; from cycle 2 on it says to recompute."""
    row = _infusion(plan, day)
    others = [drug for drug in day.drugs if drug.infusion is None]
    if row is not None:
        dose = exact_or_rounded(plan.dose_mg, "mg", 1)
        title = (
            f"{plan.drug.name} {dose} infusion {row.infusion} "
            f"({plan.regimen.id}, cycle {day.cycle} day {day.day})"
        )
        if others:
            title += "; with " + ", ".join(_short(drug) for drug in others)
        if day.premedications:
            title += "; premedication first"
    else:
        drugs = ", ".join(_short(drug) for drug in others)
        title = f"{plan.regimen.id}, cycle {day.cycle} day {day.day}: {drugs}"
    if day.cycle > 1 and any(drug.unit != "mg" for drug in day.drugs):
        title += ": dose for the cycle-1 weight, reweigh and recompute"
    return _for_patient(plan, title)


def _short(drug: DayDrug) -> str:
    if drug.dose_mg is None:
        return f"{drug.name} (dose not computed)"
    return f"{drug.name} {exact_or_rounded(drug.dose_mg, 'mg', 1)}"


def description(plan: DosePlan, day: TreatmentDay) -> str:
    lines = [
        _for_patient(
            plan, f"{plan.drug.name}, {plan.regimen.name}: cycle {day.cycle} day {day.day}."
        ),
    ]
    if day.premedications:
        lines.append("Premedication before the infusion:")
        lines += [f"- {day_premedication_text(item)}" for item in day.premedications]
    lines += [
        "In order of administration:" if plan.order else "Drugs of the day:",
        *(f"- {drug_text(drug)}" for drug in day.drugs),
        *(f"! {note}" for note in day.notes),
    ]
    row = _infusion(plan, day)
    if row is not None:
        lines += _infusion_lines(plan, row)
    if day.cycle > 1:
        weight = format_quantity(plan.weight_kg, "kg")
        lines.append(
            f"Doses by weight or body surface area above are for cycle 1 ({weight}); weigh "
            f"the patient before cycle {day.cycle} and recompute them."
        )
        given = {drug.drug for drug in day.drugs}
        lines += [
            f"{cap.name}: its label recomputes its dose only when the weight changes by more "
            f"than {format_number(cap.recompute_above_percent)}% [source: {cap.source}]."
            for cap in plan.drug_bsa_caps
            if cap.drug in given and cap.recompute_above_percent is not None
        ]
    lines.append(
        "This is a plan computed by medcli from the drug's monograph: verify every number "
        "with the prescriber and the pharmacist before use. Weigh before each cycle; "
        "the dose follows the weight."
    )
    return "\n".join(lines)


def _infusion_lines(plan: DosePlan, row: ScheduledDose) -> list[str]:
    dose = exact_or_rounded(plan.dose_mg, "mg", 1)
    per_kg = format_quantity(plan.regimen.dose_per_kg_mg, "mg/kg")
    weight = format_quantity(plan.weight_kg, "kg")  # exact: it is a factor of the dose
    lines = [
        f"{plan.drug.name}: infusion {row.infusion} of {len(plan.schedule)} in this plan.",
        f"Dose: {dose} ({per_kg} × {weight}).",
    ]
    if plan.preparation is not None:
        lines.append(f"Infusion volume: {format_quantity(plan.preparation.final_volume_ml, 'mL')}.")
    if row.duration_min is not None:
        lines.append(
            f"Expected duration: {exact_or_rounded(row.duration_min, 'min', 1)} "
            f"({format_duration(row.duration_min)}), at the rate steps for infusion "
            f"{row.infusion}."
        )
    return lines


def _uid(plan: DosePlan, day: TreatmentDay) -> str:
    """`drug-regimen-start-<digest>-cCYCLE-dDAY@medcli`: the digest is of the patient, drug,
    regimen and start only (the patient is never written out), so a re-weighed plan keeps
    its UIDs and another patient's plan gets others."""
    given = plan.inputs
    start = given.start.isoformat() if given.start else "undated"
    key = "\x1f".join(["patient", given.patient or "", plan.drug.id, plan.regimen.id, start])
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{plan.drug.id}-{plan.regimen.id}-{start}-{digest}-c{day.cycle}-d{day.day}@medcli"
