"""`medcli rebuild`: every stored label converted again from its kept document, in place.

A label store keeps, beside each label version's monograph, the document it was
converted from (`sources`, layout 2). When the converter reads labels better, the
monographs are made again from those documents by this medcli, without the files:
every `labels` and `versions` row, and with them every derived table.

In place and interruptible, as the derived tables' rebuild (`medcli.library.rebuild`):
the new rows go into `<table>_again` tables, `BATCH` labels at a time, each batch
converted (on a worker pool when there are enough) before its `BEGIN IMMEDIATE`
transaction writes it with the last rowid done in `meta`. The last batch swaps all
the tables in at once, so a reader sees the old store whole until then; a Ctrl-C
keeps the batches done and the next `medcli rebuild` goes on from there. An import
or a removal in between drops that progress (`rebuild.abandon_reconversion`): the
rows converted before it would miss its write.

A label with no kept document (imported before layout 2) or one this converter
refuses is copied as it is, never dropped, and named in the result: the first to
be imported again, the second with the reason.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from medcli.errors import MedcliError
from medcli.labels.again import Skip, all_converted_again
from medcli.library import derived
from medcli.library.derived import GROUPS, group_fingerprint
from medcli.library.folders import STORE_FILE, Folder
from medcli.library.label_rows import LabelRows, SourceRecord
from medcli.library.rebuild import AGAIN, AGAIN_KEYS, AGAIN_TABLES, Progress, swap
from medcli.library.store_schema import TRUTH_SQL
from medcli.library.stored import StoreStale, connect, insert_label, insert_version

BATCH = 250  # label versions a transaction: what an interrupt loses; held converted, ~150 kB each
PLAN, LABELS_UP_TO, VERSIONS_UP_TO = AGAIN_KEYS


@dataclass
class StoreRebuilt:
    """What `medcli rebuild` did to one label store."""

    store: Path
    converted: int = 0  # label versions converted again from their kept documents
    changed: int = 0  # of those, the ones whose monograph is not what was kept
    unconverted: list[str] = field(default_factory=list)  # ids of labels with no kept document
    failed: list[tuple[str, str]] = field(default_factory=list)  # (id, why), kept as they were


@dataclass(frozen=True)
class _Version:
    """One `labels` or `versions` row to convert again, with its kept document if any."""

    rowid: int
    id: str
    date: str | None
    source: SourceRecord | None


Converted = LabelRows | Skip | None  # None: no kept document


def rebuild_store(path: Path, progress: Progress | None = None, workers: int = 1) -> StoreRebuilt:
    """Convert every label version in the store at *path* again, on *workers* processes."""
    db = connect(path, write=True)  # migrated, derived tables up to date
    try:
        result = StoreRebuilt(path)
        plan = _plan()
        total = sum(
            int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            for table in ("labels", "versions")
        )
        after = _start(db, plan)
        done = sum(
            int(db.execute(f"SELECT count(*) FROM {table}{AGAIN}").fetchone()[0])
            for table in ("labels", "versions")
        )
        for table, key in (("labels", LABELS_UP_TO), ("versions", VERSIONS_UP_TO)):
            for batch in _batches(db, table, after[key]):
                answers = list(_converted(batch, workers))
                _write(db, table, key, plan, batch, answers, result)
                done += len(batch)
                if progress is not None:
                    progress(done, total)
        _finish(db, plan, result)
        result.unconverted = _without_document(db)
        if progress is not None:
            progress(total, total)
        return result
    finally:
        if db.in_transaction:
            db.execute("ROLLBACK")
        db.close()


def _plan() -> str:
    """What the rows converted so far were made by: the derived tables' code."""
    return ",".join(f"{group.name}={group_fingerprint(group)}" for group in GROUPS)


def _start(db: sqlite3.Connection, plan: str) -> dict[str, int]:
    """The rowids after which the conversion goes on; the `_again` tables made afresh when
    none was under way or one was under other code."""
    db.execute("BEGIN IMMEDIATE")
    state = dict(db.execute(f"SELECT key, value FROM meta WHERE key IN ({', '.join('?' * 3)})",
                            AGAIN_KEYS))  # fmt: skip
    if state.get(PLAN) != plan:
        for table in AGAIN_TABLES:
            db.execute(f"DROP TABLE IF EXISTS {table}{AGAIN}")
        for table in ("labels", "versions"):
            made = db.execute("SELECT sql FROM sqlite_master WHERE name = ?", (table,)).fetchone()
            # Its own SQL (a renamed table's name is quoted), so the copy has its columns.
            copy = re.sub(f'^CREATE TABLE "?{table}"?', f"CREATE TABLE {table}{AGAIN}", made[0])
            db.execute(copy)
        derived.create(db, GROUPS, suffix=AGAIN)
        state = {PLAN: plan, LABELS_UP_TO: 0, VERSIONS_UP_TO: 0}
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", list(state.items()))
    db.execute("COMMIT")
    return {key: int(state[key]) for key in (LABELS_UP_TO, VERSIONS_UP_TO)}


def _batches(db: sqlite3.Connection, table: str, after: int) -> Iterator[list[_Version]]:
    """*table*'s rows after rowid *after*, `BATCH` at a time, each with its kept document."""
    while True:
        rows = db.execute(
            f"SELECT t.rowid, t.id, t.date, s.format, s.shown, s.data FROM {table} t"
            " LEFT JOIN sources s ON s.set_id = t.set_id AND s.version IS t.version"
            " WHERE t.rowid > ? ORDER BY t.rowid LIMIT ?",
            (after, BATCH),
        ).fetchall()
        if not rows:
            return
        yield [
            _Version(rowid, drug_id, day, SourceRecord(kind, shown, data) if data else None)
            for rowid, drug_id, day, kind, shown, data in rows
        ]
        after = rows[-1][0]


