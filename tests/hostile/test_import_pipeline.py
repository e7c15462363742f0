"""The import pipeline under hostile input (issue 22, items 2, 3, 5, 7 and 9).

Bad pages and labels among many (converted on a process pool), a reader of
stdout that goes away, FIFOs, sockets and pipes where files were expected, and a
main process killed under its workers. Each case runs the installed `medcli`
and checks the exit code, the one error line where it fails, no internal error
or traceback, and the library intact afterwards.
"""

from __future__ import annotations

import io
import json
import os
import signal
import socket
import subprocess
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medcli.importer import run as page_run
from medcli.labels.convert import available_cpus
from tests.hostile.conftest import (
    MEDCLI,
    Run,
    assert_library_intact,
    assert_no_crash,
    assert_one_error_line,
)
from tests.label_fixtures import record

GOOD_PAGES = page_run.PARALLEL_FROM + 6  # enough for the process pool
BAD_PAGES = {  # name: (bytes, the reason it is skipped for)
    "plain.md": (b"only words, no title, no sections\n", "no-title"),
    "huge.md": (b"# Huge\n\n### Usage\n" + b"word " * 430_000, "too-large"),
    "nul.md": (b"# Nul\n\n### Usage\nA \x00 byte.\n", "binary"),
    "latin1.md": (b"# Caf\xe9\n\n### Usage\nNot UTF-8.\n", "not-utf8"),
}
DEEP = 100_000
needs_a_pool = pytest.mark.skipif(available_cpus() < 2, reason="the pool needs two CPUs")


