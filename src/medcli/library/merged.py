"""The library: where monographs live and how a typed name finds one.

Three kinds of folder are merged: the bundled data, the user library and extra
folders. A name is never used as a path: it is matched against ids, names and
aliases that the library already knows. An exact id costs a few stat calls and
one file read; names, aliases, prefixes, `list` and `search` go through the
library index (`medcli.library.index`), which a broken file never breaks (it is reported
through the `warn` callback and skipped).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

import msgspec

from medcli.errors import DataError, MedcliError
from medcli.library.environment import Environment
from medcli.library.folders import (
    MONOGRAPH_SUFFIXES_IN_NAME_ORDER,
    STORE_FILE,
    CatalogItem,
    Entry,
    Folder,
    Origin,
    monograph_files,
    summarize,
)
from medcli.model import Monograph
from medcli.names import SLUG_PATTERN

if TYPE_CHECKING:
    import sqlite3

    from medcli.library.index.queries import IndexView
    from medcli.library.products import Product
    from medcli.search import SearchResults, Term
    from medcli.side_effects import DrugSideEffects, SideEffectFilter

Warn = Callable[[str], None]
RebuildProgress = Callable[[int, int], None]
LABEL_KIND = "fda-label"
Listed = Literal[Origin, "fda-label"]  # what `list --origin` takes
T = TypeVar("T")
_SLUG = re.compile(f"^{SLUG_PATTERN}$")
_SET_ID = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


class Located(msgspec.Struct, frozen=True):  # a Struct: a dataclass costs 3.6 M to define
    """A monograph and, when it is not bundled data or a stored label, the file it came from."""

    monograph: Monograph
    file: Path | None = None
    origin: Origin = "bundled"
    shadows_bundled: bool = False  # the bundled data has a monograph of this id too

    @property
    def shadow_warning(self) -> str | None:
        """A warning for answers computed from it (a dose plan) when a file took the place
        of the bundled monograph of its id: the plan is then not the bundled data's."""
        if self.file is None or not self.shadows_bundled:
            return None
        return (
            f"computed from {self.file}, which takes the place of the bundled"
            f" {self.monograph.id} monograph"
        )


