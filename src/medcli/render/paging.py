"""Paging of views taller than the screen through `$PAGER`, else `less -R`."""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console, RenderableType


def print_paged(console: Console, renderables: list[RenderableType]) -> None:
    """Render once; pipe through the pager only when it would not fit on the screen."""
    from rich.console import Group

    from medcli.render.cells import trim_line_ends

    with console.capture() as capture:
        console.print(Group(*renderables))
    page_text(console, trim_line_ends(capture.get()))


def page_text(console: Console, text: str) -> None:
    """Laid-out *text*, through the pager when it would not fit on the screen."""
    if text.count("\n") < console.size.height or not run_pager(text):
        console.file.write(text)
        console.file.flush()


def run_pager(text: str) -> bool:
    """Show *text* in the user's pager; False when no pager could be started."""
    command = shlex.split(os.environ.get("PAGER") or "less -R")
    if not command:
        return False
    environment = {**os.environ, "LESS": os.environ.get("LESS", "-R")}
    try:
        process = subprocess.Popen(command, stdin=subprocess.PIPE, env=environment)
    except OSError:
        return False
    assert process.stdin is not None
    try:
        process.stdin.write(text.encode("utf-8", "replace"))
        process.stdin.close()
    except (BrokenPipeError, KeyboardInterrupt):
        pass
    while True:
        try:
            process.wait()
            return True
        except KeyboardInterrupt:  # the pager handles Ctrl-C itself; wait for it to quit
            continue
