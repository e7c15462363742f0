"""`medcli dose --round-to-vial PCT`: the nearest whole-vial dose beside the exact one."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medcli.dosing.vials import whole_vials_around
from tests.conftest import Cli


def rounding(cli: Cli, *args: str) -> dict[str, object]:
    result = cli("dose", *args, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout)["vial_rounding"]
    return found


@pytest.mark.parametrize(
    ("weight", "percent", "nearest", "deviation", "within"),
    [
        ("82", "5", 800, -20, True),  # 820 mg: 800 (3 × 100 + 500) is 2.44% under
        ("76", "5", 800, 40, False),  # 760 mg: 800 is 5.26% over, 700 is 7.9% under
        ("85", "5", 800, -50, False),  # 850 mg: a tie between 800 and 900, the lower chosen
        ("85", "10", 800, -50, True),
        ("90", "1", 900, 0, True),  # a whole-vial dose already
    ],
)
def test_the_nearest_whole_vial_dose_and_whether_it_is_within(
    cli: Cli, weight: str, percent: str, nearest: int, deviation: int, within: bool
) -> None:
    found = rounding(cli, "-w", weight, "--round-to-vial", percent)
    assert found["nearest_mg"] == nearest
    assert found["deviation_mg"] == deviation
    assert found["within"] is within


def test_the_text_offers_it_beside_the_exact_dose_and_never_applies_it(cli: Cli) -> None:
    result = cli("dose", "-w", "82", "--round-to-vial", "5")
    text = result.stdout.replace("\n", " ")
    assert "Nearest whole vials: 800 mg (3 × 100 mg + 1 × 500 mg), -20 mg (-2.44%)" in text
    assert "within 5%, offered for the prescriber to choose; not applied" in text
    assert "Total: 900 mg in 5 vials" in text  # the exact dose's vials are unchanged
    outside = cli("dose", "-w", "76", "--round-to-vial", "5").stdout.replace("\n", " ")
    assert "outside 5%, not offered; the exact dose stands" in outside


def test_without_the_option_the_key_is_null(cli: Cli) -> None:
    assert json.loads(cli("dose", "-w", "70", "--json").stdout)["vial_rounding"] is None


@pytest.mark.parametrize("value", ["0", "60", "abc", "-5"])
def test_a_bad_tolerance_is_a_usage_error(cli: Cli, value: str) -> None:
    result = cli("dose", "-w", "70", "--round-to-vial", value)
    assert result.exit_code == 2
    assert result.stderr.startswith("medcli: error: --round-to-vial")
    assert result.stderr.count("\n") == 1


@given(
    dose=st.decimals(min_value=Decimal("0.1"), max_value=Decimal(1500), places=2),
    strengths=st.lists(st.sampled_from([Decimal(v) for v in ("10", "20", "30", "60", "100",
                                                            "400", "500", "12.5")]),
                       min_size=1, max_size=3, unique=True),
)  # fmt: skip
def test_no_whole_vial_dose_lies_between_the_two_found(
    dose: Decimal, strengths: list[Decimal]
) -> None:
    below, above = whole_vials_around(dose, strengths)
    assert above.total_mg >= dose
    assert below is None or below.total_mg <= dose
    assert sum(s * c for s, c in zip(strengths, above.counts, strict=True)) == above.total_mg
    reachable = {Decimal(0)}
    frontier = [Decimal(0)]
    while frontier:  # every whole-vial total up to the one found above the dose
        total = frontier.pop()
        for strength in strengths:
            bigger = total + strength
            if bigger <= above.total_mg and bigger not in reachable:
                reachable.add(bigger)
                frontier.append(bigger)
    assert above.total_mg in reachable
    assert below is None or below.total_mg in reachable
    lowest = Decimal(0) if below is None else below.total_mg
    assert not [t for t in reachable if t and (lowest < t < above.total_mg)]
