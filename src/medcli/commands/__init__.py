"""The commands, one module each; `COMMANDS` is what `cli.py` registers, in help order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from medcli.commands import (
    dose_cmd,
    import_cmd,
    list_cmd,
    schema_cmd,
    search_cmd,
    show_cmd,
    side_effects_cmd,
    validate_cmd,
)


@dataclass(frozen=True)
class Command:
    name: str
    function: Callable[..., Any]
    help: str | None = None  # None: the function's docstring


COMMANDS: list[Command] = [
    Command("show", show_cmd.show),
    Command("dose", dose_cmd.dose),
    Command("side-effects", side_effects_cmd.side_effects),
    Command("list", list_cmd.list_monographs),
    Command("search", search_cmd.search),
    Command("import", import_cmd.import_pages),
    Command("validate", validate_cmd.validate),
    Command("schema", schema_cmd.schema),
]
