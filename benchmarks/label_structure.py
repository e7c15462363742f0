"""The structure medcli reads from real labels: section order, duplicates, losses, titles.

Run: python benchmarks/label_structure.py [--labels PATH] [--each] [--max-words N]

Unpacks ../shared/labels/openfda-labels.tar.gz (323 openFDA records) into a
temporary folder, reads every record (and every SPL document in `spl/`) the way
`medcli import` does, and counts, per label and overall:

- out of order: numbered sections not in number order (5.2 after 7);
- duplicated: a section number kept twice, or an unnumbered section whose text is
  inside another of the same key (a subsection field kept beside its parent);
- lost: openFDA fields fewer than 90% of whose distinct words are in any kept section;
- swallowed: numbered openFDA fields ("5 WARNINGS …") kept only inside a section of
  another key (`show X -s warnings` prints nothing);
- numberless: labels whose text numbers its sections ("1 INDICATIONS…") but
  whose sections came out with no numbers;
- SPL: sections titled "SPL Unclassified" or, below the top, "Boxed Warning" (a
  dose box), and labels whose Highlights are kept;
- titles: subsection titles over N words, or ending mid-phrase (on a connector
  such as "of", or with the text going on in lower case), or running into their
  text ("In" or "The" in capitals inside, a trial's name, the brand at the end not
  after a small word); and Warnings and Precautions titles over 8 words or ending
  on a small word or the brand (most long ones are the label's own).

Without the shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
_WORD = re.compile(r"[^\W_]+")
_NUMBERED_START = re.compile(r"^\s*1\.?\s+[A-Z]")
_TOP_HEADING = re.compile(r"^\s*\d{1,2}\.?\s+[A-Z]{2}")
_RUN_ON = re.compile(r"\s(?:In|The)\s(?!Vivo|Vitro)|\b[A-Z]{3,}[A-Z0-9]*(?:-[A-Z0-9]+)*-\s?\d{2,}")
_VERBS = frozenset(
    {"stopping", "starting", "initiating", "discontinuing", "administering", "affect"}
)
_WARNINGS_CODES = ("43685-7", "34071-1")
WARNINGS_MAX_WORDS = 8
_CONNECTORS = frozenset(
    {"a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the"}
    | {"to", "with", "without", "&", "after", "and/or"}
)
MIN_REPEAT = 40  # characters: shorter texts ("See 5.1.") repeat by nature
KEPT = 0.9  # a field is kept when this share of its distinct words is in its sections


@dataclass
class Row:
    name: str
    out_of_order: int = 0
    duplicated: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    swallowed: list[str] = field(default_factory=list)
    numberless: bool = False
    titles: int = 0
    unclassified: int = 0
    highlights: bool = False
    long_titles: list[str] = field(default_factory=list)
    cut_titles: list[str] = field(default_factory=list)
    run_on_titles: list[str] = field(default_factory=list)
    warnings_titles: int = 0
    odd_warnings_titles: list[str] = field(default_factory=list)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--each", action="store_true", help="print every label with a problem")
    parser.add_argument("--max-words", type=int, default=10, help="a longer title is counted")
    args = parser.parse_args()
    archive = args.labels / "openfda-labels.tar.gz"
    if not archive.exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    rows = list(measure_all(args.labels, args.max_words))
    if args.each:
        print_each(rows)
    print_summary(rows, args.max_words)
    return 0


def measure_all(labels: Path, max_words: int) -> Iterator[Row]:
    """One row per openFDA record of the sample, then one per SPL document."""
    from medcli.labels.openfda import read_record
    from medcli.labels.spl import read_spl

    with tempfile.TemporaryDirectory(prefix="medcli-structure-") as scratch:
        with tarfile.open(labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(scratch, filter="data")
        for path in sorted(Path(scratch).rglob("*.json")):
            record = json.loads(path.read_text())["results"][0]
            label = read_record(record).label
            yield measure(path.stem, label, record, max_words)
    for path in sorted((labels / "spl").glob("*.xml")):
        yield measure(path.name, read_spl(path.read_bytes()).label, None, max_words)


def measure(name: str, label: Any, record: dict[str, Any] | None, max_words: int) -> Row:
    """The structure figures of one label (*record* is its openFDA record, if it is one)."""
    row = Row(name)
    numbers = [number_key(s.number) for s in label.sections if s.number]
    row.out_of_order = sum(1 for a, b in pairwise(numbers) if b < a)
    # Two SPL sections may print the same text (one display panel per strength): only a
    # number seen twice is a duplicate there; openFDA text seen twice is one kept twice.
    row.duplicated = duplicated(label.sections, by_text=record is not None)
    row.unclassified = sum(
        1
        for s in label.sections
        if record is None
        and (s.title == "SPL Unclassified" or (s.title == "Boxed Warning" and s.depth > 0))
    )
    row.highlights = any(s.key == "highlights" for s in label.sections)
    for section in label.sections:
        if section.depth > 0 and section.number:
            row.titles += 1
            words = section.title.split()
            if len(words) > max_words:
                row.long_titles.append(f"{section.number} {section.title}")
            if words and (words[-1].lower() in _CONNECTORS or section.text[:1].islower()):
                row.cut_titles.append(f"{section.number} {section.title} | {section.text[:30]}")
            brand_end = bool(words) and _ends_on_brand(words, label.brand_names)
            if _RUN_ON.search(section.title) or brand_end:
                row.run_on_titles.append(f"{section.number} {section.title}")
            if section.loinc in _WARNINGS_CODES:
                row.warnings_titles += 1
                last = words[-1].lower() if words else ""
                if len(words) > WARNINGS_MAX_WORDS or last in _CONNECTORS or brand_end:
                    row.odd_warnings_titles.append(f"{section.number} {section.title}")
    if record is not None:
        row.lost, row.swallowed = lost_fields(label, record)
        first = " ".join(record.get("indications_and_usage") or [""])
        row.numberless = bool(_NUMBERED_START.match(first)) and not numbers
    return row


def _ends_on_brand(words: list[str], brands: list[str]) -> bool:
    """Whether a title ends on the product's brand not after a small word ("… AUSTEDO XR")."""
    folded = [word.strip("®™.,:;()").casefold() for word in words]
    for brand in brands:
        parts = brand.casefold().split()
        size = len(parts)
        if size and len(folded) > size and folded[-size:] == parts:
            return folded[-size - 1] not in _CONNECTORS | _VERBS
    return False


