"""The plain-text writer gives, character for character, what Rich prints with colour off."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich._wrap import divide_line
from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from medcli.library.environment import Environment
from medcli.library.merged import Library
from medcli.render.cells import SINGLE_CELL_RANGES, single_cell_breaks
from medcli.render.common import Hanging, bullet, heading, indented, simple_table
from medcli.render.console import PipeAwareConsole, TrimmedStream, glue_units
from medcli.render.listing import listing_view
from medcli.render.plain import plain_lines
from medcli.render.side_effects import side_effects_blocks
from medcli.side_effects import SideEffectFilter
from tests.conftest import Cli, write_monograph
from tests.label_fixtures import answer, record

WIDTHS = [12, 20, 40, 72, 80, 120]


def rich_text(renderables: list[RenderableType], width: int) -> str:
    """What `Terminal.print_now` writes to a pipe: Rich, colour off, ends trimmed."""
    buffer = io.StringIO()
    console = PipeAwareConsole(
        file=TrimmedStream(buffer),  # type: ignore[arg-type]
        width=width, color_system=None, markup=False, emoji=False, highlight=False,
        soft_wrap=False,
    )  # fmt: skip
    for renderable in renderables:
        glue_units(renderable)
    console.print(Group(*renderables))
    return buffer.getvalue()


def test_single_cell_characters_are_one_cell_wide_for_rich() -> None:
    characters = [chr(code) for low, high in SINGLE_CELL_RANGES for code in range(low, high + 1)]
    assert [c for c in characters if cell_len(c) != 1] == []
    assert cell_len("".join(characters)) == len(characters)  # and none joins its neighbour


WORDS = st.text(st.sampled_from("abcXYZé–’•\ue000 \xa0-.5"), max_size=160)


@settings(max_examples=400, deadline=None)
@given(WORDS, st.integers(1, 50))
def test_line_breaks_are_richs(text: str, width: int) -> None:
    assert single_cell_breaks(text, width) == divide_line(text, width, fold=True)


PARTS = st.lists(
    st.one_of(
        st.text(st.sampled_from("ab cdé 5 mg 10 kg\n–x日本\u0301\t"), max_size=40),
        st.tuples(st.text(st.sampled_from("ab cd\n"), max_size=20), st.just("dim")),
    ),
    max_size=5,
)


@settings(max_examples=300, deadline=None)
@given(PARTS, st.sampled_from(["•", "-", " "]), st.integers(0, 4), st.integers(1, 60))
def test_hanging_items_and_texts_are_laid_out_as_rich_does(
    parts: list[str | tuple[str, str]], marker: str, margin: int, width: int
) -> None:
    views: list[list[RenderableType]] = [
        [Hanging(tuple(parts), marker, margin)],
        [Text.assemble(*parts)],
    ]
    for view in views:
        plain = plain_lines(view, width)
        if plain is not None:  # None: left to Rich (a tab, a marker wider than the line)
            assert plain == rich_text(view, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_side_effect_blocks_of_monographs_and_labels_match_rich(
    cli: Cli, user_library: Path, tmp_path: Path, environment: Environment, width: int
) -> None:
    write_monograph(user_library, "twin", name="Twin 5 mg tablets")
    (tmp_path / "label.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "label.json")).exit_code == 0
    for chosen in (SideEffectFilter(), SideEffectFilter(serious=True)):
        blocks = list(side_effects_blocks(Library(environment).all_side_effects(chosen), chosen))
        assert len(blocks) == 5  # filter, three drugs, count
        for block in blocks:
            assert plain_lines(block, width) == rich_text(block, width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_listing_matches_rich(user_library: Path, environment: Environment, width: int) -> None:
    write_monograph(user_library, "twin", aliases=["Twinbrand", "Twin–Forte 40 mg"])
    view = listing_view(list(Library(environment).catalog()))
    assert plain_lines(view, width) == rich_text(view, width)


CELLS = st.text(st.sampled_from("ab 5 mg\xa0–日\t\n"), max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(CELLS, st.booleans()), min_size=1, max_size=4),
    st.lists(st.lists(CELLS, min_size=4, max_size=4), max_size=4),
    st.integers(0, 4),
    st.integers(1, 60),
)
def test_simple_tables_are_laid_out_as_rich_does(
    columns: list[tuple[str, bool]], rows: list[list[str]], margin: int, width: int
) -> None:
    def view() -> list[RenderableType]:  # Rich glues the cells in place: one table each
        table = simple_table(*(heading for heading, _ in columns))
        for column, (_, right) in zip(table.columns, columns, strict=True):
            column.justify = "right" if right else "left"
        for row in rows:
            table.add_row(*(Text(cell) if index % 2 else cell for index, cell in enumerate(row)))
        return [indented(table, margin) if margin else table]

    plain = plain_lines(view(), width, unicode_boxes=True)
    if plain is not None:  # None: left to Rich (a cell that wraps, a tab, a wide character)
        assert plain == rich_text(view(), width)


def test_a_table_that_fits_is_written_without_rich_only_for_unicode_boxes() -> None:
    table = simple_table("Start", "mL/h")
    table.columns[1].justify = "right"
    table.add_row("0", "25 mL")
    expected = "  Start    mL/h\n  ─────────────\n  0       25 mL\n"
    assert plain_lines([indented(table)], 40, unicode_boxes=True) == expected
    assert rich_text([indented(table)], 40) == expected
    assert plain_lines([indented(table)], 40) is None  # an ASCII stream: Rich draws `-`
    assert plain_lines([indented(table)], 14, unicode_boxes=True) is None  # Rich narrows it


@pytest.mark.parametrize("width", [30, 60, 100])
def test_the_dose_plans_tables_match_rich(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, width: int
) -> None:
    plain = cli("--width", str(width), "dose", "--weight", "70").stdout
    with monkeypatch.context() as patched:
        patched.setattr("medcli.render.plain_table.table_lines", lambda *args: None)
        assert cli("--width", str(width), "dose", "--weight", "70").stdout == plain


def test_a_block_it_cannot_lay_out_is_left_to_rich() -> None:
    assert plain_lines([heading("Title"), bullet("a\tb")], 40) is None
    assert plain_lines([Text("centred", justify="center")], 40) is None


def test_piped_output_uses_the_plain_writer_and_matches_the_rich_view(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_monograph(user_library, "twin")
    plain = cli("--width", "50", "side-effects", "--all-drugs", "--serious").stdout

    def refuse(*args: object) -> None:
        raise AssertionError("the plain writer should have been used")

    with monkeypatch.context() as patched:
        patched.setattr("medcli.render.terminal.Terminal.print_now", refuse)
        assert cli("--width", "50", "side-effects", "--all-drugs", "--serious").stdout == plain
    named = cli("--width", "50", "side-effects", "isatuximab", "twin", "--serious").stdout
    assert plain == named  # the same view, laid out by Rich
