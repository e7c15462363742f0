"""Issue 22, items 4, 6 and 8: outputs written safely, read-only and full libraries.

Read-only and full filesystems are real here, not simulated: a read-only bind
mount and a small tmpfs (`mount`, which needs root and a sandbox that allows
mounts; the tests are skipped with the reason when it does not). Root ignores
file permissions, so `chmod` could not make a folder read-only for these tests.
"""

from __future__ import annotations

import contextlib
import os
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.hostile.conftest import Run, assert_library_intact, assert_one_error_line
from tests.label_fixtures import answer, record

pytestmark = pytest.mark.slow  # every case starts the installed console script
PLAN = ("dose", "--weight", "70", "--start", "2026-12-01")
# A Markdown page of the corpus format, made about the size of the seed page (6 kB) so a
# small filesystem holds only a few of them; written for the tests (no ../shared needed).
STANDARD_PAGE = Path(__file__).resolve().parents[1] / "fixtures" / "pages" / "standard.md"
LONG_USAGE = "It is a made-up medicine of these tests, described at length. " * 80


def _page(name: str) -> str:
    text = STANDARD_PAGE.read_text(encoding="utf-8").replace("Fictimab", name)
    return text.replace("### Usage\n", f"### Usage\n{LONG_USAGE}\n", 1)


def _mount(*args: str) -> None:
    result = subprocess.run(["mount", *args], capture_output=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount here ({result.stderr.decode().strip()}): needs root")


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    """A real filesystem of *size* bytes at *where*: a full disk is a full disk."""
    where.mkdir(parents=True, exist_ok=True)
    _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where))
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


@contextlib.contextmanager
def read_only_view(folder: Path, where: Path) -> Iterator[Path]:
    """*folder* seen through a read-only bind mount at *where*: every write is EROFS."""
    where.mkdir(parents=True, exist_ok=True)
    _mount("--bind", str(folder), str(where))
    try:
        _mount("-o", "remount,bind,ro", str(where))
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the filesystem of *folder* up to *leave* free bytes."""
    free = os.statvfs(folder).f_bavail * os.statvfs(folder).f_frsize
    (folder / "filler").write_bytes(b"\0" * max(free - leave, 0))


def _labels(count: int) -> bytes:
    """A bulk file of *count* different labels (each its own set id and name)."""
    records = []
    for number in range(count):
        data = record(
            set_id=f"0f0e0d0c-1111-2222-3333-{number:012d}",
            id=f"aaaa0000-bbbb-cccc-dddd-{number:012d}",
        )
        names = {"generic_name": [f"ZENTAMAB{number}"], "brand_name": [f"Zentaro{number}"]}
        data["openfda"] = {**data["openfda"], **names}
        records.append(data)
    return answer(*records)


# --ics (item 4): only a new path or a regular file is written.


def test_ics_refuses_a_named_pipe_and_leaves_it(run_medcli: Run, tmp_path: Path) -> None:
    pipe = tmp_path / "plan.ics"
    os.mkfifo(pipe)
    result = run_medcli(*PLAN, "--ics", str(pipe))
    line = assert_one_error_line(_without_warnings(result), 2)
    assert "named pipe" in line and "regular file" in line
    assert stat.S_ISFIFO(pipe.lstat().st_mode)


def test_ics_refuses_a_device_and_leaves_it(run_medcli: Run, tmp_path: Path) -> None:
    """A device node like /dev/full (character device 1, 7), made in the test's own folder:
    code that replaced its target would otherwise replace the machine's /dev/full."""
    device = tmp_path / "full"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    except PermissionError:
        pytest.skip("making a device node needs root")
    result = run_medcli(*PLAN, "--ics", str(device))
    line = assert_one_error_line(_without_warnings(result), 2)
    assert f"{device}: a device" in line
    assert stat.S_ISCHR(device.lstat().st_mode)


