"""The monograph, schema version 1: the public contract of medcli's data.

Field names here are the names in YAML files, in `--json` output and in the JSON
Schema (`medcli schema`); renaming one breaks users' files. Every struct forbids
unknown fields so that a typo in a hand-written file is an error, not a silently
ignored key. Numbers that feed dose arithmetic are `Decimal`, never float.

No `from __future__ import annotations` here: msgspec builds every decoder from
these annotations, and as strings each had to be compiled and evaluated on the
first lookup of every command (23 M instructions, 7% of the import floor);
as objects they cost 4 M at import. Classes come before their users.
"""

import functools
from decimal import Decimal
from typing import Annotated, Literal

import msgspec

from medcli.choices import CHILD_PUGH_CLASSES as CHILD_PUGH_CLASSES
from medcli.choices import FREQUENCIES as FREQUENCIES
from medcli.choices import HEPATIC_CLASSES as HEPATIC_CLASSES
from medcli.choices import JURISDICTIONS as JURISDICTIONS
from medcli.choices import ChildPugh as ChildPugh
from medcli.choices import Frequency as Frequency
from medcli.choices import HepaticClass as HepaticClass
from medcli.choices import Jurisdiction as Jurisdiction
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

FREQUENCY_LABELS: dict[Frequency, str] = {
    "very_common": "Very common (10% or more)",
    "common": "Common (1% to 10%)",
    "uncommon": "Uncommon (0.1% to 1%)",
    "rare": "Rare (under 0.1%)",
    "unknown": "Frequency not known",
}

# How a rate was graded: CTCAE grades, "all" grades, a band ("3-4") or "3+" (grade 3 or higher).
Grade = Literal["all", "1", "2", "3", "4", "3-4", "3+", "5"]
GRADES: tuple[Grade, ...] = ("all", "1", "2", "3", "4", "3-4", "3+", "5")
# What a rate counts: patients with the reaction at all, with it as a serious adverse
# reaction, dying of it, or stopping treatment for good because of it.
RateKind = Literal["incidence", "serious", "fatal", "discontinuation", "interruption"]
# msgspec cannot bound a Decimal; `consistency_problems` checks 0 <= percent <= 100.
Percent = Annotated[Decimal, msgspec.Meta(description="a percentage of patients, 0 to 100")]

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
    version: str | None = None  # a label's version or revision, e.g. "7" or "9/2024"
    ai_generated: bool = False
    note: str | None = None
    # Set for a regulator's text that binds in one place only: an `eu` source's facts
    # are left out of a US plan and view unless `--jurisdiction eu` asks for them.
    jurisdiction: Jurisdiction | None = None


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
    section: str | None = None  # where in the source, e.g. a label section number "5.1"
    regimens: list[Slug] = []  # the regimens a dose rule is for; empty: every regimen


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
    arm: str | None = None  # the column's arm as its header names it, with its N
    grade: Grade | None = None  # the grade the column heading names
    patients: PositiveInt | None = None  # the arm's N, as its heading gives it
    # The table ("Table 4"), on an entry that merges the rows of several tables naming it.
    table: str | None = None


class Rate(Base):
    """One reported share of patients: the trial, the arm, the grade and the denominator.

    `regimen` names the monograph regimen the arm received; a comparator arm
    (e.g. pomalidomide and dexamethasone alone) has `comparator: true` and still
    names the regimen whose trial it belongs to, so `--regimen` can find it.
    `below` marks a bound rather than a value: "under 1%" is `percent: 1, below: true`.
    """

    percent: Percent
    trial: Text
    arm: Text
    below: bool = False
    regimen: Slug | None = None
    comparator: bool = False
    grade: Grade = "all"
    kind: RateKind = "incidence"
    denominator: PositiveInt | None = None
    section: str | None = None
    source: Slug | None = None
    note: str | None = None


