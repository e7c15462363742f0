"""Looking at the library's folders: one stat per monograph file, summed up per folder.

Which of several files of one id the library uses (`shadowed_files`) is decided here too,
from the scans alone.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator, Sequence

import msgspec

from medcli.library.folders import Folder, is_monograph_name, monograph_id
from medcli.library.parsed_cache import RACY_WINDOW_NS

# (file name, id, mtime_ns, ctime_ns, size): a plain tuple, made thousands of times a command.
FileStat = tuple[str, str, int, int, int]


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
    # Files named as monographs whose name is no id: not read, but an answer kept for the
    # fast path counts them (`medcli.fast.contents_facts`), so it cannot use this summary.
    unread: int = 0

    @property
    def settled(self) -> bool:
        """Whether nothing changed so recently that an equal summary could hide an edit."""
        return self.newest < self.horizon

    def recent(self, horizon: int) -> list[FileStat]:
        """Files stamped at or after *horizon*: every file changed since a scan at that time."""
        # ctime only: the kernel sets it to the present on every change, while an mtime can
        # be set to any date (`touch -d 2031-01-01`) and would look recent for years.
        return [file for file in self.files if file[3] >= horizon]


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
    unread = 0
    with _directory_fd(key) as fd:
        for name in names:
            drug = monograph_id(name)
            if drug is None:
                unread += is_monograph_name(name)
                continue
            path = name if fd is not None else f"{key}{os.sep}{name}"
            try:
                info = os.stat(path, dir_fd=fd)
            except OSError:  # a dangling link, say: recorded, then reported as unreadable
                try:
                    info = os.lstat(path, dir_fd=fd)
                except OSError:
                    continue  # removed since the listing
            append((name, drug, info.st_mtime_ns, info.st_ctime_ns, info.st_size))
    summary = (directory.st_ino, directory.st_mtime_ns, len(files), *stat_sums(files))
    newest = max(directory.st_ctime_ns, max((f[3] for f in files), default=0))
    return FolderScan(folder, key, files, summary, now_ns - RACY_WINDOW_NS, newest, unread)


def stat_sums(files: Sequence[FileStat]) -> tuple[int, int, int]:
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


def shadowed_files(scans: list[FolderScan]) -> list[tuple[str, str]]:
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
