"""`medcli dose`: a complete, checkable weight-based dose plan."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from msgspec.structs import replace

from medcli.actions.inputs import DOSE_INPUTS
from medcli.cli.commands.declared import with_inputs
from medcli.cli.commands.options import (
    JsonOption,
    OptionalDrugArgument,
    bands_option,
    complete_regimen_ids,
)
from medcli.cli.context import app_context


@with_inputs(
    DOSE_INPUTS, before={"ics": "jurisdiction"}, completions={"regimen": complete_regimen_ids}
)
def dose(
    ctx: typer.Context,
    drug: OptionalDrugArgument = None,
    *,
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
    bands: Annotated[
        Path | None, bands_option(": each computed dose beside its band, offered, never applied.")
    ] = None,
    as_json: JsonOption = False,
    inputs: dict[str, Any],
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
      medcli dose -w 82 --height 178 -r isa-kd --bands my-bands.csv
      medcli dose --weight 70 --json
    """
    from medcli.actions.dose import DoseRequest
    from medcli.actions.dose import dose as plan_dose
    from medcli.errors import UsageError

    request = DoseRequest.of(drug, inputs)
    if bands is not None:
        from medcli.library.band_file import read_bands

        request = replace(request, bands=read_bands(bands))
    if ics is not None and request.start is None:
        raise UsageError("--ics needs --start YYYY-MM-DD: calendar events need dates")
    app = app_context(ctx)
    dosed = plan_dose(app.library, request)
    plan = dosed.plan
    for warning in plan.warnings:
        app.terminal.warn(warning)
    if ics is not None:
        from rich.text import Text

        from medcli.library.files import write_requested_file
        from medcli.render.calendar import identity_warning, plan_calendar

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

    app.terminal.show_whole(dose_view(plan, dosed.located.monograph, file_line(dosed.located)))
    # A calendar written is no answer to keep; a band table is a file of the user's that
    # the kept answer would not notice changing (or a relative path meaning another file
    # in another folder), so a plan with --bands is made afresh each time.
    if ics is None and bands is None and app.recorder is not None:
        from medcli.library.answer_sources import name_sources

        app.keep_answer(
            name_sources(
                app.library.folders, drug if drug is not None else app.environment.default_drug
            )
        )
