"""What the label import needs of the place labels are kept: one small interface.

The import asks a store what it holds under an id (which label, which version)
and hands it bytes to keep; it never touches files itself. The one in use is
`medcli.library.stored.SqliteStore` (one SQLite file per library folder).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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
        """What is kept under *drug_id*, or None when the id is free."""
        ...

    def put(self, drug_id: str, data: bytes) -> None:
        """Keep *data* (a monograph as JSON) under *drug_id*, replacing what was there."""
        ...
