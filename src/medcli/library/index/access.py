"""Opening the index: locks, cold builds, repairs, and the in-memory fallback."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import msgspec

from medcli.errors import MedcliError
from medcli.library.files import remove_stale_temporaries, replacing
from medcli.library.folders import Folder
from medcli.library.index.queries import IndexView
from medcli.library.index.store import IndexStore
from medcli.library.index.tables import INDEX_VERSION, SCHEMA

T = TypeVar("T")

INDEX_FILE = "library-index.sqlite"
LOCK_FILE = "library-index.lock"
BUSY_TIMEOUT_S = 60.0  # a cold build of ~6,400 monographs takes a few seconds


class IndexUnavailable(Exception):
    """This Python's SQLite cannot hold the index (no FTS5): callers fall back to reading files."""


class _Rebuild(msgspec.Struct, frozen=True):
    """The index file cannot be used as it is; *stamp* identifies the file that failed."""

    stamp: tuple[int, int, int] | None


def use(
    folders: Sequence[Folder],
    action: Callable[[IndexView], T],
    location: Path,
    warn: Callable[[str], None],
) -> T:
    """Run *action* on an index of *folders* that is current, building or repairing it first.

    The index lives in *location*, the cache folder, which also holds the parsed
    cache the index build fills. Raises `IndexUnavailable` when this Python's
    SQLite has no FTS5.
    """
    try:
        location.mkdir(parents=True, exist_ok=True)
        lock = _Lock(location / LOCK_FILE)
    except OSError as error:
        warn(f"cannot keep the library index in {location} ({_reason(error)}); reading every file")
        return _in_memory(folders, action, location)
    path = location / INDEX_FILE
    try:
        for _attempt in range(3):
            with lock.held(exclusive=False):
                outcome = _try(path, folders, action, location)
            if not isinstance(outcome, _Rebuild):
                return outcome
            with lock.held(exclusive=True):
                if outcome.stamp is None or outcome.stamp == _stamp(path) or not _usable(path):
                    try:
                        _cold_build(path, folders, location)
                    except (OSError, sqlite3.Error) as error:
                        warn(
                            f"cannot write the library index {path} ({_reason(error)});"
                            " reading every file"
                        )
                        return _in_memory(folders, action, location)
        raise MedcliError(f"the library index {path} cannot be used", hint=f"delete {path}")
    finally:
        lock.close()


def _try(
    path: Path, folders: Sequence[Folder], action: Callable[[IndexView], T], cache_dir: Path
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
        store = IndexStore(connection, folders, cache_dir)
        store.refresh()
        with store.snapshot() as view:
            return action(view)
    except sqlite3.OperationalError as error:
        _raise_if_busy_or_unsupported(error)
        return _Rebuild(stamp)
    except sqlite3.DatabaseError:
        return _Rebuild(stamp)
    finally:
        connection.close()


def _cold_build(path: Path, folders: Sequence[Folder], cache_dir: Path) -> None:
    """Index every file into a temporary file, then move it into place (under the lock)."""
    remove_stale_temporaries(path.parent)  # what a build killed half-way left
    with replacing(path) as temporary:
        connection = sqlite3.connect(str(temporary), isolation_level=None)
        try:
            connection.execute("PRAGMA journal_mode = OFF")
            connection.execute("PRAGMA synchronous = OFF")
            _create(connection)
            IndexStore(connection, folders, cache_dir).refresh()
            connection.execute("PRAGMA journal_mode = WAL")
        finally:
            connection.close()
        for suffix in ("-wal", "-shm"):  # they belong to the file being replaced
            path.with_name(path.name + suffix).unlink(missing_ok=True)


def _in_memory(folders: Sequence[Folder], action: Callable[[IndexView], T], cache_dir: Path) -> T:
    connection = sqlite3.connect(":memory:", isolation_level=None)
    try:
        _create(connection)
        store = IndexStore(connection, folders, cache_dir)
        store.refresh()
        with store.snapshot() as view:
            return action(view)
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
