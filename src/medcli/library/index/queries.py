"""Answering from the index: lookups by name, the catalog, broken files, full-text search."""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from pathlib import Path

from medcli.library.folders import CatalogItem, Entry, Folder
from medcli.library.index.scanning import FolderScan, shadowed_files
from medcli.library.index.tables import ALIAS_SEPARATOR, placeholders
from medcli.library.source import Ranked, name_match
from medcli.search import (
    COLUMN_WEIGHTS,
    COLUMNS,
    HIT_END,
    HIT_START,
    SECTION_COLUMNS,
    Snippet,
    best_column,
    split_snippet,
)

SNIPPET_TOKENS = 14


class IndexView:
    """The index as one library sees it, inside a read transaction (`IndexStore.snapshot`).

    Only the rows of the library's own folders count, minus files shadowed by
    another of the same id; the scope is fixed when the view is made.
    """

    def __init__(self, connection: sqlite3.Connection, scans: list[FolderScan]) -> None:
        self.db = connection
        self.scans = scans  # what the folders held: the fast path keeps an answer against it
        self._by_key: dict[str, Folder] = {s.key: s.folder for s in scans}
        self._scope = f"f.folder IN ({placeholders(scans)})"
        self._scope_params: tuple[str, ...] = tuple(s.key for s in scans)
        shadowed = shadowed_files(scans)
        if shadowed:
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS hidden (id INTEGER PRIMARY KEY)")
            self.db.execute("DELETE FROM temp.hidden")
            self.db.executemany(
                "INSERT OR IGNORE INTO temp.hidden SELECT id FROM files"
                " WHERE folder = ? AND name = ?",
                shadowed,
            )
            self._scope += " AND f.id NOT IN (SELECT id FROM temp.hidden)"

    # -- answering

    def _entry(self, folder: str, name: str, drug: str) -> Entry:
        owner = self._by_key[folder]
        return Entry(drug, owner.path / name, owner.origin)

    def broken(self) -> list[tuple[Path, str]]:
        """The library's files that cannot be used, and why."""
        rows = self.db.execute(
            "SELECT f.folder, f.name, f.error FROM files f INDEXED BY files_broken"
            f" WHERE f.error IS NOT NULL AND {self._scope} ORDER BY f.folder, f.name",
            self._scope_params,
        ).fetchall()
        return [(self._by_key[folder].path / name, error) for folder, name, error in rows]

    def catalog(self) -> Iterator[CatalogItem]:
        """Every usable monograph, folder by folder in library order, then by file name.

        The rows are read at once (inside the view's transaction), the items made as
        they are taken: `list --limit 10` makes ten.
        """
        rank = {key: number for number, key in enumerate(self._scope_params)}
        rows = self.db.execute(
            "SELECT f.folder, f.name, f.drug, f.title, f.aliases, f.drug_class, f.has_regimen,"
            f" f.kind FROM files f WHERE {self._scope} AND f.error IS NULL",
            self._scope_params,
        ).fetchall()
        rows.sort(key=lambda row: (rank[row[0]], row[1]))
        return (
            CatalogItem(
                entry=self._entry(folder, name, drug),
                name=title,
                aliases=tuple(aliases.split(ALIAS_SEPARATOR)) if aliases else (),
                drug_class=drug_class,
                has_regimen=bool(has_regimen),
                kind=kind,
            )
            for folder, name, drug, title, aliases, drug_class, has_regimen, kind in rows
        )

    def side_effect_rows(
        self, serious: bool, frequencies: Collection[str] | None
    ) -> tuple[list[tuple[str, str, bytes | None, bytes]], set[str]]:
        """(id, name, effects context, side effect) of every effect of a usable file that is
        serious (if asked) and of one of *frequencies* (None: any), in id order; and the id
        of every usable file (what shadows a stored label of the same id).

        The rows stay msgpack (`medcli.library.index.effects`): the caller decodes them
        one drug at a time as it writes (`medcli.library.source.effect_views`).
        """
        where = " AND serious = 1" if serious else ""
        tiers = sorted(frequencies or ())
        if frequencies is not None:
            where += f" AND frequency IN ({placeholders(tiers)})"
        # Two scans joined here rather than in SQL: the effects in primary-key order need
        # no sort, and the files come in id order through their index.
        effects: dict[int, list[bytes]] = {}
        for file, data in self.db.execute(
            f"SELECT file, data FROM effects WHERE 1 {where} ORDER BY file, position", tiers
        ):
            effects.setdefault(file, []).append(data)
        files = self.db.execute(
            "SELECT f.id, f.drug, f.title, f.effects_context FROM files f INDEXED BY files_drug"
            f" WHERE {self._scope} AND f.error IS NULL ORDER BY f.drug",
            self._scope_params,
        ).fetchall()
        found = [
            (drug, title, context, data)
            for rowid, drug, title, context in files
            for data in effects.get(rowid, ())
        ]
        return found, {row[1] for row in files}

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        """(name key, entry) of every id, name or alias equal to *key*, or starting with it."""
        where, keys = name_match(key, exact_only=exact_only)
        rows = self.db.execute(
            "SELECT n.key, f.folder, f.name, f.drug FROM names n JOIN files f ON f.id = n.file"
            f" WHERE {where} AND {self._scope}",
            (*keys, *self._scope_params),
        ).fetchall()
        return [(found, self._entry(folder, name, drug)) for found, folder, name, drug in rows]

    def name_keys(self) -> list[tuple[str, str]]:
        """(name key, id) of every name of the files (for "did you mean")."""
        return self.db.execute(
            f"SELECT n.key, f.drug FROM names n JOIN files f ON f.id = n.file WHERE {self._scope}",
            self._scope_params,
        ).fetchall()

    def search(
        self, expression: str, section: str | None, limit: int, promoted: str
    ) -> tuple[int, list[Ranked]]:
        """How many files match *expression*, and the best *limit* (`Ranked`), a file with the
        name key *promoted* first, as a label store ranks its labels."""
        weights = ", ".join(str(weight) for weight in COLUMN_WEIGHTS)
        total = self.db.execute(
            "SELECT count(*) FROM docs JOIN files f ON f.id = docs.rowid"
            f" WHERE docs MATCH ? AND {self._scope}",
            (expression, *self._scope_params),
        ).fetchone()[0]
        rows = self.db.execute(
            f"SELECT f.id, f.folder, f.drug, f.title, bm25(docs, {weights}) AS score,"
            " f.id IN (SELECT file FROM names WHERE key = ?) AS named"
            f" FROM docs JOIN files f ON f.id = docs.rowid WHERE docs MATCH ? AND {self._scope}"
            " ORDER BY named DESC, score, f.drug LIMIT ?",
            (promoted, expression, *self._scope_params, limit),
        ).fetchall()
        found = snippets(self.db, expression, [row[0] for row in rows], section)
        return total, [
            (bool(named), score, drug, title, *found[rowid], self._by_key[folder].origin)
            for rowid, folder, drug, title, score, named in rows
        ]


def snippets(
    db: sqlite3.Connection, expression: str, rowids: list[int], section: str | None
) -> dict[int, tuple[str, Snippet]]:
    """The passage shown for each hit: from *section*, else from its best-matching column.

    Any database with an FTS5 table `docs` of `COLUMNS` will do: the index, or a label store.
    """
    columns = [SECTION_COLUMNS[section]] if section else list(COLUMNS)
    calls = ", ".join(
        f"snippet(docs, {COLUMNS.index(column)}, ?, ?, '…', {SNIPPET_TOKENS})" for column in columns
    )
    markers = (HIT_START, HIT_END) * len(columns)
    found: dict[int, tuple[str, Snippet]] = {}
    for start in range(0, len(rowids), 500):  # stay under old SQLite's 999 parameters
        chunk = rowids[start : start + 500]
        for rowid, *marked in db.execute(
            f"SELECT rowid, {calls} FROM docs WHERE docs MATCH ?"
            f" AND rowid IN ({', '.join('?' * len(chunk))})",
            (*markers, expression, *chunk),
        ):
            pieces = [split_snippet(text or "") for text in marked]
            best = best_column(pieces)
            found[rowid] = (columns[best], pieces[best])
    return found
