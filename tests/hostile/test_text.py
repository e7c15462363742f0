"""Hostile text in data: escape sequences and bidi controls never reach a reader.

A label's brand name, section text and table cells carry a screen clear
(`ESC[2J`), a forged OSC 8 hyperlink, a C1 CSI and a right-to-left override; every
command that shows the label (as text, coloured text and JSON) must write none of
them. A store of labels kept before the text gate is read through it too.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.hostile.conftest import (
    Run,
    assert_library_intact,
    assert_no_crash,
    assert_one_error_line,
)
from tests.label_fixtures import AR_TABLE, answer, record

CLEAR = "\x1b[2J"
LINK = "\x1b]8;;http://evil.example/\x07click\x1b]8;;\x07"
C1_CSI = "\x9b31m"
RTL = "\u202e"
HOSTILE = CLEAR + LINK + C1_CSI + RTL
# What must never be written: ESC itself in uncoloured output; in any output the
# pieces of the hostile sequences (Rich's own colour codes are `ESC[…m` only).
FORBIDDEN = ("\x1b[2J", "\x1b]", "\x9b", RTL, "\\u001b", "\\u009b", "\\u202e")


def hostile_record(version: str = "3", **changes: Any) -> dict[str, Any]:
    base = record(version=version)
    base["openfda"] = {**base["openfda"], "brand_name": [f"Zen{HOSTILE}taro"]}
    base["indications_and_usage"] = [
        f"1 INDICATIONS AND USAGE ZENTAMAB {CLEAR}treats {LINK} dullness{RTL} syndrome."
    ]
    base["adverse_reactions_table"] = [AR_TABLE.replace("Neutropenia", f"Neutro{HOSTILE}penia")]
    base.update(changes)
    return base


def import_hostile(run: Run, tmp_path: Path) -> None:
    folder = tmp_path / "labels"
    folder.mkdir()
    (folder / "v3.json").write_bytes(answer(hostile_record("3")))
    extra = f"Store cold.{CLEAR} Do not shake{LINK}."
    (folder / "v4.json").write_bytes(answer(hostile_record("4", storage_and_handling=[extra])))
    result = run("import", str(folder))
    assert result.returncode == 0, result.stderr


COMMANDS = [
    ("show", "zentamab"),
    ("show", "zenclicktaro"),
    ("list",),
    ("search", "dullness"),
    ("side-effects", "--all-drugs"),
    ("side-effects", "zentamab"),
    ("diff", "zentamab"),
    ("show", "zentamab", "--label-version", "3"),
]


def assert_clean(result: subprocess.CompletedProcess[bytes], *, coloured: bool = False) -> None:
    assert_no_crash(result)
    assert result.returncode == 0, result.stderr
    out = result.stdout.decode("utf-8")
    for forbidden in FORBIDDEN:
        assert forbidden not in out, (forbidden, out[:2000])
    if not coloured:
        assert "\x1b" not in out
    assert "http://evil.example" not in out


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_escape_sequences_in_a_label_never_reach_stdout(
    run_medcli: Run, tmp_path: Path, isolated_home: Path, command: tuple[str, ...]
) -> None:
    import_hostile(run_medcli, tmp_path)
    assert_clean(run_medcli(*command))
    assert_clean(run_medcli(*command, "--json"))
    assert_clean(run_medcli(*command, env={"FORCE_COLOR": "1"}), coloured=True)
    assert_library_intact(isolated_home, run_medcli)


def test_the_brand_name_is_kept_readable_and_found(run_medcli: Run, tmp_path: Path) -> None:
    import_hostile(run_medcli, tmp_path)
    shown = json.loads(run_medcli("show", "zentamab", "--json").stdout)
    assert "Zenclicktaro" in shown["aliases"]  # the link's text stays, its target goes
    assert run_medcli("validate").returncode == 0


def test_a_store_written_before_the_gate_is_read_through_it(
    run_medcli: Run, tmp_path: Path, isolated_home: Path
) -> None:
    """Rows kept raw, as an older medcli kept them, still print clean."""
    import msgspec

    from medcli.labels.convert import convert
    from medcli.labels.documents import Document
    from medcli.library.stored import SqliteStore

    document = Document(
        kind="openfda", data=json.dumps(hostile_record()).encode(), shown="raw.json#1"
    )
    mapped = convert(document, "2026-01-01")
    raw = msgspec.json.encode(mapped.monograph)
    assert b"\\u001b[2J" in raw  # kept raw, as before the gate
    store = SqliteStore(isolated_home / "monographs")
    store.put(mapped.monograph.id, raw)
    store.commit()
    store.close()
    for command in [command for command in COMMANDS[:6] if "zenclicktaro" not in command]:
        assert_clean(run_medcli(*command))
        assert_clean(run_medcli(*command, "--json"))
    completion = {
        "_MEDCLI_COMPLETE": "complete_bash",
        "COMP_WORDS": "medcli show zen",
        "COMP_CWORD": "2",
    }
    completed = run_medcli(env=completion)  # the shell shows these candidates
    assert_clean(completed)
    assert completed.stdout.split() == [b"zenclicktaro", b"zentamab"]


def test_an_id_is_never_made_of_a_path(run_medcli: Run, tmp_path: Path) -> None:
    hostile = record()
    hostile["openfda"] = {**hostile["openfda"], "generic_name": ["../../etc/passwd"]}
    hostile["openfda"]["brand_name"] = ["..\\..\\windows\\system32"]
    (tmp_path / "path.json").write_bytes(answer(hostile))
    report = json.loads(run_medcli("import", str(tmp_path / "path.json"), "--json").stdout)
    (page,) = report["pages"]
    drug_id = page["id"]
    assert "etc" not in drug_id and "passwd" not in drug_id and "windows" not in drug_id
    assert drug_id.startswith("label-0f0e0d0c")
    shown = json.loads(run_medcli("show", drug_id, "--json").stdout)
    assert shown["name"] == "../../etc/passwd"  # the name is text, shown as the label has it
    assert_one_error_line(run_medcli("show", "etc-passwd"), 1)


@pytest.mark.parametrize(
    "args",
    [("dose", "-w", "70", "--height", "175", "-r", "isa-vrd"), ("dose", "-w", "71.3"), ("list",)],
)
def test_an_ascii_terminal_gets_ascii_look_alikes_never_a_question_mark(
    run_medcli: Run, args: tuple[str, ...]
) -> None:
    result = run_medcli(*args, env={"PYTHONIOENCODING": "ascii"})
    assert_no_crash(result)
    assert result.returncode == 0
    out = result.stdout.decode("ascii")  # nothing but ASCII
    assert "?" not in out
    assert "~=" in out or args == ("list",)
    if "--height" in args:
        assert "BSA = sqrt(height cm x weight kg / 3600)" in out


PAGE = f"""---
title: Zorbital{CLEAR}
---

