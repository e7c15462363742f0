"""Which monograph field a section heading names.

Learnt from the corpus (6,447 pages): the seven standard headings ("Generic Name",
"Usage", "Dosage", "Side Effects", "How it Works", "Precautions", "FAQs") cover
98% of the `###` headings; the rest are the same words with a trailing colon,
a parenthetical ("Side Effects (Individual Components)", "Generic Name (Not
Applicable)"), text after a colon ("Usage: Paracetamol is …"), or headings of
their own (a component's name, "Combined Use of A and B", "Interactions"), which
go to `extra_sections`. A qualifier naming one component ("Usage (Alprazolam)")
keeps the section out of the shared field, so the text stays with its drug.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Field = Literal["generic", "usage", "dosage", "side_effects", "mechanism", "precautions", "faqs"]

LABELS: dict[str, Field] = {
    "generic name": "generic",
    "generic names": "generic",
    "generic name(s)": "generic",
    "usage": "usage",
    "uses": "usage",
    "indications": "usage",
    "dosage": "dosage",
    "dose": "dosage",
    "dosing": "dosage",
    "dosage and administration": "dosage",
    "side effects": "side_effects",
    "adverse effects": "side_effects",
    "adverse reactions": "side_effects",
    "how it works": "mechanism",
    "how does it work": "mechanism",
    "mechanism of action": "mechanism",
    "mechanism": "mechanism",
    "precautions": "precautions",
    "warnings and precautions": "precautions",
    "precautions and warnings": "precautions",
    "faqs": "faqs",
    "faq": "faqs",
    "frequently asked questions": "faqs",
}
# Qualifiers that say how the section is written, not whose it is. Those that say
# nothing a reader needs are structure; the others are kept with the section's text.
STRUCTURE_QUALIFIERS = frozenset(
    {
        "individual components",
        "individual ingredients",
        "individual drugs",
        "components",
        "combination",
        "combination product",
        "general",
        "general information",
        "not applicable",
    }
)
SHARED_QUALIFIERS = STRUCTURE_QUALIFIERS | {"combined use", "combination therapy", "outdated"}
_HEADING = re.compile(
    r"^(?P<label>[^():]+?)\s*(?:\((?P<qualifier>[^()]*)\))?\s*(?::\s*(?P<rest>.*))?$", re.S
)


@dataclass(frozen=True)
class HeadingMatch:
    field: Field
    label: str  # the words that name the field: structure, not content
    qualifier: str | None  # "(Individual Components)": structure, like the label
    rest: str  # text written after a colon in the heading itself
    kept: str | None = None  # "(Outdated)": a qualifier with something to say, kept as text


def classify(title: str) -> HeadingMatch | None:
    """The field *title* names, or None for a heading of its own (→ extra_sections)."""
    match = _HEADING.match(title.strip())
    if match is None:
        return None
    label = match["label"].strip()
    field = LABELS.get(" ".join(label.casefold().split()))
    if field is None:
        return None
    qualifier = match["qualifier"]
    key = " ".join(qualifier.casefold().split()) if qualifier is not None else None
    if key is not None and key not in SHARED_QUALIFIERS and field != "faqs":
        return None  # "Usage (Alprazolam)": one component's, not the shared field
    rest = (match["rest"] or "").strip()
    if qualifier is not None and key not in STRUCTURE_QUALIFIERS:
        return HeadingMatch(field, label, None, rest, f"({qualifier.strip()})")
    return HeadingMatch(field, label, f"({qualifier})" if qualifier else None, rest)


def names_field(title: str) -> Field | None:
    """The field a heading's label names, whatever its qualifier: "Side Effects (Alprazolam)"."""
    match = _HEADING.match(title.strip())
    return LABELS.get(" ".join(match["label"].casefold().split())) if match else None
