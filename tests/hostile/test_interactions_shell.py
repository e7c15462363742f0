"""`medcli interactions` from a shell: a reader that leaves early, an ASCII terminal, bad names."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.hostile.conftest import MEDCLI, Run, assert_no_crash, assert_one_error_line
from tests.label_fixtures import answer
from tests.test_interactions import PLIMORANT, QUARNIDINE, ZENTAMAB


def imported(run_medcli: Run, tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_bytes(answer(ZENTAMAB, PLIMORANT, QUARNIDINE))
    assert run_medcli("import", str(path)).returncode == 0


def test_a_reader_that_leaves_early_is_no_error(
    run_medcli: Run, tmp_path: Path, isolated_home: Path
) -> None:
    imported(run_medcli, tmp_path)
    # `true` leaves before medcli has started: its output meets a closed pipe.
    shell = f"'{MEDCLI}' interactions zentamab blorvex quarnidine | true"
    result = subprocess.run(
        ["sh", "-c", shell],
        capture_output=True,
        env={"MEDCLI_HOME": str(isolated_home), "PATH": "/usr/bin:/bin"},
        check=False,
        timeout=120,
    )
    assert_no_crash(result)
    assert result.stderr == b""


def test_an_ascii_terminal_keeps_the_match_marks(run_medcli: Run, tmp_path: Path) -> None:
    imported(run_medcli, tmp_path)
    result = run_medcli(
        "interactions", "zentamab", "blorvex", env={"PYTHONIOENCODING": "ascii", "NO_COLOR": "1"}
    )
    assert_no_crash(result)
    assert result.returncode == 0
    assert b">>Blorvex<<" in result.stdout


def test_unknown_names_are_one_line(run_medcli: Run, tmp_path: Path) -> None:
    imported(run_medcli, tmp_path)
    assert_one_error_line(run_medcli("interactions", "zentamab", "no\x1b[31mdrug"), 1)
    assert_one_error_line(run_medcli("interactions", "zentamab"), 2)
