"""`medcli interactions` for five drugs at 323 and at 10,000 labels: does it grow?

Run: python benchmarks/interactions_scale.py [--size 10000] [--repeat 5] [--callgrind]
     [--against OTHER_SRC]

1. Imports the 323 shared openFDA labels for real (one `medcli import`).
2. Grows a copy of that store to *size* labels: the 323 real labels stay (the five
   drugs are among them) and the others are `label_scale.py`'s synthetic labels (new
   ids, names and set ids over the seed's own text), added after them.
3. Times `medcli interactions` of the five drugs, `--json` and text (piped), at both
   sizes: the least CPU time (user + system) of *repeat* runs, as a ratio to the
   start-up floor `python -c "import typer, rich.console"`. Without the shared labels
   it says so and exits 0. Compiled modules are kept (in the scratch folder), as an
   installed medcli has them, even where PYTHONDONTWRITEBYTECODE is set.
4. Says what the store's `mentions` rows (what a check reads of each label, made at
   import) cost: CPU time to make them a label, beside the time to make all the
   derived rows, and their bytes on disk beside the store's.

`--callgrind` counts the instructions of one run (after a run that compiles the
modules) instead of CPU time: on a loaded machine it moves by a few parts in a
thousand where CPU time moves by tens of percent. `--against OTHER_SRC` also runs
another checkout's `src` folder (`PYTHONPATH`, with its `data` beside it; say a
`git archive` of an older commit) on the same stores, a column of its own.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from label_scale import LABELS, MEDCLI, best, build, run

DRUGS = ["propranolol", "warfarin", "vemurafenib", "carbamazepine", "escitalopram"]
GROWN = ("names", "effects", "effect_contexts", "mentions")  # keyed by a label's rowid
Measure = Callable[[list[str], dict[str, str]], float]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--callgrind", action="store_true", help="count instructions instead")
    parser.add_argument("--against", type=Path, help="another checkout's src folder")
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-interactions-") as scratch:
        root = Path(scratch)
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = str(root / "pycache")
        with tarfile.open(args.labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(root / "sample", filter="data")
        real = root / "real"
        subprocess.run(
            [*MEDCLI, "import", str(root / "sample" / "openfda")],
            env={**os.environ, "MEDCLI_HOME": str(real)},
            check=True,
            capture_output=True,
        )
        store = real / "monographs" / "labels.sqlite"
        count = sqlite3.connect(store).execute("SELECT count(*) FROM labels").fetchone()[0]
        big = root / "big"
        grown(store, big / "monographs" / "labels.sqlite", args.size - count, root)
        mention_costs(store, big / "monographs" / "labels.sqlite")
        measure = instructions if args.callgrind else cpu_time(args.repeat)
        unit, scale = ("M instructions", 1e-6) if args.callgrind else ("ms", 1000.0)
        floor = measure([sys.executable, "-c", "import typer, rich.console"], {})
        print(f"floor (python -c 'import typer, rich.console'): {floor * scale:.0f} {unit}")
        print(f"interactions {' '.join(DRUGS)}")
        installs: dict[str, tuple[dict[str, str], tuple[Path, Path]]] = {
            "this checkout": ({}, (real, big))
        }
        if args.against is not None:  # its own copies: code of other derived rows rebuilds them
            homes = (root / "against-real", root / "against-big")
            for home, copied in zip(homes, (real, big), strict=True):
                shutil.copytree(copied, home)
            installs[f"{args.against}"] = ({"PYTHONPATH": str(args.against.resolve())}, homes)
        print(f"| install | form | {count} labels | {args.size:,} labels |")
        print("|---|---|---|---|")
        for form, extra in (("--json", ["--json"]), ("text, piped", [])):
            for install, (environment, homes) in installs.items():
                command = [*MEDCLI, "interactions", *DRUGS, *extra]
                cells = []
                for home in homes:
                    variables = {**environment, "MEDCLI_HOME": str(home)}
                    run(command, variables)  # modules compiled, the store brought up to date
                    cost = measure(command, variables)
                    cells.append(f"{cost * scale:.0f} {unit} ({cost / floor:.2f}× floor)")
                print(f"| {install} | {form} | {' | '.join(cells)} |", flush=True)
    return 0


def cpu_time(repeat: int) -> Measure:
    """The least CPU time of *repeat* runs (`label_scale.best`)."""
    return lambda command, environment: best(command, environment, repeat)


def instructions(command: list[str], environment: dict[str, str]) -> float:
    """The instructions one run of *command* executes, counted by callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *command],
            env={**os.environ, **environment}, capture_output=True, check=True,
        )  # fmt: skip
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    return float(found[1]) if found else float("nan")


