"""Lookups and search in a library of ~6,400 monographs, as ratios against the import floor.

Run: python benchmarks/library_scale.py [--runs N] [--corpus PATH | --synthetic N] [--markdown]

The large library is the RxHive corpus imported with `medcli import` into a
temporary MEDCLI_HOME when the corpus (../shared/corpus) and the import command
are there; otherwise N synthetic monographs made from the bundled one (ids,
names, aliases and usage text varied). The small library is the bundled data
alone. Each command runs N times in a fresh interpreter (the one running this
script); the median wall time is compared with the floor
`python -c "import typer, rich.console"`. Peak memory is the child's ru_maxrss.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "rxhive-composition.tar.gz"
BUNDLED = REPO / "data" / "monographs" / "isatuximab.yaml"
FLOOR = ["-c", "import typer, rich.console"]
INDEX_FILES = ("library-index.sqlite", "library-index.sqlite-wal", "library-index.sqlite-shm")
WORDS = (
    "renal", "hepatic", "cardiac", "tablet", "capsule", "infusion", "rash", "fever", "nausea",
    "headache", "dizziness", "insomnia", "anxiety", "oedema", "cough", "asthma", "arthritis",
    "migraine", "angina", "eczema", "psoriasis", "gout", "anaemia", "glaucoma", "epilepsy",
)  # fmt: skip


@dataclass
class Row:
    name: str
    seconds: float
    note: str = ""


def medcli(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "medcli", *arguments]


def run(command: list[str], environment: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak memory (kB) of one run of *command*."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"failed ({process.returncode}): {' '.join(command)}")
    return elapsed, usage.ru_maxrss


def import_available(environment: dict[str, str]) -> bool:
    found = subprocess.run(
        medcli("import", "--help"), env=environment, capture_output=True, check=False
    )
    return found.returncode == 0


def fill_from_corpus(corpus: Path, work: Path, environment: dict[str, str]) -> str:
    pages = work / "pages"
    pages.mkdir()
    with tarfile.open(corpus) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12+, and security fixes of 3.10/3.11
            archive.extractall(pages, filter="data")
        else:
            archive.extractall(pages)
    start = time.perf_counter()
    done = subprocess.run(
        medcli("import", str(pages)), env=environment, capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - start
    summary = " ".join(done.stdout.strip().splitlines()[-1:]) if done.stdout else ""
    return f"corpus imported in {seconds:.1f} s (exit {done.returncode}): {summary}"


def fill_synthetic(folder: Path, count: int) -> str:
    """*count* variants of the bundled monograph: other ids, names, aliases and usage text."""
    folder.mkdir(parents=True, exist_ok=True)
    template = BUNDLED.read_text(encoding="utf-8")
    template = re.sub(r"(?m)^aliases:\n(  - .*\n)+", "aliases:\n  - {alias}\n", template, count=1)
    template = template.replace("id: isatuximab\nname: Isatuximab\n", "id: {id}\nname: {name}\n")
    template = template.replace("usage: >-\n", "usage: >-\n  {words}\n", 1)
    template = template.replace("{", "{{").replace("}", "}}")
    for field in ("alias", "id", "name", "words"):
        template = template.replace("{{" + field + "}}", "{" + field + "}")
    chance = random.Random(6)
    for number in range(count):
        drug = f"synth{number:05d}"
        text = template.format(
            id=drug, name=f"Synth {number:05d}", alias=f"Synthbrand{number:05d}",
            words=" ".join(chance.choice(WORDS) for _ in range(40)) + ".",
        )  # fmt: skip
        (folder / f"{drug}.yaml").write_text(text, encoding="utf-8")
    return f"{count:,} synthetic monographs (variants of the bundled one, ~20 kB each)"


def clear_index(home: Path) -> None:
    for name in INDEX_FILES:
        (home / "cache" / name).unlink(missing_ok=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--cold-runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--synthetic", type=int, default=0, help="use N synthetic monographs")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--home", type=Path, help="a MEDCLI_HOME already filled (its index is rebuilt)"
    )
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="medcli-scale-"))
    small_home, large_home = work / "small", options.home or work / "large"
    base = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1"}
    base.pop("MEDCLI_PATH", None)
    # Bytecode is written and reused, as after `pip install`; without it every run compiles
    # medcli from source while the floor's typer and rich come precompiled.
    base.pop("PYTHONDONTWRITEBYTECODE", None)
    small = {**base, "MEDCLI_HOME": str(small_home)}
    large = {**base, "MEDCLI_HOME": str(large_home)}
    try:
        if options.home:
            source = f"the library in {options.home}"
        elif not options.synthetic and options.corpus.is_file() and import_available(large):
            source = fill_from_corpus(options.corpus, work, large)
        else:
            source = fill_synthetic(large_home / "monographs", options.synthetic or 6400)
        count = len(list((large_home / "monographs").glob("*.yaml")))
        time.sleep(2.5)  # past the index's racy window, so runs below measure the steady state
        report(options, small, large, large_home, source, count)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def report(
    options: argparse.Namespace,
    small: dict[str, str],
    large: dict[str, str],
    large_home: Path,
    source: str,
    count: int,
) -> None:
    runs = options.runs
    cold = []
    for _ in range(options.cold_runs):
        clear_index(large_home)
        cold.append(run(medcli("search", "CD38"), large)[0])
    cold_build = statistics.median(cold)
    index_size = (large_home / "cache" / INDEX_FILES[0]).stat().st_size
    for environment in (small, large):  # warm: index built, files in the page cache
        run(medcli("show", "Sarclisa"), environment)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "floor": ([sys.executable, *FLOOR], large),
        "import medcli.cli, rich.console (no command)": (
            [sys.executable, "-c", "import medcli.cli, rich.console"],
            large,
        ),
        "show isatuximab, bundled only": (medcli("show", "isatuximab"), small),
        "show isatuximab, large": (medcli("show", "isatuximab"), large),
        "show Sarclisa (alias), bundled only": (medcli("show", "Sarclisa"), small),
        "show Sarclisa (alias), large": (medcli("show", "Sarclisa"), large),
        "search CD38, bundled only": (medcli("search", "CD38"), small),
        "search CD38, large": (medcli("search", "CD38"), large),
        'search "multiple myeloma" -s usage, large': (
            medcli("search", '"multiple myeloma"', "-s", "usage"),
            large,
        ),
        "list --json, large": (medcli("list", "--json"), large),
    }
    results: dict[str, list[tuple[float, int]]] = {label: [] for label in commands}
    for _ in range(runs):  # round robin, so that a busy moment slows every command alike
        for label, (command, environment) in commands.items():
            results[label].append(run(command, environment))
    # Each round adds a file and times `show` of its brand name: the index notices the new
    # file and reads it alone. Once the change has settled, `show` of the same name is the
    # plain baseline.
    folder = large_home / "monographs"
    results["add one file, then show it"], results["show it again"] = [], []
    for number in range(runs):
        (folder / f"added{number}.yaml").write_text(
            f"schema_version: 1\nid: added{number}\nname: Added {number}\n"
            f"aliases: [Addedbrand{number}]\nusage: Added for the benchmark.\n",
            encoding="utf-8",
        )
        results["add one file, then show it"].append(
            run(medcli("show", f"Addedbrand{number}"), large)
        )
        time.sleep(2.1)  # past the racy window: the next command reads the new file once more
        run(medcli("show", f"Addedbrand{number}"), large)
        results["show it again"].append(run(medcli("show", f"Addedbrand{number}"), large))
    timings = {
        label: (statistics.median(r[0] for r in rs), int(statistics.median(r[1] for r in rs)))
        for label, rs in results.items()
    }
    floor = timings.pop("floor")[0]
    top = subprocess.run(
        medcli("search", "CD38", "--json", "-n", "5"), env=large, capture_output=True, check=True
    )
    usage = subprocess.run(
        medcli("search", '"multiple myeloma"', "-s", "usage", "--json", "-n", "1000"),
        env=large, capture_output=True, check=True,
    )  # fmt: skip
    print_report(options.markdown, floor, timings, cold_build, index_size, source, count)
    print(f"\nsearch CD38, first five: {[h['id'] for h in json.loads(top.stdout)['results']]}")
    matched = json.loads(usage.stdout)
    print(
        f'search "multiple myeloma" -s usage: {matched["total"]} monographs, sections '
        f"{sorted({h['section'] for h in matched['results']})}"
    )


def print_report(
    markdown: bool,
    floor: float,
    timings: dict[str, tuple[float, int]],
    cold_build: float,
    index_size: int,
    source: str,
    count: int,
) -> None:
    print(f"Large library: {count:,} monograph files; {source}")
    print(f"Python {sys.version.split()[0]} on {sys.platform}, {os.cpu_count()} CPUs\n")
    head = ("command", "median ms", "× floor", "peak RSS MB")
    rows: list[tuple[str, float, float, float | None]] = [
        ("floor: import typer, rich.console", floor * 1000, 1.0, None)
    ]
    rows += [(k, s * 1000, s / floor, rss / 1024) for k, (s, rss) in timings.items()]
    if markdown:
        print(f"| {' | '.join(head)} |\n|---|---:|---:|---:|")
        for name, ms, ratio, mb in rows:
            print(f"| {name} | {ms:.1f} | {ratio:.2f} | {'' if mb is None else f'{mb:.1f}'} |")
    else:
        print(f"{head[0]:<44} {head[1]:>10} {head[2]:>8} {head[3]:>12}")
        for name, ms, ratio, mb in rows:
            print(f"{name:<44} {ms:>10.1f} {ratio:>8.2f} {'' if mb is None else f'{mb:.1f}':>12}")
    t = timings
    checks = [
        ("show isatuximab large / bundled only", t["show isatuximab, large"][0]
         / t["show isatuximab, bundled only"][0], 1.1),
        ("search CD38 large / floor", t["search CD38, large"][0] / floor, 1.3),
        ("add one file, then show it / show it again",
         t["add one file, then show it"][0] / t["show it again"][0], 1.2),
        ("peak RSS of show isatuximab, large / bundled only", t["show isatuximab, large"][1]
         / t["show isatuximab, bundled only"][1], 1.1),
        ("peak RSS of show Sarclisa, large / bundled only", t["show Sarclisa (alias), large"][1]
         / t["show Sarclisa (alias), bundled only"][1], 1.1),
    ]  # fmt: skip
    print(f"\ncold index build (search CD38 with no index): {cold_build:.2f} s (target ≤ 10 s)")
    print(f"index size: {index_size / 1e6:.1f} MB")
    for name, ratio, target in checks:
        verdict = "ok" if ratio <= target else "OVER"
        print(f"{name}: {ratio:.2f} (target ≤ {target}) {verdict}")


if __name__ == "__main__":
    main()
