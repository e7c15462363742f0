"""`medcli check`: an independent double check of ordered doses, one or a CSV file of them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from medcli.actions.inputs import ORDER_INPUTS
from medcli.cli.commands.declared import with_inputs
from medcli.cli.commands.options import JsonOption, bands_option, path_text
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


@with_inputs(ORDER_INPUTS, optional=True)
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
    *,
    as_csv: Annotated[
        bool,
        typer.Option("--csv", help="With a file: the input columns plus the results, as CSV."),
    ] = False,
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
        Path | None, bands_option("; an order of the band's dose is 'banded', not a flag.")
    ] = None,
    as_json: JsonOption = False,
    inputs: dict[str, Any],
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
    percent = parse_tolerance(inputs["tolerance"])
    rounding = rounding_rules(round_to_vial, bands)
    given = {option: inputs[option.removeprefix("--")] for option in ONE_ORDER}
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
        from medcli.actions.check import order_of
        from medcli.check.action import check_one

        checked = check_one(
            app.library,
            app.environment.default_drug,
            order_of(inputs),
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
