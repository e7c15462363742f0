"""The importer's core: Markdown pages → monographs, field by field, word for word.

Fixture pages in tests/fixtures/pages are written for these tests (invented drugs);
each has its exact expected monograph in tests/fixtures/pages/expected.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medcli.importer.blocks import Item, ListBlock, Paragraph, Span
from medcli.importer.coverage import body_words, measure
from medcli.importer.faqs import map_faqs
from medcli.importer.headings import classify
from medcli.importer.mapping import components_of, map_page
from medcli.importer.names import names_in
from medcli.importer.parse import PageError, decode_page, parse_page, split_front_matter
from medcli.importer.precautions import map_precautions
from medcli.importer.run import Job, convert, slug_id
from medcli.importer.side_effects import (
    effect,
    effects_from_text,
    read_group,
    split_effect_list,
)
from medcli.importer.words import words
from medcli.importer.writer import to_yaml
from medcli.library.loader import load_monograph
from medcli.model import Monograph, SideEffect
from tests.conftest import ISATUXIMAB, REPO

PAGES = REPO / "tests" / "fixtures" / "pages"
EXPECTED = PAGES / "expected"
SEED = REPO.parent / "shared" / "seed" / "isatuximab.md"
TODAY = "2026-01-01"
FIXTURES = sorted(path.stem for path in PAGES.glob("*.md"))


def imported(name: str) -> Monograph:
    path = PAGES / f"{name}.md"
    page = parse_page(path.read_text(encoding="utf-8"))
    return map_page(page, drug_id=name, path=path.name, today=TODAY).monograph


@pytest.mark.parametrize("name", FIXTURES)
def test_each_fixture_page_gives_exactly_its_expected_monograph(name: str) -> None:
    converted = convert(Job(str(PAGES / f"{name}.md"), f"{name}.md"), TODAY)
    assert converted.skip is None
    assert converted.data == (EXPECTED / f"{name}.yaml").read_bytes()


@pytest.mark.parametrize("name", FIXTURES)
def test_each_written_monograph_validates_and_loads_back_unchanged(
    name: str, tmp_path: Path
) -> None:
    monograph = imported(name)
    path = tmp_path / f"{name}.yaml"
    path.write_bytes(to_yaml(monograph))
    assert load_monograph(path, expected_id=name) == monograph


@pytest.mark.parametrize("name", FIXTURES)
def test_every_word_of_every_fixture_page_is_kept(name: str) -> None:
    converted = convert(Job(str(PAGES / f"{name}.md"), f"{name}.md"), TODAY)
    assert converted.coverage is not None
    assert converted.coverage.missing == ()
    assert converted.coverage.ratio == 1.0


def test_the_standard_page_maps_sections_tiers_and_seriousness() -> None:
    monograph = imported("standard")
    assert monograph.name == "Fictimab"
    assert monograph.usage is not None and monograph.usage.startswith("Fictimab is a made-up")
    assert [(e.name, e.frequency, e.serious) for e in monograph.side_effects] == [
        ("Headache", "very_common", False),
        ("Hypertension", "very_common", False),
        ("Dry mouth", "very_common", False),
        ("Dizziness", "common", False),
        ("Rash", "common", False),
        ("Anaphylaxis", "rare", True),
    ]
    assert monograph.side_effects[1].description == "high blood pressure"
    assert monograph.side_effects_note == "If you notice any side effect, tell your prescriber."
    assert [note.title for note in monograph.precautions] == ["Pregnancy", "Driving"]
    assert [faq.question for faq in monograph.faqs] == [
        "Can I take Fictimab with food?",
        "What if I miss a dose?",
    ]
    assert monograph.disclaimer == "This page is a test fixture and not medical advice."
    assert monograph.provenance is not None
    assert monograph.provenance.kind == "imported"
    assert monograph.provenance.description == "Imported from standard.md"
    (source,) = monograph.sources
    assert (source.id, source.kind, source.path, source.ai_generated) == (
        "page",
        "page",
        "standard.md",
        False,
    )
    assert {effect.source for effect in monograph.side_effects} == {"page"}


def test_a_page_calling_itself_ai_generated_says_so_in_its_source() -> None:
    monograph = imported("ai-note")
    assert monograph.sources[0].ai_generated is True
    assert monograph.disclaimer is not None and "AI-generated" in monograph.disclaimer


def test_combination_pages_list_their_components_and_keep_component_sections() -> None:
    monograph = imported("combination")
    assert monograph.components == ["Fictimab", "Placebotin"]
    assert [(e.name, e.description) for e in monograph.side_effects] == [
        ("Headache", "Fictimab"),
        ("Thirst", "Placebotin"),
        ("Sleepiness", "Placebotin"),
    ]
    assert [note.title for note in monograph.extra_sections] == ["Fictimab", "Placebotin"]


def test_unknown_and_repeated_sections_go_to_extra_sections_verbatim() -> None:
    monograph = imported("extra-sections")
    assert monograph.usage == "Extranol is an invented tonic."
    assert [(note.title, note.text) for note in monograph.extra_sections] == [
        ("Overview", "Extranol is described here before any heading."),
        ("Storage", "Keep below 25 °C, away from light."),
        ("Interactions", "- Grapefruit: may raise levels.\n- Alcohol: avoid."),
        ("Usage", "A second usage section, which should not overwrite the first."),
    ]


# --- the seed page against the curated monograph ---------------------------------


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not present")
def test_the_seed_page_agrees_with_the_curated_monograph() -> None:
    page = parse_page(SEED.read_text(encoding="utf-8"))
    ours = map_page(page, drug_id="isatuximab", path="isatuximab.md", today=TODAY).monograph
    curated = load_monograph(ISATUXIMAB, expected_id="isatuximab")

    def effects(monograph: Monograph) -> list[tuple[str, str, bool]]:
        return [(e.name, e.frequency, e.serious) for e in monograph.side_effects]

    seed_effects = [e for e in curated.side_effects if e.source == "seed"]
    assert [e.name for e in ours.side_effects] == [e.name for e in seed_effects]
    # A seed effect the label gives rates for takes the label's tier and seriousness;
    # one it gives none for keeps the seed's, as the importer reads them.
    unrated = {e.name for e in seed_effects if not e.rates}
    assert [t for t in effects(ours) if t[0] in unrated] == [
        (e.name, e.frequency, e.serious) for e in seed_effects if not e.rates
    ]
    assert all(e.also_sources for e in seed_effects if e.rates)
    assert len(ours.faqs) == len([faq for faq in curated.faqs if faq.source == "seed"])
    less_common = [e for e in ours.side_effects if e.serious]
    assert {(e.frequency, e.frequency_note) for e in less_common} == {("unknown", "less common")}


# --- headings ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "field", "rest"),
    [
        ("Usage", "usage", ""),
        ("Usage:", "usage", ""),
        ("Side Effects (Individual Components)", "side_effects", ""),
        ("Generic Name (Not Applicable)", "generic", ""),
        ("How it Works", "mechanism", ""),
        ("FAQs (Combined Use)", "faqs", ""),
        ("Usage: An invented use.", "usage", "An invented use."),
    ],
)
def test_headings_that_name_a_field(title: str, field: str, rest: str) -> None:
    match = classify(title)
    assert match is not None
    assert (match.field, match.rest) == (field, rest)


@pytest.mark.parametrize(
    ("title", "kept"),
    [
        ("Usage (Outdated)", "(Outdated)"),
        ("FAQs (Combined Use)", "(Combined Use)"),
        ("Usage (Individual Drugs)", None),
        ("Dosage (Not Applicable)", None),
    ],
)
def test_only_qualifiers_that_say_nothing_are_structure(title: str, kept: str | None) -> None:
    match = classify(title)
    assert match is not None and match.kept == kept
    assert (match.qualifier is None) == (kept is not None)


@pytest.mark.parametrize(
    "title",
    ["Usage (Fictimab)", "Fictimab", "Storage", "Combined Use of A and B", "Fictimab Usage"],
)
def test_headings_of_their_own(title: str) -> None:
    assert classify(title) is None


# --- side-effect groups -------------------------------------------------------------


@pytest.mark.parametrize(
    ("heading", "frequency", "serious", "note"),
    [
        ("Common Side Effects (>10%):", "very_common", False, "common (>10%)"),
        ("Common Side Effects (≥10%):", "very_common", False, "common (≥10%)"),
        ("Common (1-10%):", "common", False, "common (1-10%)"),
        ("Less Common Side Effects (<1%):", "uncommon", False, "less common (<1%)"),
        ("Uncommon (0.1-1%):", "uncommon", False, "uncommon (0.1-1%)"),
        ("Rare Side Effects (<0.1%):", "rare", False, "rare (<0.1%)"),
        ("Very common side effects:", "very_common", False, None),
        ("Common side effects can include:", "common", False, None),
        ("Less Common, but Serious Side Effects:", "unknown", True, "less common"),
        ("Rare but life-threatening reactions:", "rare", True, None),
        ("Severe side effects:", "unknown", True, None),
        (
            "Common Side Effects (occurring in more than 10% of patients):",
            "very_common",
            False,
            "common (occurring in more than 10% of patients)",
        ),
    ],
)
def test_group_headings_give_cioms_tiers(
    heading: str, frequency: str, serious: bool, note: str | None
) -> None:
    group = read_group(heading)
    assert (group.frequency, group.serious, group.note) == (frequency, serious, note)
    assert group.category is None


@pytest.mark.parametrize(
    ("heading", "frequency"),
    [
        ("Rare (<1%):", "rare"),
        ("Rare side effects (less than 1%):", "rare"),
        ("Uncommon (<1%):", "uncommon"),
        ("Common (>10%):", "very_common"),
        ("Rare (1-10%):", "common"),
        ("Very common (more than 10%):", "very_common"),
    ],
)
def test_a_word_tier_within_the_percentage_is_the_finer_reading(
    heading: str, frequency: str
) -> None:
    assert read_group(heading).frequency == frequency


@pytest.mark.parametrize(
    ("heading", "serious"),
    [
        ("Less Serious Side Effects:", False),
        ("Common (Non-serious):", False),
        ("Common side effects, not serious:", False),
        ("Less common but serious:", True),
        ("Serious, sometimes not severe:", True),
    ],
)
def test_negated_seriousness_is_not_serious(heading: str, serious: bool) -> None:
    assert read_group(heading).serious is serious


def test_a_heading_naming_no_rate_is_a_category() -> None:
    assert read_group("Metformin:").category == "Metformin"


def test_a_heading_with_more_to_say_is_kept_whole() -> None:
    group = read_group("Common side effects are mild and short-lived and include:")
    assert group.frequency == "common"
    assert group.keep == "Common side effects are mild and short-lived and include"


@given(st.integers(min_value=10, max_value=99))
def test_more_than_ten_percent_is_always_very_common(value: int) -> None:
    assert read_group(f"Side effects (>{value}%)").frequency == "very_common"


@given(st.integers(min_value=1, max_value=9), st.integers(min_value=0, max_value=9))
def test_a_range_starting_between_one_and_ten_percent_is_common(low: int, extra: int) -> None:
    assert read_group(f"Side effects ({low}-{low + extra + 1}%)").frequency == "common"


@pytest.mark.parametrize(
    ("text", "name", "description"),
    [
        ("Hypertension (high blood pressure)", "Hypertension", "high blood pressure"),
        ("Fatigue", "Fatigue", None),
        ("dry mouth", "Dry mouth", None),
        ("Rash (red (itchy) skin)", "Rash", "red (itchy) skin"),
        ("(alone in brackets)", "(alone in brackets)", None),
    ],
)
def test_an_effect_name_and_its_bracketed_description(
    text: str, name: str, description: str | None
) -> None:
    found = effect(text, read_group("Common:"))
    assert (found.name, found.description) == (name, description)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Seizures – rare but serious", [("Seizures", "rare but serious")]),
        (
            "Breakdown (rhabdomyolysis – with X) – urgent",
            [("Breakdown (rhabdomyolysis – with X)", "urgent")],
        ),
        ("Cardiovascular: Hypertension.", [("Hypertension", "Cardiovascular")]),
        ("Skin: rash, itching", [("Rash", "Skin"), ("Itching", "Skin")]),
        ("Nausea: mild", [("Nausea", "mild")]),
        (
            "Hypoglycemia (low blood sugar), mostly with insulin",
            [("Hypoglycemia", "low blood sugar; mostly with insulin")],
        ),
    ],
)
def test_list_entries_become_effects(text: str, expected: list[tuple[str, str]]) -> None:
    found = effects_from_text(text, read_group("Common:"))
    assert found is not None
    assert [(e.name, e.description) for e in found] == expected


def test_advice_in_a_list_is_not_an_effect() -> None:
    assert (
        effects_from_text("If you notice any of these, call your doctor.", read_group("x")) is None
    )


def test_comma_lists_split_only_when_clearly_a_list() -> None:
    connectors: list[str] = []
    assert split_effect_list("Nausea, vomiting (rare), and headache.", connectors) == [
        "Nausea",
        "vomiting (rare)",
        "headache",
    ]
    assert connectors == ["and"]
    assert split_effect_list("These include nausea, vomiting and headache.") is None
    assert split_effect_list("Nausea. Also vomiting, headache.") is None
    assert split_effect_list("Nausea") == ["Nausea"]
    assert split_effect_list("Dry eyes; blurred or double vision; headache") == [
        "Dry eyes",
        "blurred or double vision",
        "headache",
    ]
    assert split_effect_list("Fishy burps, in rare cases, bleeding") is None


# --- FAQs and precautions -----------------------------------------------------------


def bold(text: str) -> Span:
    return Span(text, bold=True)


def test_faq_questions_without_answers_are_kept_as_text() -> None:
    found = map_faqs((Paragraph((bold("Q: Unanswered?"),)),))
    assert found.faqs == []
    assert found.leftover == ["Unanswered?"]


def test_faq_answers_drop_their_marker_and_count_it_as_structure() -> None:
    found = map_faqs((Paragraph((bold("Q: Why?"), Span(" A: Because."))),))
    assert [(faq.question, faq.answer) for faq in found.faqs] == [("Why?", "Because.")]
    assert found.labels == ["Q", "A"]


def test_precautions_without_titles_are_gathered_under_note() -> None:
    notes = map_precautions((Paragraph((Span("Avoid sunlight."),)), Paragraph((Span("Rest."),))))
    assert [(note.title, note.text) for note in notes] == [("Note", "Avoid sunlight.\nRest.")]


def test_a_bold_sentence_is_a_precaution_title() -> None:
    (note,) = map_precautions((Paragraph((bold("Do not swallow."), Span(" For the skin only."))),))
    assert (note.title, note.text) == ("Do not swallow.", "For the skin only.")


def test_a_colon_line_over_a_list_titles_the_list() -> None:
    items = ListBlock(tuple(Item((Paragraph((Span(text),)),)) for text in ("Asthma", "Gout")))
    notes = map_precautions((Paragraph((Span("Use with care in:"),)), items))
    assert [(note.title, note.text) for note in notes] == [("Use with care in", "- Asthma\n- Gout")]


# --- names, ids, components ----------------------------------------------------------


def test_generic_names_give_aliases_but_never_a_single_component() -> None:
    assert names_in("Mepacrine (Quinacrine)", "Mepacrine", []).aliases == ["Quinacrine"]
    assert names_in("Ocimum sanctum (Holy Basil, Tulsi)", "Ocimum Sanctum", []).aliases == [
        "Holy Basil",
        "Tulsi",
    ]
    assert names_in("Ibuprofen", "A + Ibuprofen", ["A", "Ibuprofen"]).aliases == []
    assert names_in("Triamcinolone (Topical)", "Triamcinolone (Topical)", []).aliases == []
    remark = names_in("Fictimab (combination therapy)", "Fictimab", [])
    assert remark.aliases == [] and not remark.complete


def test_components_come_from_a_plus_separated_title() -> None:
    assert components_of("A + B + A") == ["A", "B"]
    assert components_of("Calcium and Vitamin D") == []


@pytest.mark.parametrize(
    ("stem", "expected"),
    [
        ("isatuximab", "isatuximab"),
        ("Abacavir_Lamivudine", "abacavir-lamivudine"),
        ("clonazepam-", "clonazepam-"),
        ("-leading", "leading"),
        ("Café", "cafe"),
    ],
)
def test_ids_are_slugs_of_the_file_name(stem: str, expected: str) -> None:
    assert slug_id(stem) == (expected, False)


@given(st.lists(st.text("ab", min_size=121, max_size=140), min_size=2, max_size=5, unique=True))
def test_long_ids_are_shortened_without_collisions(stems: list[str]) -> None:
    ids = [slug_id(stem) for stem in stems]
    assert all(shortened and len(drug_id) <= 120 for drug_id, shortened in ids)
    assert len({drug_id for drug_id, _ in ids}) == len(stems)


# --- reading pages ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        (b"", "empty"),
        (b"  \n\n", "empty"),
        (b"# Title\x00\x01", "binary"),
        (b"# Caf\xe9\n", "not-utf8"),
    ],
)
def test_unreadable_pages_raise_a_reason(raw: bytes, code: str) -> None:
    with pytest.raises(PageError) as caught:
        decode_page(raw)
    assert caught.value.code == code


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("---\nlayout: x\n---\n\nJust text, no title.\n", "no-title"),
        ("---\ntitle: Alone\n---\n", "empty"),
        ("# Only a title\n", "empty"),
    ],
)
def test_pages_without_a_title_or_a_body_raise_a_reason(text: str, code: str) -> None:
    with pytest.raises(PageError) as caught:
        parse_page(text)
    assert caught.value.code == code


def test_front_matter_is_yaml_and_a_broken_one_is_kept_as_text_with_a_warning() -> None:
    assert split_front_matter("---\ntitle: X\n---\nbody")[0] == {"title": "X"}
    data, body, warnings = split_front_matter("---\ntitle: [x\n---\nbody")
    assert (data, body) == ({}, "title: [x\n\nbody")
    assert warnings == ["front matter is not a YAML mapping; kept as text"]


def test_front_matter_that_is_not_a_mapping_is_kept_and_counted() -> None:
    text = "---\nWithdrawn in 2019 after a recall.\n---\n# Drug\n### Usage\nText.\n"
    converted_page = parse_page(text)
    mapped = map_page(converted_page, drug_id="drug", path="x.md", today=TODAY)
    coverage = measure(body_words(converted_page.tokens), mapped.labels, mapped.monograph)
    assert "withdrawn" in words(mapped.monograph.extra_sections[0].text.casefold())
    assert coverage.words == 8 and coverage.ratio == 1.0


def test_the_front_matter_title_stands_in_for_a_missing_heading() -> None:
    page = parse_page("---\ntitle: Fallback\n---\n### Usage\nText.\n")
    assert page.title == "Fallback"
    assert page.warnings == ["no '#' title; the front matter title is used"]


# --- coverage ----------------------------------------------------------------------------


def test_coverage_counts_every_occurrence_and_notices_what_is_dropped() -> None:
    page = parse_page((PAGES / "standard.md").read_text(encoding="utf-8"))
    mapped = map_page(page, drug_id="standard", path="standard.md", today=TODAY)
    body = body_words(page.tokens)
    assert measure(body, mapped.labels, mapped.monograph).ratio == 1.0
    import msgspec

    without_usage = msgspec.structs.replace(mapped.monograph, usage=None)
    dropped = measure(body, mapped.labels, without_usage)
    assert dropped.found == dropped.words - 18  # the usage section's 18 words
    assert "made" in dropped.missing
    one_effect_less = msgspec.structs.replace(
        mapped.monograph, side_effects=mapped.monograph.side_effects[1:]
    )
    assert measure(body, mapped.labels, one_effect_less).missing == ("headache",)


def test_a_category_copied_onto_many_items_is_counted_once() -> None:
    page = parse_page((PAGES / "withdrawn-notes.md").read_text(encoding="utf-8"))
    mapped = map_page(page, drug_id="withdrawn-notes", path="x.md", today=TODAY)
    body = body_words(page.tokens)
    assert body["hepatic"] == 2 and mapped.copies == ["Hepatic", "Renal"]
    assert measure(body, mapped.labels, mapped.monograph, mapped.copies).ratio == 1.0
    import msgspec

    # The second "Hepatic" heads only advice: dropping it is a loss coverage must see.
    advice_only = msgspec.structs.replace(
        mapped.monograph, side_effects_note="If you notice dark urine, contact your doctor."
    )
    lost = measure(body, mapped.labels, advice_only, mapped.copies)
    assert lost.missing == ("hepatic",)


def test_an_outer_category_is_counted_once_across_its_sub_categories() -> None:
    text = (
        "# Nestol\n### Side Effects\n* **Tabletol:**\n  * Stomach:\n    * Nausea\n"
        "    * Cramps\n  * Skin:\n    * Rash\n    * Itch\n* **Tabletol**\n"
        "  * If you notice a rash, tell your doctor.\n"
    )
    page = parse_page(text)
    mapped = map_page(page, drug_id="nestol", path="x.md", today=TODAY)
    body = body_words(page.tokens)
    assert mapped.monograph.side_effects[2].description == "Tabletol: Skin"
    assert measure(body, mapped.labels, mapped.monograph, mapped.copies).ratio == 1.0
    import msgspec

    advice_only = msgspec.structs.replace(
        mapped.monograph, side_effects_note="If you notice a rash, tell your doctor."
    )
    assert measure(body, mapped.labels, advice_only, mapped.copies).missing == ("tabletol",)


def test_tier_labels_inside_a_category_are_tiers_not_effects() -> None:
    effects = imported("tiers-in-categories").side_effects
    assert [(e.name, e.frequency, e.serious, e.description) for e in effects[:3]] == [
        ("Drowsiness", "common", False, "Pairomab"),
        ("Dizziness", "common", False, "Pairomab"),
        ("Allergic reactions", "unknown", True, "Pairomab"),
    ]
    assert not any(e.name.startswith(("Common", "Less", "If")) for e in effects)


def test_front_matter_words_are_not_counted() -> None:
    page = parse_page("---\ntitle: Hidden Words\n---\n# Shown\n### Usage\nText.\n")
    assert set(body_words(page.tokens)) == {"shown", "usage", "text"}


def test_side_effect_names_are_capitalised() -> None:
    assert effect("nausea", read_group("Common:")) == SideEffect(
        name="Nausea", frequency="common", source="page"
    )