# Zorbital{LINK}
### Generic Name
Zorbital

### Usage
Zorbital{RTL} treats {CLEAR}grumpiness.

### Side Effects
* Yawning{LINK}
"""


def test_a_page_a_file_name_and_a_bad_value_are_shown_clean(
    run_medcli: Run, tmp_path: Path, isolated_home: Path
) -> None:
    """Markdown pages, the import report (a file name is data too), `validate`'s errors."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "zorbital.md").write_text(PAGE, encoding="utf-8")
    (pages / f"odd{CLEAR}name.md").write_text(PAGE.replace("Zorbital", "Quarble"), "utf-8")
    for args in (("import", str(pages)), ("import", str(pages), "--json", "--force")):
        result = run_medcli(*args)
        assert_clean(result)
        assert "\x1b" not in result.stderr.decode("utf-8") and RTL not in result.stderr.decode()
    for command in (("show", "zorbital"), ("side-effects", "zorbital"), ("search", "grumpiness")):
        assert_clean(run_medcli(*command))
        assert_clean(run_medcli(*command, "--json"))
    bad = isolated_home / "monographs" / "bad.yaml"
    bad.write_text(f'schema_version: 1\nid: bad\nname: Bad\nroutes: 7\ncolour: "x{CLEAR}{RTL}"\n')
    result = run_medcli("validate", str(bad))
    assert result.returncode == 1
    for stream in (result.stdout, result.stderr):
        assert b"\x1b" not in stream and RTL.encode() not in stream
