"""Rates a label states in sentences: 6.1's serious and fatal adverse reactions.

Labels say in 6.1 which reactions were serious or fatal, per arm: "Serious
adverse reactions in >5% of patients who received Isa-Pd included pneumonia
(26%) …", "those occurring in more than 1% of patients were pneumonia
occurring in 1.7% and cardiac failure in 1.1% of patients", "Serious cardiac
failure was observed in 4% of patients in the Isa-Kd group". Each named
reaction becomes a rate of kind serious or fatal, with the arm the sentence
names and the trial named last before it; the sentence's overall share
("Serious adverse reactions occurred in 62% of patients") is a rate of the
whole arm. Only what a sentence states is read: a number is never inferred.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from medcli.model import Rate, RateKind

SOURCE_ID = "fda-label"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\[])")
_PERCENT = r"(\d{1,3}(?:\.\d+)?)\s*%"
_ARM = re.compile(
    r"\b(?:who received|receiving|treated with|in the|with the)\s+"
    r"([A-Z][\w+\-/]*(?:\s*\+\s*[A-Z][\w+\-/]*)*)(?:\s+(?:arm|group))?"
)
_TRIAL = re.compile(
    r"\b(?:[Ii]n|[Ff]rom)\s+(?:the\s+)?(?:ongoing\s+)?([A-Z][A-Z0-9]{2,}(?:-[A-Z0-9]+)*)\b(?!-[a-z])"
)
# A trial named on its own, as a heading or in brackets: "(RCC) LITESPARK-005 The safety
# of WELIREG was evaluated in a study (LITESPARK- 005)". Capitals, a hyphen, a number
# (or "IMpower150": capitals, lower case, a number);
# not one of a list ("four studies, IMMU-132-01, ASCENT, and …" names no one trial).
TRIAL_NAME = re.compile(
    r"(?<![\w-])(?<!, )(?<!and )"
    r"((?!COVID)[A-Z]{3,}[A-Z0-9]*(?:-[A-Z0-9]+)*-\s?\d{2,}[A-Z0-9]*|[A-Z]{2,}[a-z]+\d{2,})"
    r"(?![\w-])(?!,)"
)
# "Cohort 1 of the ASPEN study", "a randomized study (ASCENT) in patients": a trial by name.
_NAMED_STUDY = re.compile(
    r"\bof\s+the\s+([A-Z][A-Za-z0-9]{2,}(?:-[A-Z0-9]+)*)\s+(?:study|trial)\b"
    r"|\b(?:study|trial)\s+\(([A-Z][A-Za-z0-9]{2,}(?:-\s?[A-Z0-9]+)*)\)"
)
# "pneumonia (26%)", "other infections [3%]": the percent, and the name is the words before it
_LISTED = re.compile(r"\s*[(\[]\s*" + _PERCENT + r"\s*[)\]]")
_LISTED_NAME = re.compile(r"([A-Za-z][^()\[\]%]*)$")
# "pneumonia occurring in 1.7%", "cardiac failure in 1.1% of patients"
_OCCURRING = re.compile(r"\s+(?:occurring\s+)?in\s+" + _PERCENT)
_OCCURRING_NAME = re.compile(r"\b([a-z][a-z \-]*)$")
MAX_NAME = 80
# "Serious cardiac failure was observed in 4%", "Fatal infections occurred in 3.3%"
_STATED = re.compile(
    r"\b(?:serious|fatal)\s+([a-z][a-z \-]{0,80}?)\s+(?:was\s+|were\s+)?"
    r"(?:observed|reported|seen|occurred)\s+in\s+" + _PERCENT,
    re.IGNORECASE,
)
_OVERALL = re.compile(
    r"\b(?:(serious|fatal) adverse reactions|adverse reactions with a (fatal) outcome)"
    r"[^.%]*?\b(?:occurred|were reported|was reported|were observed)\s+in\s+" + _PERCENT,
    re.IGNORECASE,
)
_LEAD_WORDS = re.compile(
    r"^.*\b(?:included|include|including|were|was|are|is|being)\s+|^(?:and|or)\s+", re.IGNORECASE
)
_NOT_A_NAME = re.compile(
    r"adverse|patients?\b|occurred|reported|observed|grade|\d|\bof\b.*\bwho\b|those|more than"
    r"|less than|\bgroups?\b|\barms?\b|\b(and|or)$|^(the|a|an|other|and|or)$"
    r"|^(one|two|three|four|five|events?|fatal|severe|serious|most|to|similar|a|an|due|the)\b"
    r"|\b(case|cases|alone|inhibitors?|compared|versus|vs)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedRate:
    """A reaction a sentence names, and the share of patients it gives for it."""

    name: str
    rate: Rate


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) for each sentence of *text*; a decimal point never ends one."""
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, text[start : match.start()]
        start = match.end()
    if text[start:].strip():
        yield start, text[start:]


