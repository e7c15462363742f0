"""Building blocks shared by the text views: headings, prose, bullets, tables.

Every piece of data text is wrapped in `rich.text.Text`, so square brackets in a
monograph are printed as they are and never read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from medcli.model import LABEL_KINDS, Monograph, SideEffect
from medcli.numbers import format_number

SERIOUS_MARK = "SERIOUS"


def heading(title: str) -> Text:
    return Text.assemble("\n", (title, "bold underline"))


def subheading(title: str) -> Text:
    return Text(title, style="bold")


def prose(text: str) -> Text:
    return Text(text.strip())


class Hanging:
    """A list item whose wrapped lines stay indented under its first word.

    Cheaper than a grid table, which matters: a monograph has hundreds of items.
    """

    def __init__(self, text: Text, marker: str, margin: int = 0) -> None:
        self.text = text
        self.first = " " * margin + marker + " "
        self.rest = " " * len(self.first)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - len(self.first), 1)
        lines = self.text.wrap(console, width, overflow="fold")
        new_line = Segment.line()
        for number, line in enumerate(lines):
            line.rstrip()
            yield Segment(self.first if number == 0 else self.rest)
            yield from line.render(console)
            yield new_line


def bullet(*parts: str | tuple[str, str] | Text, marker: str = "•", margin: int = 0) -> Hanging:
    """A `•` list line, *margin* columns in; wrapped lines are indented under the first."""
    return Hanging(Text.assemble(*parts), marker, margin)


def side_effect_line(effect: SideEffect) -> Hanging:
    """One side effect; `SERIOUS` is a word, so it survives NO_COLOR and pipes."""
    parts: list[str | tuple[str, str] | Text] = [effect.name]
    if effect.description:
        parts.append(f" ({effect.description})")
    if effect.frequency_note:
        parts.append((f" [source says: {effect.frequency_note}]", "dim"))
    if effect.serious:
        parts.append((f" {SERIOUS_MARK}", "bold red"))
    if effect.section and effect.serious:
        parts.append((f" (from {effect.section})", "dim"))
    if effect.context:
        parts.append((f"\n{effect.context}", "dim"))
    return bullet(*parts)


class DoseOption(Protocol):
    """What a premedication dose option shows: the monograph's and the dose plan's alike."""

    @property
    def amount(self) -> Decimal: ...
    @property
    def amount_max(self) -> Decimal | None: ...
    @property
    def unit(self) -> str: ...
    @property
    def route(self) -> str | None: ...
    @property
    def age_min(self) -> int | None: ...
    @property
    def age_below(self) -> int | None: ...
    @property
    def note(self) -> str | None: ...


def dose_option_text(option: DoseOption, regimens: Sequence[str] = ()) -> str:
    """`20 mg orally or IV (with isa-pd; aged 75 or over); note`, numbers written the ISMP way."""
    amount = format_number(option.amount)
    if option.amount_max is not None:
        amount += f" to {format_number(option.amount_max)}"
    conditions = [f"with {', '.join(regimens)}"] if regimens else []
    if option.age_min is not None:
        conditions.append(f"aged {option.age_min} or over")
    if option.age_below is not None:
        conditions.append(f"aged under {option.age_below}")
    text = f"{amount} {option.unit}"
    if option.route:
        text += f" {option.route}"
    if conditions:
        text += f" ({'; '.join(conditions)})"
    if option.note:
        text += f"; {option.note}"
    return text


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
