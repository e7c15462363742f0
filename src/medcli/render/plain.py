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

from collections.abc import Sequence

from rich._wrap import divide_line  # Rich's line breaking itself, so the breaks cannot drift
from rich.cells import cell_len, set_cell_size
from rich.console import RenderableType
from rich.text import Text

from medcli.render.cells import blanks_cropped, hanging, laid_out, wrapped
from medcli.render.lines import Hanging


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
            lines = wrapped(renderable.plain, width, _wide_lines)
        elif unicode_boxes:
            from medcli.render.plain_table import table_lines  # only views with a table

            lines = table_lines(renderable, width)
        else:
            return None
        if lines is None:
            return None
        out += lines
    return laid_out(out)


def _default_layout(text: Text) -> bool:
    return (
        text.justify is None and text.overflow is None and text.no_wrap is None and text.end == "\n"
    )  # a tab size matters only with tabs, which are left to Rich


def _hanging(item: Hanging, width: int) -> list[str] | None:
    """`Hanging.__rich_console__`: each wrapped line stripped, after the marker or its indent."""
    if cell_len(item.first) != len(item.first):
        return None  # a wide marker: left to Rich
    return hanging(item.first, item.rest, item.plain, width, _wide_lines)


def _wide_lines(line: str, width: int) -> list[str]:
    """A line holding a character wider than one cell, broken and cropped by Rich's measure."""
    if len(line) <= width and cell_len(line) <= width:
        return [line]
    offsets = divide_line(line, width, fold=True)
    pieces = []
    for start, end in zip([0, *offsets], [*offsets, len(line)], strict=True):
        piece = blanks_cropped(line[start:end], width)
        pieces.append(set_cell_size(piece, width) if cell_len(piece) > width else piece)
    return pieces
