"""The whole regimen in one plan: every drug on every treatment day, body surface area, --only.

The issue's examples through the CLI, the inputs and their errors, the schema's
checks of regimen drugs with their field paths, properties of the day expansion,
and one golden plan per regimen (MEDCLI_UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import copy
import json
import os
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing.plan import ARITHMETIC
from medcli.errors import DataError
from medcli.library.loader import load_monograph
from medcli.model import expand_days
from tests.conftest import ISATUXIMAB, Cli

GOLDEN = Path(__file__).parent / "golden"
KD = ("dose", "-w", "70", "--height", "175", "-r", "isa-kd", "--start", "2026-12-01")


def run(cli: Cli, *args: str) -> tuple[str, str]:
    result = cli("--width", "100", *args)
    assert result.exit_code == 0, result.stderr
    return result.stdout, result.stderr


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def day_block(out: str, heading: str) -> list[str]:
    """The lines of one day of the Day by day section, under its heading line."""
    lines = out.splitlines()
    start = lines.index(heading) + 1
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return lines[start:end]


def errors(cli: Cli, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 2, result.stdout
    assert result.stdout == "" and "Traceback" not in result.stderr
    return result.stderr


# --- the examples --------------------------------------------------------


def test_isa_kd_lists_every_drug_day_by_day_with_the_bsa_working(cli: Cli) -> None:
    out, err = run(cli, *KD, "--cycles", "2")
    assert err.splitlines() == [
        "medcli: warning: cycle 1 day 1: the time from dexamethasone to carfilzomib can be more "
        "than the carfilzomib label allows, because of isatuximab infusion 1; see For clinical "
        "review"
    ]
    assert "Mosteller: BSA = √(height cm × weight kg ÷ 3600)" in out
    assert "√(175 cm × 70 kg ÷ 3600) = 1.8446619684… m² ≈ 1.8447 m²" in out
    assert (
        "    Cycle 1, days 1, 2: 20 mg/m² × 1.8446619684… m² = 36.8932393686… mg ≈ 36.9 mg IV"
        in out
    )
    assert "    Cycle 1, days 8, 9, 15, 16: 56 mg/m² × 1.8446619684… m² = " in out
    assert day_block(out, "Cycle 1 day 1 · 2026-12-01")[-3:] == [
        "  1. Dexamethasone 20 mg IV (also the premedication)",
        "  2. Isatuximab 700 mg (10 mg/kg) intravenous, infusion 1",
        "  3. Carfilzomib ≈36.9 mg (20 mg/m²) IV",
    ]
    assert day_block(out, "Cycle 1 day 2 · 2026-12-02") == [
        "  1. Dexamethasone 20 mg IV",
        "  3. Carfilzomib ≈36.9 mg (20 mg/m²) IV",
    ]
    assert day_block(out, "Cycle 1 day 8 · 2026-12-08")[-1] == (
        "  3. Carfilzomib ≈103.3 mg (56 mg/m²) IV"
    )
    assert day_block(out, "Cycle 1 day 23 · 2026-12-23") == ["  1. Dexamethasone 20 mg orally"]
    assert "• Carfilzomib: 6 doses, 486.9907596659… mg ≈ 487 mg" in out
    assert "• Isatuximab: 4 doses, 2,800 mg" in out


def test_isa_kd_json_carries_the_days_and_totals(cli: Cli) -> None:
    plan = plan_json(cli, *KD, "--cycles", "2")
    assert plan["bsa"]["formula"] == "mosteller"
    assert str(plan["bsa"]["bsa_m2"]).startswith("1.84466196843155461033")
    assert plan["order"] == [["dexamethasone"], ["isatuximab"], ["carfilzomib"]]
    first = plan["days"][0]
    assert [d["drug"] for d in first["drugs"]] == ["dexamethasone", "isatuximab", "carfilzomib"]
    carfilzomib = first["drugs"][2]
    with localcontext(ARITHMETIC):
        assert carfilzomib["dose_mg"] == carfilzomib["amount"] * carfilzomib["basis"]
    assert carfilzomib["amount"] == 20 and carfilzomib["unit"] == "mg/m²"
    assert first["drugs"][0]["premedication"] is True
    cycle_1 = {t["drug"]: t for t in plan["cycle_totals"] if t["cycle"] == 1}
    assert cycle_1["dexamethasone"]["doses"] == 8 and cycle_1["dexamethasone"]["total_mg"] == 160
    doses = [d["dose_mg"] for day in plan["days"] if day["cycle"] == 1 for d in day["drugs"]
             if d["drug"] == "carfilzomib"]  # fmt: skip
    with localcontext(ARITHMETIC):
        assert cycle_1["carfilzomib"]["total_mg"] == sum(doses)
    # one dexamethasone dose a day at most: the premedication is the same dose
    for day in plan["days"]:
        assert [d["drug"] for d in day["drugs"]].count("dexamethasone") <= 1


def test_isa_pd_pomalidomide_days_1_to_21_and_dexamethasone_by_age(cli: Cli) -> None:
    young = plan_json(cli, "dose", "-w", "70", "-r", "isa-pd", "--age", "60")
    old = plan_json(cli, "dose", "-w", "70", "-r", "isa-pd", "--age", "75")

    def doses(plan: dict[str, Any], drug: str) -> list[tuple[int, int, Any]]:
        return [(day["cycle"], day["day"], d["dose_mg"]) for day in plan["days"]
                for d in day["drugs"] if d["drug"] == drug]  # fmt: skip

    assert [day for cycle, day, _ in doses(young, "pomalidomide") if cycle == 1] == list(
        range(1, 22)
    )
    assert {mg for *_, mg in doses(young, "pomalidomide")} == {4}
    assert doses(young, "dexamethasone")[:4] == [(1, 1, 40), (1, 8, 40), (1, 15, 40), (1, 22, 40)]
    assert {mg for *_, mg in doses(old, "dexamethasone")} == {20}
    assert young["bsa"] is None  # no per-m² drug: no height needed, no warning
    # the only warning: pomalidomide's own kidney rule, not applied without kidney function
    assert [w.split(":")[0] for w in young["warnings"]] == ["Pomalidomide"]


def test_isa_pd_without_age_shows_both_doses_and_warns_once(cli: Cli) -> None:
    result = cli("--width", "100", "dose", "-w", "70", "-r", "isa-pd")
    assert result.exit_code == 0
    assert result.stderr.count("Dexamethasone") == 1  # the premedication's warning only
    assert (
        "    Cycle 1 and later, days 1, 8, 15, 22: 40 mg (aged under 75); 20 mg (aged 75 or over)"
        in (result.stdout)
    )
    assert "  1. Dexamethasone depends on age: give --age orally or IV" in result.stdout
    assert "• Dexamethasone: 4 doses, total not computed (a dose is missing)" in result.stdout


def test_isa_vrd_induction_then_the_continuous_phase(cli: Cli) -> None:
    plan = plan_json(cli, "dose", "-w", "70", "--height", "175", "-r", "isa-vrd", "--cycles", "5")

    def days_of(drug: str, cycle: int) -> list[int]:
        return [day["day"] for day in plan["days"] if day["cycle"] == cycle
                for d in day["drugs"] if d["drug"] == drug]  # fmt: skip

    assert days_of("bortezomib", 1) == [1, 4, 8, 11, 22, 25, 29, 32]
    assert days_of("bortezomib", 5) == []
    assert days_of("lenalidomide", 1) == [*range(1, 15), *range(22, 36)]
    assert days_of("lenalidomide", 5) == list(range(1, 22))
    assert len(days_of("dexamethasone", 4)) == 17 and days_of("dexamethasone", 5) == []
    bortezomib = next(d for day in plan["days"] for d in day["drugs"] if d["drug"] == "bortezomib")
    assert bortezomib["amount"] == Decimal("1.3") and bortezomib["route"] == "SC"
    assert [(u["cycle"], u["drug"], u["doses_per_cycle"]) for u in plan["undated_doses"]] == [
        (5, "dexamethasone", 4)
    ]
    day_1 = next(day for day in plan["days"] if (day["cycle"], day["day"]) == (5, 1))
    assert day_1["premedications"][0]["given"] == "day_not_given"
    cycle_5 = {t["drug"]: t for t in plan["cycle_totals"] if t["cycle"] == 5}
    assert cycle_5["dexamethasone"] == {
        "cycle": 5, "drug": "dexamethasone", "name": "Dexamethasone", "doses": 4, "total_mg": 80
    }  # fmt: skip
    assert "bortezomib" not in cycle_5
    ranks = {d["drug"]: d["rank"] for d in plan["days"][0]["drugs"]}
    assert ranks == {"dexamethasone": 1, "isatuximab": 2, "bortezomib": 2, "lenalidomide": 2}
    assert "isatuximab goes before or after bortezomib" in plan["order_note"]


def test_the_resolved_age_band_is_stated(cli: Cli) -> None:
    out, _ = run(cli, "dose", "-w", "70", "-r", "isa-pd", "--age", "80", "--cycles", "1")
    assert "    Cycle 1 and later, days 1, 8, 15, 22: 20 mg orally or IV (aged 75 or over)" in out


def test_show_lists_each_regimen_drug_with_its_days_and_the_order(cli: Cli) -> None:
    out, _ = run(cli, "show", "isatuximab", "-s", "dosage")
    assert "    Cycle 1, days 1, 2: 20 mg/m²" in out
    assert "    Cycles 1 to 4, days 1–14, 22–35: 25 mg" in out
    assert "    Cycle 5 and later, once a week, on a weekday the source does not give: 20 mg" in out
    assert "Order on shared days: dexamethasone; then isatuximab; then carfilzomib." in out


def test_lenalidomide_label_rules_come_with_isa_vrd(cli: Cli) -> None:
    out, _ = run(cli, "dose", "-w", "70", "--height", "175", "-r", "isa-vrd", "--cycles", "1")
    assert "Lenalidomide and kidney function" in out
    assert "[source: revlimid-label, section 2.6]" in " ".join(out.split())


# --- inputs and safety ----------------------------------------------------------


def test_missing_height_leaves_the_bsa_lines_open_and_warns(cli: Cli) -> None:
    result = cli("--width", "100", "dose", "-w", "70", "-r", "isa-kd", "--cycles", "1")
    assert result.exit_code == 0
    assert result.stderr.startswith("medcli: warning: Carfilzomib: dosed per m² of body surface")
    assert "Body surface area\nnot computed: give --height" in result.stdout
    assert "Carfilzomib not computed: needs --height for the body surface area IV" in result.stdout
    assert "2. Isatuximab 700 mg (10 mg/kg) intravenous, infusion 1" in result.stdout
    plan = plan_json(cli, "dose", "-w", "70", "-r", "isa-kd", "--cycles", "1")
    statuses = {d["status"] for day in plan["days"] for d in day["drugs"]
                if d["drug"] == "carfilzomib"}  # fmt: skip
    assert statuses == {"needs_height"}


def test_only_a_bsa_drug_without_height_is_an_error(cli: Cli) -> None:
    err = errors(cli, "dose", "-w", "70", "-r", "isa-kd", "--only", "carfilzomib")
    assert "--only carfilzomib: Carfilzomib is dosed per m² of body surface area" in err
    assert "accepted: add --height" in err


def test_only_limits_the_plan_to_the_drugs_asked_for(cli: Cli) -> None:
    plan = plan_json(cli, *KD, "--cycles", "1", "--only", "Carfilzomib")
    assert {d["drug"] for day in plan["days"] for d in day["drugs"]} == {"carfilzomib"}
    assert [drug["id"] for drug in plan["regimen_drugs"]] == ["carfilzomib"]
    assert plan["inputs"]["only"] == ["carfilzomib"]
    pomalidomide = plan_json(cli, "dose", "-w", "70", "--only", "pomalidomide", "--cycles", "1")
    # the default regimen, isa-pd, has no per-m² drug: no height needed
    assert not [w for w in pomalidomide["warnings"] if "body surface area" in w]


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--height", "29.9"), "--height 29.9 cm is not a human height; accepted: 30 cm to 272 cm"),
        (("--height", "273"), "--height 273 cm is not a human height"),
        (("--height", "120", "--height-unit", "in"), "accepted: 30 cm to 272 cm (about 11.81 in"),
        (("--height", "abc"), "--height 'abc' is not a number"),
        (("--height", "-170"), "--height '-170' is negative"),
        (("--height", "nan"), "--height 'nan' is not a finite number"),
        (("--height", "170", "--height-unit", "ft"), "'ft' is not one of 'cm', 'in'"),
        (("--height", "170", "--bsa-formula", "meeh"), "'meeh' is not one of"),
        (("--height", "170", "--bsa-cap", "0"), "--bsa-cap 0 is out of range"),
        (("--height", "170", "--bsa-cap", "3.5"), "accepted: above 0 and at most 3 m²"),
        (("--bsa-cap", "2"), "--bsa-cap needs --height"),
        (("--only", "aspirin"), "--only 'aspirin' is not a drug of isa-kd; accepted: isatuximab"),
    ],
)
def test_bad_heights_and_bsa_options_exit_2(cli: Cli, args: tuple[str, ...], words: str) -> None:
    assert words in errors(cli, "dose", "-w", "70", "-r", "isa-kd", *args)


def test_inches_convert_exactly_and_the_working_says_so(cli: Cli) -> None:
    out, _ = run(cli, *KD, "--cycles", "1", "--height", "69", "--height-unit", "in")
    assert "Height: 69 in × 2.54 cm/in = 175.26 cm" in out
    plan = plan_json(cli, *KD, "--cycles", "1", "--height", "69", "--height-unit", "IN")
    assert plan["inputs"]["height_cm"] == Decimal("175.26")
    assert plan["inputs"]["cm_per_in"] == Decimal("2.54")


def test_an_implausible_bsa_is_a_warning(cli: Cli) -> None:
    result = cli("dose", "-w", "300", "--height", "250", "-r", "isa-kd", "--cycles", "1")
    assert result.exit_code == 0
    assert "a body surface area of 4.5644 m² is outside 0.3–3.0 m²" in result.stderr


def test_a_cap_is_applied_only_when_asked_and_stated(cli: Cli) -> None:
    out, _ = run(cli, *KD, "--cycles", "1", "--height", "190", "-w", "110", "--bsa-cap", "2")
    assert "Capped at 2 m² (--bsa-cap): per-m² doses use 2 m²." in out
    assert "Cycle 1, days 1, 2: 20 mg/m² × 2 m² = 40 mg IV" in out
    plan = plan_json(cli, *KD, "--cycles", "1", "--bsa-cap", "2.5")
    assert plan["bsa"]["capped"] is False and plan["bsa"]["used_m2"] == plan["bsa"]["bsa_m2"]
    uncapped = plan_json(cli, *KD, "--cycles", "1", "--height", "190", "-w", "110")
    assert uncapped["bsa"]["cap_m2"] is None and uncapped["bsa"]["used_m2"] > 2


@pytest.mark.parametrize("formula", ["dubois", "haycock", "gehan-george", "boyd"])
def test_other_formulas_show_their_name_and_constants(cli: Cli, formula: str) -> None:
    plan = plan_json(cli, *KD, "--cycles", "1", "--bsa-formula", formula)
    assert plan["bsa"]["formula"] == formula
    assert plan["bsa"]["bsa_m2"] != plan_json(cli, *KD, "--cycles", "1")["bsa"]["bsa_m2"]
    out, _ = run(cli, *KD, "--cycles", "1", "--bsa-formula", formula)
    assert f"{plan['bsa']['formula_name']}: BSA = {plan['bsa']['expression']}" in out


# --- golden plans, one per regimen ----------------------------------------------


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("dose-isa-kd-80.txt", ("-w", "70", "--height", "175", "-r", "isa-kd", "--cycles", "2")),
        ("dose-isa-pd-80.txt", ("-w", "70", "--age", "76", "-r", "isa-pd", "--cycles", "2")),
        ("dose-isa-vrd-80.txt", ("-w", "70", "--height", "175", "-r", "isa-vrd", "--cycles", "5")),
        # issue 21: each regimen at 150 kg / 190 cm with --crcl 45, and at 70 kg / 175 cm
        # without kidney function
        *(
            (f"dose-{regimen}-{label}.txt", (*inputs, "-r", regimen, "--cycles", "2"))
            for regimen in ("isa-pd", "isa-kd", "isa-vrd")
            for label, inputs in (
                ("150kg-crcl45", ("-w", "150", "--height", "190", "--crcl", "45", "--age", "70")),
                ("70kg", ("-w", "70", "--height", "175")),
            )
        ),
    ],
)
def test_golden_plan_of_each_regimen(cli: Cli, name: str, args: tuple[str, ...]) -> None:
    result = cli("--width", "80", "dose", *args, "--start", "2026-12-01")
    assert result.exit_code == 0, result.stderr
    golden = GOLDEN / name
    if os.environ.get("MEDCLI_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


# --- the schema's checks ---------------------------------------------------------


def problems_with(tmp_path: Path, change: Any) -> list[str]:
    """Problems of the bundled monograph after *change* edits its parsed YAML in place."""
    data = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "isatuximab.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_monograph(path, expected_id="isatuximab")
    return caught.value.problems


def kd(data: dict[str, Any]) -> dict[str, Any]:
    regimen: dict[str, Any] = data["regimens"][1]
    assert regimen["id"] == "isa-kd"
    return regimen


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: kd(d)["drugs"][0].update(source="nowhere"),
         "regimens[1].drugs[0].source: no source with id 'nowhere'"),
        (lambda d: kd(d)["drugs"][0]["schedule"][0].update(source="nowhere"),
         "regimens[1].drugs[0].schedule[0].source: no source with id 'nowhere'"),
        (lambda d: kd(d).update(order_source="nowhere"),
         "regimens[1].order_source: no source with id 'nowhere'"),
        (lambda d: kd(d)["drugs"][0]["schedule"][1].update(days=[2, 8]),
         "regimens[1].drugs[0].schedule[1]: overlaps schedule[0] on day 2 in cycle 1"),
        (lambda d: kd(d)["drugs"][0]["schedule"][2].update(cycles=[1, None]),
         "regimens[1].drugs[0].schedule[2]: overlaps schedule[0] on day 1 in cycle 1"),
        (lambda d: kd(d)["drugs"][0]["schedule"][2].update(days=["1-29"]),
         "regimens[1].drugs[0].schedule[2].days: day 29 is past the 28-day cycle 2"),
        (lambda d: kd(d)["drugs"][0]["schedule"][2].update(days=["9-2"]),
         "regimens[1].drugs[0].schedule[2].days: '9-2' is not a range of days"),
        (lambda d: kd(d)["drugs"][0]["schedule"][2].update(days=[]),
         "regimens[1].drugs[0].schedule[2].days: give the days, or `when`"),
        (lambda d: kd(d).update(order=[["dexamethasone"], ["carfilzomib", "aspirin"]]),
         "regimens[1].order[1]: 'aspirin' is not a drug of the regimen"),
        (lambda d: kd(d).update(order=[["carfilzomib"], ["carfilzomib"]]),
         "regimens[1].order[1]: 'carfilzomib' is ordered twice"),
        (lambda d: kd(d)["drugs"][1]["schedule"][0]["doses"][0].update(amount=40),
         "regimens[1].drugs[1].premedication: the Dexamethasone doses for isa-kd in "
         "premedications (20 mg) differ from this drug's (20 mg; 40 mg)"),
        (lambda d: kd(d)["drugs"][1].update(premedication="Prednisone"),
         "regimens[1].drugs[1].premedication: no premedication named 'Prednisone'"),
        (lambda d: kd(d)["drugs"][0].update(id="isatuximab"),
         "regimens[1].drugs[0].id: 'isatuximab' is already a drug of the regimen"),
        (lambda d: d["regimens"][0]["drugs"][1]["schedule"][0]["doses"][1].update(age_min=70),
         "regimens[0].drugs[1].schedule[0].doses[1]: its ages overlap those of doses[0]"),
        (lambda d: kd(d)["drugs"][0]["schedule"][0]["doses"][0].update(unit="mg/cm2"),
         "regimens[1].drugs[0].schedule[0].doses[0].unit"),
        (lambda d: kd(d)["drugs"][0]["bsa_cap"].update(source="nowhere"),
         "regimens[1].drugs[0].bsa_cap.source: no source with id 'nowhere'"),
        (lambda d: kd(d)["drugs"][0]["bsa_cap"].update(max_m2=0),
         "regimens[1].drugs[0].bsa_cap.max_m2: expected a number greater than 0"),
        (lambda d: d["regimens"][2]["drugs"][1]["renal_rules"][0].pop("unit"),
         "regimens[2].drugs[1].renal_rules[0]: give both amount and unit, or neither"),
        (lambda d: d["regimens"][2]["drugs"][1]["renal_rules"][0].update(hepatic=["mild"]),
         "regimens[2].drugs[1].renal_rules[0]: a kidney rule needs a crcl band or dialysis"),
        (lambda d: d["regimens"][2]["drugs"][0]["hepatic_rules"][1].update(hepatic=[]),
         "regimens[2].drugs[0].hepatic_rules[1]: a liver rule needs hepatic or child_pugh"),
        (lambda d: d["regimens"][2]["drugs"][0]["hepatic_rules"][1].update(hepatic=["poor"]),
         "regimens[2].drugs[0].hepatic_rules[1].hepatic"),
        (lambda d: d["regimens"][0]["drugs"][1]["age_disagreements"][0].update(sources=["x"]),
         "regimens[0].drugs[1].age_disagreements[0].source: no source with id 'x'"),
    ],
)  # fmt: skip
def test_regimen_drug_problems_have_field_paths(tmp_path: Path, change: Any, expected: str) -> None:
    problems = problems_with(tmp_path, change)
    assert any(expected in problem for problem in problems), problems


def test_mg_m2_is_accepted_as_mg_per_square_metre(tmp_path: Path, cli: Cli) -> None:
    data = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))
    for entry in kd(data)["drugs"][0]["schedule"]:
        entry["doses"][0]["unit"] = "mg/m2"
    folder = tmp_path / "lib"
    folder.mkdir()
    text = yaml.safe_dump(copy.deepcopy(data), sort_keys=False, allow_unicode=True)
    (folder / "isatuximab.yaml").write_text(text, encoding="utf-8")
    plan = plan_json(cli, "--data-dir", str(folder), *KD, "--cycles", "1")
    assert plan_json(cli, *KD, "--cycles", "1")["days"] == plan["days"]


# --- day expansion ---------------------------------------------------------------


day_items = st.lists(
    st.one_of(
        st.integers(min_value=1, max_value=60),
        st.tuples(st.integers(1, 60), st.integers(0, 20)).map(lambda t: f"{t[0]}-{t[0] + t[1]}"),
    ),
    max_size=8,
)


@settings(max_examples=200, deadline=None)
@given(items=day_items)
def test_day_expansion_is_the_sorted_union_of_its_items(items: list[int | str]) -> None:
    expected: set[int] = set()
    for item in items:
        if isinstance(item, int):
            expected.add(item)
        else:
            low, high = map(int, item.split("-"))
            expected |= set(range(low, high + 1))
    days = expand_days(items)
    assert days == sorted(expected)
    assert len(days) == len(set(days))


@settings(max_examples=100, deadline=None)
@given(first=st.integers(1, 28), length=st.integers(0, 27))
def test_a_range_holds_every_day_between_its_ends(first: int, length: int) -> None:
    days = expand_days([f"{first}-{first + length}"])
    assert days[0] == first and days[-1] == first + length and len(days) == length + 1
