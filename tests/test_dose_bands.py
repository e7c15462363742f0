"""`medcli dose --bands FILE`: each computed dose beside the user's band, never applied.

The band tables here are invented test input, not any published banding table.
"""

from __future__ import annotations

import json
from decimal import Decimal, localcontext
from pathlib import Path
from typing import Any

import pytest

from medcli.dosing.plan import ARITHMETIC
from tests.conftest import Cli

PLAN = ("-w", "82", "--height", "178", "-r", "isa-kd", "--cycles", "1")  # carfilzomib 112.76 mg
TABLE = "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,109.99,105\ncarfilzomib,110,119.99,115\n"


def table(tmp_path: Path, text: str = TABLE, name: str = "bands.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def plan_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("dose", *args, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout, parse_float=Decimal)
    return found


def test_each_computed_dose_is_shown_beside_its_band(cli: Cli, tmp_path: Path) -> None:
    plan = plan_json(cli, *PLAN, "--bands", table(tmp_path))
    by_dose = {round(b["dose_mg"], 2): b for b in plan["bands"]}
    banded = by_dose[Decimal("112.76")]
    assert banded["band"]["banded_mg"] == 115
    assert banded["band"]["source"].endswith("bands.csv line 3")
    with localcontext(ARITHMETIC):  # exact to the plan's 50 digits
        assert banded["deviation_mg"] == 115 - banded["dose_mg"]
    assert by_dose[Decimal("40.27")]["band"] is None  # the 20 mg/m² doses: in no band
    assert {b["drug"] for b in plan["bands"]} == {"carfilzomib"}  # only drugs the table has


def test_the_plans_doses_are_never_changed(cli: Cli, tmp_path: Path) -> None:
    banded = plan_json(cli, *PLAN, "--bands", table(tmp_path))
    plain = plan_json(cli, *PLAN)
    assert banded["days"] == plain["days"]
    assert plain["bands"] == []


def test_the_text_has_a_dose_bands_section(cli: Cli, tmp_path: Path) -> None:
    result = cli("--width", "200", "dose", *PLAN, "--bands", table(tmp_path))
    assert result.exit_code == 0
    assert "Dose bands" in result.stdout
    assert "→ 115 mg, +" in result.stdout and "(+1.99%): band 110 to 119.99 mg" in result.stdout
    assert "no band of the table covers it" in result.stdout
    assert "Dose bands" not in cli("dose", *PLAN).stdout


def test_a_yaml_table_is_read(cli: Cli, tmp_path: Path) -> None:
    text = "- drug: carfilzomib\n  from_mg: '110'\n  to_mg: 119.99\n  banded_mg: 115\n"
    plan = plan_json(cli, *PLAN, "--bands", table(tmp_path, text, "bands.yml"))
    assert [b["band"]["source"].endswith("item 1") for b in plan["bands"] if b["band"]] == [True]


def test_a_table_without_the_plans_drugs_says_so(cli: Cli, tmp_path: Path) -> None:
    result = cli(
        "dose", "-w", "82", "--bands", table(tmp_path)
    )  # the first regimen: no carfilzomib
    assert result.exit_code == 0
    assert "has no bands of this plan's drugs" in result.stderr


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("drug,from_mg,to_mg\ncarfilzomib,100,110\n", "lacks banded_mg"),
        ("drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110,11.5\n", "outside 100 to 110 mg"),
        ("drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110,-5\n", "banded_mg '-5'"),
    ],
)
def test_a_bad_table_is_exit_2_with_one_line(
    cli: Cli, tmp_path: Path, text: str, says: str
) -> None:
    result = cli("dose", *PLAN, "--bands", table(tmp_path, text))
    assert result.exit_code == 2
    assert result.stderr.startswith("medcli: error: --bands ") and says in result.stderr
    assert result.stderr.count("\n") == 1 and result.stdout == ""


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs named pipes")
@pytest.mark.parametrize("command", ["dose", "check"])
def test_a_pipe_or_folder_given_as_bands_is_refused_not_waited_on(
    cli: Cli, tmp_path: Path, command: str
) -> None:
    """A band table is read through the file layer: a FIFO would block a plain read."""
    import os

    pipe = tmp_path / "bands.csv"
    os.mkfifo(pipe)
    order = ("--drug", "carfilzomib", "--cycle", "1", "--day", "1", "--ordered", "112")
    args = PLAN[:-2] + order if command == "check" else PLAN
    for bad in (pipe, tmp_path):
        result = cli(command, *args, "--bands", str(bad))
        assert result.exit_code == 2, result.stdout
        assert "cannot be read" in result.stderr and "band table" in result.stderr
