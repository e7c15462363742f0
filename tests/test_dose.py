"""`medcli dose` through the CLI: text at 40 and 120 columns, piped, JSON, errors, iCalendar."""

from __future__ import annotations

import itertools
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli

FIXTURES = Path(__file__).parent / "fixtures" / "dose"
GOLDEN = FIXTURES / "golden"
DATA_DIR = ("--data-dir", str(FIXTURES))
ANSI = re.compile(r"\x1b\[")

PLAN_KEYS = {
    "drug", "regimen", "other_regimens", "inputs", "weight_kg", "dose_mg", "products",
    "concentration_mg_ml", "volume_ml", "vials", "vial_count", "vials_total_mg", "waste_mg",
    "waste_ml", "preparation", "infusions", "schedule", "premedications", "warnings", "rules",
    "bsa", "regimen_drugs", "order", "order_note", "days", "undated_doses", "cycle_totals",
    "kidney_function", "drug_bsa_caps", "organ_rules",
    "jurisdiction", "supportive_care", "drug_facts", "clinical_review", "vial_rounding", "bands",
}  # fmt: skip
SECTIONS = [
    "Inputs", "Dose", "Concentrate volume", "Vials", "Preparation", "Infusion rates",
    "Schedule", "Premedications", "Warnings", "Rules", "Disclaimer", "Sources",
]  # fmt: skip


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def ok(cli: Cli, *args: str) -> tuple[str, str]:
    result = cli(*args)
    assert result.exit_code == 0, result.stderr
    assert not ANSI.search(result.stdout) and not ANSI.search(result.stderr)
    return result.stdout, result.stderr


# --- text ------------------------------------------------------------------------


def test_70_kg_shows_the_work_in_order(cli: Cli) -> None:
    out, err = ok(cli, "--width", "120", "dose", "--weight", "70")
    lines = out.splitlines()
    assert lines[0] == "Dose plan: Isatuximab"
    positions = [lines.index(section) for section in SECTIONS]
    assert positions == sorted(positions)
    for expected in (
        "Weight: 70 kg",
        "Age: not given",
        "10 mg/kg × 70 kg = 700 mg",
        "• 500 mg ÷ 25 mL = 20 mg/mL",
        "700 mg ÷ 20 mg/mL = 35 mL",
        "1 × 500 mg/25 mL = 500 mg",
        "2 × 100 mg/5 mL = 200 mg",
        "Waste: 700 mg − 700 mg = 0 mg (0 mL)",
        "2. Remove 35 mL of diluent.",
        "3. Add 35 mL of concentrate (700 mg): 250 mL in the bag.",
        "Infusion 1: 200 min (3 h 20 min); published: 200 min",
        "Infusion 2: 112.5 min (1 h 52.5 min); published: 113 min",
        "Infusion 3 and later: 75 min (1 h 15 min); published: 75 min",
        "6 infusions of 700 mg over 2 cycles",
    ):
        assert expected in lines, expected
    assert any(line.startswith("Regimen: Isatuximab + pomalidomide") for line in lines)
    assert any("isa-kd" in line and "isa-vrd" in line for line in lines)
    assert any(re.fullmatch(r"\s+180\s+150\s+20\*\s+50\s+250", line) for line in lines)
    assert "• Dexamethasone: depends on age; give --age. Options:" in lines
    assert "    40 mg orally or IV (aged under 75)" in lines
    assert err.startswith("medcli: warning: Dexamethasone: the dose depends on age")
    assert all(len(line) <= 120 for line in lines)


def test_pounds_with_start_and_cycles(cli: Cli) -> None:
    out, _ = ok(
        cli, "--width", "100", "dose", "-w", "154", "--unit", "lb", "--start", "2026-12-01",
        "--cycles", "2",
    )  # fmt: skip
    lines = out.splitlines()
    assert "Weight: 154 lb × 0.45359237 kg/lb = 69.85322498 kg ≈ 69.85 kg" in lines
    assert "10 mg/kg × 69.85322498 kg = 698.5322498 mg ≈ 698.5 mg" in lines
    assert "698.5322498 mg ÷ 20 mg/mL = 34.92661249 mL ≈ 34.93 mL" in lines
    assert "2. Remove 34.92661249 mL ≈ 34.93 mL of diluent." in lines
    assert (
        "3. Add 34.92661249 mL ≈ 34.93 mL of concentrate (698.5322498 mg ≈ 698.5 mg): "
        "250 mL in the bag."
    ) in lines
    assert "Start: 2026-12-01 (cycle 1, day 1)" in lines
    dated = [line.split() for line in lines if re.search(r"\d{4}-\d\d-\d\d\s+[\d.]+$", line)]
    assert [row[3] for row in dated] == [
        "2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29", "2027-01-12",
    ]  # fmt: skip


