"""Arguments and options shared by several commands, declared once."""

from __future__ import annotations

from typing import Annotated

import typer


def complete_drug_names(incomplete: str) -> list[str]:
    """Drug names for shell completion (imported only when a shell asks)."""
    from medcli.cli.completion import complete_drug

    return complete_drug(incomplete)


DrugArgument = Annotated[
    str,
    typer.Argument(
        metavar="DRUG",
        help="Drug id, name, brand name or unique prefix.",
        show_default=False,
        autocompletion=complete_drug_names,
    ),
]
OptionalDrugArgument = Annotated[
    str | None,
    typer.Argument(
        metavar="[DRUG]",
        help="Drug id, name, brand name or unique prefix [default: $MEDCLI_DRUG, else isatuximab].",
        show_default=False,
        autocompletion=complete_drug_names,
    ),
]
JsonOption = Annotated[
    bool, typer.Option("--json", help="Print one JSON document instead of text.")
]
