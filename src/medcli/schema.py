"""The JSON Schema of the monograph, generated from the model so the two never disagree."""

from __future__ import annotations

import msgspec

from medcli.model import Monograph


def monograph_schema() -> bytes:
    schema = msgspec.json.schema(Monograph)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "medcli monograph, schema version 1"
    return msgspec.json.format(msgspec.json.encode(schema), indent=2)
