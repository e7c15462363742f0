"""`medcli interactions` for five drugs at 323 and at 10,000 labels: does it grow?

Run: python benchmarks/interactions_scale.py [--size 10000] [--repeat 5]

1. Imports the 323 shared openFDA labels for real (one `medcli import`).
2. Grows a copy of that store to *size* labels: the 323 real labels stay (the five
   drugs are among them) and the others are `label_scale.py`'s synthetic labels (new
   ids, names and set ids over the seed's own text), added after them.
3. Times `medcli interactions` of the five drugs, `--json` and text (piped), at both
   sizes: the least CPU time (user + system) of *repeat* runs, as a ratio to the
   start-up floor `python -c "import typer, rich.console"`. Without the shared labels
   it says so and exits 0. Compiled modules are kept (in the scratch folder), as an
   installed medcli has them, even where PYTHONDONTWRITEBYTECODE is set.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from label_scale import LABELS, MEDCLI, best, build

DRUGS = ["propranolol", "warfarin", "vemurafenib", "carbamazepine", "escitalopram"]
GROWN = ("names", "effects", "effect_contexts")  # tables keyed by a label's rowid


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--size", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
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
        floor = best([sys.executable, "-c", "import typer, rich.console"], {}, args.repeat)
        print(f"floor (python -c 'import typer, rich.console'): {floor * 1000:.0f} ms")
        print(f"interactions {' '.join(DRUGS)}")
        print(f"| form | {count} labels | {args.size:,} labels |")
        print("|---|---|---|")
        for form, extra in (("--json", ["--json"]), ("text, piped", [])):
            command = [*MEDCLI, "interactions", *DRUGS, *extra]
            cells = []
            for home in (real, big):
                seconds = best(command, {"MEDCLI_HOME": str(home)}, args.repeat)
                cells.append(f"{seconds * 1000:.0f} ms ({seconds / floor:.2f}× floor)")
            print(f"| {form} | {' | '.join(cells)} |", flush=True)
    return 0


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