class SideEffect(Base):
    """A side effect; with `rates`, its `frequency` must be the tier the rates give.

    A reaction named by two sources is one entry: `source` is where the entry's
    wording comes from, `also_sources` the others that name it (a merged entry).
    """

    name: Text
    frequency: Frequency = "unknown"
    serious: bool = False
    description: str | None = None
    frequency_note: str | None = None  # the source's own words for the tier, e.g. "less common"
    source: Slug | None = None
    also_sources: list[Slug] = []
    serious_reason: str | None = (
        None  # why it is serious, e.g. "label Warnings and Precautions 5.1"
    )
    rates: list[Rate] = []  # structured: trial, arm, grade, denominator (curated monographs)
    # From an imported FDA label: each table column's value as printed, the table, the section.
    table_rates: list[ColumnRate] = []
    context: str | None = None
    category: str | None = None  # the table's body-system row above it ("Infections")
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


# A regimen drug's dose: flat, per kg of body weight, or per m² of body surface area.
# `mg/m2` is accepted for keyboards without `²` and means the same as `mg/m²`.
DrugDoseUnit = Literal["mg", "mg/kg", "mg/m²", "mg/m2"]
BSA_UNITS: frozenset[str] = frozenset({"mg/m²", "mg/m2"})
DayRange = Annotated[
    str, msgspec.Meta(pattern=r"^[0-9]+-[0-9]+$", description="a range of days, e.g. 1-21")
]
Age = Annotated[int, msgspec.Meta(ge=0, le=150)]


class DrugDose(Base):
    """A dose of a regimen drug and the ages (whole years) it is for; no ages: every age."""

    amount: PositiveDecimal
    unit: DrugDoseUnit
    age_min: Age | None = None
    age_below: Annotated[int, msgspec.Meta(ge=1, le=150)] | None = None


class DrugSchedule(Base):
    """A regimen drug's days and dose in a run of cycles (`cycles` as in `Phase`).

    `days` holds day numbers and ranges (`1-21`). A source that gives a
    frequency but no days ("once a week") leaves `days` empty and says so in
    `when`, with `doses_per_cycle` when the count follows from it; the plan then
    shows the dose without inventing the day. Several `doses` differ by age.
    """

    cycles: tuple[PositiveInt, PositiveInt | None]
    doses: Annotated[list[DrugDose], msgspec.Meta(min_length=1)]
    days: list[PositiveInt | DayRange] = []
    route: str | None = None  # when it differs from the drug's route on these days
    when: str | None = None
    doses_per_cycle: PositiveInt | None = None
    source: Slug | None = None  # when these days have a source of their own
    note: str | None = None


class BsaCap(Base):
    """A drug's own largest body surface area to dose by, from its label (KYPROLIS 2.1).

    `recompute_above_percent`: the label's weight change below which the dose is
    not recomputed (stated in the plan, never applied silently).
    """

    max_m2: PositiveDecimal
    source: Slug
    section: str | None = None
    recompute_above_percent: PositiveDecimal | None = None
    note: str | None = None


class OrganRule(Base):
    """A drug's dose for a band of kidney or liver function, from its own label.

    Kidney bands: `crcl_min` (inclusive) to `crcl_max` (inclusive) or below
    `crcl_below`, in mL/min; `dialysis` true: only on dialysis, false: only off
    it, null: either. Liver: the `hepatic` classes or `child_pugh` classes the
    rule is for. `amount` null: the label says the dose does not change.
    `first_cycle_only`: the rule fixes cycle 1 only and leaves later cycles to
    tolerance (`later_cycles` says how), so the plan computes no later dose.
    `section_unconfirmed` says why the section is not certain.
    """

    text: Text
    source: Slug
    section: str | None = None
    section_unconfirmed: str | None = None
    crcl_min: PositiveDecimal | None = None
    crcl_max: PositiveDecimal | None = None
    crcl_below: PositiveDecimal | None = None
    dialysis: bool | None = None
    hepatic: list[HepaticClass] = []
    child_pugh: list[ChildPugh] = []
    amount: PositiveDecimal | None = None
    unit: DrugDoseUnit | None = None
    every_other_day: bool = False
    route: str | None = None  # how the dose is taken under the rule, when that changes
    first_cycle_only: bool = False
    later_cycles: str | None = None
    after_dialysis: bool = False
    note: str | None = None


