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
from typing import TYPE_CHECKING, TypeVar

from medcli.errors import DataError, MedcliError
from medcli.library.environment import Environment
from medcli.library.folders import (
    MONOGRAPH_SUFFIXES_IN_NAME_ORDER,
    CatalogItem,
    Entry,
    Folder,
    monograph_files,
    summarize,
)
from medcli.model import Monograph
from medcli.names import SLUG_PATTERN

if TYPE_CHECKING:
    from medcli.library.index.queries import IndexView
    from medcli.search import SearchResults

Warn = Callable[[str], None]
T = TypeVar("T")
_SLUG = re.compile(f"^{SLUG_PATTERN}$")


@dataclass
class Library:
    """The monographs of one environment's folders, merged; earlier folders shadow later ones."""

    environment: Environment
    warn: Warn = field(default=lambda message: None)
    folders: list[Folder] = field(init=False)
    _entries: dict[str, Entry] | None = field(default=None, init=False, repr=False)
    _warned: set[Path] = field(default_factory=set, init=False, repr=False)

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
        from medcli.library.parsed_cache import load_cached

        return load_cached(self.environment.cache_dir, entry.path, expected_id=entry.id)

    def catalog(self) -> Iterator[CatalogItem]:
        """Summaries of every loadable monograph; broken files are warned about and skipped.

        Served from the library index; without one (no FTS5 in this Python's SQLite)
        every file is read.
        """
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
        if _SLUG.match(slug):
            entry = self._entry_for_id(slug)
            if entry is not None:
                return entry
        from medcli.library.index.access import IndexUnavailable

        try:
            return self._with_index(lambda index: index.resolve(query))
        except IndexUnavailable:
            from medcli.library.resolution import resolve_in_catalog

            return resolve_in_catalog(query, list(self.catalog()))

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
        return msgspec.structs.replace(results, query=query if shown is None else shown)

    def _entry_for_id(self, drug: str) -> Entry | None:
        """The file of id *drug* in the first folder that has one: a few stat calls, no listing."""
        if self._entries is not None:
            return self._entries.get(drug)
        for folder in self.folders:
            for suffix in MONOGRAPH_SUFFIXES_IN_NAME_ORDER:
                path = folder.path / f"{drug}{suffix}"
                if os.path.lexists(path):  # as a listing would: a folder or a dead link too
                    return Entry(drug, path, folder.origin)
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
