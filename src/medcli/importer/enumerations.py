"""Side effects written as prose: "Common side effects include a, b, and in rare cases, c."

About a fifth of the corpus's side effects are not list entries but sentences: an
intro ("The most common side effects include", "More serious, though less
frequent, side effects can involve") followed by an enumeration, often after a
bold tier label, often followed by a sentence of advice. This module only cuts
text: into sentences, each into its intro and its enumeration, the enumeration
into its items (commas, semicolons, and the "and"/"or" before the last item);
`side_effects.py` decides what the pieces mean.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An intro ends with one of these: the enumeration follows it.
_INTRO_END = re.compile(
    r"\b(?:includ(?:e|es|ed|ing)(?:,? but (?:are|were|is|was) not limited to)?|"
    r"involv(?:e|es|ed|ing)|such as|consist(?:s|ed)? of|range from|ranging from|"
    r"side effects like|cause|causes)\b,?\s*:?\s*|:\s+",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"'])")
# Words that make an item a clause, not the name of an effect.
_CLAUSE_WORDS = frozenset(
    [
        "if",
        "when",
        "which",
        "that",
        "may",
        "might",
        "can",
        "could",
        "should",
        "will",
        "would",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "you",
        "your",
        "it",
        "its",
        "this",
        "these",
        "those",
        "they",
        "their",
        "than",
        "because",
        "although",
        "while",
        "since",
        "though",
        "unless",
        "however",
    ]
)
# A piece that says more of the item before it: "QT prolongation, which can …".
_REMARK = re.compile(r"^(?:which|who|that|especially|particularly)\b", re.I)
MAX_TAIL_WORDS = 10
# An item that only qualifies the next one: "and in rare cases, seizures".
_QUALIFIER = re.compile(
    r"^(?:in (?:some|rare|very rare|few|isolated|severe) (?:cases|instances|patients)|rarely|"
    r"occasionally|less commonly|more rarely|especially|particularly|potentially|possibly)$",
    re.I,
)
# A verb after the list ends it: "Rash and hives are possible, though rare."
_TAIL = re.compile(
    r"\s+(?:are|is|was|were|can|could|may|might|have|has|had|occur|occurs|occurred|"
    r"tend|tends|seem|seems|appear|appears)\b",
    re.I,
)
# What a tail must speak of for one item before it to be an effect ("X is possible").
_TAIL_TOPIC = re.compile(
    r"\b(?:possible|occur\w*|reported|side effects?|common|rare|seen|observed|experienced)\b",
    re.I,
)
# An item that says "and more" ends the list: "…, and various other effects".
_OTHERS = re.compile(r"^(?:(?:and|or)\s+)?(?:(?:various|many|several|any)\s+)?other\b|^etc\b", re.I)
# First words of a sentence that is no effect's name: "**Common:** None known."
_NOT_A_NAME = frozenset(
    {"none", "no", "not", "generally", "usually", "rarely", "very", "well"}
    | {"information", "data", "there", "most", "all", "the", "this", "these", "it", "they"}
    | {"such", "both", "each", "any"}
)
_DASH = re.compile(r"\s+[–—-]\s+")
_CONNECTOR = re.compile(r"^(and|or|and/or)\s+", re.I)
_TRAILING_CONNECTOR = re.compile(r"\s+(and|or)$", re.I)
MAX_ITEM_WORDS = 8


@dataclass(frozen=True)
class Listed:
    """One item of an enumeration: "hepatitis (rare)", with a qualifier read before it."""

    text: str
    qualifier: str | None = None


@dataclass(frozen=True)
class Enumeration:
    intro: str  # the words up to the list ("Common side effects may include"), may be ""
    items: tuple[Listed, ...]
    connectors: tuple[str, ...]  # the "and"/"or" that join items: list punctuation
    rest: str = ""  # what follows the items: "and other effects", "are possible, though rare"


def sentences(text: str) -> list[str]:
    """*text* cut after each ".", "!" or "?" that is outside brackets and before a capital."""
    cuts = [m.start() for m in _SENTENCE_END.finditer(text) if depth(text, m.start()) == 0]
    parts = [text[start:end] for start, end in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return [part.strip() for part in parts if part.strip()]


def enumeration(sentence: str, single: bool = False) -> Enumeration | None:
    """The intro, the items and the rest of *sentence*, or None when it lists nothing.

    The intro ends at the last "include"/"such as"/colon outside brackets; a verb
    after the items ends the list ("… are possible"). A sentence with neither is a
    list only when all of it is: two items or more, or one where *single* (the
    first sentence after a tier label: "**Common:** Pain at the injection site.").
    """
    ends = [m for m in _INTRO_END.finditer(sentence) if depth(sentence, m.start()) == 0]
    if ends:
        last = ends[-1]
        intro, listed = sentence[: last.end()].strip(), sentence[last.end() :]
        if not sentence[: last.start()].strip():
            return None
    else:
        intro, listed = "", sentence
    tail = next((m for m in _TAIL.finditer(listed) if depth(listed, m.start()) == 0), None)
    if tail and _REMARK.match(split_top(listed[: tail.start()], ",")[-1].strip()):
        tail = None  # "…, which can raise the risk of …": the verb is the remark's
    after = listed[tail.start() :].strip() if tail else ""
    found = list_items(listed[: tail.start()] if tail else listed)
    if found is None:
        return None
    items, connectors, others = found
    if not intro and len(items) < 2:
        topical = bool(after) and len(after.split()) <= MAX_TAIL_WORDS
        topical = topical and _TAIL_TOPIC.search(after) is not None
        first = items[0].text.split()[0].casefold() if items else ""
        if not (single or topical) or first in _NOT_A_NAME:
            return None
    return Enumeration(intro, items, connectors, " ".join(filter(None, (others, after))))


def list_items(text: str) -> tuple[tuple[Listed, ...], tuple[str, ...], str] | None:
    """Items of an enumeration and what says "and others", or None when a piece is a clause."""
    body = text.strip().rstrip(".!;:").strip()
    if not body:
        return None
    separator = ";" if ";" in _outside(body) else ","
    pieces = split_top(body, separator)
    last = pieces[-1].strip()
    joined = re.split(r"\s+(?:and|or|and/or)\s+", last)
    if len(joined) == 2 and depth_free(last):
        conjunction = last[len(joined[0]) :].split()[0]
        pieces[-1:] = [joined[0], f"{conjunction} {joined[1]}"]
    items: list[Listed] = []
    connectors: list[str] = []
    qualifier: str | None = None
    for index, piece in enumerate(pieces):
        piece = piece.strip()
        if piece.casefold() in ("and", "or"):  # "…, and, rarely, …"
            connectors.append(piece)
            continue
        if items and _OTHERS.match(piece):
            others = f"{separator} ".join(part.strip() for part in pieces[index:])
            return (tuple(items), tuple(connectors), others) if qualifier is None else None
        lead = _CONNECTOR.match(piece)
        if lead:
            connectors.append(lead[1])
            piece = piece[lead.end() :].strip()
        trailing = _TRAILING_CONNECTOR.search(piece)
        if trailing:  # "a rash and, rarely, fainting"
            connectors.append(trailing[1])
            piece = piece[: trailing.start()].strip()
        if _QUALIFIER.match(piece):
            qualifier = piece
            continue
        if items and _REMARK.match(piece):
            items[-1] = Listed(f"{items[-1].text} – {piece}", items[-1].qualifier)
            continue
        # "blurred vision – fatal if ignored": the remark after a dash is not the name
        outside = _outside(_DASH.split(piece, maxsplit=1)[0]).split()
        if not 1 <= len(outside) <= MAX_ITEM_WORDS:
            return None
        if {word.casefold().strip(",.") for word in outside} & _CLAUSE_WORDS:
            return None
        items.append(Listed(piece, qualifier))
        qualifier = None
    if qualifier is not None or not items:
        return None
    return tuple(items), tuple(connectors), ""


def split_top(text: str, separator: str) -> list[str]:
    """*text* split at *separator* where no bracket is open."""
    parts: list[str] = []
    level, start = 0, 0
    for index, char in enumerate(text):
        level += {"(": 1, ")": -1}.get(char, 0)
        if char == separator and level == 0:
            parts.append(text[start:index])
            start = index + 1
    parts.append(text[start:])
    return parts


def depth(text: str, index: int) -> int:
    """How many brackets are open at *index*."""
    return text.count("(", 0, index) - text.count(")", 0, index)


def depth_free(text: str) -> bool:
    """No "and"/"or" of *text* stands inside brackets ("(rash and itching)" stays whole)."""
    return re.search(r"\([^()]*\b(?:and|or)\b[^()]*\)", text) is None


def _outside(text: str) -> str:
    """*text* without its bracketed parts."""
    previous = None
    while previous != text:
        previous, text = text, re.sub(r"\([^()]*\)", "", text)
    return text
