"""The library index: one SQLite file that keeps lookups and search cheap at any library size.

It holds a row per monograph file of the folders the library uses (folder, file
name, stat fingerprint, id, name, aliases, class, whether it has a regimen, or
why it is broken), a `names` table of name keys for lookups, and an FTS5 table
with one row per monograph and one column per section for `medcli search`.

Staying current: every use stats the library's files (none is read) and sums
each folder up: directory inode and mtime, file count, sums of the files'
mtimes, ctimes and sizes. An unchanged summary means an unchanged folder. When
it differs, the files to read again are found cheaply: any file added or edited
since the last scan has a ctime after it, so only those recent files are looked
up, and the summary checks that they account for every change; if not (a file
was removed, a clock went back) every row of the folder is compared. A time
stamp within `RACY_WINDOW_NS` of a scan is never taken as proof that a file is
unchanged, since a coarse file-system clock could hide a second edit in the
same tick: such a file is read again next time.

Staying sound: a lock file is held shared while the index is used and exclusive
while the file is created or replaced; updates are one SQLite transaction in
WAL mode; a cold build is written to a temporary file and moved into place; a
file SQLite cannot read, or one of another `INDEX_VERSION`, is rebuilt, never
trusted.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from medcli.errors import DataError, MedcliError, NotFoundError
from medcli.library import (
    MONOGRAPH_SUFFIXES,
    SLUG_PATTERN,
    CatalogItem,
    Entry,
    Folder,
    name_key,
)
from medcli.parsed_cache import RACY_WINDOW_NS
from medcli.search import (
    COLUMN_SECTIONS,
    COLUMN_WEIGHTS,
    COLUMNS,
    HIT_END,
    HIT_START,
    SECTION_COLUMNS,
    Hit,
    SearchResults,
    Snippet,
    Term,
    best_column,
    match_expression,
    query_name_key,
    split_snippet,
)

T = TypeVar("T")

INDEX_VERSION = 4  # PRAGMA user_version: bump when the schema or the indexed text changes
INDEX_FILE = "library-index.sqlite"
LOCK_FILE = "library-index.lock"
BUSY_TIMEOUT_S = 60.0  # a cold build of ~6,400 monographs takes a few seconds
POOL_MIN_FILES = 64  # fewer files than this are parsed in-process
POOL_BATCH = 64
SNIPPET_TOKENS = 14
_ALIAS_SEPARATOR = "\x1f"  # the loader strips control characters, so no alias contains it

SCHEMA = f"""
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,           -- absolute path of the folder
    name TEXT NOT NULL,             -- file name in the folder
    drug TEXT NOT NULL,             -- the monograph id: the file stem
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    title TEXT,                     -- the monograph's name; NULL when broken
    aliases TEXT,
    drug_class TEXT,
    has_regimen INTEGER NOT NULL DEFAULT 0,
    error TEXT,                     -- why the file cannot be used; NULL when it can
    UNIQUE (folder, name)
);
CREATE INDEX files_stat ON files (folder, name, drug, mtime_ns, ctime_ns, size);
CREATE INDEX files_drug ON files (drug);
CREATE INDEX files_broken ON files (folder) WHERE error IS NOT NULL;
CREATE TABLE names (key TEXT NOT NULL, file INTEGER NOT NULL);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_file ON names (file);
CREATE TABLE folders (folder TEXT PRIMARY KEY, state TEXT NOT NULL);  -- a FolderState
CREATE VIRTUAL TABLE docs USING fts5 (
    {", ".join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 2'
);
PRAGMA user_version = {INDEX_VERSION};
"""


class IndexUnavailable(Exception):
    """This Python's SQLite cannot hold the index (no FTS5): callers fall back to reading files."""


# (file name, id, mtime_ns, ctime_ns, size): a plain tuple, made thousands of times a command.
FileStat = tuple[str, str, int, int, int]
_MONOGRAPH_FILE = re.compile(
    "(" + SLUG_PATTERN + ")(?:" + "|".join(re.escape(s) for s in MONOGRAPH_SUFFIXES) + ")"
)


class FolderScan(msgspec.Struct, frozen=True):
    """What one look at a folder saw: its files' stats and a summary of them."""

    folder: Folder
    key: str  # the folder's absolute path: how the index names it
    files: list[FileStat]
    # Directory inode and mtime, file count, sums of the files' mtimes, ctimes and sizes:
    # any added, removed, renamed or edited file changes it.
    summary: tuple[int, int, int, int, int, int]
    horizon: int  # time stamps from here on may hide another change in the same clock tick
    newest: int  # the latest time stamp seen (the folder's or a file's)

    @property
    def settled(self) -> bool:
        """Whether nothing changed so recently that an equal summary could hide an edit."""
        return self.newest < self.horizon

    def recent(self, horizon: int) -> list[FileStat]:
        """Files stamped at or after *horizon*: every file changed since a scan at that time."""
        # ctime only: the kernel sets it to the present on every change, while an mtime can
        # be set to any date (`touch -d 2031-01-01`) and would look recent for years.
        return [file for file in self.files if file[3] >= horizon]


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


# --- scanning and reading files ------------------------------------------------------------


def scan(folder: Folder, now_ns: int) -> FolderScan:
    """Stat every monograph file of *folder*; no file is opened.

    This is the cost every indexed command pays: one stat call per file (about
    2 µs each), so it is kept to a bare loop.
    """
    # Strings and os functions rather than Path objects: this loop runs once per file.
    key = os.path.abspath(folder.path)  # noqa: PTH100 - normalised, not resolved: no link walk
    try:
        directory = os.stat(key)  # noqa: PTH116
        names = os.listdir(key)  # noqa: PTH208
    except OSError:
        return FolderScan(folder, key, [], (0, 0, 0, 0, 0, 0), now_ns - RACY_WINDOW_NS, 0)
    files: list[FileStat] = []
    append = files.append
    with _directory_fd(key) as fd:
        for name in names:
            match = _MONOGRAPH_FILE.fullmatch(name)
            if match is None:
                continue
            path = name if fd is not None else f"{key}{os.sep}{name}"
            try:
                info = os.stat(path, dir_fd=fd)
            except OSError:  # a dangling link, say: recorded, then reported as unreadable
                try:
                    info = os.lstat(path, dir_fd=fd)
                except OSError:
                    continue  # removed since the listing
            append((name, match[1], info.st_mtime_ns, info.st_ctime_ns, info.st_size))
    summary = (directory.st_ino, directory.st_mtime_ns, len(files), *_sums(files))
    newest = max(directory.st_ctime_ns, max((f[3] for f in files), default=0))
    return FolderScan(folder, key, files, summary, now_ns - RACY_WINDOW_NS, newest)


def _sums(files: Sequence[FileStat]) -> tuple[int, int, int]:
    """Sums of the mtimes, ctimes and sizes of *files*."""
    if not files:
        return (0, 0, 0)
    _, _, mtimes, ctimes, sizes = zip(*files, strict=True)
    return (sum(mtimes), sum(ctimes), sum(sizes))


@contextlib.contextmanager
def _directory_fd(path: str) -> Iterator[int | None]:
    """A descriptor of the folder, so each stat skips the path walk (where the OS allows it)."""
    if os.stat not in os.supports_dir_fd:
        yield None
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)


