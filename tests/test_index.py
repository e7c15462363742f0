"""The library index: built on first use, kept current cheaply, rebuilt when damaged, shared."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from medcli.errors import NotFoundError
from medcli.library.environment import Environment
from medcli.library.folders import Folder
from medcli.library.index import access, scanning, store
from medcli.library.index.access import INDEX_FILE
from medcli.library.index.scanning import FileStat, FolderScan
from medcli.library.index.store import Record
from medcli.library.index.tables import INDEX_VERSION
from medcli.library.merged import Library
from tests.conftest import REPO, Cli, minimal_monograph

Reads = list[str]


def _write(folder: Path, drug: str, name: str | None = None, **fields: object) -> Path:
    path = folder / f"{drug}.yaml"
    path.write_text(minimal_monograph(drug, name, **fields), encoding="utf-8")
    return path


def _index_file(home: Path) -> Path:
    return home / "cache" / INDEX_FILE


def _version(path: Path) -> int:
    with sqlite3.connect(path) as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return int(database.execute("PRAGMA user_version").fetchone()[0])


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> Reads:
    """The files the index parses, in order (time stamps are trusted at once)."""
    monkeypatch.setattr(scanning, "RACY_WINDOW_NS", -(10**12))
    seen: Reads = []
    original = store.read_record

    def counting(folder: str, file: FileStat, cache_dir: Path) -> Record:
        seen.append(file[0])
        return original(folder, file, cache_dir)

    monkeypatch.setattr(store, "read_record", counting)
    return seen


def _ids(library: Library, query: str) -> list[str]:
    return [hit.id for hit in library.search(query, limit=100).hits]


# --- building and freshness ----------------------------------------------------------------


def test_an_exact_id_is_served_without_an_index(cli: Cli, isolated_home: Path) -> None:
    assert cli("show", "isatuximab").exit_code == 0
    assert not _index_file(isolated_home).exists()


def test_the_first_lookup_by_name_builds_the_index(cli: Cli, isolated_home: Path) -> None:
    result = cli("show", "Sarclisa", "-s", "usage")
    assert result.exit_code == 0 and result.stdout.startswith("Isatuximab\n")
    assert _version(_index_file(isolated_home)) == INDEX_VERSION


def test_added_edited_and_removed_files_are_picked_up(cli: Cli, user_library: Path) -> None:
    path = _write(user_library, "alfa", aliases=["Alfabrand"], usage="Treats glorpitis.")
    assert cli("show", "Alfabrand").stdout.startswith("Alfa\n")
    assert "alfa" in cli("search", "glorpitis").stdout
    _write(user_library, "alfa", aliases=["Bravobrand"], usage="Treats snarfosis.")
    assert cli("show", "Alfabrand").exit_code == 1
    assert cli("show", "Bravobrand").stdout.startswith("Alfa\n")
    assert cli("search", "glorpitis").stdout.startswith("No monograph matches")
    assert "alfa" in cli("search", "snarfosis").stdout
    path.unlink()
    assert cli("show", "Bravobrand").exit_code == 1
    assert cli("search", "snarfosis").stdout.startswith("No monograph matches")


def test_only_added_and_changed_files_are_read_again(
    user_library: Path, reads: Reads, environment: Environment
) -> None:
    for name in ("qone", "qtwo", "qthree"):
        _write(user_library, name)
    library = Library(environment)
    assert _ids(library, "qone") == ["qone"]
    assert sorted(reads) == ["isatuximab.yaml", "qone.yaml", "qthree.yaml", "qtwo.yaml"]
    reads.clear()
    assert _ids(Library(environment), "qtwo") == ["qtwo"]
    assert reads == []
    _write(user_library, "qtwo", usage="Changed text about wibblemia.")
    _write(user_library, "qfour")
    (user_library / "qthree.yaml").unlink()
    assert _ids(Library(environment), "wibblemia") == ["qtwo"]
    assert sorted(reads) == ["qfour.yaml", "qtwo.yaml"]
    assert _ids(Library(environment), "qthree") == []


def test_additions_are_found_from_recent_files_and_removals_by_a_full_compare(
    user_library: Path, monkeypatch: pytest.MonkeyPatch, environment: Environment
) -> None:
    monkeypatch.setattr(scanning, "RACY_WINDOW_NS", 1_000_000)  # 1 ms, so the test need not wait
    full: list[str] = []
    original = store.IndexStore._compare_every_file

    def spy(self: store.IndexStore, scan: FolderScan, state: object) -> object:
        full.append(scan.key)
        return original(self, scan, state)  # type: ignore[arg-type]

    monkeypatch.setattr(store.IndexStore, "_compare_every_file", spy)
    _write(user_library, "first", aliases=["Firstbrand"])
    assert Library(environment).resolve("Firstbrand").id == "first"
    assert len(full) == 2  # a new index: every folder compared once
    time.sleep(0.05)
    _write(user_library, "second", aliases=["Secondbrand"])
    time.sleep(0.05)
    assert Library(environment).resolve("Secondbrand").id == "second"
    assert len(full) == 2  # the addition was found among the recent files
    (user_library / "first.yaml").unlink()
    time.sleep(0.05)
    with pytest.raises(NotFoundError):
        Library(environment).resolve("Firstbrand")
    assert len(full) == 3  # a removal needs the folder's rows


def test_an_edit_that_keeps_size_and_mtime_is_still_noticed(
    user_library: Path, reads: Reads, environment: Environment
) -> None:
    path = _write(user_library, "samesize", aliases=["Aaaa1"])
    os.utime(path, ns=(10**18, 10**18))
    first = path.stat()
    assert Library(environment).resolve("Aaaa1").id == "samesize"
    while time.time_ns() < first.st_ctime_ns + 20_000_000:  # let the clock pass one tick
        time.sleep(0.005)
    _write(user_library, "samesize", aliases=["Bbbb1"])
    os.utime(path, ns=(10**18, 10**18))
    second = path.stat()
    assert (second.st_size, second.st_mtime_ns) == (first.st_size, first.st_mtime_ns)
    assert Library(environment).resolve("Bbbb1").id == "samesize"
    with pytest.raises(NotFoundError):
        Library(environment).resolve("Aaaa1")


def test_a_file_changed_in_the_same_clock_tick_is_read_again(
    user_library: Path, environment: Environment
) -> None:
    """Stamps too close to the scan are not trusted: the file is read again next time."""
    path = _write(user_library, "racy", aliases=["Cccc1"])
    assert Library(environment).resolve("Cccc1").id == "racy"
    stamp = path.stat().st_mtime_ns
    _write(user_library, "racy", aliases=["Dddd1"])
    os.utime(path, ns=(stamp, stamp))
    assert Library(environment).resolve("Dddd1").id == "racy"


def test_a_broken_file_is_recorded_once_and_warned_about_each_command(
    user_library: Path, reads: Reads, environment: Environment
) -> None:
    (user_library / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    _write(user_library, "fine")
    for _ in range(2):
        warnings: list[str] = []
        library = Library(environment, warn=warnings.append)
        assert _ids(library, "fine") == ["fine"]
        assert library.resolve("Fine").id == "fine"
        assert len(warnings) == 1 and "broken.yaml" in warnings[0]
    assert reads.count("broken.yaml") == 1


def test_the_process_pool_reads_many_files_like_one_process(
    user_library: Path, tmp_path: Path
) -> None:
    for number in range(store.POOL_MIN_FILES + 6):
        _write(user_library, f"pooled{number}", usage=f"Text number{number}.")
    (user_library / "bad.yaml").write_text("[", encoding="utf-8")
    folder = Folder(user_library, "user")
    scan = scanning.scan(folder, time.time_ns())
    jobs = [(scan.key, file) for file in scan.files]
    assert len(jobs) > store.POOL_MIN_FILES
    pooled = list(store.read_records(jobs, tmp_path / "pooled"))
    assert pooled == [store.read_record(key, file, tmp_path / "one") for key, file in jobs]


# --- precedence ----------------------------------------------------------------------------


def test_shadowed_files_are_not_listed_or_found(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    _write(user_library, "isatuximab", name="User Isatuximab", usage="Shadowing text.")
    (user_library / "twice.json").write_text(
        json.dumps({"schema_version": 1, "id": "twice", "name": "Json Twice"}), encoding="utf-8"
    )
    _write(user_library, "twice", name="Yaml Twice")
    listing = json.loads(cli("list", "--json").stdout)["monographs"]
    assert sorted((m["id"], m["name"], m["origin"]) for m in listing) == [
        ("isatuximab", "User Isatuximab", "user"),
        ("twice", "Json Twice", "user"),
    ]
    found = json.loads(cli("search", "isatuximab", "--json").stdout)["results"]
    assert [(hit["id"], hit["origin"]) for hit in found] == [("isatuximab", "user")]
    assert cli("show", "Sarclisa").exit_code == 1  # the user file has no such alias
    assert cli("show", "Json Twice").stdout.startswith("Json Twice")
    assert cli("show", "Yaml Twice").exit_code == 1
    extra = tmp_path / "extra"
    extra.mkdir()
    _write(extra, "isatuximab", name="Folder Isatuximab")
    result = cli("--data-dir", str(extra), "search", "isatuximab", "--json")
    assert [hit["origin"] for hit in json.loads(result.stdout)["results"]] == ["folder"]
    assert cli("search", "isatuximab", "--json").stdout.count('"origin": "user"') == 1


# --- damage and fallbacks ------------------------------------------------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"garbage bytes, not a database " * 200,
        lambda data: b"",
        lambda data: data[: len(data) // 3],
        lambda data: data[:4096] + b"\xff" * (len(data) - 4096),
    ],
    ids=["garbage", "empty", "truncated", "pages-overwritten"],
)
def test_a_damaged_index_is_rebuilt_not_trusted(
    cli: Cli, isolated_home: Path, user_library: Path, damage: Callable[[bytes], bytes]
) -> None:
    _write(user_library, "kept", aliases=["Keptbrand"], usage="Treats quibblitis.")
    assert cli("show", "Keptbrand").exit_code == 0
    path = _index_file(isolated_home)
    path.write_bytes(damage(path.read_bytes()))
    result = cli("search", "quibblitis")
    assert result.exit_code == 0, result.stderr
    assert "kept" in result.stdout
    assert cli("show", "Keptbrand").exit_code == 0
    assert _version(path) == INDEX_VERSION


def test_an_index_of_another_version_is_rebuilt(cli: Cli, isolated_home: Path) -> None:
    assert cli("show", "Sarclisa").exit_code == 0
    path = _index_file(isolated_home)
    with sqlite3.connect(path) as database:
        database.execute(f"PRAGMA user_version = {INDEX_VERSION + 1}")
        database.execute("DELETE FROM names")
    assert cli("show", "Sarclisa").exit_code == 0
    assert _version(path) == INDEX_VERSION


def test_an_unwritable_cache_folder_still_answers(
    cli: Cli, isolated_home: Path, user_library: Path
) -> None:
    (isolated_home / "cache").write_text("a file where the folder should be", encoding="utf-8")
    result = cli("show", "Sarclisa", "-s", "usage")
    assert result.exit_code == 0 and result.stdout.startswith("Isatuximab")
    assert result.stderr.startswith("medcli: warning: cannot keep the library index in ")
    assert len(result.stderr.splitlines()) == 1
    assert "isatuximab" in cli("search", "CD38").stdout


@pytest.mark.parametrize(
    "failure",
    [OSError(28, "No space left on device"), sqlite3.OperationalError("No space left on device")],
)
def test_an_index_that_cannot_be_written_is_built_in_memory(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    def refuse(path: Path, folders: object, cache_dir: Path) -> None:
        raise failure

    monkeypatch.setattr(access, "_cold_build", refuse)
    result = cli("search", "CD38")
    assert result.exit_code == 0 and "isatuximab" in result.stdout
    assert result.stderr.startswith("medcli: warning: cannot write the library index ")
    assert "No space left on device" in result.stderr


def test_without_fts5_lookups_still_work_and_search_says_why(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unavailable(*args: object) -> None:
        raise access.IndexUnavailable("no such module: fts5")

    monkeypatch.setattr(access, "use", unavailable)
    assert cli("show", "Sarclisa", "-s", "usage").stdout.startswith("Isatuximab")
    assert "isatuximab" in cli("list").stdout
    result = cli("search", "CD38")
    assert result.exit_code == 1
    assert "full-text search needs SQLite with FTS5" in result.stderr


# --- several commands at once --------------------------------------------------------------


def _library_of(folder: Path, count: int, word: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        _write(folder, f"drug{number}", aliases=[f"Brand{number}"], usage=f"{word} number{number}")


def test_concurrent_commands_build_and_update_one_sound_index(isolated_home: Path) -> None:
    _library_of(isolated_home / "monographs", store.POOL_MIN_FILES + 16, "Sharedword")
    environment = {**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "100"}

    def run_together(commands: list[list[str]]) -> list[subprocess.CompletedProcess[str]]:
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "medcli", *command],
                env=environment,
                text=True,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
            )
            for command in commands
        ]
        return [
            subprocess.CompletedProcess(p.args, p.wait(60), *p.communicate()) for p in processes
        ]

    commands = [["search", "sharedword", "--json", "-n", "1000"], ["show", "Brand7", "-s", "usage"]]
    for result in run_together(commands * 3):
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        if result.args[3] == "search":
            assert json.loads(result.stdout)["total"] == store.POOL_MIN_FILES + 16
        else:
            assert result.stdout.startswith("Drug7\n")
    _library_of(isolated_home / "monographs", 30, "Otherword")  # 30 files change under them
    for result in run_together([["search", "otherword", "--json", "-n", "1000"]] * 4):
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout)["total"] == 30
    assert _version(_index_file(isolated_home)) == INDEX_VERSION


def test_threads_sharing_a_fresh_index_get_the_same_answers(
    isolated_home: Path, environment: Environment
) -> None:
    _library_of(isolated_home / "monographs", 20, "Threadword")
    answers: list[object] = []

    def work() -> None:
        for _ in range(4):  # the files are new, so every command reads them again: churn
            try:
                answers.append(sorted(_ids(Library(environment), "threadword")))
            except Exception as error:  # collected, so the assertion below shows it
                answers.append(error)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers == [sorted(f"drug{number}" for number in range(20))] * 24


# --- list, served from the index -----------------------------------------------------------


def test_list_filters_by_origin_and_limits(cli: Cli, user_library: Path) -> None:
    for name in ("alpha", "beta", "gamma"):
        _write(user_library, name)
    every = json.loads(cli("list", "--json").stdout)["monographs"]
    assert [m["id"] for m in every] == ["alpha", "beta", "gamma", "isatuximab"]
    users = json.loads(cli("list", "--origin", "user", "--limit", "2", "--json").stdout)
    assert [m["id"] for m in users["monographs"]] == ["alpha", "beta"]
    bundled = cli("list", "--origin", "bundled")
    assert "isatuximab" in bundled.stdout and "alpha" not in bundled.stdout
    for args, message in ((["--limit", "0"], "0 is not in the range"), (["--origin", "x"], "'x'")):
        refused = cli("list", *args)
        assert refused.exit_code == 2 and message in refused.stderr
        assert len(refused.stderr.splitlines()) == 1


def test_a_folder_named_twice_counts_once(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(user_library, "alfa", aliases=["Alfabrand"], usage="Treats glorpitis.")
    monkeypatch.setenv("MEDCLI_PATH", f"{user_library}{os.pathsep}{user_library}")
    assert cli("--data-dir", str(user_library), "show", "Alfabrand").exit_code == 0
    assert "alfa" in cli("--data-dir", str(user_library), "search", "glorpitis").stdout
    assert "alfa" in cli("list").stdout


def test_damage_inside_the_search_table_is_rebuilt_not_blamed_on_the_query(
    cli: Cli, isolated_home: Path, user_library: Path
) -> None:
    _write(user_library, "kept", usage="Treats quibblitis.")
    assert cli("search", "quibblitis").exit_code == 0
    with sqlite3.connect(_index_file(isolated_home)) as database:
        database.execute("DELETE FROM docs_config")
    result = cli("search", "quibblitis")
    assert result.exit_code == 0, result.stderr
    assert "kept" in result.stdout


def test_a_file_dated_in_the_future_is_not_read_on_every_command(
    user_library: Path, reads: Reads, environment: Environment
) -> None:
    path = _write(user_library, "alfa", aliases=["Alfabrand"])
    os.utime(path, (2_000_000_000, 2_000_000_000))  # the year 2033
    library = Library(environment)
    library.resolve("Alfabrand")
    reads.clear()
    time.sleep(2.1)  # past the racy window of the first read
    Library(environment).resolve("Alfabrand")
    Library(environment).resolve("Alfabrand")
    assert reads == []
