"""What reading a file for labels gives: documents to convert, or what was refused and why."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Document:
    """One label to convert: the bytes of an openFDA record (its JSON) or of an SPL document.

    Bytes, parsed where the label is converted: they cross to a worker process as
    they are, where a record's objects were pickled and unpickled."""

    shown: str
    kind: Literal["openfda", "spl"]
    data: bytes


@dataclass(frozen=True)
class Refused:
    """Something that is not imported, with a stable code and a reason for people."""

    shown: str
    code: str
    detail: str


Found = Document | Refused
