"""Infusion timing: each rate step's start, minutes, volume and the total duration.

A bag of `infusion_volume_ml` runs through the monograph's rate steps in order;
a step with no `minutes` (or the step during which the bag empties) lasts until
the bag is empty, its minutes computed from the volume left.
"""

from __future__ import annotations

from decimal import Decimal

from medcli.dosing.records import InfusionPlan, RateStepPlan
from medcli.model import InfusionRates
from medcli.numbers import format_number

MINUTES_PER_HOUR = Decimal(60)
DURATION_TOLERANCE_MIN = Decimal(1)


def infusion_plan(rates: InfusionRates, bag_ml: Decimal) -> InfusionPlan:
    """The steps actually run to empty *bag_ml*; `duration_min` is None if they never do."""
    steps: list[RateStepPlan] = []
    elapsed = Decimal(0)
    infused = Decimal(0)
    for step in rates.steps:
        left = bag_ml - infused
        if left <= 0:
            break
        full_volume = (
            None if step.minutes is None else step.rate_ml_h * step.minutes / MINUTES_PER_HOUR
        )
        until_empty = full_volume is None or full_volume >= left
        if until_empty:
            volume = left
            minutes = left * MINUTES_PER_HOUR / step.rate_ml_h
        else:
            assert step.minutes is not None and full_volume is not None
            volume, minutes = full_volume, step.minutes
        infused += volume
        steps.append(
            RateStepPlan(
                start_min=elapsed,
                rate_ml_h=step.rate_ml_h,
                minutes=minutes,
                volume_ml=volume,
                cumulative_ml=infused,
                until_empty=until_empty,
            )
        )
        elapsed += minutes
    return InfusionPlan(
        number=rates.first,
        last=rates.last,
        steps=steps,
        duration_min=elapsed if infused >= bag_ml else None,
        published_duration_min=rates.published_duration_min,
        volume_ml=bag_ml,
    )


def timing_warnings(plan: InfusionPlan) -> list[str]:
    """Disagreements between the computed steps and the monograph's published duration."""
    label = infusion_label(plan.number, plan.last)
    if plan.duration_min is None:
        infused = plan.steps[-1].cumulative_ml if plan.steps else Decimal(0)
        return [
            f"{label}: the monograph's rate steps infuse only {format_number(infused, 2)} of "
            f"{format_number(plan.volume_ml, 2)} mL; "
            "no duration is computed"
        ]
    published = plan.published_duration_min
    if published is not None and abs(plan.duration_min - published) > DURATION_TOLERANCE_MIN:
        return [
            f"{label}: the rate steps take {format_number(plan.duration_min, 1)} min but the "
            f"published duration is {format_number(published, 1)} min; check the rates before use"
        ]
    return []


def infusion_label(first: int, last: int | None) -> str:
    """`Infusion 1`, `Infusions 3 to 5`, `Infusion 3 and later`."""
    if last == first:
        return f"Infusion {first}"
    if last is None:
        return f"Infusion {first} and later"
    return f"Infusions {first} to {last}"


def rates_for(infusions: list[InfusionPlan], number: int) -> InfusionPlan | None:
    """The rate plan that applies to the *number*-th infusion, if the monograph gives one."""
    for plan in infusions:
        if plan.number <= number and (plan.last is None or number <= plan.last):
            return plan
    return None
