"""The monograph files of every folder as a `Source`, answered from the library index.

An exact id costs a few stat calls and one file read; names, aliases, prefixes,
`list`, `search` and side effects go through the library index
(`medcli.library.index`), which a broken file never breaks (it is reported once
through *warn* and skipped). Without an index (no FTS5 in this Python's SQLite)
every file is read instead, and `search` says why it cannot answer.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from medcli.errors import DataError, MedcliError
from medcli.library.folders import (
    MONOGRAPH_SUFFIXES_IN_NAME_ORDER,
    CatalogItem,
    Entry,
    Folder,
    Origin,
    monograph_files,
    summarize,
)
from medcli.library.source import EffectViews, Ranked, effect_views

if TYPE_CHECKING:
    from medcli.library.index.access import IndexUnavailable
    from medcli.library.index.queries import IndexView
    from medcli.library.index.scanning import FolderScan
    from medcli.library.products import Identity
    from medcli.model import Monograph
    from medcli.side_effects import SideEffectFilter

T = TypeVar("T")
FILE_TIER = 0  # a hand-written or bundled monograph answers a name before any stored label


@dataclass
class FileSource:
    """The monograph files of *folders*; earlier folders shadow later ones."""

    folders: list[Folder]
    cache_dir: Path
    warn: Callable[[str], None]
    tier: int = FILE_TIER
    _entries: dict[str, Entry] | None = field(default=None, init=False, repr=False)
    _warned: set[Path] = field(default_factory=set, init=False, repr=False)
    # The last look the index took at the folders (`index.scanning.scan`), for what keeps
    # the answer (`medcli.fast_search`): it need not stat every file again.
    scans: list[FolderScan] = field(default_factory=list, init=False, repr=False)

    @property
    def origins(self) -> frozenset[Origin]:
        return frozenset(folder.origin for folder in self.folders)

    def entries(self) -> dict[str, Entry]:
        """Every monograph file by id, from a listing of each folder (no index)."""
        if self._entries is None:
            found: dict[str, Entry] = {}
            for folder in self.folders:
                for entry in monograph_files(folder):
                    found.setdefault(entry.id, entry)
            self._entries = found
        return self._entries

    def holds(self, entry: Entry) -> bool:
        return not entry.stored

    def entry(self, drug: str) -> Entry | None:
        """The file of id *drug* in the first folder that has one: a few stat calls, no listing."""
        if self._entries is not None:
            return self._entries.get(drug)
        for folder in self.folders:
            for suffix in MONOGRAPH_SUFFIXES_IN_NAME_ORDER:
                path = folder.path / f"{drug}{suffix}"
                if os.path.lexists(path):  # as a listing would: a folder or a dead link too
                    return Entry(drug, path, folder.origin)
        return None

    def entry_for_set_id(self, set_id: str) -> Entry | None:
        return None  # files are found by id and name; set ids name stored labels

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        return self._with_index(
            lambda index: index.named(key, exact_only=exact_only),
            lambda _: [
                (found, item.entry)
                for found, item in self._read_names()
                if found == key or (not exact_only and found.startswith(key))
            ],
        )

    def close_names(self, key: str) -> Iterable[tuple[str, str]]:
        """Every name of the files: the index keeps one row per name, far fewer than labels."""
        return self._with_index(
            lambda index: index.name_keys(),
            lambda _: [(found, item.id) for found, item in self._read_names()],
        )

    def _read_names(self) -> Iterator[tuple[str, CatalogItem]]:
        """(name key, item) of every id, name and alias, from every file read."""
        from medcli.names import name_key

        for item in self._read_catalog():
            for text in (item.id, item.name, *item.aliases):
                yield name_key(text), item

    def identities(self, drug_ids: Collection[str]) -> list[Identity]:
        return []  # a file is a monograph of its own: several files of one name are ambiguous

    def catalog(self) -> Iterator[CatalogItem]:
        """Folder by folder in library order, then by file name; broken files are skipped."""
        return self._with_index(lambda index: index.catalog(), lambda _: self._read_catalog())

    def _read_catalog(self) -> Iterator[CatalogItem]:
        for entry in self.entries().values():
            try:
                monograph = self.load(entry)
            except DataError as error:
                self._warn_broken([(entry.path, error.message)])
                continue
            yield summarize(entry, monograph)

    def search(
        self, expression: str, section: str | None, limit: int, promoted: str
    ) -> tuple[int, list[Ranked]]:
        def unavailable(error: IndexUnavailable) -> tuple[int, list[Ranked]]:
            raise MedcliError(
                f"full-text search needs SQLite with FTS5, which this Python lacks ({error})"
            ) from error

        return self._with_index(
            lambda index: index.search(expression, section, limit, promoted), unavailable
        )

    def side_effects(self, chosen: SideEffectFilter) -> tuple[EffectViews, Collection[str]]:
        """Each file's view decoded from the index's rows as it is reached; every usable file
        shadows a stored label of its id, whether or not it has such an effect. Without an
        index every file is loaded."""
        from medcli.side_effects import tiers_kept

        def decoded(index: IndexView) -> tuple[EffectViews, Collection[str]]:
            found, usable = index.side_effect_rows(chosen.serious, tiers_kept(chosen))
            return effect_views(found), usable

        def loaded(_: IndexUnavailable) -> tuple[EffectViews, Collection[str]]:
            items = sorted(self._read_catalog(), key=lambda item: item.id)
            return ((item.id, self.load(item.entry)) for item in items), {i.id for i in items}

        return self._with_index(decoded, loaded)

    def load(self, entry: Entry) -> Monograph:
        """The monograph in *entry*'s file, from the parsed cache when the file is unchanged."""
        from medcli.library.parsed_cache import load_cached

        return load_cached(self.cache_dir, entry.path, expected_id=entry.id)

    def _with_index(
        self, action: Callable[[IndexView], T], fallback: Callable[[IndexUnavailable], T]
    ) -> T:
        """Run *action* on the current library index (broken files are warned about once), or
        *fallback* when this Python's SQLite cannot hold one (no FTS5)."""
        from medcli.library.index import access

        def act(index: IndexView) -> T:
            self.scans = index.scans
            self._warn_broken(index.broken())
            return action(index)

        try:
            return access.use(self.folders, act, self.cache_dir, self.warn)
        except access.IndexUnavailable as error:
            return fallback(error)

    def _warn_broken(self, broken: list[tuple[Path, str]]) -> None:
        """One line per broken file and command; its message starts with the file's name."""
        for path, message in broken:
            if path not in self._warned:
                self._warned.add(path)
                self.warn(f"skipped {path.parent}{os.sep}{message}")
