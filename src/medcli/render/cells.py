"""Text laid out as Rich lays it out, for characters one cell wide, without importing Rich.

Shared by the plain-text writers (`medcli.render.plain` for text, `plain_table` for
tables) and the first `search` answered before Typer and Rich are imported
(`medcli.fast_search`): they lay text out without Rich only when every character is
one of `SINGLE_CELL`, where a string's length is its width on a terminal. Numbers are
glued to their units here (`glued`) and line ends trimmed (`trim_line_ends`), as the
console does for everything Rich writes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from medcli.sanitize import clean_text

# A number and its unit must never be split across lines ("700" / "mg"). Rich
# breaks lines at any whitespace, the no-break space included, so the space is
# swapped for a one-cell private-use character before wrapping and swapped
# back when the console writes its output.
GLUE = "\ue000"
# An exact value cut short ends in `…` ("1.8446619684… m²"), and is glued as a number is.
_UNIT_SPACE = re.compile(
    r"(?<=[\d…]) (?=(?:mg|mL|kg|lb|g|L|m²|m\^2|cm|in|µg|mcg|min|h|µm|°C|units?|days?|weeks?"
    r"|months?|years?|hours?|minutes?|vials?|infusions?|cycles?)(?![\w]))"
)
_ASCII_DIGITS = frozenset("0123456789")
# Blanks before a line end, keeping any style codes that close the line.
_BLANKS_AT_LINE_END = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)(?=\n)")

# Characters one cell wide that start no grapheme cluster with a neighbour (a test checks
# both against Rich): in text made only of them, a length is a width, and line breaks can
# be found without Rich's cell measure per word, which is most of the cost.
SINGLE_CELL_RANGES = (
    (0x20, 0x7E), (0xA0, 0xAC), (0xAE, 0x2FF), (0x370, 0x482),
    (0x2010, 0x2027), (0x2030, 0x205E), (0x2500, 0x25FC), (ord(GLUE), ord(GLUE)),
)  # fmt: skip
SINGLE_CELL = frozenset(
    chr(code) for low, high in SINGLE_CELL_RANGES for code in range(low, high + 1)
)
# The control codes Rich's `Text` drops from what it is given (`strip_control_codes`).
RICH_STRIPPED = frozenset("\x07\x08\x0b\x0c\x0d")


def trim_line_ends(text: str) -> str:
    """*text* without the blanks Rich leaves at line ends (wrap points, padded table cells).

    In a file, a pipe or a diff they are noise, and a terminal shows nothing of them.
    """
    return _BLANKS_AT_LINE_END.sub(r"\1", text)


def glued(text: str) -> str:
    """*text* with each number joined to its unit by `GLUE`: same length, so styles stay.

    Text that needs the text gate is cleaned first, so a view is laid out as it will
    read (a sequence cut by a wrap could not be recognised later); that text loses
    length, and its styles may shift, which only hostile text ever pays for.
    """
    text = clean_text(text)
    if text.isascii() and _ASCII_DIGITS.isdisjoint(text):
        return text  # no digit, nothing to glue (most lines): a set test instead of a regex
    return _UNIT_SPACE.sub(GLUE, text)


def plain_line(plain: str) -> str | None:
    """*plain* glued, when it is one line of one-cell characters (its length its width)."""
    line = glued(plain)
    return line if SINGLE_CELL.issuperset(line) else None


# Rich's layout of a line that holds a character wider than one cell (`render.plain`).
WideLines = Callable[[str, int], list[str]]


def wrapped(plain: str, width: int, wide: WideLines | None = None) -> list[str] | None:
    """`Text.wrap` with Rich's defaults (justify "default", overflow "fold"), as strings; a
    line with a wider character is laid out by *wide*, or, without it, None is returned."""
    if "\t" in plain:
        return None  # tabs expand to tab stops: left to Rich
    lines: list[str] = []
    for line in glued(plain).split("\n"):
        if not SINGLE_CELL.issuperset(line):
            if wide is None:
                return None
            lines += wide(line, width)
        elif len(line) <= width:
            lines.append(line)  # the usual case: nothing to break, crop or strip
        else:
            offsets = single_cell_breaks(line, width)
            for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
                piece = blanks_cropped(line[start:end], width)
                lines.append(piece[:width])  # `Text.truncate`
    return lines


def hanging(
    first: str, rest: str, plain: str, width: int, wide: WideLines | None = None
) -> list[str] | None:
    """`Hanging.__rich_console__` for a marker *first* (one-cell characters): each wrapped line
    stripped, after the marker or its indent *rest*."""
    if len(first) >= width:
        return None  # the marker leaves no room: Rich crops the line, left to Rich
    pieces = wrapped(plain, width - len(first), wide)
    if pieces is None:
        return None
    return [(rest if number else first) + piece.rstrip() for number, piece in enumerate(pieces)]


def laid_out(lines: list[str]) -> str:
    """*lines* as the console writes them: glue undone, line ends trimmed, through the text
    gate (which the console's rendering applies to every view printed through Rich)."""
    return clean_text("".join(line.replace(GLUE, " ").rstrip(" \t") + "\n" for line in lines))


_TRAILING_WHITESPACE = re.compile(r"\s+$")  # what Rich's `Text.rstrip_end` removes


def blanks_cropped(piece: str, width: int) -> str:
    """`Text.rstrip_end`: of a piece longer than *width*, the blanks beyond the width go."""
    if len(piece) > width:
        blanks = _TRAILING_WHITESPACE.search(piece)
        if blanks is not None:
            piece = piece[: len(piece) - min(len(blanks[0]), len(piece) - width)]
    return piece


_BLANKS = tuple(sorted(character for character in SINGLE_CELL if character.isspace()))
_WORD = re.compile(r"\s*\S+\s*")  # Rich's word: the blanks before a first word, and after each
_NON_BLANK = re.compile(r"\S")


def single_cell_breaks(line: str, width: int) -> list[int]:
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