def mention_costs(store: Path, grown_store: Path) -> None:
    """What the `mentions` rows cost: CPU time a label to make them (least of 3 passes over
    the store's labels, beside all the derived rows' time), and bytes on disk."""
    from medcli.library import derived

    db = sqlite3.connect(store)
    labels = db.execute("SELECT id, title, aliases, data FROM labels").fetchall()
    monographs = [
        (drug, title, aliases, derived.decoded(data)) for drug, title, aliases, data in labels
    ]
    costs = {}
    for name, groups in (("mentions", [derived.MENTIONS]), ("all derived", list(derived.GROUPS))):
        passes = []
        for _ in range(3):
            start = time.process_time()
            for drug, title, aliases, monograph in monographs:
                names = aliases.split(derived.ALIAS_SEPARATOR) if aliases else ()
                derived.derived_rows((drug, title, names), monograph, groups)
            passes.append(time.process_time() - start)
        costs[name] = min(passes) / len(monographs) * 1000
    print(
        f"mentions rows: {costs['mentions']:.1f} ms of CPU a label to make"
        f" (all derived rows: {costs['all derived']:.1f} ms)"
    )
    for path in (store, grown_store):
        each = sqlite3.connect(path)
        rows, size = each.execute("SELECT count(*), sum(length(data)) FROM mentions").fetchone()
        pages = each.execute("SELECT sum(pgsize) FROM dbstat WHERE name = 'mentions'").fetchone()[0]
        (labels_count,) = each.execute("SELECT count(*) FROM labels").fetchone()
        total = path.stat().st_size
        print(
            f"{labels_count:,} labels: {rows:,} mentions rows, {size / rows / 1024:.1f} kB a row"
            f" (packed; {_unpacked_kb(each):.1f} kB unpacked), table {pages / 1e6:.1f} MB"
            f" of the store's {total / 1e6:.1f} MB ({pages / total:.1%})"
        )
        each.close()
    db.close()


def _unpacked_kb(db: sqlite3.Connection) -> float:
    """The mean size of a `mentions` row before compression (msgpack), in kB."""
    sizes = [len(zlib.decompress(data)) for (data,) in db.execute("SELECT data FROM mentions")]
    return sum(sizes) / len(sizes) / 1024


def grown(seed: Path, target: Path, extra: int, scratch: Path) -> None:
    """*seed*'s store with *extra* synthetic labels after its own (rowids moved on)."""
    synthetic = build(seed, scratch / "synthetic" / "monographs" / "labels.sqlite", extra)
    target.parent.mkdir(parents=True)
    shutil.copy(seed, target)
    db = sqlite3.connect(str(target), isolation_level=None)
    db.execute("ATTACH ? AS synthetic", (str(synthetic),))
    (offset,) = db.execute("SELECT max(rowid) FROM labels").fetchone()
    db.execute("BEGIN")
    columns = [row[1] for row in db.execute("PRAGMA table_info(labels)")]
    moved = ", ".join(f"{name} + {offset}" if name == "rowid" else name for name in columns)
    db.execute(f"INSERT INTO labels SELECT {moved} FROM synthetic.labels")
    for table in GROWN:
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        moved = ", ".join(f"{name} + {offset}" if name == "label" else name for name in columns)
        db.execute(f"INSERT INTO {table} SELECT {moved} FROM synthetic.{table}")
    columns = [row[1] for row in db.execute("PRAGMA table_info(docs)")]
    listed = ", ".join(columns)
    db.execute(
        f"INSERT INTO docs (rowid, {listed}) SELECT rowid + {offset}, {listed} FROM synthetic.docs"
    )
    db.execute("COMMIT")
    db.close()


if __name__ == "__main__":
    raise SystemExit(main())
