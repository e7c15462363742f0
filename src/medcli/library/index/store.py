"""The index's tables: their schema, and the rows kept of each file, read and refreshed.

`IndexStore` keeps the tables current (`refresh`); reading them is done through
the `IndexView` that `snapshot` hands out, so no query can run outside the
read transaction that gives it one consistent state of the index.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import msgspec

from medcli.errors import DataError
from medcli.library.folders import Folder, monograph_kind
from medcli.library.index.effects import EffectRow, effect_rows, effects_context
from medcli.library.index.queries import IndexView
from medcli.library.index.scanning import FileStat, FolderScan, scan, stat_sums
from medcli.library.index.tables import ALIAS_SEPARATOR, placeholders
from medcli.names import name_key
from medcli.search import COLUMNS

POOL_MIN_FILES = 64  # fewer files than this are parsed in-process
POOL_BATCH = 64


class FolderState(msgspec.Struct, frozen=True, array_like=True):
    """What the index holds about a folder: the summary and horizon of its last applied scan."""

    summary: tuple[int, int, int, int, int, int]
    horizon: int
    settled: bool


class Record(msgspec.Struct, frozen=True):
    """What the index keeps of one file, parsed or broken."""

    folder: str
    stat: FileStat
    title: str | None = None
    aliases: tuple[str, ...] = ()
    drug_class: str | None = None
    has_regimen: bool = False
    error: str | None = None
    columns: tuple[str, ...] = ()
    kind: str | None = None
    effects_context: bytes | None = None
    effects: tuple[EffectRow, ...] = ()


def read_record(folder: str, file: FileStat, cache_dir: Path) -> Record:
    """Load and validate one file for the index; a broken file becomes a record of why."""
    from medcli.library.parsed_cache import load_cached
    from medcli.search import document

    name, drug = file[0], file[1]
    try:
        # Through the parsed cache, which this also fills: the next `show` of any of
        # these files skips YAML.
        monograph = load_cached(cache_dir, Path(folder, name), expected_id=drug)
    except DataError as error:
        return Record(folder, file, error=error.message)
    return Record(
        folder, file, monograph.name, tuple(monograph.aliases), monograph.drug_class,
        bool(monograph.regimens), None, document(monograph), monograph_kind(monograph),
        effects_context(monograph), effect_rows(monograph),
    )  # fmt: skip


def _read_batch(cache_dir: Path, jobs: list[tuple[str, FileStat]]) -> list[Record]:
    return [read_record(folder, file, cache_dir) for folder, file in jobs]


def read_records(jobs: list[tuple[str, FileStat]], cache_dir: Path) -> Iterator[Record]:
    """Parse files, over several processes when there are many: parsing YAML is the cost."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < POOL_MIN_FILES or workers < 2:
        yield from _read_batch(cache_dir, jobs)
        return
    import functools
    from concurrent.futures import ProcessPoolExecutor

    batches = [jobs[start : start + POOL_BATCH] for start in range(0, len(jobs), POOL_BATCH)]
    with ProcessPoolExecutor(workers) as pool:
        for records in pool.map(functools.partial(_read_batch, cache_dir), batches):
            yield from records


