"""openFDA JSON as a stream of records' bytes, with bounded memory.

The file may be one API answer or bulk file (`{"meta": …, "results": [records]}`),
a list of records, or a bare record. The main process finds where each record of
the list ends without scanning it from Python (`_Window.record`: a regular
expression proposes the end, msgspec checks the bytes are whole JSON without
building them, about 0.1 ms a label) and hands on its bytes: the worker that
converts it parses them (`medcli.labels.convert`), so no record is built,
pickled and unpickled on the way (ijson and pickle cost 0.9 ms a label). What
lies around the list (`meta`, or a bare record) is scanned for its brackets and
strings and parsed once whole. A record that grows past `MAX_RECORD_BYTES` is
dropped while it is read (its bytes let go as they pass) and reported, so a 1 GB
record costs no more memory than a small one; one nested too deep for msgspec
(or a bare record deeper than `MAX_DEPTH`) is dropped the same way. A file that
ends early (a truncated download), that is no JSON (a record's bytes, brackets
that do not match, data after its end) gives the records before the break and
one line saying where it broke.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import IO

import msgspec

from medcli.labels.documents import Document, Found, Refused

CHUNK = 256 * 1024
MAX_RECORD_BYTES = 64 * 1024 * 1024  # the largest real label record is a few MB
# Real records nest 3 deep (record, openfda, list). A bare record deeper is refused here,
# as it is read; one in a list, when msgspec cannot read it (RecursionError).
MAX_DEPTH = 64
TOO_DEEP = f"nested over {MAX_DEPTH} deep; skipped"
_REFUSALS = {
    "too-deep": "nested too deep to read; skipped",
    "too-large": f"record over {MAX_RECORD_BYTES:,} bytes; skipped",
}
MAX_TRIES = 16  # places a record may end, tried with msgspec before it is scanned
KEY_BYTES = 16  # a string at most this long is kept while it is read: it may be `results`

_STRUCTURE = re.compile(rb'["{}\[\]]')  # what opens or closes a level, or a string
_STRING_BODY = re.compile(rb'[^"\\]*+(?:\\.[^"\\]*+)*+', re.DOTALL)  # up to the closing quote
# Where a record in a list may end: a brace, then the next record or the list's end.
_RECORD_END = re.compile(rb"\}[ \t\r\n]*+(?:,[ \t\r\n]*+\{|\])")
_RECORD_END_CUT = re.compile(rb"\}[ \t\r\n]*+(?:,[ \t\r\n]*+)?+")  # such an end cut off
_SPACE = b" \t\r\n"
_OPENER = {ord("}"): ord("{"), ord("]"): ord("[")}
_CLOSERS = bytes.maketrans(b"{[", b"}]")
_BOM = b"\xef\xbb\xbf"


def records(stream: IO[bytes], shown: str) -> Iterator[Found]:
    """Every record in the openFDA JSON *stream*, in order, or why one was not read."""
    return _Reader(stream, shown).records()


class _Broken(Exception):
    """The stream is no JSON from here on: truncated, or badly formed."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code


class _TooLarge(Exception):
    """What lies around the records grew past `MAX_RECORD_BYTES`."""


