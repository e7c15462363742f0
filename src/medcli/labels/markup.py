"""SPL narrative markup → text and tables, parsed without trusting the input.

Both formats carry SPL markup: an SPL document is made of it, and openFDA hands
out each table as a string of it (`adverse_reactions_table`). It is parsed with
defusedxml: a DTD, an entity declaration (billion laughs) or an external entity
is refused, nothing is fetched. Text is kept verbatim, with only the layout the
markup gives: paragraphs apart, list items on their own lines, `<br/>` as a line
break, superscripts as superscript characters (mg/m², a footnote's ᵃ).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from functools import lru_cache

import defusedxml.ElementTree as SafeElementTree
import msgspec
from defusedxml import DefusedXmlException

from medcli.labels.tablegrid import split_header
from medcli.model import LabelTable, TableCell, TableRow

# Marks where a table stood in a text while it is built; cut out again by `place_tables`.
TABLE_MARK = "\ue000"
MAX_SPAN = 1000
_SUPERSCRIPT = str.maketrans(
    "0123456789+-=()abcdefghijklmnoprstuvwxyz",
    "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
)
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
_BARE_LT = re.compile(r"<(?=[\s\d=<])")
_BLOCK = {"paragraph", "list", "table", "caption", "title"}


class MarkupError(ValueError):
    """The markup is not well-formed XML or holds what is refused (a DTD, entities)."""


def parse_markup(text: str | bytes) -> ElementTree.Element:
    """Parse XML safely: no DTD, no entity declarations, no external references.

    Markup without `<!` has no DTD, so it can declare no entity and name no external
    one: it is read by the standard library's C parser, 2.5× faster than defusedxml's,
    whose parser calls Python for every element (an openFDA table is such markup). All
    else (a DTD, a comment, CDATA: every SPL document) goes through defusedxml.
    """
    declares = b"<!" in text if isinstance(text, bytes) else "<!" in text
    try:
        if not declares:
            return ElementTree.fromstring(text)
        return SafeElementTree.fromstring(text, forbid_dtd=True)
    except DefusedXmlException as error:
        raise MarkupError(f"refused: {error.__class__.__name__}") from error
    except LookupError as error:  # an encoding Python does not know
        raise MarkupError(f"not readable XML ({error})") from error
    except ElementTree.ParseError as error:
        if isinstance(text, str) and _BARE_LT.search(text):
            # openFDA strings sometimes hold a bare "<" ("< 1%") inside a table cell.
            return parse_markup(_BARE_LT.sub("&lt;", text))
        raise MarkupError(f"not well-formed XML ({error})") from error


@lru_cache(maxsize=256)  # a table names a few tags thousands of times
def local(tag: object) -> str:
    """The tag without its namespace: `{urn:hl7-org:v3}section` → `section`."""
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def clean(text: str) -> str:
    """Tidy built text: no spaces around line breaks, at most one blank line in a row."""
    if "\n" not in text:  # one line, as most table cells are
        return text.strip()
    joined = "\n".join([line.strip() for line in text.split("\n")])
    if "\n\n\n" not in joined:  # no run of blank lines to close up, as in most cells
        return joined.strip()
    return _BLANK_LINES.sub("\n\n", joined).strip()


@dataclass
class Narrative:
    """Text built from markup, with the tables found in it (in order)."""

    tables: list[LabelTable] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)


def narrative(
    element: ElementTree.Element, skip: frozenset[str] = frozenset()
) -> tuple[str, list[LabelTable]]:
    """The text of an SPL `<text>` (or any markup) element, and its tables.

    Each table's place in the text is kept as its `at` offset.
    """
    found = Narrative()
    raw = _render(element, found, skip)
    return place_tables(clean(raw), found.tables)


def place_tables(text: str, tables: list[LabelTable]) -> tuple[str, list[LabelTable]]:
    """Cut the table marks out of *text*, recording each table's offset in what is left."""
    parts = text.split(TABLE_MARK)
    built = parts[0].rstrip()
    placed: list[LabelTable] = []
    for table, part in zip(tables, parts[1:], strict=False):
        placed.append(msgspec.structs.replace(table, at=len(built)))
        rest = part.strip()
        built = f"{built}\n\n{rest}" if built and rest else built or rest
    return built, placed


