"""Converting labels on every core: documents in, attempts out, in the order they came.

Mapping a label (its text, tables and side effects) costs about 50 ms of CPU, far
more than reading the stream or writing the store, so it runs in worker processes
when there are enough documents to pay for a pool. Only a few documents are in
flight at a time (`IN_FLIGHT` per worker): the stream is still read one record at a
time and memory stays bounded however big the file. Answers come back in input
order, so the main process, the only one that writes the store, decides ids and
versions exactly as it would in-process: the store is the same whatever the
number of workers. A worker does all of a label's work (map, encode, check once,
compress, make the store's rows) and sends back bytes and counts (`Attempt`): the
main process only chooses ids and inserts.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from typing import TypeVar

import msgspec

from medcli.importer.run import slug_id
from medcli.importer.workers import Skip, failure, pooled
from medcli.labels.documents import Document, Found, Refused
from medcli.labels.kept import source_record
from medcli.labels.mapping import MappedLabel, drug_name, map_label
from medcli.labels.split import LabelError
from medcli.library.label_rows import LabelRows, label_rows
from medcli.library.loader import MAX_FILE_BYTES
from medcli.model import Label, Monograph, consistency_problems
from medcli.sanitize import clean_json

PARALLEL_FROM = 8  # fewer documents are converted in-process: a pool costs more than it saves
IN_FLIGHT = 4  # documents per worker sent ahead: enough to keep it busy, few enough to hold
MAX_WORKERS = 8
# Words are counted on 1 document in COUNT_EVERY (the first, then every COUNT_EVERY-th), or on
# every one with `medcli import --check`: counting costs a sixth of a label's conversion.
COUNT_EVERY = 20

T = TypeVar("T")


@dataclass(frozen=True)
class Identity:
    """What the main process needs of a label to choose its id: the ids it may take, in
    order, and which label and version it is."""

    ids: tuple[str, ...]
    set_id: str
    version: str | None


@dataclass
class Tally:
    """What a label gave, for its report line: words counted and kept, side effects, tables."""

    words: int = 0
    found: int = 0
    missing: tuple[str, ...] = ()
    side_effects: int = 0
    tables: int = 0
    rate_tables: int = 0
    warnings: list[str] = field(default_factory=list)
    counted: bool = True


@dataclass
class Attempt:
    """One document converted, as it crosses back from a worker: plain values and bytes.

    `rows` are the monograph's store rows under its first id (`identity.ids[0]`), its
    JSON compressed: a few kB to pickle where the monograph's objects were 183 kB.
    None when the document was skipped (`code`) or its monograph is invalid (`problems`).
    """

    identity: Identity | None = None
    rows: LabelRows | None = None
    tally: Tally = field(default_factory=Tally)
    problems: list[str] = field(default_factory=list)
    code: str | None = None
    detail: str | None = None

    @classmethod
    def skipped(cls, skip: Skip) -> Attempt:
        return cls(code=skip.code, detail=skip.detail)


def attempt(found: Found, today: str, count_words: bool = True) -> Attempt:
    """Map, serialise, check and make into rows one document; never raises (see
    `medcli.importer.workers`). Its words are counted when *count_words*."""
    if isinstance(found, Refused):
        return Attempt(code=found.code, detail=found.detail)
    try:
        mapped = convert(found, today, count_words)
        label = mapped.monograph.label
        assert label is not None
        identity = Identity(tuple(candidate_ids(label)), label.set_id, label.version)
        rows, problems = stored_rows(identity.ids[0], mapped.monograph)
        if rows is not None:
            rows = replace(rows, source=source_record(found))
    except LabelError as error:
        return Attempt(code=error.code, detail=error.detail)
    except (ValueError, TypeError, LookupError, AttributeError) as error:
        # A document shaped as no label is: one line, and the other documents go on.
        detail = f"cannot be read as a label ({error.__class__.__name__}: {error})"[:300]
        return Attempt(code="unreadable", detail=detail)
    except Exception as error:  # a bug met by one document costs that document only
        return Attempt.skipped(failure(error))
    tally = Tally(
        mapped.words, mapped.found, mapped.missing, mapped.side_effects, mapped.tables,
        mapped.rate_tables, mapped.warnings, mapped.counted,
    )  # fmt: skip
    return Attempt(identity, rows, tally, problems)


def stored_rows(drug_id: str, monograph: Monograph) -> tuple[LabelRows | None, list[str]]:
    """*monograph* under *drug_id* as the store's rows, made from its checked JSON (as the
    library will read it back); no rows, and why, when that JSON is not a valid monograph."""
    data = encode(msgspec.structs.replace(monograph, id=drug_id))
    problems, checked = check(data)
    if problems or checked is None:
        return None, problems
    return label_rows(drug_id, checked, data), []


def attempts(
    found: Iterable[tuple[Found, T]],
    today: str,
    workers: int | None = None,
    count_every: int = COUNT_EVERY,
) -> Iterator[tuple[Found, T, Attempt]]:
    """Each document with its tag and its attempt, in input order; on a pool when it pays.

    Words are counted on the first document and every *count_every*-th after it (1: on
    all). The first `PARALLEL_FROM` documents are read before choosing: a file of fewer is
    converted here. A Ctrl-C, SIGTERM or SIGHUP in the main process stops the pool
    (workers ignore Ctrl-C and die with the main process). Whatever goes wrong between
    the processes is one document's skip line, never the run's end.
    """
    count = workers if workers is not None else min(available_cpus(), MAX_WORKERS)
    numbered = ((item, tag, number % count_every == 0) for number, (item, tag) in enumerate(found))
    head = list(islice(numbered, PARALLEL_FROM))
    if count < 2 or len(head) < PARALLEL_FROM:
        for item, tag, counted in chain(head, numbered):
            yield item, tag, attempt(item, today, counted)
        return
    tasks = (((item, tag), (item, today, counted)) for item, tag, counted in chain(head, numbered))
    for (item, tag), tried in pooled(attempt, tasks, count, count * IN_FLIGHT, _skipped):
        yield item, tag, tried


def _skipped(_: object, skip: Skip) -> Attempt:
    return Attempt.skipped(skip)


def available_cpus() -> int:
    """The CPUs this process may run on (`taskset` and containers give fewer than the machine)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def convert(document: Document, today: str, count_words: bool = True) -> MappedLabel:
    """Read and map one document; `LabelError` when it cannot be a label."""
    from medcli.labels.openfda import read_record
    from medcli.labels.spl import read_spl

    # Too deep a record raises RecursionError: `attempt` reports it as the pool does.
    if document.kind == "openfda":
        read = read_record(msgspec.json.decode(document.data))
    else:
        read = read_spl(document.data)
    return map_label(
        read,
        drug_id=candidate_ids(read.label)[0],
        today=today,
        shown=document.shown,
        count_words=count_words,
    )


