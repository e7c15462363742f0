"""Monograph → YAML bytes, checked and written atomically.

The YAML is deterministic (fields in schema order, multi-line text as literal
blocks, no line folding), so importing the same page twice gives the same bytes
and nothing is rewritten. A file is written to a temporary name in the same
folder (`.ID.XXXX.tmp`, which no library scan reads) and moved into place with
`os.replace`, so an interrupted import never leaves half a monograph behind.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import yaml

from medcli.errors import DataError
from medcli.library import MONOGRAPH_SUFFIXES
from medcli.loader import parse_document, validation_problems
from medcli.model import Monograph, consistency_problems

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_Base):  # type: ignore[misc]
    """Safe dumper writing multi-line strings as `|` blocks and Decimals as numbers."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper: Any, value: Decimal) -> Any:
    tag = "tag:yaml.org,2002:int" if value == value.to_integral_value() else "tag:yaml.org,2002:float"
    text = str(value.to_integral_value()) if tag.endswith("int") else str(value)
    return dumper.represent_scalar(tag, text)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Decimal, _represent_decimal)


def to_yaml(monograph: Monograph) -> bytes:
    data = msgspec.to_builtins(monograph, builtin_types=(Decimal,))
    text: str = yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1_000_000, indent=2
    )
    return text.encode("utf-8")


def round_trip_problems(data: bytes, monograph: Monograph) -> list[str]:
    """What `medcli validate` would say of *data*, plus whether it loads back unchanged."""
    label = f"{monograph.id}.yaml"
    try:
        parsed = parse_document(data.decode("utf-8"), label)
    except DataError as error:
        return error.problems
    problems = validation_problems(parsed)
    if problems:
        return problems
    loaded = msgspec.convert(parsed, Monograph)
    problems = consistency_problems(loaded)
    if not problems and loaded != monograph:
        problems.append(f"{label}: does not load back to the monograph that was written")
    return problems


@dataclass(frozen=True)
class Existing:
    """A monograph file already in the target folder under the same id."""

    path: Path
    data: bytes
    kind: str | None  # provenance kind; None when unreadable or missing
    date: str | None


def find_existing(folder: Path, drug_id: str) -> Existing | None:
    for suffix in MONOGRAPH_SUFFIXES:
        path = folder / f"{drug_id}{suffix}"
        try:
            data = path.read_bytes()
        except OSError:
            continue
        kind, date = _provenance(data)
        return Existing(path, data, kind, date)
    return None


def _provenance(data: bytes) -> tuple[str | None, str | None]:
    try:
        document = yaml.load(data.decode("utf-8"), Loader=_Loader)
    except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None, None
    provenance = document.get("provenance") if isinstance(document, dict) else None
    if not isinstance(provenance, dict):
        return None, None
    kind, date = provenance.get("kind"), provenance.get("date")
    return (kind if isinstance(kind, str) else None, str(date) if date is not None else None)


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that it is either the old file or the whole new one."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
