"""The named sections of a monograph view, and cutting a monograph down to some of them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum

import msgspec

from medcli.model import Monograph


class Section(str, Enum):
    # str + Enum rather than StrEnum: StrEnum is Python 3.11+, medcli supports 3.10.
    usage = "usage"
    dosage = "dosage"
    administration = "administration"
    premedications = "premedications"
    contraindications = "contraindications"
    side_effects = "side-effects"
    mechanism = "mechanism"
    precautions = "precautions"
    specific_populations = "specific-populations"
    storage = "storage"
    faqs = "faqs"
    extra = "extra"
    disclaimer = "disclaimer"
    sources = "sources"


# The monograph fields each section shows; identity fields are always kept.
SECTION_FIELDS: dict[Section, tuple[str, ...]] = {
    Section.usage: ("usage", "usage_source", "indications"),
    Section.dosage: ("dosage", "dosage_source", "regimens", "dose_rules"),
    Section.administration: ("products", "administration"),
    Section.premedications: ("premedications",),
    Section.contraindications: ("contraindications",),
    Section.side_effects: ("side_effects", "side_effects_note", "adverse_reaction_rates"),
    Section.mechanism: ("mechanism", "mechanism_source"),
    Section.precautions: ("precautions",),
    Section.specific_populations: ("specific_populations",),
    Section.storage: ("storage",),
    Section.faqs: ("faqs",),
    Section.extra: ("extra_sections",),
    Section.disclaimer: ("disclaimer",),
    Section.sources: ("sources",),
}
ALWAYS_KEPT = (
    "schema_version", "id", "name", "aliases", "drug_class", "routes", "components",
    "adults_only", "provenance", "disclaimer", "sources",
)  # fmt: skip


def wanted_sections(requested: Iterable[Section]) -> list[Section]:
    """The sections to show, in monograph order; all of them when none were asked for."""
    chosen = set(requested)
    return [section for section in Section if not chosen or section in chosen]


def subset(monograph: Monograph, sections: Iterable[Section]) -> Monograph:
    """*monograph* with only the fields of *sections* (plus identity, disclaimer and sources).

    The result is still a valid monograph, so `show -s X --json` output validates too.
    """
    keep = {name for section in sections for name in SECTION_FIELDS[section]}
    keep.update(ALWAYS_KEPT)
    defaults = {
        field.name: field.default
        if field.default is not msgspec.NODEFAULT
        else field.default_factory()
        for field in msgspec.structs.fields(Monograph)
        if field.name not in keep and not field.required
    }
    return msgspec.structs.replace(monograph, **defaults)
