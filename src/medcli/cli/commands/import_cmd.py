"""`medcli import`: Markdown pages and FDA labels → validated monographs in the library."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from medcli.cli.commands.options import JsonOption, path_text
from medcli.cli.context import app_context
from medcli.errors import MedcliError, OutputClosedError


def import_pages(
    ctx: typer.Context,
    paths: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH...",
            help="Markdown pages, FDA labels (openFDA .json, SPL .xml, .zip), or folders of them"
            " (symlinked folders are skipped).",
            show_default=False,
            parser=path_text,
        ),
    ],
    into: Annotated[
        Path | None,
        typer.Option(
            "--into",
            help="Write the monographs into this folder [default: the user library].",
            show_default=False,
            parser=path_text,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")
    ] = False,
    force: Annotated[
        bool,
        typer.Option("--force", help="Replace or shadow curated monographs that have the same id."),
    ] = False,
    source_note: Annotated[
        str | None,
        typer.Option(
            "--source-note",
            metavar="TEXT",
            help="Say where the pages come from; `show` repeats it in each one's header.",
            show_default=False,
        ),
    ] = None,
    ai_generated: Annotated[
        bool,
        typer.Option("--ai-generated", help="Mark every page as AI-generated text."),
    ] = False,
    check: Annotated[
        bool,
        typer.Option(
            "--check",
            help="Count the words of every FDA label (slower); by default 1 label in 20.",
        ),
    ] = False,
    as_json: JsonOption = False,
) -> None:
    """Import Markdown monograph pages and FDA labels into the library.

    Each page becomes one YAML monograph, checked before it is written; every
    word of the page lands in some field, and the report says how many did.
    FDA labels (openFDA JSON records or bulk files, DailyMed SPL XML, zips of
    either) are told apart by content and kept verbatim, section by section;
    their words are counted on 1 label in 20, on every one with --check.
    Importing again changes nothing; curated monographs are kept unless --force.

    Examples:

    \b
      medcli import ~/pages
      medcli import isatuximab.md --into ./monographs --dry-run
      medcli import ~/pages --json > import-report.json
      medcli import drug-label-0001-of-0012.json.zip dailymed-release.zip
      medcli import ~/rxhive --ai-generated --source-note "RxHive site, 2025"
    """
    from medcli.importer.inputs import import_paths as run_import
    from medcli.importer.mapping import Origin
    from medcli.render.import_report import (
        JsonPages,
        import_view,
        nothing_imported,
        progress_bar,
    )

    app = app_context(ctx)
    # Each report line is written (--json) or dropped as it comes: only the summary is kept.
    pages = JsonPages(app.terminal.write_json_piece) if as_json else None
    with progress_bar(app.terminal.err) as progress:
        report = run_import(
            paths,
            into=into if into is not None else app.environment.user_dir,
            bundled=app.environment.bundled_dir,
            dry_run=dry_run,
            force=force,
            progress=progress,
            origin=Origin(source_note.strip() if source_note else None, ai_generated),
            on_page=pages.page if pages is not None else _dropped,
            check=check,
        )
    closed = False  # stdout's reader went away: a failure is still said, on stderr
    if pages is not None:
        pages.finish(report)
    else:
        view, warnings = import_view(report)
        for warning in warnings:
            app.terminal.warn(warning)
        try:
            app.terminal.show(view)
        except OutputClosedError:
            closed = True
    if report.stopped is not None:
        raise MedcliError(
            report.stopped,
            hint="free space, or import into a folder you can write to with --into DIR",
        )
    if not report.ok:
        raise MedcliError(
            nothing_imported(report.summary), hint="the report on stdout says why each was skipped"
        )
    if closed:
        raise OutputClosedError


def _dropped(page: object) -> None:
    """The text view needs only the summary, which the import keeps by itself."""
