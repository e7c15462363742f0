"""Kept views: a second `medcli show` prints what the first did; nothing stale is served."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from medcli.library import parsed_cache
from medcli.library.fingerprint import PACKAGE, VIEW_SOURCES
from medcli.library.view_cache import MAX_VIEWS, ViewCache
from tests.conftest import Cli, minimal_monograph


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files written by a test are as old as any: the parsed cache would otherwise skip them."""
    monkeypatch.setattr(parsed_cache, "RACY_WINDOW_NS", 0)


def kept_views(home: Path) -> list[Path]:
    return sorted((home / "cache" / "views").glob("*.msgpack"))


def test_a_second_show_prints_what_the_first_laid_out(cli: Cli, isolated_home: Path) -> None:
    first = cli("show", "isatuximab")
    assert first.exit_code == 0
    assert len(kept_views(isolated_home)) == 1
    second = cli("show", "isatuximab")
    assert second.stdout == first.stdout
    by_alias = cli("show", "Sarclisa", "-s", "dosage")
    assert by_alias.stdout == cli("show", "isatuximab", "-s", "dosage").stdout
    assert len(kept_views(isolated_home)) == 2


def test_an_edited_monograph_is_laid_out_again(
    cli: Cli, user_library: Path, isolated_home: Path
) -> None:
    path = user_library / "drugx.yaml"
    path.write_text(minimal_monograph("drugx", usage="Used for alpha."), encoding="utf-8")
    assert "alpha" in cli("show", "drugx").stdout
    path.write_text(minimal_monograph("drugx", usage="Used for omega."), encoding="utf-8")
    shown = cli("show", "drugx").stdout
    assert "omega" in shown
    assert "alpha" not in shown


def test_another_width_or_colour_is_another_view(
    cli: Cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wide = cli("show", "isatuximab", "-s", "usage").stdout
    narrow = cli("--width", "40", "show", "isatuximab", "-s", "usage").stdout
    assert max(len(line) for line in narrow.splitlines()) <= 40
    assert max(len(line) for line in wide.splitlines()) > 40
    monkeypatch.setenv("FORCE_COLOR", "1")
    coloured = cli("--no-pager", "show", "isatuximab", "-s", "usage").stdout
    assert "\x1b[" in coloured
    assert "\x1b[" not in wide
    monkeypatch.delenv("FORCE_COLOR")
    assert cli("show", "isatuximab", "-s", "usage").stdout == wide
    assert len(kept_views(isolated_home)) == 3


def test_a_damaged_or_foreign_view_is_a_miss(cli: Cli, isolated_home: Path) -> None:
    expected = cli("show", "isatuximab").stdout
    (kept,) = kept_views(isolated_home)
    kept.write_bytes(b"\x92\xa3not the stamp\xa5bogus")
    assert cli("show", "isatuximab").stdout == expected
    kept.write_bytes(b"\xff garbage")
    assert cli("show", "isatuximab").stdout == expected


def test_at_most_max_views_are_kept_the_oldest_go_first(tmp_path: Path) -> None:
    views = ViewCache(tmp_path)
    for number in range(MAX_VIEWS + 5):
        views.keep(f"stamp {number}", f"text {number}")
    assert len(list((tmp_path / "views").glob("*.msgpack"))) == MAX_VIEWS
    assert views.get(f"stamp {MAX_VIEWS + 4}") == f"text {MAX_VIEWS + 4}"
    assert views.get("stamp 0") is None


def test_an_unwritable_cache_still_shows(cli: Cli, isolated_home: Path) -> None:
    (isolated_home / "cache").mkdir(parents=True)
    (isolated_home / "cache" / "views").write_text("a file where the folder goes", encoding="utf-8")
    result = cli("show", "isatuximab", "-s", "usage")
    assert result.exit_code == 0
    assert "Isatuximab" in result.stdout


def test_the_view_key_names_every_module_a_view_is_made_by() -> None:
    """A module the views import but the key leaves out could change a view and not miss it."""
    script = (
        "import sys; import medcli.render.label, medcli.render.monograph, medcli.render.terminal,"
        " medcli.render.side_effects;"
        " print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    needed = {
        str(Path(*name.split(".")[1:]).with_suffix(".py"))
        for name in loaded
        if name.startswith("medcli.") and not (PACKAGE / Path(*name.split(".")[1:])).is_dir()
    }
    assert needed - set(VIEW_SOURCES) == set()
