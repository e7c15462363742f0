"""Proof that a change to the import's mechanism changed nothing it makes.

Run: python benchmarks/import_sameness.py OUT [--against EARLIER] [--labels PATH]

Imports the 323 shared openFDA records (one bulk file) and the SPL documents
(`../shared/labels/spl`) with `medcli import --json` into an empty library,
once pinned to one core (converted in-process) and once on two (a pool of
workers), and writes to the folder OUT, per run, every table of the label store
dumped row by row (each value's repr, blobs as hex) and the `--json` report
without its timings. The two runs must give the same files (the store is the
same whatever the worker count). With --against it compares OUT with the files
an earlier run (on the code before a change) wrote, and says which differ, where.
The inputs are unpacked to the same path every run (`/tmp/medcli-sameness` by
default), so the paths the monographs record are the same. Without the shared
labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
TIMINGS = frozenset({"seconds", "pages_per_second"})
RUNS = {"one-core": "0", "two-cores": "0,1"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder the dumps are written to")
    parser.add_argument("--against", type=Path, help="a folder an earlier run wrote")
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--scratch", type=Path, default=Path("/tmp/medcli-sameness"))
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to compare")
        return 0
    inputs = unpack(args.labels, args.scratch)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, cores in RUNS.items():
        home = args.scratch / "home"  # one path: the report names it
        shutil.rmtree(home, ignore_errors=True)
        report = run_import(inputs, home, cores)
        (args.out / f"{name}.report.json").write_text(report, encoding="utf-8")
        with (args.out / f"{name}.store.txt").open("w", encoding="utf-8") as out:
            dump_store(home / "monographs" / "labels.sqlite", out)
    differences = compare(args.out / "one-core", args.out / "two-cores")
    if args.against is not None:
        differences += compare(args.out / "one-core", args.against / "one-core")
        differences += compare(args.out / "two-cores", args.against / "two-cores")
    for line in differences:
        print(line)
    print("identical" if not differences else f"{len(differences)} difference(s)")
    return 1 if differences else 0


def unpack(labels: Path, scratch: Path) -> list[Path]:
    """The bulk file of the shared records and the SPL folder, at the same paths every run."""
    shutil.rmtree(scratch, ignore_errors=True)
    (scratch / "input").mkdir(parents=True)
    with tarfile.open(labels / "openfda-labels.tar.gz") as archive:
        archive.extractall(scratch / "unpacked", filter="data")
    records = [
        json.loads(path.read_bytes())["results"][0]
        for path in sorted((scratch / "unpacked" / "openfda").glob("*.json"))
    ]
    bulk = scratch / "input" / "bulk.json"
    bulk.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    spl = scratch / "input" / "spl"
    shutil.copytree(labels / "spl", spl)
    return [bulk, spl]


def run_import(inputs: list[Path], home: Path, cores: str) -> str:
    """The `--json` report of importing *inputs* into *home* on *cores*, less its timings."""
    command = ["taskset", "-c", cores, sys.executable, "-m", "medcli", "import"]
    done = subprocess.run(
        [*command, *map(str, inputs), "--json"],
        env={**os.environ, "MEDCLI_HOME": str(home)},
        capture_output=True,
        check=False,
        cwd=inputs[0].parent,
    )
    report = json.loads(done.stdout)
    return json.dumps(_without_timings(report), indent=1, sort_keys=True) + "\n"


def _without_timings(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_timings(v) for k, v in value.items() if k not in TIMINGS}
    if isinstance(value, list):
        return [_without_timings(item) for item in value]
    return value


def dump_store(path: Path, out: Any) -> None:
    """Every table of the store at *path*, in row order, one line a row."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        for table in tables:
            out.write(f"== {table}\n")
            for row in connection.execute(f'SELECT * FROM "{table}"'):
                out.write(" | ".join(_shown(value) for value in row) + "\n")
    finally:
        connection.close()


def _shown(value: object) -> str:
    return value.hex() if isinstance(value, bytes) else repr(value)


def compare(mine: Path, theirs: Path) -> list[str]:
    """Where the files of run *mine* differ from those of *theirs*: the first line of each."""
    differences: list[str] = []
    for suffix in (".report.json", ".store.txt"):
        a, b = Path(f"{mine}{suffix}"), Path(f"{theirs}{suffix}")
        if not b.exists():
            differences.append(f"{b}: missing")
            continue
        left, right = a.read_text("utf-8").splitlines(), b.read_text("utf-8").splitlines()
        if left == right:
            continue
        at = next(
            (n for n, (x, y) in enumerate(zip(left, right, strict=False)) if x != y),
            min(len(left), len(right)),
        )
        differences.append(f"{a.name} vs {b}: lines {len(left)}/{len(right)}, first at {at + 1}")
    return differences


if __name__ == "__main__":
    raise SystemExit(main())
