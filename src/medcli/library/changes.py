"""`medcli changes`: which labels got a new version that changed what a prescriber acts on.

"Since last time" is read from the label store itself, not from a file of its own:
every kept version carries the day it was imported (`labels.date`, `versions.date`).
Without `--since`, the day is the newest import day in the library (the last
`medcli update` or `medcli import` that brought a label), so the digest is what the
last run changed. A label is listed when its newest version was imported on or
after that day and another version is kept; it is compared with the version that
was newest before that day (else the one just before it) by `medcli diff`'s own
comparison (`labels.diff.diff_labels`), and only its sections of the keys that
carry the boxed warning, contraindications, dosage and warnings are reported, each
with the lines (sentences and table rows) added and removed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator

import msgspec

from medcli.labels.diff import SectionDiff, TableDiff, diff_labels
from medcli.labels.store import version_order
from medcli.library.merged import Library
from medcli.library.versions import LabelVersion, parse_date
from medcli.model import Label

# The label sections whose change a clinician must hear of (`show -s` keys).
WATCHED = ("boxed-warning", "contraindications", "dosage", "warnings")


class SectionChange(msgspec.Struct):
    """One changed section of a watched key, with what the diff counted in it."""

    key: str
    number: str | None
    title: str
    status: str  # "added", "removed", "changed"
    lines_added: int
    lines_removed: int


class LabelChange(msgspec.Struct):
    drug: str
    name: str
    set_id: str
    older: LabelVersion = msgspec.field(name="from")
    newer: LabelVersion = msgspec.field(name="to")
    sections: list[SectionChange]


class Changes(msgspec.Struct):
    """The digest: which day it starts from and why, and the labels that changed."""

    since: str | None  # None: the library holds no imported label
    since_source: str  # "--since", "last import", "this update"
    watched: list[str]
    labels_with_new_versions: int  # compared, whether or not a watched section changed
    labels: list[LabelChange]


def changes_since(library: Library, since: str | None = None) -> Changes:
    """The digest of labels whose newest version came on or after *since* (a date; default
    the library's newest import day), over every label store of the library."""
    stores = [store.db for store in library.label_stores()]
    if since is not None:
        day: str | None = parse_date(since, what="--since")
        source = "--since"
    else:
        day = max((d for d in (_last_import(db) for db in stores) if d), default=None)
        source = "last import"
    each = [changes_of(db, _renewed_since(db, day), day) for db in stores] if day else []
    compared = sum(digest.labels_with_new_versions for digest in each)
    found = [change for digest in each for change in digest.labels]
    return Changes(day, source, list(WATCHED), compared, found)


def changes_of(db: sqlite3.Connection, drugs: Iterable[str], day: str) -> Changes:
    """The digest of the labels *drugs* a run (of *day*) just updated in the store *db*."""
    found: list[LabelChange] = []
    compared = 0
    for drug in drugs:
        compared += 1
        change = label_change(db, drug, day)
        if change is not None and change.sections:
            found.append(change)
    return Changes(day, "this update", list(WATCHED), compared, found)


def label_change(db: sqlite3.Connection, drug: str, day: str) -> LabelChange | None:
    """What the newest version of *drug* changed in the watched sections, compared with the
    version newest before *day* (else the one before it); None when only one is kept."""
    from medcli.library.stored import load, load_version, version_rows

    versions = [LabelVersion(*row) for row in version_rows(db, drug)]
    if not versions:
        return None
    newest = versions[0]
    earlier = [v for v in versions[1:] if version_order(v.version) < version_order(newest.version)]
    if not earlier:
        return None
    before = [v for v in earlier if v.imported is not None and v.imported < day]
    older = before[0] if before else earlier[0]
    new = load(db, drug)
    old = load_version(db, drug, older.version or "")
    if new is None or old is None or new.label is None or old.label is None:
        return None
    found = diff_labels(_watched(old.label), _watched(new.label))
    sections = [_section_change(diff) for diff in found.sections if diff.status != "unchanged"]
    return LabelChange(drug, new.name, new.label.set_id, older, newest, sections)


def _watched(label: Label) -> Label:
    """*label* with only its sections of the watched keys.

    The diff pairs a section only with one of its own kind (LOINC code or key, and
    depth), so the watched sections compare as they do in the whole label (the same
    document over the 29 version pairs of the shared label history) at a third of the
    cost; only a section that moved out of a watched key reads as removed here.
    """
    return msgspec.structs.replace(
        label,
        sections=[s for s in label.sections if s.key in WATCHED],
        other_sections=[s for s in label.other_sections if s.key in WATCHED],
    )


def _section_change(diff: SectionDiff) -> SectionChange:
    added = removed = 0
    for change in diff.changes:
        added += change.change != "removed"
        removed += change.change != "added"
    for table in diff.tables:
        rows_added, rows_removed = _row_counts(table)
        added, removed = added + rows_added, removed + rows_removed
    return SectionChange(diff.key, diff.number, diff.title, diff.status, added, removed)


def _row_counts(table: TableDiff) -> tuple[int, int]:
    added = sum(row.change != "removed" for row in table.rows)
    removed = sum(row.change != "added" for row in table.rows)
    return added, removed


def _last_import(db: sqlite3.Connection) -> str | None:
    """The newest import day of the store's labels (a scan of one column: no index on it)."""
    row = db.execute("SELECT max(date) FROM labels").fetchone()
    return str(row[0]) if row and row[0] else None


def _renewed_since(db: sqlite3.Connection, day: str) -> Iterator[str]:
    """Ids of the labels whose newest version was imported on or after *day* and that keep
    another version, in id order."""
    for (drug,) in db.execute(
        "SELECT id FROM labels WHERE date >= ? AND id IN (SELECT id FROM versions) ORDER BY id",
        (day,),
    ):
        yield str(drug)
