"""The label store's derived tables: what rows a label gives them, and the code they depend on.

A label store holds two kinds of data (`docs/design.md`, "Truth and derived
data"). The truth is each label version's monograph and identity columns
(`labels`, `versions`): only an import makes it. Everything else is derived from
the truth by the functions here and can be made again at any time: the name keys
(`names`), the searchable text (FTS5 `docs`, contentless: its index without the
text), the side-effect rows (`effects`, `effect_contexts`), what decides a label's
product (`products`) and what an interaction check reads of each label
(`mentions`). The import (in its worker processes) and a rebuild
(`medcli.library.rebuild`) make them with the same
`derived_rows` and write them with the same `insert_rows`, so the two cannot differ.

Each group of derived tables names the source files that decide its rows; their
checksum (`group_fingerprint`) is kept in the store's `meta` table, and a group
whose checksum differs is rebuilt from the truth alone, never re-imported. Groups
are separate so that a change of the name rule rebuilds the names (cheap) and not
the searchable text (the costly FTS5 tokenising). The tables' layout (their SQL) is
not fingerprinted: changing it is a schema change (`medcli.library.store_schema`).
"""

from __future__ import annotations

import functools
import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

import msgspec

from medcli.library.fingerprint import fingerprint, shape_fingerprint
from medcli.library.index.effects import effect_rows, effects_context
from medcli.library.kept_effects import effects_part
from medcli.library.products import ProductRow, product_row
from medcli.model import Label, Monograph, Rate, SideEffect, Source
from medcli.names import name_key
from medcli.sanitize import clean_json
from medcli.search import COLUMNS, document

ALIAS_SEPARATOR = "\x1f"
Part = TypeVar("Part", bound=msgspec.Struct)
_COLUMNS = ", ".join(COLUMNS)


@dataclass(frozen=True)
class Group:
    """Derived tables made together, from the same part of the truth."""

    name: str
    tables: tuple[str, ...]
    sources: tuple[str, ...]  # the code that decides their rows (`fingerprint`)
    needs_monograph: bool  # False: made from the `labels` columns alone, no JSON decoded
    tables_sql: str  # `{s}`: the tables' name suffix ("" in place, "_next" while rebuilt)
    indexes_sql: str  # made once the rows are in (faster than row by row)


