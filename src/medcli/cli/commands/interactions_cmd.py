"""`medcli interactions`: what each drug's FDA label says about the others."""

from __future__ import annotations

from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption, complete_drug_names
from medcli.cli.context import app_context


def interactions(
    ctx: typer.Context,
    drugs: Annotated[
        list[str],
        typer.Argument(
            metavar="DRUG DRUG [DRUG]...",
            help="Two or more drugs: id, name, brand name or unique prefix.",
            show_default=False,
            autocompletion=complete_drug_names,
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Quote what each drug's FDA label says about the others.

    For every pair, the sentences and table rows of each label's contraindications,
    boxed warning, warnings and precautions, drug interactions and pharmacokinetics
    that name the other drug (generic, brand or ingredient name) or a class the other
    drug's own label puts it in ("CYP3A4 inhibitor"). Most serious first. A pair no
    passage links says so: that is the labels' silence, not evidence of safety. Drugs
    without an imported label are named as not checked.

    Examples:

    \b
      medcli interactions propranolol warfarin
      medcli interactions zelboraf carbamazepine escitalopram
      medcli interactions tetrabenazine paroxetine --json
    """
    from medcli.actions.interactions import interactions as quote_interactions

    app = app_context(ctx)
    result = quote_interactions(app.library, tuple(drugs)).interactions
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(result))
        return
    from medcli.render.interactions import interactions_blocks

    app.terminal.stream(interactions_blocks(result))
