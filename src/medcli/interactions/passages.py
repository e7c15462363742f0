"""The passages of a label that can say something about another drug, and their rank.

Sections 4 (contraindications), the boxed warning, 5 (warnings and precautions; older
labels' Warnings and Precautions), 7 (drug interactions) and 12.3 (pharmacokinetics)
are read; a passage is one sentence of a section's text or one row of its tables,
verbatim, so a user sees the label's own words and not a whole section.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from medcli.model import LabelSection, LabelTable

# Most serious first: a pair is ranked by its most serious passage.
RANKS = ("contraindication", "boxed warning", "warning", "interaction", "pharmacokinetics")
_RANK_OF_LOINC = {
    "34070-3": "contraindication",
    "34066-1": "boxed warning",
    "43685-7": "warning",
    "34071-1": "warning",
    "42232-9": "warning",
    "34072-9": "warning",
    "34073-7": "interaction",
    "43682-4": "pharmacokinetics",
}
# A sentence ends at ". ", "! " or "? " before a capital, a digit or an opening bracket.
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[\"“])")
_ABBREVIATION = re.compile(r"(?:\b(?:e\.g|i\.e|vs|approx|Fig|No|Dr|al)\.)$", re.IGNORECASE)


@dataclass(frozen=True)
class Piece:
    """A sentence or table row of a section, where the passages are looked for."""

    section: LabelSection
    rank: str
    text: str
    table: str | None = None  # the caption of the table the row is in ("" without one)


def section_rank(section: LabelSection) -> str | None:
    """The rank of a section's passages, or None for a section not read."""
    rank = _RANK_OF_LOINC.get(section.loinc or "")
    if rank is None and (section.number or "").startswith("12.3"):
        return "pharmacokinetics"
    return rank


def pieces(sections: list[LabelSection]) -> Iterator[Piece]:
    """Every sentence and table row of the sections read, in the label's order."""
    for section in sections:
        rank = section_rank(section)
        if rank is None:
            continue
        for start, end in sentences(section.text):
            yield Piece(section, rank, section.text[start:end])
        for table in section.tables:
            for row in table_rows(table):
                yield Piece(section, rank, row, table.caption or "")


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each sentence of *text*, blank ones left out."""
    start = 0
    for boundary in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, max(0, boundary.start() - 8), boundary.start()):
            continue
        if text[start : boundary.start()].strip():
            yield _trimmed(text, start, boundary.start())
        start = boundary.end()
    if text[start:].strip():
        yield _trimmed(text, start, len(text))


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence (or run of sentences) of *text* that holds *start*..*end*."""
    first, last = start, end
    for bounds in sentences(text):
        if bounds[0] <= start < bounds[1] or bounds[0] < end <= bounds[1]:
            first, last = min(first, bounds[0]), max(last, bounds[1])
    return first, last


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def table_rows(table: LabelTable) -> Iterator[str]:
    """Each body row as its cells' text joined by " | ", the label's words kept."""
    for row in table.body:
        cells = [" ".join(cell.text.split()) for cell in row]
        text = " | ".join(cell for cell in cells if cell)
        if text:
            yield text
