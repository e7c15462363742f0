"""FDA label import: openFDA JSON and SPL XML in all forms, hostile input, show, side effects."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import msgspec
import pytest

from medcli.labels import sources
from medcli.labels.openfda import read_record
from medcli.labels.split import subsection_title
from tests.conftest import Cli
from tests.label_fixtures import (
    SET_ID,
    SPL_CLASSED_PRODUCT,
    answer,
    record,
    spl,
    stored,
    stored_ids,
    zipped,
)


def run_import(cli: Cli, *paths: Path) -> dict[str, Any]:
    result = cli("import", *map(str, paths), "--json")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def outcomes(report: dict[str, Any]) -> dict[str, str | None]:
    return {
        page["path"]: page["outcome"] + (f":{page['reason']}" if page["reason"] else "")
        for page in report["pages"]
    }


def test_api_answer_imports_as_a_valid_label_monograph(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    source = tmp_path / "BLA999001.json"
    source.write_bytes(answer(record()))
    report = run_import(cli, source)
    assert outcomes(report) == {"BLA999001.json#1": "imported"}
    page = report["pages"][0]
    assert page["coverage"] > 0.97
    monograph = stored(isolated_home / "monographs", "zentamab")
    label = monograph.label
    assert label is not None and label.set_id == SET_ID and label.version == "3"
    assert label.effective_time == "2024-01-15" and label.rx_otc == "rx"
    assert monograph.aliases == ["Zentaro"] and monograph.routes == ["intravenous"]
    titles = [(part.key, part.number, part.title) for part in label.sections]
    assert ("warnings", "5.1", "Glimmer Fever") in titles
    assert ("warnings", "5.2", "Neutropenia") in titles
    assert ("dosage", "2.1", "Recommended Dosage") in titles
    assert [part.title for part in label.other_sections] == ["Zen custom field"]
    dosage = next(part for part in label.sections if part.number == "2.1")
    assert dosage.tables[0].caption == "Table 1: Infusion Rates of Zentamab"
    assert "10 mL/hour" not in dosage.text and "Keep the bag cool." in dosage.text
    path = tmp_path / "zentamab.json"
    path.write_bytes(msgspec.json.encode(monograph))  # the stored monograph, as a file
    assert cli("validate", str(path)).exit_code == 0


def test_side_effects_from_tables_and_warnings(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    report = run_import(cli, tmp_path / "a.json")
    assert any("no percent column" in warning for warning in report["pages"][0]["warnings"])
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = {e["name"]: e for e in json.loads(result.stdout)["drugs"][0]["side_effects"]}
    fever = effects["Glimmer fever"]
    assert fever["frequency"] == "very_common" and fever["serious"] is True
    assert fever["section"] == "Boxed Warning; Warnings and precautions 5.1"
    assert fever["context"].startswith("Table 3")
    assert {
        "column": "Zentamab (N=100) All Grades (%)",
        "value": "42",
        "arm": "Zentamab (N=100)",
        "grade": "all",
        "patients": 100,
    } in fever["table_rates"]
    assert fever["category"] == "Blood disorders"
    assert effects["Neutropenia"]["frequency"] == "common" and effects["Neutropenia"]["serious"]
    assert effects["Wobble"]["frequency"] == "uncommon"
    assert effects["Blink rash"]["frequency"] == "uncommon"  # "<1": the highest band it allows
    assert effects["Sparkle loss"]["section"] == "Boxed Warning"
    assert effects["Sparkle loss"]["serious"] and effects["Sparkle loss"]["frequency"] == "unknown"
    serious = cli("side-effects", "zentaro", "--serious")
    assert "SERIOUS (from Warnings and precautions 5.2)" in " ".join(serious.stdout.split())


def test_show_label_header_boxed_warning_sections_and_tables(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    run_import(cli, tmp_path / "a.json")
    shown = cli("show", "zentaro")
    assert shown.exit_code == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].startswith("FDA label")
    assert f"Set id: {SET_ID}" in shown.stdout and "Version: 3" in shown.stdout
    assert "Effective: 2024-01-15" in shown.stdout and "prescription (Rx)" in shown.stdout
    assert shown.stdout.index("==== BOXED WARNING ====") < shown.stdout.index("INDICATIONS")
    assert "\x1b[" not in shown.stdout
    warnings = cli("show", "zentamab", "-s", "warnings")
    assert "5.1 Glimmer Fever" in warnings.stdout and "INDICATIONS" not in warnings.stdout
    for width in ("80", "40"):
        narrow = cli("--width", width, "show", "zentamab", "-s", "dosage")
        assert narrow.exit_code == 0 and "Table 1: Infusion Rates" in " ".join(
            narrow.stdout.split()
        )
        assert "Later" in narrow.stdout and "90 mL/hour" in narrow.stdout
        assert all(len(line) <= int(width) for line in narrow.stdout.splitlines())


def test_show_json_of_a_label_validates(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    run_import(cli, tmp_path / "a.json")
    for extra in ([], ["-s", "boxed-warning"]):
        out = tmp_path / "out.json"
        out.write_text(cli("show", "zentamab", "--json", *extra).stdout)
        checked = tmp_path / "zentamab.json"
        out.rename(checked)
        assert cli("validate", str(checked)).exit_code == 0


def test_list_search_and_dose_on_a_label(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    run_import(cli, tmp_path / "a.json")
    listing = json.loads(cli("list", "--json").stdout)["monographs"]
    mine = next(item for item in listing if item["id"] == "zentamab")
    assert mine["origin"] == "fda-label" and mine["library"] == "user"
    found = json.loads(cli("search", "sparkle", "--section", "warnings", "--json").stdout)
    assert [hit["id"] for hit in found["results"]] == ["zentamab"]
    dose = cli("dose", "zentamab", "--weight", "70")
    assert dose.exit_code == 1 and "show zentamab -s dosage" in dose.stderr


@pytest.mark.parametrize(
    "data",
    [
        json.dumps(record()).encode(),  # a bare record
        json.dumps([record()]).encode(),  # a list of records
        answer(record()),
    ],
)
def test_every_openfda_shape(cli: Cli, tmp_path: Path, data: bytes) -> None:
    (tmp_path / "label.txt").write_bytes(data)
    report = run_import(cli, tmp_path / "label.txt")
    assert report["summary"]["imported"] == 1


def test_bulk_file_zipped_and_truncated(cli: Cli, tmp_path: Path) -> None:
    records = [
        record(set_id=f"set-{n}", openfda={**record()["openfda"], "generic_name": [f"DRUG{n}"]})
        for n in range(5)
    ]
    (tmp_path / "bulk.json.zip").write_bytes(zipped({"bulk.json": answer(*records)}))
    report = run_import(cli, tmp_path / "bulk.json.zip")
    assert report["summary"]["imported"] == 5
    data = answer(*records)
    (tmp_path / "cut.json").write_bytes(data[: len(data) * 3 // 4])
    report = run_import(cli, tmp_path / "cut.json")
    assert report["summary"]["skipped_by_reason"] == {"truncated": 1}
    kept = report["summary"]
    assert kept["imported"] + kept["updated"] + kept["unchanged"] >= 2


def bulk_of(*records: bytes) -> bytes:
    return b'{"meta": {"results": {"total": 3}}, "results": [' + b", ".join(records) + b"]}"


def named(number: int, **fields: Any) -> bytes:
    openfda = {**record()["openfda"], "generic_name": [f"DRUG{number}"]}
    return json.dumps(record(set_id=f"set-{number}", openfda=openfda, **fields)).encode()


def test_a_record_that_is_no_json_ends_the_file_after_the_records_before(
    cli: Cli, tmp_path: Path
) -> None:
    tricky = named(2, description=['Text with "}, {" and "}]" and \\ and \u00e9 in it.'])
    data = bulk_of(named(1), tricky, b'{"set_id": tru}', named(3))
    (tmp_path / "bulk.json").write_bytes(data)
    report = run_import(cli, tmp_path / "bulk.json")
    assert outcomes(report) == {
        "bulk.json#1": "imported",
        "bulk.json#2": "imported",
        "bulk.json": "skipped:bad-json",
    }
    assert "JSON breaks off after 2 records" in report["pages"][-1]["detail"]


def test_a_record_full_of_braces_in_its_text_or_too_large_in_one_read(
    cli: Cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past 16 places that look like a record's end, its end is found bracket by bracket;
    a record over the limit is refused even when one read holds all of it."""
    braces = named(1, description=['A "}, {" and "}]" ' * 40])
    (tmp_path / "braces.json").write_bytes(bulk_of(braces, named(2)))
    report = run_import(cli, tmp_path / "braces.json")
    assert outcomes(report) == {"braces.json#1": "imported", "braces.json#2": "imported"}
    label = stored(isolated_home / "monographs", "drug1").label
    assert label is not None and '"}, {"' in str(label.sections)
    import medcli.labels.stream as stream

    monkeypatch.setattr(stream, "MAX_RECORD_BYTES", len(braces) - 1)
    (tmp_path / "large.json").write_bytes(bulk_of(named(3), braces, named(4)))
    report = run_import(cli, tmp_path / "large.json")
    assert outcomes(report) == {
        "large.json#1": "imported",
        "large.json#2": "skipped:too-large",
        "large.json#3": "imported",
    }


