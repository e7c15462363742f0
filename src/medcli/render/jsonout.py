"""JSON for machines: one document, Decimals written as JSON numbers."""

from __future__ import annotations

from typing import Any

import msgspec

_encoder = msgspec.json.Encoder(decimal_format="number", order="deterministic")


def to_json(value: Any) -> bytes:
    """Indented JSON of *value* (structs, dicts, lists, Decimals)."""
    return msgspec.json.format(_encoder.encode(value), indent=2)
