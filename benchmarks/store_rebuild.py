"""The first command after an upgrade: derived tables rebuilt in place from the labels.

Run: python benchmarks/store_rebuild.py [--size 10000] [--seed 323] [--repeat 3] [--cores 1,2]

1. Imports *seed* of the shared openFDA records for real (one `medcli import`),
   then builds a store of *size* labels from its rows (`label_scale.build`: the
   seed's text under new ids, names and set ids).
2. For each upgrade, copies that store, marks the derived groups that upgrade
   changes as made by other code (their checksums in `meta`), and runs
   `medcli show` on the last label in a child process: the command rebuilds those
   groups in place, then answers. Prints labels rebuilt a second (wall), the CPU
   time, and ratios to the start-up floor `python -c "import typer, rich.console"`
   and to the same `show` on an up-to-date store, pinned to each of *cores* cores
   (`taskset`: on one the rows are made in-process, on more on a worker pool per
   core), with the peak memory of all its processes. Without the shared labels it
   says so and exits 0.
3. Times `medcli rebuild` (every label converted again from its kept document)
   on a copy of the seed store, on each of *cores* cores.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from label_scale import LABELS, MEDCLI, build, sampled

# Which derived groups each simulated upgrade changes; None: a store of before
# hand-numbered layouts (a code checksum as user_version, no meta table).
UPGRADES: dict[str, tuple[str, ...] | None] = {
    "name rule changed (names)": ("names",),
    "side-effect rows changed (effects)": ("effects",),
    "searchable text changed (docs)": ("docs",),
    "product rows changed (products)": ("products",),
    "interaction passages changed (mentions)": ("mentions",),
    "all derived code changed": ("names", "effects", "docs"),
    "store of before layouts": None,
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=323, help="records imported for real")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cores", default="1,2", help="core counts to run on, comma-separated")
    parser.add_argument(
        "--only", help="the upgrades whose names hold one of these words (a,b; 'rebuild': the last)"
    )
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-rebuild-") as scratch:
        root = Path(scratch)
        with tarfile.open(args.labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(root / "sample", filter="data")
        files = sorted((root / "sample" / "openfda").glob("*.json"))[: args.seed]
        seed_home = root / "seed"
        seed_folder = root / "seed-files"
        seed_folder.mkdir()
        for path in files:
            shutil.copy(path, seed_folder)
        run([*MEDCLI, "import", str(seed_folder)], seed_home)
        built = build(
            seed_home / "monographs" / "labels.sqlite", root / "built" / "s.sqlite", args.size
        )
        json_bytes = sum(path.stat().st_size for path in files)
        print(
            f"{args.size:,} labels ({len(files)} shared records ×{args.size / len(files):.0f});"
            f" the seed store is {_store_size(seed_home) / json_bytes:.2f}× its JSON"
        )
        floor = least([sys.executable, "-c", "import typer, rich.console"], root, args.repeat)
        home = root / "home"
        prepare(built, home, ())
        plain = least([*MEDCLI, "show", f"bd{args.size - 1:06d}-drug"], home, args.repeat)
        print(f"floor {floor * 1000:.0f} ms CPU; show, store up to date: {plain * 1000:.0f} ms CPU")
        print()
        print(
            "| upgrade | cores | wall | CPU | labels/s (wall) | labels/s (CPU) | peak memory"
            " | × floor | × show |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name, groups in UPGRADES.items():
            if args.only and not any(word in name for word in args.only.split(",")):
                continue
            for cores in (int(text) for text in args.cores.split(",") if text):
                wall, cpu, peak = rebuilt_show(built, home, args.size, groups, cores)
                print(
                    f"| {name} | {cores} | {wall:.2f} s | {cpu:.2f} s | {args.size / wall:,.0f} |"
                    f" {args.size / cpu:,.0f} | {peak / 1e6:.0f} MB | {cpu / floor:.1f} |"
                    f" {cpu / plain:.1f} |",
                    flush=True,
                )
        if args.only and "rebuild" not in args.only.split(","):
            return 0  # upgrades chosen, not `medcli rebuild`
        print()
        print("| `medcli rebuild` (labels converted again) | cores | wall | CPU | labels/s (wall)"
              " | labels/s (CPU) | peak memory |")  # fmt: skip
        print("|---|---|---|---|---|---|---|")
        for cores in (int(text) for text in args.cores.split(",") if text):
            wall, cpu, peak = reconverted(seed_home, root / "again", cores)
            print(
                f"| {len(files)} shared labels | {cores} | {wall:.2f} s | {cpu:.2f} s |"
                f" {len(files) / wall:,.0f} | {len(files) / cpu:,.0f} | {peak / 1e6:.0f} MB |",
                flush=True,
            )
    return 0


def reconverted(seed_home: Path, home: Path, cores: int) -> tuple[float, float, int]:
    """(wall, CPU seconds, peak bytes) of `medcli rebuild` on a copy of the seed store (its
    labels imported for real, each with its document), on *cores* cores."""
    shutil.rmtree(home, ignore_errors=True)
    shutil.copytree(seed_home, home)
    pinned = ["taskset", "-c", ",".join(str(core) for core in range(cores))]
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    command = [*pinned, *MEDCLI, "rebuild", "--workers", str(cores)]
    return sampled(command, environment)


def _store_size(home: Path) -> int:
    return sum(path.stat().st_size for path in (home / "monographs").glob("labels.sqlite*"))


def prepare(built: Path, home: Path, groups: tuple[str, ...] | None) -> None:
    """A fresh copy of *built* in *home*, its *groups* marked as made by other code (None:
    made a store of before layout numbers)."""
    shutil.rmtree(home, ignore_errors=True)
    store = home / "monographs" / "labels.sqlite"
    store.parent.mkdir(parents=True)
    shutil.copy(built, store)
    with sqlite3.connect(store) as db:
        if groups is not None:
            db.executemany(
                "UPDATE meta SET value = 1 WHERE key IN (?, ?)",
                [(f"derived:{group}", f"shape:{group}") for group in groups],
            )
        else:
            db.execute("DROP TABLE meta")
            db.execute("PRAGMA user_version = 1815581391")


def rebuilt_show(
    built: Path, home: Path, size: int, groups: tuple[str, ...] | None, cores: int
) -> tuple[float, float, int]:
    """(wall, CPU seconds, peak bytes of all its processes) of the first `show` after the
    upgrade of *groups*, pinned to *cores* cores."""
    prepare(built, home, groups)
    pinned = ["taskset", "-c", ",".join(str(core) for core in range(cores))]
    environment = {**os.environ, "MEDCLI_HOME": str(home), "MEDCLI_PAGER": "0"}
    return sampled([*pinned, *MEDCLI, "show", f"bd{size - 1:06d}-drug"], environment)


def least(command: list[str], home: Path, repeat: int) -> float:
    """The least CPU time of *repeat* runs of *command* (others share this machine)."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run(command, home)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


def run(command: list[str], home: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MEDCLI_HOME": str(home), "MEDCLI_PAGER": "0"}
    result = subprocess.run(command, capture_output=True, text=True, env=environment, check=False)
    if result.returncode:
        raise SystemExit(f"{' '.join(command)} failed: {result.stderr}")
    return result


if __name__ == "__main__":
    raise SystemExit(main())
