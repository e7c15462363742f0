"""Imported labels kept in one SQLite file per library folder: the index is the store.

A folder of 250,000 JSON files would cost one stat per file before every indexed
command; `labels.sqlite` beside the hand-written files costs one stat per folder.
It holds each label's monograph (JSON, zlib-compressed), its name and alias keys,
its searchable text (FTS5) and its side effects as rows, all written in one
transaction per batch: a run stopped by Ctrl-C leaves the batches it committed
and nothing half-written, and the next run finds them unchanged and goes on.

Versions: `labels` holds the newest version of each label, and only it has name
keys, searchable text and side-effect rows, so an old version never shows up in
`search`, `list` or `side-effects`. Every other version imported is kept whole in
`versions`, keyed by (set id, version), for `show --label-version` and `diff`.

The store is the only copy of the labels imported, so it is never dropped: its
layout is numbered by hand and migrated (`medcli.library.store_schema`), and its
names, searchable text and side-effect rows, derived from the labels, are rebuilt
in place when the code that derives them changed (`medcli.library.rebuild`).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, cast

import msgspec

from medcli.labels.store import Held, version_order
from medcli.library import derived
from medcli.library.derived import decoded
from medcli.library.folders import STORE_FILE
from medcli.library.label_rows import COMPRESSION, LabelRows, label_rows
from medcli.library.rebuild import Progress, abandon_reconversion, rebuild, stale_groups
from medcli.library.store_schema import SCHEMA_VERSION, StoreNewer, layout, migrate
from medcli.model import Label, LabelSection, LabelTable, Monograph, SideEffect
from medcli.sanitize import clean_json
from medcli.search import COLUMNS, LABEL_COLUMNS, SECTION_COLUMNS, Snippet

if TYPE_CHECKING:
    from medcli.library.products import Identity

SQLITE_CORRUPT, SQLITE_NOTADB = 11, 26
BATCH = 500  # monographs per transaction: what a Ctrl-C can lose, and what a commit costs


class StoreStale(Exception):
    """The file is no label store SQLite can read (damaged, or not a database)."""


def connect(path: Path, *, write: bool, progress: Progress | None = None) -> sqlite3.Connection:
    """The store at *path*. Writing: made or migrated to this code's layout and its derived
    tables brought up to date (`medcli.library.rebuild`) before anything is written.
    Reading: opened as it is, never changed; `StoreNewer` when its layout is newer than
    this code knows, `StoreStale` when it is no store."""
    if write:
        connection = sqlite3.connect(str(path), isolation_level=None, timeout=60.0)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = NORMAL")
            migrate(connection, path)
            rebuild(connection, progress)
        except sqlite3.DatabaseError as error:
            connection.close()
            if getattr(error, "sqlite_errorcode", None) in (SQLITE_CORRUPT, SQLITE_NOTADB):
                raise StoreStale(str(error)) from error
            raise
        except BaseException:
            connection.close()
            raise
        return connection
    try:
        connection = _open_read_only(path)
        found = layout(connection)
    except sqlite3.DatabaseError as error:
        raise StoreStale(str(error)) from error
    if found > SCHEMA_VERSION:
        connection.close()
        raise StoreNewer(path, found)
    return connection


def open_to_read(
    path: Path, progress: Progress | None = None
) -> tuple[sqlite3.Connection, str | None]:
    """The store at *path* for lookups, upgraded first when this code's layout or derived
    tables differ from its own (the first command after an upgrade pays for it, once),
    and a warning when that cannot be done (a read-only folder): the labels then answer
    from the tables as they are, rather than not at all."""
    db = connect(path, write=False)
    if not _outdated(db):
        return db, None
    reason = "read-only"
    if not stale_groups(db)[0] and layout(db) == SCHEMA_VERSION and not _writable(path):
        return db, None  # only checksums to record: the tables are this code's
    if _writable(path):
        db.close()
        try:
            connect(path, write=True, progress=progress).close()
            return connect(path, write=False), None
        except (sqlite3.Error, OSError) as error:  # locked past the timeout, a full disk
            reason = str(error)
        db = connect(path, write=False)
    if not _readable_as_is(db):
        db.close()
        raise StoreStale(f"an older layout that cannot be brought up to date here ({reason})")
    return db, (
        f"{path} was written by another medcli and cannot be brought up to date ({reason});"
        " its labels answer, but names, search and side effects may differ from this version's"
    )


def _readable_as_is(db: sqlite3.Connection) -> bool:
    """Whether this code's queries run on the store as it is: the oldest stores, of before
    labels had effective dates, need their migration first."""
    try:
        db.execute("SELECT l.effective, v.effective FROM labels l, versions v LIMIT 0")
    except sqlite3.OperationalError:
        return False
    return True


def _outdated(db: sqlite3.Connection) -> bool:
    """Whether the store on *db* has an older layout or derived tables of other code (or
    checksums to record again, after an edit of that code's comments)."""
    return layout(db) < SCHEMA_VERSION or any(stale_groups(db))


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The store at *path* for reading, also in a folder or on a filesystem that is read-only.

    A store written in WAL mode needs its `-shm` file to be read; where that file
    cannot be made (a read-only folder, mount or medium) SQLite answers "unable to
    open database file". No writer can be at work there (a writer makes the file),
    so the store is then opened as immutable: read as it is, never locked or written.
    """
    uri = path.absolute().as_uri()
    try:
        connection = sqlite3.connect(f"{uri}?mode=ro", uri=True, isolation_level=None)
        connection.execute("PRAGMA schema_version").fetchone()
    except sqlite3.OperationalError:
        if _writable(path):
            raise
        connection = sqlite3.connect(f"{uri}?immutable=1", uri=True, isolation_level=None)
    return connection


def _writable(path: Path) -> bool:
    """Whether *path* and its folder can be written (False on a read-only filesystem)."""
    return os.access(path.parent, os.W_OK) and os.access(path, os.W_OK)


class _Probe(msgspec.Struct):
    id: str


class SqliteStore:
    """The import's `LabelStore` over one folder's `labels.sqlite`, committing every `BATCH`."""

    def __init__(self, folder: Path, *, dry_run: bool = False) -> None:
        self.folder = folder
        self.dry_run = dry_run
        self._db: sqlite3.Connection | None = None
        self._pending = 0

    def _connection(self) -> sqlite3.Connection:
        if self._db is None and self.dry_run:  # what is held, read only; else nothing
            path = self.folder / STORE_FILE
            try:
                self._db = connect(path, write=False) if path.is_file() else None
            except (StoreStale, StoreNewer):
                self._db = None
            if self._db is None:
                self._db = sqlite3.connect(":memory:", isolation_level=None)
                migrate(self._db, ":memory:")
        if self._db is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._db = connect(self.folder / STORE_FILE, write=True)
        return self._db

    def held(self, drug_id: str) -> Held | None:
        return self._held("labels WHERE id = ?", (drug_id,))

    def held_version(self, drug_id: str, version: str | None) -> Held | None:
        current = self.held(drug_id)
        if current is None or current.version == version:
            return current
        return self._held(
            "versions WHERE id = ? AND set_id = ? AND version IS ?",
            (drug_id, current.set_id, version),
        )

    def _held(self, where: str, params: tuple[str | None, ...]) -> Held | None:
        """The `Held` of the one row of `labels` or `versions` *where* picks, or None."""
        row = (
            self._connection()
            .execute(f"SELECT set_id, version, version_id, date, data FROM {where}", params)
            .fetchone()
        )
        if row is None:
            return None
        set_id, version, version_id, date, data = row
        return Held(set_id, version, version_id, date, zlib.decompress(data))

    def put(self, drug_id: str, data: bytes) -> None:
        """Keep *data* (a monograph as JSON) as the newest version of its label, or beside it
        when it is older."""
        self.put_rows(label_rows(drug_id, msgspec.json.decode(data, type=Monograph), data))

    def put_rows(self, rows: LabelRows) -> None:
        """Keep a monograph already made into its rows (by an import's worker): inserts only."""
        db = self._batch()
        drug_id = rows.id
        abandon_reconversion(db)
        current = db.execute(
            "SELECT set_id, version FROM labels WHERE id = ?", (drug_id,)
        ).fetchone()
        if current is not None and rows.set_id is not None and current[0] == rows.set_id:
            if version_order(rows.version) < version_order(current[1]):
                insert_version(db, rows)  # kept whole: no names, text or side-effect rows
                _put_source(db, rows)
                return self._count()
            if rows.version != current[1]:  # the newest so far becomes an older version
                db.execute(
                    "INSERT OR REPLACE INTO versions (id, set_id, version, version_id, date,"
                    " effective, data) SELECT id, set_id, version, version_id, date, effective,"
                    " data FROM labels WHERE id = ?",
                    (drug_id,),
                )
        elif current is not None:  # another label under this id: its versions go with it
            db.execute("DELETE FROM versions WHERE id = ?", (drug_id,))
            db.execute("DELETE FROM sources WHERE set_id = ?", (current[0],))
        _remove(db, drug_id)
        if rows.set_id is not None:
            db.execute(
                "DELETE FROM versions WHERE set_id = ? AND version IS ?",
                (rows.set_id, rows.version),
            )
        self._insert(db, rows)
        self._count()

    def identity(self, drug_id: str) -> Identity | None:
        """What decides the product of the label under *drug_id* (None: no label there)."""
        from medcli.library.products import identities

        found = identities(self._connection(), [drug_id])
        return found[0] if found else None

    def refile(self, drug_id: str, new_id: str) -> None:
        """Move the label under *drug_id*, every version of it, to the free id *new_id*:
        its monographs say their new id, its derived rows are made again under it."""
        db = self._batch()
        row = db.execute("SELECT data FROM labels WHERE id = ?", (drug_id,)).fetchone()
        monograph = msgspec.structs.replace(decoded(row[0]), id=new_id)
        data = clean_json(msgspec.json.encode(monograph))
        _remove(db, drug_id)
        self._insert(db, label_rows(new_id, monograph, data))
        for rowid, kept in db.execute(
            "SELECT rowid, data FROM versions WHERE id = ?", (drug_id,)
        ).fetchall():
            older = msgspec.structs.replace(decoded(kept), id=new_id)
            packed = zlib.compress(clean_json(msgspec.json.encode(older)), COMPRESSION)
            db.execute("UPDATE versions SET id = ?, data = ? WHERE rowid = ?",
                       (new_id, packed, rowid))  # fmt: skip

    def _insert(self, db: sqlite3.Connection, rows: LabelRows) -> None:
        """The newest version's row, its names, side effects, searchable text and document."""
        rowid = insert_label(db, rows)
        derived.insert_rows(db, rowid, rows.derived)
        _put_source(db, rows)

    def keep_source(self, rows: LabelRows) -> None:
        """Keep *rows*' document when none is kept for that label version yet."""
        if rows.source is None or rows.set_id is None:
            return
        db = self._batch()
        held = db.execute(
            "SELECT 1 FROM sources WHERE set_id = ? AND version IS ?", (rows.set_id, rows.version)
        ).fetchone()
        if held is None:
            _put_source(db, rows)
            self._count()

    def _batch(self) -> sqlite3.Connection:
        """The connection, inside the current batch's transaction (begun if none is)."""
        db = self._connection()
        if not db.in_transaction:
            db.execute("BEGIN IMMEDIATE")
        return db

    def _count(self) -> None:
        self._pending += 1
        if self._pending >= BATCH:
            self.commit()

    @property
    def uncommitted(self) -> int:
        """Labels put since the last commit: what a failure now would lose."""
        return self._pending  # SQLite may have rolled the batch back by itself (a full disk)

    def commit(self) -> None:
        """Make what was put so far durable (the end of a batch, or of the run)."""
        if self._db is not None and self._db.in_transaction:
            self._db.execute("COMMIT")
        self._pending = 0

    def close(self) -> None:
        """Roll back an unfinished batch (Ctrl-C) and let go of the file."""
        if self._db is not None:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._db.close()
            self._db = None


def insert_label(
    db: sqlite3.Connection, rows: LabelRows, suffix: str = "", rowid: int | None = None
) -> int:
    """*rows*' `labels` row (in `labels{suffix}`, under *rowid* if given); its rowid."""
    made = db.execute(
        f"INSERT INTO labels{suffix} (rowid, id, set_id, version, version_id, date, effective,"
        " kind, title, aliases, drug_class, has_regimen, note, data)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            rowid,
            rows.id,
            rows.set_id,
            rows.version,
            rows.version_id,
            rows.date,
            rows.effective,
            rows.kind,
            rows.title,
            rows.aliases,
            rows.drug_class,
            int(rows.has_regimen),
            rows.note,
            rows.packed,
        ),
    ).lastrowid
    assert made is not None
    return made


def insert_version(
    db: sqlite3.Connection, rows: LabelRows, suffix: str = "", rowid: int | None = None
) -> None:
    """*rows* as an older version's row (in `versions{suffix}`, under *rowid* if given), in
    place of the same version's."""
    db.execute(
        f"INSERT OR REPLACE INTO versions{suffix} (rowid, id, set_id, version, version_id, date,"
        " effective, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (rowid, rows.id, rows.set_id, rows.version, rows.version_id, rows.date, rows.effective,
         rows.packed),
    )  # fmt: skip


