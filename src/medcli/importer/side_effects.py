"""The "Side Effects" section → `side_effects` items and `side_effects_note`.

What the corpus does (6,247 side-effect sections): a group heading, then a list.
The heading is a bold line ("**Common Side Effects (>10%):**"), a plain line
ending in a colon ("Less common, but potentially serious side effects include:"),
or a bold label opening a list item whose text is the list in prose
("* **Common:** Nausea, vomiting, headache."). Rates come as percentages (">10%",
"1-10%", "<1%", "occurring in more than 10% of patients") or words ("very common",
"less common", "rare"). Headings that name no rate ("**Metformin:**",
"Gastrointestinal:") are categories and end up in each item's description.

About a fifth of the effects are written as prose instead: "**Common:** The most
common side effects include a, b and, in rare cases, c. Tell your doctor." Such
text is cut into sentences and each into intro and items (`enumerations.py`);
the intro's rate and seriousness are the nearest cue, so they win over the
label's, and what is not an effect (advice, remarks, an intro with more to say
than "side effects include") stays in the note. The cue on an entry itself
("Seizures (rare but serious)") is nearer still. A product's part named as a
label ("**Omega-3:** …") is a category, never an effect.

Frequencies follow CIOMS: very_common ≥10%, common 1–10%, uncommon 0.1–1%, rare
<0.1%. "Less common" gives no rate, so it is `unknown` with the words kept as
`frequency_note`, as in the curated isatuximab monograph. Anything that is not a
list of effects (advice, prose) goes to `side_effects_note` word for word.
"""

from __future__ import annotations

import contextvars
import itertools
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from medcli.importer.blocks import (
    Block,
    Item,
    ListBlock,
    Paragraph,
    clean_line,
    is_bold_only,
    lead_label,
    render_block,
    render_item,
)
from medcli.importer.enumerations import depth, depth_free, enumeration, sentences, split_top
from medcli.importer.words import words
from medcli.model import Frequency, SideEffect

