"""A cache of validated monographs, so a lookup needs neither PyYAML nor validation.

Parsing YAML costs more than the rest of `medcli show` together (importing
PyYAML alone is ~10 ms). Each monograph file that loaded cleanly is stored
here in msgpack, keyed by its path and checked against its size and
modification times and the fingerprint of the code that parses it
(`medcli.library.fingerprint`); any mismatch or unreadable entry is a miss and
the file is parsed again. The cache is an optimisation only: every failure
to read or write it is ignored.
"""

from __future__ import annotations

import functools
import os
import time
import zlib
from pathlib import Path

import msgspec

from medcli.library.files import read_regular_file, write_atomic
from medcli.library.fingerprint import loader_fingerprint
from medcli.model import Monograph


class _Entry(msgspec.Struct, array_like=True):
    stamp: str
    monograph: Monograph


MAX_ENTRY_BYTES = 64 << 20  # far above any monograph the loader accepts (5 MB of YAML)
RACY_WINDOW_NS = 2_000_000_000  # FAT keeps 2-second time stamps; ext4 and APFS far finer
_encoder = msgspec.msgpack.Encoder()


@functools.cache
def _decoder() -> msgspec.msgpack.Decoder[_Entry]:
    """Built on first use, not at import: over the whole Monograph type it costs ~25 M
    instructions, which a command that imports this module but reads no entry never pays."""
    return msgspec.msgpack.Decoder(_Entry)


def _stamp(path: Path, stat: os.stat_result) -> str:
    """What must not have changed: the parsing code, the file's identity, size and times."""
    return (
        f"{loader_fingerprint():08x}:{path.absolute()}:{stat.st_ino}:{stat.st_size}:"
        f"{stat.st_mtime_ns}:{stat.st_ctime_ns}"
    )


def _slot(cache_dir: Path, path: Path) -> Path:
    # crc32 (zlib is built in; hashlib costs 2 ms to import): a collision is only a miss,
    # because the stamp holds the whole path.
    name = str(path.absolute()).encode("utf-8", "surrogateescape")
    return cache_dir / "parsed" / f"{zlib.crc32(name):08x}-{len(name)}.msgpack"


def load_cached(cache_dir: Path, path: Path, expected_id: str | None = None) -> Monograph:
    """`load_monograph`, answered from the cache when the file has not changed.

    The file is stat'ed before it is read, so an edit made while it is being
    parsed leaves a stale stamp and is parsed again next time.
    """
    slot = _slot(cache_dir, path)
    try:
        stamp: str | None = _stamp(path, path.stat())
    except OSError:
        stamp = None  # the loader below says why the file cannot be read
    if stamp is not None:
        hit = _lookup(slot, stamp)
        if hit is not None:
            return hit
    from medcli.library.loader import load_monograph  # only on a miss: it imports PyYAML

    monograph = load_monograph(path, expected_id)
    if stamp is not None and not _too_recent(path):
        _store(slot, _Entry(stamp, monograph))
    return monograph


def _too_recent(path: Path) -> bool:
    """Whether *path* changed so lately that a second edit could share its time stamps.

    On file systems with coarse stamps (FAT: 2 s) an edit within the same tick
    keeps size, mtime and ctime; such a file is parsed again rather than cached
    (git's "racy clean" rule).
    """
    try:
        changed = path.stat().st_ctime_ns
    except OSError:
        return True
    return time.time_ns() - changed < RACY_WINDOW_NS


def _lookup(slot: Path, stamp: str) -> Monograph | None:
    try:
        data = read_regular_file(slot, MAX_ENTRY_BYTES)
        if len(data) > MAX_ENTRY_BYTES:
            return None
        entry = _decoder().decode(data)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError):
        return None
    return entry.monograph if entry.stamp == stamp else None


def _store(slot: Path, entry: _Entry) -> None:
    try:
        slot.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(slot, _encoder.encode(entry), durable=False)  # a lost entry is a miss
    except OSError:
        return