def read_record(folder: str, file: FileStat) -> Record:
    """Load and validate one file for the index; a broken file becomes a record of why."""
    from medcli.library import cache_dir
    from medcli.parsed_cache import load_cached
    from medcli.search import document

    name, drug = file[0], file[1]
    try:
        # Through the parsed cache, which this also fills: the next `show` or
        # `side-effects --all-drugs` of any of these files skips YAML.
        monograph = load_cached(cache_dir(), Path(folder, name), expected_id=drug)
    except DataError as error:
        return Record(folder, file, error=error.message)
    return Record(
        folder, file, monograph.name, tuple(monograph.aliases), monograph.drug_class,
        bool(monograph.regimens), None, document(monograph),
    )  # fmt: skip


def _read_batch(jobs: list[tuple[str, FileStat]]) -> list[Record]:
    return [read_record(folder, file) for folder, file in jobs]


def read_records(jobs: list[tuple[str, FileStat]]) -> Iterator[Record]:
    """Parse files, over several processes when there are many: parsing YAML is the cost."""
    workers = min(os.cpu_count() or 1, 8)
    if len(jobs) < POOL_MIN_FILES or workers < 2:
        yield from _read_batch(jobs)
        return
    from concurrent.futures import ProcessPoolExecutor

    batches = [jobs[start : start + POOL_BATCH] for start in range(0, len(jobs), POOL_BATCH)]
    with ProcessPoolExecutor(workers) as pool:
        for records in pool.map(_read_batch, batches):
            yield from records