SOURCE = "page"
MAX_NAME_WORDS = 15
MAX_CATEGORY_WORDS = 6
# Words of a group heading that only say "here comes a list of side effects".
_FILLER_WORDS = (
    "side effects effect adverse reactions reaction include includes including may "
    "might can could but and or potentially possibly more serious severe life "
    "threatening these are is the of other also some most commonly reported observed "
    "generally typically usually often have been be which included involve involves involved "
    "though potential possible known additional"
)
FILLER = frozenset(_FILLER_WORDS.split())
NOTE_LABELS = frozenset(
    {"note", "important note", "important", "please note", "remember", "warning", "caution"}
)
_LIST_STOP_WORDS = (
    "include includes including such these this those may can is are be been if when "
    "which that especially particularly usually generally often cases rarely occasionally "
    "sometimes might could would should will though although while since unless"
)
_LIST_STOP = frozenset(_LIST_STOP_WORDS.split())
_SERIOUS = re.compile(r"\b(?:serious|severe|life[- ]threatening|fatal)\b")
_NEGATED = re.compile(r"\b(?:less|not|non|no|never|rarely)[\s-]*$")
# "some serious and potentially life-threatening": a remark about a few effects, not a tier.
_SOME = re.compile(r"\bsome\b(?:[\s,]+\w+){0,3}[\s,]*$|\bmild\s+(?:to|or)\s+$")
_ABOUT_EFFECTS = re.compile(r"\b(?:side[- ]effects?|adverse|reactions?|effects?)\b")
# An intro that says a plain paragraph lists effects: "Side effects include", "It can cause".
_TOPICAL_INTRO = re.compile(_ABOUT_EFFECTS.pattern + r"|\bcauses?\s*:?$", re.I)
_TIER_WORDS: tuple[tuple[re.Pattern[str], Frequency], ...] = (
    (re.compile(r"\bvery common\b"), "very_common"),
    (re.compile(r"\bvery rare\b"), "rare"),
    (re.compile(r"\buncommon\b"), "uncommon"),
    (re.compile(r"\b(?:less common|less frequent|infrequent|occasional)\b"), "unknown"),
    (re.compile(r"\brare(?:ly)?\b"), "rare"),
    (re.compile(r"\b(?:most common|common|frequent|frequently)\b"), "common"),
)
_EFFECTS_AS_SUCH = re.compile(r"\b(?:side[- ]effects?|adverse (?:effects?|reactions?))\b")
# Words that name a tier, not an effect ("from common to rare").
_TIER_NAMES = frozenset({"very", "common", "uncommon", "less", "rare", "rarely", "frequent"})
_TIER_NAMES |= {"from", "to"}
_NUMBER = r"(\d+(?:\.\d+)?)"
_RANGE = re.compile(_NUMBER + r"\s*%?\s*(?:-|–|—|to)\s*" + _NUMBER + r"\s*%")
_BOUND = re.compile(
    r"(>=|≥|>|<=|≤|<|more than|greater than|over|above|at least|less than|fewer than|under|"
    r"below|up to)?\s*" + _NUMBER + r"\s*%",
    re.I,
)
_PAREN = re.compile(r"\(([^()]*)\)")
# Organ-system labels that head a list of effects ("Cardiovascular: Hypertension.").
_SYSTEM = re.compile(
    r"^(?:gastrointestinal|gi|cardiovascular|cardiac|nervous system|central nervous system|"
    r"cns|neurological|respiratory|skin|dermatologic(?:al)?|hematologic(?:al)?|blood|"
    r"endocrine|metabolic|musculoskeletal|renal|kidney|hepatic|liver|psychiatric|ocular|eye|"
    r"genitourinary|reproductive|immune|general|other)(?:\s*(?:&|and|/)\s*\w+)?$",
    re.I,
)
_DASH = re.compile(r"\s+[–—-]\s+")
_NAME_THEN_MORE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<inner>[^()]+)\)[,;:.]?\s+(?P<more>\S.*)$")
_ADVICE = re.compile(
    r"^(?:if|seek|contact|consult|tell|call|report|talk|inform|always|please|note|stop)\b", re.I
)
# Words that make an advice opening ("Contact", "Report") a sentence, not a name
# ("Contact dermatitis").
_ADDRESSED = re.compile(
    r"\b(?:you|your|doctor|physician|pharmacist|healthcare|medical|immediately|help|emergency)\b",
    re.I,
)
MAX_DASH_NAME_WORDS = 10
MAX_OWN_CUE_WORDS = 5
_KEYS = itertools.count(1)


@dataclass(frozen=True)
class Group:
    """What a group heading says about the items under it."""

    frequency: Frequency = "unknown"
    serious: bool = False
    note: str | None = None  # the source's words for the rate, e.g. "less common (1-10%)"
    category: str | None = None  # a heading naming no rate: "Metformin", "Gastrointestinal"
    label: str = ""  # heading words that are only structure ("side effects … include")
    keep: str | None = None  # a heading with more to say, kept word for word in the note
    # Where the note and the category were read: copies with the same key are one text.
    note_key: int = field(default=0, compare=False)
    # The category's parts ("Metformin: Gastrointestinal"), each with where it was read.
    category_parts: tuple[tuple[str, int], ...] = field(default=(), compare=False)


@dataclass
class SideEffects:
    effects: list[SideEffect] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)  # a group's text, once per extra item
    components: tuple[str, ...] = ()  # the product's parts: their names label categories

    def part_named_in(self, label: str) -> str | None:
        """The part a longer label names: "Paroxetine" in "Paroxetine common side effects"."""
        named = f" {' '.join(words(label))} "
        found = (part for part in self.components if f" {' '.join(words(part))} " in named)
        return next((part.rstrip(" .") for part in found), None)

    def is_component(self, label: str) -> bool:
        """ "Proanthocyanidins" for a product of "Proanthocyanidin + …": a part's name."""
        wanted = {word.rstrip("s") for word in words(label)}
        return any(
            wanted and wanted <= {word.rstrip("s") for word in words(part)}
            for part in self.components
        )


# The group each effect is made from, while `map_side_effects` runs: a heading's
# category and rate words are copied onto every item under it, and coverage counts
# them once per heading.
_MADE: contextvars.ContextVar[list[Group] | None] = contextvars.ContextVar("made", default=None)


