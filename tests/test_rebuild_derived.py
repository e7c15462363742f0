"""Derived rows rebuilt fast, and still safe: what the effects rebuild reads and skips.

A rebuild of the side-effect rows reads a kept monograph only up to its label
and skips the text gate on the way in (`medcli.library.kept_effects`); the rows
must be the import's (`tests/test_store_migrations.py`), and text a store kept
from before the gate must still reach the reader clean, through the output gate.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest

from medcli.library import derived
from medcli.library.folders import STORE_FILE
from medcli.library.kept_effects import EffectsPart, before_label
from medcli.model import Monograph
from tests.conftest import Cli, searchable_rows
from tests.label_fixtures import answer, numbered_labels

ESCAPES = "\\u001b[2J\\u001b]8;;http://x.example\\u0007\\u202e"  # as JSON text holds them


@pytest.fixture
def store(cli: Cli, tmp_path: Path, user_library: Path) -> Path:
    (tmp_path / "bulk.json").write_bytes(answer(*numbered_labels(3)))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    return user_library / STORE_FILE


def _made_by_other_code(path: Path, group: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute(
            "UPDATE meta SET value = 1 WHERE key IN (?, ?)", (f"derived:{group}", f"shape:{group}")
        )


def _kept_from_before_the_gate(path: Path, drug_id: str, clean: str, before: str = "") -> int:
    """The kept monograph of *drug_id* with control sequences before the first *clean* (that
    follows *before*), as a store written before the text gate may hold it; its rowid."""
    with sqlite3.connect(path) as db:
        rowid, data = db.execute(
            "SELECT rowid, data FROM labels WHERE id = ?", (drug_id,)
        ).fetchone()
        text = zlib.decompress(data)
        dirty = text.replace(f"{before}{clean}".encode(), f"{before}{ESCAPES}{clean}".encode(), 1)
        assert dirty != text
        db.execute("UPDATE labels SET data = ? WHERE rowid = ?", (zlib.compress(dirty), rowid))
    return int(rowid)


def _clean(shown: str) -> bool:
    return not {"\x1b", "\x07", "\u202e"} & set(shown) and "\\u001b" not in shown


def test_effect_rows_read_only_fields_the_monograph_writes_before_its_label() -> None:
    order = Monograph.__struct_fields__
    assert order[-1] == "label"
    assert set(EffectsPart.__struct_fields__) < set(order)


def test_a_store_holding_text_from_before_the_gate_still_shows_it_clean(
    cli: Cli, store: Path
) -> None:
    with sqlite3.connect(store) as db:
        data = db.execute("SELECT data FROM labels WHERE id = 'zenta1mab'").fetchone()[0]
    name = json.loads(zlib.decompress(data))["side_effects"][0]["name"]
    rowid = _kept_from_before_the_gate(store, "zenta1mab", name, '"name":"')
    _made_by_other_code(store, "effects")
    for command in (("side-effects", "zenta1mab"), ("side-effects", "zenta1mab", "--json")):
        result = cli(*command)
        assert result.exit_code == 0 and name in result.stdout
        assert _clean(result.stdout), command
    with sqlite3.connect(store) as db:  # the rows hold it as kept: the output gate cleaned it
        kept = db.execute("SELECT data FROM effects WHERE label = ?", (rowid,)).fetchall()
    assert any(b"\x1b[2J" in data for (data,) in kept)


def test_a_label_kept_from_before_the_gate_is_searched_clean_and_removed_whole(
    cli: Cli, store: Path
) -> None:
    """Its searchable text is made and deleted from the same kept bytes: a contentless
    `docs` row deleted by another text would leave its terms behind."""
    rowid = _kept_from_before_the_gate(store, "zenta1mab", "glimmer")
    _made_by_other_code(store, "docs")
    found = cli("search", "glimmer", "--json")
    assert found.exit_code == 0 and _clean(found.stdout)
    assert "zenta1mab" in {hit["id"] for hit in json.loads(found.stdout)["results"]}
    with sqlite3.connect(store) as db:  # the rebuild's own FTS5 settings went with it
        assert dict(db.execute("SELECT k, v FROM docs_config")) == {"version": 4}
    assert cli("remove", "zenta1mab").exit_code == 0
    with sqlite3.connect(store) as db:
        assert rowid not in {row[1] for row in searchable_rows(db)}


def test_label_text_that_looks_like_the_label_key_is_not_where_the_reading_stops() -> None:
    monograph = Monograph(schema_version=1, id="zenta", name='Zenta ,"label":{ "label":{')
    data = msgspec.json.encode(monograph)
    assert before_label(zlib.compress(data)) == data  # no label: read whole


@pytest.mark.parametrize("step", [1, 7, 16_384])
def test_the_label_is_found_across_the_steps_of_inflating(
    step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("medcli.library.kept_effects.STEP", step)
    head = b'{"schema_version":1,"id":"zenta","name":"Zenta","sources":[]'
    data = head + b',"label":{"format":"openfda","set_id":"x"}}'
    assert before_label(zlib.compress(data)) == head + b"}"


def test_the_effects_group_is_made_from_the_part_before_the_label(store: Path) -> None:
    with sqlite3.connect(store) as db:
        rows = db.execute("SELECT id, title, aliases, data FROM labels ORDER BY rowid").fetchall()
    for drug_id, title, aliases, data in rows:
        whole = derived.made_again(derived.GROUPS, drug_id, title, aliases, data)
        alone = derived.made_again((derived.EFFECTS,), drug_id, title, aliases, data)
        assert alone.effects and (alone.effects, alone.context) == (whole.effects, whole.context)


@pytest.mark.parametrize(
    ("changed", "rebuilt"),
    [
        ("library/kept_effects.py", {"effects"}),
        ("library/index/effects.py", {"effects"}),
        ("search.py", {"docs"}),
        ("labels/markup.py", {"docs"}),  # `table_words`: the text of label tables
        ("library/products.py", {"products"}),
        ("interactions/passages.py", {"mentions"}),
    ],
)
def test_an_upgrade_of_one_group_s_code_rebuilds_that_group_alone(
    cli: Cli, store: Path, monkeypatch: pytest.MonkeyPatch, changed: str, rebuilt: set[str]
) -> None:
    """The docs group (FTS5 tokenising, the costliest) is not remade for an effects change."""
    from medcli.library import fingerprint
    from medcli.library.files import read_regular_file as read

    def upgraded(path: Path, limit: int) -> bytes:
        content = read(path, limit)
        return content + b"\nCHANGED = 1\n" if path.as_posix().endswith(changed) else content

    monkeypatch.setattr(fingerprint, "read_regular_file", upgraded)
    derived.group_fingerprint.cache_clear()
    derived.group_shape.cache_clear()
    made: list[str] = []
    make = derived.derived_rows

    def watched(label: Any, monograph: Any, groups: Any) -> derived.DerivedRows:
        made.extend(group.name for group in groups)
        return make(label, monograph, groups)

    monkeypatch.setattr(derived, "derived_rows", watched)
    try:
        assert cli("show", "zenta2mab").exit_code == 0
    finally:
        derived.group_fingerprint.cache_clear()
        derived.group_shape.cache_clear()
    assert set(made) == rebuilt and len(made) == 3  # three labels, each once


def test_a_kept_monograph_not_cut_where_expected_is_read_whole(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should the label key ever be met inside another field, the cut JSON does not decode
    and the whole monograph is read: the same rows, never fewer."""
    with sqlite3.connect(store) as db:
        row = db.execute(
            "SELECT id, title, aliases, data FROM labels WHERE id = 'zenta1mab'"
        ).fetchone()
    expected = derived.made_again((derived.EFFECTS,), *row)
    assert zlib.decompress(row[3]).index(b',"frequency":') < zlib.decompress(row[3]).index(
        b',"label":{'
    )
    monkeypatch.setattr("medcli.library.kept_effects.LABEL_KEY", b',"frequency":')  # in an effect
    assert derived.made_again((derived.EFFECTS,), *row) == expected
