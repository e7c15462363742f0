"""`medcli search` results as text (matches styled, never markup) or as JSON."""

from __future__ import annotations

from typing import TypedDict

from rich.console import RenderableType
from rich.text import Text

from medcli.render.common import Hanging
from medcli.search import SearchResults, Snippet

MATCH_STYLE = "bold reverse"


class SearchHit(TypedDict):
    id: str
    name: str
    origin: str
    section: str
    snippet: str
    matches: list[list[int]]
    score: float


class SearchDocument(TypedDict):
    """`search --json` (its JSON Schema is generated from this type)."""

    query: str
    section: str | None
    total: int
    results: list[SearchHit]


def search_document(results: SearchResults) -> SearchDocument:
    """The JSON contract: `snippet` is plain text; `matches` are `[start, end)` offsets into it."""
    return {
        "query": results.query,
        "section": results.section,
        "total": results.total,
        "results": [
            {
                "id": hit.id,
                "name": hit.name,
                "origin": hit.origin,
                "section": hit.section,
                "snippet": hit.snippet.text,
                "matches": [list(span) for span in hit.snippet.matches],
                "score": hit.score,
            }
            for hit in results.hits
        ],
    }


def search_view(results: SearchResults) -> list[RenderableType]:
    where = f" in {results.section}" if results.section else ""
    if not results.hits:
        return [Text(f"No monograph matches {results.query!r}{where}.")]
    view: list[RenderableType] = []
    for number, hit in enumerate(results.hits):
        title = Text.assemble(
            "" if number == 0 else "\n",
            (hit.name, "bold"),
            f" ({hit.id})",
            (f"  {hit.section}", "dim"),
        )
        view += [title, Hanging(highlighted(hit.snippet), marker=" ")]
    shown = len(results.hits)
    summary = f"{results.total:,} monographs match {results.query!r}{where}"
    if results.total == 1:
        summary = f"1 monograph matches {results.query!r}{where}"
    if shown < results.total:
        best = "the best match is" if shown == 1 else f"the best {shown} are"
        summary += f"; {best} shown (more with --limit)"
    view.append(Text(f"\n{summary}.", style="dim"))
    return view


def highlighted(snippet: Snippet) -> Text:
    """The snippet with its matches styled: spans set on plain text, nothing parsed from it."""
    text = Text(snippet.text)
    for start, end in snippet.matches:
        text.stylize(MATCH_STYLE, start, end)
    return text
