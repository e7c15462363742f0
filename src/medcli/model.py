"""The monograph, schema version 1: the public contract of medcli's data.

Field names here are the names in YAML files, in `--json` output and in the JSON
Schema (`medcli schema`); renaming one breaks users' files. Every struct forbids
unknown fields so that a typo in a hand-written file is an error, not a silently
ignored key. Numbers that feed dose arithmetic are `Decimal`, never float.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from medcli.names import SLUG_PATTERN

SCHEMA_VERSION = 1

Slug = Annotated[
    str,
    msgspec.Meta(
        pattern=f"^{SLUG_PATTERN}$",
        max_length=120,
        description="lowercase letters, digits and hyphens",
    ),
]
Text = Annotated[str, msgspec.Meta(min_length=1)]
IsoDate = Annotated[str, msgspec.Meta(pattern=r"^\d{4}-\d{2}-\d{2}$", description="YYYY-MM-DD")]
# msgspec cannot put bounds on Decimal; `consistency_problems` checks these are finite and > 0.
PositiveDecimal = Annotated[Decimal, msgspec.Meta(description="a number greater than 0")]
PositiveInt = Annotated[int, msgspec.Meta(ge=1)]

Frequency = Literal["very_common", "common", "uncommon", "rare", "unknown"]
FREQUENCIES: tuple[Frequency, ...] = ("very_common", "common", "uncommon", "rare", "unknown")
FREQUENCY_LABELS: dict[Frequency, str] = {
    "very_common": "Very common (10% or more)",
    "common": "Common (1% to 10%)",
    "uncommon": "Uncommon (0.1% to 1%)",
    "rare": "Rare (under 0.1%)",
    "unknown": "Frequency not known",
}

SourceKind = Literal["label", "regulator", "manufacturer", "page", "other"]
LABEL_KINDS: frozenset[str] = frozenset({"label", "regulator", "manufacturer"})


class Base(msgspec.Struct, forbid_unknown_fields=True, omit_defaults=True, kw_only=True):
    """Common settings: unknown fields are errors; defaults are left out of output."""


class Source(Base):
    """Where a group of facts comes from. Items point at a source by its `id`."""

    id: Slug
    title: Text
    kind: SourceKind = "other"
    url: str | None = None
    path: str | None = None
    date: IsoDate | None = None
    ai_generated: bool = False
    note: str | None = None


class Provenance(Base):
    """How this monograph came to be: shown in the `show` header."""

    kind: Literal["curated", "imported"]
    date: IsoDate
    description: Text


class Note(Base):
    """A titled piece of prose: a precaution, a storage rule, a dose rule, an extra section."""

    title: Text
    text: Text
    source: Slug | None = None


class Faq(Base):
    question: Text
    answer: Text
    source: Slug | None = None


class ColumnRate(Base):
    """One cell of a label's adverse-reaction table: the column's heading and its value as printed.

    The value is the label's own text ("38", "<1", "0"), never a number recomputed from it.
    """

    column: Text
    value: Text


class SideEffect(Base):
    name: Text
    frequency: Frequency = "unknown"
    serious: bool = False
    description: str | None = None
    frequency_note: str | None = None  # the source's own words for the tier, e.g. "less common"
    source: Slug | None = None
    # From an FDA label: the rates per table column, the table it came from, the section.
    rates: list[ColumnRate] = []
    context: str | None = None
    section: str | None = None


class DoseAmount(Base):
    amount: PositiveDecimal
    unit: Literal["mg/kg"]
    basis: Text = "actual body weight"


class Phase(Base):
    """Consecutive cycles sharing a cycle length and dosing days.

    `cycles` is `[first, last]`; `last` is null for an open-ended final phase.
    """

    cycles: tuple[PositiveInt, PositiveInt | None]
    cycle_length_days: PositiveInt
    days: Annotated[list[PositiveInt], msgspec.Meta(min_length=1)]


class Regimen(Base):
    id: Slug
    name: Text
    dose: DoseAmount
    phases: Annotated[list[Phase], msgspec.Meta(min_length=1)]
    indication: str | None = None
    combined_with: list[Text] = []
    until: str | None = None
    notes: list[Text] = []
    source: Slug | None = None


class Product(Base):
    """A presentation that is drawn from when preparing a dose (e.g. a vial)."""

    form: Text
    strength_mg: PositiveDecimal
    volume_ml: PositiveDecimal
    source: Slug | None = None


class RateStep(Base):
    """Infuse at `rate_ml_h` for `minutes`; null minutes means until the bag is empty."""

    rate_ml_h: PositiveDecimal
    minutes: PositiveDecimal | None = None


class InfusionRates(Base):
    """Rate steps for infusion numbers `first`..`last` (null `last`: every later one)."""

    first: PositiveInt
    last: PositiveInt | None
    steps: Annotated[list[RateStep], msgspec.Meta(min_length=1)]
    published_duration_min: PositiveDecimal | None = None


class Administration(Base):
    infusion_volume_ml: PositiveDecimal | None = None
    diluents: list[Text] = []
    rates: list[InfusionRates] = []
    notes: list[Text] = []
    source: Slug | None = None


class PremedicationDose(Base):
    """One dose option of a premedication and the conditions under which it applies.

    Empty `regimens` means every regimen; ages are in whole years.
    """

    amount: PositiveDecimal
    unit: Text
    amount_max: PositiveDecimal | None = None
    route: str | None = None
    regimens: list[Slug] = []
    age_min: Annotated[int, msgspec.Meta(ge=0, le=150)] | None = None
    age_below: Annotated[int, msgspec.Meta(ge=1, le=150)] | None = None
    note: str | None = None


class Premedication(Base):
    name: Text
    doses: list[PremedicationDose] = []
    route: str | None = None
    timing: str | None = None
    note: str | None = None
    source: Slug | None = None


class TableCell(Base):
    text: str = ""
    colspan: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1
    rowspan: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 1


TableRow = list[TableCell]


class LabelTable(Base):
    """A label's table as the label lays it out: header, body and footer rows, spans kept."""

    caption: str | None = None
    head: list[TableRow] = []
    body: list[TableRow] = []
    foot: list[TableRow] = []
    footnotes: list[Text] = []
    at: Annotated[int, msgspec.Meta(ge=0)] = 0  # where in the section's text the table stands


