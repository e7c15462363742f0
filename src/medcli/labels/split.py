"""Reading structure back out of flattened label text: headings, subsections, dates.

openFDA gives "5 WARNINGS AND PRECAUTIONS Infusion-Related Reactions: … 5.1
Infusion-Related Reactions Serious infusion-related reactions …" with no mark
where a heading ends. A section heading is the capitals after the number ("5" or
"5."); a subsection starts at the next number in sequence (5.1, 5.2, …, also
written "5. 2") that is not a cross-reference ("( 5.1 )", "(5.1)"), and its
title is the run of capitalised words after it, less the capitalised word that
starts the first sentence.
"""

from __future__ import annotations

import re
from typing import Literal

MAX_TITLE_WORDS = 14
MAX_SUBSECTIONS = 60
MAX_GAP = 4  # numbers missing in a row before the subsections end (8.1 then 8.5: 3)
_CONNECTORS = frozenset(
    {"a", "an", "and", "as", "at", "by", "during", "for", "from", "in", "into", "of", "on"}
    | {"or", "the", "to", "vs", "with", "without", "&"}
)
# "5 WARNINGS AND PRECAUTIONS" or "5. WARNINGS AND PRECAUTIONS": labels write both.
_HEADING = re.compile(r"^\s*(?:(\d{1,2})\.?\s+)?((?:[A-Z][A-Z0-9&/,:()\-]*\s+)+)")


class LabelError(Exception):
    """A document that cannot be imported as a label: a stable code and the reason."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def split_heading(text: str) -> tuple[str | None, str | None, str]:
    """(number, title, rest) of a field that starts "5 WARNINGS AND PRECAUTIONS …".

    The title is the capitalised words; the last is dropped when a lower-case word
    follows it ("INDICATIONS AND USAGE SARCLISA is indicated": SARCLISA starts the text).
    """
    match = _HEADING.match(text)
    if match is None:
        return None, None, text.strip()
    words = match.group(2).split()
    rest = text[match.end() :]
    if rest[:1].islower() and words:
        rest = f"{words.pop()} {rest}"
    title = " ".join(words).strip()
    if not title or not any(len(re.sub(r"[^A-Z]", "", word)) >= 2 for word in words):
        return None, None, text.strip()
    return match.group(1), title, rest.strip()


def split_subsections(number: str, text: str) -> list[tuple[str | None, str | None, int, int]]:
    """(number, title, start, end) of the intro and each "N.k Title" subsection of *text*.

    `text[start:end]` is the part's text without its number and title.
    """
    heads: list[tuple[str, str, int, int]] = []  # number, title, where it starts, text start
    position, misses, sub = 0, 0, 1
    while misses < MAX_GAP and sub <= MAX_SUBSECTIONS:
        found = _subsection_at(number, sub, text, position)
        sub += 1
        if found is None:
            misses += 1
            continue
        misses = 0
        heads.append(found)
        position = found[3]
    parts: list[tuple[str | None, str | None, int, int]] = []
    first = heads[0][2] if heads else len(text)
    parts.append((None, None, 0, _rstrip(text, first)))
    for index, (sub_number, title, _, body_start) in enumerate(heads):
        end = heads[index + 1][2] if index + 1 < len(heads) else len(text)
        parts.append((sub_number, title, body_start, _rstrip(text, end)))
    return parts


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _subsection_at(
    number: str, sub: int, text: str, position: int
) -> tuple[str, str, int, int] | None:
    # "5.3", "5. 3" and "5 .3" (labels write all three), not "5.30" nor a cross-reference.
    pattern = re.compile(rf"(?<![\w.(])(?<!\( ){re.escape(number)}\s?\.\s?{sub}(?!\d)\s+(?=[A-Z])")
    match = pattern.search(text, position)
    if match is None:
        return None
    title, consumed = subsection_title(text[match.end() :])
    body_start = match.end() + consumed
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    return f"{number}.{sub}", title, match.start(), body_start


def subsection_title(text: str) -> tuple[str, int]:
    """The title at the start of *text* and how many characters it takes up."""
    taken: list[re.Match[str]] = []
    for word in re.finditer(r"\S+", text):
        core = word.group().strip("()[],;")
        if len(taken) >= MAX_TITLE_WORDS or not core:
            break
        if core[0].isupper() or (taken and core.lower() in _CONNECTORS):
            taken.append(word)
            if word.group().endswith(":"):
                break
            continue
        break
    else:
        return (" ".join(w.group() for w in taken), taken[-1].end()) if taken else ("", 0)
    # The first sentence starts at the last capitalised word: drop it, and the
    # lower-case connectors between it and the first lower-case word.
    while len(taken) > 1 and taken[-1].group() in _CONNECTORS:
        taken.pop()
    if len(taken) > 1 and not taken[-1].group().endswith(":"):
        taken.pop()
    while taken and taken[-1].group().lower() in _CONNECTORS:
        taken.pop()
    if not taken:
        return "", 0
    return " ".join(w.group() for w in taken).rstrip(":"), taken[-1].end()


def iso_date(value: str | None) -> str | None:
    """`20231113` → `2023-11-13`; anything else → None."""
    if value is None or not re.fullmatch(r"\d{8}", value[:8]):
        return None
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def rx_otc(product_type: str | None) -> Literal["rx", "otc"] | None:
    if product_type is None:
        return None
    kind = product_type.upper()
    if "OTC" in kind:
        return "otc"
    if "PRESCRIPTION" in kind:
        return "rx"
    return None
