"""Monograph → YAML bytes, checked, and what the target folder already holds of it.

The YAML is deterministic (fields in schema order, multi-line text as literal
blocks, no line folding), so importing the same page twice gives the same bytes
and nothing is rewritten. Writing is `medcli.library.files.write_atomic`'s.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import msgspec.yaml
import yaml

from medcli.errors import DataError
from medcli.library.files import read_regular_file
from medcli.library.folders import MONOGRAPH_SUFFIXES
from medcli.library.loader import MAX_FILE_BYTES, parse_document, validation_problems
from medcli.model import Monograph, consistency_problems

_Base: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_Base):  # type: ignore[misc]
    """Safe dumper writing multi-line strings as `|` blocks and Decimals as numbers."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_decimal(dumper: Any, value: Decimal) -> Any:
    tag = (
        "tag:yaml.org,2002:int" if value == value.to_integral_value() else "tag:yaml.org,2002:float"
    )
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
    """What `medcli validate` would say of *data*, plus whether it loads back unchanged.

    The fast path decodes straight into the schema; only a failure goes through the
    loader's slower reading, which names every problem.
    """
    try:
        loaded = msgspec.yaml.decode(data, type=Monograph)
    except (msgspec.ValidationError, msgspec.DecodeError):
        label = f"{monograph.id}.yaml"
        try:
            return validation_problems(parse_document(data.decode("utf-8"), label)) or [
                f"{label}: does not load as a monograph"
            ]
        except DataError as error:
            return error.problems
    problems = consistency_problems(loaded)
    if not problems and loaded != monograph:
        problems.append(f"{monograph.id}.yaml: does not load back to the monograph written")
    return problems


@dataclass(frozen=True)
class Existing:
    """A monograph file already in the target folder under the same id."""

    path: Path
    data: bytes

    def provenance(self) -> tuple[str | None, str | None]:
        """(kind, date) of the file's provenance; (None, None) when unreadable or missing."""
        try:
            document = yaml.load(self.data.decode("utf-8"), Loader=_Loader)
        except (UnicodeDecodeError, yaml.YAMLError, RecursionError):
            return None, None
        provenance = document.get("provenance") if isinstance(document, dict) else None
        if not isinstance(provenance, dict):
            return None, None
        kind, date = provenance.get("kind"), provenance.get("date")
        return (kind if isinstance(kind, str) else None, str(date) if date is not None else None)


def find_existing(folder: Path, drug_id: str) -> Existing | None:
    for suffix in MONOGRAPH_SUFFIXES:
        path = folder / f"{drug_id}{suffix}"
        try:
            data = read_regular_file(path, MAX_FILE_BYTES)
        except FileNotFoundError:
            continue
        except OSError as error:  # a pipe or a folder of that name: not something to replace
            raise DataError(
                str(path), [f"{path.name}: {error.strerror or error}; not a monograph file"]
            ) from error
        return Existing(path, data)
    return None
