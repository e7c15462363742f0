"""Rows per second of `medcli check FILE --csv`, and its peak memory, by file size and mix.

Run: python benchmarks/check_orders.py [--rows 1000 10000] [--patients 50]

Each file holds orders for *patients* distinct patients (the plan cache computes
one plan per patient and cycle) of carfilzomib on isa-kd C1 D8, alternately ok
and flagged; `--patients` equal to `--rows` is the worst case, every order a new
plan. The installed console script runs in a fresh interpreter, as a user's would;
memory is the largest peak resident set of the runs so far (it stays flat as files grow
when rows stream). `x import` is the run's time over that of
`python -c "import typer, rich.console"` (the median of 3), so figures from a loaded
machine compare; `cpu s` is the run's own processor time (user + system), which
waiting for a shared core does not inflate, and `rows/cpu s` the rows per second of it.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SCRIPT = str(Path(sys.executable).with_name("medcli"))
HEADER = "patient,drug,regimen,cycle,day,weight_kg,height_cm,ordered_dose\n"
BASELINE = [sys.executable, "-c", "import typer, rich.console"]


def baseline_seconds() -> float:
    """The median of 3 runs of the bare imports every command pays."""
    times = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run(BASELINE, check=True)
        times.append(time.perf_counter() - start)
    return sorted(times)[1]


def orders_file(folder: Path, rows: int, patients: int) -> Path:
    path = folder / f"orders-{rows}-{patients}.csv"
    with path.open("w", encoding="utf-8") as out:
        out.write(HEADER)
        for n in range(rows):
            weight = f"{60 + (n % patients) / 100:.2f}"  # a distinct weight per patient
            out.write(f"P{n % patients},carfilzomib,isa-kd,1,8,{weight},175,"
                      f"{'100' if n % 2 else '200'}\n")  # fmt: skip
    return path


def cpu_seconds() -> float:
    """Processor time of the finished child processes so far, user and system."""
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--patients", type=int, nargs="+", default=[1, 50, 1000])
    arguments = parser.parse_args()
    baseline = baseline_seconds()
    with tempfile.TemporaryDirectory() as folder:
        print(f"baseline import: {baseline:.3f} s")
        print(f"{'rows':>7} {'patients':>9} {'seconds':>8} {'x import':>9} {'rows/s':>8} "
              f"{'cpu s':>6} {'rows/cpu s':>10} {'peak MB so far':>15}")  # fmt: skip
        for rows in arguments.rows:
            for patients in arguments.patients:
                path = orders_file(Path(folder), rows, min(patients, rows))
                start, cpu_start = time.perf_counter(), cpu_seconds()
                subprocess.run([SCRIPT, "check", str(path), "--csv"], stdout=subprocess.DEVNULL,
                               check=False)  # fmt: skip
                seconds = time.perf_counter() - start
                cpu = cpu_seconds() - cpu_start
                peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
                print(f"{rows:>7,} {min(patients, rows):>9,} {seconds:>8.2f} "
                      f"{seconds / baseline:>9.1f} {rows / seconds:>8,.0f} "
                      f"{cpu:>6.2f} {rows / cpu:>10,.0f} {peak_mb:>15.1f}")  # fmt: skip


if __name__ == "__main__":
    main()