def read_group(heading: str) -> Group:
    """Frequency, seriousness and notes from a group heading such as "Common (>10%):"."""
    text = clean_line(heading).rstrip(":").strip()
    lower = text.casefold()
    frequency, rate_text = rate_of(text)
    tier_words = None
    word_tier: Frequency | None = None
    for pattern, tier in _TIER_WORDS:
        if found := pattern.search(lower):
            tier_words, word_tier = found.group(0), tier
            break
    serious = is_serious(lower)
    if not (frequency or tier_words or _SERIOUS.search(lower) or _ABOUT_EFFECTS.search(lower)):
        if len(text.split()) <= MAX_CATEGORY_WORDS:
            return Group(category=text, category_parts=((text, next(_KEYS)),))
        return Group(keep=text)
    if frequency and word_tier and word_tier in tiers_within(text):
        frequency = word_tier  # "Rare (<1%)": the word is the finer of the two
    tier = frequency or word_tier or "unknown"
    note_parts = [part for part in (tier_words, f"({rate_text})" if rate_text else None) if part]
    note = " ".join(note_parts) or None
    leftover = Counter(words(text)) - Counter(words(note or ""))
    if note is not None and note.replace(" ", "_") == tier:
        note = None  # "Common:" is exactly the tier `common`; the frequency says it
    if set(leftover) <= FILLER:
        label = " ".join([*leftover.elements(), *([] if note else words(tier_words or ""))])
        return Group(tier, serious, note, label=label, note_key=next(_KEYS))
    return Group(tier, serious, note, keep=text, note_key=next(_KEYS))


def is_serious(text: str) -> bool:
    """Whether *text* calls effects serious: "not serious", "Non-serious", "Less Serious" do not."""
    return any(
        not _NEGATED.search(before) and not _SOME.search(before)
        for found in _SERIOUS.finditer(text)
        for before in [text[: found.start()].casefold()]
    )


def rate_of(text: str) -> tuple[Frequency | None, str | None]:
    """The CIOMS tier of the first percentage in *text*, and the parenthetical holding it."""
    found = _RANGE.search(text)
    frequency: Frequency | None
    if found:
        frequency = _tier_from(float(found[1]))
    else:
        found = _BOUND.search(text)
        if not found:
            return None, None
        operator, value = (found[1] or "").casefold(), float(found[2])
        below = operator in ("<", "<=", "≤", "less than", "fewer than", "under", "below", "up to")
        frequency = _tier_below(value) if below else _tier_from(value)
    paren = next((p for p in _PAREN.finditer(text) if p.start() < found.start() < p.end()), None)
    return frequency, paren[1].strip() if paren else None


# CIOMS tiers as percentage ranges [low, high).
_TIER_RANGES: tuple[tuple[Frequency, float, float], ...] = (
    ("rare", 0.0, 0.1),
    ("uncommon", 0.1, 1.0),
    ("common", 1.0, 10.0),
    ("very_common", 10.0, 100.0),
)


def tiers_within(text: str) -> frozenset[Frequency]:
    """The tiers the first percentage in *text* allows: "<1%" → rare and uncommon."""
    found = _RANGE.search(text)
    if found:
        low, high = float(found[1]), float(found[2])
    else:
        bound = _BOUND.search(text)
        if not bound:
            return frozenset()
        operator, value = (bound[1] or "").casefold(), float(bound[2])
        below = operator in ("<", "<=", "≤", "less than", "fewer than", "under", "below", "up to")
        low, high = (0.0, value) if below else (value, 100.0) if operator else (value, value)
    if low == high:
        return frozenset(tier for tier, start, end in _TIER_RANGES if start <= low < end)
    return frozenset(tier for tier, start, end in _TIER_RANGES if start < high and end > low)


def _tier_from(lowest: float) -> Frequency:
    if lowest >= 10:
        return "very_common"
    if lowest >= 1:
        return "common"
    return "uncommon" if lowest >= 0.1 else "rare"


def _tier_below(highest: float) -> Frequency:
    if highest <= 0.1:
        return "rare"
    if highest <= 1:
        return "uncommon"
    return "common" if highest <= 10 else "unknown"


