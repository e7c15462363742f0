"""Label store disk: bytes a label, table by table, against the openFDA JSON imported.

Run: python benchmarks/store_disk.py [--size 10000] [--src PATH]

Imports the 323 shared openFDA records (one bulk file) and a bulk file of *size*
records (the shared ones again as new labels, as `import_speed.py` makes it)
into empty libraries with `medcli import`, then reads each store's pages by table
(SQLite's `dbstat`: FTS5 shadow tables counted under their table, indexes under
theirs) and prints each as bytes a label and as a share of the JSON's size. With
--src, the medcli source folder given is imported with instead (PYTHONPATH), for
a before/after comparison in one run. Without the shared labels it says so.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from label_import import shared_records, write_bulk, write_sample

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--size", type=int, default=10_000, help="records in the bulk file")
    parser.add_argument("--src", type=Path, help="a medcli source folder to import with")
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-disk-") as scratch:
        root = Path(scratch)
        records = shared_records(args.labels, root / "unpacked")
        sample = root / "sample.json"
        write_sample(sample, records)
        files = [(sample, len(records))]
        if args.size:
            write_bulk(root / "bulk.json", records, args.size)
            files.append((root / "bulk.json", args.size))
        for path, count in files:
            store = imported(path, root / "home", args.src)
            report(store, path.stat().st_size, count)
    return 0


def imported(bulk: Path, home: Path, src: Path | None) -> Path:
    """The store an import of *bulk* into the empty library *home* makes."""
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    if src is not None:
        environment["PYTHONPATH"] = str(src)
    subprocess.run(
        [sys.executable, "-m", "medcli", "import", str(bulk)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    store = home / "monographs" / "labels.sqlite"
    with sqlite3.connect(store) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return store


def report(store: Path, json_bytes: int, count: int) -> None:
    """*store*'s size by table: bytes a label, and against the JSON's *json_bytes*."""
    with sqlite3.connect(store) as db:
        owners = dict(db.execute("SELECT name, tbl_name FROM sqlite_master"))
        pages = db.execute("SELECT name, sum(pgsize) FROM dbstat GROUP BY name").fetchall()
    by_table: dict[str, int] = {}
    for name, size in pages:
        table = owners.get(name, name)  # an index counts under its table
        table = "docs" if table.startswith("docs_") else table  # FTS5 shadow tables
        by_table[table] = by_table.get(table, 0) + size
    whole = store.stat().st_size
    print(
        f"{count:,} records, JSON {json_bytes / 1e6:.1f} MB: store {whole / 1e6:.1f} MB"
        f" = {whole / json_bytes:.2f}× the JSON, {whole / count / 1e3:.1f} kB a label"
    )
    for table, size in sorted(by_table.items(), key=lambda item: -item[1]):
        print(f"  {table}: {size / 1e6:.1f} MB, {size / json_bytes:.2f}×")


if __name__ == "__main__":
    raise SystemExit(main())
