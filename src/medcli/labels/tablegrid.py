"""A label table's rows laid out on its columns, and its header rows found wherever they sit.

openFDA keeps `<thead>` in only about 40% of tables: in the others the rows that
name the arms ("Drug N=120", "Placebo N=118") and the grades ("All Grades %")
are the first rows of `<tbody>`. Those rows are the table's header, so they are
moved to it when the table is read: columns are then named by their arms, and
the table is drawn with its arm headings at any width.
"""

from __future__ import annotations

import re

import msgspec

from medcli.model import TableCell, TableRow

MAX_HEADER_ROWS = 4
# A cell holding a value: "84", "5.5", "<1", "12%", "12 (5)", "3 (2.1%)", "NR", "-".
VALUE_CELL = re.compile(
    r"^\s*(?:[<>≤≥]\s*)?\d+(?:[.,]\d+)?\s*%?\s*(?:\(\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%?\s*\))?"
    r"\s*[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*\s*$|^\s*(?:NR|NA|N/A|-|–|—)\s*$",
    re.IGNORECASE,
)
# A value followed by its N on the next line or in brackets: "6.2%\n(N=2830)".
VALUE_FIRST = re.compile(r"^\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%\s*(?:\n|\()")
# Words only a header row carries: a count of patients, a percent sign, a grade, an arm.
HEADER_CUE = re.compile(
    r"\bn\s*=|\(\s*n\s*\)|%|\bpercent|\bgrades?\b|\bplacebo\b|\bvehicle\b|\barm\b"
    r"|\bpatients\b|\bmg\b|\btotal\b|\bincidence\b",
    re.IGNORECASE,
)


def grid(rows: list[TableRow]) -> list[list[str | None]]:
    """Rows with spans laid out: each cell's text at every column it covers.

    A cell spanning columns appears once per column; a cell a row span carries
    down appears as None in the rows below (it was read already).
    """
    laid: list[list[str | None]] = []
    carried: dict[tuple[int, int], bool] = {}
    for r, row in enumerate(rows):
        line: list[str | None] = []
        column = 0
        for cell in row:
            while carried.get((r, column)):
                line.append(None)
                column += 1
            for offset in range(min(cell.colspan, 64)):
                line.append(cell.text)
                for down in range(1, min(cell.rowspan, len(rows) - r)):
                    carried[(r + down, column + offset)] = True
            column += min(cell.colspan, 64)
        while carried.get((r, column)):
            line.append(None)
            column += 1
        laid.append(line)
    return laid


def split_header(
    head: list[TableRow], body: list[TableRow]
) -> tuple[list[TableRow], list[TableRow]]:
    """(header, body): the leading body rows that are header rows moved to the header.

    A leading body row is a header row when none of its cells after the first
    holds a value and it carries a header word ("N=", "%", "Grade", "Placebo"),
    or, in a table without any header, it is the first row with two texts. Rows
    without a header word above such a row ("TABLE 2", an arm's name) go with
    it; below the last one they stay (a category such as "Infections"). A row span
    reaching from a moved row into the body is cut at the header's end. At least
    one body row is always left.
    """
    laid = grid(body)
    moved = 0
    for index, row in enumerate(laid[:MAX_HEADER_ROWS]):
        if index >= len(laid) - 1 or _holds_values(row):
            break
        texts = _texts(row)
        first = not head and not moved and len(set(texts)) >= 2 and not _is_title(row)
        if any(HEADER_CUE.search(text) for text in texts) or first:
            moved = index + 1  # and the rows without a header word above it
    if not moved:
        return head, body
    header = [
        [_clamped(cell, moved - index) for cell in row] for index, row in enumerate(body[:moved])
    ]
    return head + header, body[moved:]


def _texts(row: list[str | None]) -> list[str]:
    return [text.strip() for text in row if text and text.strip()]


def _holds_values(row: list[str | None]) -> bool:
    return any(VALUE_CELL.match(cell) or VALUE_FIRST.match(cell) for cell in row[1:] if cell)


def _is_title(row: list[str | None]) -> bool:
    """One text across the row, starting at its first column: a title or a category."""
    texts = _texts(row)
    return bool(row and row[0] and row[0].strip()) and len(set(texts)) == 1


def _clamped(cell: TableCell, rows_left: int) -> TableCell:
    if cell.rowspan <= rows_left:
        return cell
    return msgspec.structs.replace(cell, rowspan=rows_left)
