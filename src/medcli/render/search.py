"""`medcli search` results as text (matches styled, never markup) or as JSON."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.render.common import Hanging
from medcli.render.search_text import (
    SNIPPET_MARKER,
    SearchDocument,
    no_match_line,
    search_document,
    summary_line,
    title_parts,
)
from medcli.search import SearchResults, Snippet

MATCH_STYLE = "bold reverse"
__all__ = ["SearchDocument", "highlighted", "search_document", "search_view"]


def search_view(results: SearchResults) -> list[RenderableType]:
    """The text view; the plain text a console without colour writes of it is also made
    without Rich (`render.search_text.search_text`, for the first search before Typer)."""
    if not results.hits:
        return [Text(no_match_line(results))]
    view: list[RenderableType] = []
    for number, hit in enumerate(results.hits):
        lead, name, drug, section = title_parts(number, hit)
        title = Text.assemble(lead, (name, "bold"), drug, (section, "dim"))
        view += [title, Hanging(highlighted(hit.snippet), marker=SNIPPET_MARKER)]
    view.append(Text(summary_line(results), style="dim"))
    return view


def highlighted(snippet: Snippet) -> Text:
    """The snippet with its matches styled: spans set on plain text, nothing parsed from it."""
    text = Text(snippet.text)
    for start, end in snippet.matches:
        text.stylize(MATCH_STYLE, start, end)
    return text