def write_pages(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        title = f"Testadrug {number:03d}"
        text = f"# {title}\n\n### Usage\n{title} is an invented remedy for tests.\n"
        (folder / f"testadrug-{number:03d}.md").write_text(text, encoding="utf-8")


def write_labels(folder: Path, count: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(count):
        label = record(set_id=f"set-{number:03d}", openfda={"generic_name": [f"zenta{number}"]})
        (folder / f"label-{number:03d}.json").write_text(json.dumps(label), encoding="utf-8")


def report_of(result: subprocess.CompletedProcess[bytes]) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def entries(report: dict[str, Any], outcome: str) -> dict[str, dict[str, Any]]:
    return {page["path"]: page for page in report["pages"] if page["outcome"] == outcome}


def labels_listed(run: Run) -> int:
    listed = json.loads(run("list", "--json").stdout)["monographs"]
    return sum(item["origin"] == "fda-label" for item in listed)


def test_bad_pages_among_a_pool_sized_folder_are_skipped_one_line_each(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    write_pages(folder, GOOD_PAGES)
    for name, (data, _) in BAD_PAGES.items():
        (folder / name).write_bytes(data)
    for _ in range(2):  # and a re-run, which used to fail the same way
        result = run_medcli("import", str(folder), "--json")
        assert result.returncode == 0, result.stderr
        assert_no_crash(result)
        report = report_of(result)
        skipped = entries(report, "skipped")
        assert {path: page["reason"] for path, page in skipped.items()} == {
            name: reason for name, (_, reason) in BAD_PAGES.items()
        }
        assert report["summary"]["read"] == GOOD_PAGES + len(BAD_PAGES)
    assert report["summary"]["unchanged"] == GOOD_PAGES
    assert len(list((isolated_home / "monographs").glob("*.yaml"))) == GOOD_PAGES
    assert_library_intact(isolated_home, run_medcli)


@pytest.mark.parametrize("files", [3, 12])  # converted here, and on the pool
def test_a_label_nested_100000_deep_is_one_skip_whatever_the_batch(
    files: int, run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "labels"
    write_labels(folder, files - 1)
    (folder / "deep.json").write_text(
        '{"set_id": "deep", "spl_unclassified_section": ' + "[" * DEEP + "]" * DEEP + "}",
        encoding="utf-8",
    )
    result = run_medcli("import", str(folder), "--json")
    assert result.returncode == 0, result.stderr
    assert_no_crash(result)
    report = report_of(result)
    assert report["summary"]["imported"] == files - 1
    assert {path: page["reason"] for path, page in entries(report, "skipped").items()} == {
        "deep.json": "too-deep"
    }
    again = report_of(run_medcli("import", str(folder), "--json"))
    assert (again["summary"]["unchanged"], again["summary"]["skipped"]) == (files - 1, 1)
    assert labels_listed(run_medcli) == files - 1
    assert_library_intact(isolated_home, run_medcli)


# A reader of stdout that goes away: the import finishes and keeps everything.


def start_medcli(home: Path, *args: str, **kwargs: Any) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "MEDCLI_HOME": str(home)}
    return subprocess.Popen([str(MEDCLI), *args], env=environment, **kwargs)


def test_json_report_cut_short_by_head_still_imports_every_page(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    write_pages(folder, GOOD_PAGES)  # a report of about 90 kB: more than a pipe holds
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    process = start_medcli(isolated_home, "import", str(folder), "--json", **pipes)
    assert process.stdout is not None and process.stderr is not None
    head = process.stdout.read(100)  # `| head -c 100`
    process.stdout.close()
    stderr = process.stderr.read()
    assert process.wait(timeout=120) == 0, stderr
    assert head.startswith(b'{\n  "pages": [')
    assert b"Traceback" not in stderr and b"internal error" not in stderr, stderr
    assert len(list((isolated_home / "monographs").glob("*.yaml"))) == GOOD_PAGES
    assert_library_intact(isolated_home, run_medcli)


def test_json_report_to_a_closed_pipe_still_imports_every_label(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "labels"
    write_labels(folder, 12)
    reader, writer = os.pipe()
    os.close(reader)  # `| head -c 0`: gone before the first entry
    try:
        process = start_medcli(
            isolated_home, "import", str(folder), "--json", stdout=writer, stderr=subprocess.PIPE
        )
    finally:
        os.close(writer)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert b"Traceback" not in stderr and b"internal error" not in stderr, stderr
    assert labels_listed(run_medcli) == 12
    assert_library_intact(isolated_home, run_medcli)


@pytest.mark.parametrize("as_json", [False, True])
def test_an_import_that_kept_nothing_fails_even_with_stdout_closed(
    as_json: bool, run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    page = tmp_path / "plain.md"
    page.write_bytes(BAD_PAGES["plain.md"][0])
    reader, writer = os.pipe()
    os.close(reader)  # `| true`
    try:
        options = ["--json"] if as_json else []
        streams = {"capture_output": False, "stdout": writer, "stderr": subprocess.PIPE}
        result = run_medcli("import", str(page), *options, **streams)
    finally:
        os.close(writer)
    line = assert_one_error_line(result, 1)
    assert "nothing imported: 1 skipped (no-title 1)" in line
    assert_library_intact(isolated_home, run_medcli)


# FIFOs, sockets and pipes.


@pytest.fixture
def short_folder() -> Iterator[Path]:
    """A folder with a short path: a socket's path must fit in 108 bytes."""
    with tempfile.TemporaryDirectory(prefix="mc") as name:
        yield Path(name)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_fifos_and_sockets_in_a_folder_are_skipped_unopened(
    run_medcli: Run, isolated_home: Path, short_folder: Path
) -> None:
    write_labels(short_folder, 2)
    write_pages(short_folder, 1)
    os.mkfifo(short_folder / "f.json")
    os.mkfifo(short_folder / "p.md")
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(short_folder / "s.json"))
    try:
        result = run_medcli("import", str(short_folder), "--json", timeout=60)
    finally:
        listening.close()
    assert result.returncode == 0, result.stderr
    assert_no_crash(result)
    report = report_of(result)
    skipped = entries(report, "skipped")
    assert sorted(skipped) == ["f.json", "p.md", "s.json"]
    assert all(page["reason"] == "unreadable" for page in skipped.values())
    assert all("not opened" in page["detail"] for page in skipped.values())
    assert report["summary"]["imported"] == 3
    assert_library_intact(isolated_home, run_medcli)


def piped(data: bytes) -> int:
    """The read end of a pipe that is fed *data* (a thread writes, then closes it)."""
    reader, writer = os.pipe()

    def feed() -> None:
        with os.fdopen(writer, "wb") as stream:
            stream.write(data)

    threading.Thread(target=feed, daemon=True).start()
    return reader


def test_a_label_read_from_a_pipe_is_imported(run_medcli: Run, isolated_home: Path) -> None:
    reader = piped(json.dumps(record()).encode())  # as `medcli import <(cat label.json)`
    try:
        result = run_medcli("import", f"/dev/fd/{reader}", pass_fds=(reader,))
    finally:
        os.close(reader)
    assert result.returncode == 0, result.stderr
    assert_no_crash(result)
    assert labels_listed(run_medcli) == 1
    from_stdin = run_medcli("import", "/dev/stdin", input=json.dumps(record(version="4")).encode())
    assert from_stdin.returncode == 0, from_stdin.stderr
    assert_no_crash(from_stdin)
    assert b"1 updated" in from_stdin.stdout
    assert_library_intact(isolated_home, run_medcli)


def test_a_markdown_page_from_a_pipe_is_refused_saying_what_is_read(
    run_medcli: Run, isolated_home: Path
) -> None:
    page = b"# Testadrug\n\n### Usage\nAn invented remedy.\n"
    result = run_medcli("import", "/dev/stdin", "--json", input=page)
    line = assert_one_error_line(result, 1)
    assert "nothing imported: 1 skipped (unrecognised 1)" in line
    [entry] = report_of(result)["pages"]
    assert entry["detail"].endswith("a Markdown page is read from a file named *.md")
    assert_library_intact(isolated_home, run_medcli)


def test_a_zip_read_from_a_pipe_is_refused_in_one_line(
    run_medcli: Run, isolated_home: Path
) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as packed:
        packed.writestr("label.json", json.dumps(record()))
    reader = piped(archive.getvalue())
    try:
        result = run_medcli("import", f"/dev/fd/{reader}", "--json", pass_fds=(reader,))
    finally:
        os.close(reader)
    line = assert_one_error_line(result, 1)
    assert "nothing imported: 1 skipped (not-seekable 1)" in line
    assert [page["reason"] for page in report_of(result)["pages"]] == ["not-seekable"]
    assert_library_intact(isolated_home, run_medcli)


# The main process killed under its workers.


def children(pid: int) -> list[int]:
    """The processes whose parent is *pid*, from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    """Whether *pid* is a process that has not exited (a zombie has)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_for(condition: Any, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return bool(condition())


@needs_a_pool
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds workers through /proc")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGTERM, signal.SIGHUP])
def test_workers_die_with_the_main_process(
    stop: signal.Signals, run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    bulk = tmp_path / "bulk.json"
    results = [record(set_id=f"set-{n}", openfda={"generic_name": [f"z{n}"]}) for n in range(600)]
    bulk.write_text(json.dumps({"meta": {}, "results": results}), encoding="utf-8")
    process = start_medcli(
        isolated_home, "import", str(bulk), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert wait_for(lambda: children(process.pid), 60), "the pool never started"
    started = children(process.pid)
    process.send_signal(stop)
    _, stderr = process.communicate(timeout=60)
    assert wait_for(lambda: not any(map(running, started)), 10), [
        (pid, "outlived medcli") for pid in started if running(pid)
    ]
    if stop == signal.SIGKILL:
        assert (process.returncode, stderr) == (-signal.SIGKILL, b"")
    else:
        assert process.returncode == 128 + stop, stderr
        assert stderr.decode() == f"medcli: error: stopped by {stop.name}\n"
    assert_library_intact(isolated_home, run_medcli)
