"""Where imported labels are kept: one small interface between the import and the store.

The import asks a store what it holds under an id (which label, which version)
and hands it rows to keep, made by the worker that converted the label; it never
touches files itself. The store decides where a version goes: the newest version
of a label is the one the library shows, every older one is kept beside it
(`medcli.library.stored.SqliteStore`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from medcli.library.label_rows import LabelRows
    from medcli.library.products import Identity


@dataclass(frozen=True)
class Held:
    """What a store holds under an id: a label (its set id and version) or another monograph."""

    set_id: str | None
    version: str | None
    version_id: str | None
    date: str | None
    data: bytes


class LabelStore(Protocol):
    def held(self, drug_id: str) -> Held | None:
        """The newest version kept under *drug_id*, or None when the id is free."""
        ...

    def held_version(self, drug_id: str, version: str | None) -> Held | None:
        """Version *version* of the label under *drug_id*, or None when it is not kept."""
        ...

    def identity(self, drug_id: str) -> Identity | None:
        """What decides the product of the label under *drug_id*, or None when none is."""
        ...

    def refile(self, drug_id: str, new_id: str) -> None:
        """Move the label under *drug_id* (every version) to the free id *new_id*."""
        ...

    def put_rows(self, rows: LabelRows) -> None:
        """Keep a monograph, made into its rows, under `rows.id`: as its newest version,
        replacing the same version, or beside a newer one."""
        ...

    def keep_source(self, rows: LabelRows) -> None:
        """Keep the document of a label version held unchanged, when none is kept for it
        (it was imported before documents were kept)."""
        ...


def version_order(version: str | None) -> int:
    """Where *version* stands among a label's versions: its number; -1 when it has none."""
    return int(version) if version and version.isdigit() else -1
