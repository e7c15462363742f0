"""The dosing core, without the CLI: inputs, vials, infusion times, schedule, premedications.

Facts checked against the bundled isatuximab monograph come from
../shared/reference/isatuximab-facts.md; the fictional fixture monographs in
tests/fixtures/dose prove that nothing is hard-coded.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from medcli.dosing import compute_plan
from medcli.dosing.inputs import KG_PER_LB, parse_age, parse_number, parse_start, parse_weight
from medcli.dosing.plan import pick_regimen
from medcli.dosing.records import DosePlan, PremedPlan, tidy
from medcli.dosing.vials import choose_vials
from medcli.errors import NotFoundError, UsageError
from medcli.library.environment import bundled_dir
from medcli.library.loader import load_monograph
from medcli.model import Monograph
from medcli.numbers import format_duration, is_shown_exactly

FIXTURES = Path(__file__).parent / "fixtures" / "dose"
D = Decimal


@pytest.fixture(scope="module")
def isatuximab() -> Monograph:
    path = bundled_dir() / "isatuximab.yaml"
    if not path.is_file():
        pytest.skip("bundled isatuximab monograph not present")
    return load_monograph(path)


@pytest.fixture(scope="module")
def fixturemab() -> Monograph:
    return load_monograph(FIXTURES / "fixturemab.yaml")


def fixture(name: str) -> Monograph:
    return load_monograph(FIXTURES / f"{name}.yaml")


def vial_counts(plan: DosePlan) -> dict[Decimal, int]:
    return {vial.strength_mg: vial.count for vial in plan.vials}


def premed(plan: DosePlan, name: str) -> PremedPlan:
    return next(p for p in plan.premedications if p.name.startswith(name))


# --- inputs -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("70", D(70)), (" 70.5 ", D("70.5")), ("0.5", D("0.5")), (".5", D("0.5")), ("70.", D(70))],
)
def test_plain_numbers_parse_exactly(text: str, expected: Decimal) -> None:
    assert parse_number(text, "--weight", "70") == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("abc", "is not a number"),
        ("", "is not a number"),
        ("70,5", "is not a number"),
        ("nan", "is not a finite number"),
        ("NaN", "is not a finite number"),
        ("inf", "is not a finite number"),
        ("-Infinity", "is not a finite number"),
        ("-5", "is negative"),
        ("1e400", "without signs or exponents"),
        ("+70", "without signs or exponents"),
        ("70.1234567", "more than 6 decimal places"),
    ],
)
def test_bad_numbers_are_usage_errors(text: str, reason: str) -> None:
    with pytest.raises(UsageError) as caught:
        parse_number(text, "--weight", "70")
    assert reason in caught.value.message
    assert "--weight" in caught.value.message
    assert "accepted" in caught.value.message


@pytest.mark.parametrize("text", ["0", "0.0", "000"])
def test_zero_weight_is_an_error(text: str) -> None:
    with pytest.raises(UsageError, match="greater than 0"):
        parse_weight(text, "kg")


def test_weight_limit_is_700_kg_in_either_unit() -> None:
    assert parse_weight("700", "kg")[1] == 700
    with pytest.raises(UsageError, match="above any human weight"):
        parse_weight("700.01", "kg")
    assert parse_weight("1543", "lb")[1] < 700
    exactly = r"above any human weight.*700 ÷ 0\.45359237 = 1,543\.2358352941… lb"
    with pytest.raises(UsageError, match=exactly):
        parse_weight("1543.3", "lb")
    assert parse_weight("1543.2358", "lb")[1] < 700


def test_pounds_convert_exactly() -> None:
    assert str(KG_PER_LB) == "0.45359237"
    assert parse_weight("154", "lb") == (D(154), D("69.85322498"))
    assert parse_weight("1", "lb") == (D(1), D("0.45359237"))


def test_unknown_unit_is_an_error() -> None:
    with pytest.raises(UsageError, match="accepted: kg, lb"):
        parse_weight("70", "stone")


def test_age_range() -> None:
    assert parse_age(None) is None
    assert parse_age("0") == 0
    assert parse_age("130") == 130
    assert parse_age("74.5") == D("74.5")
    for bad in ("131", "-1", "old", "nan"):
        with pytest.raises(UsageError, match="--age"):
            parse_age(bad)


def test_start_date() -> None:
    assert parse_start(None) is None
    assert parse_start("2026-12-01") == dt.date(2026, 12, 1)
    for bad in ("2026-02-30", "2026/12/01", "20261201", "12/01/2026", "2026-13-01", "tomorrow"):
        with pytest.raises(UsageError, match="YYYY-MM-DD"):
            parse_start(bad)


# --- regimen choice -----------------------------------------------------------


def test_first_regimen_is_the_default(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70")
    assert plan.regimen.id == "isa-pd"
    assert not plan.inputs.regimen_given
    assert [r.id for r in plan.other_regimens] == ["isa-kd", "isa-vrd"]


def test_regimen_by_id_any_case(isatuximab: Monograph) -> None:
    assert pick_regimen(isatuximab, " ISA-KD ").id == "isa-kd"


def test_unknown_regimen_lists_the_valid_ids(isatuximab: Monograph) -> None:
    with pytest.raises(UsageError, match="accepted: isa-pd, isa-kd, isa-vrd"):
        compute_plan(isatuximab, weight="70", regimen="isa-xyz")


def test_no_regimen_is_not_found() -> None:
    with pytest.raises(NotFoundError) as caught:
        compute_plan(fixture("noregimen"), weight="70")
    assert caught.value.message == "no structured weight-based regimen for Noregimen"
    assert caught.value.hint == "see: medcli show noregimen -s dosage"


# --- dose, volume and vials (bundled: 100 mg/5 mL and 500 mg/25 mL, 20 mg/mL) ----------


@pytest.mark.parametrize(
    ("weight", "dose", "volume", "vials", "waste"),
    [
        ("49.9", "499", "24.95", {D(500): 1}, "1"),
        ("50", "500", "25", {D(500): 1}, "0"),
        ("50.1", "501", "25.05", {D(500): 1, D(100): 1}, "99"),
        ("59.99", "599.9", "29.995", {D(500): 1, D(100): 1}, "0.1"),
        ("60", "600", "30", {D(500): 1, D(100): 1}, "0"),
        ("70", "700", "35", {D(500): 1, D(100): 2}, "0"),
        ("100", "1000", "50", {D(500): 2}, "0"),
        ("150", "1500", "75", {D(500): 3}, "0"),
        ("0.5", "5", "0.25", {D(100): 1}, "95"),
    ],
)
def test_vials_across_each_boundary(
    isatuximab: Monograph,
    weight: str,
    dose: str,
    volume: str,
    vials: dict[Decimal, int],
    waste: str,
) -> None:
    plan = compute_plan(isatuximab, weight=weight)
    assert plan.dose_mg == D(dose)
    assert plan.volume_ml == D(volume)
    assert plan.concentration_mg_ml == 20
    assert vial_counts(plan) == vials
    assert plan.waste_mg == D(waste)
    assert plan.waste_ml == D(waste) / 20
    assert plan.vials_total_mg == D(dose) + D(waste)


def test_pounds_plan(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="154", unit="lb")
    assert plan.inputs.weight == 154
    assert plan.inputs.unit == "lb"
    assert plan.inputs.kg_per_lb == D("0.45359237")
    assert plan.weight_kg == D("69.85322498")
    assert plan.dose_mg == D("698.5322498")
    assert plan.volume_ml == D("34.92661249")
    assert vial_counts(plan) == {D(500): 1, D(100): 2}
    assert plan.waste_mg == D("1.4677502")


def test_preparation_replaces_diluent_with_concentrate(isatuximab: Monograph) -> None:
    prep = compute_plan(isatuximab, weight="70").preparation
    assert prep is not None
    assert [prep.bag_volume_ml, prep.remove_ml, prep.add_ml, prep.final_volume_ml] == [
        D(250),
        D(35),
        D(35),
        D(250),
    ]
    assert prep.diluents == ["0.9% sodium chloride", "5% dextrose"]


@pytest.mark.parametrize(
    ("weight", "exact_ml", "measured_ml", "measured_mg"),
    [("70", "35", "35", "700"), ("66.666666", "33.333333", "33.3", "666"),
     ("99.995", "49.9975", "50", "1000"), ("70.04", "35.02", "35", "700")],
)  # fmt: skip
def test_preparation_gives_a_measurable_volume_and_what_it_holds(
    isatuximab: Monograph, weight: str, exact_ml: str, measured_ml: str, measured_mg: str
) -> None:
    prep = compute_plan(isatuximab, weight=weight).preparation
    assert prep is not None
    assert prep.add_ml == D(exact_ml) and prep.measure_step_ml == D("0.1")
    assert prep.measured_ml == D(measured_ml) and prep.measured_mg == D(measured_mg)


def test_concentrate_larger_than_the_bag_has_no_preparation(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="600")  # 6,000 mg = 300 mL > 250 mL
    assert plan.preparation is None
    assert any("more than the 250 mL infusion volume" in w for w in plan.warnings)


def test_exact_search_beats_greedy(fixturemab: Monograph) -> None:
    # 8 mg/kg × 37.5 kg = 300 mg: greedy takes a 400 mg vial (100 mg waste); 2 × 150 wastes none.
    plan = compute_plan(fixturemab, weight="37.5")
    assert plan.dose_mg == 300
    assert vial_counts(plan) == {D(150): 2}
    assert plan.waste_mg == 0
    assert plan.concentration_mg_ml == 25
    assert plan.volume_ml == 12


def test_fewest_vials_break_waste_ties() -> None:
    # 200 mg: 2 × 100 and 4 × 50 both waste nothing; 2 vials win.
    choice = choose_vials(D(200), [D(50), D(100)])
    assert choice.counts == (0, 2)
    assert choice.total_mg == 200


def test_decimal_strengths_least_waste_before_fewest_vials() -> None:
    # 19 × 0.4 = 7.6 exactly; the fewest-vial cover, 3 × 2.5 + 0.4 = 7.9, wastes 0.3.
    choice = choose_vials(D("7.6"), [D("2.5"), D("0.4")])
    assert choice.total_mg == D("7.6")
    assert choice.counts == (0, 19)


def test_products_of_different_concentration(tmp_path: Path) -> None:
    plan = compute_plan(fixture("mixedconc"), weight="37.5")  # 112.5 mg
    assert plan.concentration_mg_ml is None
    assert plan.volume_ml is None
    assert plan.waste_ml is None
    assert plan.preparation is None
    assert vial_counts(plan) == {D(30): 4}
    assert plan.waste_mg == D("7.5")
    assert any("differ in concentration" in w for w in plan.warnings)


# --- infusion times -----------------------------------------------------------


def test_published_infusion_times(isatuximab: Monograph) -> None:
    infusions = compute_plan(isatuximab, weight="70").infusions
    assert [(i.number, i.last) for i in infusions] == [(1, 1), (2, 2), (3, None)]
    assert [i.duration_min for i in infusions] == [200, D("112.5"), 75]
    assert [i.published_duration_min for i in infusions] == [200, 113, 75]
    for infusion in infusions:
        assert infusion.duration_min is not None
        assert infusion.published_duration_min is not None
        assert abs(infusion.duration_min - infusion.published_duration_min) <= 1
    assert format_duration(D(200)) == "3 h 20 min"
    assert format_duration(D("112.5")) == "1 h 52.5 min"
    assert format_duration(D(75)) == "1 h 15 min"


def test_first_infusion_steps(isatuximab: Monograph) -> None:
    first = compute_plan(isatuximab, weight="70").infusions[0]
    rows = [
        ([s.start_min, s.rate_ml_h, s.minutes, s.volume_ml, s.cumulative_ml], s.until_empty)
        for s in first.steps
    ]
    expected = [
        ("0 25 60 25 25", False),
        ("60 50 30 25 50", False),
        ("90 75 30 37.5 87.5", False),
        ("120 100 30 50 137.5", False),
        ("150 125 30 62.5 200", False),
        ("180 150 20 50 250", True),
    ]
    assert rows == [([D(v) for v in numbers.split()], empty) for numbers, empty in expected]


def test_second_infusion_steps(isatuximab: Monograph) -> None:
    second = compute_plan(isatuximab, weight="70").infusions[1]
    rows = [[s.start_min, s.rate_ml_h, s.minutes, s.volume_ml] for s in second.steps]
    expected = ["0 50 30 25", "30 100 30 50", "60 200 52.5 175"]
    assert rows == [[D(v) for v in numbers.split()] for numbers in expected]


def test_rate_steps_that_do_not_empty_the_bag_and_a_wrong_published_time() -> None:
    plan = compute_plan(fixture("oddrates"), weight="70")
    first, later = plan.infusions
    assert first.duration_min is None
    assert later.duration_min == 60
    assert [row.duration_min for row in plan.schedule] == [None, 60]
    assert any("infuse only 30 of 100 mL" in w for w in plan.warnings)
    assert any("take 60 min but the published duration is 90 min" in w for w in plan.warnings)
    assert any("lists no products" in w for w in plan.warnings)
    assert plan.vials == []
    assert plan.waste_mg is None


# --- schedule -------------------------------------------------------------------


def test_default_schedule_runs_through_the_first_cycle_of_the_last_phase(
    isatuximab: Monograph,
) -> None:
    plan = compute_plan(isatuximab, weight="70")
    assert plan.inputs.cycles == 2
    assert [(r.cycle, r.day) for r in plan.schedule] == [
        (1, 1),
        (1, 8),
        (1, 15),
        (1, 22),
        (2, 1),
        (2, 15),
    ]
    assert [r.date for r in plan.schedule] == [None] * 6
    assert [r.duration_min for r in plan.schedule] == [200, D("112.5"), 75, 75, 75, 75]


def test_isa_vrd_42_then_28_day_cycles_then_day_1_only(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-vrd", start="2026-12-01")
    assert plan.inputs.cycles == 18
    by_cycle: dict[int, list[int]] = {}
    for row in plan.schedule:
        by_cycle.setdefault(row.cycle, []).append(row.day)
    assert by_cycle[1] == [1, 8, 15, 22, 29]
    assert all(by_cycle[c] == [1, 15, 29] for c in (2, 3, 4))
    assert all(by_cycle[c] == [1, 15] for c in range(5, 18))
    assert by_cycle[18] == [1]
    assert len(plan.schedule) == 41
    starts = {row.cycle: row.treatment_day for row in plan.schedule if row.day == 1}
    assert [starts[c] for c in (1, 2, 3, 4, 5, 6)] == [1, 43, 85, 127, 169, 197]
    assert starts[18] == 169 + 13 * 28
    assert {row.cycle_length_days for row in plan.schedule if row.cycle <= 4} == {42}
    assert {row.cycle_length_days for row in plan.schedule if row.cycle >= 5} == {28}
    cycle5 = next(r for r in plan.schedule if r.cycle == 5)
    assert cycle5.date == dt.date(2026, 12, 1) + dt.timedelta(days=168)


def test_more_cycles_in_an_open_ended_phase(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-vrd", cycles=20)
    assert [r.cycle for r in plan.schedule[-3:]] == [18, 19, 20]
    assert plan.inputs.cycles_given


def test_cycles_beyond_a_finite_regimen_stop_with_a_warning(fixturemab: Monograph) -> None:
    plan = compute_plan(fixturemab, weight="70", regimen="fx-short", cycles=5)
    assert plan.inputs.cycles == 3
    assert [r.treatment_day for r in plan.schedule] == [1, 15, 29]
    assert "fx-short has 3 cycles; the schedule stops at cycle 3" in plan.warnings


@pytest.mark.parametrize("cycles", [0, -1, 1001])
def test_cycles_out_of_range(isatuximab: Monograph, cycles: int) -> None:
    with pytest.raises(UsageError, match="accepted: 1 to 1,000"):
        compute_plan(isatuximab, weight="70", cycles=cycles)


def test_dates_across_a_month_end_and_a_year_end(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", start="2026-12-20")
    assert [r.date for r in plan.schedule] == [
        dt.date(2026, 12, 20),
        dt.date(2026, 12, 27),
        dt.date(2027, 1, 3),
        dt.date(2027, 1, 10),
        dt.date(2027, 1, 17),
        dt.date(2027, 1, 31),
    ]
    month = compute_plan(isatuximab, weight="70", start="2026-01-25")
    assert month.schedule[1].date == dt.date(2026, 2, 1)
    leap = compute_plan(isatuximab, weight="70", start="2028-02-22")
    assert leap.schedule[1].date == dt.date(2028, 2, 29)


def test_schedule_past_year_9999_is_an_error(isatuximab: Monograph) -> None:
    with pytest.raises(UsageError, match="past the year 9999"):
        compute_plan(isatuximab, weight="70", start="9999-12-01")


# --- premedications -------------------------------------------------------------


@pytest.mark.parametrize(("age", "mg"), [("74", 40), ("74.9", 40), ("75", 20), ("90", 20)])
def test_dexamethasone_age_rule_with_isa_pd(isatuximab: Monograph, age: str, mg: int) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-pd", age=age)
    dexamethasone = premed(plan, "Dexamethasone")
    assert dexamethasone.status == "resolved"
    assert [d.amount for d in dexamethasone.doses] == [mg]
    assert not any("--age" in w for w in plan.warnings)


def test_dexamethasone_without_age_shows_both_and_warns(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-pd")
    dexamethasone = premed(plan, "Dexamethasone")
    assert dexamethasone.status == "age_needed"
    assert [d.amount for d in dexamethasone.doses] == [40, 20]
    assert any("Dexamethasone" in w and "give --age" in w for w in plan.warnings)


@pytest.mark.parametrize("age", [None, "40", "80"])
def test_dexamethasone_with_isa_kd_is_20_mg(isatuximab: Monograph, age: str | None) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-kd", age=age)
    dexamethasone = premed(plan, "Dexamethasone")
    assert dexamethasone.status == "resolved"
    assert [d.amount for d in dexamethasone.doses] == [20]
    assert not any("--age" in w for w in plan.warnings)


def test_isa_vrd_dexamethasone_is_the_imroz_regimen_named_as_such(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", regimen="isa-vrd")
    dexamethasone = premed(plan, "Dexa")
    assert dexamethasone.status == "resolved"
    assert [(d.amount, d.source) for d in dexamethasone.doses] == [(D(20), "hcp-imroz")]
    assert any("hcp-imroz" in w and "not from a label" in w for w in plan.warnings)
    kd = compute_plan(isatuximab, weight="70", regimen="isa-kd")
    assert not any("not from a label" in w for w in kd.warnings)


def test_premedications_without_doses_and_with_ranges(isatuximab: Monograph) -> None:
    plan = compute_plan(isatuximab, weight="70", age="60")
    assert premed(plan, "H2 antagonist").status == "no_dose"
    acetaminophen = premed(plan, "Acetaminophen")
    assert acetaminophen.status == "resolved"
    assert [acetaminophen.doses[0].amount, acetaminophen.doses[0].amount_max] == [D(650), D(1000)]


def test_fixture_premedications_by_age_and_regimen(fixturemab: Monograph) -> None:
    young = compute_plan(fixturemab, weight="70", age="64")
    assert [d.amount for d in premed(young, "Examplol").doses] == [10]
    old = compute_plan(fixturemab, weight="70", age="65")
    assert [d.amount for d in premed(old, "Examplol").doses] == [5]
    short = compute_plan(fixturemab, weight="70", regimen="fx-short")
    assert premed(short, "Examplol").status == "no_dose_for_regimen"
    assert premed(short, "Otherine").status == "no_dose"


def test_no_dose_for_an_age_outside_every_option(tmp_path: Path, fixturemab: Monograph) -> None:
    text = (FIXTURES / "fixturemab.yaml").read_text(encoding="utf-8")
    text = text.replace("regimens: [fx-weekly], age_min: 65", "regimens: [fx-weekly], age_min: 70")
    path = tmp_path / "fixturemab.yaml"
    path.write_text(text, encoding="utf-8")
    plan = compute_plan(load_monograph(path), weight="70", age="67")
    assert premed(plan, "Examplol").status == "no_dose_for_age"


# --- warnings -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("weight", "age", "expected"),
    [
        ("29.9", None, "is for adults only and 29.9 kg is under 30 kg"),
        ("70", "17", "is for adults only and the age given is 17 years (under 18)"),
        ("250.5", None, "a weight of 250.5 kg is over 250 kg"),
    ],
)
def test_plausibility_warnings(
    isatuximab: Monograph, weight: str, age: str | None, expected: str
) -> None:
    plan = compute_plan(isatuximab, weight=weight, age=age, regimen="isa-kd")
    assert [w for w in plan.warnings if expected in w]


@pytest.mark.parametrize(("weight", "age"), [("30", "18"), ("250", "50")])
def test_no_warning_at_the_thresholds(isatuximab: Monograph, weight: str, age: str) -> None:
    plan = compute_plan(isatuximab, weight=weight, age=age, regimen="isa-kd", height="170")
    # The C1D1 timing flag is about the infusion, not about the weight or the age.
    assert [
        w for w in plan.warnings if "body surface area" not in w and "clinical review" not in w
    ] == []


def test_adult_warnings_only_for_adults_only_drugs() -> None:
    plan = compute_plan(fixture("mixedconc"), weight="10", age="5")
    assert not any("adults only" in w for w in plan.warnings)


def test_rules_come_from_the_monograph(isatuximab: Monograph) -> None:
    titles = [rule.title for rule in compute_plan(isatuximab, weight="70").rules]
    assert "Missed dose" in titles
    assert "No dose reduction" in titles
    assert any(title.startswith("Dose delay") for title in titles)


# --- numbers ---------------------------------------------------------------------


def test_tidy_never_uses_exponents() -> None:
    assert str(tidy(D("700.00"))) == "700"
    assert str(tidy(D("1E+3"))) == "1000"
    assert str(tidy(D("0.0500"))) == "0.05"
    assert str(tidy(D("0.000"))) == "0"


def test_is_shown_exactly() -> None:
    assert is_shown_exactly(D("698.5"), 1)
    assert not is_shown_exactly(D("698.53"), 1)
    assert format_duration(D(45)) == "45 min"
    assert format_duration(D(120)) == "2 h"


def _variant(tmp_path: Path, old: str, new: str) -> Monograph:
    """fixturemab with one piece of its YAML text replaced."""
    text = (FIXTURES / "fixturemab.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "fixturemab.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_monograph(path)


def test_a_repeating_concentration_never_rounds_the_volume(tmp_path: Path) -> None:
    products = (
        "  - {form: vial, strength_mg: 50, volume_ml: 2}\n"
        "  - {form: vial, strength_mg: 150, volume_ml: 6}\n"
        "  - {form: vial, strength_mg: 400, volume_ml: 16}\n"
    )
    monograph = _variant(tmp_path, products, "  - {form: vial, strength_mg: 100, volume_ml: 3}\n")
    plan = compute_plan(monograph, weight="37.6")  # 300.8 mg at 100 mg/3 mL
    assert plan.volume_ml == D("9.024")
    assert plan.waste_mg == D("99.2")
    assert plan.waste_ml == D("2.976")
    assert plan.concentration_mg_ml is not None
    assert not is_shown_exactly(plan.concentration_mg_ml, 10)


def test_several_unconditioned_options_are_all_shown(tmp_path: Path) -> None:
    monograph = _variant(
        tmp_path,
        "      - {amount: 0.5, amount_max: 1000, unit: mg}\n",
        "      - {amount: 0.5, unit: mg, route: orally}\n"
        "      - {amount: 1, unit: mg, route: IV}\n",
    )
    anyprofen = premed(compute_plan(monograph, weight="70"), "Anyprofen")
    assert anyprofen.status == "options"
    assert [d.amount for d in anyprofen.doses] == [D("0.5"), D(1)]
