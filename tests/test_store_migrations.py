"""The label store is truth, not a cache: upgrades migrate it and rebuild what is derived.

Imported labels (`labels`, `versions`) are the only copy of hours of work; names,
search text and side-effect rows are derived from them. A changed derivation, an
older layout or a store of before layout numbers must answer on the next command
without an import; a store of a newer medcli must be left as it is.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from medcli.labels import convert as label_convert
from medcli.library import derived, fingerprint, rebuild, stored
from medcli.library.folders import STORE_FILE
from medcli.library.store_schema import SCHEMA_VERSION
from tests.conftest import Cli, emptied, searchable_rows
from tests.label_fixtures import answer, numbered_labels, record

DERIVED_TABLES = ("names", "effects", "effect_contexts", "docs", "products", "mentions")


@pytest.fixture
def store(cli: Cli, tmp_path: Path, user_library: Path) -> Path:
    """A store of five imported labels, one of them with an older version kept beside it."""
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(5), record(version="2")))
    cli("import", str(tmp_path / "bulk.json"))
    (tmp_path / "newer.json").write_bytes(answer(record(version="3")))
    cli("import", str(tmp_path / "newer.json"))
    return user_library / STORE_FILE


@pytest.fixture
def no_import(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything converts a label: upgrades must not re-import."""

    def converting(*args: Any) -> Any:
        raise AssertionError("a label was converted again")

    monkeypatch.setattr(label_convert, "convert", converting)


def _truth(path: Path) -> list[tuple[Any, ...]]:
    """The truth rows, rowids and bytes: what no upgrade may change."""
    with sqlite3.connect(path) as db:
        return [
            *db.execute("SELECT rowid, * FROM labels ORDER BY rowid"),
            *db.execute("SELECT rowid, * FROM versions ORDER BY rowid"),
        ]


def _derived(path: Path) -> list[tuple[Any, ...]]:
    """Every derived row, in a stable order: a rebuild must make what the import made."""
    with sqlite3.connect(path) as db:
        return [
            *db.execute("SELECT key, label FROM names ORDER BY 1, 2"),
            *db.execute("SELECT * FROM effects ORDER BY label, position"),
            *db.execute("SELECT * FROM effect_contexts ORDER BY label"),
            *searchable_rows(db),
            *db.execute("SELECT * FROM products ORDER BY label"),
            *db.execute("SELECT * FROM mentions ORDER BY label"),
        ]


def _simulate_changed_code(path: Path) -> None:
    """Derived tables as other code made them: checksums that differ, and rows gone."""
    with sqlite3.connect(path) as db:
        db.execute("UPDATE meta SET value = 1 WHERE key LIKE 'derived:%' OR key LIKE 'shape:%'")
        for table in DERIVED_TABLES:
            emptied(db, table)


def _answers(cli: Cli) -> None:
    """show, search and side-effects answer from the stored labels."""
    assert "Zenta3mab (id: zenta3mab)" in cli("show", "zenta3mab").stdout
    assert cli("show", "zentamab", "--label-version", "2").exit_code == 0  # a kept version
    found = json.loads(cli("search", "glimmer", "--json").stdout)
    assert {"zenta0mab", "zenta4mab", "zentamab"} <= {hit["id"] for hit in found["results"]}
    effects = json.loads(cli("side-effects", "--all-drugs", "--serious", "--json").stdout)
    assert {"zenta1mab", "zentamab"} <= {drug["drug"] for drug in effects["drugs"]}


def test_changed_derivation_code_rebuilds_in_place_on_the_next_command_without_import(
    cli: Cli, store: Path, no_import: None
) -> None:
    before, counts = _truth(store), _derived(store)
    _simulate_changed_code(store)
    result = cli("show", "zenta3mab")
    assert result.exit_code == 0 and result.stderr == ""
    _answers(cli)
    assert _truth(store) == before and _derived(store) == counts
    with sqlite3.connect(store) as db:
        kept = dict(db.execute("SELECT key, value FROM meta"))
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert kept == {
        **{f"derived:{group.name}": derived.group_fingerprint(group) for group in derived.GROUPS},
        **{f"shape:{group.name}": derived.group_shape(group) for group in derived.GROUPS},
    }
    assert not {table for table in tables if table.endswith("_next")}
    assert {"names_key", "names_label", "effects_serious"} <= tables


@pytest.mark.parametrize("group", derived.GROUPS, ids=lambda group: group.name)
def test_each_group_rebuilt_alone_makes_the_rows_the_import_made(
    cli: Cli, store: Path, no_import: None, group: derived.Group
) -> None:
    rows = _derived(store)
    with sqlite3.connect(store) as db:
        db.executemany(
            "UPDATE meta SET value = 1 WHERE key = ?",
            [(f"derived:{group.name}",), (f"shape:{group.name}",)],
        )
        for table in group.tables:
            emptied(db, table)
    assert cli("show", "zenta3mab").exit_code == 0
    assert _derived(store) == rows