def _put_source(db: sqlite3.Connection, rows: LabelRows) -> None:
    """The document of *rows*' label version, in place of any kept for it."""
    if rows.source is None or rows.set_id is None:
        return
    db.execute("DELETE FROM sources WHERE set_id = ? AND version IS ?", (rows.set_id, rows.version))
    db.execute(
        "INSERT INTO sources (set_id, version, format, shown, data) VALUES (?, ?, ?, ?, ?)",
        (rows.set_id, rows.version, rows.source.format, rows.source.shown, rows.source.packed),
    )


def _remove(db: sqlite3.Connection, drug_id: str) -> None:
    row = db.execute("SELECT rowid FROM labels WHERE id = ?", (drug_id,)).fetchone()
    if row is None:
        return
    derived.delete(db, row[0])
    db.execute("DELETE FROM labels WHERE rowid = ?", row)


def remove_label(path: Path, drug_id: str) -> bool:
    """Remove the label filed under *drug_id* from the store at *path*: every version of it,
    their documents, its names, searchable text, side-effect rows and their context, in one
    transaction.
    False when the store no longer holds it.

    A store of a newer layout is `StoreNewer`; one that cannot be written raises
    `sqlite3.Error` or `OSError` (`medcli.library.files.write_failure` says why). A store
    of older code is migrated and its derived tables rebuilt first, as by any writer.
    """
    db = connect(path, write=True)
    try:
        db.execute("BEGIN IMMEDIATE")
        if not has(db, drug_id):
            return False
        abandon_reconversion(db)
        db.execute(
            "DELETE FROM sources WHERE set_id IN (SELECT set_id FROM labels WHERE id = ?1"
            " UNION SELECT set_id FROM versions WHERE id = ?1)",
            (drug_id,),
        )
        db.execute("DELETE FROM versions WHERE id = ?", (drug_id,))
        _remove(db, drug_id)
        db.execute("COMMIT")
        return True
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def load(db: sqlite3.Connection, drug_id: str) -> Monograph | None:
    """The monograph kept under *drug_id*, or None."""
    return _monograph(db.execute("SELECT data FROM labels WHERE id = ?", (drug_id,)))


