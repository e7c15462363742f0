"""What changed between two versions of a label, section by section (`medcli diff`).

Sections are matched by what they are, not where they stand: their LOINC code,
depth and title first, then (for what is left) their number, then how alike
their titles and text are, so a section that moved from 5.3 to 5.4 is the same
section. Each matched pair is compared as sentences with `difflib.SequenceMatcher`;
a replaced run of sentences is paired up sentence by sentence and each pair is
compared word by word, so a changed dose shows as the words that changed. Before
comparing, cross-references to section numbers (`( 5.1 )`, `(2.1, 2.2)`) and
table and figure numbers are put aside: a version that only renumbers does not
read as a rewritten label. Formatting is put aside too: whitespace, bullet glyphs
(•, ●, ▪, ·, and - or * opening a line) and the punctuation that closes list items
(`;`, `,`, `:`, `.` at a word's end), so a version that only re-bullets a list or
re-flows its lines changes no section. Tables are compared row by row.

The newer version's own Recent Major Changes is the check: each entry it lists
that the older version did not list yet names sections that must have changed;
`RecentMajorChanges` says which did, and which sections changed unlisted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from difflib import SequenceMatcher
from typing import Literal

import msgspec

from medcli.errors import UsageError
from medcli.labels.sections import LABEL_KEYS, section_name
from medcli.model import Label, LabelSection, LabelTable

Status = Literal["added", "removed", "changed", "unchanged"]
RMC_KEY = "recent-major-changes"
# The sections a label's Recent Major Changes lists changes of (21 CFR 201.57(a)(5)).
RMC_COVERS = frozenset({"boxed-warning", "indications", "dosage", "contraindications", "warnings"})
PAIR_RATIO = 0.5  # how alike two sentences of a replaced run must be to read as one changed
MATCH_RATIO = 0.6  # how alike two unmatched sections must be to be one section
MAX_PAIRING = 2500  # sentence pairs scored in one replaced run, about


class Word(msgspec.Struct):
    """A run of words of a changed sentence: kept, added or removed."""

    change: Literal["same", "added", "removed"]
    text: str


class SentenceChange(msgspec.Struct):
    change: Literal["added", "removed", "changed"]
    old: str | None
    new: str | None
    words: list[Word]  # for a changed sentence; empty otherwise


class RowChange(msgspec.Struct):
    change: Literal["added", "removed", "changed"]
    old: list[str] | None
    new: list[str] | None


class TableDiff(msgspec.Struct):
    status: Status
    caption: str | None
    rows: list[RowChange]
    unchanged_rows: int


class SectionDiff(msgspec.Struct):
    status: Status
    key: str
    loinc: str | None
    number: str | None  # the newer version's (the older's for a removed section)
    old_number: str | None
    title: str
    old_title: str | None
    unchanged_sentences: int
    changes: list[SentenceChange]
    tables: list[TableDiff]


class ListedChange(msgspec.Struct):
    """One entry of the newer version's Recent Major Changes and what the diff found."""

    text: str
    date: str | None
    sections: list[str]  # the section numbers (or names) it lists
    new_sections: list[str]  # those the older version did not list: changes of this pair
    changed: list[str]
    not_changed: list[str]


class RecentMajorChanges(msgspec.Struct):
    entries: list[ListedChange]
    listed: int  # sections newly listed (`new_sections` of every entry)
    found_changed: int  # of those, how many the diff found changed
    # Numbered sections that changed though no entry lists them: in the sections a
    # Recent Major Changes covers (boxed warning, 1, 2, 4, 5), and in the others.
    unlisted: list[str]
    unlisted_elsewhere: list[str]


class Summary(msgspec.Struct):
    added: int
    removed: int
    changed: int
    unchanged: int


class LabelDiff(msgspec.Struct):
    summary: Summary
    recent_major_changes: RecentMajorChanges | None
    sections: list[SectionDiff]


