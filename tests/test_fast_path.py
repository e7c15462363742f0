"""The fast path: a kept answer is written exactly as the normal path wrote it, and never stale.

The normal path runs through CliRunner (it keeps the answer when a command ends
well); the fast path is `medcli.fast.answer`, run in the same process with stdout
swapped for a pipe-like stream, as the console script would run it. Each change
that must show a new answer gets a test: the fast path must decline (None), and
the normal path then shows the new answer and keeps it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import RenderableType

import medcli
from medcli import fast
from medcli.library import parsed_cache
from tests.conftest import Cli, minimal_monograph
from tests.label_fixtures import answer, record


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are as old as any; their changes are told apart by size or inode."""
    monkeypatch.setattr(fast, "RACY_WINDOW_NS", 0)
    monkeypatch.setattr(parsed_cache, "RACY_WINDOW_NS", 0)


def fast_run(*args: str, first: bool = False) -> tuple[str, str] | None:
    """What the fast path writes on stdout and stderr for *args*; None when it leaves them to
    the normal path. Only a kept answer counts, unless *first*: then a first search, answered
    before Typer too (`medcli.fast_search`), counts as well."""
    out, err = (io.TextIOWrapper(io.BytesIO(), encoding="utf-8", newline="") for _ in "12")
    saved = sys.stdout, sys.stderr, fast._first_search
    sys.stdout, sys.stderr = out, err
    if not first:
        fast._first_search = lambda argv, key: False
    try:
        answered = fast.answer(list(args))
        out.flush()
        err.flush()
    finally:
        sys.stdout, sys.stderr, fast._first_search = saved
    if not answered:
        return None
    written = [stream.buffer.getvalue() for stream in (out, err)]
    return written[0].decode("utf-8"), written[1].decode("utf-8")


def fast_answer(*args: str) -> str | None:
    """What the fast path writes on stdout for *args*, or None."""
    answered = fast_run(*args)
    return None if answered is None else answered[0]


def kept_answers(home: Path) -> list[Path]:
    return sorted((home / "cache" / "answers").glob("*.answer"))


def test_a_kept_show_is_written_by_the_fast_path_byte_for_byte(cli: Cli) -> None:
    assert fast_answer("show", "isatuximab") is None  # nothing kept yet
    shown = cli("show", "isatuximab")
    assert shown.exit_code == 0
    assert fast_answer("show", "isatuximab") == shown.stdout
    by_alias = cli("show", "Sarclisa", "-s", "dosage")
    assert fast_answer("show", "Sarclisa", "-s", "dosage") == by_alias.stdout


def test_an_edited_monograph_is_shown_anew(cli: Cli, user_library: Path) -> None:
    path = user_library / "drugx.yaml"
    path.write_text(minimal_monograph("drugx", usage="Used for alpha."), encoding="utf-8")
    assert "alpha" in cli("show", "drugx").stdout
    assert "alpha" in (fast_answer("show", "drugx") or "")
    path.write_text(minimal_monograph("drugx", usage="Used for omega too."), encoding="utf-8")
    assert fast_answer("show", "drugx") is None
    shown = cli("show", "drugx").stdout
    assert "omega" in shown
    assert fast_answer("show", "drugx") == shown


def test_a_new_monograph_claiming_the_name_is_seen(cli: Cli, user_library: Path) -> None:
    assert cli("show", "Sarclisa").exit_code == 0
    assert fast_answer("show", "Sarclisa") is not None
    (user_library / "other.yaml").write_text(
        minimal_monograph("other", aliases=["Sarclisa"]), encoding="utf-8"
    )
    assert fast_answer("show", "Sarclisa") is None
    ambiguous = cli("show", "Sarclisa")
    assert ambiguous.exit_code == 1
    assert "more than one drug" in ambiguous.stderr


