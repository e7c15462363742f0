"""The foundation's promises: one environment, one file layer, caches that cannot go stale,
layers without import cycles, and global options that cannot drift from their definition."""

from __future__ import annotations

import ast
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from medcli.cli import app
from medcli.cli.application import global_options, hoist_global_options, main_options
from medcli.cli.commands.options import complete_drug_names
from medcli.library import fingerprint
from medcli.library.environment import Environment
from medcli.library.files import FILE_MODE, read_regular_file, replacing, write_atomic
from medcli.library.merged import Library
from tests.conftest import BUNDLED, REPO, Cli, minimal_monograph

SOURCE = REPO / "src" / "medcli"


def _extra_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "folderdrug.yaml").write_text(
        minimal_monograph("folderdrug", aliases=["Folderbrand"]), encoding="utf-8"
    )
    return folder


# --- one environment ---------------------------------------------------------------------


def test_version_counts_the_folders_given_with_data_dir(cli: Cli, tmp_path: Path) -> None:
    extra = _extra_folder(tmp_path)
    result = cli("--data-dir", str(extra), "--version")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "library: 1 bundled, 0 user, 1 folder monographs"
    after = cli("--version", "--data-dir", str(extra))  # the order does not matter
    assert after.stdout.splitlines()[-1].endswith("1 folder monographs")


def test_completion_offers_the_drugs_of_the_data_dir_folders(tmp_path: Path) -> None:
    extra = _extra_folder(tmp_path)
    group = typer.main.get_command(app)
    root = group.make_context("medcli", ["--data-dir", str(extra), "show"], resilient_parsing=True)
    assert complete_drug_names(root, "folder") == ["folderbrand", "folderdrug"]  # type: ignore[arg-type]
    bare = group.make_context("medcli", ["show"], resilient_parsing=True)
    assert complete_drug_names(bare, "folder") == []  # type: ignore[arg-type]


def test_an_environment_is_built_from_variables_not_read_later(tmp_path: Path) -> None:
    home = tmp_path / "home"
    variables = {
        "MEDCLI_HOME": str(home),
        "MEDCLI_PATH": os.pathsep.join([str(tmp_path / "a"), "", str(tmp_path / "b")]),
        "MEDCLI_DRUG": "other",
    }
    environment = Environment.from_variables(variables, data_dirs=[tmp_path / "first"])
    assert environment.user_dir == home / "monographs"
    assert environment.cache_dir == home / "cache"
    assert environment.extra_dirs == (tmp_path / "first", tmp_path / "a", tmp_path / "b")
    assert environment.default_drug == "other"
    assert [folder.origin for folder in environment.folders()] == [
        "folder", "folder", "folder", "user", "bundled"
    ]  # fmt: skip


def test_a_library_sees_only_the_environment_it_is_given(
    environment: Environment, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    extra = _extra_folder(tmp_path)
    monkeypatch.setenv("MEDCLI_PATH", str(extra))  # ignored: the environment was built already
    assert "folderdrug" not in Library(environment).files.entries()
    with_extra = environment._replace(extra_dirs=(extra,))
    assert Library(with_extra).resolve("Folderbrand").id == "folderdrug"


# --- one file layer ------------------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_import_into_a_folder_holding_a_pipe_of_the_same_name_ends_with_a_clear_line(
    tmp_path: Path,
) -> None:
    page = tmp_path / "pipetest.md"
    page.write_text("# Pipetest\n\n### Usage\n\nA test page.\n", encoding="utf-8")
    into = tmp_path / "into"
    into.mkdir()
    os.mkfifo(into / "pipetest.yaml")
    medcli = Path(sys.executable).with_name("medcli")
    result = subprocess.run(
        [str(medcli), "import", str(page), "--into", str(into)],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "MEDCLI_HOME": str(tmp_path / "home")},
    )  # fmt: skip
    assert result.returncode == 1
    assert "target-unusable" in result.stdout + result.stderr
    assert "not a regular file" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert stat.S_ISFIFO((into / "pipetest.yaml").lstat().st_mode)  # left alone


