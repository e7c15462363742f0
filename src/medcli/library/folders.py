"""The library's vocabulary: folders, the monograph files in them, and what lookups keep of each.

Which file names hold a monograph is decided here and only here: a file claims
to be one by its suffix (`is_monograph_name`, what `medcli validate` checks), and
the library uses it when its stem is also a valid id (`monograph_id`).
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import msgspec

from medcli.choices import ProductRole
from medcli.names import SLUG_PATTERN

if TYPE_CHECKING:
    from medcli.model import Monograph

Origin = Literal["bundled", "user", "folder"]
MONOGRAPH_SUFFIXES = (".yaml", ".yml", ".json")
# A sorted listing puts x.json before x.yaml before x.yml; the first one found wins.
MONOGRAPH_SUFFIXES_IN_NAME_ORDER = tuple(sorted(MONOGRAPH_SUFFIXES))
_MONOGRAPH_FILE = re.compile(
    f"({SLUG_PATTERN})(?:{'|'.join(re.escape(suffix) for suffix in MONOGRAPH_SUFFIXES)})"
)


def is_monograph_name(file_name: str) -> bool:
    """Whether a file of this name claims to be a monograph (whatever its stem)."""
    return file_name.endswith(MONOGRAPH_SUFFIXES)


def monograph_id(file_name: str) -> str | None:
    """The id a file of this name holds (its stem), or None when it is no monograph file."""
    match = _MONOGRAPH_FILE.fullmatch(file_name)
    return match[1] if match is not None else None


# A folder's label store (`medcli.library.stored`): named here so that looking for one
# costs a stat, not the import of the store's module.
STORE_FILE = "labels.sqlite"


class Folder(msgspec.Struct, frozen=True):
    path: Path
    origin: Origin


class Entry(msgspec.Struct, frozen=True):
    """A monograph the library knows of: a file (`id` is its stem) or a row of a label store.

    A stored label's *path* is its folder's `labels.sqlite`.
    """

    id: str
    path: Path
    origin: Origin
    stored: bool = False


class CatalogItem(msgspec.Struct, frozen=True):
    """What lookups and `list` need of a monograph, without its whole text."""

    entry: Entry
    name: str
    aliases: tuple[str, ...]
    drug_class: str | None
    has_regimen: bool
    kind: str | None = None  # "fda-label" for an imported FDA label
    version: str | None = None  # an imported label's version and effective date (YYYY-MM-DD)
    effective: str | None = None
    set_id: str | None = None  # an imported label's set id, its product and its role in it
    product: str | None = None  # the id of the label that answers for its product
    role: ProductRole | None = None  # what it is to that product (`medcli.library.products`)

    @property
    def id(self) -> str:
        return self.entry.id


def summarize(entry: Entry, monograph: Monograph) -> CatalogItem:
    return CatalogItem(
        entry=entry,
        name=monograph.name,
        aliases=tuple(monograph.aliases),
        drug_class=monograph.drug_class,
        has_regimen=bool(monograph.regimens),
        kind=monograph_kind(monograph),
    )


def monograph_kind(monograph: Monograph) -> str | None:
    """What `list` calls a monograph besides its folder: "fda-label" for an FDA label."""
    return "fda-label" if monograph.label is not None else None


def monograph_files(folder: Folder) -> Iterator[Entry]:
    """The monograph files of *folder* in name order; none when it cannot be listed."""
    try:
        with os.scandir(folder.path) as listing:
            names = sorted(item.name for item in listing)
    except OSError:
        return
    for name in names:
        drug = monograph_id(name)
        if drug is not None:
            yield Entry(drug, folder.path / name, folder.origin)
