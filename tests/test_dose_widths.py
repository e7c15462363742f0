"""Numbers are kept whole at every width the CLI accepts (20 and up).

A number split across lines (`10` over `0`, `1.8446619684…` over `m²`) is a
number misread. Every number of a dose plan laid out at 1,000 columns must
appear, as many times and intact, at any width from 20 to 200: the single-drug
plan and each regimen's whole plan, with a start date, a height and an age.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import Cli

PLANS = {
    "single drug": ("-w", "70.3", "--start", "2026-12-01"),
    "isa-pd": ("-w", "83.7", "-r", "isa-pd", "--age", "80", "--cycles", "2"),
    "isa-kd": ("-w", "64.1", "-r", "isa-kd", "--height", "171", "--start", "2026-12-01"),
    "isa-vrd": ("-w", "70", "-r", "isa-vrd", "--height", "175", "--age", "70", "--cycles", "5"),
}
# A number as a reader takes it in: digits, thousands separators, decimals, a `…` cut.
NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?…?")


# A number at a line's end and its unit at the next line's start.
UNIT_SPLIT = re.compile(r"[\d…]\n *(?:m²|mg|mL|kg|min|h)(?!\w)")


def _numbers(cli: Cli, width: int, args: tuple[str, ...]) -> Counter[str]:
    result = cli("--width", str(width), "dose", *args)
    assert result.exit_code == 0, result.stderr
    # The sources close the view: a URL is folded like any over-long word, digits and all.
    text = result.stdout.rsplit("\nSources\n", 1)[0]
    split = UNIT_SPLIT.search(text)
    assert split is None, (width, text[split.start() - 40 : split.end() + 10])
    return Counter(NUMBER.findall(text))


@pytest.mark.parametrize("plan", PLANS)
@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(min_value=20, max_value=200))
def test_no_number_is_split_across_lines(cli: Cli, plan: str, width: int) -> None:
    args = PLANS[plan]
    assert _numbers(cli, width, args) == _numbers(cli, 1000, args)


@pytest.mark.parametrize(
    ("width", "plan"), [(80, "isa-vrd"), (40, "isa-kd"), (26, "single drug"), (20, "isa-vrd")]
)
def test_the_splits_once_seen_are_gone(cli: Cli, width: int, plan: str) -> None:
    """`1.8446619684…` / `m² = …` at 80, `103.3010702322…` / `mg` at 40, `10` / `0` at 26."""
    assert _numbers(cli, width, PLANS[plan]) == _numbers(cli, 1000, PLANS[plan])
