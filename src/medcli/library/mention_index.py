"""The label store's `mentions` rows: what an interaction check reads of each label.

One row per stored label with label sections (`medcli.interactions.mentions`), made
by `derived.derived_rows` in the import's workers and in a rebuild, so `medcli
interactions` reads one small row per drug instead of decoding its monograph and
compiling the class-sentence pattern. A label without sections has no row, and a store
that could not be brought up to date may lack the table: the caller then reads the
monograph, as it does for a label kept as a file.
"""

from __future__ import annotations

import sqlite3
import zlib

import msgspec

from medcli.interactions.mentions import Mentions, pack, unpack
from medcli.model import Monograph


def mention_row(monograph: Monograph) -> bytes | None:
    """The `mentions` row of *monograph*, or None when it has no label sections."""
    from medcli.interactions.reading import mentions_of  # compiles the class patterns

    found = mentions_of(monograph)
    return pack(found) if found is not None else None


def stored_mentions(db: sqlite3.Connection, drug_id: str) -> Mentions | None:
    """What a check reads of the label stored under *drug_id*; None when the store has
    no row for it (no label sections, or a store of older code read as it is)."""
    try:
        row = db.execute(
            "SELECT m.data FROM labels l JOIN mentions m ON m.label = l.rowid WHERE l.id = ?",
            (drug_id,),
        ).fetchone()
    except sqlite3.OperationalError:  # no `mentions` table: a store of older code
        return None
    if row is None:
        return None
    try:
        return unpack(row[0])
    except (msgspec.DecodeError, zlib.error):  # rows of other code, kept in a read-only store
        return None
