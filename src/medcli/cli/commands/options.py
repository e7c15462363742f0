"""Arguments and options shared by several commands, declared once."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from medcli.actions.inputs import JURISDICTION


def complete_drug_names(ctx: typer.Context, incomplete: str) -> list[str]:
    """Drug names of the library the command line names, for shell completion."""
    from medcli.cli.completion import complete_drug
    from medcli.cli.context import environment_of

    return complete_drug(environment_of(ctx), incomplete)


def path_text(text: str) -> Path:
    """A path as typed; an empty one is a usage error, not the current folder.

    `Path("")` is `Path(".")`: `medcli import "$UNSET"` would import the folder
    the shell is in.
    """
    if not text:
        raise typer.BadParameter("an empty path; accepted: a file or folder (. for this folder)")
    return Path(text)


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


class JurisdictionChoice(str, Enum):
    # medcli.choices.JURISDICTIONS as a class Typer reads (a test holds them together).
    us = "us"
    eu = "eu"


JurisdictionOption = Annotated[
    JurisdictionChoice,
    typer.Option(
        "--jurisdiction",
        help=JURISDICTION.help,
        case_sensitive=False,
    ),
]


def complete_regimen_ids(ctx: typer.Context, incomplete: str) -> list[str]:
    """Regimen ids of the (first) drug typed so far, for shell completion."""
    from medcli.cli.completion import complete_regimen
    from medcli.cli.context import environment_of

    drug = ctx.params.get("drug")
    if drug is None:
        drug = next(iter(ctx.params.get("drugs") or ()), None)
    return complete_regimen(environment_of(ctx), drug, incomplete)


def bands_option(what_it_does: str) -> Any:
    """`--bands FILE`, the user's dose-banding table, for `dose` and `check` alike;
    *what_it_does* ends the help after the table's form."""
    return typer.Option(
        "--bands",
        metavar="FILE",
        help="Your dose-banding table (CSV or YAML: drug, from_mg, to_mg, banded_mg)"
        + what_it_does,
        parser=path_text,
        show_default=False,
    )


def regimen_option(help_text: str) -> Any:
    """`--regimen/-r ID`, completed from the drug's regimens; *help_text* says what it does."""
    return typer.Option(
        "--regimen",
        "-r",
        metavar="ID",
        help=help_text,
        show_default=False,
        autocompletion=complete_regimen_ids,
    )
