"""Every read of a data file and every write medcli makes: one place, one set of rules.

Reads: only regular files, and never more than a limit. A named pipe called
`drug.yaml` would block a plain `open()` for ever, and a device could stream
without end: both are refused from `stat`, unopened. Pipes are read only where
the user named one (`medcli import <(…)`), as a stream.

Writes: atomic. The bytes go to a temporary file in the target's own folder
(`.NAME.XXXXXXXX.tmp`, which no library scan reads), are flushed to disk, get
the one file mode every file medcli writes has (readable by all, `FILE_MODE`),
and are moved into place with `os.replace`; the target is always either the old
file or the whole new one. Ctrl-C while the bytes are written removes the
temporary; during the rename it waits until the file is in place. Temporaries
left by a killed run (kill -9) are swept by `remove_stale_temporaries` once they
are old enough not to belong to a live run.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import signal
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from medcli.errors import MedcliError, UsageError

FILE_MODE = 0o644  # mkstemp makes files private; library files, caches and calendars are not
STALE_AFTER = 600.0  # seconds: a temporary this old is left over from a killed run
# `tempfile.mkstemp(prefix=".NAME.", suffix=".tmp")`: eight random letters, digits or "_".
_TEMPORARY = re.compile(r"^\..+\.[a-z0-9_]{8}\.tmp$")


def special_kind(mode: int) -> str | None:
    """What a file of *mode* is when it is not a regular file, in words; None when it is."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at *path*, at most *limit* + 1 of them.

    Reading one byte past the limit lets the caller tell "exactly at the limit"
    from "too big". Raises OSError (with a `strerror` fit for people) for
    anything else: a folder, a pipe, a socket or a device (seen by `stat`, never
    opened: opening a FIFO blocks, a device may act), a file that cannot be opened.
    """
    descriptor = _open_for_reading(path, pipes=False)
    try:
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)


def open_stream(path: Path, *, pipes: bool = False) -> BinaryIO:
    """The regular file at *path*, open to be read as a stream; with *pipes*, a pipe too.

    A pipe is what `<(…)`, `/dev/stdin` and a FIFO the user names give: read as it
    comes, it cannot be seeked. Anything else is refused as `read_regular_file` does.
    """
    return os.fdopen(_open_for_reading(path, pipes=pipes), "rb")


def _open_for_reading(path: Path, *, pipes: bool) -> int:
    kind = special_kind(path.stat().st_mode)
    if kind is not None and not (pipes and kind == "a named pipe"):
        raise OSError(errno.EINVAL, f"not a regular file ({kind}); not opened", str(path))
    # No O_NONBLOCK for a pipe: it is read as it is written, however slowly.
    descriptor = os.open(path, os.O_RDONLY | (0 if kind else getattr(os, "O_NONBLOCK", 0)))
    try:
        mode = os.fstat(descriptor).st_mode  # replaced since `stat`: checked again, opened
        if not (stat.S_ISREG(mode) or (pipes and stat.S_ISFIFO(mode))):
            kind = special_kind(mode)
            raise OSError(errno.EINVAL, f"not a regular file ({kind})", str(path))
        if hasattr(os, "set_blocking"):
            os.set_blocking(descriptor, True)
    except BaseException:
        os.close(descriptor)
        raise
    return descriptor


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write *data* to *path* so that it is either the old file or the whole new one.

    *durable* (the default) syncs the bytes to disk before the rename, so even a
    power cut leaves no empty file; caches, which may be lost, skip the sync.
    """
    with replacing(path, durable=durable) as temporary, temporary.open("wb") as stream:
        stream.write(data)


def write_requested_file(path: Path, data: bytes) -> None:
    """Write a file the user asked for by name (`--ics plan.ics`), atomically.

    Only a new path or a regular file is written; a symbolic link is followed and
    the regular file it points to is replaced (the link stays). Anything else (a
    named pipe, a device such as `/dev/full`, a socket, a folder) is refused, never
    replaced: it is a `UsageError`. A failure to write is the user's to fix (a full
    disk, no permission), so it is one line saying which file and why, and the
    target is left as it was.
    """
    target = Path(os.path.realpath(path))  # through symbolic links; a loop stays a loop
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise _cannot_write(path, error) from error
    if mode is not None and not stat.S_ISREG(mode):
        raise UsageError(
            f"{path}: {_file_kind(mode)}, not a regular file; nothing written",
            hint="accepted: a new file name or an existing regular file, which is replaced",
        )
    try:
        write_atomic(target, data)
    except OSError as error:
        raise _cannot_write(path, error) from error


def _cannot_write(path: Path, error: OSError) -> MedcliError:
    reason = _WRITE_REASONS.get(error.errno or 0) or error.strerror or error.__class__.__name__
    return MedcliError(
        f"cannot write {path}: {reason}; nothing written",
        hint="choose a file in a folder you can write to",
    )


