"""Side effects from a label: adverse-reaction table rows, serious reactions and their rates.

The tables give one side effect per reaction row (`table_effects`); the boxed
warning and the Warnings and Precautions subsections name the serious
reactions (`serious`), and 6.1's sentences give their serious and fatal rates
(`rate_sentences`). A table row naming a serious reaction is flagged serious
with the section that names it; a serious reaction no table names is an entry
of its own, with the rate its section gives where it gives one. A table that
openFDA repeats (a section given twice) is read once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import msgspec

from medcli.labels.list_tables import system_list_effects
from medcli.labels.prose_effects import numbered_prose_effects, prose_effects
from medcli.labels.rate_sentences import NamedRate, serious_rates
from medcli.labels.serious import SeriousReaction, serious_reactions, title_reactions
from medcli.labels.table_effects import SOURCE_ID, table_effects
from medcli.model import ColumnRate, Label, LabelTable, Rate, SideEffect, derived_frequency

ADVERSE_CODE = "34084-4"
ADVERSE_KEY = "adverse-reactions"  # a subsection nested under 34084-4 keeps its parent's key
# The terms a table row groups under its name: "Somnolence (somnolence, fatigue, sedation)".
_GROUPED_TERMS = re.compile(r"\s*\([^()]*\)\s*$")
# The noun saying what kind of thing a reaction is, by which "Cholinergic syndrome" is the
# "Cholinergic Reactions" of a warnings title: the same reaction, another noun.
_KIND_NOUN = re.compile(r"^(.+?)\s+(reactions?|syndromes?|symptoms|events?|disorders?)$", re.I)
_TABLE_NUMBER = re.compile(r"^(Table\s+[0-9]+[A-Za-z]?)\b")
__all__ = ["ADVERSE_CODE", "SOURCE_ID", "Extracted", "extract", "name_key"]


@dataclass
class Extracted:
    effects: list[SideEffect]
    warnings: list[str]
    rate_tables: int
    trial_rates: list[Rate]  # each arm's share of patients with any serious or fatal reaction


def extract(label: Label) -> Extracted:
    """Every side effect the label's tables and warnings give, in label order."""
    names = [*label.brand_names, *label.generic_names]
    effects: list[SideEffect] = []
    warnings: list[str] = []
    rate_tables = 0
    read: set[bytes] = set()
    named: list[NamedRate] = []
    overall: list[Rate] = []
    listed: list[SideEffect] = []
    adverse = [s for s in label.sections if s.loinc == ADVERSE_CODE or s.key == ADVERSE_KEY]
    old_format = not any(section.number for section in adverse)
    for section in adverse:  # an SPL's 6.1 coded "unclassified" under 6 is still adverse reactions
        listed += prose_effects(section) if old_format else numbered_prose_effects(section)
        number = section.number or "6"
        found, whole = serious_rates(section.text, number, section.title)
        named += found
        overall += whole
        for table in section.tables:
            if (key := _table_key(table)) in read:
                continue  # openFDA gave the section twice
            read.add(key)
            rows = table_effects(table, names)
            if rows is None and (lists := system_list_effects(table, section)) is not None:
                listed += lists  # "Cardiovascular | a, b, c": prose in a table's cells
                continue
            if rows is None:
                what = table.caption or f"a table in {section.title}"
                warnings.append(f"{what[:80]}: no percent column; kept as a table, no rates read")
                continue
            rate_tables += 1
            effects += rows
    effects += _not_in_tables(listed, effects)
    for reaction in serious_reactions(label):
        effects = _flag(effects, reaction)
    unique = {(name_key(item.name), msgspec.msgpack.encode(item.rate)): item for item in named}
    for item in unique.values():  # a 6.1 openFDA gives twice is read once
        effects = _with_serious_rate(effects, item)
    effects = one_serious_per_name(effects)
    per_arm = {msgspec.msgpack.encode(rate): rate for rate in overall}
    return Extracted(effects, warnings, rate_tables, list(per_arm.values()))


