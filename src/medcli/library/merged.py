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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal, TypeVar

from medcli.errors import DataError, MedcliError, NotFoundError
from medcli.model import Monograph

if TYPE_CHECKING:
    from medcli.library.index import LibraryIndex
    from medcli.search import SearchResults

Origin = Literal["bundled", "user", "folder"]
Warn = Callable[[str], None]
T = TypeVar("T")
DEFAULT_DRUG = "isatuximab"
MONOGRAPH_SUFFIXES = (".yaml", ".yml", ".json")
# A sorted listing puts x.json before x.yaml before x.yml; the first one found wins.
MONOGRAPH_SUFFIXES_IN_NAME_ORDER = tuple(sorted(MONOGRAPH_SUFFIXES))
SLUG_PATTERN = "[a-z0-9][a-z0-9-]*"  # a monograph id, which is also its file stem
_SLUG = re.compile(f"^{SLUG_PATTERN}$")


def bundled_dir() -> Path:
    """The monographs shipped with medcli: inside the wheel, or the repo's `data/`."""
    package = Path(__file__).resolve().parents[1]  # src/medcli, or medcli in a wheel
    installed = package / "data" / "monographs"
    return installed if installed.is_dir() else package.parents[1] / "data" / "monographs"


def medcli_home() -> Path | None:
    home = os.environ.get("MEDCLI_HOME")
    return Path(home).expanduser() if home else None


def user_dir() -> Path:
    """`$MEDCLI_HOME/monographs`, else the platform's user data folder."""
    home = medcli_home()
    if home is not None:
        return home / "monographs"
    import platformdirs

    return platformdirs.user_data_path("medcli") / "monographs"


def cache_dir() -> Path:
    """Where indexes go: `$MEDCLI_HOME/cache`, else the platform's user cache folder."""
    home = medcli_home()
    if home is not None:
        return home / "cache"
    import platformdirs

    return platformdirs.user_cache_path("medcli")


def extra_dirs(data_dirs: Iterable[Path] = ()) -> list[Path]:
    """`--data-dir` folders first, then those of `MEDCLI_PATH`."""
    from_env = [Path(p).expanduser() for p in os.environ.get("MEDCLI_PATH", "").split(os.pathsep)]
    return [*data_dirs, *(p for p in from_env if str(p) not in ("", "."))]


def default_drug() -> str:
    return os.environ.get("MEDCLI_DRUG") or DEFAULT_DRUG


def monograph_id(file_name: str) -> str | None:
    """The id a file of this name holds (its stem), or None when it is no monograph file."""
    stem, dot, suffix = file_name.rpartition(".")
    return stem if dot and f".{suffix}" in MONOGRAPH_SUFFIXES and _SLUG.match(stem) else None


def name_key(text: str) -> str:
    """Case-, space-, hyphen- and underscore-insensitive form used for matching names."""
    return re.sub(r"[\s_\-]+", "", text.casefold())


@dataclass(frozen=True)
class Folder:
    path: Path
    origin: Origin


@dataclass(frozen=True)
class Entry:
    """A monograph file the library knows of; `id` is the file stem."""

    id: str
    path: Path
    origin: Origin


@dataclass(frozen=True)
class CatalogItem:
    """What lookups and `list` need of a monograph, without its whole text."""

    entry: Entry
    name: str
    aliases: tuple[str, ...]
    drug_class: str | None
    has_regimen: bool

    @property
    def id(self) -> str:
        return self.entry.id


