"""The files whose `stat` decides an answer, for the fast path (`medcli.fast`).

A kept answer is served again only while these files are as they were: the
library's folders (a file added, removed or renamed changes its folder), and
the file the name found. A name that is no exact file id (an alias, a prefix, a
stored label) could be claimed by any monograph or label store, so then every
one of them counts: each folder's label store by its stat, and its monograph
files by one summary of their stats (`medcli.fast.contents_facts`), so that
the fast path reads no per-file list even at 6,446 files.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import msgspec

from medcli.library.folders import MONOGRAPH_SUFFIXES_IN_NAME_ORDER, STORE_FILE, Folder
from medcli.names import SLUG_PATTERN

_SLUG = re.compile(f"^{SLUG_PATTERN}$")


class AnswerSources(msgspec.Struct, frozen=True):
    """What an answer depends on: *files* by their stat, *folders* by their monograph files."""

    files: list[Path]
    folders: list[Path] = []


def name_sources(folders: list[Folder], query: str) -> AnswerSources:
    """What `Library.resolve(query)` and the monograph it finds depend on."""
    exact = _exact_file(folders, query)
    if exact is not None:
        return AnswerSources([*(folder.path for folder in folders), exact])
    return library_sources(folders)


def library_sources(folders: list[Folder]) -> AnswerSources:
    """What an answer from the whole library (a search, a name any monograph could claim)
    depends on: every folder, label store and monograph file."""
    paths = [folder.path for folder in folders]
    stores = [folder / name for folder in paths for name in (STORE_FILE, f"{STORE_FILE}-wal")]
    return AnswerSources([*paths, *stores], paths)


def names_sources(folders: list[Folder], queries: list[str]) -> AnswerSources:
    """`name_sources` of every name in *queries*, each path once."""
    files: dict[Path, None] = {}
    contents: dict[Path, None] = {}
    for query in queries:
        sources = name_sources(folders, query)
        files.update(dict.fromkeys(sources.files))
        contents.update(dict.fromkeys(sources.folders))
    return AnswerSources(list(files), list(contents))


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
