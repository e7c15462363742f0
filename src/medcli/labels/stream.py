"""openFDA JSON as a stream of records, with bounded memory (ijson's C parser).

The file may be one API answer or bulk file (`{"meta": …, "results": [records]}`),
a list of records, or a bare record. Parser events are counted against the bytes
read: a record that grows past `MAX_RECORD_BYTES` is dropped while it is read
(its events are skipped to its end) and reported, so a 1 GB record costs no more
memory than a small one; a record nested deeper than `MAX_DEPTH` is dropped the
same way. A file that ends early (a truncated download) gives the
records before the break and one line saying where it broke.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

import ijson

from medcli.labels.documents import Document, Found, Refused

CHUNK = 64 * 1024
MAX_RECORD_BYTES = 64 * 1024 * 1024  # the largest real label record is a few MB
# Real records nest 3 deep (record, openfda, list). Deeper is refused here, as it is
# read, whatever the batch: converting or pickling it would exhaust the recursion limit.
MAX_DEPTH = 64
TOO_DEEP = f"nested over {MAX_DEPTH} deep; skipped"


class _Counted:
    """A binary stream that counts the bytes handed to the parser."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.count = 0

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(size)
        self.count += len(data)
        return data


def records(stream: IO[bytes], shown: str) -> Iterator[Found]:
    """Every record in the openFDA JSON *stream*, in order, or why one was not read."""
    counted = _Counted(stream)
    events = ijson.basic_parse(counted, use_float=True, buf_size=CHUNK)
    index = 0
    top: ijson.ObjectBuilder | None = None  # the document less its records (meta), or a bare record
    record: ijson.ObjectBuilder | None = None
    record_start = 0
    depth = 0
    item_depth: int | None = None  # the depth at which records start
    last_key: str | None = None
    skipping = False
    saw_records = False
    try:
        for event, value in events:
            if record is not None or skipping:
                if not skipping and record is not None:
                    record.event(event, value)
                    if counted.count - record_start > MAX_RECORD_BYTES:
                        record, skipping = None, True
                        index += 1
                        yield Refused(
                            f"{shown}#{index}",
                            "too-large",
                            f"record over {MAX_RECORD_BYTES:,} bytes; skipped",
                        )
                depth += _step(event)
                if record is not None and item_depth is not None and depth > item_depth + MAX_DEPTH:
                    record, skipping = None, True
                    index += 1
                    yield Refused(f"{shown}#{index}", "too-deep", TOO_DEEP)
                if depth == item_depth:
                    if record is not None:
                        index += 1
                        yield Document(f"{shown}#{index}", "openfda", record=record.value)
                    record, skipping = None, False
                continue
            if item_depth is not None and depth == item_depth and event == "start_map":
                record, record_start = ijson.ObjectBuilder(), counted.count
                record.event(event, value)
                depth += 1
                saw_records = True
                continue
            if item_depth is not None and depth == item_depth and event == "end_array":
                item_depth = None
                depth -= 1
                continue
            if depth == 0 and event == "start_array":
                item_depth = 1
                depth = 1
                continue
            if depth == 1 and event == "map_key":
                last_key = value
                if value == "results":
                    continue
            if depth == 1 and last_key == "results" and event == "start_array":
                item_depth = 2
                depth = 2
                last_key = None
                continue
            if top is None:
                top = ijson.ObjectBuilder()
            top.event(event, value)
            depth += _step(event)
            if depth > MAX_DEPTH and not saw_records:
                yield Refused(shown, "too-deep", TOO_DEEP)
                return
            if counted.count > MAX_RECORD_BYTES and not saw_records:
                yield Refused(
                    shown, "too-large", f"record over {MAX_RECORD_BYTES:,} bytes; skipped"
                )
                return
    except ijson.JSONError as error:
        where = (
            f"after {index:,} record{'' if index == 1 else 's'}" if saw_records else "at the start"
        )
        code = "truncated" if isinstance(error, ijson.IncompleteJSONError) else "bad-json"
        yield Refused(shown, code, f"JSON breaks off {where} ({_short(error)})")
        return
    if not saw_records and top is not None:
        bare = top.value
        if isinstance(bare, dict) and "meta" in bare and "set_id" not in bare:
            yield Refused(shown, "no-records", "an openFDA answer without results")
            return
        yield Document(shown, "openfda", record=bare)


def _step(event: str) -> int:
    return (
        1
        if event in ("start_map", "start_array")
        else -1
        if event in ("end_map", "end_array")
        else 0
    )


def _short(error: Exception) -> str:
    text = " ".join(str(error).split())
    return text[:120] if text else error.__class__.__name__
