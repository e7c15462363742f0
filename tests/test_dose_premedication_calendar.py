"""Premedication on every infusion day, and calendar identity (issue 21, findings 2 and the UIDs).

Every isatuximab infusion day of every regimen, in the day list, `--json` and
each `.ics` event, names each premedication with its dose, route and timing,
or says which one the source leaves undated (Isa-VRd from cycle 5). Event
UIDs follow the patient, drug, regimen, start and day, never the weight.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing import compute_plan
from medcli.library.loader import load_monograph
from medcli.render.calendar import plan_calendar
from tests.conftest import ISATUXIMAB, Cli, write_monograph

MONOGRAPH = load_monograph(ISATUXIMAB, expected_id="isatuximab")
NOW = dt.datetime(2026, 12, 7, 9, 30, tzinfo=dt.timezone.utc)
TIMING = "15–60 minutes before each isatuximab infusion"
# What each premedication line must say: from the bundled monograph's premedications.
PREMEDICATION_WORDS = [
    "Acetaminophen (paracetamol): 650 mg to 1,000 mg orally; or equivalent; " + TIMING + ".",
    "H2 antagonist: the sources give no dose; " + TIMING + ".",
    "The label names no particular one.",
    "Diphenhydramine: 25 mg to 50 mg orally or IV; or equivalent; " + TIMING + ".",
    "The IV route is preferred for at least the first 4 infusions.",
]
UNDATED = (
    'only as "once a week, on a weekday the source does not give" and does not say '
    "whether that dose falls on this day"
)
REGIMENS = [
    ("isa-pd", ("--age", "70"), "40 mg orally or IV"),
    ("isa-kd", ("--height", "175"), "20 mg IV"),
    ("isa-vrd", ("--height", "175"), "20 mg orally or IV"),
]


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("dose", *args, "--json")
    assert result.exit_code == 0, result.stderr
    document: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return document


def day_blocks(out: str) -> dict[tuple[int, int], str]:
    """Each day of the Day by day section, its lines joined with the wrapping undone."""
    blocks: dict[tuple[int, int], list[str]] = {}
    current: list[str] | None = None
    for line in out.splitlines():
        if line.startswith("Cycle ") and " day " in line and " · " in line:
            cycle, day = line.split(" · ")[0].removeprefix("Cycle ").split(" day ")
            current = blocks.setdefault((int(cycle), int(day)), [])
        elif not line.strip():
            current = None
        elif current is not None:
            current.append(line.strip())
    return {key: " ".join(lines) for key, lines in blocks.items()}


def ics_events(cli: Cli, tmp_path: Path, *args: str) -> list[Any]:
    from icalendar import Calendar

    target = tmp_path / "plan.ics"
    result = cli("dose", "--start", "2026-12-01", "--ics", str(target), *args)
    assert result.exit_code == 0, result.stderr
    return list(Calendar.from_ical(target.read_bytes()).walk("VEVENT"))


# --- finding 2: premedication on every infusion day -----------------------------------


@pytest.mark.parametrize(("regimen", "extra", "dexamethasone"), REGIMENS)
def test_every_infusion_day_of_18_cycles_names_each_premedication(
    cli: Cli, regimen: str, extra: tuple[str, ...], dexamethasone: str
) -> None:
    args = ("-w", "70", "-r", regimen, *extra, "--start", "2026-12-01", "--cycles", "18")
    result = cli("--width", "200", "dose", *args)
    assert result.exit_code == 0, result.stderr
    plan = plan_json(cli, *args)
    infusion_days = [(row["cycle"], row["day"]) for row in plan["schedule"]]
    assert len(infusion_days) == {"isa-pd": 38, "isa-kd": 38, "isa-vrd": 41}[regimen]
    blocks = day_blocks(result.stdout)
    for key in infusion_days:
        block = blocks[key]
        assert block.startswith("Premedication before the infusion: - Dexamethasone: "), key
        assert f"Dexamethasone: {dexamethasone}; {TIMING}." in block, key
        for words in PREMEDICATION_WORDS:
            assert words in block, (key, words)
        assert "reconsider" not in block  # the EU-only rule is not part of these lines
    other_days = set(blocks) - set(infusion_days)
    assert other_days and not any("Premedication" in blocks[key] for key in other_days)


def test_isa_vrd_from_cycle_5_keeps_the_dexamethasone_premedication_and_says_it_is_undated(
    cli: Cli,
) -> None:
    args = ("-w", "70", "--height", "175", "-r", "isa-vrd", "--start", "2026-12-01")
    result = cli("--width", "200", "dose", *args, "--cycles", "18")
    blocks = day_blocks(result.stdout)
    for key in [(1, 1), (4, 29)]:
        assert "It is the regimen's own dose of this day, listed below: one dose" in blocks[key]
        assert "1. Dexamethasone 20 mg orally or IV (also the premedication)" in blocks[key]
    for key in [(5, 1), (5, 15), (17, 15), (18, 1)]:
        assert "Dexamethasone: 20 mg orally or IV; " + TIMING + ". Needed before" in blocks[key]
        assert UNDATED in blocks[key], key
        assert "1. Dexamethasone" not in blocks[key]  # never placed on a day it has not
    plan = plan_json(cli, *args, "--cycles", "5")
    day = next(d for d in plan["days"] if (d["cycle"], d["day"]) == (5, 15))
    dexamethasone = day["premedications"][0]
    assert dexamethasone["given"] == "day_not_given"
    assert dexamethasone["when"] == "once a week, on a weekday the source does not give"
    assert [(o["amount"], o["unit"]) for o in dexamethasone["doses"]] == [(20, "mg")]
    assert dexamethasone["source"] == "hcp-imroz"


@pytest.mark.parametrize(("regimen", "extra", "dexamethasone"), REGIMENS)
def test_every_ics_infusion_event_names_each_premedication(
    cli: Cli, tmp_path: Path, regimen: str, extra: tuple[str, ...], dexamethasone: str
) -> None:
    events = ics_events(
        cli, tmp_path, "-w", "70", "-r", regimen, *extra, "--cycles", "18", "--patient", "AB"
    )
    infusions = [event for event in events if " infusion " in str(event.get("summary"))]
    assert len(infusions) == {"isa-pd": 38, "isa-kd": 38, "isa-vrd": 41}[regimen]
    for event in infusions:
        text = str(event.get("description"))
        assert "Premedication before the infusion:\n- Dexamethasone: " in text
        assert f"Dexamethasone: {dexamethasone}; {TIMING}." in text
        for words in PREMEDICATION_WORDS:
            assert words in text
        assert "premedication first" in str(event.get("summary"))
    late = [e for e in infusions if e.decoded("dtstart") >= dt.date(2027, 5, 18)]
    assert regimen != "isa-vrd" or all(UNDATED in str(e.get("description")) for e in late)
    others = [event for event in events if event not in infusions]
    assert others and not any("Premedication" in str(e.get("description")) for e in others)


def test_premedication_lines_come_from_the_monographs_data(cli: Cli, user_library: Path) -> None:
    import yaml

    premedications = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))["premedications"]
    premedications[1]["doses"][0].update(amount=500, amount_max=None)
    premedications.append(
        {"name": "Cetirizine", "doses": [{"amount": 10, "unit": "mg", "route": "orally"}],
         "timing": "30 minutes before the infusion", "source": "label-v7"}
    )  # fmt: skip
    write_monograph(user_library, "testumab", premedications=premedications)
    args = ("testumab", "-w", "70", "-r", "isa-pd", "--age", "60", "--cycles", "1")
    plan = plan_json(cli, *args)
    lines = [day["premedications"] for day in plan["days"] if day["premedications"]]
    assert len(lines) == 4
    assert [(p["name"], p["given"]) for p in lines[0]][1:] == [
        ("Acetaminophen (paracetamol)", "premedication"),
        ("H2 antagonist", "premedication"),
        ("Diphenhydramine", "premedication"),
        ("Cetirizine", "premedication"),
    ]
    block = day_blocks(cli("--width", "200", "dose", *args, "--start", "2026-12-01").stdout)[(1, 8)]
    assert "Acetaminophen (paracetamol): 500 mg orally; or equivalent; " + TIMING in block
    assert "Cetirizine: 10 mg orally; 30 minutes before the infusion." in block


def test_day_premedication_json_keys_are_pinned(cli: Cli) -> None:
    plan = plan_json(cli, "-w", "70", "-r", "isa-kd", "--cycles", "1")
    first = plan["days"][0]
    assert set(first) == {
        "cycle", "day", "treatment_day", "cycle_length_days", "date", "drugs", "notes",
        "premedications",
    }  # fmt: skip
    assert set(first["premedications"][0]) == {
        "name", "given", "status", "doses", "route", "timing", "note", "source", "when",
    }  # fmt: skip
    assert [(p["name"], p["given"], p["status"]) for p in first["premedications"]] == [
        ("Dexamethasone", "regimen_dose", "resolved"),
        ("Acetaminophen (paracetamol)", "premedication", "resolved"),
        ("H2 antagonist", "premedication", "no_dose"),
        ("Diphenhydramine", "premedication", "resolved"),
    ]
    assert first["premedications"][0]["doses"][0]["route"] == "IV"
    assert plan["days"][1]["premedications"] == []  # day 2: carfilzomib, no isatuximab


# --- calendar identity --------------------------------------------------------------


def test_patient_names_the_events_but_never_appears_in_a_uid(cli: Cli, tmp_path: Path) -> None:
    events = ics_events(cli, tmp_path, "-w", "70", "--cycles", "1", "--patient", " AB-1234 ")
    assert all(str(event.get("summary")).startswith("AB-1234: ") for event in events)
    assert all("AB-1234" not in str(event.get("uid")) for event in events)
    assert str(events[0].get("description")).startswith("AB-1234: Isatuximab, ")


def test_patient_is_cleaned_of_control_characters(cli: Cli, tmp_path: Path) -> None:
    events = ics_events(
        cli, tmp_path, "-w", "70", "--cycles", "1", "--patient", "A\x1b[2JB\n\u202e7"
    )
    assert str(events[0].get("summary")).startswith("A[2JB 7: ")
    plan = plan_json(cli, "-w", "70", "--cycles", "1", "--patient", "J\tD\x07")
    assert plan["inputs"]["patient"] == "J D"
    out = cli("dose", "-w", "70", "--cycles", "1", "--patient", "J\tD\x07").stdout
    assert "Inputs\nPatient: J D\nWeight: 70 kg\n" in out


@pytest.mark.parametrize(
    ("patient", "words"),
    [
        ("x" * 65, "--patient is 65 characters long; accepted: at most 64 (initials or a record"),
        ("\x1b\x07 ", "--patient '\\x1b\\x07 ' is empty once control characters are removed"),
    ],
)
def test_a_bad_patient_is_one_usage_error(cli: Cli, patient: str, words: str) -> None:
    result = cli("dose", "-w", "70", "--patient", patient)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.startswith("medcli: error: " + words), result.stderr
    assert "Traceback" not in result.stderr


def test_without_patient_the_ics_export_warns_that_patients_would_share_events(
    cli: Cli, tmp_path: Path
) -> None:
    target = tmp_path / "plan.ics"
    unnamed = cli("dose", "-w", "70", "--start", "2026-12-01", "--ics", str(target))
    assert unnamed.exit_code == 0
    assert "medcli: warning: no --patient: " in unnamed.stderr
    assert "two patients with the same inputs would share events" in unnamed.stderr
    named = cli(
        "dose", "-w", "70", "--start", "2026-12-01", "--ics", str(target), "--patient", "AB"
    )
    assert named.exit_code == 0 and "--patient" not in named.stderr
    assert "--patient" not in cli("dose", "-w", "70").stderr  # no calendar, no UIDs to share


def calendar_of(**inputs: Any) -> dict[str, Any]:
    """The `.ics` events of a plan for *inputs*, keyed by UID, exported at `NOW`."""
    from icalendar import Calendar

    plan = compute_plan(MONOGRAPH, start="2026-12-01", cycles=2, **inputs)
    events = Calendar.from_ical(plan_calendar(plan, NOW)).walk("VEVENT")
    return {str(event.get("uid")): event for event in events}


weights = st.decimals(min_value=30, max_value=250, places=2).map(str)
# Letters, digits and punctuation: what initials and record numbers are made of.
patients = st.text(st.characters(whitelist_categories=("L", "N", "P")), min_size=1, max_size=12)


@settings(max_examples=25, deadline=None)
@given(patient=patients, first=weights, second=weights, height=st.integers(140, 200))
def test_a_reweighed_plan_keeps_its_uids(
    patient: str, first: str, second: str, height: int
) -> None:
    before = calendar_of(weight=first, regimen="isa-kd", patient=patient)
    after = calendar_of(weight=second, regimen="isa-kd", patient=patient, height=str(height))
    assert list(before) == list(after)


@settings(max_examples=25, deadline=None)
@given(one=patients, other=patients, weight=weights)
def test_two_patients_never_share_a_uid(one: str, other: str, weight: str) -> None:
    if one == other:
        return
    assert not set(calendar_of(weight=weight, patient=one)) & set(
        calendar_of(weight=weight, patient=other)
    )


def test_sequence_is_the_export_minute_and_an_export_at_the_same_instant_is_identical() -> None:
    plan = compute_plan(MONOGRAPH, weight="70", start="2026-12-01", cycles=1, patient="AB")
    again = compute_plan(MONOGRAPH, weight="70", start="2026-12-01", cycles=1, patient="AB")
    assert plan_calendar(plan, NOW) == plan_calendar(again, NOW)
    reweighed = compute_plan(MONOGRAPH, weight="72", start="2026-12-01", cycles=1, patient="AB")
    later = NOW + dt.timedelta(minutes=5)
    from icalendar import Calendar

    def sequences(data: bytes) -> set[int]:
        return {int(e.get("sequence")) for e in Calendar.from_ical(data).walk("VEVENT")}

    assert sequences(plan_calendar(plan, NOW)) == {3646650}  # minutes from 2020-01-01 UTC
    assert sequences(plan_calendar(reweighed, later)) == {3646655}