def test_ics_writes_through_a_symlink_and_keeps_the_link(run_medcli: Run, tmp_path: Path) -> None:
    real = tmp_path / "calendars" / "plan.ics"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "plan.ics"
    link.symlink_to(real)
    result = run_medcli(*PLAN, "--ics", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    assert real.read_text().startswith("BEGIN:VCALENDAR")


def test_ics_on_a_full_disk_is_one_line_and_keeps_the_old_file(
    run_medcli: Run, tmp_path: Path
) -> None:
    with tmpfs(tmp_path / "disk", "64k") as disk:
        plan = disk / "plan.ics"
        plan.write_text("old")
        _fill(disk, 0)
        result = run_medcli(*PLAN, "--ics", str(plan))
        line = assert_one_error_line(_without_warnings(result), 1)
        assert "no space left" in line
        assert plan.read_text() == "old"
        assert sorted(path.name for path in disk.iterdir()) == ["filler", "plan.ics"]


def test_ics_on_a_read_only_filesystem_is_one_line(run_medcli: Run, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with read_only_view(tmp_path / "folder", tmp_path / "ro") as folder:
        result = run_medcli(*PLAN, "--ics", str(folder / "plan.ics"))
        line = assert_one_error_line(_without_warnings(result), 1)
        assert "read-only file system" in line
        assert not list(folder.iterdir())


# A read-only library (item 6): read as it is; writing to it is a clear error.


def test_a_read_only_library_is_read_normally(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    """A label filed as `sarclisa` (the id isatuximab is the bundled one's) in a read-only
    library: `show sarclisa` must answer with the label, not the bundled monograph that
    has Sarclisa as an alias."""
    labels = tmp_path / "sarclisa.json"
    brand = {"generic_name": ["ISATUXIMAB"], "brand_name": ["Sarclisa"]}
    labels.write_bytes(answer(record(openfda={**record()["openfda"], **brand})))
    assert run_medcli("import", str(labels)).returncode == 0
    with read_only_view(isolated_home, tmp_path / "ro") as home:
        env = {"MEDCLI_HOME": str(home)}
        result = run_medcli("show", "sarclisa", env=env)
        assert result.returncode == 0, result.stderr
        assert result.stdout.decode().startswith("FDA label")
        assert b"import the labels again" not in result.stderr
        listed = run_medcli("list", env=env)
        assert b"sarclisa" in listed.stdout and b"2 monographs" in listed.stdout


def test_importing_into_a_read_only_library_names_the_folder(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    labels = tmp_path / "zen.json"
    labels.write_bytes(answer(record()))
    page = tmp_path / "zentamab.md"
    page.write_text(_page("Zentamab"), encoding="utf-8")
    (isolated_home / "monographs").mkdir(parents=True)
    with read_only_view(isolated_home, tmp_path / "ro") as home:
        env = {"MEDCLI_HOME": str(home)}
        for given in (labels, page):
            result = run_medcli("import", str(given), "--force", env=env)
            line = assert_one_error_line(_without_warnings(result), 1)
            assert f"cannot write to {home / 'monographs'}: " in line and "read-only" in line


def test_removing_from_a_read_only_library_is_one_line_and_keeps_the_label(
    run_medcli: Run, isolated_home: Path, tmp_path: Path
) -> None:
    """`medcli remove` (issue 25) by name and by set id: nothing can be deleted there."""
    labels = tmp_path / "zen.json"
    labels.write_bytes(answer(record()))
    assert run_medcli("import", str(labels)).returncode == 0
    with read_only_view(isolated_home, tmp_path / "ro") as home:
        env = {"MEDCLI_HOME": str(home)}
        store = home / "monographs" / "labels.sqlite"
        for name in ("zentaro", "0f0e0d0c-1111-2222-3333-444455556666"):
            result = _without_warnings(run_medcli("remove", name, env=env))
            line = assert_one_error_line(result, 1)
            assert line.startswith(f"medcli: error: cannot remove zentamab from {store}: ")
            assert "read-only" in line
        dry = run_medcli("remove", "zentaro", "--dry-run", env=env)
        assert dry.returncode == 0 and dry.stdout.startswith(b"Would remove zentamab")
        assert run_medcli("show", "zentaro", env=env).returncode == 0
    assert run_medcli("show", "zentaro").returncode == 0
    assert_library_intact(isolated_home, run_medcli)


# A full disk (item 8): one line, the summary of what was kept, the library intact.


def test_a_full_disk_during_a_label_import_keeps_the_committed_batches(
    run_medcli: Run, tmp_path: Path
) -> None:
    """A real full disk: a tmpfs as the library home, which 800 labels overflow after the
    first batch of 500 was committed. Its size is measured, not guessed: 1.5 times the
    store the first 500 labels make (their batch and its write-ahead log fit; the next
    batch does not), so the test holds whatever a label costs on disk."""
    first = tmp_path / "first.json"
    first.write_bytes(_labels(500))
    probe = tmp_path / "probe"
    assert run_medcli("import", str(first), env={"MEDCLI_HOME": str(probe)}).returncode == 0
    store_bytes = sum(path.stat().st_size for path in (probe / "monographs").iterdir())
    bulk = tmp_path / "bulk.json"
    bulk.write_bytes(_labels(800))
    with tmpfs(tmp_path / "home", f"{store_bytes * 3 // 2 // 1024}k") as home:
        result = run_medcli("import", str(bulk), env={"MEDCLI_HOME": str(home)})
        errors = _without_warnings(result)
        line = assert_one_error_line(errors, 1)
        assert "no space left on the device" in line and "were not kept" in line
        lost = line.split("the last ")[1].split(" labels")[0]
        summary = b" ".join(result.stdout.split())  # as one line, whatever the wrapping
        kept = f"stopped early, so far: 500 imported, 0 updated, 0 unchanged, {lost} skipped"
        assert kept.encode() + f" (not-kept {lost})".encode() in summary
        listed = run_medcli("list", "--json", env={"MEDCLI_HOME": str(home)})
        assert listed.stdout.count(b'"id": "zentamab') == 500  # the first batch, whole
        assert_library_intact(home, run_medcli)


def test_a_full_disk_during_a_page_import_is_one_line_and_a_summary(
    run_medcli: Run, tmp_path: Path
) -> None:
    """A real full disk: a tmpfs with room for a few of the 40 monographs the pages make."""
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(40):
        (pages / f"zentamab{number}.md").write_text(_page(f"Zentamab{number}"), encoding="utf-8")
    with tmpfs(tmp_path / "home", "1m") as home:
        (home / "monographs").mkdir()
        _fill(home, 60_000)
        result = run_medcli("import", str(pages), env={"MEDCLI_HOME": str(home)})
        line = assert_one_error_line(_without_warnings(result), 1)
        assert "no space left on the device" in line
        assert b"stopped early, so far: " in result.stdout
        kept = [path.name for path in (home / "monographs").iterdir()]
        assert kept and all(name.endswith(".yaml") for name in kept)  # no temporaries
        (home / "filler").unlink()
        assert_library_intact(home, run_medcli)


def _without_warnings(
    result: subprocess.CompletedProcess[bytes],
) -> subprocess.CompletedProcess[bytes]:
    """*result* with the `medcli: warning:` lines of stderr left out (a plan's own warnings)."""
    lines = result.stderr.decode("utf-8", "replace").splitlines(keepends=True)
    kept = "".join(line for line in lines if not line.startswith("medcli: warning: "))
    return subprocess.CompletedProcess(result.args, result.returncode, result.stdout, kept.encode())
