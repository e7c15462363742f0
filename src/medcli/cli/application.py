"""The command line: global options, command registration and the one error boundary.

Commands live in `medcli.cli.commands`; each parses its arguments, calls one core
function and hands the result to a renderer. Every failure leaves through
`MedcliGroup.main`, which prints one `medcli: error:` line and exits with a named
code; a traceback is shown only with `--debug`.
"""

# No `from __future__ import annotations` here: `main_options`'s annotations are then
# objects already, and `global_options` reads them without evaluating strings.

import contextlib
import functools
import io
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any, NamedTuple, TextIO, get_args, get_origin

import typer
from typer.core import TyperGroup

from medcli.cli.commands import COMMAND_NAMES, COMMANDS
from medcli.cli.context import AppContext
from medcli.errors import ExitCode, MedcliError, OutputClosedError, Terminated
from medcli.fast import Recorder, asks_help
from medcli.library.environment import Environment
from medcli.render.encoding import make_output_streams_safe
from medcli.render.terminal import Terminal

QUICK_START = """\
medcli: an offline drug monograph reference.

  medcli show isatuximab           the whole monograph
  medcli dose --weight 70          a checkable weight-based dose plan
  medcli side-effects --serious    what to watch for

More: medcli --help, or medcli COMMAND --help.
"""


class MedcliGroup(TyperGroup):
    """Runs the app inside the error boundary, for the console script and test runners alike."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        given = kwargs.pop("args", None)
        if given is None and args:
            given, args = args[0], args[1:]
        argv = list(sys.argv[1:] if given is None else given)
        recorder = _recorder(argv)
        kwargs["obj"] = recorder
        kwargs["args"] = argv = hoist_global_options(argv)
        debug = "--debug" in argv
        if sys.stdout is None:  # started with stdout closed (`medcli ... >&-`)
            _error_line("standard output is closed; nothing can be shown")
            sys.exit(ExitCode.FAILED)
        make_output_streams_safe()
        with _signals_as_interrupts() as stopped_by, _help_kept(recorder, argv):
            code = self._outcome(debug, *args, **kwargs)
        if code == ExitCode.INTERRUPTED:
            code = _interrupted(stopped_by)
        elif code == ExitCode.OK and recorder is not None:
            recorder.keep()
        _flush_quietly()
        sys.exit(int(code or 0))

    def _outcome(self, debug: bool, *args: Any, **kwargs: Any) -> int:
        """The exit code of the command, every failure turned into its one error line."""
        try:
            code = super().main(*args, **kwargs)  # Typer turns Ctrl-C into exit code 130
        except OutputClosedError:
            _silence_stdout()
            code = ExitCode.OK
        except (KeyboardInterrupt, typer.Abort):
            code = ExitCode.INTERRUPTED
        except typer.Exit as done:
            code = done.exit_code
        except MedcliError as error:
            if debug:
                raise
            _error_line(error.message, error.hint)
            code = error.exit_code
        except typer.TyperException as error:  # usage errors from argument parsing
            if debug:
                raise
            _error_line(_usage_message(error), _usage_hint(error))
            code = error.exit_code
        except Exception as error:
            if debug:
                raise
            _error_line(
                f"internal error ({error.__class__.__name__}: {error})",
                "this is a bug in medcli; run again with --debug and report the traceback",
            )
            code = ExitCode.FAILED
        return int(code or 0)


@contextlib.contextmanager
def _signals_as_interrupts() -> Iterator[list[int]]:
    """SIGTERM and SIGHUP stop a command as Ctrl-C does, yielding the signals received.

    Killed outright, an import would leave its workers and its open batch behind;
    raised as an interrupt, the batch is rolled back, the pool stopped, and the run
    exits 128 + the signal's number. Handlers exist only in the main thread.
    """
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return

    def stop(number: int, frame: object) -> None:
        received.append(number)
        raise Terminated(number)

    numbers = [signal.SIGTERM, *([signal.SIGHUP] if hasattr(signal, "SIGHUP") else [])]
    previous = {number: signal.signal(number, stop) for number in numbers}
    try:
        yield received
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _interrupted(stopped_by: list[int]) -> int:
    """The line and exit code of a run stopped by Ctrl-C (130) or a signal (128 + it)."""
    if not stopped_by:
        _error_line("interrupted")
        return ExitCode.INTERRUPTED
    number = stopped_by[0]
    _error_line(f"stopped by {signal.Signals(number).name}")
    return 128 + number


@contextlib.contextmanager
def _help_kept(recorder: Recorder | None, argv: list[str]) -> Iterator[None]:
    """For `--help`, the text Click writes, captured and then written, for the fast path to
    keep (help has no sources but the code). Click takes its width from the real stdout."""
    if recorder is None or not asks_help(argv):
        yield
        return
    real = sys.stdout
    captured = _Capture(real)
    sys.stdout = captured
    try:
        yield
    finally:
        sys.stdout = real
        text = captured.text()
        try:
            real.write(text)
        except (BrokenPipeError, OSError, ValueError):  # `medcli --help | head -1`
            _silence_stdout()
        environment = Environment.from_variables()
        recorder.answer(str(environment.cache_dir), text, "", False, 0, [])


class _Capture(io.TextIOWrapper):
    """A text stream with *like*'s encoding and tty-ness, whose text is kept in memory."""

    def __init__(self, like: TextIO) -> None:
        super().__init__(io.BytesIO(), encoding=like.encoding, errors=like.errors, newline="")
        self._tty = like.isatty()

    def isatty(self) -> bool:
        return self._tty

    def text(self) -> str:
        self.flush()
        buffer = self.buffer
        assert isinstance(buffer, io.BytesIO)
        return buffer.getvalue().decode(self.encoding, self.errors or "strict")


