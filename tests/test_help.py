"""Help, quick start, --version and shell completion: a new user's first minute."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from medcli.cli import app
from medcli.cli.completion import complete_drug
from medcli.library.environment import Environment
from tests.conftest import REPO, Cli, write_monograph

COMMAND_NAMES = sorted(
    command.name or ""
    for command in typer.main.get_command(app).commands.values()  # type: ignore[attr-defined]
)


def test_no_arguments_prints_a_quick_start(cli: Cli) -> None:
    result = cli()
    assert result.exit_code == 0
    for example in (
        "medcli show isatuximab",
        "medcli dose --weight 70",
        "medcli side-effects --serious",
    ):
        assert example in result.stdout


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_help_with_examples_and_is_in_the_readme(cli: Cli, name: str) -> None:
    result = cli(name, "--help")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    summary = lines[2].strip()
    assert summary and summary.endswith(".")
    examples = result.stdout.split("Examples:", 1)[1]
    assert f"medcli {name}" in examples
    assert f"medcli {name}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_version_reports_versions_and_library_counts(cli: Cli, user_library: Path) -> None:
    write_monograph(user_library, "another")
    result = cli("--version")
    assert result.exit_code == 0
    medcli_line, data_line, library_line = result.stdout.splitlines()
    assert medcli_line.startswith("medcli 0.")
    assert data_line == "bundled data " + (REPO / "data" / "VERSION").read_text().strip()
    assert library_line == "library: 1 bundled, 1 user, 0 folder monographs"


def test_drug_completion_knows_ids_names_and_aliases(
    user_library: Path, environment: Environment
) -> None:
    write_monograph(user_library, "isoniazid", aliases=["INH", "Nydrazid"])
    assert complete_drug(environment, "sar") == ["sarclisa"]
    assert complete_drug(environment, "Is") == ["Isatuximab", "Isatuximab-irfc", "Isoniazid"]
    assert complete_drug(environment, "ny") == ["nydrazid"]
    assert complete_drug(environment, "zzz") == []


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_real_bash_completion_round_trip(tmp_path: Path) -> None:
    """Source the script medcli generates for bash and ask bash to complete."""
    extra = tmp_path / "extra"
    extra.mkdir()
    write_monograph(extra, "folderdrug", aliases=["Folderbrand"])
    medcli = Path(sys.executable).with_name("medcli")
    environment = {**os.environ, "MEDCLI_HOME": str(tmp_path)}
    script = subprocess.run(
        [str(medcli), "--show-completion", "bash"],
        capture_output=True, text=True, env=environment, check=True,
    ).stdout  # fmt: skip
    driver = tmp_path / "drive.sh"
    driver.write_text(
        f"{script}\n"
        'COMP_WORDS=(medcli show sar); COMP_CWORD=2; COMP_LINE="medcli show sar"\n'
        "COMP_POINT=${#COMP_LINE}\n"
        "_medcli_completion medcli\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(medcli show isatuximab -s pre); COMP_CWORD=4\n"
        "_medcli_completion medcli\n"
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        f"COMP_WORDS=(medcli --data-dir {extra} show folderb); COMP_CWORD=4\n"
        "_medcli_completion medcli\n"
        'printf "data-dir: %s\\n" "${COMPREPLY[@]}"\n',
        encoding="utf-8",
    )
    environment["PATH"] = f"{medcli.parent}{os.pathsep}{environment['PATH']}"
    result = subprocess.run(
        ["bash", str(driver)], capture_output=True, text=True, env=environment, timeout=60
    )
    first, *sections, data_dir = result.stdout.splitlines()
    assert first == "sarclisa", result.stderr
    assert sorted(sections) == ["precautions", "premedications"]
    assert data_dir == "data-dir: folderbrand"  # completion sees the --data-dir folders


def test_regimen_completion_follows_the_drug_typed(
    user_library: Path, environment: Environment
) -> None:
    from medcli.cli.completion import complete_regimen

    assert complete_regimen(environment, None, "isa-") == ["isa-pd", "isa-kd", "isa-vrd"]
    assert complete_regimen(environment, "Sarclisa", "isa-v") == ["isa-vrd"]
    assert complete_regimen(environment, "nosuchdrug", "") == []
    write_monograph(user_library, "plain", regimens=[])
    assert complete_regimen(environment, "plain", "") == []


def test_global_options_may_follow_the_command(cli: Cli) -> None:
    from medcli.cli import hoist_global_options, invoked_command

    assert hoist_global_options(["show", "x", "--width", "40", "--no-color", "-s", "usage"]) == [
        "--width", "40", "--no-color", "show", "x", "-s", "usage"
    ]  # fmt: skip
    assert hoist_global_options(["search", "--", "--debug"]) == ["search", "--", "--debug"]
    assert hoist_global_options(["show", "--width=30", "x"]) == ["--width=30", "show", "x"]
    assert invoked_command(["--width", "40", "--data-dir", "d", "dose", "-w", "70"]) == "dose"
    assert invoked_command(["--help"]) is None and invoked_command(["nosuch"]) is None
    result = cli("show", "isatuximab", "-s", "usage", "--width", "30")
    assert result.exit_code == 0
    assert max(len(line.rstrip()) for line in result.stdout.splitlines()) <= 30
