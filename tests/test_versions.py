"""Label versions: an import keeps every version, the newest answers, older ones on demand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.label_fixtures import answer, later_version, record, stored_ids


def _import(cli: Cli, tmp_path: Path, *records: dict[str, object]) -> list[str]:
    outcomes = []
    for number, data in enumerate(records):
        path = tmp_path / f"v{number}.json"
        path.write_bytes(answer(data))
        report = json.loads(cli("import", str(path), "--json").stdout)
        outcomes += [page["outcome"] for page in report["pages"]]
    return outcomes


@pytest.mark.parametrize(
    ("order", "outcomes"),
    [("older first", ["imported", "updated"]), ("newer first", ["imported", "imported"])],
)
def test_both_versions_are_kept_and_the_newest_answers(
    cli: Cli, tmp_path: Path, isolated_home: Path, order: str, outcomes: list[str]
) -> None:
    versions = [record(), later_version()]
    if order == "newer first":
        versions.reverse()
    assert _import(cli, tmp_path, *versions) == outcomes
    assert stored_ids(isolated_home / "monographs") == ["zentamab"]
    shown = json.loads(cli("show", "zentamab", "--json").stdout)
    assert shown["label"]["version"] == "4"
    older = cli("show", "zentamab", "--label-version", "3", "--json")
    assert json.loads(older.stdout)["label"]["version"] == "3"
    assert "version 3 (2024-01-15) of zentamab; the newest kept is version 4" in older.stderr
    hits = json.loads(cli("search", "dullness", "--json").stdout)["results"]
    assert [hit["id"] for hit in hits] == ["zentamab"]  # one hit: old versions are not indexed
    assert json.loads(cli("search", "grey mood", "--json").stdout)["total"] == 1
    effects = json.loads(cli("side-effects", "--all-drugs", "--json").stdout)["drugs"]
    assert [drug["drug"] for drug in effects].count("zentamab") == 1
    listed = [item["id"] for item in json.loads(cli("list", "--json").stdout)["monographs"]]
    assert listed.count("zentamab") == 1


def test_reimporting_a_version_changes_nothing(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, later_version(), record())
    again = _import(cli, tmp_path, later_version(), record())  # the same files again
    assert again == ["unchanged", "unchanged"]
    versions = json.loads(cli("list", "--versions", "zentamab", "--json").stdout)["versions"]
    assert [v["version"] for v in versions] == ["4", "3"]


def test_a_version_is_chosen_by_number_or_date(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record(), later_version())

    def version(wanted: str) -> str:
        result = cli("show", "zentaro", "--label-version", wanted, "--json")
        assert result.exit_code == 0, result.stderr
        found: str = json.loads(result.stdout)["label"]["version"]
        return found

    assert version("3") == "3" and version("v4") == "4"
    assert version("2024-01-15") == "3" and version("20240610") == "4"
    assert version("2024-03-01") == "3"  # the version in effect that day
    assert version("2030-01-01") == "4"


@pytest.mark.parametrize(
    ("wanted", "message"),
    [
        (
            "9",
            "no version 9 of zentamab in the library; "
            "versions kept: 4 (2024-06-10), 3 (2024-01-15)",
        ),
        ("2020-01-01", "no version of zentamab was in effect on 2020-01-01"),
        ("2024-02-30", "'2024-02-30' is not a date"),
        ("latest", "'latest' is not a label version: give its number (4) or its effective date"),
    ],
)
def test_a_version_that_is_not_there_is_a_usage_error(
    cli: Cli, tmp_path: Path, wanted: str, message: str
) -> None:
    _import(cli, tmp_path, record(), later_version())
    result = cli("show", "zentamab", "--label-version", wanted)
    assert result.exit_code == 2 and message in result.stderr
    assert "Traceback" not in result.stderr


def test_list_versions_shows_each_with_its_effective_date(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record(), later_version())
    text = cli("list", "--versions", "Zentaro").stdout
    assert "version 4 · effective 2024-06-10" in text and "newest" in text
    assert "version 3 · effective 2024-01-15" in text and "2 versions kept" in text
    document = json.loads(cli("list", "--versions", "zentamab", "--json").stdout)
    assert [item["id"] for item in document["monographs"]] == ["zentamab"]
    assert document["versions"][0] == {
        "version": "4",
        "version_id": "aaaa0000-bbbb-cccc-dddd-eeeeffff0004",
        "effective_time": "2024-06-10",
        "imported": document["versions"][0]["imported"],
        "newest": True,
    }


def test_a_monograph_that_is_no_label_has_no_versions(cli: Cli) -> None:
    result = cli("list", "--versions", "isatuximab")
    assert result.exit_code == 1
    assert "isatuximab is not an imported FDA label, so it has no label versions" in result.stderr
    assert cli("show", "isatuximab", "--label-version", "1").exit_code == 1
    unknown = cli("list", "--versions", "zentamob")
    assert unknown.exit_code == 1 and "no drug named 'zentamob'" in unknown.stderr
