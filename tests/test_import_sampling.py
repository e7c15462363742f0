"""A fast label import: words counted on a sample unless `--check`, and what crosses the pool.

Counting a label's words is quality accounting, not part of the monograph: by
default 1 label in `COUNT_EVERY` is counted (the first, then every 20th) and the
report says so; `--check` counts every one. A worker sends back the store's rows
(bytes, strings, tuples), never the monograph's objects.
"""

from __future__ import annotations

import json
import pickle
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest

from medcli.labels import convert as label_convert
from medcli.labels.convert import COUNT_EVERY, attempt
from medcli.labels.documents import Document
from medcli.model import Monograph
from tests.conftest import Cli
from tests.label_fixtures import answer, record, stored


def _labels(count: int) -> list[dict[str, Any]]:
    return [
        record(
            set_id=f"set-{number}",
            id=f"version-{number}",
            openfda={**record()["openfda"], "generic_name": [f"ZENTA{number}MAB"]},
        )
        for number in range(count)
    ]


@pytest.fixture
def bulk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bulk file of COUNT_EVERY + 2 labels, converted in-process (the sample is the same on
    a pool: it is chosen by each document's place in the input)."""
    monkeypatch.setattr(label_convert, "available_cpus", lambda: 1)
    path = tmp_path / "bulk.json"
    path.write_bytes(answer(*_labels(COUNT_EVERY + 2)))
    return path


def test_an_import_counts_the_words_of_a_sample_of_labels_and_says_so(cli: Cli, bulk: Path) -> None:
    result = cli("import", str(bulk), "--json")
    assert result.exit_code == 0
    report = json.loads(result.stdout)
    counted = [page["path"] for page in report["pages"] if page["coverage"] is not None]
    assert counted == ["bulk.json#1", f"bulk.json#{COUNT_EVERY + 1}"]
    assert all(page["words"] == 0 for page in report["pages"] if page["path"] not in counted)
    coverage = report["summary"]["coverage"]
    assert coverage["labels_counted_every"] == COUNT_EVERY and coverage["overall"] > 0.97
    assert report["summary"]["imported"] == COUNT_EVERY + 2  # every label kept all the same


def test_the_text_report_says_the_words_were_counted_on_a_sample(cli: Cli, bulk: Path) -> None:
    result = cli("import", str(bulk))
    assert result.exit_code == 0
    assert f"words counted on 1 label in {COUNT_EVERY} (--check counts every label)" in " ".join(
        result.stdout.split()
    )


def test_check_counts_the_words_of_every_label(cli: Cli, bulk: Path) -> None:
    report = json.loads(cli("import", str(bulk), "--check", "--json").stdout)
    assert all(page["coverage"] > 0.97 for page in report["pages"])
    assert report["summary"]["coverage"]["labels_counted_every"] == 1
    assert "label in" not in cli("import", str(bulk), "--check", "--dry-run").stdout


def test_sampling_changes_no_stored_monograph(cli: Cli, bulk: Path, isolated_home: Path) -> None:
    cli("import", str(bulk))
    sampled = stored(isolated_home / "monographs", "zenta1mab")
    assert cli("import", str(bulk), "--check", "--json").exit_code == 0
    assert stored(isolated_home / "monographs", "zenta1mab") == sampled


def test_a_worker_answers_with_bytes_and_counts_not_the_monograph() -> None:
    tried = attempt(
        Document("label.json#1", "openfda", data=json.dumps(record()).encode()), "2026-12-07"
    )
    assert tried.rows is not None and tried.identity is not None and not tried.problems
    monograph = msgspec.json.decode(zlib.decompress(tried.rows.packed), type=Monograph)
    assert monograph.id == tried.rows.id == tried.identity.ids[0] == "zentamab"
    crossing = pickle.dumps(tried)
    assert b"medcli.model" not in crossing  # no model struct is pickled
    assert tried.tally.side_effects == len(monograph.side_effects) and tried.tally.counted


def test_a_label_not_counted_reports_no_words_but_everything_else() -> None:
    found = Document("label.json#1", "openfda", data=json.dumps(record()).encode())
    counted, sampled = attempt(found, "2026-12-07"), attempt(found, "2026-12-07", False)
    assert not sampled.tally.counted and sampled.tally.words == sampled.tally.found == 0
    assert sampled.rows == counted.rows  # the same rows, byte for byte
    assert (sampled.tally.side_effects, sampled.tally.tables) == (
        counted.tally.side_effects,
        counted.tally.tables,
    )