def map_side_effects(
    blocks: tuple[Block, ...], category: str | None = None, components: tuple[str, ...] = ()
) -> SideEffects:
    """Items from lists and enumerations under group headings; every other block into the notes.

    *category* names what all of *blocks* is about (a component's own section);
    *components* are the product's parts, whose names as labels are categories.
    """
    out = SideEffects(components=components)
    made: list[Group] = []
    token = _MADE.set(made)
    outer = _categorized(Group(), category) if category else Group()
    try:
        _map_blocks(out, blocks, outer)
    finally:
        _MADE.reset(token)
    seen: set[tuple[str, int]] = set()
    for group in made:
        for text, key in (*group.category_parts, (group.note or "", group.note_key)):
            if text and (text, key) in seen:
                out.copies.append(text)
            elif text:
                seen.add((text, key))
    return out


def _map_blocks(out: SideEffects, blocks: tuple[Block, ...], outer: Group) -> None:
    pending: str | None = None
    for index, block in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph):
            if isinstance(following, ListBlock) and _heads_list(block):
                pending = block.text
            elif not _add_paragraph(out, block, outer):
                out.notes.append(block.text)
        elif isinstance(block, ListBlock):
            if pending:
                group = _nest(read_group(pending), outer)
                _under_heading(out, pending, group, partial(_add_list, out, block))
            else:
                _add_list(out, block, outer)
            pending = None
        else:
            out.notes.append(render_block(block))


def _nest(sub: Group, outer: Group) -> Group:
    """A heading's group inside the *outer* one (a component's section)."""
    if outer == Group():
        return sub
    if sub.category is not None:
        return _within(outer, sub.category)
    return _merge(sub, outer)


def _add_paragraph(out: SideEffects, paragraph: Paragraph, outer: Group) -> bool:
    """Effects a paragraph enumerates ("**Common:** Nausea and …", "Side effects include …").

    False, and nothing added, when it enumerates none: the caller keeps it as a note.
    """
    parts = lead_label(paragraph.spans)
    if parts is not None and parts[1] and _is_label(*parts):
        label, rest = parts[0].rstrip(":").strip(), parts[1]
        sub = read_group(label)
        part = out.part_named_in(label) if sub.keep else None
        if sub.category is None and part is not None:  # "**Paroxetine common side effects:**"
            return _add_part_prose(out, label, part, rest, _within(_nest(sub, outer), part))
        if sub.category is None:  # "**Common Side Effects (Oral):**" too
            group = _nest(sub, outer)
        elif _names_category(out, label):
            group = _within(outer, label)
        else:
            return False
        return _add_prose(out, label, rest, group, single=sub.category is None)
    return _add_prose(out, None, paragraph.text, outer, topical=True)


def _add_part_prose(out: SideEffects, label: str, part: str, rest: str, group: Group) -> bool:
    """Prose under a label naming a part and a tier; the label is structure if nothing else.

    "**Alprazolam (common):**": the part is each entry's category, the tier its rate.
    """
    other = Counter(words(label)) - Counter(words(part))
    if not set(other) <= FILLER | _TIER_NAMES:
        return _add_prose(out, label, rest, group, single=True)
    if not _add_prose(out, None, rest, group, single=True):
        return False
    out.labels.append(" ".join(other.elements()))
    return True


def _topical(out: SideEffects, intro: str) -> bool:
    """An intro that says it lists effects, a tier or a part: "Alprazolam (common):"."""
    return (
        _TOPICAL_INTRO.search(intro) is not None
        or any(pattern.search(intro) for pattern, _ in _TIER_WORDS)
        or out.part_named_in(intro) is not None
    )


def _names_category(out: SideEffects, label: str) -> bool:
    """A label that sorts effects: an organ system or one of the product's parts."""
    return _SYSTEM.match(label) is not None or out.is_component(label)


