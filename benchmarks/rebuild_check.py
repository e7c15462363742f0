"""Proof that derived tables rebuilt in place are the rows a fresh import made.

Run: python benchmarks/rebuild_check.py STORE [--workers 1,2] [--groups names,effects,...]

STORE is a label store made by `medcli import` (for instance of the 323 shared
openFDA records; it is copied, never changed). For each derived group and each
worker count: a copy of the store has that group's tables emptied and its
checksums marked as made by other code, then opened for writing (which rebuilds
the group in place, `medcli.library.rebuild`); every derived table is then
compared with the import's, row by row and byte by byte (the contentless `docs`
by its every (term, label, column, offset): FTS5 segments may be cut differently,
what they index may not). Then all of them at once (another decoding path).
Prints one line a rebuild and exits 1 on any difference.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import zlib
from pathlib import Path

from medcli.library import derived, rebuild, stored

QUERIES = {
    "names": "SELECT key, label FROM names ORDER BY 1, 2",
    "effects": "SELECT * FROM effects ORDER BY label, position",
    "effect_contexts": "SELECT * FROM effect_contexts ORDER BY label",
    "docs": "SELECT * FROM temp.docs_terms",
    "docs_config": "SELECT * FROM docs_config ORDER BY k",  # its settings: none of a rebuild's
    "products": "SELECT * FROM products ORDER BY label",
    "mentions": "SELECT * FROM mentions ORDER BY label",
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("store", type=Path)
    parser.add_argument("--workers", default="1,2")
    parser.add_argument("--groups", default=",".join(group.name for group in derived.GROUPS))
    args = parser.parse_args()
    imported = checksums(args.store)
    wanted = args.groups.split(",")
    differ = 0
    with tempfile.TemporaryDirectory(prefix="medcli-check-") as scratch:
        copy = Path(scratch) / "labels.sqlite"
        chosen = [group for group in derived.GROUPS if group.name in wanted]
        together = [tuple(chosen)] if len(chosen) > 1 else []
        for groups in [*((group,) for group in chosen), *together]:
            for workers in (int(text) for text in args.workers.split(",")):
                shutil.copy(args.store, copy)
                made_stale(copy, groups)
                rebuild.WORKERS = workers
                stored.connect(copy, write=True).close()
                rebuilt = checksums(copy)
                changed = [table for table in QUERIES if rebuilt[table] != imported[table]]
                differ += bool(changed)
                tables = [table for group in groups for table in group.tables]
                counts = ", ".join(f"{table} {rebuilt[table][0]:,}" for table in tables)
                verdict = f"DIFFER: {', '.join(changed)}" if changed else "identical"
                names = "+".join(group.name for group in groups)
                print(f"{names} on {workers} worker(s): {counts} rows; {verdict}", flush=True)
    return 1 if differ else 0


def made_stale(path: Path, groups: tuple[derived.Group, ...]) -> None:
    """*groups*' tables emptied and their checksums another code's (as after an upgrade)."""
    with sqlite3.connect(path) as db:
        for group in groups:
            db.executemany(
                "UPDATE meta SET value = 1 WHERE key = ?",
                [(f"derived:{group.name}",), (f"shape:{group.name}",)],
            )
        for table in (table for group in groups for table in group.tables):
            if table == "docs":
                db.execute("INSERT INTO docs (docs) VALUES ('delete-all')")
            else:
                db.execute(f"DELETE FROM {table}")


def checksums(path: Path) -> dict[str, tuple[int, int]]:
    """(rows, crc32 of their text) of every derived table of the store at *path*."""
    with sqlite3.connect(path) as db:
        db.execute("CREATE VIRTUAL TABLE temp.docs_terms USING fts5vocab(main, docs, instance)")
        found = {}
        for table, query in QUERIES.items():
            count, checksum = 0, 0
            for row in db.execute(query):
                count += 1
                checksum = zlib.crc32(repr(row).encode(), checksum)
            found[table] = (count, checksum)
        return found


if __name__ == "__main__":
    sys.exit(main())