def _recorder(argv: list[str]) -> Recorder | None:
    """The fast path's recorder for this command line, made before the streams are changed."""
    if sys.stdout is None:
        return None
    return Recorder.for_request(argv, sys.stdout)


class GlobalOptions(NamedTuple):
    flags: frozenset[str]  # options that stand alone: --no-color
    with_value: frozenset[str]  # options followed by a value: --width 60


@functools.cache
def global_options() -> GlobalOptions:
    """The global options, read from `main_options`'s own parameters, so they cannot drift."""
    from typer.models import OptionInfo

    flags: set[str] = set()
    with_value: set[str] = set()
    for hint in main_options.__annotations__.values():
        origin: object = get_origin(hint)
        if origin is not Annotated:
            continue
        base, *extras = get_args(hint)
        for extra in extras:
            if isinstance(extra, OptionInfo):
                # In `Annotated[..., typer.Option("--width")]` Typer keeps the first name
                # where the default would be, and treats it as a name.
                declared = [extra.default, *(extra.param_decls or ())]
                names = {name for name in declared if isinstance(name, str) and name[:1] == "-"}
                (flags if base is bool else with_value).update(names)
    return GlobalOptions(frozenset(flags), frozenset(with_value))


def hoist_global_options(argv: list[str]) -> list[str]:
    """Move global options typed after the command to the front.

    `medcli show isatuximab --no-color` then works like `medcli --no-color show
    isatuximab`; anything after `--` is left alone.
    """
    flags, with_value = global_options()
    front: list[str] = []
    rest: list[str] = []
    index = 0
    while index < len(argv):
        word = argv[index]
        name = word.split("=", 1)[0]
        if word == "--":
            rest += argv[index:]
            break
        if word in flags or (name in with_value and "=" in word):
            front.append(word)
        elif word in with_value and index + 1 < len(argv):
            front += argv[index : index + 2]
            index += 1
        else:
            rest.append(word)
        index += 1
    return front + rest


def _usage_message(error: typer.TyperException) -> str:
    return " ".join(error.format_message().split())


def _usage_hint(error: typer.TyperException) -> str:
    context = getattr(error, "ctx", None)
    command = context.command_path if context is not None else "medcli"
    return f"see: {command} --help"


def _error_line(message: str, hint: str | None = None) -> None:
    from medcli.sanitize import clean_text

    line = f"medcli: error: {clean_text(message)}"
    if hint:
        line += f" ({clean_text(hint)})"
    try:
        sys.stderr.write(line.replace("\n", " ") + "\n")
        sys.stderr.flush()
    except (OSError, ValueError, AttributeError):  # stderr closed too: nowhere left to say it
        pass


def _flush_quietly() -> None:
    try:
        sys.stdout.flush()
    except (BrokenPipeError, OSError, ValueError):
        _silence_stdout()


def _silence_stdout() -> None:
    """After a closed pipe, point stdout at /dev/null so the interpreter's last flush is quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def main_options(
    ctx: typer.Context,
    data_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--data-dir",
            help="Extra folder of monographs (repeatable); searched before the user library.",
            file_okay=False,
            exists=True,
        ),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="No colour or styles.")] = False,
    width: Annotated[
        int | None,
        typer.Option("--width", help="Output width in columns (20 to 1000).", min=20, max=1000),
    ] = None,
    no_pager: Annotated[
        bool, typer.Option("--no-pager", help="Never page long output on a terminal.")
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks, for bug reports.")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version, the bundled data version and library counts.",
        ),
    ] = False,
) -> None:
    """Offline drug monographs, dose plans and side effects in the terminal.

    Examples:

    \b
      medcli show isatuximab
      medcli dose --weight 70
      medcli side-effects --serious
    """
    terminal = Terminal(no_color=no_color, width=width, debug=debug, pager=not no_pager)
    environment = Environment.from_variables(data_dirs=data_dir or ())
    recorder = ctx.obj if isinstance(ctx.obj, Recorder) else None  # from `MedcliGroup.main`
    ctx.obj = AppContext(terminal=terminal, environment=environment, recorder=recorder)
    if version:
        from medcli.cli.about import version_report

        typer.echo(version_report(environment))
        raise typer.Exit(ExitCode.OK)
    if ctx.invoked_subcommand is None:
        typer.echo(QUICK_START, nl=False)


def build_app(only: str | None = None) -> typer.Typer:
    """The Typer app with every command, or only the command named *only*.

    Building all eight commands costs a few milliseconds of every start-up; a run
    that names its command needs just that one.
    """
    application = typer.Typer(
        cls=MedcliGroup,
        add_completion=True,
        no_args_is_help=False,
        invoke_without_command=True,
        rich_markup_mode=None,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    application.callback()(main_options)
    for command in COMMANDS:
        if only is None or command.name == only:
            application.command(command.name)(command.load())
    return application


def invoked_command(argv: list[str]) -> str | None:
    """The command a command line names, if its first word after the global options is one."""
    with_value = global_options().with_value
    words = iter(argv)
    for word in words:
        if word in with_value:
            next(words, None)
        elif not word.startswith("-"):
            return word if word in COMMAND_NAMES else None
    return None


@functools.cache
def full_app() -> typer.Typer:
    return build_app()


def main() -> None:
    """Console-script entry point."""
    completing = "_MEDCLI_COMPLETE" in os.environ
    application = full_app() if completing else build_app(invoked_command(sys.argv[1:]))
    application(prog_name="medcli")


__all__ = ["build_app", "full_app", "hoist_global_options", "invoked_command", "main"]
