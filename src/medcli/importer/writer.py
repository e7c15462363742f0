"""Monograph → YAML bytes, checked and written atomically.

The YAML is deterministic (fields in schema order, multi-line text as literal
blocks, no line folding), so importing the same page twice gives the same bytes
and nothing is rewritten. A file is written to a temporary name in the same
folder (`.ID.XXXX.tmp`, which no library scan reads) and moved into place with
`os.replace` after an fsync, so an interrupted import never leaves half a
monograph behind; temporaries a killed run (kill -9) left are removed by the next
run once they are ten minutes old.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import msgspec.yaml
import yaml

from medcli.errors import DataError
from medcli.library.loader import parse_document, validation_problems
from medcli.library.merged import MONOGRAPH_SUFFIXES
from medcli.model import Monograph, consistency_problems

STALE_AFTER = 600.0  # seconds: a temporary this old is left over from a killed run
# `tempfile.mkstemp(prefix=".ID.", suffix=".tmp")`: eight random letters, digits or "_".
_TEMPORARY = re.compile(r"^\.[a-z0-9][a-z0-9-]*\.[a-z0-9_]{8}\.tmp$")
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
            return Existing(path, path.read_bytes())
        except OSError:
            continue
    return None


def write_atomic(path: Path, data: bytes) -> None:
    """Write *data* to *path* so that it is either the old file or the whole new one.

    Ctrl-C during the write is held back until the file is in place (or removed),
    so an interrupted import leaves neither half a monograph nor a stray temporary.
    """
    with _interrupts_held():
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        temporary = Path(name)
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())  # the bytes are on disk before the name is
            temporary.chmod(0o644)  # mkstemp makes it private; a library file is readable
            temporary.replace(path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise


def remove_stale_temporaries(folder: Path, *, now: float | None = None) -> list[Path]:
    """Remove `write_atomic`'s temporaries left in *folder* by a killed run (kill -9).

    Only names of the writer's own pattern (`.ID.XXXXXXXX.tmp`) older than
    `STALE_AFTER` seconds are removed: a younger one may belong to a run still going.
    """
    moment = time.time() if now is None else now
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        if not _TEMPORARY.match(entry.name):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            if moment - entry.stat(follow_symlinks=False).st_mtime < STALE_AFTER:
                continue
            Path(entry.path).unlink()
        except OSError:
            continue
        removed.append(Path(entry.path))
    return removed


@contextlib.contextmanager
def _interrupts_held() -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    received: list[int] = []
    previous = signal.signal(signal.SIGINT, lambda number, frame: received.append(number))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if received:
        raise KeyboardInterrupt
