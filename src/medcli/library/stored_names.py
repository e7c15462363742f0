"""Names of a label store close to a typed name, for "did you mean" at any store size.

A store may hold 250,000 labels and a million name keys: reading them all into
difflib on every miss would cost seconds. The candidates are instead the keys
that sort next to the typed one (a typo late in a name keeps it beside the right
key) and the keys sharing its first two characters, each run bounded: one
statement over the `names_key` index, a few hundred rows, whatever the size.
difflib then scores only those.

Not in `medcli.library.stored`, whose source is the store's schema fingerprint.
"""

from __future__ import annotations

import sqlite3

NEIGHBOURS = 200  # keys read on each side of the typed one
SAME_START = 400  # keys read that share its first two characters

_CLOSE = f"""
SELECT c.key, l.id FROM (
    SELECT * FROM (SELECT key, label FROM names WHERE key >= ?1 ORDER BY key LIMIT {NEIGHBOURS})
    UNION
    SELECT * FROM (SELECT key, label FROM names WHERE key < ?1 ORDER BY key DESC
                   LIMIT {NEIGHBOURS})
    UNION
    SELECT * FROM (SELECT key, label FROM names WHERE key >= ?2 AND key < ?3 ORDER BY key
                   LIMIT {SAME_START})
) c JOIN labels l ON l.rowid = c.label
"""


def candidate_names(db: sqlite3.Connection, key: str) -> list[tuple[str, str]]:
    """(name key, id) of the store's names that may be close to *key*: a bounded set."""
    start = key[:2]
    return db.execute(_CLOSE, (key, start, start + "\U0010ffff")).fetchall()