def diff_labels(
    old: Label, new: Label, section: str | None = None, *, normalise: bool = True
) -> LabelDiff:
    """The section-by-section difference from *old* to *new*, limited to *section* if given.

    *section* is a `show -s` key (`indications`) or a section number (`2.1`, `5`).
    *normalise* False compares the raw text (the benchmark measures what it saves).
    """
    wanted = _section_filter(section, old, new) if section else None
    olds = _parts(old.sections + old.other_sections, normalise)
    news = _parts(new.sections + new.other_sections, normalise)
    pairs = match_sections(olds, news)
    diffs = [_section_diff(a, b) for a, b in pairs]
    diffs.sort(key=_label_order)
    rmc = recent_major_changes(old, new, diffs)
    if wanted is not None:
        diffs = [diff for diff in diffs if wanted(diff)]
    count = {status: sum(diff.status == status for diff in diffs) for status in _STATUSES}
    return LabelDiff(Summary(**count), rmc, diffs)


_STATUSES: tuple[Status, ...] = ("added", "removed", "changed", "unchanged")


class _Part:
    """A section ready to compare: its sentences as shown and as compared."""

    def __init__(self, section: LabelSection, position: int, normalise: bool) -> None:
        self.section = section
        self.position = position
        every = sentences(section.text)
        if normalise:  # a sentence that is only a bullet or punctuation is no sentence
            keyed = [(s, formatting_free(comparable(s))) for s in every]
            kept = [(s, key) for s, key in keyed if key]
            self.sentences, self.compared = [s for s, _ in kept], [key for _, key in kept]
        else:
            self.sentences, self.compared = every, every
        self.title = _plain(section.title)
        self.kind = (section.loinc or section.key, section.depth)


def _parts(sections: list[LabelSection], normalise: bool) -> list[_Part]:
    return [_Part(section, index, normalise) for index, section in enumerate(sections)]


# --- matching sections -------------------------------------------------------------


def match_sections(olds: list[_Part], news: list[_Part]) -> list[tuple[_Part | None, _Part | None]]:
    """Pairs (old, new) of the same section; (old, None) removed, (None, new) added."""
    matched: dict[int, _Part] = {}  # new position → old part
    free = list(olds)

    def take(found: _Part, part: _Part) -> None:
        matched[part.position] = found
        free.remove(found)

    for rule in (_same_title, _same_number):
        for part in news:
            if part.position not in matched:
                found = next((a for a in free if rule(a, part)), None)
                if found is not None:
                    take(found, part)
    scored = sorted(
        (
            (-_likeness(a, b), b.position, a.position, a, b)
            for b in news
            if b.position not in matched
            for a in free
            if a.kind == b.kind
        ),
        key=lambda row: row[:3],
    )
    for score, _, _, a, b in scored:
        if -score >= MATCH_RATIO and b.position not in matched and a in free:
            take(a, b)
    pairs: list[tuple[_Part | None, _Part | None]] = [
        (matched.get(part.position), part) for part in news
    ]
    pairs += [(part, None) for part in free]
    return pairs


def _same_title(a: _Part, b: _Part) -> bool:
    return a.kind == b.kind and a.title == b.title


def _same_number(a: _Part, b: _Part) -> bool:
    return (
        a.kind == b.kind and a.section.number is not None and a.section.number == b.section.number
    )


def _likeness(a: _Part, b: _Part) -> float:
    """How alike two sections are: the better of their titles' and their words' likeness."""
    title = SequenceMatcher(None, a.title, b.title).ratio()
    words = SequenceMatcher(
        None, " ".join(a.compared).split(), " ".join(b.compared).split(), autojunk=False
    )
    if words.real_quick_ratio() < MATCH_RATIO or words.quick_ratio() < MATCH_RATIO:
        return title  # the full ratio is quadratic: only for texts that may be alike
    return max(title, words.ratio())


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.casefold()).split())


# --- comparing a pair ----------------------------------------------------------------


