"""`medcli list` as a table or as JSON."""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.text import Text

from medcli.library import CatalogItem
from medcli.render.common import simple_table


def listing_document(items: list[CatalogItem]) -> dict[str, Any]:
    return {
        "monographs": [
            {
                "id": item.id,
                "name": item.name,
                "drug_class": item.drug_class,
                "aliases": list(item.aliases),
                "origin": item.entry.origin,
                "has_regimen": item.has_regimen,
                "path": str(item.entry.path),
            }
            for item in items
        ]
    }


def listing_view(items: list[CatalogItem]) -> list[RenderableType]:
    table = simple_table("Id", "Name", "Class", "Aliases", "From", "Dose plan")
    for item in items:
        table.add_row(
            Text(item.id),
            Text(item.name),
            Text(item.drug_class or ""),
            Text(", ".join(item.aliases)),
            Text(item.entry.origin),
            Text("yes" if item.has_regimen else "no"),
        )
    return [table, Text(f"{len(items)} monograph{'' if len(items) == 1 else 's'}")]
