"""`medcli import` of FDA labels: the shared sample, then bulk files of growing size.

Run: python benchmarks/label_import.py [--sizes 1000,5000] [--labels PATH]

Unpacks ../shared/labels/openfda-labels.tar.gz into a temporary folder and
imports it with the SPL documents and the DailyMed zip; then builds openFDA bulk
files (`{"meta", "results": [...]}`) of each size by repeating the shared
records with new set ids and names, and imports each into an empty library.
Prints, per run, the wall time, records per second and peak memory (the largest
resident set of the import's processes: the main one, which reads the stream,
writes the store and keeps the report's summary; each worker holds a few
records): flat peak memory across sizes is what streaming buys. Without the
shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
# Runs a command and prints its peak memory (kB): one wrapper per run, so each
# figure is that run's own, not the largest of all runs so far.
MEASURED = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--sizes", default="1000,5000", help="bulk file sizes, comma-separated")
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-labels-") as scratch:
        root = Path(scratch)
        with tarfile.open(args.labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(root / "sample", filter="data")
        report(
            "sample (323 records, 7 SPL, 1 zip)",
            run(root / "home-sample", [root / "sample", args.labels / "spl"]),
        )
        records = [
            json.loads(path.read_bytes())["results"][0]
            for path in sorted((root / "sample" / "openfda").glob("*.json"))
        ]
        for size in (int(text) for text in args.sizes.split(",")):
            bulk = root / f"bulk-{size}.json"
            write_bulk(bulk, records, size)
            megabytes = bulk.stat().st_size / 1e6
            report(
                f"bulk {size:,} records ({megabytes:,.0f} MB)", run(root / f"home-{size}", [bulk])
            )
            bulk.unlink()
    return 0


def shared_records(labels: Path, folder: Path) -> list[dict[str, Any]]:
    """The shared openFDA records, unpacked under *folder*, in file-name order."""
    with tarfile.open(labels / "openfda-labels.tar.gz") as archive:
        archive.extractall(folder, filter="data")
    return [
        json.loads(path.read_bytes())["results"][0]
        for path in sorted((folder / "openfda").glob("*.json"))
    ]


def write_sample(path: Path, records: list[dict[str, Any]]) -> None:
    """*records* as one openFDA answer, as the bulk files hold them."""
    path.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")


def write_bulk(path: Path, records: list[dict[str, Any]], size: int) -> None:
    """An openFDA bulk file of *size* records: the shared ones again, each a new label."""
    with path.open("w", encoding="utf-8") as out:
        out.write(f'{{"meta": {{"results": {{"total": {size}}}}}, "results": [')
        for number in range(size):
            record = dict(records[number % len(records)])
            record["set_id"], record["id"] = f"bench-set-{number}", f"bench-version-{number}"
            names = dict(record.get("openfda", {}))
            names["generic_name"], names["brand_name"] = [f"BENCHDRUG {number}"], [f"Bench{number}"]
            record["openfda"] = names
            out.write(("," if number else "") + json.dumps(record))
        out.write("]}")


def run(home: Path, paths: list[Path]) -> dict[str, Any]:
    """Import *paths* into the empty library *home*; the report, time and peak memory."""
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    started = time.perf_counter()
    command = [sys.executable, "-m", "medcli", "import", *map(str, paths), "--json"]
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, *command],
        capture_output=True,
        env=environment,
        check=False,
    )
    seconds = time.perf_counter() - started
    peak_kb = int(result.stderr.decode().strip().splitlines()[-1])
    document: dict[str, Any] = json.loads(result.stdout)
    disk = sum(path.stat().st_size for path in (home / "monographs").iterdir())  # labels.sqlite
    return {
        "document": document,
        "seconds": seconds,
        "peak_mb": peak_kb / 1024,
        "disk_mb": disk / 1e6,
    }


def report(title: str, measured: dict[str, Any]) -> None:
    summary = measured["document"]["summary"]
    labels = measured["document"]["labels"]
    print(f"{title}:")
    print(
        f"  {summary['read']:,} read, {summary['imported']:,} imported, "
        f"{summary['skipped']:,} skipped {summary['skipped_by_reason']}"
    )
    print(
        f"  {measured['seconds']:.1f} s, {summary['read'] / measured['seconds']:.1f} records/s, "
        f"peak memory {measured['peak_mb']:.0f} MB, library {measured['disk_mb']:.0f} MB"
    )
    coverage = summary["coverage"]
    print(
        f"  words kept {coverage['overall']:.4%} overall, lowest {coverage['min']:.4%}; "
        f"side effects {labels['side_effects']:,}, tables {labels['tables']:,} "
        f"({labels['rate_tables']:,} read as rates)"
    )


if __name__ == "__main__":
    raise SystemExit(main())
