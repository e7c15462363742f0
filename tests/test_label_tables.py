"""Label tables as the label prints them, side effects read from them, serious reactions.

Fixture labels are invented (tests/label_fixtures.py); the SARCLISA test reads the
real record from `../shared/labels` and skips when it is absent.
"""

from __future__ import annotations

import json
import tarfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcli.labels.serious import boxed_headline, recased, repeated_headings, title_reactions
from medcli.labels.table_effects import grade_of
from medcli.labels.tablegrid import split_header
from medcli.model import LabelSection, TableCell
from tests.conftest import REPO, Cli
from tests.label_fixtures import (
    ALONE_AND_COMBINED_TABLE,
    AMPERSAND_GRADE_TABLE,
    AR_TABLE,
    ARM_SUBROWS_TABLE,
    ARMS_AS_ROWS_TABLE,
    BLEEDING_CONSEQUENCES_TABLE,
    BOUNDS_TABLE,
    CAPTION_GRADE_TABLE,
    CAPTION_ROW_TABLE,
    CHANGE_FROM_BASELINE_TABLE,
    COMBINED_DOSES_TABLE,
    CONTROLLED_GROUPS_TABLE,
    CUMULATIVE_TABLE,
    FOOTER_MARKS_TABLE,
    GLUED_SYSTEM_TABLE,
    GRADE3_ONLY_TABLE,
    GRADE_3_AND_4_TABLE,
    GRADED_SUBROWS_TABLE,
    GROUPED_WARNING_TABLE,
    LOWER_BOUND_TABLE,
    MARKED_COLUMNS_TABLE,
    MARKED_DOSES_TABLE,
    MARKED_GRADES_TABLE,
    MARKED_NAMES_TABLE,
    MISALIGNED_STUDY_TABLE,
    ONSET_SUBROWS_TABLE,
    OTHER_ARMS_TABLE,
    PARAGRAPH_CELLS_TABLE,
    SPLIT_COUNT_TABLE,
    STACKED_CELLS_TABLE,
    STACKED_LABS_TABLE,
    STUDY_ARMS_TABLE,
    STUDY_GROUPS_TABLE,
    SYSTEM_RATES_TABLE,
    TOTAL_ARM_TABLE,
    TOTAL_IN_HEADER_TABLE,
    UNIT_WORDS_TABLE,
    WRAPPED_NAME_TABLE,
    answer,
    banded_prose,
    graded_prose,
    headed_report_prose,
    numbered_prose,
    prose_adverse,
    record,
    run_on_prose,
    sentence_headed_prose,
    system_lists_table,
    tables_record,
)

LABELS = REPO.parent / "shared" / "labels"


