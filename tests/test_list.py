"""`medcli list`: pages (--offset, --limit), streamed text and JSON, files before labels."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, minimal_monograph
from tests.label_fixtures import answer, record


def _library(folder: Path, tmp_path: Path, cli: Cli) -> list[str]:
    """Three files, the bundled monograph and three stored labels, in listing order."""
    for drug in ("alpha", "beta", "gamma"):
        (folder / f"{drug}.yaml").write_text(minimal_monograph(drug), encoding="utf-8")
    labels = [
        record(set_id=f"set-{n}", openfda={**record()["openfda"], "generic_name": [f"ZETA{n}"]})
        for n in range(3)
    ]
    (tmp_path / "labels.json").write_bytes(answer(*labels))
    assert cli("import", str(tmp_path / "labels.json")).exit_code == 0
    return ["alpha", "beta", "gamma", "isatuximab", "zeta0", "zeta1", "zeta2"]


def _ids(cli: Cli, *args: str) -> list[str]:
    result = cli("list", *args, "--json")
    assert result.exit_code == 0, result.stderr
    return [item["id"] for item in json.loads(result.stdout)["monographs"]]


def test_pages_cover_the_library_once_across_files_and_labels(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    every = _library(user_library, tmp_path, cli)
    assert _ids(cli) == every
    pages = [_ids(cli, "--offset", str(start), "--limit", "3") for start in range(0, 9, 3)]
    assert pages == [every[0:3], every[3:6], every[6:]]
    assert _ids(cli, "--offset", "5") == every[5:]
    assert _ids(cli, "--offset", "7") == [] and _ids(cli, "--offset", "700") == []
    assert _ids(cli, "--origin", "user", "--offset", "2", "--limit", "2") == ["gamma", "zeta0"]
    assert _ids(cli, "--origin", "bundled", "--offset", "1") == []


def test_the_text_page_says_what_it_holds_and_how_to_get_the_next(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    _library(user_library, tmp_path, cli)
    page = cli("list", "--offset", "2", "--limit", "3").stdout.splitlines()
    assert [line.split()[1] for line in page[:-1] if line.startswith("•")] == [
        "gamma", "isatuximab", "zeta0"
    ]  # fmt: skip
    assert page[-1] == "3 monographs (3 to 5); the next page: --offset 5 --limit 3"
    assert cli("list", "--offset", "6", "--limit", "3").stdout.splitlines()[-1] == (
        "1 monograph (7 to 7)"
    )
    assert cli("list").stdout.splitlines()[-1] == "7 monographs"


def test_json_is_written_as_it_is_read_and_parses_whatever_the_page(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    _library(user_library, tmp_path, cli)
    for args in ((), ("--limit", "1"), ("--offset", "99")):
        text = cli("list", *args, "--json").stdout
        document = json.loads(text)
        assert set(document) == {"monographs", "versions"}
        expected = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
        assert text == expected + "\n"  # as `to_json` writes a whole document


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--offset", "-1"], "-1 is not in the range 0<=x<="),
        (["--offset", "two"], "'two' is not a valid int"),
        (["--offset", "99999999999999999999"], "is not in the range 0<=x<=9223372036854775807"),
        (["--limit", "0"], "0 is not in the range 1<=x<="),
        (["--limit", "1.5"], "'1.5' is not a valid int"),
        (["--limit", "99999999999999999999"], "is not in the range 1<=x<=9223372036854775807"),
    ],
)
def test_bad_page_values_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    refused = cli("list", *args)
    assert refused.exit_code == 2
    assert message in refused.stderr and len(refused.stderr.splitlines()) == 1


def test_labels_show_their_version_and_effective_date(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    from tests.label_fixtures import later_version

    (user_library / "alpha.yaml").write_text(minimal_monograph("alpha"), encoding="utf-8")
    for number, data in enumerate((record(), later_version())):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"v{number}.json")).exit_code == 0
    items = {item["id"]: item for item in json.loads(cli("list", "--json").stdout)["monographs"]}
    assert (items["zentamab"]["version"], items["zentamab"]["effective_time"]) == (
        "4",
        "2024-06-10",
    )
    assert (items["alpha"]["version"], items["alpha"]["effective_time"]) == (None, None)
    lines = cli("list", "--width", "200").stdout.splitlines()
    assert lines[2].endswith("[fda-label, user, version 4, effective 2024-06-10]")
    assert lines[0].endswith("[user]")


def test_origin_fda_label_lists_only_the_imported_labels(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    _library(user_library, tmp_path, cli)
    assert _ids(cli, "--origin", "fda-label") == ["zeta0", "zeta1", "zeta2"]
    assert _ids(cli, "--origin", "fda-label", "--offset", "1", "--limit", "1") == ["zeta1"]
    text = cli("list", "--origin", "fda-label").stdout.splitlines()
    assert text[-1] == "3 monographs"
    bad = cli("list", "--origin", "labels")
    assert bad.exit_code == 2 and "fda-label" in bad.stderr
