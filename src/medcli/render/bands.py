"""`dose --bands FILE`: each computed dose beside the user's band for it, as the plan has them.

Rendering only: the plan's `bands` carry every number; doses to 1 decimal (mg)
as the rest of the plan shows them, exact in `--json`.
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.dosing.records import DosePlan
from medcli.numbers import format_number, format_quantity
from medcli.render.common import heading, shown

DOSE_PLACES = 1


def dose_bands(plan: DosePlan) -> list[RenderableType]:
    """The section, present only when the plan has banded doses."""
    if not plan.bands:
        return []
    lines: list[RenderableType] = [
        heading("Dose bands"),
        Text("From your --bands table: offered for the prescriber to choose, never applied."),
    ]
    for banded in plan.bands:
        dose = shown(banded.dose_mg, "mg", DOSE_PLACES)
        band = banded.band
        if band is None or banded.deviation_mg is None or banded.deviation_pct is None:
            lines.append(Text(f"{banded.name} {dose}: no band of the table covers it"))
            continue
        sign = "+" if banded.deviation_mg > 0 else ""
        lines.append(
            Text(
                f"{banded.name} {dose} → {format_quantity(band.banded_mg, 'mg')}, "
                f"{sign}{shown(banded.deviation_mg, 'mg', DOSE_PLACES)} "
                f"({sign}{format_number(banded.deviation_pct, 2)}%): band "
                f"{format_number(band.from_mg)} to {format_quantity(band.to_mg, 'mg')} "
                f"[{band.source}]"
            )
        )
    return lines