# --- the index itself ----------------------------------------------------------------------


class LibraryIndex:
    """An open index, brought up to date with the library's folders on `refresh`."""

    def __init__(self, connection: sqlite3.Connection, folders: Sequence[Folder]) -> None:
        self.db = connection
        self.folders = list(folders)
        self.scans: list[FolderScan] = []
        self._by_key: dict[str, Folder] = {}
        self._scope = ""
        self._scope_params: tuple[str, ...] = ()

    # -- keeping current

    def refresh(self) -> None:
        """Scan the folders; re-read added and changed files, forget removed ones."""
        now = time.time_ns()
        self.scans = [scan(folder, now) for folder in self.folders]
        stored = {
            key: msgspec.json.decode(state, type=FolderState)
            for key, state in self.db.execute(
                f"SELECT folder, state FROM folders WHERE folder IN ({_marks(self.scans)})",
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
                f" WHERE folder = ? AND name IN ({_marks(recent)})",
                (folder_scan.key, *(file[0] for file in recent)),
            )
        }
        count = state.summary[2] + sum(1 for file in recent if file[0] not in before)
        old, new = _sums(list(before.values())), _sums(recent)
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
        with self._transaction():
            for folder, name in removed:
                self._forget(folder, name)
            for record in read_records(jobs):
                self._forget(record.folder, record.stat[0])
                self._insert(record)
            self.db.executemany(
                "INSERT OR REPLACE INTO folders (folder, state) VALUES (?, ?)",
                [
                    (s.key, msgspec.json.encode(FolderState(s.summary, s.horizon, s.settled)))
                    for s in stale
                ],
            )

    @contextlib.contextmanager
    def snapshot(self) -> Iterator[None]:
        """Reads that all see one state of the index, whatever other commands commit meanwhile."""
        self.db.execute("BEGIN")
        try:
            self._set_scope()
            yield
        finally:
            self.db.execute("ROLLBACK")  # nothing was written but the temporary `hidden` table

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
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
            self.db.execute("DELETE FROM names WHERE file = ?", row)
            self.db.execute("DELETE FROM files WHERE id = ?", row)

    def _insert(self, record: Record) -> None:
        name, drug, mtime_ns, ctime_ns, size = record.stat
        cursor = self.db.execute(
            "INSERT INTO files (folder, name, drug, mtime_ns, ctime_ns, size, title, aliases,"
            " drug_class, has_regimen, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.folder, name, drug, mtime_ns, ctime_ns,
                size, record.title, _ALIAS_SEPARATOR.join(record.aliases),
                record.drug_class, record.has_regimen, record.error,
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

    def _set_scope(self) -> None:
        """Which rows this library sees: its folders' files, minus those shadowed by another."""
        self._by_key = {s.key: s.folder for s in self.scans}
        shadowed = _shadowed(self.scans)
        self._scope = f"f.folder IN ({_marks(self.scans)})"
        self._scope_params = tuple(s.key for s in self.scans)
        if shadowed:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hidden (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.hidden")
            self.db.executemany(
                "INSERT OR IGNORE INTO temp.hidden SELECT id FROM files"
                " WHERE folder = ? AND name = ?",
                shadowed,
            )
            self._scope += " AND f.id NOT IN (SELECT id FROM temp.hidden)"

    # -- answering

    def _entry(self, folder: str, name: str, drug: str) -> Entry:
        owner = self._by_key[folder]
        return Entry(drug, owner.path / name, owner.origin)

    def broken(self) -> list[tuple[Path, str]]:
        """The library's files that cannot be used, and why."""
        rows = self.db.execute(
            "SELECT f.folder, f.name, f.error FROM files f INDEXED BY files_broken"
            f" WHERE f.error IS NOT NULL AND {self._scope} ORDER BY f.folder, f.name",
            self._scope_params,
        ).fetchall()
        return [(self._by_key[folder].path / name, error) for folder, name, error in rows]

    def catalog(self) -> list[CatalogItem]:
        """Every usable monograph, folder by folder in library order, then by file name."""
        rank = {key: number for number, key in enumerate(self._scope_params)}
        rows = self.db.execute(
            "SELECT f.folder, f.name, f.drug, f.title, f.aliases, f.drug_class, f.has_regimen"
            f" FROM files f WHERE {self._scope} AND f.error IS NULL",
            self._scope_params,
        ).fetchall()
        rows.sort(key=lambda row: (rank[row[0]], row[1]))
        return [
            CatalogItem(
                entry=self._entry(folder, name, drug),
                name=title,
                aliases=tuple(aliases.split(_ALIAS_SEPARATOR)) if aliases else (),
                drug_class=drug_class,
                has_regimen=bool(has_regimen),
            )
            for folder, name, drug, title, aliases, drug_class, has_regimen in rows
        ]

    def resolve(self, query: str) -> Entry:
        """An id, name or alias (any case and spacing), else a unique prefix; else not found."""
        key = name_key(query)
        if not key:
            raise NotFoundError("no drug name given", hint="try: medcli list")
        rows = self.db.execute(
            "SELECT n.key, f.folder, f.name, f.drug FROM names n JOIN files f ON f.id = n.file"
            f" WHERE n.key >= ? AND n.key < ? AND {self._scope}",
            (key, key + "\U0010ffff", *self._scope_params),
        ).fetchall()
        entries = {drug: self._entry(folder, name, drug) for _, folder, name, drug in rows}
        exact = {drug for found, _, _, drug in rows if found == key}
        candidates = exact or set(entries)
        if len(candidates) == 1:
            return entries[candidates.pop()]
        if candidates:
            raise NotFoundError(
                f"{query!r} matches more than one drug",
                hint="did you mean: " + ", ".join(sorted(candidates)[:3]) + "?",
            )
        raise NotFoundError(f"no drug named {query!r}", hint=self._suggestion(key))

    def _suggestion(self, key: str) -> str:
        import difflib

        by_key: dict[str, set[str]] = {}
        for found, drug in self.db.execute(
            f"SELECT n.key, f.drug FROM names n JOIN files f ON f.id = n.file WHERE {self._scope}",
            self._scope_params,
        ):
            by_key.setdefault(found, set()).add(drug)
        close = difflib.get_close_matches(key, list(by_key), n=6, cutoff=0.6)
        ids: list[str] = []
        for match in close:
            ids += [drug for drug in sorted(by_key[match]) if drug not in ids]
        if not ids:
            return "see the drugs available with: medcli list"
        return "did you mean: " + ", ".join(ids[:3]) + "?"

    def search(self, terms: list[Term], section: str | None, limit: int) -> SearchResults:
        """Monographs matching every term, best first; a drug named by the query comes first."""
        expression = match_expression(terms, section)
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        promoted = name_key(query_name_key(terms))
        total = self.db.execute(
            "SELECT count(*) FROM docs JOIN files f ON f.id = docs.rowid"
            f" WHERE docs MATCH ? AND {self._scope}",
            (expression, *self._scope_params),
        ).fetchone()[0]
        rows = self.db.execute(
            f"SELECT f.id, f.folder, f.drug, f.title, bm25(docs, {weights}) AS score"
            f" FROM docs JOIN files f ON f.id = docs.rowid WHERE docs MATCH ? AND {self._scope}"
            " ORDER BY f.id IN (SELECT file FROM names WHERE key = ?) DESC, score, f.drug"
            " LIMIT ?",
            (expression, *self._scope_params, promoted, limit),
        ).fetchall()
        snippets = self._snippets(expression, [row[0] for row in rows], section)
        hits = []
        for rowid, folder, drug, title, score in rows:
            column, snippet = snippets[rowid]
            hits.append(
                Hit(
                    id=drug, name=title, origin=self._by_key[folder].origin,
                    section=COLUMN_SECTIONS[column], snippet=snippet, score=round(-score, 4),
                )
            )  # fmt: skip
        return SearchResults(query="", section=section, total=total, hits=hits)

    def _snippets(
        self, expression: str, rowids: list[int], section: str | None
    ) -> dict[int, tuple[str, Snippet]]:
        """The passage shown for each hit: from *section*, else from its best-matching column."""
        columns = [SECTION_COLUMNS[section]] if section else list(COLUMNS)
        calls = ", ".join(
            f"snippet(docs, {COLUMNS.index(column)}, ?, ?, '…', {SNIPPET_TOKENS})"
            for column in columns
        )
        markers = (HIT_START, HIT_END) * len(columns)
        found: dict[int, tuple[str, Snippet]] = {}
        for start in range(0, len(rowids), 500):  # stay under old SQLite's 999 parameters
            chunk = rowids[start : start + 500]
            for rowid, *marked in self.db.execute(
                f"SELECT rowid, {calls} FROM docs WHERE docs MATCH ?"
                f" AND rowid IN ({', '.join('?' * len(chunk))})",
                (*markers, expression, *chunk),
            ):
                pieces = [split_snippet(text or "") for text in marked]
                best = best_column(pieces)
                found[rowid] = (columns[best], pieces[best])
        return found


def _shadowed(scans: list[FolderScan]) -> list[tuple[str, str]]:
    """Files hidden by another of the same id: in an earlier folder, or earlier by name."""
    ids = [{file[1] for file in s.files} for s in scans]
    if sum(map(len, ids)) == len(set().union(*ids)) and all(
        len(found) == len(s.files) for found, s in zip(ids, scans, strict=True)
    ):
        return []  # the usual case, checked with set operations only
    winners: dict[str, tuple[int, str]] = {}
    for rank, folder_scan in enumerate(scans):
        for name, drug, *_ in folder_scan.files:
            winners[drug] = min(winners.get(drug, (rank, name)), (rank, name))
    return [
        (s.key, file[0])
        for rank, s in enumerate(scans)
        for file in s.files
        if winners[file[1]] != (rank, file[0])
    ]


def _marks(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items)) or "NULL"


# --- opening: locks, cold builds, repairs --------------------------------------------------


class _Rebuild(msgspec.Struct, frozen=True):
    """The index file cannot be used as it is; *stamp* identifies the file that failed."""

    stamp: tuple[int, int, int] | None


def use(
    folders: Sequence[Folder],
    action: Callable[[LibraryIndex], T],
    location: Path,
    warn: Callable[[str], None],
) -> T:
    """Run *action* on an index of *folders* that is current, building or repairing it first.

    Raises `IndexUnavailable` when this Python's SQLite has no FTS5.
    """
    try:
        location.mkdir(parents=True, exist_ok=True)
        lock = _Lock(location / LOCK_FILE)
    except OSError as error:
        warn(f"cannot keep the library index in {location} ({_reason(error)}); reading every file")
        return _in_memory(folders, action)
    path = location / INDEX_FILE
    try:
        for _attempt in range(3):
            with lock.held(exclusive=False):
                outcome = _try(path, folders, action)
            if not isinstance(outcome, _Rebuild):
                return outcome
            with lock.held(exclusive=True):
                if outcome.stamp is None or outcome.stamp == _stamp(path) or not _usable(path):
                    try:
                        _cold_build(path, folders)
                    except (OSError, sqlite3.Error) as error:
                        warn(
                            f"cannot write the library index {path} ({_reason(error)});"
                            " reading every file"
                        )
                        return _in_memory(folders, action)
        raise MedcliError(f"the library index {path} cannot be used", hint=f"delete {path}")
    finally:
        lock.close()


def _try(
    path: Path, folders: Sequence[Folder], action: Callable[[LibraryIndex], T]
) -> T | _Rebuild:
    stamp = _stamp(path)
    if stamp is None:
        return _Rebuild(None)
    try:
        connection = _connect(path)
    except sqlite3.DatabaseError:
        return _Rebuild(stamp)
    try:
        if connection.execute("PRAGMA user_version").fetchone()[0] != INDEX_VERSION:
            return _Rebuild(stamp)
        index = LibraryIndex(connection, folders)
        index.refresh()
        with index.snapshot():
            return action(index)
    except sqlite3.OperationalError as error:
        _raise_if_busy_or_unsupported(error)
        return _Rebuild(stamp)
    except sqlite3.DatabaseError:
        return _Rebuild(stamp)
    finally:
        connection.close()


def _cold_build(path: Path, folders: Sequence[Folder]) -> None:
    """Index every file into a temporary file, then move it into place (under the lock)."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{time.time_ns()}.tmp")
    try:
        connection = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            _create(connection)
            LibraryIndex(connection, folders).refresh()
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
        for suffix in ("-wal", "-shm"):  # they belong to the file being replaced
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def _in_memory(folders: Sequence[Folder], action: Callable[[LibraryIndex], T]) -> T:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _create(connection)
        index = LibraryIndex(connection, folders)
        index.refresh()
        with index.snapshot():
            return action(index)
    finally:
        connection.close()


def _create(connection: sqlite3.Connection) -> None:
    try:
        connection.executescript(SCHEMA)
    except sqlite3.OperationalError as error:
        _raise_if_busy_or_unsupported(error)
        raise


def _connect(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(
        str(path), timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
    )
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _usable(path: Path) -> bool:
    """Whether the file at *path* opens as an index of this version (a cheap probe)."""
    try:
        connection = _connect(path)
    except sqlite3.DatabaseError:
        return False
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        connection.execute("SELECT count(*) FROM folders").fetchone()
        return bool(version == INDEX_VERSION)
    except sqlite3.DatabaseError:
        return False
    finally:
        connection.close()


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_ino, info.st_mtime_ns, info.st_size)


def _raise_if_busy_or_unsupported(error: sqlite3.OperationalError) -> None:
    text = str(error).lower()
    if "no such module" in text:
        raise IndexUnavailable(str(error)) from error
    if "locked" in text or "busy" in text:
        raise MedcliError(
            "the library index is in use by another medcli command", hint="try again"
        ) from error


def _reason(error: OSError | sqlite3.Error) -> str:
    return (error.strerror if isinstance(error, OSError) else None) or str(error) or "unknown"


class _Lock:
    """An advisory lock on a file beside the index: shared to use it, exclusive to replace it."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)

    @contextlib.contextmanager
    def held(self, exclusive: bool) -> Iterator[None]:
        _flock(self._fd, exclusive)
        try:
            yield
        finally:
            _flock(self._fd, None)

    def close(self) -> None:
        os.close(self._fd)


def _flock(fd: int, exclusive: bool | None) -> None:
    if sys.platform == "win32":
        return  # no flock; SQLite's own locking still keeps every update whole
    import fcntl

    if exclusive is None:
        fcntl.flock(fd, fcntl.LOCK_UN)
    else:
        fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
