"""A label store's derived tables made again from its truth, in place, when their code changed.

After an upgrade that changed the name rule, the searchable text or the
side-effect rows (`medcli.library.derived`), the first command that opens a store
rebuilds the groups whose checksum differs, from the `labels` rows alone: nothing
is re-imported, and the truth tables are only read.

The new rows go into `<table>_next` tables, in batches of labels in rowid order,
one `BEGIN IMMEDIATE` transaction each, and the batch's last rowid goes into
`meta` with them. Until the last batch swaps the tables in, readers see the old
tables whole, and an interrupted rebuild (Ctrl-C, a crash) leaves the old tables
and the batches done: the next command goes on from there. Every batch reads
that state again under the write lock, so two processes rebuilding at once share
the work rather than doing it twice, and a writer (an import, a removal) only
writes once the rebuild is done (`medcli.library.stored.connect`).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from medcli.library import derived
from medcli.library.derived import GROUPS, DerivedRows, Group, group_fingerprint, group_shape

BATCH = 1000  # labels per transaction: what an interrupt can lose, and what a commit costs
MAX_WORKERS = 8
WORKERS: int | None = None  # processes making rows; None: one per CPU, at most MAX_WORKERS
PLAN = "rebuild"  # `meta` key: which groups are being rebuilt to which checksums
DONE_UP_TO = "rebuild_done_up_to"  # `meta` key: the last label rowid rebuilt so far
Progress = Callable[[int, int], None]  # (labels rebuilt, labels in the store)


def stale_groups(db: sqlite3.Connection) -> tuple[list[Group], list[Group]]:
    """The groups of derived tables made by other code than this (all of them in a store
    without `meta`, made before derived tables had checksums), and those whose code
    differs only in comments, docstrings or layout: those are not rebuilt, their new
    checksum is only recorded."""
    try:
        kept = dict(db.execute("SELECT key, value FROM meta"))
    except sqlite3.OperationalError:  # no meta table: a store of before checksums
        return list(GROUPS), []
    stale: list[Group] = []
    restamped: list[Group] = []
    for group in GROUPS:
        if kept.get(_key(group)) == group_fingerprint(group):
            continue
        same = kept.get(_shape_key(group)) == group_shape(group)
        (restamped if same else stale).append(group)
    return stale, restamped


def _key(group: Group) -> str:
    return f"derived:{group.name}"


def _shape_key(group: Group) -> str:
    return f"shape:{group.name}"


def forget(db: sqlite3.Connection, group: Group) -> None:
    """*group*'s tables as made by unknown code, and no rebuild under way: the next
    `rebuild` makes them again from the start (a layout migration changed their SQL)."""
    db.executemany(
        "DELETE FROM meta WHERE key = ?",
        [(_key(group),), (_shape_key(group),), (PLAN,), (DONE_UP_TO,)],
    )


def _record(db: sqlite3.Connection, groups: list[Group]) -> None:
    """*groups*' checksums, as this code's: their tables are up to date."""
    db.executemany(
        "INSERT OR REPLACE INTO meta VALUES (?, ?)",
        [
            *((_key(group), group_fingerprint(group)) for group in groups),
            *((_shape_key(group), group_shape(group)) for group in groups),
        ],
    )


def rebuild(db: sqlite3.Connection, progress: Progress | None = None) -> int:
    """Bring the derived tables of the store on *db* (autocommit, writable, at this code's
    layout) up to date; how many labels were rebuilt (0: they were)."""
    done, total = 0, 0
    while True:
        db.execute("BEGIN IMMEDIATE")
        try:
            groups, restamped = stale_groups(db)
            _record(db, restamped)
            if not groups:
                db.execute("COMMIT")
                return done
            after = _resume(db, groups)
            if total == 0:  # the first batch of this command: count once, resumed or not
                count_up_to = "SELECT count(*) FROM labels WHERE rowid <= ?"
                total = int(db.execute("SELECT count(*) FROM labels").fetchone()[0])
                done = int(db.execute(count_up_to, (after,)).fetchone()[0])
            count = _batch(db, groups, after)
            db.execute("COMMIT")
        finally:
            if db.in_transaction:
                db.execute("ROLLBACK")
        done += count
        if progress is not None:
            progress(done, total)


def _resume(db: sqlite3.Connection, groups: list[Group]) -> int:
    """The rowid after which the rebuild of *groups* goes on: 0 to start it (again), with
    empty `_next` tables, when none was under way or one was for other checksums."""
    plan = ",".join(f"{group.name}={group_fingerprint(group)}" for group in groups)
    state = dict(db.execute("SELECT key, value FROM meta WHERE key IN (?, ?)", (PLAN, DONE_UP_TO)))
    if state.get(PLAN) == plan:
        return int(state[DONE_UP_TO])
    for group in GROUPS:
        for table in group.tables:
            db.execute(f"DROP TABLE IF EXISTS {table}_next")
    derived.create(db, groups, suffix="_next")
    db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", [(PLAN, plan), (DONE_UP_TO, 0)])
    return 0


def _batch(db: sqlite3.Connection, groups: list[Group], after: int) -> int:
    """The rows of the next `BATCH` labels after rowid *after* into the `_next` tables; the
    tables swapped in when none is left. How many labels it made rows for.

    The rows are made on the import's worker pool when a group needs the monographs
    decoded (`medcli.labels.derived_pool`): the decoding and text building spread over the
    cores, and this process only inserts, in rowid order, so the tables are the same
    whatever the number of workers."""
    from medcli.labels.derived_pool import all_derived

    decode = any(group.needs_monograph for group in groups)
    rows = db.execute(
        f"SELECT rowid, id, title, aliases, {'data' if decode else 'NULL'} FROM labels"
        " WHERE rowid > ? ORDER BY rowid LIMIT ?",
        (after, BATCH),
    ).fetchall()
    made = all_derived(tuple(groups), rows, workers())
    for row, answer in zip(rows, made, strict=True):
        if not isinstance(answer, DerivedRows):  # the worker was lost: made here (a bug raises)
            answer = derived.made_again(groups, *row[1:])
        derived.insert_rows(db, row[0], answer, groups, suffix="_next")
    if len(rows) == BATCH:
        db.execute("UPDATE meta SET value = ? WHERE key = ?", (rows[-1][0], DONE_UP_TO))
    else:
        _swap(db, groups)
    return len(rows)


def workers() -> int:
    """The processes a rebuild makes rows on: `WORKERS`, else one per CPU this process
    may run on, at most `MAX_WORKERS`."""
    if WORKERS is not None:
        return WORKERS
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return min(cpus or 1, MAX_WORKERS)


def _swap(db: sqlite3.Connection, groups: list[Group]) -> None:
    """The rebuilt tables in place of the old ones, their indexes made, their checksums kept."""
    swap(db, groups, "_next")
    db.execute("DELETE FROM meta WHERE key IN (?, ?)", (PLAN, DONE_UP_TO))


def swap(db: sqlite3.Connection, groups: list[Group], suffix: str) -> None:
    """*groups*' tables named with *suffix* in place of theirs, their indexes made, their
    checksums kept as this code's."""
    for group in groups:
        for table in group.tables:
            db.execute(f"DROP TABLE IF EXISTS {table}")
            db.execute(f"ALTER TABLE {table}{suffix} RENAME TO {table}")
        derived.execute_script(db, group.indexes_sql)
    _record(db, groups)


AGAIN = "_again"  # the name suffix of the tables `medcli rebuild` fills (`library/reconvert.py`)
AGAIN_TABLES = ("labels", "versions", *(table for group in GROUPS for table in group.tables))
AGAIN_KEYS = ("again_plan", "again_labels_up_to", "again_versions_up_to")  # `meta` keys


def abandon_reconversion(db: sqlite3.Connection) -> None:
    """Drop what a `medcli rebuild` of the store on *db* has done so far, inside the open
    write transaction: labels are about to be written (an import, a removal), and the
    rows converted so far would miss that write. A rebuild at work stops at its next
    batch and says so; run again, it starts over."""
    if db.execute("SELECT 1 FROM meta WHERE key = ?", (AGAIN_KEYS[0],)).fetchone() is None:
        return
    for table in AGAIN_TABLES:
        db.execute(f"DROP TABLE IF EXISTS {table}{AGAIN}")
    db.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in AGAIN_KEYS])