def test_calendar_files_and_monographs_get_the_same_mode(cli: Cli, tmp_path: Path) -> None:
    old = os.umask(0o077)  # a private umask must not make a shared calendar private
    try:
        calendar = tmp_path / "plan.ics"
        result = cli("dose", "-w", "70", "--start", "2026-12-01", "--ics", str(calendar))
        assert result.exit_code == 0, result.stderr
        page = tmp_path / "modetest.md"
        page.write_text("# Modetest\n\n### Usage\n\nA test page.\n", encoding="utf-8")
        assert cli("import", str(page), "--into", str(tmp_path / "lib")).exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(calendar.stat().st_mode) == FILE_MODE == 0o644
    assert stat.S_IMODE((tmp_path / "lib" / "modetest.yaml").stat().st_mode) == FILE_MODE


def test_an_interrupted_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "kept.yaml"
    write_atomic(target, b"old")
    with pytest.raises(KeyboardInterrupt), replacing(target) as temporary:
        temporary.write_bytes(b"half")
        raise KeyboardInterrupt
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["kept.yaml"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_reads_refuse_anything_but_a_regular_file(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    with pytest.raises(OSError, match="not a regular file"):
        read_regular_file(tmp_path / "pipe.yaml", 100)
    with pytest.raises(OSError, match="not a regular file"):
        read_regular_file(tmp_path, 100)
    (tmp_path / "big").write_bytes(b"x" * 50)
    assert len(read_regular_file(tmp_path / "big", 10)) == 11  # the limit plus one tells "too big"


def test_every_write_and_read_goes_through_the_file_layer() -> None:
    """No module but `library/files.py` makes temporaries, renames files or reads them whole."""
    markers = ["mkstemp", "os.replace", "os.rename", ".read_bytes(", ".write_bytes("]
    markers += [".read_text(", ".write_text("]
    offenders = [
        f"{path.relative_to(SOURCE)}: {marker}"
        for path in SOURCE.rglob("*.py")
        if path != SOURCE / "library" / "files.py"
        for marker in markers
        if marker in path.read_text(encoding="utf-8")
    ]
    assert offenders == []


# --- cache keys derived from the code -----------------------------------------------------


def test_the_fingerprint_follows_the_code_that_fills_the_cache(tmp_path: Path) -> None:
    copy = tmp_path / "medcli"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("__pycache__"))
    before = fingerprint.fingerprint(fingerprint.LOADER_SOURCES, copy)
    assert before == fingerprint.fingerprint(fingerprint.LOADER_SOURCES, SOURCE)
    loader = copy / "library" / "loader.py"
    loader.write_text(loader.read_text(encoding="utf-8") + "\n# changed\n", encoding="utf-8")
    assert fingerprint.fingerprint(fingerprint.LOADER_SOURCES, copy) != before
    assert fingerprint.fingerprint(fingerprint.INDEX_SOURCES, copy) != fingerprint.fingerprint(
        fingerprint.INDEX_SOURCES, SOURCE
    )
    assert all((SOURCE / name).is_file() for name in fingerprint.INDEX_SOURCES)


def _patched_medcli(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of medcli's source that a test may change, over the repo's own bundled data.

    The data folder is linked, not copied, so its files are old enough to be cached.
    """
    root = tmp_path / "copy"
    shutil.copytree(SOURCE, root / "src" / "medcli", ignore=shutil.ignore_patterns("__pycache__"))
    (root / "data").symlink_to(REPO / "data", target_is_directory=True)
    variables = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "MEDCLI_HOME": str(tmp_path / "home"),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    return root / "src" / "medcli", variables


def _medcli(variables: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "medcli", *args],
        capture_output=True, text=True, env=variables, timeout=120, check=True,
    )  # fmt: skip


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.slow
def test_a_changed_loader_is_not_served_from_the_parsed_cache(tmp_path: Path) -> None:
    package, variables = _patched_medcli(tmp_path)
    first = _medcli(variables, "show", "isatuximab", "-s", "usage").stdout
    assert first.startswith("Isatuximab\n")
    assert list((tmp_path / "home" / "cache" / "parsed").iterdir())  # the monograph was cached
    _edit(
        package / "library" / "loader.py",
        "    assert monograph is not None\n    return monograph\n",
        "    assert monograph is not None\n"
        "    return msgspec.structs.replace(monograph, name=monograph.name.upper())\n",
    )
    second = _medcli(variables, "show", "isatuximab", "-s", "usage").stdout
    assert second.startswith("ISATUXIMAB\n")


@pytest.mark.slow
def test_a_changed_index_schema_or_text_is_rebuilt_not_trusted(tmp_path: Path) -> None:
    package, variables = _patched_medcli(tmp_path)
    assert '"total": 0' in _medcli(variables, "search", "zzqqxx", "--json").stdout
    _edit(
        package / "search.py",
        '"usage": _join([m.usage, *(',
        '"usage": _join([m.usage, "zzqqxx", *(',
    )
    assert '"total": 1' in _medcli(variables, "search", "zzqqxx", "--json").stdout


# --- layers without cycles ------------------------------------------------------------------


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SOURCE.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every medcli module *path* imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            node.body = []  # types only: never imported when the code runs
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                found.add(submodule if submodule in modules else node.module)
    return {name for name in found if name in modules}


def test_medcli_modules_import_each_other_without_a_cycle() -> None:
    files = {_module_name(path): path for path in SOURCE.rglob("*.py")}
    modules = set(files)
    graph = {name: _imports(path, modules) - {name} for name, path in files.items()}
    cycles = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(name: str, path: list[str]) -> None:
        state[name] = 1
        for target in sorted(graph[name]):
            if state.get(target) == 1:
                cycles.append(" -> ".join([*path[path.index(target) :], target]))
            elif target not in state:
                visit(target, [*path, target])
        state[name] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert cycles == []


def test_no_module_imports_a_private_name_of_another() -> None:
    private = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("medcli"):
                private += [
                    f"{_module_name(path)}: {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_") and not alias.name.endswith("__")
                ]
    assert private == []


@pytest.mark.slow
def test_every_module_imports_first_in_a_fresh_interpreter() -> None:
    names = sorted(_module_name(path) for path in SOURCE.rglob("*.py"))
    names.remove("medcli.__main__")  # it runs medcli
    script = (
        "import importlib, sys\n"
        "failed = []\n"
        f"for name in {names!r}:\n"
        "    for loaded in [m for m in sys.modules if m == 'medcli' or m.startswith('medcli.')]:\n"
        "        del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as error:\n"
        "        failed.append(f'{name}: {error!r}')\n"
        "print('\\n'.join(failed))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


# --- global options -------------------------------------------------------------------------


def test_the_global_options_are_those_of_the_callback() -> None:
    group = typer.main.get_command(app)
    declared = {
        name
        for param in group.params
        if param.name in main_options.__code__.co_varnames
        for name in param.opts
    }
    options = global_options()
    assert options.flags | options.with_value == declared
    assert (
        options.with_value
        == {
            name
            for param in group.params
            if not getattr(param, "is_flag", False)
            for name in param.opts
        }
        & declared
    )


@pytest.mark.parametrize("option", sorted(global_options().flags))
def test_every_global_flag_may_follow_the_command(option: str) -> None:
    assert hoist_global_options(["show", "isatuximab", option]) == [option, "show", "isatuximab"]


def test_bundled_data_is_what_the_fixtures_use() -> None:
    assert Environment().bundled_dir == BUNDLED


def test_without_a_home_the_platform_folders_are_used() -> None:
    import platformdirs

    environment = Environment.from_variables({})
    assert environment.home is None
    assert environment.user_dir == platformdirs.user_data_path("medcli") / "monographs"
    assert environment.cache_dir == platformdirs.user_cache_path("medcli")


# --- small things -------------------------------------------------------------------------


@pytest.mark.parametrize("width", ["80", "40", "120"])
@pytest.mark.parametrize(
    "command",
    [("show", "isatuximab"), ("dose", "-w", "70", "--start", "2026-12-01"), ("side-effects",),
     ("list",), ("search", "myeloma"), ("validate",)],
)  # fmt: skip
def test_no_line_of_any_view_ends_in_a_blank(
    cli: Cli, width: str, command: tuple[str, ...]
) -> None:
    result = cli("--width", width, *command)
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line != line.rstrip()] == []
