"""The import's workers: errors and outcomes cross process boundaries as data.

Unit tests of the worker contract (`medcli.importer.workers`); the same cases
through the installed `medcli` are in `tests/hostile/test_import_pipeline.py`.
"""

from __future__ import annotations

import io
import json
import os
import pickle
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from medcli import errors
from medcli.errors import DataError, MedcliError, NotFoundError, OutputClosedError, UsageError
from medcli.importer import run as page_run
from medcli.importer import workers
from medcli.importer.parse import PageError
from medcli.importer.run import Converted, Job, convert, convert_all
from medcli.importer.workers import Skip
from medcli.labels import convert as label_convert
from medcli.labels.convert import Attempt, attempt, attempts, available_cpus
from medcli.labels.documents import Document, Refused
from medcli.labels.split import LabelError
from medcli.labels.stream import records
from tests.label_fixtures import record

DEEP = 100_000
needs_a_pool = pytest.mark.skipif(available_cpus() < 2, reason="the pool needs two CPUs")


def write_pages(folder: Path, count: int) -> None:
    for number in range(count):
        title = f"Testadrug {number:03d}"
        text = f"# {title}\n\n### Usage\n{title} is an invented remedy for tests.\n"
        (folder / f"testadrug-{number:03d}.md").write_text(text, encoding="utf-8")


ERROR_EXAMPLES: list[BaseException] = [
    errors.PicklableError("a message"),
    MedcliError("cannot write plan.ics", hint="choose another file"),
    NotFoundError("no drug named x", hint="did you mean: isatuximab?"),
    UsageError("--weight must be a number"),
    DataError("a.yaml", ["a.yaml: not a mapping", "a.yaml: no id"]),
    OutputClosedError(),
    errors.Terminated(signal.SIGTERM),
    PageError("no-title", "no '#' title and no title in the front matter"),
    LabelError("too-deep", "nested too deep to read"),
]


def test_every_error_type_survives_pickling() -> None:
    defined = {
        kind
        for kind in vars(errors).values()
        if isinstance(kind, type)
        and issubclass(kind, BaseException)
        and kind.__module__ == errors.__name__
    }
    assert defined <= {type(error) for error in ERROR_EXAMPLES}, "an error type has no example"
    for error in ERROR_EXAMPLES:
        back = pickle.loads(pickle.dumps(error))
        assert type(back) is type(error)
        assert (back.args, vars(back)) == (error.args, vars(error))


def test_every_outcome_type_survives_pickling(tmp_path: Path) -> None:
    page = tmp_path / "testadrug.md"
    page.write_text("# Testadrug\n\n### Usage\nInvented.\n", encoding="utf-8")
    outcomes: list[object] = [
        Skip("too-deep", "nested too deep to read"),
        Attempt.skipped(Skip("unexpected", "could not be converted")),
        attempt(
            Document("label.json", "openfda", data=json.dumps(record()).encode()), "2026-12-07"
        ),
        attempt(Refused("x.xml", "not-a-label", "XML, but not SPL"), "2026-12-07"),
        convert(Job(str(page), page.name), "2026-12-07"),
        Converted(Job("bad.md", "bad.md"), skip=Skip("binary", "contains NUL bytes")),
    ]
    for outcome in outcomes:
        assert pickle.loads(pickle.dumps(outcome)) == outcome


def test_a_deep_record_in_a_bulk_file_is_refused_as_it_is_read() -> None:
    deep = '{"set_id": "deep", "x": ' + "[" * DEEP + "]" * DEEP + "}"
    bulk = f'{{"results": [{json.dumps(record())}, {deep}, {json.dumps(record())}]}}'
    found = list(records(io.BytesIO(bulk.encode()), "bulk.json"))
    assert [(item.shown, type(item).__name__) for item in found] == [
        ("bulk.json#1", "Document"),
        ("bulk.json#2", "Refused"),
        ("bulk.json#3", "Document"),
    ]
    assert isinstance(found[1], Refused) and found[1].code == "too-deep"