def _add_prose(
    out: SideEffects,
    heading: str | None,
    text: str,
    group: Group,
    topical: bool = False,
    single: bool = False,
) -> bool:
    """Effects from the enumerations in *text*; its other sentences go to the notes.

    *topical*: only sentences whose intro speaks of side effects count (a plain
    paragraph, with no label saying what it lists). *single*: a first sentence
    that is one name is an effect (the text after a tier label).
    """
    made: list[SideEffect] = []
    kept: list[str] = []
    labels: list[str] = []
    for index, sentence in enumerate(sentences(clean_line(text))):
        alone = single and index == 0
        found = enumeration(sentence, alone) if not _is_advice(sentence) else None
        intro = found.intro.casefold() if found else ""
        if found is None or (topical and intro and not _topical(out, intro)):
            kept.append(sentence)
            continue
        if any(_names_no_effect(item.text) for item in found.items):
            kept.append(sentence)  # "can cause a range of side effects, from mild to severe"
            continue
        before = len(kept)
        inner = _tailed(_introduced(out, found.intro, group, kept, labels), found.rest)
        if found.rest and len(kept) > before:  # "Rarely, side effects like … can occur."
            kept[-1] = f"{kept[-1]} {found.rest}"
        elif found.rest:
            kept.append(f"… {found.rest}")
        labels.extend(found.connectors)
        made.extend(effect(item.text, inner, item.qualifier) for item in found.items)
    if not made:
        return False
    heading_group = read_group(heading) if heading is not None else Group()
    if heading_group.keep:
        out.notes.append(heading_group.keep)
    if heading_group.label:
        out.labels.append(heading_group.label)
    out.effects.extend(made)
    out.labels.extend(labels)
    if kept:  # a part's remarks stay under its name: "Zincotin: Well tolerated."
        prefix = f"{heading}: " if heading_group.category else ""
        out.notes.append(prefix + " ".join(kept))
    return True


def _introduced(
    out: SideEffects, intro: str, outer: Group, kept: list[str], labels: list[str]
) -> Group:
    """The group an enumeration's intro sets up, inside *outer*; its words are placed.

    The intro is the nearest cue: its rate and seriousness win over the label's.
    Words that only say "side effects include" are structure; an intro with more to
    say ("Thioridazine has a wide range of potential side effects, including") is
    kept in the note, ending in "…" where the list was.
    """
    if not intro:
        return outer
    sub = read_group(intro)
    if sub.category is not None and set(words(intro)) <= FILLER:  # "These could include"
        labels.append(intro)
        return outer
    if sub.category is not None and _names_category(out, sub.category):
        return _within(outer, sub.category)
    if sub.category is not None:
        kept.append(f"{sub.category} …")
        return outer
    if sub.keep:
        kept.append(f"{sub.keep} …")
    elif sub.label:
        labels.append(sub.label)
    rated = sub.frequency != "unknown" or sub.note is not None
    if not rated:
        return _merge(
            Group(outer.frequency, sub.serious, outer.note, note_key=outer.note_key), outer
        )
    # Both say a rate ("Less common:" … "in rare cases include"): the words of both are kept.
    notes = [note for note in (outer.note, sub.note) if note]
    if len(notes) == 2 and notes[0] == notes[1]:
        labels.append(notes.pop())  # the intro repeats the label's rate: structure
    note = "; ".join(notes) or None
    key = sub.note_key if note == sub.note else next(_KEYS)
    return _merge(Group(sub.frequency, sub.serious, note, note_key=key), outer)


def _names_no_effect(item: str) -> bool:
    """ "a range of side effects", "serious", "from common to rare": words about effects."""
    lower = item.casefold()
    return _EFFECTS_AS_SUCH.search(lower) is not None or set(words(lower)) <= FILLER | _TIER_NAMES


def _tailed(group: Group, rest: str) -> Group:
    """*group* with the rate or seriousness the words after a list give its items.

    "… are possible, though rare": nearer the items than any heading, so it wins.
    """
    sub = read_group(rest) if rest else Group()
    rated = sub.frequency != "unknown"
    if not (rated or sub.serious):
        return group
    return Group(
        sub.frequency if rated else group.frequency,
        group.serious or sub.serious,
        group.note,
        group.category,
        note_key=group.note_key,
        category_parts=group.category_parts,
    )


def _heads_list(paragraph: Paragraph) -> bool:
    text = paragraph.text
    return is_bold_only(paragraph) or text.endswith(":") or len(text.split()) <= 12


