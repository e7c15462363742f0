"""JSON for machines: one document, Decimals written as JSON numbers, text cleaned."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import msgspec

from medcli.sanitize import clean_json

_encoder = msgspec.json.Encoder(decimal_format="number", order="deterministic")


def to_json(value: Any) -> bytes:
    """Indented JSON of *value* (structs, dicts, lists, Decimals), through the text gate."""
    return msgspec.json.format(clean_json(_encoder.encode(value)), indent=2)


def to_json_stream(
    document: dict[str, Any], key: str, items: Iterable[Any], chunk: int = 64
) -> Iterator[bytes]:
    """`to_json({**document, key: list(items)})`, byte for byte, written *chunk* items at a
    time: the first items reach the pipe before the last is read, and memory holds a chunk.
    """
    import itertools

    keys = sorted([*document, key])
    before = [_member(name, document[name]) for name in keys[: keys.index(key)]]
    after = [_member(name, document[name]) for name in keys[keys.index(key) + 1 :]]
    head = b"{\n" + b"".join(member + b",\n" for member in before) + b'  "' + key.encode()
    first = True
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, chunk)):
        # Items of a list at the document's second level: the list's own lines, indented.
        lines = to_json(batch)[2:-2].replace(b"\n", b"\n  ")
        yield (head + b'": [\n  ' if first else b",\n  ") + lines
        first = False
    tail = b"".join(b",\n" + member for member in after) + b"\n}"
    yield (head + b'": []' if first else b"\n  ]") + tail


def _member(name: str, value: Any) -> bytes:
    """`  "name": value` as it stands in an indented document of several keys."""
    return to_json({name: value})[2:-2]
