"""medcli on a real terminal (tmux): layout, colour without raw escapes, and the pager."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

MEDCLI = Path(sys.executable).with_name("medcli")
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[str]:
    """A detached 100×60 tmux session; its name is yielded.

    60 rows: the short views used here (a filtered side-effects list, about 50 lines
    with the bundled monograph's sources, partner-drug labels included) fit one screen.
    """
    session = f"medcli-{uuid.uuid4().hex[:8]}"
    # The previous test's `kill-session` may leave its server exiting just as this one
    # asks it for a session ("server exited unexpectedly"): ask again, briefly.
    for attempt in range(5):
        started = subprocess.run(
            ["tmux", "-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "100", "-y", "60",
             "bash --norc --noprofile"],
            check=attempt == 4, env={**os.environ, "TERM": "xterm-256color"},
        )  # fmt: skip
        if started.returncode == 0:
            break
        time.sleep(0.2)
    try:
        yield session
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def run_in(session: str, command: str, home: Path) -> str:
    """Type *command* into the pane, wait for it to finish, return the visible screen."""
    marker = home / f"done-{uuid.uuid4().hex}"
    line = f"export MEDCLI_HOME={shlex.quote(str(home))}; clear; {command}; touch {marker}"
    subprocess.run(["tmux", "send-keys", "-t", session, line, "Enter"], check=True)
    deadline = time.monotonic() + 30
    while not marker.exists():
        if time.monotonic() > deadline:
            pytest.fail("command did not finish in 30 s")
        time.sleep(0.05)
    time.sleep(0.1)
    return subprocess.run(
        ["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True, check=True
    ).stdout


def test_show_on_a_real_terminal_is_laid_out_without_raw_escapes(tmux: str, tmp_path: Path) -> None:
    screen = run_in(tmux, f"{MEDCLI} --no-pager side-effects --serious -f unknown", tmp_path)
    styled = subprocess.run(
        ["tmux", "capture-pane", "-e", "-p", "-t", tmux], capture_output=True, text=True
    ).stdout
    assert "\x1b[" in styled  # a terminal gets styles...
    lines = screen.splitlines()  # ...which never show up as text
    assert "Isatuximab: side effects" in lines
    assert any(line.startswith("• Angioedema (swelling; ") for line in lines)
    assert "\x1b" not in screen and "[1m" not in screen and "[0m" not in screen
    assert all(len(line) <= 100 for line in lines)


def test_a_long_view_goes_through_the_pager_on_a_terminal(tmux: str, tmp_path: Path) -> None:
    pager = tmp_path / "pager.sh"
    pager.write_text("#!/bin/sh\necho PAGED; wc -l\n", encoding="utf-8")
    pager.chmod(0o755)
    screen = run_in(tmux, f"PAGER={pager} {MEDCLI} show isatuximab", tmp_path)
    assert "PAGED" in screen
    unpaged = run_in(tmux, f"PAGER={pager} {MEDCLI} --no-pager show isatuximab -s usage", tmp_path)
    assert "PAGED" not in unpaged and "Isatuximab" in unpaged
    short = run_in(tmux, f"PAGER={pager} {MEDCLI} side-effects --serious -f rare", tmp_path)
    assert "PAGED" not in short and "No side effects match" in short


def test_an_import_on_a_terminal_shows_records_done_their_rate_and_the_time_left(
    tmux: str, tmp_path: Path
) -> None:
    from tests.label_fixtures import answer, record

    labels = [
        record(set_id=f"set-{n}", openfda={**record()["openfda"], "generic_name": [f"ZEN{n}MAB"]})
        for n in range(30)
    ]
    (tmp_path / "bulk.json").write_bytes(answer(*labels))
    log = tmp_path / "pane.log"
    subprocess.run(["tmux", "pipe-pane", "-t", tmux, f"cat >> {log}"], check=True)
    screen = run_in(tmux, f"{MEDCLI} import {tmp_path / 'bulk.json'}", tmp_path)
    seen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", log.read_text(encoding="utf-8", errors="replace"))
    # While it ran (the bar's last frame is drawn before it is wiped): records done,
    # records a second, the time left.
    assert re.search(r"importing\W+30 done, [\d.]+/s \d+:\d\d:\d\d", seen)
    assert "read 30 pages" in screen and "done," not in screen  # gone: only the summary stays