class LabelSection(Base):
    """One section or subsection of a label, its text verbatim, in the label's order.

    `key` is the LOINC-derived name `show -s` accepts (`warnings`, `adverse-reactions`);
    a subsection (`depth` 1 or more) carries its parent's key, its number and title.
    """

    key: Slug
    title: Text
    number: str | None = None
    depth: Annotated[int, msgspec.Meta(ge=0, le=12)] = 0
    loinc: str | None = None
    text: str = ""
    tables: list[LabelTable] = []


class Label(Base):
    """Which FDA label a monograph holds, and the label's sections."""

    format: Literal["openfda", "spl"]
    set_id: Text
    version_id: str | None = None
    version: str | None = None
    effective_time: IsoDate | None = None
    title: str | None = None
    brand_names: list[Text] = []
    generic_names: list[Text] = []
    manufacturer: str | None = None
    application_numbers: list[Text] = []
    product_type: str | None = None
    rx_otc: Literal["rx", "otc"] | None = None
    rxcui: list[Text] = []
    sections: list[LabelSection] = []
    other_sections: list[LabelSection] = []  # record fields no LOINC section names


class Monograph(Base):
    schema_version: Literal[1]
    id: Slug
    name: Text
    aliases: list[Text] = []
    drug_class: str | None = None
    routes: list[Text] = []
    components: list[Text] = []
    adults_only: bool = False
    provenance: Provenance | None = None
    usage: str | None = None
    dosage: str | None = None
    regimens: list[Regimen] = []
    products: list[Product] = []
    administration: Administration | None = None
    premedications: list[Premedication] = []
    dose_rules: list[Note] = []
    side_effects: list[SideEffect] = []
    side_effects_note: str | None = None
    mechanism: str | None = None
    precautions: list[Note] = []
    storage: list[Note] = []
    faqs: list[Faq] = []
    extra_sections: list[Note] = []
    disclaimer: str | None = None
    sources: list[Source] = []
    label: Label | None = None