def _under_heading(
    out: SideEffects, heading: str, group: Group, add: Callable[[Group], None]
) -> None:
    """Add items under a group heading; the heading is kept as text if no item came of it."""
    notes, effects = len(out.notes), len(out.effects)
    add(group)
    if len(out.effects) == effects:
        out.notes.insert(notes, clean_line(heading))
        return
    if group.keep:
        out.notes.insert(notes, group.keep)
    if group.label:
        out.labels.append(group.label)


def _add_list(out: SideEffects, block: ListBlock, group: Group) -> None:
    for item in block.items:
        _add_item(out, item, group)


def _add_item(out: SideEffects, item: Item, group: Group) -> None:
    first = item.blocks[0] if item.blocks else None
    nested = [block for block in item.blocks[1:] if isinstance(block, ListBlock)]
    others = [block for block in item.blocks[1:] if not isinstance(block, ListBlock)]
    if not isinstance(first, Paragraph):
        out.notes.append(render_item(item))
        return
    out.notes.extend(render_block(block) for block in others)
    parts = lead_label(first.spans)
    if parts is not None and _is_label(*parts):
        _add_labelled(out, parts[0].rstrip(":").strip(), parts[1], nested, group)
        return
    text = first.text
    if nested:
        _add_headed_lists(out, text, nested, group)
        return
    tier = _tier_label(text)
    if tier is not None:  # "Common: Drowsiness, dizziness" under a category label
        _add_labelled(out, *tier, [], group)
        return
    effects = effects_from_text(text, group, out.labels)
    if effects is not None:
        out.effects.extend(effects)
    elif not _add_prose(out, None, text, group):
        out.notes.append(text)


def _tier_label(text: str) -> tuple[str, str] | None:
    """("Less common", "Rash, itching") from "Less common: Rash, itching"; None if no tier."""
    label, colon, rest = clean_line(text).partition(":")
    label, rest = label.strip(), rest.strip()
    if not (colon and rest and label) or len(label.split()) > MAX_CATEGORY_WORDS:
        return None
    group = read_group(label)
    return (label, rest) if group.category is None and group.keep is None else None


def _is_advice(text: str) -> bool:
    """ "If you experience …, contact your doctor" is advice, not the name of an effect."""
    return _ADVICE.match(text) is not None and _ADDRESSED.search(text) is not None


def _is_label(label: str, rest: str) -> bool:
    """A bold lead is a label when it ends in a colon or stands alone, not mid-sentence."""
    return not rest or label.endswith(":") or label.endswith((".", "?", "!"))


def _add_labelled(
    out: SideEffects, label: str, rest: str, nested: list[ListBlock], group: Group
) -> None:
    sub = read_group(label)
    is_tier = sub.category is None and sub.keep is None
    if is_tier:
        if nested:
            heading = f"{label}: {rest}".strip().rstrip(":")
            _under_heading(
                out,
                heading,
                _merge(read_group(heading), group),
                partial(_add_lists, out, nested),
            )
            return
        parts = split_effect_list(rest, out.labels) if rest else None
        if parts:
            _under_heading(
                out,
                label,
                _merge(sub, group),
                partial(_add_effects, out, parts),
            )
        elif not (rest and _add_prose(out, label, rest, _merge(sub, group), single=True)):
            out.notes.append(f"{label}: {rest}".strip().rstrip(":"))
        return
    if label.casefold() in NOTE_LABELS or len(label.split()) > MAX_NAME_WORDS or _is_advice(label):
        out.notes.append(f"{label}: {rest}" if rest else label)
        for block in nested:
            _add_list(out, block, group)
        return
    if nested:
        if rest:
            out.effects.append(_named(label, rest, group))
        _under_category(out, label, nested, _within(group, label))
        return
    parts = split_effect_list(rest) if rest else None
    listed = parts is not None and (len(parts) > 1 or _names_category(out, label))
    if parts and listed and len(label.split()) <= MAX_CATEGORY_WORDS:
        split_effect_list(rest, out.labels)
        category = _within(group, label)
        out.effects.extend(effect(part, category) for part in parts)
        return
    if rest and out.is_component(label):
        # "**Omega-3:** Generally well tolerated; may cause fishy burps, nausea.": a part's
        # name is never an effect's; what the text lists is, and the rest is a note.
        if not _add_prose(out, label, rest, _within(group, label)):
            out.notes.append(f"{label}: {rest}")
        return
    if rest and _SYSTEM.match(label) and _add_prose(out, None, rest, _within(group, label)):
        return
    out.effects.append(_named(label, rest, group))


