"""Each imported label version keeps the document it was converted from (`sources`).

The monograph is what this medcli made of a label; the document is what the label
says. Every import keeps it (openFDA JSON, SPL, a DailyMed zip), `remove` takes it
away with the label, and a label held from before documents were kept gets its
document the next time it is imported, even unchanged.
"""

from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any

from medcli.library.folders import STORE_FILE
from tests.conftest import Cli
from tests.label_fixtures import SET_ID, answer, later_version, record, spl, zipped

OTHER_SET = "1a1a1a1a-2222-3333-4444-555566667777"


def _other() -> dict[str, Any]:
    """Another invented drug, under its own set id."""
    return record(
        set_id=OTHER_SET,
        id="other-version-1",
        openfda={**record()["openfda"], "generic_name": ["BRIGHTAMAB"], "brand_name": ["Brighto"]},
    )


def _sources(folder: Path) -> dict[tuple[str, str | None], tuple[str, str, bytes]]:
    """(set id, version) → (format, where it was read, the document's bytes)."""
    with sqlite3.connect(folder / STORE_FILE) as db:
        return {
            (set_id, version): (kind, shown, zlib.decompress(data))
            for set_id, version, kind, shown, data in db.execute(
                "SELECT set_id, version, format, shown, data FROM sources"
            )
        }


def test_an_openfda_import_keeps_every_version_s_record(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    records = [later_version(), record(), _other()]
    (tmp_path / "bulk.json").write_bytes(answer(*records))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    kept = _sources(user_library)
    assert set(kept) == {(SET_ID, "4"), (SET_ID, "3"), (OTHER_SET, "3")}
    for number, data in enumerate(records, 1):
        kind, shown, document = kept[(data["set_id"], data["version"])]
        assert (kind, shown) == ("json", f"bulk.json#{number}")
        assert json.loads(document) == data


def test_spl_documents_and_dailymed_zips_keep_the_xml_as_it_was(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    xml, zipped_xml = spl(set_id="s-1"), spl(set_id="s-2", version="5")
    (tmp_path / "label.xml").write_bytes(xml)
    (tmp_path / "release.zip").write_bytes(zipped({"a.zip": zipped({"l.xml": zipped_xml})}))
    result = cli("import", str(tmp_path / "label.xml"), str(tmp_path / "release.zip"))
    assert result.exit_code == 0, result.stderr
    kept = _sources(user_library)
    assert kept[("s-1", "2")] == ("spl", "label.xml", xml)
    assert kept[("s-2", "5")][0::2] == ("spl", zipped_xml)


def test_remove_takes_the_label_s_documents_and_no_other(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(record(), later_version(), _other()))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    assert cli("remove", "zentamab").exit_code == 0
    assert set(_sources(user_library)) == {(OTHER_SET, "3")}


def test_a_label_held_without_its_document_keeps_it_when_imported_again_unchanged(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    with sqlite3.connect(user_library / STORE_FILE) as db:  # as a layout-1 import left it
        db.execute("DELETE FROM sources")
    again = cli("import", str(tmp_path / "bulk.json"), "--json")
    assert json.loads(again.stdout)["pages"][0]["outcome"] == "unchanged"
    assert set(_sources(user_library)) == {(SET_ID, "3")}


def test_a_dry_run_keeps_no_document(cli: Cli, tmp_path: Path, user_library: Path) -> None:
    (tmp_path / "bulk.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    with sqlite3.connect(user_library / STORE_FILE) as db:
        db.execute("DELETE FROM sources")
    assert cli("import", str(tmp_path / "bulk.json"), "--dry-run").exit_code == 0
    assert _sources(user_library) == {}


def test_replaced_and_removed_labels_leave_no_searchable_text_behind(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    """`docs` keeps no text, so a row is deleted by naming its terms: a wrong text would
    leave them behind under a rowid no label has, counted by `search` totals."""
    from tests.conftest import searchable_rows

    (tmp_path / "bulk.json").write_bytes(answer(record(), _other()))
    assert cli("import", str(tmp_path / "bulk.json")).exit_code == 0
    (tmp_path / "newer.json").write_bytes(answer(later_version()))
    assert cli("import", str(tmp_path / "newer.json")).exit_code == 0  # replaces version 3
    with sqlite3.connect(user_library / STORE_FILE) as db:
        indexed = {row[1] for row in searchable_rows(db)}
        labels = {row[0] for row in db.execute("SELECT rowid FROM labels")}
    assert indexed == labels and len(labels) == 2
    assert cli("remove", "zentamab").exit_code == 0
    with sqlite3.connect(user_library / STORE_FILE) as db:
        indexed = {row[1] for row in searchable_rows(db)}
        labels = {row[0] for row in db.execute("SELECT rowid FROM labels")}
    assert indexed == labels and len(labels) == 1
    found = json.loads(cli("search", "glimmer", "--json").stdout)
    assert found["total"] == 1
