"""One action layer for both shells: the command line and the MCP server answer alike.

Each case is run twice, as `medcli ... --json` and as the MCP tool, against one
library holding the bundled monograph and invented FDA labels; the documents must
be equal (the MCP answer also carries a text window and provenance, not compared).
The inputs both shells offer are declared once: their options and schemas are
checked against that declaration here.
"""

from __future__ import annotations

import ast
import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from medcli.actions.dose import DoseRequest
from medcli.actions.inputs import DOSE_INPUTS, ORDER_INPUTS
from medcli.agents.declared import description
from medcli.choices import BSA_FORMULAS, JURISDICTIONS, ORIGINS
from tests.conftest import Cli
from tests.label_fixtures import answer
from tests.test_interactions import PLIMORANT, QUARNIDINE, TEVOLAST, ZENTAMAB
from tests.test_mcp import document, in_process

SRC = Path(__file__).resolve().parents[1] / "src" / "medcli"

# (tool, its arguments, the command line that must print the same document)
SAME_ANSWERS: list[tuple[str, dict[str, Any], list[str]]] = [
    ("show_monograph", {"drug": "isatuximab"}, ["show", "isatuximab"]),
    ("show_monograph", {"drug": "zentaro", "sections": ["interactions"]},
     ["show", "zentaro", "-s", "interactions"]),
    ("side_effects", {"drugs": ["isatuximab"]}, ["side-effects", "isatuximab"]),
    ("side_effects", {"serious": True}, ["side-effects", "--serious"]),
    ("side_effects", {"drugs": ["isatuximab", "zentamab"], "common": True},
     ["side-effects", "isatuximab", "zentamab", "--common"]),
    ("side_effects", {"all_drugs": True}, ["side-effects", "--all-drugs"]),
    ("side_effects", {"all_drugs": True, "serious": True},
     ["side-effects", "--all-drugs", "--serious"]),
    ("dose_plan", {"weight": 70}, ["dose", "--weight", "70"]),
    ("dose_plan", {"weight": "154.5", "unit": "lb", "age": 80, "cycles": 1},
     ["dose", "-w", "154.5", "-u", "lb", "--age", "80", "--cycles", "1"]),
    ("dose_plan", {"weight": 70, "regimen": "isa-kd", "height": 175, "bsa_cap": 2,
                   "crcl": 40, "cycles": 1, "start": "2026-12-01", "patient": "AB 12"},
     ["dose", "-w", "70", "-r", "isa-kd", "--height", "175", "--bsa-cap", "2", "--crcl", "40",
      "--cycles", "1", "--start", "2026-12-01", "--patient", "AB 12"]),
    ("dose_plan", {"weight": 80, "regimen": "isa-pd", "creatinine": 1.4, "sex": "male",
                   "age": 66, "child_pugh": "B", "jurisdiction": "eu", "cycles": 1},
     ["dose", "-w", "80", "-r", "isa-pd", "--creatinine", "1.4", "--sex", "male", "--age",
      "66", "--child-pugh", "B", "--jurisdiction", "eu", "--cycles", "1"]),
    ("search", {"query": "CD38"}, ["search", "CD38"]),
    ("search", {"query": "quarnidine", "section": "interactions", "limit": 2},
     ["search", "quarnidine", "-s", "interactions", "-n", "2"]),
    ("interactions", {"drugs": ["zentamab", "blorvex", "quarnex"]},
     ["interactions", "zentamab", "blorvex", "quarnex"]),
    ("check_order", {"drug": "isatuximab", "regimen": "isa-kd", "weight": 82, "cycle": 1,
                     "day": 8, "ordered": 820},
     ["check", "--drug", "isatuximab", "-r", "isa-kd", "-w", "82", "--cycle", "1", "--day",
      "8", "--ordered", "820"]),
    ("check_order", {"drug": "carfilzomib", "regimen": "isa-kd", "weight": 70, "cycle": 2,
                     "day": 1, "ordered": 103},  # no height: an error verdict, the same
     ["check", "--drug", "carfilzomib", "-r", "isa-kd", "-w", "70", "--cycle", "2", "--day",
      "1", "--ordered", "103"]),
    ("list_monographs", {"origin": "fda-label"}, ["list", "--origin", "fda-label"]),
]  # fmt: skip


@pytest.fixture
def labels(cli: Cli, tmp_path: Path) -> None:
    """Invented FDA labels beside the bundled monograph: stored labels stream too."""
    path = tmp_path / "labels.json"
    path.write_bytes(answer(ZENTAMAB, PLIMORANT, QUARNIDINE, TEVOLAST))
    assert cli("import", str(path)).exit_code == 0


