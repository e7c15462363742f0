"""The shell: the entry point, global options, commands, completion and `--version`.

Everything here parses arguments, asks the library or the domain for one answer
and hands it to `medcli.render`; nothing here computes.
"""

from __future__ import annotations

from typing import Any

from medcli.cli.application import build_app, hoist_global_options, invoked_command, main


def __getattr__(name: str) -> Any:
    """`medcli.cli.app`: the whole app, built on first use (tests, completion scripts)."""
    if name == "app":
        from medcli.cli.application import full_app

        return full_app()
    raise AttributeError(name)


__all__ = ["build_app", "hoist_global_options", "invoked_command", "main"]
