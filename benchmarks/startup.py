"""Start-up cost of medcli commands, as ratios against the bare Typer + Rich import floor.

Run: python benchmarks/startup.py [--runs N]

Each command runs N times in a fresh interpreter (the same one running this
script); the median wall time is compared with the floor
`python -c "import typer, rich.console"`, which every Typer CLI pays.
"""

from __future__ import annotations

import argparse
import os
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


def run_once(arguments: list[str], environment: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, *arguments], env=environment, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, check=False,
    )  # fmt: skip
    return time.perf_counter() - start


def medians(
    cases: dict[str, list[str]], runs: int, environment: dict[str, str]
) -> dict[str, float]:
    """Median seconds per case; cases take turns so that drift in machine load hits all alike."""
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, arguments in cases.items():
            times[name].append(run_once(arguments, environment))
    return {name: statistics.median(samples) for name, samples in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    home = Path(tempfile.mkdtemp(prefix="medcli-bench-"))
    environment = {**os.environ, "MEDCLI_HOME": str(home), "COLUMNS": "100"}
    # Users run with bytecode caches; without them every run recompiles medcli.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    try:
        for arguments in COMMANDS.values():  # warm the parsed cache and the index once
            subprocess.run([sys.executable, *arguments], env=environment, capture_output=True)
        results = medians({"floor": FLOOR, **COMMANDS}, runs, environment)
        floor = results.pop("floor")
        print(f"{'command':<26} {'median ms':>10} {'× floor':>8}")
        print(f"{'floor (typer+rich import)':<26} {floor * 1000:>10.1f} {1:>8.2f}")
        for name, seconds in results.items():
            print(f"{name:<26} {seconds * 1000:>10.1f} {seconds / floor:>8.2f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