def test_an_imported_then_removed_label_is_seen(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    source = tmp_path / "label.json"
    source.write_bytes(answer(record()))
    assert cli("import", str(source)).exit_code == 0
    # The store's first reader makes its WAL file: the folder changed while that command
    # ran, so its answer is not kept; the next one's is.
    assert cli("show", "zentaro").exit_code == 0
    assert fast_answer("show", "zentaro") is None
    shown = cli("show", "zentaro")
    assert shown.exit_code == 0
    assert fast_answer("show", "zentaro") == shown.stdout
    assert cli("remove", "zentaro").exit_code == 0
    assert fast_answer("show", "zentaro") is None
    gone = cli("show", "zentaro")
    assert gone.exit_code == 1
    assert gone.stderr.startswith("medcli: error: no drug named 'zentaro'")


def test_a_warning_is_written_again_with_its_answer(cli: Cli) -> None:
    args = ["show", "isatuximab", "-s", "usage", "-s", "boxed-warning"]
    shown = cli(*args)
    assert shown.exit_code == 0
    assert shown.stderr.startswith("medcli: warning: Isatuximab has no boxed-warning section")
    assert fast_run(*args) == (shown.stdout, shown.stderr)


def test_a_wal_file_is_judged_by_size_and_mtime_not_the_ctime_sqlite_moves(
    tmp_path: Path,
) -> None:
    wal, monograph = tmp_path / "labels.sqlite-wal", tmp_path / "drugx.yaml"
    for path in (wal, monograph):
        path.write_bytes(b"x")
        os.utime(path, (1000, 1000))
    before = {path: fast.stat_facts(str(path)) for path in (wal, monograph)}
    for path in (wal, monograph):
        path.chmod(0o600)  # what SQLite does to a WAL file it opens: only the ctime moves
    assert fast.stat_facts(str(wal)) == before[wal]
    assert fast.stat_facts(str(monograph)) != before[monograph]
    wal.write_bytes(b"xy")
    assert fast.stat_facts(str(wal)) != before[wal]


def test_a_new_medcli_version_is_not_served_an_old_answer(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("show", "isatuximab", "-s", "usage")
    assert fast_answer("show", "isatuximab", "-s", "usage") is not None
    monkeypatch.setattr(medcli, "__version__", "99.0.0")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None


def test_changed_code_is_not_served_an_old_answer(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = tmp_path / "renderer.py"
    module.write_text("# one\n", encoding="utf-8")
    monkeypatch.setattr(fast, "_code_files", lambda: [str(module)])
    cli("show", "isatuximab", "-s", "usage")
    assert fast_answer("show", "isatuximab", "-s", "usage") is not None
    module.write_text("# two, longer\n", encoding="utf-8")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None


def test_another_width_or_colour_is_another_answer(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = cli("show", "isatuximab", "-s", "usage").stdout
    assert fast_answer("show", "isatuximab", "-s", "usage") == plain
    assert fast_answer("--width", "40", "show", "isatuximab", "-s", "usage") is None
    monkeypatch.setenv("COLUMNS", "60")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("FORCE_COLOR", "1")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None
    coloured = cli("--no-pager", "show", "isatuximab", "-s", "usage").stdout
    assert "\x1b[" in coloured
    assert fast_answer("--no-pager", "show", "isatuximab", "-s", "usage") == coloured


def test_another_order_or_an_unknown_option_falls_through(cli: Cli, isolated_home: Path) -> None:
    cli("show", "isatuximab", "-s", "usage", "-s", "dosage")
    assert fast_answer("show", "isatuximab", "-s", "usage", "-s", "dosage") is not None
    assert fast_answer("show", "isatuximab", "-s", "dosage", "-s", "usage") is None
    assert fast_answer("show", "isatuximab", "-s", "usage", "-s", "dosage", "--bogus") is None
    before = kept_answers(isolated_home)
    wrong = cli("show", "isatuximab", "--bogus")
    assert wrong.exit_code == 2
    assert kept_answers(isolated_home) == before  # a failed command keeps nothing


def test_json_or_an_error_keeps_nothing(cli: Cli, isolated_home: Path) -> None:
    assert cli("show", "isatuximab", "--json").exit_code == 0
    assert cli("show", "no-such-drug").exit_code == 1
    assert kept_answers(isolated_home) == []
    assert fast_answer("show", "isatuximab", "--json") is None


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["show", "--help"], ["dose", "-h"]])
def test_help_is_kept_as_written(cli: Cli, args: list[str]) -> None:
    shown = cli(*args)
    assert shown.exit_code == 0
    assert "Usage: " in shown.stdout
    assert fast_answer(*args) == shown.stdout
    cli("list", "--help")
    assert fast_answer("list", "--help") is None  # a command whose answers are not kept


def test_shell_completion_is_never_answered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_MEDCLI_COMPLETE", "complete_bash")
    assert fast.request_key(["show", "isatuximab"], dict(os.environ), sys.stdout) is None


def test_a_non_utf8_stdout_falls_through(cli: Cli) -> None:
    cli("show", "isatuximab", "-s", "usage")
    ascii_out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    assert fast.request_key(["show", "isatuximab", "-s", "usage"], {}, ascii_out) is None


def test_a_tall_answer_on_a_terminal_goes_through_the_pager(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    paged = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"sh -c 'cat > {paged}'")
    assert fast._write("one\ntwo\nthree\n", "", pages=True, height=2)
    assert paged.read_text(encoding="utf-8") == "one\ntwo\nthree\n"
    assert fast._write("one\n", "", pages=True, height=2)  # fits on the screen: written
    assert capsys.readouterr().out == "one\n"


def test_at_most_max_answers_are_kept_the_oldest_go_first(
    cli: Cli, isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fast, "MAX_ANSWERS", 2)
    for age, width in enumerate(("40", "50", "60")):
        assert cli("--width", width, "show", "isatuximab", "-s", "usage").exit_code == 0
        for answer_file in kept_answers(isolated_home):  # an age apart, whatever the clock
            if answer_file.stat().st_mtime_ns > 10**12:
                os.utime(answer_file, (1000 + age, 1000 + age))
    assert len(kept_answers(isolated_home)) == 2
    assert fast_answer("--width", "40", "show", "isatuximab", "-s", "usage") is None
    assert fast_answer("--width", "60", "show", "isatuximab", "-s", "usage") is not None


def test_a_damaged_answer_falls_through(cli: Cli, isolated_home: Path) -> None:
    expected = cli("show", "isatuximab", "-s", "usage").stdout
    (kept,) = kept_answers(isolated_home)
    kept.write_bytes(b"medcli-answer 1\nnot the key\n0 24 0\n\ntext")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None
    kept.write_bytes(b"\xff\xfe garbage")
    assert fast_answer("show", "isatuximab", "-s", "usage") is None
    assert cli("show", "isatuximab", "-s", "usage").stdout == expected


SECTIONS = ["usage", "dosage", "side-effects", "premedications", "warnings"]
show_lines = st.tuples(
    st.sampled_from(["isatuximab", "Sarclisa", "ISATUXIMAB", "isatux"]),
    st.lists(st.sampled_from(SECTIONS), max_size=3),
    st.sampled_from([[], ["--jurisdiction", "eu"], ["--jurisdiction", "us"]]),
    st.sampled_from([[], ["--width", "50"], ["--no-color"], ["--no-pager"]]),
    st.booleans(),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=show_lines)
def test_the_fast_path_writes_the_normal_paths_bytes(
    cli: Cli, line: tuple[str, list[str], list[str], list[str], bool]
) -> None:
    drug, sections, jurisdiction, global_option, global_first = line
    command = ["show", drug, *(word for name in sections for word in ("-s", name)), *jurisdiction]
    args = [*global_option, *command] if global_first else [*command, *global_option]
    normal = cli(*args)
    kept = fast_run(*args)
    if normal.exit_code != 0:
        assert kept is None
        return
    assert kept == (normal.stdout, normal.stderr)
    assert cli(*args).stdout == normal.stdout


@pytest.mark.slow
def test_the_console_entry_answers_without_importing_typer_rich_or_msgspec(
    isolated_home: Path,
) -> None:
    probe = (
        "import sys\nfrom medcli.__main__ import main\ntry:\n    main()\nfinally:\n"
        "    loaded = ('typer', 'rich', 'msgspec', 'medcli.model')\n"
        "    sys.stderr.write(' '.join(m for m in loaded if m in sys.modules))\n"
    )
    runs = [
        subprocess.run(
            [sys.executable, "-c", probe, "show", "isatuximab"],
            capture_output=True,
            text=True,
            check=False,
        )
        for _ in range(2)
    ]
    assert runs[0].returncode == runs[1].returncode == 0
    assert runs[0].stdout == runs[1].stdout
    assert "typer" in runs[0].stderr  # the first run lays the view out
    assert runs[1].stderr == ""  # the second is written from the kept answer alone


side_effect_lines = st.tuples(
    st.lists(st.sampled_from(["isatuximab", "Sarclisa"]), max_size=2),
    st.lists(
        st.sampled_from([["--serious"], ["--common"], ["-f", "common"], ["-f", "rare"]]),
        max_size=2,
    ),
    st.sampled_from([[], ["--width", "60"], ["--no-color"]]),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=side_effect_lines)
def test_the_fast_path_writes_the_normal_paths_side_effects(
    cli: Cli, line: tuple[list[str], list[list[str]], list[str]]
) -> None:
    drugs, filters, global_option = line
    args = [*global_option, "side-effects", *drugs, *(word for f in filters for word in f)]
    normal = cli(*args)
    kept = fast_run(*args)
    if normal.exit_code != 0:
        assert kept is None
        return
    assert kept == (normal.stdout, normal.stderr)


def test_another_default_drug_is_another_answer(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert cli("side-effects", "--serious").exit_code == 0
    assert fast_answer("side-effects", "--serious") is not None
    (user_library / "drugx.yaml").write_text(minimal_monograph("drugx"), encoding="utf-8")
    monkeypatch.setenv("MEDCLI_DRUG", "drugx")
    assert fast_answer("side-effects", "--serious") is None
    assert "Drugx" in cli("side-effects", "--serious").stdout


dose_lines = st.tuples(
    st.sampled_from([[], ["isatuximab"], ["Sarclisa"]]),
    st.sampled_from(["70", "82.5", "154"]),
    st.sampled_from([[], ["--unit", "lb"], ["--regimen", "isa-kd"], ["--age", "80"]]),
    st.sampled_from([[], ["--width", "60"], ["--no-color"]]),
)


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=dose_lines)
def test_the_fast_path_writes_the_normal_paths_dose_plan_and_warnings(
    cli: Cli, line: tuple[list[str], str, list[str], list[str]]
) -> None:
    drug, weight, option, global_option = line
    args = [*global_option, "dose", *drug, "--weight", weight, *option]
    normal = cli(*args)
    kept = fast_run(*args)
    if normal.exit_code != 0:
        assert kept is None
        return
    assert kept == (normal.stdout, normal.stderr)


def test_a_plan_that_writes_a_calendar_is_not_kept(cli: Cli, tmp_path: Path) -> None:
    calendar = tmp_path / "plan.ics"
    args = ["dose", "--weight", "70", "--start", "2026-12-01", "--ics", str(calendar)]
    assert cli(*args).exit_code == 0
    calendar.unlink()
    assert fast_answer(*args) is None


def test_a_plan_with_a_band_table_is_not_kept_so_an_edited_table_shows_at_once(
    cli: Cli, tmp_path: Path
) -> None:
    """The band table is the user's file: edited, removed or another folder's under the
    same relative name, the next plan must read it again (found by a post-merge review)."""
    bands = tmp_path / "bands.csv"
    bands.write_text("drug,from_mg,to_mg,banded_mg\nisatuximab,800,849.99,800\n", encoding="utf-8")
    args = ["dose", "--weight", "82", "--bands", str(bands)]
    first = cli(*args)
    assert first.exit_code == 0 and "800 mg" in first.stdout
    assert fast_answer(*args) is None
    bands.write_text("drug,from_mg,to_mg,banded_mg\nisatuximab,800,849.99,805\n", encoding="utf-8")
    second = cli(*args)
    assert second.exit_code == 0 and "805 mg" in second.stdout
    bands.unlink()
    assert cli(*args).exit_code == 2


def test_a_search_is_kept_until_a_monograph_changes(cli: Cli, user_library: Path) -> None:
    first = cli("search", "myeloma")
    assert first.exit_code == 0
    assert fast_answer("search", "myeloma") == first.stdout
    assert fast_answer("search", "myeloma", "--limit", "1") is None
    (user_library / "drugx.yaml").write_text(
        minimal_monograph("drugx", usage="Used for myeloma."), encoding="utf-8"
    )
    assert fast_answer("search", "myeloma") is None
    again = cli("search", "myeloma")
    assert "drugx" in again.stdout
    assert fast_answer("search", "myeloma") == again.stdout


def rewrite_keeping_size_and_mtime(path: Path, text: str) -> None:
    """An edit only the ctime tells: the same size, the old mtime put back."""
    before = path.stat()
    data = text.encode("utf-8")
    assert len(data) == before.st_size
    path.write_bytes(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def test_a_search_over_more_than_1000_files_is_kept_and_sees_every_change(
    cli: Cli, user_library: Path
) -> None:
    for number in range(1001):
        (user_library / f"drug{number:04d}.yaml").write_text(
            minimal_monograph(f"drug{number:04d}", usage="Used for gout."), encoding="utf-8"
        )
    pages = sorted(user_library.glob("*.yaml"))
    first = cli("search", "gout", "--limit", "3")
    assert first.exit_code == 0 and "1,001" in first.stdout
    assert fast_answer("search", "gout", "--limit", "3") == first.stdout
    # An edited page, the same size and mtime: its ctime alone moved.
    edited = pages[500]
    rewrite_keeping_size_and_mtime(edited, edited.read_text().replace("gout", "gait"))
    assert fast_answer("search", "gout", "--limit", "3") is None
    after_edit = cli("search", "gout", "--limit", "3")
    assert "1,000" in after_edit.stdout
    assert fast_answer("search", "gout", "--limit", "3") == after_edit.stdout
    # An added page.
    (user_library / "drug9999.yaml").write_text(
        minimal_monograph("drug9999", usage="Used for gout."), encoding="utf-8"
    )
    assert fast_answer("search", "gout", "--limit", "3") is None
    after_add = cli("search", "gout", "--limit", "3")
    assert "1,001" in after_add.stdout
    assert fast_answer("search", "gout", "--limit", "3") == after_add.stdout
    # A removed page.
    pages[0].unlink()
    assert fast_answer("search", "gout", "--limit", "3") is None
    after_removal = cli("search", "gout", "--limit", "3")
    assert "1,000" in after_removal.stdout
    assert fast_answer("search", "gout", "--limit", "3") == after_removal.stdout


def test_a_page_edited_while_the_search_ran_is_not_kept(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import medcli.actions.search as search_action

    page = user_library / "drugx.yaml"
    page.write_text(minimal_monograph("drugx", usage="Used for gout."), encoding="utf-8")
    searched = search_action.search

    def search_then_edit(*args: object, **kwargs: object) -> object:
        found = searched(*args, **kwargs)  # type: ignore[arg-type]
        rewrite_keeping_size_and_mtime(page, page.read_text().replace("gout", "gait"))
        return found

    monkeypatch.setattr(search_action, "search", search_then_edit)
    assert "drugx" in cli("search", "gout").stdout
    assert fast_answer("search", "gout") is None


def test_a_name_any_monograph_could_claim_is_kept_past_1000_files(
    cli: Cli, user_library: Path
) -> None:
    for number in range(1001):
        (user_library / f"drug{number:04d}.yaml").write_text(
            minimal_monograph(f"drug{number:04d}"), encoding="utf-8"
        )
    shown = cli("show", "Sarclisa", "-s", "usage")
    assert shown.exit_code == 0
    assert fast_answer("show", "Sarclisa", "-s", "usage") == shown.stdout
    (user_library / "drugx.yaml").write_text(
        minimal_monograph("drugx", aliases=["Sarclisa"]), encoding="utf-8"
    )
    assert fast_answer("show", "Sarclisa", "-s", "usage") is None


search_lines = st.tuples(
    st.sampled_from(["myeloma", "gout", "infusion reaction", "neutropen*", '"multiple myeloma"']),
    st.sampled_from([[], ["--limit", "1"], ["-n", "3"], ["--section", "usage"], ["-s", "dosage"]]),
    st.sampled_from([[], ["--width", "50"], ["--no-color"]]),
    st.integers(min_value=0, max_value=3),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=search_lines)
def test_the_fast_path_writes_the_normal_paths_search_results(
    cli: Cli, user_library: Path, line: tuple[str, list[str], list[str], int]
) -> None:
    query, options, global_option, pages = line
    for number in range(pages):  # the library grows from one example to the next
        (user_library / f"gout{number}.yaml").write_text(
            minimal_monograph(f"gout{number}", usage="Used for gout and myeloma."),
            encoding="utf-8",
        )
    args = [*global_option, "search", *query.split(" "), *options]
    normal = cli(*args)
    kept = fast_run(*args)
    if normal.exit_code != 0:
        assert kept is None
        return
    assert kept == (normal.stdout, normal.stderr)


@pytest.mark.parametrize("width", [40, 80, 133])
def test_a_view_laid_out_whole_is_what_rich_prints(
    cli: Cli,
    tmp_path: Path,
    isolated_home: Path,
    width: int,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`show_whole` (the plain writer where it can, Rich a renderable at a time elsewhere)
    writes the bytes `show` (Rich, all at once) writes, for every kind of view."""
    from medcli.dosing import compute_plan
    from medcli.library.environment import Environment
    from medcli.library.merged import Library
    from medcli.render.dose import dose_view
    from medcli.render.label import label_view
    from medcli.render.monograph import monograph_view
    from medcli.render.side_effects import side_effects_view
    from medcli.render.terminal import Terminal
    from medcli.sections import wanted_sections
    from medcli.side_effects import SideEffectFilter, select_side_effects
    from tests.label_fixtures import stored, tables_record

    source = tmp_path / "label.json"
    source.write_bytes(answer(tables_record()))
    assert cli("import", str(source)).exit_code == 0
    library = Library(Environment(home=isolated_home))
    isatuximab = library.find("isatuximab")
    label = stored(isolated_home / "monographs", library.resolve("zentaro").id)
    everything = SideEffectFilter()
    views: list[Callable[[], list[RenderableType]]] = [
        lambda: monograph_view(isatuximab, wanted_sections(())),
        lambda: label_view(label, []),
        lambda: dose_view(compute_plan(isatuximab, weight="70"), isatuximab),
        lambda: side_effects_view([select_side_effects(label, everything)], everything, False),
    ]
    for view in views:
        Terminal(width=width, pager=False).show(view())
        by_rich = capsys.readouterr().out
        Terminal(width=width, pager=False).show_whole(view())
        assert capsys.readouterr().out == by_rich


def test_a_relative_data_dir_is_another_answer_in_another_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, usage in (("one", "Used for alpha."), ("two", "Used for omega too.")):
        (tmp_path / name / "extra").mkdir(parents=True)
        (tmp_path / name / "extra" / "drugx.yaml").write_text(
            minimal_monograph("drugx", usage=usage), encoding="utf-8"
        )
    monkeypatch.chdir(tmp_path / "one")
    assert "alpha" in cli("--data-dir", "extra", "show", "drugx").stdout
    assert "alpha" in (fast_answer("--data-dir", "extra", "show", "drugx") or "")
    monkeypatch.chdir(tmp_path / "two")
    assert fast_answer("--data-dir", "extra", "show", "drugx") is None
    assert "omega" in cli("--data-dir", "extra", "show", "drugx").stdout
