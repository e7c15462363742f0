"""Supportive care, each partner drug's facts, jurisdiction and unconfirmed facts in plans.

The issue's finding 4 (thromboprophylaxis and REMS never appeared in a plan), the
EU-only rule that appeared in US plans, the seed sentences that contradicted the
partner drugs' labels, and the dexamethasone-to-carfilzomib gap on C1D1 of Isa-Kd.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing import compute_plan
from medcli.library.loader import load_monograph
from tests.conftest import ISATUXIMAB, Cli, write_monograph


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("dose", "-w", "70", "--height", "175", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def plan_text(cli: Cli, *args: str) -> str:
    result = cli("--width", "200", "dose", "-w", "70", "--height", "175", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout


def block(out: str, title: str) -> str:
    """The text of one section of a plan, from its heading to the next heading."""
    after = out.split(f"\n{title}\n", 1)[1]
    return re.split(r"\n\n(?=[A-Z][^\n]*\n)", after, maxsplit=1)[0]


def care(plan: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(fact["drug"], fact["topic"]): fact for fact in plan["supportive_care"]}


# --- finding 4: thromboprophylaxis and REMS in every plan that needs them -----------


@pytest.mark.parametrize(
    ("regimen", "drug", "thrombo_section", "rems_words"),
    [
        ("isa-vrd", "lenalidomide", "boxed warning, 5.4", "Lenalidomide REMS"),
        ("isa-pd", "pomalidomide", "boxed warning, 5.3", "PS-Pomalidomide REMS"),
    ],
)
def test_thromboprophylaxis_pregnancy_and_rems_are_in_the_plan(
    cli: Cli, regimen: str, drug: str, thrombo_section: str, rems_words: str
) -> None:
    facts = care(plan_json(cli, "-r", regimen))
    assert facts[(drug, "Thromboprophylaxis")]["section"] == thrombo_section
    assert rems_words in facts[(drug, "REMS (restricted distribution)")]["text"]
    for topic in ("Pregnancy testing", "Contraception", "Males, blood and sperm donation"):
        assert (
            facts[(drug, topic)]["source"]
            == f"{'revlimid' if drug == 'lenalidomide' else 'pomalyst'}-label"
        )
    text = block(plan_text(cli, "-r", regimen), "Supportive care")
    assert "Thromboprophylaxis: Boxed warning: thromboprophylaxis is recommended" in text
    assert rems_words in text and "Pregnancy testing" in text


def test_lenalidomide_monitoring_and_supply_are_in_the_isa_vrd_plan(cli: Cli) -> None:
    facts = care(plan_json(cli, "-r", "isa-vrd"))
    assert facts[("lenalidomide", "Blood counts")]["section"] == "5.3"
    assert "28-day supply" in facts[("lenalidomide", "Supply")]["text"]
    assert facts[("lenalidomide", "Supply")]["section"] == "16.3"
    assert ("lenalidomide", "Tumor lysis syndrome") in facts


def test_carfilzomib_supportive_care_is_in_the_isa_kd_plan(cli: Cli) -> None:
    facts = care(plan_json(cli, "-r", "isa-kd"))
    assert facts[("carfilzomib", "Thromboprophylaxis")]["section"] == "2.1 (5.8)"
    assert (
        "30 mL/kg at least 48 hours before cycle 1 day 1"
        in (facts[("carfilzomib", "Hydration in cycle 1")]["text"])
    )
    assert "Consider" in facts[("carfilzomib", "Antiviral prophylaxis (herpes zoster)")]["text"]
    assert "Start" in facts[("isatuximab", "Antiviral prophylaxis (herpes zoster)")]["text"]
    # Only the regimen's own drugs: no lenalidomide REMS in Isa-Kd.
    assert {drug for drug, _ in facts} == {"isatuximab", "carfilzomib"}


def test_each_supportive_care_line_names_its_source_and_section(cli: Cli) -> None:
    for regimen in ("isa-pd", "isa-kd", "isa-vrd"):
        facts = plan_json(cli, "-r", regimen, "--age", "60")["supportive_care"]
        assert facts and all(fact["source"] and fact["section"] for fact in facts)
        lines = block(plan_text(cli, "-r", regimen, "--age", "60"), "Supportive care").splitlines()
        # Items and their wrapped lines; the drug names above them are left out.
        text = " ".join(line.strip() for line in lines if line.startswith(("•", " ")))
        # Each item up to its sub-lines (`- For this patient…`, `! unconfirmed…`).
        items = [re.split(r" [-!] ", item)[0].strip() for item in text.split("• ")[1:]]
        assert len(items) == len(facts)
        assert all(re.search(r"\[source: [a-z0-9-]+, section [^\]]+\]$", i) for i in items)


def test_the_oral_hydration_volume_is_worked_out_for_the_patient(cli: Cli) -> None:
    hydration = care(plan_json(cli, "-r", "isa-kd"))[("carfilzomib", "Hydration in cycle 1")]
    assert hydration["per_kg"] == {
        "what": "fluid by mouth, at least 48 hours before cycle 1 day 1",
        "amount": 30, "unit": "mL", "weight_kg": 70, "total": 2100,
    }  # fmt: skip
    out = " ".join(block(plan_text(cli, "-r", "isa-kd"), "Supportive care").split())
    assert "For this patient: 30 mL/kg × 70 kg = 2,100 mL of fluid by mouth" in out


ISATUXIMAB_MONOGRAPH = load_monograph(ISATUXIMAB)


@settings(max_examples=60, deadline=None)
@given(
    weight=st.decimals(min_value="30", max_value="300", places=3, allow_nan=False),
    unit=st.sampled_from(["kg", "lb"]),
)
def test_the_hydration_volume_is_exactly_30_ml_per_kg(weight: Decimal, unit: str) -> None:
    plan = compute_plan(ISATUXIMAB_MONOGRAPH, weight=str(weight), unit=unit, regimen="isa-kd")
    (working,) = [fact.per_kg for fact in plan.supportive_care if fact.per_kg is not None]
    assert working.weight_kg == plan.weight_kg
    assert working.total == Decimal(30) * plan.weight_kg  # exact: no binary float, no rounding


# --- administration facts of the partner drugs -------------------------------------


def test_partner_drug_administration_facts_are_next_to_the_drugs(cli: Cli) -> None:
    kd = block(plan_text(cli, "-r", "isa-kd"), "Giving each drug")
    assert "Infusion time: Infuse over 30 minutes in this regimen" in kd
    assert "never as a bolus" in kd and "at most 4 hours before every carfilzomib dose" in kd
    vrd = block(plan_text(cli, "-r", "isa-vrd"), "Giving each drug")
    assert "2.5 mg/mL" in vrd and "1 mg/mL" in vrd and "At least 72 hours" in vrd
    assert "Capsules: 2.5, 5, 10, 15, 20 and 25 mg." in vrd
    assert "up to 12 hours late" in vrd and "[source: revlimid-label, section 17]" in vrd
    pd = block(plan_text(cli, "-r", "isa-pd", "--age", "60"), "Giving each drug")
    assert "Capsules: 1, 2, 3 and 4 mg." in pd


# --- the derived timing check: flagged, never resolved ------------------------------


def test_the_c1d1_gap_from_dexamethasone_to_carfilzomib_is_flagged_from_the_infusion_time(
    cli: Cli,
) -> None:
    plan = plan_json(cli, "-r", "isa-kd", "--cycles", "2")
    first_infusion = plan["infusions"][0]["duration_min"]
    assert [(flag["cycle"], flag["day"]) for flag in plan["clinical_review"]] == [(1, 1)]
    flag = plan["clinical_review"][0]
    assert flag["infusion_min"] == first_infusion == 200
    assert (flag["earliest_min"], flag["latest_min"]) == (15 + first_infusion, 60 + first_infusion)
    assert flag["limit_min"] == 240 and flag["always"] is False
    assert flag["sources"] == ["label-v7", "kyprolis-label"]
    review = " ".join(block(plan_text(cli, "-r", "isa-kd"), "For clinical review").split())
    assert "3 h 35 min to 4 h 20 min from Dexamethasone to Carfilzomib" in review
    assert "can be more than the 4 h allowed [source: kyprolis-label]" in review


def test_the_flag_stays_when_only_carfilzomib_is_shown(cli: Cli) -> None:
    plan = plan_json(cli, "-r", "isa-kd", "--only", "carfilzomib")
    assert {drug["drug"] for day in plan["days"] for drug in day["drugs"]} == {"carfilzomib"}
    assert [(flag["cycle"], flag["day"]) for flag in plan["clinical_review"]] == [(1, 1)]


def test_a_faster_first_infusion_raises_no_flag(cli: Cli, user_library: Path) -> None:
    data = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))
    first = data["administration"]["rates"][0]
    first["steps"] = [{"rate_ml_h": 150, "minutes": None}]  # 250 mL in 100 min
    first.pop("published_duration_min")
    write_monograph(user_library, "quickmab", administration=data["administration"])
    plan = json.loads(
        cli("dose", "quickmab", "-w", "70", "--height", "175", "-r", "isa-kd", "--json").stdout
    )
    assert plan["infusions"][0]["duration_min"] == 100
    assert plan["clinical_review"] == []


@pytest.mark.parametrize("regimen", ["isa-pd", "isa-vrd"])
def test_no_flag_where_no_window_applies(cli: Cli, regimen: str) -> None:
    assert plan_json(cli, "-r", regimen, "--age", "60")["clinical_review"] == []


# --- jurisdiction -------------------------------------------------------------------


def test_the_eu_only_rule_is_left_out_of_a_us_plan(cli: Cli) -> None:
    for regimen in ("isa-pd", "isa-kd", "isa-vrd"):
        plan = plan_json(cli, "-r", regimen, "--age", "60")
        assert all(rule["source"] != "eu" for rule in plan["rules"])
        assert plan["jurisdiction"] == "us"
        assert "Reconsidering premedication" not in plan_text(cli, "-r", regimen, "--age", "60")


def test_eu_brings_the_eu_rules_in_marked_and_says_where_us_and_eu_differ(cli: Cli) -> None:
    plan = plan_json(cli, "-r", "isa-vrd", "--jurisdiction", "EU")
    rules = {rule["title"]: rule for rule in plan["rules"]}
    assert rules["Reconsidering premedication"]["jurisdiction"] == "eu"
    differ = {
        fact["topic"]: fact["us_differs"]
        for fact in plan["supportive_care"] + plan["drug_facts"]
        if fact["jurisdiction"] == "eu"
    }
    assert differ["Antiviral prophylaxis (herpes zoster), EU wording"] == (
        "the US label says to start (initiate) it."
    )
    assert "30 to 60 mL/min" in differ["Moderate kidney impairment, EU bands"]
    out = plan_text(cli, "-r", "isa-vrd", "--jurisdiction", "eu")
    assert "reconsidered. [source: eu, EU only]" in out
    assert "US and EU differ: the US label gives 10 mg at 30 to 60 mL/min." in out
    us = plan_text(cli, "-r", "isa-vrd")
    assert "EU only" not in us and "US and EU differ" not in us


def test_show_leaves_eu_items_out_unless_asked(cli: Cli) -> None:
    us = " ".join(cli("--width", "200", "show", "isatuximab").stdout.split())
    eu = " ".join(
        cli("--width", "200", "show", "isatuximab", "--jurisdiction", "eu").stdout.split()
    )
    for words in ("Reconsidering premedication", 'without the word "severe"', "EU wording"):
        assert words not in us and words in eu
    assert "[source: eu, section 4.3, EU only]" in eu


def test_show_lists_each_regimens_supportive_care_under_its_drugs(cli: Cli) -> None:
    out = cli("--width", "200", "show", "isatuximab", "-s", "dosage").stdout
    vrd = " ".join(out.split("(regimen id: isa-vrd)", 1)[1].split())
    assert "Supportive care: • Isatuximab, Antiviral prophylaxis (herpes zoster)" in vrd
    assert "Lenalidomide, REMS (restricted distribution): Available only through the " in vrd
    assert "Giving the drugs:" in vrd and "Bortezomib, Interval between doses" in vrd
    assert "! unconfirmed: the two sources word the age limit differently" in vrd
    kd = out.split("(regimen id: isa-kd)", 1)[1].split("(regimen id: isa-vrd)", 1)[0]
    assert "Lenalidomide" not in kd and "Carfilzomib, Hydration in cycle 1" in kd


def test_show_json_is_the_whole_monograph_in_either_jurisdiction(cli: Cli) -> None:
    document = json.loads(cli("show", "isatuximab", "--json").stdout)
    assert any(rule["source"] == "eu" for rule in document["dose_rules"])
    assert {s["id"]: s.get("jurisdiction") for s in document["sources"]}["eu"] == "eu"


@pytest.mark.parametrize("command", [("dose", "-w", "70"), ("show", "isatuximab")])
def test_an_unknown_jurisdiction_is_a_usage_error(cli: Cli, command: tuple[str, ...]) -> None:
    result = cli(*command, "--jurisdiction", "uk")
    assert result.exit_code == 2 and result.stdout == ""
    assert "'uk' is not one of 'us', 'eu'" in result.stderr
    assert "Traceback" not in result.stderr


# --- unconfirmed facts: said, with both sources --------------------------------------


@pytest.mark.parametrize(
    ("regimen", "topic", "sources"),
    [
        ("isa-vrd", "IMROZ age limit", ["fda", "acn-imroz"]),
        ("isa-vrd", "Dexamethasone with Isa-VRd is a trial regimen", ["hcp-imroz", "pi-2024"]),
        ("isa-vrd", "Weekday of the weekly dose from cycle 5", ["hcp-imroz", "pi-2024"]),
        ("isa-pd", "First dose after an interruption for low counts",
         ["pomalyst-label", "pomalyst-hcp"]),
        ("isa-pd", "Age cut-off at exactly 75", ["label-v7", "pomalyst-hcp"]),
    ],
)  # fmt: skip
def test_an_unconfirmed_fact_shows_each_sources_version(
    cli: Cli, regimen: str, topic: str, sources: list[str]
) -> None:
    plan = plan_json(cli, "-r", regimen, "--age", "60")
    fact = next(f for f in plan["drug_facts"] if f["topic"] == topic)
    assert [claim["source"] for claim in fact["unconfirmed"]["claims"]] == sources
    out = " ".join(plan_text(cli, "-r", regimen, "--age", "60").split())
    line = out.split(f"{topic}: ", 1)[1].split(" • ", 1)[0]
    assert "! unconfirmed: " in line
    assert all(f"[source: {source}" in line.split("! unconfirmed: ")[1] for source in sources)


def test_the_imroz_age_limit_says_both_wordings(cli: Cli) -> None:
    out = " ".join(plan_text(cli, "-r", "isa-vrd").split())
    assert "aged 80 or younger [source: fda" in out
    assert "below the age of 80 [source: acn-imroz, not label text]" in out


# --- seed sentences that contradicted the partner drugs' labels -----------------------


@pytest.mark.parametrize("regimen", ["isa-pd", "isa-vrd"])
def test_the_seed_kidney_liver_sentence_is_not_in_plans_with_a_renal_or_hepatic_drug(
    cli: Cli, regimen: str
) -> None:
    plan = plan_json(cli, "-r", regimen, "--age", "60")
    assert all(rule["source"] != "seed" for rule in plan["rules"])
    assert "generally not needed for hepatic" not in plan_text(cli, "-r", regimen, "--age", "60")


def test_the_seed_pregnancy_contraindication_is_not_isatuximabs(cli: Cli) -> None:
    document = json.loads(cli("show", "isatuximab", "--json").stdout)
    prose = [note["text"] for field in ("precautions", "contraindications", "specific_populations")
             for note in document[field]]  # fmt: skip
    claims = [
        t for t in prose if re.search(r"[Ii]satuximab [^.;(]*contraindicated in\s+pregnancy", t)
    ]
    assert claims == []
    pregnancy = next(n for n in document["specific_populations"] if n["title"] == "Pregnancy")
    assert (pregnancy["source"], pregnancy["section"]) == ("label-v7", "8.1")


# --- the schema: a drug fact names what exists ---------------------------------------


def test_a_drug_fact_with_an_unknown_drug_source_or_regimen_is_invalid(
    cli: Cli, tmp_path: Path
) -> None:
    data = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))
    data["drug_facts"][0].update(drug="warfarin", source="nowhere", regimens=["isa-xx"])
    data["drug_facts"][1]["unconfirmed"] = {"reason": "r", "claims": [{"says": "x", "source": "y"}]}
    path = tmp_path / "isatuximab.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = cli("validate", str(path))
    assert result.exit_code == 1
    said = " ".join((result.stdout + result.stderr).split())
    for words in (
        "drug_facts[0].source: no source with id 'nowhere'",
        "drug_facts[0].regimens: no regimen with id 'isa-xx'",
        "drug_facts[0].drug: 'warfarin' is not a drug of any regimen",
        "drug_facts[1].unconfirmed.claims[0].source: no source with id 'y'",
    ):
        assert words in said
