"""MCP tool parameters generated from the declared inputs (`medcli.actions.inputs`).

The counterpart of `medcli.cli.commands.declared`: a tool written as
`def dose_plan(drug, offset, max_chars, *, inputs)` and wrapped by
`with_inputs(DOSE_INPUTS)` takes one parameter per declared input, with the
command's help as its description and its choices as the schema's enum. The
tool receives the values as the command line would give them: numbers as text,
for the core to parse with its own words.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Sequence
from typing import Annotated, Any, TypeVar, get_type_hints

from pydantic import Field, StrictFloat, StrictInt, StrictStr

from medcli.actions.inputs import Input

Tool = TypeVar("Tool", bound=Callable[..., Any])
# As typed on the command line, and parsed exactly by medcli; strict, so that `true` is
# not read as a weight of 1 kg.
Number = StrictInt | StrictFloat | StrictStr
_FLAG = re.compile(r"--([a-z][a-z-]*)")


def choices(values: Sequence[str], description: str) -> Any:
    """A string the schema lists the choices of; medcli's own parsing checks it, with its words."""
    return Field(description=description, json_schema_extra={"enum": list(values)})


def with_inputs(inputs: Sequence[Input]) -> Callable[[Tool], Tool]:
    """Give the tool one keyword parameter per input, before its own keyword-only ones."""

    def wrap(tool: Tool) -> Tool:
        hints = get_type_hints(tool, include_extras=True)
        own = [
            parameter.replace(annotation=hints[parameter.name], kind=inspect.Parameter.KEYWORD_ONLY)
            for parameter in inspect.signature(tool).parameters.values()
            if parameter.name != "inputs"
        ]
        parameters = [_parameter(spec) for spec in inputs] + own

        @functools.wraps(tool)
        def run(**given: Any) -> Any:
            values = {spec.name: _as_typed(spec, given.pop(spec.name, None)) for spec in inputs}
            return tool(inputs=values, **given)

        signature = inspect.Signature(parameters, return_annotation=hints.get("return"))
        run.__signature__ = signature  # type: ignore[attr-defined]  # what the SDK reads
        run.__annotations__ = {p.name: p.annotation for p in parameters}
        return run  # type: ignore[return-value]

    return wrap


def description(spec: Input) -> str:
    """The command's help, naming options as the tool's parameters (`--bsa-cap`: `bsa_cap`)."""
    return _FLAG.sub(lambda flag: flag.group(1).replace("-", "_"), spec.help)


def _parameter(spec: Input) -> inspect.Parameter:
    meta = (
        choices(spec.choices, description(spec))
        if spec.choices
        else Field(description=description(spec))
    )
    kind: Any = {"number": Number, "count": StrictInt, "flag": bool, "texts": list[str]}.get(
        spec.kind, str
    )
    if not spec.required and spec.default is None:
        kind = kind | None
    return inspect.Parameter(
        spec.name,
        inspect.Parameter.KEYWORD_ONLY,
        annotation=Annotated[kind, meta],
        default=inspect.Parameter.empty if spec.required else spec.default,
    )


def _as_typed(spec: Input, value: Any) -> Any:
    """A number as the command line would give it, as text; other values as they are."""
    return str(value) if spec.kind == "number" and value is not None else value
