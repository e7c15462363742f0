"""Import speed: labels a second on one core and on two, peak memory, disk per label.

Run: python benchmarks/import_speed.py [--size 10000] [--cores 1,2] [--bulk PATH]

Unpacks ../shared/labels/openfda-labels.tar.gz, writes its 323 records as one
openFDA bulk file, and a bulk file of *size* records (the shared ones again with
new set ids, ids and names, as `label_import.py` does; or the file given with
--bulk), then imports each into an empty library with `medcli import`, pinned
to one core (`taskset -c 0`: converted in-process) and to two (a pool of 2
workers). Per run: labels a second (wall), CPU a label, peak memory summed over
all the import's processes, and the store's size a label against the JSON's.
Every figure is also given as a ratio to the start-up floor
`python -c "import typer, rich.console"`, so runs on a loaded machine compare.
With --stages it first times, in this process, each step of a label's
conversion and storing over the 323 records (CPU ms a label). Without the
shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from label_import import shared_records, write_bulk, write_sample
from label_scale import best, sampled

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
MEDCLI = [sys.executable, "-m", "medcli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--size", type=int, default=10_000, help="records in the bulk file")
    parser.add_argument("--cores", default="1,2", help="core counts to run on, comma-separated")
    parser.add_argument("--bulk", type=Path, help="an openFDA bulk file to use as it is")
    parser.add_argument("--check", action="store_true", help="import with --check")
    parser.add_argument("--stages", action="store_true", help="time each step in process")
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    cores = [int(text) for text in args.cores.split(",") if text]
    with tempfile.TemporaryDirectory(prefix="medcli-speed-") as scratch:
        root = Path(scratch)
        records = shared_records(args.labels, root / "unpacked")
        if args.stages:
            stages(records, root / "stages")
        sample = root / "sample.json"
        write_sample(sample, records)
        bulk = args.bulk
        if bulk is None and args.size:
            bulk = root / "bulk.json"
            write_bulk(bulk, records, args.size)
        floor = best([sys.executable, "-c", "import typer, rich.console"], {}, 5)
        print(f"floor (python -c 'import typer, rich.console'): {floor * 1000:.0f} ms")
        extra = ["--check"] if args.check else []
        for path, count in ((sample, len(records)), (bulk, args.size)):
            if path is None:
                continue
            for core_count in cores:
                measure(root / "home", path, count, core_count, floor, extra)
    return 0


def measure(home: Path, bulk: Path, count: int, cores: int, floor: float, extra: list[str]) -> None:
    """Import *bulk* (*count* records) on *cores* cores into the empty library *home*."""
    shutil.rmtree(home, ignore_errors=True)
    pinned = ["taskset", "-c", ",".join(str(core) for core in range(cores))]
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    command = [*pinned, *MEDCLI, "import", str(bulk), *extra]
    wall, cpu, peak = sampled(command, environment)
    store = home / "monographs" / "labels.sqlite"
    disk = sum(path.stat().st_size for path in store.parent.glob("labels.sqlite*"))
    print(
        f"{count:,} records on {cores} core{'s' if cores > 1 else ''}: {wall:.1f} s"
        f" ({wall / floor:.0f}× floor), {count / wall:.0f} labels/s,"
        f" {cpu / count * 1000:.1f} ms CPU a label, peak memory {peak / 1e6:.0f} MB,"
        f" disk {disk / count / 1e3:.0f} kB a label = {disk / bulk.stat().st_size:.2f}× the JSON",
        flush=True,
    )


def stages(records: list[dict[str, Any]], folder: Path) -> None:
    """CPU ms a label of each step a label goes through, in this process, one by one."""
    from medcli.labels.convert import candidate_ids, check, encode
    from medcli.labels.mapping import coverage, map_label
    from medcli.labels.openfda import read_record
    from medcli.library.label_rows import label_rows
    from medcli.library.stored import SqliteStore

    spent: dict[str, float] = {}
    store = SqliteStore(folder)

    def step(name: str, since: float) -> float:
        now = time.process_time()
        spent[name] = spent.get(name, 0.0) + now - since
        return now

    for record in records:
        started = time.process_time()
        read = read_record(record)
        started = step("read the record", started)
        drug_id = candidate_ids(read.label)[0]
        mapped = map_label(read, drug_id, "2026-01-01", "stages.json", count_words=False)
        started = step("map (side effects)", started)
        coverage(read.source_text, read.label)
        started = step("word coverage (when counted)", started)
        data = encode(mapped.monograph)
        started = step("encode + text gate", started)
        _, checked = check(data)
        started = step("check (decode + consistency)", started)
        assert checked is not None
        rows = label_rows(drug_id, checked, data)
        started = step("store rows + zlib", started)
        store.put_rows(rows)
        step("insert", started)
    started = time.process_time()
    store.commit()
    step("commit", started)
    store.close()
    for name, seconds in spent.items():
        print(f"  {name}: {seconds / len(records) * 1000:.2f} ms a label")
    print(f"  in all: {sum(spent.values()) / len(records) * 1000:.2f} ms a label", flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
