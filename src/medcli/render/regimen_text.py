"""A regimen's other drugs as text: cycles, days, doses by age, the order of administration.

Shared by `show` (the monograph as written) and the dose plan (the same lines
with a patient's numbers). Only the schema and number formatting are imported,
so `show` stays light: nothing of the dosing core is loaded to print a monograph.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.model import BSA_UNITS, DrugSchedule, Monograph, Regimen, expand_days
from medcli.numbers import format_quantity
from medcli.render.common import bullet, source_tag
from medcli.render.drug_rules import own_rule_lines


def drug_heading(
    monograph: Monograph, name: str, route: str, source: str, section: str | None
) -> RenderableType:
    """A regimen drug's first line, in `show` and in the dose plan alike: name, route, source."""
    return bullet((name, "bold"), f", {route}", source_tag(monograph, source, section))


def regimen_drug_lines(monograph: Monograph, regimen: Regimen) -> list[RenderableType]:
    """The regimen's other drugs as the monograph gives them (`show`): doses, days, order."""
    lines: list[RenderableType] = []
    for drug in regimen.drugs:
        lines.append(drug_heading(monograph, drug.name, drug.route, drug.source, drug.section))
        lines += [bullet(schedule_text(entry), marker="   ") for entry in drug.schedule]
        if drug.note:
            lines.append(bullet(drug.note, marker="   "))
        lines += own_rule_lines(monograph, drug)
    if regimen.order:
        lines.append(
            Text.assemble(order_text(regimen.order), source_tag(monograph, regimen.order_source))
        )
    if regimen.order_note:
        lines.append(Text(regimen.order_note, style="dim"))
    return lines


def schedule_text(entry: DrugSchedule) -> str:
    """`Cycle 1, days 1, 2: 20 mg/m² IV`, as the monograph states it (no patient yet)."""
    when = days_text(expand_days(list(entry.days))) if entry.days else (entry.when or "")
    doses = "; ".join(
        format_quantity(dose.amount, "mg/m²" if dose.unit in BSA_UNITS else dose.unit)
        + ages_text(dose.age_min, dose.age_below)
        for dose in entry.doses
    )
    route = f" {entry.route}" if entry.route else ""
    return f"{cycles_text(*entry.cycles)}, {when}: {doses}{route}"


def cycles_text(first: int, last: int | None) -> str:
    if last == first:
        return f"Cycle {first}"
    if last is None:
        return f"Cycle {first} and later"
    return f"Cycles {first} to {last}"


def days_text(days: list[int]) -> str:
    """`days 1-21`, `days 1, 2, 8`, runs of three or more written as ranges."""
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = [
        f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(str(day) for day in run)
        for run in runs
    ]
    return f"day{'s' if len(days) > 1 else ''} {', '.join(parts)}"


def ages_text(age_min: int | None, age_below: int | None) -> str:
    """` (aged 75 or over)`: the age band of a dose chosen by --age; empty without one."""
    bands = [f"aged {age_min} or over"] if age_min is not None else []
    bands += [f"aged under {age_below}"] if age_below is not None else []
    return f" ({'; '.join(bands)})" if bands else ""


def order_text(order: list[list[str]]) -> str:
    """`Order on shared days: dexamethasone; then isatuximab and pomalidomide.`"""
    return f"Order on shared days: {'; then '.join(' and '.join(group) for group in order)}."
