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
    "show Sarclisa (alias)": [SCRIPT, "show", "Sarclisa"],
    "--help": [SCRIPT, "--help"],
    "side-effects --serious": [SCRIPT, "side-effects", "--serious"],
    "dose --weight 70": [SCRIPT, "dose", "--weight", "70"],
    "list": [SCRIPT, "list"],
}


def median_seconds(arguments: list[str], runs: int, environment: dict[str, str]) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, *arguments], env=environment, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, check=False,
        )  # fmt: skip
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21)
    runs = parser.parse_args().runs
    home = Path(tempfile.mkdtemp(prefix="medcli-bench-"))
    environment = {**os.environ, "MEDCLI_HOME": str(home), "COLUMNS": "100"}
    try:
        for arguments in COMMANDS.values():  # warm the parsed cache and the index once
            subprocess.run([sys.executable, *arguments], env=environment, capture_output=True)
        floor = median_seconds(FLOOR, runs, environment)
        print(f"{'command':<26} {'median ms':>10} {'× floor':>8}")
        print(f"{'floor (typer+rich import)':<26} {floor * 1000:>10.1f} {1:>8.2f}")
        for name, arguments in COMMANDS.items():
            seconds = median_seconds(arguments, runs, environment)
            print(f"{name:<26} {seconds * 1000:>10.1f} {seconds / floor:>8.2f}")
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
