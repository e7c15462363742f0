"""A folder's label store (`labels.sqlite`) as a `Source`: imported labels, answered by rows.

The queries are the store's own (`medcli.library.stored`); what this adds is the
store's part of the merge: its entries, and one hit per product in a search
(the other labels of the product named in a note, `medcli.library.products`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec

from medcli.errors import DataError
from medcli.library import stored
from medcli.library.derived import ALIAS_SEPARATOR
from medcli.library.folders import STORE_FILE, CatalogItem, Entry, Folder, Origin
from medcli.library.source import EffectViews, Ranked
from medcli.model import SideEffect

if TYPE_CHECKING:
    from medcli.library.products import Identity
    from medcli.model import Monograph
    from medcli.side_effects import SideEffectFilter

LABEL_TIER = 1  # after every monograph file (`medcli.library.file_source.FILE_TIER`)


@dataclass
class LabelStoreSource:
    """The labels of one folder's store, open for reading."""

    folder: Folder
    db: sqlite3.Connection
    warn: Callable[[str], None]
    tier: int = LABEL_TIER

    @property
    def path(self) -> Path:
        return self.folder.path / STORE_FILE

    @property
    def origins(self) -> frozenset[Origin]:
        return frozenset((self.folder.origin,))

    def _entry(self, drug: str) -> Entry:
        return Entry(drug, self.path, self.folder.origin, stored=True)

    def holds(self, entry: Entry) -> bool:
        return entry.stored and entry.path == self.path

    def entry(self, drug: str) -> Entry | None:
        return self._entry(drug) if stored.has(self.db, drug) else None

    def entry_for_set_id(self, set_id: str) -> Entry | None:
        found = ids_of_set(self.db, set_id)
        return self._entry(found[0]) if found else None

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        rows = exact_name_rows if exact_only else name_rows
        return [(found, self._entry(drug)) for found, drug in rows(self.db, key)]

    def close_names(self, key: str) -> Iterable[tuple[str, str]]:
        return candidate_names(self.db, key)

    def identities(self, drug_ids: Collection[str]) -> list[Identity]:
        from medcli.library.products import identities

        return identities(self.db, drug_ids)

    def catalog(self) -> Iterator[CatalogItem]:
        for drug, title, aliases, drug_class, has_regimen, kind, *dated in catalog_rows(self.db):
            yield CatalogItem(
                self._entry(drug), title, aliases, drug_class, has_regimen, kind, *dated
            )

    def search(
        self, expression: str, section: str | None, limit: int, promoted: str
    ) -> tuple[int, list[Ranked]]:
        from medcli.search import COLUMN_SECTIONS, Hit

        count, rows = stored.search(self.db, expression, section, limit, promoted)
        hidden = self._one_label_per_product([row[2] for row in rows])
        ranked = [
            (named, score, Hit(
                id=drug, name=title, origin=self.folder.origin, section=COLUMN_SECTIONS[column],
                snippet=snippet, score=round(-score, 4),
            ))
            for named, score, drug, title, column, snippet in rows
            if drug not in hidden
        ]  # fmt: skip
        return count - len(hidden), ranked

    def _one_label_per_product(self, drug_ids: list[str]) -> set[str]:
        """The ids among the hits that are not their product's chosen label: a product is one
        hit; each hidden label is named in a note."""
        from medcli.library.products import products

        hidden: set[str] = set()
        for product in products(self.identities(drug_ids)) if len(drug_ids) > 1 else ():
            note = product.also()
            if note is not None:
                hidden.update(label.id for label in product.others)
                self.warn(note)
        return hidden

    def side_effects(self, chosen: SideEffectFilter) -> tuple[EffectViews, Collection[str]]:
        """Serious ones through an index; a label shadows a later store's only through the
        merge's order (its rows come first), so it names no ids of its own."""
        from medcli.library.index.effects import EffectsReader

        reader = EffectsReader()
        rows = side_effect_rows(self.db, chosen.serious)
        views = (
            (drug, reader.monograph(drug, title, context, effects))
            for drug, title, context, effects in rows
        )
        return views, ()

    def load(self, entry: Entry) -> Monograph:
        found = stored.load(self.db, entry.id)
        if found is None:
            raise DataError(
                str(entry.path), [f"{entry.path}: no label {entry.id!r} in it any more"]
            )
        return found