def version_rows(
    db: sqlite3.Connection, drug_id: str
) -> list[tuple[str | None, str | None, str | None, str | None, bool]]:
    """(version, version id, effective date, import date, newest?) of every version of the
    label under *drug_id*, newest first."""
    rows = db.execute(
        "SELECT version, version_id, effective, date, 1 FROM labels WHERE id = ?1"
        " UNION ALL SELECT version, version_id, effective, date, 0 FROM versions WHERE id = ?1",
        (drug_id,),
    )
    found = [(*row[:4], bool(row[4])) for row in rows]
    return sorted(found, key=lambda row: (not row[4], -version_order(row[0])))


def load_version(db: sqlite3.Connection, drug_id: str, version: str) -> Monograph | None:
    """Version *version* of the label under *drug_id* (the newest or an older one), or None."""
    return _monograph(
        db.execute(
            "SELECT data FROM labels WHERE id = ?1 AND version = ?2"
            " UNION ALL SELECT data FROM versions WHERE id = ?1 AND version = ?2",
            (drug_id, version),
        )
    )


def _monograph(rows: sqlite3.Cursor) -> Monograph | None:
    """The monograph in the first of *rows* (its `data`), or None when there is none."""
    row = rows.fetchone()
    return None if row is None else decoded(row[0])


