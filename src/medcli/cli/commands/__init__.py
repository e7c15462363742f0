"""The commands, one module each; `COMMANDS` is what `cli.py` registers, in help order.

Modules are named, not imported: a run of `medcli show` imports and builds only
the `show` command (see `cli.build_app`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Command:
    name: str
    module: str  # in medcli.cli.commands
    function: str

    def load(self) -> Callable[..., Any]:
        module = importlib.import_module(f"medcli.cli.commands.{self.module}")
        function: Callable[..., Any] = getattr(module, self.function)
        return function


COMMANDS: list[Command] = [
    Command("show", "show_cmd", "show"),
    Command("dose", "dose_cmd", "dose"),
    Command("check", "check_cmd", "check"),
    Command("side-effects", "side_effects_cmd", "side_effects"),
    Command("interactions", "interactions_cmd", "interactions"),
    Command("list", "list_cmd", "list_monographs"),
    Command("search", "search_cmd", "search"),
    Command("diff", "diff_cmd", "diff"),
    Command("changes", "changes_cmd", "changes"),
    Command("import", "import_cmd", "import_pages"),
    Command("update", "update_cmd", "update"),
    Command("remove", "remove_cmd", "remove"),
    Command("rebuild", "rebuild_cmd", "rebuild"),
    Command("validate", "validate_cmd", "validate"),
    Command("schema", "schema_cmd", "schema"),
    Command("mcp", "mcp_cmd", "mcp"),
]
COMMAND_NAMES = frozenset(command.name for command in COMMANDS)
