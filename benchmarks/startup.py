"""Start-up cost of medcli commands, as ratios against the bare Typer + Rich import floor.

Run: python benchmarks/startup.py [--runs N] [--against OTHER_VENV_PYTHON] [--callgrind]
     [--data-dir FOLDER] [--only NAME]... [--show NAME]...

Each command runs N times in a fresh interpreter (the same one running this
script, through the console script beside it, as a user's shell runs it); the
median CPU time (user + system, from `os.wait4`: it hardly moves when other work
shares the machine) is compared with the floor `python -c "import typer,
rich.console"`, which every Typer CLI pays. `--callgrind` counts instructions
instead (one run each under valgrind: slow, and steady to a few parts in a
thousand). `--against` also runs another install (say, a venv of an older
checkout), taking turns with this one, and prints its ratios beside these: a
before/after table from one run, where machine load hits both alike.

"kept" is a command whose answer is already kept (the fast path, `medcli.fast`,
or the laid-out view of an older install); "first" removes the kept answers and
views before every run, so the view is laid out again from the warm library.
`--data-dir` adds a folder of monographs to every run (`MEDCLI_PATH`), say the
6,446 imported corpus pages: each home indexes it once, in the warm-up; a folder
holding a label store (`labels.sqlite`) measures that store. `--show NAME` adds
`show NAME`, kept and first (a label of that store, by id or by name).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

FLOOR = ["-c", "import typer, rich.console"]
# (name, arguments, whether the kept answers and views are removed before each run)
COMMANDS: list[tuple[str, list[str], bool]] = [
    ("python -c pass", [], False),
    ("show isatuximab (kept)", ["show", "isatuximab"], False),
    ("show Sarclisa (kept)", ["show", "Sarclisa"], False),
    ("show isatuximab (first)", ["show", "isatuximab"], True),
    ("dose --weight 70 (kept)", ["dose", "--weight", "70"], False),
    ("dose --weight 70 (first)", ["dose", "--weight", "70"], True),
    ("side-effects --serious", ["side-effects", "--serious"], False),
    ("search myeloma (kept)", ["search", "myeloma"], False),
    ("search myeloma (first)", ["search", "myeloma"], True),
    ("list", ["list"], False),
    ("--help", ["--help"], False),
]


class Case(NamedTuple):
    arguments: list[str]
    environment: dict[str, str]
    forget: Path | None  # the cache folder whose kept answers and views go before each run


def commands_for(shown: list[str]) -> list[tuple[str, list[str], bool]]:
    """`COMMANDS` and, for each name in *shown* (`--show`), its `show` kept and first."""
    extra = [(f"show {name} ({kind})", ["show", name], kind == "first")
             for name in shown for kind in ("kept", "first")]  # fmt: skip
    return [*COMMANDS, *extra]


def cases_for(
    python: str,
    home: Path,
    data_dir: Path | None = None,
    commands: list[tuple[str, list[str], bool]] = COMMANDS,
) -> dict[str, Case]:
    """The floor and every command, run by *python* and the console script beside it.

    Each install gets its own library home: two versions sharing one index would
    rebuild it for each other at every turn. "first" runs get a second home, so
    that forgetting their views leaves the kept ones of the others alone.
    """
    script = str(Path(python).with_name("medcli"))
    cases = {"floor": Case([python, *FLOOR], _environment(home, data_dir), None)}
    for name, arguments, first in commands:
        command = [python, "-c", "pass"] if not arguments else [python, script, *arguments]
        own = home.with_name(f"{home.name}-first") if first else home
        environment = _environment(own, data_dir)
        cases[name] = Case(command, environment, own / "cache" if first else None)
    return cases


def _environment(home: Path, data_dir: Path | None) -> dict[str, str]:
    environment = {**os.environ, "MEDCLI_HOME": str(home), "COLUMNS": "100"}
    environment.pop("MEDCLI_PATH", None)
    if data_dir is not None:
        environment["MEDCLI_PATH"] = str(data_dir.resolve())
    # Users run with bytecode caches; without them every run recompiles medcli.
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    return environment


def forget_kept(cache: Path | None) -> None:
    if cache is not None:
        for folder in ("answers", "views"):
            shutil.rmtree(cache / folder, ignore_errors=True)


def cpu_seconds(case: Case) -> float:
    """The child's user + system time, from `os.wait4` (this run's alone, not its siblings')."""
    forget_kept(case.forget)
    process = subprocess.Popen(
        case.arguments,
        env=case.environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped here: Popen must not wait for it again
    return usage.ru_utime + usage.ru_stime


def instructions(case: Case) -> float:
    """Instructions one run executes, counted by callgrind."""
    forget_kept(case.forget)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "callgrind.out"
        subprocess.run(
            ["valgrind", "--tool=callgrind", f"--callgrind-out-file={out}", *case.arguments],
            env=case.environment, capture_output=True, check=False,
        )  # fmt: skip
        found = re.search(r"^(?:summary|totals): (\d+)", out.read_text(), re.MULTILINE)
    return float(found[1]) if found else float("nan")


def medians(cases: dict[str, Case], runs: int, callgrind: bool) -> dict[str, float]:
    """Median cost per case; cases take turns so that drift in machine load hits all alike."""
    measure = instructions if callgrind else cpu_seconds
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(1 if callgrind else runs):
        for name, case in cases.items():
            samples[name].append(measure(case))
    return {name: statistics.median(values) for name, values in samples.items()}


def _chosen(name: str, only: list[str]) -> bool:
    return not only or name.startswith(tuple(only))


def table(
    results: dict[str, float],
    installs: list[str],
    callgrind: bool,
    only: list[str],
    commands: list[tuple[str, list[str], bool]] = COMMANDS,
) -> list[str]:
    """One line per case: its cost and its ratio to the floor, for each install."""
    unit = "M instr" if callgrind else "CPU ms"
    scale = 1e-6 if callgrind else 1000.0
    header = f"{'command':<26}" + "".join(f" {install + ' ' + unit:>16} {'× floor':>8}"
                                           for install in installs)  # fmt: skip
    lines = [header]
    for name in ["floor", *(name for name, _, _ in commands if _chosen(name, only))]:
        line = f"{name:<26}"
        for install in installs:
            cost, floor = results[f"{install}:{name}"], results[f"{install}:floor"]
            line += f" {cost * scale:>16.1f} {cost / floor:>8.3f}"
        lines.append(line)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--against", help="python of another install to compare with")
    parser.add_argument("--callgrind", action="store_true", help="instructions, not CPU time")
    parser.add_argument("--data-dir", type=Path, help="a folder of monographs for every run")
    parser.add_argument(
        "--only", action="append", default=[], help="only commands whose name starts so"
    )
    parser.add_argument(
        "--show", action="append", default=[], help="also `show NAME`, kept and first"
    )
    options = parser.parse_args()
    commands = commands_for(options.show)
    home = Path(tempfile.mkdtemp(prefix="medcli-bench-"))
    try:
        installs = {"this": cases_for(sys.executable, home / "this", options.data_dir, commands)}
        if options.against:
            installs["other"] = cases_for(
                options.against, home / "other", options.data_dir, commands
            )
        cases = {f"{install}:{name}": case for install, named in installs.items()
                 for name, case in named.items()
                 if name == "floor" or _chosen(name, options.only)}  # fmt: skip
        for _ in range(2):  # warm the index, the parsed cache and the kept answers
            for case in cases.values():
                subprocess.run(case.arguments, env=case.environment, capture_output=True)
        results = medians(cases, options.runs, options.callgrind)
        print("\n".join(table(results, list(installs), options.callgrind, options.only, commands)))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