def _add_headed_lists(out: SideEffects, text: str, nested: list[ListBlock], group: Group) -> None:
    """A plain item with a list under it: a group heading or a category."""
    sub = read_group(text)
    if sub.category is None and sub.keep is None:
        _under_heading(out, text, _merge(sub, group), lambda g: _add_lists(out, nested, g))
        return
    if sub.category is not None:
        _under_category(out, text, nested, _within(group, sub.category))
        return
    out.notes.append(text)
    _add_lists(out, nested, group)


def _under_category(out: SideEffects, label: str, nested: list[ListBlock], group: Group) -> None:
    """Items under a category label; the label is kept as text if no item came of it."""
    notes, effects = len(out.notes), len(out.effects)
    _add_lists(out, nested, group)
    if len(out.effects) == effects:
        out.notes.insert(notes, clean_line(label))


def _within(group: Group, category: str) -> Group:
    """*group* narrowed to a sub-category; an outer category stays in front of it."""
    return _categorized(group, category, group.category_parts)


def _categorized(group: Group, category: str, outer: tuple[tuple[str, int], ...] = ()) -> Group:
    """*group*'s rate with *category* (after the *outer* category's parts) for its items."""
    parts = (*outer, (category, next(_KEYS)))
    return Group(
        group.frequency,
        group.serious,
        group.note,
        category=": ".join(text for text, _ in parts),
        note_key=group.note_key,
        category_parts=parts,
    )


def _merge(tier: Group, outer: Group) -> Group:
    return Group(
        tier.frequency,
        tier.serious or outer.serious,
        tier.note,
        outer.category,
        label=tier.label,
        keep=tier.keep,
        note_key=tier.note_key,
        category_parts=outer.category_parts,
    )


def _add_effects(out: SideEffects, names: list[str], group: Group) -> None:
    out.effects.extend(effect(name, group) for name in names)


def _add_lists(out: SideEffects, blocks: list[ListBlock], group: Group) -> None:
    for block in blocks:
        _add_list(out, block, group)


def effects_from_text(
    text: str, group: Group, connectors: list[str] | None = None
) -> list[SideEffect] | None:
    """One list entry → its side effects; None when it reads as prose, not an effect."""
    text = clean_line(text)
    if _ADVICE.match(text):
        return None
    dash = next((found for found in _DASH.finditer(text) if depth(text, found.start()) == 0), None)
    if dash and len(text[: dash.start()].split()) <= MAX_DASH_NAME_WORDS:
        return [_named(text[: dash.start()], text[dash.end() :], group)]
    early = split_effect_list(text)
    if early and len(early) > 2 and ":" not in early[0]:  # "A (a), b (b), c.": a list
        split_effect_list(text, connectors)
        return [effect(part, group) for part in early]
    more = _NAME_THEN_MORE.match(text)
    if (
        more
        and len(more["name"].split()) <= MAX_CATEGORY_WORDS
        and not {",", ":"} & set(more["name"])
    ):
        return [_named(more["name"], f"{more['inner']}; {more['more']}", group)]
    sentence = re.match(r"^([^.]+)\.\s+(\S.*)$", text)
    if sentence and len(sentence[1].split()) <= MAX_CATEGORY_WORDS:
        return [_named(sentence[1], sentence[2], group)]
    label, colon, rest = text.partition(":")
    if colon and rest.strip() and len(label.split()) <= 4 and "(" not in label:
        parts = split_effect_list(rest)
        listed = parts is not None and (len(parts) > 1 or _SYSTEM.match(label.strip()) is not None)
        if parts and listed:
            split_effect_list(rest, connectors)
            category = _within(group, label.strip())
            return [effect(part, category) for part in parts]
        return [_named(label, rest, group)]
    parts = split_effect_list(text)
    if parts and len(parts) > 1:
        split_effect_list(text, connectors)
        return [effect(part, group) for part in parts]
    if len(text.split()) > MAX_NAME_WORDS:
        return None
    return [effect(text, group)]


