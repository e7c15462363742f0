"""`medcli check`: an independent double check of ordered doses, one or a CSV file of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from medcli.cli.commands.dose_cmd import BsaFormula, ChildPugh, Hepatic, Sex
from medcli.cli.commands.options import JsonOption, path_text
from medcli.cli.context import app_context

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator
    from decimal import Decimal
    from typing import TextIO

    from medcli.check.order import CheckedOrder
    from medcli.check.orders_file import FileRow
    from medcli.check.rounding import Rounding
    from medcli.cli.context import AppContext

ONE_ORDER = ("--drug", "--regimen", "--weight", "--cycle", "--day", "--ordered")


def check(
    ctx: typer.Context,
    orders: Annotated[
        Path | None,
        typer.Argument(
            metavar="[ORDERS.CSV]",
            help="A CSV file of orders with a header row (see README: check).",
            parser=path_text,
            show_default=False,
        ),
    ] = None,
    drug: Annotated[
        str | None,
        typer.Option(
            "--drug", metavar="DRUG", help="The drug ordered, e.g. carfilzomib.", show_default=False
        ),
    ] = None,
    regimen: Annotated[
        str | None,
        typer.Option(
            "--regimen", "-r", metavar="ID", help="The regimen, e.g. isa-kd.", show_default=False
        ),
    ] = None,
    weight: Annotated[
        str | None,
        typer.Option("--weight", "-w", metavar="KG", help="Body weight in kg.", show_default=False),
    ] = None,
    height: Annotated[
        str | None,
        typer.Option(
            "--height",
            metavar="CM",
            help="Height in cm (per-m² drugs need it).",
            show_default=False,
        ),
    ] = None,
    age: Annotated[
        str | None,
        typer.Option("--age", metavar="YEARS", help="Age in years.", show_default=False),
    ] = None,
    crcl: Annotated[
        str | None,
        typer.Option(
            "--crcl", metavar="ML_MIN", help="Creatinine clearance in mL/min.", show_default=False
        ),
    ] = None,
    creatinine: Annotated[
        str | None,
        typer.Option(
            "--creatinine",
            metavar="MG_DL",
            help="Serum creatinine in mg/dL (Cockcroft-Gault, with --sex and --age).",
            show_default=False,
        ),
    ] = None,
    sex: Annotated[
        Sex | None,
        typer.Option("--sex", help="Sex for Cockcroft-Gault.", case_sensitive=False),
    ] = None,
    dialysis: Annotated[
        bool, typer.Option("--dialysis", help="The patient is on dialysis.")
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
    bsa_formula: Annotated[
        BsaFormula,
        typer.Option("--bsa-formula", help="Body surface area formula.", case_sensitive=False),
    ] = BsaFormula.mosteller,
    cycle: Annotated[
        str | None,
        typer.Option("--cycle", metavar="C", help="The cycle of the order.", show_default=False),
    ] = None,
    day: Annotated[
        str | None,
        typer.Option("--day", metavar="N", help="The day of the cycle.", show_default=False),
    ] = None,
    ordered: Annotated[
        str | None,
        typer.Option("--ordered", metavar="MG", help="The ordered dose in mg.", show_default=False),
    ] = None,
    patient: Annotated[
        str | None,
        typer.Option(
            "--patient", metavar="ID", help="Patient initials or record number.", show_default=False
        ),
    ] = None,
    tolerance: Annotated[
        str | None,
        typer.Option(
            "--tolerance",
            metavar="PCT",
            help="Largest deviation that is ok, in % (0 to 50) [default: 5, or the drug "
            "class's, e.g. 10 for monoclonal antibodies]; a class never exceeds it.",
            show_default=False,
        ),
    ] = None,
    round_to_vial: Annotated[
        str | None,
        typer.Option(
            "--round-to-vial",
            metavar="PCT",
            help="An order of the whole vials next to the computed dose, within PCT % (above "
            "0, at most 50), is 'rounded', not a flag.",
            show_default=False,
        ),
    ] = None,
    bands: Annotated[
        Path | None,
        typer.Option(
            "--bands",
            metavar="FILE",
            help="Your dose-banding table (CSV or YAML: drug, from_mg, to_mg, banded_mg); an "
            "order of the band's dose is 'banded', not a flag.",
            parser=path_text,
            show_default=False,
        ),
    ] = None,
    as_csv: Annotated[
        bool,
        typer.Option("--csv", help="With a file: the input columns plus the results, as CSV."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Check ordered doses against the dose plan: computed dose, deviation, verdict.

    Each order's dose is recomputed as `medcli dose` computes it (caps, kidney
    rules), on the order's cycle and day. Verdicts: ok (within the tolerance),
    rounded or banded (the whole vials or the band you allow), flag (outside),
    error (cannot be computed: the reason says why). Exit 0 when every order is
    ok, rounded or banded, 1 when any is flag or error, 2 for unreadable input.
    It checks arithmetic against the sources; it does not replace the pharmacist.

    Examples:

    \b
      medcli check --drug isatuximab -r isa-kd -w 82 --cycle 1 --day 8 --ordered 820
      medcli check --drug carfilzomib -r isa-kd -w 70 --height 175 --cycle 2 --day 1 --ordered 103
      medcli check --drug lenalidomide -r isa-vrd -w 80 --crcl 45 --cycle 1 --day 1 --ordered 10
      medcli check orders.csv
      medcli check orders.csv --csv > checked.csv
      medcli check orders.csv --round-to-vial 5 --bands bands.csv
    """
    from medcli.check.order import PASSING
    from medcli.check.rounding import rounding_rules
    from medcli.check.tolerance import parse_tolerance
    from medcli.errors import ExitCode, UsageError

    app = app_context(ctx)
    percent = parse_tolerance(tolerance)
    rounding = rounding_rules(round_to_vial, bands)
    given = {
        "--drug": drug, "--regimen": regimen, "--weight": weight,
        "--cycle": cycle, "--day": day, "--ordered": ordered,
    }  # fmt: skip
    if as_json and as_csv:
        raise UsageError("--json and --csv: choose one output")
    if orders is not None:
        typed = [option for option, value in given.items() if value is not None]
        if typed:
            raise UsageError(
                f"{typed[0]} with a file of orders: the file gives each order; accepted: "
                "a file, or one order's options"
            )
        passed = _check_file(app, orders, percent, rounding, as_json=as_json, as_csv=as_csv)
    else:
        missing = [option for option, value in given.items() if value is None]
        if missing:
            raise UsageError(
                f"one order needs {', '.join(missing)}; accepted: {' '.join(ONE_ORDER)}, "
                "or a CSV file of orders"
            )
        if as_csv:
            raise UsageError("--csv is for a file of orders; accepted: --json for one order")
        from medcli.check.action import check_one
        from medcli.check.order import Order

        checked = check_one(
            app.library,
            app.environment.default_drug,
            Order(
                drug=drug or "", regimen=regimen or "", cycle=cycle or "", day=day or "",
                weight_kg=weight or "", ordered_dose=ordered or "", patient=patient,
                height_cm=height, age=age, crcl=crcl, creatinine=creatinine,
                sex=None if sex is None else sex.value, dialysis=dialysis,
                hepatic=None if hepatic is None else hepatic.value,
                child_pugh=None if child_pugh is None else child_pugh.value,
                bsa_formula=bsa_formula.value,
            ),
            percent,
            rounding,
        )  # fmt: skip
        if as_json:
            from medcli.render.jsonout import to_json

            app.terminal.write_json(to_json(checked))
        else:
            from medcli.render.check import single_view

            app.terminal.show(single_view(checked))
        passed = checked.verdict in PASSING
    if not passed:
        raise typer.Exit(ExitCode.FAILED)


