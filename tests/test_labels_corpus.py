"""The shared FDA label sample, imported whole: no crash, every label in, words kept.

Skipped when `../shared/labels` is absent: the project's tests never need it.
"""

from __future__ import annotations

import tarfile
from pathlib import Path

import pytest

from medcli.importer.inputs import import_paths
from tests.conftest import REPO

LABELS = REPO.parent / "shared" / "labels"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (LABELS / "openfda-labels.tar.gz").exists(), reason="no shared labels"),
]


def test_the_whole_sample_imports(tmp_path: Path) -> None:
    with tarfile.open(LABELS / "openfda-labels.tar.gz") as archive:
        archive.extractall(tmp_path / "in", filter="data")
    report = import_paths(
        [tmp_path / "in", LABELS / "spl"],
        into=tmp_path / "library",
        bundled=REPO / "data" / "monographs",
        today="2026-12-01",
    )
    reasons = report.summary.skipped_by_reason
    assert report.summary.read == 323 + 7 + 1
    assert not reasons, reasons  # lipitor-orig.xml, older than its record, is kept beside it
    assert report.summary.coverage is not None and report.summary.coverage > 0.99
    assert report.summary.coverage_min is not None and report.summary.coverage_min > 0.95
    sarclisa = next(page for page in report.pages if page.path.endswith("BLA761113.json#1"))
    assert sarclisa.id == "sarclisa" and sarclisa.side_effects > 20


def test_no_rate_under_an_unnamed_column_where_the_table_names_its_arms(tmp_path: Path) -> None:
    """Every percent column of a shared label's adverse-reaction table with a header is named."""
    import json

    from medcli.labels.effects import ADVERSE_CODE
    from medcli.labels.openfda import read_record
    from medcli.labels.table_effects import columns

    with tarfile.open(LABELS / "openfda-labels.tar.gz") as archive:
        archive.extractall(tmp_path, filter="data")
    unnamed: list[str] = []
    for path in sorted((tmp_path / "openfda").glob("*.json")):
        label = read_record(json.loads(path.read_bytes())["results"][0]).label
        tables = [t for s in label.sections if s.loinc == ADVERSE_CODE for t in s.tables]
        unnamed += [
            f"{path.name}: {table.caption}"
            for table in tables
            if table.head and any(c.label.startswith("column ") for c in columns(table))
        ]
    assert unnamed == []
