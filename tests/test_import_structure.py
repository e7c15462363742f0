"""Every side effect a page names becomes an entry: prose, components, sub-labels, cues.

The fixture pages (tests/fixtures/pages, invented drugs) each show one way the
corpus writes side effects that used to end up in the note or in extra_sections;
their exact monographs are checked by test_import_mapping.py, the meaning here.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from medcli.importer.coverage import structure_coverage
from medcli.importer.enumerations import Listed, enumeration, list_items, sentences
from medcli.importer.mapping import map_page
from medcli.importer.parse import parse_page
from medcli.model import Monograph
from tests.conftest import REPO, Cli

PAGES = REPO / "tests" / "fixtures" / "pages"
TODAY = "2026-01-01"


def imported(name: str) -> Monograph:
    page = parse_page((PAGES / f"{name}.md").read_text(encoding="utf-8"))
    return map_page(page, drug_id=name, path=f"{name}.md", today=TODAY).monograph


def effects(monograph: Monograph) -> list[tuple[str, str, bool]]:
    return [(e.name, e.frequency, e.serious) for e in monograph.side_effects]


def test_sentences_and_inline_lists_become_separate_effects_with_their_labels_tier() -> None:
    monograph = imported("prose-lists")
    assert effects(monograph) == [
        ("Sleepiness", "common", False),
        ("A dry throat", "common", False),
        ("Hiccups", "rare", False),  # "in rare cases" is the entry's own cue
        ("Wheezing", "uncommon", True),
        ("Swollen ankles", "uncommon", True),
        ("Fainting", "uncommon", True),
        ("Low sodium", "unknown", True),
        ("Gallstones", "unknown", True),
        ("Yawning", "unknown", False),
        ("Chills", "unknown", False),
        ("A bitter taste", "unknown", False),
        ("Itchy palms", "unknown", False),
        ("Pale stools", "unknown", False),
        ("Tingling", "rare", False),
        ("Flushing", "rare", False),
    ]
    by_name = {e.name: e for e in monograph.side_effects}
    assert by_name["Hiccups"].description == "in rare cases"
    assert by_name["Swollen ankles"].description == "with long use"
    assert by_name["Low sodium"].description == "confusion, cramps"
    note = monograph.side_effects_note or ""
    # What is left in the note is advice and remarks, not a list of effects.
    assert "Tell your prescriber about any of them at once." in note
    assert "The syrup can sting a sore mouth." in note
    for name in by_name:
        assert name.casefold() not in note.casefold()


def test_a_page_written_drug_by_drug_fills_the_fields_with_the_component_named() -> None:
    monograph = imported("per-component")
    assert [(e.name, e.description) for e in monograph.side_effects] == [
        ("Headache", "Fictimab"),
        ("Thirst", "Fictimab"),
        ("Fainting", "Fictimab"),
        ("Sleepiness", "Placebotin"),
        ("A dry mouth", "Placebotin"),
        ("Yawning", "Placebotin"),
    ]
    assert monograph.side_effects[2].serious and monograph.side_effects[2].frequency == "rare"
    assert monograph.usage == (
        "Fictimab: Fictimab eases invented aches.\n\nPlacebotin: Placebotin calms invented nerves."
    )
    assert monograph.dosage == "Fictimab: One tablet a day.\n\nPlacebotin: Two drops at night."
    assert monograph.mechanism == "Fictimab: It blocks an invented receptor."
    assert [note.title for note in monograph.precautions] == ["Fictimab: Note"]
    # FAQ labels and headings with qualifiers and colons are FAQs wherever they stand.
    assert [faq.question for faq in monograph.faqs] == [
        "Does Placebotin work fast?",
        "Can I take both at night?",
        "Can I fly with them?",
    ]
    assert "Combined Use of Fictimab and Placebotin" in {n.title for n in monograph.extra_sections}


def test_sub_labels_become_the_category_of_every_effect_they_list() -> None:
    monograph = imported("sub-labels")
    assert [(e.name, e.description) for e in monograph.side_effects] == [
        ("Facial flushing", "Cardiovascular"),
        ("Ankle swelling", "Cardiovascular: mild"),
        ("Sleepiness", "Nervous system"),
        ("Dizziness", "Nervous system"),
        ("Headache", "Nervous system"),
        ("Wheezing", "Breathing problems"),
        ("Chest tightness", "Breathing problems: rare"),
        ("Coughing up blood", "Breathing problems"),
        ("Fever", "Other"),
        ("Fishy burps", "Omega Fictol"),
        ("Loose stools", "Omega Fictol"),
    ]
    # A component's name is never an effect's name; its remarks stay under its name.
    assert monograph.side_effects_note == (
        "Omega Fictol: Generally well tolerated; high doses may cause …\n\n"
        "Zincotin: Generally well tolerated."
    )


def test_seriousness_comes_from_the_nearest_cue_never_from_a_remark_about_some() -> None:
    monograph = imported("seriousness-cues")
    assert effects(monograph) == [
        ("Tiredness", "common", False),  # "some serious …" in the sentence before
        ("Chills", "common", False),
        ("Seizures", "rare", True),  # "(rare but serious)"
        ("Soreness where the needle went in", "common", False),  # "range from mild to severe"
        ("Hair thinning", "unknown", False),
        ("Blurred vision", "unknown", True),  # "– potentially fatal if ignored"
    ]


def test_structure_coverage_counts_the_side_effect_words_held_by_entries() -> None:
    for name, expected in (("per-component", 1.0), ("prose-side-effects", 0.0)):
        page = parse_page((PAGES / f"{name}.md").read_text(encoding="utf-8"))
        mapped = map_page(page, drug_id=name, path="x", today=TODAY)
        found = structure_coverage(page, mapped.labels, mapped.monograph, mapped.copies)
        assert found.ratio == expected
    page = parse_page((PAGES / "extra-sections.md").read_text(encoding="utf-8"))
    mapped = map_page(page, drug_id="x", path="x", today=TODAY)
    assert structure_coverage(page, mapped.labels, mapped.monograph).ratio is None


def test_an_enumeration_is_cut_into_intro_items_and_rest() -> None:
    found = enumeration("Common side effects may include nausea, a rash and, rarely, fainting.")
    assert found is not None
    assert found.intro == "Common side effects may include"
    assert found.items == (Listed("nausea"), Listed("a rash"), Listed("fainting", "rarely"))
    assert found.connectors == ("and",)
    tailed = enumeration("Rash and hives are possible, though rare.")
    assert tailed is not None and [item.text for item in tailed.items] == ["Rash", "hives"]
    assert tailed.rest == "are possible, though rare."
    assert enumeration("Riboflavin is usually well tolerated.") is None
    assert enumeration("Stinging at the site.") is None
    assert enumeration("Stinging at the site.", single=True) is not None
    assert enumeration("None known.", single=True) is None


def test_list_items_stop_at_a_clause_and_at_and_others() -> None:
    assert list_items("headache if you stand up fast") is None
    remark = list_items("headache, which passes quickly")
    assert remark is not None and remark[0] == (Listed("headache – which passes quickly"),)
    found = list_items("nausea, dizziness, and various other effects")
    assert found is not None
    assert [item.text for item in found[0]] == ["nausea", "dizziness"]
    assert found[2] == "and various other effects"


def test_sentences_are_not_cut_inside_brackets() -> None:
    assert sentences("Rash (mild. Rare.) may occur. Tell a doctor.") == [
        "Rash (mild. Rare.) may occur.",
        "Tell a doctor.",
    ]


def test_an_import_can_say_where_its_pages_come_from(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(PAGES / "standard.md", folder / "fictimab.md")
    note = "RxHive-style site, downloaded 2026-01-01"
    result = cli("import", str(folder), "--source-note", note, "--ai-generated", "--json")
    assert result.exit_code == 0, result.stderr
    shown = cli("show", "fictimab")
    header = " ".join(shown.stdout.split()[:80])
    assert "Includes AI-generated or crowd-sourced text" in header
    assert f"Note: {note}" in header
    document = json.loads(cli("show", "fictimab", "--json").stdout)
    (source,) = document["sources"]
    assert (source["note"], source["ai_generated"]) == (note, True)


def test_the_import_summary_reports_structure_coverage(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    shutil.copy(PAGES / "per-component.md", folder / "pair.md")
    document = json.loads(cli("import", str(folder), "--json").stdout)
    assert document["summary"]["structure_coverage"]["overall"] == 1.0
    assert document["pages"][0]["structure_coverage"] == 1.0
    text = cli("import", str(folder), "--dry-run").stdout
    assert "structure coverage 100%" in " ".join(text.split())
