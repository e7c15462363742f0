"""Where imported labels are kept: one small interface, today a folder of JSON monographs.

The import asks a store what it holds under an id (which label, which version)
and hands it bytes to keep; it never touches files itself, so a store that keeps
every label in one SQLite file (the scale issue) can take this one's place.
`FolderStore` writes `ID.json` files (JSON loads far faster than YAML) with the
importer's atomic write: a temporary in the same folder, fsync, rename.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import msgspec

from medcli.importer.writer import find_existing
from medcli.library.files import write_atomic


class _ProbeLabel(msgspec.Struct):
    set_id: str | None = None
    version: str | None = None
    version_id: str | None = None


class _ProbeProvenance(msgspec.Struct):
    kind: str | None = None
    date: str | None = None


class _Probe(msgspec.Struct):
    label: _ProbeLabel | None = None
    provenance: _ProbeProvenance | None = None


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


@dataclass
class FolderStore:
    """Labels as `ID.json` monograph files in a library folder (the user library by default)."""

    folder: Path
    made: bool = False

    def held(self, drug_id: str) -> Held | None:
        existing = find_existing(self.folder, drug_id)
        if existing is None:
            return None
        probe = _probe(existing.data)
        label = probe.label if probe is not None else None
        provenance = probe.provenance if probe is not None else None
        if label is None or provenance is None or provenance.kind != "imported":
            return Held(None, None, None, None, existing.data)
        return Held(label.set_id, label.version, label.version_id, provenance.date, existing.data)

    def put(self, drug_id: str, data: bytes) -> None:
        if not self.made:
            self.folder.mkdir(parents=True, exist_ok=True)
            self.made = True
        existing = find_existing(self.folder, drug_id)
        path = self.folder / f"{drug_id}.json"
        write_atomic(path, data)
        if existing is not None and existing.path != path:
            existing.path.unlink(missing_ok=True)  # one file per id


def _probe(data: bytes) -> _Probe | None:
    """The label identity in a monograph file; YAML files are no labels of ours."""
    try:
        return msgspec.json.decode(data, type=_Probe)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
