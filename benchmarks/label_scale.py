"""Every command at 1, 10,000, 100,000 (and 250,000) labels: the label store's flat cost.

Run: python benchmarks/label_scale.py [--sizes 1,10000,100000] [--seed 300] [--repeat 5]

1. Unpacks ../shared/labels/openfda-labels.tar.gz into a temporary folder and
   imports *seed* of its records for real (`medcli import`, a child process):
   records per second, peak memory (the child's maximum resident set size) and
   the store's size against the records' JSON.
2. For each size, builds a store of that many labels from the seed's rows (new
   ids, names, aliases and set ids; the seed's own text, tables and side-effect
   rows): converting 100,000 labels for real takes hours (mapping, not the store,
   is the cost, see the rate), and the commands only see the store.
3. Times each command (least CPU time of *repeat* runs) as a ratio to the
   start-up floor `python -c "import typer, rich.console"` and to the same
   command at the first size, and the first line of the streaming side-effect
   view (wall clock). Without the shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
MEASURED = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)"
)
MEDCLI = [sys.executable, "-m", "medcli"]
FIRST_LINE = (
    "import subprocess, sys, time; t = time.perf_counter(); "
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE); p.stdout.readline(); "
    "print(time.perf_counter() - t); p.kill(); p.wait()"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS)
    parser.add_argument("--sizes", default="1,10000,100000")
    parser.add_argument("--seed", type=int, default=300, help="records imported for real")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-scale-") as scratch:
        root = Path(scratch)
        with tarfile.open(args.labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(root / "sample", filter="data")
        seed_home = root / "seed"
        seed_store = seed_import(root, seed_home, args.seed)
        sizes = [int(text) for text in args.sizes.split(",")]
        floor = best([sys.executable, "-c", "import typer, rich.console"], {}, args.repeat)
        print(f"floor (python -c 'import typer, rich.console'): {floor * 1000:.0f} ms", flush=True)
        table: dict[str, list[float]] = {}
        for size in sizes:
            home = root / f"home-{size}"
            started = time.perf_counter()
            store = build(seed_store, home / "monographs" / "labels.sqlite", size)
            print(
                f"{size:,} labels: store built in {time.perf_counter() - started:.0f} s, "
                f"{store.stat().st_size / size / 1024:.0f} kB a label",
                flush=True,
            )
            for name, seconds in measure(home, size, args.repeat).items():
                table.setdefault(name, []).append(seconds)
                print(
                    f"  {name}: {seconds * 1000:.0f} ms ({seconds / floor:.2f}× floor)", flush=True
                )
            shutil.rmtree(home)
        print()
        print("| command | " + " | ".join(f"{size:,} labels" for size in sizes) + " |")
        print("|---|" + "---|" * len(sizes))
        for name, times in table.items():
            cells = [
                f"{t * 1000:.0f} ms ({t / floor:.2f}× floor, {t / times[0]:.2f}× at {sizes[0]:,})"
                for t in times
            ]
            print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


def seed_import(root: Path, home: Path, count: int) -> Path:
    """Import *count* shared records for real; print the rate, peak memory and disk ratio."""
    files = sorted((root / "sample" / "openfda").glob("*.json"))[:count]
    records = [json.loads(path.read_bytes())["results"][0] for path in files]
    bulk = root / "seed.json"
    bulk.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-c", MEASURED, *MEDCLI, "import", str(bulk)],
        capture_output=True, env=environment, check=True,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    peak_mb = int(result.stderr.decode().strip().splitlines()[-1]) / 1024
    store = home / "monographs" / "labels.sqlite"
    ratio = store.stat().st_size / bulk.stat().st_size
    print(
        f"import of {len(records)} records ({bulk.stat().st_size / 1e6:.0f} MB JSON):"
        f" {seconds:.1f} s, {len(records) / seconds:.1f} records/s, peak memory {peak_mb:.0f} MB,"
        f" store {store.stat().st_size / 1e6:.0f} MB = {ratio:.2f}× the JSON",
        flush=True,
    )
    return store


def build(seed: Path, target: Path, size: int) -> Path:
    """A store of *size* labels, each a copy of a seed row under a new id, name and set id."""
    target.parent.mkdir(parents=True)
    shutil.copy(seed, target)
    db = sqlite3.connect(str(target), isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    sources = [row[0] for row in db.execute("SELECT rowid FROM labels ORDER BY rowid")]
    db.execute("BEGIN")
    db.execute("CREATE TEMP TABLE seed AS SELECT * FROM labels")
    db.execute("CREATE TEMP TABLE seed_effects AS SELECT * FROM effects")
    db.execute("CREATE TEMP TABLE seed_docs AS SELECT rowid AS source, * FROM docs")
    db.execute("CREATE TEMP TABLE seed_contexts AS SELECT * FROM effect_contexts")
    for table in ("names", "effects", "effect_contexts", "docs", "labels"):
        db.execute(f"DELETE FROM {table}")
    columns = [row[1] for row in db.execute("PRAGMA table_info(docs)")]
    for number in range(size):
        source = sources[number % len(sources)]
        rowid = number + 1
        drug, alias = f"bd{number:06d}-drug", f"Bench{number:06d}"
        db.execute(
            "INSERT INTO labels SELECT ?, ?, ?, version, version_id, date, kind, ?, ?,"
            " drug_class, has_regimen, note, data FROM seed WHERE rowid = ?",
            (rowid, drug, f"bench-set-{number}", f"Benchdrug {number:06d}", alias, source),
        )
        db.executemany(
            "INSERT INTO names VALUES (?, ?)",
            [(drug, rowid), (f"benchdrug {number:06d}", rowid), (alias.lower(), rowid)],
        )
        db.execute(
            "INSERT INTO effects SELECT ?, position, serious, frequency, data"
            " FROM seed_effects WHERE label = ?",
            (rowid, source),
        )
        db.execute(
            "INSERT INTO effect_contexts SELECT ?, data FROM seed_contexts WHERE label = ?",
            (rowid, source),
        )
        db.execute(
            f"INSERT INTO docs (rowid, {', '.join(columns)}) SELECT ?, {', '.join(columns)}"
            " FROM seed_docs WHERE source = ?",
            (rowid, source),
        )
        if number % 5000 == 4999:
            db.execute("COMMIT")
            db.execute("BEGIN")
    db.execute("COMMIT")
    db.execute("INSERT INTO docs (docs) VALUES ('optimize')")
    db.close()
    return target


def measure(home: Path, size: int, repeat: int) -> dict[str, float]:
    environment = {"MEDCLI_HOME": str(home), "MEDCLI_PAGER": "0"}
    last = size - 1
    commands = {
        "show by id": [*MEDCLI, "show", f"bd{last:06d}-drug"],
        "show by alias": [*MEDCLI, "show", f"Bench{last:06d}"],
        "show by prefix": [*MEDCLI, "show", f"bd{last:06d}-d"],
        "show isatuximab (bundled)": [*MEDCLI, "show", "isatuximab"],
        "show Sarclisa (bundled alias)": [*MEDCLI, "show", "Sarclisa"],
        'search "multiple myeloma"': [*MEDCLI, "search", "multiple myeloma"],
        "side-effects --all-drugs --serious --json": [
            *MEDCLI, "side-effects", "--all-drugs", "--serious", "--json",
        ],
        "side-effects --all-drugs --serious (text, piped)": [
            *MEDCLI, "side-effects", "--all-drugs", "--serious",
        ],
        "list --json": [*MEDCLI, "list", "--json"],
    }  # fmt: skip
    found = {name: best(command, environment, repeat) for name, command in commands.items()}
    completion = {
        **environment, "_MEDCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": f"medcli show Bench{last:06d}"[:-1], "COMP_CWORD": "2",
    }  # fmt: skip
    found["completion of a name"] = best(MEDCLI, completion, repeat)
    first = [
        sys.executable,
        "-c",
        FIRST_LINE,
        *commands["side-effects --all-drugs --serious --json"],
    ]
    found["side-effects --all-drugs --serious --json: first line"] = min(
        float(run(first, environment).stdout) for _ in range(repeat)
    )
    return found


def run(command: list[str], environment: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command, capture_output=True, text=True, env={**os.environ, **environment}, check=False
    )


def best(command: list[str], environment: dict[str, str], repeat: int) -> float:
    """The least CPU time (user + system) of *repeat* runs, as `startup.py --cpu` measures:
    on a machine others share, wall time measures them."""
    times = []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        run(command, environment)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        times.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return min(times)


if __name__ == "__main__":
    raise SystemExit(main())
