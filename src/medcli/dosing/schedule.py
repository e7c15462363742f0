"""The treatment calendar: which cycle and day each infusion falls on, and its date.

Phases run back to back with their own cycle lengths (e.g. 42-day cycles, then
28-day ones); cycle N starts the day after cycle N-1 ends.
"""

from __future__ import annotations

import datetime as dt

from medcli.errors import UsageError
from medcli.model import Phase, Regimen


def default_cycles(regimen: Regimen) -> int:
    """Through the first cycle of the regimen's last phase: every pattern shown once."""
    return regimen.phases[-1].cycles[0]


def finite_cycles(regimen: Regimen) -> int | None:
    """How many cycles the regimen has, or None when its last phase is open-ended."""
    return regimen.phases[-1].cycles[1]


def phase_of(regimen: Regimen, cycle: int) -> Phase:
    for phase in regimen.phases:
        first, last = phase.cycles
        if first <= cycle and (last is None or cycle <= last):
            return phase
    raise ValueError(f"cycle {cycle} is outside regimen {regimen.id}")


def dosing_days(
    regimen: Regimen, cycles: int, start: dt.date | None
) -> list[tuple[int, int, int, int, dt.date | None]]:
    """(cycle, day of cycle, day of treatment, cycle length, date) for each infusion."""
    rows: list[tuple[int, int, int, int, dt.date | None]] = []
    cycle_start = 1  # day of treatment on which the cycle starts
    for cycle in range(1, cycles + 1):
        phase = phase_of(regimen, cycle)
        for day in phase.days:
            treatment_day = cycle_start + day - 1
            rows.append(
                (cycle, day, treatment_day, phase.cycle_length_days, date_of(start, treatment_day))
            )
        cycle_start += phase.cycle_length_days
    return rows


def cycle_starts(regimen: Regimen, cycles: int) -> dict[int, tuple[int, int]]:
    """Per cycle 1..*cycles*: (the day of treatment it starts on, its length in days)."""
    starts: dict[int, tuple[int, int]] = {}
    cycle_start = 1
    for cycle in range(1, cycles + 1):
        length = phase_of(regimen, cycle).cycle_length_days
        starts[cycle] = (cycle_start, length)
        cycle_start += length
    return starts


def date_of(start: dt.date | None, treatment_day: int) -> dt.date | None:
    if start is None:
        return None
    try:
        return start + dt.timedelta(days=treatment_day - 1)
    except OverflowError:
        raise UsageError(
            f"--start {start.isoformat()}: the schedule runs past the year 9999; "
            "accepted: an earlier start or fewer --cycles"
        ) from None
