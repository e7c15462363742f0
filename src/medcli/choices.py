"""The fixed vocabularies users choose from, declared once for every shell.

The command line's choices, the MCP tools' enums, the monograph schema's
literals and the core's checks all read these tuples, so a new formula or
jurisdiction is added in one place. Nothing here imports beyond `typing`: the
start-up fast path and the Typer options can use it without loading msgspec,
the schema or the dosing core. Vocabularies that come from data (regimen ids,
drug names) are not here: the library answers those.
"""

from __future__ import annotations

from typing import Literal

Frequency = Literal["very_common", "common", "uncommon", "rare", "unknown"]
FREQUENCIES: tuple[Frequency, ...] = ("very_common", "common", "uncommon", "rare", "unknown")

# Whose rules a source states: a US label, an EU summary of product characteristics.
Jurisdiction = Literal["us", "eu"]
JURISDICTIONS: tuple[Jurisdiction, ...] = ("us", "eu")

HepaticClass = Literal["mild", "moderate", "severe"]  # bilirubin bands (VELCADE 2.8)
HEPATIC_CLASSES: tuple[HepaticClass, ...] = ("mild", "moderate", "severe")
ChildPugh = Literal["A", "B", "C"]
CHILD_PUGH_CLASSES: tuple[ChildPugh, ...] = ("A", "B", "C")
Sex = Literal["female", "male"]  # as Cockcroft-Gault distinguishes them
SEXES: tuple[Sex, ...] = ("female", "male")

WEIGHT_UNITS = ("kg", "lb")
HEIGHT_UNITS = ("cm", "in")
# The ids of `medcli.dosing.bsa.FORMULAS`, in its order (a test holds the two together).
BSA_FORMULAS = ("mosteller", "dubois", "haycock", "gehan-george", "boyd")

# Where a listed monograph comes from; `fda-label` is a kind rather than a place.
ListedOrigin = Literal["bundled", "user", "folder", "fda-label"]
ORIGINS: tuple[ListedOrigin, ...] = ("bundled", "user", "folder", "fda-label")

# What an imported label is to its product (`medcli.library.products`): the label that
# answers for it, a repackager's or relabeler's copy, or the holder's under an earlier set id.
ProductRole = Literal["holder", "repackager", "earlier"]

# The sections `search` takes: a monograph view's sections but the disclaimer and the
# sources, then the FDA label sections, each searched in the column that holds the same facts.
MONOGRAPH_SEARCH_SECTIONS = (
    "usage", "dosage", "administration", "premedications", "contraindications",
    "side-effects", "mechanism", "precautions", "specific-populations", "storage", "faqs",
    "extra",
)  # fmt: skip
LABEL_SEARCH_SECTIONS = (
    "highlights", "boxed-warning", "recent-major-changes", "indications", "dosage-forms",
    "warnings", "adverse-reactions", "interactions", "drug-abuse", "overdosage", "description",
    "clinical-pharmacology", "nonclinical-toxicology", "clinical-studies", "references",
    "how-supplied", "patient-counseling", "package-label", "active-ingredient", "purpose",
    "inactive-ingredients", "questions", "other-safety-information", "unclassified", "other",
)  # fmt: skip
SEARCH_SECTIONS = MONOGRAPH_SEARCH_SECTIONS + LABEL_SEARCH_SECTIONS
