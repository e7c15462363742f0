"""The files whose `stat` decides an answer, for the fast path (`medcli.fast`).

A kept answer is served again only while these files are as they were: the
library's folders (a file added, removed or renamed changes its folder), and
the file the name found. A name that is no exact file id (an alias, a prefix, a
stored label) could be claimed by any monograph or label store, so then every
one of them counts; past `MAX_SOURCES` files the answer is not kept at all,
since stat-ing them would cost what the normal path does.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from medcli.library.folders import (
    MONOGRAPH_SUFFIXES_IN_NAME_ORDER,
    STORE_FILE,
    Folder,
    monograph_files,
)
from medcli.names import SLUG_PATTERN

MAX_SOURCES = 1000
_SLUG = re.compile(f"^{SLUG_PATTERN}$")


def name_sources(folders: list[Folder], query: str) -> list[Path] | None:
    """What `Library.resolve(query)` and the monograph it finds depend on; None if too many."""
    exact = _exact_file(folders, query)
    if exact is not None:
        return [*(folder.path for folder in folders), exact]
    return library_sources(folders)


def library_sources(folders: list[Folder]) -> list[Path] | None:
    """What an answer from the whole library (a search, a name any monograph could claim)
    depends on: every folder, label store and monograph file; None past `MAX_SOURCES`."""
    paths = [folder.path for folder in folders]
    stores = [folder / name for folder in paths for name in (STORE_FILE, f"{STORE_FILE}-wal")]
    files: list[Path] = []
    for folder in folders:
        files += [entry.path for entry in monograph_files(folder)]
        if len(files) > MAX_SOURCES:
            return None
    return [*paths, *stores, *files]


def names_sources(folders: list[Folder], queries: list[str]) -> list[Path] | None:
    """`name_sources` of every name in *queries*, each path once; None if too many."""
    found: dict[Path, None] = {}
    for query in queries:
        sources = name_sources(folders, query)
        if sources is None:
            return None
        found.update(dict.fromkeys(sources))
    return list(found)


def _exact_file(folders: list[Folder], query: str) -> Path | None:
    """The file an exact id names, found as `Library.resolve` finds it: before any index."""
    slug = query.strip().lower()
    if not _SLUG.match(slug):
        return None
    for folder in folders:
        for suffix in MONOGRAPH_SUFFIXES_IN_NAME_ORDER:
            path = folder.path / f"{slug}{suffix}"
            if os.path.lexists(path):
                return path
    return None
