"""JSON Schemas generated from the types the JSON is written from, so the two never disagree.

`--json` writes every `Decimal` as a JSON number (`render/jsonout.py`), exactly as
the value is; msgspec's schema of a `Decimal` is a string, so each is typed here
as the number the document holds.
"""

from __future__ import annotations

from typing import Any

import msgspec

from medcli.model import Monograph


def json_schema(kind: Any, title: str) -> dict[str, Any]:
    """The JSON Schema of the JSON `to_json` writes of a *kind* (a struct, a TypedDict…)."""
    schema: dict[str, Any] = msgspec.json.schema(kind)
    _decimals_as_numbers(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = title
    return schema


def monograph_schema() -> bytes:
    schema = json_schema(Monograph, "medcli monograph, schema version 1")
    return msgspec.json.format(msgspec.json.encode(schema), indent=2)


def _decimals_as_numbers(node: Any) -> None:
    if isinstance(node, dict):
        if node.get("type") == "string" and node.get("format") == "decimal":
            del node["format"]
            node["type"] = "number"
        for value in node.values():
            _decimals_as_numbers(value)
    elif isinstance(node, list):
        for item in node:
            _decimals_as_numbers(item)