def has(db: sqlite3.Connection, drug_id: str) -> bool:
    return db.execute("SELECT 1 FROM labels WHERE id = ?", (drug_id,)).fetchone() is not None


def shown_snippets(
    db: sqlite3.Connection, expression: str, rowids: list[int], section: str | None
) -> dict[int, tuple[str, Snippet]]:
    """The passage shown for each of the labels *rowids* (search hits), as the index shows
    a file's.

    `docs` keeps no copy of the text (contentless), so only the hits shown are decoded,
    their text made again and put in a table in memory of the same columns and
    tokenizer, where FTS5's own `snippet()` cuts the same passage it cut before: it
    reads the row's text and matches alone, none of the index's statistics. Only the
    columns that hold a match are indexed there (`_matched_columns`): a column without
    one shows no match, so it is never the one shown, and tokenising the others costs
    as much again. A hit whose passage shows no match all the same is cut again from
    all its columns. (`search.py`'s code is in the fingerprint of the store's `docs`:
    the text is made by `search.document` as it stands, so no store is rebuilt.)
    """
    wanted: dict[int, tuple[str, ...]]
    if section is not None:
        wanted = dict.fromkeys(rowids, (SECTION_COLUMNS[section],))
    else:
        wanted = _matched_columns(db, expression, rowids)
    found = _cut_snippets(db, expression, rowids, section, wanted)
    unmatched = [rowid for rowid in rowids if not found[rowid][1].matches]
    if unmatched:
        found.update(_cut_snippets(db, expression, unmatched, section, {}))
    return found


