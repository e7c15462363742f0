"""`medcli update`: the openFDA drug-label set, or DailyMed's release and update zips,
downloaded (with resume) and imported."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption
from medcli.cli.context import app_context
from medcli.errors import ExitCode, MedcliError


class LabelSource(str, Enum):
    openfda = "openfda"
    dailymed = "dailymed"


def update(
    ctx: typer.Context,
    origin: Annotated[
        LabelSource,
        typer.Option(
            "--source",
            help="Where the labels come from: openFDA's drug-label export, or DailyMed's"
            " full release and update zips (which need --from).",
        ),
    ] = LabelSource.openfda,
    source: Annotated[
        str | None,
        typer.Option(
            "--from",
            metavar="URL|DIR",
            help="openFDA: a mirror's download.json URL, or a folder holding download.json and"
            " the partition zips [default: https://api.fda.gov/download.json]. DailyMed: a"
            " zip's URL or file, a folder of the zips, or a web page linking to them.",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Read the manifest and say what would be fetched; no more."),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Download openFDA's or DailyMed's drug labels and import them into the library.

    Reads openFDA's manifest, downloads every drug-label partition of a newer
    export (resuming a download cut short), checks each file's size and zip,
    then imports them as `medcli import` does. With --source dailymed, takes
    the DailyMed zips --from names that were not imported yet. Run again with
    nothing new, it downloads nothing and says so. Then lists the labels whose
    new version changed a key section (as medcli changes). openFDA data is
    CC0; do not rely on it to make decisions regarding medical care. DailyMed
    data is public domain.

    Examples:

    \b
      medcli update
      medcli update --dry-run
      medcli update --from https://mirror.example.org/openfda/download.json
      medcli update --from /media/usb/openfda --json > update-report.json
      medcli update --source dailymed --from /media/usb/dailymed
    """
    from medcli.render.import_report import JsonPages, progress_bar
    from medcli.render.update_report import download_bar, update_document, update_view
    from medcli.update.run import update_labels

    app = app_context(ctx)
    pages = JsonPages(app.terminal.write_json_piece) if as_json else None
    with download_bar(app.terminal.err) as downloading, progress_bar(app.terminal.err) as importing:
        result = update_labels(
            app.environment,
            source=source,
            dailymed=origin is LabelSource.dailymed,
            dry_run=dry_run,
            download_progress=downloading,
            import_progress=importing,
            on_page=pages.page if pages is not None else None,
        )
    if pages is not None:
        pages.finish(result.report, {"update": update_document(result)})
    else:
        view, warnings = update_view(result)
        for warning in warnings:
            app.terminal.warn(warning)
        app.terminal.show(view)
    if result.report.stopped is not None:
        raise MedcliError(
            result.report.stopped, hint="free space and run medcli update again; it resumes"
        )
    if result.status == "updated" and not result.report.ok:
        raise typer.Exit(ExitCode.FAILED)
