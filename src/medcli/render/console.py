"""The Rich console medcli writes through, and the stream under it."""

from __future__ import annotations

import functools
import sys
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

from rich.console import Console, Group, RenderableType
from rich.segment import Segment

from medcli.errors import OutputClosedError
from medcli.render.cells import GLUE, glued, trim_line_ends
from medcli.sanitize import clean_text

if TYPE_CHECKING:
    from rich.table import Table


class TrimmedStream:
    """A text stream that writes `trim_line_ends` of what it is given; the rest is the stream's.

    Rich writes a whole print at once, so no line end is ever split from its blanks.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(trim_line_ends(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


class PipeAwareConsole(Console):
    """A console that lets a closed pipe (`| head`) reach medcli's error boundary.

    Rich's default answers a broken pipe with exit status 1; for medcli a reader
    that stopped reading is not a failure.
    """

    def on_broken_pipe(self) -> None:
        raise OutputClosedError

    def _render_buffer(self, buffer: Iterable[Segment]) -> str:
        # Rich's one place where segments become text, for a file and a capture alike: the
        # text gate's last stand for every view. A segment of Rich's own control codes
        # (styles, cursor moves) is Rich's; the text of any other is data.
        cleaned = (
            segment
            if segment.control or (text := clean_text(segment.text)) is segment.text
            else Segment(text, segment.style)
            for segment in buffer
        )
        rendered: str = super()._render_buffer(cleaned)
        return rendered.replace(GLUE, " ")


def console_signature(console: Console) -> str:
    """What a view's layout depends on besides its content: this console and the installed Rich."""
    return (
        f"{console.width}:{console.color_system}:{console.encoding}:{console.legacy_windows}:"
        f"{console.is_terminal}:{console.no_color}:{_rich_stamp():08x}"
    )


@functools.cache
def _rich_stamp() -> int:
    """The installed Rich, by the size and time of the modules that lay text out.

    An upgrade rewrites them; stat-ing four files costs microseconds where
    reading Rich's version from its metadata costs 70 ms.
    """
    import rich

    checksum = 0
    folder = Path(rich.__file__).parent
    for name in ("console.py", "text.py", "_wrap.py", "table.py"):
        try:
            found = (folder / name).stat()
            checksum = zlib.crc32(f"{name}:{found.st_size}:{found.st_mtime_ns}".encode(), checksum)
        except OSError:
            checksum = zlib.crc32(name.encode(), checksum)
    return checksum


def glue_units(renderable: RenderableType) -> None:
    """Join each number to its unit in *renderable*, in place, so no wrap can split them."""
    # Imported here: the console is made for every command, these only for views. A table
    # exists only where its module was loaded, so a view without one never loads it.
    from rich.padding import Padding
    from rich.text import Text

    from medcli.render.lines import Hanging

    table_module = sys.modules.get("rich.table")
    if isinstance(renderable, Text):
        renderable.plain = glued(renderable.plain)
    elif isinstance(renderable, Hanging):
        glue_units(renderable.text)
    elif isinstance(renderable, Padding):
        glue_units(renderable.renderable)
    elif isinstance(renderable, Group):
        for part in renderable.renderables:
            glue_units(part)
    elif table_module is not None and isinstance(renderable, table_module.Table):
        for column in cast("Table", renderable).columns:
            cells = column._cells  # Rich keeps a column's cells here; there is no public setter
            for index, cell in enumerate(cells):
                if isinstance(cell, str):
                    cells[index] = glued(cell)
                else:
                    glue_units(cell)
