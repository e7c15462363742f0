"""The label store: imported labels kept in one SQLite file beside hand-written monographs."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from medcli.importer import workers as pool_workers
from medcli.importer.inputs import import_paths
from medcli.labels import convert as label_convert
from medcli.labels.documents import Refused
from medcli.library import stored
from medcli.library.folders import STORE_FILE
from medcli.library.label_rows import LabelRows
from tests.conftest import REPO, Cli, minimal_monograph, searchable_rows
from tests.label_fixtures import answer, numbered_labels, record, stored_ids


def test_a_hand_written_monograph_edited_in_place_is_seen_next_command(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    cli("import", str(tmp_path / "a.json"))  # a store beside the YAML changes nothing for it
    path = user_library / "alfa.yaml"
    path.write_text(minimal_monograph("alfa", None, aliases=["Alfabrand"]), encoding="utf-8")
    assert cli("show", "Alfabrand").stdout.startswith("Alfa\n")
    path.write_text(minimal_monograph("alfa", "Alfa Prime", aliases=["Alfabrand"]), "utf-8")
    assert cli("show", "Alfabrand").stdout.startswith("Alfa Prime\n")
    assert cli("show", "zentamab").exit_code == 0


def test_a_newer_version_of_a_label_takes_the_old_ones_place_which_is_kept_beside_it(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    (tmp_path / "old.json").write_bytes(answer(record(version="3")))
    cli("import", str(tmp_path / "old.json"))
    assert "glimmer" in cli("search", "glimmer").stdout.lower()
    newer = record(version="4", id="new-version-id")
    newer["boxed_warning"] = ["WARNING: TWINKLE FEVER Zentamab can cause twinkle fever."]
    (tmp_path / "new.json").write_bytes(answer(newer))
    report = json.loads(cli("import", str(tmp_path / "new.json"), "--json").stdout)
    assert [page["outcome"] for page in report["pages"]] == ["updated"]
    assert stored_ids(isolated_home / "monographs") == ["zentamab"]
    shown = json.loads(cli("show", "Zentaro", "--json").stdout)
    assert shown["label"]["version"] == "4" and shown["label"]["version_id"] == "new-version-id"
    found = json.loads(cli("search", "twinkle", "--json").stdout)["results"]
    assert [hit["id"] for hit in found] == ["zentamab"]
    old_text = json.loads(cli("search", '"watch for sparkle loss"', "--json").stdout)
    assert old_text["total"] == 0  # only the newest version's text is searched
    kept = json.loads(cli("show", "zentamab", "--label-version", "3", "--json").stdout)
    assert "Watch for sparkle loss." in kept["label"]["sections"][0]["text"]


def test_stored_labels_answer_lookups_lists_and_side_effect_filters(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(3)))
    cli("import", str(tmp_path / "bulk.json"))
    assert "Zenta1mab (id: zenta1mab)" in cli("show", "zenta1mab").stdout  # exact id
    assert cli("show", "zenta2m").exit_code == 0  # a unique prefix
    assert cli("show", "zenta").exit_code == 1  # ambiguous
    ids = {item["id"] for item in json.loads(cli("list", "--json").stdout)["monographs"]}
    assert {"isatuximab", "zenta0mab", "zenta1mab", "zenta2mab"} <= ids
    result = cli("side-effects", "--all-drugs", "--serious", "--json")
    document = json.loads(result.stdout)
    drugs = [drug["drug"] for drug in document["drugs"]]
    assert drugs == sorted(drugs) and {"zenta0mab", "isatuximab"} <= set(drugs)
    assert all(effect["serious"] for drug in document["drugs"] for effect in drug["side_effects"])
    text = cli("side-effects", "--all-drugs", "--serious").stdout
    assert "Zenta2mab: side effects" in text and "drugs with matching side effects" in text


def test_ctrl_c_keeps_whole_batches_and_a_second_run_finishes(
    tmp_path: Path, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored, "BATCH", 2)
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(5)))
    convert = label_convert.convert
    calls = 0

    def interrupted(*args: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == 4:
            raise KeyboardInterrupt
        return convert(*args)

    monkeypatch.setattr(label_convert, "convert", interrupted)
    bundled = REPO / "data" / "monographs"
    source = [tmp_path / "bulk.json"]
    with pytest.raises(KeyboardInterrupt):
        import_paths(source, into=user_library, bundled=bundled)
    assert stored_ids(user_library) == ["zenta0mab", "zenta1mab"]  # the third: rolled back
    monkeypatch.setattr(label_convert, "convert", convert)
    report = import_paths(source, into=user_library, bundled=bundled)
    assert [page.outcome for page in report.pages] == ["unchanged"] * 2 + ["imported"] * 3
    assert len(stored_ids(user_library)) == 5


def test_ctrl_c_in_the_import_command_exits_130(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(label_convert, "convert", interrupted)
    (tmp_path / "a.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 130


def _store_rows(folder: Path) -> list[tuple[Any, ...]]:
    """Everything a store holds, in a stable order: what two imports must agree on."""
    with sqlite3.connect(folder / STORE_FILE) as db:
        return [
            *db.execute("SELECT * FROM labels ORDER BY id"),
            *db.execute("SELECT n.key, l.id FROM names n JOIN labels l ON l.rowid = n.label"
                        " ORDER BY 1, 2"),
            *db.execute("SELECT l.id, e.* FROM effects e"
                        " JOIN labels l ON l.rowid = e.label ORDER BY 1, 3"),
            *db.execute("SELECT l.id, c.data FROM effect_contexts c"
                        " JOIN labels l ON l.rowid = c.label ORDER BY 1"),
            *_searchable_by_id(db),
            *db.execute("SELECT * FROM versions ORDER BY set_id, version"),
            *db.execute("SELECT l.id, p.* FROM products p JOIN labels l ON l.rowid = p.label"
                        " ORDER BY 1"),
        ]  # fmt: skip


def _searchable_by_id(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """The searchable text's terms (`docs` keeps no text), each under its label's id."""
    ids = dict(db.execute("SELECT rowid, id FROM labels"))
    return sorted((term, ids[row], *rest) for term, row, *rest in searchable_rows(db))


def _clashing(count: int) -> list[dict[str, Any]]:
    """*count* labels, every third one another maker's label of zentamab: which id each
    gets depends on the order they are placed in."""
    clashing = [
        record(set_id=f"clash-{number}", id=f"clash-version-{number}",
               openfda={**record()["openfda"], "manufacturer_name": [f"Maker {number} Inc"]})
        for number in range(count // 3)
    ]  # fmt: skip
    return [*numbered_labels(count - len(clashing)), *clashing]


def test_labels_converted_on_a_pool_make_the_same_store_as_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[int] = []

    class Counted(ProcessPoolExecutor):
        def __init__(self, max_workers: int, **options: Any) -> None:
            started.append(max_workers)
            super().__init__(max_workers, **options)

    monkeypatch.setattr(pool_workers, "ProcessPoolExecutor", Counted)
    (tmp_path / "bulk.json").write_bytes(answer(*_clashing(12)))
    bundled = REPO / "data" / "monographs"
    reports = {}
    for workers in (1, 2):
        into = tmp_path / f"library-{workers}"
        kept = import_paths([tmp_path / "bulk.json"], into=into, bundled=bundled,
                            today="2026-01-01", workers=workers)  # fmt: skip
        reports[workers] = [(page.path, page.id, page.outcome) for page in kept.pages]
    assert started == [2]  # one pool, for the run with two workers
    assert reports[1] == reports[2] and len(reports[1]) == 12
    assert len({drug for _, drug, _ in reports[1]}) == 12  # clashing names got other ids
    assert _store_rows(tmp_path / "library-1") == _store_rows(tmp_path / "library-2")


def test_few_labels_are_converted_in_process(tmp_path: Path) -> None:
    found = [(Refused(f"r{number}", "bad-json", "x"), number) for number in range(3)]
    assert [tag for _, tag, _ in label_convert.attempts(found, "2026-01-01", workers=2)] == [
        0, 1, 2,
    ]  # fmt: skip


def test_the_pool_holds_a_bounded_number_of_documents_in_flight() -> None:
    pulled = 0

    def documents() -> Iterator[tuple[Refused, int]]:
        nonlocal pulled
        for number in range(100):
            pulled += 1
            yield Refused(f"r{number}", "bad-json", "x"), number

    ahead: list[int] = []
    tags: list[int] = []
    for _, tag, tried in label_convert.attempts(documents(), "2026-01-01", workers=2):
        ahead.append(pulled - len(tags))
        tags.append(tag)
        assert tried.code == "bad-json"
    assert tags == list(range(100))
    assert max(ahead) <= 2 * label_convert.IN_FLIGHT + 1


def _interrupt_put(monkeypatch: pytest.MonkeyPatch, at: int) -> Any:
    """Ctrl-C in the main process as it writes the *at*-th label; the real `put_rows` is
    returned."""
    put = stored.SqliteStore.put_rows
    calls = 0

    def interrupted(self: stored.SqliteStore, rows: LabelRows) -> None:
        nonlocal calls
        calls += 1
        if calls == at:
            raise KeyboardInterrupt
        put(self, rows)

    monkeypatch.setattr(stored.SqliteStore, "put_rows", interrupted)
    return put


def test_ctrl_c_with_the_pool_stops_the_workers_and_a_second_run_finishes(
    tmp_path: Path, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stored, "BATCH", 2)
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(12)))
    put = _interrupt_put(monkeypatch, at=3)
    bundled = REPO / "data" / "monographs"
    source = [tmp_path / "bulk.json"]
    with pytest.raises(KeyboardInterrupt):
        import_paths(source, into=user_library, bundled=bundled, workers=2)
    assert multiprocessing.active_children() == []  # the workers were stopped
    assert stored_ids(user_library) == ["zenta0mab", "zenta1mab"]  # the third: rolled back
    monkeypatch.setattr(stored.SqliteStore, "put_rows", put)
    report = import_paths(source, into=user_library, bundled=bundled, workers=2)
    assert [page.outcome for page in report.pages] == ["unchanged"] * 2 + ["imported"] * 10
    assert len(stored_ids(user_library)) == 12


def test_ctrl_c_in_the_import_command_with_the_pool_exits_130_and_streams_what_was_done(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(label_convert, "available_cpus", lambda: 2)
    _interrupt_put(monkeypatch, at=4)
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(10)))
    result = cli("import", str(tmp_path / "bulk.json"), "--json")
    assert result.exit_code == 130
    assert multiprocessing.active_children() == []
    # The entries of the labels done before Ctrl-C were written as they came.
    assert result.stdout.startswith('{\n  "pages": [\n')
    assert result.stdout.count('"outcome": "imported"') == 3


def test_a_piped_import_prints_the_summary_and_no_progress(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(10)))
    result = cli("import", str(tmp_path / "bulk.json"))
    assert result.exit_code == 0 and result.stdout.startswith("read 10 pages in ")
    assert "done," not in result.stderr and "importing" not in result.stderr
