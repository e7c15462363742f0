"""What every command receives: the terminal and the library it was asked to use."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from medcli.render.terminal import Terminal

if TYPE_CHECKING:
    from medcli.library.merged import Library


@dataclass
class AppContext:
    terminal: Terminal
    data_dirs: tuple[Path, ...] = ()
    _library: Library | None = field(default=None, init=False, repr=False)

    @property
    def library(self) -> Library:
        """The merged library, opened on first use; its warnings go to stderr."""
        if self._library is None:
            from medcli.library.merged import Library

            self._library = Library.open(self.data_dirs, warn=self.terminal.warn)
        return self._library


def app_context(ctx: typer.Context) -> AppContext:
    """The `AppContext` set up by the global options (a fresh one if a command runs alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext(terminal=Terminal())
    return root.obj