def read_percent(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if 0 <= value <= 100 else None


def arm_near(sentence: str, at: int) -> str | None:
    """The arm a sentence names for the number at *at*: the first after it, else the last before."""
    own = sentence.find("%", at)
    following = sentence.find("%", own + 1) if own >= 0 else -1
    after = _ARM.search(sentence, at, following if following >= 0 else len(sentence))
    if after:
        return after.group(1)
    before = [match.group(1) for match in _ARM.finditer(sentence[:at])]
    return before[-1] if before else None


def trial_before(text: str, at: int) -> str | None:
    """The trial named last before offset *at* ("In ICARIA-MM, …", "LITESPARK-005 The …").

    The nearest name counts: a paragraph on a second trial starts by naming it, so a
    sentence after it is that trial's even where a caption named the first one later.
    """
    named = _trials(text)
    index = bisect.bisect_right([start for start, _ in named], at - 1)
    return named[index - 1][1] if index else None


@functools.lru_cache(maxsize=64)  # a section's text is asked about once per sentence
def _trials(text: str) -> tuple[tuple[int, str], ...]:
    named = [(match.start(), match.group(1)) for match in _TRIAL.finditer(text)]
    named += [
        (match.start(), re.sub(r"-\s+", "-", match.group(1))) for match in TRIAL_NAME.finditer(text)
    ]
    named += [
        (match.start(), re.sub(r"-\s+", "-", match.group(1) or match.group(2)))
        for match in _NAMED_STUDY.finditer(text)
    ]
    return tuple(sorted(named))


def serious_rates(
    text: str, section: str, fallback_trial: str
) -> tuple[list[NamedRate], list[Rate]]:
    """(reactions with their serious or fatal rate, each arm's overall serious or fatal rate)."""
    named: list[NamedRate] = []
    overall: list[Rate] = []
    for start, sentence in sentences(text):
        lowered = sentence.casefold()
        if "serious" not in lowered and "fatal" not in lowered:
            continue
        kind: RateKind = "fatal" if "fatal" in lowered else "serious"
        trial = trial_before(text, start) or fallback_trial
        whole = _OVERALL.search(sentence)
        if whole and (percent := read_percent(whole.group(3))) is not None:
            arm = arm_near(sentence, whole.end()) or "arm not named"
            overall.append(_rate(percent, trial, arm, kind, section))
        for name, number, at in _named(sentence, whole.end() if whole else 0):
            percent = read_percent(number)
            if percent is None:
                continue
            arm = arm_near(sentence, at) or "arm not named"
            named.append(NamedRate(name, _rate(percent, trial, arm, kind, section)))
    return named, overall


def _named(sentence: str, skip_to: int) -> Iterator[tuple[str, str, int]]:
    """(name, percent, offset) of each reaction a sentence names with its own percent.

    Each percent is found first and its name read from the words just before it,
    so a long sentence costs one pass per pattern.
    """
    seen: set[int] = set()
    found = [(m.group(1), m.start(2), m.group(2)) for m in _STATED.finditer(sentence)]
    for anchor, name_pattern in ((_LISTED, _LISTED_NAME), (_OCCURRING, _OCCURRING_NAME)):
        for match in anchor.finditer(sentence):
            start = max(0, match.start() - MAX_NAME)
            while 0 < start < match.start() and sentence[start - 1].isalnum():
                start += 1  # the window starts at a whole word
            before = name_pattern.search(sentence[start : match.start()])
            if before:
                found.append((before.group(1), match.start(1), match.group(1)))
    for words, at, number in found:
        if at in seen or at < skip_to:
            continue
        name = _LEAD_WORDS.sub("", re.split(r"[,:;]", words)[-1]).strip(" -")
        if 2 < len(name) <= 60 and not _NOT_A_NAME.search(name):
            seen.add(at)
            yield name[:1].upper() + name[1:], number, at


def _rate(percent: Decimal, trial: str, arm: str, kind: RateKind, section: str) -> Rate:
    return Rate(percent=percent, trial=trial, arm=arm, kind=kind, section=section, source=SOURCE_ID)
