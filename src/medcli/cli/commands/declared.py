"""Typer options generated from the declared inputs (`medcli.actions.inputs`).

A command written as `def dose(ctx, drug, *, ics, as_json, inputs)` and wrapped
by `with_inputs(DOSE_INPUTS)` offers one option per declared input; Typer sees
them in the wrapper's signature and the command receives them as plain values
(choices as text, a repeatable option as a list) in `inputs`.
"""

from __future__ import annotations

import functools
import inspect
import keyword
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from typing import Annotated, Any, TypeVar, cast, get_type_hints

import typer

from medcli.actions.inputs import Input

Command = TypeVar("Command", bound=Callable[..., None])
Completion = Callable[[typer.Context, str], list[str]]
_CHOICE_TYPES: dict[tuple[str, tuple[str, ...]], type[Enum]] = {}


def with_inputs(
    inputs: Sequence[Input],
    *,
    before: Mapping[str, str] | None = None,
    completions: Mapping[str, Completion] | None = None,
    optional: bool = False,
) -> Callable[[Command], Command]:
    """Give the command one option per input, after its positional parameters.

    The command's own keyword-only options go last, or, named in *before*, just
    before the input named there, so `--help` lists them where they belong.
    *completions* completes an input's values in the shell (regimen ids). With
    *optional*, no option is required: the command checks what it needs (`check`
    takes one order's options, or a file of orders instead).
    """
    placed = dict(before or {})
    completed = dict(completions or {})

    def wrap(command: Command) -> Command:
        hints = get_type_hints(command, include_extras=True)
        own = [
            parameter.replace(annotation=hints[parameter.name])
            for parameter in inspect.signature(command).parameters.values()
            if parameter.name != "inputs"
        ]
        leading = [p for p in own if p.kind is not inspect.Parameter.KEYWORD_ONLY]
        trailing = [p for p in own if p.kind is inspect.Parameter.KEYWORD_ONLY]
        generated: list[inspect.Parameter] = []
        for spec in inputs:
            generated += [p for p in trailing if placed.get(p.name) == spec.name]
            generated.append(_option(spec, completed.get(spec.name), optional))
        generated += [p for p in trailing if p.name not in placed]
        parameters = [*leading, *generated]  # the generated ones are all keyword-only
        names = {spec.name for spec in inputs}

        @functools.wraps(command)
        def run(*args: Any, **given: Any) -> None:
            values = {name: _plain(given.pop(name)) for name in names}
            command(*args, inputs=values, **given)

        signature = inspect.Signature(parameters, return_annotation=None)
        run.__signature__ = signature  # type: ignore[attr-defined]  # what Typer reads
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run  # type: ignore[return-value]

    return wrap


def _option(spec: Input, completion: Completion | None, optional: bool) -> inspect.Parameter:
    """The Typer option of one input, with its default."""
    required = spec.required and not optional
    names = (spec.flag, spec.short) if spec.short else (spec.flag,)
    shown = spec.kind in ("choice", "flag") and spec.default is not None
    extra: dict[str, Any] = {"case_sensitive": spec.case_sensitive} if spec.choices else {}
    if completion is not None:
        extra["autocompletion"] = completion
    option = typer.Option(*names, metavar=spec.metavar, help=spec.help, show_default=shown, **extra)
    kind: Any = _value_type(spec)
    default: Any = spec.default
    if spec.kind == "choice":
        default = None if spec.default is None else kind(spec.default)
    if not required and spec.kind != "flag" and spec.default is None:
        kind = kind | None
    return inspect.Parameter(
        spec.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[kind, option],
        default=inspect.Parameter.empty if required else default,
    )


def _value_type(spec: Input) -> Any:
    if spec.kind == "choice":
        return choice_type(spec.name, spec.choices)
    return {"count": int, "flag": bool, "texts": list[str]}.get(spec.kind, str)


def choice_type(name: str, choices: tuple[str, ...]) -> type[Enum]:
    """A str Enum of *choices* for Typer (which lists and checks them), made once per name."""
    key = (name, choices)
    if key not in _CHOICE_TYPES:
        members = [(_member(choice), choice) for choice in choices]
        title = "".join(part.title() for part in name.split("_"))
        _CHOICE_TYPES[key] = cast("type[Enum]", Enum(title, members, type=str))
    return _CHOICE_TYPES[key]


def _member(choice: str) -> str:
    member = choice.replace("-", "_")
    return member + "_" if keyword.iskeyword(member) else member


def _plain(value: Any) -> Any:
    """A value as the core takes it: an Enum member's text."""
    return value.value if isinstance(value, Enum) else value