def _matched_columns(
    db: sqlite3.Connection, expression: str, rowids: list[int]
) -> dict[int, tuple[str, ...]]:
    """The columns of each label of *rowids* that hold a match of *expression*, from the
    store's own index: `bm25` weighing one column alone is 0 exactly where none of the
    query's phrases is in it (FTS5 keeps every term's weight above 0)."""
    scores = ", ".join(
        f"bm25(docs, {', '.join('1' if other == column else '0' for other in COLUMNS)})"
        for column in COLUMNS
    )
    matched: dict[int, tuple[str, ...]] = {}
    for start in range(0, len(rowids), 500):  # stay under old SQLite's 999 parameters
        chunk = rowids[start : start + 500]
        for rowid, *weights in db.execute(
            f"SELECT rowid, {scores} FROM docs WHERE docs MATCH ?"
            f" AND rowid IN ({', '.join('?' * len(chunk))})",
            (expression, *chunk),
        ):
            matched[rowid] = tuple(c for c, weight in zip(COLUMNS, weights, strict=True) if weight)
    return matched


def _cut_snippets(
    db: sqlite3.Connection,
    expression: str,
    rowids: list[int],
    section: str | None,
    wanted: dict[int, tuple[str, ...]],
) -> dict[int, tuple[str, Snippet]]:
    """`snippet()` over the text of each label's *wanted* columns (every column of one not
    in it), the rest left empty: FTS5 tokenises only what can be shown."""
    from medcli.library.index.queries import snippets
    from medcli.search import document

    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        memory.execute(derived.SHOWN_DOCS_SQL)
        memory.execute("BEGIN")  # one transaction: FTS5 writes its index out once
        for start in range(0, len(rowids), 500):  # stay under old SQLite's 999 parameters
            chunk = rowids[start : start + 500]
            for rowid, data in db.execute(
                f"SELECT rowid, data FROM labels WHERE rowid IN ({', '.join('?' * len(chunk))})",
                chunk,
            ):
                columns = wanted.get(rowid, COLUMNS)
                monograph = _searched_part(data, columns) if rowid in wanted else decoded(data)
                text = dict(zip(COLUMNS, document(monograph), strict=True))
                memory.execute(
                    f"INSERT INTO docs (rowid, {', '.join(columns)}) VALUES"
                    f" (?{', ?' * len(columns)})",
                    (rowid, *(text[column] for column in columns)),
                )
        return snippets(memory, expression, rowids, section)
    finally:
        memory.close()