def _not_in_tables(listed: list[SideEffect], effects: list[SideEffect]) -> list[SideEffect]:
    """The reactions the prose lists that no table row names, each once (with its category
    where one of its mentions heads a body-system paragraph)."""
    known = {name_key(effect.name) for effect in effects}
    found: dict[str, SideEffect] = {}
    for effect in listed:
        key = name_key(effect.name)
        synonym_left_out = name_key(_INNER_BRACKET.sub(" ", effect.name))
        if synonym_left_out in known:
            continue  # "Palmar-plantar erythrodysesthesia (hand-foot) syndrome": a table row's
        if key not in known and (key not in found or found[key].category is None):
            found[key] = effect
    return list(found.values())


# A bracket inside a name, words after it: another name for it ("… (hand-foot) syndrome").
# One at the end qualifies the name ("Neutropenia (febrile)"): it stays.
_INNER_BRACKET = re.compile(r"\s*\([^()]*\)(?=\s*\w)")


def _table_key(table: LabelTable) -> bytes:
    return msgspec.msgpack.encode([table.caption, table.head, table.body])


def _flag(effects: list[SideEffect], reaction: SeriousReaction) -> list[SideEffect]:
    """*effects* with the rows naming *reaction* marked serious, or it added as an entry.

    A row names it when its name (without the grouped terms in brackets after it,
    "Somnolence (somnolence, sedation)") is the reaction's or a name the boxed warning gives
    it ("Interstitial lung disease" for 5.1 "Interstitial Lung Disease/Pneumonitis"), or
    exactly one of the
    reactions its title lists ("Somnolence" under "Sedation and Somnolence"), or one its
    text reports the incidence of ("Neutropenia" under "Myelosuppression"), or one its title
    lists under another kind noun ("Cholinergic syndrome" under "Cholinergic Reactions").
    Unless the rows name every one of those, the reaction is an entry of its own too, so
    none of its title's reactions is lost ("Sedation").
    A row the warning's title names in fewer words ("Hypersensitivity" for
    "Hypersensitivity Reactions Including Anaphylaxis") takes the title's name: `--serious`
    lists the reaction as the warning names it. Not a row the title says more of ("Infections"
    under "Serious Infections"): that row's reactions are not all serious.
    """
    keys = {key for name in (reaction.name, *reaction.aliases) for key in reaction_keys(name)}
    listed = title_reactions(reaction.name)
    parts = [reaction_keys(part) for part in listed]
    found = [name_key(_GROUPED_TERMS.sub("", effect.name)) for effect in effects]
    whole = [index for index, key in enumerate(found) if key in keys]
    named = [index for index, key in enumerate(found) if any(key in part for part in parts)]
    reported = {name_key(term) for term in reaction.reported}
    by_text = [index for index, key in enumerate(found) if key in reported]
    kinds = [_kind_stem(part) for part in listed]
    row_kinds = [_kind_stem(effect.name) for effect in effects]
    by_kind = [index for index, kind in enumerate(row_kinds) if kind and kind in kinds]
    same = _same_reaction_keys(reaction.name) - {name_key(reaction.name)}
    for index in sorted({*whole, *named, *by_text, *by_kind}):
        row = effects[index]
        if found[index] in same and row.table_rates and not row.serious:
            row = msgspec.structs.replace(row, name=reaction.name)
        effects[index] = _serious(row, reaction.where)
    for index in whole:
        effects[index] = _with_warning_rates(effects[index], reaction)
    every_part = len(parts) > 1 and all(
        any(key in part for key in found) or (kind is not None and kind in row_kinds)
        for part, kind in zip(parts, kinds, strict=True)
    )
    if not whole and not every_part:
        effect = SideEffect(
            name=reaction.name,
            serious=True,
            section=reaction.where,
            source=SOURCE_ID,
            rates=list(reaction.rates),
        )
        tier = derived_frequency(effect)
        effects.append(msgspec.structs.replace(effect, frequency=tier) if tier else effect)
    return effects


