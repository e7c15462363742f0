"""Every command's `--json` is valid against the JSON Schema of the type it is written from.

`medcli schema` for a monograph (`show`), and `medcli.schema.json_schema` of the
command's own type for the others; a Decimal is a JSON number everywhere, so one
number is written one way whichever command writes it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from medcli.dosing.records import DosePlan
from medcli.labels.diff import LabelDiff
from medcli.library.versions import LabelVersion
from medcli.model import Rate, SideEffect
from medcli.render.import_report import ImportedPage
from medcli.render.listing import ListedMonograph
from medcli.render.search import SearchDocument
from medcli.schema import json_schema
from tests.conftest import Cli
from tests.label_fixtures import answer, later_version, record


def _errors(schema: dict[str, Any], document: Any) -> list[str]:
    validator = jsonschema.Draft202012Validator(schema)
    return [
        f"{list(error.absolute_path)}: {error.message}" for error in validator.iter_errors(document)
    ][:5]


def _json(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture
def labels(cli: Cli, tmp_path: Path) -> None:
    for number, data in enumerate([record(), later_version()]):
        path = tmp_path / f"v{number}.json"
        path.write_bytes(answer(data))
        assert cli("import", str(path)).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [("isatuximab",), ("isatuximab", "-s", "dosage", "-s", "side-effects"), ("zentamab",)],
)
def test_show_json_is_valid_against_medcli_schema(
    cli: Cli, labels: None, args: tuple[str, ...]
) -> None:
    schema = json.loads(cli("schema").stdout)
    assert _errors(schema, _json(cli, "show", *args)) == []


def test_the_schema_types_every_decimal_as_a_number(cli: Cli) -> None:
    schema = cli("schema").stdout
    assert '"decimal"' not in schema
    rate = json.loads(schema)["$defs"]["Rate"]["properties"]["percent"]
    assert rate["type"] == "number"


@pytest.mark.parametrize(
    "args",
    [
        ("-w", "70"),
        ("-w", "154", "--unit", "lb", "-r", "isa-kd", "--age", "80", "--start", "2026-12-01"),
        ("-w", "70", "--height", "175", "-r", "isa-vrd", "--cycles", "5"),
        ("-w", "70", "-r", "isa-pd", "--start", "2026-12-01", "--cycles", "2"),
    ],
)
def test_dose_json_is_valid_against_the_plan_schema(cli: Cli, args: tuple[str, ...]) -> None:
    assert _errors(json_schema(DosePlan, "dose"), _json(cli, "dose", *args)) == []


@pytest.mark.parametrize("args", [("isatuximab",), ("zentamab", "--serious"), ("--all-drugs",)])
def test_side_effects_json_numbers_are_numbers_as_in_show(
    cli: Cli, labels: None, args: tuple[str, ...]
) -> None:
    effects = json_schema(list[SideEffect], "side effects")
    rates = json_schema(list[Rate], "rates")
    document = _json(cli, "side-effects", *args)
    for drug in document["drugs"]:
        assert _errors(effects, drug["side_effects"]) == []
        assert _errors(rates, drug["adverse_reaction_rates"]) == []
    shown = _json(cli, "show", "isatuximab")
    if args == ("isatuximab",):
        (drug,) = document["drugs"]
        percents = {
            json.dumps(rate["percent"])
            for effect in drug["side_effects"]
            for rate in effect.get("rates", [])
        }
        in_show = {
            json.dumps(rate["percent"])
            for effect in shown["side_effects"]
            for rate in effect.get("rates", [])
        }
        assert percents and percents <= in_show


def test_list_search_diff_and_import_json_are_valid(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_bytes(answer(record(), later_version()))
    report = _json(cli, "import", str(path))
    page = json_schema(ImportedPage, "import entry")
    assert report["pages"] and all(_errors(page, entry) == [] for entry in report["pages"])
    listed = json_schema(ListedMonograph, "list entry")
    monographs = _json(cli, "list")["monographs"]
    assert len(monographs) == 2 and all(_errors(listed, item) == [] for item in monographs)
    for query in (("infusion",), ("glimmer", "--section", "side-effects")):
        assert _errors(json_schema(SearchDocument, "search"), _json(cli, "search", *query)) == []
    assert _errors(json_schema(LabelDiff, "diff"), _json(cli, "diff", "zentamab")) == []
    kept = _json(cli, "list", "--versions", "zentamab")
    assert _errors(json_schema(list[LabelVersion], "versions"), kept["versions"]) == []
    assert all(_errors(listed, item) == [] for item in kept["monographs"])


def test_a_saved_show_json_still_validates(cli: Cli, tmp_path: Path) -> None:
    saved = tmp_path / "isatuximab.json"
    saved.write_text(cli("show", "isatuximab", "--json").stdout, encoding="utf-8")
    result = cli("validate", str(saved))
    assert result.exit_code == 0, result.stdout + result.stderr
