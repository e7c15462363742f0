"""openFDA's download manifest (`download.json`) and where each partition is fetched from.

openFDA lists its bulk files in one JSON document; the drug labels are under
`results.drug.label`: `export_date`, `total_records` and `partitions`, each with
its `file` URL, `size_mb` (rounded), `records` and `display_name`. A mirror
(`--from URL`) or an air-gapped copy (`--from DIR`) holds the same file names
beside its own `download.json`, so each partition is found there by its name.
"""

from __future__ import annotations

import json
import posixpath
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from medcli.errors import MedcliError, UsageError

DEFAULT_MANIFEST = "https://api.fda.gov/download.json"
MANIFEST_NAME = "download.json"
_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Partition:
    url: str  # where to fetch it: openFDA's URL, or the mirror's
    name: str  # its file name, the same in every copy
    size_mb: float | None
    records: int | None
    display_name: str
    local: Path | None = None  # the file itself, when the source is a folder


@dataclass(frozen=True)
class Manifest:
    where: str  # the manifest's URL or path, as read
    export_date: str
    total_records: int | None
    partitions: tuple[Partition, ...]
    source: str = "openfda"  # or "dailymed" (`update.dailymed`)


@dataclass(frozen=True)
class Source:
    """Where the manifest is read: a URL, or a folder holding `download.json` and the zips."""

    manifest: str
    folder: Path | None = None

    @property
    def mirrored(self) -> bool:
        return self.manifest != DEFAULT_MANIFEST


def source_of(given: str | None) -> Source:
    """The source `--from` names (openFDA itself without it); anything else is a usage error."""
    if given is None:
        return Source(DEFAULT_MANIFEST)
    scheme = urlsplit(given).scheme.lower()
    if scheme in ("http", "https"):
        path = urlsplit(given).path
        return Source(given if path.endswith(".json") else f"{given.rstrip('/')}/{MANIFEST_NAME}")
    if "://" in given:
        raise UsageError(
            f"--from {given}: {scheme} is not supported",
            hint="accepted: an http(s) URL of a download.json or a folder holding one",
        )
    folder = Path(given)
    if folder.is_file() and folder.name.endswith(".json"):
        return Source(str(folder), folder.parent)
    if not (folder / MANIFEST_NAME).is_file():
        raise UsageError(
            f"--from {given}: no {MANIFEST_NAME} there",
            hint="accepted: a folder holding download.json and the partition zips, or a URL",
        )
    return Source(str(folder / MANIFEST_NAME), folder)


def parse_manifest(data: bytes, source: Source) -> Manifest:
    """The drug-label part of a manifest, each partition pointed at *source*'s copy of it."""
    try:
        document = json.loads(data)
        label = document["results"]["drug"]["label"]
        export_date = str(label["export_date"])
        listed = label["partitions"]
        partitions = tuple(_partition(entry, source) for entry in listed)
    except (ValueError, KeyError, TypeError) as error:
        raise MedcliError(
            f"{source.manifest}: not an openFDA download manifest "
            f"(no results.drug.label with export_date and partitions: {error})",
            hint="point --from at openFDA's download.json or a copy of it",
        ) from error
    if not partitions:
        raise MedcliError(f"{source.manifest}: the manifest lists no drug-label partitions")
    return Manifest(source.manifest, export_date, _count(label.get("total_records")), partitions)


def _partition(entry: dict[str, object], source: Source) -> Partition:
    url = str(entry["file"])
    name = posixpath.basename(urlsplit(url).path)
    if not _SAFE_NAME.match(name):  # a name like `..` would leave the download folder
        raise ValueError(f"partition file name {name!r}")
    size = entry.get("size_mb")
    partition = Partition(
        url=url,
        name=name,
        size_mb=float(size) if isinstance(size, (int, float, str)) and size != "" else None,
        records=_count(entry.get("records")),
        display_name=str(entry.get("display_name") or name),
    )
    if source.folder is not None:
        return replace(partition, url=str(source.folder / name), local=source.folder / name)
    if source.mirrored:
        base = source.manifest.rsplit("/", 1)[0]
        return replace(partition, url=f"{base}/{name}")
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(f"partition URL {url!r} is not http(s)")
    return partition


def _count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


def size_matches(size_bytes: int, size_mb: float | None) -> bool:
    """Whether a file of *size_bytes* is the one the manifest gives as *size_mb*.

    openFDA rounds `size_mb` to two decimals and does not say whether a megabyte is
    10⁶ or 2²⁰ bytes: either reading within 1% (and 0.01 MB) passes; a file cut
    short or padded does not.
    """
    if size_mb is None:
        return True
    tolerance = max(0.01, size_mb * 0.01)
    return any(abs(size_bytes / unit - size_mb) <= tolerance for unit in (1_000_000, 1 << 20))