class IndexStore:
    """The index's tables, brought up to date with the library's folders on `refresh`."""

    def __init__(
        self, connection: sqlite3.Connection, folders: Sequence[Folder], cache_dir: Path
    ) -> None:
        self.db = connection
        self.folders = list(folders)
        self.cache_dir = cache_dir
        self.scans: list[FolderScan] = []

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[IndexView]:
        """Reads that all see one state of the index, whatever other commands commit meanwhile."""
        self.db.execute("BEGIN")
        try:
            yield IndexView(self.db, self.scans)
        finally:
            self.db.execute("ROLLBACK")  # nothing was written but the temporary `hidden` table

    # -- keeping current

    def refresh(self) -> None:
        """Scan the folders; re-read added and changed files, forget removed ones."""
        now = time.time_ns()
        self.scans = [scan(folder, now) for folder in self.folders]
        stored = {
            key: msgspec.json.decode(state, type=FolderState)
            for key, state in self.db.execute(
                f"SELECT folder, state FROM folders WHERE folder IN ({placeholders(self.scans)})",
                [s.key for s in self.scans],
            )
        }
        jobs: list[tuple[str, FileStat]] = []
        removed: list[tuple[str, str]] = []
        stale: list[FolderScan] = []
        for folder_scan in self.scans:
            state = stored.get(folder_scan.key)
            if state is not None and state.settled and state.summary == folder_scan.summary:
                continue  # the usual case: nothing in this folder changed
            changed = self._added_or_edited(folder_scan, state) if state else None
            if changed is None:
                changed, gone = self._compare_every_file(folder_scan, state)
                removed += [(folder_scan.key, name) for name in gone]
            jobs += [(folder_scan.key, file) for file in changed]
            stale.append(folder_scan)
        if stale:
            self._update(stale, jobs, removed)

    def _added_or_edited(
        self, folder_scan: FolderScan, state: FolderState
    ) -> list[FileStat] | None:
        """The files to read again when the change is only additions and edits, found cheaply.

        Since the last scan every added or edited file got a ctime after that scan's
        horizon, so only those files are looked up. The answer is checked against
        the folder's summary: if the recent files do not account for every change
        (a removal, a clock set back), None sends the caller to a full comparison.
        """
        recent = folder_scan.recent(state.horizon)
        if len(recent) > 500 or folder_scan.summary[0] != state.summary[0]:
            return None
        before = {
            row[0]: row
            for row in self.db.execute(
                "SELECT name, drug, mtime_ns, ctime_ns, size FROM files"
                f" WHERE folder = ? AND name IN ({placeholders(recent)})",
                (folder_scan.key, *(file[0] for file in recent)),
            )
        }
        count = state.summary[2] + sum(1 for file in recent if file[0] not in before)
        old, new = stat_sums(list(before.values())), stat_sums(recent)
        expected = [total - o + n for total, o, n in zip(state.summary[3:], old, new, strict=True)]
        if (count, *expected) != folder_scan.summary[2:]:
            return None
        return recent

    def _compare_every_file(
        self, folder_scan: FolderScan, state: FolderState | None
    ) -> tuple[list[FileStat], set[str]]:
        """Files to read again and names to forget, from every row of the folder."""
        known = set(
            self.db.execute(
                "SELECT name, drug, mtime_ns, ctime_ns, size FROM files WHERE folder = ?",
                (folder_scan.key,),
            ).fetchall()
        )
        changed = set(folder_scan.files) - known
        if state is not None:  # unchanged stats do not prove a file unchanged within a tick
            changed.update(folder_scan.recent(state.horizon))
        gone = {row[0] for row in known} - {file[0] for file in folder_scan.files}
        return sorted(changed), gone

    def _update(
        self,
        stale: list[FolderScan],
        jobs: list[tuple[str, FileStat]],
        removed: list[tuple[str, str]],
    ) -> None:
        # Parsed before the write transaction opens, so other commands are not kept
        # waiting while worker processes parse; a file edited meanwhile has a newer
        # stat than the one recorded here, and is read again next time.
        records = list(read_records(jobs, self.cache_dir))
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for folder, name in removed:
                self._forget(folder, name)
            for record in records:
                self._forget(record.folder, record.stat[0])
                self._insert(record)
            self.db.executemany(
                "INSERT OR REPLACE INTO folders (folder, state) VALUES (?, ?)",
                [
                    (s.key, msgspec.json.encode(FolderState(s.summary, s.horizon, s.settled)))
                    for s in stale
                ],
            )
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _forget(self, folder: str, name: str) -> None:
        row = self.db.execute(
            "SELECT id FROM files WHERE folder = ? AND name = ?", (folder, name)
        ).fetchone()
        if row is not None:
            self.db.execute("DELETE FROM docs WHERE rowid = ?", row)
            self.db.execute("DELETE FROM effects WHERE file = ?", row)
            self.db.execute("DELETE FROM names WHERE file = ?", row)
            self.db.execute("DELETE FROM files WHERE id = ?", row)

    def _insert(self, record: Record) -> None:
        name, drug, mtime_ns, ctime_ns, size = record.stat
        cursor = self.db.execute(
            "INSERT INTO files (folder, name, drug, mtime_ns, ctime_ns, size, title, aliases,"
            " drug_class, has_regimen, kind, effects_context, error)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.folder, name, drug, mtime_ns, ctime_ns,
                size, record.title, ALIAS_SEPARATOR.join(record.aliases),
                record.drug_class, record.has_regimen, record.kind, record.effects_context,
                record.error,
            ),
        )  # fmt: skip
        if record.error is not None or record.title is None:
            return
        rowid = cursor.lastrowid
        keys = {name_key(text) for text in (drug, record.title, *record.aliases)}
        self.db.executemany(
            "INSERT INTO names (key, file) VALUES (?, ?)", [(key, rowid) for key in keys if key]
        )
        self.db.execute(
            f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})",
            (rowid, *record.columns),
        )
        self.db.executemany(
            "INSERT INTO effects (file, position, serious, frequency, data) VALUES (?, ?, ?, ?, ?)",
            [(rowid, position, *effect) for position, effect in enumerate(record.effects)],
        )
