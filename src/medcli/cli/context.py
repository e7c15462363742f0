"""What every command receives: the terminal and the environment it was started in.

Both are built once, by the global options, from the command line and the
process's environment variables; nothing below the shell reads either again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from medcli.library.environment import Environment
from medcli.render.terminal import Terminal

if TYPE_CHECKING:
    from medcli.fast import Recorder
    from medcli.library.answer_sources import AnswerSources
    from medcli.library.merged import Library


class AppContext:
    """A plain class, not a dataclass, for the same reason as `Terminal`: cheaper to define."""

    def __init__(
        self, terminal: Terminal, environment: Environment, recorder: Recorder | None = None
    ) -> None:
        self.terminal = terminal
        self.environment = environment
        self.recorder = recorder  # keeps the answer for the fast path (`medcli.fast`)
        self._library: Library | None = None

    @property
    def library(self) -> Library:
        """The merged library, opened on first use; its warnings go to stderr."""
        if self._library is None:
            from medcli.library.merged import Library
            from medcli.render.rebuild_progress import rebuild_line

            self._library = Library(
                self.environment,
                warn=self.terminal.warn,
                rebuild_progress=rebuild_line(self.terminal.err),
            )
        return self._library

    def keep_answer(self, sources: AnswerSources) -> None:
        """Hand the view just written, its warnings and the files it depends on, to the fast
        path's recorder."""
        written = self.terminal.written_view
        if self.recorder is None or written is None:
            return
        text, pages, height = written
        self.recorder.answer(
            str(self.environment.cache_dir),
            text,
            "".join(self.terminal.written_warnings),
            pages,
            height,
            [str(path) for path in sources.files],
            [str(path) for path in sources.folders],
        )


def app_context(ctx: typer.Context) -> AppContext:
    """The `AppContext` set up by the global options (a fresh one if a command runs alone)."""
    root = ctx.find_root()
    if not isinstance(root.obj, AppContext):
        root.obj = AppContext(terminal=Terminal(), environment=environment_of(ctx))
    return root.obj


def environment_of(ctx: typer.Context) -> Environment:
    """The environment a command line names, also where the global options have not run.

    Shell completion parses the command line without running the global options'
    callback; the `--data-dir` folders it parsed are still on the root context.
    """
    root = ctx.find_root()
    if isinstance(root.obj, AppContext):
        return root.obj.environment
    # Raw strings here: Typer makes them Paths only when it calls the callback.
    data_dirs = [Path(folder) for folder in root.params.get("data_dir") or ()]
    return Environment.from_variables(data_dirs=data_dirs)
