"""What an import reports: a line per page or label, and a summary kept as it goes.

An import of 250,000 labels must not keep 250,000 report lines to sum them at
the end (about 1 KB each): `Tally` adds each line to counts as it comes and keeps
only what the summary shows (the lowest coverages, the first skips and warnings),
so its memory is flat. The lines themselves go to whoever asked for them (the
`--json` writer, a test) and are dropped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

Outcome = Literal["imported", "updated", "unchanged", "skipped"]
# (pages or records done, how far through the input, out of how much): pages of pages,
# or bytes read of the label files' bytes.
Progress = Callable[[int, int, int], None]
WORST_SHOWN = 5
SKIPPED_SHOWN = 50
WARNINGS_SHOWN = 20


@dataclass
class PageReport:
    path: str
    id: str | None
    outcome: Outcome
    reason: str | None = None  # a stable code when skipped: binary, not-utf8, protected, …
    detail: str | None = None
    coverage: float | None = None
    words: int = 0
    found: int = 0
    structure: int = 0  # words used up as structure (headings that became fields, Q:/A:)
    missing: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kind: Literal["page", "label"] = "page"
    side_effects: int = 0  # labels: side effects read from the tables and warnings
    tables: int = 0  # labels: tables kept as tables
    rate_tables: int = 0  # labels: adverse-reaction tables read as rates
    # Side-effect text: its words, and how many of them side-effect entries hold.
    effect_words: int = 0
    in_entries: int = 0


@dataclass
class LabelCounts:
    """What the FDA labels kept by a run gave: how many, their side effects and tables."""

    labels: int = 0
    side_effects: int = 0
    tables: int = 0
    rate_tables: int = 0


@dataclass
class Summary:
    read: int
    imported: int
    updated: int
    unchanged: int
    skipped: int
    skipped_by_reason: dict[str, int]
    warnings: int
    pages_with_warnings: int
    seconds: float
    pages_per_second: float
    coverage: float | None  # all words found / all words, over the pages imported
    coverage_min: float | None
    words: int
    found: int
    structure: int
    lowest: list[PageReport]
    effect_words: int = 0
    in_entries: int = 0
    labels: LabelCounts = field(default_factory=LabelCounts)
    first_skipped: list[PageReport] = field(default_factory=list)  # the first SKIPPED_SHOWN
    first_warnings: list[str] = field(default_factory=list)  # "path: warning", WARNINGS_SHOWN
    # Labels have their words counted 1 in this many (1: every one, `import --check`); pages
    # always do.
    labels_counted_every: int = 1


@dataclass
class ImportReport:
    target: str
    dry_run: bool
    summary: Summary
    # Every page, for callers of `import_pages`; `import_paths` hands each to its
    # `on_page` as it comes and keeps none.
    pages: list[PageReport] = field(default_factory=list)
    # Why the run stopped before the end (the library could not be written), if it did.
    stopped: str | None = None

    @property
    def ok(self) -> bool:
        """False when nothing could be imported or the run stopped: the command then exits 1."""
        return self.stopped is None and self.summary.read > self.summary.skipped


@dataclass
class Tally:
    """The summary of the pages added so far, in memory that does not grow with them."""

    outcomes: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    warnings: int = 0
    pages_with_warnings: int = 0
    words: int = 0
    found: int = 0
    structure: int = 0
    effect_words: int = 0
    in_entries: int = 0
    labels: LabelCounts = field(default_factory=LabelCounts)
    _lowest: list[PageReport] = field(default_factory=list)  # the lowest coverage, and some
    first_skipped: list[PageReport] = field(default_factory=list)
    first_warnings: list[str] = field(default_factory=list)

    def add(self, page: PageReport) -> None:
        self.outcomes[page.outcome] += 1
        self.warnings += len(page.warnings)
        self.pages_with_warnings += bool(page.warnings)
        for warning in page.warnings[: WARNINGS_SHOWN - len(self.first_warnings)]:
            self.first_warnings.append(f"{page.path}: {warning}")
        if page.outcome == "skipped":
            self.reasons[page.reason or ""] += 1
            if len(self.first_skipped) < SKIPPED_SHOWN:
                self.first_skipped.append(page)
            return
        if page.kind == "label":
            self.labels.labels += 1
            self.labels.side_effects += page.side_effects
            self.labels.tables += page.tables
            self.labels.rate_tables += page.rate_tables
        if page.coverage is None:
            return
        self.words += page.words
        self.found += page.found
        self.structure += page.structure
        self.effect_words += page.effect_words
        self.in_entries += page.in_entries
        self._lowest.append(page)
        if len(self._lowest) > 10 * WORST_SHOWN:
            self._lowest = _lowest(self._lowest)

    def not_kept(self, page: PageReport) -> None:
        """A label added as imported or updated whose batch was rolled back (the disk filled):
        it counts as skipped, `not-kept`, so the summary says what the library holds."""
        self.outcomes[page.outcome] -= 1
        self.outcomes["skipped"] += 1
        self.reasons["not-kept"] += 1
        self.labels.labels -= 1
        self.labels.side_effects -= page.side_effects
        self.labels.tables -= page.tables
        self.labels.rate_tables -= page.rate_tables

    def summary(self, seconds: float) -> Summary:
        read = sum(self.outcomes.values())
        lowest = _lowest(self._lowest)
        return Summary(
            read=read,
            imported=self.outcomes["imported"],
            updated=self.outcomes["updated"],
            unchanged=self.outcomes["unchanged"],
            skipped=self.outcomes["skipped"],
            skipped_by_reason=dict(sorted(self.reasons.items())),
            warnings=self.warnings,
            pages_with_warnings=self.pages_with_warnings,
            seconds=round(seconds, 3),
            pages_per_second=round(read / seconds, 1) if seconds > 0 else 0.0,
            coverage=round(self.found / self.words, 6) if self.words else None,
            coverage_min=lowest[0].coverage if lowest else None,
            words=self.words,
            found=self.found,
            structure=self.structure,
            lowest=lowest,
            effect_words=self.effect_words,
            in_entries=self.in_entries,
            labels=self.labels,
            first_skipped=self.first_skipped,
            first_warnings=self.first_warnings,
        )


def _lowest(pages: list[PageReport]) -> list[PageReport]:
    """The WORST_SHOWN pages of lowest coverage (then path; a stable sort keeps the first)."""
    return sorted(pages, key=lambda page: (page.coverage or 0.0, page.path))[:WORST_SHOWN]


def summarize(pages: Iterable[PageReport], seconds: float) -> Summary:
    tally = Tally()
    for page in pages:
        tally.add(page)
    return tally.summary(seconds)