def test_a_store_of_before_the_products_table_gets_it_in_place_without_import(
    cli: Cli, store: Path, no_import: None
) -> None:
    rows = _derived(store)
    with sqlite3.connect(store) as db:
        db.execute("DROP TABLE products")
        db.execute("DELETE FROM meta WHERE key IN ('derived:products', 'shape:products')")
    assert cli("show", "zenta3mab").exit_code == 0
    assert _derived(store) == rows
    shown = cli("show", "zentamab", "--json")  # a label answers by its product's rows
    assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == "zentamab"


def test_only_the_groups_whose_code_changed_are_rebuilt(
    cli: Cli, store: Path, no_import: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = 1 WHERE key IN ('derived:names', 'shape:names')")
    made: list[str] = []
    make = derived.derived_rows

    def watched(label: Any, monograph: Any, groups: Any) -> derived.DerivedRows:
        made.extend(group.name for group in groups)
        assert monograph is None  # names are made from the labels' columns, no JSON decoded
        return make(label, monograph, groups)

    monkeypatch.setattr(derived, "derived_rows", watched)
    assert cli("show", "zenta2").exit_code == 0
    assert set(made) == {"names"} and len(made) == 6


def test_a_store_of_before_layout_numbers_is_migrated_keeping_itsnumbered_labels(
    cli: Cli, store: Path, no_import: None
) -> None:
    with sqlite3.connect(store) as db:  # as medcli kept it before: a code checksum, no meta
        db.execute("DROP TABLE meta")
        db.execute("ALTER TABLE labels DROP COLUMN effective")
        db.execute("ALTER TABLE versions DROP COLUMN effective")
        db.execute("PRAGMA user_version = 1815581391")
    _answers(cli)
    listed = json.loads(cli("list", "--json").stdout)["monographs"]
    dated = {item["id"]: item.get("effective_time") for item in listed}
    assert dated["zentamab"] == "2024-01-15"  # the lost column, filled from each monograph
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert db.execute("SELECT count(*) FROM labels").fetchone()[0] == 6
        assert db.execute("SELECT count(*) FROM versions").fetchone()[0] == 1


def test_a_store_of_before_effective_dates_that_cannot_be_migrated_is_skipped_with_one_line(
    cli: Cli, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(store) as db:
        db.execute("DROP TABLE meta")
        db.execute("ALTER TABLE labels DROP COLUMN effective")
        db.execute("PRAGMA user_version = 1815581391")
    monkeypatch.setattr(stored, "_writable", lambda path: False)
    shown = cli("show", "zenta3mab")
    assert shown.exit_code == 1 and "Traceback" not in shown.stderr
    assert (
        f"skipped {store}: an older layout that cannot be brought up to date here"
        in (shown.stderr.splitlines()[0])
    )
    assert cli("list").exit_code == 0


def test_a_store_of_a_newer_medcli_is_left_as_it_is_with_one_line(
    cli: Cli, store: Path, tmp_path: Path
) -> None:
    before = _truth(store)
    with sqlite3.connect(store) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    expected = (
        f"written by a newer medcli (schema {SCHEMA_VERSION + 1}); this one reads up to"
        f" {SCHEMA_VERSION}"
    )
    shown = cli("show", "zenta3mab")
    assert shown.exit_code == 1 and expected in shown.stderr.splitlines()[0]
    assert "Traceback" not in shown.stderr
    assert cli("show", "isatuximab").exit_code == 0  # the rest of the library answers
    imported = cli("import", str(tmp_path / "newer.json"))
    assert imported.exit_code == 1 and expected in imported.stderr
    removed = cli("remove", "zenta3mab")
    assert removed.exit_code == 1 and "Traceback" not in removed.stderr
    assert _truth(store) == before
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_an_interrupted_rebuild_leaves_the_old_tables_and_the_next_command_finishes_it(
    cli: Cli, store: Path, no_import: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rebuild, "BATCH", 2)
    before, counts = _truth(store), _derived(store)
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = 1 WHERE key LIKE 'derived:%' OR key LIKE 'shape:%'")
    insert, calls = derived.insert_rows, 0

    def failing(*args: Any, **options: Any) -> None:
        nonlocal calls
        calls += 1
        if calls == 5:  # in the third batch
            raise KeyboardInterrupt
        insert(*args, **options)

    monkeypatch.setattr(derived, "insert_rows", failing)
    assert cli("show", "zenta3mab").exit_code == 130
    assert _truth(store) == before and _derived(store) == counts  # the old tables, whole
    with sqlite3.connect(store) as db:
        assert db.execute(
            "SELECT value FROM meta WHERE key = ?", (rebuild.DONE_UP_TO,)
        ).fetchone() == (4,)  # two batches kept
    monkeypatch.setattr(derived, "insert_rows", insert)
    resumed: list[tuple[int, int]] = []
    monkeypatch.setattr(rebuild, "_batch", _counting(rebuild._batch, resumed))
    _answers(cli)
    assert resumed == [(4, 2), (6, 0)]  # went on after the fourth label
    assert _truth(store) == before and _derived(store) == counts


def _counting(batch: Any, seen: list[tuple[int, int]]) -> Any:
    def counted(db: sqlite3.Connection, groups: Any, after: int) -> int:
        made = int(batch(db, groups, after))
        seen.append((after, made))
        return made

    return counted


def test_a_store_that_cannot_be_written_answers_as_it_is_with_one_warning(
    cli: Cli, store: Path, no_import: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = 1 WHERE key LIKE 'derived:%' OR key LIKE 'shape:%'")
    monkeypatch.setattr(stored, "_writable", lambda path: False)
    result = cli("show", "zenta3mab")
    assert result.exit_code == 0 and "Zenta3mab (id: zenta3mab)" in result.stdout
    warnings = result.stderr.splitlines()
    assert len(warnings) == 1 and "cannot be brought up to date (read-only)" in warnings[0]
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT value FROM meta WHERE key = 'derived:names'").fetchone() == (1,)


def test_every_derived_group_names_source_files_that_exist() -> None:
    package = Path(derived.__file__).resolve().parents[1]
    assert all((package / name).is_file() for group in derived.GROUPS for name in group.sources)


@pytest.mark.parametrize("terminal", [True, False])
def test_a_rebuild_longer_than_a_second_shows_one_line_on_a_terminal_only(terminal: bool) -> None:
    import io

    from rich.console import Console

    from medcli.render.rebuild_progress import rebuild_line

    now = [0.0]
    written = io.StringIO()
    show = rebuild_line(Console(file=written, force_terminal=terminal), clock=lambda: now[0])
    show(1000, 3000)  # within the first second: quiet
    assert written.getvalue() == ""
    now[0] = 1.5
    show(2000, 3000)
    show(3000, 3000)
    expected = "\rmedcli: updating the label store for this version: 2,000 of 3,000 labels\r\x1b[2K"
    assert written.getvalue() == (expected if terminal else "")


def test_the_shape_of_the_code_ignores_comments_and_docstrings_but_not_code(
    tmp_path: Path,
) -> None:
    package = Path(derived.__file__).resolve().parents[1]
    copy = tmp_path / "medcli"
    copy.mkdir()
    original = (package / "names.py").read_text(encoding="utf-8")
    sources = ("names.py",)
    shape = fingerprint.shape_fingerprint(sources, package)
    edited = copy / "names.py"
    edited.write_text(
        original.replace('"""', '"""Reworded. ', 1) + "\n# a comment\n", encoding="utf-8"
    )
    assert fingerprint.fingerprint(sources, copy) != fingerprint.fingerprint(sources, package)
    assert fingerprint.shape_fingerprint(sources, copy) == shape
    edited.write_text(original + "\nCHANGED = 1\n", encoding="utf-8")
    assert fingerprint.shape_fingerprint(sources, copy) != shape


def test_derivation_code_edited_only_in_comments_rebuilds_nothing(
    cli: Cli, store: Path, no_import: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with sqlite3.connect(store) as db:  # the bytes changed, the shape did not
        db.execute("UPDATE meta SET value = 1 WHERE key LIKE 'derived:%'")

    def rebuilding(*args: Any, **options: Any) -> None:
        raise AssertionError("rebuilt")

    monkeypatch.setattr(derived, "insert_rows", rebuilding)
    result = cli("show", "zenta3mab")
    assert result.exit_code == 0 and result.stderr == ""
    with sqlite3.connect(store) as db:
        kept = dict(db.execute("SELECT key, value FROM meta WHERE key LIKE 'derived:%'"))
    assert kept == {f"derived:{group.name}": derived.group_fingerprint(group)
                    for group in derived.GROUPS}  # fmt: skip


def test_a_stale_store_on_a_read_only_mount_answers_with_one_warning_and_is_not_touched(
    cli: Cli, store: Path, isolated_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.hostile.test_outputs_and_libraries import read_only_view

    with sqlite3.connect(store) as db:
        db.execute("UPDATE meta SET value = 1 WHERE key LIKE 'derived:%' OR key LIKE 'shape:%'")
    before = _truth(store), _derived(store)
    with read_only_view(isolated_home, tmp_path / "ro") as home:
        monkeypatch.setenv("MEDCLI_HOME", str(home))
        result = cli("search", "glimmer")
        assert result.exit_code == 0 and "zenta3mab" in result.stdout
        about_store = [line for line in result.stderr.splitlines() if str(STORE_FILE) in line]
        assert (
            len(about_store) == 1 and "cannot be brought up to date (read-only)" in about_store[0]
        )
    assert (_truth(store), _derived(store)) == before


def _as_layout_1(path: Path) -> None:
    """The store as layout 1 kept it: `docs` with a second copy of every label's text."""
    from medcli.search import COLUMNS, document

    with sqlite3.connect(path) as db:
        texts = [
            (rowid, *document(derived.decoded(data)))
            for rowid, data in db.execute("SELECT rowid, data FROM labels")
        ]
        db.execute("DROP TABLE docs")
        db.execute(
            f"CREATE VIRTUAL TABLE docs USING fts5 ({', '.join(COLUMNS)},"
            " tokenize = 'unicode61 remove_diacritics 2')"
        )
        db.executemany(
            f"INSERT INTO docs (rowid, {', '.join(COLUMNS)}) VALUES (?{', ?' * len(COLUMNS)})",
            texts,
        )
        db.execute("PRAGMA user_version = 1")


def test_a_layout_1_store_is_migrated_in_place_to_searchable_text_without_its_copy(
    cli: Cli, store: Path, no_import: None
) -> None:
    searched = [cli("search", query, "--json").stdout for query in ("glimmer", "zenta*")]
    before, counts = _truth(store), _derived(store)
    _as_layout_1(store)
    with sqlite3.connect(store) as db:
        assert db.execute("SELECT count(*) FROM docs_content").fetchone() == (6,)
    shown = cli("show", "zenta3mab")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert [cli("search", query, "--json").stdout for query in ("glimmer", "zenta*")] == searched
    _answers(cli)
    assert _truth(store) == before and _derived(store) == counts
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (3,)
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        made = db.execute("SELECT sql FROM sqlite_master WHERE name = 'docs'").fetchone()[0]
    assert "docs_content" not in tables and "content = ''" in made


def _as_layout_2(path: Path) -> None:
    """The store as layout 2 kept it: `effects` a `WITHOUT ROWID` table, same rows."""
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT * FROM effects").fetchall()
        db.execute("DROP TABLE effects")
        db.execute(
            "CREATE TABLE effects (label INTEGER NOT NULL, position INTEGER NOT NULL,"
            " serious INTEGER NOT NULL, frequency TEXT NOT NULL, data BLOB NOT NULL,"
            " PRIMARY KEY (label, position)) WITHOUT ROWID"
        )
        db.executemany("INSERT INTO effects VALUES (?, ?, ?, ?, ?)", rows)
        db.execute("CREATE INDEX effects_serious ON effects (serious, label)")
        db.execute("PRAGMA user_version = 2")


def test_a_layout_2_store_is_migrated_in_place_to_effect_rows_on_their_own_pages(
    cli: Cli, store: Path, no_import: None
) -> None:
    asked = [
        ("side-effects", "--all-drugs", "--serious", "--json"),
        ("side-effects", "--all-drugs"),
        ("side-effects", "zenta3mab"),
        ("side-effects", "zentamab", "--serious", "--json"),
    ]
    answered = [cli(*command).stdout for command in asked]
    assert all(answered)
    before, counts = _truth(store), _derived(store)
    _as_layout_2(store)
    shown = cli("show", "zenta3mab")
    assert shown.exit_code == 0 and shown.stderr == ""
    assert [cli(*command).stdout for command in asked] == answered
    assert _truth(store) == before and _derived(store) == counts
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,) == (3,)
        made = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE tbl_name = 'effects'"))
    assert "WITHOUT ROWID" not in made["effects"]
    assert {"effects_label", "effects_serious"} <= set(made)


@pytest.mark.parametrize("workers", [1, 2])
def test_a_rebuild_makes_the_same_tables_whatever_the_number_of_workers(
    cli: Cli,
    tmp_path: Path,
    user_library: Path,
    monkeypatch: pytest.MonkeyPatch,
    workers: int,
) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(12)))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    store = user_library / STORE_FILE
    imported = _derived(store)
    _simulate_changed_code(store)
    monkeypatch.setattr(rebuild, "WORKERS", workers)
    assert cli("show", "zenta11mab").exit_code == 0
    assert _derived(store) == imported
