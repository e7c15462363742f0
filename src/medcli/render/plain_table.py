"""A `simple_table` as plain text, laid out as Rich lays it out when every cell fits.

Rich measures and renders every cell of a table through its segment machinery:
the dose plan's dozen tables were about a fifth of a first plan's instructions.
When colour is off, every cell is one line of one-cell characters and the
table's natural width fits, Rich's layout is simple: each column as wide as its
widest cell plus one blank on each inner side, each cell to its column's left or
right, columns joined by a blank, a rule of `─` under the header. That case is
written here; anything else (a cell that would wrap, a tab, a wide character, an
ASCII-only stream, a table set up any other way) gets `None`, and the caller
prints it through Rich. `tests/test_plain.py` compares the two.
"""

from __future__ import annotations

from rich import box
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from medcli.render.cells import plain_line
from medcli.render.common import NumberTable


def table_lines(renderable: object, width: int) -> list[str] | None:
    """The lines of a `simple_table` (maybe `indented`) at *width* columns, or None."""
    margin = 0
    if isinstance(renderable, Padding) and _left_only(renderable):
        margin, renderable = renderable.left, renderable.renderable
    if type(renderable) is not NumberTable or not _simple(renderable):
        return None
    columns = [[_cell_text(column.header), *map(_cell_text, column.cells)]
               for column in renderable.columns]  # fmt: skip
    if any(cell is None for column in columns for cell in column):
        return None
    texts: list[list[str]] = columns  # type: ignore[assignment]  # no None, checked above
    last = len(texts) - 1
    widths = [max(map(len, column)) for column in texts]
    padded = [content + (index > 0) + (index < last) for index, content in enumerate(widths)]
    if min(padded) == 0 or sum(padded) + last > width - margin:
        return None  # an empty column (Rich makes it one wide) or a table Rich would narrow
    right = [column.justify == "right" for column in renderable.columns]
    rows = [
        " ".join(
            " " * (index > 0)
            + (cell.rstrip().rjust if right[index] else cell.ljust)(widths[index])
            + " " * (index < last)
            for index, cell in enumerate(row)
        )
        for row in zip(*texts, strict=True)
    ]
    indent = " " * margin
    rule = "─" * (sum(padded) + last)
    return [indent + line for line in (rows[0], rule, *rows[1:])]


def _left_only(padding: Padding) -> bool:
    return not (padding.top or padding.right or padding.bottom or padding.expand)


def _simple(table: Table) -> bool:
    """Whether *table* is set up as `simple_table` sets it up, with nothing Rich would add."""
    return (
        table.box is box.SIMPLE_HEAD
        and bool(table.columns)
        and table.show_header
        and not (table.show_edge or table.pad_edge or table.expand or table.show_footer)
        and not (table.show_lines or table.leading or table.collapse_padding)
        and table.padding == (0, 1, 0, 1)
        and table.width is None
        and table.min_width is None
        and table.title is None
        and table.caption is None
        and not any(row.end_section for row in table.rows)
        and all(
            column.justify in ("left", "right")  # Rich strips a right-justified cell's end
            and column.overflow == "fold"
            and not column.no_wrap
            and column.width is None
            and column.max_width is None
            and column.ratio is None
            for column in table.columns
        )
    )


def _cell_text(cell: object) -> str | None:
    """A cell's one line of one-cell characters, or None for anything else."""
    if isinstance(cell, str):
        plain = cell
    elif type(cell) is Text and cell.justify is None and cell.overflow is None:
        plain = cell.plain
    else:
        return None
    return plain_line(plain)
