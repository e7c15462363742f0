"""Side effects from a label: adverse-reaction table rows, and the serious reactions.

A row of an adverse-reaction table becomes a side effect with the row's value
in each percent column (the column named by its header cells: arm, N, grade) and
the caption as its context. Its tier is the CIOMS band of the drug arm's
all-grade rate: the first arm that is not placebo or a control, and in it the
column headed all (or any) grades, or its only percent column. A value that
is not a plain number ("<1", "0", "NR") gives no tier: a frequency is never
guessed. A table without a percent column gives no side effects and a warning.

The boxed warning's headline ("WARNING: SERIOUS INFECTIONS AND MALIGNANCY") and
the titles of the Warnings and Precautions subsections (5.x, or the subsections
of an old-format Warnings section) are serious reactions, with their section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from medcli.model import (
    ColumnRate,
    Frequency,
    Label,
    LabelSection,
    LabelTable,
    SideEffect,
    TableRow,
)

SOURCE_ID = "fda-label"
_PERCENT_HEADER = re.compile(r"%|percent", re.IGNORECASE)
_COUNT_PERCENT_HEADER = re.compile(r"\bn\s*\(\s*%\s*\)", re.IGNORECASE)
_CONTROL = re.compile(r"placebo|control|comparator|vehicle|observation", re.IGNORECASE)
_ALL_GRADES = re.compile(r"\b(all|any)[\s-]*grades?\b|\ball\b", re.IGNORECASE)
_GRADE = re.compile(r"grade", re.IGNORECASE)
_VALUE = re.compile(
    r"^\s*(?:(\d+)\s*\(\s*)?([<>≤≥]\s*)?(\d+(?:\.\d+)?)\s*%?\s*\)?\s*[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*\s*$"
)
_MARKS = re.compile(r"[\s*†‡§¶#,ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]+$")
# Warnings subsections that are advice, not a reaction ("General", "Use with Anakinra").
_NOT_REACTIONS = re.compile(
    r"interference|laboratory test|monitoring|risk evaluation|rems|drug interactions?$"
    r"|^(general|usage|use|combined use|concomitant|information|important)\b",
    re.IGNORECASE,
)
ADVERSE_CODE = "34084-4"
PLR_WARNINGS, OLD_WARNINGS, BOXED, UNCLASSIFIED = "43685-7", "34071-1", "34066-1", "42229-5"


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    arm: str
    count_percent: bool  # "n (%)": the percent is the number in brackets


@dataclass
class Extracted:
    effects: list[SideEffect]
    warnings: list[str]
    rate_tables: int


def extract(label: Label) -> Extracted:
    """Every side effect the label's tables and warnings give, in label order."""
    effects: list[SideEffect] = []
    warnings: list[str] = []
    rate_tables = 0
    for section in label.sections:
        if section.loinc != ADVERSE_CODE:
            continue
        for table in section.tables:
            rows = table_effects(table)
            if rows is None:
                what = table.caption or f"a table in {section.title}"
                warnings.append(f"{what[:80]}: no percent column; kept as a table, no rates read")
                continue
            rate_tables += 1
            effects += rows
    for name, where in serious_reactions(label):
        key = name_key(name)
        matched = [effect for effect in effects if name_key(effect.name) == key]
        for index, effect in enumerate(effects):
            if effect in matched:
                effects[index] = _serious(effect, where)
        if not matched:
            effects.append(SideEffect(name=name, serious=True, section=where, source=SOURCE_ID))
    return Extracted(effects, warnings, rate_tables)


def _serious(effect: SideEffect, where: str) -> SideEffect:
    """*effect* marked serious, its sections listed (a boxed warning and its 5.x subsection)."""
    import msgspec

    sections = [] if not effect.serious or effect.section is None else effect.section.split("; ")
    joined = "; ".join(dict.fromkeys([*sections, where]))
    return msgspec.structs.replace(effect, serious=True, section=joined)


def name_key(name: str) -> str:
    """Names that differ only in case, punctuation or a plural ending are one reaction."""
    key = re.sub(r"[^a-z0-9]+", "", name.casefold())
    return key[:-3] + "y" if key.endswith("ies") else key.removesuffix("s")


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


