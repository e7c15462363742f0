"""Domain exceptions and exit codes shared by the core and the CLI boundary.

The core raises these; only `cli.py` turns them into messages and exit codes, so
every command fails the same way.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # not found, invalid data, nothing could be done
    USAGE = 2  # bad arguments
    INTERRUPTED = 130  # Ctrl-C


class MedcliError(Exception):
    """An error a user can act on: a one-line message plus an optional hint."""

    exit_code: ExitCode = ExitCode.FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


class NotFoundError(MedcliError):
    exit_code = ExitCode.FAILED


class UsageError(MedcliError):
    exit_code = ExitCode.USAGE


class DataError(MedcliError):
    """A monograph file that cannot be read, parsed or validated."""

    exit_code = ExitCode.FAILED

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__(problems[0] if problems else f"{path}: invalid")
        self.path = path
        self.problems = problems


class OutputClosedError(Exception):
    """The reader of stdout went away (`| head`): not a failure, nothing more to say.

    Distinct from BrokenPipeError so that no layer in between (Typer exits 1 on
    EPIPE) mistakes it for an error.
    """
