"""`medcli diff`: what changed between two versions of a label, checked by its own RMC."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from medcli.labels.diff import (
    comparable,
    diff_labels,
    formatting_free,
    sentences,
    word_changes,
)
from medcli.labels.openfda import read_record
from medcli.library.environment import Environment
from medcli.library.merged import Library
from medcli.library.versions import compare
from medcli.model import Label
from medcli.render.diff import diff_view
from tests.conftest import REPO, Cli
from tests.label_fixtures import (
    CONTRAINDICATIONS,
    answer,
    later_version,
    record,
    reformatted,
    renumbered,
)

HISTORY = REPO.parent / "shared" / "labels" / "openfda-history.tar.gz"


def _label(data: dict[str, Any]) -> Label:
    return read_record(data).label


def _import(cli: Cli, tmp_path: Path, *records: dict[str, Any]) -> None:
    for number, data in enumerate(records):
        path = tmp_path / f"v{number}.json"
        path.write_bytes(answer(data))
        assert cli("import", str(path)).exit_code == 0


def _section(document: dict[str, Any], number: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in document["sections"] if s["number"] == number)
    return found


def test_the_diff_shows_what_changed_section_by_section(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record(), later_version())
    document = json.loads(cli("diff", "zentamab", "--json").stdout)
    assert (document["from"]["version"], document["to"]["version"]) == ("3", "4")
    indications = _section(document, "1")
    assert indications["status"] == "changed"
    assert [c["change"] for c in indications["changes"]] == ["added"]
    assert "grey mood disorder" in indications["changes"][0]["new"]
    dose = _section(document, "2.1")["changes"]
    assert [(c["change"], c["old"], c["new"]) for c in dose] == [
        ("changed", "The dose is 7 mg/kg every week.", "The dose is 8 mg/kg every week.")
    ]
    assert [w for w in dose[0]["words"] if w["change"] != "same"] == [
        {"change": "removed", "text": "7"},
        {"change": "added", "text": "8"},
    ]
    table = _section(document, "2.1")["tables"][0]
    assert table["status"] == "changed" and table["unchanged_rows"] == 3
    assert table["rows"] == [
        {"change": "added", "old": None, "new": ["Fourth infusion", "50 mL/hour", "90 mL/hour"]}
    ]
    dimming = _section(document, "5.2")
    assert dimming["status"] == "added" and dimming["title"] == "Dimming"
    neutropenia = _section(document, "5.3")  # was 5.2: the same section, renumbered
    assert (neutropenia["status"], neutropenia["old_number"]) == ("unchanged", "5.2")
    assert _section(document, "5.1")["status"] == "unchanged"  # its (6.1) reference is kept
    assert _section(document, "2")["status"] == "unchanged"
    # Added: Recent Major Changes (version 3 had none) and 5.2; changed: 1, 2.1 and 5.
    assert document["summary"] == {"added": 2, "removed": 0, "changed": 3, "unchanged": 8}


def test_recent_major_changes_come_first_and_are_checked(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record(), later_version())
    rmc = json.loads(cli("diff", "zentaro", "--json").stdout)["recent_major_changes"]
    found = [
        (e["sections"], e["new_sections"], e["changed"], e["not_changed"]) for e in rmc["entries"]
    ]
    assert found == [
        (["1"], ["1"], ["1"], []),
        (["2.1"], ["2.1"], ["2.1"], []),
        (["5.2"], ["5.2"], ["5.2"], []),
    ]
    assert (rmc["listed"], rmc["found_changed"]) == (3, 3)
    assert rmc["unlisted"] == []  # section 5's summary line changed with its listed 5.2
    text = cli("diff", "zentaro").stdout
    assert text.index("Recent Major Changes of version 4") < text.index("1 INDICATIONS")
    assert "Listed sections found changed: 3 of 3" in text


def test_the_text_view_marks_changes_so_they_survive_a_pipe(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _import(cli, tmp_path, record(), later_version())
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "40")
    text = cli("diff", "zentamab", "--from", "3", "--to", "4").stdout
    assert "\x1b[" not in text
    assert "~ The dose is [-7-] {+8+} mg/kg every" in text
    assert "+ Dimming was seen in 3% of patients" in text
    assert "+ Fourth infusion | 50 mL/hour | 90" in text
    assert "= 5.3 Neutropenia: unchanged (1" in text and "was 5.2)" in text
    assert max(len(line) for line in text.splitlines()) <= 40


def test_colour_terminals_get_green_and_red_as_well(
    cli: Cli, tmp_path: Path, environment: Environment
) -> None:
    _import(cli, tmp_path, record(), later_version())
    console = Console(file=io.StringIO(), force_terminal=True, color_system="standard", width=80)
    console.print(*diff_view(compare(Library(environment), "zentamab")))
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[32m{+8+}" in text and "\x1b[31m[-7-]" in text


def test_section_limits_the_diff(cli: Cli, tmp_path: Path) -> None:
    _import(cli, tmp_path, record(), later_version())
    by_key = json.loads(cli("diff", "zentamab", "-s", "dosage", "--json").stdout)
    assert {s["key"] for s in by_key["sections"]} == {"dosage"}
    by_number = json.loads(cli("diff", "zentamab", "--section", "5", "--json").stdout)
    assert [s["number"] for s in by_number["sections"]] == ["5", "5.1", "5.2", "5.3"]
    assert by_number["recent_major_changes"]["listed"] == 3  # the check is of the whole label
    bad = cli("diff", "zentamab", "-s", "dosing")
    assert (
        bad.exit_code == 2 and "unknown section 'dosing'; accepted: a section number" in bad.stderr
    )
    missing = cli("diff", "zentamab", "-s", "9.1")
    assert missing.exit_code == 2 and "sections: 1, 2, 2.1, 5" in missing.stderr


def test_a_renumbering_alone_changes_no_section(cli: Cli, tmp_path: Path) -> None:
    bumped = renumbered(record(), "5")
    document = diff_labels(_label(record()), _label(bumped))
    moved = [s for s in document.sections if s.old_number != s.number]
    assert [(s.old_number, s.number) for s in moved] == [("6", "7"), ("6.1", "7.1")]
    assert document.summary.changed == 0 and document.summary.unchanged == 11
    raw = diff_labels(_label(record()), _label(bumped), normalise=False)
    assert raw.summary.changed == 1  # 5.1's "(6.1)" reference: what normalising puts aside
    _import(cli, tmp_path, record(), bumped)
    assert "Sections: 0 changed, 0 added, 0 removed" in cli("diff", "zentamab").stdout


def test_a_formatting_only_version_changes_no_section(cli: Cli, tmp_path: Path) -> None:
    """Bullets (•, ●, -), lines re-flowed, doubled spaces, commas for semicolons."""
    old = record(contraindications=[CONTRAINDICATIONS])
    new = reformatted(old, "4")
    document = diff_labels(_label(old), _label(new))
    assert document.summary.changed == 0 and document.summary.added == 0
    assert document.summary.removed == 0 and document.summary.unchanged == 12
    raw = diff_labels(_label(old), _label(new), normalise=False)
    assert [s.key for s in raw.sections if s.status == "changed"] == ["contraindications"]
    _import(cli, tmp_path, old, new)
    assert "Sections: 0 changed, 0 added, 0 removed" in cli("diff", "zentamab").stdout


def test_a_word_changed_beside_a_new_bullet_still_shows(cli: Cli, tmp_path: Path) -> None:
    old = record(contraindications=[CONTRAINDICATIONS])
    new = reformatted(old, "4")
    text = new["contraindications"][0]
    new["contraindications"] = [text.replace("● severe dullness", "● mild dullness")]
    _import(cli, tmp_path, old, new)
    document = json.loads(cli("diff", "zentamab", "--json").stdout)
    changed = [s for s in document["sections"] if s["status"] != "unchanged"]
    assert [s["key"] for s in changed] == ["contraindications"]
    assert [(c["change"], c["old"], c["new"]) for c in changed[0]["changes"]] == [
        ("changed", "severe dullness.", "● mild dullness")
    ]
    assert [w for w in changed[0]["changes"][0]["words"] if w["change"] != "same"] == [
        {"change": "removed", "text": "severe"},
        {"change": "added", "text": "mild"},
    ]
    view = cli("diff", "zentamab").stdout
    assert "~ [-severe-] {+mild+} dullness" in view and "{+•+}" not in view


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("• Sparkle allergy;", "Sparkle allergy"),
        ("●  a history of  glimmer fever,", "a history of glimmer fever"),
        ("- Store cold.", "Store cold"),
        ("* Store cold:", "Store cold"),
        ("▪ Take 2 - 4 mg · daily.", "Take 2 - 4 mg daily"),
        ("Give 0.5 mg·kg, 1,000 mg", "Give 0.5 mg·kg 1,000 mg"),
        ("•", ""),
    ],
)
def test_formatting_free_keeps_words_and_numbers(sentence: str, expected: str) -> None:
    assert formatting_free(sentence) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "One dose. ( 2.1 ) Two doses, e.g. three. Four.",
            ["One dose. ( 2.1 )", "Two doses, e.g. three.", "Four."],
        ),
        ("A first line\n\nA second; and more.", ["A first line", "A second;", "and more."]),
    ],
)
def test_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


def test_comparable_puts_section_and_table_numbers_aside() -> None:
    assert comparable("See Table 3 [see Warnings and Precautions (5.3)]. ( 5.1 , 5.2 )") == (
        "See Table # [see Warnings and Precautions (§)]. (§)"
    )
    assert comparable("Take 2 tablets (10 mg) daily (1)") == "Take 2 tablets (10 mg) daily (1)"
    assert [w.change for w in word_changes("a b c", "a x c")] == [
        "same",
        "removed",
        "added",
        "same",
    ]


def test_bad_input(cli: Cli, tmp_path: Path) -> None:
    bundled = cli("diff", "isatuximab")
    assert bundled.exit_code == 1
    assert "isatuximab is not an imported FDA label, so it has no label versions" in bundled.stderr
    _import(cli, tmp_path, record())
    unknown = cli("diff", "isatuximob")
    assert unknown.exit_code == 1 and "did you mean: isatuximab?" in unknown.stderr
    one = cli("diff", "zentamab")
    assert one.exit_code == 0
    assert "only one version of zentamab is in the library (version 3): nothing to compare" in (
        one.stdout
    )
    document = json.loads(cli("diff", "zentamab", "--json").stdout)
    assert document["from"] is None and document["sections"] == [] and document["message"]
    _import(cli, tmp_path, record(), later_version())
    missing = cli("diff", "zentamab", "--from", "2")
    assert missing.exit_code == 2
    assert "no version 2 of zentamab in the library; versions kept: 4 (2024-06-10), 3" in (
        missing.stderr
    )
    oldest = cli("diff", "zentamab", "--to", "2024-01-15")
    assert "no version of zentamab older than version 3: nothing to compare" in oldest.stdout
    same = cli("diff", "zentamab", "--from", "4", "--to", "4")
    assert same.exit_code == 0 and "compared with itself: nothing to compare" in same.stdout
    assert "Traceback" not in missing.stderr + unknown.stderr


@pytest.mark.skipif(not HISTORY.exists(), reason="needs ../shared/labels")
def test_sarclisa_3_to_4_adds_isa_kd(cli: Cli, tmp_path: Path) -> None:
    with tarfile.open(HISTORY) as archive:
        for name in ("20210323-v3.json", "20210401-v4.json"):
            member = archive.getmember(f"history/BLA761113/{name}")
            archive.extract(member, tmp_path, filter="data")
    assert cli("import", str(tmp_path / "history")).exit_code == 0
    document = json.loads(cli("diff", "sarclisa", "--from", "3", "--to", "4", "--json").stdout)
    indications = _section(document, "1")["changes"]
    assert any(
        c["change"] == "added" and "carfilzomib and dexamethasone" in c["new"] for c in indications
    )
    dosing = _section(document, "2.1")["changes"]
    assert any("carfilzomib" in (c["new"] or "") for c in dosing)
    rmc = document["recent_major_changes"]
    assert (rmc["listed"], rmc["found_changed"]) == (7, 7)  # 5.1 (3/2021) was in v3's list too
    assert {n for e in rmc["entries"] for n in e["changed"]} == {
        "1", "2.1", "2.2", "2.5", "5.1", "5.2", "5.3", "5.4"
    }  # fmt: skip
