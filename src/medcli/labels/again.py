"""Stored labels converted again on the import's worker pool, from their kept documents.

`medcli rebuild`: each label's kept document, the id it is filed under and the
day it was imported in go in; its store rows come out, or a `Skip` saying why it
cannot be converted now (the store then keeps it as it was). It runs on the pool
of `medcli.importer.workers` when there is enough of it, answers in input order so
the store is the same whatever the number of workers. (Derived rows made again
from kept monographs are `medcli.labels.derived_pool`'s: no converter needed.)

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


__all__ = ["Skip", "Task", "all_converted_again", "converted_again"]

PARALLEL_FROM = 8  # fewer labels are converted in-process: a pool costs more than it saves
IN_FLIGHT = 4  # tasks per worker sent ahead: enough to keep it busy, few enough to hold
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