def _section_diff(old: _Part | None, new: _Part | None) -> SectionDiff:
    shown = new or old
    assert shown is not None
    section = shown.section
    changes: list[SentenceChange] = []
    unchanged = 0
    if old is not None and new is not None:
        changes, unchanged = sentence_changes(old, new)
        tables = compare_tables(old.section.tables, new.section.tables)
        retitled = old.title != new.title
        status: Status = (
            "changed"
            if changes or retitled or any(t.status != "unchanged" for t in tables)
            else "unchanged"
        )
    else:
        kind: Literal["added", "removed"] = "added" if new is not None else "removed"
        status = kind
        changes = [
            SentenceChange(kind, None if new else s, s if new else None, [])
            for s in shown.sentences
        ]
        tables = [_whole_table(table, kind) for table in section.tables]
        retitled = False
    return SectionDiff(
        status=status,
        key=section.key,
        loinc=section.loinc,
        number=section.number,
        old_number=old.section.number if old is not None else None,
        title=section.title,
        old_title=old.section.title if old is not None and retitled else None,
        unchanged_sentences=unchanged,
        changes=changes,
        tables=tables,
    )


def sentence_changes(old: _Part, new: _Part) -> tuple[list[SentenceChange], int]:
    """The sentences added, removed and changed from *old* to *new*, and how many stayed."""
    if " ".join(old.compared).split() == " ".join(new.compared).split():
        return [], len(new.compared)  # the same words, sentences cut differently: formatting
    matcher = SequenceMatcher(None, old.compared, new.compared, autojunk=False)
    changes: list[SentenceChange] = []
    unchanged = 0
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        same_words = " ".join(old.compared[i1:i2]).split() == " ".join(new.compared[j1:j2]).split()
        if op == "equal" or same_words:  # lines joined or split, a bullet on its own line
            unchanged += j2 - j1
            continue
        removed, added = old.sentences[i1:i2], new.sentences[j1:j2]
        changes += _paired(removed, added, old.compared[i1:i2], new.compared[j1:j2])
    return changes, unchanged