class AgeDisagreement(Base):
    """Sources that disagree about the dose at one age (e.g. 20 mg from 75 or over 75)."""

    age: Age
    text: Text
    sources: Annotated[list[Slug], msgspec.Meta(min_length=1)]


class RegimenDrug(Base):
    """Another drug given in the regimen (a partner drug, dexamethasone), with its source.

    `premedication` names the `premedications` entry whose dose this same dose
    is (the label's dexamethasone premedication is the backbone dose, not an
    extra one): validation keeps the two in step and the plan shows one dose.
    """

    id: Slug
    name: Text
    route: Text
    schedule: Annotated[list[DrugSchedule], msgspec.Meta(min_length=1)]
    source: Slug
    section: str | None = None  # where in the source, e.g. a label section "14"
    premedication: str | None = None
    note: str | None = None
    bsa_cap: BsaCap | None = None
    renal_rules: list[OrganRule] = []
    hepatic_rules: list[OrganRule] = []
    renal_note: Note | None = None  # the sources' word when they give no kidney rule
    hepatic_note: Note | None = None  # the sources' word when they give no liver rule
    age_disagreements: list[AgeDisagreement] = []


class Regimen(Base):
    """A regimen: the monograph's own drug (`dose`, `phases`) and the drugs given with it.

    `order` is the order of administration on shared days, as groups: each
    group after the one before; inside a group the sources give no order. Ids
    are the `drugs` ids and the monograph's own id.
    """

    id: Slug
    name: Text
    dose: DoseAmount
    phases: Annotated[list[Phase], msgspec.Meta(min_length=1)]
    indication: str | None = None
    combined_with: list[Text] = []
    until: str | None = None
    notes: list[Text] = []
    source: Slug | None = None
    drugs: list[RegimenDrug] = []
    order: list[Annotated[list[Slug], msgspec.Meta(min_length=1)]] = []
    order_source: Slug | None = None
    order_note: str | None = None


# What a drug fact is about: the block of the plan that shows it.
FactKind = Literal["supportive_care", "administration", "dosing", "eligibility"]


class Claim(Base):
    """What one source says about a fact that is unconfirmed or on which sources disagree."""

    says: Text
    source: Slug
    section: str | None = None


class Unconfirmed(Base):
    """Why a fact is not settled, and each source's own version: shown, never chosen between."""

    reason: Text
    claims: Annotated[list[Claim], msgspec.Meta(min_length=1)]


class TimingWindow(Base):
    """The drug is to start `min_minutes` to `max_minutes` after `after` starts (a drug id).

    `cycles` limits it (`[1, 1]`: cycle 1 only); the plan checks these windows
    against its own infusion times and flags a day where they cannot all hold.
    """

    after: Slug
    min_minutes: PositiveDecimal
    max_minutes: PositiveDecimal
    cycles: tuple[PositiveInt, PositiveInt | None] = (1, None)


class PerKg(Base):
    """An amount per kg of body weight in a fact, worked out in the plan (30 mL/kg of fluid)."""

    amount: PositiveDecimal
    unit: Literal["mL", "mg"]
    what: Text  # what the amount is of, e.g. "fluid by mouth before cycle 1 day 1"


class DrugFact(Base):
    """A fact about one drug of the regimens, from that drug's own source and section.

    `drug` is the monograph's own id or a regimen drug's id; `regimens` empty means
    every regimen that gives the drug. `us_differs` (on a fact from an EU source)
    says what the US label says instead; `unconfirmed` marks a fact the sources
    do not settle, with each source's words.
    """

    drug: Slug
    kind: FactKind
    topic: Text
    text: Text
    source: Slug
    section: str | None = None
    regimens: list[Slug] = []
    us_differs: str | None = None
    unconfirmed: Unconfirmed | None = None
    window: TimingWindow | None = None
    per_kg: PerKg | None = None


