"""Table rows that qualify the reaction above them instead of naming one.

Some tables give a reaction's rates in rows under its name: "Any" (all grades, or
"Any <2000 cells/mm³"), "Grade 3/4", "Grade 4 <500 cells/mm³", "Severe", "Fatal",
"By Patient", "By Course", "All severe or life-threatening events", and what a bleeding
required ("Requiring inotropes"). Such a row is
never a side effect of its own: its rates are the reaction's, each under its column
and the row's words. Only an all-grade row counted per patient ("Any", "By Patient") is the
reaction's incidence, so only it can give the tier; a grade's or a severity's rate is
a fact kept beside it, and a rate per course counts courses, not patients.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The words a sub-row opens with, and what may follow them: a threshold ("<500 cells/mm³").
_ALL_GRADES_ROW = re.compile(r"^(?:any|all grades?|by patient)(?:\s*[<>≤≥].*)?$", re.IGNORECASE)
_PART_ROW = re.compile(
    r"^(?:grades?\s*[1-5](?:\s*(?:/|-|–|and|or|to)\s*[1-5])?|severe|life[- ]threatening"
    r"|fatal|significantly disabling|by course)(?:\s*[<>≤≥].*)?$",
    re.IGNORECASE,
)
# A row saying what the bleeding its block heads required: "Requiring inotropes",
# "Requiring transfusion (≥4 units)". It may come after a reaction of its own in the block
# ("Hemorrhagic strokes"), so it qualifies the block's head, not the row above.
_CONSEQUENCE = re.compile(r"^requir(?:ing|ed)\b", re.IGNORECASE)
# A severity row whose cell openFDA ran on into the next reaction's name: "All severe or
# life-threatening events Pleural effusion". Only these words are long enough to tell
# from a reaction named with a severity ("Severe neutropenia").
_SEVERE_EVENTS = re.compile(
    r"^(all severe(?: or life[- ]threatening)? events)(?:\s+(\S.*))?$", re.IGNORECASE
)
# A grade row defined by a threshold: "500 to <1000/mm³ (grade 3)", "≥10 stools/day (grade 4)".
_DEFINED_GRADE = re.compile(r"^[\d<>≤≥].*\(grade\s*[1-5]\)$", re.IGNORECASE)
# A row splitting the reaction above by onset ("Diarrhea", then "Late" and "Early"), and the
# entry it gives ("Diarrhea (late)"), whose reaction the next onset row splits too.
_ONSET = re.compile(r"^(early|late)$", re.IGNORECASE)
_BY_ONSET = re.compile(r"^(.+) \((?:early|late)\)$")
# A row under a reaction that names a condition of its rates: "Regardless of Premedication";
# and a reaction's row that openFDA ran on into it: "Fluid Retention Regardless of …".
_CONDITION = re.compile(r"^(regardless of|with|without)\b", re.IGNORECASE)
_RUN_ON_CONDITION = re.compile(r"^(.+?)\s+(regardless of\b.*)$", re.IGNORECASE)


@dataclass(frozen=True)
class Qualifier:
    """A sub-row's words ("Grade 3/4"), whether its rates are all grades per patient, and
    the next reaction's name when the cell ran on into it."""

    words: str
    all_grades: bool
    next_name: str | None = None
    of_block_head: bool = False  # "Requiring inotropes": the block's head, not the row above


def qualifier_of(name: str) -> Qualifier | None:
    """The qualifier a row's name is, or None when it names a reaction."""
    if _ALL_GRADES_ROW.match(name):
        return Qualifier(name, all_grades=True)
    if _PART_ROW.match(name) or _DEFINED_GRADE.match(name):
        return Qualifier(name, all_grades=False)
    if _CONSEQUENCE.match(name):
        return Qualifier(name, all_grades=False, of_block_head=True)
    if events := _SEVERE_EVENTS.match(name):
        return Qualifier(events.group(1), all_grades=False, next_name=events.group(2))
    return None


def is_condition(name: str) -> bool:
    """Whether a row without rates (or only its N: "n=92") names a condition of the
    reaction above it, under which the sub-rows below it give its rates."""
    return bool(_CONDITION.match(name))


def is_onset(name: str) -> bool:
    """Whether a row names an onset ("Late") of the reaction above it, not a reaction."""
    return bool(_ONSET.match(name))


def split_by_onset(name: str) -> str | None:
    """The reaction an entry named by its onset splits ("Diarrhea" of "Diarrhea (late)")."""
    return match.group(1) if (match := _BY_ONSET.match(name)) else None


def split_condition(name: str) -> tuple[str, str | None]:
    """A reaction row's name and the condition it ran on into, if any ("Regardless of …")."""
    found = _RUN_ON_CONDITION.match(name)
    return (found.group(1), found.group(2)) if found else (name, None)
