"""Domain exceptions and exit codes shared by the core and the CLI boundary.

The core raises these; only `cli.py` turns them into messages and exit codes, so
every command fails the same way.
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    OK = 0
    FAILED = 1  # not found, invalid data, nothing could be done
    USAGE = 2  # bad arguments
    INTERRUPTED = 130  # Ctrl-C; SIGTERM and SIGHUP exit 128 + their number (143, 129)


def _restored(kind: type[BaseException], args: tuple[object, ...], state: dict[str, object]) -> Any:
    error = kind.__new__(kind, *args)
    error.args = args
    error.__dict__.update(state)
    return error


class PicklableError(Exception):
    """An exception that survives pickling whatever its `__init__` takes.

    Pickle rebuilds an exception as `type(*args)`; one whose `__init__` takes other
    arguments than it passes on (`code, detail` → one message) cannot be rebuilt, and
    in a process pool that breaks the pool instead of reporting one document. These are
    rebuilt from their attributes, without calling `__init__`.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_restored, (self.__class__, self.args, dict(self.__dict__)))


class MedcliError(PicklableError):
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


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP: stopped like Ctrl-C (open work rolled back), exit 128 + signal.

    A KeyboardInterrupt, so every `finally` and rollback that Ctrl-C runs runs too,
    and no `except Exception` swallows it.
    """

    def __init__(self, signal_number: int) -> None:
        super().__init__(signal_number)
        self.signal_number = signal_number
