"""`medcli rebuild`: convert every imported label again from its kept document."""

from __future__ import annotations

from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption
from medcli.cli.context import app_context


def rebuild(
    ctx: typer.Context,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Processes converting labels (default: one per CPU, at most 8).",
            show_default=False,
        ),
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Convert every imported FDA label again with this medcli, in place.

    Each label version is converted again from the document it was imported
    from, kept in the label store since medcli kept them; names, search text and
    side effects are made again with it. Labels imported before that are kept as
    they are and named: import them again to refresh them. Interrupted, it goes
    on from where it stopped the next time.

    Examples:

    \b
      medcli rebuild
      medcli rebuild --json
    """
    from medcli.labels.convert import MAX_WORKERS, available_cpus
    from medcli.library.reconvert import rebuild_library
    from medcli.render.rebuild_progress import rebuild_line

    app = app_context(ctx)
    count = workers if workers is not None else min(available_cpus(), MAX_WORKERS)
    progress = rebuild_line(app.terminal.err, doing="converting labels again")
    results = rebuild_library(app.environment.folders(), progress, count)
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.reconversion import rebuild_document

        app.terminal.write_json(to_json(rebuild_document(results)))
        return
    from medcli.render.reconversion import rebuild_view

    app.terminal.show(rebuild_view(results))
