"""The first `search` is answered before Typer and Rich (`medcli.fast_search`), with the
normal path's bytes, or left to the normal path."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcli import fast
from medcli.library import parsed_cache
from medcli.render.search import search_view
from medcli.render.search_text import search_text
from medcli.search import Hit, SearchResults, Snippet
from tests.conftest import Cli, minimal_monograph
from tests.label_fixtures import answer, record
from tests.test_fast_path import fast_run, kept_answers
from tests.test_plain import rich_text


@pytest.fixture(autouse=True)
def no_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """Files a test writes are as old as any; their changes are told apart by size or inode."""
    monkeypatch.setattr(fast, "RACY_WINDOW_NS", 0)
    monkeypatch.setattr(parsed_cache, "RACY_WINDOW_NS", 0)


def first_answer(*args: str) -> str | None:
    """What the fast path writes for *args* with nothing kept, or None when it falls through."""
    answered = fast_run(*args, first=True)
    if answered is None:
        return None
    assert answered[1] == ""  # a search that would warn is left to the normal path
    return answered[0]


search_lines = st.tuples(
    st.sampled_from(
        ["myeloma", "gout", "infusion reaction", "neutropen*", '"multiple myeloma"', "zzz"]
    ),
    st.lists(
        st.sampled_from([("--limit", "1"), ("-n", "3"), ("--limit=2",), ("--json",)]),
        max_size=2,
        unique=True,
    ),
    st.sampled_from([[], ["--section", "usage"], ["-s", "dosage"], ["--section=side-effects"]]),
    st.sampled_from(["80", "20", "33", "133"]),
    st.integers(min_value=0, max_value=3),
)


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(line=search_lines)
def test_a_first_search_writes_the_normal_paths_bytes(
    cli: Cli,
    user_library: Path,
    monkeypatch: pytest.MonkeyPatch,
    line: tuple[str, list[tuple[str, ...]], list[str], str, int],
) -> None:
    query, options, section, columns, pages = line
    monkeypatch.setenv("COLUMNS", columns)
    for number in range(pages):  # the library grows from one example to the next
        (user_library / f"gout{number}.yaml").write_text(
            minimal_monograph(
                f"gout{number}", usage="Used for gout and myeloma; " * number + "see 700 mg."
            ),
            encoding="utf-8",
        )
    args = ["search", *query.split(" "), *(word for pair in options for word in pair), *section]
    limits = [pair for pair in options if pair != ("--json",)]
    first = first_answer(*args)
    normal = cli(*args)
    assert normal.exit_code == 0
    if len(limits) < 2:  # a repeated --limit is Click's to read
        assert first == normal.stdout
    assert normal.stderr == ""


def test_a_first_search_over_stored_labels_writes_the_normal_paths_bytes(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    source = tmp_path / "labels.json"
    source.write_bytes(answer(record()))
    assert cli("import", str(source)).exit_code == 0
    for args in (
        ["search", "zentamab"],
        ["search", "glimmer", "--json"],
        ["search", "infusion", "-n", "3"],
    ):
        first = first_answer(*args)
        assert first is not None
        assert first == cli(*args).stdout
    document = json.loads(first_answer("search", "glimmer", "--json") or "")
    assert "zentamab" in [hit["id"] for hit in document["results"]]


def test_the_first_search_keeps_its_answer(cli: Cli, isolated_home: Path) -> None:
    first = first_answer("search", "myeloma")
    assert first is not None and "Isatuximab" in first
    assert len(kept_answers(isolated_home)) == 1
    assert fast_run("search", "myeloma") == (first, "")  # now from the kept answer
    assert first_answer("search", "myeloma", "--json") is not None
    assert len(kept_answers(isolated_home)) == 1  # JSON is not kept, as on the normal path


def test_a_first_search_keeps_its_answer_with_one_stat_a_file(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for number in range(3):
        (user_library / f"gout{number}.yaml").write_text(
            minimal_monograph(f"gout{number}", usage="Used for gout."), encoding="utf-8"
        )
    cli("list")  # the library index is built: a first search only scans the folders
    summed_again: list[str] = []
    with monkeypatch.context() as patched:
        patched.setattr(fast, "contents_facts", summed_again.append)
        first = first_answer("search", "gout")
    assert summed_again == []  # the index's scan of the folder is summed: no second stat
    assert first is not None and "gout0" in first
    assert fast_run("search", "gout") == (first, "")  # the scan's summary is the fast path's
    (user_library / "gout1.yaml").write_text(
        minimal_monograph("gout1", usage="Used for gout, edited."), encoding="utf-8"
    )
    assert fast_run("search", "gout") is None
    assert first_answer("search", "gout") == cli("search", "gout").stdout


def test_files_the_library_does_not_read_are_summed_anew(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (user_library / "gout.yaml").write_text(
        minimal_monograph("gout", usage="Used for gout."), encoding="utf-8"
    )
    (user_library / "Not an id.yaml").write_text("not read: no id", encoding="utf-8")
    cli("list")
    summed_again: list[str] = []
    real_facts = fast.contents_facts

    def counted_facts(folder: str) -> str:
        summed_again.append(folder)
        return real_facts(folder)

    with monkeypatch.context() as patched:
        patched.setattr(fast, "contents_facts", counted_facts)
        first = first_answer("search", "gout")
    assert summed_again == [str(user_library)]  # the scan left that file out: stat-ed again
    assert first is not None and fast_run("search", "gout") == (first, "")
    (user_library / "Not an id.yaml").write_text("not read: no id, edited", encoding="utf-8")
    assert fast_run("search", "gout") is None  # as before: any monograph-named file counts


@pytest.mark.parametrize(
    "args",
    [
        ["search"],  # no query: Click's usage error
        ["search", ""],  # nothing to search for
        ["search", '"myeloma'],  # an unbalanced quote
        ["search", "myeloma", "--limit", "0"],
        ["search", "myeloma", "--limit", "x"],
        ["search", "myeloma", "--limit"],
        ["search", "myeloma", "-n", "1", "-n", "2"],  # an option given twice
        ["search", "myeloma", "--section", "nowhere"],
        ["search", "myeloma", "--sort"],  # an option search does not have
        ["search", "--", "-myeloma"],
        ["search", "myeloma", "--width", "60"],  # a global option: the normal path's
        ["--no-color", "search", "myeloma"],
        ["search", "myeloma", "--help"],
    ],
)
def test_what_it_cannot_answer_falls_through(cli: Cli, args: list[str]) -> None:
    assert first_answer(*args) is None
    assert cli(*args).exit_code in (0, 2)


@pytest.mark.parametrize("variable", ["FORCE_COLOR", "TTY_COMPATIBLE", "JUPYTER_COLUMNS"])
def test_a_variable_that_changes_richs_output_falls_through(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(variable, "1")
    assert first_answer("search", "myeloma") is None


def test_a_terminal_falls_through_but_json_on_a_terminal_does_not(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medcli import fast_search

    monkeypatch.setattr(fast_search, "plain_width", lambda environ: None)  # as on a terminal
    assert first_answer("search", "myeloma") is None
    assert first_answer("search", "myeloma", "--json") == cli("search", "myeloma", "--json").stdout


def test_a_library_that_warns_is_left_to_the_normal_path(cli: Cli, user_library: Path) -> None:
    (user_library / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    assert first_answer("search", "myeloma") is None
    normal = cli("search", "myeloma")
    assert normal.exit_code == 0
    assert "broken.yaml" in normal.stderr


def test_text_only_rich_lays_out_is_left_to_it(cli: Cli, user_library: Path) -> None:
    (user_library / "drugx.yaml").write_text(
        minimal_monograph("drugx", usage="Used for myeloma 骨髄腫."), encoding="utf-8"
    )
    assert first_answer("search", "myeloma", "--section", "usage") is None
    assert "drugx" in cli("search", "myeloma", "--section", "usage").stdout


@pytest.mark.slow
def test_the_first_search_imports_neither_typer_nor_rich(isolated_home: Path) -> None:
    probe = (
        "import sys\nfrom medcli.__main__ import main\ntry:\n    main()\nfinally:\n"
        "    loaded = ('typer', 'rich', 'click')\n"
        "    sys.stderr.write(' '.join(m for m in loaded if m in sys.modules))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", probe, "search", "myeloma"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0
    assert "Isatuximab" in run.stdout
    assert run.stderr == ""


passages = st.lists(
    st.sampled_from(["abc", "xyz", " ", "  ", "…", "7", "00", " mg", "é", "—", "骨", "\t"]),
    max_size=60,
).map("".join)


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(st.tuples(passages, passages), max_size=3),
    width=st.sampled_from([20, 33, 80, 133]),
    total=st.integers(min_value=0, max_value=5),
)
def test_the_plain_search_view_is_what_rich_prints(
    texts: list[tuple[str, str]], width: int, total: int
) -> None:

    hits = [
        Hit(f"id{n}", name or "x", "user", "usage", Snippet(text, ()), 1.0)
        for n, (name, text) in enumerate(texts)
    ]
    results = SearchResults("q 7 mg", None, max(total, len(hits)), hits)
    plain = search_text(results, width)
    if plain is not None:
        assert plain == rich_text(search_view(results), width)


@pytest.mark.parametrize(
    ("query", "section"),
    [
        ("glimmer", None),
        ("infusion", None),
        ("zentamab", None),
        ('"glimmer fever"', None),
        ("spark*", None),
        ("infusion", "dosage"),
        ("fever", "warnings"),
    ],
)
def test_passages_cut_from_the_matched_columns_are_those_cut_from_all(
    cli: Cli, tmp_path: Path, isolated_home: Path, query: str, section: str | None
) -> None:
    import sqlite3

    from medcli.library import stored
    from medcli.search import match_expression, parse_query

    source = tmp_path / "labels.json"
    source.write_bytes(answer(record(), record(id="aaaa0000-bbbb-cccc-dddd-eeeeffff0002")))
    assert cli("import", str(source)).exit_code == 0
    db = sqlite3.connect(isolated_home / "monographs" / "labels.sqlite")
    expression = match_expression(parse_query(query), section)
    rowids = [row[0] for row in db.execute("SELECT rowid FROM labels")]
    shown = stored.shown_snippets(db, expression, rowids, section)
    assert shown == stored._cut_snippets(db, expression, rowids, section, {})  # every column
    assert all(snippet.matches for _, snippet in shown.values())


def test_a_labels_columns_decoded_alone_are_those_of_the_whole_label(
    cli: Cli, tmp_path: Path, isolated_home: Path
) -> None:
    import sqlite3

    from medcli.library import stored
    from medcli.library.derived import decoded
    from medcli.search import COLUMNS, document

    source = tmp_path / "labels.json"
    source.write_bytes(answer(record(), record(id="aaaa0000-bbbb-cccc-dddd-eeeeffff0002")))
    assert cli("import", str(source)).exit_code == 0
    db = sqlite3.connect(isolated_home / "monographs" / "labels.sqlite")
    for (data,) in db.execute("SELECT data FROM labels"):
        whole = document(decoded(data))
        assert whole[COLUMNS.index("dosage")] and whole[COLUMNS.index("side_effects")]
        for number, column in enumerate(COLUMNS):
            assert document(stored._searched_part(data, (column,)))[number] == whole[number]
        assert document(stored._searched_part(data, COLUMNS)) == whole
