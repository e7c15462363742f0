"""Side effects from a table of body systems and their lists: "Cardiovascular | a, b, c".

Some labels print their rarer reactions as a two-column table with no rates: a body
system in the first cell, a comma list of reactions in the second. Each listed reaction
is one entry, its body system the category; the whole list is never one name. The shape
is recognised narrowly, so a table of tests, doses or instructions is never read as one:
every row is two cells without a number, the first a short heading (most of them a body
system's: "Heart Rate and Rhythm" is not one), the second a list the prose reader
(`prose_effects.listed_names`, the one item splitter) reads as reaction names, and at least
one second cell is a list of several. The band is the one the table's caption,
header or the sentence introducing it gives ("… occurring in <2% of patients": the
highest tier the bound allows), none otherwise, and none in a postmarketing subsection.
"""

from __future__ import annotations

import re

from medcli.labels.prose_effects import (
    POSTMARKETING,
    frequency_band,
    is_body_system,
    listed_names,
)
from medcli.labels.rate_sentences import sentences
from medcli.labels.table_effects import SOURCE_ID
from medcli.model import Frequency, LabelSection, LabelTable, SideEffect, TableCell

# A body system's heading: a few words, no number, no sentence.
_MAX_HEADING_WORDS = 8
_DIGIT = re.compile(r"\d")
# A cross-reference after a name ("… [see Clinical Pharmacology (12.2)]"): no number of it.
_SEE_ALSO = re.compile(r"\s*\[see\b[^\]]*\]", re.IGNORECASE)


def system_list_effects(table: LabelTable, section: LabelSection) -> list[SideEffect] | None:
    """The reactions a table of body systems and their lists gives, in table order; None
    when the table does not have that shape."""
    head = [_texts(row) for row in table.head]
    listing = [row for row in head if _is_system_row(row) and "," in row[1]]  # read as a head
    rows = [row for row in [*listing, *map(_texts, table.body)] if row]
    if len(rows) < 2 or any(not _is_system_row(row) for row in rows):
        return None
    lists = [(row[0].rstrip(" :"), listed_names(row[1], opens=True)) for row in rows]  # "Renal:"
    if any(not names for _, names in lists) or all(len(names) < 2 for _, names in lists):
        return None
    if 2 * sum(is_body_system(system) for system, _ in lists) < len(lists):
        return None  # "Glow panel | a, b": tests or doses listed, not reactions by system
    headers = [row for row in head if row not in listing]
    frequency, note = _band(table, headers, section)
    where = f"Adverse reactions {section.number}" if section.number else "Adverse Reactions"
    return [
        SideEffect(
            name=name,
            frequency=frequency,
            frequency_note=note,
            category=system,
            section=where,
            source=SOURCE_ID,
        )
        for system, names in lists
        for name in names
    ]


def _texts(row: list[TableCell]) -> list[str]:
    """A row's cells that hold text, without their cross-references."""
    return [text for cell in row if (text := _SEE_ALSO.sub("", cell.text).strip())]


def _is_system_row(row: list[str]) -> bool:
    """Whether *row* is a body system's heading and its list: two cells, no number."""
    return (
        len(row) == 2
        and len(row[0].split()) <= _MAX_HEADING_WORDS
        and not any(_DIGIT.search(cell) for cell in row)
    )


def _band(
    table: LabelTable, headers: list[list[str]], section: LabelSection
) -> tuple[Frequency, str | None]:
    """The band the caption, the header or the sentence just before the table gives."""
    if POSTMARKETING.search(section.title or ""):
        return "unknown", "postmarketing"
    header = " ".join(text for row in headers for text in row)
    lead = [text for _, text in sentences(section.text[: table.at]) if text.strip()]
    for text in (table.caption or "", header, lead[-1] if lead else ""):
        if band := frequency_band(text):
            return band
    return "unknown", None