def expand_days(days: list[int | str]) -> list[int]:
    """Day numbers and ranges (`1-21`) as the sorted list of days they name."""
    found: set[int] = set()
    for item in days:
        if isinstance(item, int):
            found.add(item)
        else:
            first, last = (int(part) for part in item.split("-"))
            found.update(range(first, last + 1))
    return sorted(found)


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
    source: Slug | None = (
        None  # when this option has a source of its own (else the premedication's)
    )


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
    # openFDA's `substance_name`: the active ingredients, salt included ("WARFARIN SODIUM").
    substance_names: list[Text] = []
    # openFDA's `pharm_class_epc`/`_moa`/`_pe`/`_cs` as given, kind suffix kept
    # ("Cytochrome P450 3A4 Inhibitors [MoA]"): the classes the label files itself under.
    pharm_classes: list[Text] = []
    manufacturer: str | None = None
    application_numbers: list[Text] = []
    # The labeler repackages or relabels another firm's product (the SPL's business
    # operation REPACK or RELABEL): not the application holder's own label.
    repackaged: bool = False
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
    usage_source: Slug | None = None
    indications: list[Note] = []
    dosage: str | None = None
    dosage_source: Slug | None = None
    regimens: list[Regimen] = []
    products: list[Product] = []
    administration: Administration | None = None
    premedications: list[Premedication] = []
    dose_rules: list[Note] = []
    drug_facts: list[DrugFact] = []  # supportive care, administration... of every regimen drug
    side_effects: list[SideEffect] = []
    side_effects_note: str | None = None
    adverse_reaction_rates: list[Rate] = []  # per trial: any serious, fatal... reaction
    mechanism: str | None = None
    mechanism_source: Slug | None = None
    contraindications: list[Note] = []
    precautions: list[Note] = []
    specific_populations: list[Note] = []
    storage: list[Note] = []
    faqs: list[Faq] = []
    extra_sections: list[Note] = []
    disclaimer: str | None = None
    sources: list[Source] = []
    label: Label | None = None


def derived_frequency(effect: SideEffect) -> Frequency | None:
    """The CIOMS tier *effect*'s rates give, or None when it has no incidence rate.

    The rule (stated in the README): take the incidence rates of the arms that
    received the drug (comparator arms are left out), at any grade, since a
    grade 3 rate is a lower bound of the all-grade rate. The highest of them
    picks the tier: 10% or more very common, 1% to under 10% common, 0.1% to
    under 1% uncommon, above 0 and under 0.1% rare. A bound only ("under 1%")
    gives the highest tier it allows (uncommon). Zeros alone say nothing.
    """
    rates = [r for r in effect.rates if r.kind == "incidence" and not r.comparator]
    exact = [r.percent for r in rates if not r.below and r.percent > 0]
    if exact:
        return _tier(max(exact), below=False)
    bounds = [r.percent for r in rates if r.below]
    return _tier(max(bounds), below=True) if bounds else None


def _tier(percent: Decimal, *, below: bool) -> Frequency:
    for threshold, tier in ((10, "very_common"), (1, "common"), (Decimal("0.1"), "uncommon")):
        if percent > threshold or (percent == threshold and not below):
            return tier  # type: ignore[return-value]
    return "rare"


def consistency_problems(monograph: Monograph) -> list[str]:
    """Problems that types alone cannot catch, as `path: message` lines.

    A `source` that names no entry of `sources` would leave a fact without its
    origin; a regimen whose phases overlap or leave gaps cannot be scheduled;
    a side effect whose tier disagrees with its own rates misleads.
    """
    return [
        *_non_positive_numbers(monograph, ""),
        *_dangling_sources(monograph),
        *_dangling_regimens(monograph),
        *_phase_problems(monograph),
        *_regimen_drug_problems(monograph),
        *_rate_problems(monograph),
        *_drug_fact_problems(monograph),
    ]


