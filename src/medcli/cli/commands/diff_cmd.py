"""`medcli diff`: what changed between two versions of an imported label."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from medcli.cli.commands.options import DrugArgument, JsonOption
from medcli.cli.context import app_context


def _version_option(flag: str, which: str, default: str) -> Any:
    """`--from V` / `--to V`: a version by number or by date."""
    return typer.Option(
        flag,
        metavar="V",
        help=f"The {which} version: its number, or a date (YYYY-MM-DD or YYYYMMDD) for the "
        f"version in effect then [default: {default}].",
        show_default=False,
    )


def diff(
    ctx: typer.Context,
    drug: DrugArgument,
    older: Annotated[str | None, _version_option("--from", "older", "the one before --to")] = None,
    newer: Annotated[str | None, _version_option("--to", "newer", "the newest")] = None,
    section: Annotated[
        str | None,
        typer.Option(
            "--section",
            "-s",
            metavar="S",
            help="Only this section: a label section key (indications, dosage, warnings…) "
            "or a section number (2.1, 5).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Show what changed between two versions of an imported FDA label.

    Section by section: sections added and removed; for changed ones the
    sentences added (+), removed (-) and changed (~, with the changed words
    marked [-so-] {+so+}); tables row by row; unchanged sections in one line.
    The newer version's own Recent Major Changes comes first, with which of the
    sections it lists did change, and which changed without being listed.

    Examples:

    \b
      medcli diff sarclisa
      medcli diff sarclisa --from 3 --to 4
      medcli diff keytruda --from 2021-01-01 -s indications
      medcli diff sarclisa --json
    """
    from medcli.actions.diff import DiffRequest
    from medcli.actions.diff import diff as compare_versions

    app = app_context(ctx)
    comparison = compare_versions(app.library, DiffRequest(drug, older, newer, section))
    if as_json:
        from medcli.render.jsonout import to_json

        app.terminal.write_json(to_json(comparison))
        return
    from medcli.render.diff import diff_view

    app.terminal.show(diff_view(comparison))
