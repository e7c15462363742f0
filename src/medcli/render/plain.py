"""Views as plain text, laid out as Rich lays them out, without Rich's rendering machinery.

Rich spends about 2 ms a drug on a side-effect block (segments, styles, line
cropping), which is 20 s for 10,000 labels piped into `grep`. When nothing but
text would be written (no terminal, so no colour and no pager), the lines of a
`Text` or a `Hanging` item are worked out here instead: the same line breaks
(Rich's own `divide_line`, on the text as Rich wraps it), the same cropping of
trailing blanks and over-long words, the same gluing of numbers to units, and
the same trimmed line ends. A `simple_table` whose cells all fit is written by
`medcli.render.plain_table` where the caller says Rich would draw its rule in
Unicode. Anything else (other tables, padding) gets `None`, and the caller prints
that block through Rich. Tests compare the two on every view.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich._wrap import divide_line  # Rich's line breaking itself, so the breaks cannot drift
from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType
from rich.text import Text

from medcli.render.cells import SINGLE_CELL
from medcli.render.console import GLUE, glued
from medcli.render.lines import Hanging
from medcli.sanitize import clean_text

_TRAILING_WHITESPACE = re.compile(r"\s+$")  # what Rich's `Text.rstrip_end` removes


def plain_lines(
    renderables: Sequence[RenderableType], width: int, unicode_boxes: bool = False
) -> str | None:
    """*renderables* as a console of *width* columns without colour prints them, or None
    when one of them is not a plain `Text` or `Hanging` (or holds a tab), nor, with
    *unicode_boxes* (a console whose encoding is UTF), a `simple_table` that fits."""
    out: list[str] = []
    for renderable in renderables:
        if isinstance(renderable, Hanging):
            lines = _hanging(renderable, width)
        elif type(renderable) is Text and _default_layout(renderable):
            lines = _wrapped(renderable.plain, width)
        elif unicode_boxes:
            from medcli.render.plain_table import table_lines  # only views with a table

            lines = table_lines(renderable, width)
        else:
            return None
        if lines is None:
            return None
        out += lines
    # The text gate, as the console's rendering applies it to every view printed through Rich.
    return clean_text("".join(line.replace(GLUE, " ").rstrip(" \t") + "\n" for line in out))


def _default_layout(text: Text) -> bool:
    return (
        text.justify is None and text.overflow is None and text.no_wrap is None and text.end == "\n"
    )  # a tab size matters only with tabs, which are left to Rich


def _hanging(item: Hanging, width: int) -> list[str] | None:
    """`Hanging.__rich_console__`: each wrapped line stripped, after the marker or its indent."""
    if len(item.first) >= width or cell_len(item.first) != len(item.first):
        return None  # the marker leaves no room (Rich crops the line) or is wide: left to Rich
    pieces = _wrapped(item.plain, width - len(item.first))
    if pieces is None:
        return None
    return [
        (item.rest if number else item.first) + piece.rstrip()
        for number, piece in enumerate(pieces)
    ]


def _wrapped(plain: str, width: int) -> list[str] | None:
    """`Text.wrap` with Rich's defaults (justify "default", overflow "fold"), as strings."""
    if "\t" in plain:
        return None  # tabs expand to tab stops: left to Rich
    lines: list[str] = []
    for line in glued(plain).split("\n"):
        single = SINGLE_CELL.issuperset(line)
        if len(line) <= width and (single or cell_len(line) <= width):
            lines.append(line)  # the usual case: nothing to break, crop or strip
            continue
        offsets = _breaks(line, width) if single else divide_line(line, width, fold=True)
        for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
            piece = line[start:end]
            if len(piece) > width:  # `Text.rstrip_end`: blanks beyond the width go
                blanks = _TRAILING_WHITESPACE.search(piece)
                if blanks is not None:
                    piece = piece[: len(piece) - min(len(blanks[0]), len(piece) - width)]
            if (len(piece) if single else cell_len(piece)) > width:  # `Text.truncate`
                piece = piece[:width] if single else set_cell_size(piece, width)
            lines.append(piece)
    return lines


_BLANKS = tuple(sorted(character for character in SINGLE_CELL if character.isspace()))
_WORD = re.compile(r"\s*\S+\s*")  # Rich's word: the blanks before a first word, and after each
_NON_BLANK = re.compile(r"\S")


def _breaks(line: str, width: int) -> list[int]:
    """Rich's `divide_line` for a line of one-cell characters: the offsets to break it at.

    Rich walks word by word; here each output line costs a few string searches.
    A line starting at *begin* keeps every word whose text (blanks after it not
    counted) ends by `begin + width`; the first word that does not is either
    folded (longer than a line) or starts the next line.
    """
    breaks: list[int] = []
    begin = 0
    while begin + width < len(line):
        limit = begin + width
        if line[limit].isspace():  # the words up to here fit; the next one does not
            found = _NON_BLANK.search(line, limit)
            if found is None:
                break  # only blanks left, which never break a line
            start = found.start()
        else:  # the word that crosses the limit
            start = max(line.rfind(blank, begin, limit) for blank in _BLANKS) + 1
            start = max(start, begin)
        if start and line[:start].isspace():
            start = 0  # a first word owns the blanks before it
        word = _WORD.match(line, start)
        assert word is not None  # *start* is at a word's first character
        if len(word[0].rstrip()) > width:  # folded into pieces of *width*, from its start
            pieces = range(start, word.end(), width)
            breaks += [piece for piece in pieces if piece]
            begin = pieces[-1]
        else:
            breaks.append(start)
            begin = start
    return breaks
