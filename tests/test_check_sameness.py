"""A check's numbers are the full dose plan's, whatever the check leaves out or keeps.

`check` plans without the parts it never reads (`complete=False`) and reuses
what does not depend on the patient (`dosing/memo.py`, the vial tables); for
random orders on the bundled regimens, its computed dose, deviation, verdict,
working and warnings must equal those read from a full `compute_plan` made
from nothing kept.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from medcli.check.order import CheckedOrder, Order, PlanCache, check_order
from medcli.check.tolerance import tolerance_for
from medcli.choices import CHILD_PUGH_CLASSES, HEPATIC_CLASSES
from medcli.dosing import compute_plan, memo, regimen, vials
from medcli.dosing.organ_function import OrganText
from medcli.dosing.plan import ARITHMETIC
from medcli.dosing.records import DosePlan, tidied
from medcli.errors import MedcliError
from medcli.library.environment import bundled_dir
from medcli.library.loader import load_monograph

BUNDLED = bundled_dir() / "isatuximab.yaml"
pytestmark = pytest.mark.skipif(not BUNDLED.is_file(), reason="no bundled monograph")
MONOGRAPH = load_monograph(BUNDLED) if BUNDLED.is_file() else None


def _text(places: int, low: str, high: str) -> st.SearchStrategy[str]:
    return st.decimals(min_value=low, max_value=high, places=places).map(str)


@st.composite
def orders(draw: st.DrawFn) -> Order:
    assert MONOGRAPH is not None
    chosen = draw(st.sampled_from(MONOGRAPH.regimens))
    drug = draw(st.sampled_from([MONOGRAPH.id, *(each.id for each in chosen.drugs)]))
    weight = draw(_text(2, "35", "160"))
    # often a treatment day and a dose near one the regimens give (10 mg/kg, a flat dose),
    # so ok and flag are both drawn, not only errors
    day = draw(st.sampled_from([1, 2, 4, 8, 9, 11, 15, 16, 22]) | st.integers(1, 29))
    ordered = draw(
        st.sampled_from(["4", "20", "25", "40", str(Decimal(weight) * 10)]) | _text(1, "1", "2000")
    )
    return Order(
        drug=drug,
        regimen=chosen.id,
        cycle=str(draw(st.integers(1, 4))),
        day=str(day),
        weight_kg=weight,
        ordered_dose=ordered,
        height_cm=draw(st.none() | _text(0, "140", "205")),
        age=draw(st.none() | _text(0, "18", "90")),
        crcl=draw(st.none() | _text(0, "10", "130")),
        hepatic=draw(st.none() | st.sampled_from(HEPATIC_CLASSES)),
        child_pugh=draw(st.none() | st.sampled_from(CHILD_PUGH_CLASSES)),
    )


def _from_nothing_kept(order: Order) -> DosePlan:
    """The full plan, every kept part thrown away first: what a first order computes."""
    assert MONOGRAPH is not None
    memo._parts.clear()
    vials._filled_kept.cache_clear()
    regimen._expanded.cache_clear()
    return compute_plan(
        MONOGRAPH,
        weight=order.weight_kg,
        regimen=order.regimen,
        age=order.age,
        cycles=int(order.cycle),
        height=order.height_cm,
        organ=OrganText(crcl=order.crcl, hepatic=order.hepatic, child_pugh=order.child_pugh),
    )


def _expect_same(checked: CheckedOrder, plan: DosePlan, order: Order) -> None:
    cycle, day = int(order.cycle), int(order.day)
    found = [
        (each, drug)
        for each in plan.days
        if each.cycle == cycle and each.day == day
        for drug in each.drugs
        if drug.drug == order.drug
    ]
    dose = found[0][1] if found else None
    if dose is None or dose.status != "computed" or not dose.dose_mg or plan.inputs.cycles < cycle:
        assert checked.verdict == "error", checked.reason
        return
    ordered = Decimal(order.ordered_dose)
    with localcontext(ARITHMETIC):
        deviation = tidied(ordered - dose.dose_mg)
        percent = tidied((ordered - dose.dose_mg) / dose.dose_mg * 100)
    tolerance = tolerance_for(order.drug, None).percent
    assert checked.computed_mg == dose.dose_mg
    assert checked.deviation_mg == deviation
    assert checked.deviation_pct == percent
    assert checked.verdict == ("ok" if abs(percent) <= tolerance else "flag")
    assert checked.warnings == plan.warnings
    working = checked.working
    assert working is not None
    assert working.dose == dose
    assert working.bsa == (plan.bsa if dose.unit.endswith("/m²") else None)
    assert working.kidney_function == plan.kidney_function
    assert working.organ_rules == [rule for rule in plan.organ_rules if rule.drug == order.drug]
    assert working.drug_bsa_cap == next(
        (cap for cap in plan.drug_bsa_caps if cap.drug == order.drug), None
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(first=orders(), second=orders())
def test_a_checks_numbers_are_the_full_plans(first: Order, second: Order) -> None:
    """Two orders in one file: the second is checked with what the first left kept."""
    assert MONOGRAPH is not None
    plans = PlanCache()
    memo._parts.clear()
    checked = [check_order(order, lambda *_: MONOGRAPH, None, plans) for order in (first, second)]
    for order, result in zip((first, second), checked, strict=True):
        event(result.verdict)
        try:
            plan = _from_nothing_kept(order)
        except MedcliError as error:
            assert result.verdict == "error"
            assert result.reason == error.message
            continue
        _expect_same(result, plan, order)
