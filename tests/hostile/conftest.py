"""The hostile-input suite: the installed `medcli` driven as an attacker or a careless user would.

Every case runs the console script in a subprocess (so signals, pipes, closed
descriptors and real files behave as in a shell) and checks what a user sees:
the exit code, one `medcli: error: …` line on stderr, never an internal error or
a traceback, and a library left intact (`validate` passes, every SQLite store
passes `integrity_check`).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

MEDCLI = Path(sys.executable).with_name("medcli")

Run = Callable[..., subprocess.CompletedProcess[bytes]]


@pytest.fixture
def run_medcli(isolated_home: Path) -> Run:
    """Run the installed console script with the test's own library home."""

    def run(
        *args: str, env: dict[str, str] | None = None, timeout: float = 120, **kwargs: Any
    ) -> subprocess.CompletedProcess[bytes]:
        environment = {**os.environ, "MEDCLI_HOME": str(isolated_home), **(env or {})}
        kwargs.setdefault("capture_output", True)
        result: subprocess.CompletedProcess[bytes] = subprocess.run(
            [str(MEDCLI), *args], env=environment, timeout=timeout, check=False, **kwargs
        )
        return result

    return run


def assert_one_error_line(result: subprocess.CompletedProcess[bytes], code: int) -> str:
    """The exit code is `code`; stderr is one `medcli: error:` line, with no internal error."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert result.returncode == code, (result.returncode, stderr)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert stderr.startswith("medcli: error: "), stderr
    assert stderr.count("\n") == 1, stderr
    return stderr


def assert_no_crash(result: subprocess.CompletedProcess[bytes]) -> str:
    """Whatever the exit code, nothing reached the user as an internal error or a traceback."""
    stderr = result.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    return stderr


def assert_library_intact(home: Path, run: Run) -> None:
    """`validate` accepts the library, and every label store passes SQLite's integrity check."""
    folder = home / "monographs"
    if folder.is_dir():
        result = run("validate", str(folder))
        assert result.returncode == 0, result.stdout + result.stderr
        for store in folder.rglob("*.sqlite"):
            with sqlite3.connect(f"file:{store}?mode=ro", uri=True) as connection:
                assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
