"""`medcli check FILE` through the installed console script: bad files, closed pipes."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.hostile.conftest import MEDCLI, Run, assert_no_crash, assert_one_error_line

HEADER = "patient,drug,regimen,cycle,day,weight_kg,height_cm,ordered_dose\n"


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\xff\xfe", "not a UTF-8 text file"),
        (b"PK\x03\x04\x14\x00\x00\x00\x00\x00", "is a binary file"),
        (b"name;dose\nAB;820\n", "the header row lacks drug, regimen"),
    ],
)
def test_a_file_that_is_no_orders_file_is_one_line_and_exit_2(
    run_medcli: Run, tmp_path: Path, content: bytes, says: str
) -> None:
    path = tmp_path / "orders.csv"
    path.write_bytes(content)
    result = run_medcli("check", str(path))
    assert says in assert_one_error_line(result, 2)
    assert result.stdout == b""


def test_bad_bytes_after_the_start_stop_with_one_line(run_medcli: Run, tmp_path: Path) -> None:
    """A file that turns binary after its first 4,096 characters: rows so far, then exit 2."""
    path = tmp_path / "orders.csv"
    rows = "A,isatuximab,isa-kd,1,8,82,,820\n" * 200
    path.write_bytes((HEADER + rows).encode() + b"\xff\xfe\x00garbage\n")
    result = run_medcli("check", str(path), "--csv")
    assert "not a UTF-8 text file" in assert_one_error_line(result, 2)


@pytest.mark.parametrize("output", [[], ["--csv"], ["--json"]])
def test_a_closed_pipe_ends_quietly(isolated_home: Path, tmp_path: Path, output: list[str]) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(HEADER + "A,carfilzomib,isa-kd,1,8,80,170,200\n" * 5000, encoding="utf-8")
    command = f"'{MEDCLI}' check '{path}' {' '.join(output)}"
    shell = f'{command} | head -n 2; echo "status=${{PIPESTATUS[0]}}"'
    result = subprocess.run(
        ["bash", "-c", shell], capture_output=True, text=True, timeout=300,
        env={**os.environ, "MEDCLI_HOME": str(isolated_home)},
    )  # fmt: skip
    assert len(result.stdout.splitlines()) == 3
    assert "status=0" in result.stdout
    assert result.stderr == ""


def test_every_row_of_a_mixed_file_is_answered(run_medcli: Run, tmp_path: Path) -> None:
    path = tmp_path / "orders.csv"
    path.write_text(
        HEADER + "A,carfilzomib,isa-kd,1,8,150,190,123.2\nB,nosuch,isa-kd,1,8,80,,1\n"
        'C,carfilzomib,isa-kd,1,8,"",190,1\n',
        encoding="utf-8",
    )
    result = run_medcli("check", str(path))
    assert_no_crash(result)
    assert result.returncode == 1
    assert result.stdout.decode().rstrip().endswith("3 orders: 1 ok, 0 flag, 2 error")


@pytest.mark.parametrize("output", [[], ["--csv"], ["--json"]])
def test_escape_sequences_in_a_cell_never_reach_stdout(
    run_medcli: Run, tmp_path: Path, output: list[str]
) -> None:
    path = tmp_path / "orders.csv"
    cell = "\x1b[2J\x1b]8;;http://x\x07AB\u202e"
    path.write_text(HEADER + f"{cell},isatuximab,isa-kd,1,1,70,175,700\n", encoding="utf-8")
    result = run_medcli("check", str(path), *output)
    assert_no_crash(result)
    assert result.returncode == 0
    assert b"\x1b" not in result.stdout and "\u202e".encode() not in result.stdout
    assert b"AB" in result.stdout
