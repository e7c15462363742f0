"""Where each openFDA field stands in its label: the label's own numbers, else LOINC order.

openFDA hands a label's sections out as JSON fields in no reliable order (some
exports start "drug_interactions, geriatric_use, …"). The label numbers its
sections ("5 WARNINGS AND PRECAUTIONS", "8.1 Pregnancy"), so a field's place is
its number; a field with none takes the number its LOINC section has in a
prescription label (PLR: Pregnancy is 8.1) or, in a label that numbers nothing
(the old format and OTC Drug Facts), its place in that format's order.
Parents sort before their subsections, which is what lets a subsection field be
recognised as already inside its parent and kept once.
"""

from __future__ import annotations

import functools
import re

Place = tuple[float, ...]

# The number a LOINC section has in a PLR label (21 CFR 201.57(c)), for fields that
# do not write theirs; sections a PLR label leaves unnumbered come after section 17.
PLR_PLACES: dict[str, Place] = {
    "34066-1": (0,),  # boxed warning
    "43683-2": (0, 1),  # recent major changes
    "34067-9": (1,),
    "34068-7": (2,),
    "43678-2": (3,),
    "34070-3": (4,),
    "43685-7": (5,),
    "34071-1": (5,),
    "42232-9": (5,),
    "34072-9": (5, 0),
    "34084-4": (6,),
    "34073-7": (7,),
    "34074-5": (7, 90),
    "43684-0": (8,),
    "42228-7": (8, 1),
    "34077-8": (8, 1, 1),
    "34078-6": (8, 1, 2),
    "34079-4": (8, 2),
    "34080-2": (8, 3),
    "34081-0": (8, 4),
    "34082-8": (8, 5),
    "42227-9": (9,),
    "34085-1": (9, 1),
    "34086-9": (9, 2),
    "34087-7": (9, 3),
    "34088-5": (10,),
    "34089-3": (11,),
    "34090-1": (12,),
    "43679-0": (12, 1),
    "43681-6": (12, 2),
    "43682-4": (12, 3),
    "49489-8": (12, 4),
    "66106-6": (12, 5),
    "43680-8": (13,),
    "34083-6": (13, 1),
    "34091-9": (13, 2),
    "34092-7": (14,),
    "34093-5": (15,),
    "34069-5": (16,),
    "44425-7": (16, 90),
    "34076-0": (17,),
    "42229-5": (90,),  # SPL unclassified
    "42231-1": (91,),  # medication guide
    "42230-3": (92,),  # patient package insert
    "68498-5": (93,),
    "59845-8": (94,),  # instructions for use
    "51945-4": (99,),  # package label
}
# The order of an unnumbered label: the old prescription format (description first,
# dosage near the end), with the OTC Drug Facts sections in their places.
UNNUMBERED_PLACES: dict[str, Place] = {
    "34066-1": (0,),
    "55106-9": (0, 1),  # active ingredient
    "55105-1": (0, 2),  # purpose
    "34089-3": (1,),
    "34090-1": (2,),
    "43679-0": (2, 1),
    "43681-6": (2, 2),
    "43682-4": (2, 3),
    "49489-8": (2, 4),
    "66106-6": (2, 5),
    "34092-7": (2, 9),  # clinical studies
    "34067-9": (3,),
    "34070-3": (4,),
    "34071-1": (5,),
    "43685-7": (5,),
    "54433-8": (5, 1),
    "50570-1": (5, 2),  # do not use
    "50569-3": (5, 3),  # ask a doctor
    "50568-5": (5, 4),
    "50567-7": (5, 5),  # when using
    "50566-9": (5, 6),  # stop use
    "53414-9": (5, 7),  # pregnancy or breast feeding
    "50565-1": (5, 8),  # keep out of reach of children
    "42232-9": (6,),
    "34072-9": (6, 1),
    "34076-0": (6, 2),
    "34075-2": (6, 3),
    "34073-7": (6, 4),
    "34074-5": (6, 5),
    "34083-6": (6, 6),
    "42228-7": (6, 7),
    "34077-8": (6, 7, 1),
    "34078-6": (6, 7, 2),
    "34079-4": (6, 8),
    "34080-2": (6, 9),
    "34081-0": (6, 10),
    "34082-8": (6, 11),
    "34084-4": (7,),
    "42227-9": (8,),
    "34085-1": (8, 1),
    "34086-9": (8, 2),
    "34087-7": (8, 3),
    "34088-5": (9,),
    "34068-7": (10,),
    "43678-2": (10, 5),
    "34069-5": (11,),
    "44425-7": (11, 1),
    "51727-6": (11, 5),  # inactive ingredients
    "53413-1": (11, 6),  # questions
    "34093-5": (12,),
    "34091-9": (12, 5),
    "43680-8": (12, 6),
    "42229-5": (90,),
    "42231-1": (91,),
    "42230-3": (92,),
    "68498-5": (93,),
    "59845-8": (94,),
    "51945-4": (99,),
}
UNKNOWN_PLACE: Place = (98,)

# "5 WARNINGS", "5. WARNINGS", "8.1 Pregnancy", "8. 1 Pregnancy": the number a field opens with.
_LEADING_NUMBER = re.compile(r"^\s*(\d{1,2})(?:\.\s?(\d{1,2})(?!\d))?\.?\s+(?=[A-Z])")


def leading_number(text: str) -> str | None:
    """The section number a field's text opens with ("8.1"), or None."""
    match = _LEADING_NUMBER.match(text)
    if match is None:
        return None
    return match.group(1) if match.group(2) is None else f"{match.group(1)}.{match.group(2)}"


def after_number(text: str) -> str:
    """*text* without the section number it opens with."""
    return _LEADING_NUMBER.sub("", text, count=1).strip()


def number_place(number: str) -> Place:
    """ "8.1" → (8, 1): numbers compared as numbers, 5.10 after 5.9."""
    return tuple(float(part) for part in re.findall(r"\d+", number))


def field_place(code: str, number: str | None, numbered_label: bool) -> Place:
    """Where a field of LOINC *code* stands: its own number, else its section's usual place."""
    if number is not None:
        return number_place(number)
    places = PLR_PLACES if numbered_label else UNNUMBERED_PLACES
    return places.get(code, UNKNOWN_PLACE)


def own_heading_at(code: str, text: str) -> int:
    """Where, past the start, *text* has the heading of LOINC *code*'s main section; 0 if not.

    "… 14 CLINICAL STUDIES 14.1 …" in the clinical studies field: the number a PLR label
    gives the section, then a word in capitals.
    """
    place = PLR_PLACES.get(code)
    if place is None or len(place) != 1 or leading_number(text) == f"{place[0]:.0f}":
        return 0
    match = _heading_pattern(f"{place[0]:.0f}").search(text, 1)
    return match.start() if match else 0


@functools.lru_cache(maxsize=32)
def _heading_pattern(number: str) -> re.Pattern[str]:
    # The number first, its look-behind after it: searched for as a string, where a
    # pattern opening with a look-behind is tried at every position of the text.
    return re.compile(rf"{number}(?<![\w.(]{number})\.?\s+(?=[A-Z]{{2,}}\b)")


def is_top_level(number: str | None) -> bool:
    """Whether *number* is a main section's ("5"), not a subsection's ("5.1")."""
    return number is not None and "." not in number