def _check_file(
    app: AppContext,
    path: Path,
    percent: Decimal | None,
    rounding: Rounding,
    *,
    as_json: bool,
    as_csv: bool,
) -> bool:
    """Stream the file's orders through the check; True when every order passes."""
    from medcli.check.action import check_rows
    from medcli.check.orders_file import open_orders
    from medcli.errors import UsageError

    name = str(path)
    try:
        stream = path.open(encoding="utf-8-sig", newline="")
    except OSError as error:
        raise UsageError(
            f"{path}: cannot be read ({error.strerror}); accepted: a CSV file of orders"
        ) from None
    with stream:
        opened = open_orders(stream, name)
        tally = _Tally()
        results = tally.count(
            check_rows(app.library, app.environment.default_drug, opened.rows, percent, rounding)
        )
        paged = not (as_csv or as_json) and app.terminal.pages()  # the pager waits for all
        if paged or not app.terminal.out.is_terminal:  # on a terminal the lines show progress
            from medcli.render.check import with_progress

            results = with_progress(app.terminal.err, results, _progress_of(stream, name))
        if as_csv:
            from medcli.render.check import csv_lines

            app.terminal.write_lines(csv_lines(results, opened.extra_columns))
        elif as_json:
            from medcli.render.jsonout import to_json_stream

            app.terminal.write_json_pieces(
                to_json_stream({"file": name}, "orders", (checked for _, checked in results))
            )
        else:
            from medcli.render.check import file_blocks

            app.terminal.stream(file_blocks(checked for _, checked in results))
    return tally.all_ok


def _progress_of(stream: TextIO, name: str) -> Callable[[int], str]:
    """The status line for *count* orders: how far through the file, by its bytes read."""
    import os

    size = os.fstat(stream.fileno()).st_size

    def status(count: int) -> str:
        share = "" if not size else f", {min(100, stream.buffer.tell() * 100 // size)}%"
        return f"checking {name}: {count:,} orders{share}"

    return status


class _Tally:
    """Whether every order streamed through passed (ok, rounded, banded), counted as they go."""

    def __init__(self) -> None:
        self.all_ok = True

    def count(
        self, rows: Iterable[tuple[FileRow, CheckedOrder]]
    ) -> Iterator[tuple[FileRow, CheckedOrder]]:
        from medcli.check.order import PASSING

        for row, checked in rows:
            self.all_ok = self.all_ok and checked.verdict in PASSING
            yield row, checked
