"""The Rich console medcli writes through, and the stream under it."""

from __future__ import annotations

import re
from typing import Any, TextIO

from rich.console import Console

from medcli.errors import OutputClosedError

# Blanks before a line end, keeping any style codes that close the line.
_BLANKS_AT_LINE_END = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)(?=\n)")


def trim_line_ends(text: str) -> str:
    """*text* without the blanks Rich leaves at line ends (wrap points, padded table cells).

    In a file, a pipe or a diff they are noise, and a terminal shows nothing of them.
    """
    return _BLANKS_AT_LINE_END.sub(r"\1", text)


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
