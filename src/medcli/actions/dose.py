"""`dose`: a drug's weight-based dose plan, from the inputs `medcli.actions.inputs` declares."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec

from medcli.dosing import DosePlan, compute_plan
from medcli.dosing.bands import BandTable, with_bands
from medcli.dosing.organ_function import OrganText
from medcli.library.merged import Library, Located


class DoseRequest(msgspec.Struct, frozen=True):
    """The dose inputs as typed, numbers as text: one field per row of `DOSE_INPUTS`."""

    weight: str
    drug: str | None = None  # None: the library's default drug
    unit: str = "kg"
    regimen: str | None = None
    age: str | None = None
    start: str | None = None
    cycles: int | None = None
    height: str | None = None
    height_unit: str = "cm"
    bsa_formula: str = "mosteller"
    bsa_cap: str | None = None
    only: tuple[str, ...] = ()
    patient: str | None = None
    crcl: str | None = None
    creatinine: str | None = None
    sex: str | None = None
    dialysis: bool = False
    hepatic: str | None = None
    child_pugh: str | None = None
    round_to_vial: str | None = None
    jurisdiction: str = "us"
    # The user's own dose-banding table (`dose --bands FILE`, read by the shell): each
    # computed dose is shown beside its band, never replaced by it.
    bands: BandTable | None = None

    @classmethod
    def of(cls, drug: str | None, inputs: Mapping[str, Any]) -> DoseRequest:
        """A request from a shell's declared inputs (`only` may come as a list or None)."""
        given = {key: value for key, value in inputs.items() if value is not None}
        given["only"] = tuple(given.get("only", ()))
        return cls(drug=drug, **given)


class Dosed(msgspec.Struct, frozen=True):
    plan: DosePlan  # its warnings include the source's (a file in place of bundled data)
    located: Located


def dose(library: Library, request: DoseRequest) -> Dosed:
    """The plan for *request*; bad input is a `UsageError` in the option's own words."""
    located = library.find_located(request.drug or library.environment.default_drug)
    plan = compute_plan(
        located.monograph,
        weight=request.weight,
        unit=request.unit,
        regimen=request.regimen,
        age=request.age,
        start=request.start,
        cycles=request.cycles,
        height=request.height,
        height_unit=request.height_unit,
        bsa_formula=request.bsa_formula,
        bsa_cap=request.bsa_cap,
        only=list(request.only),
        patient=request.patient,
        organ=OrganText(
            crcl=request.crcl,
            creatinine=request.creatinine,
            sex=request.sex,
            dialysis=request.dialysis,
            hepatic=request.hepatic,
            child_pugh=request.child_pugh,
        ),
        jurisdiction=request.jurisdiction,
        round_to_vial=request.round_to_vial,
    )
    if request.bands is not None:
        plan = with_bands(plan, request.bands)
    return Dosed(_with_source_warning(plan, located), located)


def _with_source_warning(plan: DosePlan, located: Located) -> DosePlan:
    """*plan*, with a warning first when its monograph is a file that took the place of a
    bundled one: the view names the file under its title, and the warning makes the same
    fact part of the plan itself, so `--json` and MCP answers carry it."""
    warning = located.shadow_warning
    if warning is None:
        return plan
    return msgspec.structs.replace(plan, warnings=[warning, *plan.warnings])
