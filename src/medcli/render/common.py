"""Building blocks shared by the text views: headings, prose, bullets, tables.

Every piece of data text is wrapped in `rich.text.Text`, so square brackets in a
monograph are printed as they are and never read as Rich markup.
"""

from __future__ import annotations

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from medcli.model import LABEL_KINDS, Monograph

SERIOUS_MARK = "SERIOUS"


def heading(title: str) -> Text:
    return Text.assemble("\n", (title, "bold underline"))


def subheading(title: str) -> Text:
    return Text(title, style="bold")


def prose(text: str) -> Text:
    return Text(text.strip())


def bullet(*parts: str | tuple[str, str] | Text, marker: str = "•") -> Table:
    """A list line whose wrapped lines stay indented under its first word."""
    grid = Table.grid()
    grid.add_column(width=len(marker) + 1, no_wrap=True)
    grid.add_column(overflow="fold")
    grid.add_row(marker, Text.assemble(*parts))
    return grid


def indented(renderable: RenderableType, level: int = 2) -> Padding:
    return Padding(renderable, (0, 0, 0, level), expand=False)


def simple_table(*columns: str) -> Table:
    """A borderless table that wraps rather than overflows at narrow widths."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def source_tag(monograph: Monograph, source_id: str | None) -> Text:
    """` [pi]`-style tag naming where a fact comes from; marks non-label sources."""
    if source_id is None:
        return Text()
    kind = next((s.kind for s in monograph.sources if s.id == source_id), None)
    note = "" if kind in LABEL_KINDS else ", not label text"
    return Text(f" [source: {source_id}{note}]", style="dim")


def stack(items: list[RenderableType]) -> Group:
    return Group(*items)
