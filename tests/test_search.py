"""`medcli search`: query reading, ranking, sections, snippets and hostile input."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console

from medcli.choices import SEARCH_SECTIONS
from medcli.cli.commands.search_cmd import SearchSection
from medcli.errors import UsageError
from medcli.library.environment import Environment
from medcli.library.merged import Library
from medcli.render.search import MATCH_STYLE, highlighted
from medcli.search import (
    COLUMNS,
    HIT_END,
    HIT_START,
    SECTION_COLUMNS,
    Snippet,
    Term,
    match_expression,
    parse_query,
    query_from_arguments,
    split_snippet,
)
from medcli.sections import Section
from tests.conftest import Cli, minimal_monograph

# --- reading a query -----------------------------------------------------------------------


def test_words_phrases_and_prefixes_become_terms() -> None:
    assert parse_query('CD38 "multiple  myeloma" neutro* "infusion reac"*') == [
        Term("CD38"),
        Term("multiple myeloma", phrase=True),
        Term("neutro", prefix=True),
        Term("infusion reac", phrase=True, prefix=True),
    ]


def test_shell_words_with_spaces_are_phrases() -> None:
    assert query_from_arguments(["multiple myeloma", "CD38"]) == '"multiple myeloma" CD38'
    assert query_from_arguments(['"a b" c', "neutro* cyto*", "x"]) == '"a b" c neutro* cyto* x'


def test_punctuation_alone_is_not_a_term() -> None:
    assert parse_query("- CD38 ** && ;") == [Term("CD38")]


@pytest.mark.parametrize("query", ["", "   ", "!!!", "*", '""', '" "', "- -- ---", "_"])
def test_a_query_with_nothing_to_search_is_a_usage_error(query: str) -> None:
    with pytest.raises(UsageError, match="nothing to search for"):
        parse_query(query)


@pytest.mark.parametrize("query", ['"multiple myeloma', 'a "b" "c', '"'])
def test_an_unbalanced_quote_is_a_usage_error(query: str) -> None:
    with pytest.raises(UsageError, match="unbalanced quote"):
        parse_query(query)


def test_overlong_queries_are_refused() -> None:
    with pytest.raises(UsageError, match="limit is 1,000"):
        parse_query("a" * 1001)
    with pytest.raises(UsageError, match="limit is 32"):
        parse_query(" ".join(f"w{number}" for number in range(33)))


def test_every_term_is_double_quoted_in_the_match_expression() -> None:
    terms = [Term("NEAR(a"), Term("col:x", prefix=True), Term("a b", phrase=True)]
    assert match_expression(terms) == '"NEAR(a" AND "col:x" * AND "a b"'
    assert match_expression([Term("x")], "side-effects") == '{side_effects} : ("x")'


def test_search_sections_are_the_monograph_sections_that_hold_text() -> None:
    choices = {choice.value for choice in SearchSection}
    assert choices == {s.value for s in Section} - {"disclaimer", "sources"}
    assert [choice.value for choice in SearchSection] == list(SEARCH_SECTIONS)
    assert choices == set(SECTION_COLUMNS) - {"name", "class"}
    assert all(SECTION_COLUMNS[choice] in COLUMNS for choice in choices)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_is_a_safe_query_or_a_usage_error(text: str) -> None:
    """No input reaches FTS5 as syntax: the expression always runs, or parsing refuses it."""
    try:
        terms = parse_query(text)
    except UsageError:
        return
    database = sqlite3.connect(":memory:")
    database.execute(f"CREATE VIRTUAL TABLE docs USING fts5 ({', '.join(COLUMNS)})")
    database.execute(
        f"INSERT INTO docs VALUES ({', '.join('?' * len(COLUMNS))})", [text] * len(COLUMNS)
    )
    for section in (None, "usage"):
        database.execute(
            "SELECT rowid FROM docs WHERE docs MATCH ?", (match_expression(terms, section),)
        )


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40), st.sampled_from([None, "usage", "side-effects"]))
def test_any_text_searches_the_real_index_or_is_a_usage_error(
    environment: Environment, text: str, section: str | None
) -> None:
    try:
        results = Library(environment).search(text, section, limit=5)
    except UsageError as error:
        assert "\n" not in error.message
        return
    assert results.total >= len(results.hits)


# --- snippets ------------------------------------------------------------------------------


def test_markers_become_offsets_into_plain_text() -> None:
    marked = f"…the {HIT_START}CD38{HIT_END}  protein\non {HIT_START}myeloma{HIT_END} cells"
    snippet = split_snippet(marked)
    assert snippet.text == "…the CD38 protein on myeloma cells"
    assert [snippet.text[a:b] for a, b in snippet.matches] == ["CD38", "myeloma"]


@given(st.lists(st.tuples(st.text(alphabet="ab [/]", max_size=6), st.booleans()), max_size=8))
def test_snippet_offsets_always_point_at_the_marked_words(parts: list[tuple[str, bool]]) -> None:
    marked = "".join(f"{HIT_START}{text}{HIT_END}" if hit else text for text, hit in parts)
    snippet = split_snippet(marked)
    assert HIT_START not in snippet.text and HIT_END not in snippet.text
    assert all(0 <= a < b <= len(snippet.text) for a, b in snippet.matches)
    assert len(snippet.matches) <= sum(hit for _, hit in parts)


def test_highlighting_is_a_style_on_plain_text_never_markup() -> None:
    text = highlighted(Snippet("[bold]CD38[/bold] here", ((6, 10),)))
    assert text.plain == "[bold]CD38[/bold] here"
    assert [(span.start, span.end, str(span.style)) for span in text.spans] == [
        (6, 10, MATCH_STYLE)
    ]
    console = Console(width=60, color_system="standard", force_terminal=True)
    with console.capture() as captured:
        console.print(text)
    assert "[bold]" in captured.get() and "\x1b[" in captured.get()


# --- the command ---------------------------------------------------------------------------


def _write(folder: Path, drug: str, name: str | None = None, **fields: object) -> None:
    (folder / f"{drug}.yaml").write_text(minimal_monograph(drug, name, **fields), encoding="utf-8")


def test_search_finds_the_bundled_monograph(cli: Cli) -> None:
    result = cli("search", "CD38")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Isatuximab (isatuximab)")
    assert "CD38" in result.stdout and "1 monograph matches 'CD38'" in result.stdout
    assert result.stderr == ""


def test_a_drug_named_by_the_query_comes_first(cli: Cli, user_library: Path) -> None:
    _write(user_library, "talkative", usage="Zorblax. " * 20, mechanism="Zorblax zorblax.")
    _write(user_library, "quiet", name="Quiet", aliases=["Zorblax"], usage="A drug.")
    document = json.loads(cli("search", "zorblax", "--json").stdout)
    assert [hit["id"] for hit in document["results"]] == ["quiet", "talkative"]
    assert document["results"][0]["section"] == "name"


def test_names_weigh_more_than_body_text(cli: Cli, user_library: Path) -> None:
    _write(user_library, "bodyonly", usage="Contains the word quuxamab once among others here.")
    _write(user_library, "quuxamab-plus", name="Quuxamab Plus", usage="Other words entirely.")
    document = json.loads(cli("search", "quuxamab", "--json").stdout)
    assert [hit["id"] for hit in document["results"]] == ["quuxamab-plus", "bodyonly"]


def test_section_limits_the_search_to_that_section(cli: Cli, user_library: Path) -> None:
    _write(user_library, "usagedrug", usage="Treats frobnitis in adults.")
    _write(user_library, "sedrug", side_effects=[{"name": "Frobnitis flare"}], usage="Other.")
    everywhere = json.loads(cli("search", "frobnitis", "--json").stdout)
    assert {hit["id"] for hit in everywhere["results"]} == {"usagedrug", "sedrug"}
    usage = json.loads(cli("search", "frobnitis", "--section", "usage", "--json").stdout)
    assert [(hit["id"], hit["section"]) for hit in usage["results"]] == [("usagedrug", "usage")]
    side = json.loads(cli("search", "frobnitis", "-s", "side-effects", "--json").stdout)
    assert [(hit["id"], hit["section"]) for hit in side["results"]] == [("sedrug", "side-effects")]


def test_every_word_must_match_and_phrases_keep_their_order(cli: Cli, user_library: Path) -> None:
    _write(user_library, "one", usage="Blue widget therapy.")
    _write(user_library, "two", usage="Widget that is blue.")

    def ids(*query: str) -> set[str]:
        found = json.loads(cli("search", *query, "--json").stdout)["results"]
        return {hit["id"] for hit in found}

    assert ids("blue", "widget") == {"one", "two"}
    assert ids('"blue widget"') == {"one"}
    assert ids("blue widget") == {"one"}  # quoted in the shell: a phrase
    assert ids("wid*") == {"one", "two"}
    assert ids("blue", "therapy") == {"one"}


def test_json_contract(cli: Cli) -> None:
    result = cli("search", "multiple", "myeloma", "--limit", "1", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    document = json.loads(result.stdout)
    assert set(document) == {"query", "section", "total", "results"}
    assert document["query"] == "multiple myeloma" and document["total"] == 1
    (hit,) = document["results"]
    assert set(hit) == {"id", "name", "origin", "section", "snippet", "matches", "score"}
    assert hit["id"] == "isatuximab" and hit["origin"] == "bundled"
    assert isinstance(hit["score"], float)
    matched = [hit["snippet"][start:end].lower() for start, end in hit["matches"]]
    assert matched and set(matched) <= {"multiple", "myeloma"}


def test_limit_keeps_the_best_and_says_how_many_matched(cli: Cli, user_library: Path) -> None:
    for number in range(5):
        _write(user_library, f"drug{number}", usage="Plentifox " * (number + 1) + "words.")
    result = cli("search", "plentifox", "-n", "2")
    assert result.exit_code == 0
    assert "5 monographs match 'plentifox'; the best 2 are shown (more with" in result.stdout
    assert result.stdout.count("(drug") == 2


def test_no_match_is_not_an_error(cli: Cli) -> None:
    result = cli("search", "xyzzyplugh")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout == "No monograph matches 'xyzzyplugh'.\n"
    document = json.loads(cli("search", "xyzzyplugh", "--json").stdout)
    assert document["results"] == [] and document["total"] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (['"multiple myeloma'], "unbalanced quote"),
        (["!!!"], "nothing to search for"),
        (["--", "-"], "nothing to search for"),
        (["x", "--limit", "0"], "0 is not in the range 1<=x<=1000"),
        (["x", "--limit", "1001"], "1001 is not in the range"),
        (["x", "--limit", "ten"], "'ten' is not a valid int"),
        (["x", "--section", "dose"], "'dose' is not one of"),
        ([], "Missing argument"),
    ],
)
def test_bad_input_exits_2_with_one_line(cli: Cli, args: list[str], message: str) -> None:
    result = cli("search", *args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("medcli: error: ") and message in result.stderr
    assert len(result.stderr.splitlines()) == 1


@pytest.mark.parametrize(
    "query",
    ["AND", "OR x", "NOT", "NEAR(a b)", "usage:x", "{usage}: x", "^x", "x +", "a:b:c", "'", "(",
     ")", "*x", "x**", "\\", "\u200b", "ǅ", "漢字", "e\u0301", "x -y", '"a" AND "b"', "a\tb"],
)  # fmt: skip
def test_fts5_syntax_in_a_query_is_searched_for_literally(cli: Cli, query: str) -> None:
    result = cli("search", query)
    assert result.exit_code in (0, 2), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if result.exit_code == 2:
        assert "nothing to search for" in result.stderr


def test_markup_in_data_stays_inert_in_results(cli: Cli, user_library: Path) -> None:
    _write(user_library, "marked", usage="[bold red]Zyxwv[/bold red] \x1b[31m end")
    result = cli("search", "zyxwv")
    assert "[bold red]Zyxwv[/bold red]" in result.stdout
    assert "\x1b" not in result.stdout


def test_forty_columns_hold(cli: Cli) -> None:
    result = cli("--width", "40", "search", "infusion")
    assert result.exit_code == 0
    assert [line for line in result.stdout.splitlines() if len(line) > 40] == []


def test_the_query_is_echoed_as_typed(cli: Cli, user_library: Path) -> None:
    (user_library / "alfa.yaml").write_text(
        minimal_monograph("alfa", usage="Treats multiple myeloma."), encoding="utf-8"
    )
    document = json.loads(cli("search", "multiple myeloma", "--json").stdout)
    assert document["query"] == "multiple myeloma"
    none = cli("search", "multiple glorpitis")
    assert none.exit_code == 0 and "No monograph matches 'multiple glorpitis'" in none.stdout
    (user_library / "beta.yaml").write_text(
        minimal_monograph("beta", usage="Also multiple myeloma."), encoding="utf-8"
    )
    assert "the best match is shown" in cli("search", "myeloma", "-n", "1").stdout


@pytest.mark.parametrize(
    "query", ['"QT prolongation"', "QT prolongation", "QT-prolongation", '"qt\u2011prolongation"']
)
def test_a_phrase_finds_labels_where_the_words_are_adjacent_modulo_punctuation(
    cli: Cli, tmp_path: Path, query: str
) -> None:
    from tests.label_fixtures import answer, record

    texts = {
        "plainmab": "5.1 Heart Rhythm QT prolongation occurred.",
        "hyphenmab": "5.1 Heart Rhythm Watch for QT-prolongation.",
        "nbhyphenmab": "5.1 Heart Rhythm Watch for QT\u2011prolongation.",
        "slashmab": "5.1 Heart Rhythm Watch for QT/prolongation and torsades.",
        "intervalmab": "5.1 Heart Rhythm QT interval prolongation occurred.",
        "apartmab": "5.1 Heart Rhythm QT was measured; prolongation was rare.",
    }
    for number, (name, text) in enumerate(texts.items()):
        openfda = {**record()["openfda"], "generic_name": [name.upper()], "brand_name": [name]}
        data = record(
            set_id=f"3f3e3d3c-0000-0000-0000-00000000000{number}",
            openfda=openfda,
            warnings_and_cautions=[f"5 WARNINGS AND PRECAUTIONS {text}"],
        )
        (tmp_path / f"{name}.json").write_bytes(answer(data))
    assert cli("import", str(tmp_path)).exit_code == 0

    def found(*words: str) -> set[str]:
        hits = json.loads(cli("search", *words, "--limit", "50", "--json").stdout)["results"]
        return {hit["id"] for hit in hits}

    assert found("QT", "prolongation") == set(texts)  # every word, anywhere
    assert found(query) == {"plainmab", "hyphenmab", "nbhyphenmab", "slashmab"}
