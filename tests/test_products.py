"""Products, not files: labels sharing an application answer a name with the holder's
current label, whatever the import order; other products sharing it stay an ambiguity;
one history across a change of set id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli
from tests.label_fixtures import answer, later_version, record, repackaged_spl, spl, stored_ids

HOLDER_SET = "9a9a9a9a-0000-1111-2222-333344445555"
LABELS = {
    "holder.xml": spl(set_id=HOLDER_SET, version="2"),  # effective 2023-07-04
    "repack-a.xml": repackaged_spl("Quill Invented Repack", "7b7b7b7b-0000-0000-0000-00000000000a"),
    "repack-b.xml": repackaged_spl(
        "Lumen Invented Relabel", "7b7b7b7b-0000-0000-0000-00000000000b", effective="20250101"
    ),
}


def _import(cli: Cli, folder: Path, order: list[str]) -> None:
    folder.mkdir()
    for name in order:
        (folder / name).write_bytes(LABELS[name])
        assert cli("import", str(folder / name)).exit_code == 0


def _answers(cli: Cli) -> dict[str, str]:
    """Which label (set id) each name and command gives."""
    found = {}
    for name in ("zentaro", "zentamab", "Zentaro"):
        shown = cli("show", name, "--json")
        assert shown.exit_code == 0, shown.stderr
        found[f"show {name}"] = json.loads(shown.stdout)["label"]["set_id"]
        effects = cli("side-effects", name, "--json")
        assert effects.exit_code == 0, effects.stderr
        found[f"side-effects {name}"] = json.loads(effects.stdout)["drugs"][0]["drug"]
    hits = json.loads(cli("search", "zentaro", "--json").stdout)["results"]
    found["search"] = ",".join(hit["id"] for hit in hits)
    return found


def test_the_holders_label_answers_for_the_product_whatever_the_import_order(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []
    for number, order in enumerate(
        (
            ["repack-b.xml", "holder.xml", "repack-a.xml"],
            ["holder.xml", "repack-a.xml", "repack-b.xml"],
        )
    ):
        home = tmp_path / f"home-{number}"
        monkeypatch.setenv("MEDCLI_HOME", str(home))
        _import(cli, tmp_path / f"in-{number}", order)
        seen.append((stored_ids(home / "monographs"), _answers(cli)))
    assert seen[0] == seen[1]  # the same ids, the same answers
    ids, answers = seen[0]
    assert ids == ["zentamab", "zentamab-lumen-invented-relabel", "zentamab-quill-invented-repack"]
    assert {answers[f"show {name}"] for name in ("zentaro", "zentamab", "Zentaro")} == {HOLDER_SET}
    assert answers["side-effects zentaro"] == "zentamab"  # not the newer repackager label
    assert answers["search"] == "zentamab"  # one hit per product: its holder's label


def test_the_answer_lists_the_products_other_labels(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path / "in", ["repack-a.xml", "repack-b.xml", "holder.xml"])
    for args in (("show", "zentaro"), ("show", "zentaro", "--json")):
        result = cli(*args)
        assert result.exit_code == 0
        note = " ".join(result.stderr.split())
        assert "also: 2 repackager labels (zentamab-lumen-invented-relabel," in note
    dose = cli("dose", "zentaro", "-w", "70")  # the holder's label, which has no regimen
    assert "medcli show zentamab -s dosage" in " ".join(dose.stderr.split())
    exact = cli("show", "zentamab-quill-invented-repack", "--json")  # a label's own id: that label
    assert json.loads(exact.stdout)["label"]["manufacturer"] == "Quill Invented Repack"


def test_a_name_of_two_products_is_ambiguous_and_each_is_described(
    cli: Cli, tmp_path: Path
) -> None:
    other = record(
        set_id="1c1c1c1c-0000-0000-0000-000000000001",
        id="other-version",
        effective_time="20220202",
        openfda={**record()["openfda"], "manufacturer_name": ["Bolt Invented Labs"],
                 "application_number": ["ANDA999777"], "brand_name": ["Zentavo"]},
    )  # fmt: skip
    (tmp_path / "both.json").write_bytes(answer(record(), other))
    assert cli("import", str(tmp_path / "both.json")).exit_code == 0
    result = cli("show", "zentamab")
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    message = " ".join(result.stderr.split())
    assert "'zentamab' names 2 different products" in message
    assert (
        "0f0e0d0c-1111-2222-3333-444455556666: zentamab [Zentaro] (Acme Invented Pharma,"
        " BLA999001, effective 2024-01-15)" in message
    )
    assert (
        "1c1c1c1c-0000-0000-0000-000000000001: zentavo [Zentavo] (Bolt Invented Labs,"
        " ANDA999777, effective 2022-02-02)" in message
    )
    chosen = cli("show", "1c1c1c1c-0000-0000-0000-000000000001", "--json")  # by its set id
    assert json.loads(chosen.stdout)["label"]["manufacturer"] == "Bolt Invented Labs"
    assert json.loads(cli("show", "Zentavo", "--json").stdout)["id"] == "zentavo"


NEW_SET = "2d2d2d2d-0000-0000-0000-000000000002"


def _moved(cli: Cli, tmp_path: Path) -> None:
    """Zentamab's application BLA999001 moved from Acme (set id SET_ID, version 3) to Bolt
    under a new set id, whose version 1 is the label of version 4's text."""
    moved = later_version(
        set_id=NEW_SET,
        version="1",
        id="bbbb0000-0000-0000-0000-000000000001",
        openfda={**record()["openfda"], "manufacturer_name": ["Bolt Invented Labs"]},
    )
    (tmp_path / "new.json").write_bytes(answer(moved))
    (tmp_path / "old.json").write_bytes(answer(record()))
    for name in ("new.json", "old.json"):
        assert cli("import", str(tmp_path / name)).exit_code == 0


