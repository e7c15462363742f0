"""The installed product: a wheel in a fresh venv, the console script, pipes."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the medcli wheel; its dependencies come from this venv."""
    root = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
         "-q", "-w", str(root / "dist"), str(REPO)],
        check=True,
    )  # fmt: skip
    (wheel,) = (root / "dist").glob("medcli-*.whl")
    target = root / "venv"
    venv.EnvBuilder(with_pip=False).create(target)
    site = next((target / "lib").glob("python*/site-packages"))
    (site / "outer.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(target / "bin" / "python"), "install",
         "--no-deps", "-q", str(wheel)],
        check=True,
    )  # fmt: skip
    return target / "bin"


def run(bin_dir: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MEDCLI_HOME": str(cwd / "home"), "COLUMNS": "100"}
    environment.pop("MEDCLI_PATH", None)
    return subprocess.run(
        [str(bin_dir / args[0]), *args[1:]],
        cwd=cwd, env=environment, capture_output=True, text=True, timeout=60,
    )  # fmt: skip


@pytest.mark.slow
def test_the_wheel_ships_the_data_and_the_console_script_works(
    installed: Path, tmp_path: Path
) -> None:
    result = run(installed, "medcli", "show", "isatuximab", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Isatuximab\n") and "\nSources\n" in result.stdout
    assert "\x1b[" not in result.stdout
    where = run(
        installed, "python", "-c",
        "import medcli.library.environment as m; print(m.__file__); print(m.bundled_dir())",
        cwd=tmp_path,
    )  # fmt: skip
    module, data = where.stdout.splitlines()
    assert module.startswith(str(installed.parent)) and data.startswith(str(installed.parent))
    as_module = run(installed, "python", "-m", "medcli", "list", cwd=tmp_path)
    assert as_module.returncode == 0 and "isatuximab" in as_module.stdout
    for _ in range(2):  # kept, then (once the install is 2 s old) from the fast path
        again = run(installed, "medcli", "show", "isatuximab", cwd=tmp_path)
        assert (again.returncode, again.stdout, again.stderr) == (0, result.stdout, "")
        by_module = run(installed, "python", "-m", "medcli", "show", "isatuximab", cwd=tmp_path)
        assert by_module.stdout == result.stdout


@pytest.mark.slow
@pytest.mark.parametrize("extra", ["", "--json", "--width 40"])
def test_a_closed_pipe_ends_quietly(installed: Path, tmp_path: Path, extra: str) -> None:
    medcli = installed / "medcli"
    shell = (
        f"'{medcli}' show isatuximab {extra} | head -n 2 >/dev/null; "
        f"'{medcli}' show isatuximab | head -n 2; echo \"status=${{PIPESTATUS[0]}}\""
    )
    result = subprocess.run(
        ["bash", "-c", shell], cwd=tmp_path, capture_output=True, text=True, timeout=60,
        env={**os.environ, "MEDCLI_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.stdout.splitlines()[:2] == [
        "Isatuximab",
        "Also known as: Sarclisa, isatuximab-irfc",
    ]
    assert result.stderr == ""
    assert "status=0" in result.stdout


@pytest.mark.slow
def test_errors_from_the_console_script_are_one_line_without_traceback(
    installed: Path, tmp_path: Path
) -> None:
    missing = run(installed, "medcli", "show", "nosuchdrug", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "Traceback" not in missing.stderr
    usage = run(installed, "medcli", "show", "isatuximab", "--bogus", cwd=tmp_path)
    assert usage.returncode == 2
    assert usage.stderr.startswith("medcli: error: No such option: --bogus")
