"""`search`: ranked full-text search over every monograph in the library."""

from __future__ import annotations

from dataclasses import dataclass

from medcli.actions.inputs import MAX_RESULTS
from medcli.choices import SEARCH_SECTIONS
from medcli.errors import UsageError
from medcli.library.merged import Library
from medcli.search import SearchResults


@dataclass(frozen=True)
class SearchRequest:
    query: str  # as the search syntax reads it: words, "a phrase", prefix*
    section: str | None = None
    limit: int = 10
    shown: str | None = None  # the query as the user typed it, for the answer's header


def search(library: Library, request: SearchRequest) -> SearchResults:
    if request.section is not None and request.section not in SEARCH_SECTIONS:
        accepted = ", ".join(SEARCH_SECTIONS)
        raise UsageError(f"unknown section {request.section!r}; accepted: {accepted}")
    if not 1 <= request.limit <= MAX_RESULTS:
        raise UsageError(f"--limit {request.limit} is out of range; accepted: 1 to {MAX_RESULTS:,}")
    return library.search(request.query, request.section, limit=request.limit, shown=request.shown)
