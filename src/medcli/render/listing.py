"""`medcli list` as text or JSON, either of them written as the rows come."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypedDict

from rich.console import RenderableType
from rich.text import Text

from medcli.choices import ProductRole
from medcli.library.folders import CatalogItem
from medcli.render.common import bullet

if TYPE_CHECKING:
    from medcli.library.versions import LabelVersion, LabelVersions

BLOCK = 256  # lines per block of the streamed text view


class ListedMonograph(TypedDict):
    """One monograph of `list --json` (its JSON Schema is generated from this type)."""

    id: str
    name: str
    drug_class: str | None
    aliases: list[str]
    origin: str
    library: str
    has_regimen: bool
    path: str
    version: str | None  # an imported label's version; null for files
    effective_time: str | None  # an imported label's effective date, YYYY-MM-DD
    set_id: str | None  # an imported label's set id; null for files
    product: str | None  # the id of the label that answers for its product's names
    role: ProductRole | None  # what it is to that product


def listing_document(
    items: list[CatalogItem], versions: list[LabelVersion] | None = None
) -> dict[str, Any]:
    """`list --json`: the monographs; with `--versions`, the one label and its versions."""
    return {"versions": versions, "monographs": [listed(item) for item in items]}


def listing_json_stream(items: Iterable[CatalogItem]) -> Iterator[bytes]:
    """`listing_document` as `to_json` writes it, a monograph at a time."""
    from medcli.render.jsonout import to_json_stream

    return to_json_stream({"versions": None}, "monographs", (listed(item) for item in items))


def listed(item: CatalogItem) -> ListedMonograph:
    return {
        "id": item.id,
        "name": item.name,
        "drug_class": item.drug_class,
        "aliases": list(item.aliases),
        "origin": item.kind or item.entry.origin,
        "library": item.entry.origin,
        "has_regimen": item.has_regimen,
        "path": str(item.entry.path),
        "version": item.version,
        "effective_time": item.effective,
        "set_id": item.set_id,
        "product": item.product,
        "role": item.role,
    }


def listing_view(items: list[CatalogItem]) -> list[RenderableType]:
    """`listing_blocks` in one piece."""
    return [line for block in listing_blocks(items) for line in block]


def listing_blocks(
    items: Iterable[CatalogItem], offset: int = 0, limit: int | None = None
) -> Iterator[list[RenderableType]]:
    """One wrapped line per monograph, in blocks as the rows come, then the count.

    Not a table: measuring a Rich table of 6,400 rows takes seconds, and a line
    per drug reads as well at 40 columns as at 200. A page (*offset*, *limit*)
    says which monographs it holds and how to ask for the next.
    """
    block: list[RenderableType] = []
    count = 0
    for item in items:
        count += 1
        block.append(listing_line(item))
        if len(block) == BLOCK:
            yield block
            block = []
    footer = f"{count:,} monograph{'' if count == 1 else 's'}"
    if count and (offset or limit is not None):
        footer += f" ({offset + 1:,} to {offset + count:,})"
    if limit is not None and count == limit:
        footer += f"; the next page: --offset {offset + count} --limit {limit}"
    yield [*block, Text(footer)]


def listing_line(item: CatalogItem) -> RenderableType:
    parts: list[str | tuple[str, str]] = [(item.id, "bold")]
    if item.name.casefold() != item.id.casefold():
        parts.append(f" ({item.name})")
    if item.drug_class:
        parts.append(f" · {item.drug_class}")
    if item.aliases:
        parts.append(f" · also {', '.join(item.aliases)}")
    origin = f"{item.kind}, {item.entry.origin}" if item.kind else item.entry.origin
    details = origin + (", dose plan" if item.has_regimen else "")
    if item.entry.stored:  # a label's age is part of what it is: a missing date is said
        details += f", version {item.version or '?'}, effective {item.effective or 'unknown'}"
    if item.role is not None and item.role != "holder":  # not what the product's names give
        details += f", {item.role} label of {item.product}"
    parts.append((f" [{details}]", "dim"))
    return bullet(*parts)


def versions_document(found: LabelVersions) -> dict[str, Any]:
    return listing_document([found.item], found.versions)


def versions_view(found: LabelVersions) -> list[RenderableType]:
    """The label, then one line per version kept, newest first, with its effective date."""
    item = found.item
    lines: list[RenderableType] = [
        Text.assemble(("FDA label", "bold"), " · ", (item.name, "bold"), f" (id: {item.id})"),
        Text(f"Set id: {found.set_id}"),
    ]
    for version in found.versions:
        parts: list[str | tuple[str, str]] = [
            (f"version {version.version or '?'}", "bold"),
            f" · effective {version.effective_time or 'unknown'}",
        ]
        if version.imported:
            parts.append((f" · imported {version.imported}", "dim"))
        if version.newest:
            parts.append(" · newest: what show and every other command give")
        lines.append(bullet(*parts))
    count = len(found.versions)
    lines.append(Text(f"{count:,} version{'' if count == 1 else 's'} kept"))
    if count > 1:
        lines.append(Text(f"Compare two with: medcli diff {item.id} --from V --to V", style="dim"))
    return lines
