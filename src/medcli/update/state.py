"""What the last `medcli update` imported, kept beside the library's label store.

One small JSON file in the library folder (`labels-update.state`: not a
monograph suffix, so no scan reads it as one), written atomically. It says which
openFDA export the library holds and, per partition, its file name, size,
record count and SHA-256, so a second run with nothing new downloads nothing.
A damaged or unreadable state is as good as none: the next update fetches the
export again and the import finds its labels unchanged.
"""

from __future__ import annotations

from pathlib import Path

import msgspec

from medcli.library.files import read_regular_file, write_atomic

STATE_FILE = "labels-update.state"
# DailyMed's files are kept apart: an update from one source never makes the other's
# export look held (or newer).
STATE_FILES = {"openfda": STATE_FILE, "dailymed": "labels-dailymed.state"}
STATE_LIMIT = 1 << 20


class PartitionState(msgspec.Struct, forbid_unknown_fields=True):
    file: str
    size_bytes: int
    records: int | None
    sha256: str


class UpdateState(msgspec.Struct, forbid_unknown_fields=True):
    source: str  # "openfda" or "dailymed"
    manifest: str  # where the manifest was read
    export_date: str
    total_records: int | None
    imported_on: str  # ISO date of the run
    partitions: list[PartitionState]


def read_state(folder: Path, source: str = "openfda") -> UpdateState | None:
    try:
        data = read_regular_file(folder / STATE_FILES[source], STATE_LIMIT)
        return msgspec.json.decode(data, type=UpdateState)
    except (OSError, msgspec.ValidationError, msgspec.DecodeError):
        return None


def write_state(folder: Path, state: UpdateState) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(
        folder / STATE_FILES[state.source],
        msgspec.json.format(msgspec.json.encode(state), indent=2),
    )
