"""Full-text search, the pure part: what a query means, what a monograph offers to search.

A query is read here, never handed to SQLite as typed: it is split into plain
words, "quoted phrases" and prefix* words, and every term is written back as a
double-quoted FTS5 string, so no user input can be read as FTS5 syntax
(`AND`, `NEAR`, `col:`, `^`, stray quotes). A query with nothing to search for
is a usage error. The SQL lives in `medcli.library.index`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import msgspec

from medcli.errors import UsageError
from medcli.model import Label, Monograph
from medcli.names import name_key
from medcli.sanitize import clean_text
from medcli.sections import Section

# One full-text column per searchable part of a monograph, in the order `show` prints them.
# `names` (id, name, aliases) and `drug_class` are the header; the rest are `Section` values.
COLUMNS: tuple[str, ...] = (
    "names", "drug_class", "usage", "dosage", "administration", "premedications",
    "contraindications", "side_effects", "mechanism", "precautions", "specific_populations",
    "storage", "faqs", "extra",
)  # fmt: skip
_SECTION_NAMES = {
    "names": "name",
    "drug_class": "class",
    "side_effects": "side-effects",
    "specific_populations": "specific-populations",
}
COLUMN_SECTIONS: dict[str, str] = {column: _SECTION_NAMES.get(column, column) for column in COLUMNS}
SECTION_COLUMNS: dict[str, str] = {section: column for column, section in COLUMN_SECTIONS.items()}
# An FDA label's sections are searched in the column that holds the same facts elsewhere.
LABEL_COLUMNS: dict[str, str] = {
    "boxed-warning": "precautions", "warnings": "precautions",
    "contraindications": "contraindications", "specific-populations": "specific_populations",
    "indications": "usage", "dosage": "dosage", "dosage-forms": "administration",
    "adverse-reactions": "side_effects", "clinical-pharmacology": "mechanism",
    "storage": "storage", "how-supplied": "storage",
}  # fmt: skip
SECTION_COLUMNS.update(
    {
        section.value: LABEL_COLUMNS.get(section.value, "extra")
        for section in Section
        if section.value not in SECTION_COLUMNS and section.value not in ("disclaimer", "sources")
    }
)
# bm25 weights: a word in a drug's name or brand names counts far more than one in its prose.
COLUMN_WEIGHTS: tuple[float, ...] = (10.0, 4.0, *(1.0,) * (len(COLUMNS) - 2))

MAX_QUERY_CHARS = 1000
MAX_TERMS = 32
HIT_START, HIT_END = "\x02", "\x03"  # snippet markers; the loader strips control characters
SYNTAX_HELP = 'accepted: words, "a phrase in quotes", a prefix* word'

_WORD = re.compile(r"[^\W_]")  # a letter or digit: something the tokenizer keeps
_SPACE = re.compile(r"\s+")


# msgspec Structs rather than dataclasses: as plain, and far cheaper to define at start-up.
class Term(msgspec.Struct, frozen=True):
    """One thing every result must contain: a word, a phrase, or either as a prefix."""

    text: str
    phrase: bool = False
    prefix: bool = False


class Snippet(msgspec.Struct, frozen=True):
    """A short passage around the matches: plain text plus `[start, end)` match offsets."""

    text: str
    matches: tuple[tuple[int, int], ...]


class Hit(msgspec.Struct, frozen=True):
    id: str
    name: str
    origin: str
    section: str
    snippet: Snippet
    score: float  # bm25 relevance, higher is better


class SearchResults(msgspec.Struct, frozen=True):
    query: str
    section: str | None
    total: int  # how many monographs matched, before `limit`
    hits: list[Hit]


def query_from_arguments(arguments: Iterable[str]) -> str:
    """One query from the shell's words: a word with spaces in it was quoted, so it is a phrase.

    `medcli search "multiple myeloma"` looks for the phrase, `medcli search multiple
    myeloma` for both words; a word that holds its own quotes or a `*` is kept as typed.
    """
    return " ".join(
        f'"{word}"' if len(word.split()) > 1 and not {'"', "*"} & set(word) else word
        for word in arguments
    )


def parse_query(text: str) -> list[Term]:
    """Split *text* into terms; raise `UsageError` when nothing in it can be searched."""
    if len(text) > MAX_QUERY_CHARS:
        raise UsageError(f"query is {len(text):,} characters; the limit is {MAX_QUERY_CHARS:,}")
    text = clean_text(text)  # a NUL would end the FTS5 string early; data has none either
    if text.count('"') % 2:
        raise UsageError(f"unbalanced quote in query {text!r}; {SYNTAX_HELP}")
    parts = text.split('"')
    terms: list[Term] = []
    for index, part in enumerate(parts):
        if index % 2:  # inside quotes: a phrase, a prefix phrase when `*` follows the quote
            terms += _term(part, phrase=True, prefix=parts[index + 1].startswith("*"))
        else:
            for chunk in _SPACE.split(part):
                terms += _term(chunk.rstrip("*"), phrase=False, prefix=chunk.endswith("*"))
    if not terms:
        raise UsageError(f"nothing to search for in {text!r}; {SYNTAX_HELP}")
    if len(terms) > MAX_TERMS:
        raise UsageError(f"query has {len(terms)} terms; the limit is {MAX_TERMS}")
    return terms


def _term(text: str, phrase: bool, prefix: bool) -> list[Term]:
    """The term *text* makes, or none when it holds no letter or digit (pure punctuation)."""
    return [Term(" ".join(text.split()), phrase, prefix)] if _WORD.search(text) else []


def match_expression(terms: list[Term], section: str | None = None) -> str:
    """The FTS5 MATCH text: every term double-quoted, all required, optionally in one column."""
    quoted = " AND ".join(
        '"' + term.text.replace('"', '""') + '"' + (" *" if term.prefix else "") for term in terms
    )
    if section is None:
        return quoted
    return "{" + SECTION_COLUMNS[section] + "} : (" + quoted + ")"


def query_name_key(terms: list[Term]) -> str:
    """The query as one name (for "a query that is a drug's name puts that drug first")."""
    return " ".join(term.text for term in terms if not term.prefix)


def split_snippet(marked: str) -> Snippet:
    """Turn FTS5 `snippet()` output (matches between markers) into text plus match offsets."""
    text: list[str] = []
    matches: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for piece in re.split(f"([{HIT_START}{HIT_END}])", _SPACE.sub(" ", marked).strip()):
        if piece == HIT_START:
            start = length
        elif piece == HIT_END:
            if start is not None and length > start:
                matches.append((start, length))
            start = None
        else:
            text.append(piece)
            length += len(piece)
    return Snippet("".join(text), tuple(matches))


def best_column(snippets: list[Snippet]) -> int:
    """The column a hit is reported under: the most matched words; ties go to the earlier one."""
    counts = [len(snippet.matches) for snippet in snippets]
    return counts.index(max(counts))


def document(monograph: Monograph) -> tuple[str, ...]:
    """The searchable text of *monograph*, one string per column of `COLUMNS`."""
    m = monograph
    admin = m.administration
    columns = {
        # The id only when it says more than the name ("5-fu" for "Fluorouracil").
        "names": _join(
            [m.name, *m.aliases, m.id if name_key(m.id) != name_key(m.name) else None], "; "
        ),
        "drug_class": _join([m.drug_class, *m.components], "; "),
        "usage": _join([m.usage, *(f"{note.title}: {note.text}" for note in m.indications)]),
        "dosage": _join(
            [
                m.dosage,
                *(
                    text
                    for r in m.regimens
                    for text in (r.name, r.indication, *r.combined_with, r.until, *r.notes)
                ),
                *(f"{note.title}: {note.text}" for note in m.dose_rules),
            ]
        ),
        "administration": _join(
            [
                *m.routes,
                *(product.form for product in m.products),
                *((*admin.diluents, *admin.notes) if admin else ()),
            ],
            "; ",
        ),
        "premedications": _join(
            (
                _join((p.name, p.route, p.timing, p.note, *(d.note for d in p.doses)), ", ")
                for p in m.premedications
            ),
            "; ",
        ),
        "side_effects": _join(
            [
                *(
                    f"{e.name} ({e.description})" if e.description else e.name
                    for e in m.side_effects
                ),
                m.side_effects_note,
            ],
            "; ",
        ),
        "contraindications": _join(f"{note.title}: {note.text}" for note in m.contraindications),
        "mechanism": _join([m.mechanism]),
        "precautions": _join(f"{note.title}: {note.text}" for note in m.precautions),
        "specific_populations": _join(
            f"{note.title}: {note.text}" for note in m.specific_populations
        ),
        "storage": _join(f"{note.title}: {note.text}" for note in m.storage),
        "faqs": _join(f"{faq.question} {faq.answer}" for faq in m.faqs),
        "extra": _join(f"{note.title}: {note.text}" for note in m.extra_sections),
    }
    if m.label is not None:
        columns = _with_label(columns, m.label)
    return tuple(columns[column] for column in COLUMNS)


def _with_label(columns: dict[str, str], label: Label) -> dict[str, str]:
    """*columns* with the label's sections (titles, text, table cells) added to theirs."""
    from medcli.labels.markup import table_words

    extra: dict[str, list[str]] = {}
    for section in (*label.sections, *label.other_sections):
        column = LABEL_COLUMNS.get(section.key, "extra")
        parts = extra.setdefault(column, [])
        parts += [section.title, section.text, *(table_words(table) for table in section.tables)]
    return {column: _join([text, *extra.get(column, ())]) for column, text in columns.items()}


def _join(parts: Iterable[str | None], separator: str = "\n") -> str:
    """The non-empty *parts*; list items are joined with "; " so that a snippet reads well."""
    return separator.join(part.strip() for part in parts if part and part.strip())
