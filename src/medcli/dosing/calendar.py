"""The dose schedule as an iCalendar file: one all-day event per infusion.

All-day events, because the plan knows the day of each infusion but not the
hour; opaque, because the patient is busy that day. UIDs are derived from the
plan's inputs (drug, regimen, start, exact weight, age) and the infusion
number: exporting the same plan again replaces its events, while two patients'
plans for the same start date never share a UID. `--cycles` is left out of
the key so that a longer export of the same plan updates the same events.
`icalendar` is imported only here, and only when a file is asked for.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from medcli.dosing.records import DosePlan, ScheduledDose
from medcli.errors import UsageError
from medcli.numbers import exact_or_rounded, format_duration, format_quantity

PRODID = "-//medcli//dose plan//EN"


def plan_calendar(plan: DosePlan, now: dt.datetime | None = None) -> bytes:
    """The iCalendar text of *plan*'s schedule; the schedule must have dates."""
    from icalendar import Calendar, Event

    if not plan.schedule or any(row.date is None for row in plan.schedule):
        raise UsageError("--ics needs --start YYYY-MM-DD: calendar events need dates")
    stamp = now or dt.datetime.now(dt.timezone.utc)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{plan.drug.name} dose plan ({plan.regimen.id})")
    for row in plan.schedule:
        assert row.date is not None
        event = Event()
        event.add("uid", _uid(plan, row))
        event.add("dtstamp", stamp)
        event.add("dtstart", row.date)
        event.add("dtend", row.date + dt.timedelta(days=1))
        event.add("summary", summary(plan, row))
        event.add("description", description(plan, row))
        event.add("transp", "OPAQUE")
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data


def summary(plan: DosePlan, row: ScheduledDose) -> str:
    """The event title; from cycle 2 on it says the dose must be recomputed."""
    dose = exact_or_rounded(plan.dose_mg, "mg", 1)
    title = (
        f"{plan.drug.name} {dose} infusion {row.infusion} "
        f"({plan.regimen.id}, cycle {row.cycle} day {row.day})"
    )
    if row.cycle > 1:
        title += ": dose for the cycle-1 weight, reweigh and recompute"
    return title


def description(plan: DosePlan, row: ScheduledDose) -> str:
    dose = exact_or_rounded(plan.dose_mg, "mg", 1)
    per_kg = format_quantity(plan.regimen.dose_per_kg_mg, "mg/kg")
    weight = format_quantity(plan.weight_kg, "kg")  # exact: it is a factor of the dose
    lines = [
        f"{plan.drug.name}, {plan.regimen.name}: infusion {row.infusion} of "
        f"{len(plan.schedule)} in this plan, cycle {row.cycle} day {row.day}.",
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
    if row.cycle > 1:
        lines.append(
            f"The dose above is for the weight of cycle 1 ({weight}); weigh the patient "
            f"before cycle {row.cycle} and recompute it."
        )
    lines.append(
        "This is a plan computed by medcli from the drug's monograph: verify every number "
        "with the prescriber and the pharmacist before use. Weigh before each cycle; "
        "the dose follows the weight."
    )
    return "\n".join(lines)


def _uid(plan: DosePlan, row: ScheduledDose) -> str:
    """`drug-regimen-start-<digest of the inputs>-infusion-N@medcli`: stable, and per plan."""
    given = plan.inputs
    start = given.start.isoformat() if given.start else "undated"
    key = "|".join(
        [
            plan.drug.id,
            plan.regimen.id,
            start,
            format(given.weight_kg.normalize(), "f"),
            "" if given.age_years is None else format(given.age_years.normalize(), "f"),
        ]
    )
    digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
    return f"{plan.drug.id}-{plan.regimen.id}-{start}-{digest}-infusion-{row.infusion}@medcli"