def candidate_ids(label: Label) -> list[str]:
    """The ids a label may take, in order of preference (see `medcli.labels.run`).

    A generic name that gives no id (none, or one that reads as a path) gives way to
    the set id, which is the label's own and never a path. A repackager's label never
    takes the bare generic or brand id: those are the application holder's, whichever
    of the two was imported first."""
    generic = _slug(drug_name(label)) or f"label-{_slug(label.set_id)}"
    brand = _slug(label.brand_names[0]) if label.brand_names else ""
    maker = _slug(" ".join((label.manufacturer or "").split()[:3]))
    by_maker = f"{generic}-{maker}" if maker else ""
    options = [by_maker] if label.repackaged and by_maker else [generic, brand, by_maker]
    return [option for option in dict.fromkeys(options) if option]


def _slug(text: str) -> str:
    return slug_id(text)[0].strip("-")


def encode(monograph: Monograph) -> bytes:
    """The JSON a label is kept as: text from the label goes through the gate first."""
    return clean_json(msgspec.json.encode(monograph))


def check(data: bytes) -> tuple[list[str], Monograph | None]:
    """What `medcli validate` would say of the JSON *data*, and the monograph the library
    would load from it (None when it cannot)."""
    if len(data) > MAX_FILE_BYTES:
        return [
            f"monograph is {len(data):,} bytes; the library's limit is {MAX_FILE_BYTES:,}"
        ], None
    try:
        loaded = msgspec.json.decode(data, type=Monograph)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        return [str(error)], None
    return consistency_problems(loaded), loaded
