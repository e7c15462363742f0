"""Arguments and options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer

DrugArgument = Annotated[
    str,
    typer.Argument(
        metavar="DRUG", help="Drug id, name, brand name or unique prefix.", show_default=False
    ),
]
OptionalDrugArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[DRUG]",
        help="Drug id, name, brand name or unique prefix [default: $MEDCLI_DRUG, else isatuximab].",
        show_default=False,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of text.")
]
