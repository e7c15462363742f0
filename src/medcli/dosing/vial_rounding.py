"""`--round-to-vial PCT`: the nearest whole-vial dose to the exact one, and how far it is.

Rounding a monoclonal antibody's dose to whole vials within a tolerance is a
pharmacy's practice, not a label's instruction: the plan shows the rounded dose
beside the exact one with its deviation and never changes the exact dose.
"""

from __future__ import annotations

from decimal import Decimal

from medcli.dosing import vials
from medcli.dosing.inputs import parse_up_to
from medcli.dosing.records import DosePlan, VialRounding
from medcli.errors import UsageError
from medcli.model import Monograph

MAX_PERCENT = Decimal(50)


def parse_round_to_vial(text: str | None) -> Decimal | None:
    """The tolerance in %, above 0 and at most 50, or None when not asked for."""
    if text is None:
        return None
    return parse_up_to(text, "--round-to-vial", "5 or 10 (%)", MAX_PERCENT, "%")


def with_vial_rounding(plan: DosePlan, monograph: Monograph, percent: Decimal | None) -> DosePlan:
    """*plan* with its `vial_rounding` when asked for (*percent* given)."""
    if percent is None:
        return plan
    import msgspec

    rounding = round_to_vial(monograph, plan.dose_mg, percent)
    return msgspec.structs.replace(plan, vial_rounding=rounding)


def round_to_vial(monograph: Monograph, dose_mg: Decimal, percent: Decimal) -> VialRounding:
    """The whole-vial doses around *dose_mg* from the monograph's products, the nearer chosen."""
    if not monograph.products:
        raise UsageError(
            f"--round-to-vial: the monograph lists no products for {monograph.name}; "
            "there are no vials to round to"
        )
    strengths = [product.strength_mg for product in monograph.products]
    below, above = vials.whole_vials_around(dose_mg, strengths)
    nearest = (
        above if below is None or above.total_mg - dose_mg < dose_mg - below.total_mg else below
    )
    deviation = nearest.total_mg - dose_mg
    percent_off = deviation / dose_mg * 100
    return VialRounding(
        tolerance_pct=percent,
        dose_mg=dose_mg,
        below_mg=None if below is None else below.total_mg,
        above_mg=above.total_mg,
        nearest_mg=nearest.total_mg,
        vials=vials.vial_counts(monograph.products, nearest.counts),
        deviation_mg=deviation,
        deviation_pct=percent_off,
        within=abs(percent_off) <= percent,
    )
