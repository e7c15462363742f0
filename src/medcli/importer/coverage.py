""" "Nothing lost", measured: the share of a page's words found in its monograph.

The page side is the Markdown body (front matter excluded) rendered to HTML by
markdown-it and stripped of tags, so it does not depend on the importer's own
reading of the structure. The monograph side is every text field a reader sees:
name, aliases, usage, dosage, side effects (name, description, frequency note),
the side-effects note, mechanism, precautions, FAQs, extra sections and the
disclaimer; not ids, sources or provenance, which the importer writes itself,
and not `components`, which repeat the title.

Counting is by multiset: a word the page uses five times must be found five
times. Text the mapping copied onto many items (a group heading's category at
the head of each item's description, its rate words as each item's
`frequency_note`) is counted once per heading, not once per copy: the mapping
returns the extra copies and they are taken out of the monograph side, so a
repeated label the mapping dropped shows as lost. Words the mapping used up as
structure (a heading that became a field name, the `Q:`/`A:` markers,
"Disclaimer:", "side effects … include" in a group heading whose rate became a
frequency) are taken out of the page side first.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from markdown_it.token import Token

from medcli.importer.blocks import Block, ListBlock, Paragraph, Section, lead_label, render_blocks
from medcli.importer.headings import Field, names_field
from medcli.importer.mapping import OVERVIEW, pseudo_sections
from medcli.importer.parse import Page, markdown
from medcli.importer.words import words
from medcli.model import Monograph, SideEffect

_TAG = re.compile(r"<[^>]*>")
MISSING_SHOWN = 8


@dataclass(frozen=True)
class Coverage:
    words: int  # the page's words, structure excluded
    found: int  # how many of them the monograph holds
    structure: int  # words used up as structure
    missing: tuple[str, ...] = ()  # the most frequent missing words

    @property
    def ratio(self) -> float:
        return self.found / self.words if self.words else 1.0


def body_words(tokens: list[Token]) -> Counter[str]:
    """Words of the page body as a reader sees it: rendered, tags stripped, entities decoded."""
    md = markdown()
    rendered = md.renderer.render(tokens, md.options, {})
    return Counter(words(html.unescape(_TAG.sub("", rendered))))


def monograph_words(monograph: Monograph) -> Counter[str]:
    # One pass over all the text: a line break between fields keeps words apart.
    return Counter(words("\n".join(monograph_texts(monograph))))


def monograph_texts(m: Monograph) -> Iterator[str]:
    yield m.name
    yield from m.aliases
    yield from _present(m.usage, m.dosage, m.side_effects_note, m.mechanism, m.disclaimer)
    for effect in m.side_effects:
        yield from _present(effect.name, effect.description, effect.frequency_note)
    for note in (*m.precautions, *m.extra_sections, *m.storage, *m.dose_rules):
        yield note.title
        yield note.text
    for faq in m.faqs:
        yield faq.question
        yield faq.answer


def _present(*texts: str | None) -> Iterable[str]:
    return (text for text in texts if text)


def measure(
    body: Counter[str], labels: list[str], monograph: Monograph, copies: Sequence[str] = ()
) -> Coverage:
    """Coverage of *body* (minus *labels*) by *monograph*'s text (minus extra *copies*)."""
    structure = Counter(word for label in labels for word in words(label))
    counted = body - structure
    have = monograph_words(monograph) - Counter(word for copy in copies for word in words(copy))
    found = sum(min(count, have[word]) for word, count in counted.items())
    lost = Counter({word: count - have[word] for word, count in counted.items()})
    missing = tuple(word for word, count in lost.most_common(MISSING_SHOWN) if count > 0)
    total = sum(counted.values())
    return Coverage(total, found, sum(body.values()) - total, missing)


@dataclass(frozen=True)
class Structure:
    """How much of a page's side-effect text became side-effect entries."""

    words: int  # the words of the page's side-effect sections, structure excluded
    in_entries: int  # how many of them an entry holds (name, description, frequency note)

    @property
    def ratio(self) -> float | None:
        return self.in_entries / self.words if self.words else None


def structure_coverage(
    page: Page, labels: list[str], monograph: Monograph, copies: Sequence[str] = ()
) -> Structure:
    """Words coverage's twin for meaning: the side-effect text that became entries.

    The side-effect text is read from the page, not from the mapping: every section
    whose heading names side effects, and under any other heading a bold
    `**Side Effects:**` label and what follows it up to the next bold field label.
    Words left in `side_effects_note` or `extra_sections` are the ones not counted.
    """
    section = Counter(words(render_blocks(side_effect_blocks(page)))) - Counter(
        word for label in labels for word in words(label)
    )
    entries = Counter(
        words("\n".join(text for e in monograph.side_effects for text in _entry_texts(e)))
    ) - Counter(word for copy in copies for word in words(copy))
    in_entries = sum(min(count, entries[word]) for word, count in section.items())
    return Structure(sum(section.values()), in_entries)


def _entry_texts(effect: SideEffect) -> Iterable[str]:
    return _present(effect.name, effect.description, effect.frequency_note)


# "### Cefalexin Side Effects": a part's side effects, a side-effect section all the same.
_NAMED_EFFECTS = re.compile(r"\b(?:side effects|adverse (?:effects|reactions))\W*$", re.I)


def side_effect_blocks(page: Page) -> list[Block]:
    """The blocks of *page* that are about side effects (see `structure_coverage`)."""
    lead, pseudo = pseudo_sections(page.preamble)
    found: list[Block] = []
    for section in [Section(OVERVIEW, tuple(lead)), *pseudo, *page.sections]:
        if names_field(section.title) == "side_effects" or _NAMED_EFFECTS.search(section.title):
            found.extend(section.blocks)
            continue
        inside = False
        for block in section.blocks:
            if isinstance(block, ListBlock) and not inside:
                # "* **Side Effects:** …" among a component's labelled items
                items = [item for item in block.items if _opens_with_effects(item.blocks)]
                found.extend(inner for item in items for inner in item.blocks)
                continue
            label = _field_label(block)
            if label is not None:
                inside = label == "side_effects"
            if inside:
                found.append(block)
    return found


def _opens_with_effects(blocks: tuple[Block, ...]) -> bool:
    return bool(blocks) and _field_label(blocks[0]) == "side_effects"


def _field_label(block: Block) -> Field | None:
    if not isinstance(block, Paragraph):
        return None
    parts = lead_label(block.spans)
    return names_field(parts[0].rstrip(":")) if parts is not None else None
