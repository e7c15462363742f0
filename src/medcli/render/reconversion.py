"""`medcli rebuild` as text or JSON: per label store, what was converted again, and what not."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from medcli.library.reconvert import StoreRebuilt

NAMED = 20  # ids listed in the text view; `--json` lists every one


def rebuild_document(results: list[StoreRebuilt]) -> dict[str, Any]:
    """`rebuild --json`: one entry per label store, every id named."""
    return {
        "stores": [
            {
                "store": str(result.store),
                "converted": result.converted,
                "changed": result.changed,
                "without_document": result.unconverted,
                "failed": [{"id": drug, "reason": reason} for drug, reason in result.failed],
            }
            for result in results
        ]
    }


def rebuild_view(results: list[StoreRebuilt]) -> list[RenderableType]:
    """A line per store, then the labels left as they were, and why."""
    if not results:
        return [Text("No imported labels to rebuild.")]
    lines: list[RenderableType] = []
    for result in results:
        lines.append(
            Text(
                f"{result.store}: {_count(result.converted, 'label version')} converted again"
                f" from their kept documents, {result.changed:,} changed"
            )
        )
        if result.unconverted:
            lines.append(
                Text(
                    f"  {_count(len(result.unconverted), 'label')} imported before medcli kept"
                    f" documents, left as imported; import again to refresh:"
                    f" {_named(result.unconverted)}",
                    style="yellow",
                )
            )
        if result.failed:
            lines.append(
                Text(
                    f"  {_count(len(result.failed), 'label version')} this medcli cannot"
                    " convert, left as imported:",
                    style="yellow",
                )
            )
            lines += [Text(f"    {drug}: {reason}") for drug, reason in result.failed[:NAMED]]
            if len(result.failed) > NAMED:
                lines.append(Text(f"    … and {len(result.failed) - NAMED:,} more (see --json)"))
    return lines


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _named(ids: list[str]) -> str:
    shown = ", ".join(ids[:NAMED])
    return shown + (f" … and {len(ids) - NAMED:,} more (see --json)" if len(ids) > NAMED else "")