def test_diff_compares_across_a_change_of_set_id_within_one_application(
    cli: Cli, tmp_path: Path
) -> None:
    _moved(cli, tmp_path)
    shown = cli("show", "zentamab", "--json")
    assert json.loads(shown.stdout)["label"]["set_id"] == NEW_SET
    assert "1 earlier label under set id 0f0e0d0c-1111-2222-3333-444455556666" in " ".join(
        shown.stderr.split()
    )
    for args in ((), ("--from", "3", "--to", "1"), ("--from", "2024-01-15", "--to", "2024-06-10")):
        result = cli("diff", "zentamab", *args, "--json")
        assert result.exit_code == 0, result.stderr
        document = json.loads(result.stdout)
        assert (document["from"]["version"], document["to"]["version"]) == ("3", "1")
        assert document["summary"]["changed"] > 0 and document["message"] is None
    listed = json.loads(cli("list", "--versions", "zentamab", "--json").stdout)["versions"]
    assert [(v["version"], v["effective_time"], v["newest"]) for v in listed] == [
        ("1", "2024-06-10", True), ("3", "2024-01-15", False)
    ]  # fmt: skip
    older = json.loads(cli("show", "zentamab", "--label-version", "3", "--json").stdout)
    assert older["label"]["set_id"] == "0f0e0d0c-1111-2222-3333-444455556666"
    missing = cli("diff", "zentamab", "--from", "9")
    assert missing.exit_code == 2 and "versions kept: 1 (2024-06-10), 3 (2024-01-15)" in " ".join(
        missing.stderr.split()
    )


