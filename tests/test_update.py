"""`medcli update` against a local openFDA: a manifest and partition zips served from 127.0.0.1.

Every server here is `http.server` on 127.0.0.1, port 0, in a thread; nothing else is
contacted. The partitions are zips of invented records (`label_fixtures.record`), and in
one test (skipped without `../shared/labels`) of real records from the shared sample.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from medcli.library.files import exclusive_lock
from tests.conftest import Cli
from tests.label_fixtures import (
    SPL_PRODUCT,
    SPL_SECTIONS,
    answer,
    later_version,
    record,
    spl,
    stored_ids,
    zipped,
)

EXPORT = "2026-11-21"
NEWER = "2026-11-28"
A = "drug-label-0001-of-0002.json.zip"
B = "drug-label-0002-of-0002.json.zip"


def other_label(n: int) -> dict[str, Any]:
    openfda = {**record()["openfda"], "generic_name": [f"GLOWMAB{n}"], "brand_name": [f"Glo{n}"]}
    return record(set_id=f"1f1e1d1c-0000-0000-0000-00000000000{n}", openfda=openfda)


def partition(records: list[dict[str, Any]], name: str) -> bytes:
    return zipped({name.removesuffix(".zip"): answer(*records)})


@dataclass
class Served:
    """What the test server holds and how it behaves; every request it got."""

    files: dict[str, bytes] = field(default_factory=dict)
    honour_range: bool = True
    drop_after: dict[str, int] = field(default_factory=dict)  # name → bytes sent, once
    drop_always: dict[str, int] = field(default_factory=dict)  # name → bytes sent, each time
    stall_after: dict[str, int] = field(default_factory=dict)  # name → bytes sent, then waits
    released: threading.Event = field(default_factory=threading.Event)
    requests: list[tuple[str, str | None]] = field(default_factory=list)

    def publish(self, export: str, parts: dict[str, bytes], base: str, **sizes: float) -> None:
        """A manifest of *parts* (sizes from their bytes unless given) and the parts."""
        self.files.update(parts)
        self.files["download.json"] = manifest(export, parts, base, sizes)

    def fetched(self) -> list[str]:
        return [name for name, _ in self.requests if name != "download.json"]


def manifest(
    export: str, parts: dict[str, bytes], base: str, sizes: dict[str, float] | None = None
) -> bytes:
    """A download.json as openFDA writes it (only the drug-label part)."""
    entries = [
        {
            "display_name": f"{name[11:15]} of 0002",
            "file": f"{base}/drug/label/{name}",
            "records": json.loads(_member(data))["meta"]["results"]["total"],
            "size_mb": f"{(sizes or {}).get(name, len(data) / 1_000_000):.2f}",
        }
        for name, data in parts.items()
    ]
    total = sum(entry["records"] for entry in entries)
    label = {"export_date": export, "partitions": entries, "total_records": total}
    return json.dumps({"results": {"drug": {"label": label}}}).encode()


def _member(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(archive.namelist()[0])


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def do_GET(self) -> None:
        served = self.server.served
        name = self.path.rsplit("/", 1)[-1]
        wanted = self.headers.get("Range")
        served.requests.append((name, wanted))
        data = served.files.get(name)
        if data is None:
            self.send_error(404, "Not Found")
            return
        start = int(wanted.split("=")[1].split("-")[0]) if wanted and served.honour_range else 0
        body = data[start:]
        self.send_response(206 if start else 200)
        self.send_header("Content-Length", str(len(body)))
        if start:
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        self.end_headers()
        stall = served.stall_after.pop(name, None)
        if stall is not None:
            self.wfile.write(body[:stall])
            self.wfile.flush()
            served.released.wait(60)  # until the test has interrupted the client
            return
        cut = served.drop_after.pop(name, served.drop_always.get(name))
        self.wfile.write(body if cut is None else body[:cut])

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: the test reads `Served.requests` instead."""


class _Server(ThreadingHTTPServer):
    served: Served


@pytest.fixture
def server() -> Iterator[tuple[Served, str]]:
    """A server on 127.0.0.1 (a free port) and its base URL."""
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.served = Served()
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield httpd.served, f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.served.released.set()
        httpd.shutdown()
        httpd.server_close()