@pytest.mark.usefixtures("labels")
def test_the_command_line_and_the_mcp_tools_answer_the_same(cli: Cli) -> None:
    expected = [json.loads(cli(*command, "--json").stdout) for _, _, command in SAME_ANSWERS]

    async def session(client: Client) -> None:
        for (tool, arguments, command), wanted in zip(SAME_ANSWERS, expected, strict=True):
            arguments = {**arguments, "max_chars": 100_000}
            assert document(await client.call_tool(tool, arguments)) == wanted, command

    in_process(session)


@pytest.mark.usefixtures("labels")
def test_every_drugs_side_effects_never_load_a_whole_monograph(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*_: object) -> None:
        raise AssertionError("a whole monograph was loaded")

    monkeypatch.setattr("medcli.library.merged.Library.load", refuse)
    monkeypatch.setattr("medcli.library.merged.Library.find", refuse)

    async def session(client: Client) -> None:
        found = document(await client.call_tool("side_effects", {"all_drugs": True}))
        assert "isatuximab" in {drug["drug"] for drug in found["drugs"]}

    in_process(session)


def test_an_older_label_version_is_the_same_from_both_shells(cli: Cli, tmp_path: Path) -> None:
    from tests.label_fixtures import later_version, record

    for number, data in enumerate((record(), later_version())):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"v{number}.json")).exit_code == 0
    command = ["show", "zentamab", "--label-version", "3", "-s", "dosage", "--json"]
    expected = json.loads(cli(*command).stdout)
    assert expected["label"]["version"] == "3"

    async def session(client: Client) -> None:
        arguments = {"drug": "zentamab", "label_version": 3, "sections": ["dosage"]}
        assert document(await client.call_tool("show_monograph", arguments)) == expected

    in_process(session)


def test_the_dose_request_has_one_field_per_declared_input() -> None:
    """Besides the declared inputs: the drug, and the band table the command line reads
    from a file (`--bands`), which an agent cannot give."""
    fields = list(DoseRequest.__struct_fields__)
    assert sorted(fields) == sorted(["drug", "bands", *(spec.name for spec in DOSE_INPUTS)])


def test_each_declared_input_is_an_option_of_the_command(cli: Cli) -> None:
    for command, inputs in (("dose", DOSE_INPUTS), ("check", ORDER_INPUTS)):
        shown = cli(command, "--help").stdout
        for spec in inputs:
            assert spec.flag in shown, (command, spec.flag)
            assert all(choice in shown for choice in spec.choices)


def test_each_declared_input_is_a_parameter_of_the_tool() -> None:
    async def session(client: Client) -> None:
        tools = {tool.name: tool.input_schema for tool in (await client.list_tools()).tools}
        for tool, inputs in (("dose_plan", DOSE_INPUTS), ("check_order", ORDER_INPUTS)):
            schema = tools[tool]
            assert sorted(schema["required"]) == sorted(s.name for s in inputs if s.required)
            for spec in inputs:
                parameter = schema["properties"][spec.name]
                assert parameter["description"] == description(spec)
                assert "--" not in parameter["description"]
                assert parameter.get("enum", []) == list(spec.choices)
                assert parameter.get("default") == spec.default

    in_process(session)


def test_a_declared_choice_is_checked_by_both_shells(cli: Cli) -> None:
    bad = cli("dose", "-w", "70", "--sex", "other")
    assert bad.exit_code == 2 and "other" in bad.stderr

    async def session(client: Client) -> None:
        result = await client.call_tool("dose_plan", {"weight": 70, "sex": "other"})
        assert result.is_error

    in_process(session)


def test_the_vocabularies_are_the_ones_the_core_and_the_shells_use() -> None:
    from medcli.cli.commands.list_cmd import OriginChoice
    from medcli.cli.commands.options import JurisdictionChoice
    from medcli.dosing.bsa import FORMULAS

    assert tuple(FORMULAS) == BSA_FORMULAS
    assert tuple(choice.value for choice in OriginChoice) == ORIGINS
    assert tuple(choice.value for choice in JurisdictionChoice) == JURISDICTIONS


@pytest.mark.parametrize("module", ["choices.py", "actions/inputs.py"])
def test_the_declarations_import_nothing_the_fast_path_cannot_afford(module: str) -> None:
    tree = ast.parse((SRC / module).read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert imported <= {"__future__", "typing", "dataclasses", "medcli.choices"}


def test_an_unknown_origin_or_section_is_a_tool_error_naming_the_choices() -> None:
    async def session(client: Client) -> None:
        for tool, arguments, accepted in (
            ("list_monographs", {"origin": "elsewhere"}, ", ".join(ORIGINS)),
            ("search", {"query": "x", "section": "nowhere"}, "usage, dosage"),
        ):
            result = await client.call_tool(tool, arguments)
            assert result.is_error
            assert accepted in result.content[0].text  # type: ignore[union-attr]

    in_process(session)