def _file_kind(mode: int) -> str:
    """What a file that is no regular file is, in a word for people."""
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    )
    return next((word for test, word in kinds if test(mode)), "a special file")


# What a failed write means for the person who asked for it, by errno.
_WRITE_REASONS = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "not permitted",
    errno.ENOTDIR: "not a folder",
    errno.EISDIR: "is a folder",
    errno.EIO: "input/output error",
}
# SQLite's primary result codes (`sqlite_errorcode & 0xFF`) for the same failures.
_SQLITE_FULL, _SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM, _SQLITE_IOERR = 13, 8, 14, 3, 10


def write_failure(error: BaseException, folder: Path) -> str | None:
    """Why writing into *folder* failed, in words for people; None when *error* is no such failure.

    An `OSError` counts when it is about a path in *folder* (reading an input file
    that fails is the input's problem, reported with the input) or when it can only
    come from writing (a full disk, a read-only filesystem). A `sqlite3` error is
    the label store's, which lives in *folder*.
    """
    if isinstance(error, OSError):
        named = error.filename if isinstance(error.filename, str) else ""
        inside = bool(named) and _is_inside(Path(named), folder)
        if error.errno in (errno.ENOSPC, errno.EDQUOT, errno.EROFS) or inside:
            unwritable = (errno.ENOTDIR, errno.EROFS, errno.EACCES, errno.EPERM)
            where = _unwritable_reason(folder) if error.errno in unwritable else None
            return where or _WRITE_REASONS.get(error.errno or 0) or error.strerror or str(error)
        return None
    if type(error).__module__ != "sqlite3":
        return None
    code = (getattr(error, "sqlite_errorcode", None) or 0) & 0xFF  # Python 3.11+
    text = str(error)
    if code == _SQLITE_FULL or "full" in text:
        return _WRITE_REASONS[errno.ENOSPC]
    if code in (_SQLITE_READONLY, _SQLITE_CANTOPEN, _SQLITE_PERM) or "readonly" in text:
        return _unwritable_reason(folder) or f"SQLite cannot write there ({text})"
    if code == _SQLITE_IOERR or "disk I/O" in text:
        return _WRITE_REASONS[errno.EIO]
    return None


def _unwritable_reason(folder: Path) -> str | None:
    """Why *folder* cannot be written into, as `os.access` sees it (EROFS counts as well)."""
    probe = folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK):
        read_only = bool(os.statvfs(probe).f_flag & os.ST_RDONLY)
        reason = "read-only file system" if read_only else "no permission to write"
        return reason if probe == folder else f"{reason} ({probe})"
    return None


def _is_inside(path: Path, folder: Path) -> bool:
    return path.absolute() == folder.absolute() or folder.absolute() in path.absolute().parents


@contextlib.contextmanager
def replacing(path: Path, *, durable: bool = True) -> Iterator[Path]:
    """A temporary path beside *path*; when the block ends cleanly it replaces *path*.

    For writers that need a path rather than bytes (SQLite builds a database
    file). On any exception, Ctrl-C included, the temporary is removed and
    *path* is left as it was.
    """
    temporary: Path | None = None
    try:
        import tempfile  # only when writing: it costs start-up time of every lookup

        with _interrupts_held():  # a temporary is never made without being cleaned up
            handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
            os.close(handle)
            temporary = Path(name)
        yield temporary
        with _interrupts_held():  # the rename is not cut short half-way
            if durable:
                _sync(temporary)
            temporary.chmod(FILE_MODE)
            temporary.replace(path)
    except BaseException:
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
        raise


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove the temporaries of `replacing` that a killed run left in *folder*.

    Only names of its own pattern (`.NAME.XXXXXXXX.tmp`) older than
    `STALE_AFTER` seconds go: a younger one may belong to a run still going.
    """
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if moment - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            Path(entry.path).unlink()
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


def _sync(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)  # the bytes are on disk before the name is
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    """Defer Ctrl-C to the end of the block (signal handlers exist only in the main thread)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt


def move_into_place(source: Path, target: Path) -> None:
    """Move a file written in pieces (a download's `.part`) to *target*, synced and whole.

    The bytes reach the disk before the name does, so *target* is never a file cut
    short by a power cut; the file gets `FILE_MODE` like every other file medcli writes.
    """
    with _interrupts_held():
        _sync(source)
        source.chmod(FILE_MODE)
        source.replace(target)


@contextlib.contextmanager
def exclusive_lock(path: Path) -> Iterator[bool]:
    """Hold an exclusive lock on the file at *path* for the block; yields False when another
    process holds it (nothing waits). The kernel drops the lock when its holder dies, so a
    killed run never leaves the next one locked out. A lock file that cannot be made is
    one `MedcliError` line."""
    import fcntl

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
    except OSError as error:
        raise _cannot_write(path, error) from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        yield True
    finally:
        os.close(descriptor)
