"""`medcli import` as text for people, as JSON for programs, and its progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import ROUND_DOWN, Decimal
from typing import Any

from rich.console import Console, RenderableType
from rich.text import Text

from medcli.importer.run import ImportReport, PageReport
from medcli.numbers import format_number

WARNINGS_SHOWN = 20


def import_document(report: ImportReport) -> dict[str, Any]:
    """The `--json` document: a summary and one entry per page (stable keys)."""
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
            },
            "structure_coverage": {
                "overall": _share(summary.in_entries, summary.effect_words),
                "side_effect_words": summary.effect_words,
                "in_entries": summary.in_entries,
                "counting": "side-effect section words held by side-effect entries",
            },
        },
        "labels": _labels(report),
        "pages": [_page(page) for page in report.pages],
    }


def _page(page: PageReport) -> dict[str, Any]:
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


def _labels(report: ImportReport) -> dict[str, int]:
    """What the FDA labels of the run gave: how many, their side effects and tables."""
    kept = [p for p in report.pages if p.kind == "label" and p.outcome != "skipped"]
    return {
        "labels": len(kept),
        "side_effects": sum(page.side_effects for page in kept),
        "tables": sum(page.tables for page in kept),
        "rate_tables": sum(page.rate_tables for page in kept),
    }


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 6) if whole else None


def import_view(report: ImportReport) -> tuple[list[RenderableType], list[str]]:
    """The text report (stdout) and the warning lines (stderr)."""
    summary = report.summary
    lines: list[RenderableType] = [
        Text.assemble(("skipped ", "bold red"), page.path, f": {page.reason} ({page.detail})")
        for page in report.pages
        if page.outcome == "skipped"
    ]
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
    lines.append(Text(prefix + ", ".join(counts), style="bold"))
    if summary.coverage is not None and summary.lowest:
        lowest = summary.lowest[0]
        lines.append(
            Text(
                f"word coverage {_percent(summary.coverage)} overall "
                f"({_count(summary.found)} of {_count(summary.words)} words), "
                f"lowest {_percent(lowest.coverage or 0.0)} ({lowest.path})"
            )
        )
    labels = _labels(report)
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
    return lines, _warnings(report)


def _warnings(report: ImportReport) -> list[str]:
    found = [f"{page.path}: {warning}" for page in report.pages for warning in page.warnings]
    if len(found) > WARNINGS_SHOWN:
        more = len(found) - WARNINGS_SHOWN
        found = [*found[:WARNINGS_SHOWN], f"… and {_count(more)} more (see --json)"]
    return found


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
def progress_bar(console: Console) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on *console* (stderr) when it is a terminal; otherwise nothing."""
    if not console.is_terminal or console.is_dumb_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

    with Progress(
        "importing",
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("import", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
