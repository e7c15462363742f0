"""A label store's rows made again on the import's worker pool, from what the store keeps.

Two kinds of work, both run on the pool of `medcli.importer.workers` when there
is enough of it, answers in input order so the store is the same whatever the
number of workers:

- a label converted again from its kept document (`medcli rebuild`): its kept
  document, the id it is filed under and the day it was imported in; its store
  rows out, or a `Skip` saying why it cannot be converted now (the store then
  keeps it as it was);
- a label's derived rows made again from its kept monograph (the rebuild of a
  derived group after an upgrade, `medcli.library.rebuild`): plain rows out.

Workers never raise (the pool's contract); what goes wrong between the processes
comes back as a `Skip`, and the caller decides.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

from medcli.importer.workers import Skip, failure, pooled
from medcli.labels.convert import convert, stored_rows
from medcli.labels.kept import kept_document
from medcli.labels.split import LabelError
from medcli.library import derived
from medcli.library.derived import DerivedRows, Group
from medcli.library.label_rows import LabelRows, SourceRecord


def converted_again(source: SourceRecord, drug_id: str, date: str) -> LabelRows | Skip:
    """The rows of the label kept as *source*, filed under *drug_id* as before and dated
    *date* (its import day), or why it cannot be converted any more."""
    try:
        mapped = convert(kept_document(source), date, count_words=False)
        rows, problems = stored_rows(drug_id, mapped.monograph)
    except LabelError as error:
        return Skip(error.code, error.detail)
    except Exception as error:  # one label's failure is that label's, never the run's
        return failure(error)
    if rows is None:
        return Skip("invalid", "; ".join(problems[:3]))
    return replace(rows, source=source)


__all__ = [
    "Skip", "Task", "all_converted_again", "all_derived", "converted_again", "derived_of",
    "derived_of_chunk",
]  # fmt: skip

PARALLEL_FROM = 8  # fewer labels are converted in-process: a pool costs more than it saves
IN_FLIGHT = 4  # tasks per worker sent ahead: enough to keep it busy, few enough to hold
CHUNK = 16  # stored labels a task when their derived rows are made (their text held till sent)
Task = tuple[SourceRecord, str, str]  # `converted_again`'s arguments


def all_converted_again(tasks: list[Task], workers: int) -> Iterator[LabelRows | Skip]:
    """`converted_again(*task)` of each of *tasks*, in their order: on a pool of *workers*
    processes when there are enough of them (the answers are the same either way)."""
    if workers < 2 or len(tasks) < PARALLEL_FROM:
        yield from (converted_again(*task) for task in tasks)
        return
    work: Callable[..., LabelRows | Skip] = converted_again
    tagged = [(None, task) for task in tasks]
    for _, answer in pooled(work, tagged, workers, workers * IN_FLIGHT, _skipped):
        yield answer


def _skipped(_: object, skip: Skip) -> LabelRows | Skip:
    return skip


Kept = tuple[int, str, str, str, bytes | None]  # a `labels` row: rowid, id, title, aliases, data


def derived_of(groups: tuple[Group, ...], row: Kept) -> DerivedRows | Skip:
    """The rows in *groups*' tables of the stored label *row* (its data None when no group
    needs the monograph)."""
    try:
        return derived.made_again(groups, *row[1:])
    except Exception as error:  # answered as data; the caller makes it again in-process
        return failure(error)


def all_derived(
    groups: tuple[Group, ...], rows: list[Kept], workers: int
) -> Iterator[DerivedRows | Skip]:
    """`derived_of(groups, row)` of each of *rows*, in their order: on a pool of *workers*
    processes when there are enough rows whose monograph must be decoded, `CHUNK` rows a
    task (a label's rows take about 2 ms to make, less than a task's round trip costs)."""
    if workers < 2 or len(rows) < PARALLEL_FROM or not any(g.needs_monograph for g in groups):
        yield from (derived_of(groups, row) for row in rows)
        return
    work: Callable[..., list[DerivedRows | Skip]] = derived_of_chunk
    chunks = [rows[start : start + CHUNK] for start in range(0, len(rows), CHUNK)]
    tagged = [(len(chunk), (groups, chunk)) for chunk in chunks]
    for _, answers in pooled(work, tagged, workers, workers * IN_FLIGHT, _skipped_chunk):
        yield from answers


def derived_of_chunk(groups: tuple[Group, ...], rows: list[Kept]) -> list[DerivedRows | Skip]:
    """`derived_of` of each of *rows*: one task's work."""
    return [derived_of(groups, row) for row in rows]


def _skipped_chunk(count: int, skip: Skip) -> list[DerivedRows | Skip]:
    return [skip] * count
