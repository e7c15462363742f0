"""`medcli search` results as plain text and as JSON, without Rich.

The first search is answered before Typer and Rich are imported (`medcli.fast_search`),
so what it writes is made here: the JSON document, and the text view as
`render.search.search_view` lays it out on a console without colour. The words of
the view are made here for both.
"""

from __future__ import annotations

from typing import TypedDict

from medcli.render.cells import RICH_STRIPPED, hanging, laid_out, trim_line_ends, wrapped
from medcli.search import Hit, SearchResults

SNIPPET_MARKER = " "  # a hit's passage hangs under its title, indented past this marker


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


def no_match_line(results: SearchResults) -> str:
    return f"No monograph matches {results.query!r}{_where(results)}."


def title_parts(number: int, hit: Hit) -> tuple[str, str, str, str]:
    """A hit's title: (a blank line before all but the first, its name, its id, its section);
    the text view styles the name and the section."""
    return "" if number == 0 else "\n", hit.name, f" ({hit.id})", f"  {hit.section}"


def summary_line(results: SearchResults) -> str:
    """How many matched and how many are shown, after a blank line."""
    shown = len(results.hits)
    where = _where(results)
    summary = f"{results.total:,} monographs match {results.query!r}{where}"
    if results.total == 1:
        summary = f"1 monograph matches {results.query!r}{where}"
    if shown < results.total:
        best = "the best match is" if shown == 1 else f"the best {shown} are"
        summary += f"; {best} shown (more with --limit)"
    return f"\n{summary}."


def _where(results: SearchResults) -> str:
    return f" in {results.section}" if results.section else ""


def search_text(results: SearchResults, width: int) -> str | None:
    """The text view as a console of *width* columns without colour writes it (each block
    laid out by the plain-text writer, `render.plain`), or None when a block holds what
    only Rich lays out (a tab, a character wider than one cell, a code Rich drops)."""
    indent = " " * len(SNIPPET_MARKER + " ")
    blocks: list[tuple[str, bool]] = []  # (text, whether it hangs under the marker)
    for number, hit in enumerate(results.hits):
        blocks += [("".join(title_parts(number, hit)), False), (hit.snippet.text, True)]
    blocks.append(
        (summary_line(results), False) if results.hits else (no_match_line(results), False)
    )
    pieces = []
    for text, hangs in blocks:
        if not RICH_STRIPPED.isdisjoint(text):
            return None
        lines = (
            hanging(SNIPPET_MARKER + " ", indent, text, width) if hangs else wrapped(text, width)
        )
        if lines is None:
            return None
        pieces.append(laid_out(lines))
    return trim_line_ends("".join(pieces))
