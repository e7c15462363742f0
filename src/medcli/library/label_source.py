"""A folder's label store (`labels.sqlite`) as a `Source`: its lookups, answered by rows.

Every query reads the store's derived tables (names, effects) or the label rows'
summary columns; no label is decoded whole except the one loaded, so each costs
the same at 10 or 250,000 labels. The store itself (opening, writing, the passages
a search shows) is `medcli.library.stored`. A search answers one hit per product (the
other labels of the product named in a note, `medcli.library.products`).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from medcli.library import stored
from medcli.library.derived import ALIAS_SEPARATOR
from medcli.library.folders import STORE_FILE, CatalogItem, Entry, Folder, Origin
from medcli.library.source import (
    AFTER_EVERY_KEY,
    EffectViews,
    Ranked,
    effect_views,
    name_match,
)

if TYPE_CHECKING:
    from medcli.library.products import Identity
    from medcli.model import Monograph
    from medcli.side_effects import SideEffectFilter

LABEL_TIER = 1  # after every monograph file (`medcli.library.file_source.FILE_TIER`)


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


@dataclass
class LabelStoreSource:
    """The labels of one folder's store, open for reading."""

    folder: Folder
    db: sqlite3.Connection
    warn: Callable[[str], None]
    tier: int = LABEL_TIER
    path: Path = field(init=False)  # what its entries name: joined once, not once a label

    def __post_init__(self) -> None:
        self.path = self.folder.path / STORE_FILE

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
        """The first id a label of *set_id* (as typed, or in either case) is filed under,
        through the set index."""
        typed = set_id.strip()
        found = self.db.execute(
            "SELECT id FROM labels WHERE set_id IN (?, ?, ?) ORDER BY id LIMIT 1",
            (typed, typed.lower(), typed.upper()),
        ).fetchone()
        return self._entry(found[0]) if found else None

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        where, keys = name_match(key, exact_only=exact_only)
        rows = self.db.execute(
            f"SELECT n.key, l.id FROM names n JOIN labels l ON l.rowid = n.label WHERE {where}",
            keys,
        )
        return [(found, self._entry(drug)) for found, drug in rows]

    def close_names(self, key: str) -> list[tuple[str, str]]:
        """A bounded set whatever the store holds: a million name keys read into difflib on
        every miss would cost seconds. The candidates are the keys that sort next to
        *key* (a typo late in a name keeps it beside the right key) and those sharing its
        first two characters, each run bounded: one statement over the `names_key`
        index. difflib scores only those."""
        start = key[:2]
        return self.db.execute(_CLOSE_NAMES, (key, start, start + AFTER_EVERY_KEY)).fetchall()

    def identities(self, drug_ids: Collection[str]) -> list[Identity]:
        from medcli.library.products import identities

        return identities(self.db, drug_ids)

    def catalog(self) -> Iterator[CatalogItem]:
        """In id order, each label with its product and its role in it."""
        from medcli.library.products import Roles

        roles = Roles(self.db)
        for drug, title, aliases, drug_class, has_regimen, kind, *identity in self.db.execute(
            "SELECT id, title, aliases, drug_class, has_regimen, kind, version, effective, set_id"
            " FROM labels ORDER BY id"
        ):
            version, effective, set_id = identity
            product, role = roles.of(drug) or (None, None)
            names = tuple(aliases.split(ALIAS_SEPARATOR)) if aliases else ()
            yield CatalogItem(
                self._entry(drug), title, names, drug_class, bool(has_regimen), kind,
                version, effective, set_id, product, role,
            )  # fmt: skip

    def search(
        self, expression: str, section: str | None, limit: int, promoted: str
    ) -> tuple[int, list[Ranked]]:
        """Ranked as the index ranks files, so the two lists merge."""
        from medcli.search import COLUMN_WEIGHTS

        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        total = self.db.execute("SELECT count(*) FROM docs WHERE docs MATCH ?", (expression,))
        count = int(total.fetchone()[0])
        rows = self.db.execute(
            f"SELECT l.rowid, l.id, l.title, bm25(docs, {weights}) AS score,"
            " l.rowid IN (SELECT label FROM names WHERE key = ?) AS named"
            " FROM docs JOIN labels l ON l.rowid = docs.rowid WHERE docs MATCH ?"
            " ORDER BY named DESC, score, l.id LIMIT ?",
            (promoted, expression, limit),
        ).fetchall()
        hidden = self._one_label_per_product([row[1] for row in rows])
        found = stored.shown_snippets(self.db, expression, [row[0] for row in rows], section)
        return count - len(hidden), [
            (bool(named), score, drug, title, *found[rowid], self.folder.origin)
            for rowid, drug, title, score, named in rows
            if drug not in hidden
        ]

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
        """Rows, not monographs (serious ones through an index), so this streams at any size.
        A label shadows a later store's through the merge's order alone: no ids of its own."""
        where = "WHERE e.serious = 1" if chosen.serious else ""
        rows = self.db.execute(
            # Labels as the outer loop, through their id index: rows come out in id order, so
            # the first drug is written before the last is read.
            "SELECT l.id, l.title, (SELECT data FROM effect_contexts WHERE label = l.rowid),"
            f" e.data FROM labels l CROSS JOIN effects e ON e.label = l.rowid {where}"
            " ORDER BY l.id, e.position"
        )
        return effect_views(rows), ()

    def load(self, entry: Entry) -> Monograph | None:
        return stored.load(self.db, entry.id)

    def count(self) -> int:
        """How many labels the store holds (their newest versions)."""
        return int(self.db.execute("SELECT count(*) FROM labels").fetchone()[0])

    def names_starting(self, key: str) -> Iterator[str]:
        """The id, name and aliases of every label with a name starting with *key* (completion)."""
        where, keys = name_match(key, exact_only=False)
        for drug, title, aliases in self.db.execute(
            "SELECT DISTINCT l.id, l.title, l.aliases FROM names n"
            f" JOIN labels l ON l.rowid = n.label WHERE {where} LIMIT 1000",
            keys,
        ):
            yield drug
            yield title
            yield from aliases.split(ALIAS_SEPARATOR) if aliases else ()
