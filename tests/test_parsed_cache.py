"""The parsed-monograph cache: a hit skips YAML, any change or damage is a miss."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from medcli.errors import DataError
from medcli.library import loader, parsed_cache
from medcli.library.parsed_cache import load_cached
from tests.conftest import copy_bundled, minimal_monograph


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files made by a test are seconds old; let them be cached (see the racy test below)."""
    monkeypatch.setattr(parsed_cache, "RACY_WINDOW_NS", 0)


def refuse_to_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(path: Path, expected_id: str | None = None) -> None:
        raise AssertionError(f"parsed {path} although it was cached")

    monkeypatch.setattr(loader, "load_monograph", fail)


def test_an_unchanged_file_is_served_without_parsing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = copy_bundled(tmp_path / "m")
    first = load_cached(tmp_path / "cache", path, "isatuximab")
    refuse_to_parse(monkeypatch)
    assert load_cached(tmp_path / "cache", path, "isatuximab") == first


def test_an_edit_is_seen_even_with_the_same_size_and_second(tmp_path: Path) -> None:
    path = tmp_path / "drug.yaml"
    path.write_text(minimal_monograph("drug", usage="aaaa"), encoding="utf-8")
    stat = path.stat()
    assert load_cached(tmp_path / "cache", path, "drug").usage == "aaaa"
    path.write_text(minimal_monograph("drug", usage="bbbb"), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # same size, same mtime
    assert load_cached(tmp_path / "cache", path, "drug").usage == "bbbb"


def test_a_damaged_cache_entry_is_a_miss(tmp_path: Path) -> None:
    path = copy_bundled(tmp_path / "m")
    load_cached(tmp_path / "cache", path, "isatuximab")
    (entry,) = (tmp_path / "cache" / "parsed").iterdir()
    entry.write_bytes(b"\x00garbage")
    assert load_cached(tmp_path / "cache", path, "isatuximab").id == "isatuximab"
    assert entry.read_bytes() != b"\x00garbage"


def test_broken_files_are_never_cached(tmp_path: Path) -> None:
    path = tmp_path / "drug.yaml"
    path.write_text("id: [", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(DataError):
            load_cached(tmp_path / "cache", path, "drug")
    assert not (tmp_path / "cache" / "parsed").exists()


def test_an_unwritable_cache_folder_is_ignored(tmp_path: Path) -> None:
    path = copy_bundled(tmp_path / "m")
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be", encoding="utf-8")
    assert load_cached(blocker, path, "isatuximab").id == "isatuximab"


def test_a_file_changed_within_the_racy_window_is_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parsed_cache, "RACY_WINDOW_NS", 60_000_000_000)
    path = copy_bundled(tmp_path / "m")
    load_cached(tmp_path / "cache", path, "isatuximab")
    assert not (tmp_path / "cache" / "parsed").exists()
