"""The dosing core: a weight-based dose plan computed from a monograph's structured data.

Pure: no Typer, no Rich, no printing. `compute_plan` returns a `DosePlan`; bad
input raises `UsageError`, a drug without a regimen `NotFoundError`.
"""

from __future__ import annotations

from medcli.dosing.plan import compute_plan
from medcli.dosing.records import DosePlan

__all__ = ["DosePlan", "compute_plan"]