_ROW_CODE = ("library/derived.py",)
NAMES = Group(
    "names",
    ("names",),
    (*_ROW_CODE, "names.py"),
    False,
    "CREATE TABLE IF NOT EXISTS names{s} (key TEXT NOT NULL, label INTEGER NOT NULL);",
    "CREATE INDEX IF NOT EXISTS names_key ON names (key);\n"
    "CREATE INDEX IF NOT EXISTS names_label ON names (label);",
)
EFFECTS = Group(
    "effects",
    ("effects", "effect_contexts"),
    (*_ROW_CODE, "model.py", "library/kept_effects.py", "library/index/effects.py"),
    True,
    # A rowid table (layout 3): a row up to about 4 kB stays on its page, where a
    # `WITHOUT ROWID` one spilled every row over about 1 kB (13% of them, the long
    # descriptions) onto an overflow page mostly empty (`docs/benchmarks.md`).
    "CREATE TABLE IF NOT EXISTS effects{s} ("
    " label INTEGER NOT NULL, position INTEGER NOT NULL, serious INTEGER NOT NULL,"
    " frequency TEXT NOT NULL, data BLOB NOT NULL);\n"
    # What a side-effect view shows besides the effects (`medcli.library.index.effects`).
    "CREATE TABLE IF NOT EXISTS effect_contexts{s} ("
    " label INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    # A label's rows in order, all or the serious ones alone: `position` in both, so a
    # side-effect view streams in label order without sorting.
    "CREATE UNIQUE INDEX IF NOT EXISTS effects_label ON effects (label, position);\n"
    "CREATE INDEX IF NOT EXISTS effects_serious ON effects (serious, label, position);",
)
TOKENIZE = "tokenize = 'unicode61 remove_diacritics 2'"  # as the library index's
# Contentless (`content = ''`): the index alone, no second copy of the text (half of a
# layout-1 store); passages shown by `search` are cut from the hits' monographs instead
# (`medcli.library.stored.search`), and a row is deleted with its text made again
# (`delete`). SQLite 3.43's `contentless_delete` would spare that, but a store made with
# it could not be opened by an older SQLite.
DOCS = Group(
    "docs",
    ("docs",),
    (*_ROW_CODE, "model.py", "names.py", "search.py", "labels/markup.py"),  # `table_words`
    True,
    f"CREATE VIRTUAL TABLE IF NOT EXISTS docs{{s}} USING fts5 ({_COLUMNS}, content = '',"
    f" {TOKENIZE});",
    "",
)
# The same columns and tokenizer with their text: a few hits' rows, for `snippet()`.
SHOWN_DOCS_SQL = f"CREATE VIRTUAL TABLE docs USING fts5 ({_COLUMNS}, {TOKENIZE});"
# What tells a label's product (`medcli.library.products`): a name shared by many labels
# is decided from these small rows, not from their monographs.
PRODUCTS = Group(
    "products",
    ("products",),
    (*_ROW_CODE, "names.py", "library/products.py"),
    True,
    "CREATE TABLE IF NOT EXISTS products{s} ("
    " label INTEGER PRIMARY KEY, application TEXT, brand TEXT, manufacturer TEXT,"
    " repackaged INTEGER NOT NULL, names TEXT NOT NULL);",
    "CREATE INDEX IF NOT EXISTS products_application ON products (application);",
)
# What `medcli interactions` reads of a label (`medcli.library.mention_index`): its
# passages cut, its names and the classes its own sentences give it, made once here.
MENTIONS = Group(
    "mentions",
    ("mentions",),
    (
        *_ROW_CODE,
        "library/mention_index.py",
        "interactions/mentions.py",
        "interactions/reading.py",
        "interactions/passages.py",
        "interactions/terms.py",
        "model.py",
        "sanitize.py",
    ),
    True,
    "CREATE TABLE IF NOT EXISTS mentions{s} (label INTEGER PRIMARY KEY, data BLOB NOT NULL);",
    "",
)
GROUPS = (NAMES, EFFECTS, DOCS, PRODUCTS, MENTIONS)


@functools.cache
def group_fingerprint(group: Group) -> int:
    """The checksum of the code deciding *group*'s rows; not of medcli's or msgspec's
    version, so a release that leaves that code alone rebuilds nothing."""
    return fingerprint(group.sources, with_versions=False)


@functools.cache
def group_shape(group: Group) -> int:
    """The checksum of what that code does, blind to comments and docstrings: a group
    whose `group_fingerprint` differs but whose shape does not is not rebuilt."""
    return shape_fingerprint(group.sources)


def create(db: sqlite3.Connection, groups: Iterable[Group] = GROUPS, suffix: str = "") -> None:
    """Make *groups*' tables (named with *suffix*); their indexes too when in place."""
    for group in groups:
        execute_script(db, group.tables_sql.format(s=suffix))
        if not suffix:
            execute_script(db, group.indexes_sql)


