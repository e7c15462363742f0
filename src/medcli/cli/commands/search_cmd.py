"""`medcli search`: ranked full-text search over every monograph in the library."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

from medcli.actions.inputs import MAX_RESULTS
from medcli.cli.commands.options import JsonOption
from medcli.cli.context import app_context


class SearchSection(str, Enum):
    """The sections `--section` accepts: `medcli.choices.SEARCH_SECTIONS` (a test holds them
    together; Typer needs a class it can read)."""

    # str + Enum rather than StrEnum: StrEnum is Python 3.11+, medcli supports 3.10.
    usage = "usage"
    dosage = "dosage"
    administration = "administration"
    premedications = "premedications"
    contraindications = "contraindications"
    side_effects = "side-effects"
    mechanism = "mechanism"
    precautions = "precautions"
    specific_populations = "specific-populations"
    storage = "storage"
    faqs = "faqs"
    extra = "extra"
    # FDA label sections, each searched in the column that holds the same facts.
    highlights = "highlights"
    boxed_warning = "boxed-warning"
    recent_major_changes = "recent-major-changes"
    indications = "indications"
    dosage_forms = "dosage-forms"
    warnings = "warnings"
    adverse_reactions = "adverse-reactions"
    interactions = "interactions"
    drug_abuse = "drug-abuse"
    overdosage = "overdosage"
    description = "description"
    clinical_pharmacology = "clinical-pharmacology"
    nonclinical_toxicology = "nonclinical-toxicology"
    clinical_studies = "clinical-studies"
    references = "references"
    how_supplied = "how-supplied"
    patient_counseling = "patient-counseling"
    package_label = "package-label"
    active_ingredient = "active-ingredient"
    purpose = "purpose"
    inactive_ingredients = "inactive-ingredients"
    questions = "questions"
    other_safety_information = "other-safety-information"
    unclassified = "unclassified"
    other = "other"


def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY...",
            help="Words (all must match); quoted words form a phrase; word* matches a prefix.",
            show_default=False,
        ),
    ],
    section: Annotated[
        SearchSection | None,
        typer.Option("--section", "-s", help="Search only this section.", show_default=False),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", help="Show at most this many results.", min=1, max=MAX_RESULTS
        ),
    ] = 10,
    as_json: JsonOption = False,
) -> None:
    """Search every monograph in the library, best matches first.

    Every word must appear; a drug whose name or brand name is the query comes
    first, and words in names count more than words in the text. No match is
    not an error: it prints "No monograph matches" and exits 0.

    Examples:

    \b
      medcli search CD38
      medcli search "multiple myeloma" --section usage
      medcli search 'neutropen*' --section side-effects --limit 20
      medcli search infusion reaction --json
      medcli search "second primary" --section warnings
    """
    from medcli.actions.search import SearchRequest
    from medcli.actions.search import search as search_library
    from medcli.search import query_from_arguments

    app = app_context(ctx)
    section_name = section.value if section else None
    request = SearchRequest(query_from_arguments(query), section_name, limit, " ".join(query))
    results = search_library(app.library, request)
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.search import search_document

        app.terminal.write_json(to_json(search_document(results)))
        return
    from medcli.render.search import search_view

    app.terminal.show_whole(search_view(results))
    if app.recorder is not None:
        from medcli.library.answer_sources import library_sources

        app.keep_answer(library_sources(app.library.folders))
