"""One progress line on stderr while a label store's derived tables are rebuilt after an upgrade.

The rebuild happens inside whichever command first opens the store; a person at a
terminal who waits more than a second is told why, on one line rewritten in place
and cleared at the end, so the command's own output follows as usual. A pipe or a
quick rebuild gets nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console

QUIET_SECONDS = 1.0  # a rebuild shorter than this shows nothing


def rebuild_line(
    console: Console,
    clock: Callable[[], float] = time.monotonic,
    doing: str = "updating the label store for this version",
) -> Callable[[int, int], None]:
    """The `(labels rebuilt, labels in all)` callback writing the line on *console*: what
    is being *doing*, and how far."""
    started = clock()
    shown = False

    def show(done: int, total: int) -> None:
        nonlocal shown
        if not console.is_terminal or console.is_dumb_terminal:
            return
        if done >= total:
            if shown:
                console.file.write("\r\x1b[2K")
                console.file.flush()
            return
        if clock() - started < QUIET_SECONDS:
            return
        shown = True
        console.file.write(f"\rmedcli: {doing}: {done:,} of {total:,} labels")
        console.file.flush()

    return show