def _with_warning_rates(effect: SideEffect, reaction: SeriousReaction) -> SideEffect:
    """A prose entry (no rates of its own) named as *reaction* is, with the rates its
    warning gives ("Macular edema occurred in 1.8%") and their tier, as its own entry had."""
    if effect.rates or effect.table_rates or not reaction.rates:
        return effect
    rated = msgspec.structs.replace(effect, rates=list(reaction.rates), frequency_note=None)
    return msgspec.structs.replace(rated, frequency=derived_frequency(rated) or "unknown")


@functools.lru_cache(maxsize=8192)  # asked for every entry against every serious reaction
def _kind_stem(name: str) -> str | None:
    """The key of a reaction named with a kind noun, without it: "Cholinergic syndrome" and
    "Cholinergic Reactions" are "cholinergic"; None for a name without one."""
    match = _KIND_NOUN.match(_GROUPED_TERMS.sub("", name).strip())
    return name_key(match.group(1)) if match else None


def _with_serious_rate(effects: list[SideEffect], item: NamedRate) -> list[SideEffect]:
    """*effects* with 6.1's serious (or fatal) rate of a reaction on its entry.

    The rate goes to the entry whose table names the rate's arm (else the first
    entry of that name); every entry of that name is flagged serious. A reaction
    no entry names becomes one.
    """
    key = name_key(item.name)
    where = f"Adverse reactions {item.rate.section}"
    matched = [index for index, effect in enumerate(effects) if name_key(effect.name) == key]
    if not matched:
        effects.append(
            SideEffect(
                name=item.name, serious=True, section=where, source=SOURCE_ID, rates=[item.rate]
            )
        )
        return effects
    arm = item.rate.arm.casefold()
    home = next(
        (
            i
            for i in matched
            if any(arm in (r.arm or r.column).casefold() for r in effects[i].table_rates)
        ),
        matched[0],
    )
    for index in matched:
        effects[index] = _serious(effects[index], where)
    effects[home] = msgspec.structs.replace(effects[home], rates=[*effects[home].rates, item.rate])
    return effects


_TIER_RANK: dict[str, int] = {"very_common": 4, "common": 3, "uncommon": 2, "rare": 1}


def one_serious_per_name(effects: list[SideEffect]) -> list[SideEffect]:
    """*effects* with the serious entries of one reaction name merged into one.

    Each table of a label with several trials repeats its reactions ("Pneumonia" in
    six tables), and every row naming a serious reaction is flagged: `--serious`
    would list it once per table. The entry a warning or boxed warning names wins
    (else the first); it takes the others' rates and sections, and the highest tier.
    Each table's cells stay, named by their table, and the source's words for each
    table's rate are all given, so no trial's rate is lost.
    """
    groups: dict[str, list[int]] = {}
    for index, effect in enumerate(effects):
        if effect.serious:
            groups.setdefault(name_key(effect.name), []).append(index)
    dropped: set[int] = set()
    for indexes in groups.values():
        if len(indexes) < 2:
            continue
        home = next((i for i in indexes if _from_warnings(effects[i])), indexes[0])
        same = [effects[i] for i in indexes]
        sections = [part for e in same if e.section for part in e.section.split("; ")]
        rates = {msgspec.msgpack.encode(rate): rate for e in same for rate in e.rates}
        cells, note = _every_table(same) or (
            effects[home].table_rates,
            effects[home].frequency_note,
        )
        merged = msgspec.structs.replace(
            effects[home],
            rates=list(rates.values()),
            section="; ".join(dict.fromkeys(sections)),
            table_rates=cells,
            frequency_note=note,
        )
        highest = max(same, key=lambda e: _TIER_RANK.get(e.frequency, 0)).frequency
        tier = derived_frequency(merged) or highest
        effects[home] = msgspec.structs.replace(merged, frequency=tier)
        dropped.update(i for i in indexes if i != home)
    return [effect for index, effect in enumerate(effects) if index not in dropped]


