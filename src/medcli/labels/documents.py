"""What reading a file for labels gives: documents to convert, or what was refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Document:
    """One label to convert: an openFDA record or the bytes of an SPL document."""

    shown: str
    kind: Literal["openfda", "spl"]
    record: Any = None
    data: bytes = b""


@dataclass(frozen=True)
class Refused:
    """Something that is not imported, with a stable code and a reason for people."""

    shown: str
    code: str
    detail: str


Found = Document | Refused
