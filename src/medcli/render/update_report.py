"""`medcli update` for people and for programs, and its download progress.

The import that follows a download is `medcli import`'s, so its report is the
import's own view (`render.import_report`), after a line saying which openFDA
export this is and what was fetched.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import msgspec
from rich.console import Console, RenderableType
from rich.text import Text

from medcli.numbers import format_number
from medcli.render.changes import changes_view
from medcli.render.import_report import import_view, terminal_bar
from medcli.update.run import DownloadProgress, UpdateResult

if TYPE_CHECKING:
    from rich.progress import ProgressColumn

DISCLAIMER = (
    "openFDA asks users to note: do not rely on openFDA to make decisions regarding medical"
    " care; assume all results are unvalidated. Data: openFDA, CC0 1.0."
)


DAILYMED_NOTICE = (
    "Data: DailyMed (US National Library of Medicine), public domain. An imported label is"
    " what its company submitted, not medcli's advice."
)


def update_document(result: UpdateResult) -> dict[str, Any]:
    """The `update` key of `update --json` (stable keys, whatever the status)."""
    manifest = result.manifest
    return {
        "source": manifest.source,
        "manifest": manifest.where,
        "status": result.status,
        "export_date": manifest.export_date,
        "total_records": _records(result),
        "previous_export_date": result.previous.export_date if result.previous else None,
        "downloaded_bytes": result.downloaded_bytes,
        "partitions": [
            {
                "file": partition.name,
                "display_name": partition.display_name,
                "records": partition.records,
                "size_bytes": partition.size_bytes,
                "sha256": partition.sha256,
                "downloaded": partition.downloaded,
                "labels_read": partition.labels_read,
            }
            for partition in result.partitions
        ],
        "warnings": result.warnings,
        "changes": msgspec.to_builtins(result.changes),
        "disclaimer": DAILYMED_NOTICE if manifest.source == "dailymed" else DISCLAIMER,
    }


def update_view(result: UpdateResult) -> tuple[list[RenderableType], list[str]]:
    """The text report (stdout) and the warning lines (stderr)."""
    dailymed = result.manifest.source == "dailymed"
    export = (
        f"DailyMed files to {result.manifest.export_date}"
        if dailymed
        else f"openFDA export {result.manifest.export_date}"
    )
    count = len(result.partitions)
    partitions = f"{format_number(count)} {'file' if dailymed else 'partition'}"
    partitions += "" if count == 1 else "s"
    records = f"{format_number(_records(result))} records"
    if result.status == "up-to-date":
        held = f"{partitions}, {records}" if not dailymed else f"{partitions} already imported"
        lines: list[RenderableType] = [Text(f"up to date: {export}, {held}")]
        return lines, []
    if result.status == "older":
        held = result.previous.export_date if result.previous else "?"
        line = f"the library holds openFDA export {held}, newer than {export}; nothing downloaded"
        return [Text(line)], []
    if result.status == "dry-run":
        size = int(sum(p.size_mb or 0.0 for p in result.manifest.partitions) * 1_000_000)
        listed = f"{partitions} ({_megabytes(size)}, {records})" if not dailymed else partitions
        line = f"dry run, nothing downloaded: {export}, {listed} would be downloaded and imported"
        return [Text(line)], []
    fetched = sum(partition.downloaded for partition in result.partitions)
    head = Text(
        f"{export}: {partitions}, {format_number(fetched)} downloaded "
        f"({_megabytes(result.downloaded_bytes)}), "
        f"{format_number(count - fetched)} already here"
    )
    view, warnings = import_view(result.report)
    if result.changes is not None:
        view += changes_view(result.changes)
    notice = DAILYMED_NOTICE if dailymed else DISCLAIMER
    return [head, *view, Text(notice, style="dim")], [*result.warnings, *warnings]


def _records(result: UpdateResult) -> int:
    listed = result.manifest.total_records
    return listed if listed is not None else sum(p.records or 0 for p in result.partitions)


def _megabytes(size_bytes: int) -> str:
    """A size as people read it: megabytes (10⁶ bytes, as openFDA counts), or bytes when small."""
    if size_bytes < 100_000:
        return f"{format_number(size_bytes)} bytes"
    return f"{format_number(Decimal(size_bytes) / 1_000_000, 1)} MB"


@contextmanager
def download_bar(console: Console) -> Iterator[DownloadProgress | None]:
    """Download progress on *console* (stderr) when it is a terminal: bytes, labels, rate and
    time left; gone when the downloads end. Not a terminal: nothing."""

    def columns() -> list[str | ProgressColumn]:
        from rich.progress import (
            BarColumn,
            DownloadColumn,
            TextColumn,
            TimeRemainingColumn,
            TransferSpeedColumn,
        )

        return [
            "downloading",
            BarColumn(),
            DownloadColumn(),
            TransferSpeedColumn(),
            TextColumn("{task.fields[labels]}"),
            TimeRemainingColumn(),
        ]

    with terminal_bar(console, columns, labels="") as shown:
        if shown is None:
            yield None
            return
        bar, task = shown

        def advance(done: int, whole: int, labels: int, all_labels: int) -> None:
            counted = f"~{format_number(labels)} of {format_number(all_labels)} labels"
            bar.update(task, completed=done, total=whole or None, labels=counted)

        yield advance
