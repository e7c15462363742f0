"""The text gate (`medcli.sanitize`) and the id rule, as units and as properties."""

from __future__ import annotations

import re
from decimal import Decimal

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medcli.importer.run import slug_id
from medcli.labels.convert import candidate_ids
from medcli.model import Label
from medcli.sanitize import clean_json, clean_text

UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Text built of what an attacker would use: escape introducers, terminators, bidi controls.
hostile_text = st.text(
    alphabet=st.sampled_from(
        [
            *("\x1b", "[", "]", "P", "\\", "\x07", "\x9b", "\x9d", "\x9c", "\u202e", "\u2066"),
            *("\r", "\t", "\n", " ", "8", ";", "m", "a", "é", "µ", "2", "J", "h"),
        ]
    ),
    max_size=60,
)


@pytest.mark.parametrize(
    ("dirty", "clean"),
    [
        ("a\x1b[2Jb", "ab"),  # CSI: the whole sequence, not only ESC
        ("a\x1b[38;5;196mred\x1b[0m", "ared"),
        ("x\x1b]8;;http://evil.example/\x07link\x1b]8;;\x07y", "xlinky"),  # OSC 8, BEL-ended
        ("x\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\y", "xlinky"),  # ST-ended
        ("x\x1b]0;title", "x"),  # unterminated: up to a blank
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel)
        ("a\x9b2Jb", "ab"),  # the 8-bit CSI
        ("a\x1bcb", "ab"),  # ESC c, a full reset
        ("txt\u202eexe.\u2066x\u2069\u200e\u061c", "txtexe.x"),
        ("tab\there\nnext\r\n", "tab\there\nnext\n"),
        ("plain text, 10 mg/kg ≥ 5 µg", "plain text, 10 mg/kg ≥ 5 µg"),
    ],
)
def test_clean_text_removes_whole_sequences_and_keeps_layout(dirty: str, clean: str) -> None:
    assert clean_text(dirty) == clean


@given(hostile_text)
def test_nothing_unsafe_survives_the_gate(text: str) -> None:
    cleaned = clean_text(text)
    assert UNSAFE.search(cleaned) is None
    assert clean_text(cleaned) == cleaned


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cf", "Cs"))))
def test_text_without_controls_is_unchanged(text: str) -> None:
    assert clean_text(text) == text


@given(hostile_text, st.decimals(allow_nan=False, allow_infinity=False, places=12))
def test_clean_json_cleans_every_string_and_keeps_every_digit(text: str, number: Decimal) -> None:
    encoder = msgspec.json.Encoder(decimal_format="number")
    document = {text: [text, {"n": number, "s": text}], "k": "C:\\box"}
    cleaned = msgspec.json.Decoder(float_hook=Decimal).decode(clean_json(encoder.encode(document)))
    expected = {clean_text(text): [clean_text(text), {"n": number, "s": clean_text(text)}]}
    assert cleaned == {**expected, "k": "C:\\box"}


def test_clean_json_leaves_a_clean_document_untouched() -> None:
    data = b'{"a":"a\\tb\\n\\"c\\"","n":1.50}'
    assert clean_json(data) is data


@pytest.mark.parametrize(
    "text",
    ["../../etc/passwd", "/etc/passwd", "..\\..\\windows", "~/.ssh/id", ".profile", "a\x00b"],
)
def test_path_like_text_gives_no_id(text: str) -> None:
    assert slug_id(text) == ("", False)


def test_a_combination_name_with_a_slash_still_gives_an_id() -> None:
    assert slug_id("Abacavir/Lamivudine") == ("abacavir-lamivudine", False)


@given(st.text(max_size=80))
def test_an_id_is_never_path_like(text: str) -> None:
    drug_id, _ = slug_id(text)
    assert not re.search(r"[/\\\x00]|\.\.|^[.-]", drug_id)
    assert drug_id == "" or re.fullmatch("[a-z0-9][a-z0-9-]*", drug_id)


def test_a_label_named_by_a_path_is_filed_under_its_set_id() -> None:
    label = Label(
        format="openfda",
        set_id="0F0E-11",
        generic_names=["../../etc/passwd"],
        brand_names=["/bin/sh"],
    )
    assert candidate_ids(label) == ["label-0f0e-11"]


DIRTY = "a\x1b[2Jb\x1b]8;;http://evil.example/\x07c\x1b]8;;\x07d\u202ee\x9b31mf"


@pytest.mark.parametrize("color", [False, True])
def test_every_writer_of_the_terminal_cleans_what_it_is_given(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, color: bool
) -> None:
    """Text that skipped the loader's gate (a renderer's own bug) is still cleaned on output."""
    from rich.text import Text

    from medcli.render.common import bullet, simple_table
    from medcli.render.jsonout import to_json, to_json_stream
    from medcli.render.terminal import Terminal

    if color:
        monkeypatch.setenv("FORCE_COLOR", "1")
    terminal = Terminal(width=40, pager=False)
    table = simple_table("Name", "mL")
    table.add_row(DIRTY, "10")
    terminal.show([Text(DIRTY), bullet(DIRTY), table])
    terminal.print_now([Text(DIRTY)])
    terminal.stream([[Text(DIRTY), bullet(DIRTY)]])  # the plain writer when not coloured
    terminal.warn(DIRTY)
    terminal.write_json(to_json({"text": DIRTY, "n": Decimal("1.50")}))
    terminal.write_json_pieces(to_json_stream({"k": DIRTY}, "items", [DIRTY]))
    out, err = capsys.readouterr()
    for stream in (out, err):
        assert "\x1b[2J" not in stream and "\x1b]" not in stream and "\u202e" not in stream
        assert "\x9b" not in stream and "\\u001b" not in stream and "evil.example" not in stream
        assert color or "\x1b" not in stream
    # JSON holds the BEL that ends the link; Rich's `Text` drops BEL, so a view cleans an
    # unterminated link, up to the next blank or control: less text, nothing unsafe.
    assert out.count('"abcdef"') == 3 and '"n": 1.50' in out
    assert out.count("ab") >= 7 and "31" not in out


def test_an_mcp_answer_is_cleaned_text_document_and_provenance() -> None:
    from medcli.agents.answers import Window, answer

    given_answer = answer("search", {"hit": DIRTY}, DIRTY, Window(), {"source": DIRTY})
    assert given_answer.document == {"hit": "abcdef"}
    assert given_answer.text == "abcdef"
    assert given_answer.provenance == {"source": "abcdef"}