def imported(cli: Cli, tmp_path: Path) -> dict[str, Any]:
    (tmp_path / "a.json").write_bytes(answer(tables_record()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    drug: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]
    return drug


def by_name(drug: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for effect in drug["side_effects"]:
        found.setdefault(effect["name"], []).append(effect)
    return found


def rates_of(effect: dict[str, Any]) -> list[tuple[str, str, str, str, str | None]]:
    """(kind, percent, trial, arm, section) of each rate; the defaults are left out of JSON."""
    return [
        (r.get("kind", "incidence"), str(r["percent"]), r["trial"], r["arm"], r.get("section"))
        for r in effect.get("rates", [])
    ]


def test_arms_named_from_header_rows_inside_the_body(cli: Cli, tmp_path: Path) -> None:
    cramps = by_name(imported(cli, tmp_path))["Glimmer cramps"][0]
    assert {
        "column": "ZENTARO N=120 All Grades %",
        "value": "31",
        "arm": "ZENTARO N=120",
        "grade": "all",
        "patients": 120,
    } in cramps["table_rates"]
    assert not any(rate["column"].startswith("column ") for rate in cramps["table_rates"])


def test_tier_from_the_drug_arm_not_the_comparator_before_it(cli: Cli, tmp_path: Path) -> None:
    effects = by_name(imported(cli, tmp_path))
    # Oldocin, the comparator, comes first with 4% and 22%; the drug's own rates decide.
    assert effects["Glimmer cramps"][0]["frequency"] == "very_common"
    assert effects["Fizz nausea"][0]["frequency"] == "common"
    assert effects["Fizz nausea"][0]["frequency_note"] == "8% in ZENTARO N=120 All Grades %"


def test_tier_from_the_total_column_not_a_dose_or_a_sub_study(cli: Cli, tmp_path: Path) -> None:
    rash = by_name(imported(cli, tmp_path))["Sparkle rash"][0]
    assert rash["frequency"] == "common"  # Total 8%; not 14% at 5 mg, 30% placebo, 33% sub-study
    assert rash["frequency_note"] == "8% in Zentamab Total N=84 %"


def test_grades_1_to_4_columns_are_the_all_grade_rate(cli: Cli, tmp_path: Path) -> None:
    albumin = by_name(imported(cli, tmp_path))["Glint albumin decreased"][0]
    assert albumin["frequency"] == "very_common"  # 45%, not placebo's 12% or grade 3-4's 3%
    assert albumin["frequency_note"] == "45% in Zentamab N=70 Grades 1-4 %"
    assert {rate["grade"] for rate in albumin["table_rates"] if "1-4" in rate["column"]} == {"all"}


@pytest.mark.parametrize(
    ("heading", "grade"),
    [
        ("Grades 1-4 (%)", "all"),
        ("Grade 1-4 %", "all"),
        ("Grades 1 to 4", "all"),
        ("Grades 1–5", "all"),
        ("Grades 1-4ᵇ", "all"),
        ("Grades 1\u20114 %", "all"),
        ("All Gradesa", "all"),
        ("Grades 3-4*", "3-4"),
        ("All Grades %", "all"),
        ("Grade 1-2 %", "1"),
        ("Grades 3-4 %", "3-4"),
    ],
)
def test_grade_a_column_heading_names(heading: str, grade: str) -> None:
    assert grade_of(heading) == grade


def test_tier_from_the_highest_dose_arm_without_a_total(cli: Cli, tmp_path: Path) -> None:
    effects = by_name(imported(cli, tmp_path))
    spleen, cough = effects["Sparkle spleen"][0], effects["Hum cough"][0]
    assert spleen["frequency"] == "very_common"  # 0 at 40 mcg/kg (N=23), 16% at 120 mcg/kg
    assert spleen["frequency_note"] == ("16% (3 patients) in Zentamab 120 mcg/kg/day N=19 n (%)")
    assert cough["frequency"] == "common"  # the drug's 4%, never placebo's 30%
    assert cough["frequency_note"] == "4% (1 patients) in Zentamab 40 mcg/kg/day N=23 n (%)"


def test_tier_not_from_a_combination_at_the_same_dose(cli: Cli, tmp_path: Path) -> None:
    hiccup = by_name(imported(cli, tmp_path))["Fizz hiccup"][0]
    assert hiccup["frequency"] == "common"  # the drug alone, 3%; not 15% with Oldocin
    assert hiccup["frequency_note"] == "3% in Zentamab 10 mg N=50 %"


def test_rows_of_a_serious_reactions_table_are_serious(cli: Cli, tmp_path: Path) -> None:
    collapse = by_name(imported(cli, tmp_path))["Sparkle collapse"][0]  # "$" is a footnote mark
    assert collapse["serious"] is True
    # No arm names the drug: the first arm, not the larger comparator (Od, N=90, 20%).
    assert collapse["frequency"] == "common"
    assert collapse["frequency_note"] == "4% in Zd N=50 %"


def test_count_and_percent_cells_give_the_percent(cli: Cli, tmp_path: Path) -> None:
    count = by_name(imported(cli, tmp_path))["Sparkle count decreased"][0]
    assert count["frequency"] == "very_common"
    assert count["frequency_note"] == "25% (30 patients) in Zentamab N=120 All Grades n (%)"
    fizz = by_name(imported(cli, tmp_path))["Fizz fever"][0]  # no "%" in the whole table
    assert fizz["frequency_note"] == (  # the caption says grade 3 and 4: a floor
        "20% (12 patients) in Zentamab (N=60); grade 3-4 only, all grades not given: at least this"
    )


def test_one_entry_per_reaction_row_no_totals_headers_or_body_systems(
    cli: Cli, tmp_path: Path
) -> None:
    effects = by_name(imported(cli, tmp_path))
    for junk in (
        "Total",
        "Adverse Reaction",
        "Gastrointestinal disorders",
        "Parameter",
        "Patients with at least one reaction",
    ):
        assert junk not in effects
    assert "Nervous system disorders" not in effects  # a body-system row with its own total
    assert len(effects["Glimmer cramps"]) == 1  # the table openFDA gives twice is read once
    assert effects["Glimmer cramps"][0]["category"] == "Gastrointestinal disorders"
    assert effects["Hum headache"][0]["category"] == "Nervous system disorders"


def test_reactions_after_a_body_system_column_are_read(cli: Cli, tmp_path: Path) -> None:
    effects = by_name(imported(cli, tmp_path))
    assert "Eye disorders" not in effects
    blur, glow = effects["Blur flicker"][0], effects["Glow eyes"][0]
    assert blur["category"] == glow["category"] == "Eye disorders"
    assert blur["frequency"] == "very_common"
    assert glow["frequency"] == "common"  # "7%" above its own "(N=48)"


def test_serious_reactions_named_as_the_label_names_them(cli: Cli, tmp_path: Path) -> None:
    effects = by_name(imported(cli, tmp_path))
    boxed = {name for name, items in effects.items() if items[0]["section"] == "Boxed Warning"}
    assert boxed == {
        "Serious and fatal glimmeritis",
        "Suicidal thoughts and behaviors",
        "Left ventricular dysfunction",
    }
    for precaution in ("Geriatric Patients", "Calcium Channel Blockers", "Major Surgery"):
        assert precaution not in effects
    assert effects["Glimmer cramps"][0]["serious"]  # the table row 5.1 names


def test_rows_named_exactly_by_a_warnings_title_are_serious(cli: Cli, tmp_path: Path) -> None:
    effects = by_name(imported(cli, tmp_path))
    # 5.6 "Sparkle Fits and Drowsiness": plural, other case, grouped terms in brackets.
    fit = effects["Sparkle fit (fit, twitch)"][0]
    assert fit["serious"] is True
    assert fit["section"] == "Warnings and precautions 5.6"
    # Not by a loose match: a longer name, or a reaction 5.6's text only mentions.
    assert not effects["Drowsiness aggravated"][0].get("serious")
    assert not effects["Sparkle spleen"][0].get("serious")
    # No row is "Drowsiness": the warning stays an entry of its own.
    assert effects["Sparkle Fits and Drowsiness"][0]["serious"] is True


def test_serious_and_fatal_rates_from_the_labels_own_sentences(cli: Cli, tmp_path: Path) -> None:
    drug = imported(cli, tmp_path)
    effects = by_name(drug)
    rates = {name: rates_of(items[0]) for name, items in effects.items()}
    assert rates["Glimmer cramps"] == [("serious", "12", "ZEN-2", "Zentaro", "6.1")]
    assert rates["Wobble syncope"] == [("serious", "2.5", "ZEN-2", "Zentaro", "6.1")]
    assert ("fatal", "1.2", "ZEN-2", "arm not named", "6.1") in rates["Sparkle failure"]
    assert ("serious", "4", "ZEN-2", "Zentaro", "6.1") in rates["Sparkle failure"]
    assert rates["Neutropenia"] == [("incidence", "18", "ZEN-2", "Zentaro", "5.2")]
    assert effects["Neutropenia"][0]["frequency"] == "very_common"
    overall = [(r.get("kind"), str(r["percent"]), r["arm"]) for r in drug["adverse_reaction_rates"]]
    assert overall == [("serious", "40", "Zentaro"), ("fatal", "1.6", "arm not named")]
    serious = cli("side-effects", "zentaro", "--serious")
    text = " ".join(serious.stdout.split())
    assert "Sparkle failure SERIOUS (from Adverse reactions 6.1)" in text
    assert "ZEN-2, Zentaro: 4% serious" in text


def test_boxed_warning_titled_only_warning() -> None:
    section = LabelSection(
        key="boxed-warning",
        title="WARNING:",
        text="GLIMMERITIS AND SERIOUS AND FATAL SPARKLE LOSS Zentamab can cause glimmeritis.",
    )
    assert boxed_headline(section) == ["Glimmeritis", "Serious and fatal sparkle loss"]
    cut = LabelSection(  # openFDA cut the headline between the title and the text
        key="boxed-warning",
        title="WARNING: GLIMMER TOXICITY, INCLUDING GLIMMER",
        text="DISEASE (GD) and RISK OF SPARKLE LOSS WITH ZEN AND ZAP Zentamab can cause it.",
    )
    assert boxed_headline(cut) == [
        "Glimmer toxicity, including glimmer disease (gd)",
        "Risk of sparkle loss with zen and zap",
    ]


def test_boxed_headline_keeps_reactions_sharing_a_qualifier_together() -> None:
    section = LabelSection(
        key="boxed-warning",
        title="WARNING: GLOOM AND SPARKLE IDEATION AND BEHAVIOR IN PATIENTS WITH GLIMMER DISEASE",
        text="Dimmer blockers, including ZENTARO, can increase the risk of gloom.",
    )
    assert boxed_headline(section, ["Zentaro"]) == [
        "Gloom and sparkle ideation and behavior in patients with glimmer disease"
    ]
    after = LabelSection(  # a qualifier on the first reaction only: the "and" still splits
        key="boxed-warning",
        title="WARNING: GLOOM IN PATIENTS WITH GLIMMER DISEASE AND SPARKLE LOSS",
        text="Zentamab can cause gloom.",
    )
    assert boxed_headline(after, ["Zentaro"]) == [
        "Gloom in patients with glimmer disease",
        "Sparkle loss",
    ]


def test_boxed_headline_keeps_the_brand_after_a_joining_word() -> None:
    section = LabelSection(
        key="boxed-warning",
        title="WARNING: SERIOUS RISKS FROM USE OF ZENTARO",
        text="Zentaro exposes users to risks of gloom.",
    )
    assert boxed_headline(section, ["Zentaro"]) == ["Serious risks from use of zentaro"]


@pytest.mark.parametrize(
    ("title", "reactions"),
    [
        ("Gloom and Drowsiness", ["Gloom", "Drowsiness"]),
        ("Gloom, Fizz, and Hum", ["Gloom", "Fizz", "Hum"]),
        ("Suicidal Thoughts and Behaviors", ["Suicidal Thoughts and Behaviors"]),
        (
            "Sparkle Syndrome with Use of Glimmer Drugs and Zaps",
            ["Sparkle Syndrome with Use of Glimmer Drugs and Zaps"],
        ),
        ("Glimmer Reactions Including Gloom and Fizz", ["Glimmer Reactions"]),
    ],
)
def test_the_reactions_a_warnings_title_lists(title: str, reactions: list[str]) -> None:
    assert title_reactions(title) == reactions


def test_boxed_headline_stops_where_the_text_names_the_brand(cli: Cli, tmp_path: Path) -> None:
    boxed = (
        "WARNING: GLOOM AND SPARKLITY IN PATIENTS WITH GLIMMER DISEASE ZENTARO XR and "
        "ZENTARO can increase the risk of gloom in patients with glimmer disease."
    )
    (tmp_path / "a.json").write_bytes(answer({**tables_record(), "boxed_warning": [boxed]}))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--serious", "--json")
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    boxed_names = {
        name for name, items in effects.items() if items[0]["section"] == "Boxed Warning"
    }
    assert boxed_names == {"Gloom and sparklity in patients with glimmer disease"}


def test_table_drawn_with_its_arm_headers_at_80_and_40_columns(cli: Cli, tmp_path: Path) -> None:
    imported(cli, tmp_path)
    wide = cli("--width", "80", "show", "zentaro", "-s", "adverse-reactions").stdout.splitlines()
    arms = next(i for i, line in enumerate(wide) if "Oldocin" in line and "ZENTARO" in line)
    assert "All Grades %" in wide[arms + 1] and "Adverse Reaction" in wide[arms + 1]
    assert wide[arms + 2].strip() == ""  # the header is ruled off (a blank line when piped)
    assert wide[arms + 3].startswith("Gastrointestinal")
    narrow = cli("--width", "40", "show", "zentaro", "-s", "adverse-reactions").stdout
    assert all(len(line) <= 40 for line in narrow.splitlines())
    cramps = narrow[narrow.index("Glimmer cramps") :]
    assert "Oldocin N=90 All Grades %: 4" in " ".join(cramps.split()[:20])
    assert "ZENTARO N=120 All Grades %: 31" in " ".join(cramps.split()[:40])


@pytest.mark.skipif(not (LABELS / "openfda-labels.tar.gz").exists(), reason="no shared labels")
def test_sarclisa_serious_reactions_with_rate_and_section(cli: Cli, tmp_path: Path) -> None:
    with tarfile.open(LABELS / "openfda-labels.tar.gz") as archive:
        member = archive.extractfile("openfda/BLA761113.json")
        assert member is not None
        (tmp_path / "sarclisa.json").write_bytes(member.read())
    assert cli("import", str(tmp_path / "sarclisa.json")).exit_code == 0
    result = cli("side-effects", "sarclisa", "--serious", "--json")
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    wanted = {
        "Pneumonia": ("serious", "26"),
        "Upper respiratory tract infection": ("serious", "7"),
        "Febrile neutropenia": ("serious", "7"),
        "Cardiac failure": ("serious", "4"),
        "Neutropenia": ("incidence", "96"),
        "Second Primary Malignancies": ("incidence", "7"),
    }
    for name, (kind, percent) in wanted.items():
        rates = [(kind, percent) for e in effects[name] for kind, percent, *_ in rates_of(e)]
        assert (kind, percent) in rates, (name, rates)
        assert all(e["serious"] and e["section"] for e in effects[name])
    cardiac = rates_of(effects["Cardiac failure"][0])
    assert ("fatal", "1.1", "IKEMA", "Isa-Kd", "6.1") in cardiac
    infusion = effects["Infusion-related reaction"][0]
    assert infusion["section"] == "Warnings and precautions 5.1"
    assert infusion["frequency_note"].startswith("38% in SARCLISA + Pomalidomide")
    text = " ".join(cli("side-effects", "sarclisa", "--serious").stdout.split())
    assert "ICARIA-MM, Isa-Pd: 26% serious" in text
    assert "IKEMA, Isa-Kd: 1.1% fatal; 4% serious" in text


CELLS = st.builds(
    TableCell,
    text=st.sampled_from(["", "Rash", "Zentamab N=12", "All Grades %", "12", "3 (25)", "<1"]),
    colspan=st.integers(1, 3),
    rowspan=st.integers(1, 3),
)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])  # 2 loaded cores
@given(
    st.lists(st.lists(CELLS, min_size=1, max_size=5), max_size=3),
    st.lists(st.lists(CELLS, min_size=1, max_size=5), min_size=1, max_size=8),
)
def test_moving_header_rows_keeps_every_cell_and_a_body(
    head: list[list[TableCell]], body: list[list[TableCell]]
) -> None:
    new_head, new_body = split_header(head, body)
    assert new_body and new_head[: len(head)] == head
    moved = new_head[len(head) :]
    assert [[c.text for c in row] for row in moved + new_body] == [
        [c.text for c in row] for row in body
    ]
    for index, row in enumerate(moved):  # a moved row's span stops at the header's end
        assert all(cell.rowspan <= len(moved) - index for cell in row)


