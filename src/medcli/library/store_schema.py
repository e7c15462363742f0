"""The label store's layout, numbered by hand, and the migrations from one layout to the next.

The store is the only copy of the labels a user imported (hours of work for a
whole library), so it is never dropped because other code opens it. Its
`PRAGMA user_version` is the number of the layout it has; `MIGRATIONS[n]` turns
a store of layout *n* into one of layout *n + 1*, all pending ones in one
transaction. As in sqlite-utils' migrations, a migration is a function of the
connection, run once, in order; where sqlite-utils records each by name in a
table (several apps may share a database), one linear list owned by medcli needs
only the count, which `user_version` holds. A store of a layout newer than this code knows
is never written (`StoreNewer`). Whether the derived tables are up to date is a
separate question, answered per table group by `medcli.library.derived`.

Stores written before layouts were numbered kept a 31-bit code checksum in
`user_version` (almost never below `CHECKSUMS_FROM`); their tables are layout 1's
(older ones may miss the `effective` columns), so they migrate as layout 0.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

import msgspec

from medcli.errors import MedcliError
from medcli.library import derived
from medcli.library.rebuild import forget

CHECKSUMS_FROM = 1 << 16  # a `user_version` this high is a pre-numbering checksum, not a layout

TRUTH_SQL = """
CREATE TABLE IF NOT EXISTS labels (  -- the newest version of each label
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    set_id TEXT,
    version TEXT,
    version_id TEXT,
    date TEXT,                     -- the day it was imported
    effective TEXT,                -- the label's effective date
    kind TEXT,
    title TEXT NOT NULL,
    aliases TEXT NOT NULL,
    drug_class TEXT,
    has_regimen INTEGER NOT NULL,
    note TEXT,                     -- side_effects_note, for side-effect views without the blob
    data BLOB NOT NULL             -- the monograph as JSON, zlib-compressed
);
CREATE INDEX IF NOT EXISTS labels_set ON labels (set_id, version);
CREATE TABLE IF NOT EXISTS versions (  -- the versions of a label other than its newest
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL,              -- the id the label is filed under (labels.id)
    set_id TEXT NOT NULL,
    version TEXT NOT NULL,
    version_id TEXT,
    date TEXT,
    effective TEXT,
    data BLOB NOT NULL,
    UNIQUE (set_id, version)
);
CREATE INDEX IF NOT EXISTS versions_id ON versions (id);
-- Checksums of the code that made each group of derived tables, and a rebuild's progress.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
"""


class StoreNewer(MedcliError):
    """The store has a layout newer than this medcli knows: read by none, written by none."""

    def __init__(self, path: object, found: int) -> None:
        super().__init__(
            f"{path}: written by a newer medcli (schema {found}); this one reads up to"
            f" {SCHEMA_VERSION}",
            hint="upgrade medcli to use these labels; they are kept as they are",
        )
        self.found = found


def layout(db: sqlite3.Connection) -> int:
    """The layout number of the store on *db*: 0 for a new file or a pre-numbering store."""
    version = int(db.execute("PRAGMA user_version").fetchone()[0])
    return 0 if version >= CHECKSUMS_FROM else version


def _layout_1(db: sqlite3.Connection) -> None:
    """Truth tables, derived tables and `meta`; a pre-numbering store keeps its rows and
    gains the columns it may lack. No derived checksum is recorded, so its derived
    tables (made by unknown code) are rebuilt before they are used."""
    derived.execute_script(db, TRUTH_SQL)
    derived.create(db)
    for table in ("labels", "versions"):
        present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
        if "effective" not in present:
            db.execute(f"ALTER TABLE {table} ADD COLUMN effective TEXT")
            _fill_effective(db, table)


class _Dated(msgspec.Struct):
    effective_time: str | None = None


class _Labelled(msgspec.Struct):
    label: _Dated | None = None


def _fill_effective(db: sqlite3.Connection, table: str) -> None:
    """The `effective` column of a store made before it existed, from each monograph."""
    import zlib

    decode = msgspec.json.Decoder(_Labelled).decode
    for rowid, data in db.execute(f"SELECT rowid, data FROM {table}").fetchall():
        found = decode(zlib.decompress(data)).label
        if found is not None and found.effective_time is not None:
            db.execute(
                f"UPDATE {table} SET effective = ? WHERE rowid = ?", (found.effective_time, rowid)
            )


SOURCES_SQL = """
CREATE TABLE IF NOT EXISTS sources (  -- each label version's document, as the import read it
    rowid INTEGER PRIMARY KEY,
    set_id TEXT NOT NULL,
    version TEXT,
    format TEXT NOT NULL,          -- json: an openFDA record; spl: an SPL document's XML
    shown TEXT NOT NULL,           -- where it was read, as the monograph's sources name it
    data BLOB NOT NULL,            -- zlib-compressed
    UNIQUE (set_id, version)
);
"""


def _layout_2(db: sqlite3.Connection) -> None:
    """Each label's document kept (`sources`, for `medcli rebuild`; none for the labels
    already held: an import of them again keeps theirs), and searchable text without a
    second copy of it (contentless FTS5 `docs`): that group is marked as made by other
    code, so the rebuild that follows every migration makes its new table from the
    labels and swaps it in. The labels' rows are not touched."""
    derived.execute_script(db, SOURCES_SQL)
    forget(db, derived.DOCS)


def _layout_3(db: sqlite3.Connection) -> None:
    """Side-effect rows in a rowid table (`effects`, with an index on label and position)
    rather than a `WITHOUT ROWID` one, whose long rows each spilled onto a mostly empty
    page: 0.41× of the JSON imported became 0.28×. The group is marked as made by other
    code, so the rebuild that follows the migration makes the new table from the labels
    and swaps it in, as layout 2 did for `docs`. The labels' rows are not touched."""
    forget(db, derived.EFFECTS)


# MIGRATIONS[n] brings a store of layout n to layout n + 1. Append; never edit one released.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_layout_1, _layout_2, _layout_3]
SCHEMA_VERSION = len(MIGRATIONS)


def migrate(db: sqlite3.Connection, path: object) -> None:
    """Bring the store on *db* (autocommit, opened for writing) to `SCHEMA_VERSION`, in one
    transaction taken before the version is read, so two processes never both migrate."""
    db.execute("BEGIN IMMEDIATE")
    try:
        found = layout(db)
        if found > SCHEMA_VERSION:
            raise StoreNewer(path, found)
        for step in MIGRATIONS[found:]:
            step(db)
        if found < SCHEMA_VERSION:
            db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        db.execute("COMMIT")
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
