"""`medcli import` over the whole RxHive corpus: time, outcomes and words kept.

Run: python benchmarks/import_corpus.py [--corpus PATH] [--keep]

Unpacks the corpus (../shared/corpus/rxhive-composition.tar.gz) into a temporary
folder, runs `medcli import FOLDER --json` with a temporary MEDCLI_HOME, and
prints the wall time (also as a ratio against the floor
`python -c "import typer, rich.console"`), pages per second, outcomes, skip
reasons, the word-coverage distribution, the five pages with the lowest
coverage and what they lost, structure coverage (the share of side-effect
section words that side-effect entries hold) overall and its ten worst pages,
how many monographs have no side effects although their page has a
side-effects section, and how many side-effects notes still hold an
enumeration; then checks the written files with `medcli validate` and times a
second, idempotent import. Without the corpus it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "rxhive-composition.tar.gz"
FLOOR = ["-c", "import typer, rich.console"]
MEDCLI = ["-m", "medcli"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the corpus .tar.gz")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"skipped: no corpus at {args.corpus}")
        return 0
    work = Path(tempfile.mkdtemp(prefix="medcli-import-bench-"))
    try:
        return run(args.corpus, work)
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            import shutil

            shutil.rmtree(work, ignore_errors=True)


def run(corpus: Path, work: Path) -> int:
    pages = work / "corpus"
    pages.mkdir()
    with tarfile.open(corpus) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(pages, filter="data")
        else:  # Python 3.10 before 3.10.12: the archive is the project's own input
            archive.extractall(pages)
    env = {**os.environ, "MEDCLI_HOME": str(work / "home"), "NO_COLOR": "1"}
    floor = timed([sys.executable, *FLOOR], env)[0]
    seconds, output = timed([sys.executable, *MEDCLI, "import", str(pages), "--json"], env)
    report: dict[str, Any] = json.loads(output)
    show_report(report, seconds, floor)
    library = work / "home" / "monographs"
    show_structure(report, library, pages)
    check_seconds, check = timed([sys.executable, *MEDCLI, "validate", str(library)], env)
    print(f"validate: {check.strip().splitlines()[-1]} ({check_seconds:.1f} s)")
    again_seconds, again = timed([sys.executable, *MEDCLI, "import", str(pages), "--json"], env)
    second = json.loads(again)["summary"]
    print(
        f"again: {second['unchanged']:,} unchanged, {second['imported']:,} imported, "
        f"{second['updated']:,} updated in {again_seconds:.1f} s"
    )
    return 0


def timed(command: list[str], env: dict[str, str]) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode not in (0, 1):
        sys.exit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()}")
    return seconds, done.stdout


def show_report(report: dict[str, Any], seconds: float, floor: float) -> None:
    summary = report["summary"]
    print(f"corpus import: {summary['read']:,} pages in {seconds:.1f} s wall")
    rate = summary["read"] / seconds
    print(f"  {rate:.0f} pages/s; {seconds / floor:.0f}x the floor ({floor:.2f} s)")
    print(
        f"  imported {summary['imported']:,}, updated {summary['updated']:,}, "
        f"unchanged {summary['unchanged']:,}, skipped {summary['skipped']:,} "
        f"{summary['skipped_by_reason']}"
    )
    kept = [page for page in report["pages"] if page["outcome"] != "skipped"]
    ratios = sorted(page["coverage"] for page in kept)
    coverage = summary["coverage"]
    print(
        f"  word coverage ({coverage['counting']}): overall {percent(coverage['overall'])} "
        f"({coverage['found']:,} of {coverage['words']:,} words); min {percent(ratios[0])}, "
        f"p1 {percent(quantile(ratios, 0.01))}, p5 {percent(quantile(ratios, 0.05))}, "
        f"median {percent(statistics.median(ratios))}"
    )
    print(f"  pages under 98%: {sum(1 for ratio in ratios if ratio < 0.98)}")
    structure = coverage["structure_words"]
    everything = coverage["words"] + structure
    print(
        f"  structure words (headings that became fields, Q:/A: markers, list labels): "
        f"{structure:,} of {everything:,} ({percent(structure / everything)}); counting them "
        f"as lost, coverage would be {percent(coverage['found'] / everything)}"
    )
    print(f"  warnings: {summary['warnings']:,}")
    print("  lowest coverage:")
    for page in sorted(kept, key=lambda page: (page["coverage"], page["path"]))[:5]:
        lost = page["words"] - page["found"]
        print(
            f"    {percent(page['coverage'])} {page['path']}: {lost} word(s) not found, "
            f"most often {', '.join(page['missing']) or '-'}"
        )
    for page in report["pages"]:
        if page["outcome"] == "skipped":
            print(f"  skipped {page['path']}: {page['reason']} ({page['detail']})")


def show_structure(report: dict[str, Any], library: Path, pages: Path) -> None:
    """Structure coverage, pages whose side effects were all missed, notes still listing."""
    import msgspec.yaml

    structure = report["summary"]["structure_coverage"]
    print(
        f"  structure coverage: {percent(structure['overall'])} ({structure['in_entries']:,} of "
        f"{structure['side_effect_words']:,} side-effect words in side-effect entries)"
    )
    kept = [page for page in report["pages"] if page["outcome"] != "skipped"]
    scored = [page for page in kept if page["side_effect_words"]]
    show_lowest("lowest structure coverage", scored)
    show_lowest(
        "lowest structure coverage among pages with side-effect entries",
        [page for page in scored if page["in_entries"]],
    )
    documents = {
        page["id"]: msgspec.yaml.decode((library / f"{page['id']}.yaml").read_bytes())
        for page in kept
    }
    empty = [page for page in scored if not documents[page["id"]].get("side_effects")]
    listing = [d for d in documents.values() if lists_effects(d.get("side_effects_note"))]
    print(
        f"  no side effects although the page has a side-effects section: {len(empty):,}; "
        f"of them without a Side Effects heading: "
        f"{sum(1 for page in empty if not has_heading(page, pages)):,}"
    )
    print(
        f"  side-effects notes that still hold an enumeration: {len(listing):,} "
        f"({sum(1 for d in listing if not d.get('side_effects')):,} with no side effects)"
    )


def show_lowest(title: str, pages: list[dict[str, Any]]) -> None:
    print(f"  {title}:")
    for page in sorted(pages, key=lambda page: (page["structure_coverage"], page["path"]))[:10]:
        print(
            f"    {percent(page['structure_coverage'])} {page['path']} "
            f"({page['in_entries']} of {page['side_effect_words']} words)"
        )


_ADVICE = re.compile(r"\b(?:if you|if any|consult|contact|seek|tell your|call your|report)\b", re.I)
_JOINS = re.compile(r",|;|\band\b|\bor\b")


def lists_effects(note: str | None) -> bool:
    """A sentence of the note, not advice, with a run of three or more short list items.

    A rough reading (items of one to four words between commas, "and", "or"), the
    same before and after a change, so the count can be compared.
    """
    for sentence in re.split(r"(?<=[.!?])\s+|\n", note or ""):
        body = re.sub(r"\([^()]*\)", "", sentence)
        if _ADVICE.search(sentence) or body.count(",") < 2:
            continue
        run = best = 0
        for chunk in _JOINS.split(body.rsplit(":", 1)[-1]):
            length = len(chunk.strip(" .:").split())
            run = run + 1 if 1 <= length <= 4 else 0 if length else run
            best = max(best, run)
        if best >= 3:
            return True
    return False


_HEADING = re.compile(
    r"^#{2,6}\s*\**\s*(?:side effects|adverse (?:effects|reactions))", re.I | re.M
)


def has_heading(page: dict[str, Any], pages: Path) -> bool:
    """Whether the page has a side-effects heading (else its side effects are per component)."""
    return _HEADING.search((pages / page["path"]).read_text(encoding="utf-8")) is not None


def quantile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(share * len(values)))]


def percent(ratio: float) -> str:
    return f"{100 * ratio:.3f}%"


if __name__ == "__main__":
    sys.exit(main())