def test_a_drug_property_and_the_drugs_a_reaction_comes_with_are_not_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    boxed = (
        "WARNING: SPARKLE SYNDROME WITH CONCOMITANT USE OF GLIMMER DRUGS AND OPIOIDS "
        "ZENTARO may cause sparkle syndrome with glimmer drugs."
    )
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Sparkle Syndrome Watch for sparkle. 5.2 Binding to "
        "Pigment-Containing Tissues Zentamab binds pigment in dogs. 5.3 Lack of Effectiveness "
        "Consider other treatments if glow persists."
    )
    record = {**tables_record(), "boxed_warning": [boxed], "warnings_and_cautions": [warnings]}
    (tmp_path / "a.json").write_bytes(answer(record))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--serious", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    boxed_names = {
        name for name, items in effects.items() if items[0]["section"] == "Boxed Warning"
    }
    assert boxed_names == {"Sparkle syndrome with concomitant use of glimmer drugs and opioids"}
    assert "Opioids" not in effects
    assert "Binding to Pigment-Containing Tissues" not in effects
    assert "Lack of Effectiveness" not in effects
    assert effects["Sparkle Syndrome"][0]["section"] == "Warnings and precautions 5.1"


def test_a_rate_sentence_belongs_to_the_trial_named_nearest_before_it(
    cli: Cli, tmp_path: Path
) -> None:
    adverse = (
        "6 ADVERSE REACTIONS 6.1 Clinical Trials Experience Zentaro was given in three "
        "studies, ZENPEAK-004, ZENPEAK-005, and ZENITH. Serious adverse reactions occurred "
        "in 50% of patients who received Zentaro. Glow Disease ZENPEAK-004 Zentaro "
        "was studied in 61 patients. Serious adverse reactions occurred in 15% of patients "
        "who received Zentaro. Table 3 summarizes the laboratory changes in ZENPEAK-004. "
        "Advanced Glow Disease ZENPEAK-005 Zentaro was studied in a randomized trial "
        "(ZENPEAK- 005) in 372 patients. Serious adverse reactions occurred in 38% of "
        "patients who received Zentaro. Serious adverse reactions in ≥2% of patients "
        "treated with Zentaro were sparkle failure (7%) and wobble syncope (3.5%). Dim Glow "
        "Zentaro was evaluated in a randomized study (ZENITH) in 50 patients. Serious adverse "
        "reactions occurred in 20% of patients who received Zentaro."
    )
    record = {**tables_record(), "adverse_reactions": [adverse]}
    (tmp_path / "a.json").write_bytes(answer(record))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    drug = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]
    overall = [(str(r["percent"]), r["trial"]) for r in drug["adverse_reaction_rates"]]
    assert overall == [
        ("50", "Clinical Trials Experience"),  # pooled: the list names no one trial
        ("15", "ZENPEAK-004"),
        ("38", "ZENPEAK-005"),
        ("20", "ZENITH"),
    ]
    effects = by_name(drug)
    assert rates_of(effects["Sparkle failure"][0]) == [
        ("serious", "7", "ZENPEAK-005", "Zentaro", "6.1")
    ]


def test_a_wrapped_name_and_a_plural_in_6_1_are_the_rows_they_name(
    cli: Cli, tmp_path: Path
) -> None:
    adverse = (
        "6 ADVERSE REACTIONS 6.1 Clinical Trials Experience In ZEN-3, patients received "
        "Zentaro. Serious adverse reactions in >2% of patients who received Zentaro "
        "included sparkle rashes (3%)."
    )
    record = {
        **tables_record(),
        "adverse_reactions": [adverse],
        "adverse_reactions_table": [TOTAL_ARM_TABLE, WRAPPED_NAME_TABLE],
    }
    (tmp_path / "a.json").write_bytes(answer(record))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    assert "Sparkle rashes" not in effects
    assert effects["Sparkle rash"][0]["serious"] is True
    wrapped = effects["Dimmer effects (dry glow, slow blink, blurred sparkle, hum)"][0]
    assert wrapped["category"] == "Nervous system disorders"
    assert effects["Buzz headache"][0]["category"] == "Nervous system disorders"


def test_rows_a_warnings_text_reports_the_incidence_of_are_serious(
    cli: Cli, tmp_path: Path
) -> None:
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Suppression In the ZEN-11 trial, glimmer "
        "suppression was seen. Flicker loss and sparkle drop were reported in 83/164 patients "
        "(51%) and 81/164 patients (49%), respectively. Grade 3 flicker was reported in 9/164 "
        "patients (5%). Febrile sparkle, which may be life-threatening, was reported in "
        "43/164 patients (26%). Discontinuation due to dim spots occurred in 2% of patients."
    )
    record = {
        **tables_record(),
        "warnings_and_cautions": [warnings],
        "adverse_reactions_table": [GROUPED_WARNING_TABLE],
    }
    (tmp_path / "a.json").write_bytes(answer(record))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    for name in ("Flicker loss", "Sparkle drop", "Febrile sparkle"):
        assert effects[name][0]["serious"] is True, name
        assert effects[name][0]["section"] == "Warnings and precautions 5.1"
    for name in ("Dim spots", "Flicker"):  # a discontinuation, a graded mention
        assert not effects[name][0].get("serious"), name


def test_a_grade_3_or_higher_column_alone_gives_a_floor_tier(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=[GRADE3_ONLY_TABLE])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    drug = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]
    leukopenia = by_name(drug)["Fizz leukopenia"][0]
    assert leukopenia["frequency"] == "common"  # 9% at grade >= 3: all grades at least 9%
    assert leukopenia["frequency_note"].endswith("all grades not given: at least this")
    assert [rate["grade"] for rate in leukopenia["table_rates"]] == ["3+"]


def test_a_row_stacking_several_reactions_is_a_row_for_each(cli: Cli, tmp_path: Path) -> None:
    effects = _table_effects(cli, tmp_path, [STACKED_CELLS_TABLE])
    notes = {name: effects[name][0]["frequency_note"] for name in ("Flicker loss", "Glow anemia")}
    assert notes == {
        "Flicker loss": "40% (80 patients) in Zentamab N=200 Any Grade n (%)",
        "Glow anemia": "6% (12 patients) in Zentamab N=200 Any Grade n (%)",
    }
    assert [r["value"] for r in effects["Sparkle drop"][0]["table_rates"]] == ["1 (< 1)", "0"]
    assert not [name for name in effects if "Buzz ache" in name]  # 2 names, 3 values: no guess