def columns(table: LabelTable) -> list[Column]:
    """The percent columns of *table*, named by their header cells."""
    head = grid(table.head)
    body = grid(table.body)
    width = max((len(row) for row in head + body), default=0)
    found: list[Column] = []
    for index in range(1, width):
        texts = [row[index] for row in head if index < len(row) and row[index]]
        parts = list(dict.fromkeys(text for text in texts if text))
        label = " ".join(" ".join(part.split()) for part in parts)
        arm = " ".join(parts[:-1]) if len(parts) > 1 else label
        values = [row[index] for row in body if index < len(row) and row[index]]
        percent_cells = sum(1 for value in values if value and "%" in value)
        numbers = sum(1 for value in values if value and _VALUE.match(value))
        in_caption = bool(_PERCENT_HEADER.search(table.caption or "")) and numbers * 2 >= len(
            values
        )
        if not (
            _PERCENT_HEADER.search(label) or in_caption or percent_cells * 2 >= len(values) > 0
        ):
            continue
        found.append(
            Column(
                index,
                label or f"column {index + 1}",
                arm,
                bool(_COUNT_PERCENT_HEADER.search(label)),
            )
        )
    return found


def table_effects(table: LabelTable) -> list[SideEffect] | None:
    """The side effects of an adverse-reaction table; None when it has no percent column."""
    percent = columns(table)
    if not percent:
        return None
    tier_column = _all_grades(percent)
    effects: list[SideEffect] = []
    for row in grid(table.body):
        name = _MARKS.sub("", (row[0] or "") if row else "").strip()
        if not name or len(name) > 200:
            continue
        rates = [
            ColumnRate(column=column.label, value=" ".join(text.split()))
            for column in percent
            if column.index < len(row)
            and (text := row[column.index])
            and text.strip()
            and text != row[0]
        ]
        if not rates:
            continue  # a category row ("Infections") or a row without values
        value = row[tier_column.index] if tier_column and tier_column.index < len(row) else None
        frequency, note = tier(value, tier_column)
        effects.append(
            SideEffect(
                name=name,
                frequency=frequency,
                frequency_note=note,
                table_rates=rates,
                context=table.caption,
                section="Adverse Reactions",
                source=SOURCE_ID,
            )
        )
    return effects


def _all_grades(percent: list[Column]) -> Column | None:
    arms = list(dict.fromkeys(column.arm for column in percent))
    drug = next((arm for arm in arms if not _CONTROL.search(arm)), arms[0])
    mine = [column for column in percent if column.arm == drug]
    for column in mine:
        if _ALL_GRADES.search(column.label.removeprefix(column.arm)):
            return column
    if len(mine) == 1:
        return mine[0]
    ungraded = [column for column in mine if not _GRADE.search(column.label)]
    return ungraded[0] if ungraded else None


def tier(value: str | None, column: Column | None) -> tuple[Frequency, str | None]:
    """The CIOMS tier of a cell's rate, and the words it came from; unknown unless plain."""
    if value is None or column is None:
        return "unknown", None
    match = _VALUE.match(value)
    if match is None:
        return "unknown", None
    count, qualifier, number = match.groups()
    if column.count_percent and count is None and "(" not in value:
        return "unknown", None
    note = f"{' '.join(value.split())}% in {column.label}".replace("%%", "%")
    if qualifier:
        return "unknown", note
    try:
        rate = Decimal(number)
    except InvalidOperation:
        return "unknown", None
    if rate <= 0 or rate > 100:
        return "unknown", note
    if rate >= 10:
        return "very_common", note
    if rate >= 1:
        return "common", note
    if rate >= Decimal("0.1"):
        return "uncommon", note
    return "rare", note


def serious_reactions(label: Label) -> list[tuple[str, str]]:
    """(reaction, section) for the boxed warning's headline and each warnings subsection."""
    found: list[tuple[str, str]] = []
    if label.rx_otc == "otc":
        return found
    parents: list[LabelSection] = []
    for section in label.sections:
        if section.loinc == BOXED and section.depth == 0:
            found += [(name, "Boxed Warning") for name in boxed_headline(section)]
        if section.depth == 0:
            parents = [section]
            continue
        parent = parents[0] if parents else None
        if parent is None or parent.loinc not in (PLR_WARNINGS, OLD_WARNINGS):
            continue
        if section.loinc not in (parent.loinc, UNCLASSIFIED, None):
            continue
        title = section.title.strip().rstrip(":.")
        if not title or title == section.number or _NOT_REACTIONS.search(title):
            continue
        where = parent.title.capitalize() if parent.title.isupper() else parent.title
        number = f" {section.number}" if section.number else ""
        found.append((title, f"{where}{number}"))
    return found


def boxed_headline(section: LabelSection) -> list[str]:
    """The reactions a boxed warning names in its capitals: "SERIOUS INFECTIONS AND MALIGNANCY"."""
    headline = section.title
    match = re.match(r"^\s*WARNINGS?\s*:?\s*(.*)$", headline)
    if match is None or not match.group(1).strip():
        return []
    text = match.group(1)
    names = [
        part.strip(" .;:")
        for part in re.split(r",|;|\bAND\b|\band\b|/", text)
        if part.strip(" .;:")
    ]
    return [name.capitalize() for name in names if len(name) <= 80]