def _drug_fact_problems(monograph: Monograph) -> list[str]:
    """A drug fact names a known source, regimen and drug: else it would be shown nowhere."""
    known_sources = {source.id for source in monograph.sources}
    known_regimens = {regimen.id: regimen for regimen in monograph.regimens}
    problems: list[str] = []
    for f, fact in enumerate(monograph.drug_facts):
        path = f"drug_facts[{f}]"
        sources = [(f"{path}.source", fact.source)]
        if fact.unconfirmed is not None:
            sources += [
                (f"{path}.unconfirmed.claims[{c}].source", claim.source)
                for c, claim in enumerate(fact.unconfirmed.claims)
            ]
        problems += [
            f"{where}: no source with id {ref!r} in sources"
            for where, ref in sources
            if ref not in known_sources
        ]
        problems += [
            f"{path}.regimens: no regimen with id {ref!r}"
            for ref in fact.regimens
            if monograph.regimens and ref not in known_regimens
        ]
        given_in = [
            regimen
            for regimen in monograph.regimens
            if fact.drug == monograph.id or fact.drug in {drug.id for drug in regimen.drugs}
        ]
        if monograph.regimens and not given_in:
            problems.append(f"{path}.drug: {fact.drug!r} is not a drug of any regimen")
        window = fact.window
        if window is not None and window.max_minutes < window.min_minutes:
            problems.append(f"{path}.window: max_minutes is under min_minutes")
    return problems


def _all_rates(monograph: Monograph) -> list[tuple[str, Rate]]:
    return [
        (f"side_effects[{e}].rates[{r}]", rate)
        for e, effect in enumerate(monograph.side_effects)
        for r, rate in enumerate(effect.rates)
    ] + [
        (f"adverse_reaction_rates[{r}]", rate)
        for r, rate in enumerate(monograph.adverse_reaction_rates)
    ]


def _rate_problems(monograph: Monograph) -> list[str]:
    problems = [
        f"{path}.percent: expected 0 to 100, got {rate.percent}"
        for path, rate in _all_rates(monograph)
        if not (rate.percent.is_finite() and 0 <= rate.percent <= 100)
    ]
    for index, effect in enumerate(monograph.side_effects):
        tier = derived_frequency(effect) if not problems else None
        if tier is not None and tier != effect.frequency:
            problems.append(
                f"side_effects[{index}].frequency: {effect.frequency} but its rates give {tier}"
            )
    return problems


def _non_positive_numbers(value: object, path: str) -> list[str]:
    """Every Decimal in the monograph is a quantity: it must be finite and above zero.

    Rates are shares of patients, which may be 0: `_rate_problems` checks them. A struct
    whose type holds no other Decimal (a label's text and tables: hundreds of thousands
    of parts; a side effect) is not walked.
    """
    if isinstance(value, Decimal):
        ok = value.is_finite() and value > 0
        return [] if ok else [f"{path}: expected a number greater than 0, got {value}"]
    if isinstance(value, msgspec.Struct):
        if not _holds_quantities(type(value)):
            return []
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


@functools.cache
def _holds_quantities(kind: type) -> bool:
    """Whether a struct of type *kind* may hold a Decimal outside a `Rate`, at any depth."""
    import msgspec.inspect  # only to validate: not on every command's start-up

    return _quantity_in(msgspec.inspect.type_info(kind), set())


def _quantity_in(info: msgspec.inspect.Type, seen: set[type]) -> bool:
    import msgspec.inspect

    if isinstance(info, msgspec.inspect.DecimalType):
        return True
    if isinstance(info, msgspec.inspect.StructType):
        if info.cls is Rate or info.cls in seen:
            return False
        seen.add(info.cls)
        return any(_quantity_in(field.type, seen) for field in info.fields)
    if isinstance(info, msgspec.inspect.UnionType):
        return any(_quantity_in(member, seen) for member in info.types)
    if isinstance(info, msgspec.inspect.Metadata):
        return _quantity_in(info.type, seen)
    if isinstance(info, msgspec.inspect.CollectionType):  # list, tuple, set
        return _quantity_in(info.item_type, seen)
    if isinstance(info, msgspec.inspect.TupleType):
        return any(_quantity_in(item, seen) for item in info.item_types)
    if isinstance(info, msgspec.inspect.DictType):
        return _quantity_in(info.value_type, seen)
    return False


