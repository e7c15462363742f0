"""Each partner drug dosed by its own label: the carfilzomib BSA cap, kidney and liver rules.

Issue 21's findings 1 (carfilzomib on an uncapped BSA) and 3 (no way to enter
kidney function; lenalidomide 25 mg whatever the kidneys) through the CLI, the
rules' edges and errors, Hypothesis properties of the cap and of Cockcroft-Gault,
and the inputs through the MCP tool; the golden plans with and without kidney
function are with the others in test_dose_regimen.py.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing import compute_plan
from medcli.dosing.organ_function import cockcroft_gault
from medcli.dosing.plan import ARITHMETIC
from medcli.library.environment import bundled_dir
from medcli.library.loader import load_monograph
from tests.conftest import Cli

BIG = ("-w", "150", "--height", "190")
ISATUXIMAB = load_monograph(bundled_dir() / "isatuximab.yaml")


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("dose", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def text(cli: Cli, *args: str) -> tuple[str, str]:
    result = cli("--width", "200", "dose", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def day_doses(plan: dict[str, Any], drug: str) -> list[tuple[int, int, Any]]:
    return [(day["cycle"], day["day"], item["dose_mg"]) for day in plan["days"]
            for item in day["drugs"] if item["drug"] == drug]  # fmt: skip


def lines_of(plan: dict[str, Any], drug: str) -> list[dict[str, Any]]:
    return next(item["lines"] for item in plan["regimen_drugs"] if item["id"] == drug)


# --- finding 1: carfilzomib on its own 2.2 m² cap -------------------------------


def test_carfilzomib_at_150_kg_190_cm_is_dosed_on_2_2_m2_not_the_whole_bsa(cli: Cli) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-kd", "--cycles", "2")
    doses = day_doses(plan, "carfilzomib")
    assert doses[:3] == [(1, 1, Decimal("44")), (1, 2, Decimal("44")), (1, 8, Decimal("123.2"))]
    assert max(mg for *_, mg in doses) == Decimal("123.2")  # 56 × 2.2; was 157.6 uncapped
    [cap] = plan["drug_bsa_caps"]
    assert (cap["drug"], cap["cap_m2"], cap["used_m2"], cap["limited_by"]) == (
        "carfilzomib",
        Decimal("2.2"),
        Decimal("2.2"),
        "drug",
    )
    assert (cap["source"], cap["section"], cap["recompute_above_percent"]) == (
        "kyprolis-label",
        "2.1",
        20,
    )
    total = next(t for t in plan["cycle_totals"] if (t["cycle"], t["drug"]) == (2, "carfilzomib"))
    assert total["total_mg"] == Decimal("739.2")  # 6 × 123.2
    out, _ = text(cli, *BIG, "-r", "isa-kd", "--cycles", "1")
    assert (
        "Carfilzomib: BSA 2.8137 m² is over carfilzomib's cap of 2.2 m²: doses use 2.2 m²." in out
    )
    assert "56 mg/m² × 2.2 m² = 123.2 mg IV" in out
    assert "recompute its dose only when the weight changes by more than 20%" in out
    assert "No cap:" not in out


def test_200_kg_185_cm_gets_the_same_capped_carfilzomib_dose(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "200", "--height", "185", "-r", "isa-kd", "--cycles", "1")
    assert max(mg for *_, mg in day_doses(plan, "carfilzomib")) == Decimal("123.2")


def test_a_stricter_bsa_cap_wins_and_a_looser_one_leaves_the_drugs_own(cli: Cli) -> None:
    strict = plan_json(cli, *BIG, "-r", "isa-kd", "--cycles", "1", "--bsa-cap", "2")
    assert max(mg for *_, mg in day_doses(strict, "carfilzomib")) == Decimal("112")
    assert strict["drug_bsa_caps"][0]["limited_by"] == "user"
    loose = plan_json(cli, *BIG, "-r", "isa-kd", "--cycles", "1", "--bsa-cap", "2.5")
    assert max(mg for *_, mg in day_doses(loose, "carfilzomib")) == Decimal("123.2")
    assert loose["drug_bsa_caps"][0]["limited_by"] == "drug"
    out, _ = text(cli, *BIG, "-r", "isa-kd", "--cycles", "1", "--bsa-cap", "2")
    assert "--bsa-cap 2 m² is below carfilzomib's own cap of 2.2 m²; the smaller cap wins" in out


def test_bortezomib_has_no_cap_of_its_own_and_uses_the_whole_bsa(cli: Cli) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "1", "--crcl", "90")
    assert plan["drug_bsa_caps"] == []
    assert lines_of(plan, "bortezomib")[0]["basis"] == plan["bsa"]["bsa_m2"]


# --- finding 3: kidney function as input -----------------------------------------


def test_crcl_45_gives_lenalidomide_10_mg_on_every_day_and_in_the_totals(cli: Cli) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "5", "--crcl", "45", "--age", "70")
    doses = day_doses(plan, "lenalidomide")
    assert {mg for *_, mg in doses} == {10}  # was 25 mg whatever the kidneys
    assert [day for cycle, day, _ in doses if cycle == 1] == [*range(1, 15), *range(22, 36)]
    totals = {
        t["cycle"]: t["total_mg"] for t in plan["cycle_totals"] if t["drug"] == "lenalidomide"
    }
    assert totals == {1: 280, 2: 280, 3: 280, 4: 280, 5: 210}
    fired = [r for r in plan["organ_rules"] if r["drug"] == "lenalidomide"]
    assert [(r["outcome"], r["source"], r["section"]) for r in fired] == [
        ("applied", "revlimid-label", "2.6 (Table 3)")
    ]
    assert all("may go to 15 mg" in line["rule"] for line in lines_of(plan, "lenalidomide"))
    assert not any("normal kidney function" in warning for warning in plan["warnings"])
    out, _ = text(cli, *BIG, "-r", "isa-vrd", "--cycles", "1", "--crcl", "45")
    assert "Lenalidomide 10 mg orally, once a day (kidney rule)" in out
    assert "Creatinine clearance (--crcl): 45 mL/min; not on dialysis" in out


def test_crcl_below_30_gives_15_mg_every_other_day_from_each_runs_first_day(cli: Cli) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "5", "--crcl", "20")
    doses = day_doses(plan, "lenalidomide")
    assert {mg for *_, mg in doses} == {15}
    assert [day for cycle, day, _ in doses if cycle == 1] == [*range(1, 15, 2), *range(22, 36, 2)]
    assert [day for cycle, day, _ in doses if cycle == 5] == list(range(1, 22, 2))
    first = lines_of(plan, "lenalidomide")[0]
    assert first["route"] == "orally, every other day"
    assert "where the alternation starts is the prescriber's choice" in first["note"]


def test_dialysis_gives_5_mg_after_dialysis_and_pomalidomide_3_mg(cli: Cli) -> None:
    vrd = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "1", "--dialysis")
    assert {mg for *_, mg in day_doses(vrd, "lenalidomide")} == {5}
    notes = {item["note"] for day in vrd["days"] for item in day["drugs"]
             if item["drug"] == "lenalidomide"}  # fmt: skip
    assert notes == {"kidney rule; on dialysis days, after dialysis"}
    pd = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--dialysis", "--crcl", "12")
    assert {mg for *_, mg in day_doses(pd, "pomalidomide")} == {3}


def test_pomalidomide_off_dialysis_is_unchanged_and_says_which_rule(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--crcl", "20")
    assert {mg for *_, mg in day_doses(plan, "pomalidomide")} == {4}
    [rule] = [r for r in plan["organ_rules"] if r["drug"] == "pomalidomide"]
    assert (rule["outcome"], rule["section_unconfirmed"]) == (
        "no_change",
        "subsection number not seen",
    )


def test_crcl_above_60_leaves_lenalidomide_at_25_mg_and_says_no_rule_covers_it(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-vrd", "--cycles", "1", "--crcl", "60.5")
    assert {mg for *_, mg in day_doses(plan, "lenalidomide")} == {25}
    [rule] = [r for r in plan["organ_rules"] if r["drug"] == "lenalidomide"]
    assert rule["outcome"] == "no_change" and "60.5 mL/min" in rule["text"]
    edge = plan_json(cli, "-w", "70", "-r", "isa-vrd", "--cycles", "1", "--crcl", "60")
    assert {mg for *_, mg in day_doses(edge, "lenalidomide")} == {10}  # "30 to 60" includes 60
    low = plan_json(cli, "-w", "70", "-r", "isa-vrd", "--cycles", "1", "--crcl", "29.9")
    assert {mg for *_, mg in day_doses(low, "lenalidomide")} == {15}


def test_without_kidney_function_the_plan_warns_and_names_the_rule(cli: Cli) -> None:
    _, err = text(cli, "-w", "70", "-r", "isa-vrd", "--cycles", "1")
    [warning] = [line for line in err.splitlines() if "kidney" in line]
    assert warning.startswith("medcli: warning: Lenalidomide: doses assume normal kidney function")
    assert "revlimid-label, section 2.6 (Table 3)" in warning and "--crcl ML_MIN" in warning
    _, err = text(cli, "-w", "70", "-r", "isa-kd", "--height", "170", "--cycles", "1")
    assert "kidney" not in err  # carfilzomib has no kidney rule in the sources read


def test_cockcroft_gault_shows_its_working_and_the_weight_it_used(cli: Cli) -> None:
    args = ("-w", "80", "-r", "isa-vrd", "--cycles", "1", "--creatinine", "1.2", "--sex", "female")
    plan = plan_json(cli, *args, "--age", "70")
    kidney = plan["kidney_function"]
    # (140 − 70) × 80 ÷ (72 × 1.2) × 0.85 = 55.0925925…
    assert kidney["method"] == "cockcroft-gault"
    assert str(kidney["crcl_ml_min"]).startswith("55.09259259259259")
    assert (kidney["weight_kg"], kidney["female_factor"]) == (80, Decimal("0.85"))
    assert {mg for *_, mg in day_doses(plan, "lenalidomide")} == {10}
    out, _ = text(cli, *args, "--age", "70")
    assert "(140 − 70) × 80 kg ÷ (72 × 1.2 mg/dL) × 0.85 (female) = 55.0925925926… mL/min" in out
    assert "does not say which weight to use" in out
    male = plan_json(cli, "-w", "80", "-r", "isa-vrd", "--cycles", "1", "--creatinine", "1.2",
                     "--sex", "male", "--age", "70")  # fmt: skip
    assert str(male["kidney_function"]["crcl_ml_min"]).startswith("64.8148148")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--crcl", "0"], "--crcl 0 is out of range; accepted: above 0 and at most 250 mL/min"),
        (["--crcl", "-5"], "--crcl '-5' is negative"),
        (["--crcl", "900"], "--crcl 900 is out of range"),
        (["--crcl", "nan"], "--crcl 'nan' is not a finite number"),
        (["--creatinine", "0"], "--creatinine 0 is out of range; accepted: 0.1 to 30 mg/dL"),
        (["--creatinine", "45"], "--creatinine 45 is out of range"),
        (["--creatinine", "1.2"], "--creatinine needs --sex female|male and --age YEARS"),
        (["--creatinine", "1.2", "--sex", "male"], "--creatinine needs --age YEARS"),
        (["--creatinine", "1.2", "--age", "70"], "--creatinine needs --sex female|male"),
        (["--crcl", "40", "--creatinine", "1"], "--crcl and --creatinine both given"),
        (["--sex", "male"], "--sex is used only with --creatinine"),
        (["--dialysis", "--crcl", "45"], "the labels' dialysis rules are for a clearance below 30"),
        (["--hepatic", "bad"], "'bad' is not one of 'mild', 'moderate', 'severe'"),
        (["--child-pugh", "D"], "--child-pugh"),
    ],
)
def test_bad_kidney_and_liver_input_exits_2_with_one_line(
    cli: Cli, args: list[str], message: str
) -> None:
    result = cli("dose", "-w", "70", "-r", "isa-vrd", *args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("medcli: error: ") and message in result.stderr


# --- liver function ------------------------------------------------------------


def test_moderate_liver_impairment_gives_bortezomib_0_7_in_cycle_1_and_no_later_dose(
    cli: Cli,
) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "2", "--crcl", "90",
                     "--hepatic", "moderate")  # fmt: skip
    lines = lines_of(plan, "bortezomib")
    assert [(line["first_cycle"], line["last_cycle"], line["status"]) for line in lines] == [
        (1, 1, "computed"),
        (2, 4, "by_tolerance"),
    ]
    assert lines[0]["amount"] == Decimal("0.7")
    with localcontext(ARITHMETIC):
        assert lines[0]["dose_mg"] == Decimal("0.7") * plan["bsa"]["bsa_m2"]
    assert lines[1]["dose_mg"] is None and "prescriber decides" in lines[1]["note"]
    later = {mg for cycle, _, mg in day_doses(plan, "bortezomib") if cycle == 2}
    assert later == {None}
    totals = {t["cycle"]: t["total_mg"] for t in plan["cycle_totals"] if t["drug"] == "bortezomib"}
    assert totals[2] is None  # never a silent total from a dose the label leaves open
    outcomes = {(r["drug"], r["organ"]): r["outcome"] for r in plan["organ_rules"]}
    assert outcomes[("bortezomib", "liver")] == "applied"
    assert outcomes[("lenalidomide", "liver")] == "no_rule"


def test_mild_liver_impairment_leaves_bortezomib_unchanged(cli: Cli) -> None:
    plan = plan_json(cli, *BIG, "-r", "isa-vrd", "--cycles", "1", "--hepatic", "mild")
    assert lines_of(plan, "bortezomib")[0]["amount"] == Decimal("1.3")
    [rule] = [r for r in plan["organ_rules"] if r["drug"] == "bortezomib" and r["organ"] == "liver"]
    assert (rule["outcome"], rule["section"]) == ("no_change", "2.8")


def test_lenalidomide_and_carfilzomib_say_they_have_no_liver_rule(cli: Cli) -> None:
    out, _ = text(cli, *BIG, "-r", "isa-vrd", "--cycles", "1", "--hepatic", "severe")
    assert "The lenalidomide label gives no liver dose rule" in out
    assert "there are no data for moderate or severe impairment" in out
    out, _ = text(cli, *BIG, "-r", "isa-kd", "--cycles", "1", "--hepatic", "moderate")
    assert "No liver dose rule for carfilzomib was found in the KYPROLIS excerpts read" in out


@pytest.mark.parametrize(("child_pugh", "mg"), [("A", 3), ("B", 3), ("C", 2)])
def test_child_pugh_sets_pomalidomide(cli: Cli, child_pugh: str, mg: int) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--child-pugh", child_pugh)
    assert {dose for *_, dose in day_doses(plan, "pomalidomide")} == {mg}
    [rule] = [r for r in plan["organ_rules"] if r["drug"] == "pomalidomide"]
    assert rule["section_unconfirmed"] == "no section number in the sources read"


def test_hepatic_for_pomalidomide_asks_for_its_own_measure(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--hepatic", "moderate")
    assert {mg for *_, mg in day_doses(plan, "pomalidomide")} == {4}
    [rule] = [r for r in plan["organ_rules"] if r["drug"] == "pomalidomide"]
    assert rule["outcome"] == "needs_input" and "--child-pugh" in rule["text"]


def test_two_rules_setting_one_dose_leave_it_to_the_prescriber(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--dialysis",
                     "--child-pugh", "C")  # fmt: skip
    [line] = lines_of(plan, "pomalidomide")
    assert (line["status"], line["dose_mg"]) == ("rules_conflict", None)
    assert "3 mg" in line["rule"] and "2 mg" in line["rule"]


def test_the_calendar_carries_the_rules_dose_and_what_it_leaves_open(
    cli: Cli, tmp_path: Path
) -> None:
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    result = cli("dose", *BIG, "-r", "isa-vrd", "--cycles", "2", "--dialysis", "--hepatic",
                 "moderate", "--start", "2026-12-01", "--ics", str(target))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    events = list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))
    text = "\n".join(str(event.get("description")) for event in events)
    assert (
        "Lenalidomide 5 mg orally, once a day (kidney rule; on dialysis days, after dialysis)"
        in text
    )
    assert "Lenalidomide 25 mg" not in text
    assert "Bortezomib (left to tolerance by its label: the prescriber decides)" in text
    assert "no dose for this age" not in text


def test_show_states_each_partner_drugs_own_rules_with_their_sources(cli: Cli) -> None:
    result = cli("--width", "200", "show", "isatuximab", "-s", "dosage")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert ("BSA cap: dosed on at most 2.2 m²; recompute only when the weight changes by more "
            "than 20% [source: kyprolis-label, section 2.1]") in out  # fmt: skip
    assert "Kidney: Creatinine clearance 30 to 60 mL/min: 10 mg once a day" in out
    assert "Liver: Liver impairment, Child-Pugh class C: 2 mg once a day." in out
    assert "Sources disagree at 75 years:" in out


# --- the dexamethasone age at which sources disagree ------------------------------


@pytest.mark.parametrize(("age", "noted"), [("74", False), ("75", True), ("75.5", True),
                                            ("76", False)])  # fmt: skip
def test_dexamethasone_at_75_states_the_sources_disagreement(
    cli: Cli, age: str, noted: bool
) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-pd", "--cycles", "1", "--crcl", "90",
                     "--age", age)  # fmt: skip
    [line] = lines_of(plan, "dexamethasone")
    assert (line["disagreement"] is not None) is noted
    if noted:
        assert "SARCLISA label gives 20 mg from 75" in line["disagreement"]
        assert any("sources disagree at 75 years" in w for w in plan["warnings"])


# --- properties ----------------------------------------------------------------

heights = st.decimals(min_value="120", max_value="220", places=1)
plan_weights = st.decimals(min_value="35", max_value="250", places=1)


@settings(max_examples=40, deadline=None)
@given(weight=plan_weights, height=heights)
def test_capped_carfilzomib_never_exceeds_cap_times_dose_and_equals_bsa_below_it(
    weight: Decimal, height: Decimal
) -> None:
    plan = compute_plan(ISATUXIMAB, weight=str(weight), regimen="isa-kd", height=str(height),
                        cycles=1, only=["carfilzomib"])  # fmt: skip
    bsa = plan.bsa
    assert bsa is not None
    for line in plan.regimen_drugs[0].lines:
        assert line.amount is not None and line.dose_mg is not None
        assert line.dose_mg <= Decimal("2.2") * line.amount
        if bsa.bsa_m2 < Decimal("2.2"):
            with localcontext(ARITHMETIC):
                assert line.dose_mg == bsa.bsa_m2 * line.amount
        else:
            assert line.dose_mg == Decimal("2.2") * line.amount


@settings(max_examples=200, deadline=None)
@given(
    age=st.integers(min_value=18, max_value=110),
    weight=st.decimals(min_value="30", max_value="300", places=2),
    creatinine=st.decimals(min_value="0.1", max_value="30", places=2),
    female=st.booleans(),
)
def test_cockcroft_gault_is_exact_to_50_digits(
    age: int, weight: Decimal, creatinine: Decimal, female: bool
) -> None:
    exact = Fraction(140 - age) * Fraction(weight) / (72 * Fraction(creatinine))
    if female:
        exact *= Fraction(85, 100)
    with localcontext(ARITHMETIC):
        found = cockcroft_gault(Decimal(age), weight, creatinine, female=female)
    assert abs(Fraction(found) - exact) <= exact * Fraction(1, 10**48)


# --- the hand check's findings (issue 21's 20-plan review) ----------------------


def test_rules_that_agree_on_the_dose_give_it_with_both_named(cli: Cli) -> None:
    """Haemodialysis and Child-Pugh B both give pomalidomide 3 mg: no conflict to decide."""
    plan = plan_json(cli, "-w", "60", "-r", "isa-pd", "--age", "70", "--dialysis",
                     "--child-pugh", "B", "--cycles", "1")  # fmt: skip
    assert {dose for _, _, dose in day_doses(plan, "pomalidomide")} == {3}
    (line,) = lines_of(plan, "pomalidomide")
    assert line["status"] == "computed"
    assert "haemodialysis" in line["rule"] and "Child-Pugh class A or B" in line["rule"]


def test_the_vrd_plan_never_says_there_is_no_kidney_input(cli: Cli) -> None:
    out, _ = text(cli, *BIG, "-r", "isa-vrd", "--age", "72", "--crcl", "45", "--cycles", "1")
    assert "no creatinine clearance input" not in out
    assert "Lenalidomide 10 mg" in out


@pytest.mark.parametrize(
    ("weight", "creatinine", "shown"), [("51", "1.18", "60.03"), ("46", "2.13", "29.99")]
)
def test_a_clearance_near_a_band_edge_is_never_shown_as_the_edge(
    cli: Cli, weight: str, creatinine: str, shown: str
) -> None:
    out, _ = text(cli, "-w", weight, "--height", "165", "-r", "isa-vrd", "--age", "40",
                  "--sex", "male", "--creatinine", creatinine, "--cycles", "1")  # fmt: skip
    assert f"≈ {shown} mL/min" in out
    assert "≈ 60 mL/min" not in out and "≈ 30 mL/min" not in out


def test_an_odd_bsa_is_not_warned_about_where_no_dose_is_per_m2(cli: Cli) -> None:
    _, err = text(cli, "-w", "200", "--height", "200", "-r", "isa-pd", "--age", "60")
    assert "body surface area of" not in err
    _, err = text(cli, "-w", "200", "--height", "200", "-r", "isa-kd", "--age", "60")
    assert "a body surface area of 3.3333 m² is outside" in err


def test_the_calendar_says_carfilzomib_is_recomputed_only_past_20_percent(
    cli: Cli, tmp_path: Path
) -> None:
    ics = tmp_path / "plan.ics"
    result = cli("dose", *BIG, "-r", "isa-kd", "--start", "2026-12-01", "--cycles", "2",
                 "--patient", "T1", "--ics", str(ics))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    unfolded = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    assert "only when the weight changes by more than 20%" in unfolded
