"""`medcli validate` and the loader: every problem, with file, line and field path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medcli.errors import DataError
from medcli.library.loader import load_monograph
from tests.conftest import ISATUXIMAB, Cli, minimal_monograph


def broken_copy(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    text = ISATUXIMAB.read_text(encoding="utf-8")
    assert old in text, old
    path = tmp_path / "isatuximab.yaml"
    path.write_text(text.replace(old, new, count), encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if fragment in line)


def problems_of(path: Path) -> list[str]:
    with pytest.raises(DataError) as caught:
        load_monograph(path, expected_id=path.stem)
    return caught.value.problems


def test_the_bundled_library_is_valid(cli: Cli) -> None:
    result = cli("validate", "data/monographs")
    assert result.exit_code == 0, result.stdout
    assert result.stdout.strip().endswith("1 checked, 1 valid, 0 invalid")


def test_validate_without_paths_checks_the_whole_library(cli: Cli, user_library: Path) -> None:
    (user_library / "bad.yaml").write_text("schema_version: 1\nid: bad\n", encoding="utf-8")
    result = cli("validate")
    assert result.exit_code == 1
    assert "bad.yaml:1: name: required field missing" in result.stdout
    assert "2 checked, 1 valid, 1 invalid" in result.stdout


def test_a_bad_enum_names_file_line_path_and_the_accepted_values(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "frequency: unknown", "frequency: often")
    expected_line = line_of(path, "frequency: often")
    first_unknown = 23  # the first side effect without a rate of its own: Angioedema
    assert problems_of(path) == [
        f"isatuximab.yaml:{expected_line}: side_effects[{first_unknown}].frequency: expected one "
        "of very_common, common, uncommon, rare, unknown, got 'often'"
    ]


def test_wrong_type_unknown_field_and_missing_field_are_all_reported(
    tmp_path: Path, cli: Cli
) -> None:
    path = tmp_path / "drug.yaml"
    path.write_text(
        "schema_version: 1\n"
        "id: drug\n"
        "aliases: notalist\n"
        "side_effects:\n"
        "  - name: Fatigue\n"
        "    serius: true\n"
        "  - frequency: rare\n"
        "colour: blue\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path))
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "drug.yaml:1: name: required field missing" in lines
    assert "drug.yaml:3: aliases: expected `array`, got `str`" in lines
    assert any(
        line.startswith("drug.yaml:6: side_effects[0].serius: unknown field; accepted:")
        for line in lines
    )
    assert "drug.yaml:7: side_effects[1].name: required field missing" in lines
    assert any(
        line.startswith("drug.yaml:8: colour: unknown field; accepted: schema_version")
        for line in lines
    )
    assert lines[-1] == "1 checked, 0 valid, 1 invalid"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"id: [unclosed\n", "drug.yaml:2: invalid YAML"),
        (b"", "drug.yaml: empty file"),
        (b"- a\n- b\n", "drug.yaml:1: expected a mapping of fields at the top level"),
        (b"name: caf\xe9\n", "drug.yaml: not UTF-8 (byte 0xe9 at offset 9)"),
        (b"\x00\x01\x02binary", "drug.yaml: binary file (contains NUL bytes)"),
        (
            b"schema_version: 1\nid: drug\nname: !!python/object:os.system {}\n",
            "drug.yaml:3: invalid YAML: could not determine a constructor for the tag "
            "'tag:yaml.org,2002:python/object:os.system'",
        ),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "drug.yaml"
    path.write_bytes(content)
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(message)


def test_an_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["schema_version: 1", "id: drug", "name: Drug", "a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [
        f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, "
        f"*a{i - 1}, *a{i - 1}, *a{i - 1}]"
        for i in range(1, 12)
    ]
    path = tmp_path / "drug.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert problems_of(path) == ["drug.yaml: too many nodes once aliases are expanded"]


def test_id_must_match_the_file_name(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text(minimal_monograph("drug"), encoding="utf-8")
    assert problems_of(path) == ["other.yaml:2: id: 'drug' differs from the file name 'other'"]


def test_dangling_sources_and_regimens_and_bad_numbers_are_errors(tmp_path: Path) -> None:
    path = broken_copy(tmp_path, "source: seed", "source: nowhere")
    assert any(
        "side_effects[0].source: no source with id 'nowhere'" in p
        or ".source: no source with id 'nowhere'" in p
        for p in problems_of(path)
    )
    path = broken_copy(tmp_path, "strength_mg: 100", "strength_mg: -100")
    assert any(
        "products[0].strength_mg: expected a number greater than 0, got -100" in p
        for p in problems_of(path)
    )


def test_phases_must_follow_on(tmp_path: Path) -> None:
    text = minimal_monograph(
        "drug",
        regimens=[{
            "id": "r",
            "name": "R",
            "dose": {"amount": 1, "unit": "mg/kg"},
            "phases": [
                {"cycles": [1, None], "cycle_length_days": 28, "days": [1, 30]},
                {"cycles": [3, 4], "cycle_length_days": 21, "days": [8, 1]},
            ],
        }],
    )  # fmt: skip
    path = tmp_path / "drug.yaml"
    path.write_text(text, encoding="utf-8")
    problems = problems_of(path)
    assert any("phases[0].cycles: only the last phase may be open-ended" in p for p in problems)
    assert any("phases[0].days: day 30 is past the 28-day cycle" in p for p in problems)
    assert any("phases[1].days: days must be increasing" in p for p in problems)


def test_control_characters_are_stripped_on_load(tmp_path: Path) -> None:
    path = tmp_path / "drug.yaml"
    path.write_text(minimal_monograph("drug", usage="a\x1b[2Jb\x9bc\td\ne"), encoding="utf-8")
    # Whole sequences go: `ESC[2J`, and `0x9b c` (the 8-bit CSI with its final byte).
    assert load_monograph(path).usage == "ab\td\ne"


def test_a_missing_path_is_reported(cli: Cli, tmp_path: Path) -> None:
    result = cli("validate", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 1
    assert "not found:" in result.stdout


def test_schema_is_json_schema_of_the_monograph(cli: Cli) -> None:
    import json

    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    monograph = schema["$defs"]["Monograph"]
    assert monograph["additionalProperties"] is False
    assert set(monograph["required"]) == {"schema_version", "id", "name"}
    assert set(schema["$defs"]["SideEffect"]["properties"]["frequency"]["enum"]) == {
        "very_common",
        "common",
        "uncommon",
        "rare",
        "unknown",
    }


# --- side-effect rates (schema additions) ----------------------------------------


def rated(tmp_path: Path, frequency: str, *rates: dict[str, object]) -> Path:
    path = tmp_path / "rated.yaml"
    effect = {"name": "Headache", "frequency": frequency, "rates": list(rates)}
    path.write_text(minimal_monograph("rated", side_effects=[effect]), encoding="utf-8")
    return path


def arm(percent: object, **extra: object) -> dict[str, object]:
    return {"percent": percent, "trial": "T1", "arm": "Drug", **extra}


@pytest.mark.parametrize(
    ("rates", "tier"),
    [
        ([arm(10)], "very_common"), ([arm("9.9")], "common"), ([arm(1)], "common"),
        ([arm("0.99")], "uncommon"), ([arm("0.1")], "uncommon"), ([arm("0.05")], "rare"),
        ([arm(1, below=True)], "uncommon"), ([arm(10, below=True)], "common"),
        ([arm(3), arm(40, comparator=True)], "common"),  # comparator arms do not count
        ([arm(2, grade="3"), arm(12, grade="4")], "very_common"),  # any grade counts
        ([arm(30, kind="serious"), arm(5)], "common"),  # only incidence counts
    ],
)  # fmt: skip
def test_the_tier_is_derived_from_the_rates(
    tmp_path: Path, rates: list[dict[str, object]], tier: str
) -> None:
    assert load_monograph(rated(tmp_path, tier, *rates)).side_effects[0].frequency == tier
    other = "rare" if tier != "rare" else "common"
    [problem] = problems_of(rated(tmp_path, other, *rates))
    assert problem.endswith(f" side_effects[0].frequency: {other} but its rates give {tier}")


def test_rates_are_percentages_with_known_sources_and_regimens(tmp_path: Path) -> None:
    path = rated(tmp_path, "common", arm(101), arm(5, source="nowhere"))
    problems = problems_of(path)
    assert any(
        p.endswith("side_effects[0].rates[0].percent: expected 0 to 100, got 101") for p in problems
    )
    assert any("rates[1].source: no source with id 'nowhere'" in p for p in problems)
    zero = rated(tmp_path, "unknown", arm(0))
    assert load_monograph(zero).side_effects[0].rates[0].percent == 0


def test_the_schema_describes_rates(cli: Cli) -> None:
    schema = json.loads(cli("schema").stdout)
    rate = schema["$defs"]["Rate"]["properties"]
    assert {"percent", "trial", "arm", "regimen", "grade", "denominator", "kind"} <= set(rate)
    assert {"contraindications", "specific_populations", "adverse_reaction_rates"} <= set(
        schema["$defs"]["Monograph"]["properties"]
    )
