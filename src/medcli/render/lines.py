"""The smallest pieces of a text view: headings and hanging list items.

Kept apart from `render/common.py` (tables, numbers, side effects) so a view made
only of these, such as `medcli interactions`, imports nothing else: those imports
were about 6 ms of a command whose goal is under 2× the start-up floor.
"""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, RenderResult
from rich.control import strip_control_codes
from rich.segment import Segment
from rich.text import Text


def heading(title: str) -> Text:
    return Text.assemble("\n", (title, "bold underline"))


def subheading(title: str) -> Text:
    return Text(title, style="bold")


Part = str | tuple[str, str] | Text  # what `Text.assemble` takes: text, (text, style), Text


class Hanging:
    """A list item whose wrapped lines stay indented under its first word.

    Cheaper than a grid table, which matters: a monograph has hundreds of items.
    It keeps its parts and makes the Rich `Text` only when Rich renders it, so
    the plain-text writer (`medcli.render.plain`) never pays for one.
    """

    def __init__(self, text: Text | tuple[Part, ...], marker: str, margin: int = 0) -> None:
        self._text = text
        self.first = " " * margin + marker + " "
        self.rest = " " * len(self.first)

    @property
    def text(self) -> Text:
        if not isinstance(self._text, Text):
            self._text = Text.assemble(*self._text)
        return self._text

    @property
    def plain(self) -> str:
        """The item's text, as `text.plain` would be, without making the `Text`."""
        if isinstance(self._text, Text):
            return self._text.plain
        plain = "".join(
            part if isinstance(part, str) else part.plain if isinstance(part, Text) else part[0]
            for part in self._text
        )
        # Printable text holds none of the codes Rich strips (and the test is quick).
        return plain if plain.isprintable() else strip_control_codes(plain)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - len(self.first), 1)
        lines = self.text.wrap(console, width, overflow="fold")
        new_line = Segment.line()
        for number, line in enumerate(lines):
            line.rstrip()
            yield Segment(self.first if number == 0 else self.rest)
            yield from line.render(console)
            yield new_line


def bullet(*parts: Part, marker: str = "•", margin: int = 0) -> Hanging:
    """A `•` list line, *margin* columns in; wrapped lines are indented under the first."""
    return Hanging(parts, marker, margin)