def consistency_problems(monograph: Monograph) -> list[str]:
    """Problems that types alone cannot catch, as `path: message` lines.

    A `source` that names no entry of `sources` would leave a fact without its
    origin; a regimen whose phases overlap or leave gaps cannot be scheduled.
    """
    return [
        *_non_positive_numbers(monograph, ""),
        *_dangling_sources(monograph),
        *_dangling_regimens(monograph),
        *_phase_problems(monograph),
    ]


def _non_positive_numbers(value: object, path: str) -> list[str]:
    """Every Decimal in the monograph is a quantity: it must be finite and above zero."""
    if isinstance(value, Decimal):
        ok = value.is_finite() and value > 0
        return [] if ok else [f"{path}: expected a number greater than 0, got {value}"]
    if isinstance(value, msgspec.Struct):
        return [
            problem
            for name in value.__struct_fields__
            for problem in _non_positive_numbers(
                getattr(value, name), f"{path}.{name}" if path else name
            )
        ]
    if isinstance(value, list | tuple):
        return [
            problem
            for index, item in enumerate(value)
            for problem in _non_positive_numbers(item, f"{path}[{index}]")
        ]
    return []


def _dangling_sources(monograph: Monograph) -> list[str]:
    known = {source.id for source in monograph.sources}
    referencing: list[tuple[str, str | None]] = [
        (f"{name}[{index}]", getattr(item, "source", None))
        for name, items in (
            ("dose_rules", monograph.dose_rules),
            ("precautions", monograph.precautions),
            ("storage", monograph.storage),
            ("extra_sections", monograph.extra_sections),
            ("faqs", monograph.faqs),
            ("side_effects", monograph.side_effects),
            ("regimens", monograph.regimens),
            ("products", monograph.products),
            ("premedications", monograph.premedications),
        )
        for index, item in enumerate(items)
    ]
    if monograph.administration is not None:
        referencing.append(("administration", monograph.administration.source))
    return [
        f"{path}.source: no source with id {ref!r} in sources"
        for path, ref in referencing
        if ref is not None and ref not in known
    ]


def _dangling_regimens(monograph: Monograph) -> list[str]:
    known = {regimen.id for regimen in monograph.regimens}
    return [
        f"premedications[{p}].doses[{d}].regimens: no regimen with id {ref!r}"
        for p, premedication in enumerate(monograph.premedications)
        for d, dose in enumerate(premedication.doses)
        for ref in dose.regimens
        if ref not in known
    ]


def _phase_problems(monograph: Monograph) -> list[str]:
    problems: list[str] = []
    for r, regimen in enumerate(monograph.regimens):
        expected_first = 1
        for p, phase in enumerate(regimen.phases):
            path = f"regimens[{r}].phases[{p}]"
            first, last = phase.cycles
            if first != expected_first:
                problems.append(f"{path}.cycles: expected to start at cycle {expected_first}")
            if last is None and p != len(regimen.phases) - 1:
                problems.append(f"{path}.cycles: only the last phase may be open-ended")
            if last is not None and last < first:
                problems.append(f"{path}.cycles: last cycle {last} is before first {first}")
            late = [day for day in phase.days if day > phase.cycle_length_days]
            if late:
                problems.append(
                    f"{path}.days: day {late[0]} is past the {phase.cycle_length_days}-day cycle"
                )
            if phase.days != sorted(set(phase.days)):
                problems.append(f"{path}.days: days must be increasing, without repeats")
            expected_first = (last or first) + 1
    return problems
