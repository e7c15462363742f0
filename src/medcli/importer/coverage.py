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

from medcli.importer.parse import markdown
from medcli.importer.words import words
from medcli.model import Monograph

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