def duplicated(sections: list[Any], by_text: bool) -> list[str]:
    """Sections kept twice: a number seen before, or a field kept beside its parent.

    A field kept beside its parent is a section without a number whose text (a
    sentence or more) is inside another section of the same key. Labels do repeat
    text in two sections ("2.3" and "2.4" both "The recommended dosage is 15 mg
    once daily"; the boxed warning again under WARNINGS): that is the label's own.
    """
    flats = [" ".join(section.text.split()) for section in sections]
    found: list[str] = []
    numbers: set[str] = set()
    for index, section in enumerate(sections):
        flat = flats[index]
        repeated = section.number in numbers or (
            by_text
            and not section.number
            and len(flat) >= MIN_REPEAT
            and any(
                flat in other and (len(other) > len(flat) or at < index)
                for at, other in enumerate(flats)
                if at != index and sections[at].key == section.key
            )
        )
        if repeated:
            found.append(f"{section.number or ''} {section.title}".strip())
        if section.number:
            numbers.add(section.number)
    return found


def lost_fields(label: Any, record: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The record's section fields lost (their words in no kept section), and swallowed.

    A swallowed field is a numbered section of its own ("5 WARNINGS AND PRECAUTIONS …")
    whose words are in no section of its `show -s` key: kept only inside another section.
    """
    from medcli.labels.openfda import IDENTITY_FIELDS
    from medcli.labels.sections import FIELD_CODES, PRODUCT_DATA, section_key

    words_by_key: dict[str, set[str]] = {}
    for section in [*label.sections, *label.other_sections]:
        words_by_key.setdefault(section.key, set()).update(section_words(section))
    every = set().union(*words_by_key.values())
    lost: list[str] = []
    swallowed: list[str] = []
    for name, value in record.items():
        if name in IDENTITY_FIELDS or name.endswith("_table"):
            continue
        code = FIELD_CODES.get(name)
        key = "other" if code is None or code == PRODUCT_DATA else section_key(code)
        text = " ".join(map(str, value))
        words = {w.casefold() for w in _WORD.findall(text)}
        if words and len(words & every) < KEPT * len(words):
            lost.append(name)
        elif _TOP_HEADING.match(text) and len(words & words_by_key.get(key, set())) < KEPT * len(
            words
        ):
            swallowed.append(name)
    return lost, swallowed


def section_words(section: Any) -> set[str]:
    """Every word of a section: number, title, text and tables."""
    tables = section.tables
    text = " ".join(
        [section.number or "", section.title, section.text]
        + [cell.text for t in tables for row in t.head + t.body + t.foot for cell in row]
        + [t.caption or "" for t in tables]
        + [note for t in tables for note in t.footnotes]
    )
    return {word.casefold() for word in _WORD.findall(text)}


def number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", number))


def print_each(rows: list[Row]) -> None:
    for row in rows:
        problems = [
            f"{row.out_of_order} out of order" if row.out_of_order else "",
            f"duplicated {', '.join(row.duplicated)}" if row.duplicated else "",
            f"lost {', '.join(row.lost)}" if row.lost else "",
            f"swallowed {', '.join(row.swallowed)}" if row.swallowed else "",
            "numberless" if row.numberless else "",
            *(f"long title: {title}" for title in row.long_titles),
            *(f"cut title: {title}" for title in row.cut_titles),
            *(f"run-on title: {title}" for title in row.run_on_titles),
        ]
        if any(problems):
            print(f"{row.name}: " + "; ".join(problem for problem in problems if problem))


def print_summary(rows: list[Row], max_words: int) -> None:
    titles = sum(row.titles for row in rows)
    long_titles = sum(len(row.long_titles) for row in rows)
    cut_titles = sum(len(row.cut_titles) for row in rows)
    run_on = sum(len(row.run_on_titles) for row in rows)
    warnings_titles = sum(row.warnings_titles for row in rows)
    odd_warnings = sum(len(row.odd_warnings_titles) for row in rows)
    figures = [
        ("labels read", len(rows), ""),
        ("labels with numbered sections out of order", _labels(rows, "out_of_order"), ""),
        ("numbered sections out of order", sum(row.out_of_order for row in rows), ""),
        ("labels with duplicated sections", _labels(rows, "duplicated"), ""),
        ("duplicated sections", sum(len(row.duplicated) for row in rows), ""),
        ("labels with openFDA fields lost", sum(1 for row in rows if row.lost), ""),
        ("openFDA fields lost", sum(len(row.lost) for row in rows), ""),
        ("numbered fields swallowed by another section", sum(len(r.swallowed) for r in rows), ""),
        ("numbered labels read without numbers", sum(row.numberless for row in rows), ""),
        ("SPL sections titled 'SPL Unclassified' or nested 'Boxed Warning'", _sum(rows), ""),
        ("labels with Highlights kept", sum(row.highlights for row in rows), ""),
        ("subsection titles", titles, ""),
        (f"titles over {max_words} words", long_titles, _share(long_titles, titles)),
        ("titles ending mid-phrase", cut_titles, _share(cut_titles, titles)),
        ("titles running into their text", run_on, _share(run_on, titles)),
        ("warnings subsection titles", warnings_titles, ""),
        (
            f"warnings titles over {WARNINGS_MAX_WORDS} words or ending on a small word or brand",
            odd_warnings,
            _share(odd_warnings, warnings_titles),
        ),
    ]
    print("| figure | count | share |")
    print("|---|---:|---:|")
    for name, count, share in figures:
        print(f"| {name} | {count:,} | {share} |")


def _sum(rows: list[Row]) -> int:
    return sum(row.unclassified for row in rows)


def _labels(rows: list[Row], name: str) -> int:
    return sum(1 for row in rows if getattr(row, name))


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%}" if whole else ""


if __name__ == "__main__":
    sys.exit(main())
