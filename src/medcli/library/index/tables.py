"""The index's SQL schema and the few conventions its writers and readers share."""

from __future__ import annotations

from collections.abc import Sequence

from medcli.library.fingerprint import index_fingerprint
from medcli.search import COLUMNS

# PRAGMA user_version: derived from the code that decides what the index holds, so an
# index written by other code is rebuilt, never trusted (see medcli.library.fingerprint).
INDEX_VERSION = index_fingerprint()
ALIAS_SEPARATOR = "\x1f"  # the loader strips control characters, so no alias contains it

SCHEMA = f"""
CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    folder TEXT NOT NULL,           -- absolute path of the folder
    name TEXT NOT NULL,             -- file name in the folder
    drug TEXT NOT NULL,             -- the monograph id: the file stem
    mtime_ns INTEGER NOT NULL,
    ctime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    title TEXT,                     -- the monograph's name; NULL when broken
    aliases TEXT,
    drug_class TEXT,
    has_regimen INTEGER NOT NULL DEFAULT 0,
    kind TEXT,                      -- 'fda-label' for an imported FDA label, else NULL
    effects_context BLOB,           -- what a side-effect view shows besides the effects (msgpack)
    error TEXT,                     -- why the file cannot be used; NULL when it can
    UNIQUE (folder, name)
);
CREATE INDEX files_stat ON files (folder, name, drug, mtime_ns, ctime_ns, size);
CREATE INDEX files_drug ON files (drug);
CREATE INDEX files_broken ON files (folder) WHERE error IS NOT NULL;
CREATE TABLE names (key TEXT NOT NULL, file INTEGER NOT NULL);
CREATE INDEX names_key ON names (key);
CREATE INDEX names_file ON names (file);
-- Side effects as rows, so `side-effects --all-drugs` filters without loading monographs.
CREATE TABLE effects (
    file INTEGER NOT NULL, position INTEGER NOT NULL, serious INTEGER NOT NULL,
    frequency TEXT NOT NULL, data BLOB NOT NULL, PRIMARY KEY (file, position)
) WITHOUT ROWID;
CREATE TABLE folders (folder TEXT PRIMARY KEY, state TEXT NOT NULL);  -- a FolderState
CREATE VIRTUAL TABLE docs USING fts5 (
    {", ".join(COLUMNS)}, tokenize = 'unicode61 remove_diacritics 2'
);
PRAGMA user_version = {INDEX_VERSION};
"""


def placeholders(items: Sequence[object]) -> str:
    return ", ".join("?" * len(items)) or "NULL"
