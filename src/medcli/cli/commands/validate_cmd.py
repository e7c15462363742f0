"""`medcli validate`: check monograph files and report every problem."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medcli.cli.context import app_context
from medcli.errors import ExitCode, UsageError


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            help="Monograph files or folders [default: the whole library].", show_default=False
        ),
    ] = None,
) -> None:
    """Check monograph files against the schema.

    Lists every problem in every file as FILE:LINE: FIELD: PROBLEM and exits 1
    when anything is invalid.

    Examples:

    \b
      medcli validate
      medcli validate data/monographs
      medcli validate my-drug.yaml
    """
    from medcli.library.validation import validate_paths
    from medcli.render.validation import validation_view

    app = app_context(ctx)
    if any(not path.strip() for path in paths or ()):
        raise UsageError("an empty path was given; give monograph files or folders")
    targets = [Path(path) for path in paths or ()] or [
        folder.path for folder in app.library.folders if folder.path.is_dir()
    ]
    report = validate_paths(targets)
    app.terminal.show(validation_view(report))
    if not report.ok:
        raise typer.Exit(ExitCode.FAILED)
