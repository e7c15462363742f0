"""Reading a CSV of orders one row at a time: header, delimiter, BOM, Excel's habits.

The reader is a generator over the open file: one row in memory at a time, so a
file of any length checks in flat memory. What makes the whole file unreadable
(empty, binary, no header, a required column missing) is a `UsageError` (exit 2)
before any row; a bad row is an order whose check says what is wrong with it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TextIO

from medcli.check.order import Order
from medcli.errors import UsageError

REQUIRED = ("drug", "regimen", "cycle", "day", "weight_kg", "ordered_dose")
COLUMNS = (  # in the documented order: what `--csv` writes first
    "patient",
    "drug",
    "regimen",
    "cycle",
    "day",
    "weight_kg",
    "height_cm",
    "age",
    "crcl",
    "creatinine",
    "sex",
    "dialysis",
    "hepatic",
    "child_pugh",
    "ordered_dose",
    "ordered_unit",
    "bsa_formula",
)
OPTIONAL = tuple(column for column in COLUMNS if column not in REQUIRED)
NUMBER_COLUMNS = (
    "cycle",
    "day",
    "weight_kg",
    "height_cm",
    "age",
    "crcl",
    "creatinine",
    "ordered_dose",
)
YES = ("yes", "y", "true", "1")
NO = ("no", "n", "false", "0", "")
SNIFF_CHARS = 4096
_DECIMAL_COMMA = re.compile(r"^[0-9]+,[0-9]+$")
_EXCEL_TEXT = re.compile(r'^="(.*)"$')  # Excel's ="0820": a number kept as text


@dataclass(frozen=True)
class FileRow:
    """A row of the file: its line number, the columns as read, and the order or what is wrong."""

    line: int
    cells: dict[str, str]
    order: Order
    problem: str | None  # a cell the order cannot take, said of its column


@dataclass(frozen=True)
class OrdersFile:
    """A file's header (its column names, lower case) and its rows, read as they are asked for."""

    header: list[str]
    rows: Iterator[FileRow]

    @property
    def extra_columns(self) -> list[str]:
        """The file's columns that are not an order's: kept in `--csv` output as they are."""
        return [column for column in self.header if column and column not in COLUMNS]


def open_orders(stream: TextIO, name: str) -> OrdersFile:
    """The orders of the CSV *stream* (opened with encoding utf-8-sig).

    The header and the first row are read now, so a file that is no orders file
    (or holds none) fails before any output; the other rows are read one at a
    time as `rows` is iterated.
    """
    start = _read_start(stream, name)
    first_line = start.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(_chained(start, stream, name), delimiter=delimiter)
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise UsageError(
            f"{name}: the header row lacks {', '.join(missing)}; accepted: a header row "
            f"with {', '.join(REQUIRED)} (and optionally {', '.join(OPTIONAL)})"
        )
    rows = _rows(reader, header, delimiter)
    first = next(rows, None)
    if first is None:  # nothing checked must not read as everything ok
        raise UsageError(f"{name} has a header row and no orders; accepted: one order a row")
    return OrdersFile(header, itertools.chain([first], rows))


def _rows(reader: Iterator[list[str]], header: list[str], delimiter: str) -> Iterator[FileRow]:
    for row in reader:
        if any(cell.strip() for cell in row):
            line = getattr(reader, "line_num", 0)
            found = _file_row(line, dict(zip(header, row, strict=False)), delimiter)
            if len(row) != len(header) and found.problem is None:
                found = replace(found, problem=_cell_count(len(row), len(header), delimiter))
            yield found


def _cell_count(cells: int, columns: int, delimiter: str) -> str:
    hint = (
        " (a decimal comma such as 82,5 splits a number in two: write 82.5)"
        if delimiter == ","
        else ""
    )
    return (
        f"the row has {cells} cells and the header {columns} columns{hint}; accepted: "
        "one cell per column of the header"
    )


def _read_start(stream: TextIO, name: str) -> str:
    try:
        start = stream.read(SNIFF_CHARS)
    except UnicodeDecodeError:
        raise UsageError(f"{name} is not a UTF-8 text file; accepted: a CSV of orders") from None
    if "\x00" in start:
        raise UsageError(f"{name} is a binary file; accepted: a CSV of orders")
    if not start.strip():
        raise UsageError(
            f"{name} is empty; accepted: a CSV with a header row ({', '.join(REQUIRED)}, ...)"
        )
    return start


def _chained(start: str, stream: TextIO, name: str) -> Iterator[str]:
    """The file's lines, the sniffed start first, read lazily."""
    whole_lines = start if start.endswith("\n") else start + stream.readline()
    yield from io.StringIO(whole_lines)
    while True:
        try:
            line = stream.readline()
        except UnicodeDecodeError:
            raise UsageError(f"{name} is not a UTF-8 text file after its start; accepted: "
                             "a CSV of orders in UTF-8") from None  # fmt: skip
        if not line:
            return
        if "\x00" in line:
            raise UsageError(f"{name} is a binary file; accepted: a CSV of orders")
        yield line


def _file_row(line: int, cells: dict[str, str], delimiter: str) -> FileRow:
    problem: str | None = None
    values: dict[str, str] = {}
    for column, raw in cells.items():
        value = raw.strip()
        excel = _EXCEL_TEXT.match(value)
        if excel:
            value = excel.group(1).strip()
        if column in NUMBER_COLUMNS and "," in value and problem is None:
            if delimiter == ";" and _DECIMAL_COMMA.match(value):
                value = value.replace(",", ".")
            else:
                problem = (
                    f"column {column} {raw!r} has a comma; accepted: a plain number with a "
                    "decimal point (82.5), or a decimal comma in a file separated by ';'"
                )
        values[column] = value
    dialysis = values.get("dialysis", "").lower()
    if dialysis not in YES + NO and problem is None:
        problem = (
            f"column dialysis {cells['dialysis']!r} is not yes or no; accepted: yes, no (or empty)"
        )

    def given(column: str) -> str | None:
        return values.get(column) or None

    order = Order(
        drug=values.get("drug", ""),
        regimen=values.get("regimen", ""),
        cycle=values.get("cycle", ""),
        day=values.get("day", ""),
        weight_kg=values.get("weight_kg", ""),
        ordered_dose=values.get("ordered_dose", ""),
        ordered_unit=given("ordered_unit") or "mg",
        patient=given("patient"),
        height_cm=given("height_cm"),
        age=given("age"),
        crcl=given("crcl"),
        creatinine=given("creatinine"),
        sex=given("sex"),
        dialysis=dialysis in YES,
        hepatic=given("hepatic"),
        child_pugh=given("child_pugh"),
        bsa_formula=given("bsa_formula") or "mosteller",
    )
    empty = [column for column in REQUIRED if not values.get(column)]
    if empty and problem is None:
        problem = f"column {empty[0]} is empty; accepted: every row gives {', '.join(REQUIRED)}"
    return FileRow(line=line, cells=cells, order=order, problem=problem)
