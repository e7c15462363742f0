"""A label read from openFDA or SPL → a monograph, and how many of its words it kept.

The monograph's id is the generic name's slug and its brand names are aliases;
the label's text lives in `label.sections`, not copied into the prose fields.
Which id a second label of the same drug gets is decided where labels are
written (`medcli.labels.store`), since it depends on what the library holds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from medcli.importer.words import words
from medcli.labels.effects import SOURCE_ID, extract
from medcli.labels.markup import table_words
from medcli.labels.openfda import ReadLabel
from medcli.model import Label, Monograph, Provenance, Source

MISSING_SHOWN = 8
FORMATS = {"openfda": "openFDA drug-label record", "spl": "DailyMed SPL document"}


@dataclass
class MappedLabel:
    monograph: Monograph
    words: int  # 0 with `found` 0 when the words were not counted (see `counted`)
    found: int
    missing: tuple[str, ...]
    side_effects: int
    tables: int
    rate_tables: int
    warnings: list[str] = field(default_factory=list)
    counted: bool = True  # whether the words were counted: a sampled import counts a few


def drug_name(label: Label) -> str:
    """The generic name as a name ("ATORVASTATIN CALCIUM" → "Atorvastatin calcium")."""
    return _as_name((label.generic_names or label.brand_names or [label.set_id])[0])


def _as_name(raw: str) -> str:
    name = " ".join(raw.split())
    if name.isupper():
        name = name.lower()
    return name[:1].upper() + name[1:]


def substance_aliases(label: Label, name: str) -> list[str]:
    """The substance name as a name of its own, when the generic name only repeats the brand.

    openFDA lists some labels with `generic_name` ISENTRESS: neither the id nor any
    alias then holds the substance (`substance_name` RALTEGRAVIR POTASSIUM), so the
    drug could not be looked up by what it is. A combination's substances are its
    parts, not its names, so they are not added.
    """
    brands = {brand.casefold() for brand in label.brand_names}
    if name.casefold() not in brands or len(label.substance_names) != 1:
        return []
    substance = _as_name(label.substance_names[0])
    return [] if substance.casefold() == name.casefold() else [substance]


def map_label(
    read: ReadLabel, drug_id: str, today: str, shown: str, count_words: bool = True
) -> MappedLabel:
    """The monograph of *read* under *drug_id*, with its word coverage when *count_words*.

    Counting a label's words costs about a sixth of its conversion, and says nothing
    about the monograph itself: a large import counts a sample (`medcli.labels.convert`).
    """
    label = read.label
    extracted = extract(label)
    name = drug_name(label)
    aliases = [brand for brand in label.brand_names if brand.casefold() != name.casefold()]
    aliases += substance_aliases(label, name)
    version = f", version {label.version}" if label.version else ""
    title = f"FDA label: {', '.join(label.brand_names) or name}"
    if label.manufacturer:
        title += f" ({label.manufacturer})"
    monograph = Monograph(
        schema_version=1,
        id=drug_id,
        name=name,
        aliases=list(dict.fromkeys(aliases)),
        drug_class=read.drug_class,
        routes=read.routes,
        provenance=Provenance(
            kind="imported",
            date=today,
            description=f"FDA label text, imported from {shown} ({FORMATS[label.format]})",
        ),
        side_effects=extracted.effects,
        adverse_reaction_rates=extracted.trial_rates,
        disclaimer=(
            "This is the text of a US FDA label as published by its manufacturer, set id "
            f"{label.set_id}{version}. It is not medical advice: check the current label and "
            "ask a health professional."
        ),
        sources=[
            Source(
                id=SOURCE_ID,
                title=title,
                kind="label",
                url=f"https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid={label.set_id}",
                path=shown,
                date=label.effective_time,
                note=f"set id {label.set_id}{version}",
            )
        ],
        label=label,
    )
    counted = coverage(read.source_text, label) if count_words else (0, 0, ())
    tables = sum(len(section.tables) for section in label.sections + label.other_sections)
    return MappedLabel(
        monograph,
        *counted,
        side_effects=len(extracted.effects),
        tables=tables,
        rate_tables=extracted.rate_tables,
        warnings=read.warnings + extracted.warnings,
        counted=count_words,
    )


def coverage(source_text: list[str], label: Label) -> tuple[int, int, tuple[str, ...]]:
    """(words, found, most-missed words): the source's words found in the label's sections.

    Counted as multisets, so a word the source says five times must be kept five times.
    """
    wanted = Counter(word for text in source_text for word in words(text))
    kept: Counter[str] = Counter()
    for section in label.sections + label.other_sections:
        kept.update(words(section.title))
        if section.number:
            kept.update(words(section.number))
        kept.update(words(section.text))
        for table in section.tables:
            kept.update(words(table_words(table)))
    found = sum(min(count, kept[word]) for word, count in wanted.items())
    missing = Counter(
        {word: count - kept[word] for word, count in wanted.items() if count > kept[word]}
    )
    return (
        sum(wanted.values()),
        found,
        tuple(word for word, _ in missing.most_common(MISSING_SHOWN)),
    )
