"""A label store's derived rows made again from its kept monographs, on the import's pool.

The rebuild of a derived group after an upgrade (`medcli.library.rebuild`) sends
stored `labels` rows here and gets plain rows back, in input order, so the tables
are the same whatever the number of workers. Kept apart from the label converter
(`medcli.labels.again`): a rebuild needs none of it, and importing it cost 0.75 s
of CPU, more than a thousand labels' effect rows.

Workers never raise (the pool's contract, `medcli.importer.workers`); what goes
wrong between the processes comes back as a `Skip`, and the caller makes that
label's rows again in-process.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from medcli.importer.workers import Skip, failure, pooled
from medcli.library import derived
from medcli.library.derived import DerivedRows, Group

PARALLEL_FROM = 8  # fewer labels are made in-process: a pool costs more than it saves
IN_FLIGHT = 4  # tasks per worker sent ahead: enough to keep it busy, few enough to hold
CHUNK = 16  # stored labels a task (their text held till sent)
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
