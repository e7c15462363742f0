"""`medcli import` over the whole RxHive corpus (6,447 real pages); skipped without it.

Nothing is timed here: benchmarks/import_corpus.py measures the speed.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from medcli.importer.mapping import map_page
from medcli.importer.parse import parse_page
from medcli.importer.report import ImportReport
from medcli.importer.run import import_pages
from medcli.library.environment import bundled_dir
from medcli.library.loader import load_monograph
from medcli.library.validation import validate_paths
from tests.conftest import CORPUS, ISATUXIMAB

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.exists(), reason="the corpus (../shared/corpus) is not present"),
]
PAGE_COUNT = 6447
# Monographs with no side effects although their page has a side-effects section
# (a `### Side Effects` heading or a component's `**Side Effects:**` label): 501
# before the importer read prose and per-component pages, 70 after (pages that
# name none: "no data are available"). The number may fall; it must not rise.
MOST_WITHOUT_EFFECTS = 70


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    with tarfile.open(CORPUS) as archive:
        if hasattr(tarfile, "data_filter"):
            archive.extractall(folder, filter="data")
        else:  # older Pythons: the archive is the project's own test input
            archive.extractall(folder)
    return folder


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("library")


@pytest.fixture(scope="module")
def report(corpus: Path, library: Path) -> ImportReport:
    return import_pages([corpus], bundled=bundled_dir(), into=library, today="2026-01-01")


def test_every_page_is_imported_or_skipped_with_a_reason(report: ImportReport) -> None:
    assert report.summary.read == PAGE_COUNT
    skipped = [page for page in report.pages if page.outcome == "skipped"]
    assert all(page.reason and page.detail for page in skipped)
    bundled = {path.stem for path in bundled_dir().iterdir()}
    assert {page.reason for page in skipped} <= {"protected"}
    assert {page.id for page in skipped} <= bundled
    assert report.summary.imported == PAGE_COUNT - len(skipped)


def test_nothing_is_lost(report: ImportReport) -> None:
    assert report.summary.coverage is not None and report.summary.coverage >= 0.995
    kept = [page for page in report.pages if page.outcome != "skipped"]
    low = [(page.path, page.coverage) for page in kept if (page.coverage or 0) < 0.98]
    assert low == []


def test_every_written_file_validates(report: ImportReport, library: Path) -> None:
    checked = validate_paths([library])
    assert checked.invalid == []
    assert checked.checked == report.summary.imported


UNRATED = {"Angioedema", "Cytokine release syndrome"}  # the seed's effects the label gives no rate


def test_the_corpus_copy_of_the_seed_agrees_with_the_curated_monograph(corpus: Path) -> None:
    path = corpus / "composition" / "i" / "isatuximab.md"
    page = parse_page(path.read_text(encoding="utf-8"))
    ours = map_page(page, drug_id="isatuximab", path="x", today="2026-01-01").monograph
    curated = load_monograph(ISATUXIMAB, expected_id="isatuximab")
    from_page = [e for e in curated.side_effects if e.source == "seed"]
    assert [e.name for e in ours.side_effects] == [e.name for e in from_page]
    # Where the label gives rates, the curated tier and seriousness are the label's.
    assert [(e.name, e.frequency, e.serious) for e in ours.side_effects if e.name in UNRATED] == [
        (e.name, e.frequency, e.serious) for e in from_page if not e.rates
    ]
    assert len(ours.faqs) == len([faq for faq in curated.faqs if faq.source == "seed"])


def test_importing_a_corpus_folder_again_changes_nothing(corpus: Path, library: Path) -> None:
    folder = corpus / "composition" / "z"
    before = {path: path.read_bytes() for path in library.glob("z*.yaml")}
    again = import_pages([folder], bundled=bundled_dir(), into=library, today="2026-03-03")
    # Paths are relative to the folder given, so the first import from `z` records new paths…
    assert again.summary.skipped == 0
    third = import_pages([folder], bundled=bundled_dir(), into=library, today="2026-04-04")
    # …and importing the same folder again is idempotent, whatever the date.
    assert third.summary.unchanged == third.summary.read
    assert set(before) <= set(library.glob("z*.yaml"))


def test_pages_with_a_side_effects_section_keep_their_side_effects(
    report: ImportReport, library: Path
) -> None:
    kept = [page for page in report.pages if page.outcome != "skipped" and page.effect_words]
    # An entry holds a word of the section whenever there is an entry: only these can be empty.
    candidates = [page for page in kept if page.in_entries == 0 and page.id is not None]
    empty = [
        page.path
        for page in candidates
        if not load_monograph(library / f"{page.id}.yaml", expected_id=page.id).side_effects
    ]
    assert len(empty) <= MOST_WITHOUT_EFFECTS, empty
