"""Every command at 1, 10,000, 100,000 (and 250,000) labels: the label store's flat cost.

Run: python benchmarks/label_scale.py [--sizes 1,10000,100000] [--seed 300] [--repeat 5]

1. Unpacks ../shared/labels/openfda-labels.tar.gz into a temporary folder and
   imports *seed* of its records for real (`medcli import`, a child process),
   pinned to one core (`taskset`) and then on all: records per second (wall and
   CPU), peak memory (summed over the import's processes) and the store's size
   against the records' JSON.
2. For each size, builds a store of that many labels from the seed's rows (new
   ids, names, aliases and set ids; the seed's own text, tables and side-effect
   rows): converting 100,000 labels for real takes hours (mapping, not the store,
   is the cost, see the rate), and the commands only see the store.
3. Times each command (least CPU time of *repeat* runs) as a ratio to the
   start-up floor `python -c "import typer, rich.console"` and to the same
   command at the first size, and the CPU time until the first line of the
   streaming side-effect view. Without the shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
import time
import zlib
from pathlib import Path

import msgspec

from medcli.library.derived import decoded, name_keys
from medcli.library.products import product_row
from medcli.search import COLUMNS, document

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
PAGE = os.sysconf("SC_PAGE_SIZE")
TEXT_VIEW = "side-effects --all-drugs --serious (text, piped)"
EVERY_LABEL = {"side-effects --all-drugs --serious --json", TEXT_VIEW, "list --json"}
MEDCLI = [sys.executable, "-m", "medcli"]
# The CPU time (user + system, 10 ms ticks) a command has used when its first line arrives.
FIRST_LINE = (
    "import os, subprocess, sys; "
    "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE); p.stdout.readline(); "
    "f = open(f'/proc/{p.pid}/stat').read().rsplit(')', 1)[1].split(); "
    "print((int(f[11]) + int(f[12])) / os.sysconf('SC_CLK_TCK')); p.kill(); p.wait()"
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
            started, cpu = time.perf_counter(), cpu_seconds()
            store = build(seed_store, home / "monographs" / "labels.sqlite", size)
            print(
                f"{size:,} labels: store built in {time.perf_counter() - started:.0f} s"
                f" ({cpu_seconds() - cpu:.0f} s CPU), {store.stat().st_size / size / 1024:.0f} kB"
                " a label",
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
    """Import *count* shared records for real, on one core and on all of them; print each
    run's rate (wall and CPU time), peak memory (all its processes) and the disk ratio."""
    files = sorted((root / "sample" / "openfda").glob("*.json"))[:count]
    records = [json.loads(path.read_bytes())["results"][0] for path in files]
    bulk = root / "seed.json"
    bulk.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    cores = os.cpu_count() or 1
    for where, pinned in (("one core", ["taskset", "-c", "0"]), (f"{cores} cores", [])):
        shutil.rmtree(home, ignore_errors=True)
        environment = {**os.environ, "MEDCLI_HOME": str(home)}
        wall, cpu, peak = sampled([*pinned, *MEDCLI, "import", str(bulk)], environment)
        print(
            f"import of {len(records)} records ({bulk.stat().st_size / 1e6:.0f} MB JSON) on"
            f" {where}: {wall:.1f} s, {len(records) / wall:.1f} records/s"
            f" ({cpu / len(records) * 1000:.0f} ms CPU a record), peak memory {peak / 1e6:.0f} MB",
            flush=True,
        )
    store = home / "monographs" / "labels.sqlite"
    ratio = store.stat().st_size / bulk.stat().st_size
    print(f"store {store.stat().st_size / 1e6:.0f} MB = {ratio:.2f}× the JSON", flush=True)
    return store