@pytest.mark.parametrize(
    ("ending", "reason"),
    [(b"]", "truncated"), (b"]}]", "bad-json"), (b"]} {}", "bad-json")],
    ids=["cut", "unmatched", "goes-on"],
)
def test_a_bulk_file_that_breaks_off_keeps_the_records_before(
    cli: Cli, tmp_path: Path, ending: bytes, reason: str
) -> None:
    data = b'{"meta": {}, "results": [' + named(1) + b", " + named(2) + ending
    (tmp_path / "bulk.json").write_bytes(data)
    report = run_import(cli, tmp_path / "bulk.json")
    assert outcomes(report) == {
        "bulk.json#1": "imported",
        "bulk.json#2": "imported",
        "bulk.json": f"skipped:{reason}",
    }
    assert "JSON breaks off after 2 records" in report["pages"][-1]["detail"]


def test_records_read_a_few_bytes_at_a_time_are_the_same_labels(
    cli: Cli, tmp_path: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Record boundaries, strings and the `results` key cut between reads change nothing."""
    (tmp_path / "bulk.json").write_bytes(bulk_of(named(1), named(2)))
    run_import(cli, tmp_path / "bulk.json")
    whole = stored(isolated_home / "monographs", "drug1")
    import medcli.labels.stream as stream

    monkeypatch.setattr(stream, "CHUNK", 3)
    (tmp_path / "again.json").write_bytes(bulk_of(named(1), named(2)))
    report = run_import(cli, tmp_path / "again.json")
    assert outcomes(report) == {"again.json#1": "unchanged", "again.json#2": "unchanged"}
    assert stored(isolated_home / "monographs", "drug1") == whole


def test_records_that_cannot_be_labels(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tmp_path = tmp_path / "in"
    tmp_path.mkdir()
    no_set = record()
    del no_set["set_id"]
    no_names = record(set_id="x-1")
    del no_names["openfda"]
    (tmp_path / "bad.json").write_bytes(answer(no_set, no_names))
    (tmp_path / "junk.json").write_bytes(b"\x00\x01\xffnot json at all")
    (tmp_path / "other.xml").write_bytes(b"<html><body>hi</body></html>")
    import medcli.labels.stream as stream

    monkeypatch.setattr(stream, "MAX_RECORD_BYTES", 200_000)
    huge = record(set_id="big", description=["word " * 200_000])
    (tmp_path / "huge.json").write_bytes(answer(huge, record()))
    result = cli("import", str(tmp_path))
    assert result.exit_code == 0
    report = run_import(cli, tmp_path)
    reasons = report["summary"]["skipped_by_reason"]
    assert reasons == {
        "no-openfda": 1, "no-set-id": 1, "not-a-label": 1, "too-large": 1, "unrecognised": 1
    }  # fmt: skip
    assert "skipped bad.json#1: no-set-id" in result.stdout


def test_spl_document_zip_and_zip_of_zips(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    (tmp_path / "one.xml").write_bytes(spl())
    inner = zipped({"label.xml": spl(set_id="s-2"), "image.jpg": b"\xff\xd8"})
    (tmp_path / "release.zip").write_bytes(zipped({"a.zip": inner}))
    report = run_import(cli, tmp_path)
    assert report["summary"]["imported"] == 2, report
    monograph = stored(isolated_home / "monographs", "zentamab")
    label = monograph.label
    assert (
        label is not None and label.format == "spl" and label.manufacturer == "Acme Invented Pharma"
    )
    assert label.application_numbers == ["NDA999002"] and monograph.routes == ["oral"]
    keys = [(part.key, part.number, part.title) for part in label.sections]
    assert ("warnings", "5.1", "Sparkle Loss") in keys
    adverse = next(part for part in label.sections if part.key == "adverse-reactions")
    assert adverse.tables[0].caption is not None and "More text after the table." in adverse.text
    indications = next(part for part in label.sections if part.key == "indications")
    assert "• first line\n• second line" in indications.text
    assert any(
        e.serious and e.section == "Warnings and precautions 5.1" for e in monograph.side_effects
    )


def test_spl_pharm_classes_are_kept_as_openfda_gives_them(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    (tmp_path / "classed.xml").write_bytes(spl(product=SPL_CLASSED_PRODUCT))
    assert run_import(cli, tmp_path)["summary"]["imported"] == 1
    monograph = stored(isolated_home / "monographs", "zentamab")
    assert monograph.label is not None
    assert monograph.label.pharm_classes == [
        "Sparkle Blocker [EPC]",
        "Cytochrome P450 2D6 Inhibitors [MoA]",
    ]
    assert monograph.drug_class == "Sparkle Blocker"


def test_two_labels_of_one_drug_and_a_bundled_name_stay_apart(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record()))
    other = record(set_id="other-maker", openfda={**record()["openfda"], "brand_name": ["Zenta"]})
    (tmp_path / "b.json").write_bytes(answer(other))
    bundled = record(
        set_id="isa",
        openfda={**record()["openfda"], "generic_name": ["ISATUXIMAB"], "brand_name": ["Sarclisa"]},
    )
    (tmp_path / "c.json").write_bytes(answer(bundled))
    report = run_import(cli, tmp_path)
    assert sorted(page["id"] for page in report["pages"]) == ["sarclisa", "zenta", "zentamab"]
    assert "FDA label" in cli("show", "sarclisa").stdout.splitlines()[0]
    assert "FDA label" not in cli("show", "isatuximab").stdout.splitlines()[0]
    again = run_import(cli, tmp_path)
    assert again["summary"]["unchanged"] == 3


def test_an_older_version_is_kept_beside_a_newer_never_instead(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "new.json").write_bytes(answer(record(version="5")))
    (tmp_path / "old.json").write_bytes(answer(record(version="4")))
    report = run_import(cli, tmp_path)
    assert outcomes(report) == {"new.json#1": "imported", "old.json#1": "imported"}
    older = next(page for page in report["pages"] if page["path"] == "old.json#1")
    assert older["detail"] == "an older version, kept beside version 5, which is shown"
    assert json.loads(cli("show", "zentamab", "--json").stdout)["label"]["version"] == "5"


def test_hostile_xml_and_zips(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;">]>'
        b'<document xmlns="urn:hl7-org:v3"><title>&b;</title></document>'
    )
    external = (
        b'<?xml version="1.0"?><!DOCTYPE document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<document xmlns="urn:hl7-org:v3"><title>&x;</title></document>'
    )
    (tmp_path / "laughs.xml").write_bytes(laughs)
    (tmp_path / "external.xml").write_bytes(external)
    (tmp_path / "empty.xml").write_bytes(spl(sections="", title=""))
    (tmp_path / "broken.xml").write_bytes(spl()[:-40])
    unknown = b'<?xml version="1.0" encoding="UT8"?><document xmlns="urn:hl7-org:v3"/>'
    (tmp_path / "encoding.xml").write_bytes(unknown)
    (tmp_path / "traversal.zip").write_bytes(zipped({"../../escaped.json": answer(record())}))
    (tmp_path / "bomb.zip").write_bytes(zipped({"bomb.json": b"{" + b" " * (8 << 20) + b"}"}))
    report = run_import(cli, tmp_path)
    assert report["summary"]["skipped_by_reason"] == {
        "bad-xml": 4, "no-sections": 1, "unsafe-name": 1, "zip-bomb": 1
    }  # fmt: skip
    assert not (tmp_path.parent / "escaped.json").exists()
    assert not list(isolated_home.rglob("*.json"))
    assert not stored_ids(isolated_home / "monographs")


def test_subsection_titles_end_before_the_first_sentence() -> None:
    assert subsection_title("Second Primary Malignancies The incidence is up")[0] == (
        "Second Primary Malignancies"
    )
    assert subsection_title("Preparation Prepare the bag")[0] == "Preparation"
    assert subsection_title("Pediatric Use Safety and effectiveness")[0] == "Pediatric Use"
    assert subsection_title("Infusion-Related Reactions: stop")[0] == "Infusion-Related Reactions"


def test_fields_openfda_repeats_inside_their_parent_are_kept_once() -> None:
    repeated = record(
        use_in_specific_populations=["8 USE IN SPECIFIC POPULATIONS 8.1 Pregnancy Avoid it."],
        pregnancy=["8.1 Pregnancy Avoid it."],
    )
    label = read_record(repeated).label
    assert [part.title for part in label.sections if part.key == "specific-populations"] == [
        "USE IN SPECIFIC POPULATIONS",
        "Pregnancy",
    ]


def test_a_zip_member_is_read_without_extracting(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(zipped({"dir/label.xml": spl()}))
    with zipfile.ZipFile(path) as archive:
        assert archive.namelist() == ["dir/label.xml"]
    found = list(sources.from_file(path, "x.zip"))
    assert [type(item).__name__ for item in found] == ["Document"]
    assert not (tmp_path / "dir").exists()


def test_completion_offers_label_ids_and_brand_names(cli: Cli, tmp_path: Path) -> None:
    import typer

    from medcli.cli import app
    from medcli.cli.commands.options import complete_drug_names

    (tmp_path / "a.json").write_bytes(answer(record()))
    run_import(cli, tmp_path / "a.json")
    group = typer.main.get_command(app)
    root = group.make_context("medcli", ["show"], resilient_parsing=True)
    assert complete_drug_names(root, "zent") == ["zentamab", "zentaro"]  # type: ignore[arg-type]