@pytest.mark.parametrize("width", ["40", "120"])
def test_every_line_fits_the_width(cli: Cli, width: str) -> None:
    for extra in ((), ("--regimen", "isa-vrd", "--start", "2026-12-31", "--age", "80")):
        out, _ = ok(cli, "--width", width, "--no-color", "dose", "--weight", "154.4", *extra)
        assert all(len(line) <= int(width) for line in out.splitlines())
        assert "Dose plan: Isatuximab" in out and "Disclaimer" in out


def test_narrow_tables_keep_their_numbers_whole(cli: Cli) -> None:
    out, _ = ok(cli, "--width", "40", "dose", "--weight", "70", "--start", "2026-12-20")
    assert re.search(r"^\s+2\s+1\s+8\s+2026-12-27\s+112\.5$", out, re.MULTILINE)
    assert re.search(r"^\s+60\s+200\s+52\.5\*\s+175\s+250$", out, re.MULTILINE)


def test_no_color_env_and_option_give_plain_text(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    plain, _ = ok(cli, "--no-color", "dose", "--weight", "70")
    monkeypatch.setenv("NO_COLOR", "1")
    assert ok(cli, "dose", "--weight", "70")[0] == plain


def test_age_resolves_dexamethasone(cli: Cli) -> None:
    out, err = ok(cli, "dose", "--weight", "70", "--age", "75", "--crcl", "90")
    assert "• Dexamethasone: 20 mg orally or IV (aged 75 or over)\n" in out
    # at exactly 75 the sources disagree: the one warning says so
    assert err.startswith("medcli: warning: Dexamethasone: sources disagree at 75 years")
    assert len(err.splitlines()) == 1
    out, _ = ok(cli, "dose", "--weight", "70", "--age", "74")
    assert "• Dexamethasone: 40 mg orally or IV (aged under 75)" in out


def test_isa_vrd_names_dexamethasone_with_the_imroz_regimen_and_warns(cli: Cli) -> None:
    out, err = ok(
        cli, "--width", "200", "dose", "-w", "70", "-r", "isa-vrd", "--age", "60", "--crcl", "90"
    )
    assert "• Dexamethasone: 20 mg orally or IV; IMROZ trial regimen from the manufacturer's" in out
    days = "on days 1, 2, 4, 5, 8, 9, 11, 12, 15, 22, 23, 25, 26, 29, 30, 32 and 33"
    assert days in " ".join(out.split())
    warning = (
        "Dexamethasone 20 mg with isa-vrd comes from SARCLISA IMROZ regimen and safety pages "
        "(Sanofi, for professionals) [hcp-imroz], not from a label's premedication table"
    )
    assert warning in err and warning in out
    assert "Order of administration with bortezomib and lenalidomide (Isa-VRd)" in out
    assert "Order of administration with carfilzomib" not in out


def test_rules_belong_to_their_regimen(cli: Cli) -> None:
    kd, _ = ok(cli, "--width", "200", "dose", "-w", "70", "-r", "isa-kd")
    assert "Order of administration with carfilzomib (Isa-Kd)" in kd
    assert "with bortezomib and lenalidomide" not in kd and "Dexamethasone with Isa-VRd" not in kd
    pd, _ = ok(cli, "--width", "200", "dose", "-w", "70", "-r", "isa-pd", "--age", "60")
    assert "Order of administration with pomalidomide (Isa-Pd)" in pd
    assert "carfilzomib (Isa-Kd)" not in pd


def test_warnings_show_above_the_plan_and_in_it(cli: Cli) -> None:
    out, err = ok(
        cli, "dose", "--weight", "25", "--age", "16", "--regimen", "isa-kd", "--height", "150"
    )
    assert err.splitlines() == [
        "medcli: warning: Isatuximab is for adults only and 25 kg is under 30 kg; check the weight",
        "medcli: warning: Isatuximab is for adults only and the age given is 16 years (under 18)",
        "medcli: warning: cycle 1 day 1: the time from dexamethasone to carfilzomib can be more "
        "than the carfilzomib label allows, because of isatuximab infusion 1; see For clinical "
        "review",
    ]
    warnings = out.split("\nWarnings\n")[1].split("\nRules\n")[0]
    assert "• Isatuximab is for adults only and 25 kg is under 30 kg" in warnings
    out, err = ok(cli, "dose", "--weight", "260", "--age", "50")
    assert "a weight of 260 kg is over 250 kg; check the weight" in err
    assert "a weight of 260 kg is over 250 kg" in out


def test_what_cannot_be_computed_is_said(cli: Cli) -> None:
    out, err = ok(cli, *DATA_DIR, "dose", "mixedconc", "--weight", "37.5")
    assert "The products differ in concentration: no single volume to draw up." in out
    assert "Waste: 120 mg − 112.5 mg = 7.5 mg" in out.splitlines()
    assert "Preparation" not in out.splitlines()
    assert "differ in concentration" in err
    out, err = ok(cli, *DATA_DIR, "dose", "oddrates", "--weight", "37.5")
    assert "Infusion 1: the steps do not empty the bag" in out
    assert "?: no infusion time could be computed (see Warnings)." in out
    assert "Vials" not in out.splitlines()
    assert len(err.splitlines()) == 3


def test_no_warnings_says_none(cli: Cli) -> None:
    out, err = ok(cli, "dose", "--weight", "70", "--age", "60", "--crcl", "90")
    assert "\nWarnings\nnone\n" in out
    assert err == ""


def test_golden_text_of_a_fixture_drug(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole view at 80 columns for a fictional drug; MEDCLI_UPDATE_GOLDEN=1 rewrites it.

    The folder is given as `.` so the file the plan names is the same on every machine.
    """
    monkeypatch.chdir(FIXTURES)
    out, _ = ok(
        cli, "--data-dir", ".", "--width", "80", "dose", "fixturemab", "--weight", "37.5",
        "--start", "2026-12-20", "--age", "70",
    )  # fmt: skip
    golden = GOLDEN / "fixturemab-80.txt"
    if os.environ.get("MEDCLI_UPDATE_GOLDEN"):
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


# --- JSON ------------------------------------------------------------------------


def test_json_contract(cli: Cli) -> None:
    document = plan_json(cli, "dose", "--weight", "70")
    assert set(document) == PLAN_KEYS
    assert document["drug"] == {"id": "isatuximab", "name": "Isatuximab"}
    assert document["regimen"]["id"] == "isa-pd"
    assert document["weight_kg"] == 70
    assert document["dose_mg"] == 700
    assert document["volume_ml"] == 35
    assert document["waste_mg"] == 0
    assert [
        (v["strength_mg"], v["volume_ml"], v["count"], v["total_mg"]) for v in document["vials"]
    ] == [
        (500, 25, 1, 500),
        (100, 5, 2, 200),
    ]
    assert document["vial_count"] == 3
    assert {"strength_mg", "volume_ml", "count"} <= set(document["vials"][0])
    infusion = document["infusions"][1]
    assert {"number", "steps", "duration_min"} <= set(infusion)
    assert (infusion["number"], infusion["duration_min"]) == (2, Decimal("112.5"))
    assert set(infusion["steps"][0]) == {
        "start_min", "rate_ml_h", "minutes", "volume_ml", "cumulative_ml", "until_empty",
    }  # fmt: skip
    assert {"cycle", "day", "date"} <= set(document["schedule"][0])
    assert document["schedule"][0]["date"] is None
    assert document["premedications"][0]["name"] == "Dexamethasone"
    assert isinstance(document["warnings"], list)
    assert set(document["inputs"]) == {
        "weight", "unit", "kg_per_lb", "weight_kg", "age_years", "regimen", "regimen_given",
        "start", "cycles", "cycles_given", "height", "height_unit", "cm_per_in", "height_cm",
        "bsa_formula", "bsa_cap_m2", "only", "patient", "crcl_ml_min", "creatinine_mg_dl", "sex",
        "dialysis", "hepatic", "child_pugh",
    }  # fmt: skip


def test_json_carries_exact_numbers_as_numbers(cli: Cli) -> None:
    result = cli("dose", "--weight", "154", "--unit", "lb", "--start", "2026-12-31", "--json")
    assert result.exit_code == 0
    assert '"dose_mg": 698.5322498,' in result.stdout  # a JSON number, not a string
    document = json.loads(result.stdout, parse_float=Decimal)
    assert document["weight_kg"] == Decimal("69.85322498")
    assert document["volume_ml"] == Decimal("34.92661249")
    assert document["waste_mg"] == Decimal("1.4677502")
    assert [row["date"] for row in document["schedule"]][:3] == [
        "2026-12-31", "2027-01-07", "2027-01-14",
    ]  # fmt: skip
    assert not re.search(r":\s*-?\d+(\.\d+)?[eE]", result.stdout)


def test_json_is_one_document_and_warnings_are_in_it(cli: Cli) -> None:
    result = cli("dose", "--weight", "20", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert any("adults only" in warning for warning in document["warnings"])
    assert any("--age" in warning for warning in document["warnings"])


def test_default_drug_from_the_environment(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDCLI_DRUG", "fixturemab")
    document = plan_json(cli, *DATA_DIR, "dose", "--weight", "37.5")
    assert document["drug"]["id"] == "fixturemab"
    assert document["dose_mg"] == 300
    assert document["vials"][0]["count"] == 2


def test_drug_by_brand_name(cli: Cli) -> None:
    assert plan_json(cli, "dose", "Sarclisa", "--weight", "70")["drug"]["id"] == "isatuximab"


# --- errors ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--weight", "abc"], "--weight 'abc' is not a number"),
        (["--weight", "nan"], "--weight 'nan' is not a finite number"),
        (["--weight", "inf"], "--weight 'inf' is not a finite number"),
        (["--weight=-5"], "--weight '-5' is negative"),
        (["--weight", "0"], "--weight must be greater than 0"),
        (["--weight", "1e400"], "without signs or exponents"),
        (["--weight", "701"], "--weight 701 kg is above any human weight"),
        (["--weight", "1600", "--unit", "lb"], "--weight 1600 lb is above any human weight"),
        (["--weight", "70", "--unit", "stone"], "'stone' is not one of 'kg', 'lb'"),
        (["--weight", "70", "--age", "131"], "--age 131 is out of range; accepted: 0 to 130"),
        (["--weight", "70", "--age=-3"], "--age '-3' is negative"),
        (["--weight", "70", "--age", "old"], "--age 'old' is not a number"),
        (["--weight", "70", "--cycles", "0"], "--cycles 0 is out of range; accepted: 1 to 1,000"),
        (["--weight", "70", "--cycles", "1001"], "--cycles 1001 is out of range"),
        (["--weight", "70", "--cycles", "two"], "'two' is not a valid int"),
        (["--weight", "70", "--start", "2026-02-30"], "--start '2026-02-30' is not a date"),
        (["--weight", "70", "--start", "01/12/2026"], "accepted: YYYY-MM-DD"),
        (["--weight", "70", "--start", "9999-12-20"], "past the year 9999"),
        (["--weight", "70", "--regimen", "isa-x"], "accepted: isa-pd, isa-kd, isa-vrd"),
        (["--weight", "70", "--ics", "plan.ics"], "--ics needs --start"),
        ([], "Missing option '--weight'"),
    ],
)
def test_input_errors_exit_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli("dose", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("medcli: error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_drug_without_a_regimen_exits_1(cli: Cli) -> None:
    result = cli(*DATA_DIR, "dose", "noregimen", "--weight", "70")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "medcli: error: no structured weight-based regimen for Noregimen "
        "(see: medcli show noregimen -s dosage)\n"
    )


def test_an_unknown_drug_exits_1(cli: Cli) -> None:
    result = cli("dose", "isatuximb", "--weight", "70")
    assert result.exit_code == 1
    assert "did you mean: isatuximab?" in result.stderr


def test_help_documents_the_precision(cli: Cli) -> None:
    result = cli("dose", "--help")
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())
    assert "dose to 1 decimal (mg)" in text and "--ics" in text and "--json" in text


# --- iCalendar -------------------------------------------------------------------


def test_ics_has_one_event_per_treatment_day_with_every_drug(cli: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    result = cli(
        "dose", "--weight", "70", "--height", "175", "--regimen", "isa-vrd",
        "--start", "2026-12-28", "--ics", str(target), "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    count = len(document["days"])
    assert f"medcli: wrote {count} events to" in result.stderr
    calendar = Calendar.from_ical(target.read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == count > len(document["schedule"]) == 41
    dates = [event.decoded("dtstart").isoformat() for event in events]
    assert dates == [day["date"] for day in document["days"]]
    assert dates[:3] == ["2026-12-28", "2026-12-29", "2026-12-30"]
    first = events[0]
    assert first.decoded("dtend").isoformat() == "2026-12-29"
    title = str(first.get("summary"))
    assert title.startswith("Isatuximab 700 mg infusion 1 (isa-vrd, cycle 1 day 1); with ")
    assert "Dexamethasone 20 mg" in title and "Lenalidomide 25 mg" in title
    assert "Bortezomib 2.398060559… mg ≈ 2.4 mg" in title
    description = str(first.get("description"))
    assert "Expected duration: 200 min (3 h 20 min)" in description
    assert "- Dexamethasone 20 mg orally or IV" in description
    assert description.index("Dexamethasone") < description.index("- Isatuximab")
    assert "verify every number" in description
    second = str(events[1].get("summary"))  # day 2: dexamethasone and lenalidomide only
    assert second == "isa-vrd, cycle 1 day 2: Dexamethasone 20 mg, Lenalidomide 25 mg"
    assert "Expected duration" not in str(events[1].get("description"))
    assert len({str(event.get("uid")) for event in events}) == count
    assert str(calendar.get("version")) == "2.0"
    assert all(event.get("dtstamp") is not None for event in events)


def ics_events(cli: Cli, tmp_path: Path, name: str, *args: str) -> list[Any]:
    from icalendar import Calendar

    target = tmp_path / name
    result = cli("dose", "--start", "2026-12-01", "--ics", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))


def test_ics_uids_follow_the_patient_not_the_weight(cli: Cli, tmp_path: Path) -> None:
    first = ics_events(cli, tmp_path, "a.ics", "-w", "70", "-r", "isa-kd", "--patient", "AB")
    reweighed = ics_events(cli, tmp_path, "b.ics", "-w", "72", "-r", "isa-kd", "--patient", "AB")
    other = ics_events(cli, tmp_path, "c.ics", "-w", "70", "-r", "isa-kd", "--patient", "CD")
    uids = [str(event.get("uid")) for event in first]
    assert uids == [str(event.get("uid")) for event in reweighed]
    assert not set(uids) & {str(event.get("uid")) for event in other}
    assert all(str(event.get("transp")) == "OPAQUE" for event in first)


def test_ics_titles_from_cycle_2_say_the_dose_must_be_recomputed(cli: Cli, tmp_path: Path) -> None:
    events = ics_events(
        cli, tmp_path, "plan.ics", "-w", "66.666666", "--height", "170", "-r", "isa-kd"
    )
    titles = [str(event.get("summary")) for event in events]
    assert titles[0].startswith(
        "Isatuximab 666.66666 mg ≈ 666.7 mg infusion 1 (isa-kd, cycle 1 day 1); "
        "with Dexamethasone 20 mg, Carfilzomib "
    )
    cycle_2 = next(i for i, event in enumerate(events) if "cycle 2 day 1" in titles[i])
    assert "recompute" not in " ".join(titles[:cycle_2])
    assert titles[cycle_2].endswith(": dose for the cycle-1 weight, reweigh and recompute")
    assert "weigh the patient before cycle 2" in str(events[cycle_2].get("description"))
    flat = next(title for title in titles if "cycle 2 day 22" in title)  # dexamethasone only
    assert flat == "isa-kd, cycle 2 day 22: Dexamethasone 20 mg"


def test_ics_overwrites_atomically(cli: Cli, tmp_path: Path) -> None:
    from icalendar import Calendar

    (tmp_path / "out").mkdir()
    target = tmp_path / "out" / "plan.ics"
    target.write_text("old", encoding="utf-8")
    result = cli("dose", "--weight", "70", "--start", "2026-12-01", "--ics", str(target))
    assert result.exit_code == 0, result.stderr
    # Isa-Pd, 2 cycles: pomalidomide days 1-21, isatuximab and dexamethasone on day 22.
    assert len(list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))) == 44
    assert [path.name for path in target.parent.iterdir()] == ["plan.ics"]  # no temp file left


def test_ics_into_a_missing_folder_fails_cleanly(cli: Cli, tmp_path: Path) -> None:
    target = tmp_path / "missing" / "plan.ics"
    result = cli("dose", "--weight", "70", "--start", "2026-12-01", "--ics", str(target))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1].startswith(f"medcli: error: cannot write {target}")
    assert not target.parent.exists()


# --- start-up cost ----------------------------------------------------------------


def test_loading_the_cli_does_not_import_the_dose_machinery() -> None:
    code = (
        "import sys, medcli.cli; "
        "print(sorted(m for m in ('medcli.dosing', 'medcli.render.dose', 'medcli.render.calendar', "
        "'icalendar', 'hypothesis') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("weight", ["0.1", "0.19", "٧٠", "७०", "７０"])
def test_impossible_tiny_or_foreign_digit_weights_are_usage_errors(cli: Cli, weight: str) -> None:
    result = cli("dose", "--weight", weight)
    assert result.exit_code == 2
    assert result.stderr.startswith("medcli: error: --weight ")
    assert result.stderr.count("\n") == 1


def test_warnings_quote_the_weight_exactly_and_units_ignore_case(cli: Cli) -> None:
    result = cli("dose", "--weight", "29.999", "--age", "50")
    assert "29.999 kg is under 30 kg" in result.stderr
    assert cli("dose", "--weight", "154", "--unit", "LB", "--age", "50").exit_code == 0


# --- no hidden rounding, no split numbers ---------------------------------------


@pytest.mark.parametrize(
    ("weight", "expected"),
    [
        ("99.995", "3. Add 49.9975 mL ≈ 50 mL of concentrate (999.95 mg ≈ 1,000 mg): "
                   "250 mL in the bag."),
        ("66.666666", "3. Add 33.333333 mL ≈ 33.33 mL of concentrate (666.66666 mg ≈ "
                      "666.7 mg): 250 mL in the bag."),
    ],
)  # fmt: skip
def test_rounded_numbers_follow_their_exact_value(cli: Cli, weight: str, expected: str) -> None:
    out, _ = ok(cli, "--width", "200", "dose", "-w", weight, "--age", "60")
    lines = out.splitlines()
    assert expected in lines
    summary = next(line for line in lines if line.startswith("6 infusions of "))
    assert " ≈ " in summary


def test_the_measured_volume_says_what_it_holds(cli: Cli) -> None:
    out, _ = ok(cli, "--width", "200", "dose", "-w", "66.666666", "--age", "60")
    assert (
        "Measured at a 0.1 mL step: 33.3 mL, which holds 666 mg (--json has the exact volume)."
        in out.splitlines()
    )
    document = plan_json(cli, "dose", "-w", "66.666666")
    assert document["preparation"]["add_ml"] == Decimal("33.333333")
    assert document["preparation"]["measured_ml"] == Decimal("33.3")


UNIT_START = re.compile(r"^\s*(mg|mL|kg|lb|min|h)\b")


@pytest.mark.parametrize("width", [str(w) for w in range(40, 81)])
def test_a_number_and_its_unit_are_never_split(cli: Cli, width: str) -> None:
    out, _ = ok(cli, "--width", width, "dose", "-w", "66.666666", "-r", "isa-vrd", "--age", "60")
    lines = out.splitlines()
    for before, after in itertools.pairwise(lines):
        assert not (re.search(r"\d$", before) and UNIT_START.match(after)), (before, after)
    assert "\ue000" not in out


def test_ranges_carry_their_unit_on_both_ends(cli: Cli) -> None:
    out, _ = ok(cli, "--width", "200", "dose", "-w", "70", "--age", "60")
    assert "650 mg to 1,000 mg orally" in out and "25 mg to 50 mg orally or IV" in out
    assert "Cycle 2 and later: 28-day cycles" in out


def test_rounded_table_cells_are_marked(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "odd7.yaml").write_text(
        "schema_version: 1\nid: odd7\nname: Odd7\nregimens:\n  - id: r\n    name: R\n"
        "    dose: {amount: 1, unit: mg/kg}\n"
        "    phases: [{cycles: [1, 1], cycle_length_days: 7, days: [1]}]\n"
        "administration:\n  infusion_volume_ml: 100\n"
        "  rates: [{first: 1, last: null, steps: [{rate_ml_h: 70}]}]\n",
        encoding="utf-8",
    )
    out, _ = ok(cli, "--data-dir", str(tmp_path), "dose", "odd7", "-w", "70")
    assert "Infusion 1 and later: 85.7142857143… min ≈ 85.7 min (1 h 25.7 min)" in out
    assert re.search(r"^\s+0\s+70\s+≈85\.7\*\s+100\s+100$", out, re.MULTILINE)
    assert out.count("≈ before a number: rounded for the table") == 2
