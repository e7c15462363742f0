"""Start-up cost of medcli commands, as ratios against the bare Typer + Rich import floor.

Run: python benchmarks/startup.py [--runs N] [--against OTHER_VENV_PYTHON] [--cpu]

Each command runs N times in a fresh interpreter (the same one running this
script); the median wall time is compared with the floor
`python -c "import typer, rich.console"`, which every Typer CLI pays.
`--against` also runs another install (say, a venv of an older checkout), taking
turns with this one, and prints its ratios beside these: a before/after table
from one run, where machine load hits both alike.
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
import time
from pathlib import Path

FLOOR = ["-c", "import typer, rich.console"]
# The installed console script, run by this interpreter as a user's shell would run it.
SCRIPT = str(Path(sys.executable).with_name("medcli"))
COMMANDS: dict[str, list[str]] = {
    "show isatuximab": [SCRIPT, "show", "isatuximab"],
    "show isatuximab -s usage": [SCRIPT, "show", "isatuximab", "-s", "usage"],
    "show Sarclisa (alias)": [SCRIPT, "show", "Sarclisa"],
    "--help": [SCRIPT, "--help"],
    "side-effects --serious": [SCRIPT, "side-effects", "--serious"],
    "dose --weight 70": [SCRIPT, "dose", "--weight", "70"],
    "list": [SCRIPT, "list"],
    "search myeloma": [SCRIPT, "search", "myeloma"],
}


def run_once(arguments: list[str], environment: dict[str, str], cpu: bool = False) -> float:
    """Seconds one run takes: wall time, or with *cpu* the child's user + system time.

    CPU time hardly moves when other work shares the machine, so it is the
    steadier measure on a loaded machine; wall time is what a user waits.
    """
    before, start = _children_cpu(), time.perf_counter()
    subprocess.run(
        arguments, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        check=False,
    )  # fmt: skip
    return _children_cpu() - before if cpu else time.perf_counter() - start


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cases_for(python: str, home: Path) -> dict[str, Case]:
    """The floor and every command, run by *python* and the console script beside it.

    Each install gets its own library home: two versions sharing one index would
    rebuild it for each other at every turn.
    """
    script = str(Path(python).with_name("medcli"))
    environment = {**os.environ, "MEDCLI_HOME": str(home), "COLUMNS": "100"}
    # Users run with bytecode caches; without them every run recompiles medcli.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return {
        "floor": ([python, *FLOOR], environment),
        **{
            name: ([python, script, *arguments[1:]], environment)
            for name, arguments in COMMANDS.items()
        },
    }


Case = tuple[list[str], dict[str, str]]  # the command line and its environment


def medians(cases: dict[str, Case], runs: int, cpu: bool = False) -> dict[str, float]:
    """Median seconds per case; cases take turns so that drift in machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name in cases:
            times[name].append(run_once(*cases[name], cpu=cpu))
    return {name: statistics.median(samples) for name, samples in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", help="python of another install to compare with")
    parser.add_argument("--cpu", action="store_true", help="CPU time instead of wall time")
    options = parser.parse_args()
    runs = options.runs
    home = Path(tempfile.mkdtemp(prefix="medcli-bench-"))
    try:
        installs = {"this": cases_for(sys.executable, home / "this")}
        if options.against:
            installs["other"] = cases_for(options.against, home / "other")
        cases = {f"{install}:{name}": args for install, named in installs.items()
                 for name, args in named.items()}  # fmt: skip
        for arguments, environment in cases.values():  # warm the caches and the index once
            subprocess.run(arguments, env=environment, capture_output=True)
        results = medians(cases, runs, options.cpu)
        header = f"{'command':<26} {'median ms':>10} {'× floor':>8}"
        print(header + (f" {'other ms':>9} {'other ×':>8}" if options.against else ""))
        for name in ["floor", *COMMANDS]:
            seconds, floor = results[f"this:{name}"], results["this:floor"]
            line = f"{name:<26} {seconds * 1000:>10.1f} {seconds / floor:>8.2f}"
            if options.against:
                other, other_floor = results[f"other:{name}"], results["other:floor"]
                line += f" {other * 1000:>9.1f} {other / other_floor:>8.2f}"
            print(line)
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
