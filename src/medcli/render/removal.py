"""`medcli remove` as text or JSON: which label went (or would go), its versions, from where."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from medcli.library.removal import Removal


def removal_document(removal: Removal) -> dict[str, Any]:
    """`remove --json`: the same keys whether it was done or only a dry run."""
    return {
        "removed": not removal.dry_run,
        "dry_run": removal.dry_run,
        "id": removal.id,
        "name": removal.name,
        "set_id": removal.set_id,
        "versions": removal.versions,
        "store": str(removal.store),
    }


def removal_view(removal: Removal) -> list[RenderableType]:
    """What was removed (or would be) and its versions, then the store it was in."""
    count = len(removal.versions)
    versions = ", ".join(version or "?" for version in removal.versions)
    done = "Would remove" if removal.dry_run else "Removed"
    line = Text.assemble(
        f"{done} ",
        (removal.id, "bold"),
        f" ({removal.name})" if removal.name.casefold() != removal.id.casefold() else "",
        f", set id {removal.set_id}" if removal.set_id else "",
        f": {count} version{'' if count == 1 else 's'} ({versions})",
    )
    lines: list[RenderableType] = [line, Text(f"from {removal.store}")]
    if removal.dry_run:
        lines.append(Text("Nothing was removed (--dry-run).", style="dim"))
    return lines
