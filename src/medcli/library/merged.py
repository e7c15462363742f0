"""The library: where monographs live and how a typed name finds one.

Three kinds of folder are merged: the bundled data, the user library and extra
folders, each with its monograph files and perhaps a label store. Every place
monographs come from is a `Source` (`medcli.library.source`): the files of all
folders (`file_source`), then each folder's label store (`label_source`). The
library asks them the same questions and merges the answers here, once. A name
is never used as a path: it is matched against ids, names and aliases that the
sources already know.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

from medcli.errors import DataError, MedcliError
from medcli.library.environment import Environment
from medcli.library.file_source import FileSource
from medcli.library.folders import (
    MONOGRAPH_SUFFIXES_IN_NAME_ORDER,
    STORE_FILE,
    CatalogItem,
    Entry,
    Folder,
    Origin,
)
from medcli.model import Monograph
from medcli.names import SLUG_PATTERN

if TYPE_CHECKING:
    import sqlite3

    from medcli.library.label_source import LabelStoreSource
    from medcli.library.products import Product
    from medcli.library.source import Ranked, Source
    from medcli.search import SearchResults
    from medcli.side_effects import DrugSideEffects, SideEffectFilter

Warn = Callable[[str], None]
RebuildProgress = Callable[[int, int], None]
LABEL_KIND = "fda-label"
Listed = Literal[Origin, "fda-label"]  # what `list --origin` takes
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
    """The monographs of one environment's folders, merged from its sources (`Source`): the
    monograph files first, then each folder's label store; earlier ones shadow later ones."""

    environment: Environment
    warn: Warn = field(default=lambda message: None)
    rebuild_progress: RebuildProgress | None = None  # (labels done, in all) of a store's rebuild
    folders: list[Folder] = field(init=False)
    files: FileSource = field(init=False)
    _stores: list[LabelStoreSource] | None = field(default=None, init=False, repr=False)
    # The product choices made by this library's lookups, by the id chosen: the labels
    # the name also meant, for the answer to list and for one history across set ids.
    products: dict[str, Product] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self.folders = self.environment.folders()
        self.files = FileSource(self.folders, self.environment.cache_dir, self.warn)

    def sources(self) -> Iterator[Source]:
        """Every source in precedence order; the label stores are opened when first reached."""
        yield self.files
        yield from self.label_stores()

    def label_stores(self) -> list[LabelStoreSource]:
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
                from medcli.library.label_source import LabelStoreSource
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
                self._stores.append(LabelStoreSource(folder, db, self.warn))
        return self._stores

    def store_of(self, entry: Entry) -> sqlite3.Connection | None:
        """The label store a stored *entry* lives in; None for a monograph file."""
        return next((store.db for store in self.label_stores() if store.holds(entry)), None)

    def load(self, entry: Entry) -> Monograph:
        """The monograph *entry* names, from the source that holds it."""
        source = next((source for source in self.sources() if source.holds(entry)), None)
        found = source.load(entry) if source is not None else None
        if found is None:
            gone = f"{entry.path}: no label {entry.id!r} in it any more"
            raise DataError(str(entry.path), [gone])
        return found

    def catalog(self, origin: Origin | None = None) -> Iterator[CatalogItem]:
        """Summaries of every loadable monograph (of one origin, if given), streamed: each
        source's in turn (files in library order, then stored labels in id order); an id
        already listed shadows a later one, whatever its origin."""
        seen: set[str] = set()
        for source in self.sources():
            if origin is not None and origin not in source.origins:
                continue
            for item in source.catalog():
                if item.id not in seen:
                    seen.add(item.id)
                    if origin is None or item.entry.origin == origin:
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

    def resolve(self, query: str) -> Entry:
        """The entry a typed name means: a set id, an exact id, else an id, name or alias
        (any case and spacing), else a unique prefix; else not found.

        An exact id is found by its file (a few stat calls, no index). A name is asked of
        each tier of sources in turn (`Source.tier`): a hand-written or bundled monograph
        answers before any stored label.
        """
        from medcli.errors import NotFoundError
        from medcli.names import name_key

        slug = query.strip().lower()
        found = self.by_set_id(slug) if _SET_ID.match(slug) else None
        if found is not None:
            return found
        key = name_key(query)
        for source in self.sources() if _SLUG.match(slug) else ():
            found = source.entry(slug)
            if found is not None and found.stored:  # it may name others of its product
                return self._resolve_in_tier(query, key, source.tier, exact_only=True) or found
            if found is not None:
                return found
        if not key:
            raise NotFoundError("no drug name given", hint="try: medcli list")
        ambiguity: MedcliError | None = None
        tiers = sorted({source.tier for source in self.sources()})
        for tier in tiers:
            try:
                found = self._resolve_in_tier(query, key, tier, exact_only=False)
            except NotFoundError as error:  # several files: a later tier may still be sure
                if tier == tiers[-1]:
                    raise
                ambiguity = ambiguity or error
                continue
            if found is not None:
                return found
        raise ambiguity or NotFoundError(f"no drug named {query!r}", hint=self._suggestion(key))

    def by_set_id(self, set_id: str) -> Entry | None:
        """The label of set id *set_id* in the first source that keeps it, or None."""
        found = (source.entry_for_set_id(set_id) for source in self.sources())
        return next((entry for entry in found if entry is not None), None)

    def _resolve_in_tier(
        self, query: str, key: str, tier: int, *, exact_only: bool
    ) -> Entry | None:
        """The entry *query* (of name key *key*) names in the sources of *tier* (exact names,
        else a unique prefix unless *exact_only*; several of one product: its current label),
        or None."""
        entries: dict[str, Entry] = {}
        exact: set[str] = set()
        sources = [source for source in self.sources() if source.tier == tier]
        for source in sources:
            for found, entry in source.named(key, exact_only=exact_only) if key else ():
                entries.setdefault(entry.id, entry)
                if found == key:
                    exact.add(entry.id)
        candidates = exact or set(entries)
        if len(candidates) == 1:
            return entries[candidates.pop()]
        if not candidates:
            return None
        return self._choose(query, {drug: entries[drug] for drug in candidates}, sources)

    def _choose(self, query: str, candidates: dict[str, Entry], sources: list[Source]) -> Entry:
        """The entry *query* means among *candidates* sharing its name: the product's current
        label when they are one product (the others are named in a note), else an
        ambiguity (`medcli.library.products`; monographs that are no products are
        ambiguous as they are)."""
        from medcli.errors import NotFoundError

        found = [
            identity
            for source in sources
            for identity in source.identities(
                [drug for drug, entry in candidates.items() if source.holds(entry)]
            )
        ]
        if not found:
            raise NotFoundError(
                f"{query!r} matches more than one drug",
                hint="did you mean: " + ", ".join(sorted(candidates)[:3]) + "?",
            )
        from medcli.library.products import products

        grouped = products(found)
        if len(grouped) == 1:
            product = grouped[0]
            self.products[product.chosen.id] = product
            note = product.also()
            if note is not None:
                self.warn(note)
            return candidates[product.chosen.id]
        described = "; ".join(product.chosen.describe() for product in grouped[:5])
        more = f"; and {len(grouped) - 5} more" if len(grouped) > 5 else ""
        raise NotFoundError(
            f"{query!r} names {len(grouped)} different products",
            hint=f"choose one by its set id: {described}{more}",
        )

    def _suggestion(self, key: str) -> str:
        """ "did you mean: …?" with up to three ids whose names are close to *key*, over every
        source's names (a bounded set of candidates each)."""
        import difflib

        by_key: dict[str, set[str]] = {}
        for source in self.sources():
            for found, drug in source.close_names(key):
                by_key.setdefault(found, set()).add(drug)
        ids: list[str] = []
        for match in difflib.get_close_matches(key, list(by_key), n=6, cutoff=0.6):
            ids += sorted(by_key[match] - set(ids))
        if not ids:
            return "see the drugs available with: medcli list"
        return "did you mean: " + ", ".join(ids[:3]) + "?"

    def search(
        self, query: str, section: str | None = None, limit: int = 10, shown: str | None = None
    ) -> SearchResults:
        """Monographs matching *query* (see `medcli.search`), best first, at most *limit*: each
        source's best, merged as one ranking (bm25 is comparable enough across them: the
        same columns, weights and tokenizer); an id already found shadows a later one.

        *shown* is the query as the user typed it, for the results to echo.
        """
        from medcli.names import name_key
        from medcli.search import (
            COLUMN_SECTIONS,
            Hit,
            SearchResults,
            match_expression,
            parse_query,
            query_name_key,
        )

        terms = parse_query(query)
        expression = match_expression(terms, section)
        promoted = name_key(query_name_key(terms))
        total = 0
        ranked: list[Ranked] = []
        seen: set[str] = set()
        for source in self.sources():
            count, found = source.search(expression, section, limit, promoted)
            total += count
            ranked += [row for row in found if row[2] not in seen]
            seen.update(row[2] for row in found)
        ranked.sort(key=lambda row: (not row[0], row[1], row[2]))
        best = [
            Hit(id=drug, name=title, origin=origin, section=COLUMN_SECTIONS[column],
                snippet=snippet, score=round(-score, 4))
            for _, score, drug, title, column, snippet, origin in ranked[:limit]
        ]  # fmt: skip
        return SearchResults(query if shown is None else shown, section, total, best)

    def all_side_effects(self, chosen: SideEffectFilter) -> Iterator[DrugSideEffects]:
        """The side effects *chosen* keeps of every drug that has any, in id order.

        Answered from each source's side-effect rows, never by loading monographs,
        merged by id as they come; an earlier source's id shadows a later one's.
        """
        import heapq
        import itertools

        from medcli.side_effects import select_side_effects

        streams, shadows = [], []
        for position, source in enumerate(self.sources()):
            views, shadowing = source.side_effects(chosen)
            streams.append(zip(views, itertools.repeat(position)))
            shadows.append(shadowing)
        seen: str | None = None
        for (drug, monograph), position in heapq.merge(*streams, key=lambda row: row[0][0]):
            if drug == seen or any(drug in shadows[earlier] for earlier in range(position)):
                continue
            seen = drug
            result = select_side_effects(monograph, chosen, check_regimen=False)
            if result.count:
                yield result

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