# The model's structs with their bulk typed `msgspec.Raw`: the same fields and checks, but
# the overriding types are no subtypes of the model's (hence the ignores).
class _SectionHeld(LabelSection):
    """A label section whose text and tables are left undecoded until a column needs them."""

    text: msgspec.Raw = msgspec.Raw(b'""')  # type: ignore[assignment]
    tables: msgspec.Raw = msgspec.Raw(b"[]")  # type: ignore[assignment]


class _LabelHeld(Label):
    sections: list[_SectionHeld] = []  # type: ignore[assignment]  # noqa: RUF012
    other_sections: list[_SectionHeld] = []  # type: ignore[assignment]  # noqa: RUF012


class _MonographHeld(Monograph):
    """A kept monograph whose bulk (the label's sections, the side effects) is skipped by the
    decoder: msgspec only finds where each such value ends."""

    side_effects: msgspec.Raw = msgspec.Raw(b"[]")  # type: ignore[assignment]
    label: _LabelHeld | None = None


def _searched_part(data: bytes, columns: tuple[str, ...]) -> Monograph:
    """The kept monograph in *data* with only what `search.document` makes *columns* of
    decoded: the label sections of other columns are left empty, and the side effects
    unless they are one. Those columns' text is then `document`'s of the whole monograph
    (a test compares every column), at a fraction of the decoding."""
    held = _held_decoders()
    monograph = held.monograph.decode(clean_json(zlib.decompress(data)))
    side_effects = (
        held.side_effects.decode(monograph.side_effects) if "side_effects" in columns else []
    )
    label = monograph.label
    if label is not None:
        label = msgspec.structs.replace(
            label,
            sections=[_opened(section, columns, held) for section in label.sections],
            other_sections=[_opened(section, columns, held) for section in label.other_sections],
        )
    return cast(
        Monograph, msgspec.structs.replace(monograph, side_effects=side_effects, label=label)
    )


def _opened(section: _SectionHeld, columns: tuple[str, ...], held: _Decoders) -> _SectionHeld:
    """*section* with its text and tables decoded when its column is wanted, else empty."""
    if LABEL_COLUMNS.get(section.key, "extra") not in columns:
        return msgspec.structs.replace(section, text="", tables=[])
    return msgspec.structs.replace(
        section, text=held.text.decode(section.text), tables=held.tables.decode(section.tables)
    )


class _Decoders(msgspec.Struct, frozen=True):
    """One decoder of each part: `msgspec.json.decode(..., type=list[X])` builds a new one at
    every call (only a Struct's own is cached)."""

    monograph: msgspec.json.Decoder[_MonographHeld]
    side_effects: msgspec.json.Decoder[list[SideEffect]]
    text: msgspec.json.Decoder[str]
    tables: msgspec.json.Decoder[list[LabelTable]]


@functools.cache
def _held_decoders() -> _Decoders:
    """Built at the first search over labels, not at import: most commands cut no passage."""
    return _Decoders(
        msgspec.json.Decoder(_MonographHeld),
        msgspec.json.Decoder(list[SideEffect]),
        msgspec.json.Decoder(str),
        msgspec.json.Decoder(list[LabelTable]),
    )