def _dangling_sources(monograph: Monograph) -> list[str]:
    known = {source.id for source in monograph.sources}
    referencing: list[tuple[str, str | None]] = [
        (f"{name}[{index}]", getattr(item, "source", None))
        for name, items in (
            ("dose_rules", monograph.dose_rules),
            ("indications", monograph.indications),
            ("contraindications", monograph.contraindications),
            ("precautions", monograph.precautions),
            ("specific_populations", monograph.specific_populations),
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
    referencing += [
        (field, getattr(monograph, field))
        for field in ("usage_source", "dosage_source", "mechanism_source")
    ]
    referencing += [(path, rate.source) for path, rate in _all_rates(monograph)]
    for r, regimen in enumerate(monograph.regimens):
        for d, drug in enumerate(regimen.drugs):
            referencing.append((f"regimens[{r}].drugs[{d}]", drug.source))
            referencing += [
                (f"regimens[{r}].drugs[{d}].schedule[{s}]", entry.source)
                for s, entry in enumerate(drug.schedule)
            ]
            referencing += _organ_sources(drug, f"regimens[{r}].drugs[{d}]")
    referencing += [
        (f"side_effects[{e}].also_sources", also)
        for e, effect in enumerate(monograph.side_effects)
        for also in effect.also_sources
    ]
    referencing += [
        (f"premedications[{p}].doses[{d}]", dose.source)
        for p, premedication in enumerate(monograph.premedications)
        for d, dose in enumerate(premedication.doses)
    ]
    return [
        f"{path}.source: no source with id {ref!r} in sources"
        for path, ref in referencing
        if ref is not None and ref not in known
    ] + [
        f"regimens[{r}].order_source: no source with id {regimen.order_source!r} in sources"
        for r, regimen in enumerate(monograph.regimens)
        if regimen.order_source is not None and regimen.order_source not in known
    ]


def _organ_sources(drug: RegimenDrug, path: str) -> list[tuple[str, str | None]]:
    """The sources of a regimen drug's own dose rules: its BSA cap, kidney and liver rules."""
    found: list[tuple[str, str | None]] = []
    if drug.bsa_cap is not None:
        found.append((f"{path}.bsa_cap", drug.bsa_cap.source))
    for field in ("renal_rules", "hepatic_rules"):
        rules: list[OrganRule] = getattr(drug, field)
        found += [(f"{path}.{field}[{n}]", rule.source) for n, rule in enumerate(rules)]
    for field in ("renal_note", "hepatic_note"):
        note: Note | None = getattr(drug, field)
        if note is not None:
            found.append((f"{path}.{field}", note.source))
    found += [
        (f"{path}.age_disagreements[{n}]", source)
        for n, disagreement in enumerate(drug.age_disagreements)
        for source in disagreement.sources
    ]
    return found


def _organ_rule_problems(drug: RegimenDrug, path: str) -> list[str]:
    """Kidney rules about kidneys, liver rules about livers, and a dose with its unit.

    A rule with an amount but no unit (or the reverse) cannot be computed; a
    kidney rule naming liver classes, or a liver rule naming none, would fire
    for the wrong patients or for none.
    """
    problems: list[str] = []
    for field in ("renal_rules", "hepatic_rules"):
        rules: list[OrganRule] = getattr(drug, field)
        for n, rule in enumerate(rules):
            where = f"{path}.{field}[{n}]"
            if (rule.amount is None) != (rule.unit is None):
                problems.append(f"{where}: give both amount and unit, or neither (no change)")
            liver = bool(rule.hepatic or rule.child_pugh)
            kidney = rule.dialysis is not None or any(
                band is not None for band in (rule.crcl_min, rule.crcl_max, rule.crcl_below)
            )
            if field == "renal_rules" and (liver or not kidney):
                problems.append(
                    f"{where}: a kidney rule needs a crcl band or dialysis, no liver class"
                )
            if field == "hepatic_rules" and (kidney or not liver):
                problems.append(
                    f"{where}: a liver rule needs hepatic or child_pugh, no kidney band"
                )
            if rule.first_cycle_only and rule.amount is None:
                problems.append(f"{where}: first_cycle_only needs the cycle-1 amount")
    return problems


def _dangling_regimens(monograph: Monograph) -> list[str]:
    known = {regimen.id for regimen in monograph.regimens}
    referencing = [
        (f"premedications[{p}].doses[{d}].regimens", ref)
        for p, premedication in enumerate(monograph.premedications)
        for d, dose in enumerate(premedication.doses)
        for ref in dose.regimens
    ]
    referencing += [
        (f"{field}[{n}].regimens", ref)
        for field, notes in (
            ("dose_rules", monograph.dose_rules),
            ("contraindications", monograph.contraindications),
        )
        for n, note in enumerate(notes)
        for ref in note.regimens
    ]
    # A rate's regimen is checked only where the monograph lists regimens: a
    # side-effects-only view (`show -s side-effects --json`) keeps its rates.
    referencing += [
        (f"{path}.regimen", rate.regimen)
        for path, rate in _all_rates(monograph)
        if rate.regimen is not None and monograph.regimens
    ]
    return [f"{path}: no regimen with id {ref!r}" for path, ref in referencing if ref not in known]


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


def _regimen_drug_problems(monograph: Monograph) -> list[str]:
    """A regimen's other drugs: days inside their cycles, no day given twice, a known order.

    Two schedule entries of one drug that name the same day of the same cycle
    would give two doses where the source gives one; a day past the cycle's
    length falls in the next cycle; an order naming an unknown drug orders nothing.
    """
    problems: list[str] = []
    for r, regimen in enumerate(monograph.regimens):
        ids = [drug.id for drug in regimen.drugs]
        for d, drug in enumerate(regimen.drugs):
            path = f"regimens[{r}].drugs[{d}]"
            if drug.id == monograph.id or ids.index(drug.id) != d:
                problems.append(f"{path}.id: {drug.id!r} is already a drug of the regimen")
            for s, entry in enumerate(drug.schedule):
                problems += _schedule_entry_problems(regimen, entry, f"{path}.schedule[{s}]")
            problems += _schedule_overlaps(regimen, drug, path)
            problems += _premedication_mismatch(monograph, regimen, drug, path)
            problems += _organ_rule_problems(drug, path)
        known = {monograph.id, *ids}
        seen: set[str] = set()
        for g, group in enumerate(regimen.order):
            for item in group:
                if item not in known:
                    problems.append(
                        f"regimens[{r}].order[{g}]: {item!r} is not a drug of the regimen; "
                        f"accepted: {', '.join(sorted(known))}"
                    )
                elif item in seen:
                    problems.append(f"regimens[{r}].order[{g}]: {item!r} is ordered twice")
                seen.add(item)
    return problems


def _regimen_last_cycle(regimen: Regimen) -> int | None:
    return regimen.phases[-1].cycles[1]


def _entry_cycles(regimen: Regimen, entry: DrugSchedule) -> tuple[int, int | None]:
    first, last = entry.cycles
    return first, last if last is not None else _regimen_last_cycle(regimen)


def _schedule_entry_problems(regimen: Regimen, entry: DrugSchedule, path: str) -> list[str]:
    problems: list[str] = []
    first, last = entry.cycles
    if last is not None and last < first:
        problems.append(f"{path}.cycles: last cycle {last} is before first {first}")
    regimen_last = _regimen_last_cycle(regimen)
    if regimen_last is not None and (last or first) > regimen_last:
        problems.append(f"{path}.cycles: the regimen ends at cycle {regimen_last}")
    for item in entry.days:
        if isinstance(item, str):
            low, high = (int(part) for part in item.split("-"))
            if low < 1 or high < low:
                problems.append(f"{path}.days: {item!r} is not a range of days such as 1-21")
    if not entry.days and entry.when is None:
        problems.append(f"{path}.days: give the days, or `when` if the source gives none")
    if entry.days and entry.doses_per_cycle is not None:
        problems.append(f"{path}.doses_per_cycle: only for a schedule without days")
    days = expand_days(entry.days)
    for phase in regimen.phases:
        p_first, p_last = phase.cycles
        e_first, e_last = _entry_cycles(regimen, entry)
        if _ranges_meet((p_first, p_last), (e_first, e_last)):
            late = [day for day in days if day > phase.cycle_length_days]
            if late:
                problems.append(
                    f"{path}.days: day {late[0]} is past the {phase.cycle_length_days}-day "
                    f"cycle {max(p_first, e_first)}"
                )
    problems += _age_overlaps(entry.doses, path)
    return problems


def _ranges_meet(a: tuple[int, int | None], b: tuple[int, int | None]) -> bool:
    """Whether two cycle ranges (None: open-ended) share a cycle."""
    return (a[1] is None or b[0] <= a[1]) and (b[1] is None or a[0] <= b[1])


def _age_overlaps(doses: list[DrugDose], path: str) -> list[str]:
    """Doses of one schedule entry must be for ages that do not overlap: one dose per patient."""
    bands = [(dose.age_min or 0, dose.age_below or 1000) for dose in doses]
    return [
        f"{path}.doses[{j}]: its ages overlap those of doses[{i}]; one dose must apply at each age"
        for j in range(len(bands))
        for i in range(j)
        if bands[i][0] < bands[j][1] and bands[j][0] < bands[i][1]
    ]


def _schedule_overlaps(regimen: Regimen, drug: RegimenDrug, path: str) -> list[str]:
    problems: list[str] = []
    for j, later in enumerate(drug.schedule):
        for i in range(j):
            earlier = drug.schedule[i]
            if not _ranges_meet(_entry_cycles(regimen, earlier), _entry_cycles(regimen, later)):
                continue
            shared = sorted(set(expand_days(earlier.days)) & set(expand_days(later.days)))
            both_undated = not earlier.days and not later.days
            if shared or both_undated:
                where = f" on day {shared[0]}" if shared else ""
                problems.append(
                    f"{path}.schedule[{j}]: overlaps schedule[{i}]{where} in cycle "
                    f"{max(earlier.cycles[0], later.cycles[0])}"
                )
    return problems


def _premedication_mismatch(
    monograph: Monograph, regimen: Regimen, drug: RegimenDrug, path: str
) -> list[str]:
    """The drug's doses must be the named premedication's doses for this regimen, and back."""
    if drug.premedication is None:
        return []
    named = [p for p in monograph.premedications if p.name == drug.premedication]
    if not named:
        names = ", ".join(p.name for p in monograph.premedications) or "none"
        return [f"{path}.premedication: no premedication named {drug.premedication!r}; "
                f"accepted: {names}"]  # fmt: skip
    premed = {
        (option.amount, _mg_unit(option.unit), option.age_min, option.age_below)
        for option in named[0].doses
        if not option.regimens or regimen.id in option.regimens
    }
    own = {
        (dose.amount, _mg_unit(dose.unit), dose.age_min, dose.age_below)
        for entry in drug.schedule
        for dose in entry.doses
    }
    if premed == own:
        return []
    return [
        f"{path}.premedication: the {drug.premedication} doses for {regimen.id} in "
        f"premedications ({_dose_list(premed)}) differ from this drug's ({_dose_list(own)}); "
        "they are one dose and must agree"
    ]


def _mg_unit(unit: str) -> str:
    return "mg/m²" if unit in BSA_UNITS else unit


def _dose_list(doses: set[tuple[Decimal, str, int | None, int | None]]) -> str:
    return (
        "; ".join(
            f"{amount.normalize():f} {unit}"
            + (f" from age {low}" if low is not None else "")
            + (f" under age {below}" if below is not None else "")
            for amount, unit, low, below in sorted(doses, key=lambda d: (d[0], d[2] or 0))
        )
        or "none"
    )
