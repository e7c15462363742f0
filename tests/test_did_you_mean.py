"""A "did you mean" over every name of the library: files and imported labels alike, and at
any store size a bounded look, not a scan."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from medcli.errors import NotFoundError
from medcli.library.environment import Environment
from medcli.library.label_source import NEIGHBOURS, SAME_START
from medcli.library.merged import Library
from tests.conftest import Cli
from tests.label_fixtures import answer, record

FILLER = 30_000  # name keys added to the store: far more than a miss may read


def _import_zentamab(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "zen.json"
    path.write_bytes(answer(record()))
    assert cli("import", str(path)).exit_code == 0


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("zentarro", "zentamab"),  # the brand, misspelled
        ("zentamb", "zentamab"),  # the generic name
        ("Zentaroo", "zentamab"),
        ("isatuximb", "isatuximab"),  # a bundled file's name, with a label store present
    ],
)
def test_a_misspelled_name_suggests_the_label_or_file(
    cli: Cli, tmp_path: Path, typed: str, meant: str
) -> None:
    _import_zentamab(cli, tmp_path)
    for command in (("show", typed), ("side-effects", typed), ("dose", typed, "--weight", "70")):
        result = cli(*command)
        assert result.exit_code == 1 and result.stdout == ""
        assert result.stderr == (
            f"medcli: error: no drug named {typed!r} (did you mean: {meant}?)\n"
        ), command


def test_a_miss_in_a_big_store_is_one_bounded_query(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    _import_zentamab(cli, tmp_path)
    store = isolated_home / "monographs" / "labels.sqlite"
    with sqlite3.connect(store) as db:
        rowid = db.execute("SELECT rowid FROM labels").fetchone()[0]
        db.executemany(
            "INSERT INTO names (key, label) VALUES (?, ?)",
            [(f"{chr(97 + n % 26)}filler{n:06d}", rowid) for n in range(FILLER)],
        )
    library = Library(Environment(home=isolated_home))
    [labels] = library.label_stores()
    db = labels.db
    statements: list[str] = []
    db.set_trace_callback(statements.append)
    with pytest.raises(NotFoundError) as raised:
        library.resolve("zentarro")
    assert raised.value.hint == "did you mean: zentamab?"
    on_names = [s for s in statements if "FROM names" in s]
    assert len(on_names) == 2, on_names  # the lookup (exact or prefix), then the suggestion
    plan = " ".join(str(row) for row in db.execute("EXPLAIN QUERY PLAN " + on_names[1]))
    assert "names_key" in plan and "SCAN names" not in plan, plan
    for typed in ("zentarro", "zfiller", "mfiller0100"):  # each in a crowd of 30,000 keys
        assert NEIGHBOURS <= len(labels.close_names(typed)) <= 2 * NEIGHBOURS + SAME_START


def test_a_label_whose_generic_name_repeats_the_brand_is_found_by_its_substance(
    cli: Cli, tmp_path: Path
) -> None:
    names = {"brand_name": ["GLARIVO"], "generic_name": ["GLARIVO"]}
    openfda = {**record()["openfda"], **names, "substance_name": ["GLARITIDE SODIUM"]}
    path = tmp_path / "glarivo.json"
    path.write_bytes(answer(record(set_id="2f2e2d2c-0000-0000-0000-000000000001", openfda=openfda)))
    assert cli("import", str(path)).exit_code == 0
    shown = cli("show", "glaritide sodium", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout)["aliases"] == ["Glaritide sodium"]
    assert cli("show", "Glaritide").exit_code == 0  # a unique prefix, as for every name
    typo = cli("show", "glaritide sodum")
    assert typo.exit_code == 1
    assert "did you mean: glarivo?" in typo.stderr


def test_a_combinations_substances_are_its_parts_not_its_names(cli: Cli, tmp_path: Path) -> None:
    names = {"brand_name": ["DUOMAB"], "generic_name": ["DUOMAB"]}
    openfda = {**record()["openfda"], **names, "substance_name": ["ALPHAMAB", "BETAMAB"]}
    path = tmp_path / "duomab.json"
    path.write_bytes(answer(record(set_id="2f2e2d2c-0000-0000-0000-000000000002", openfda=openfda)))
    assert cli("import", str(path)).exit_code == 0
    assert cli("show", "alphamab").exit_code == 1
