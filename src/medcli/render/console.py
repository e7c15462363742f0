"""The Rich console medcli writes through."""

from __future__ import annotations

from rich.console import Console

from medcli.errors import OutputClosedError


class PipeAwareConsole(Console):
    """A console that lets a closed pipe (`| head`) reach medcli's error boundary.

    Rich's default answers a broken pipe with exit status 1; for medcli a reader
    that stopped reading is not a failure.
    """

    def on_broken_pipe(self) -> None:
        raise OutputClosedError
