"""`medcli remove`: an imported label leaves the library whole, and nothing else goes with it."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from tests.conftest import Cli, write_monograph
from tests.label_fixtures import SET_ID, answer, later_version, record

OTHER_SET_ID = "0f0e0d0c-1111-2222-3333-777777777777"
TABLES = ("labels", "names", "effects", "effect_contexts", "docs", "versions", "products")


def _other() -> dict[str, Any]:
    """A second label (its own set id and names) that must survive the removal."""
    data = record(set_id=OTHER_SET_ID, id="aaaa0000-bbbb-cccc-dddd-777777777777")
    names = {"generic_name": ["BRIGHTAMAB"], "brand_name": ["Brightaro"]}
    data["openfda"] = {**data["openfda"], **names}
    return data


def _import(cli: Cli, tmp_path: Path, *records: dict[str, Any]) -> None:
    for number, data in enumerate(records):
        path = tmp_path / f"label{number}.json"
        path.write_bytes(answer(data))
        assert cli("import", str(path)).exit_code == 0


def _rows(home: Path) -> dict[str, int]:
    with sqlite3.connect(home / "monographs" / "labels.sqlite") as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES
        }


def _hits(cli: Cli, query: str) -> list[str]:
    return [hit["id"] for hit in json.loads(cli("search", query, "--json").stdout)["results"]]


def test_remove_takes_every_trace_of_the_label_and_only_it(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    _import(cli, tmp_path, record(), later_version(), _other())
    alone = _rows(isolated_home)
    assert cli("show", "zentaro").exit_code == 0  # its view is now kept in the cache
    kept = list((isolated_home / "cache" / "views").glob("*.msgpack"))
    assert len(kept) == 1
    assert "zentamab" in _hits(cli, "glimmer")
    result = cli("remove", "Zentaro")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Removed zentamab, set id {SET_ID}: 2 versions (4, 3)\n")
    left = _rows(isolated_home)
    assert left["labels"] == left["docs"] == left["effect_contexts"] == left["products"] == 1
    assert left["versions"] == 0 and alone["versions"] == 1
    assert 0 < left["names"] < alone["names"] and 0 < left["effects"] < alone["effects"]

    assert kept[0].exists()  # the kept view is still there, and cannot answer
    for name in ("zentaro", "zentamab"):
        shown = cli("show", name)
        assert shown.exit_code == 1 and shown.stdout == ""
        assert shown.stderr.startswith(f"medcli: error: no drug named '{name}'")
    assert _hits(cli, "glimmer") == ["brightamab"]
    every = json.loads(cli("side-effects", "--all-drugs", "--json").stdout)
    assert "zentamab" not in [drug["drug"] for drug in every["drugs"]]
    assert "brightamab" in [drug["drug"] for drug in every["drugs"]]
    listed = [item["id"] for item in json.loads(cli("list", "--json").stdout)["monographs"]]
    assert listed == ["isatuximab", "brightamab"]
    assert cli("list", "--versions", "zentamab").exit_code == 1
    assert cli("diff", "zentamab").exit_code == 1


def test_a_dry_run_says_what_would_go_and_removes_nothing(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    _import(cli, tmp_path, record(), later_version())
    before = _rows(isolated_home)
    result = cli("remove", "zentamab", "--dry-run", "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "removed": False,
        "dry_run": True,
        "id": "zentamab",
        "name": "Zentamab",
        "set_id": SET_ID,
        "versions": ["4", "3"],
        "store": str(isolated_home / "monographs" / "labels.sqlite"),
    }
    text = cli("remove", "zentamab", "--dry-run").stdout
    assert text.startswith("Would remove zentamab") and "Nothing was removed" in text
    assert _rows(isolated_home) == before
    assert cli("show", "zentamab").exit_code == 0


def test_a_set_id_names_the_label_in_either_case(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    _import(cli, tmp_path, record(), _other())
    result = cli("remove", SET_ID.upper(), "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert (document["removed"], document["id"], document["versions"]) == (True, "zentamab", ["3"])
    assert _rows(isolated_home)["labels"] == 1
    gone = cli("remove", SET_ID)
    assert gone.exit_code == 1 and gone.stderr.count("\n") == 1
    assert f"no imported label with set id {SET_ID}" in gone.stderr


def test_a_file_is_not_removed_and_the_error_says_where_it_is(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    written = write_monograph(user_library, "handmade")
    for name, path in (("handmade", written), ("sarclisa", None)):
        result = cli("remove", name)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert "monograph file, not an imported label" in result.stderr
        assert str(path or "isatuximab.yaml") in result.stderr
    assert written.is_file()
    assert cli("show", "isatuximab").exit_code == 0


def test_a_name_not_found_is_exit_1_with_did_you_mean(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record())
    result = cli("remove", "zentarro")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("medcli: error: no drug named 'zentarro' (did you mean: zentamab?)\n")
    assert cli("remove", "").exit_code == 1


def test_a_file_in_front_of_a_label_names_the_labels_set_id(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    _import(cli, tmp_path, record())
    shadow = write_monograph(user_library, "zentamab")
    result = cli("remove", "zentamab")
    assert result.exit_code == 1 and result.stderr.count("\n") == 1
    assert f"zentamab is a user monograph file, not an imported label: {shadow}" in result.stderr
    assert f"to remove the label: medcli remove {SET_ID}" in result.stderr
    assert cli("remove", SET_ID).exit_code == 0
    assert shadow.is_file() and cli("show", "zentamab").exit_code == 0


def test_a_shortened_name_removes_nothing(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    """`show zent` finds the label by its unique prefix; `remove zent` must not delete it."""
    _import(cli, tmp_path, record())
    before = _rows(isolated_home)
    result = cli("remove", "zent")
    assert result.exit_code == 2
    assert result.stderr.startswith("medcli: error: 'zent' is only the start of ")
    assert "remove takes a whole name, id or set id" in result.stderr
    assert _rows(isolated_home) == before
    assert cli("show", "zentaro").exit_code == 0
    assert cli("remove", "ZENTARO").exit_code == 0  # a whole name, in any case
