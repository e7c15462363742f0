"""`medcli side-effects`: filters, grouping, marks that survive a pipe, JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Cli, minimal_monograph, write_monograph
from tests.label_fixtures import answer, record

GOLDEN = Path(__file__).parent / "golden"
# The label's Warnings and Precautions reactions and its serious adverse reactions are
# serious; the seed's "less common, but serious" effects stay serious.
SERIOUS = [
    "Febrile neutropenia", "Neutropenia", "Neutropenic infection", "Pneumonia",
    "Upper respiratory tract infection", "Infection", "Infusion-related reactions",
    "Cardiac failure", "Second primary malignancies", "Skin cancers",
    "Other secondary malignancies", "Anaphylaxis", "Angioedema", "Cytokine release syndrome",
]  # fmt: skip
NO_RATE = ["Angioedema", "Cytokine release syndrome"]


def names(cli: Cli, *args: str) -> list[str]:
    result = cli("side-effects", *args, "--json")
    assert result.exit_code == 0, result.stderr
    (drug,) = json.loads(result.stdout)["drugs"]
    return [effect["name"] for effect in drug["side_effects"]]


def test_serious_lists_exactly_the_serious_effects(cli: Cli) -> None:
    assert names(cli, "--serious") == SERIOUS


def test_serious_names_the_label_warnings_with_their_rates(cli: Cli) -> None:
    out = " ".join(cli("--width", "200", "side-effects", "--serious").stdout.split())
    for expected in (
        "Pneumonia SERIOUS",
        "ICARIA-MM, Isa-Pd, N=152: 31% all grades; 22% grade 3; 3.3% grade 4; 26% serious",
        "Infusion-related reactions",
        "IKEMA, Isa-Kd, N=177: 46% all grades; 0.6% grade 3; 0% grade 4",
        "Neutropenia", "85% grade 3–4", "Anaphylaxis", "under 1% all grades",
        "ICARIA-MM, Isa-Pd, N=152: 62% serious; 11% fatal",
    ):  # fmt: skip
        assert expected in out, expected


def test_common_lists_very_common_and_common_effects(cli: Cli) -> None:
    common = names(cli, "--common")
    assert len(common) == 32
    assert common[0] == "Fatigue" and common[-1] == "Herpes zoster"
    assert "Anaphylaxis" not in common and not set(common) & set(NO_RATE)


def test_no_flag_lists_all_and_frequency_picks_tiers(cli: Cli) -> None:
    assert len(names(cli)) == 35
    assert names(cli, "--frequency", "unknown") == NO_RATE
    assert names(cli, "--frequency", "uncommon") == ["Anaphylaxis"]
    assert len(names(cli, "-f", "very-common", "-f", "rare")) == 27
    assert names(cli, "--frequency", "rare") == []


def test_filters_combine_with_and(cli: Cli) -> None:
    serious_common = names(cli, "--serious", "--common")
    assert serious_common == SERIOUS[:11]
    assert names(cli, "--serious", "--frequency", "unknown") == NO_RATE


def test_regimen_keeps_only_that_trials_rates(cli: Cli) -> None:
    result = cli("side-effects", "--regimen", "isa-kd", "--serious", "--json")
    document = json.loads(result.stdout)
    assert document["filters"]["regimen"] == "isa-kd"
    (drug,) = document["drugs"]
    assert "Pneumonia" in [e["name"] for e in drug["side_effects"]]
    skin = next(e for e in drug["side_effects"] if e["name"] == "Skin cancers")
    assert "rates" not in skin and skin["no_trial_rate_for"] == "isa-kd"  # a warning stays
    trials = {r["trial"] for e in drug["side_effects"] for r in e.get("rates", [])}
    assert trials == {"IKEMA"}
    assert {r["trial"] for r in drug["adverse_reaction_rates"]} == {"IKEMA"}
    text = cli("side-effects", "-r", "ISA-KD").stdout
    assert "ICARIA-MM" not in text and "IKEMA, Kd (comparator), N=122" in text
    bad = cli("side-effects", "--regimen", "isa-xx")
    assert bad.exit_code == 2 and "accepted: isa-pd, isa-kd, isa-vrd" in bad.stderr


def test_an_empty_result_is_not_an_error(cli: Cli) -> None:
    result = cli("side-effects", "--serious", "--frequency", "rare")
    assert result.exit_code == 0
    assert "No side effects match the filter (serious and frequency rare" in result.stdout
    assert result.stdout.rstrip().endswith("RxReasoner.")


def test_an_unknown_frequency_exits_2_listing_the_tiers(cli: Cli) -> None:
    result = cli("side-effects", "--frequency", "often")
    assert result.exit_code == 2
    assert result.stderr == (
        "medcli: error: unknown frequency 'often'; accepted: very_common, common, "
        "uncommon, rare, unknown\n"
    )


def test_json_keys_are_the_contract(cli: Cli) -> None:
    document = json.loads(cli("side-effects", "--serious", "--json").stdout)
    assert set(document) == {"filters", "drugs"}  # the same shape for one drug or several
    (drug,) = document["drugs"]
    assert set(drug) == {"drug", "name", "side_effects", "adverse_reaction_rates"}
    assert drug["drug"] == "isatuximab"
    assert document["filters"] == {
        "serious": True, "common": False, "frequencies": [], "regimen": None,
    }  # fmt: skip
    assert all({"name", "frequency", "serious"} <= set(effect) for effect in drug["side_effects"])


def test_text_matches_the_golden_file(cli: Cli) -> None:
    result = cli("--width", "72", "--no-color", "side-effects")
    assert result.exit_code == 0
    golden = GOLDEN / "side-effects-isatuximab-72.txt"
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_serious_marks_are_words_not_colour(cli: Cli) -> None:
    out = cli("side-effects", "--serious").stdout
    assert out.count("SERIOUS") == 14 and "\x1b[" not in out
    assert "Filter: serious" in out and "Frequency not known: 2" in out


def test_default_drug_follows_medcli_drug(
    cli: Cli, user_library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_monograph(user_library, "otherdrug")
    monkeypatch.setenv("MEDCLI_DRUG", "otherdrug")
    assert cli("side-effects", "--serious").stdout.splitlines()[1] == "Otherdrug: side effects"


def test_all_drugs_groups_by_drug_and_skips_drugs_without_matches(
    cli: Cli, user_library: Path
) -> None:
    write_monograph(user_library, "twin")
    (user_library / "plain.yaml").write_text(
        minimal_monograph("plain", side_effects=[{"name": "Headache", "frequency": "common"}]),
        encoding="utf-8",
    )
    document = json.loads(cli("side-effects", "--all-drugs", "--serious", "--json").stdout)
    assert [drug["drug"] for drug in document["drugs"]] == ["isatuximab", "twin"]
    text = cli("side-effects", "--all-drugs", "--common").stdout
    assert "Plain: side effects" in text and "3 drugs with matching side effects" in text


def test_several_named_drugs_and_bad_combinations(cli: Cli, user_library: Path) -> None:
    write_monograph(user_library, "twin")
    document = json.loads(cli("side-effects", "isatuximab", "twin", "--serious", "--json").stdout)
    assert len(document["drugs"]) == 2
    both = cli("side-effects", "isatuximab", "--all-drugs")
    assert both.exit_code == 2 and "not both" in both.stderr
    missing = cli("side-effects", "nosuchdrug")
    assert missing.exit_code == 1 and "no drug named 'nosuchdrug'" in missing.stderr


@pytest.mark.parametrize(
    "filters",
    [("--serious",), ("--common",), ("-f", "rare"), ("-f", "unknown", "-f", "common"),
     ("--regimen", "isa-kd"), ("--serious", "--common"), ()],
)  # fmt: skip
def test_all_drugs_from_the_rows_equals_the_named_drugs_loaded(
    cli: Cli, user_library: Path, tmp_path: Path, filters: tuple[str, ...]
) -> None:
    write_monograph(user_library, "twin")
    (tmp_path / "label.json").write_bytes(answer(record()))  # a stored label, rows of its own
    assert cli("import", str(tmp_path / "label.json")).exit_code == 0
    (user_library / "plain.yaml").write_text(
        minimal_monograph(
            "plain",
            side_effects=[
                {"name": "Headache", "frequency": "common"},
                {"name": "Seizure", "frequency": "rare", "serious": True},
            ],
        ),
        encoding="utf-8",
    )
    everything = json.loads(cli("side-effects", "--all-drugs", *filters, "--json").stdout)
    matched = [drug["drug"] for drug in everything["drugs"]]
    named = json.loads(cli("side-effects", *matched, *filters, "--json").stdout)
    assert everything == named
    if len(matched) > 1:  # one named drug is shown as a single monograph's view
        text = cli("side-effects", "--all-drugs", *filters).stdout
        assert text == cli("side-effects", *matched, *filters).stdout


def test_an_edited_file_changes_its_side_effect_rows_on_the_next_command(
    cli: Cli, user_library: Path
) -> None:
    path = user_library / "plain.yaml"

    def serious() -> list[str]:
        document = json.loads(cli("side-effects", "--all-drugs", "--serious", "--json").stdout)
        return [
            e["name"] for d in document["drugs"] if d["drug"] == "plain" for e in d["side_effects"]
        ]

    path.write_text(
        minimal_monograph("plain", side_effects=[{"name": "Seizure", "serious": True}]),
        encoding="utf-8",
    )
    assert serious() == ["Seizure"]
    path.write_text(
        minimal_monograph("plain", side_effects=[{"name": "Stroke", "serious": True},
                                                 {"name": "Seizure"}]),
        encoding="utf-8",
    )  # fmt: skip
    assert serious() == ["Stroke"]
    path.unlink()
    assert serious() == []
