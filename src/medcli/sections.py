"""The named sections of a monograph view, and cutting a monograph down to some of them."""

from __future__ import annotations

from collections.abc import Iterable
from enum import Enum
from typing import NamedTuple

import msgspec

from medcli.errors import UsageError
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
    # The sections of an FDA label (see `medcli.labels.sections.LABEL_KEYS`).
    highlights = "highlights"
    boxed_warning = "boxed-warning"
    recent_major_changes = "recent-major-changes"
    indications = "indications"
    dosage_forms = "dosage-forms"
    warnings = "warnings"
    adverse_reactions = "adverse-reactions"
    interactions = "interactions"
    drug_abuse = "drug-abuse"
    overdosage = "overdosage"
    description = "description"
    clinical_pharmacology = "clinical-pharmacology"
    nonclinical_toxicology = "nonclinical-toxicology"
    clinical_studies = "clinical-studies"
    references = "references"
    how_supplied = "how-supplied"
    patient_counseling = "patient-counseling"
    package_label = "package-label"
    active_ingredient = "active-ingredient"
    purpose = "purpose"
    inactive_ingredients = "inactive-ingredients"
    questions = "questions"
    other_safety_information = "other-safety-information"
    unclassified = "unclassified"
    other = "other"


# The monograph fields each section shows; identity fields are always kept.
SECTION_FIELDS: dict[Section, tuple[str, ...]] = {
    Section.usage: ("usage", "usage_source", "indications"),
    Section.dosage: ("dosage", "dosage_source", "regimens", "dose_rules", "drug_facts"),
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
# On a label, a monograph section shows the label sections that hold the same facts.
LABEL_EQUIVALENTS: dict[Section, tuple[str, ...]] = {
    Section.usage: ("indications",),
    Section.dosage: ("dosage",),
    Section.administration: ("dosage", "dosage-forms"),
    Section.side_effects: ("adverse-reactions",),
    Section.mechanism: ("clinical-pharmacology",),
    Section.precautions: ("boxed-warning", "warnings", "contraindications"),
    Section.storage: ("storage", "how-supplied"),
    Section.extra: ("other",),
}
SECTION_FIELDS.update({section: ("label",) for section in Section if section not in SECTION_FIELDS})
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
    chosen = list(sections)
    keep = {name for section in chosen for name in SECTION_FIELDS[section]}
    keep.update(ALWAYS_KEPT)
    if monograph.label is not None:
        keys = label_keys(chosen)
        keep.add("label")
        label = msgspec.structs.replace(
            monograph.label,
            sections=[part for part in monograph.label.sections if part.key in keys],
            other_sections=monograph.label.other_sections if "other" in keys else [],
        )
        monograph = msgspec.structs.replace(monograph, label=label)
    defaults = {
        field.name: field.default
        if field.default is not msgspec.NODEFAULT
        else field.default_factory()
        for field in msgspec.structs.fields(Monograph)
        if field.name not in keep and not field.required
    }
    return msgspec.structs.replace(monograph, **defaults)


def label_keys(sections: Iterable[Section]) -> set[str]:
    """The label section keys the chosen *sections* show."""
    return {
        key for section in sections for key in (section.value, *LABEL_EQUIVALENTS.get(section, ()))
    }


def parse_sections(names: Iterable[str]) -> list[Section]:
    """Section names as typed (`side-effects` or `side_effects`); a `UsageError` on others."""
    chosen: list[Section] = []
    for name in names:
        key = name.strip().lower().replace("_", "-").replace(" ", "-")
        if key not in Section._value2member_map_:
            accepted = ", ".join(section.value for section in Section)
            raise UsageError(f"unknown section {name!r}; accepted: {accepted}")
        chosen.append(Section(key))
    return chosen


def has_section(monograph: Monograph, section: Section) -> bool:
    """Whether `show -s SECTION` would show anything of *monograph* besides its header."""
    fields = [name for name in SECTION_FIELDS[section] if name != "label"]
    if any(getattr(monograph, name) for name in fields):
        return True
    label = monograph.label
    if label is None:
        return False
    keys = label_keys([section])
    return any(part.key in keys for part in label.sections) or (
        "other" in keys and bool(label.other_sections)
    )


class MissingSections(NamedTuple):
    """What `show -s` says when a monograph lacks a section asked for."""

    message: str
    none_found: bool  # not one section asked for is there: nothing to show (exit 1)


def missing_sections(monograph: Monograph, requested: Iterable[Section]) -> MissingSections | None:
    """The sections asked for that *monograph* lacks, and those it has; None when none lacks.

    A view of only a header would otherwise look like an empty section, which is
    not what the source says: the sections it does have are named instead.
    """
    asked = list(dict.fromkeys(requested))
    missing = [section.value for section in asked if not has_section(monograph, section)]
    if not missing:
        return None
    present = ", ".join(section.value for section in Section if has_section(monograph, section))
    plural = "sections" if len(missing) > 1 else "section"
    message = f"{monograph.name} has no {', '.join(missing)} {plural}; it has: {present}"
    return MissingSections(message, none_found=len(missing) == len(asked))
