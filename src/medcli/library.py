"""The library: where monographs live and how a typed name finds one.

Three kinds of folder are merged: the bundled data, the user library and extra
folders. A name is never used as a path: it is matched against ids, names and
aliases that the library already knows. An exact id costs one file read; other
lookups go through the catalog, which a broken file never breaks (it is reported
through the `warn` callback and skipped).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from medcli.errors import DataError, NotFoundError
from medcli.model import Monograph

Origin = Literal["bundled", "user", "folder"]
Warn = Callable[[str], None]
DEFAULT_DRUG = "isatuximab"
MONOGRAPH_SUFFIXES = (".yaml", ".yml", ".json")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def bundled_dir() -> Path:
    """The monographs shipped with medcli: inside the wheel, or the repo's `data/`."""
    package = Path(__file__).resolve().parent
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

    @classmethod
    def open(cls, data_dirs: Iterable[Path] = (), warn: Warn | None = None) -> Library:
        """The standard library: extra folders over the user library over bundled data."""
        folders = [Folder(p, "folder") for p in extra_dirs(data_dirs)]
        folders += [Folder(user_dir(), "user"), Folder(bundled_dir(), "bundled")]
        return cls(folders, warn or (lambda message: None))

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
        from medcli.parsed_cache import load_cached

        return load_cached(cache_dir(), entry.path, expected_id=entry.id)

    def catalog(self) -> Iterator[CatalogItem]:
        """Summaries of every loadable monograph; broken files are warned about and skipped."""
        for entry in self.entries().values():
            try:
                monograph = self.load(entry)
            except DataError as error:
                self.warn(f"skipped {entry.path.parent / error.message}")
                continue
            yield summarize(entry, monograph)

    def resolve(self, query: str) -> Entry:
        """The entry a typed name means: exact id, id/name/alias, unique prefix; else not found."""
        entries = self.entries()
        slug = query.strip().lower()
        if _SLUG.match(slug) and slug in entries:
            return entries[slug]
        return resolve_in_catalog(query, list(self.catalog()))

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
    raise NotFoundError(f"no drug named {query!r}", hint=_suggestion(key, by_key))


def _suggestion(key: str, by_key: dict[str, set[str]]) -> str:
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
        stem, dot, suffix = name.rpartition(".")
        if dot and f".{suffix}" in MONOGRAPH_SUFFIXES and _SLUG.match(stem):
            yield Entry(stem, folder.path / name, folder.origin)
