"""Issue 22, item 12: the smaller cases a hostile review found, each as a user meets it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import Result

from tests.conftest import ISATUXIMAB, Cli
from tests.label_fixtures import answer, later_version, record


def _one_error(result: Result, code: int) -> str:
    stderr = result.stderr
    assert result.exit_code == code, stderr
    assert stderr.startswith("medcli: error: ") and stderr.count("\n") == 1, stderr
    assert "internal error" not in stderr
    return stderr


def test_a_section_the_monograph_lacks_is_named_with_those_it_has(cli: Cli) -> None:
    result = cli("show", "isatuximab", "-s", "indications")
    line = _one_error(result, 1)
    assert "Isatuximab has no indications section; it has: usage, dosage," in line
    assert result.stdout == ""


def test_a_lacking_section_beside_one_it_has_is_a_warning(cli: Cli) -> None:
    result = cli("show", "isatuximab", "-s", "indications", "-s", "mechanism")
    assert result.exit_code == 0
    assert result.stderr.startswith("medcli: warning: Isatuximab has no indications section")
    assert "How it works" in result.stdout


def test_version_counts_the_labels_in_the_stores(cli: Cli, tmp_path: Path) -> None:
    labels = tmp_path / "zen.json"
    labels.write_bytes(answer(record()))
    assert cli("import", str(labels)).exit_code == 0
    lines = cli("--version").stdout.splitlines()
    assert lines[-2:] == [
        "library: 1 bundled, 1 user (1 label), 0 folder monographs",
        "FDA labels: 1; no medcli update yet (labels imported with medcli import)",
    ]


def test_importing_into_proc_is_one_clear_line(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("# Zentamab\n\n### Usage\n\nA page.\n", encoding="utf-8")
    line = _one_error(cli("import", str(page), "--into", "/proc"), 1)
    assert "cannot write to /proc: " in line


def test_a_home_that_is_a_file_is_one_clear_line_on_import(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "passwd"
    home.write_text("root:x:0:0\n")
    monkeypatch.setenv("MEDCLI_HOME", str(home))
    labels = tmp_path / "zen.json"
    labels.write_bytes(answer(record()))
    line = _one_error(cli("import", str(labels)), 1)
    assert f"{home} is not a folder" in line
    assert home.read_text() == "root:x:0:0\n"


@pytest.mark.parametrize("args", [["import", ""], ["import", "x.json", "--into", ""]])
def test_an_empty_path_is_a_usage_error_not_this_folder(cli: Cli, args: list[str]) -> None:
    assert "an empty path" in _one_error(cli(*args), 2)


def test_a_data_dir_that_does_not_exist_is_a_usage_error(cli: Cli, tmp_path: Path) -> None:
    line = _one_error(cli("--data-dir", str(tmp_path / "missing"), "list"), 2)
    assert "does not exist" in line


def test_the_per_m2_warning_is_a_whole_sentence(cli: Cli) -> None:
    result = cli("dose", "--weight", "70", "--regimen", "isa-kd")
    assert result.exit_code == 0
    warning = next(line for line in result.stderr.splitlines() if "per m²" in line)
    assert warning.endswith("the rest of the plan is computed")


def test_the_same_label_from_another_file_name_is_unchanged(cli: Cli, tmp_path: Path) -> None:
    first, second = tmp_path / "zen.json", tmp_path / "copy-of-zen.json"
    first.write_bytes(answer(record()))
    shutil.copy(first, second)
    assert cli("import", str(first)).exit_code == 0
    again = cli("import", str(second))
    assert "0 imported, 0 updated, 1 unchanged, 0 skipped" in again.stdout


def test_diff_from_newer_to_older_compares_forwards_and_says_so(cli: Cli, tmp_path: Path) -> None:
    labels = tmp_path / "zen.json"
    labels.write_bytes(answer(record(), later_version()))
    assert cli("import", str(labels)).exit_code == 0
    result = cli("diff", "zentamab", "--from", "4", "--to", "3")
    assert result.exit_code == 0
    assert "Compared: version 3 (2024-01-15) → version 4 (2024-06-10)" in result.stdout
    assert "is newer than --to 3 (version 3): compared the other way" in result.stderr


def test_a_data_dir_monograph_that_takes_the_bundled_id_is_named(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(ISATUXIMAB, folder / "isatuximab.yaml")
    named = f"File: {folder / 'isatuximab.yaml'}, from an extra folder"
    for command in (["dose", "--weight", "70"], ["show", "isatuximab"]):
        result = cli("--width", "200", "--data-dir", str(folder), *command)
        assert result.exit_code == 0
        assert named in result.stdout and "used instead of the bundled isatuximab" in result.stdout
    assert "File: " not in cli("dose", "--weight", "70").stdout
    plan = json.loads(cli("--data-dir", str(folder), "dose", "--weight", "70", "--json").stdout)
    assert plan["warnings"][0] == (
        f"computed from {folder / 'isatuximab.yaml'}, which takes the place of the bundled"
        " isatuximab monograph"
    )


@pytest.mark.slow  # runs pytest itself in a subprocess
def test_pytest_prints_its_totals_line_with_q() -> None:
    """`pytest -q` (the commands the README gives) must end with `N passed`."""
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_bsa.py::test_the_issue_example_and_an_exact_square"],
        cwd=repo, capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert "1 passed" in result.stdout
