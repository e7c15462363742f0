"""Characters one cell wide: where a string's length is its width on a terminal.

Shared by the plain-text writers (`medcli.render.plain` for text, `plain_table` for
tables), which lay text out without Rich only when every character is one of these.
"""

from __future__ import annotations

from medcli.render.console import GLUE, glued

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


def plain_line(plain: str) -> str | None:
    """*plain* glued, when it is one line of one-cell characters (its length its width)."""
    line = glued(plain)
    return line if SINGLE_CELL.issuperset(line) else None