@needs_a_pool
def test_an_unexpected_error_in_a_page_worker_is_that_pages_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_pages(tmp_path, 6)
    from medcli.importer.mapping import map_page as original

    def buggy(page: Any, **kwargs: Any) -> Any:
        if page.title.endswith("003"):
            raise ZeroDivisionError("a bug met by one page")
        return original(page, **kwargs)

    monkeypatch.setattr("medcli.importer.run.map_page", buggy)  # forked workers see it too
    monkeypatch.setattr(page_run, "PARALLEL_FROM", 2)
    jobs = [Job(str(path), path.name) for path in sorted(tmp_path.glob("*.md"))]
    converted = list(convert_all(jobs, "2026-12-07", workers=2))
    assert [page.job for page in converted] == jobs
    skips = {page.job.shown: page.skip for page in converted if page.skip is not None}
    assert skips == {
        "testadrug-003.md": Skip(
            "unexpected", "could not be converted (ZeroDivisionError: a bug met by one page)"
        )
    }


@needs_a_pool
def test_a_label_worker_that_dies_costs_only_the_documents_it_held(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    original = label_convert.convert

    def dying(document: Document, today: str, count_words: bool) -> Any:
        if document.shown == "bulk.json#5":
            os._exit(1)  # as the kernel's OOM killer would end it
        return original(document, today, count_words)

    monkeypatch.setattr(label_convert, "convert", dying)
    documents = [
        (
            Document(
                f"bulk.json#{number}",
                "openfda",
                data=json.dumps(record(set_id=f"s{number}")).encode(),
            ),
            number,
        )
        for number in range(12)
    ]
    tried = list(attempts(documents, "2026-12-07", workers=2))
    assert [tag for _, tag, _ in tried] == list(range(12))
    codes = {tag: outcome.code for _, tag, outcome in tried}
    assert codes[5] == "worker-failed"
    assert all(outcome.rows is not None or outcome.code for _, _, outcome in tried)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_a_main_process_that_exited_unreaped_counts_as_gone_for_workers() -> None:
    # A worker forked as the main process dies asks the kernel too late; its watchdog
    # must not wait for a parent that is a zombie (its own parent has not reaped it).
    child = subprocess.Popen(["sleep", "30"])
    try:
        assert workers._alive(child.pid)
        child.kill()
        assert wait_for(lambda: not workers._alive(child.pid), 10)  # killed, not yet reaped
    finally:
        child.kill()
        child.wait()
    assert workers._alive(os.getpid())


ORPHANED_POOL = """
import multiprocessing, os, time
from medcli.importer import workers

workers._killed_with_parent = lambda: None  # as where there is no prctl
pool = workers.ProcessPoolExecutor(2, initializer=workers.start_worker, initargs=(os.getpid(),))
for future in [pool.submit(time.sleep, 0.1) for _ in range(4)]:
    future.result()
print(*[child.pid for child in multiprocessing.active_children()], flush=True)
os._exit(0)  # as kill -9 would: no shutdown, no cleanup
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads process states in /proc")
def test_without_the_kernels_notice_the_watchdog_ends_orphaned_workers() -> None:
    main = subprocess.Popen([sys.executable, "-c", ORPHANED_POOL], stdout=subprocess.PIPE)
    assert main.stdout is not None
    with main.stdout:  # the orphans hold it open: read the line, never wait for the end
        orphans = [int(pid) for pid in main.stdout.readline().split()]
    assert main.wait(timeout=60) == 0 and orphans
    try:
        assert wait_for(lambda: not any(map(workers._alive, orphans)), 5), "orphans kept running"
    finally:  # a failing run leaves none behind either
        for pid in filter(workers._alive, orphans):
            os.kill(pid, signal.SIGKILL)


def wait_for(condition: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()
