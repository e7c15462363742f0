"""Long-output commands over the imported corpus, before and after, as ratios to the floor.

Run: python benchmarks/corpus_commands.py [--against OTHER_PYTHON] [--home HOME] [--runs N]

Imports the RxHive corpus (../shared/corpus, 6,447 pages) into a temporary
library with `medcli import` (or uses HOME, already filled), then times
`side-effects --all-drugs --serious` (JSON and text), `list` (JSON and text),
`show isatuximab` and `search "multiple myeloma"`, all with stdout to a pipe
read to the end, as the median CPU time (user + system) of N runs, and the
floor `python -c "import typer, rich.console"`. CPU time, because the machine
is shared and wall time moves with other people's work.

With `--against`, the same commands run under another install's Python (say, a
venv of main), taking turns with this one, on the same monographs: each install
keeps its own index and caches (in its own MEDCLI_HOME, whose `monographs` is a
link to the shared folder), so neither rebuilds the other's. It also says
whether the two wrote the same bytes.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from library_scale import CORPUS, fill_from_corpus
from startup import FLOOR

COMMANDS: dict[str, list[str]] = {
    "side-effects --all-drugs --serious --json": [
        "side-effects", "--all-drugs", "--serious", "--json",
    ],
    "side-effects --all-drugs --serious (text)": ["side-effects", "--all-drugs", "--serious"],
    "list --json": ["list", "--json"],
    "list (text)": ["list"],
    "list --limit 20 (text)": ["list", "--limit", "20"],
    "show isatuximab": ["show", "isatuximab"],
    'search "multiple myeloma"': ["search", '"multiple myeloma"'],
}  # fmt: skip


def cpu_run(arguments: list[str], environment: dict[str, str]) -> tuple[float, bytes]:
    """The child's CPU seconds and what it wrote to its stdout (a pipe, read to the end)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        arguments, env=environment, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(arguments)}")
    seconds = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return seconds, done.stdout


def home_for(python: str, monographs: Path, root: Path, name: str) -> dict[str, str]:
    """An environment whose MEDCLI_HOME links to the shared *monographs* folder."""
    home = root / name
    home.mkdir()
    (home / "monographs").symlink_to(monographs, target_is_directory=True)
    environment = {**os.environ, "MEDCLI_HOME": str(home), "COLUMNS": "100"}
    environment.pop("PYTHONDONTWRITEBYTECODE", None)  # users run with bytecode caches
    environment.pop("NO_COLOR", None)
    subprocess.run([python, "-m", "medcli", "search", "CD38"], env=environment, check=True,
                   capture_output=True)  # fmt: skip  # builds the index
    return environment


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", help="python of another install to compare with")
    parser.add_argument("--home", type=Path, help="a MEDCLI_HOME already filled")
    options = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="medcli-corpus-commands-"))
    try:
        if options.home is None:
            filled = {**os.environ, "MEDCLI_HOME": str(root / "filled")}
            print(fill_from_corpus(CORPUS, root, filled), flush=True)
            monographs = root / "filled" / "monographs"
        else:
            monographs = options.home / "monographs"
        count = sum(1 for _ in monographs.glob("*.yaml"))
        pythons = {"this": sys.executable}
        if options.against:
            pythons["other"] = options.against
        environments = {
            name: home_for(python, monographs.resolve(), root, name)
            for name, python in pythons.items()
        }
        report(pythons, environments, options.runs, count)
    finally:
        shutil.rmtree(root, ignore_errors=True)


def report(
    pythons: dict[str, str], environments: dict[str, dict[str, str]], runs: int, count: int
) -> None:
    cases = {
        (name, label): ([python, *(FLOOR if arguments is None else ["-m", "medcli", *arguments])])
        for name, python in pythons.items()
        for label, arguments in [("floor", None), *COMMANDS.items()]
    }
    times: dict[tuple[str, str], list[float]] = {case: [] for case in cases}
    outputs: dict[tuple[str, str], bytes] = {}
    for _ in range(runs):  # round robin: a busy moment slows every case alike
        for case, arguments in cases.items():
            seconds, outputs[case] = cpu_run(arguments, environments[case[0]])
            times[case].append(seconds)
    median = {case: statistics.median(samples) for case, samples in times.items()}
    machine = f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs"
    load = os.getloadavg()[0]
    print(
        f"{count:,} monograph files; median CPU time of {runs} runs; {machine}, load {load:.1f}\n"
    )
    compared = len(pythons) > 1
    print("| command | this: ms (× floor) |" + " other: ms (× floor) | same output |" * compared)
    print("|---|---:|" + "---:|---|" * compared)
    for label in ["floor", *COMMANDS]:
        cells = []
        for name in pythons:
            seconds, floor = median[(name, label)], median[(name, "floor")]
            cells.append(f"{seconds * 1000:.0f} ({seconds / floor:.2f}×)")
        if compared:
            same = outputs[("this", label)] == outputs[("other", label)]
            cells.append("yes" if same else "no")
        print(f"| {label} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
