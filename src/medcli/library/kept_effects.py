"""What a rebuild of the side-effect rows reads of a kept monograph: the part before its label.

A stored monograph is JSON in the model's field order (`medcli.model.Monograph`),
so the label (its sections and tables, about 79% of the 117 kB of a shared
label) comes last, after everything the effect rows are made of: the side
effects, the per-trial rates and the sources. So the kept bytes are inflated only
up to `"label":` and the part before it decoded alone: 0.10 ms a label instead of
0.29 ms to inflate, and msgspec's scan over a fifth of the text.

As every derived row, made from the kept bytes without the input text gate
(`medcli.library.derived.kept` says why that is safe).
"""

from __future__ import annotations

import zlib

import msgspec

from medcli.model import Monograph, Rate, SideEffect, Source

LABEL_KEY = b',"label":{'  # a key only at the top: every other "label" is inside a string
STEP = 16_384  # bytes inflated at a time, looking for the label


class EffectsPart(msgspec.Struct):
    """What side-effect rows are made of (`derived.derived_rows`, `effects_context`): the
    fields of a monograph before its label (a test keeps them there), the rest skipped."""

    side_effects: list[SideEffect] = []
    sources: list[Source] = []
    adverse_reaction_rates: list[Rate] = []


def effects_part(data: bytes, drug_id: str, name: str) -> Monograph:
    """The side effects, rates and sources of the kept monograph *data* (compressed), as a
    monograph holding only them."""
    try:
        part = msgspec.json.decode(before_label(data), type=EffectsPart)
    except msgspec.DecodeError:  # not cut where expected: read it all (no store seen so far)
        part = msgspec.json.decode(zlib.decompress(data), type=EffectsPart)
    return Monograph(
        schema_version=1,
        id=drug_id,
        name=name,
        side_effects=part.side_effects,
        sources=part.sources,
        adverse_reaction_rates=part.adverse_reaction_rates,
    )


def before_label(data: bytes) -> bytes:
    """The JSON object compressed as *data*, inflated up to its top-level `label` field and
    closed there; all of it when it has none."""
    inflate = zlib.decompressobj()
    text = bytearray()
    rest = data
    while rest:
        start = max(0, len(text) - len(LABEL_KEY) + 1)
        text += inflate.decompress(rest, STEP)
        rest = inflate.unconsumed_tail
        cut = text.find(LABEL_KEY, start)
        if cut >= 0:
            return bytes(text[:cut]) + b"}"
    return bytes(text + inflate.flush())