def inline_text(element: ElementTree.Element) -> str:
    """The text of *element* on one line (a title, a caption, a table cell's words)."""
    return " ".join(_render(element, Narrative(), frozenset()).split())


def _render(element: ElementTree.Element, found: Narrative, skip: frozenset[str]) -> str:
    text = element.text
    if not len(element):  # a leaf, as most table cells are
        return _SPACE.sub(" ", text) if text else ""
    pieces: list[str] = [_SPACE.sub(" ", text) if text else ""]
    for child in element:
        name = local(child.tag)
        if name in skip:
            pass
        elif name == "table":
            found.tables.append(parse_table(child))
            pieces.append(f"\n\n{TABLE_MARK}\n\n")
        elif name == "br":
            pieces.append("\n")
        elif name in ("sup",):
            pieces.append(_superscript(_render(child, found, skip)))
        elif name == "footnote":
            found.footnotes.append(" ".join(_render(child, found, skip).split()))
            pieces.append(_superscript(str(len(found.footnotes))))
        elif name == "item":
            pieces.append("\n• " + _render(child, found, skip).strip())
        elif name in _BLOCK:
            pieces.append("\n\n" + _render(child, found, skip) + "\n\n")
        elif name == "footnoteRef":
            pieces.append("*")
        elif name in ("renderMultiMedia", "observationMedia", "id", "code", "effectiveTime"):
            pass
        else:
            pieces.append(_render(child, found, skip))
        if child.tail:
            pieces.append(_SPACE.sub(" ", child.tail))
    return "".join(pieces)


def _superscript(text: str) -> str:
    """Short footnote marks and exponents as superscript characters when all of them have one."""
    stripped = text.strip()
    converted = stripped.translate(_SUPERSCRIPT)
    if len(stripped) <= 3 and all(
        c != o or not c.isalnum() for c, o in zip(converted, stripped, strict=True)
    ):
        return converted
    return text


def parse_table(element: ElementTree.Element) -> LabelTable:
    """A `<table>`: caption, header, body and footer rows with spans, footnotes listed."""
    found = Narrative()
    caption: str | None = None
    head: list[TableRow] = []
    body: list[TableRow] = []
    foot: list[TableRow] = []
    for child in element:
        name = local(child.tag)
        if name == "caption":
            caption = " ".join(_render(child, found, frozenset()).split()) or None
        elif name in ("thead", "tbody", "tfoot"):
            rows = [_row(tr, found) for tr in child if local(tr.tag) == "tr"]
            {"thead": head, "tbody": body, "tfoot": foot}[name].extend(rows)
        elif name == "tr":
            body.append(_row(child, found))
    foot = [row for row in foot if any(cell.text for cell in row)]
    head, body = split_header(head, body)
    return LabelTable(caption=caption, head=head, body=body, foot=foot, footnotes=found.footnotes)


def _row(element: ElementTree.Element, found: Narrative) -> TableRow:
    return [
        TableCell(
            text=_cell_text(cell, found),
            colspan=_span(cell.get("colspan")),
            rowspan=_span(cell.get("rowspan")),
        )
        for cell in element
        if local(cell.tag) in ("td", "th")
    ]


def _cell_text(cell: ElementTree.Element, found: Narrative) -> str:
    if not len(cell):  # a leaf, as most cells are: its text on one line, no layout to tidy
        text = cell.text
        return _SPACE.sub(" ", text).strip() if text else ""
    return clean(_render(cell, found, frozenset())).replace("\n\n", "\n")


def _span(value: str | None) -> int:
    if value is None:  # no span given, as on most cells
        return 1
    try:
        number = int(value or "1")
    except ValueError:
        return 1
    return min(max(number, 1), MAX_SPAN)


def table_words(table: LabelTable) -> str:
    """All the words of a table, caption first, for search and word counts."""
    cells = [
        cell.text for rows in (table.head, table.body, table.foot) for row in rows for cell in row
    ]
    return "\n".join([table.caption or "", *cells, *table.footnotes])
