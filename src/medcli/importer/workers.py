"""The worker processes of an import: what they answer, and how long they live.

The contract. A worker is handed one document (a label) or a chunk of pages and
always answers with a plain value for each: the converted result, or a `Skip`
(a stable code and a reason, two strings). It never lets an exception through the
pool: an exception crosses a process boundary by pickling, and one that cannot be
pickled or unpickled (an error whose `__init__` takes other arguments, a
`RecursionError` on a deeply nested record) breaks the whole pool, so one bad file
would end a run of thousands. The main process settles every answer the same way:
whatever still goes wrong between the processes (a worker killed, an argument
that cannot be pickled) becomes a `Skip` for that document, and the run goes on.

Lifetime. Workers ignore Ctrl-C (the main process stops the pool and rolls back),
take SIGTERM and SIGHUP by default, and die with the main process: on Linux the
kernel kills them when it dies (`PR_SET_PDEATHSIG`), elsewhere a watchdog thread
sees it within `PARENT_POLL_SECONDS`. Without this a `kill -9` of `medcli import`
left its workers asleep for ever, about 36 MB each.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from medcli.library.files import read_regular_file

PARENT_POLL_SECONDS = 0.5
PROC_STAT_BYTES = 4096
MAX_DETAIL = 300
_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Skip:
    """Why a document was not converted: a stable code (for JSON) and a reason for people."""

    code: str
    detail: str


def failure(error: BaseException) -> Skip:
    """The skip line for an exception no converter expected, or one from the pool itself."""
    if isinstance(error, RecursionError):
        return Skip("too-deep", "nested too deep to read")
    if isinstance(error, BrokenProcessPool):
        return Skip("worker-failed", "the process converting it stopped; not converted")
    reason = f"could not be converted ({error.__class__.__name__}: {error})"
    return Skip("unexpected", reason[:MAX_DETAIL])


def pooled(
    work: Callable[..., R],
    tasks: Iterable[tuple[T, tuple[object, ...]]],
    workers: int,
    ahead: int,
    skipped: Callable[[T, Skip], R],
) -> Iterator[tuple[T, R]]:
    """Each task's tag with `work(*args)` as a worker answered it, in input order.

    At most *ahead* tasks are in flight, so memory stays bounded however many come.
    Whatever goes wrong between the processes is `skipped(tag, skip)`: the run goes on.
    """
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=start_worker, initargs=(os.getpid(),)
    )
    waiting: deque[tuple[T, Future[R]]] = deque()
    try:
        for tag, args in tasks:
            waiting.append((tag, _submit(pool, work, args)))
            if len(waiting) >= ahead:
                yield _settled(*waiting.popleft(), skipped)
        while waiting:
            yield _settled(*waiting.popleft(), skipped)
    finally:
        with contextlib.suppress(RuntimeError):  # interrupted while starting: workers die with us
            pool.shutdown(wait=True, cancel_futures=True)


def _submit(
    pool: ProcessPoolExecutor, work: Callable[..., R], args: tuple[object, ...]
) -> Future[R]:
    """The pool's future for `work(*args)`; once the pool has broken, one that says so."""
    try:
        return pool.submit(work, *args)
    except (BrokenProcessPool, RuntimeError) as error:
        failed: Future[R] = Future()
        failed.set_exception(error)
        return failed


def _settled(tag: T, future: Future[R], skipped: Callable[[T, Skip], R]) -> tuple[T, R]:
    try:
        return tag, future.result()
    except Exception as error:  # not Ctrl-C or a signal: those stop the run
        return tag, skipped(tag, failure(error))


def start_worker(main_pid: int) -> None:
    """Each worker's first act: leave Ctrl-C to the main process and die with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for number in (signal.SIGTERM, getattr(signal, "SIGHUP", None)):
        if number is not None:  # the main process's own handlers are inherited by fork
            signal.signal(number, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        _killed_with_parent()
    parent = os.getppid()
    threading.Thread(
        target=_exit_when_orphaned, args=(parent, main_pid), daemon=True, name="parent-watch"
    ).start()


def _killed_with_parent() -> None:
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watchdog alone
        pass


def _exit_when_orphaned(parent: int, main_pid: int) -> None:
    """Exit once the parent (the main process, or the fork server between) is gone."""
    while os.getppid() == parent and _alive(main_pid):
        time.sleep(PARENT_POLL_SECONDS)
    os._exit(1)


def _alive(pid: int) -> bool:
    """Whether *pid* runs: a zombie does not (its parent has not read its exit yet).

    The watchdog also covers a worker forked as the main process died: then its
    kernel notice was asked for too late, and its parent is already someone else.
    """
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's: the pid was reused, ours is gone
        return False
    try:
        stat = read_regular_file(Path(f"/proc/{pid}/stat"), PROC_STAT_BYTES)
        state = stat.rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc: the signal test is all there is
        return True
    return state != b"Z"