def sampled(command: list[str], environment: dict[str, str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak bytes resident) of *command* and every process it
    starts (the import's workers too): resident memory is summed over the tree every 50 ms."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_resident(process.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if process.returncode:
        raise SystemExit(f"{' '.join(command)} failed ({process.returncode})")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    return wall, cpu, peak


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (the build's workers)."""
    own, children = (
        resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def tree_resident(root: int) -> int:
    """Bytes resident in process *root* and its descendants (Linux `/proc`)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue  # gone meanwhile
        parents[int(stat.parent.name)] = int(fields[1])
    children: dict[int, list[int]] = {}
    for pid, parent in parents.items():
        children.setdefault(parent, []).append(pid)
    tree, total = [root], 0
    for pid in tree:  # grows as it goes: every descendant
        tree += children.get(pid, [])
    for pid in tree:
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE
        except (OSError, IndexError):
            continue
    return total


def build(seed: Path, target: Path, size: int) -> Path:
    """A store of *size* labels, each a seed label under a new id, name, alias and set id.

    A copy of the seed store (its layout and the `meta` checksums of its derived tables,
    so medcli answers from it without rebuilding anything), emptied, then filled in one
    transaction with the indexes made after the rows. What does not name a label is
    copied by SQL from the seed's rows under the new rowids (side-effect rows and
    contexts, mentions, kept source documents); each monograph is decompressed, renamed
    and compressed again on every core (`_relabel`) and its searchable text, the seed's
    made once a seed label, is indexed (FTS5 tokenising: most of the CPU) meanwhile.
    """
    target.parent.mkdir(parents=True)
    shutil.copy(seed, target)  # the schema, its user_version and `meta`, as the import made them
    db = sqlite3.connect(str(target), isolation_level=None)
    pragmas = ("journal_mode = OFF", "synchronous = OFF", "cache_size = -400000",
               "temp_store = MEMORY")  # fmt: skip
    for pragma in pragmas:
        db.execute(f"PRAGMA {pragma}")
    labels = db.execute(
        "SELECT rowid, set_id, version, version_id, date, effective, kind, drug_class,"
        " has_regimen, note, data FROM labels ORDER BY rowid"
    ).fetchall()
    monographs = {row[0]: decoded(row[-1]) for row in labels}
    docs = {rowid: document(monograph)[1:] for rowid, monograph in monographs.items()}
    for table in ("effects", "effect_contexts", "mentions", "sources"):
        db.execute(f"CREATE TEMP TABLE seed_{table} AS SELECT * FROM main.{table}")
    made_after = db.execute(
        "SELECT name, sql FROM main.sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in made_after:
        db.execute(f"DROP INDEX main.{name}")
    derived_tables = ("names", "effects", "effect_contexts", "products", "mentions")
    for table in (*derived_tables, "labels", "versions", "sources"):
        db.execute(f"DELETE FROM main.{table}")
    db.execute("INSERT INTO docs (docs) VALUES ('delete-all')")  # an empty index
    db.execute("VACUUM main")  # the seed's pages, so the size is the new labels' alone
    # Synthetic label k (rowid k + 1) is seed label `seed` of set `seed_set`.
    db.execute("CREATE TEMP TABLE copies (k INTEGER PRIMARY KEY, seed INTEGER, seed_set TEXT)")
    db.executemany(
        "INSERT INTO copies VALUES (?, ?, ?)",
        ((k, labels[k % len(labels)][0], labels[k % len(labels)][1]) for k in range(size)),
    )
    db.execute("BEGIN")
    for table in ("effects", "effect_contexts", "mentions"):
        db.execute(
            f"INSERT INTO main.{table} SELECT copies.k + 1, {_copied(db, table)}"
            f" FROM copies JOIN seed_{table} AS seed ON seed.label = copies.seed"
            " ORDER BY copies.k"
        )
    db.execute(
        "INSERT INTO main.sources (set_id, version, format, shown, data)"
        " SELECT 'bench-set-' || copies.k, seed.version, seed.format, seed.shown, seed.data"
        " FROM copies JOIN seed_sources AS seed ON seed.set_id = copies.seed_set"
        " ORDER BY copies.k"
    )
    marks = ", ".join("?" * (len(COLUMNS) + 1))
    global _SEED
    _SEED = [row[-1] for row in labels]
    with multiprocessing.Pool(os.cpu_count()) as pool:
        relabelled = pool.imap(_relabel, range(size), chunksize=64)
        for start in range(0, size, 2000):
            numbers = range(start, min(start + 2000, size))
            rows, names, doc_rows, product_rows = [], [], [], []
            for number, data in zip(numbers, relabelled, strict=False):
                source = labels[number % len(labels)]
                rowid = number + 1
                drug, name, alias = _names(number)
                rows.append((rowid, drug, f"bench-set-{number}", *source[2:7], name, alias,
                             *source[7:10], data))  # fmt: skip
                names += [(key, rowid) for key in name_keys(drug, name, [alias])]
                doc_rows.append((rowid, f"{name}; {alias}; {drug}", *docs[source[0]]))
                label = monographs[source[0]].label
                if label is not None:
                    renamed = msgspec.structs.replace(
                        label,
                        brand_names=[alias],
                        application_numbers=_applications(label.application_numbers, number),
                    )
                    product_rows.append((rowid, *product_row(renamed)))
            db.executemany(f"INSERT INTO labels VALUES ({', '.join('?' * 14)})", rows)
            db.executemany("INSERT INTO names VALUES (?, ?)", names)
            db.executemany("INSERT INTO products VALUES (?, ?, ?, ?, ?, ?)", product_rows)
            db.executemany(
                f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}) VALUES ({marks})", doc_rows
            )
    for _, sql in made_after:
        db.execute(sql)
    db.execute("COMMIT")
    db.close()
    return target


def _copied(db: sqlite3.Connection, table: str) -> str:
    """The seed's columns of *table* other than its label, as a select list."""
    columns = [row[1] for row in db.execute(f"PRAGMA main.table_info({table})")]
    return ", ".join(f"seed.{column}" for column in columns if column != "label")


_SEED: list[bytes] = []  # the seed's compressed monographs, for the workers (inherited)


def _names(number: int) -> tuple[str, str, str]:
    """(id, name, alias) of synthetic label *number*."""
    return f"bd{number:06d}-drug", f"Benchdrug {number:06d}", f"Bench{number:06d}"


def _applications(applications: list[str], number: int) -> list[str]:
    """The seed's application numbers made label *number*'s own: a seed's 667 copies at
    100,000 labels would otherwise be one product's labels, which no real library has."""
    return [f"{application}-{number:06d}" for application in applications]


def _relabel(number: int) -> bytes:
    """Seed monograph *number* under its new id, name, alias and set id, compressed again."""
    monograph = msgspec.json.decode(zlib.decompress(_SEED[number % len(_SEED)]))
    monograph["id"], monograph["name"], alias = _names(number)
    monograph["aliases"] = monograph["label"]["brand_names"] = [alias]
    monograph["label"]["set_id"] = f"bench-set-{number}"
    applications = monograph["label"].get("application_numbers", [])
    monograph["label"]["application_numbers"] = _applications(applications, number)
    # Level 1, not the import's 6: a third of the CPU, about 4 kB more a label (3%).
    return zlib.compress(msgspec.json.encode(monograph), 1)


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
        TEXT_VIEW: [
            *MEDCLI, "side-effects", "--all-drugs", "--serious",
        ],
        "list --json": [*MEDCLI, "list", "--json"],
    }  # fmt: skip
    found = {
        # What writes every label costs seconds at 100,000: once is enough to see it.
        name: best(command, environment, 1 if name in EVERY_LABEL and size > 10_000 else repeat)
        for name, command in commands.items()
    }
    completion = {
        **environment, "_MEDCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": f"medcli show Bench{last:06d}"[:-1], "COMP_CWORD": "2",
    }  # fmt: skip
    found["completion of a name"] = best(MEDCLI, completion, repeat)
    for name in ("side-effects --all-drugs --serious --json", TEXT_VIEW):
        first = [sys.executable, "-c", FIRST_LINE, *commands[name]]
        found[f"{name}: first line"] = min(
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