def _paired(
    removed: list[str], added: list[str], removed_keys: list[str], added_keys: list[str]
) -> list[SentenceChange]:
    """A replaced run: sentences alike enough become changed pairs, in order; the rest
    are added or removed. Each removed sentence is scored against the next added ones
    (all of them, unless the run is long: then a window of `MAX_PAIRING` scores in all)."""
    changes: list[SentenceChange] = []
    start = 0  # the first added sentence not yet used
    window = max(8, MAX_PAIRING // max(len(removed), 1))
    matchers: dict[int, SequenceMatcher[str]] = {}
    for index, sentence in enumerate(removed):
        best, best_ratio = None, PAIR_RATIO
        words = removed_keys[index].split()
        for j in range(start, min(len(added), start + window)):
            matcher = matchers.get(j)
            if matcher is None:  # seq2 is the one a matcher indexes: made once per sentence
                matcher = matchers[j] = SequenceMatcher(None, autojunk=False)
                matcher.set_seq2(added_keys[j].split())
            matcher.set_seq1(words)
            if matcher.real_quick_ratio() >= best_ratio and matcher.quick_ratio() >= best_ratio:
                ratio = matcher.ratio()
                if ratio >= best_ratio:
                    best, best_ratio = j, ratio
        if best is None:
            changes.append(SentenceChange("removed", sentence, None, []))
            continue
        changes += [SentenceChange("added", None, s, []) for s in added[start:best]]
        changed = word_changes(sentence, added[best])
        if any(word.change != "same" for word in changed):
            changes.append(SentenceChange("changed", sentence, added[best], changed))
        start = best + 1
    changes += [SentenceChange("added", None, s, []) for s in added[start:]]
    return changes


def word_changes(old: str, new: str) -> list[Word]:
    """*old* → *new* as runs of kept, removed and added words: bullet glyphs left out and
    words compared without the punctuation that closes a list item, so a re-bulleted
    sentence is all "same" and a changed word beside a new bullet shows alone."""
    a, b = _words(old), _words(new)
    keys_a, keys_b = [_word_key(word) for word in a], [_word_key(word) for word in b]
    words: list[Word] = []
    matcher = SequenceMatcher(None, keys_a, keys_b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            words.append(Word("same", " ".join(b[j1:j2])))
            continue
        if i2 > i1:
            words.append(Word("removed", " ".join(a[i1:i2])))
        if j2 > j1:
            words.append(Word("added", " ".join(b[j1:j2])))
    return words


# --- tables ------------------------------------------------------------------------------


def compare_tables(old: list[LabelTable], new: list[LabelTable]) -> list[TableDiff]:
    """Tables matched by caption (less its number), else in order, then compared row by row."""
    free = list(old)
    found: list[tuple[LabelTable | None, LabelTable]] = []
    for table in new:
        same = next((t for t in free if _caption(t) == _caption(table)), None)
        found.append((same, table))
        if same is not None:
            free.remove(same)
    unmatched = iter(list(free))
    found = [(a if a is not None else next(unmatched, None), b) for a, b in found]
    for a, _ in found:
        if a is not None and a in free:
            free.remove(a)
    diffs = [_table_diff(a, b) if a is not None else _whole_table(b, "added") for a, b in found]
    return diffs + [_whole_table(table, "removed") for table in free]


def _caption(table: LabelTable) -> str:
    return _plain(
        re.sub(r"^\s*(table|figure)\s+\d+[a-z]?\s*[:.]?", "", table.caption or "", flags=re.I)
    )


def _rows(table: LabelTable) -> list[list[str]]:
    return [
        [" ".join(cell.text.split()) for cell in row]
        for row in table.head + table.body + table.foot
    ]


def _table_diff(old: LabelTable, new: LabelTable) -> TableDiff:
    a, b = _rows(old), _rows(new)
    keys_a, keys_b = (
        [tuple(map(comparable, row)) for row in a],
        [tuple(map(comparable, row)) for row in b],
    )
    rows: list[RowChange] = []
    same = 0
    for op, i1, i2, j1, j2 in SequenceMatcher(None, keys_a, keys_b, autojunk=False).get_opcodes():
        if op == "equal":
            same += i2 - i1
            continue
        paired = min(i2 - i1, j2 - j1) if op == "replace" else 0
        rows += [RowChange("changed", a[i1 + k], b[j1 + k]) for k in range(paired)]
        rows += [RowChange("removed", row, None) for row in a[i1 + paired : i2]]
        rows += [RowChange("added", None, row) for row in b[j1 + paired : j2]]
    status: Status = "changed" if rows or _caption(old) != _caption(new) else "unchanged"
    return TableDiff(status, new.caption, rows, same)


def _whole_table(table: LabelTable, kind: Literal["added", "removed"]) -> TableDiff:
    rows = [
        RowChange(kind, None if kind == "added" else row, row if kind == "added" else None)
        for row in _rows(table)
    ]
    return TableDiff(kind, table.caption, rows, 0)


# --- text ----------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    {"e.g.", "i.e.", "vs.", "approx.", "dr.", "no.", "al.", "etc.", "fig.", "u.s."}
)
_BOUNDARY = re.compile(r"((?<=[.!?;])\s+(?=\S)|\s*\n\s*)")
_REFERENCE = re.compile(
    r"\(\s*(?:\d{1,2}(?:\.\d{1,2})+|\s\d{1,2}\s)(?:\s*[,;]\s*\d{1,2}(?:\.\d{1,2})*)*\s*\)"
)
_SEE = re.compile(
    r"(\[\s*see [^\]]*?)\(\s*\d{1,2}(?:\.\d{1,2})*(?:\s*[,;]\s*\d{1,2}(?:\.\d{1,2})*)*\s*\)", re.I
)
_NUMBERED = re.compile(r"\b(Tables?|Figures?)\s+\d{1,2}[A-Za-z]?\b")


def sentences(text: str) -> list[str]:
    """*text* cut into sentences (and lines), whitespace made single spaces."""
    found: list[str] = []
    current = ""
    parts = _BOUNDARY.split(text)
    for index in range(0, len(parts), 2):
        piece = " ".join(parts[index].split())
        before = parts[index - 1] if index else "\n"
        if current and "\n" not in before and _abbreviated(current):
            current += " " + piece
            continue
        if current:
            found.append(current)
        current = piece
    if current:
        found.append(current)
    return _references_kept_behind(found)


def _abbreviated(sentence: str) -> bool:
    """Whether *sentence* ends in an abbreviation ("e.g.", "A.") rather than a full stop."""
    last = sentence[sentence.rfind(" ") + 1 :].casefold()
    return last in _ABBREVIATIONS or (len(last) == 2 and last[1] == "." and last[0].isalnum())


_BULLET_GLYPH = re.compile(r"(?<!\S)(?:[•●▪◦‣∙■□○]+|·(?!\S))")
_BULLET_OPENING = re.compile(r"^[-*–]+(?!\S)")
_LIST_PUNCTUATION = re.compile(r"[;,:.]+(?!\S)")


def formatting_free(sentence: str) -> str:
    """*sentence* without what is only formatting: bullet glyphs (a - or * only where it
    opens the sentence: elsewhere it may be a range), the punctuation closing a list item,
    and runs of whitespace. The words, numbers and their order stay."""
    text = _BULLET_OPENING.sub("", _BULLET_GLYPH.sub(" ", sentence).lstrip())
    return " ".join(_LIST_PUNCTUATION.sub("", text).split())


def _words(sentence: str) -> list[str]:
    """The words of *sentence* as shown, bullet glyphs left out."""
    return _BULLET_OPENING.sub("", _BULLET_GLYPH.sub(" ", sentence).lstrip()).split()


def _word_key(word: str) -> str:
    return _LIST_PUNCTUATION.sub("", word)


def comparable(sentence: str) -> str:
    """*sentence* as compared: section cross-references and table numbers put aside."""
    text = sentence
    if "[" in text:
        text = _SEE.sub(r"\1(§)", text)
    if "(" in text:
        text = _REFERENCE.sub("(§)", text)
    if "Table" in text or "Figure" in text:
        text = _NUMBERED.sub(r"\1 #", text)
    return text


_LEADING_REFERENCE = re.compile(
    r"^(\(\s*\d{1,2}(?:\.\d{1,2})*(?:\s*,\s*\d{1,2}(?:\.\d{1,2})*)*\s*\))(?:\s+(\S.*))?$"
)


def _references_kept_behind(pieces: list[str]) -> list[str]:
    """ "… schedule. ( 2.2 ) The dose …": the reference closes the sentence before it."""
    kept: list[str] = []
    for piece in pieces:
        match = _LEADING_REFERENCE.match(piece)
        if match is not None and kept:
            kept[-1] += " " + match.group(1)
            piece = match.group(2) or ""
        if piece:
            kept.append(piece)
    return kept


# --- order and filters -----------------------------------------------------------------------


def _label_order(diff: SectionDiff) -> tuple[int, tuple[int, ...], str]:
    key = LABEL_KEYS.index(diff.key) if diff.key in LABEL_KEYS else len(LABEL_KEYS)
    number = tuple(int(part) for part in (diff.number or "").split(".") if part.isdigit())
    return key, number or (10_000,), _plain(diff.title)


def _section_filter(section: str, old: Label, new: Label) -> Callable[[SectionDiff], bool]:
    text = section.strip().lower().replace("_", "-").replace(" ", "-")
    if re.fullmatch(r"\d{1,2}(\.\d{1,2})*", text):
        numbers = {s.number for s in old.sections + new.sections if s.number}
        if not any(n == text or n.startswith(text + ".") for n in numbers):
            raise UsageError(
                f"no section {section!r} in either version; sections: "
                + ", ".join(sorted(numbers, key=_number_order))
            )
        return lambda diff: _within(diff.number, text) or _within(diff.old_number, text)
    if text not in LABEL_KEYS:
        raise UsageError(
            f"unknown section {section!r}; accepted: a section number (2.1) or "
            + ", ".join(LABEL_KEYS)
        )
    return lambda diff: diff.key == text


def _within(number: str | None, top: str) -> bool:
    return number is not None and (number == top or number.startswith(top + "."))


def _number_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


# --- Recent Major Changes ---------------------------------------------------------------------

_ENTRY = re.compile(r"(.+?)\s*(\d{1,2}\s*/\s*\d{4})")
_LISTED_NUMBER = re.compile(r"\d{1,2}(?:\.\d{1,2})*")


def listed_changes(label: Label) -> list[tuple[str, str | None, list[str]]]:
    """(entry, month, sections) of each entry of *label*'s Recent Major Changes."""
    parts = [s for s in label.sections if s.key == RMC_KEY]
    text = " ".join(
        [s.text for s in parts]
        + [cell.text for s in parts for t in s.tables for row in t.head + t.body for cell in row]
    )
    entries: dict[tuple[str, str | None, tuple[str, ...]], None] = {}
    for match in _ENTRY.finditer(" ".join(text.split())):
        entry = match.group(1).strip(" ,;")
        inside = " ".join(re.findall(r"\(([^)]*)\)", entry))
        numbers = _LISTED_NUMBER.findall(inside)
        name = re.split(r"[(,]", entry)[0].strip()
        date = re.sub(r"\s", "", match.group(2)).lstrip("0")
        entries[(entry, date, tuple(numbers or [name]))] = None
    return [(entry, date, list(numbers)) for entry, date, numbers in entries]


def recent_major_changes(
    old: Label, new: Label, diffs: Sequence[SectionDiff]
) -> RecentMajorChanges | None:
    """The newer version's Recent Major Changes, each entry checked against the diff.

    A section an entry lists is new to this pair unless the older version listed it
    too with the same date (its number read through the renumbering the diff found:
    "5.4" in the older version may be "5.5" now). An entry that names no section
    ("AUSTEDO XR added throughout") is about the whole label.
    """
    listed = listed_changes(new)
    if not listed:
        return None
    renumbered = {d.old_number: d.number for d in diffs if d.old_number and d.number}
    before = {
        _listing(date, renumbered.get(name, name))
        for _, date, names in listed_changes(old)
        for name in names
    }
    changed = [diff for diff in diffs if diff.status != "unchanged" and diff.key != RMC_KEY]
    entries: list[ListedChange] = []
    covered: set[int] = set()
    for entry, date, names in listed:
        found: list[str] = []
        missed: list[str] = []
        for name in names:
            if _LISTED_NUMBER.fullmatch(name) or any(_names(diff, name) for diff in diffs):
                hits = [index for index, diff in enumerate(changed) if _names(diff, name)]
                covered.update(hits)
            else:
                hits = list(range(len(changed)))  # the whole label
            (found if hits else missed).append(name)
        fresh = [name for name in names if _listing(date, name) not in before]
        entries.append(ListedChange(entry, date, names, fresh, found, missed))
    unlisted = [
        diff
        for index, diff in enumerate(changed)
        if index not in covered and diff.number and not _parent_of_listed(diff, listed)
    ]
    return RecentMajorChanges(
        entries=entries,
        listed=sum(len(entry.new_sections) for entry in entries),
        found_changed=sum(len(set(entry.new_sections) & set(entry.changed)) for entry in entries),
        unlisted=[_shown_name(diff) for diff in unlisted if diff.key in RMC_COVERS],
        unlisted_elsewhere=[_shown_name(diff) for diff in unlisted if diff.key not in RMC_COVERS],
    )


def _listing(date: str | None, name: str) -> tuple[str | None, str]:
    return date, name if _LISTED_NUMBER.fullmatch(name) else _plain(name)


def _names(diff: SectionDiff, name: str) -> bool:
    """Whether *diff* is (in) the section an entry names: by number, else by title."""
    if _LISTED_NUMBER.fullmatch(name):
        return _within(diff.number, name) or _within(diff.old_number, name)
    wanted = _plain(name)
    titles = (diff.title, diff.key.replace("-", " "), section_name(diff.loinc))
    return any(_plain(title).startswith(wanted) for title in titles)


def _parent_of_listed(
    diff: SectionDiff, listed: Iterable[tuple[str, str | None, list[str]]]
) -> bool:
    """A section whose subsection is listed: its summary lines change with it."""
    return any(
        diff.number is not None and name.startswith(diff.number + ".")
        for _, _, names in listed
        for name in names
    )


def _shown_name(diff: SectionDiff) -> str:
    return f"{diff.number} {diff.title}" if diff.number else diff.title
