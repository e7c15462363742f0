"""Properties of the dosing arithmetic, checked with Hypothesis.

The vial search is checked against an independent brute force over every
combination of counts; the plan against its own definitions (dose = mg/kg ×
kg, volume × concentration = dose, steps add up to the bag and the duration).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing import compute_plan
from medcli.dosing.inputs import KG_PER_LB, parse_number
from medcli.dosing.vials import choose_vials
from medcli.errors import UsageError
from medcli.library.environment import bundled_dir
from medcli.library.loader import load_monograph
from medcli.model import Monograph

FIXTURES = Path(__file__).parent / "fixtures" / "dose"


def _monographs() -> list[Monograph]:
    found = [load_monograph(FIXTURES / "fixturemab.yaml")]
    bundled = bundled_dir() / "isatuximab.yaml"
    if bundled.is_file():
        found.append(load_monograph(bundled))
    return found


MONOGRAPHS = _monographs()

weights = st.decimals(min_value="0.2", max_value="700", places=2)
monographs = st.sampled_from(MONOGRAPHS)
strength_sets = st.lists(
    st.decimals(min_value="50", max_value="500", places=1), min_size=1, max_size=3, unique=True
)
doses = st.decimals(min_value="0.1", max_value="900", places=2)


def brute_force(dose: Decimal, strengths: list[Decimal]) -> tuple[Decimal, int]:
    """(least waste, fewest vials at that waste) over every combination of counts."""
    ranges = [range(math.ceil(dose / strength) + 1) for strength in strengths]
    best: tuple[Decimal, int] | None = None
    for counts in itertools.product(*ranges):
        total = sum((s * c for s, c in zip(strengths, counts, strict=True)), Decimal(0))
        if total < dose:
            continue
        candidate = (total - dose, sum(counts))
        if best is None or candidate < best:
            best = candidate
    assert best is not None
    return best


@settings(max_examples=150, deadline=None)
@given(dose=doses, strengths=strength_sets)
def test_no_cheaper_combination_exists(dose: Decimal, strengths: list[Decimal]) -> None:
    choice = choose_vials(dose, strengths)
    total = sum((s * c for s, c in zip(strengths, choice.counts, strict=True)), Decimal(0))
    assert total == choice.total_mg
    assert total >= dose
    assert (total - dose, choice.vials) == brute_force(dose, strengths)


@settings(max_examples=150, deadline=None)
@given(dose=doses, strengths=strength_sets)
def test_waste_is_less_than_the_smallest_vial(dose: Decimal, strengths: list[Decimal]) -> None:
    assert choose_vials(dose, strengths).total_mg - dose < min(strengths)


@settings(max_examples=100, deadline=None)
@given(monograph=monographs, weight=weights)
def test_plan_arithmetic(monograph: Monograph, weight: Decimal) -> None:
    plan = compute_plan(monograph, weight=str(weight))
    per_kg = monograph.regimens[0].dose.amount
    assert plan.dose_mg == per_kg * weight
    assert plan.concentration_mg_ml is not None and plan.volume_ml is not None
    assert plan.volume_ml * plan.concentration_mg_ml == plan.dose_mg
    assert plan.vials_total_mg is not None and plan.waste_mg is not None
    assert plan.vials_total_mg >= plan.dose_mg
    assert plan.vials_total_mg - plan.dose_mg == plan.waste_mg
    assert plan.waste_mg < min(p.strength_mg for p in monograph.products)
    assert sum(v.strength_mg * v.count for v in plan.vials) == plan.vials_total_mg
    if plan.waste_ml is not None:
        assert plan.waste_ml * plan.concentration_mg_ml == plan.waste_mg


@settings(max_examples=100, deadline=None)
@given(monograph=monographs, first=weights, second=weights)
def test_dose_is_linear_in_weight(monograph: Monograph, first: Decimal, second: Decimal) -> None:
    if first + second > 700:
        return
    one = compute_plan(monograph, weight=str(first)).dose_mg
    two = compute_plan(monograph, weight=str(second)).dose_mg
    both = compute_plan(monograph, weight=str(first + second)).dose_mg
    assert one + two == both


@settings(max_examples=100, deadline=None)
@given(pounds=st.decimals(min_value="0.45", max_value="1543", places=2))
def test_pounds_are_converted_exactly(pounds: Decimal) -> None:
    plan = compute_plan(MONOGRAPHS[0], weight=str(pounds), unit="lb")
    assert plan.weight_kg == pounds * KG_PER_LB
    assert plan.dose_mg == MONOGRAPHS[0].regimens[0].dose.amount * pounds * KG_PER_LB


@settings(max_examples=50, deadline=None)
@given(monograph=monographs, weight=weights)
def test_infusion_steps_add_up(monograph: Monograph, weight: Decimal) -> None:
    plan = compute_plan(monograph, weight=str(weight))
    for infusion in plan.infusions:
        elapsed = Decimal(0)
        infused = Decimal(0)
        for step in infusion.steps:
            assert step.start_min == elapsed
            assert step.volume_ml == step.rate_ml_h * step.minutes / 60
            infused += step.volume_ml
            elapsed += step.minutes
            assert step.cumulative_ml == infused
        assert infused == infusion.volume_ml
        assert infusion.duration_min == elapsed


@settings(max_examples=50, deadline=None)
@given(
    monograph=monographs,
    cycles=st.integers(min_value=1, max_value=40),
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2999, 12, 31)),
)
def test_schedule_is_consistent(monograph: Monograph, cycles: int, start: dt.date) -> None:
    for regimen in monograph.regimens:
        plan = compute_plan(
            monograph, weight="70", regimen=regimen.id, cycles=cycles, start=start.isoformat()
        )
        rows = plan.schedule
        assert [row.infusion for row in rows] == list(range(1, len(rows) + 1))
        for row in rows:
            assert row.date == start + dt.timedelta(days=row.treatment_day - 1)
            assert 1 <= row.day <= row.cycle_length_days
        assert all(a.treatment_day < b.treatment_day for a, b in itertools.pairwise(rows))
        assert rows[-1].cycle == plan.inputs.cycles <= cycles


@settings(max_examples=300, deadline=None)
@given(text=st.text(max_size=30))
def test_any_text_parses_or_is_a_usage_error(text: str) -> None:
    try:
        value = parse_number(text, "--weight", "70")
    except UsageError as error:
        assert error.message.startswith("--weight")
        assert "\n" not in error.message  # one line: the text is quoted with repr()
    else:
        assert value.is_finite()
        assert value >= 0


@pytest.mark.parametrize("monograph", MONOGRAPHS, ids=lambda m: m.id)
def test_every_regimen_plans_at_typical_weights(monograph: Monograph) -> None:
    for regimen in monograph.regimens:
        for weight in ("45", "70", "120"):
            plan = compute_plan(monograph, weight=weight, regimen=regimen.id, age="60")
            assert plan.schedule
