"""What the index keeps of a monograph's side effects, and the view it gives back.

`side-effects --all-drugs` over thousands of files must not load each monograph:
the index keeps every side effect as a row (serious and frequency as columns,
the effect in msgpack) and, per file, the little else the multi-drug view shows
(`EffectsContext`); a label store keeps the same. Both are made here and read
back here, so this module is part of the index's and the store's fingerprints.
"""

from __future__ import annotations

import msgspec

from medcli.model import LABEL_KINDS, Monograph, Rate, SideEffect, Source

EffectRow = tuple[bool, str, bytes]  # (serious, frequency, the effect in msgpack)


class EffectsContext(msgspec.Struct, frozen=True, array_like=True, omit_defaults=True):
    """Besides its effects, what the multi-drug view shows of a monograph.

    The ids of its label sources (a source tag says "not label text" for the
    others) and its per-trial rates; most pages have neither, so most files keep
    no context at all.
    """

    label_sources: list[str] = []
    trial_rates: list[Rate] = []


def effect_rows(monograph: Monograph) -> tuple[EffectRow, ...]:
    encode = msgspec.msgpack.encode
    return tuple((e.serious, e.frequency, encode(e)) for e in monograph.side_effects)


def effects_context(monograph: Monograph) -> bytes | None:
    """The `EffectsContext` of *monograph* in msgpack; None when it is empty."""
    labels = [source.id for source in monograph.sources if source.kind in LABEL_KINDS]
    if not labels and not monograph.adverse_reaction_rates:
        return None
    return msgspec.msgpack.encode(EffectsContext(labels, monograph.adverse_reaction_rates))


class EffectsReader:
    """Turns rows back into a monograph holding what the multi-drug view shows: id, name,
    side effects, per-trial rates, and its label sources (titled by their id)."""

    def __init__(self) -> None:
        self._effect = msgspec.msgpack.Decoder(SideEffect).decode
        self._context = msgspec.msgpack.Decoder(EffectsContext).decode

    def effects(self, rows: list[bytes]) -> list[SideEffect]:
        return [self._effect(data) for data in rows]

    def monograph(
        self, drug: str, title: str, context: bytes | None, effects: list[SideEffect]
    ) -> Monograph:
        found = self._context(context) if context is not None else EffectsContext()
        labels = [Source(id=source, title=source, kind="label") for source in found.label_sources]
        return Monograph(
            schema_version=1, id=drug, name=title, sources=labels, side_effects=effects,
            adverse_reaction_rates=found.trial_rates,
        )  # fmt: skip
