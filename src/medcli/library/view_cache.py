"""Rendered views kept as text, so showing a monograph again costs a file read, not a layout.

Laying out a long monograph with Rich (wrapping hundreds of paragraphs, tables
and lists) costs more than everything else `medcli show` does; `man` keeps
formatted pages for the same reason. A view is a pure function of the
monograph, the sections asked for, the console it is laid out for (width,
colour system, encoding) and the code that renders it, so all of those are in
its stamp: the code by its fingerprint (`medcli.library.fingerprint`), the
monograph by two checksums and the length of its JSON encoding. Any mismatch
is a miss, and the view is laid out again. Like the parsed cache it is an
optimisation only: a failure to read or write it is ignored. At most
`MAX_VIEWS` are kept; the oldest go first.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import msgspec

from medcli.library.files import read_regular_file, write_atomic
from medcli.library.fingerprint import view_fingerprint

MAX_VIEWS = 200
MAX_VIEW_BYTES = 32 << 20  # far above the longest label view
_FOLDER = "views"


class _Entry(msgspec.Struct, array_like=True):
    stamp: str
    text: str


_decoder = msgspec.msgpack.Decoder(_Entry)
_encoder = msgspec.msgpack.Encoder()


def view_identity(content: object, request: str) -> str:
    """What a view of *content* (a monograph, the side effects listed) depends on, apart from
    the console: code, content, request.

    crc32 and adler32 come with zlib, which is built in (hashlib costs 4 ms to
    import); with the length they make a 96-bit check of the content, and a
    collision of all three between two monographs is not a practical risk.
    """
    encoded = msgspec.json.encode(content)
    return (
        f"{view_fingerprint():08x}:{zlib.crc32(encoded):08x}:{zlib.adler32(encoded):08x}:"
        f"{len(encoded)}:{request}"
    )


class ViewCache:
    """The views of one cache folder, by stamp (a view's identity plus its console's)."""

    def __init__(self, cache_dir: Path) -> None:
        self.folder = cache_dir / _FOLDER

    def get(self, stamp: str) -> str | None:
        try:
            data = read_regular_file(self._slot(stamp), MAX_VIEW_BYTES)
            if len(data) > MAX_VIEW_BYTES:
                return None
            entry = _decoder.decode(data)
        except (OSError, msgspec.DecodeError, msgspec.ValidationError):
            return None
        return entry.text if entry.stamp == stamp else None

    def keep(self, stamp: str, text: str) -> None:
        data = _encoder.encode(_Entry(stamp, text))
        if len(data) > MAX_VIEW_BYTES:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._make_room()
            write_atomic(self._slot(stamp), data, durable=False)  # a lost view is a miss
        except OSError:
            return

    def _slot(self, stamp: str) -> Path:
        key = stamp.encode("utf-8", "surrogateescape")
        return self.folder / f"{zlib.crc32(key):08x}{zlib.adler32(key):08x}.msgpack"

    def _make_room(self) -> None:
        """Remove the oldest views until one more fits under `MAX_VIEWS` (only on a miss)."""
        with os.scandir(self.folder) as found:
            views = [entry for entry in found if entry.name.endswith(".msgpack")]
        if len(views) < MAX_VIEWS:
            return
        views.sort(key=lambda entry: entry.stat().st_mtime_ns)
        for entry in views[: len(views) - MAX_VIEWS + 1]:
            Path(entry.path).unlink(missing_ok=True)