def _every_table(same: list[SideEffect]) -> tuple[list[ColumnRate], str | None] | None:
    """The table cells and rate notes of entries from several tables, each named by its table;
    None for entries from one table (or none), whose context names it."""
    tables = {effect.context for effect in same if effect.table_rates}
    if len(tables) < 2:
        return None
    cells = [
        msgspec.structs.replace(cell, table=_table_name(effect.context))
        for effect in same
        for cell in effect.table_rates
    ]
    notes = [
        f"{effect.frequency_note} ({_table_name(effect.context)})"
        for effect in same
        if effect.frequency_note and effect.table_rates
    ]
    return cells, "; ".join(dict.fromkeys(notes)) or None


def _table_name(caption: str | None) -> str:
    """ "Table 4" of "Table 4: Adverse Reactions in Trial 2", else the caption itself."""
    numbered = _TABLE_NUMBER.match(caption or "")
    return numbered.group(1) if numbered else (caption or "an untitled table")


def _from_warnings(effect: SideEffect) -> bool:
    """Whether a boxed warning or a warnings section names *effect*, not 6.1 alone."""
    parts = (effect.section or "").split("; ")
    return any(part and not part.casefold().startswith("adverse reactions") for part in parts)


def _serious(effect: SideEffect, where: str) -> SideEffect:
    """*effect* marked serious, its sections listed (a boxed warning and its 5.x subsection)."""
    sections = [] if not effect.serious or effect.section is None else effect.section.split("; ")
    joined = "; ".join(dict.fromkeys([*sections, where]))
    return msgspec.structs.replace(effect, serious=True, section=joined)


@functools.lru_cache(maxsize=8192)  # asked for every entry against every serious reaction
def name_key(name: str) -> str:
    """Names that differ only in case, punctuation or a plural ending are one reaction."""
    key = re.sub(r"[^a-z0-9]+", "", name.casefold())
    if key.endswith("ies"):
        return key[:-3] + "y"
    if key.endswith(("shes", "xes")):
        return key[:-2]  # "Rashes" is "Rash"
    return key.removesuffix("s")


def _same_reaction_keys(title: str) -> set[str]:
    """The keys of rows naming the very reaction of a warning's *title*, in fewer words:
    without an acronym, what it includes, or "Reactions" ("Hypersensitivity"); not a title
    that narrows it ("Hypoglycemia with Concomitant Use …", "… in Patients with …")."""
    unabbreviated = _ACRONYM.sub("", title)
    core = re.sub(r"\s*(\(|\bincluding\b).*$", "", title, flags=re.I)
    plain = _REACTIONS_WORD.sub("", core)
    return {name_key(name) for name in (title, unabbreviated, core, plain) if name.strip()}


def reaction_keys(title: str) -> set[str]:
    """The keys a table row may name a warning's reaction by.

    "Hypersensitivity Reactions Including Anaphylaxis" is the row "Hypersensitivity" or
    "Hypersensitivity reactions"; "Serious Infections" is "Infections".
    """
    unabbreviated, core = _shorter_titles(title)
    bare = re.sub(r"^(serious|severe|fatal|life[- ]threatening)\s+", "", core, flags=re.I)
    plain = _REACTIONS_WORD.sub("", bare)
    return {name_key(name) for name in (title, unabbreviated, core, bare, plain) if name.strip()}


def _shorter_titles(title: str) -> tuple[str, str]:
    """*title* without its acronyms, and without what it includes ("… Including Anaphylaxis")."""
    # "Hepatitis B Virus (HBV) Reactivation" is the boxed warning's "Hepatitis B virus reactivation"
    unabbreviated = _ACRONYM.sub("", title)
    core = re.sub(r"\s*(\(|\b(including|with|such as|in patients)\b).*$", "", title, flags=re.I)
    return unabbreviated, core


_ACRONYM = re.compile(r"\s*\([A-Z0-9]{2,8}\)")
_REACTIONS_WORD = re.compile(r"\s+(reactions?|events?|disorders?)$", re.IGNORECASE)
