"""`medcli import` through the CLI: summary, JSON, dry run, force, idempotency, exit codes."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

import pytest

from medcli.importer import report as import_report
from medcli.importer import run as import_run
from medcli.importer.report import ImportReport, PageReport, Tally, summarize
from medcli.importer.run import import_pages
from medcli.library import files
from medcli.library.loader import load_monograph
from medcli.render.import_report import JsonPages, import_view
from tests.conftest import BUNDLED, Cli, minimal_monograph

PAGES = Path(__file__).parent / "fixtures" / "pages"
SUMMARY_KEYS = {
    "read",
    "imported",
    "updated",
    "unchanged",
    "skipped",
    "skipped_by_reason",
    "warnings",
    "seconds",
    "pages_per_second",
    "coverage",
    "structure_coverage",
}
PAGE_KEYS = {
    "path",
    "id",
    "outcome",
    "reason",
    "detail",
    "coverage",
    "words",
    "found",
    "structure_words",
    "missing",
    "warnings",
    "kind",
    "side_effects",
    "tables",
    "rate_tables",
    "structure_coverage",
    "side_effect_words",
    "in_entries",
}


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    """A folder with three fixture pages, one of them in a subfolder."""
    folder = tmp_path / "pages"
    (folder / "more").mkdir(parents=True)
    shutil.copy(PAGES / "standard.md", folder / "fictimab.md")
    shutil.copy(PAGES / "word-tiers.md", folder / "wordomycin.md")
    shutil.copy(PAGES / "combination.md", folder / "more" / "fictimab-placebotin.md")
    (folder / "notes.txt").write_text("not a page", encoding="utf-8")
    return folder


def flat(text: str) -> str:
    """Output with line wrapping undone (the report wraps at the terminal width)."""
    return " ".join(text.split())


def written(home: Path) -> list[str]:
    return sorted(path.name for path in (home / "monographs").iterdir())


def import_json(cli: Cli, *args: str) -> dict[str, Any]:
    result = cli("import", *args, "--json")
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def test_a_folder_is_imported_into_the_user_library(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    result = cli("import", str(pages))
    assert result.exit_code == 0, result.stderr
    assert written(isolated_home) == [
        "fictimab-placebotin.yaml",
        "fictimab.yaml",
        "wordomycin.yaml",
    ]
    assert "read 3 pages in" in flat(result.stdout)
    assert "3 imported, 0 updated, 0 unchanged, 0 skipped" in flat(result.stdout)
    assert "word coverage 100% overall" in flat(result.stdout)
    assert result.stderr == ""
    for file in (isolated_home / "monographs").iterdir():
        load_monograph(file, expected_id=file.stem)
    assert cli("validate", str(isolated_home / "monographs")).exit_code == 0
    shown = cli("show", "fictimab")
    assert shown.exit_code == 0
    assert "Imported from fictimab.md" in shown.stdout


def test_the_source_path_is_relative_to_the_folder_given(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    cli("import", str(pages))
    text = (isolated_home / "monographs" / "fictimab-placebotin.yaml").read_text(encoding="utf-8")
    assert "path: more/fictimab-placebotin.md" in text


def test_json_reports_every_page_and_the_summary_with_stable_keys(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    document = import_json(cli, str(pages))
    assert set(document) == {"target", "dry_run", "summary", "labels", "pages", "stopped"}
    assert document["stopped"] is None
    summary = document["summary"]
    assert set(summary) == SUMMARY_KEYS
    assert summary["coverage"]["overall"] == 1.0
    assert summary["coverage"]["min"] == 1.0
    pages_found = document["pages"]
    assert all(set(page) == PAGE_KEYS for page in pages_found)
    assert [page["outcome"] for page in pages_found] == ["imported"] * 3
    assert document["target"] == str(isolated_home / "monographs")


def test_importing_twice_changes_nothing_and_says_so(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    cli("import", str(pages))
    files = sorted((isolated_home / "monographs").iterdir())
    before = {file: (file.read_bytes(), file.stat().st_mtime_ns) for file in files}
    again = cli("import", str(pages))
    assert again.exit_code == 0
    assert "0 imported, 0 updated, 3 unchanged, 0 skipped" in flat(again.stdout)
    assert {file: (file.read_bytes(), file.stat().st_mtime_ns) for file in files} == before


def test_an_import_on_another_day_is_still_unchanged(tmp_path: Path, pages: Path) -> None:
    into = tmp_path / "library"
    import_pages([pages], bundled=BUNDLED, into=into, today="2026-01-01")
    report = import_pages([pages], bundled=BUNDLED, into=into, today="2026-02-02")
    assert report.summary.unchanged == 3
    assert "date: '2026-01-01'" in (into / "fictimab.yaml").read_text(encoding="utf-8")


def test_a_changed_page_is_updated(cli: Cli, pages: Path, isolated_home: Path) -> None:
    cli("import", str(pages))
    page = pages / "fictimab.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = cli("import", str(pages))
    assert "0 imported, 1 updated, 2 unchanged" in flat(result.stdout)


def test_dry_run_writes_nothing_but_reports_what_would_happen(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    result = cli("import", str(pages), "--dry-run")
    assert result.exit_code == 0
    assert "dry run, nothing written: 3 imported" in flat(result.stdout)
    assert not (isolated_home / "monographs").exists()
    document = import_json(cli, str(pages), "--dry-run")
    assert document["dry_run"] is True


def test_into_writes_to_the_folder_given(cli: Cli, pages: Path, tmp_path: Path) -> None:
    into = tmp_path / "out" / "monographs"
    result = cli("import", str(pages / "fictimab.md"), "--into", str(into))
    assert result.exit_code == 0
    assert sorted(path.name for path in into.iterdir()) == ["fictimab.yaml"]
    assert "path: fictimab.md" in (into / "fictimab.yaml").read_text(encoding="utf-8")


def test_a_curated_monograph_is_not_overwritten_without_force(
    cli: Cli, pages: Path, user_library: Path
) -> None:
    curated = user_library / "fictimab.yaml"
    curated.write_text(minimal_monograph("fictimab"), encoding="utf-8")
    original = curated.read_bytes()
    result = cli("import", str(pages))
    assert result.exit_code == 0  # the other pages were imported
    assert "skipped fictimab.md: protected" in flat(result.stdout)
    assert "2 imported, 0 updated, 0 unchanged, 1 skipped (protected 1)" in flat(result.stdout)
    assert curated.read_bytes() == original
    forced = cli("import", str(pages), "--force")
    assert forced.exit_code == 0
    assert "1 updated" in flat(forced.stdout)
    assert "replaces a curated monograph" in forced.stderr
    assert "kind: imported" in curated.read_text(encoding="utf-8")


def test_a_bundled_id_is_protected_and_force_shadows_it(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    page = tmp_path / "isatuximab.md"
    shutil.copy(PAGES / "standard.md", page)
    result = cli("import", str(page))
    assert result.exit_code == 1  # nothing could be imported
    assert "protected (a bundled monograph has the id 'isatuximab'" in flat(result.stdout)
    assert not (isolated_home / "monographs").exists()
    assert cli("import", str(page), "--force").exit_code == 0
    assert (isolated_home / "monographs" / "isatuximab.yaml").exists()


def write_bad_pages(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "latin1.md").write_bytes("# Caf\xe9\n### Usage\nText.\n".encode("latin-1"))
    (folder / "empty.md").write_bytes(b"")
    (folder / "binary.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (folder / "untitled.md").write_text("---\nlayout: x\n---\nNo title here.\n", encoding="utf-8")


def test_unreadable_pages_are_skipped_with_path_and_reason_and_the_run_goes_on(
    cli: Cli, pages: Path, isolated_home: Path
) -> None:
    write_bad_pages(pages)
    result = cli("import", str(pages))
    assert result.exit_code == 0
    assert "skipped binary.md: binary (binary file (contains NUL bytes))" in flat(result.stdout)
    assert "skipped empty.md: empty" in flat(result.stdout)
    assert "skipped latin1.md: not-utf8 (not UTF-8 (byte 0xe9 at offset 5))" in flat(result.stdout)
    assert "skipped untitled.md: no-title" in flat(result.stdout)
    assert "3 imported, 0 updated, 0 unchanged, 4 skipped" in flat(result.stdout)
    assert "(binary 1, empty 1, no-title 1, not-utf8 1)" in flat(result.stdout)
    assert len(written(isolated_home)) == 3


def test_nothing_importable_exits_1(cli: Cli, tmp_path: Path) -> None:
    write_bad_pages(tmp_path / "bad")
    result = cli("import", str(tmp_path / "bad"))
    assert result.exit_code == 1
    assert "0 imported, 0 updated, 0 unchanged, 4 skipped" in flat(result.stdout)
    document = import_json(cli, str(tmp_path / "bad"))
    assert document["summary"]["skipped_by_reason"] == {
        "binary": 1,
        "empty": 1,
        "no-title": 1,
        "not-utf8": 1,
    }


def test_a_folder_without_pages_exits_1(cli: Cli, tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = cli("import", str(tmp_path / "empty"))
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("medcli: error: no Markdown pages or labels in ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "Missing argument"),
        (["/no/such/folder"], "no such file or folder: /no/such/folder"),
        (["--unknown", "x"], "No such option"),
    ],
)
def test_usage_errors_exit_2(cli: Cli, args: list[str], message: str) -> None:
    result = cli("import", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr
    assert result.stderr.startswith("medcli: error:")


def test_into_a_file_is_a_usage_error(cli: Cli, pages: Path, tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = cli("import", str(pages), "--into", str(target))
    assert result.exit_code == 2
    assert "not a folder" in result.stderr


def test_two_pages_with_one_id_keep_the_first(cli: Cli, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / "pages" / folder).mkdir(parents=True)
        shutil.copy(PAGES / "standard.md", tmp_path / "pages" / folder / "fictimab.md")
    result = cli("import", str(tmp_path / "pages"))
    assert result.exit_code == 0
    assert "skipped b/fictimab.md: duplicate-id (id 'fictimab' is already taken by" in flat(
        result.stdout
    )


def test_symlinked_folders_are_not_followed(cli: Cli, pages: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.copy(PAGES / "missing-sections.md", elsewhere / "sparsitol.md")
    (pages / "link").symlink_to(elsewhere, target_is_directory=True)
    document = import_json(cli, str(pages), "--dry-run")
    assert [page["path"] for page in document["pages"]] == [
        "fictimab.md",
        "more/fictimab-placebotin.md",
        "wordomycin.md",
    ]


def test_warnings_go_to_stderr(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "extranol.md"
    shutil.copy(PAGES / "extra-sections.md", page)
    result = cli("import", str(page))
    assert result.exit_code == 0
    assert result.stderr == (
        "medcli: warning: extranol.md: repeated section 'Usage' kept under extra_sections\n"
    )
    assert "1 warning" in flat(result.stdout)


def test_an_interrupted_import_exits_130_and_leaves_no_partial_file(
    cli: Cli, pages: Path, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = 0
    real_replace = Path.replace

    def interrupted(self: Path, target: Path) -> Path:
        nonlocal calls
        calls += 1
        if calls == 2:
            raise KeyboardInterrupt
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", interrupted)
    result = cli("import", str(pages))
    assert result.exit_code == 130
    assert "interrupted" in result.stderr
    library = isolated_home / "monographs"
    names = sorted(path.name for path in library.iterdir())
    assert names == ["fictimab.yaml"]  # the second write was undone, no temporary left


def test_many_pages_are_converted_in_worker_processes_with_the_same_result(
    tmp_path: Path, pages: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sequential = import_pages(
        [pages], bundled=BUNDLED, into=tmp_path / "one", today="2026-01-01", workers=1
    )
    monkeypatch.setattr(import_run, "PARALLEL_FROM", 2)
    monkeypatch.setattr(import_run, "CHUNK", 1)
    parallel = import_pages(
        [pages], bundled=BUNDLED, into=tmp_path / "two", today="2026-01-01", workers=2
    )
    assert [page.outcome for page in parallel.pages] == ["imported"] * 3
    for name in ("fictimab.yaml", "wordomycin.yaml", "fictimab-placebotin.yaml"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert sequential.summary.found == parallel.summary.found


def test_help_shows_the_examples(cli: Cli) -> None:
    result = cli("import", "--help")
    assert result.exit_code == 0
    assert "medcli import ~/pages" in flat(result.stdout)
    assert "--dry-run" in flat(result.stdout) and "--force" in flat(result.stdout)


def test_a_run_removes_stale_temporaries_a_killed_run_left(tmp_path: Path, pages: Path) -> None:
    into = tmp_path / "library"
    into.mkdir()
    stale = into / ".fictimab.k3_x9q2a.tmp"  # a kill -9 between mkstemp and rename
    fresh = into / ".wordomycin.ab12cd34.tmp"  # may belong to a run still going
    other = into / ".notes.tmp"  # not the writer's pattern
    for path in (stale, fresh, other):
        path.write_bytes(b"")
    old = time.time() - 3600
    os.utime(stale, (old, old))
    os.utime(other, (old, old))
    import_pages([pages], bundled=BUNDLED, into=into, dry_run=True, today="2026-01-01")
    assert stale.exists()  # a dry run changes nothing
    import_pages([pages], bundled=BUNDLED, into=into, today="2026-01-01")
    assert not stale.exists()
    assert fresh.exists() and other.exists()


def test_the_temporary_is_synced_before_it_is_renamed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    real_fsync, real_replace = os.fsync, Path.replace

    def fsync(fd: int) -> None:
        calls.append("fsync")
        real_fsync(fd)

    def replace(self: Path, target: Any) -> Path:
        calls.append("replace")
        return real_replace(self, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(Path, "replace", replace)
    files.write_atomic(tmp_path / "x.yaml", b"data")
    assert calls == ["fsync", "replace"]
    assert (tmp_path / "x.yaml").read_bytes() == b"data"
    assert [path.name for path in tmp_path.iterdir()] == ["x.yaml"]


def test_json_entries_are_written_as_each_page_is_done() -> None:
    written: list[bytes] = []
    pages = JsonPages(written.append)
    pages.page(PageReport("a.md", "a", "imported"))
    assert len(written) == 1 and b'"path": "a.md"' in written[0]  # before the import ends
    pages.page(PageReport("b.md", None, "skipped", reason="binary", detail="x"))
    summary = summarize([], 1.0)
    pages.finish(ImportReport("/lib", False, summary))
    document = json.loads(b"".join(written))
    assert [page["path"] for page in document["pages"]] == ["a.md", "b.md"]
    assert set(document) == {"pages", "dry_run", "labels", "stopped", "summary", "target"}
    empty: list[bytes] = []
    JsonPages(empty.append).finish(ImportReport("/lib", True, summary))
    assert json.loads(b"".join(empty))["pages"] == []


def test_the_summary_keeps_counts_not_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(import_report, "SKIPPED_SHOWN", 2)
    tally = Tally()
    coverages = [(number * 37 % 101) / 100 for number in range(200)]
    for number, coverage in enumerate(coverages):
        tally.add(PageReport(f"p{number:03d}.md", f"p{number}", "imported", coverage=coverage,
                             words=100, found=int(coverage * 100), warnings=["w"]))  # fmt: skip
    for number in range(5):
        tally.add(PageReport(f"s{number}.md", None, "skipped", reason="binary", detail="x"))
    summary = tally.summary(2.0)
    expected = sorted(zip(coverages, (f"p{n:03d}.md" for n in range(200)), strict=True))[:5]
    assert [(page.coverage, page.path) for page in summary.lowest] == expected
    assert summary.read == 205 and summary.skipped == 5 and summary.warnings == 200
    assert [page.path for page in summary.first_skipped] == ["s0.md", "s1.md"]
    assert len(summary.first_warnings) == import_report.WARNINGS_SHOWN
    view, warnings = import_view(ImportReport("/lib", False, summary))
    text = "\n".join(str(line) for line in view)
    assert "skipped s1.md: binary (x)" in text and "… and 3 more skipped (see --json)" in text
    assert warnings[-1] == "… and 180 more (see --json)"


def test_the_progress_bar_leaves_stdout_alone_so_json_pages_reach_the_file() -> None:
    """`medcli import --json > file` from a terminal: stderr shows the bar, and the pages
    written on stdout while it runs go to the file, not into the bar's stream."""
    import io
    import sys

    from rich.console import Console

    from medcli.render.import_report import progress_bar

    stdout_before = sys.stdout
    bar_stream = io.StringIO()
    with progress_bar(Console(file=bar_stream, force_terminal=True)) as advance:
        assert advance is not None  # a terminal: the bar is shown
        assert sys.stdout is stdout_before
        advance(1, 1, 2)
    assert sys.stdout is stdout_before