class _Window:
    """The stream read a chunk at a time, keeping only what is still wanted.

    Offsets are absolute (bytes from the start of the stream). Kept: the record
    being read (from `record_from`), a short string being read (it may be a key),
    and the bytes around the records, copied out to `around` as they pass while
    `around_from` is set.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.buffer = bytearray()
        self.base = 0  # the offset of buffer[0]
        self.at = 0  # the next byte to scan, as an index in the buffer
        self.record_from: int | None = None
        self.string_from: int | None = None
        self.oversized = False  # the record being read passed MAX_RECORD_BYTES and was let go
        self.around = bytearray()
        self.around_from: int | None = 0

    def offset(self) -> int:
        return self.base + self.at

    def more(self) -> bool:
        """Read the next chunk, dropping what is no longer kept; False at the end."""
        chunk = self.stream.read(CHUNK)
        if not chunk:
            return False
        if self.around_from is not None:
            self.around += self.buffer[self.around_from - self.base :]
            self.around_from = self.base + len(self.buffer)
            if len(self.around) > MAX_RECORD_BYTES:
                raise _TooLarge
        kept = [self.offset(), self.record_from, self.string_from]
        keep = min(offset for offset in kept if offset is not None)
        del self.buffer[: keep - self.base]
        self.at -= keep - self.base
        self.base = keep
        self.buffer += chunk
        if self.record_from is not None and len(self.buffer) > MAX_RECORD_BYTES:
            self.record_from, self.oversized = None, True
        return True

    def token(self) -> int:
        """The next structural byte (`{}[]"`), consumed; -1 at the end of the stream."""
        while True:
            found = _STRUCTURE.search(self.buffer, self.at)
            if found is not None:
                self.at = found.end()
                return self.buffer[found.start()]
            self.at = len(self.buffer)
            if not self.more():
                return -1

    def string(self) -> bytes | None:
        """Read past a string whose opening quote was consumed: its bytes when it is short."""
        start = self.string_from = self.offset()
        while True:
            body = _STRING_BODY.match(self.buffer, self.at)
            end = body.end() if body is not None else self.at
            if end < len(self.buffer) and self.buffer[end] == ord('"'):
                self.at, self.string_from = end + 1, None
                short = self.base + end - start <= KEY_BYTES
                return bytes(self.buffer[start - self.base : end]) if short else None
            self.at = end
            if self.offset() - start > KEY_BYTES:
                self.string_from = None
            if not self.more():
                raise _Broken("truncated", "it ends inside a string")

    def next_byte(self) -> int:
        """The next byte that is not white space, left unread; -1 at the end."""
        while True:
            while self.at < len(self.buffer) and self.buffer[self.at] in _SPACE:
                self.at += 1
            if self.at < len(self.buffer):
                return self.buffer[self.at]
            if not self.more():
                return -1

    def record(self, start: int) -> bytes | str:
        """The record whose `{` is at *start*, read to its end: its bytes, or why it was
        refused ("too-large", "too-deep").

        No byte of it is scanned from Python: the first place where a brace is followed
        by the next record or the list's end is tried as its end with msgspec, which
        checks it is whole JSON without building it. A try that ends inside a string or
        an inner object says "truncated": the record goes on to the next such place.
        JSON being read in order, a whole prefix that parses is the record itself. After
        `MAX_TRIES` such places (a text full of "}, {") or past `MAX_RECORD_BYTES`, its
        end is found bracket by bracket instead, so no record costs more than a scan.
        """
        self.record_from, tried = start, self.offset()  # offsets: the buffer moves as it is read
        tries = 0
        try:
            while tries < MAX_TRIES:
                end = _RECORD_END.search(self.buffer, tried - self.base)
                if end is None:
                    tried = self.base + self._undecided(tried - self.base)
                    if not self.more():
                        raise _Broken("truncated", "it ends inside a record")
                    if self.oversized:
                        break
                    continue
                tried, tries = self.base + end.start() + 1, tries + 1
                if tried - start > MAX_RECORD_BYTES:
                    self.record_from, self.oversized = None, True
                    break
                try:
                    return self._whole(start, tried)
                except _Broken as broken:
                    if broken.code != "truncated":
                        raise
            self._scan_to_end()
            if self.oversized or self.offset() - start > MAX_RECORD_BYTES:
                return "too-large"
            return self._whole(start, self.offset())
        except RecursionError:
            return "too-deep"
        finally:
            self.record_from, self.oversized = None, False

    def _whole(self, start: int, end: int) -> bytes:
        """The bytes from *start* to *end* when they are whole JSON (the scan moves to
        *end*); `_Broken` "truncated" when they stop short, "bad-json" when they are not."""
        data = bytes(self.buffer[start - self.base : end - self.base])
        try:
            msgspec.json.decode(data, type=msgspec.Raw)
        except RecursionError:
            self.at = end - self.base
            raise
        except msgspec.DecodeError as error:
            short = str(error).startswith("Input data was truncated")
            raise _Broken("truncated" if short else "bad-json", str(error)) from error
        self.at = end - self.base
        return data

    def _scan_to_end(self) -> None:
        """Move past the record whose `{` was just read, bracket by bracket."""
        depth = 1
        while depth:
            byte = self.token()
            if byte == -1:
                raise _Broken("truncated", "it ends inside a record")
            if byte == ord('"'):
                self.string()
            else:
                depth += 1 if byte in b"{[" else -1

    def _undecided(self, tried: int) -> int:
        """Where to go on looking for a record's end once more is read: a brace that
        ends the buffer with only space or a comma after it may end the record."""
        last = self.buffer.rfind(b"}", tried)
        cut = _RECORD_END_CUT.match(self.buffer, last) if last >= 0 else None
        return last if cut is not None and cut.end() == len(self.buffer) else len(self.buffer)

    def stop_around(self, until: int) -> None:
        """Copy out the bytes around the records up to *until*, then copy no more."""
        if self.around_from is not None:
            self.around += self.buffer[self.around_from - self.base : until - self.base]
        self.around_from = None

    def resume_around(self, since: int) -> None:
        self.around_from = since


class _Reader:
    """One file's records, found by their brackets, with how many were found so far."""

    def __init__(self, stream: IO[bytes], shown: str) -> None:
        self.window = _Window(stream)
        self.shown = shown
        self.index = 0  # records handed on or refused
        self.listed = False  # a list of records was found
        self.started = False  # a record in it was

    def records(self) -> Iterator[Found]:
        try:
            yield from self._scan()
        except _Broken as broken:
            where = f"after {self.index:,} record{'' if self.index == 1 else 's'}"
            where = where if self.started else "at the start"
            yield Refused(self.shown, broken.code, f"JSON breaks off {where} ({broken})")
        except _TooLarge:
            yield Refused(self.shown, "too-large", f"over {MAX_RECORD_BYTES:,} bytes; skipped")

    def _next(self) -> str:
        self.index += 1
        return f"{self.shown}#{self.index}"

    def _scan(self) -> Iterator[Found]:
        window = self.window
        opened = bytearray()  # the brackets open, outermost first
        item_depth: int | None = None  # the depth at which records stand
        while True:
            byte = window.token()
            if byte == -1:
                if opened:
                    raise _Broken("truncated", "it ends inside a bracket")
                break
            if byte == ord('"'):
                key = window.string()
                if opened == b"{" and key == b"results" and self._opens_list():
                    item_depth = 2
                continue
            start = window.offset() - 1
            if byte in _OPENER:
                if not opened or opened[-1] != _OPENER[byte]:
                    raise _Broken("bad-json", f"a {chr(byte)!r} that closes nothing open")
                opened.pop()
                if item_depth is not None and len(opened) == item_depth - 1:
                    item_depth = None  # the list of records ends: what follows is around them
                    window.resume_around(start)
                if not opened:
                    break
                continue
            opened.append(byte)
            depth = len(opened)
            if item_depth is not None and depth == item_depth + 1:
                if byte == ord("{"):
                    self.started = True
                    read = window.record(start)
                    if isinstance(read, bytes):
                        yield Document(self._next(), "openfda", data=read)
                    else:
                        yield Refused(self._next(), read, _REFUSALS[read])
                    opened.pop()
            elif (depth == 1 and byte == ord("[")) or depth == item_depth:
                item_depth, self.listed = depth, True
                window.stop_around(start + 1)  # what is around so far must be JSON
                _decoded(bytes(window.around) + bytes(reversed(opened)).translate(_CLOSERS))
            elif depth > MAX_DEPTH and not self.listed:
                yield Refused(self.shown, "too-deep", TOO_DEEP)
                return
        if window.next_byte() != -1:
            raise _Broken("bad-json", "it goes on after its end")
        window.stop_around(window.offset())
        around = _decoded(bytes(window.around))
        if self.listed and isinstance(around, dict):
            around.pop("results", None)  # the list of records, found empty
        if not self.started and isinstance(around, dict):
            yield from _bare(around, self.shown)

    def _opens_list(self) -> bool:
        """Whether the key just read has a list for its value (the next token opens it)."""
        window = self.window
        if window.next_byte() != ord(":"):
            return False
        window.at += 1
        return window.next_byte() == ord("[")


def _decoded(data: bytes) -> object:
    try:
        return msgspec.json.decode(data.removeprefix(_BOM))
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise _Broken("bad-json", str(error)) from error


def _bare(around: dict[str, object], shown: str) -> Iterator[Found]:
    """A file without records in a list: a bare record, or an answer that has none."""
    if "meta" in around and "set_id" not in around:
        yield Refused(shown, "no-records", "an openFDA answer without results")
        return
    yield Document(shown, "openfda", data=msgspec.json.encode(around))
