"""Finding the labels in what the user names: files read by their content, not their name.

An openFDA file (an API answer `{"meta", "results": [...]}`, a bare record, a
bulk file of thousands of records, or a list of records) is read as a stream of
JSON events (`medcli.labels.stream`): one record is built at a time and none
may grow past a limit, so memory stays bounded however big the file. An SPL
document is read whole (up to `MAX_XML_BYTES`). A zip is looked into, never
extracted: its members are read from the archive (a zip inside a zip, as
DailyMed packs its releases, too), so a member named `../../x` cannot write
anywhere, and is reported. A member whose size or compression ratio gives it
away as a zip bomb is refused before it is read.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, Literal

from medcli.labels.documents import Document, Found, Refused
from medcli.labels.spl import is_spl
from medcli.labels.stream import records
from medcli.library.files import open_stream

HEAD_BYTES = 64 * 1024
MAX_XML_BYTES = 256 * 1024 * 1024
MAX_INNER_ZIP_BYTES = 512 * 1024 * 1024
MAX_MEMBER_BYTES = 16 * 1024**3  # an openFDA bulk file unzips to about 1.5 GB
MAX_RATIO = 200  # JSON and XML compress about 10×; far more is a bomb
MAX_MEMBERS = 200_000
MAX_ZIP_DEPTH = 2
IGNORED_MEMBERS = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".pdf", ".xsl", ".css")


def sniff(head: bytes) -> Literal["zip", "json", "spl", "xml", "unknown"]:
    """What the first bytes of a file say it is."""
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] in (b"{", b"["):
        return "json"
    if text[:1] == b"<":
        return "spl" if is_spl(head) else "xml"
    return "unknown"


def from_file(
    path: Path,
    shown: str,
    opened: Callable[[IO[bytes]], None] | None = None,
    *,
    pipes: bool = False,
) -> Iterator[Found]:
    """The labels in the file at *path*: a regular file, or with *pipes* a pipe too.

    Anything else (a FIFO found in a folder, a socket, a device) is refused unopened.
    *opened* is handed the open file, so progress can ask how far it has been read.
    """
    try:
        stream = open_stream(path, pipes=pipes)
    except OSError as error:
        yield Refused(shown, "unreadable", error.strerror or error.__class__.__name__)
        return
    with stream:
        if opened is not None:
            opened(stream)
        yield from from_stream(stream, shown, depth=0)


def from_stream(stream: IO[bytes], shown: str, depth: int) -> Iterator[Found]:
    head = stream.read(HEAD_BYTES)
    kind = sniff(head)
    if kind == "zip":
        if not stream.seekable():  # a zip is read from its end, which a pipe cannot go back to
            yield Refused(shown, "not-seekable", "a zip cannot be read from a pipe; save it first")
            return
        stream.seek(0)
        yield from from_zip(stream, shown, depth)
        return
    if kind == "json":
        yield from records(_rewound(head, stream), shown)
        return
    if kind == "spl":
        data = head + stream.read(MAX_XML_BYTES + 1 - len(head))
        if len(data) > MAX_XML_BYTES:
            yield Refused(shown, "too-large", f"SPL document over {MAX_XML_BYTES:,} bytes")
            return
        yield Document(shown, "spl", data=data)
        return
    if kind == "xml":
        yield Refused(shown, "not-a-label", "XML, but not an SPL document (urn:hl7-org:v3)")
        return
    detail = "neither openFDA JSON, SPL XML nor a zip of them"
    if depth == 0 and not stream.seekable():  # `<(cat page.md)`: the name says nothing
        detail += "; a Markdown page is read from a file named *.md"
    yield Refused(shown, "unrecognised", detail)


def from_zip(stream: IO[bytes], shown: str, depth: int) -> Iterator[Found]:
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        yield Refused(shown, "bad-zip", str(error) or error.__class__.__name__)
        return
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            yield Refused(
                shown, "zip-bomb", f"{len(members):,} members; the limit is {MAX_MEMBERS:,}"
            )
            return
        for member in members:
            if member.is_dir() or member.filename.lower().endswith(IGNORED_MEMBERS):
                continue
            yield from _member(archive, member, f"{shown}!{member.filename}", depth)


def _member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, shown: str, depth: int
) -> Iterator[Found]:
    name = member.filename.replace("\\", "/")
    if name.startswith("/") or ".." in name.split("/") or ":" in name.split("/")[0]:
        yield Refused(
            shown, "unsafe-name", "member name leaves the archive (path traversal); not read"
        )
        return
    ratio = member.file_size / max(member.compress_size, 1)
    if member.file_size > MAX_MEMBER_BYTES or (ratio > MAX_RATIO and member.file_size > 1 << 20):
        yield Refused(
            shown,
            "zip-bomb",
            f"unzips to {member.file_size:,} bytes from {member.compress_size:,}; not read",
        )
        return
    try:
        with archive.open(member) as inner:
            head = inner.read(HEAD_BYTES)
            if sniff(head) == "zip":
                if depth + 1 >= MAX_ZIP_DEPTH:
                    yield Refused(shown, "zip-bomb", f"zips nested over {MAX_ZIP_DEPTH} deep")
                    return
                if member.file_size > MAX_INNER_ZIP_BYTES:
                    yield Refused(
                        shown, "too-large", f"inner zip over {MAX_INNER_ZIP_BYTES:,} bytes"
                    )
                    return
                data = head + inner.read()
                yield from from_zip(io.BytesIO(data), shown, depth + 1)
                return
            yield from from_stream(_rewound(head, inner), shown, depth)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        RuntimeError,
        NotImplementedError,
    ) as error:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression;
        # zlib.error: a damaged deflate stream (before its CRC can be checked).
        yield Refused(shown, "bad-zip", str(error) or error.__class__.__name__)


class _Rewound(io.RawIOBase):
    """A stream whose first bytes were read to sniff it, with them put back in front."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def read(self, size: int = -1) -> bytes:
        if self._head:
            if size < 0:
                data, self._head = self._head + self._rest.read(), b""
                return data
            data, self._head = self._head[:size], self._head[size:]
            return data
        return self._rest.read(size)

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _rewound(head: bytes, rest: IO[bytes]) -> IO[bytes]:
    return io.BufferedReader(_Rewound(head, rest), buffer_size=HEAD_BYTES)
