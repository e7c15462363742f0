"""`medcli import` as text for people, as JSON for programs, and its progress bar."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Any, Literal, TypedDict

from rich.console import Console, RenderableType
from rich.text import Text

from medcli.errors import OutputClosedError
from medcli.importer.report import ImportReport, Outcome, PageReport, Progress, Summary
from medcli.numbers import format_number

if TYPE_CHECKING:
    from rich.progress import Progress as Bar
    from rich.progress import ProgressColumn, TaskID


class JsonPages:
    """`import --json` written as the import goes: one entry per page or label when it
    is done, then the summary. Nothing is kept, so 250,000 labels cost the memory of one.

    The document is `{"pages": [...], "dry_run", "labels", "summary", "target"}`: the
    entries first, as they come, the rest in sorted order once they are known. Nothing
    is written before the first entry, so an import refused at the start prints no JSON.

    A reader that goes away (`| head -c 100`) ends the report, not the import: the
    import goes on to the end and keeps everything, as it would without `--json`;
    the rest of the report is dropped and the exit code is the import's own.
    """

    def __init__(self, write: Callable[[bytes], None]) -> None:
        self._writer = write
        self._started = False
        self._closed = False  # the reader went away: nothing more is written

    def _write(self, piece: bytes) -> None:
        if self._closed:
            return
        try:
            self._writer(piece)
        except OutputClosedError:
            self._closed = True

    def page(self, page: PageReport) -> None:
        from medcli.render.jsonout import to_json

        entry = to_json(_page(page)).replace(b"\n", b"\n    ")
        self._write((b",\n    " if self._started else b'{\n  "pages": [\n    ') + entry)
        self._started = True

    def finish(self, report: ImportReport, extra: dict[str, Any] | None = None) -> None:
        """The rest of the document, after the last entry (and *extra* keys: `update`'s)."""
        from medcli.render.jsonout import to_json

        rest = to_json({**_rest(report), **(extra or {})})
        opened = b"\n  ],\n  " if self._started else b'{\n  "pages": [],\n  '
        self._write(opened + rest[rest.index(b'"') :] + b"\n")


def _rest(report: ImportReport) -> dict[str, Any]:
    """Every key of the `--json` document but `pages` (stable keys)."""
    summary = report.summary
    return {
        "target": report.target,
        "dry_run": report.dry_run,
        "summary": {
            "read": summary.read,
            "imported": summary.imported,
            "updated": summary.updated,
            "unchanged": summary.unchanged,
            "skipped": summary.skipped,
            "skipped_by_reason": summary.skipped_by_reason,
            "warnings": summary.warnings,
            "seconds": summary.seconds,
            "pages_per_second": summary.pages_per_second,
            "coverage": {
                "overall": summary.coverage,
                "min": summary.coverage_min,
                "words": summary.words,
                "found": summary.found,
                "structure_words": summary.structure,
                "counting": "multiset of words; structure words excluded",
                "labels_counted_every": summary.labels_counted_every,
            },
            "structure_coverage": {
                "overall": _share(summary.in_entries, summary.effect_words),
                "side_effect_words": summary.effect_words,
                "in_entries": summary.in_entries,
                "counting": "side-effect section words held by side-effect entries",
            },
        },
        "labels": _labels(summary),
        "stopped": report.stopped,
    }


class ImportedPage(TypedDict):
    """One entry of `import --json`'s `pages` (its JSON Schema is generated from this type)."""

    path: str
    id: str | None
    outcome: Outcome
    reason: str | None
    detail: str | None
    coverage: float | None
    words: int
    found: int
    structure_words: int
    missing: list[str]
    warnings: list[str]
    kind: Literal["page", "label"]
    side_effects: int
    tables: int
    rate_tables: int
    structure_coverage: float | None
    side_effect_words: int
    in_entries: int


def _page(page: PageReport) -> ImportedPage:
    return {
        "path": page.path,
        "id": page.id,
        "outcome": page.outcome,
        "reason": page.reason,
        "detail": page.detail,
        "coverage": page.coverage,
        "words": page.words,
        "found": page.found,
        "structure_words": page.structure,
        "missing": page.missing,
        "warnings": page.warnings,
        "kind": page.kind,
        "side_effects": page.side_effects,
        "tables": page.tables,
        "rate_tables": page.rate_tables,
        "structure_coverage": _share(page.in_entries, page.effect_words),
        "side_effect_words": page.effect_words,
        "in_entries": page.in_entries,
    }


def _labels(summary: Summary) -> dict[str, int]:
    """What the FDA labels of the run gave: how many, their side effects and tables."""
    counts = summary.labels
    return {
        "labels": counts.labels,
        "side_effects": counts.side_effects,
        "tables": counts.tables,
        "rate_tables": counts.rate_tables,
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def import_view(report: ImportReport) -> tuple[list[RenderableType], list[str]]:
    """The text report (stdout) and the warning lines (stderr)."""
    summary = report.summary
    lines: list[RenderableType] = [
        Text.assemble(("skipped ", "bold red"), page.path, f": {page.reason} ({page.detail})")
        for page in summary.first_skipped
    ]
    listed = len(summary.first_skipped) + summary.skipped_by_reason.get("not-kept", 0)
    if summary.skipped > listed:  # labels not kept are said by the error line, not listed
        more = summary.skipped - listed
        lines.append(Text(f"… and {_count(more)} more skipped (see --json)"))
    counts = [
        f"{_count(summary.imported)} imported",
        f"{_count(summary.updated)} updated",
        f"{_count(summary.unchanged)} unchanged",
        f"{_count(summary.skipped)} skipped" + _reasons(summary.skipped_by_reason),
    ]
    lines.append(
        Text(
            f"read {_count(summary.read)} page{'' if summary.read == 1 else 's'} in "
            f"{format_number(Decimal(str(summary.seconds)), 1)} s "
            f"({format_number(Decimal(str(summary.pages_per_second)), 0)} pages/s)"
        )
    )
    prefix = "dry run, nothing written: " if report.dry_run else ""
    if report.stopped is not None:
        prefix = "stopped early, so far: "
    lines.append(Text(prefix + ", ".join(counts), style="bold"))
    if summary.coverage is not None and summary.lowest:
        lowest = summary.lowest[0]
        lines.append(
            Text(
                f"word coverage {_percent(summary.coverage)} overall "
                f"({_count(summary.found)} of {_count(summary.words)} words), "
                f"lowest {_percent(lowest.coverage or 0.0)} ({lowest.path})"
                + _sampled(summary.labels_counted_every)
            )
        )
    labels = _labels(summary)
    if labels["labels"]:
        lines.append(
            Text(
                f"FDA labels: {_count(labels['labels'])}, side effects "
                f"{_count(labels['side_effects'])}, tables kept {_count(labels['tables'])} "
                f"({_count(labels['rate_tables'])} adverse-reaction tables read as rates)"
            )
        )
    if summary.effect_words:
        lines.append(
            Text(
                f"structure coverage {_percent(summary.in_entries / summary.effect_words)}: "
                f"{_count(summary.in_entries)} of {_count(summary.effect_words)} side-effect "
                "words are in side-effect entries"
            )
        )
    if summary.warnings:
        lines.append(
            Text(f"{_count(summary.warnings)} warning{'' if summary.warnings == 1 else 's'}")
        )
    lines.append(Text(f"folder: {report.target}", style="dim"))
    return lines, _warnings(summary)


def _sampled(every: int) -> str:
    """Which labels the coverage counted: a sample unless `--check` asked for all."""
    if every == 1:
        return ""
    return f"; words counted on 1 label in {every} (--check counts every label)"


def _warnings(summary: Summary) -> list[str]:
    found = list(summary.first_warnings)
    if summary.warnings > len(found):
        found.append(f"… and {_count(summary.warnings - len(found))} more (see --json)")
    return found


def nothing_imported(summary: Summary) -> str:
    """The error line of an import that kept nothing (exit 1): how many, and why."""
    if not summary.read:
        return "nothing imported: no page or label was found in what was named"
    skipped = f"{_count(summary.skipped)} skipped" + _reasons(summary.skipped_by_reason)
    return f"nothing imported: {skipped}"


def _reasons(reasons: dict[str, int]) -> str:
    if not reasons:
        return ""
    return " (" + ", ".join(f"{reason} {_count(n)}" for reason, n in reasons.items()) + ")"


def _count(value: int) -> str:
    return format_number(value)


def _percent(ratio: float) -> str:
    """Rounded down, so a page that lost a word never reads as 100%."""
    percent = (Decimal(str(ratio)) * 100).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return f"{format_number(percent)}%"


@contextmanager
def progress_bar(console: Console) -> Iterator[Progress | None]:
    """Progress on *console* (stderr) when it is a terminal: how many done, how many a
    second and the time left (from how far through the input the import is, in pages or
    in bytes of the label files); gone when the import ends. Not a terminal: nothing."""

    def columns() -> list[str | ProgressColumn]:
        from rich.progress import BarColumn, TextColumn, TimeRemainingColumn

        return ["importing", BarColumn(), TextColumn("{task.fields[done]}"), TimeRemainingColumn()]

    with terminal_bar(console, columns, done="") as shown:
        if shown is None:
            yield None
            return
        bar, task = shown
        started = time.perf_counter()

        def advance(done: int, part: int, whole: int) -> None:
            seconds = time.perf_counter() - started
            rate = f", {format_number(Decimal(done / seconds), 1)}/s" if seconds > 0 else ""
            bar.update(task, completed=part, total=whole or None, done=f"{_count(done)} done{rate}")

        yield advance


@contextmanager
def terminal_bar(
    console: Console, columns: Callable[[], list[str | ProgressColumn]], **fields: Any
) -> Iterator[tuple[Bar, TaskID] | None]:
    """A transient Rich progress bar of *columns* and its one task on *console*, when it is
    a terminal; None otherwise (a pipe gets no progress). Rich's progress module is
    imported only for a terminal. Rich would otherwise swap `sys.stdout` for its own
    console while the bar is live, sending what a command writes on stdout as it goes
    (`import --json`'s pages) to the bar's stream, stderr."""
    if not console.is_terminal or console.is_dumb_terminal:
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(
        *columns(), console=console, transient=True, redirect_stdout=False, redirect_stderr=False
    ) as bar:
        yield bar, bar.add_task("progress", total=None, **fields)
