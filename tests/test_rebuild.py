"""`medcli rebuild`: every stored label converted again from its kept document, in place.

What a user sees: a converter that reads labels better reaches the labels already
imported without the files; labels imported before documents were kept are named,
never dropped; an interrupted rebuild changes nothing and the next one goes on; the
store is the same whatever the number of workers.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import msgspec
import pytest

from medcli.labels import again
from medcli.labels import convert as label_convert
from medcli.library import reconvert
from medcli.library.folders import STORE_FILE
from tests.conftest import Cli, searchable_rows
from tests.label_fixtures import answer, numbered_labels, record

NEW_CLASS = "Reconverted antibody class"


@pytest.fixture
def store(cli: Cli, tmp_path: Path, user_library: Path) -> Path:
    """Five labels and zentamab's version 2 kept beside its version 3, each document kept."""
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(5), record(version="2")))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    (tmp_path / "newer.json").write_bytes(answer(record(version="3")))
    assert cli("import", str(tmp_path / "newer.json")).exit_code == 0
    return user_library / STORE_FILE


@pytest.fixture
def better_converter(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """A converter that reads every label's class differently from the one that imported it."""
    convert = label_convert.convert

    def reading_better(*args: Any, **options: Any) -> Any:
        mapped = convert(*args, **options)
        mapped.monograph = msgspec.structs.replace(mapped.monograph, drug_class=NEW_CLASS)
        return mapped

    monkeypatch.setattr(again, "convert", reading_better)
    return reading_better


def _store(path: Path) -> list[tuple[Any, ...]]:
    """Every row of the store but `meta`, in a stable order."""
    with sqlite3.connect(path) as db:
        return [
            *db.execute("SELECT rowid, * FROM labels ORDER BY rowid"),
            *db.execute("SELECT rowid, * FROM versions ORDER BY rowid"),
            *db.execute("SELECT * FROM sources ORDER BY rowid"),
            *db.execute("SELECT key, label FROM names ORDER BY 1, 2"),
            *db.execute("SELECT * FROM effects ORDER BY label, position"),
            *db.execute("SELECT * FROM effect_contexts ORDER BY label"),
            *searchable_rows(db),
        ]


def _said(text: str) -> str:
    """*text* without its spaces and line ends: the terminal's width decides where lines
    wrap, even inside a long path."""
    return "".join(text.split())


def _classes(path: Path) -> dict[str, str]:
    with sqlite3.connect(path) as db:
        return dict(db.execute("SELECT id, drug_class FROM labels"))


def test_rebuild_with_the_same_converter_changes_nothing(cli: Cli, store: Path) -> None:
    before = _store(store)
    result = cli("rebuild")
    assert result.exit_code == 0 and result.stderr == ""
    assert _said(result.stdout) == _said(
        f"{store}: 7 label versions converted again from their kept documents, 0 changed"
    )
    assert _store(store) == before


def test_a_better_converter_reaches_every_stored_label_and_version_without_the_files(
    cli: Cli, store: Path, tmp_path: Path, better_converter: None
) -> None:
    for name in ("bulk.json", "newer.json"):
        (tmp_path / name).unlink()
    result = cli("rebuild", "--json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout) == {
        "stores": [
            {"store": str(store), "converted": 7, "changed": 7, "without_document": [],
             "failed": []}
        ]
    }  # fmt: skip
    assert set(_classes(store).values()) == {NEW_CLASS}
    shown = json.loads(cli("show", "zenta3mab", "--json").stdout)
    assert shown["drug_class"] == NEW_CLASS
    older = json.loads(cli("show", "zentamab", "--label-version", "2", "--json").stdout)
    assert older["drug_class"] == NEW_CLASS
    found = json.loads(cli("search", "reconverted", "--json").stdout)  # derived tables too
    assert found["total"] == 6


def test_labels_imported_before_documents_were_kept_are_named_and_left_as_they_were(
    cli: Cli, store: Path, better_converter: None
) -> None:
    with sqlite3.connect(store) as db:  # as a layout-1 import left them
        db.execute("DELETE FROM sources WHERE set_id IN ('set-1', 'set-3')")
    result = cli("rebuild")
    assert result.exit_code == 0
    assert _said(result.stdout).endswith(
        _said(
            "5 changed 2 labels imported before medcli kept documents, left as imported; import"
            " again to refresh: zenta1mab, zenta3mab"
        )
    )
    classes = _classes(store)
    assert classes["zenta1mab"] != NEW_CLASS and classes["zenta0mab"] == NEW_CLASS
    assert cli("show", "zenta3mab").exit_code == 0  # never dropped
    assert "zenta1mab" in cli("search", "zenta1mab").stdout


def test_a_label_the_converter_now_refuses_is_kept_as_it_was_with_the_reason(
    cli: Cli, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcli.labels.split import LabelError

    convert = label_convert.convert

    def refusing(document: Any, *args: Any, **options: Any) -> Any:
        if document.shown == "bulk.json#2":
            raise LabelError("no-text", "no label text")
        return convert(document, *args, **options)

    monkeypatch.setattr(again, "convert", refusing)
    before = _store(store)
    found = json.loads(cli("rebuild", "--json").stdout)["stores"][0]
    assert found["failed"] == [{"id": "zenta1mab", "reason": "no label text"}]
    assert found["converted"] == 6 and _store(store) == before


def test_an_interrupted_rebuild_changes_nothing_and_the_next_one_goes_on(
    cli: Cli, store: Path, better_converter: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconvert, "BATCH", 2)
    before = _store(store)
    convert, calls = better_converter, 0

    def interrupted(*args: Any, **options: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 5:  # in the third batch
            raise KeyboardInterrupt
        return convert(*args, **options)

    monkeypatch.setattr(again, "convert", interrupted)
    assert cli("rebuild").exit_code == 130
    assert _store(store) == before  # readers see the old store whole
    assert cli("show", "zenta3mab").exit_code == 0
    monkeypatch.setattr(again, "convert", convert)
    result = json.loads(cli("rebuild", "--json").stdout)["stores"][0]
    assert result["converted"] == 3  # the four done before were kept
    assert set(_classes(store).values()) == {NEW_CLASS}


def test_an_import_between_drops_the_progress_and_the_next_rebuild_starts_over(
    cli: Cli, store: Path, tmp_path: Path, better_converter: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconvert, "BATCH", 2)
    convert, calls = label_convert.convert, 0

    def interrupted(*args: Any, **options: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 3:
            raise KeyboardInterrupt
        return convert(*args, **options)

    monkeypatch.setattr(again, "convert", interrupted)
    assert cli("rebuild").exit_code == 130
    monkeypatch.setattr(again, "convert", convert)
    (tmp_path / "more.json").write_bytes(answer(*numbered_labels(7)[5:]))
    assert cli("import", str(tmp_path / "more.json")).exit_code == 0
    with sqlite3.connect(store) as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert not {table for table in tables if table.endswith("_again")}
    result = json.loads(cli("rebuild", "--json").stdout)["stores"][0]
    assert result["converted"] == 9


def test_the_store_is_the_same_whatever_the_number_of_workers(
    cli: Cli, tmp_path: Path, isolated_home: Path, better_converter: None
) -> None:
    made = []
    for workers in ("1", "2"):
        home = tmp_path / f"home-{workers}"
        library = home / "monographs"
        library.mkdir(parents=True)
        (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(12), record(version="2")))
        store = library / STORE_FILE
        result = cli("--data-dir", str(library), "import", str(tmp_path / "bulk.json"),
                     "--into", str(library))  # fmt: skip
        assert result.exit_code == 0, result.stderr
        rebuilt = cli("--data-dir", str(library), "rebuild", "--workers", workers, "--json")
        assert rebuilt.exit_code == 0, rebuilt.stderr
        made.append(_store(store))
    assert made[0] == made[1]


def test_a_store_that_cannot_be_written_is_one_line_and_exit_1(
    cli: Cli, store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read_only(*args: Any, **options: Any) -> Any:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(reconvert, "rebuild_store", read_only)
    result = cli("rebuild")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr.startswith(f"medcli: error: cannot rebuild {store}: ")
    assert "Traceback" not in result.stderr


def test_a_library_without_imported_labels_has_nothing_to_rebuild(
    cli: Cli, isolated_home: Path
) -> None:
    result = cli("rebuild")
    assert (result.exit_code, result.stdout) == (0, "No imported labels to rebuild.\n")
    assert json.loads(cli("rebuild", "--json").stdout) == {"stores": []}


def test_bad_arguments_are_usage_errors(cli: Cli, isolated_home: Path) -> None:
    result = cli("rebuild", "--workers", "0")
    assert result.exit_code == 2 and "--workers" in result.stderr