def side_effect_rows(
    db: sqlite3.Connection, serious: bool
) -> Iterator[tuple[str, str, bytes | None, list[SideEffect]]]:
    """(id, name, effects context, side effects) of every label, in id order; only serious
    ones if asked.

    Rows, not monographs: no label is decoded whole, so this streams at any size.
    """
    where = "WHERE e.serious = 1" if serious else ""
    decode = msgspec.msgpack.Decoder(SideEffect).decode
    current: tuple[str, str, bytes | None] | None = None
    effects: list[SideEffect] = []
    for rowid, drug, title, data in db.execute(
        # Labels as the outer loop, through their id index: rows come out in id order, so
        # the first drug is written before the last is read.
        "SELECT l.rowid, l.id, l.title, e.data FROM labels l CROSS JOIN effects e"
        f" ON e.label = l.rowid {where} ORDER BY l.id, e.position"
    ):
        if current is None or current[0] != drug:
            if current is not None:
                yield (*current, effects)
                effects = []
            found = db.execute("SELECT data FROM effect_contexts WHERE label = ?", (rowid,))
            current = (drug, title, next((row[0] for row in found), None))
        effects.append(decode(data))
    if current is not None:
        yield (*current, effects)


def label_count(db: sqlite3.Connection) -> int:
    """How many labels the store holds (their newest versions)."""
    return int(db.execute("SELECT count(*) FROM labels").fetchone()[0])


def name_rows(db: sqlite3.Connection, key: str) -> list[tuple[str, str]]:
    """(name key, id) of every name starting with *key*: exact matches and prefixes."""
    return db.execute(
        "SELECT n.key, l.id FROM names n JOIN labels l ON l.rowid = n.label"
        " WHERE n.key >= ? AND n.key < ?",
        (key, key + "\U0010ffff"),
    ).fetchall()


def exact_name_rows(db: sqlite3.Connection, key: str) -> list[tuple[str, str]]:
    """(name key, id) of every label with the name *key* exactly (no prefixes)."""
    return db.execute(
        "SELECT n.key, l.id FROM names n JOIN labels l ON l.rowid = n.label WHERE n.key = ?",
        (key,),
    ).fetchall()


def ids_of_set(db: sqlite3.Connection, set_id: str) -> list[str]:
    """The ids a label of set id *set_id* (as typed, or in either case) is filed under,
    through the set index."""
    typed = set_id.strip()
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM labels WHERE set_id IN (?, ?, ?) ORDER BY id",
            (typed, typed.lower(), typed.upper()),
        )
    ]


NEIGHBOURS = 200  # name keys read on each side of a typed one, for "did you mean"
SAME_START = 400  # name keys read that share its first two characters
_CLOSE_NAMES = f"""
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
    """(name key, id) of the names that may be close to *key*, for "did you mean": a bounded
    set whatever the store holds.

    A million name keys read into difflib on every miss would cost seconds. The
    candidates are the keys that sort next to *key* (a typo late in a name keeps it
    beside the right key) and those sharing its first two characters, each run
    bounded: one statement over the `names_key` index. difflib scores only those.
    """
    start = key[:2]
    return db.execute(_CLOSE_NAMES, (key, start, start + "\U0010ffff")).fetchall()


def catalog_rows(
    db: sqlite3.Connection,
) -> Iterator[
    tuple[str, str, tuple[str, ...], str | None, bool, str | None, str | None, str | None]
]:
    """(id, name, aliases, class, has regimen, kind, version, effective date) of every label,
    in id order."""
    for drug, title, aliases, drug_class, has_regimen, kind, version, effective in db.execute(
        "SELECT id, title, aliases, drug_class, has_regimen, kind, version, effective"
        " FROM labels ORDER BY id"
    ):
        yield (
            drug,
            title,
            tuple(aliases.split(ALIAS_SEPARATOR)) if aliases else (),
            (drug_class),
            bool(has_regimen),
            kind,
            version,
            effective,
        )


def names_starting(db: sqlite3.Connection, key: str) -> Iterator[str]:
    """The id, name and aliases of every label with a name starting with *key* (completion)."""
    for drug, title, aliases in db.execute(
        "SELECT DISTINCT l.id, l.title, l.aliases FROM names n JOIN labels l ON l.rowid = n.label"
        " WHERE n.key >= ? AND n.key < ? LIMIT 1000",
        (key, key + "\U0010ffff"),
    ):
        yield drug
        yield title
        yield from aliases.split(ALIAS_SEPARATOR) if aliases else ()
