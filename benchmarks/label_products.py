"""What deciding a product costs: one name shared by many labels, at lookup time.

Run: python benchmarks/label_products.py [--labels PATH] [--copies N] [--runs N]

Takes one real openFDA record (SARCLISA, `BLA761113.json`, ~110 kB of JSON) from
../shared/labels/openfda-labels.tar.gz and renames its product to an invented
"Benchmab" (in a temporary folder only). Three libraries are imported from it:
the one label alone; the holder's label and N-1 repackagers' copies of it (one
product: `is_original_packager: [false]`, newer dates); N labels of N
applications (N products sharing the name). Times `medcli show benchmab --json`
in each (best of *runs*, CPU time of the child: user + system, which the other
work on a shared machine does not inflate as it does wall time) as a ratio to
`python -c "import typer, rich.console"` and to the one label alone. Without the
shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
MEMBER = "openfda/BLA761113.json"


def best_of(command: list[str], runs: int, env: dict[str, str]) -> float:
    """The least CPU time (user + system) of *runs* runs of *command* (any exit status)."""
    best = float("inf")
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        subprocess.run(command, env=env, capture_output=True, check=False)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        spent = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        best = min(best, spent)
    return best


def copy(template: dict[str, Any], number: int, application: str, original: bool) -> dict[str, Any]:
    """*template* as another invented label: its own set id, labeler and date."""
    names = {
        **template["openfda"],
        "brand_name": ["Benchmab"],
        "generic_name": ["BENCHMAB"],
        "substance_name": ["BENCHMAB"],
        "application_number": [application],
        "manufacturer_name": [f"Labeler {number} Invented"],
        "is_original_packager": [original],
    }
    return {
        **template,
        "set_id": f"bench000-0000-0000-0000-{number:012d}",
        "id": f"benchv00-0000-0000-0000-{number:012d}",
        "effective_time": f"2024{1 + number % 12:02d}{1 + number % 28:02d}",
        "openfda": names,
    }


def library(folder: Path, records: list[dict[str, Any]]) -> dict[str, str]:
    """A library holding *records*, imported for real; its environment."""
    folder.mkdir()
    bulk = folder / "bulk.json"
    bulk.write_text(json.dumps({"meta": {}, "results": records}), encoding="utf-8")
    env = {**os.environ, "MEDCLI_HOME": str(folder / "home")}
    command = [sys.executable, "-m", "medcli", "import", str(bulk)]
    subprocess.run(command, env=env, capture_output=True, check=True)
    return env


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--copies", type=int, default=40, help="labels sharing the name")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command timed")
    args = parser.parse_args()
    archive_path = args.labels / "openfda-labels.tar.gz"
    if not archive_path.is_file():
        print(f"no {archive_path}: nothing measured")
        return 0
    with tarfile.open(archive_path) as archive:
        extracted = archive.extractfile(MEMBER)
        assert extracted is not None
        template = json.load(extracted)["results"][0]
    count = args.copies
    with tempfile.TemporaryDirectory(prefix="medcli-products-") as temporary:
        folder = Path(temporary)
        alone = library(folder / "alone", [copy(template, 0, "BLA900000", True)])
        one_product = library(
            folder / "one",
            [copy(template, n, "BLA900000", n == 0) for n in range(count)],
        )
        products = library(
            folder / "many",
            [copy(template, n, f"BLA9{n:05d}", True) for n in range(count)],
        )
        floor = best_of([sys.executable, "-c", "import typer, rich.console"], args.runs, alone)
        show = [sys.executable, "-m", "medcli", "show", "benchmab", "--json"]
        times = {
            "1 label": best_of(show, args.runs, alone),
            f"{count} labels of 1 product (the holder's chosen)": best_of(
                show, args.runs, one_product
            ),
            f"{count} labels of {count} products (ambiguous, described)": best_of(
                show, args.runs, products
            ),
        }
    base = times["1 label"]
    print(f"floor `import typer, rich.console`: {floor:.3f} s CPU")
    for name, seconds in times.items():
        print(
            f"show benchmab --json, {name}: {seconds:.3f} s CPU, {seconds / floor:.2f}x the floor,"
            f" {seconds / base:.2f}x one label"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