@dataclass
class Library:
    folders: list[Folder]
    warn: Warn = field(default=lambda message: None)
    _entries: dict[str, Entry] | None = field(default=None, init=False, repr=False)
    _warned: set[Path] = field(default_factory=set, init=False, repr=False)

    @classmethod
    def open(cls, data_dirs: Iterable[Path] = (), warn: Warn | None = None) -> Library:
        """The standard library: extra folders over the user library over bundled data."""
        folders = [Folder(p, "folder") for p in extra_dirs(data_dirs)]
        folders += [Folder(user_dir(), "user"), Folder(bundled_dir(), "bundled")]
        # A folder named twice (`--data-dir X` with X in MEDCLI_PATH) counts once, at its
        # first place: otherwise each copy of a file would shadow the other.
        unique: dict[str, Folder] = {}
        for folder in folders:
            unique.setdefault(str(folder.path.absolute()), folder)
        return cls(list(unique.values()), warn or (lambda message: None))

    def entries(self) -> dict[str, Entry]:
        """Every monograph file by id; earlier folders shadow later ones."""
        if self._entries is None:
            found: dict[str, Entry] = {}
            for folder in self.folders:
                for entry in _scan(folder):
                    found.setdefault(entry.id, entry)
            self._entries = found
        return self._entries

    def load(self, entry: Entry) -> Monograph:
        """The monograph in *entry*'s file, from the parsed cache when the file is unchanged."""
        from medcli.library.parsed_cache import load_cached

        return load_cached(cache_dir(), entry.path, expected_id=entry.id)

    def catalog(self) -> Iterator[CatalogItem]:
        """Summaries of every loadable monograph; broken files are warned about and skipped.

        Served from the library index; without one (no FTS5 in this Python's SQLite)
        every file is read.
        """
        from medcli.library.index import IndexUnavailable

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
        from medcli.library.index import IndexUnavailable

        try:
            return self._with_index(lambda index: index.resolve(query))
        except IndexUnavailable:
            return resolve_in_catalog(query, list(self.catalog()))

    def search(
        self, query: str, section: str | None = None, limit: int = 10, shown: str | None = None
    ) -> SearchResults:
        """Monographs matching *query* (see `medcli.search`), best first, at most *limit*.

        *shown* is the query as the user typed it, for the results to echo.
        """
        import msgspec

        from medcli.library.index import IndexUnavailable
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

    def _with_index(self, action: Callable[[LibraryIndex], T]) -> T:
        """Run *action* on the current library index; broken files are warned about once."""
        from medcli.library.index import use

        def act(index: LibraryIndex) -> T:
            self._warn_broken(index.broken())
            return action(index)

        return use(self.folders, act, cache_dir(), self.warn)

    def _warn_broken(self, broken: list[tuple[Path, str]]) -> None:
        """One line per broken file and command; its message starts with the file's name."""
        for path, message in broken:
            if path not in self._warned:
                self._warned.add(path)
                self.warn(f"skipped {path.parent}{os.sep}{message}")

    def find(self, query: str) -> Monograph:
        """The monograph a typed name means (see `resolve`)."""
        return self.load(self.resolve(query))


def summarize(entry: Entry, monograph: Monograph) -> CatalogItem:
    return CatalogItem(
        entry=entry,
        name=monograph.name,
        aliases=tuple(monograph.aliases),
        drug_class=monograph.drug_class,
        has_regimen=bool(monograph.regimens),
    )


def resolve_in_catalog(query: str, items: list[CatalogItem]) -> Entry:
    """Match *query* against ids, names and aliases; exact first, then a unique prefix."""
    key = name_key(query)
    if not key:
        raise NotFoundError("no drug name given", hint="try: medcli list")
    by_key: dict[str, set[str]] = {}
    for item in items:
        for text in (item.id, item.name, *item.aliases):
            by_key.setdefault(name_key(text), set()).add(item.id)
    entries = {item.id: item.entry for item in items}
    exact = by_key.get(key, set())
    if len(exact) == 1:
        return entries[exact.pop()]
    prefixed = {drug for k, ids in by_key.items() if k.startswith(key) for drug in ids}
    if len(exact) > 1 or len(prefixed) > 1:
        candidates = sorted(exact or prefixed)
        raise NotFoundError(
            f"{query!r} matches more than one drug",
            hint="did you mean: " + ", ".join(candidates[:3]) + "?",
        )
    if len(prefixed) == 1:
        return entries[prefixed.pop()]
    raise NotFoundError(f"no drug named {query!r}", hint=suggestion(key, by_key))


def suggestion(key: str, by_key: dict[str, set[str]]) -> str:
    """ "did you mean: …?" with up to three ids whose names are close to *key*."""
    import difflib

    close = difflib.get_close_matches(key, list(by_key), n=6, cutoff=0.6)
    ids: list[str] = []
    for match in close:
        for drug in sorted(by_key[match]):
            if drug not in ids:
                ids.append(drug)
    if not ids:
        return "see the drugs available with: medcli list"
    return "did you mean: " + ", ".join(ids[:3]) + "?"


def _scan(folder: Folder) -> Iterator[Entry]:
    try:
        with os.scandir(folder.path) as listing:
            names = sorted(item.name for item in listing)
    except OSError:
        return
    for name in names:
        drug = monograph_id(name)
        if drug is not None:
            yield Entry(drug, folder.path / name, folder.origin)
