"""`medcli diff` over real label histories: does it find what each label says changed?

Run: python benchmarks/label_diff.py [--labels PATH] [--misses]

Unpacks ../shared/labels/openfda-history.tar.gz (25 labels, 310 versions) into a
temporary folder and imports every version into an empty library. Then, for
every consecutive pair of versions of every label, it diffs the two and checks
the newer version's Recent Major Changes: of the sections listed by entries the
older version did not list yet (the changes this pair should show), the share
the diff finds changed (target 100%), and how many numbered sections changed
without being listed. It also counts the sections a raw comparison (cross-
references, table numbers and formatting not put aside) calls changed, to
measure what normalising saves, and names the pairs with the most sections
reported changed. Last, the whole `medcli diff` command for every pair of
KEYTRUDA's 35 versions that is consecutive, plus its oldest against its newest:
CPU time of the child process, the slowest pair. Without the shared labels it
says so and exits 0.
"""

from __future__ import annotations

import argparse
import itertools
import os
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
KEYTRUDA = "pembrolizumab"


@dataclass
class Row:
    drug: str
    versions: int
    pairs: int = 0
    listed: int = 0
    found: int = 0
    unlisted: int = 0
    elsewhere: int = 0
    changed: int = 0
    changed_raw: int = 0
    seconds: float = 0.0
    misses: list[str] = field(default_factory=list)
    # the pair with the most sections reported changed: (changed, compared, older, newer)
    worst: tuple[int, int, str, str] = (0, 0, "", "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--misses", action="store_true", help="print each listed section missed")
    args = parser.parse_args()
    history = args.labels / "openfda-history.tar.gz"
    if not history.exists():
        print(f"no label history at {history}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-diff-") as scratch:
        root = Path(scratch)
        with tarfile.open(history) as archive:
            archive.extractall(root / "in", filter="data")
        home = root / "home"
        seconds = import_all(root / "in", home)
        print(f"imported {len(list((root / 'in').rglob('*.json')))} versions in {seconds:.1f} s")
        rows = check_all(home)
        print_table(rows)
        if args.misses:
            for row in rows:
                for miss in row.misses:
                    print(f"  missed: {row.drug} {miss}")
        time_command(home)
    return 0


def import_all(folder: Path, home: Path) -> float:
    from medcli.importer.inputs import import_paths

    started = time.perf_counter()
    report = import_paths([folder], into=home / "monographs", bundled=REPO / "data" / "monographs")
    skipped = report.summary.skipped_by_reason
    if skipped:
        print(f"skipped: {skipped}")
    return time.perf_counter() - started


def check_all(home: Path) -> list[Row]:
    from medcli.labels.diff import diff_labels
    from medcli.labels.store import version_order
    from medcli.library.environment import Environment
    from medcli.library.merged import Library
    from medcli.library.versions import compare, find_version, versions_of

    library = Library(Environment(home=home))
    rows: list[Row] = []
    for item in library.catalog():
        if item.kind != "fda-label":
            continue
        kept = versions_of(library, item.id).versions
        numbers = sorted((v.version or "" for v in kept), key=version_order)
        row = Row(item.id, len(numbers))
        for older, newer in itertools.pairwise(numbers):
            started = time.process_time()
            found = compare(library, item.id, older, newer)
            row.seconds = max(row.seconds, time.process_time() - started)
            row.pairs += 1
            row.changed += found.summary.changed
            compared = found.summary.changed + found.summary.unchanged
            row.worst = max(row.worst, (found.summary.changed, compared, older, newer))
            rmc = found.recent_major_changes
            if rmc is not None:
                row.listed += rmc.listed
                row.found += rmc.found_changed
                row.unlisted += len(rmc.unlisted)
                row.elsewhere += len(rmc.unlisted_elsewhere)
                for entry in rmc.entries:
                    missed = [name for name in entry.new_sections if name in entry.not_changed]
                    if missed:
                        row.misses.append(
                            f"v{older}→v{newer}: {entry.text} {entry.date}: {', '.join(missed)}"
                        )
            old_label = find_version(library, item.id, older).label
            new_label = find_version(library, item.id, newer).label
            assert old_label is not None and new_label is not None
            row.changed_raw += diff_labels(old_label, new_label, normalise=False).summary.changed
        rows.append(row)
    return rows


def print_table(rows: list[Row]) -> None:
    print()
    print(
        f"| {'label':<28} | versions | pairs | listed | found | share | unlisted "
        "| elsewhere | changed | changed raw | slowest pair (CPU s) |"
    )
    print(f"|{'-' * 30}|---------:|------:|-------:|------:|------:|---------:|----------:"
          "|--------:|------------:|---------------------:|")  # fmt: skip
    for row in rows:
        print(_line(row))
    total = Row("all", sum(row.versions for row in rows))
    for row in rows:
        total.pairs += row.pairs
        total.listed += row.listed
        total.found += row.found
        total.unlisted += row.unlisted
        total.elsewhere += row.elsewhere
        total.changed += row.changed
        total.changed_raw += row.changed_raw
        total.seconds = max(total.seconds, row.seconds)
    print(_line(total))
    print()
    print("Pairs with the most sections reported changed:")
    for row in sorted(rows, key=lambda row: row.worst, reverse=True)[:5]:
        changed, compared, older, newer = row.worst
        print(f"  {row.drug} v{older}→v{newer}: {changed} of {compared} compared sections changed")


def _line(row: Row) -> str:
    share = f"{100 * row.found / row.listed:.1f}%" if row.listed else "—"
    return (
        f"| {row.drug:<28} | {row.versions:>8} | {row.pairs:>5} | {row.listed:>6} | "
        f"{row.found:>5} | {share:>5} | {row.unlisted:>8} | {row.elsewhere:>9} | "
        f"{row.changed:>7} | "
        f"{row.changed_raw:>11} | {row.seconds:>20.3f} |"
    )


def time_command(home: Path) -> None:
    """The whole `medcli diff` (a fresh process) for KEYTRUDA's consecutive pairs and ends."""
    from medcli.labels.store import version_order
    from medcli.library.environment import Environment
    from medcli.library.merged import Library
    from medcli.library.versions import versions_of

    library = Library(Environment(home=home))
    numbers = sorted(
        (v.version or "" for v in versions_of(library, KEYTRUDA).versions), key=version_order
    )
    pairs = [*itertools.pairwise(numbers), (numbers[0], numbers[-1])]
    medcli = Path(sys.executable).with_name("medcli")
    environment = {**os.environ, "MEDCLI_HOME": str(home), "NO_COLOR": "1"}
    timings: list[tuple[float, float, str, str]] = []
    for older, newer in pairs:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            [str(medcli), "diff", KEYTRUDA, "--from", older, "--to", newer],
            env=environment, stdout=subprocess.DEVNULL, check=True,
        )  # fmt: skip
        wall = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
        timings.append((cpu, wall, older, newer))
    cpu, wall, older, newer = max(timings)
    median = sorted(t[0] for t in timings)[len(timings) // 2]
    print()
    print(
        f"medcli diff {KEYTRUDA} ({len(numbers)} versions), {len(pairs)} pairs: slowest "
        f"v{older}→v{newer} {cpu:.2f} s CPU ({wall:.2f} s wall); median {median:.2f} s CPU"
    )


if __name__ == "__main__":
    sys.exit(main())
