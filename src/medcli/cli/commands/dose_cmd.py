"""`medcli dose`: a complete, checkable weight-based dose plan."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from medcli.cli.commands.options import (
    JsonOption,
    JurisdictionChoice,
    JurisdictionOption,
    OptionalDrugArgument,
    regimen_option,
)
from medcli.cli.context import app_context


class WeightUnit(str, Enum):
    # str + Enum rather than StrEnum: StrEnum is Python 3.11+, medcli supports 3.10.
    kg = "kg"
    lb = "lb"


class HeightUnit(str, Enum):
    cm = "cm"
    inch = "in"


class BsaFormula(str, Enum):
    # The ids of medcli.dosing.bsa.FORMULAS, spelled out: that module is not imported at start-up.
    mosteller = "mosteller"
    dubois = "dubois"
    haycock = "haycock"
    gehan_george = "gehan-george"
    boyd = "boyd"


class Sex(str, Enum):
    female = "female"
    male = "male"


class Hepatic(str, Enum):
    # The ids of medcli.model.HEPATIC_CLASSES (bilirubin bands, VELCADE 2.8).
    mild = "mild"
    moderate = "moderate"
    severe = "severe"


class ChildPugh(str, Enum):
    A = "A"
    B = "B"
    C = "C"


def dose(
    ctx: typer.Context,
    weight: Annotated[
        str,
        typer.Option(
            "--weight",
            "-w",
            metavar="W",
            help="Body weight, a plain number above 0 (at most 700 kg).",
            show_default=False,
        ),
    ],
    drug: OptionalDrugArgument = None,
    unit: Annotated[
        WeightUnit,
        typer.Option(
            "--unit", "-u", help="Unit of --weight (1 lb = 0.45359237 kg).", case_sensitive=False
        ),
    ] = WeightUnit.kg,
    regimen: Annotated[
        str | None, regimen_option("Regimen id [default: the drug's first regimen].")
    ] = None,
    age: Annotated[
        str | None,
        typer.Option(
            "--age",
            metavar="YEARS",
            help="Age in years (0 to 130): resolves age-dependent doses; Cockcroft-Gault uses it.",
            show_default=False,
        ),
    ] = None,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            metavar="YYYY-MM-DD",
            help="Date of cycle 1 day 1, YYYY-MM-DD: adds dates to the schedule.",
            show_default=False,
        ),
    ] = None,
    cycles: Annotated[
        int | None,
        typer.Option(
            "--cycles",
            metavar="N",
            help="Cycles to schedule, 1 to 1,000 [default: through the first cycle of the "
            "regimen's last phase].",
            show_default=False,
        ),
    ] = None,
    height: Annotated[
        str | None,
        typer.Option(
            "--height",
            metavar="H",
            help="Height, a plain number (30 to 272 cm): gives the body surface area for "
            "per-m² doses.",
            show_default=False,
        ),
    ] = None,
    height_unit: Annotated[
        HeightUnit,
        typer.Option(
            "--height-unit", help="Unit of --height (1 in = 2.54 cm).", case_sensitive=False
        ),
    ] = HeightUnit.cm,
    bsa_formula: Annotated[
        BsaFormula,
        typer.Option("--bsa-formula", help="Body surface area formula.", case_sensitive=False),
    ] = BsaFormula.mosteller,
    bsa_cap: Annotated[
        str | None,
        typer.Option(
            "--bsa-cap",
            metavar="M2",
            help="Dose per-m² drugs by at most this body surface area (m²); a drug's own "
            "smaller cap (carfilzomib 2.2 m²) still applies.",
            show_default=False,
        ),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="DRUG",
            help="Show only this drug of the regimen (repeatable), e.g. carfilzomib; a per-m² "
            "drug then needs --height.",
            show_default=False,
        ),
    ] = None,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient",
            metavar="ID",
            help="Patient initials or record number (at most 64 characters): names the "
            "calendar's events and keeps two patients' --ics events apart.",
            show_default=False,
        ),
    ] = None,
    crcl: Annotated[
        str | None,
        typer.Option(
            "--crcl",
            metavar="ML_MIN",
            help="Creatinine clearance in mL/min (above 0, at most 250): applies each drug's "
            "kidney rule.",
            show_default=False,
        ),
    ] = None,
    creatinine: Annotated[
        str | None,
        typer.Option(
            "--creatinine",
            metavar="MG_DL",
            help="Serum creatinine in mg/dL (0.1 to 30): creatinine clearance by "
            "Cockcroft-Gault; needs --sex and --age.",
            show_default=False,
        ),
    ] = None,
    sex: Annotated[
        Sex | None,
        typer.Option(
            "--sex", help="Sex for Cockcroft-Gault (with --creatinine).", case_sensitive=False
        ),
    ] = None,
    dialysis: Annotated[
        bool,
        typer.Option("--dialysis", help="The patient is on dialysis: applies the dialysis rules."),
    ] = False,
    hepatic: Annotated[
        Hepatic | None,
        typer.Option(
            "--hepatic",
            help="Liver impairment by bilirubin band (bortezomib's measure).",
            case_sensitive=False,
        ),
    ] = None,
    child_pugh: Annotated[
        ChildPugh | None,
        typer.Option(
            "--child-pugh",
            help="Child-Pugh class of liver impairment (pomalidomide's measure).",
            case_sensitive=False,
        ),
    ] = None,
    round_to_vial: Annotated[
        str | None,
        typer.Option(
            "--round-to-vial",
            metavar="PCT",
            help="Also show the nearest whole-vial dose of the drug and its deviation; "
            "within PCT % (above 0, at most 50) it is offered, never applied.",
            show_default=False,
        ),
    ] = None,
    ics: Annotated[
        Path | None,
        typer.Option(
            "--ics",
            metavar="FILE",
            help="Also write the schedule to this iCalendar file (needs --start).",
            dir_okay=False,
            show_default=False,
        ),
    ] = None,
    jurisdiction: JurisdictionOption = JurisdictionChoice.us,
    as_json: JsonOption = False,
) -> None:
    """Work out a weight-based dose plan.

    Shows the work: inputs, dose formula, concentrate volume, vials (least waste,
    then fewest), preparation, infusion rate steps and times, the schedule, every
    drug of the regimen day by day (body surface area from --height), totals per
    cycle, supportive care, premedications, warnings and dose rules. Shown: weight
    to 2 decimals (kg), dose to 1 decimal (mg), volumes to 2 decimals (mL), minutes
    to 1 decimal; --json gives exact values. A plan to verify, not a prescription.

    Examples:

    \b
      medcli dose --weight 70
      medcli dose isatuximab --weight 154 --unit lb --age 76
      medcli dose --weight 70 --regimen isa-vrd --start 2026-12-01 --ics plan.ics
      medcli dose -w 72 -r isa-vrd --start 2026-12-01 --patient AB-1234 --ics plan.ics
      medcli dose -w 70 --height 175 -r isa-kd --start 2026-12-01 --cycles 2
      medcli dose -w 70 --height 69 --height-unit in -r isa-kd --only carfilzomib
      medcli dose -w 80 --height 170 -r isa-vrd --crcl 45 --age 70
      medcli dose -w 80 -r isa-vrd --creatinine 2.1 --sex female --age 72
      medcli dose -w 80 --height 170 -r isa-vrd --hepatic moderate
      medcli dose -w 70 --height 175 -r isa-vrd --jurisdiction eu
      medcli dose -w 82 --round-to-vial 5
      medcli dose --weight 70 --json
    """
    from medcli.dosing import compute_plan
    from medcli.dosing.organ_function import OrganText
    from medcli.dosing.source import with_source_warning
    from medcli.errors import UsageError

    if ics is not None and start is None:
        raise UsageError("--ics needs --start YYYY-MM-DD: calendar events need dates")
    app = app_context(ctx)
    located = app.library.find_located(drug if drug is not None else app.environment.default_drug)
    monograph = located.monograph
    plan = compute_plan(
        monograph,
        weight=weight,
        unit=unit.value,
        regimen=regimen,
        age=age,
        start=start,
        cycles=cycles,
        height=height,
        height_unit=height_unit.value,
        bsa_formula=bsa_formula.value,
        bsa_cap=bsa_cap,
        only=only or [],
        patient=patient,
        organ=OrganText(
            crcl=crcl,
            creatinine=creatinine,
            sex=None if sex is None else sex.value,
            dialysis=dialysis,
            hepatic=None if hepatic is None else hepatic.value,
            child_pugh=None if child_pugh is None else child_pugh.value,
        ),
        jurisdiction=jurisdiction.value,
        round_to_vial=round_to_vial,
    )
    plan = with_source_warning(plan, located)
    for warning in plan.warnings:
        app.terminal.warn(warning)
    if ics is not None:
        from rich.text import Text

        from medcli.dosing.calendar import identity_warning, plan_calendar
        from medcli.library.files import write_requested_file

        unnamed = identity_warning(plan)
        if unnamed:
            app.terminal.warn(unnamed)
        write_requested_file(ics, plan_calendar(plan))
        app.terminal.err.print(Text(f"medcli: wrote {len(plan.days)} events to {ics}"))
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(plan))
        return
    from medcli.render.dose import dose_view
    from medcli.render.located import file_line

    app.terminal.show_whole(dose_view(plan, monograph, file_line(located)))
    if ics is None and app.recorder is not None:  # a calendar written is no answer to keep
        from medcli.library.answer_sources import name_sources

        app.keep_answer(
            name_sources(
                app.library.folders, drug if drug is not None else app.environment.default_drug
            )
        )
