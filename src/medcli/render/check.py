"""`medcli check` as text, JSON and CSV: what was ordered, what the plan computes, the verdict.

Rendering only: every number comes from the `CheckedOrder`; values are rounded
for display here (mg to 2 decimals, % to 2 decimals) and exact in JSON and CSV.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Generator, Iterable, Iterator
from decimal import Decimal
from typing import TypeVar

from rich.console import Console, RenderableType
from rich.text import Text

from medcli.check.order import CheckedOrder
from medcli.check.orders_file import COLUMNS, FileRow
from medcli.numbers import format_number
from medcli.sanitize import clean_text

BLOCK = 200  # orders a text block holds: the first lines show at once
VERDICT_STYLE = {
    "ok": "green",
    "rounded": "cyan",
    "banded": "cyan",
    "flag": "bold yellow",
    "error": "bold red",
}
HEADER = ("patient", "drug", "C/D", "ordered", "computed", "deviation", "verdict", "reason")
WIDTHS = (9, 13, 6, 10, 10, 17, 8)
RESULT_COLUMNS = ("computed_mg", "deviation_mg", "deviation_pct", "verdict", "reason")
PROGRESS_EVERY = 500  # orders between two rewrites of the status line: a few a second
_T = TypeVar("_T")


def _mg(value: Decimal | None) -> str:
    return "-" if value is None else f"{format_number(value, 2)} mg"


def _signed(value: Decimal, places: int) -> str:
    shown = format_number(value, places)
    return shown if shown.startswith("-") or shown == "0" else f"+{shown}"


def deviation_text(checked: CheckedOrder) -> str:
    if checked.deviation_mg is None or checked.deviation_pct is None:
        return "-"
    return f"{_signed(checked.deviation_mg, 2)} mg {_signed(checked.deviation_pct, 2)}%"


def order_line(checked: CheckedOrder) -> Text:
    """One order on one line: patient, drug, cycle/day, ordered, computed, deviation, verdict."""
    order = checked.order
    cells = (
        order.patient or "-",
        order.drug,
        f"C{order.cycle} D{order.day}",
        f"{order.ordered_dose} {order.ordered_unit}",
        _mg(checked.computed_mg),
        deviation_text(checked),
    )
    line = Text()
    for cell, width in zip(map(clean_text, cells), WIDTHS, strict=False):
        line.append(cell.ljust(width - 1)[: max(width - 1, len(cell))] + " ")
    line.append(checked.verdict.ljust(WIDTHS[-1]), style=VERDICT_STYLE[checked.verdict])
    line.append(checked.reason)
    return line


def header_line() -> Text:
    return Text(
        "".join(name.ljust(width) for name, width in zip(HEADER, WIDTHS, strict=False))
        + HEADER[-1],
        style="bold",
    )


def single_view(checked: CheckedOrder) -> list[RenderableType]:
    """One order: its line, then the notes and the working a pharmacist reads."""
    view: list[RenderableType] = [header_line(), order_line(checked)]
    if checked.tolerance_basis:
        view.append(Text(f"tolerance: {checked.tolerance_basis}"))
    working = checked.working
    if working is not None:
        dose = working.dose
        per = dose.unit.rpartition("/")[2]
        basis = "" if dose.basis is None else f" × {format_number(dose.basis, 4)} {per}"
        source = f" [source: {dose.source}]" if dose.source else ""
        view.append(
            Text(
                f"working: {format_number(dose.amount or 0)} {dose.unit}{basis} = "
                f"{_mg(dose.dose_mg)}{source}"
            )
        )
        if working.bsa is not None:
            area = working.bsa
            view.append(
                Text(
                    f"BSA ({area.formula_name}): {area.expression} = "
                    f"{format_number(area.bsa_m2, 4)} m²"
                )
            )
        if working.rule:
            view.append(Text(f"rule: {working.rule}"))
    vials = checked.vial_rounding
    if vials is not None:
        below = "none" if vials.below_mg is None else _mg(vials.below_mg)
        within = f"--round-to-vial {format_number(vials.tolerance_pct)}%"
        view.append(
            Text(
                f"whole vials next to {_mg(vials.dose_mg)}: {below} below, "
                f"{_mg(vials.above_mg)} above ({within})"
            )
        )
    band = checked.band
    if band is not None:
        view.append(
            Text(
                f"band: {format_number(band.from_mg)} to {format_number(band.to_mg)} mg → "
                f"{_mg(band.banded_mg)} [{band.source}]"
            )
        )
    view += [Text(f"note: {note}") for note in checked.notes]
    return view


def file_blocks(checked: Iterable[CheckedOrder]) -> Iterator[list[RenderableType]]:
    """A line per order, in blocks as they are checked, then the count by verdict."""
    block: list[RenderableType] = [header_line()]
    counts = {"ok": 0, "rounded": 0, "banded": 0, "flag": 0, "error": 0}
    for each in checked:
        counts[each.verdict] += 1
        block.append(order_line(each))
        if len(block) >= BLOCK:
            yield block
            block = []
    total = sum(counts.values())
    summary = ", ".join(
        f"{count:,} {verdict}"
        for verdict, count in counts.items()
        if count or verdict in ("ok", "flag", "error")  # rounded, banded: when there are any
    )
    yield [*block, Text(f"{total:,} order{'' if total == 1 else 's'}: {summary}")]


def csv_lines(rows: Iterable[tuple[FileRow, CheckedOrder]], extra: list[str]) -> Iterator[str]:
    """The input columns (the documented ones, then the file's others) and the results."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    columns = [*COLUMNS, *extra]
    writer.writerow([*columns, *RESULT_COLUMNS])
    for row, checked in rows:
        results = [
            "" if checked.computed_mg is None else str(checked.computed_mg),
            "" if checked.deviation_mg is None else str(checked.deviation_mg),
            "" if checked.deviation_pct is None else str(checked.deviation_pct),
            checked.verdict,
            checked.reason,
        ]
        writer.writerow([*(row.cells.get(column, "") for column in columns), *results])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


def with_progress(
    console: Console, items: Iterable[_T], status: Callable[[int], str]
) -> Generator[_T, None, None]:
    """*items* as they pass, with *status* (of the count so far) on *console* (stderr) every
    `PROGRESS_EVERY` items when it is a terminal: one line rewritten in place and erased
    at the end, or when the run stops early. Not a terminal: nothing is written."""
    if not console.is_terminal or console.is_dumb_terminal:
        yield from items
        return
    shown = False
    try:
        for count, item in enumerate(items, start=1):
            if count % PROGRESS_EVERY == 0:
                line = clean_text(status(count))[: max(console.width - 1, 1)]
                console.file.write(f"\r{line}\x1b[K")
                console.file.flush()
                shown = True
            yield item
    finally:
        if shown:
            console.file.write("\r\x1b[K")
            console.file.flush()
