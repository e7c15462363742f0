"""`medcli import` over anything: Markdown pages and FDA labels, told apart by content.

A `.md` file is a Markdown page (`medcli.importer.run`); every other file named,
and every `.json`, `.xml` and `.zip` file in a folder named, is looked into for
labels (`medcli.labels`): openFDA JSON, SPL XML, or zips of them. Both kinds end
in one report, so one summary counts them all.
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from medcli.errors import NotFoundError, UsageError
from medcli.importer.mapping import NO_ORIGIN, Origin
from medcli.importer.report import ImportReport, PageReport, Progress, Tally
from medcli.importer.run import import_pages
from medcli.library.files import remove_stale_temporaries, write_failure
from medcli.library.folders import monograph_id

if TYPE_CHECKING:
    from medcli.library.stored import SqliteStore

LABEL_SUFFIXES = (".json", ".xml", ".zip")


def import_paths(
    paths: Iterable[Path],
    *,
    into: Path,
    bundled: Path,
    dry_run: bool = False,
    force: bool = False,
    today: str | None = None,
    progress: Progress | None = None,
    origin: Origin = NO_ORIGIN,
    on_page: Callable[[PageReport], None] | None = None,
    workers: int | None = None,
    check: bool = False,
) -> ImportReport:
    """Import the pages and labels in *paths* (files, or folders searched for them).

    *origin* is what the person importing says of the pages (`--source-note`). Each
    page's and label's report goes to *on_page* as it is done (the report then keeps
    only the summary: memory stays flat over 250,000 labels), or, without one, into
    the report. Labels are converted on *workers* processes (default: one per CPU); their
    words are counted on a sample, or on every label with *check*.
    """
    from medcli.labels.convert import COUNT_EVERY
    from medcli.labels.run import LabelFile, LabelImport
    from medcli.library.stored import BATCH, SqliteStore

    started = time.perf_counter()
    given = list(paths)
    missing = [str(path) for path in given if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    page_roots, label_files = _split(given)
    if not page_roots and not label_files:
        where = ", ".join(str(path) for path in given)
        raise NotFoundError(
            f"no Markdown pages or labels in {where}",
            hint="name .md pages, openFDA .json, SPL .xml or .zip files, or folders of them",
        )
    target = into
    if target.exists() and not target.is_dir():
        raise UsageError(f"--into {target}: not a folder; give a folder to write monographs into")
    date = today or dt.date.today().isoformat()
    kept: list[PageReport] = []
    hand = on_page if on_page is not None else kept.append
    tally = Tally()

    # The last labels handed to the store: what a rollback takes back.
    put: deque[PageReport] = deque(maxlen=BATCH)

    def report(page: PageReport) -> None:
        tally.add(page)
        hand(page)
        if page.kind == "label" and page.outcome in ("imported", "updated") and not dry_run:
            put.append(page)

    stopped: str | None = None
    store = SqliteStore(target, dry_run=dry_run) if label_files else None
    try:
        if page_roots:
            import_pages(
                page_roots,
                into=target,
                bundled=bundled,
                dry_run=dry_run,
                force=force,
                today=date,
                progress=progress,
                origin=origin,
                on_page=report,
            )
        if store is not None:
            if not dry_run and target.is_dir():
                remove_stale_temporaries(target)  # left by a run killed mid-write
            run = LabelImport(store, _bundled_ids(bundled), date, dry_run, count_all=check)
            files = (LabelFile(path, shown, named) for path, shown, named in label_files)
            for page in run.run(files, progress, workers):
                report(page)
            store.commit()
    except (OSError, sqlite3.Error) as error:
        stopped = _stopped(error, target, store)
        lost = store.uncommitted if store is not None else 0
        for page in list(put)[len(put) - lost :] if lost else ():
            tally.not_kept(page)
    finally:
        if store is not None:
            store.close()  # after Ctrl-C: the unfinished batch is rolled back, never half kept
    seconds = time.perf_counter() - started
    summary = tally.summary(seconds)
    if label_files and not check:
        summary.labels_counted_every = COUNT_EVERY
    return ImportReport(str(target), dry_run, summary, kept, stopped)


def _stopped(error: OSError | sqlite3.Error, target: Path, store: SqliteStore | None) -> str:
    """Why the run stopped writing into *target*, and what of it the library lost.

    Only a failure to write (a full disk, a read-only folder) stops a run as a
    report; anything else is raised on as it came.
    """
    reason = write_failure(error, target)
    if reason is None:
        raise error
    message = f"cannot write to {target}: {reason}; the run stopped there"
    lost = store.uncommitted if store is not None else 0
    if lost:
        message += f" and the last {lost:,} label{'s' if lost != 1 else ''} it read were not kept"
    return message


def _split(paths: list[Path]) -> tuple[list[Path], list[tuple[Path, str, bool]]]:
    """(what to give the page import, label files with the names to show for them and
    whether the user named them: a pipe is read only when named, as `<(…)` names one)."""
    page_roots: list[Path] = []
    label_files: dict[str, tuple[Path, str, bool]] = {}
    for path in paths:
        if path.is_dir():
            found = sorted((file.relative_to(path).as_posix(), file) for file in _walk(path))
            if any(shown.lower().endswith(".md") for shown, _ in found):
                page_roots.append(path)
            for shown, file in found:
                if file.name.lower().endswith(LABEL_SUFFIXES):
                    label_files.setdefault(str(file.resolve()), (file, shown, False))
        elif path.name.lower().endswith(".md"):
            page_roots.append(path)
        else:
            label_files.setdefault(str(path.resolve()), (path, path.name, True))
    return page_roots, list(label_files.values())


def _walk(folder: Path) -> Iterator[Path]:
    for root, subfolders, files in os.walk(folder, onerror=lambda error: None):
        subfolders.sort()  # os.walk does not follow symlinked folders
        for name in sorted(files):
            if name.lower().endswith((".md", *LABEL_SUFFIXES)):
                yield Path(root) / name


def _bundled_ids(bundled: Path) -> set[str]:
    try:
        names = [file.name for file in bundled.iterdir()]
    except OSError:
        return set()
    return {drug for drug in map(monograph_id, names) if drug is not None}
