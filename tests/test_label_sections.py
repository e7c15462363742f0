"""Label sections as the label has them: its own order and numbers, each once, none swallowed."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import Cli
from tests.label_fixtures import (
    SPL_KIT,
    SPL_NESTED_TABLE,
    SPL_STRUCTURED,
    SPL_UNCLASSIFIED_SIX,
    answer,
    broken_titles,
    cut_titles,
    dotted_headings,
    fatal_reactions_warnings,
    highlighted_titles,
    not_reactions,
    numbered_and_standard_titles,
    old_format,
    old_format_risks,
    population_headings,
    record,
    run_in_names,
    run_on_titles,
    scrambled,
    spaced_numbers,
    spl,
    split_source_titles,
    sub_headed_titles,
    swallowing,
    titled,
    unheaded_risk_sentences,
    unheaded_warnings,
)


def _sections(cli: Cli, tmp_path: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    path = tmp_path / "label.json"
    path.write_bytes(answer(data))
    assert cli("import", str(path)).exit_code == 0
    result = cli("show", "zentamab", "--json")
    assert result.exit_code == 0, result.stderr
    sections: list[dict[str, Any]] = json.loads(result.stdout)["label"]["sections"]
    return sections


def _numbers(sections: list[dict[str, Any]]) -> list[str]:
    return [section["number"] for section in sections if section.get("number")]


def test_scrambled_fields_come_out_in_the_labels_number_order(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, scrambled())
    assert _numbers(sections) == [
        "1", "2", "2.1", "5", "5.1", "5.2", "6", "6.1", "7", "8", "8.1", "8.5", "12", "12.1",
    ]  # fmt: skip
    assert sections[0]["key"] == "boxed-warning"


def test_a_subsection_field_before_its_parent_is_kept_once(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, scrambled())
    texts = [" ".join(section.get("text", "").split()) for section in sections]
    assert texts.count("Older patients blinked more often.") == 1
    assert texts.count("Zentamab binds sparkle receptors.") == 1
    assert len(_numbers(sections)) == len(set(_numbers(sections)))


def test_a_subsection_field_without_its_parent_keeps_its_number(cli: Cli, tmp_path: Path) -> None:
    alone = scrambled()
    del alone["use_in_specific_populations"]
    sections = _sections(cli, tmp_path, alone)
    found = [
        (s.get("number"), s["title"], s.get("depth", 0))
        for s in sections
        if s["key"] == "specific-populations"
    ]
    assert found == [("8.1", "Pregnancy", 1), ("8.5", "Geriatric Use", 1)]


def test_sections_run_on_inside_dosage_are_not_swallowed(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, swallowing())
    administration = next(s for s in sections if s.get("number") == "2.5")
    assert administration.get("text") == "Infuse over one hour."
    assert _numbers(sections)[:7] == ["1", "2", "2.1", "2.5", "3", "5", "5.1"]
    shown = cli("show", "zentamab", "-s", "warnings")
    assert shown.exit_code == 0
    assert "Check the eyes before each dose." in " ".join(shown.stdout.split())
    whole = json.dumps(sections)
    assert whole.count("Check the eyes before each dose.") == 1


def test_headings_written_with_a_dot_keep_their_numbers(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, dotted_headings())
    numbered = {s["number"]: s for s in sections if s.get("number")}
    assert numbered["1"]["title"] == "INDICATIONS AND USAGE"
    assert numbered["5"]["title"] == "WARNINGS AND PRECAUTIONS"
    assert numbered["5.2"].get("text") == "Count cells."
    assert (numbered["5.3"]["title"], numbered["5.3"].get("text")) == (
        "Shimmer Blindness",
        "Check the eyes.",
    )
    assert (numbered["5.4"]["title"], numbered["5.4"].get("text")) == (
        "Dimming Syndrome",
        "Taper the dose.",
    )
    serious = cli("side-effects", "zentamab", "--serious", "--json")
    effects = json.loads(serious.stdout)["drugs"][0]["side_effects"]
    named = {effect["name"]: effect["section"] for effect in effects}
    assert named.get("Dimming Syndrome") == "Warnings and precautions 5.4"


def test_spaced_subsection_numbers_and_split_title_words_are_read_as_the_label_has_them(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _sections(cli, tmp_path, spaced_numbers())
    numbered = {s["number"]: s for s in sections if s.get("number")}
    assert numbered["5.10"].get("text") == "Give 5.1 1 Tablet twice."
    assert (numbered["5.11"]["title"], numbered["5.11"].get("text")) == (
        "Dimm in g Syndrome",  # the label's text, split word and all
        "Taper the dose; dimming passes.",
    )
    assert (numbered["5.12"]["title"], numbered["5.12"].get("text")) == ("Sparkle Loss", "Stop it.")


def test_diff_of_a_scrambled_export_and_an_ordered_one_removes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    order = ["boxed_warning", "indications_and_usage", "dosage_and_administration"]
    first = scrambled()
    ordered = {name: first[name] for name in order} | {
        name: value for name, value in sorted(first.items()) if name not in order
    }
    later = {**ordered, "version": "4", "id": "ordered-4", "effective_time": "20240301"}
    for name, data in (("a", first), ("b", later)):
        (tmp_path / f"{name}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"{name}.json")).exit_code == 0
    document = json.loads(cli("diff", "zentamab", "--json").stdout)
    assert [s["title"] for s in document["sections"] if s["status"] != "unchanged"] == []


def _spl_label(cli: Cli, tmp_path: Path, document: bytes) -> dict[str, Any]:
    path = tmp_path / "label.xml"
    path.write_bytes(document)
    assert cli("import", str(path)).exit_code == 0
    result = cli("show", "zentamab", "--json")
    assert result.exit_code == 0, result.stderr
    shown: dict[str, Any] = json.loads(result.stdout)
    return shown


def test_spl_highlights_and_recent_major_changes_are_kept(cli: Cli, tmp_path: Path) -> None:
    sections = _spl_label(cli, tmp_path, spl(sections=SPL_STRUCTURED))["label"]["sections"]
    assert [s["title"] for s in sections[:2]] == [
        "Highlights of Prescribing Information",
        "1 INDICATIONS AND USAGE",
    ]
    assert sections[1]["text"] == "Zentaro treats dullness. (1)"
    changes = cli("show", "zentamab", "-s", "recent-major-changes")
    assert "Dosage and Administration (2.1) 5/2024" in changes.stdout
    highlights = cli("show", "zentamab", "-s", "highlights")
    assert highlights.exit_code == 0 and "Zentaro treats dullness." in highlights.stdout


def test_spl_untitled_subsections_take_their_own_heading_or_join_their_parent(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _spl_label(cli, tmp_path, spl(sections=SPL_STRUCTURED))["label"]["sections"]
    titles = [s["title"] for s in sections]
    assert "Boxed Warning" not in titles and "SPL Unclassified" not in titles
    dosage = next(s for s in sections if s.get("number") == "2.1")
    assert dosage["text"] == "Take one tablet daily.\n\nAdults - 7 mg once daily"
    missed = next(s for s in sections if s["title"] == "Missed Doses")
    assert (missed["depth"], missed["text"]) == (2, "Take the next dose at the usual time.")


def test_an_spl_table_in_an_unclassified_subsection_of_6_gives_side_effects(
    cli: Cli, tmp_path: Path
) -> None:
    _spl_label(cli, tmp_path, spl(sections=SPL_NESTED_TABLE))
    result = cli("side-effects", "zentamab", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout)["drugs"][0]["side_effects"]
    names = [effect["name"] for effect in effects]
    assert names[:4] == ["Glimmer fever", "Neutropenia", "Wobble", "Blink rash"]


def test_a_kit_is_named_by_its_product_not_its_parts(cli: Cli, tmp_path: Path) -> None:
    shown = _spl_label(cli, tmp_path, spl(product=SPL_KIT))
    assert shown["label"]["generic_names"] == ["zentamab"]
    assert shown["label"]["brand_names"] == ["Zentaro Kids"]
    assert shown["routes"] == ["subcutaneous"]
    assert "glowing spirit" not in json.dumps(shown["aliases"])


def test_subsection_titles_end_where_the_label_ends_them(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, titled())
    found = {
        s["number"]: (s["title"], s.get("text"))
        for s in sections
        if s.get("depth") and s["number"][0] in "58"
    }
    assert found == {
        "5.1": (
            "Tests Before Treatment Initiation",
            "Prior to ZENTARO treatment initiation, count cells.",
        ),
        "5.2": ("Glow Syndrome", "Glow Syndrome (GS) occurred in 3% of patients."),
        "5.3": ("Dosage in Severe Hepatic Impairment", "Reduce the ZENTARO dose by half."),
        "5.4": ("Male Infertility", "Sperm counts fell in dogs."),
        "8.1": ("Pregnancy", "Risk Summary Zentamab may harm a fetus."),
        "8.3": (
            "Females and Males of Reproductive Potential",
            "Contraception Use contraception during treatment.",
        ),
    }  # fmt: skip


def test_subsection_titles_go_on_past_where_openfda_cuts_them(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, cut_titles())
    chosen = ("1.", "13.", "14.")
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith(chosen)}
    assert found == {
        "1.1": "Maintenance Treatment of GLOW -mutated Dull Cancer",
        "13.2": "Animal Toxicology and/or Pharmacology",
        "14.1": "GLOW V100E Mutation-Positive Dull Cancer",
    }


def test_subsection_titles_end_before_a_sub_heading_or_an_instruction(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _sections(cli, tmp_path, sub_headed_titles())
    chosen = ("2.", "7.", "8.", "12.", "13.")
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith(chosen)}
    assert found == {
        "2.1": "Administration",
        "2.2": "Preparation Instructions",
        "7.1": "Strong Glow Inhibitors",
        "8.4": "Pediatric Use",
        "8.6": "Hepatic Impairment",
        "12.2": "Pharmacodynamics",
        "12.3": "Pharmacokinetics",
        "13.1": "Carcinogenesis, Mutagenesis, Impairment of Fertility",
    }


def test_subsection_titles_keep_their_numbers_and_end_at_standard_titles(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _sections(cli, tmp_path, numbered_and_standard_titles())
    found = {s["number"]: s["title"] for s in sections if s.get("depth") and s["number"] != "6.1"}
    assert found == {
        "2.1": "Dull Cancer Regimens 1 and 2",
        "2.2": "Shine Score 2",
        "5.1": "Glowitis",
        "5.2": "Toxicity of the 3 Day Course",
        "5.3": "Risks of use in Patients with Dull Skin, Low Glow, or Head Injury",
        "9.3": "Dependence",
        "13.1": "Carcinogenesis, Mutagenesis, and Impairment of Fertility",
        "16.1": "How Supplied",
    }


def test_warnings_titles_end_where_the_highlights_name_ends(cli: Cli, tmp_path: Path) -> None:
    named = _serious(cli, tmp_path, highlighted_titles())
    assert {name: where for name, where in named.items() if where != "Boxed Warning"} == {
        "Glowitis": "Warnings and precautions 5.1",
        "New Shine Growths": "Warnings and precautions 5.2",
        "Hypersensitivity Reactions Including Anaphylaxis": "Warnings and precautions 5.3",
    }


def test_an_old_heading_ends_before_the_brand_its_text_opens_with(cli: Cli, tmp_path: Path) -> None:
    data = record(
        description=["DESCRIPTION ZENTARO (zentamab) is an invented glow agent."],
        indications_and_usage=["INDICATIONS AND USAGE ZENTARO \u00ae (zentamab) treats dullness."],
    )
    found = {s["title"]: s["text"] for s in _sections(cli, tmp_path, data) if not s.get("number")}
    assert found["DESCRIPTION"] == "ZENTARO (zentamab) is an invented glow agent."
    assert found["INDICATIONS AND USAGE"] == "ZENTARO \u00ae (zentamab) treats dullness."


def test_a_table_row_a_warning_names_takes_the_warning_s_name(cli: Cli, tmp_path: Path) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Wobble Reactions Including Anaphylaxis Wobble "
            "reactions occurred in 1% of patients. 5.2 Serious Neutropenia Count cells."
        ]
    )
    named = _serious(cli, tmp_path, data)
    assert named["Wobble Reactions Including Anaphylaxis"] == "Warnings and precautions 5.1"
    assert "Wobble" not in named
    # "Serious" says more than the row does: the row stays as the table names it.
    assert named["Neutropenia"] == "Warnings and precautions 5.2"


def test_an_advice_subsection_flags_the_cases_its_text_opens_by_reporting(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Alcohol Content Cases of drunkenness have been "
            "reported because of the alcohol in each dose. 5.2 Concomitant Use with Glowers "
            "Each dose holds 2 g of ethanol."
        ]
    )
    named = _serious(cli, tmp_path, data)
    assert named["Drunkenness"] == "Warnings and precautions 5.1"
    assert not [name for name in named if "Alcohol" in name or "Glowers" in name]


def test_a_title_ends_before_an_indication_that_heads_its_text(cli: Cli, tmp_path: Path) -> None:
    data = record(
        indications_and_usage=[
            "1 INDICATIONS AND USAGE 1.1 Dull Cancer ZENTARO treats dull cancer. 1.2 Glow "
            "Syndrome ZENTARO treats glow syndrome."
        ],
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage for Glow Syndrome Give 7 mg. "
            "2.2 Dosage Adjustments during Treatment Dull Cancer Patients who dim get 5 mg."
        ],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Dim Deaths Dull Cancer ZENTARO caused deaths in "
            "2% of patients."
        ],
        clinical_studies=[
            "14 CLINICAL STUDIES 14.1 Dull Cancer Previously Treated Adults ZENTARO was given "
            "to 40 adults. 14.2 Glow Syndrome in Children ZENTARO was given to 9 children."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s["text"][:9]) for s in sections if s.get("depth")}
    assert found["2.1"] == ("Recommended Dosage for Glow Syndrome", "Give 7 mg")
    assert found["2.2"] == ("Dosage Adjustments during Treatment", "Dull Canc")
    assert found["5.1"] == ("Dim Deaths", "Dull Canc")
    assert found["14.1"] == ("Dull Cancer", "Previousl")
    assert found["14.2"] == ("Glow Syndrome in Children", "ZENTARO w")


def test_a_title_ends_at_the_product_a_drug_acts_on(cli: Cli, tmp_path: Path) -> None:
    data = record(
        drug_interactions=[
            "7 DRUG INTERACTIONS 7.1 Effect of Other Drugs on Zentaro Strong Glow Inhibitors "
            "Glow inhibitors raise zentamab levels. 7.2 Effect of Zentaro on Other Drugs "
            "Zentamab lowers dimmer levels. 7.3 Effect of Shine on Zentaro Following a Meal "
            "Shine delays zentamab."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith("7.")}
    assert found == {
        "7.1": "Effect of Other Drugs on Zentaro",
        "7.2": "Effect of Zentaro on Other Drugs",
        "7.3": "Effect of Shine on Zentaro Following a Meal",
    }


def test_a_study_title_ends_before_the_trial_its_text_opens_with(cli: Cli, tmp_path: Path) -> None:
    data = record(
        clinical_studies=[
            "14 CLINICAL STUDIES 14.1 Adjuvant Treatment of Dull Cancer GLOW-AD (NCT 01234567) "
            "was a randomized trial. 14.2 Maintenance of Glow Syndrome SHINE-1 (NCT07654321) "
            "enrolled 300 patients. 14.3 Glow Syndrome in HIV-1 Patients were studied."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith("14.")}
    assert found == {
        "14.1": "Adjuvant Treatment of Dull Cancer",
        "14.2": "Maintenance of Glow Syndrome",
        "14.3": "Glow Syndrome in HIV-1",
    }


def test_a_title_ends_before_a_grade_of_its_own_words(cli: Cli, tmp_path: Path) -> None:
    data = record(
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION 2.1 Dosage Modifications for Glow Impairment Moderate "
            "and Severe Glow Impairment Give half the dose. 2.2 Dosage with Shine Inhibitors "
            "Strong Shine Inhibitors Avoid them."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith("2.")}
    assert found == {
        "2.1": "Dosage Modifications for Glow Impairment",
        "2.2": "Dosage with Shine Inhibitors",
    }


def test_a_heading_ends_before_a_brand_of_two_words_its_text_opens_with(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        indications_and_usage=["1 INDICATIONS AND USAGE ZENTARO GLOWHALER is a glow agent."],
        description=["11 DESCRIPTION ZENTARO GLOWHALER holds zentamab powder."],
        how_supplied=["16 HOW SUPPLIED ZENTARO capsules come in blisters."],
        openfda={**record()["openfda"], "brand_name": ["ZENTARO GLOWHALER"]},
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s["text"][:17]) for s in sections if s.get("number")}
    assert found["1"] == ("INDICATIONS AND USAGE", "ZENTARO GLOWHALER")
    assert found["11"] == ("DESCRIPTION", "ZENTARO GLOWHALER")
    assert found["16"] == ("HOW SUPPLIED", "ZENTARO capsules ")


def test_warnings_titles_end_where_a_sentence_starts_in_capitals(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, run_on_titles())
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith("5")}
    assert found == {
        "5": "WARNINGS AND PRECAUTIONS",
        "5.1": "Glimmer Fever in Patients with Dullness Syndrome",
        "5.2": "Sparkle Loss",
        "5.3": "QT Prolongation",
        "5.4": "Raised Shine Enzymes",
        "5.5": "Increases in Glow and Fasting Shine Levels",
        "5.6": "Interference with In Vitro Tests",
        "5.7": "Flare After Stopping ZENTARO",
        "5.8": "Risk of Infertility",  # a sub-heading's word, but after "of"
        "5.9": "Glow Loss",
    }


def test_serious_reactions_carry_the_warnings_titles_not_their_text(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "label.json"
    path.write_bytes(answer(run_on_titles()))
    assert cli("import", str(path)).exit_code == 0
    result = cli("side-effects", "zentamab", "--serious", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout)["drugs"][0]["side_effects"]
    named = {effect["name"]: effect["section"] for effect in effects}
    assert named["QT Prolongation"] == "Warnings and precautions 5.3"
    assert named["Raised Shine Enzymes"] == "Warnings and precautions 5.4"
    assert not [name for name in named if " In " in name or name.endswith("ZENTARO In")]


def _serious(cli: Cli, tmp_path: Path, data: dict[str, Any]) -> dict[str, str]:
    path = tmp_path / "label.json"
    path.write_bytes(answer(data))
    assert cli("import", str(path)).exit_code == 0
    result = cli("side-effects", "zentamab", "--serious", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout)["drugs"][0]["side_effects"]
    return {effect["name"]: effect["section"] for effect in effects}


def test_an_old_heading_ends_before_a_sentence_in_capitals(cli: Cli, tmp_path: Path) -> None:
    warnings = (
        "WARNINGS Glimmer Syndrome The eyes glimmer. Potential for Sparkle Effects DUE TO THE "
        "POTENTIAL FOR SERIOUS SPARKLE EFFECTS, ZENTAMAB SHOULD BE KEPT FOR DULL PATIENTS."
    )
    data = record(warnings=[warnings])
    del data["warnings_and_cautions"]
    named = _serious(cli, tmp_path, data)
    assert named["Potential for Sparkle Effects"] == "Warnings"
    assert not [name for name in named if "DUE" in name]


def test_a_boxed_headline_keeps_its_small_words_and_is_said_once(cli: Cli, tmp_path: Path) -> None:
    headline = "WARNING: GLOW REACTIONS and SPARKLE LOSS; DIMMING (DIM)"
    box = f"{headline} {headline} See full prescribing information. Glow reactions can kill."
    sections = _sections(cli, tmp_path, record(boxed_warning=[box]))
    assert [s["title"] for s in sections if s["key"] == "boxed-warning"] == [headline]


def test_titles_keep_other_products_and_end_at_the_other_drugs_acted_on(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION 2.1 Switching from Other Zentaro Products Patients "
            "taking another glow drug may switch."
        ],
        drug_interactions=[
            "7 DRUG INTERACTIONS 7.1 Effect of ZENTARO on Other Drugs Sensitive Glow "
            "Substrates Zentamab raises their levels."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number") in ("2.1", "7.1")}
    assert found == {
        "2.1": "Switching from Other Zentaro Products",
        "7.1": "Effect of ZENTARO on Other Drugs",
    }


def test_a_title_ends_before_a_sub_heading_saying_its_first_word(cli: Cli, tmp_path: Path) -> None:
    data = record(
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION 2.1 Preparation and Administration Preparation "
            "Dilute the vial in saline."
        ],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Dimness and Sudden Dimness Dimness occurred in 2% "
            "of patients."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number") in ("2.1", "5.1")}
    assert found == {"2.1": "Preparation and Administration", "5.1": "Dimness and Sudden Dimness"}


def test_a_title_keeps_an_acronym_with_a_small_letter_or_a_number_in_front(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Lack of Benefit in Patients with Glow-Mutant mDC "
            "ZENTARO is not for dull cancer with glow mutations. 5.2 Dosage in Renal "
            "Impairment gDC Dull Cancer Halve the dose."
        ],
        clinical_studies=[
            "14 CLINICAL STUDIES 14.1 First-Line Therapy in Combination with 5-GL/DM: Studies "
            "1 and 2 Two trials were run."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number") in ("5.1", "5.2", "14.1")}
    assert found["5.1"] == "Lack of Benefit in Patients with Glow-Mutant mDC"
    assert found["14.1"] == "First-Line Therapy in Combination with 5-GL/DM"
    assert not found["5.2"].endswith("gDC Dull Cancer")


def test_a_dosage_title_ends_at_the_indication_it_is_for(cli: Cli, tmp_path: Path) -> None:
    data = record(
        indications_and_usage=[
            "1 INDICATIONS AND USAGE 1.1 Dull Cancer ZENTARO treats dull cancer. 1.2 Glow "
            "Syndrome ZENTARO treats its disorders."
        ],
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage for Dull Cancer Adjuvant "
            "Treatment Single Agent The dose is 1 tablet. 2.2 Recommended Dosage for Glow "
            "Syndrome Disorders in Adults The dose is 2 tablets."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: s["title"] for s in sections if s.get("number") in ("2.1", "2.2")}
    assert found == {
        "2.1": "Recommended Dosage for Dull Cancer",
        "2.2": "Recommended Dosage for Glow Syndrome Disorders in Adults",
    }


def test_a_boxed_headline_ends_at_its_full_stop_before_a_bullet(cli: Cli, tmp_path: Path) -> None:
    box = "WARNING: GLOW DEPRESSION and ABUSE AND MISUSE. \u2022 Glow Depression Zentamab dims."
    sections = _sections(cli, tmp_path, record(boxed_warning=[box]))
    assert [s["title"] for s in sections if s["key"] == "boxed-warning"] == [
        "WARNING: GLOW DEPRESSION and ABUSE AND MISUSE"
    ]


def test_a_title_ends_before_an_instruction_to_read(cli: Cli, tmp_path: Path) -> None:
    dosage = (
        "2 DOSAGE AND ADMINISTRATION 2.1 Preparation and Administration Read the "
        "INSTRUCTIONS FOR USE before giving ZENTARO."
    )
    sections = _sections(cli, tmp_path, record(dosage_and_administration=[dosage]))
    assert [s["title"] for s in sections if s.get("number") == "2.1"] == [
        "Preparation and Administration"
    ]


def test_an_old_format_label_flags_its_boxed_and_warnings_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    named = _serious(cli, tmp_path, old_format())
    assert named == {
        "Sparkle Loss": "Boxed Warning",
        "Life-threatening shine failure": "Boxed Warning",
        "Clinical Dimming and Sparkle Risk": "Warnings",
        "Shine Toxicity": "Warnings",
        "Glimmer Syndrome": "Warnings",
        "Twitches": "Warnings",  # one word, then its part's first sentence
        "Flickers": "Warnings",  # one word, said again as the part starts
    }  # not "Dimazolam": a drug it is given with


def test_the_last_boxed_reaction_ends_where_the_box_repeats_a_headline_item(
    cli: Cli, tmp_path: Path
) -> None:
    boxed = [
        "WARNING: GLIMMER FEVER, DIMMING, AND SPARKLE LOSS GLIMMER FEVER Patients treated "
        "with ZENTARO may glimmer."
    ]
    named = _serious(cli, tmp_path, record(boxed_warning=boxed))
    assert named["Sparkle loss"] == "Boxed Warning"
    assert not [name for name in named if "loss glimmer" in name.casefold()]


def test_titles_split_at_a_hyphen_a_comma_or_inside_a_word_are_kept_whole(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _sections(cli, tmp_path, broken_titles())
    found = {s["number"]: s["title"] for s in sections if s.get("number", "").startswith("5.")}
    assert found == {
        "5.1": "Late - Occurring Glow Reactions",
        "5.2": "Body Shine Dysr egulation",  # the label's text, split word and all
        "5.3": "Glow Reactions, Including Stroke , in Elderly Patients with Dullness -Related "
        "Psychosis",
        "5.4": "Laboratory Abnormalities",  # "Neutropenia" heads the text under it
        "5.5": "Sparkle Virus (SV) Reactivation",
        "5.6": "Falls",
        "5.7": "Drugs that Dim the Eyes",
        "5.8": "Severe Sparkle Loss",  # "Background" heads the text
        "5.9": "Return of Gloom and Glimmer Rebound after Abrupt Stopping of ZENTARO",
    }


def test_a_trial_finding_and_tablet_residue_are_not_serious_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    named = _serious(cli, tmp_path, not_reactions())
    assert named["Glimmer fever"] == "Boxed Warning; Warnings and precautions 5.1"
    assert not [name for name in named if "Toxicity" in name or "Residue" in name]
    assert not [name for name in named if "treatment" in name.casefold()]
    assert not [name for name in named if name.startswith(("Management", "Dosing"))]
    assert named["Male Infertility"] == "Warnings and precautions 5.7"  # not a population


def test_a_warning_with_an_abbreviation_is_the_boxed_warnings_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        boxed_warning=["WARNING: SPARKLE VIRUS REACTIVATION Zentamab can wake the virus."],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Sparkle Virus (SV) Reactivation Sparkle virus "
            "(SV) reactivation can occur."
        ],
    )
    named = _serious(cli, tmp_path, data)
    # one entry for the item, under its warnings title
    assert named == {
        "Sparkle Virus (SV) Reactivation": "Boxed Warning; Warnings and precautions 5.1"
    }


def test_a_boxed_headline_kept_whole_where_its_warnings_title_is(cli: Cli, tmp_path: Path) -> None:
    data = record(
        boxed_warning=["WARNING: GLIMMER AND SPARKLE REACTIONS Zentamab can glimmer."],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer and Sparkle Reactions Glimmer can occur."
        ],
    )
    named = _serious(cli, tmp_path, data)
    assert named == {"Glimmer and Sparkle Reactions": "Boxed Warning; Warnings and precautions 5.1"}


def test_a_treated_disease_an_animal_finding_and_a_lab_artefact_are_not_serious(
    cli: Cli, tmp_path: Path
) -> None:
    assert set(_serious(cli, tmp_path, population_headings())) == {"Glimmer fever", "Sparkle Loss"}
    artefact = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Uninterpretable Sparkle Counts Clumps may hide the count."
        ]
    )
    assert set(_serious(cli, tmp_path, artefact)) == {"Glimmer fever", "Sparkle loss"}


def test_an_old_warnings_heading_in_sentence_case_is_a_reaction(cli: Cli, tmp_path: Path) -> None:
    data = population_headings()
    data["warnings"] = [
        "WARNINGS Sparkle Loss Patients may lose sparkle. Serious glimmer infections "
        "Patients receiving zentamab may glimmer. Dimming was common In trials, it "
        "passed. Rare dimming of Patients was seen."
    ]
    named = set(_serious(cli, tmp_path, data))
    assert named == {"Glimmer fever", "Sparkle Loss", "Serious glimmer infections"}


def test_old_warnings_parts_about_patients_with_a_condition_are_precautions(
    cli: Cli, tmp_path: Path
) -> None:
    data = population_headings()
    data["warnings"] = [
        "WARNINGS Sparkle Loss Patients may lose sparkle. Glow Heart Failure For patients "
        "in glow heart failure, caution should be used. Predimming for Glint Flutter "
        "Patients with glint flutter should be dimmed first. Shimmer Insufficiency "
        "Shimmer insufficiency may lead to accumulation of high plasma levels. Dim "
        "Intoxication Take care in arrhythmias associated with dim intoxication. "
        "Glimmer Gravis Patients with glimmer gravis may show worsening of symptoms. "
        "Fizz Block Fizz block in patients with a glow has been reported."
    ]
    named = set(_serious(cli, tmp_path, data))
    assert named == {"Glimmer fever", "Sparkle Loss", "Fizz Block"}


def test_an_unclassified_section_6_over_a_clinical_trials_subsection_gives_side_effects(
    cli: Cli, tmp_path: Path
) -> None:
    _spl_label(cli, tmp_path, spl(sections=SPL_UNCLASSIFIED_SIX))
    result = cli("side-effects", "zentamab", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout)["drugs"][0]["side_effects"]
    names = [effect["name"] for effect in effects]
    assert names == ["Glimmer fever", "Neutropenia", "Wobble", "Blink rash"]  # no totals
    shown = cli("show", "zentamab", "-s", "adverse-reactions")
    assert shown.exit_code == 0, shown.stderr
    assert "OVERALL SAFETY SUMMARY" in shown.stdout and "REPORTING" not in shown.stdout


def test_an_old_box_without_headline_and_old_warnings_headings_give_their_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    named = _serious(cli, tmp_path, old_format_risks())
    assert named == {
        "Mortality": "Boxed Warning; Warnings",  # WARNINGS repeats the box under it
        "Nephrotoxicity": "Boxed Warning",
        "Neurotoxicity": "Boxed Warning",
        "Ototoxicity": "Boxed Warning",
        "Fetal harm": "Boxed Warning",
        "Shimmering effects": "Warnings",  # the indications warn of it: not a treated disease
        "Exacerbated dimming in sick glow syndrome": "Warnings",
        "Sparklopenia": "Warnings",  # one word, named again by the sentence after it
    }  # not "Glowlysis": what the drug makes ineffective; not "Flicker considerations"


def test_old_paragraphs_without_headings_give_the_reactions_they_are_about(
    cli: Cli, tmp_path: Path
) -> None:
    named = _serious(cli, tmp_path, unheaded_warnings())
    assert {name: where for name, where in named.items() if "Adverse" not in where} == {
        "Shine toxicity": "Boxed Warning",
        "Sparklopenia": "Boxed Warning",
        "Glimmering": "Boxed Warning",
        "Dimming": "Boxed Warning",
        "Blink-like reactions": "Boxed Warning; Warnings",  # said in both
        "Glowotoxicity": "Warnings",
        "Twinkle storms": "Warnings",
        "Fetal harm": "Warnings",
    }  # not "Fatalities", nor "Spleen shimmer" (no other part of the label names it)


def test_old_warnings_flag_the_reactions_they_say_were_fatal(cli: Cli, tmp_path: Path) -> None:
    named = _serious(cli, tmp_path, fatal_reactions_warnings())
    fatal = "Warnings"
    assert named == {
        "Glow-Dim syndrome": fatal,  # listed as fatal or serious, and an adverse reaction
        "Toxic dim necrolysis": fatal,
        "Fizz anemia": fatal,  # not its "other glow dyscrasias"
        "Hum shock": fatal,
        "Hypersensitivity and Other Serious or Fatal Reactions": "Warnings",
        "Sparklopenia": "Warnings",
        "Glowbacter fizzicile Associated Diarrhea": "Warnings",  # heading said again
        "Glow-type arrhythmias": "Boxed Warning",  # "including zentamab, have been associated"
        "Sudden death": "Boxed Warning",  # a death that is a reaction
    }  # not sparkle rash nor dim fever, which the warning does not name


def test_old_unheaded_sentences_give_what_the_drug_induces_and_the_reports_of_it(
    cli: Cli, tmp_path: Path
) -> None:
    named = _serious(cli, tmp_path, unheaded_risk_sentences())
    assert {name: where for name, where in named.items() if "Adverse" not in where} == {
        "Glow hypoplasia": "Boxed Warning",  # what the drug can induce
        "Sparklogenesis": "Boxed Warning",  # zentamab-induced
        "Dimcytopenia": "Warnings",
        "Malignant glowomas": "Warnings",  # reported in patients given zentamab
        "Shine failure": "Warnings",
        "Fizzility": "Warnings",
        "Buzzospermia": "Warnings",
        "Hum atrophy": "Warnings",
        "Glow veno-occlusive disease": "Warnings",
        "Fetal harm": "Warnings",
    }  # not "Spleen shimmer" (in rats), nor "The World Glow" as a heading


def test_an_old_warnings_heading_with_a_space_before_its_colon_is_a_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    warnings = [
        "WARNINGS Glimmer Syndrome The eyes glimmer. Angle-Glow Squint : The pupil may glow "
        "in a patient. General Take care."
    ]
    named = _serious(cli, tmp_path, {**old_format(), "warnings": warnings})
    assert named["Angle-Glow Squint"] == "Warnings"


def test_an_old_warnings_title_naming_a_special_risk_gives_it(cli: Cli, tmp_path: Path) -> None:
    warnings = [
        "WARNINGS SPECIAL WARNING ON INCREASED RISK OF GLOW MORTALITY: Glow drugs have been "
        "linked to glow mortality in one long study."
    ]
    named = _serious(cli, tmp_path, {**old_format(), "warnings": warnings})
    assert named["Increased risk of glow mortality"] == "Warnings"


def test_a_title_keeps_the_stop_of_an_abbreviation_inside_it(cli: Cli, tmp_path: Path) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. 5.2 Allergic "
            "Reactions to FD&C Glow No. 5 (Sparklezine) ZENTARO tablets contain FD&C glow No. 5, "
            "which may cause allergic reactions. 5.3 Drugs that Dim (e.g., Dimazolam, Oldocin) "
            "Avoid them."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:15]) for s in sections if "number" in s}
    assert found["5.2"] == (
        "Allergic Reactions to FD&C Glow No. 5 (Sparklezine)",
        "ZENTARO tablets",
    )
    assert found["5.3"][0] == "Drugs that Dim (e.g., Dimazolam, Oldocin)"
    named = _serious(cli, tmp_path, data)
    assert named["Allergic Reactions to FD&C Glow No. 5 (Sparklezine)"] == (
        "Warnings and precautions 5.2"
    )


def test_warnings_about_use_with_another_drug_are_precautions(cli: Cli, tmp_path: Path) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. 5.2 Risk of "
            "Reduced Glow Activity When Coadministered with Oldocin Oldocin dims zentamab. "
            "5.3 Risks of Interactions with Drugs Affecting Glow Enzymes Check all drugs. "
            "5.4 Risk of Serious Adverse Reactions Due to Drug Interactions Review them. "
            "5.5 Serious Slow Heartbeat When Coadministered with Dimarone Slow heartbeat "
            "was seen."
        ]
    )
    named = _serious(cli, tmp_path, data)
    assert named == {
        "Sparkle loss": "Boxed Warning",
        "Glimmer fever": "Boxed Warning; Warnings and precautions 5.1",
        "Serious Slow Heartbeat When Coadministered with Dimarone": "Warnings and precautions 5.5",
    }  # a reaction with another drug stays one


def test_titles_end_before_a_name_the_text_opens_with(cli: Cli, tmp_path: Path) -> None:
    sections = _sections(cli, tmp_path, run_in_names())
    found = {s["number"]: (s["title"], s.get("text", "")[:12]) for s in sections if "number" in s}
    assert found["5.1"] == ("Progressive Glow Syndrome", "Jasper Quill")
    assert found["5.2"] == ("Ocular Toxicity", "Dim Retinal ")
    assert found["5.3"][0] == "Glow Risk in Acute Dim Leukemia (ADL)"  # its own acronym
    assert found["5.4"][0] == "Complications of Allogeneic GLOWT"  # a procedure, no trial
    assert found["14.1"] == ("Dim Lymphoma", "SPARKLER The")


def test_a_donation_the_patient_must_not_give_is_no_serious_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Blood Donation Patients should not donate blood during therapy. "
            "5.3 Semen Donation Men should not donate semen during therapy."
        ]
    )
    assert _serious(cli, tmp_path, data) == {
        "Sparkle loss": "Boxed Warning",  # the fixture's boxed warning
        "Glimmer fever": "Boxed Warning; Warnings and precautions 5.1",
    }


def test_subsections_about_a_test_a_finding_a_population_an_activity_or_a_use_are_not_serious(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Effect on Sparkle Tests Zentamab may lead to a false interpretation of the "
            "urine sparkle test. "
            "5.3 Glow Assay Results Zentamab can interfere with glow measurement by "
            "immunoassay, resulting in falsely elevated glow levels. "
            "5.4 Effect on Dimvirus Replication There are in vitro studies that suggest "
            "zentamab stimulates dimvirus replication. The clinical consequence, if any, is "
            "not known. "
            "5.5 Risks in Patients with Glowketonuria Glowine can be harmful to patients with "
            "glowketonuria. "
            "5.6 Glowketonurics Zentamab tablets contain glowine. "
            "5.7 Driving and Operating Machinery Zentamab may impair the abilities needed "
            "to drive. "
            "5.8 Shimmer Disease Zentamab should not be used for the prevention of shimmer "
            "disease. "
            "5.9 Tumor Glow In vitro experiments have shown glowing cells. Tumors were seen."
        ],
    )
    assert _serious(cli, tmp_path, data) == {
        "Sparkle loss": "Boxed Warning",  # the fixture's boxed warning
        "Glimmer fever": "Boxed Warning; Warnings and precautions 5.1",
        "Tumor Glow": "Warnings and precautions 5.9",  # a finding in vitro that is a reaction
    }
    old = population_headings()
    old["warnings"] = [
        "WARNINGS Sparkle Loss Patients may lose sparkle. Glint Infections and Shine Fever "
        "Zentamab should not be used for treatment of glint infections. They will not "
        "prevent shine fever."
    ]
    assert set(_serious(cli, tmp_path, old)) == {"Glimmer fever", "Sparkle Loss"}


def test_a_box_headline_naming_no_reaction_marks_the_subsections_it_cites_boxed(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        boxed_warning=[
            "WARNING: LIFE THREATENING ADVERSE REACTIONS Glimmer Fever Glimmer fever has "
            "occurred [see Warnings and Precautions ( 5.1 )] . Sparkle Risk Zentamab can cause "
            "sparkle loss and dim hearts ( 5.2 , 5.3 )."
        ],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Sparkle Loss Sparkle loss was seen. 5.3 Dim Heart Hearts dimmed. "
            "5.4 Fizz Rash A rash was seen."
        ],
    )
    assert _serious(cli, tmp_path, data) == {
        "Glimmer fever": "Boxed Warning; Warnings and precautions 5.1",
        "Sparkle Loss": "Boxed Warning; Warnings and precautions 5.2",
        "Dim Heart": "Boxed Warning; Warnings and precautions 5.3",
        "Fizz Rash": "Warnings and precautions 5.4",
    }  # no "Life threatening adverse reactions"


def test_a_reaction_with_another_drugs_use_is_a_boxed_serious_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        boxed_warning=[
            "WARNING: INCREASED RISK OF GLOWING WITH CONCOMITANT USE OF DIMMING ANTAGONISTS "
            "Glowing has been reported in patients taking ZENTARO with dimming antagonists."
        ],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Increased Risk of Glowing With Concomitant Use of "
            "Dimming Antagonists Glowing has been reported. 5.2 Glimmer Fever Glimmer fever "
            "can occur. 5.3 Dimming Antagonists Avoid them."
        ],
    )
    assert _serious(cli, tmp_path, data) == {
        "Increased Risk of Glowing With Concomitant Use of Dimming Antagonists": (
            "Boxed Warning; Warnings and precautions 5.1"
        ),
        "Glimmer fever": "Warnings and precautions 5.2",
    }  # 5.3 is about the drugs alone: an interaction


def test_a_box_headline_naming_kinds_of_events_marks_the_subsections_it_cites_boxed(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        boxed_warning=[
            "WARNING: RISK OF SERIOUS RENAL AND HEPATIC EVENTS Glimmer Fever Zentamab "
            "can cause glimmer fever [see Warnings and Precautions ( 5.1 )] . Sparkle Loss "
            "Zentamab can cause sparkle loss [see Warnings and Precautions ( 5.2 )] ."
        ],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Sparkle Loss Sparkle loss was seen. 5.3 Fizz Rash A rash was seen."
        ],
    )
    named = _serious(cli, tmp_path, data)
    assert named["Glimmer fever"] == "Boxed Warning; Warnings and precautions 5.1"
    assert named["Sparkle Loss"] == "Boxed Warning; Warnings and precautions 5.2"
    assert named["Fizz Rash"] == "Warnings and precautions 5.3"
    assert not [name for name in named if name.casefold().startswith("risk of")]


def test_masking_a_sign_a_use_s_risks_and_a_lack_of_benefit_are_no_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever can occur. "
            "5.2 Masking of Glow and Fever Zentamab may hide the signs of glow. "
            "5.3 Risks Associated with Zentamab as a Single Agent Zentamab alone was less "
            "studied. 5.4 Increased Dimming or Lack of Benefit in Patients with Glow-Mutant "
            "Disease Zentamab is not indicated for them."
        ],
    )
    named = _serious(cli, tmp_path, data)
    assert "Warnings and precautions 5.1" in named["Glimmer fever"]
    assert not [section for section in named.values() if section.endswith(("5.2", "5.3", "5.4"))]


def test_a_reaction_titled_with_its_monitoring_is_a_serious_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glow Depletion/Monitoring Glow depletion occurred "
            "in 7% of patients. 5.2 Laboratory Monitoring Check glow levels monthly."
        ],
    )
    named = _serious(cli, tmp_path, data)
    assert named["Glow Depletion/Monitoring"] == "Warnings and precautions 5.1"
    assert "Laboratory Monitoring" not in named


def test_old_headings_said_again_in_capitals_or_with_a_hyphen_spaced_otherwise(
    cli: Cli, tmp_path: Path
) -> None:
    data = fatal_reactions_warnings()
    data["warnings"] = [
        "WARNINGS Glow reactions ACUTE OR CHRONIC GLOW REACTIONS HAVE BEEN OBSERVED IN "
        "PATIENTS TREATED WITH ZENTAMAB. Glowbacter fizzicile -associated diarrhea "
        "Glowbacter fizzicile- associated diarrhea (GFAD) has been reported with use of "
        "nearly all glow agents. Glimmertoxicity Glimmering reactions, including dim glow, occur "
        "rarely."
    ]
    named = _serious(cli, tmp_path, data)
    assert named["Glimmertoxicity"] == "Warnings"  # one word, its stem opening the part
    assert named["Glow reactions"] == "Warnings"
    assert named["Glowbacter fizzicile-associated diarrhea"] == "Warnings"


def test_titles_split_inside_a_word_a_plural_or_a_small_word_are_kept_whole(
    cli: Cli, tmp_path: Path
) -> None:
    sections = _sections(cli, tmp_path, split_source_titles())
    found = {s["number"]: (s["title"], s.get("text", "")[:8]) for s in sections if "number" in s}
    assert found["2.2"] == ("Dose Adjustment s with Glow Inhibitors", "The high")
    assert found["2.3"] == ("Moving Patients t o or f rom a Sparkle Blocker", "At least")
    assert found["6.2"] == ("Post ma rketing Experience", "The foll")
    assert found["12.2"] == ("Pharmaco dynamics", "Cardiac ")  # a sub-heading of its text


def test_a_title_keeps_the_product_other_drugs_affect(cli: Cli, tmp_path: Path) -> None:
    data = record(
        drug_interactions=[
            "7 DRUG INTERACTIONS 7.1 Potential for Other Drugs to Affect ZENTARO Zentamab is "
            "cleared by the kidney. 7.2 Potential for ZENTARO to Affect Other Drugs Glowcillin "
            "Glowcillin levels rise."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:8]) for s in sections if "number" in s}
    assert found["7.1"] == ("Potential for Other Drugs to Affect ZENTARO", "Zentamab")
    assert found["7.2"] == ("Potential for ZENTARO to Affect Other Drugs", "Glowcill")


def test_a_heading_keeps_its_ampersand_and_stop_and_ends_before_the_ndc(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        indications_and_usage=["INDICATIONS & USAGE Zentamab treats dullness."],
        how_supplied=["16 HOW SUPPLIED/STORAGE AND HANDLING NDC 99999-101-01 Vials of 5 mL."],
        package_label_principal_display_panel=[
            "PACKAGE LABEL.PRINCIPAL DISPLAY PANEL NDC 99999-101-01 Zentaro injection"
        ],
    )
    found = {s["title"]: s["text"] for s in _sections(cli, tmp_path, data)}
    assert found["INDICATIONS & USAGE"] == "Zentamab treats dullness."
    assert found["HOW SUPPLIED/STORAGE AND HANDLING"] == "NDC 99999-101-01 Vials of 5 mL."
    assert found["PACKAGE LABEL.PRINCIPAL DISPLAY PANEL"] == "NDC 99999-101-01 Zentaro injection"


def test_a_title_goes_on_to_the_end_of_its_highlights_name(cli: Cli, tmp_path: Path) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS Glow-Prolongation and Flicker de Pointes : Avoid in "
            "long glow ( 5.1 ). Shine Loss: count cells ( 5.2 ). 5.1 Glow-Prolongation and "
            "Flicker de Pointes ZENTARO causes glow. 5.2 Shine Loss Counts fell."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:8]) for s in sections if "number" in s}
    assert found["5.1"] == ("Glow-Prolongation and Flicker de Pointes", "ZENTARO ")
    assert found["5.2"] == ("Shine Loss", "Counts f")


def test_a_title_ends_before_an_indication_opening_a_longer_sub_heading(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        indications_and_usage=[
            "1 INDICATIONS AND USAGE 1.1 Glow Syndrome of the Eye ZENTARO treats it. "
            "1.2 Dim Syndrome ZENTARO treats it."
        ],
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION Give weekly. 2.1 Recommended Dosage Give 5 mg. "
            "2.2 Dose Changes for Adverse Reactions Glow Syndrome of the Eye or Dim Syndrome "
            "Withhold ZENTARO for grade 3."
        ],
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:12]) for s in sections if "number" in s}
    assert found["2.2"] == ("Dose Changes for Adverse Reactions", "Glow Syndrom")


def test_an_old_heading_ends_at_its_fields_name_before_a_sub_heading(
    cli: Cli, tmp_path: Path
) -> None:
    data = {
        **old_format(),
        "precautions": ["PRECAUTIONS INFORMATION FOR PATIENTS Tell patients to shake it."],
        "recent_major_changes": ["RECENT MAJOR CHANGES SECTION Warnings 1/2024"],
    }
    found = {s["title"]: s.get("text", "") for s in _sections(cli, tmp_path, data)}
    assert found["PRECAUTIONS"] == "INFORMATION FOR PATIENTS Tell patients to shake it."
    assert found["RECENT MAJOR CHANGES SECTION"] == "Warnings 1/2024"  # the heading's own


def test_an_old_heading_keeps_its_word_after_a_small_word_and_leaves_a_sentences_a(
    cli: Cli, tmp_path: Path
) -> None:
    data = {
        **old_format(),
        "indications_and_usage": ["INDICATIONS AND USAGE a) Glow syndrome b) Dullness"],
        "overdosage": ["OVERDOSAGE A child took 10 tablets and recovered."],
    }
    found = {s["title"]: s.get("text", "") for s in _sections(cli, tmp_path, data)}
    assert found["INDICATIONS AND USAGE"] == "a) Glow syndrome b) Dullness"
    assert found["OVERDOSAGE"] == "A child took 10 tablets and recovered."


def test_a_subsection_placed_before_the_first_is_its_own_in_number_order(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS Glimmer Fever: watch ( 5.1 ). Shine Loss: count "
            "cells ( 5.2 ). 5.2 Shine Loss Counts fell in trials. 5.1 Glimmer Fever Fever "
            "rose. 5.3 Falls Patients fell."
        ]
    )
    sections = [s for s in _sections(cli, tmp_path, data) if s.get("number", "").startswith("5")]
    found = [(s["number"], s["title"], s.get("text", "")) for s in sections]
    assert found[1:] == [
        ("5.1", "Glimmer Fever", "Fever rose."),
        ("5.2", "Shine Loss", "Counts fell in trials."),
        ("5.3", "Falls", "Patients fell."),
    ]
    assert "Counts fell" not in found[0][2]


def test_an_old_heading_run_into_the_acronym_named_sub_heading_gives_both(
    cli: Cli, tmp_path: Path
) -> None:
    warnings = [
        "WARNINGS Glimmer Syndrome The eyes glimmer. Severe Glow Skin Reactions Drug Rash "
        "with Sparkle and Shine Signs (DRSSS) Rare cases of rash with sparkle were seen."
    ]
    named = _serious(cli, tmp_path, {**old_format(), "warnings": warnings})
    assert named["Severe Glow Skin Reactions"] == "Warnings"
    assert named["Drug Rash with Sparkle and Shine Signs (DRSSS)"] == "Warnings"


def test_a_title_goes_on_through_a_word_in_lower_case_hyphened_to_the_next(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glowella sparkli -Associated Rash Studies suggest "
            "it. 5.2 Glowella dimmi- Associated Fever Fever was seen. 5.3 Dosing for Adults "
            "F irst- L ine Use Give 5 mg."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:8]) for s in sections if "number" in s}
    assert found["5.1"] == ("Glowella sparkli -Associated Rash", "Studies ")
    assert found["5.2"] == ("Glowella dimmi- Associated Fever", "Fever wa")
    assert not found["5.3"][0].endswith("irst-")  # a split piece, not a word


def test_a_title_for_a_section_of_the_label_ends_before_a_sub_heading(
    cli: Cli, tmp_path: Path
) -> None:
    data = record(
        dosage_and_administration=[
            "2 DOSAGE AND ADMINISTRATION Give weekly. 2.1 Dose Changes for Adverse Reactions "
            "Glow Reactions Slow the infusion. 2.2 Dose Changes for Drug Interactions Strong "
            "Glow Inhibitors Avoid them. 2.3 Dose Changes for Drug Interactions in Children "
            "Halve the dose."
        ]
    )
    sections = _sections(cli, tmp_path, data)
    found = {s["number"]: (s["title"], s.get("text", "")[:6]) for s in sections if "number" in s}
    assert found["2.1"] == ("Dose Changes for Adverse Reactions", "Glow R")
    assert found["2.2"] == ("Dose Changes for Drug Interactions", "Strong")
    assert found["2.3"] == ("Dose Changes for Drug Interactions in Children", "Halve ")