def test_openfdas_is_original_packager_false_marks_a_repackager(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = {**record()["openfda"], "is_original_packager": [True]}
    holder = record(openfda=names)
    repack = record(
        set_id="6a6a6a6a-0000-0000-0000-000000000001",
        id="repack-version",
        effective_time="20250505",  # newer than the holder's 2024-01-15
        openfda={**names, "manufacturer_name": ["Quill Invented Repack"],
                 "is_original_packager": [False]},
    )  # fmt: skip
    seen = []
    for number, labels in enumerate(((holder, repack), (repack, holder))):
        monkeypatch.setenv("MEDCLI_HOME", str(tmp_path / f"home-{number}"))
        (tmp_path / f"bulk-{number}.json").write_bytes(answer(*labels))
        assert cli("import", str(tmp_path / f"bulk-{number}.json")).exit_code == 0
        shown = cli("show", "zentaro", "--json")
        note = " ".join(shown.stderr.split())
        assert "also: 1 repackager label (zentamab-quill-invented-repack)" in note
        label = json.loads(shown.stdout)["label"]
        seen.append((stored_ids(tmp_path / f"home-{number}" / "monographs"), label))
    assert seen[0] == seen[1]
    assert seen[0][0] == ["zentamab", "zentamab-quill-invented-repack"]
    assert seen[0][1]["manufacturer"] == "Acme Invented Pharma"


def test_remove_by_a_products_name_removes_nothing_and_names_each_label(
    cli: Cli, tmp_path: Path
) -> None:
    _import(cli, tmp_path / "in", ["holder.xml", "repack-a.xml"])
    refused = cli("remove", "zentaro")
    assert refused.exit_code == 2 and "Traceback" not in refused.stderr
    message = " ".join(refused.stderr.split())
    assert "'zentaro' names 2 labels of one product; remove takes one label, by its set id" in (
        message
    )
    assert stored_ids(tmp_path / "medcli-home" / "monographs") == [
        "zentamab", "zentamab-quill-invented-repack"
    ]  # fmt: skip
    assert cli("remove", "7b7b7b7b-0000-0000-0000-00000000000a").exit_code == 0
    assert stored_ids(tmp_path / "medcli-home" / "monographs") == ["zentamab"]


def _listed(cli: Cli) -> dict[str, tuple[str | None, str | None, str | None]]:
    """Each stored label's (set id, product, role) as `list --json` gives them."""
    listed = json.loads(cli("list", "--origin", "fda-label", "--json").stdout)["monographs"]
    return {item["id"]: (item["set_id"], item["product"], item["role"]) for item in listed}


def test_list_json_gives_each_labels_set_id_product_and_role(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path / "in", ["repack-a.xml", "holder.xml", "repack-b.xml"])
    assert _listed(cli) == {
        "zentamab": (HOLDER_SET, "zentamab", "holder"),
        "zentamab-lumen-invented-relabel": (
            "7b7b7b7b-0000-0000-0000-00000000000b", "zentamab", "repackager"
        ),
        "zentamab-quill-invented-repack": (
            "7b7b7b7b-0000-0000-0000-00000000000a", "zentamab", "repackager"
        ),
    }  # fmt: skip
    text = " ".join(cli("list", "--origin", "fda-label").stdout.split())
    assert "effective 2024-03-01, repackager label of zentamab]" in text
    assert "effective 2023-07-04]" in text  # the holder's label: nothing more to say
    files = json.loads(cli("list", "--origin", "bundled", "--json").stdout)["monographs"]
    assert [(item["set_id"], item["product"], item["role"]) for item in files] == [
        (None, None, None)
    ]


def test_list_json_names_the_earlier_label_of_a_set_id_move(cli: Cli, tmp_path: Path) -> None:
    _moved(cli, tmp_path)
    roles = {set_id: (product, role) for set_id, product, role in _listed(cli).values()}
    current = json.loads(cli("show", "zentamab", "--json").stdout)["id"]
    assert roles == {
        NEW_SET: (current, "holder"),
        "0f0e0d0c-1111-2222-3333-444455556666": (current, "earlier"),
    }


def test_the_mcp_show_answer_carries_the_also_facts(cli: Cli, tmp_path: Path) -> None:
    from mcp import Client

    from tests.test_mcp import document, in_process, texts

    _import(cli, tmp_path / "in", ["holder.xml", "repack-a.xml"])
    expected = json.loads(cli("show", "zentaro", "--json").stdout)
    found: list[dict[str, object]] = []

    async def session(client: Client) -> None:
        result = await client.call_tool("show_monograph", {"drug": "zentaro"})
        assert document(result) == expected  # the monograph contract, unchanged
        found.append(json.loads(texts(result)[1])["provenance"]["product"])
        alone = await client.call_tool("show_monograph", {"drug": "isatuximab"})
        found.append(json.loads(texts(alone)[1])["provenance"]["product"])

    in_process(session)
    assert found == [
        {
            "current": "zentamab",
            "set_id": HOLDER_SET,
            "application": "NDA999002",
            "also": [
                {
                    "id": "zentamab-quill-invented-repack",
                    "set_id": "7b7b7b7b-0000-0000-0000-00000000000a",
                    "role": "repackager",
                    "manufacturer": "Quill Invented Repack",
                    "effective_time": "2024-03-01",
                }
            ],
        },
        None,
    ]


def _old_version_2() -> dict[str, object]:
    return record(version="2", id="aaaa0000-bbbb-cccc-dddd-eeeeffff0002", effective_time="20230301")


def test_ids_after_a_set_id_move_do_not_depend_on_the_import_order(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = later_version(
        set_id=NEW_SET,
        version="1",
        id="bbbb0000-0000-0000-0000-000000000001",
        openfda={**record()["openfda"], "manufacturer_name": ["Bolt Invented Labs"]},
    )
    (tmp_path / "new.json").write_bytes(answer(moved))
    (tmp_path / "old.json").write_bytes(answer(_old_version_2()))
    (tmp_path / "old-newer.json").write_bytes(answer(record()))  # version 3 of the old set
    seen = []
    for number, order in enumerate(
        (
            ["new.json", "old.json", "old-newer.json"],
            ["old.json", "old-newer.json", "new.json"],
            ["old.json", "new.json", "old-newer.json"],
        )
    ):
        monkeypatch.setenv("MEDCLI_HOME", str(tmp_path / f"home-{number}"))
        for name in order:
            imported = cli("import", str(tmp_path / name))
            assert imported.exit_code == 0, imported.stderr
        listed = json.loads(cli("list", "--json").stdout)["monographs"]
        versions = json.loads(cli("list", "--versions", "zentamab", "--json").stdout)["versions"]
        shown = json.loads(cli("show", "zentaro", "--json").stdout)
        seen.append(
            (
                [{key: item[key] for key in item if key != "path"} for item in listed],
                [(v["version"], v["effective_time"]) for v in versions],
                shown["id"],
                shown["label"]["set_id"],
            )
        )
    assert seen[0] == seen[1] == seen[2]
    listed, versions, shown_id, shown_set = seen[0]
    labels = {item["id"]: (item["set_id"], item["role"]) for item in listed if item["set_id"]}
    assert labels == {
        "zentamab": (NEW_SET, "holder"),  # the current label takes the id both would take
        "zentaro": ("0f0e0d0c-1111-2222-3333-444455556666", "earlier"),
    }
    assert (shown_id, shown_set) == ("zentamab", NEW_SET)
    assert versions == [("1", "2024-06-10"), ("3", "2024-01-15"), ("2", "2023-03-01")]


def test_a_moved_label_keeps_its_versions_and_the_import_says_where_it_went(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "old.json").write_bytes(answer(_old_version_2()))
    (tmp_path / "old-newer.json").write_bytes(answer(record()))
    moved = later_version(
        set_id=NEW_SET, version="1", id="bbbb0000-0000-0000-0000-000000000001",
        openfda={**record()["openfda"], "manufacturer_name": ["Bolt Invented Labs"]},
    )  # fmt: skip
    (tmp_path / "new.json").write_bytes(answer(moved))
    for name in ("old.json", "old-newer.json"):
        assert cli("import", str(tmp_path / name)).exit_code == 0
    report = json.loads(cli("import", str(tmp_path / "new.json"), "--json").stdout)["pages"][0]
    assert report["id"] == "zentamab"
    assert (
        "zentamab goes to the product's current label; the label of set id"
        " 0f0e0d0c-1111-2222-3333-444455556666 it held is now filed under zentaro"
    ) in report["warnings"]
    old = json.loads(cli("show", "zentaro", "--label-version", "2", "--json").stdout)
    assert (old["id"], old["label"]["version"]) == ("zentaro", "2")
    again = cli("import", str(tmp_path / "old-newer.json"), "--json")  # now under zentaro
    assert json.loads(again.stdout)["pages"][0]["outcome"] == "unchanged"


def test_a_read_only_store_of_before_the_products_table_still_answers_by_product(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from medcli.library import stored

    _import(cli, tmp_path / "in", ["repack-a.xml", "holder.xml"])
    with sqlite3.connect(tmp_path / "medcli-home" / "monographs" / "labels.sqlite") as db:
        db.execute("DROP TABLE products")
        db.execute("DELETE FROM meta WHERE key IN ('derived:products', 'shape:products')")
    monkeypatch.setattr(stored, "_writable", lambda path: False)
    shown = cli("show", "zentaro", "--json")
    assert shown.exit_code == 0 and json.loads(shown.stdout)["label"]["set_id"] == HOLDER_SET
    assert "also: 1 repackager label (zentamab-quill-invented-repack)" in " ".join(
        shown.stderr.split()
    )
    listed = cli("list", "--origin", "fda-label", "--json")
    assert listed.exit_code == 0
    assert {item["role"] for item in json.loads(listed.stdout)["monographs"]} == {None}


def test_a_label_without_an_effective_date_is_not_the_products_current_label() -> None:
    from medcli.library.products import Identity, products

    def label(drug: str, effective: str | None) -> Identity:
        return Identity(drug, f"set-{drug}", "1", effective, "Zentaro", "Acme Invented Pharma",
                        "BLA999001", False, frozenset({"zentaro"}))  # fmt: skip

    (product,) = products([label("undated", None), label("dated", "2020-01-01")])
    assert product.chosen.id == "dated" and product.role(product.others[0]) == "earlier"


def test_three_holder_labels_of_one_product_take_the_same_ids_in_every_order(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from itertools import permutations

    def holder(number: int, maker: str, effective: str) -> dict[str, object]:
        openfda = {**record()["openfda"], "manufacturer_name": [maker]}
        return record(set_id=f"4e4e4e4e-0000-0000-0000-00000000000{number}",
                      id=f"4e4e0000-0000-0000-0000-00000000000{number}",
                      effective_time=effective, openfda=openfda)  # fmt: skip

    labels = {
        "oldest.json": holder(1, "Cobalt Invented Co", "20210101"),
        "middle.json": holder(2, "Acme Invented Pharma", "20220202"),
        "newest.json": holder(3, "Bolt Invented Labs", "20230303"),
    }
    for name, data in labels.items():
        (tmp_path / name).write_bytes(answer(data))
    seen = []
    for number, order in enumerate(permutations(labels)):
        monkeypatch.setenv("MEDCLI_HOME", str(tmp_path / f"home-{number}"))
        for name in order:
            assert cli("import", str(tmp_path / name)).exit_code == 0
        listed = json.loads(cli("list", "--origin", "fda-label", "--json").stdout)["monographs"]
        seen.append([(item["id"], item["set_id"], item["role"]) for item in listed])
    assert all(ids == seen[0] for ids in seen), seen
    assert seen[0] == [
        ("zentamab", "4e4e4e4e-0000-0000-0000-000000000003", "holder"),
        ("zentamab-cobalt-invented-co", "4e4e4e4e-0000-0000-0000-000000000001", "earlier"),
        ("zentaro", "4e4e4e4e-0000-0000-0000-000000000002", "earlier"),
    ]  # ranked newest first, each takes the first id left by those ranked before it


def test_a_newer_version_that_makes_a_label_current_takes_the_id_with_its_versions(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    moved = later_version(
        set_id=NEW_SET, version="1", id="bbbb0000-0000-0000-0000-000000000001",
        openfda={**record()["openfda"], "manufacturer_name": ["Bolt Invented Labs"]},
    )  # fmt: skip
    newest = record(
        version="5", id="aaaa0000-bbbb-cccc-dddd-eeeeffff0005", effective_time="20250101"
    )
    files = {"new.json": moved, "old.json": record(), "old-5.json": newest}
    for name, data in files.items():
        (tmp_path / name).write_bytes(answer(data))
    seen = []
    for number, order in enumerate(
        (["new.json", "old.json", "old-5.json"], ["old.json", "old-5.json", "new.json"])
    ):
        monkeypatch.setenv("MEDCLI_HOME", str(tmp_path / f"home-{number}"))
        for name in order:
            assert cli("import", str(tmp_path / name)).exit_code == 0
        listed = json.loads(cli("list", "--origin", "fda-label", "--json").stdout)["monographs"]
        kept = json.loads(cli("list", "--versions", "zentaro", "--json").stdout)["versions"]
        seen.append(
            (
                [(item["id"], item["set_id"], item["version"], item["role"]) for item in listed],
                [(version["version"], version["newest"]) for version in kept],
            )
        )
    assert seen[0] == seen[1]
    assert seen[0][0] == [
        ("zentamab", "0f0e0d0c-1111-2222-3333-444455556666", "5", "holder"),
        ("zentaro", NEW_SET, "1", "earlier"),
    ]
    assert seen[0][1] == [("5", True), ("1", False), ("3", False)]  # one history, by date
