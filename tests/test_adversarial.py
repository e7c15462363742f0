"""Hostile input: every option given odd values, broken data files, awkward terminals.

Each case asserts the exact exit code and that no traceback reaches the user.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli, minimal_monograph, write_monograph

MEDCLI = Path(sys.executable).with_name("medcli")
ODD_TEXT = [
    "",
    " ",
    "x" * 10_000,
    "-1",
    "0",
    "nan",
    "1e999",
    "ünïcödé",
    "漢字",
    "../../etc/passwd",
    "/dev/null",
    "--",
    "-",
    "'\"",
    "[bold]x[/bold]",
    "\x1b[31m",
    "a\nb",
    "%s%n",
]


def assert_clean(result_code: int, expected: int | set[int], stderr: str) -> None:
    allowed = {expected} if isinstance(expected, int) else expected
    assert result_code in allowed, stderr
    assert "Traceback" not in stderr
    if result_code:
        assert stderr.startswith("medcli: error: "), stderr
        assert stderr.count("\n") == 1


@pytest.mark.parametrize("value", ODD_TEXT)
def test_show_with_odd_names_and_sections(cli: Cli, value: str) -> None:
    result = cli("show", value)
    assert_clean(result.exit_code, {1, 2}, result.stderr)
    result = cli("show", "isatuximab", "-s", value)
    assert_clean(result.exit_code, 2, result.stderr)


@pytest.mark.parametrize("value", ODD_TEXT)
def test_side_effects_with_odd_values(cli: Cli, value: str) -> None:
    result = cli("side-effects", value)
    # `--` ends the options and leaves no drug: the default drug is shown.
    assert_clean(result.exit_code, 0 if value == "--" else {1, 2}, result.stderr)
    result = cli("side-effects", "--frequency", value)
    assert_clean(result.exit_code, 2, result.stderr)


@pytest.mark.parametrize("value", ODD_TEXT)
def test_validate_with_odd_paths(cli: Cli, value: str) -> None:
    result = cli("validate", value)
    # validate's answer is its report on stdout: a missing or invalid path is a line there.
    expected = {"": 2, " ": 2, "-1": 2, "--": 0}.get(
        value, 1
    )  # `--`: no path, so the whole library
    assert result.exit_code == expected, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 1:
        assert "not found:" in result.stdout or "1 invalid" in result.stdout


@pytest.mark.parametrize(
    "value", ["", "-5", "0", "19", "1001", "abc", "1e3", "99999999999999999999"]
)
def test_width_out_of_range_or_not_a_number(cli: Cli, value: str) -> None:
    result = cli("--width", value, "list")
    assert_clean(result.exit_code, 2, result.stderr)


@pytest.mark.parametrize("value", ["", "no/such/folder", "ünï", "/etc/passwd"])
def test_data_dir_that_is_not_a_folder(cli: Cli, value: str) -> None:
    result = cli("--data-dir", value, "show", "isatuximab", "-s", "usage")
    assert_clean(result.exit_code, {0, 2}, result.stderr)


def test_unknown_options_and_extra_arguments(cli: Cli) -> None:
    for args in (
        ["--bogus"],
        ["show"],
        ["show", "a", "b"],
        ["list", "x"],
        ["schema", "x"],
        ["nosuchcommand"],
        ["show", "isatuximab", "--json=yes"],
    ):
        result = cli(*args)
        assert_clean(result.exit_code, 2, result.stderr)


def test_data_files_of_every_broken_kind_are_skipped_each_with_one_warning(
    cli: Cli, user_library: Path
) -> None:
    broken = {
        "empty": b"",
        "binary": b"\x89PNG\x00\x00\x01",
        "latin": "name: café\n".encode("latin-1"),
        "deep": b"schema_version: 1\nid: deep\nname: D\nusage: " + b"[" * 50_000 + b"]" * 50_000,
        "tagged": b"schema_version: 1\nid: tagged\nname: !!python/object/apply:os.system [ls]\n",
        "bomb": b"a: &a [x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"a{i}: &a{i} [*a{'' if i == 1 else i - 1}, *a{'' if i == 1 else i - 1}, "
            f"*a{'' if i == 1 else i - 1}, *a{'' if i == 1 else i - 1}]\n".encode()
            for i in range(1, 15)
        ),
        "wrongid": minimal_monograph("otherid").encode(),
        "notamapping": b"[1, 2, 3]\n",
    }
    for name, content in broken.items():
        (user_library / f"{name}.yaml").write_bytes(content)
    (user_library / "huge.yaml").write_bytes(b"usage: " + b"a" * (6 * 1024 * 1024))
    (user_library / "folder.yaml").mkdir()
    (user_library / "loop").symlink_to(user_library)
    write_monograph(user_library, "gooddrug")
    result = cli("show", "Sarclisa", "-s", "usage")
    assert result.exit_code == 0
    warned = sorted(
        line.split("skipped ", 1)[1].split(":")[0].rsplit("/", 1)[-1]
        for line in result.stderr.splitlines()
    )
    expected = sorted(f"{name}.yaml" for name in [*broken, "huge", "folder"])
    assert warned == expected
    listing = cli("list")
    assert listing.exit_code == 0 and "gooddrug" in listing.stdout
    validated = cli("validate")
    assert validated.exit_code == 1
    files = len(expected) - 1  # folder.yaml is a folder, which validate walks into
    assert f"{files + 2} checked, 2 valid, {files} invalid" in validated.stdout


def test_duplicate_ids_across_folders_resolve_by_precedence(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    extra = tmp_path / "extra"
    extra.mkdir()
    write_monograph(user_library, "twin", name="User Twin")
    write_monograph(extra, "twin", name="Folder Twin")
    assert cli("--data-dir", str(extra), "show", "twin").stdout.startswith("Folder Twin")
    assert cli("show", "twin").stdout.startswith("User Twin")


def test_an_unreadable_file_is_skipped(cli: Cli, user_library: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    path = write_monograph(user_library, "secret")
    path.chmod(0)
    result = cli("show", "Sarclisa", "-s", "usage")
    assert result.exit_code == 0 and "secret.yaml: cannot read" in result.stderr


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=60))
def test_any_typed_name_is_found_or_cleanly_not_found(cli: Cli, name: str) -> None:
    result = cli("show", name, "-s", "usage")
    assert_clean(result.exit_code, {0, 1, 2}, result.stderr)


def run_installed(
    *args: str, env: dict[str, str] | None = None, **kwargs: Any
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, **(env or {})}
    result: subprocess.CompletedProcess[bytes] = subprocess.run(
        [str(MEDCLI), *args],
        env=environment,
        capture_output=True,
        timeout=60,
        check=False,
        **kwargs,
    )
    return result


@pytest.mark.parametrize(
    "env",
    [
        {"PYTHONIOENCODING": "ascii"},
        {"LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"},
        {"TERM": "dumb"},
        {"NO_COLOR": "1"},
        {"COLUMNS": "20"},
    ],
)
def test_awkward_terminals(env: dict[str, str], isolated_home: Path) -> None:
    for args in (["show", "isatuximab"], ["side-effects", "--serious"], ["list"]):
        result = run_installed(*args, env={"MEDCLI_HOME": str(isolated_home), **env})
        assert result.returncode == 0, result.stderr
        assert b"Traceback" not in result.stderr and b"\x1b[" not in result.stdout
    if env.get("PYTHONIOENCODING") == "ascii":
        out = run_installed(
            "show", "isatuximab", "-s", "dosage", env={"MEDCLI_HOME": str(isolated_home), **env}
        ).stdout
        assert b"10^9/L" in out and b"* " in out


def test_twenty_columns_still_hold(cli: Cli) -> None:
    result = cli("--width", "20", "show", "isatuximab")
    assert result.exit_code == 0
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 20


def test_closed_stdout_is_one_error_line(isolated_home: Path) -> None:
    result = run_installed(
        "show",
        "isatuximab",
        env={"MEDCLI_HOME": str(isolated_home)},
        stdout=None,
        stdin=subprocess.DEVNULL,
        pass_fds=(),
        preexec_fn=lambda: os.close(1),
    )
    assert result.returncode == 1
    assert result.stderr == b"medcli: error: standard output is closed; nothing can be shown\n"


def test_a_crash_is_one_line_and_only_debug_shows_the_traceback(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcli.render import monograph

    def explode(*args: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(monograph, "monograph_view", explode)
    result = cli("show", "isatuximab")
    assert result.exit_code == 1
    assert result.stderr == (
        "medcli: error: internal error (RuntimeError: boom) (this is a bug in medcli; "
        "run again with --debug and report the traceback)\n"
    )
    with pytest.raises(RuntimeError, match="boom"):
        cli("--debug", "show", "isatuximab")


def test_ctrl_c_exits_130(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    from medcli.render import monograph

    def interrupt(*args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(monograph, "monograph_view", interrupt)
    result = cli("show", "isatuximab")
    assert result.exit_code == 130
    assert result.stderr == "medcli: error: interrupted\n"


def test_a_named_pipe_in_a_data_folder_is_skipped_not_waited_on(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    os.mkfifo(user_library / "pipe.yaml")
    write_monograph(user_library, "gooddrug")
    result = cli("show", "Sarclisa", "-s", "usage")
    assert result.exit_code == 0
    assert "pipe.yaml: cannot read: not a regular file" in result.stderr
    pages = tmp_path / "pages"
    pages.mkdir()
    os.mkfifo(pages / "pipe.md")
    (pages / "real.md").write_text("# Real\n\n### Usage\nTreats things.\n", encoding="utf-8")
    imported = cli("import", str(pages), "--into", str(tmp_path / "out"), "--json")
    assert imported.exit_code == 0, imported.stderr
    report = imported.stdout
    assert '"unreadable"' in report and "not a regular file" in report
