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

from medcli.errors import DataError
from medcli.library import stored
from medcli.library.folders import STORE_FILE, CatalogItem, Entry, Folder, Origin
from medcli.library.source import EffectViews, Ranked

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
        found = stored.ids_of_set(self.db, set_id)
        return self._entry(found[0]) if found else None

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        rows = stored.exact_name_rows if exact_only else stored.name_rows
        return [(found, self._entry(drug)) for found, drug in rows(self.db, key)]

    def close_names(self, key: str) -> Iterable[tuple[str, str]]:
        return stored.candidate_names(self.db, key)

    def identities(self, drug_ids: Collection[str]) -> list[Identity]:
        from medcli.library.products import identities

        return identities(self.db, drug_ids)

    def catalog(self) -> Iterator[CatalogItem]:
        for drug, title, aliases, drug_class, has_regimen, kind, *dated in stored.catalog_rows(
            self.db
        ):
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
        rows = stored.side_effect_rows(self.db, chosen.serious)
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