def split_effect_list(text: str, connectors: list[str] | None = None) -> list[str] | None:
    """Names in a comma (or semicolon) list: "Nausea, vomiting (rare), and headache."

    None unless the text is clearly a list of short names. The "and"/"or" before the
    last name is list punctuation, like the commas: it is added to *connectors*
    (structure words) when the text is split.
    """
    body = text.strip().rstrip(".").strip()
    if not body or re.search(r"[.!?]\s", body):
        return None
    separator = ";" if ";" in _PAREN.sub("", body) else ","
    longest = 8 if separator == ";" else 6
    parts = split_top(body, separator)
    last = re.split(r"\s+(and|or)\s+", parts[-1].strip())
    if len(parts) > 1 and len(last) == 3 and last[0] and depth_free(parts[-1]):
        parts[-1:] = [last[0], f"{last[1]} {last[2]}"]  # "…, chills or a bitter taste"
    joined = [re.match(r"^(?:(and|or)\s+)?(.*)$", part.strip(), re.S) for part in parts]
    parts = [match[2] if match else "" for match in joined]
    for part in parts:
        outside = _PAREN.sub("", part).split()
        if not part or not 1 <= len(outside) <= longest:
            return None
        if {word.casefold() for word in outside} & _LIST_STOP:
            return None
    if connectors is not None:
        connectors.extend(match[1] for match in joined if match and match[1])
    return parts


def effect(text: str, group: Group, qualifier: str | None = None) -> SideEffect:
    """An effect from its entry: "Hypertension (high blood pressure)" → name and description.

    A *qualifier* read before the entry ("in rare cases") leads its description.
    """
    text = clean_line(text).rstrip(".").strip()
    name, description = text, None
    dash = next((found for found in _DASH.finditer(text) if depth(text, found.start()) == 0), None)
    if dash and len(_PAREN.sub("", text[: dash.start()]).split()) <= MAX_DASH_NAME_WORDS:
        name, description = text[: dash.start()], text[dash.end() :] or None
        text = name
    opening = _matching_open(text) if text.endswith(")") else None
    if opening:
        head = text[:opening].strip()
        if head and len(head.split()) <= MAX_CATEGORY_WORDS and "," not in head:
            inner = text[opening + 1 : -1].strip() or None
            name = head
            description = "; ".join(filter(None, (inner, description))) or None
    if qualifier:
        description = f"{qualifier}; {description}" if description else qualifier
    return _side_effect(name, description, group)


def _named(name: str, description: str, group: Group) -> SideEffect:
    return _side_effect(clean_line(name).rstrip(":"), clean_line(description) or None, group)


def _side_effect(name: str, description: str | None, group: Group) -> SideEffect:
    made = _MADE.get()
    if made is not None:
        made.append(group)
    # The entry's own words are the nearest cue: "Seizures (rare but serious)", or
    # "Mercury toxicity (rare but serious)" as a label.
    remarks = [description or "", *(found[1] for found in _PAREN.finditer(name))]
    serious = group.serious or any(is_serious(remark) for remark in remarks)
    own: Frequency | None = next(filter(None, map(_own_tier, remarks)), None)
    frequency = own or group.frequency
    if group.category:
        description = f"{group.category}: {description}" if description else group.category
    return SideEffect(
        name=_capitalized(name),
        frequency=frequency,
        serious=serious,
        description=description,
        frequency_note=group.note,
        source=SOURCE,
    )


def _own_tier(description: str | None) -> Frequency | None:
    """The tier a short remark on the entry itself names: "(rare)", "in rare cases"."""
    if not description or len(description.split()) > MAX_OWN_CUE_WORDS:
        return None
    lower = description.casefold()
    tier = next((tier for pattern, tier in _TIER_WORDS if pattern.search(lower)), None)
    return tier if tier != "unknown" else None


def _matching_open(text: str) -> int | None:
    depth = 0
    for index in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[index], 0)
        if depth == 0:
            return index
    return None


def _capitalized(name: str) -> str:
    return name[:1].upper() + name[1:] if name[:1].islower() else name
