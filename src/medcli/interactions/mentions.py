"""What an interaction check reads of one label, as the label store keeps it.

A check of five drugs needs, of each label, only its passages (sentences and table
rows of the boxed warning and sections 4, 5, 7 and 12.3, already cut and through the
text gate), its own names and the terms other labels may name its drug by (names and
the classes its own label gives it, already extracted). `medcli.interactions.reading`
makes this from a monograph once, at import (the store's derived `mentions` group,
`medcli.library.derived`), so a check reads a few small rows instead of decoding whole
monographs and compiling the class-sentence pattern. The types here are plain
structs, cheap to import: nothing in this module compiles a pattern.
"""

from __future__ import annotations

import zlib

import msgspec

STRENGTHS = ("strong", "moderate", "weak", "potent", "sensitive")
# zlib level 1, as the store's monographs (`library.label_rows.COMPRESSION`): 0.2 ms a
# label at import where level 6 takes 0.5, for rows 14% larger (7.2 kB, not 6.3).
_LEVEL = 1


class DrugClass(msgspec.Struct, frozen=True, array_like=True):
    """A class a drug's label puts it in, and where the label says so."""

    name: str  # how it is shown: "CYP3A4 inhibitor", "Kinase Inhibitor"
    pattern: str  # a regular expression for the class in another label's prose
    evidence: str  # the pharm class as openFDA gives it, or the label's own sentence
    field: str  # "pharm class" or the section number the sentence is in
    strength: str | None = None  # "strong" when the label's sentence says so
    needles: tuple[str, ...] = ()  # lowercase words every mention holds (see `Term`)


class Term(msgspec.Struct, frozen=True, array_like=True):
    """One way another label may name a drug: a name, or a class the drug belongs to."""

    text: str  # the name or class as shown
    kind: str  # "generic name", "brand name", "active ingredient" or "class"
    pattern: str
    drug_class: DrugClass | None = None
    # Lowercase words every match holds: a text without them is not searched (most
    # labels never name a given drug, and `in` is far cheaper than a regular expression,
    # which Python's `re` runs character by character when it ignores case).
    needles: tuple[str, ...] = ()


class MentionPiece(msgspec.Struct, frozen=True, array_like=True):
    """A sentence or table row of a section read, as a passage shows it."""

    rank: str  # `passages.RANKS`
    section: str | None  # its section's number ("5.2"); the boxed warning has none
    section_title: str
    text: str
    table: str | None = None  # the caption of the table a row is in ("" without one)


class Mentions(msgspec.Struct, frozen=True, array_like=True):
    """One label as an interaction check reads it: who it is, its passages, its names
    (never a match in its own text) and the terms other labels name its drug by."""

    id: str
    name: str
    set_id: str
    title: str | None
    version: str | None
    effective_time: str | None
    pieces: list[MentionPiece]
    own: list[str]  # its own names, every form, casefolded
    terms: list[Term]  # names first, then classes


def pack(mentions: Mentions) -> bytes:
    """*mentions* as kept in the store: msgpack, zlib-compressed."""
    return zlib.compress(msgspec.msgpack.encode(mentions), _LEVEL)


def unpack(data: bytes) -> Mentions:
    """A kept row back; `msgspec.ValidationError` (or `zlib.error`) when it is not one."""
    return msgspec.msgpack.decode(zlib.decompress(data), type=Mentions)