def _converted(batch: list[_Version], workers: int) -> Iterator[Converted]:
    """Each version of *batch* converted again, in order (None: no kept document)."""
    today = date.today().isoformat()
    tasks = [
        (source, version.id, version.date or today)
        for version in batch
        if (source := version.source) is not None
    ]
    answers = all_converted_again(tasks, workers)
    for version in batch:
        yield next(answers) if version.source is not None else None


def _write(
    db: sqlite3.Connection,
    table: str,
    key: str,
    plan: str,
    batch: list[_Version],
    answers: list[Converted],
    result: StoreRebuilt,
) -> None:
    """One batch of *table*'s versions into the `_again` tables, in one transaction, with
    the last rowid done; a store written meanwhile (its progress dropped) stops the run."""
    db.execute("BEGIN IMMEDIATE")
    _still_planned(db, plan, result)
    for version, answer in zip(batch, answers, strict=True):
        if isinstance(answer, LabelRows):
            result.converted += 1
            result.changed += _changed(db, table, version.rowid, answer)
            _insert(db, table, version.rowid, answer)
            continue
        if answer is not None:
            result.failed.append((version.id, answer.detail))
        _copy(db, table, version.rowid)
    db.execute("UPDATE meta SET value = ? WHERE key = ?", (batch[-1].rowid, key))
    db.execute("COMMIT")


def _still_planned(db: sqlite3.Connection, plan: str, result: StoreRebuilt) -> None:
    """Stop when the progress this run builds on was dropped: an import or a removal wrote
    the labels meanwhile (`rebuild.abandon_reconversion`)."""
    if dict(db.execute("SELECT key, value FROM meta WHERE key = ?", (PLAN,))).get(PLAN) != plan:
        raise MedcliError(
            f"{result.store}: its labels were written while they were converted again;"
            " nothing was replaced",
            hint="run medcli rebuild again",
        )


def _without_document(db: sqlite3.Connection) -> list[str]:
    """The ids of the labels a version of which has no kept document, in id order."""
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM labels t WHERE NOT EXISTS (SELECT 1 FROM sources s"
            " WHERE s.set_id = t.set_id AND s.version IS t.version)"
            " UNION SELECT id FROM versions t WHERE NOT EXISTS (SELECT 1 FROM sources s"
            " WHERE s.set_id = t.set_id AND s.version IS t.version) ORDER BY 1"
        )
    ]


def _changed(db: sqlite3.Connection, table: str, rowid: int, rows: LabelRows) -> bool:
    import zlib

    kept = db.execute(f"SELECT data FROM {table} WHERE rowid = ?", (rowid,)).fetchone()[0]
    return zlib.decompress(kept) != zlib.decompress(rows.packed)


def _insert(db: sqlite3.Connection, table: str, rowid: int, rows: LabelRows) -> None:
    """The converted *rows* under the row's *rowid*, with their derived rows if current."""
    if table == "versions":
        insert_version(db, rows, AGAIN, rowid)
        return
    insert_label(db, rows, AGAIN, rowid)
    derived.insert_rows(db, rowid, rows.derived, suffix=AGAIN)


def _copy(db: sqlite3.Connection, table: str, rowid: int) -> None:
    """The row kept as it is, with the derived rows its kept monograph gives."""
    db.execute(f"INSERT INTO {table}{AGAIN} SELECT * FROM {table} WHERE rowid = ?", (rowid,))
    if table == "versions":
        return
    row = db.execute(
        "SELECT id, title, aliases, data FROM labels WHERE rowid = ?", (rowid,)
    ).fetchone()
    derived.insert_rows(db, rowid, derived.made_again(GROUPS, *row), suffix=AGAIN)


def _finish(db: sqlite3.Connection, plan: str, result: StoreRebuilt) -> None:
    """Every table converted again in place of the old, at once; the progress forgotten."""
    db.execute("BEGIN IMMEDIATE")
    _still_planned(db, plan, result)
    for table in ("labels", "versions"):
        db.execute(f"DROP TABLE {table}")
        db.execute(f"ALTER TABLE {table}{AGAIN} RENAME TO {table}")
    derived.execute_script(db, TRUTH_SQL)  # the truth tables' indexes
    swap(db, list(GROUPS), AGAIN)
    db.executemany("DELETE FROM meta WHERE key = ?", [(key,) for key in AGAIN_KEYS])
    db.execute("COMMIT")


def rebuild_library(
    folders: list[Folder], progress: Progress | None = None, workers: int = 1
) -> list[StoreRebuilt]:
    """Every label store of *folders* converted again, in folder order; one that cannot
    be written is an error naming it and why."""
    from medcli.library.files import write_failure

    results = []
    for folder in folders:
        path = folder.path / STORE_FILE
        if not path.is_file():
            continue
        try:
            results.append(rebuild_store(path, progress, workers))
        except StoreStale as error:
            raise MedcliError(f"cannot rebuild {path}: {error}") from error
        except (sqlite3.Error, OSError) as error:
            reason = write_failure(error, path.parent)
            if reason is None:
                raise
            raise MedcliError(f"cannot rebuild {path}: {reason}") from error
    return results