def first_export(served: Served, base: str) -> dict[str, bytes]:
    parts = {A: partition([record()], A), B: partition([other_label(2), other_label(3)], B)}
    served.publish(EXPORT, parts, base)
    return parts


def outcomes(stdout: str) -> dict[str, str]:
    return {page["id"]: page["outcome"] for page in json.loads(stdout)["pages"]}


def test_update_imports_then_downloads_nothing_then_only_what_changed(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    source = f"{base}/download.json"

    first = cli("update", "--from", source, "--json")
    assert first.exit_code == 0, first.stderr
    assert outcomes(first.stdout) == {
        "zentamab": "imported",
        "glowmab2": "imported",
        "glowmab3": "imported",
    }
    document = json.loads(first.stdout)["update"]
    assert document["status"] == "updated" and document["export_date"] == EXPORT
    assert [p["labels_read"] for p in document["partitions"]] == [1, 2]
    assert sorted(served.fetched()) == [A, B]
    state = json.loads((isolated_home / "monographs" / "labels-update.state").read_text())
    assert [p["file"] for p in state["partitions"]] == [A, B]
    assert not (isolated_home / "cache" / "openfda").exists()  # imported: downloads removed

    served.requests.clear()
    again = cli("update", "--from", source)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "up to date: openFDA export 2026-11-21, 2 partitions, 3 records\n"
    assert served.fetched() == []

    newer = {A: partition([later_version()], A), B: served.files[B]}
    served.publish(NEWER, newer, base)
    served.requests.clear()
    third = cli("update", "--from", source, "--json")
    assert third.exit_code == 0, third.stderr
    assert outcomes(third.stdout) == {
        "zentamab": "updated",
        "glowmab2": "unchanged",
        "glowmab3": "unchanged",
    }
    assert sorted(served.fetched()) == [A, B]  # openFDA re-cuts every partition: all fetched
    assert cli("show", "zentamab", "--label-version", "3").exit_code == 0


def test_text_report_names_the_export_and_the_import(cli: Cli, server: tuple[Served, str]) -> None:
    served, base = server
    first_export(served, base)
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 0, result.stderr
    text = " ".join(result.stdout.split())
    assert text.startswith("openFDA export 2026-11-21: 2 partitions, 2 downloaded (")
    assert "3 imported, 0 updated, 0 unchanged, 0 skipped" in text
    assert "Label changes in this update: 0 labels changed the boxed warning," in text
    assert "do not rely on openFDA to make decisions regarding medical care" in text


def test_a_connection_dropped_mid_file_is_resumed_with_range(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    parts = first_export(served, base)
    served.drop_after[A] = len(parts[A]) // 2
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 0, result.stderr
    asked = [wanted for name, wanted in served.requests if name == A]
    assert asked == [None, f"bytes={len(parts[A]) // 2}-"]
    assert stored_ids(isolated_home / "monographs") == ["glowmab2", "glowmab3", "zentamab"]


def test_a_partial_download_of_an_earlier_run_is_resumed(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    parts = first_export(served, base)
    folder = isolated_home / "cache" / "openfda" / EXPORT
    folder.mkdir(parents=True)
    (folder / f"{A}.part").write_bytes(parts[A][:100])
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 0, result.stderr
    assert [wanted for name, wanted in served.requests if name == A] == ["bytes=100-"]
    assert "zentamab" in stored_ids(isolated_home / "monographs")


def test_a_server_that_ignores_range_gets_the_file_from_the_start(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    served.honour_range = False
    folder = isolated_home / "cache" / "openfda" / EXPORT
    folder.mkdir(parents=True)
    (folder / f"{A}.part").write_bytes(b"stale bytes of some other file")
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 0, result.stderr  # appended, the zip would be damaged
    assert "zentamab" in stored_ids(isolated_home / "monographs")


def test_offline_is_one_line_and_exit_1(cli: Cli) -> None:
    with socket.socket() as probe:  # a port nothing listens on: bound, then closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = cli("update", "--from", f"http://127.0.0.1:{port}/download.json")
    assert result.exit_code == 1
    assert result.stderr == (
        f"medcli: error: cannot reach 127.0.0.1:{port}: connection refused (check the network"
        " connection, or use --from DIR with a downloaded copy)\n"
    )
    assert result.stdout == ""


def test_a_missing_partition_is_one_line_and_nothing_imported(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    del served.files[B]
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"medcli: error: cannot download {base}/{B}: HTTP 404")
    assert result.stderr.count("\n") == 1
    assert stored_ids(isolated_home / "monographs") == []
    assert not (isolated_home / "monographs" / "labels-update.state").exists()


def test_a_corrupt_zip_is_one_line_and_the_library_is_left_as_it_was(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    assert cli("update", "--from", f"{base}/download.json").exit_code == 0
    library = isolated_home / "monographs"
    before = (library / "labels.sqlite").read_bytes()
    newer = {A: partition([later_version()], A), B: served.files[B]}
    damaged = bytearray(newer[A])
    middle = len(damaged) // 2
    damaged[middle : middle + 8] = bytes(b ^ 0xFF for b in damaged[middle : middle + 8])
    served.publish(NEWER, newer, base)
    served.files[A] = bytes(damaged)  # the size the manifest gives, but not the bytes

    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"medcli: error: partition {A} is damaged (")
    assert result.stderr.count("\n") == 1 and "nothing was imported" in result.stderr
    assert (library / "labels.sqlite").read_bytes() == before
    assert json.loads((library / "labels-update.state").read_text())["export_date"] == EXPORT
    assert not (isolated_home / "cache" / "openfda" / NEWER / A).exists()  # fetched afresh next


def test_a_file_of_another_size_than_the_manifest_says_is_refused(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    parts = {A: partition([record()], A)}
    served.publish(EXPORT, parts, base, **{A: 5.0})
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 1
    assert "but the manifest gives 5.0 MB" in result.stderr and result.stderr.count("\n") == 1
    assert stored_ids(isolated_home / "monographs") == []


def test_from_a_folder_imports_without_a_network(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    copy = tmp_path / "openfda"
    copy.mkdir()
    parts = {A: partition([record()], A), B: partition([other_label(2)], B)}
    for name, data in parts.items():
        (copy / name).write_bytes(data)
    # The manifest still names openFDA's URLs: the folder's files are found by their names.
    (copy / "download.json").write_bytes(manifest(EXPORT, parts, "https://download.open.fda.gov"))
    result = cli("update", "--from", str(copy))
    assert result.exit_code == 0, result.stderr
    assert stored_ids(isolated_home / "monographs") == ["glowmab2", "zentamab"]
    assert sorted(path.name for path in copy.iterdir()) == sorted([A, B, "download.json"])
    again = cli("update", "--from", str(copy))
    assert again.stdout.startswith("up to date: openFDA export 2026-11-21, 2 partitions")


def test_a_folder_that_lacks_a_listed_partition_is_one_line(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    parts = {A: partition([record()], A), B: partition([other_label(2)], B)}
    (tmp_path / A).write_bytes(parts[A])
    (tmp_path / "download.json").write_bytes(manifest(EXPORT, parts, "https://x.invalid"))
    result = cli("update", "--from", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"medcli: error: {tmp_path / B}: no such file, but the")
    assert result.stderr.count("\n") == 1
    assert stored_ids(isolated_home / "monographs") == []


def test_a_second_update_while_one_runs_is_refused(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    with exclusive_lock(isolated_home / "cache" / "update.lock") as held:
        assert held
        result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 1
    assert result.stderr.startswith("medcli: error: another medcli update is running")
    assert result.stderr.count("\n") == 1
    assert served.requests == []


def test_dry_run_downloads_and_writes_nothing(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    result = cli("update", "--from", f"{base}/download.json", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("dry run, nothing downloaded: openFDA export 2026-11-21, 2")
    assert served.fetched() == []
    assert not (isolated_home / "monographs").exists()


@pytest.mark.parametrize(
    ("given", "code", "said"),
    [
        ("ftp://127.0.0.1/download.json", 2, "--from ftp://127.0.0.1/download.json: ftp is"),
        ("no-such-folder", 2, "--from no-such-folder: no download.json there"),
    ],
)
def test_a_source_that_cannot_be_one_is_a_usage_error(
    cli: Cli, given: str, code: int, said: str
) -> None:
    result = cli("update", "--from", given)
    assert result.exit_code == code
    assert result.stderr.startswith(f"medcli: error: {said}") and result.stderr.count("\n") == 1


def test_a_manifest_that_is_no_manifest_is_one_line(cli: Cli, server: tuple[Served, str]) -> None:
    served, base = server
    served.files["download.json"] = b'{"results": {"drug": {}}}'
    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 1
    assert "not an openFDA download manifest" in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_terminal_sees_bytes_labels_and_rate_and_a_pipe_sees_nothing() -> None:
    import io

    from rich.console import Console

    from medcli.render.update_report import download_bar

    screen = io.StringIO()
    with download_bar(Console(file=screen, force_terminal=True, width=120)) as progress:
        assert progress is not None
        progress(5_000_000, 10_000_000, 10, 20)
    shown = screen.getvalue()
    assert "5.0/10.0 MB" in shown and "~10 of 20 labels" in shown
    with download_bar(Console(file=io.StringIO())) as progress:
        assert progress is None


def test_retries_are_bounded_and_each_one_resumes(
    server: tuple[Served, str], tmp_path: Path
) -> None:
    from medcli.update.download import DownloadError, Fetcher

    served, base = server
    served.files[A] = bytes(range(256)) * 40
    served.drop_always[A] = 1000  # every answer breaks off after 1,000 bytes
    slept: list[float] = []
    fetcher = Fetcher(attempts=3, backoff=0.5, sleep=slept.append)
    with pytest.raises(DownloadError, match=r"connection closed after .* \(tried 3 times\)"):
        fetcher.fetch_to(f"{base}/{A}", tmp_path / "a.part")
    assert slept == [0.5, 1.0]
    assert [wanted for _, wanted in served.requests] == [None, "bytes=1000-", "bytes=2000-"]
    assert (tmp_path / "a.part").read_bytes() == served.files[A][:3000]  # kept for the next run


def test_the_library_without_its_label_store_is_not_up_to_date(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    first_export(served, base)
    assert cli("update", "--from", f"{base}/download.json").exit_code == 0
    (isolated_home / "monographs" / "labels.sqlite").unlink()
    for extra in (isolated_home / "monographs").glob("labels.sqlite-*"):
        extra.unlink()
    again = cli("update", "--from", f"{base}/download.json")
    assert again.exit_code == 0, again.stderr
    assert stored_ids(isolated_home / "monographs") == ["glowmab2", "glowmab3", "zentamab"]


def test_the_update_document_has_the_same_keys_whatever_happened(
    cli: Cli, server: tuple[Served, str]
) -> None:
    served, base = server
    first_export(served, base)
    source = f"{base}/download.json"
    documents = [
        json.loads(cli("update", "--from", source, *extra, "--json").stdout)
        for extra in (["--dry-run"], [], [])
    ]
    assert [document["update"]["status"] for document in documents] == [
        "dry-run",
        "updated",
        "up-to-date",
    ]
    keys = {
        "source", "manifest", "status", "export_date", "total_records", "previous_export_date",
        "downloaded_bytes", "partitions", "warnings", "changes", "disclaimer",
    }  # fmt: skip
    for document in documents:
        assert set(document["update"]) == keys
        assert {"pages", "summary", "labels", "target", "dry_run", "stopped"} <= set(document)
        for entry in document["update"]["partitions"]:
            assert set(entry) == {
                "file", "display_name", "records", "size_bytes", "sha256", "downloaded",
                "labels_read",
            }  # fmt: skip


def test_a_server_that_never_answers_is_a_timeout_not_a_hang() -> None:
    from medcli.update.download import DownloadError, Fetcher

    with socket.socket() as silent:  # accepts connections (the kernel's backlog), says nothing
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)
        port = silent.getsockname()[1]
        slept: list[float] = []
        fetcher = Fetcher(timeout=0.2, attempts=2, sleep=slept.append)
        with pytest.raises(DownloadError) as raised:
            fetcher.fetch_bytes(f"http://127.0.0.1:{port}/download.json")
    assert raised.value.message == (
        f"cannot download http://127.0.0.1:{port}/download.json: no answer from 127.0.0.1:{port}"
        " in 0.2 s (tried 2 times)"
    )
    assert slept == [1.0]


def test_ctrl_c_mid_download_keeps_the_part_and_the_next_run_resumes_it(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    served, base = server
    parts = first_export(served, base)
    served.stall_after[A] = 1500
    part = isolated_home / "cache" / "openfda" / EXPORT / f"{A}.part"
    medcli = Path(sys.executable).with_name("medcli")
    environment = {**os.environ, "MEDCLI_HOME": str(isolated_home)}
    with subprocess.Popen(
        [str(medcli), "update", "--from", f"{base}/download.json"],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as running:
        for _ in range(600):  # wait (up to a minute) until the first bytes are on disk
            if part.exists() and part.stat().st_size == 1500:
                break
            time.sleep(0.1)
        running.send_signal(signal.SIGINT)
        _, stderr = running.communicate(timeout=60)
    served.released.set()
    assert running.returncode == 130, stderr
    assert stderr == b"medcli: error: interrupted\n"
    assert part.read_bytes() == parts[A][:1500]
    assert stored_ids(isolated_home / "monographs") == []

    result = cli("update", "--from", f"{base}/download.json")
    assert result.exit_code == 0, result.stderr
    assert [wanted for name, wanted in served.requests if name == A] == [None, "bytes=1500-"]
    assert stored_ids(isolated_home / "monographs") == ["glowmab2", "glowmab3", "zentamab"]


def test_the_digest_names_the_changed_sections_after_an_update_and_on_changes(
    cli: Cli, server: tuple[Served, str]
) -> None:
    served, base = server
    first_export(served, base)
    source = f"{base}/download.json"
    assert cli("update", "--from", source).exit_code == 0
    served.requests.clear()
    again = cli("update", "--from", source)
    assert again.exit_code == 0 and served.fetched() == []

    served.publish(NEWER, {A: partition([later_version()], A), B: served.files[B]}, base)
    third = cli("update", "--from", source, "--json")
    assert third.exit_code == 0, third.stderr
    digest = json.loads(third.stdout)["update"]["changes"]
    assert digest["since_source"] == "this update"
    assert digest["labels_with_new_versions"] == 1  # glowmab2 and 3 came back unchanged
    [zentamab] = digest["labels"]
    assert (zentamab["drug"], zentamab["from"]["version"], zentamab["to"]["version"]) == (
        "zentamab",
        "3",
        "4",
    )
    changed = [
        (s["number"], s["key"], s["status"], s["lines_added"], s["lines_removed"])
        for s in zentamab["sections"]
    ]  # the new indication is in no watched section, so it is not listed
    assert changed == [
        ("2.1", "dosage", "changed", 2, 1),  # the dose sentence, and Table 1's new row
        ("5", "warnings", "changed", 1, 0),
        ("5.2", "warnings", "added", 1, 0),
    ]

    text = cli("changes")
    assert text.exit_code == 0, text.stderr
    words = " ".join(text.stdout.split())
    assert "1 label changed the boxed warning, contraindications, dosage or warnings" in words
    assert "Zentamab (id: zentamab) version 3 (2024-01-15, imported" in words
    assert "• 2.1 Recommended Dosage [dosage]: changed, +2 -1 lines" in words
    assert "• 5.2 Dimming [warnings]: added, +1 -0 lines" in words
    shown = " ".join(cli("update", "--from", source).stdout.split())
    assert shown.startswith("up to date:")  # the digest is printed by the run that updated
    same = cli("changes", "--json")
    assert json.loads(same.stdout)["labels"] == digest["labels"]


def test_changes_since_a_later_day_lists_none_and_a_bad_date_is_a_usage_error(cli: Cli) -> None:
    empty = cli("changes")
    assert empty.exit_code == 0, empty.stderr
    assert empty.stdout.startswith("No imported FDA labels in the library")
    later = cli("changes", "--since", "2999-01-01", "--json")
    assert later.exit_code == 0 and json.loads(later.stdout)["labels"] == []
    bad = cli("changes", "--since", "last week")
    assert bad.exit_code == 2
    assert "--since 'last week' is not a date" in bad.stderr
    assert "Traceback" not in bad.stderr


def test_version_counts_labels_and_names_the_newest_export(
    cli: Cli, server: tuple[Served, str], tmp_path: Path
) -> None:
    assert len(cli("--version").stdout.splitlines()) == 3  # no labels: no label line
    (tmp_path / "zen.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "zen.json")).exit_code == 0
    by_hand = cli("--version").stdout.splitlines()
    assert by_hand[3] == "FDA labels: 1; no medcli update yet (labels imported with medcli import)"
    served, base = server
    first_export(served, base)
    assert cli("update", "--from", f"{base}/download.json").exit_code == 0
    lines = cli("--version").stdout.splitlines()
    assert lines[2] == "library: 1 bundled, 3 user (3 labels), 0 folder monographs"
    assert lines[3].startswith(f"FDA labels: 3; openFDA export {EXPORT} (medcli update of 20")


# --- DailyMed ------------------------------------------------------------------------------

FULL = "dm_spl_release_human_rx_part1.zip"
WEEK1 = "dm_spl_weekly_update_111526_112126.zip"
WEEK2 = "dm_spl_weekly_update_112226_112826.zip"
SPL_SET = "9a9a9a9a-0000-1111-2222-333344445555"


def dailymed_zip(*labels: tuple[str, bytes]) -> bytes:
    """A DailyMed release or update file: a zip of per-label zips (an SPL XML and an image)."""
    inner = {
        f"20261121_{set_id}.zip": zipped({f"{set_id}.xml": xml, "label-01.jpg": b"\xff\xd8 jpg"})
        for set_id, xml in labels
    }
    return zipped(inner)


def other_spl(n: int) -> tuple[str, bytes]:
    set_id = f"8b8b8b8b-0000-1111-2222-00000000000{n}"
    title = f"<title>GLOWARO{n} (glowmab{n}) tablets</title>"
    product = SPL_PRODUCT.replace("ZENTARO", f"GLOWARO{n}").replace("zentamab", f"glowmab{n}")
    return set_id, spl(set_id=set_id, title=title, product=product)


def index_page(*names: str) -> bytes:
    """A download page as DailyMed's (or a mirror's index) links its files, among others."""
    links = "".join(f'<li><a href="files/{name}">{name}</a></li>' for name in names)
    other = '<a href="rxnorm_mappings.zip">RxNorm</a><a href="../../etc/passwd.zip">x</a>'
    return f"<html><body><ul>{links}</ul>{other}</body></html>".encode()


def test_dailymed_imports_new_files_only_then_nothing_then_the_newer_week(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    served.files[FULL] = dailymed_zip((SPL_SET, spl()), other_spl(1))
    served.files[WEEK1] = dailymed_zip(other_spl(2))
    served.files["index.html"] = index_page(FULL, WEEK1)
    page = f"{base}/index.html"

    first = cli("update", "--source", "dailymed", "--from", page, "--json")
    assert first.exit_code == 0, first.stderr
    assert outcomes(first.stdout) == {
        "zentamab": "imported",
        "glowmab1": "imported",
        "glowmab2": "imported",
    }
    document = json.loads(first.stdout)["update"]
    assert document["source"] == "dailymed" and document["export_date"] == "2026-11-21"
    assert [p["file"] for p in document["partitions"]] == [FULL, WEEK1]  # full release first
    assert [p["labels_read"] for p in document["partitions"]] == [2, 1]
    assert "public domain" in document["disclaimer"]
    assert sorted(served.fetched()) == sorted([FULL, WEEK1, "index.html"])
    assert not (isolated_home / "cache" / "dailymed").exists()

    served.requests.clear()
    again = cli("update", "--source", "dailymed", "--from", page)
    assert again.exit_code == 0, again.stderr
    assert again.stdout == "up to date: DailyMed files to 2026-11-21, 2 files already imported\n"
    assert served.fetched() == ["index.html"]

    changed = SPL_SECTIONS.replace("Sparkle loss was seen in some patients.", "Stop at once.")
    served.files[WEEK2] = dailymed_zip((SPL_SET, spl(version="3", sections=changed)))
    served.files["index.html"] = index_page(FULL, WEEK1, WEEK2)
    served.requests.clear()
    third = cli("update", "--source", "dailymed", "--from", page, "--json")
    assert third.exit_code == 0, third.stderr
    assert outcomes(third.stdout) == {"zentamab": "updated"}
    assert served.fetched() == ["index.html", WEEK2]  # only the new week
    digest = json.loads(third.stdout)["update"]["changes"]
    [(drug, sections)] = [(c["drug"], c["sections"]) for c in digest["labels"]]
    assert drug == "zentamab" and {s["key"] for s in sections} == {"warnings"}
    state = json.loads((isolated_home / "monographs" / "labels-dailymed.state").read_text())
    assert [p["file"] for p in state["partitions"]] == [FULL, WEEK1, WEEK2]
    assert state["export_date"] == "2026-11-28"
    version = cli("--version").stdout.splitlines()[3]
    assert version.startswith("FDA labels: 3; DailyMed files to 2026-11-28 (medcli update of")


def test_dailymed_from_a_folder_or_one_file_needs_no_network(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "dailymed"
    folder.mkdir()
    (folder / WEEK1).write_bytes(dailymed_zip((SPL_SET, spl())))
    (folder / "notes.zip").write_bytes(b"not DailyMed's: ignored")
    result = cli("update", "--source", "dailymed", "--from", str(folder), "--json")
    assert result.exit_code == 0, result.stderr
    assert outcomes(result.stdout) == {"zentamab": "imported"}
    assert (folder / WEEK1).exists()  # read in place, never deleted
    (folder / WEEK2).write_bytes(dailymed_zip(other_spl(1)))
    one = cli("update", "--source", "dailymed", "--from", str(folder / WEEK2), "--json")
    assert outcomes(one.stdout) == {"glowmab1": "imported"}


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ([], "--source dailymed needs --from"),
        (["--from", "ftp://example.org/x.zip"], "ftp is not supported"),
        (["--from", "/nonexistent/dailymed"], "no such file or folder"),
    ],
)
def test_dailymed_without_a_usable_from_is_a_usage_error(
    cli: Cli, arguments: list[str], message: str
) -> None:
    result = cli("update", "--source", "dailymed", *arguments)
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.splitlines()) <= 2
    assert "Traceback" not in result.stderr


def test_a_page_without_dailymed_files_is_one_line(cli: Cli, server: tuple[Served, str]) -> None:
    served, base = server
    served.files["index.html"] = index_page()
    result = cli("update", "--source", "dailymed", "--from", f"{base}/index.html")
    assert result.exit_code == 1
    assert "no DailyMed release or update zips there" in result.stderr
    assert served.fetched() == ["index.html"]  # neither the RxNorm zip nor ../ followed


def test_a_damaged_or_hostile_dailymed_file_imports_nothing_bad(
    cli: Cli, server: tuple[Served, str], isolated_home: Path
) -> None:
    served, base = server
    whole = dailymed_zip((SPL_SET, spl()))
    served.files[WEEK1] = whole[: len(whole) // 2]  # cut short: no central directory
    served.files["index.html"] = index_page(WEEK1)
    page = f"{base}/index.html"
    cut = cli("update", "--source", "dailymed", "--from", page)
    assert cut.exit_code == 1
    assert f"partition {WEEK1} is damaged" in cut.stderr
    assert not (isolated_home / "monographs" / "labels.sqlite").exists()

    nested = zipped({"a.zip": zipped({"b.zip": zipped({"c.zip": zipped({"d.zip": b"x"})})})})
    label = zipped({f"{SPL_SET}.xml": spl()})
    served.files[WEEK1] = zipped({"20261121_bomb.zip": nested, f"20261121_{SPL_SET}.zip": label})
    hostile = cli("update", "--source", "dailymed", "--from", page, "--json")
    assert hostile.exit_code in (0, 1), hostile.stderr
    pages = json.loads(hostile.stdout)["pages"]
    assert {page["id"] for page in pages if page["outcome"] == "imported"} == {"zentamab"}
    assert any(page["reason"] == "zip-bomb" for page in pages)  # too deep: refused, not read
    assert stored_ids(isolated_home / "monographs") == ["zentamab"]


def test_dailymed_file_names_give_their_dates() -> None:
    from medcli.update.dailymed import release_date

    assert release_date("dm_spl_daily_update_11282026.zip") == "2026-11-28"
    assert release_date(WEEK2) == "2026-11-28"
    assert release_date("dm_spl_monthly_update_nov_2026.zip") == "2026-11-01"
    assert release_date(FULL) is None
    for name in ("dm_spl_weekly_update_111526_113226.zip", "rxnorm_mappings.zip", "x.zip"):
        with pytest.raises(ValueError):
            release_date(name)


def test_changes_since_compares_with_the_version_newest_before_that_day(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    import sqlite3

    dosage = later_version()["dosage_and_administration"][0].replace("8 mg/kg", "9 mg/kg")
    fifth = later_version(
        version="5", id="aaaa0000-bbbb-cccc-dddd-eeeeffff0005", dosage_and_administration=[dosage]
    )
    for number, data in enumerate((record(), later_version(), fifth)):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"v{number}.json")).exit_code == 0
    with sqlite3.connect(isolated_home / "monographs" / "labels.sqlite") as db:
        db.execute("UPDATE versions SET date = '2026-01-01' WHERE version = '3'")
        db.execute("UPDATE versions SET date = '2026-02-01' WHERE version = '4'")
        db.execute("UPDATE labels SET date = '2026-03-01'")

    def compared(since: str) -> list[tuple[str, str, list[str | None]]]:
        digest = json.loads(cli("changes", "--since", since, "--json").stdout)
        return [
            (c["from"]["version"], c["to"]["version"], [s["number"] for s in c["sections"]])
            for c in digest["labels"]
        ]

    assert compared("2026-02-15") == [("4", "5", ["2.1"])]  # only the dose changed since v4
    assert compared("20260115") == [("3", "5", ["2.1", "5", "5.2"])]
    assert compared("2026-03-02") == []
    default = json.loads(cli("changes", "--json").stdout)
    assert (default["since"], default["since_source"]) == ("2026-03-01", "last import")


SHARED_LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "labels"


def _shared_records(tmp_path: Path) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """Five current shared labels, and SARCLISA's versions 3 and 4 (2021-03-23, 2021-04-01:
    the version that added Isa-Kd), read from the shared sample unpacked under *tmp_path*."""
    import tarfile

    for name in ("openfda-labels.tar.gz", "openfda-history.tar.gz"):
        with tarfile.open(SHARED_LABELS / name) as archive:
            archive.extractall(tmp_path, filter="data")
    current = [
        json.loads((tmp_path / "openfda" / f"{application}.json").read_bytes())["results"][0]
        for application in ("NDA021880", "NDA208447", "NDA211651", "BLA125486", "NDA202611")
    ]
    history = tmp_path / "history" / "BLA761113"
    v3, v4 = (
        json.loads((history / name).read_bytes())["results"][0]
        for name in ("20210323-v3.json", "20210401-v4.json")
    )
    return current, v3, v4


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_LABELS.is_dir(), reason="no shared labels")
def test_update_of_real_partitions_then_nothing_then_sarclisas_new_version(
    cli: Cli, server: tuple[Served, str], tmp_path: Path
) -> None:
    """The issue's run on real labels: two partitions cut from the shared sample, served from
    127.0.0.1; again (nothing fetched); then an export whose only change is SARCLISA's
    version 4, which the digest names with its changed dosage sections."""
    served, base = server
    current, v3, v4 = _shared_records(tmp_path)
    source = f"{base}/download.json"
    served.publish(
        EXPORT, {A: partition([v3, *current[:2]], A), B: partition(current[2:], B)}, base
    )
    first = cli("update", "--from", source, "--json")
    assert first.exit_code == 0, first.stderr
    assert sorted(outcomes(first.stdout).values()) == ["imported"] * 6

    served.requests.clear()
    again = cli("update", "--from", source)
    assert again.exit_code == 0 and again.stdout.startswith("up to date:")
    assert served.fetched() == []

    served.publish(NEWER, {A: partition([v4, *current[:2]], A), B: served.files[B]}, base)
    third = cli("update", "--from", source, "--json")
    assert third.exit_code == 0, third.stderr
    assert sorted(outcomes(third.stdout).items()) == sorted(
        (page, "updated" if page == "sarclisa" else "unchanged") for page in outcomes(first.stdout)
    )
    [sarclisa] = json.loads(third.stdout)["update"]["changes"]["labels"]
    assert (sarclisa["drug"], sarclisa["from"]["version"], sarclisa["to"]["version"]) == (
        "sarclisa",
        "3",
        "4",
    )
    changed = {(s["number"], s["key"]) for s in sarclisa["sections"]}
    assert ("2.1", "dosage") in changed  # Isa-Kd's dose joined Isa-Pd's