@dataclass
class Library:
    """The monographs of one environment's folders, merged; earlier folders shadow later ones."""

    environment: Environment
    warn: Warn = field(default=lambda message: None)
    rebuild_progress: RebuildProgress | None = None  # (labels done, in all) of a store's rebuild
    folders: list[Folder] = field(init=False)
    _entries: dict[str, Entry] | None = field(default=None, init=False, repr=False)
    _warned: set[Path] = field(default_factory=set, init=False, repr=False)
    _stores: list[tuple[Folder, sqlite3.Connection]] | None = field(
        default=None, init=False, repr=False
    )
    # The product choices made by this library's lookups, by the id chosen: the labels
    # the name also meant, for the answer to list and for one history across set ids.
    products: dict[str, Product] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.folders = self.environment.folders()

    def entries(self) -> dict[str, Entry]:
        """Every monograph file by id; earlier folders shadow later ones."""
        if self._entries is None:
            found: dict[str, Entry] = {}
            for folder in self.folders:
                for entry in monograph_files(folder):
                    found.setdefault(entry.id, entry)
            self._entries = found
        return self._entries

    def load(self, entry: Entry) -> Monograph:
        """The monograph in *entry*'s file, from the parsed cache when the file is unchanged."""
        if entry.stored:
            from medcli.library.stored import load

            db = self.store_of(entry)
            found = load(db, entry.id) if db is not None else None
            if found is not None:
                return found
            gone = f"{entry.path}: no label {entry.id!r} in it any more"
            raise DataError(str(entry.path), [gone])
        from medcli.library.parsed_cache import load_cached

        return load_cached(self.environment.cache_dir, entry.path, expected_id=entry.id)

    def store_of(self, entry: Entry) -> sqlite3.Connection | None:
        """The label store a stored *entry* lives in; None for a monograph file."""
        if entry.stored:
            for folder, db in self.stores():
                if folder.path / entry.path.name == entry.path:
                    return db
        return None

    def stores(self) -> list[tuple[Folder, sqlite3.Connection]]:
        """The label stores of the library's folders, in folder order: one stat per folder.

        A store of an older medcli is brought up to date in place first (its derived
        tables rebuilt from its labels, `medcli.library.rebuild`), or, where it cannot
        be written, read as it is with one warning. One of a newer medcli, or no store
        at all, is skipped with one warning, never changed.
        """
        if self._stores is None:
            self._stores = []
            for folder in self.folders:
                path = folder.path / STORE_FILE
                if not path.is_file():
                    continue
                from medcli.library.store_schema import StoreNewer
                from medcli.library.stored import StoreStale, open_to_read

                try:
                    db, warning = open_to_read(path, self.rebuild_progress)
                except StoreNewer as error:
                    self.warn(f"skipped {error.message}")
                    continue
                except StoreStale as error:
                    self.warn(f"skipped {path}: {error}")
                    continue
                if warning is not None:
                    self.warn(warning)
                self._stores.append((folder, db))
        return self._stores

    def _stored_entries(self, origin: Origin | None) -> Iterator[CatalogItem]:
        from medcli.library.products import Roles
        from medcli.library.stored import catalog_rows

        for folder, db in self.stores():
            if origin is not None and folder.origin != origin:
                continue
            path = folder.path / STORE_FILE
            roles = Roles(db)
            for drug, title, aliases, drug_class, regimen, kind, *identity in catalog_rows(db):
                version, effective, set_id = identity
                product, role = roles.of(drug) or (None, None)
                yield CatalogItem(
                    Entry(drug, path, folder.origin, stored=True), title, aliases, drug_class,
                    regimen, kind, version, effective, set_id, product, role,
                )  # fmt: skip

    def catalog(self, origin: Origin | None = None) -> Iterator[CatalogItem]:
        """Summaries of every loadable monograph (of one origin, if given), streamed: files in
        library order, then stored labels in id order; broken files are warned about and
        skipped.

        Served from the library index; without one (no FTS5 in this Python's SQLite)
        every file is read.
        """
        seen: set[str] = set()
        for item in self.file_catalog():
            seen.add(item.id)  # a file shadows a stored label of its id, whatever its origin
            if origin is None or item.entry.origin == origin:
                yield item
        for item in self._stored_entries(origin):
            if item.id not in seen:
                seen.add(item.id)
                yield item

    def listing(
        self, origin: Listed | None = None, offset: int = 0, limit: int | None = None
    ) -> Iterator[CatalogItem]:
        """`catalog` from its *offset*-th item, at most *limit* of them (`medcli list`): only
        as many rows are read as are listed, so a page of a huge library costs a page.

        *origin* is a folder's origin, or "fda-label": the imported labels, a kind of
        monograph wherever it is kept.
        """
        import itertools

        stop = None if limit is None else offset + limit
        items: Iterator[CatalogItem]
        if origin == "fda-label":
            items = (item for item in self.catalog() if item.kind == LABEL_KIND)
        else:
            items = self.catalog(origin)
        return itertools.islice(items, offset, stop)

    def file_catalog(self) -> Iterator[CatalogItem]:
        """`catalog` of the monograph files alone, without the label stores."""
        from medcli.library.index.access import IndexUnavailable

        try:
            yield from self._with_index(lambda index: index.catalog())
            return
        except IndexUnavailable:
            pass
        for entry in self.entries().values():
            try:
                monograph = self.load(entry)
            except DataError as error:
                self._warn_broken([(entry.path, error.message)])
                continue
            yield summarize(entry, monograph)

    def resolve(self, query: str) -> Entry:
        """The entry a typed name means: exact id, id/name/alias, unique prefix; else not found.

        An exact id is found by looking for its file (no index, nothing else read);
        names, aliases and prefixes are looked up in the library index.
        """
        slug = query.strip().lower()
        if _SET_ID.match(slug):
            by_set = self._entry_for_set_id(slug)
            if by_set is not None:
                return by_set
        if _SLUG.match(slug):
            entry = self._entry_for_id(slug)
            if entry is not None and entry.stored:  # a label's id may name others of its product
                return self._resolve_in_stores(query, exact_only=True) or entry
            if entry is not None:
                return entry
        from medcli.library.index.access import IndexUnavailable

        if not self.stores():
            try:
                return self._with_index(lambda index: index.resolve(query))
            except IndexUnavailable:
                from medcli.library.resolution import resolve_in_catalog

                return resolve_in_catalog(query, list(self.catalog()))
        return self._resolve_with_stores(query)

    def _entry_for_set_id(self, set_id: str) -> Entry | None:
        """The stored label of set id *set_id*: what names one label whatever the import
        order, where a name means several products (one indexed `SELECT` per store)."""
        from medcli.library.stored import ids_of_set

        for folder, db in self.stores():
            found = ids_of_set(db, set_id)
            if found:
                return Entry(found[0], folder.path / STORE_FILE, folder.origin, stored=True)
        return None

    def _resolve_with_stores(self, query: str) -> Entry:
        """`resolve` over the files first, then the label stores (exact names, else a unique
        prefix): a hand-written or bundled monograph answers before any stored label."""
        from medcli.errors import NotFoundError
        from medcli.library.index.access import IndexUnavailable
        from medcli.names import name_key

        try:
            return self._with_index(lambda index: index.resolve(query))
        except NotFoundError as error:
            not_found = error
        except IndexUnavailable:
            not_found = NotFoundError(f"no drug named {query!r}")
        found = self._resolve_in_stores(query)
        if found is None:
            raise self._with_suggestion(not_found, name_key(query))
        return found

    def _resolve_in_stores(self, query: str, *, exact_only: bool = False) -> Entry | None:
        """The stored label *query* names (exact names, else a unique prefix unless
        *exact_only*; several labels of one product: its current label), or None."""
        from medcli.library.stored import exact_name_rows, name_rows
        from medcli.names import name_key

        key = name_key(query)
        rows = exact_name_rows if exact_only else name_rows
        entries: dict[str, Entry] = {}
        exact: set[str] = set()
        for folder, db in self.stores():
            for found, drug in rows(db, key) if key else ():
                entries.setdefault(drug, Entry(drug, folder.path / STORE_FILE, folder.origin, True))
                if found == key:
                    exact.add(drug)
        candidates = exact or set(entries)
        if len(candidates) == 1:
            return entries[candidates.pop()]
        if candidates:
            chosen = self._choose_product(query, {drug: entries[drug] for drug in candidates})
            return entries[chosen]
        return None

    def _choose_product(self, query: str, candidates: dict[str, Entry]) -> str:
        """The id of the label *query* means among stored *candidates* sharing its name: the
        product's current label when they are one product (the others are named in a
        note), else an ambiguity describing each product's label
        (`medcli.library.products`)."""
        from medcli.errors import NotFoundError
        from medcli.library.products import identities, products

        found = []
        for folder, db in self.stores():
            path = folder.path / STORE_FILE
            mine = [drug for drug, entry in candidates.items() if entry.path == path]
            found += identities(db, mine) if mine else []
        grouped = products(found)
        if len(grouped) == 1:
            product = grouped[0]
            self.products[product.chosen.id] = product
            note = product.also()
            if note is not None:
                self.warn(note)
            return product.chosen.id
        described = "; ".join(product.chosen.describe() for product in grouped[:5])
        more = f"; and {len(grouped) - 5} more" if len(grouped) > 5 else ""
        raise NotFoundError(
            f"{query!r} names {len(grouped)} different products",
            hint=f"choose one by its set id: {described}{more}",
        )

    def _with_suggestion(self, not_found: MedcliError, key: str) -> MedcliError:
        """*not_found* with a "did you mean" over every name: the files' (from the index)
        and the label stores' (a bounded set of candidates each, see `stored_names`)."""
        from medcli.library.index.access import IndexUnavailable
        from medcli.library.resolution import suggestion
        from medcli.library.stored import candidate_names

        if not key:
            return not_found
        try:
            by_key = self._with_index(lambda index: index.name_keys())
        except IndexUnavailable:
            by_key = {}
        for _, db in self.stores():
            for found, drug in candidate_names(db, key):
                by_key.setdefault(found, set()).add(drug)
        return type(not_found)(not_found.message, hint=suggestion(key, by_key))

    def search(
        self, query: str, section: str | None = None, limit: int = 10, shown: str | None = None
    ) -> SearchResults:
        """Monographs matching *query* (see `medcli.search`), best first, at most *limit*.

        *shown* is the query as the user typed it, for the results to echo.
        """
        import msgspec

        from medcli.library.index.access import IndexUnavailable
        from medcli.search import parse_query

        terms = parse_query(query)
        try:
            results = self._with_index(lambda index: index.search(terms, section, limit))
        except IndexUnavailable as error:
            raise MedcliError(
                f"full-text search needs SQLite with FTS5, which this Python lacks ({error})"
            ) from error
        if self.stores():
            results = self._search_stores(results, terms, section, limit)
        return msgspec.structs.replace(results, query=query if shown is None else shown)

    def _search_stores(
        self, results: SearchResults, terms: list[Term], section: str | None, limit: int
    ) -> SearchResults:
        """The index's hits and each store's, merged as one ranking (bm25 is comparable
        enough across them: the same columns, weights and tokenizer)."""
        import msgspec

        from medcli.library.stored import search
        from medcli.names import name_key
        from medcli.search import COLUMN_SECTIONS, Hit, match_expression, query_name_key

        expression = match_expression(terms, section)
        promoted = name_key(query_name_key(terms))
        ranked = [(hit.id == promoted, -hit.score, hit.id, hit) for hit in results.hits]
        total = results.total
        seen = {hit.id for hit in results.hits}
        for folder, db in self.stores():
            count, rows = search(db, expression, section, limit, promoted)
            hidden = self._one_label_per_product(db, [row[2] for row in rows])
            total += count - len(hidden)
            for named, score, drug, title, column, snippet in rows:
                if drug in seen or drug in hidden:
                    continue
                seen.add(drug)
                hit = Hit(
                    id=drug, name=title, origin=folder.origin, section=COLUMN_SECTIONS[column],
                    snippet=snippet, score=round(-score, 4),
                )  # fmt: skip
                ranked.append((named, score, drug, hit))
        ranked.sort(key=lambda row: (not row[0], row[1], row[2]))
        hits = [row[3] for row in ranked[:limit]]
        return msgspec.structs.replace(results, total=total, hits=hits)

    def _one_label_per_product(self, db: sqlite3.Connection, drug_ids: list[str]) -> set[str]:
        """The ids among a store's search hits that are not their product's chosen label
        (`medcli.library.products`): a product is one hit; each hidden label is named in a
        note."""
        from medcli.library.products import identities, products

        hidden: set[str] = set()
        for product in products(identities(db, drug_ids)) if len(drug_ids) > 1 else ():
            note = product.also()
            if note is not None:
                hidden.update(label.id for label in product.others)
                self.warn(note)
        return hidden

    def all_side_effects(self, chosen: SideEffectFilter) -> Iterator[DrugSideEffects]:
        """The side effects *chosen* keeps of every drug that has any, in id order.

        Answered from side-effect rows, never by loading monographs: the library
        index's for files, each store's for stored labels (serious ones through an
        index), merged by id as they come; a file shadows a stored label of its id.
        """
        import heapq

        from medcli.side_effects import select_side_effects

        files, shadowing = self._file_side_effects(chosen)
        stored = self._stored_side_effects(chosen)
        seen: str | None = None
        for drug, from_file, monograph in heapq.merge(files, stored, key=lambda row: row[0]):
            if drug == seen or (not from_file and drug in shadowing):
                continue
            seen = drug
            result = select_side_effects(monograph, chosen, check_regimen=False)
            if result.count:
                yield result

    def _file_side_effects(
        self, chosen: SideEffectFilter
    ) -> tuple[Iterator[tuple[str, bool, Monograph]], set[str]]:
        """(id, True, side-effect view) of every file with an effect *chosen* may keep, in id
        order, each decoded from the index's rows as it is reached; and the id of every
        usable file (what shadows a stored label)."""
        from medcli.library.index.access import IndexUnavailable
        from medcli.side_effects import tiers_kept

        tiers = tiers_kept(chosen)
        try:
            found, shadowing = self._with_index(
                lambda index: index.side_effect_rows(chosen.serious, tiers)
            )
        except IndexUnavailable:  # no FTS5 in this SQLite: every file is loaded
            items = sorted(self.file_catalog(), key=lambda item: item.id)
            loaded = ((item.id, True, self.load(item.entry)) for item in items)
            return loaded, {item.id for item in items}
        return _decoded(found), shadowing

    def _stored_side_effects(
        self, chosen: SideEffectFilter
    ) -> Iterator[tuple[str, bool, Monograph]]:
        """(id, False, side-effect view) of every stored label with a matching effect, in id
        order, from the stores' side-effect rows."""
        import heapq

        from medcli.library.index.effects import EffectsReader
        from medcli.library.stored import side_effect_rows

        reader = EffectsReader()

        def rows(db: sqlite3.Connection) -> Iterator[tuple[str, bool, Monograph]]:
            for drug, title, context, effects in side_effect_rows(db, chosen.serious):
                yield drug, False, reader.monograph(drug, title, context, effects)

        return heapq.merge(*(rows(db) for _, db in self.stores()), key=lambda row: row[0])

    def _entry_for_id(self, drug: str) -> Entry | None:
        """The file of id *drug* in the first folder that has one: a few stat calls, no listing."""
        if self._entries is not None:
            return self._entries.get(drug)
        for folder in self.folders:
            for suffix in MONOGRAPH_SUFFIXES_IN_NAME_ORDER:
                path = folder.path / f"{drug}{suffix}"
                if os.path.lexists(path):  # as a listing would: a folder or a dead link too
                    return Entry(drug, path, folder.origin)
        for folder, db in self.stores():
            from medcli.library.stored import has  # only where there is a store

            if has(db, drug):
                return Entry(drug, folder.path / STORE_FILE, folder.origin, stored=True)
        return None

    def _with_index(self, action: Callable[[IndexView], T]) -> T:
        """Run *action* on the current library index; broken files are warned about once."""
        from medcli.library.index.access import use

        def act(index: IndexView) -> T:
            self._warn_broken(index.broken())
            return action(index)

        return use(self.folders, act, self.environment.cache_dir, self.warn)

    def _warn_broken(self, broken: list[tuple[Path, str]]) -> None:
        """One line per broken file and command; its message starts with the file's name."""
        for path, message in broken:
            if path not in self._warned:
                self._warned.add(path)
                self.warn(f"skipped {path.parent}{os.sep}{message}")

    def find(self, query: str) -> Monograph:
        """The monograph a typed name means (see `resolve`)."""
        return self.load(self.resolve(query))

    def find_located(self, query: str) -> Located:
        """The monograph a typed name means, and the file it was read from when a view
        must name it: a file outside the bundled data (a `--data-dir` file can take the
        bundled monograph's id, and a dose plan from it must say so)."""
        entry = self.resolve(query)
        monograph = self.load(entry)
        if entry.stored or entry.origin == "bundled":
            return Located(monograph)
        shadowed = any(
            (self.environment.bundled_dir / f"{entry.id}{suffix}").is_file()
            for suffix in MONOGRAPH_SUFFIXES_IN_NAME_ORDER
        )
        return Located(monograph, entry.path, entry.origin, shadowed)


def _decoded(
    rows: list[tuple[str, str, bytes | None, list[bytes]]],
) -> Iterator[tuple[str, bool, Monograph]]:
    """The index's side-effect rows of each file as (id, True, its side-effect view)."""
    from medcli.library.index.effects import EffectsReader

    reader = EffectsReader()
    for drug, title, context, effects in rows:
        yield drug, True, reader.monograph(drug, title, context, reader.effects(effects))
