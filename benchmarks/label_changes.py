"""`medcli changes` over real label histories: what it lists, and what it costs.

Run: python benchmarks/label_changes.py [--labels PATH] [--runs N]

Unpacks ../shared/labels/openfda-history.tar.gz (25 labels, 310 versions) into a
temporary folder and imports every version into an empty library, all on one day,
so `medcli changes` compares each label's newest version with the one before it.
Reports the labels compared and listed, the watched sections changed and the lines
added and removed, then the wall time of `medcli changes --json` (best of N runs) as
a ratio to `python -c "import typer, rich.console"` on the same machine. Without the
shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"


def best_of(command: list[str], runs: int, env: dict[str, str]) -> tuple[float, bytes]:
    """The shortest wall time of *runs* runs of *command*, and its output."""
    best, output = float("inf"), b""
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(command, env=env, capture_output=True, check=True)
        best = min(best, time.perf_counter() - start)
        output = done.stdout
    return best, output


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--runs", type=int, default=3, help="runs of each command timed")
    args = parser.parse_args()
    history = args.labels / "openfda-history.tar.gz"
    if not history.is_file():
        print(f"no {history}: nothing measured")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-changes-") as temporary:
        folder = Path(temporary)
        with tarfile.open(history) as archive:
            archive.extractall(folder / "labels", filter="data")
        env = {**os.environ, "MEDCLI_HOME": str(folder / "home")}
        medcli = [sys.executable, "-m", "medcli"]
        subprocess.run(
            [*medcli, "import", str(folder / "labels")], env=env, capture_output=True, check=True
        )
        baseline, _ = best_of([sys.executable, "-c", "import typer, rich.console"], args.runs, env)
        seconds, output = best_of([*medcli, "changes", "--json"], args.runs, env)
    digest = json.loads(output)
    sections = [s for label in digest["labels"] for s in label["sections"]]
    keys: dict[str, int] = {}
    for section in sections:
        keys[section["key"]] = keys.get(section["key"], 0) + 1
    print(f"labels with a new version compared: {digest['labels_with_new_versions']}")
    print(f"labels listed (a watched section changed): {len(digest['labels'])}")
    per_key = ", ".join(f"{key} {count}" for key, count in keys.items())
    print(f"watched sections changed: {len(sections)} ({per_key})")
    added = sum(s["lines_added"] for s in sections)
    removed = sum(s["lines_removed"] for s in sections)
    print(f"lines added / removed: {added} / {removed}")
    print(
        f"medcli changes --json: {seconds:.2f} s, {seconds / baseline:.1f}x "
        f"`import typer, rich.console` ({baseline:.2f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