def test_a_cell_of_paragraphs_is_a_row_per_reaction_under_its_body_system(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_bytes(
        answer(record(adverse_reactions_table=[PARAGRAPH_CELLS_TABLE]))
    )
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    found = {
        name: (
            entry[0].get("category"),
            [rate["value"] for rate in entry[0].get("table_rates", [])],
        )
        for name, entry in effects.items()
        if entry[0].get("table_rates")
    }
    general = "General disorders and administration site conditions"
    assert found == {
        "Glow fatigue": (general, ["54", "7", "30"]),
        "Dim ache": (general, ["21", "1", "12"]),
        "Sparkle loss": ("Investigations", ["33", "2", "10"]),
        "Glow protein": ("Renal and urinary disorders", ["41", "- ᵈ", "12"]),
        "Hum fever and chills": ("Renal and urinary disorders", ["15", "0", "4"]),  # wrapped
    }


def test_arms_as_sub_rows_of_each_reaction_give_the_reaction_once(cli: Cli, tmp_path: Path) -> None:
    effects = _table_effects(cli, tmp_path, [ARM_SUBROWS_TABLE])
    assert not [name for name in effects if "oldocin" in name]
    fever, rash = effects["Glow fever"][0], effects["Dim rash"][0]
    assert (fever["frequency"], rash["frequency"]) == ("very_common", "common")  # ZENTARO's row
    assert [(rate["arm"], rate["value"]) for rate in rash["table_rates"]] == [
        ("ZENTARO/oldocin", "6 (8%)"),
        ("ZENTARO/oldocin", "1 (1%)"),
        ("Chemotherapy/oldocin", "2 (3%)"),
        ("Chemotherapy/oldocin", "0 (0%)"),
    ]


def test_tier_from_the_drugs_other_arms_or_a_bound_never_placebo(cli: Cli, tmp_path: Path) -> None:
    tables = [OTHER_ARMS_TABLE, ARMS_AS_ROWS_TABLE]
    effects = _table_effects(cli, tmp_path, tables)
    tiers = {
        name: (effects[name][0]["frequency"], effects[name][0].get("frequency_note"))
        for name in ("Glow twitch", "Dim hiccup", "Hum blink")
    }
    assert tiers == {
        "Glow twitch": ("common", "4% in Children Zentamab N=40 %"),  # adults "-"
        "Dim hiccup": ("very_common", "12% in Children Zentamab N=40 %"),  # adults 0
        "Hum blink": ("uncommon", "<1% in Adults Zentamab N=300 %"),  # under 1%: uncommon
    }
    assert effects["Buzz yawn"][0]["frequency"] == "unknown"  # placebo's 15% says nothing
    assert not [name for name in effects if "Placebo" in name or "50 mg" in name]
    assert effects["Total bilirubin increased"][0]["frequency"] == "common"  # a lab reaction
    assert "Total" not in effects  # a total row
    assert effects["Gastrointestinal disorder"][0]["frequency"] == "common"  # one disorder
    assert effects["Fizz burp"][0].get("category") is None  # not under it; no bullet


def test_boxed_headline_lists_the_reactions_after_its_lead_in() -> None:
    section = LabelSection(
        key="boxed-warning",
        title="WARNING: FATAL AND SERIOUS GLOOMS: SPARKLE LOSS, GLIMMER FEVER, and DIM RASH",
        text="Fatal sparkle loss occurred in 9% of patients.",
    )
    assert boxed_headline(section, ["Zentaro"]) == ["Sparkle loss", "Glimmer fever", "Dim rash"]


def test_an_old_box_in_capitals_gives_its_later_headline_whole() -> None:
    text = (
        "GLIMMER FEVER HAS BEEN REPORTED WITH ZENTARO (SEE WARNINGS). SPARKLE LOSS AND "
        "DIM BLOOD SPARKLE LOSS AND DIM BLOOD HAVE BEEN REPORTED IN ASSOCIATION WITH ZENTARO."
    )
    assert repeated_headings(text) == ["Sparkle loss and dim blood"]


def _table_effects(cli: Cli, tmp_path: Path, tables: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The side effects, by name, of a label whose adverse-reaction tables are *tables*."""
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=tables)))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    return by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])


def test_a_grades_1_to_4_heading_with_a_mark_and_a_unicode_hyphen_is_all_grades(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [MARKED_GRADES_TABLE])
    tiers = {name: effects[name][0]["frequency"] for name in ("Glow nausea", "Dim headache")}
    assert tiers == {"Glow nausea": "very_common", "Dim headache": "common"}  # not unknown
    assert effects["Glow nausea"][0]["frequency_note"] == (
        "57% in Grades 1\u20114 Zentamab (n = 90) %"  # its mark "ᵇ" left out
    )


def test_tier_from_the_highest_dose_whatever_the_marks_or_combinations(
    cli: Cli, tmp_path: Path
) -> None:
    tables = [MARKED_DOSES_TABLE, COMBINED_DOSES_TABLE]
    effects = _table_effects(cli, tmp_path, tables)
    tiers = {
        name: (effects[name][0]["frequency"], effects[name][0]["frequency_note"])
        for name in ("Glow nausea", "Dim zoster", "Hum dizziness")
    }
    assert tiers == {  # 200 mg, not the larger 100 mg arm; 50 mg alone, not 25 mg
        "Glow nausea": ("very_common", "14.5% (86 patients) in Zentamab 200 mg N=590 n (%¹)"),
        "Dim zoster": ("common", "1.2% (7 patients) in Zentamab 200 mg N=590 n (%¹)"),
        "Hum dizziness": ("common", "1.2% in Zentamab 50 mg (%)"),
    }


def test_grade_3_4_rates_named_by_the_caption_give_a_floor_not_a_tier(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [CAPTION_GRADE_TABLE])
    glint, enzyme = effects["Glint decreased"][0], effects["Dim enzyme increased"][0]
    assert (glint["frequency"], enzyme["frequency"]) == ("very_common", "common")  # at least
    assert enzyme["frequency_note"].endswith("grade 3-4 only, all grades not given: at least this")
    assert {rate["grade"] for rate in glint["table_rates"]} == {"3-4"}


def test_a_lab_table_stacked_without_marks_and_its_degree_rows(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=[STACKED_LABS_TABLE])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    rows = {
        e["name"]: (e["table_rates"][0]["value"], e["category"])
        for e in effects
        if e.get("table_rates")
    }
    blood, growths = "Hematology abnormalities", "Glow neoplasia"
    assert rows == {
        "Glowpenia": ("63", blood),
        "Dimemia": ("45", blood),
        "ALT increased": ("39", blood),
        "Increased AST": ("30", blood),
        "Fizzopenia (any degree)": (">50%", blood),
        "Fizzopenia <2500 cells/mm³": ("16", blood),  # a degree of the row above, named with it
        "Glowoma": ("0.5", growths),  # under a group row holding only a mark
        "Glow neoplasia (others)": ("2.8", growths),  # not "Others" alone
    }


def test_an_old_labels_prose_lists_give_entries_without_rates(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(prose_adverse()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    listed = {
        effect["name"]: effect.get("category")
        for effect in effects
        if effect.get("section") == "Adverse Reactions"
    }
    assert listed == {
        "Glow dizziness": None,
        "Sparkle nausea": None,
        "Dim vomiting": None,
        "Shine arrest": "Cardiovascular System",
        "Glow edema": "Cardiovascular System",
        "Flicker syncope and collapse": "Cardiovascular System",
        "Dim block": "Cardiovascular System",
        "Sparkle rash": "Skin",
        "Buzz deafness": "Ear Effects",  # lower case after the heading
        "Hum ringing": "Ear Effects",  # its footnote marks gone
        "Glow hiccup": "Ear Effects",
        "Dim squint": "Eye Disorders",  # a heading run on after the list, no stop
        "Hum cough": "Other Effects",
        "Buzz ache": "Other Effects",
        "Zeller's syndrome (a glowing rash)": "Other Effects",
        "Glow anemia, including dim anemia": "Other Effects",
        "Bleeding": "Other Effects",
        "Hyperglow": "Other Effects",  # a headed paragraph's reported reaction
    }  # not "Glimmer fever may occur", the 12% sentence, nor deaths
    assert all(e["frequency"] == "unknown" and not e.get("table_rates") for e in effects)


def test_prose_lists_without_full_stops_give_every_item(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(run_on_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    listed = {
        effect["name"]: effect.get("category")
        for effect in effects
        if effect.get("section") == "Adverse Reactions"
    }
    assert listed == {
        "Buzz cough": None,  # "The following reactions are common:"
        "Hum sneeze": None,
        "Glimmer": None,  # "… have been reported but are uncommon"
        "Fizz": None,
        "Sparkle": None,
        "Shine ache": None,  # a list of three or more names that "may occur"
        "Hum blur": None,
        "Dim chills": None,
        "Buzz shakes": None,
        "Glow hives": None,  # "characterized by signs such as"
        "Dim itch": None,
        "Fizz sneeze": None,
        "Glow arrest": "Cardiovascular",
        "Dim block": "Cardiovascular",
        "Sudden death": "Cardiovascular",  # not the sentence run on after it
        "Glow states (especially at night) with dimming": "Psychiatric",
        "Buzz": "Psychiatric",
        "Hum mania": "Psychiatric",
        "Exacerbation of glowosis": "Psychiatric",  # the next heading follows, no stop
        "Fizz tingling": "Neurologic",
        "Dim alterations in EEG patterns": "Neurologic",
        "Buzz tinnitus": "Neurologic",
        "Dry glow": "Anticholinergic",
        "Glow adenitis": "Anticholinergic",
        "Dim vision": "Anticholinergic",
        "Drug fever": "Anticholinergic",  # a reaction's name, not a remark on the drug
        "Glow gain or loss": "Other",
        "Urinary frequency": "Other",  # a reaction, not a word about how often
        "Nocturia": "Other",
        "Glow swelling": "Other",
        "Fizz ache": "Glow and Dim Disorders",  # a heading of several words, run on
        "Breast glow in the male": "Endocrine",  # a heading set off by a dash
        "Dim libido": "Endocrine",
        "Glow glaucoma": "Eye Disorders",
        "Glow necrosis": "Eye Disorders",  # "Other rarely seen events include"
        "Dim burn": "Eye Disorders",
        "Fizz rash": "Eye Disorders",
        "Glow acidosis": "Renal",  # a space before the colon, run on after a list
        "Dim rash": "Skin",
        "Hum bleed": "Skin",
        "Buzz ulcer": "Skin",  # "… each occurred in one patient"
        "Fizz anemia": "Blood",  # "a and b each occurred": two
        "Glow bruises": "Blood",
    }  # the withdrawal sentence lists nothing


def test_headed_prose_sentences_give_the_reactions_they_report(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(headed_report_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    listed = {
        effect["name"]: (effect.get("category"), effect["frequency"])
        for effect in effects
        if effect.get("section") == "Adverse Reactions"
    }
    blood, unknown = "Hematological Effects", "unknown"
    assert listed == {
        "Dose-related glowpenia": (blood, unknown),
        "Dimopenia": (blood, unknown),
        "Fizzopenia": (blood, unknown),
        "Anemia": (blood, unknown),
        "Sparkle anemia": (blood, unknown),  # its remark in brackets is not its name
        "Glow lung fibrosis": ("Pulmonary", unknown),  # a heading that lost its colon
        "Shine tamponade": ("Cardiac", unknown),
        "Glow endocarditis": ("Cardiac", unknown),  # one case of it
        "Sparkle pigmentation": ("Dermatologic", unknown),  # 5% to 10% spans two tiers
        "Dim hives": ("Miscellaneous", unknown),
        "Glow erythema": ("Miscellaneous", unknown),
        "Buzz gravis": ("Miscellaneous", unknown),  # after a name too long to take
        "Jitters": ("Miscellaneous", unknown),
    }  # not the role of rest, a glow syndrome, nor glowuria "not uncommon" with the disease
    notes = {e["name"]: e.get("frequency_note") for e in effects}
    assert notes["Sparkle pigmentation"] == "5% to 10%"


def test_prose_headings_without_colons_open_sentences(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(sentence_headed_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    listed = {
        effect["name"]: effect.get("category")
        for effect in effects
        if effect.get("section") == "Adverse Reactions"
    }
    nervous, autonomic, heart = "Central Nervous System", "Autonomic Nervous System", "Heart"
    assert listed == {
        "Glow disturbances (dim nausea, hum ache)": None,  # "The most common … are a and b"
        "Fizz reactions (such as buzz and hives)": None,
        "Glowpism": None,  # "… and these events: glowpism"
        "Glow drowsiness": nervous,  # "may be encountered", after a heading with no colon
        "Pseudoglowism": nervous,  # not "other dim symptoms", a group
        "Night glow": nervous,  # "… have been reported but are extremely rare"
        "Hum activity": nervous,
        "Buzz ache": nervous,
        "Dry glow": autonomic,
        "Dim vision": autonomic,
        "Pallor": autonomic,  # "… have been seen"
        "Sparkle dermatitis": "Skin",  # "… have been observed infrequently"
        "Glow eruptions of the hive type": "Skin",
        "Photoglow": "Skin",  # "… is extremely rare"
        "Hum swelling": "Skin",  # "Other Rare cases described as … have been reported"
        "Glow arrhythmias": "Cardiovascular System",  # "Both a and b have been reported"
        "Sudden death": "Cardiovascular System",
        "Dim hypotension": "Vascular Effects",
        "Glow arrest": "Vascular Effects",  # not "Rarely resulting in glow arrest"
        "Dim diuresis": "Endocrine",  # "… have occurred"
        "Glow hypoglycemia": "Endocrine",
        "Glow prolongation": heart,  # what it results in are reactions too
        "Fizz tachycardia": heart,
        "Hum pointes": heart,
        "Dim shock": heart,
        "Sparkle rash": "Allergic Reactions",
        "Drug fever": "Allergic Reactions",
        "Drug reaction with glow and systemic symptoms (DRESS)": "Allergic Reactions",
        "Acute glow pustulosis (AGEP)": "Allergic Reactions",
        "Elevations in glowase and dim acid": "Liver Effects",  # one head, two tests
    }  # not the usual doses, the effect that subsides, the glow interval, nor the liver
    # tests "with and without" others (no "and" there parts two reactions)


def test_bounds_footnoted_grades_and_split_counts_give_tiers(cli: Cli, tmp_path: Path) -> None:
    tables = [BOUNDS_TABLE, SPLIT_COUNT_TABLE, LOWER_BOUND_TABLE]
    effects = _table_effects(cli, tmp_path, tables)
    tiers = {
        name: effects[name][0]["frequency"]
        for name in (
            "Glow leukopenia",
            "Dim cough",
            "Hum ache",
            "Buzz itch",
            "Fizz chill",
            "Shine gout",
            "Shine blur",
        )
    }
    assert tiers == {
        "Glow leukopenia": "very_common",  # >50%
        "Dim cough": "very_common",  # ≥ 10%
        "Hum ache": "unknown",  # >5% may be common or very common
        "Buzz itch": "common",  # ≤1 allows 1%
        "Fizz chill": "common",  # the "Any Grade¹" column, not grade ≥3
        "Shine gout": "common",  # under 5% for all grades, 2% at grade ≥3: at least common
        "Shine blur": "unknown",  # "n (%)" columns: "< 5%" and "< 1%" give no tier
    }
    assert effects["Shine gout"][0]["frequency_note"] == (
        "2% (8 patients) in Grade 3/4 Adverse Reactions Zentamab (N=400) n (%); "
        "grade 3-4 only, all grades < 5%: at least this"
    )
    drowse, sneeze = effects["Sparkle drowse"][0], effects["Glow sneeze"][0]
    assert (drowse["frequency"], sneeze["frequency"]) == ("very_common", "common")
    assert drowse["frequency_note"] == "60.0% in Zentamab N=200 n (%)"  # not the count 120


def test_a_warnings_subsections_own_rate_gives_its_tier(cli: Cli, tmp_path: Path) -> None:
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever Glimmer fever occurred in 42% of "
        "patients. 5.2 Sparkle Storm In ZEN-1, sparkle storm was the most frequently reported "
        "adverse reaction (75%). Febrile sparkle storm was reported in 2% of patients. "
        "5.3 Dim Spells Grade 3 dim spells occurred in 4% of patients. Febrile dim spells "
        "were reported in 3% of patients."
    )
    (tmp_path / "a.json").write_bytes(answer(record(warnings_and_cautions=[warnings])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    storm, spells = effects["Sparkle Storm"][0], effects["Dim Spells"][0]
    assert [str(rate["percent"]) for rate in storm["rates"]] == ["75"]
    assert storm["frequency"] == "very_common"
    assert spells.get("rates", []) == []  # a grade 3 rate and a febrile one are not its own
    assert spells["frequency"] == "unknown"


def test_names_without_footnote_marks(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=[MARKED_NAMES_TABLE])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout)["drugs"][0]["side_effects"]
    names = [effect["name"] for effect in effects if effect.get("table_rates")]
    assert names == [
        "Glowings",
        "Dimmings",
        "Sparkle rash",
        "Hum sepsis",
        "Buzz pneumonia",
        "Glow hepatitis B",
        "Fizz cells <500 cells/mm³",
        "Dim bleed",
    ]


def _serious_effects(cli: Cli, tmp_path: Path, box: str, warnings: str) -> list[dict[str, Any]]:
    """The serious side effects `side-effects --serious --json` gives of a label with *box*
    as its boxed warning and *warnings* as its W&P section."""
    data = record(boxed_warning=[box], warnings_and_cautions=[warnings])
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--serious", "--json")
    assert result.exit_code == 0, result.stderr
    effects: list[dict[str, Any]] = json.loads(result.stdout)["drugs"][0]["side_effects"]
    return effects


def test_boxed_names_keep_the_labels_casing_and_no_allele(cli: Cli, tmp_path: Path) -> None:
    box = (
        "WARNING: SERIOUS GLOW REACTIONS AND HLA-Z*0101 ALLELE SERIOUS AND SOMETIMES FATAL "
        "GLOW REACTIONS HAVE BEEN REPORTED. SPARKLE LOSS INCLUDING ZELLER'S (SLZ) AND "
        "QT DIMMING"
    )
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Sparkle Loss Sparkle loss, including Zeller's "
        "sparkle loss (SLZ), occurred. Test for Zeller's signs. Check the QT interval; QT "
        "dimming was seen."
    )
    effects = _serious_effects(cli, tmp_path, box, warnings)
    boxed = [e["name"] for e in effects if "Boxed Warning" in (e.get("section") or "")]
    assert boxed == ["Serious glow reactions"]  # the allele is no reaction; the text is cut


def test_a_boxed_headlines_proper_names_are_written_as_the_label_writes_them(
    cli: Cli, tmp_path: Path
) -> None:
    box = "WARNING: SPARKLE LOSS INCLUDING ZELLER'S AND QT DIMMING Zentamab can cause them."
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Glow Spots Sparkle loss, including Zeller's "
        "sparkle loss, occurred. Test for Zeller's signs. Check the QT interval; QT "
        "dimming was seen."
    )
    effects = _serious_effects(cli, tmp_path, box, warnings)
    boxed = [e["name"] for e in effects if "Boxed Warning" in (e.get("section") or "")]
    assert boxed == ["Sparkle loss including Zeller's", "QT dimming"]
    assert recased("hepatitis b (hbv)", {"b": "B", "hbv": "HBV"}) == "Hepatitis B (HBV)"


def test_one_serious_entry_per_warnings_item_under_its_title(cli: Cli, tmp_path: Path) -> None:
    box = (
        "WARNING: RISK OF GLOW SHOCK, SPARKLE FEVER AND DIM-MEDIATED REACTIONS, AND RISK OF "
        "GLIMMER FAILURE; WOBBLITIS; NEUROSHINE Zentamab can cause them."
    )
    warnings = (
        "5 WARNINGS AND PRECAUTIONS 5.1 Glow Shock and Sparkle Fever Reactions Watch. "
        "5.2 Dim-Mediated Reactions Watch. 5.3 Risk of Acute Glimmer Failure Watch. "
        "5.4 Wobblitis and Renal Shine Watch. 5.5 Neuroshine Pain can come with it."
    )
    effects = _serious_effects(cli, tmp_path, box, warnings)
    boxed = {e["name"]: e["section"] for e in effects if "Boxed" in (e.get("section") or "")}
    assert boxed == {
        "Glow Shock and Sparkle Fever Reactions": "Boxed Warning; Warnings and precautions 5.1",
        "Dim-Mediated Reactions": "Boxed Warning; Warnings and precautions 5.2",
        "Risk of Acute Glimmer Failure": "Boxed Warning; Warnings and precautions 5.3",
        "Wobblitis and Renal Shine": "Boxed Warning; Warnings and precautions 5.4",
        "Neuroshine": "Boxed Warning; Warnings and precautions 5.5",  # its title ran on
    }


def test_serious_lists_a_reaction_once_however_many_tables_name_it(
    cli: Cli, tmp_path: Path
) -> None:
    second_trial = AR_TABLE.replace("Table 3:", "Table 5:").replace("ZEN-1", "ZEN-3")
    second_trial = second_trial.replace("<td>42</td>", "<td>47</td>")
    data = record(adverse_reactions_table=[AR_TABLE, second_trial])
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--serious", "--json")
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    assert len(effects["Glimmer fever"]) == 1  # the boxed and 5.1 reaction, in two tables
    fever = effects["Glimmer fever"][0]
    assert fever["section"].startswith("Boxed Warning; Warnings and precautions 5.1")
    assert fever["frequency"] == "very_common"


def test_a_caption_row_is_no_part_of_the_arm_and_gives_no_grade(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=[CAPTION_ROW_TABLE])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    pressure = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])["Glow pressure"]
    rates = {rate["value"]: rate for rate in pressure[0]["table_rates"]}
    assert rates["73"]["arm"] == "Zentamab 24 mg N=261"  # not "Table 25: …" nor the population
    assert rates["73"]["column"] == "Glow Syndrome (not dim) Zentamab 24 mg N=261 All Grades (%)"
    assert (rates["73"]["grade"], rates["44"]["grade"]) == ("all", "3-4")  # 44% is grade 3-4
    assert pressure[0]["frequency_note"].startswith("73% in Glow Syndrome")
    assert "Table 25" not in cli("side-effects", "zentaro").stdout


def test_tier_from_the_highest_of_the_products_arms_in_several_studies(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [STUDY_ARMS_TABLE])
    anemia, rash = effects["Glow anemia"][0], effects["Dim rash"][0]
    assert anemia["frequency"] == "very_common"  # Study 1's 21%, not the larger Study 2's 9%
    assert anemia["frequency_note"].endswith("in Maintenance Study 1 Zentaro (N=224) n (%)")
    assert rash["frequency"] == "common"  # 3% in Study 2; never placebo's 41%
    assert "Maintenance Study 2 Zentaro" in rash["frequency_note"]


def test_marks_of_several_parts_the_footer_defines_leave_the_name(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=[FOOTER_MARKS_TABLE])))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    names = set(by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0]))
    assert {
        "Glow failure (including acute)",
        "Basal glow carcinoma",
        "Squamous glow carcinoma",
        "Sparkle edema",  # its "a" is a word's end: no row names "edem"
    } <= names


def test_prose_lists_get_the_frequency_band_their_sentence_gives(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(banded_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    tiers = {
        name: (found[0]["frequency"], found[0].get("frequency_note"))
        for name, found in effects.items()
    }
    assert tiers["Glow cramps"] == ("common", "<3% and ≥1%")
    assert tiers["Sparkle rash"] == ("uncommon", "<1%")  # the band of the lists under it
    assert tiers["Dim twitch"] == ("uncommon", "<1%")
    assert tiers["Flicker nausea"] == ("common", "3 to 4 percent")
    assert tiers.get("Glimmer cough", ("unknown", None))[0] == "unknown"  # after the band ended


def test_a_measures_change_from_baseline_is_no_side_effect(cli: Cli, tmp_path: Path) -> None:
    tables = [CHANGE_FROM_BASELINE_TABLE]
    (tmp_path / "a.json").write_bytes(answer(record(adverse_reactions_table=tables)))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    names = set(by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0]))
    assert "Fizz flush" in names
    assert not {name for name in names if "baseline" in name.casefold()}


def test_a_measure_by_study_visit_is_no_side_effect(cli: Cli, tmp_path: Path) -> None:
    table = (
        "<table><caption>Table 7: Glow Rate by Visit in ZEN-7</caption>"
        "<thead><tr><th>Visit</th><th>Zentamab N=80 %</th><th>Placebo N=78 %</th></tr>"
        "</thead><tbody>"
        "<tr><td>Fizz flush</td><td>12</td><td>3</td></tr>"
        "<tr><td>Baseline</td><td>14</td><td>13</td></tr>"
        "<tr><td>Week 4</td><td>21</td><td>12</td></tr>"
        "<tr><td>Month 12</td><td>6</td><td>2</td></tr>"
        "</tbody></table>"
    )
    names = set(_table_effects(cli, tmp_path, [table]))
    assert "Fizz flush" in names
    assert not names & {"Baseline", "Week 4", "Month 12"}


def _tiers_and_categories(
    effects: dict[str, list[dict[str, Any]]], table: str
) -> dict[str, tuple[str, str | None]]:
    """Each entry of *table* ("Table 29") by name: its tier and its category."""
    return {
        name: (entry[0]["frequency"], entry[0].get("category"))
        for name, entry in effects.items()
        if (entry[0].get("context") or "").startswith(table)
    }


def test_a_reaction_whose_rates_are_sub_rows_is_one_entry_with_its_grades(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [GRADED_SUBROWS_TABLE])
    seen = _tiers_and_categories(effects, "Table 29")
    blood, gut = "Hematologic", "Gastrointestinal"
    assert seen == {
        "Glowpenia": ("very_common", blood),  # its "Any" row: 84%
        "Dimemia": ("common", blood),  # "Any <11 g/dL": 9%
        "Dim fever": ("common", blood),  # the body system above, not "Dimemia"
        "Fizz infection": ("very_common", blood),  # by patient: 12%
        "Glow allergy": ("very_common", blood),  # its first condition's "Any": 21%
        "Sparkle nausea": ("very_common", gut),
        "Hum mouth sores": ("very_common", gut),
        "Glow hair loss": ("very_common", gut),  # not under "Hum mouth sores"
        "Glow bleeding": ("common", gut),  # its "Fatal" row is a rate of it
        "Buzz retention": ("very_common", gut),
        "Glow swelling": ("very_common", gut),  # run into the severity row above
        "Fizz retention": ("very_common", gut),  # the condition its cell ran on into, no "³"
    }  # no "Any", "Severe", "Grade 3/4", "By Course", "With 3-day Premedication"
    allergy = effects["Glow allergy"][0]["table_rates"]
    assert [(r["value"], r["column"].split(": ")[1], r["patients"]) for r in allergy][::2] == [
        ("21", "Regardless of Premedication, Any", 176),
        ("4", "Regardless of Premedication, Severe", 176),
        ("15", "With 3-day Premedication, Any", 92),  # the N its condition's row gives
        ("2", "With 3-day Premedication, Severe", 92),
    ]
    retention = effects["Fizz retention"][0]["table_rates"][0]["column"]
    assert retention == "Zentaro 75 mg/m² n=176 %: Regardless of Premedication, Any"
    glowpenia = effects["Glowpenia"][0]
    assert glowpenia["frequency_note"] == "84% in Zentaro 75 mg/m² n=176 %"
    assert [(r["value"], r.get("grade"), r["column"]) for r in glowpenia["table_rates"]] == [
        ("84", "all", "Zentaro 75 mg/m² n=176 %: Any"),
        ("14", "all", "Best Supportive Care n=49 %: Any"),
        ("65", "3-4", "Zentaro 75 mg/m² n=176 %: Grade 3/4"),
        ("12", "3-4", "Best Supportive Care n=49 %: Grade 3/4"),
    ]
    nausea = effects["Sparkle nausea"][0]["table_rates"]
    assert [(r["value"], r.get("grade"), r["column"]) for r in nausea][2:] == [
        ("5", None, "Zentaro 75 mg/m² n=176 %: Severe"),
        ("4", None, "Best Supportive Care n=49 %: Severe"),
    ]
    course = effects["Fizz infection"][0]["table_rates"]
    assert [(r["value"], r.get("grade")) for r in course] == [
        ("12", "all"),
        ("0", "all"),
        ("2", None),
        ("0", None),
    ]
    bleeding = effects["Glow bleeding"][0]["table_rates"]
    assert [(r["value"], r["column"]) for r in bleeding][2:] == [
        ("0.2", "Zentaro 75 mg/m² n=176 %: Fatal"),
        ("0.2", "Best Supportive Care n=49 %: Fatal"),
    ]
    swelling = effects["Glow swelling"][0]["table_rates"]
    assert [r["value"] for r in swelling] == ["23", "22", "<1", "<1"]
    assert [r["value"] for r in effects["Buzz retention"][0]["table_rates"]] == [
        "54",
        "42",
        "2",
        "2",
    ]


def test_study_column_groups_give_each_arm_its_own_n_and_the_highest_arm_the_tier(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [STUDY_GROUPS_TABLE])
    ache, itch = effects["Glow ache"][0], effects["Dim itch"][0]
    assert (ache["frequency"], itch["frequency"]) == ("very_common", "very_common")
    assert ache["frequency_note"].startswith("10% in ZEN-25 (n=355) Zentaro arm (n=174)")
    assert itch["frequency_note"].startswith("16% in ZEN-26 (n=494) Zentaro arm (n=251)")
    assert [(r["arm"], r.get("grade"), r["patients"]) for r in ache["table_rates"]][:2] == [
        ("ZEN-25 (n=355) Zentaro arm (n=174)", "all", 174),  # the arm's N, not the study's
        ("ZEN-25 (n=355) Zentaro arm (n=174)", "3-4", 174),
    ]
    assert [r["patients"] for r in ache["table_rates"]] == [174, 174, 181, 181, 251, 251, 243, 243]


def test_onset_sub_rows_name_their_reaction_and_grade_rows_are_its_rates(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [ONSET_SUBROWS_TABLE])
    seen = _tiers_and_categories(effects, "Table 31")
    gut, blood = "GASTROINTESTINAL", "HEMATOLOGIC"
    assert seen == {
        "Glow diarrhea (late)": ("very_common", gut),
        "Glow diarrhea (early)": ("very_common", gut),
        "Sparkle nausea": ("very_common", gut),  # not under "Glow diarrhea"
        "Hum vomiting": ("very_common", gut),
        "Fizz cramps": ("very_common", gut),
        "Buzz anorexia": ("very_common", gut),
        "Dimpenia": ("very_common", blood),
        "Glow anemia": ("very_common", blood),
    }  # no "Late", "grade 3", "500 to <1000/mm³ (grade 3)"
    late = effects["Glow diarrhea (late)"][0]["table_rates"]
    assert [(r["value"], r.get("grade")) for r in late] == [
        ("84.9", "all"),
        ("22.7", "3-4"),
        ("--", "3"),
        ("15.1", "3"),
        ("--", "4"),
        ("7.6", "4"),
    ]
    dimpenia = effects["Dimpenia"][0]["table_rates"]
    assert [(r["value"], r.get("grade")) for r in dimpenia][2:] == [
        ("—", "3"),
        ("(15)", "3"),
        ("—", "4"),
        ("(12)", "4"),
    ]


def test_a_serious_reaction_named_by_two_tables_keeps_both_tables_rates(
    cli: Cli, tmp_path: Path
) -> None:
    second_trial = AR_TABLE.replace("Table 3:", "Table 5:").replace("ZEN-1", "ZEN-3")
    second_trial = second_trial.replace("<td>42</td>", "<td>47</td>")
    data = record(adverse_reactions_table=[AR_TABLE, second_trial])
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    for serious in ([], ["--serious"]):
        result = cli("side-effects", "zentaro", *serious, "--json")
        drug = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]
        (fever,) = by_name(drug)["Glimmer fever"]
        by_table = {(r["table"], r["arm"], r["grade"]): r["value"] for r in fever["table_rates"]}
        assert by_table[("Table 3", "Zentamab (N=100)", "all")] == "42"
        assert by_table[("Table 5", "Zentamab (N=100)", "all")] == "47"
        assert by_table[("Table 5", "Placebo (N=98)", "3-4")] == "0"
        assert len(by_table) == 8  # two arms, two grades, two tables
    text = cli("side-effects", "zentaro", "--serious").stdout
    assert "42% in Zentamab (N=100)" in text and "47% in Zentamab (N=100)" in text


def test_a_row_naming_a_title_reaction_by_another_kind_noun_is_flagged_under_it(
    cli: Cli, tmp_path: Path
) -> None:
    table = AR_TABLE.replace("<td>Wobble</td>", "<td>Twinkle syndrome</td>")
    data = record(
        adverse_reactions_table=[table],
        warnings_and_cautions=[
            "5 WARNINGS AND PRECAUTIONS 5.1 Glimmer Fever and Twinkle Reactions Glimmer fever "
            "can come with twinkle symptoms. 5.2 Blink Disorders Blinks were seen."
        ],
    )
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--serious", "--json")
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    assert effects["Twinkle syndrome"][0]["section"].endswith("Warnings and precautions 5.1")
    assert "Blink rash" not in effects  # a rash is no blink disorder


def test_body_systems_with_rates_of_their_own_are_reactions_at_the_captions_grade(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [SYSTEM_RATES_TABLE])
    seen = _tiers_and_categories(effects, "Table 32")
    assert seen == {
        "Glow diarrhea": ("very_common", "GASTROINTESTINAL"),
        "Hepatic": ("common", "METABOLIC AND NUTRITIONAL"),  # was lost as a body system
        "Sparkle signs": ("common", "DERMATOLOGIC"),
        "RESPIRATORY": ("very_common", None),  # not the category of the rows after it
        "NEUROLOGIC": ("very_common", None),
        "CARDIOVASCULAR": ("common", None),  # 4% in ZEN-29's Zentaro arm
        "OTHER": ("very_common", None),  # not "CARDIOVASCULAR (other)"
    }
    diarrhea = effects["Glow diarrhea"][0]
    assert {r.get("grade") for r in diarrhea["table_rates"]} == {"3-4"}  # the caption's grade
    assert "grade 3-4 only" in diarrhea["frequency_note"]  # at least this, not a plain rate


def test_a_grades_3_and_4_heading_with_an_ampersand_is_grade_3_4(cli: Cli, tmp_path: Path) -> None:
    effects = _table_effects(cli, tmp_path, [AMPERSAND_GRADE_TABLE])
    fever = effects["Dim fever"][0]
    assert fever["frequency"] == "common"  # at least 3.4% at grade 3 & 4, not unknown
    assert [r.get("grade") for r in fever["table_rates"]] == ["all", "3-4", "all", "3-4"]
    assert grade_of("Grades 3&4") == grade_of("Grade 3 & 4") == "3-4"


def test_cumulative_periods_are_the_same_patients_and_the_longest_gives_the_tier(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [CUMULATIVE_TABLE])
    nausea, itch = effects["Glow nausea"][0], effects["Dim itch"][0]
    assert (nausea["frequency"], itch["frequency"]) == ("very_common", "common")
    assert nausea["frequency_note"] == "17% in Up to 90 Days"  # not 9% up to 7 days
    assert [r.get("arm") for r in nausea["table_rates"]] == [None, None, None]  # no arms
    assert [r["column"] for r in nausea["table_rates"]] == [
        "Up to 7 Days",
        "Up to 30 Days",
        "Up to 90 Days",
    ]


def test_arm_names_hold_no_total_unit_words_or_footnote_marks(cli: Cli, tmp_path: Path) -> None:
    tables = [SYSTEM_RATES_TABLE, TOTAL_IN_HEADER_TABLE, UNIT_WORDS_TABLE]
    effects = _table_effects(cli, tmp_path, tables)

    def arms(name: str) -> list[str | None]:
        return list(dict.fromkeys(r.get("arm") for r in effects[name][0]["table_rates"]))

    assert arms("Glow diarrhea") == [
        "ZEN-28 Zentaro N=189",
        "ZEN-28 Comparator N=90",  # not "Comparator ² N=90"
        "ZEN-29 Zentaro N=127",
        "ZEN-29 Oldocin N=129",  # not "Oldocin ¹ N=129"
    ]
    assert arms("Glow ache") == ["Zentaro (n = 78)", "Oldocin (n = 72)"]  # not "… 68"
    assert arms("Hum cramps") == [None]  # "% of Patients Reporting" is no arm
    assert effects["Hum cramps"][0]["frequency"] == "very_common"


def test_what_a_bleeding_required_is_a_rate_of_that_bleeding_not_a_side_effect(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [BLEEDING_CONSEQUENCES_TABLE])
    names = [
        name for name, entry in effects.items() if entry[0].get("context", "")[:8] == "Table 37"
    ]
    assert sorted(names) == [
        "Dim stroke",
        "Life-threatening glow bleeding",
        "Major glow bleeding",
        "Other major glow bleeding",
    ]  # no "Requiring inotropes", "Significantly disabling"

    def words(name: str) -> list[str]:
        rates = effects[name][0]["table_rates"]
        columns = [r["column"] for r in rates if r["arm"].startswith("Zentaro")]
        return [column.split(": ")[1] for column in columns[1:]]

    assert words("Life-threatening glow bleeding") == [
        "Fatal",
        "Requiring inotropes",  # past "Dim stroke", to the bleeding its block heads
        "Requiring transfusion (≥4 units)",
    ]
    assert words("Other major glow bleeding") == [
        "Significantly disabling",
        "Requiring 2–3 units of blood",
    ]
    assert effects["Life-threatening glow bleeding"][0]["frequency"] == "common"


BLOOD_SYSTEM = "Blood and lymphatic system disorders"


def test_numbered_labels_prose_lists_give_entries_no_table_gives(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(numbered_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    listed = {
        name: (e[0]["frequency"], e[0].get("frequency_note"), e[0].get("category"))
        for name, e in effects.items()
        if not e[0].get("table_rates") and not e[0].get("serious")
    }
    assert listed == {
        "Buzz tremor": ("uncommon", "less than 1%", "Nervous System"),
        "Dim twitch": ("uncommon", "less than 1%", "Nervous System"),
        "Sparkle peel": ("uncommon", "less than 1%", "Skin"),
        "Glow cystitis": ("uncommon", "less than 1%", "Urogenital System"),
        "Prolonged glimmers": ("uncommon", "less than 1%", "Urogenital System"),
        "Glint blur": ("common", "<10%", "Eye Disorders"),
        "Hum hiccup": ("common", "2% to 4%", None),
        "Dim yawn": ("common", "2% to 4%", None),
        "Glow agranulocytosis": ("unknown", "postmarketing", BLOOD_SYSTEM),
        "Fizz hepatitis": ("unknown", "postmarketing", "Hepatobiliary disorders"),
        "Glow stumble": ("unknown", "postmarketing", "Nervous system disorders"),  # a dash
        "Dim mumble": ("unknown", "postmarketing", "Nervous system disorders"),
    }  # not "Hum ache" from 6's summary of the subsections, "Frequent", nor the serious list
    anemia = effects["Shine anemia"]  # the prose entry, flagged, with its warning's rate
    assert [(e["frequency"], e["serious"], e["category"]) for e in anemia] == [
        ("common", True, BLOOD_SYSTEM)
    ]
    assert [(r["percent"], r["section"]) for r in anemia[0]["rates"]] == [(Decimal("2.5"), "5.1")]
    assert effects["Sparkle peel"][0]["section"] == "Adverse reactions 6.1"
    assert effects["Fizz hepatitis"][0]["section"] == "Adverse reactions 6.2"
    assert len(effects["Blink rash"]) == len(effects["Neutropenia"]) == 1  # the table's rows
    assert effects["Blink rash"][0]["table_rates"]


def test_tier_from_the_highest_dose_of_controlled_trial_groups_and_no_patient_count_row(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [CONTROLLED_GROUPS_TABLE])
    assert effects["Glow constipation"][0]["frequency"] == "common"  # 2.6% at 6 months, 10 mg
    assert effects["Dim cough"][0]["frequency"] == "very_common"  # "Controlled" is no control arm
    assert not [name for name in effects if "patients" in name.casefold()]


def test_grade_3_and_grade_4_columns_add_to_a_floor_for_the_tier(cli: Cli, tmp_path: Path) -> None:
    effects = _table_effects(cli, tmp_path, [GRADE_3_AND_4_TABLE])
    glow, dim = effects["Glowpenia"][0], effects["Dim anemia"][0]
    assert glow["frequency"] == "very_common"  # 6% + 5% at grade 3-4: at least 11%
    assert "at least" in glow["frequency_note"]
    assert dim["frequency"] == "common"  # 1%; never the comparator's 50%
    assert effects["Hum count low"][0]["frequency"] == "unknown"  # 0.5%: all grades unknown


def test_tier_from_the_higher_of_the_product_alone_and_with_another_drug(
    cli: Cli, tmp_path: Path
) -> None:
    effects = _table_effects(cli, tmp_path, [ALONE_AND_COMBINED_TABLE])
    headache, itch = effects["Glow headache"][0], effects["Dim itch"][0]
    assert headache["frequency"] == "very_common"  # 11% alone, not the larger arm's 8%
    assert "Single Agent" in headache["frequency_note"]
    assert itch["frequency"] == "uncommon"  # never the other drug's 40%


def test_column_headings_lose_their_footnote_marks(cli: Cli, tmp_path: Path) -> None:
    rash = _table_effects(cli, tmp_path, [MARKED_COLUMNS_TABLE])["Glow rash"][0]
    assert [rate["column"] for rate in rash["table_rates"]] == [
        "Zentaro N=80 All Grades (%)",
        "Zentaro N=80 Grades 3 and 4 (%)",
    ]
    assert rash["frequency_note"] == "14% in Zentaro N=80 All Grades (%)"


def test_a_prose_name_with_a_bracketed_synonym_inside_is_the_table_rows(
    cli: Cli, tmp_path: Path
) -> None:
    data = prose_adverse()
    data["adverse_reactions_table"] = [
        "<table><caption>Table 44: Adverse Reactions</caption><thead><tr><th>Reaction</th>"
        "<th>Zentamab (%)</th></tr></thead><tbody><tr><td>Glow-dim erythrodysesthesia "
        "syndrome</td><td>12</td></tr></tbody></table>"
    ]
    data["adverse_reactions"][0] += (
        " Skin: glow-dim erythrodysesthesia (hand-foot) syndrome, dim flush (pale)."
    )
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentamab", "--json")
    assert result.exit_code == 0, result.stderr
    names = set(by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0]))
    assert "Glow-dim erythrodysesthesia syndrome" in names
    assert not [name for name in names if "hand-foot" in name]  # one reaction, said twice
    assert "Dim flush (pale)" in names  # a bracket at the end qualifies: kept


def test_an_arm_under_a_misaligned_study_cell_keeps_one_name(cli: Cli, tmp_path: Path) -> None:
    ache = _table_effects(cli, tmp_path, [MISALIGNED_STUDY_TABLE])["Glow ache"][0]
    arms = [rate["arm"] for rate in ache["table_rates"]]
    assert arms[2:4] == ["Study 7 Oldocin n=368", "Study 7 Oldocin n=368"]


def test_a_header_row_narrower_than_the_body_imports(cli: Cli, tmp_path: Path) -> None:
    table = (
        "<table><caption>Table 46: Adverse Reactions</caption><thead><tr><th>Reaction</th>"
        "<th>Zentaro (%)</th></tr><tr><th>All patients</th></tr></thead><tbody>"
        "<tr><td>Glow ache</td><td>12</td><td>3</td></tr></tbody></table>"
    )
    effects = _table_effects(cli, tmp_path, [table])
    assert effects["Glow ache"][0]["frequency"] == "very_common"


def test_a_body_system_glued_before_its_reaction_is_the_category(cli: Cli, tmp_path: Path) -> None:
    effects = _table_effects(cli, tmp_path, [GLUED_SYSTEM_TABLE])
    assert effects["Upper glow infections"][0]["category"] == "Infection and Infestations"
    assert effects["Dim rash NOS"][0]["category"] == "Skin and Subcutaneous Tissue Disorders"
    assert "Respiratory Failure" in effects  # a reaction, not a system and "Failure"


def test_lists_under_defined_frequency_words_get_their_tiers(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "a.json").write_bytes(answer(graded_prose()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    listed = {
        name: (e[0]["frequency"], e[0].get("frequency_note"), e[0].get("category"))
        for name, e in effects.items()
        if not e[0].get("table_rates") and not e[0].get("serious")
    }
    nervous = "Central and Peripheral Nervous System Disorders"
    assert listed == {
        "Glow flutter": ("common", "frequent", "Cardiovascular"),
        "Dim thump": ("common", "frequent", "Cardiovascular"),
        "Buzz faint": ("uncommon", "infrequent", "Cardiovascular"),
        "Hum block": ("rare", "rare", "Cardiovascular"),
        "Glint tremor": ("uncommon", "infrequent", nervous),
        "Sparkle blur": ("common", "frequent", "Eye Disorders"),
        "Fizz glare": ("rare", "rare", "Eye Disorders"),
        "Hum ring": ("uncommon", "infrequent", "Ear Disorders"),
        "Glow agranulocytosis": (
            "unknown",
            "postmarketing",
            "Blood and Lymphatic System Disorders",
        ),
        "Dim loss": ("unknown", "postmarketing", "Pregnancy, Puerperium and Perinatal Conditions"),
    }


def test_frequency_words_the_label_does_not_define_give_no_tier(cli: Cli, tmp_path: Path) -> None:
    fixture = graded_prose()
    undefined = fixture["adverse_reactions"][0].replace("in at least 1/100", "often")
    (tmp_path / "a.json").write_bytes(answer({**fixture, "adverse_reactions": [undefined]}))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    prose = [e[0] for e in effects.values() if not (e[0].get("table_rates") or e[0].get("rates"))]
    tiers = {effect["frequency"] for effect in prose}
    assert tiers <= {"unknown"}  # "Rare – fizz glare" is no rare tier the label did not define


def test_postmarketing_lists_inside_a_sentence_give_entries(cli: Cli, tmp_path: Path) -> None:
    fixture = numbered_prose()
    text = fixture["adverse_reactions"][0]
    postmarketing = text[: text.index("6.2 Postmarketing")] + (
        "6.2 Postmarketing Experience The following adverse reactions have been identified "
        "during post-approval use of zentamab. Because these reactions are reported "
        "voluntarily, it is not always possible to establish a causal relationship to drug "
        "exposure: hum drift, glow itch*, and dim sway. * Glow itch was seen after a fall. "
        "Adverse reactions reported in the literature include: fizz ache; drug "
        "hypersensitivity; blink spot, and "
        "glint rash."
    )
    (tmp_path / "a.json").write_bytes(answer({**fixture, "adverse_reactions": [postmarketing]}))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    listed = {
        name: (e[0]["frequency"], e[0].get("frequency_note"))
        for name, e in effects.items()
        if e[0]["section"] == "Adverse reactions 6.2"
    }
    assert listed == dict.fromkeys(
        (
            "Hum drift",
            "Glow itch",
            "Dim sway",
            "Fizz ache",
            "Drug hypersensitivity",
            "Blink spot",
            "Glint rash",
        ),
        ("unknown", "postmarketing"),
    )


def _old_prose_names(cli: Cli, tmp_path: Path, text: str) -> list[str]:
    """The names of the entries an old-format label's ADVERSE REACTIONS prose *text* gives."""
    (tmp_path / "a.json").write_bytes(answer({**prose_adverse(), "adverse_reactions": [text]}))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    return [e["name"] for e in effects if e.get("section") == "Adverse Reactions"]


def test_less_frequent_reactions_an_old_label_lists_give_entries(cli: Cli, tmp_path: Path) -> None:
    text = (
        "ADVERSE REACTIONS The most common adverse reactions are glow dizziness and sparkle "
        "nausea. Less frequent adverse reactions are hum itch, buzz rash, and dim fever, which "
        "may occur in 1 in 30 patients or less."
    )
    names = _old_prose_names(cli, tmp_path, text)
    assert names == ["Glow dizziness", "Sparkle nausea", "Hum itch", "Buzz rash", "Dim fever"]


def test_an_old_labels_list_added_with_also_keeps_shared_adjectives(
    cli: Cli, tmp_path: Path
) -> None:
    text = (
        "ADVERSE REACTIONS Allergic: Glow swelling has been reported. Also, hum itch; "
        "maculopapular, erythematous, or eczematous eruptions; and dim ache have been reported."
    )
    names = _old_prose_names(cli, tmp_path, text)
    assert names == [
        "Glow swelling",
        "Hum itch",
        "Maculopapular, erythematous, or eczematous eruptions",
        "Dim ache",
    ]  # not "Also", "Maculopapular" nor "Erythematous"


def test_an_old_labels_list_that_occurs_most_often_gives_entries(cli: Cli, tmp_path: Path) -> None:
    text = (
        "ADVERSE REACTIONS Gastrointestinal: Glow nausea, dim retching, and hum anorexia "
        "occur most often."
    )
    names = _old_prose_names(cli, tmp_path, text)
    assert names == ["Glow nausea", "Dim retching", "Hum anorexia"]


def test_an_old_labels_laboratory_events_list_after_a_semicolon(cli: Cli, tmp_path: Path) -> None:
    text = (
        "ADVERSE REACTIONS Laboratory Adverse Events The following laboratory adverse events "
        "have been reported with the use of zentamab; increased glow enzyme, decreased dim "
        "count, and hum cells. In most cases, these abnormalities resolved."
    )
    names = _old_prose_names(cli, tmp_path, text)
    assert names == ["Increased glow enzyme", "Decreased dim count", "Hum cells"]


def test_lower_case_headings_run_on_after_a_list_end_it(cli: Cli, tmp_path: Path) -> None:
    fixture = numbered_prose()
    text = fixture["adverse_reactions"][0]
    added = (
        "Other clinically important adverse reactions occurring in <10% of patients who "
        "received zentamab were: Nervous system disorders: Buzz ache, Glow palsy "
        "Gastrointestinal disorders: Fizz gut General disorders and administration site "
        "conditions: Hum chill Immune system disorders: Drug hypersensitivity "
    )
    cut = text.index("6.2 Postmarketing")
    record = {**fixture, "adverse_reactions": [text[:cut] + added + text[cut:]]}
    (tmp_path / "a.json").write_bytes(answer(record))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    listed = {
        name: (effects[name][0]["frequency"], effects[name][0].get("category"))
        for name in ("Buzz ache", "Glow palsy", "Fizz gut", "Hum chill", "Drug hypersensitivity")
        if name in effects
    }
    assert listed == {
        "Buzz ache": ("common", "Nervous system disorders"),
        "Glow palsy": ("common", "Nervous system disorders"),
        "Fizz gut": ("common", "Gastrointestinal disorders"),
        "Hum chill": ("common", "General disorders and administration site conditions"),
        "Drug hypersensitivity": ("common", "Immune system disorders"),
    }


def test_a_name_joined_by_with_is_not_split_at_its_and(cli: Cli, tmp_path: Path) -> None:
    text = (
        "ADVERSE REACTIONS The most common adverse reactions are glow dizziness, sparkle "
        "nausea, and glow reaction with eosinophilia and systemic symptoms (GRESS)."
    )
    names = _old_prose_names(cli, tmp_path, text)
    assert names == [
        "Glow dizziness",
        "Sparkle nausea",
        "Glow reaction with eosinophilia and systemic symptoms (GRESS)",
    ]


def test_a_table_of_body_systems_and_their_lists_gives_each_listed_reaction(
    cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "a.json").write_bytes(answer(system_lists_table()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = json.loads(result.stdout, parse_float=Decimal)["drugs"][0]["side_effects"]
    listed = [
        (e["name"], e["frequency"], e.get("category"))
        for e in effects
        if e.get("section") == "Adverse reactions 6.1"
    ]
    assert listed == [
        ("Glow chill", "common", "Body as a Whole"),
        ("Hum fever", "common", "Body as a Whole"),
        ("Dim malaise", "common", "Body as a Whole"),
        ("Sparkle flutter", "common", "Cardiovascular"),
        ("Shine block (including fizz arrest)", "common", "Cardiovascular"),
        ("Dim thirst", "common", "Metabolic and Nutritional"),
        ("Glint flush", "common", "Skin"),
        ("Dim peel", "common", "Skin"),
    ]


@pytest.mark.parametrize(
    ("bound", "tier"),
    [("fewer than 1%", "uncommon"), ("less than or equal to 1%", "common"), ("≤1%", "common")],
)
def test_a_list_tables_band_may_be_said_in_words(
    cli: Cli, tmp_path: Path, bound: str, tier: str
) -> None:
    data = system_lists_table()
    lead = "The following is a list of adverse reactions occurring in <2% of patients"
    said = f"Other adverse reactions, each reported by {bound} of patients"
    text = data["adverse_reactions"][0].replace(lead, said).replace("trials.", "trials, were:")
    data["adverse_reactions"] = [text]
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    assert effects["Dim thirst"][0]["frequency"] == tier


def test_a_two_column_list_table_not_headed_by_body_systems_gives_no_reactions(
    cli: Cli, tmp_path: Path
) -> None:
    table = (
        "<table><tbody><tr><td>Glow panel</td><td>sparkle count, hum level, dim index</td></tr>"
        "<tr><td>Shine panel</td><td>fizz ratio, glint score</td></tr></tbody></table>"
    )
    data = {**system_lists_table(), "adverse_reactions_table": [table]}
    (tmp_path / "a.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    result = cli("side-effects", "zentaro", "--json")
    assert result.exit_code == 0, result.stderr
    effects = by_name(json.loads(result.stdout, parse_float=Decimal)["drugs"][0])
    assert not {"Sparkle count", "Hum level", "Fizz ratio"} & set(effects)
