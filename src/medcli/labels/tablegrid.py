"""A label table's rows laid out on its columns, and its header rows found wherever they sit.

openFDA keeps `<thead>` in only about 40% of tables: in the others the rows that
name the arms ("Drug N=120", "Placebo N=118") and the grades ("All Grades %")
are the first rows of `<tbody>`. Those rows are the table's header, so they are
moved to it when the table is read: columns are then named by their arms, and
the table is drawn with its arm headings at any width.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from medcli.model import TableCell, TableRow

MAX_HEADER_ROWS = 4
# Words after which a capital goes on with the name: "Diarrhea or Colitis".
_JOINING = frozenset({"and", "or", "of", "with", "to", "in", "&", "/"})
_QUALIFYING = frozenset({"increased", "decreased", "elevated", "low", "high", "serum", "blood"})
_QUALIFYING |= {"total", "abnormal", "reduced", "raised"}
# A cell holding a value: "84", "5.5", "<1", "12%", "12 (5)", "3 (2.1%)", "NR", "-".
VALUE_CELL = re.compile(
    r"^\s*(?:[<>≤≥]\s*)?\d+(?:[.,]\d+)?\s*%?\s*(?:\(\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%?\s*\))?"
    r"\s*[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*\s*$|^\s*(?:NR|NA|N/A|-|–|—)\s*$",
    re.IGNORECASE,
)
# A value followed by its N on the next line or in brackets: "6.2%\n(N=2830)".
VALUE_FIRST = re.compile(r"^\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%\s*(?:\n|\()")
# Words only a header row carries: a count of patients, a percent sign, a grade, an arm.
# One of the values a cell holds when openFDA lost the line breaks between them:
# "151 (34)", "4 (< 1)", "<1", "12.5%", a lone dash.
STACKED_VALUE = re.compile(
    r"(?:[<>≤≥]\s*)?\d+(?:\.\d+)?\s*%?(?:\s*\(\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%?\s*\))?"
    r"|(?<!\S)[-–—](?!\S)"
)
# A footnote mark after a value, set apart: "- ᵈ" (not given, see note d).
_MARK_AFTER = re.compile(r"\s+[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]+$")
# A footnote mark closing a name: "Neutropenia †", "Diarrhea or colitis †ᵃ", "Rash*".
NAME_END_MARK = re.compile(r"[*†‡§¶#][*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*$")
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


def unstacked(
    laid: list[list[str | None]],
    name_column: int,
    body_system: Callable[[str], bool] = lambda text: False,
) -> list[list[str | None]]:
    """Laid-out rows with each row that stacks several reactions in its cells made several rows.

    openFDA sometimes drops a cell's line breaks, so one row reads "Neutropenia †
    Anemia †" with "151 (34) 90 (20)" under each arm. When the name cell splits
    into k names at its footnote marks (or, without marks, at the capitals that open
    each name: "Neutropenia Anemia Diarrhea or colitis") and every value cell holds
    exactly k values, the row is k rows; otherwise it is left as it is (never a guess
    at a split). Cells that kept their paragraphs, one a reaction, split at them first.
    """
    rows: list[list[str | None]] = []
    for row in laid:
        rows.extend(_unstack(row, name_column, body_system))
    return rows


def _unstack(
    row: list[str | None], name_column: int, body_system: Callable[[str], bool]
) -> list[list[str | None]]:
    if paragraphs := _paragraph_rows(row, name_column, body_system):
        return paragraphs
    names = _stacked_names(row[name_column] or "") if len(row) > name_column else []
    cells = row[name_column + 1 :]
    stacked = [_stacked_values(cell) if cell and cell.strip() else None for cell in cells]
    filled = [values for values in stacked if values is not None]
    if filled and len(names) != len(filled[0]):
        names = [name for piece in names for name in _at_capitals(piece)]
    if len(names) < 2 or not filled or any(len(values) != len(names) for values in filled):
        return [row]
    return [
        [
            *row[:name_column],
            name,
            *(values[k] if values else cell for cell, values in zip(cells, stacked, strict=True)),
        ]
        for k, name in enumerate(names)
    ]


def _paragraph_rows(
    row: list[str | None], name_column: int, body_system: Callable[[str], bool]
) -> list[list[str | None]]:
    """A row whose cells hold one paragraph (line) per reaction, as k rows; [] if not one.

    "General disorders\nAsthenia\nPain" over "64\n59" and "15\n9": every value
    cell holds k lines, each a lone value, and the name cell k lines, or k + 1 whose
    first, the body system above them, becomes a row of its own (the category). A
    single reaction under its body system ("Investigations\nWeight loss" over "32")
    splits only where *body_system* says the first line is one: a name may wrap.
    """
    if len(row) <= name_column or not row[name_column]:
        return []
    names = [line.strip() for line in (row[name_column] or "").splitlines() if line.strip()]
    cells = row[name_column + 1 :]
    lines = [
        [line.strip() for line in cell.splitlines() if line.strip()] if cell else []
        for cell in cells
    ]
    filled = [values for values in lines if values]
    count = len(filled[0]) if filled else 0
    if (
        count < 1
        or (count == 1 and not (len(names) == 2 and body_system(names[0])))
        or any(len(values) != count for values in filled)
        or not all(VALUE_CELL.match(_MARK_AFTER.sub("", v)) for values in filled for v in values)
        or len(names) not in (count, count + 1)
    ):
        return []
    heading: list[list[str | None]] = []
    if len(names) > count:
        heading = [[*row[:name_column], names[0], *("" for _ in cells)]]
    return heading + [
        [
            *row[:name_column],
            name,
            *(values[k] if values else cell for cell, values in zip(cells, lines, strict=True)),
        ]
        for k, name in enumerate(names[-count:])
    ]


def _stacked_names(text: str) -> list[str]:
    """The names in a cell, split after each footnote mark that has words after it."""
    names: list[str] = []
    words: list[str] = []
    for word in text.split():
        words.append(word)
        if NAME_END_MARK.search(word) and (len(word) > 1 or len(words) > 1):
            names.append(" ".join(words))
            words = []
    if words:
        names.append(" ".join(words))
    return names


def _at_capitals(text: str) -> list[str]:
    """A stacked name cell split where a name opens: a capitalised word ("Anemia"), or
    an abbreviation unless a word qualifies it ("ALT increased AST increased", but
    "Increased ALT")."""
    names: list[str] = []
    words: list[str] = []
    depth = 0
    for word in text.split():
        previous = words[-1] if words else ""
        qualified = previous.isupper() or (
            previous.istitle() and previous.casefold() in _QUALIFYING
        )  # "Increased ALT", "HLA B27": the abbreviation goes on with the name
        opens = word[:1].isupper() and (any(char.islower() for char in word) or not qualified)
        if words and opens and depth == 0 and previous.casefold() not in _JOINING:
            names.append(" ".join(words))
            words = []
        words.append(word)
        depth += word.count("(") - word.count(")")
    if words:
        names.append(" ".join(words))
    return names


def _stacked_values(text: str) -> list[str]:
    """The values a cell holds, or none when anything else is in it."""
    values = [match.group() for match in STACKED_VALUE.finditer(text)]
    rest = STACKED_VALUE.sub("", text)
    return values if not rest.strip() else []


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
