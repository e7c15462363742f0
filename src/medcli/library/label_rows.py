"""A monograph as the label store keeps it: its row, compressed JSON and derived rows.

Made where the label is converted (an import's worker process), so what crosses
back to the main process is bytes, strings and tuples (a few kB compressed, not
a monograph's objects pickled whole), and the store's writer only inserts them
(`medcli.library.stored.SqliteStore.put_rows`): the one process that writes does
no decoding, compressing or text building of its own.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from medcli.library.derived import ALIAS_SEPARATOR, DerivedRows, derived_rows
from medcli.model import Monograph

# zlib level 1: 5× faster than level 6 for a store about 10% larger (measured on the
# shared labels: docs/benchmarks.md, Import speed).
COMPRESSION = 1


@dataclass(frozen=True)
class SourceRecord:
    """The document a label version was converted from, as read: kept (table `sources`)
    so that a later medcli converts it again in place (`medcli rebuild`)."""

    format: str  # "json": an openFDA record; "spl": an SPL document's XML
    shown: str  # where it was read, as the monograph's sources name it
    packed: bytes  # zlib-compressed, at the level of `COMPRESSION`


@dataclass(frozen=True)
class LabelRows:
    """The store's rows of one monograph under one id: plain values, cheap to pickle."""

    id: str
    set_id: str | None
    version: str | None
    version_id: str | None
    date: str | None  # the day it was imported
    effective: str | None  # the label's effective date
    kind: str | None
    title: str
    aliases: str  # joined by ALIAS_SEPARATOR
    drug_class: str | None
    has_regimen: bool
    note: str | None
    packed: bytes  # the monograph as JSON, zlib-compressed
    derived: DerivedRows  # its rows in the derived tables (`medcli.library.derived`)
    source: SourceRecord | None = None  # the label's document, when made by an import


def label_rows(drug_id: str, monograph: Monograph, data: bytes) -> LabelRows:
    """The rows of *monograph* (its JSON *data*, as kept) filed under *drug_id*."""
    label, provenance = monograph.label, monograph.provenance
    return LabelRows(
        id=drug_id,
        set_id=label.set_id if label else None,
        version=label.version if label else None,
        version_id=label.version_id if label else None,
        date=provenance.date if provenance else None,
        effective=label.effective_time if label else None,
        kind="fda-label" if label else None,
        title=monograph.name,
        aliases=ALIAS_SEPARATOR.join(monograph.aliases),
        drug_class=monograph.drug_class,
        has_regimen=bool(monograph.regimens),
        note=monograph.side_effects_note,
        packed=zlib.compress(data, COMPRESSION),
        derived=derived_rows((drug_id, monograph.name, monograph.aliases), monograph),
    )