def execute_script(db: sqlite3.Connection, script: str) -> None:
    """Each statement of *script*, inside the open transaction if there is one (Python's
    `executescript` commits it first)."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


@dataclass(frozen=True)
class DerivedRows:
    """One label's rows in the derived tables, made by the functions below wherever the
    label is converted (an import's worker process) or rebuilt: plain values, cheap to
    send between processes, inserted as they are by `insert_rows`."""

    names: tuple[str, ...] = ()  # name keys, in the order first met
    effects: tuple[tuple[bool, str, bytes], ...] = ()  # (serious, frequency, msgpack)
    context: bytes | None = None  # what a side-effect view shows besides the effects
    document: tuple[str, ...] = ()  # the searchable text, one string per `search.COLUMNS`
    product: ProductRow | None = None  # what decides its product (`products.product_row`)
    mentions: bytes | None = None  # what an interaction check reads (None: no label sections)


def name_keys(drug_id: str, name: str, aliases: Iterable[str]) -> tuple[str, ...]:
    """The name keys of a label: its id's, its name's and every alias's, each once, in
    that order (an order, not a set: the same label gives the same rows in any process)."""
    keys = dict.fromkeys(name_key(text) for text in (drug_id, name, *aliases))
    return tuple(key for key in keys if key)


def derived_rows(
    label: tuple[str, str, Iterable[str]],
    monograph: Monograph | None,
    groups: Iterable[Group] = GROUPS,
) -> DerivedRows:
    """The rows in *groups*' tables of the label whose (id, name, aliases) are *label*:
    the values of its `labels` columns. *monograph* is its decoded JSON, None when no
    group needs it."""
    drug_id, name, aliases = label
    wanted = set(groups)
    names = name_keys(drug_id, name, aliases) if NAMES in wanted else ()
    if not wanted - {NAMES}:
        return DerivedRows(names=names)
    assert monograph is not None, "side-effect, search and mention rows are made from it"
    effects: tuple[tuple[bool, str, bytes], ...] = ()
    context = None
    if EFFECTS in wanted:
        effects = effect_rows(monograph)
        context = effects_context(monograph)
    columns = document(monograph) if DOCS in wanted else ()
    product = product_row(monograph.label) if PRODUCTS in wanted else None
    mentions = None
    if MENTIONS in wanted:
        from medcli.library.mention_index import mention_row  # only where rows are made

        mentions = mention_row(monograph)
    return DerivedRows(names, effects, context, columns, product, mentions)


def insert_rows(
    db: sqlite3.Connection,
    rowid: int,
    rows: DerivedRows,
    groups: Iterable[Group] = GROUPS,
    suffix: str = "",
) -> None:
    """*rows* of label *rowid* into *groups*' tables (named with *suffix*)."""
    for group in groups:
        if group is NAMES:
            db.executemany(
                f"INSERT INTO names{suffix} (key, label) VALUES (?, ?)",
                [(key, rowid) for key in rows.names],
            )
        elif group is EFFECTS:
            db.executemany(
                f"INSERT INTO effects{suffix} VALUES (?, ?, ?, ?, ?)",
                [
                    (rowid, position, int(serious), frequency, data)
                    for position, (serious, frequency, data) in enumerate(rows.effects)
                ],
            )
            if rows.context is not None:
                db.execute(
                    f"INSERT INTO effect_contexts{suffix} VALUES (?, ?)", (rowid, rows.context)
                )
        elif group is PRODUCTS:
            if rows.product is not None:
                db.execute(f"INSERT INTO products{suffix} VALUES (?, ?, ?, ?, ?, ?)",
                           (rowid, *rows.product))  # fmt: skip
        elif group is MENTIONS:
            if rows.mentions is not None:
                db.execute(f"INSERT INTO mentions{suffix} VALUES (?, ?)", (rowid, rows.mentions))
        else:
            db.execute(
                f"INSERT INTO docs{suffix} (rowid, {_COLUMNS})"
                f" VALUES (?{', ?' * len(rows.document)})",
                (rowid, *rows.document),
            )


def delete(db: sqlite3.Connection, rowid: int) -> None:
    """Every derived row of label *rowid* (it is removed, or replaced by a newer version),
    before its `labels` row is deleted."""
    for table in ("names", "effects", "effect_contexts", "products", "mentions"):
        db.execute(f"DELETE FROM {table} WHERE label = ?", (rowid,))
    _delete_document(db, rowid)


def _delete_document(db: sqlite3.Connection, rowid: int) -> None:
    """The searchable text of label *rowid* out of the contentless `docs`, the FTS5 way:
    FTS5 keeps no copy of the text, so the row's terms are named by its text, made again
    from the kept monograph by the code that made it (a writer rebuilds a stale group
    before it writes: `medcli.library.stored.connect`)."""
    row = db.execute("SELECT data FROM labels WHERE rowid = ?", (rowid,)).fetchone()
    if row is None:
        return
    columns = document(kept(row[0]))
    db.execute(
        f"INSERT INTO docs (docs, rowid, {_COLUMNS}) VALUES ('delete', ?{', ?' * len(columns)})",
        (rowid, *columns),
    )


def kept(data: bytes, kind: type[Part] = Monograph) -> Part:  # type: ignore[assignment]
    """The kept monograph *data* (compressed), or the part of it *kind* holds, as stored.

    Not through the text gate (`medcli.sanitize`), unlike `decoded`: every row made
    from it reaches a reader through the output gate (the console's rendering,
    `to_json`, the MCP answers), so text a store kept from before the input gate
    shows clean all the same (a test), and skipping the scan saves 0.45 ms a label.
    The same text makes a `docs` row and names its terms when it is deleted
    (`_delete_document`), as a contentless FTS5 table needs. Every monograph stored
    since the gate existed is the gate's output, so its rows are the import's bytes
    (`benchmarks/rebuild_check.py`)."""
    return msgspec.json.decode(zlib.decompress(data), type=kind)


def decoded(data: bytes) -> Monograph:
    """A kept monograph, cleaned on the way in: a store may hold labels converted before
    the text gate (`medcli.sanitize`) existed."""
    return msgspec.json.decode(clean_json(zlib.decompress(data)), type=Monograph)


class _IdentityPart(msgspec.Struct):
    """A label's identity fields alone (`products.product_row`): not its sections."""

    format: Literal["openfda", "spl"]
    set_id: str
    brand_names: list[str] = []
    generic_names: list[str] = []
    manufacturer: str | None = None
    application_numbers: list[str] = []
    repackaged: bool = False


class _IdentityOnly(msgspec.Struct):
    """What product rows are made of (`products.product_row`)."""

    label: _IdentityPart | None = None


class _Part(_IdentityOnly):
    """What side-effect and product rows are made of (`derived_rows`, `effects_context`,
    `products.product_row`): decoding only this skips the rest of a monograph, several
    times faster than decoding it all."""

    side_effects: list[SideEffect] = []
    sources: list[Source] = []
    adverse_reaction_rates: list[Rate] = []


class _LabelPart(msgspec.Struct):
    """What mention rows are made of (`mention_index.mention_row`): the label alone."""

    label: Label | None = None


def needed(groups: Iterable[Group], data: bytes, drug_id: str, name: str) -> Monograph | None:
    """As much of the kept monograph *data* as the rows of *groups* are made from: all of
    it, its side-effect and identity parts alone, its label alone, its identity alone, or
    nothing (names come from the `labels` columns)."""
    wanted = set(groups)
    if DOCS in wanted or {EFFECTS, MENTIONS} <= wanted:
        return kept(data)
    if wanted & {EFFECTS, PRODUCTS} == {EFFECTS}:
        return effects_part(data, drug_id, name)
    if MENTIONS in wanted:  # the whole label: its identity too, for the products rows
        label = kept(data, _LabelPart).label
        return Monograph(schema_version=1, id=drug_id, name=name, label=label)
    if not wanted & {EFFECTS, PRODUCTS}:
        return None
    kind = _Part if EFFECTS in wanted else _IdentityOnly  # identity alone: 40% less time
    part = kept(data, kind)
    identity = part.label
    label = (
        None
        if identity is None
        else Label(
            format=identity.format,
            set_id=identity.set_id,
            brand_names=identity.brand_names,
            generic_names=identity.generic_names,
            manufacturer=identity.manufacturer,
            application_numbers=identity.application_numbers,
            repackaged=identity.repackaged,
        )
    )
    return Monograph(
        schema_version=1,
        id=drug_id,
        name=name,
        side_effects=part.side_effects if isinstance(part, _Part) else [],
        sources=part.sources if isinstance(part, _Part) else [],
        adverse_reaction_rates=part.adverse_reaction_rates if isinstance(part, _Part) else [],
        label=label,
    )


def made_again(
    groups: Iterable[Group], drug_id: str, title: str, aliases: str, data: bytes | None
) -> DerivedRows:
    """The rows in *groups*' tables of a stored label, from its `labels` columns (*data*
    None when no group needs the monograph): a rebuild's, wherever it runs."""
    names = aliases.split(ALIAS_SEPARATOR) if aliases else ()
    monograph = needed(groups, data, drug_id, title) if data is not None else None
    return derived_rows((drug_id, title, names), monograph, groups)
