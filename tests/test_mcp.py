"""`medcli mcp`: the SDK's own client against the server, in process and over stdio."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client
from mcp.client.stdio import StdioServerParameters
from mcp.types import CallToolResult, TextContent

from medcli.agents.answers import DEFAULT_MAX_CHARS
from medcli.agents.server import build_server
from medcli.library.environment import Environment
from tests.conftest import Cli

TOOLS = {
    "show_monograph", "dose_plan", "side_effects", "search", "list_monographs", "diff_label",
    "interactions",
    "check_order",
    "changes",
}  # fmt: skip
Session = Callable[[Client], Awaitable[None]]


def in_process(session: Session) -> None:
    """Run *session* with a client connected to the server in this process."""

    async def run() -> None:
        async with Client(build_server(Environment.from_variables())) as client:
            await session(client)

    anyio.run(run)


def texts(result: CallToolResult) -> list[str]:
    return [block.text for block in result.content if isinstance(block, TextContent)]


def document(result: CallToolResult) -> Any:
    assert not result.is_error, texts(result)
    return result.structured_content


async def the_agreed_session(client: Client) -> None:
    """The session the issue asks for: tools, a dose plan, serious side effects, a bad weight."""
    listed = await client.list_tools()
    assert {tool.name for tool in listed.tools} == TOOLS
    assert all(tool.annotations and tool.annotations.read_only_hint for tool in listed.tools)

    plan = document(await client.call_tool("dose_plan", {"weight": 70}))
    assert plan["dose_mg"] == 700
    assert [(vial["strength_mg"], vial["count"]) for vial in plan["vials"]] == [(500, 1), (100, 2)]
    assert plan["waste_mg"] == 0

    serious = await client.call_tool("side_effects", {"serious": True})
    found = document(serious)
    assert found["filters"]["serious"] is True
    effects = found["drugs"][0]["side_effects"]
    assert effects and all(effect["serious"] for effect in effects)

    bad = await client.call_tool("dose_plan", {"weight": "abc"})
    assert bad.is_error
    assert texts(bad) == ["medcli: error: --weight 'abc' is not a number; "
                          "accepted: a plain number such as 70 or 70.5"]  # fmt: skip

    kidney = await client.call_tool("dose_plan", {"weight": 70, "creatinine": 1.2})
    assert kidney.is_error
    assert texts(kidney)[0].startswith("medcli: error: --creatinine needs --sex female|male")

    again = document(await client.call_tool("dose_plan", {"weight": "70", "unit": "kg"}))
    assert again["dose_mg"] == 700


def test_a_session_lists_tools_doses_filters_and_survives_a_bad_weight() -> None:
    in_process(the_agreed_session)


@pytest.mark.slow
def test_the_same_session_against_medcli_mcp_over_stdio(isolated_home: Path) -> None:
    server = StdioServerParameters(
        command=sys.executable,
        args=["-m", "medcli", "mcp"],
        env={"MEDCLI_HOME": str(isolated_home)},
    )

    async def run() -> None:
        with anyio.fail_after(60):
            async with Client(server) as client:
                await the_agreed_session(client)

    anyio.run(run)


# --- the answers are the commands' --json documents -------------------------------

CONTRACTS = [
    ("show_monograph", {"drug": "Sarclisa", "sections": ["dosage"]},
     ["show", "Sarclisa", "-s", "dosage"]),
    ("show_monograph", {"drug": "isatuximab", "sections": ["premedications", "storage"]},
     ["show", "isatuximab", "-s", "premedications", "-s", "storage"]),
    ("show_monograph", {"drug": "isatuximab"}, ["show", "isatuximab"]),
    ("dose_plan", {"weight": 154, "unit": "lb", "age": 76, "start": "2026-12-01", "cycles": 2},
     ["dose", "--weight", "154", "--unit", "lb", "--age", "76", "--start", "2026-12-01",
      "--cycles", "2"]),
    ("dose_plan", {"weight": 70, "regimen": "isa-kd", "height": 69, "height_unit": "in",
                   "bsa_formula": "dubois", "bsa_cap": "1.8", "only": ["carfilzomib"],
                   "cycles": 2},
     ["dose", "-w", "70", "-r", "isa-kd", "--height", "69", "--height-unit", "in",
      "--bsa-formula", "dubois", "--bsa-cap", "1.8", "--only", "carfilzomib", "--cycles", "2"]),
    ("dose_plan", {"weight": 72, "patient": "AB-1234", "start": "2026-12-01", "cycles": 1},
     ["dose", "-w", "72", "--patient", "AB-1234", "--start", "2026-12-01", "--cycles", "1"]),
    ("dose_plan", {"weight": 150, "regimen": "isa-vrd", "height": 190, "creatinine": 2.1,
                   "sex": "female", "age": 70, "hepatic": "moderate", "cycles": 2},
     ["dose", "-w", "150", "-r", "isa-vrd", "--height", "190", "--creatinine", "2.1", "--sex",
      "female", "--age", "70", "--hepatic", "moderate", "--cycles", "2"]),
    ("dose_plan", {"weight": 70, "regimen": "isa-pd", "dialysis": True, "child_pugh": "C",
                   "crcl": 12, "cycles": 1},
     ["dose", "-w", "70", "-r", "isa-pd", "--dialysis", "--child-pugh", "C", "--crcl", "12",
      "--cycles", "1"]),
    ("dose_plan", {"weight": 70, "regimen": "isa-vrd", "height": 175, "jurisdiction": "eu",
                   "cycles": 1},
     ["dose", "-w", "70", "-r", "isa-vrd", "--height", "175", "--jurisdiction", "eu",
      "--cycles", "1"]),
    ("dose_plan", {"weight": 82, "round_to_vial": 5, "cycles": 1},
     ["dose", "-w", "82", "--round-to-vial", "5", "--cycles", "1"]),
    ("check_order", {"drug": "carfilzomib", "regimen": "isa-kd", "weight": 150, "height": 190,
                     "cycle": 1, "day": 8, "ordered": 123.2},
     ["check", "--drug", "carfilzomib", "-r", "isa-kd", "-w", "150", "--height", "190",
      "--cycle", "1", "--day", "8", "--ordered", "123.2"]),
    ("check_order", {"drug": "lenalidomide", "regimen": "isa-vrd", "weight": 80, "crcl": 45,
                     "cycle": 1, "day": 1, "ordered": 25, "tolerance": 3},
     ["check", "--drug", "lenalidomide", "-r", "isa-vrd", "-w", "80", "--crcl", "45",
      "--cycle", "1", "--day", "1", "--ordered", "25", "--tolerance", "3"]),
    ("check_order", {"drug": "pomalidomide", "regimen": "isa-pd", "weight": 70, "cycle": 1,
                     "day": 1, "ordered": 2, "child_pugh": "C"},
     ["check", "--drug", "pomalidomide", "-r", "isa-pd", "-w", "70", "--cycle", "1", "--day",
      "1", "--ordered", "2", "--child-pugh", "C"]),
    ("side_effects", {"common": True, "frequencies": ["very-common"]},
     ["side-effects", "--common", "-f", "very-common"]),
    ("side_effects", {"regimen": "isa-kd", "serious": True},
     ["side-effects", "--regimen", "isa-kd", "--serious"]),
    ("side_effects", {"all_drugs": True, "serious": True},
     ["side-effects", "--all-drugs", "--serious"]),
    ("search", {"query": "infusion reaction", "section": "precautions", "limit": 3},
     ["search", "infusion", "reaction", "-s", "precautions", "-n", "3"]),
    ("list_monographs", {}, ["list"]),
    ("list_monographs", {"origin": "fda-label"}, ["list", "--origin", "fda-label"]),
    ("list_monographs", {"origin": "bundled", "limit": 1}, ["list", "--origin", "bundled"]),
]  # fmt: skip


@pytest.mark.parametrize(("tool", "arguments", "command"), CONTRACTS)
def test_each_answer_is_the_commands_json_document(
    cli: Cli, tool: str, arguments: dict[str, Any], command: list[str]
) -> None:
    expected = json.loads(cli(*command, "--json").stdout)

    async def session(client: Client) -> None:
        result = await client.call_tool(tool, arguments)
        assert document(result) == expected
        text, provenance = texts(result)
        assert text.strip() and "\x1b" not in text
        assert "provenance" in json.loads(provenance)

    in_process(session)


def test_every_drug_answer_carries_its_sources_and_disclaimer() -> None:
    async def session(client: Client) -> None:
        result = await client.call_tool("dose_plan", {"weight": 70})
        (drug,) = json.loads(texts(result)[1])["provenance"]["drugs"]
        assert drug["drug"] == "isatuximab"
        assert drug["disclaimer"] and drug["provenance"]["date"]
        assert "curated" in drug["source"]
        kinds = {source["id"]: source["label_text"] for source in drug["sources"]}
        assert kinds["label-v7"] is True and kinds["seed"] is False  # the seed page is not label

    in_process(session)


# --- sized for agents --------------------------------------------------------------


def test_a_long_answer_is_cut_with_a_marker_and_read_on_by_offset() -> None:
    async def session(client: Client) -> None:
        whole = await client.call_tool(
            "show_monograph", {"drug": "isatuximab", "max_chars": 100_000}
        )
        full = texts(whole)[0]
        assert len(full) > DEFAULT_MAX_CHARS and "[cut:" not in full
        pieces, offset = [], 0
        while True:
            part = texts(await client.call_tool(
                "show_monograph", {"drug": "isatuximab", "offset": offset, "max_chars": 3000}
            ))[0]  # fmt: skip
            body = part.split("\n", 1)[1] if offset else part
            if "\n[cut: " not in body:
                pieces.append(body)
                break
            body, marker = body.rsplit("\n[cut: ", 1)
            pieces.append(body)
            offset = int(marker.split("offset=")[1].split()[0])
        assert len(pieces) > 3
        assert "".join(pieces) == full
        sectioned = texts(await client.call_tool(
            "show_monograph", {"drug": "isatuximab", "sections": ["premedications"]}
        ))[0]  # fmt: skip
        assert len(sectioned) < len(full) / 3 and "[cut:" not in sectioned
        assert "<" not in full  # never markup

    in_process(session)


# --- bad input is a tool error with the command's words; the server goes on -------


@pytest.mark.parametrize(
    ("tool", "arguments", "words"),
    [
        ("show_monograph", {"drug": "nosuchdrug"}, "no drug named 'nosuchdrug'"),
        ("show_monograph", {"drug": "isatuximab", "sections": ["dose"]}, "unknown section 'dose'"),
        ("show_monograph", {"drug": "isatuximab", "max_chars": 5}, "max_chars 5 is out of range"),
        ("show_monograph", {"drug": "isatuximab", "offset": -1}, "offset -1 is negative"),
        ("dose_plan", {"weight": -5}, "--weight '-5' is negative"),
        ("dose_plan", {"weight": 70, "unit": "stone"}, "--unit 'stone' is not a unit"),
        ("dose_plan", {"weight": 70, "cycles": 0}, "--cycles 0 is out of range"),
        ("dose_plan", {"weight": 70, "start": "1/12/2026"}, "--start '1/12/2026' is not a date"),
        ("dose_plan", {"weight": 70, "regimen": "nope"}, "nope"),
        ("dose_plan", {"weight": 70, "height": 20}, "--height 20 cm is not a human height"),
        ("dose_plan", {"weight": 70, "height": 170, "height_unit": "ft"}, "--height-unit 'ft'"),
        ("dose_plan", {"weight": 70, "height": 170, "bsa_formula": "nope"}, "--bsa-formula"),
        ("dose_plan", {"weight": 70, "height": 170, "bsa_cap": 0}, "--bsa-cap 0 is out of"),
        (
            "dose_plan",
            {"weight": 70, "regimen": "isa-kd", "only": ["carfilzomib"]},
            "accepted: add --height",
        ),
        ("dose_plan", {"weight": 70, "height": True}, "height"),  # never a height of 1 cm
        ("dose_plan", {"weight": 70, "jurisdiction": "fr"}, "--jurisdiction 'fr' is not known"),
        ("show_monograph", {"drug": "isatuximab", "jurisdiction": "uk"}, "accepted: us, eu"),
        ("side_effects", {"frequencies": ["often"]}, "unknown frequency 'often'"),
        ("side_effects", {"drugs": ["isatuximab"], "all_drugs": True}, "not both"),
        ("side_effects", {"regimen": "nope"}, "nope"),
        ("search", {"query": '"unbalanced'}, "unbalanced quote"),
        ("search", {"query": "CD38", "section": "sources"}, "unknown section 'sources'"),
        ("search", {"query": "CD38", "limit": 0}, "--limit 0 is out of range"),
        ("list_monographs", {"origin": "elsewhere"}, "unknown origin 'elsewhere'"),
        ("dose_plan", {"weight": 70, "cycles": "many"}, "cycles"),  # the schema's own check
        ("dose_plan", {"weight": True}, "weight"),  # never a weight of 1 kg
        ("dose_plan", {"weight": None}, "weight"),
    ],
)
def test_bad_input_is_a_tool_error_and_the_next_call_is_served(
    tool: str, arguments: dict[str, Any], words: str
) -> None:
    async def session(client: Client) -> None:
        bad = await client.call_tool(tool, arguments)
        assert bad.is_error
        (message,) = texts(bad)
        assert words in message
        assert document(await client.call_tool("list_monographs", {}))["monographs"]

    in_process(session)


def test_a_usage_error_reads_as_the_command_prints_it(cli: Cli) -> None:
    printed = cli("show", "isatuximab", "-s", "x").stderr  # Typer's words for a bad choice
    assert printed.startswith("medcli: error:")
    printed = cli("side-effects", "-f", "often").stderr.strip()

    async def session(client: Client) -> None:
        result = await client.call_tool("side_effects", {"frequencies": ["often"]})
        assert texts(result) == [printed]

    in_process(session)


def test_a_section_the_monograph_lacks_is_the_error_show_prints(cli: Cli) -> None:
    printed = cli("show", "isatuximab", "-s", "indications").stderr.strip()
    assert printed.startswith("medcli: error: Isatuximab has no indications section")

    async def session(client: Client) -> None:
        arguments = {"drug": "isatuximab", "sections": ["indications"]}
        result = await client.call_tool("show_monograph", arguments)
        assert result.is_error and texts(result) == [printed]

    in_process(session)


# --- install and start-up ----------------------------------------------------------


def test_without_the_sdk_medcli_mcp_says_how_to_install_it(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *rest: None if name == "mcp" else real(name, *rest),
    )
    result = cli("mcp")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "pip install 'medcli[mcp]'" in result.stderr


@pytest.mark.slow
def test_other_commands_never_import_the_sdk(isolated_home: Path) -> None:
    code = (
        "import sys, runpy\n"
        "sys.argv = ['medcli', 'show', 'isatuximab']\n"
        "try:\n"
        "    runpy.run_module('medcli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "loaded = [m for m in ('mcp', 'pydantic', 'anyio', 'medcli.agents') if m in sys.modules]\n"
        "sys.stderr.write(f'loaded={loaded}')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "MEDCLI_HOME": str(isolated_home)},
    )
    assert "Isatuximab" in done.stdout
    assert done.stderr.endswith("loaded=[]")


# --- an imported FDA label ---------------------------------------------------------


def test_a_label_answers_by_section_with_its_label_identity(cli: Cli, tmp_path: Path) -> None:
    from tests.label_fixtures import SET_ID, answer, record

    (tmp_path / "a.json").write_bytes(answer(record()))
    assert cli("import", str(tmp_path / "a.json")).exit_code == 0
    expected = json.loads(cli("show", "zentamab", "-s", "warnings", "--json").stdout)
    shown = cli("--width", "100", "show", "zentamab", "-s", "warnings").stdout

    async def session(client: Client) -> None:
        result = await client.call_tool(
            "show_monograph", {"drug": "zentamab", "sections": ["warnings"]}
        )
        assert document(result) == expected
        text, sources = texts(result)
        assert "5.1 Glimmer Fever" in text and "INDICATIONS" not in text
        assert text.split() == shown.split()  # the command's own view
        (drug,) = json.loads(sources)["provenance"]["drugs"]
        assert drug["label"]["set_id"] == SET_ID and "sections" not in drug["label"]
        assert drug["label"]["effective_time"] == "2024-01-15"

    in_process(session)


def test_a_document_too_large_for_an_agent_is_left_out_with_a_way_to_ask_for_less(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("medcli.agents.answers.MAX_DOCUMENT_BYTES", 20_000)

    async def session(client: Client) -> None:
        whole = await client.call_tool("show_monograph", {"drug": "isatuximab"})
        assert not whole.is_error and whole.structured_content is None
        assert texts(whole)[0].startswith("[the JSON document is ")
        assert "ask for some sections (sections=[...]) to get it]" in texts(whole)[0]
        part = await client.call_tool(
            "show_monograph", {"drug": "isatuximab", "sections": ["premedications"]}
        )
        assert document(part)["premedications"]

    in_process(session)


def test_diff_label_is_the_diff_commands_document(cli: Cli, tmp_path: Path) -> None:
    from tests.label_fixtures import answer, later_version, record

    for number, data in enumerate((record(), later_version())):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"v{number}.json")).exit_code == 0
    expected = json.loads(cli("diff", "zentamab", "--from", "3", "-s", "dosage", "--json").stdout)
    shown = cli("--width", "100", "diff", "zentamab", "--from", "3", "-s", "dosage").stdout

    async def session(client: Client) -> None:
        arguments = {"drug": "zentamab", "from_version": 3, "section": "dosage"}
        result = await client.call_tool("diff_label", arguments)
        assert document(result) == expected
        text, sources = texts(result)
        assert text.split() == shown.split()
        assert "{+8+}" in text
        (drug,) = json.loads(sources)["provenance"]["drugs"]
        assert drug["label"]["version"] == "4"
        missing = await client.call_tool("diff_label", {"drug": "zentamab", "to_version": "9"})
        assert missing.is_error and texts(missing) == [
            "medcli: error: no version 9 of zentamab in the library; "
            "versions kept: 4 (2024-06-10), 3 (2024-01-15)"
        ]
        bundled = await client.call_tool("diff_label", {"drug": "isatuximab"})
        assert bundled.is_error and "is not an imported FDA label" in texts(bundled)[0]

    in_process(session)


def test_changes_is_the_changes_commands_document(cli: Cli, tmp_path: Path) -> None:
    from tests.label_fixtures import answer, later_version, record

    for number, data in enumerate((record(), later_version())):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        assert cli("import", str(tmp_path / f"v{number}.json")).exit_code == 0
    expected = json.loads(cli("changes", "--json").stdout)
    assert [label["drug"] for label in expected["labels"]] == ["zentamab"]

    async def session(client: Client) -> None:
        result = await client.call_tool("changes", {})
        assert document(result) == expected
        assert "2.1 Recommended Dosage [dosage]: changed" in texts(result)[0]
        bad = await client.call_tool("changes", {"since": "soon"})
        assert bad.is_error and "is not a date" in texts(bad)[0]

    in_process(session)


def test_the_dose_plan_answer_carries_supportive_care_and_the_review_flag() -> None:
    async def session(client: Client) -> None:
        result = await client.call_tool(
            "dose_plan", {"weight": 70, "regimen": "isa-kd", "height": 175, "max_chars": 100_000}
        )
        plan = document(result)
        topics = {(fact["drug"], fact["topic"]) for fact in plan["supportive_care"]}
        assert ("carfilzomib", "Thromboprophylaxis") in topics
        assert ("carfilzomib", "Hydration in cycle 1") in topics
        assert [(flag["cycle"], flag["day"]) for flag in plan["clinical_review"]] == [(1, 1)]
        text = texts(result)[0]
        assert "\nSupportive care\n" in text and "\nFor clinical review\n" in text

    in_process(session)


def test_show_answer_leaves_eu_rules_out_unless_asked() -> None:
    async def session(client: Client) -> None:
        asked = {"drug": "isatuximab", "sections": ["dosage"], "max_chars": 100_000}
        us = await client.call_tool("show_monograph", asked)
        eu = await client.call_tool("show_monograph", {**asked, "jurisdiction": "eu"})
        assert "Reconsidering premedication" not in texts(us)[0]
        assert "Reconsidering premedication" in texts(eu)[0]
        assert "EU only" in texts(eu)[0]

    in_process(session)
