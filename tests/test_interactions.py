"""`medcli interactions` on invented labels: every way one label names another drug.

Each drug here is made up, its label text too; the labels are imported the way a user
imports openFDA records, then the command is run as a user runs it.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import zlib
from pathlib import Path
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medcli.library.folders import STORE_FILE
from tests.conftest import Cli
from tests.label_fixtures import SPL_CLASSED_PRODUCT, answer, record, spl, stored_ids
from tests.test_mcp import document as tool_document
from tests.test_mcp import in_process, texts

KEEP_OUT = (
    "boxed_warning",
    "warnings_and_cautions",
    "adverse_reactions",
    "adverse_reactions_table",
)
DI_TABLE = (
    "<table><caption>Table 5: Drugs That Change Zentamab</caption>"
    "<thead><tr><th>Drug</th><th>Advice</th></tr></thead>"
    "<tbody><tr><td>Quarnidine</td><td>Lower the zentamab dose by half.</td></tr>"
    "<tr><td>Quarnidinex</td><td>No change.</td></tr></tbody></table>"
)


def label(number: int, generic: str, brand: str, **fields: Any) -> dict[str, Any]:
    """An invented openFDA record: its own set id and names, *fields* as its sections."""
    openfda = {
        "brand_name": [brand],
        "generic_name": [generic],
        "product_type": ["HUMAN PRESCRIPTION DRUG"],
        **fields.pop("openfda", {}),
    }
    data = record(
        set_id=f"0f0e0d0c-1111-2222-3333-{number:012d}",
        id=f"aaaa0000-bbbb-cccc-dddd-{number:012d}",
        openfda=openfda,
        **fields,
    )
    for name in KEEP_OUT:
        if name not in fields:
            data.pop(name, None)
    return data


ZENTAMAB = label(
    1,
    "ZENTAMAB",
    "Zentaro",
    contraindications=[
        "4 CONTRAINDICATIONS Do not give zentamab with Blorvex: fatal sparkle loss occurred."
    ],
    drug_interactions=[
        "7 DRUG INTERACTIONS 7.1 Effect of Other Drugs on Zentamab Avoid strong CYP3A "
        "inhibitors. Zentamab and quarnidinex are unrelated. Table 5: Drugs That Change "
        "Zentamab Drug Advice Quarnidine Lower the zentamab dose by half. Quarnidinex No "
        "change. CYP2C8, 2C19 or 3A inducers lower zentamab levels. 7.2 Combination Products "
        "Betazole raised zentamab levels. Zentamab-Plus "
        "holds zentamab."
    ],
    drug_interactions_table=[DI_TABLE],
    # openFDA's own copy of 12.3, worded a little apart from it: its sentence is shown once.
    pharmacokinetics=[
        "Pharmacokinetics Absorption is fast. CYP2D6 inhibitors raised zentamab exposure by 20%."
    ],
    clinical_pharmacology=[
        "12 CLINICAL PHARMACOLOGY 12.1 Mechanism of Action Zentamab binds sparkle. "
        "12.3 Pharmacokinetics CYP2D6 inhibitors raised zentamab exposure by 20%. "
        "CYP1A2 inhibitors did not change it."
    ],
)
PLIMORANT = label(
    2,
    "PLIMORANT HYDROCHLORIDE",
    "Blorvex",
    openfda={"substance_name": ["PLIMORANT HYDROCHLORIDE"]},
)
QUARNIDINE = label(
    3,
    "QUARNIDINE",
    "Quarnex",
    openfda={"pharm_class_moa": ["Cytochrome P450 3A4 Inhibitors [MoA]"]},
)
TEVOLAST = label(
    4,
    "TEVOLAST",
    "Tevora",
    drug_interactions=[
        "7 DRUG INTERACTIONS Tevolast is a strong CYP2D6 inhibitor. "
        "4-hydroxy tevolast is a weak inhibitor of CYP1A2. In vitro, tevolast is an "
        "inhibitor of CYP1A2. Tevolast is a strong CYP2D6 inhibitor and is also known to "
        "be an inducer of CYP2B6, 2C9/19."
    ],
)
SILENTOL = label(5, "SILENTOL", "Quietix")
COMBINATION = label(
    6,
    "ALPHAZINE AND BETAZOLE",
    "Duozel",
    openfda={"substance_name": ["ALPHAZINE", "BETAZOLE SODIUM", "ZENTAMAB"]},
)


@pytest.fixture
def imported(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_bytes(answer(ZENTAMAB, PLIMORANT, QUARNIDINE, TEVOLAST, SILENTOL, COMBINATION))
    result = cli("import", str(path))
    assert result.exit_code == 0, result.stderr


def document(cli: Cli, *drugs: str) -> dict[str, Any]:
    result = cli("interactions", *drugs, "--json")
    assert result.exit_code == 0, result.stderr
    found: dict[str, Any] = json.loads(result.stdout)
    return found


def passages(found: dict[str, Any], of: str, about: str) -> list[dict[str, Any]]:
    return [
        passage
        for pair in found["pairs"]
        for passage in pair["passages"]
        if passage["label_of"] == of and passage["about"] == about
    ]


@pytest.mark.usefixtures("imported")
def test_brand_name_in_a_contraindication_ranks_first(cli: Cli) -> None:
    found = document(cli, "silentol", "quarnidine", "zentamab", "blorvex")
    first = found["pairs"][0]
    assert first["rank"] == "contraindication"
    assert set(first["drugs"]) == {"zentamab", "plimorant-hydrochloride"}
    passage = first["passages"][0]
    assert passage["section"] == "4"
    assert passage["text"] == ("Do not give zentamab with Blorvex: fatal sparkle loss occurred.")
    assert passage["version"] == "3" and passage["effective_time"] == "2024-01-15"
    assert [(m["text"], m["by"]) for m in passage["matches"]] == [("Blorvex", "brand name")]
    assert first["rank_matched_by"] == ["name"]


@pytest.mark.usefixtures("imported")
def test_generic_name_in_a_table_row_of_section_7_whole_words_only(cli: Cli) -> None:
    found = passages(document(cli, "zentamab", "quarnidine"), "zentamab", "quarnidine")
    rows = [p for p in found if p.get("table") is not None]
    assert [row["text"] for row in rows] == ["Quarnidine | Lower the zentamab dose by half."]
    assert rows[0]["table"] == "Table 5: Drugs That Change Zentamab"
    assert rows[0]["matches"][0]["by"] == "generic name"
    assert not any("quarnidinex" in p["text"].lower() for p in found)


@pytest.mark.usefixtures("imported")
def test_class_from_the_other_drugs_pharm_class(cli: Cli) -> None:
    found = passages(document(cli, "zentamab", "quarnidine"), "zentamab", "quarnidine")
    by_class = [p for p in found if p["matches"][0]["by"] == "class"]
    assert [p["text"] for p in by_class] == ["Avoid strong CYP3A inhibitors."]
    match = by_class[0]["matches"][0]
    assert match["text"] == "CYP3A inhibitors"
    assert match["term"] == "CYP3A4 inhibitor"
    assert match["class_source"]["drug"] == "quarnidine"
    assert match["class_source"]["where"] == "pharm class"
    assert match["class_source"]["evidence"] == "Cytochrome P450 3A4 Inhibitors [MoA]"
    assert match["passage_strength"] == "strong"  # quarnidine's label gives no strength
    text = " ".join(cli("interactions", "zentamab", "quarnidine").stdout.split())
    assert "the passage is about strong ones, Quarnidine's label does not say how strong" in text
    assert "Zentamab + Quarnidine: most serious mention in drug interactions" in text


@pytest.mark.usefixtures("imported")
def test_class_from_a_sentence_of_the_other_label(cli: Cli) -> None:
    found = document(cli, "zentamab", "tevolast")
    listed, kinetics = passages(found, "zentamab", "tevolast")
    # "an inducer of CYP2B6, 2C9/19" in tevolast's label; "CYP2C8, 2C19 or 3A inducers" here.
    assert listed["section"] == "7.1"
    assert listed["text"] == "CYP2C8, 2C19 or 3A inducers lower zentamab levels."
    assert [m["term"] for m in listed["matches"]] == ["CYP2C19 inducer"]
    assert kinetics["rank"] == "pharmacokinetics" and kinetics["section"] == "12.3"
    source = kinetics["matches"][0]["class_source"]
    assert source["evidence"] == "Tevolast is a strong CYP2D6 inhibitor."
    assert source["strength"] == "strong" and source["where"] == "section 7"
    assert "passage_strength" not in kinetics["matches"][0]  # the passage names no strength
    # "4-hydroxy tevolast is a weak inhibitor of CYP1A2" is about a metabolite, and "In
    # vitro, tevolast is an inhibitor of CYP1A2" a finding in vitro: neither is a class, so
    # "CYP1A2 inhibitors did not change it" is no passage.
    assert found["pairs"][0]["rank_matched_by"] == ["class"]
    text = " ".join(cli("interactions", "zentamab", "tevolast").stdout.split())
    assert "most serious mention in drug interactions (through a class only)" in text


# Every form in which a label says what its own drug is, and sentences that say it of
# another drug, a metabolite, or in vitro, or say it is not.
VESTORIN = label(
    9,
    "VESTORIN",
    "Vestra",
    drug_interactions=[
        "7 DRUG INTERACTIONS In vitro data suggest little. Vestorin inhibits CYP2C8. "
        "Vestorin moderately induces CYP1A2. "
        "Vestorin is a substrate of CYP2D6 and P-gp. Ketoconazole, a strong CYP3A inhibitor, "
        "increased vestorin exposure. Vestorin, a moderate CYP2C9 inhibitor, raises "
        "warfarin levels."
    ],
    clinical_pharmacology=[
        "12 CLINICAL PHARMACOLOGY 12.3 Pharmacokinetics Vestorin inhibits CYP2B6 in vitro. "
        "The major metabolite of vestorin inhibits CYP2C19. In human liver microsomes, "
        "vestorin inhibits CYP2E1. Vestorin does not inhibit CYP3A4. In Vitro Studies "
        "Vestorin inhibits CYP2A6."
    ],
)
PROBAZIL = label(
    10,
    "PROBAZIL",
    "Probex",
    drug_interactions=[
        "7 DRUG INTERACTIONS CYP2C8 inhibitors raise probazil levels. CYP1A2 inducers lower "
        "probazil levels. CYP2D6 substrates need care. P-gp substrates need care. Strong "
        "CYP3A inhibitors raise probazil levels. CYP2C9 inhibitors raise probazil levels. "
        "CYP2B6 inhibitors raise probazil levels. CYP2C19 inhibitors raise probazil levels. "
        "CYP2E1 inhibitors raise probazil levels. CYP2A6 inhibitors raise probazil levels. "
        # What probazil's label says of probazil names no other drug.
        "Probazil is not a CYP2C8 inhibitor. Probazil is cleared by CYP2D6 and a substrate "
        "of BCRP."
    ],
)


def test_class_sentences_in_every_form_and_only_of_the_labels_own_drug(
    cli: Cli, tmp_path: Path
) -> None:
    path = tmp_path / "forms.json"
    path.write_bytes(answer(VESTORIN, PROBAZIL))
    assert cli("import", str(path)).exit_code == 0
    found = passages(document(cli, "probazil", "vestorin"), "probazil", "vestorin")
    said = {
        passage["text"]: (
            match["term"],
            match["class_source"]["evidence"],
            match["class_source"].get("strength"),
        )
        for passage in found
        for match in passage["matches"]
    }
    assert said == {
        "CYP2C8 inhibitors raise probazil levels.": (
            "CYP2C8 inhibitor",
            "Vestorin inhibits CYP2C8.",
            None,
        ),
        "CYP1A2 inducers lower probazil levels.": (
            "CYP1A2 inducer",
            "Vestorin moderately induces CYP1A2.",
            "moderate",
        ),
        "CYP2D6 substrates need care.": (
            "CYP2D6 substrate",
            "Vestorin is a substrate of CYP2D6 and P-gp.",
            None,
        ),
        "P-gp substrates need care.": (
            "P-gp substrate",
            "Vestorin is a substrate of CYP2D6 and P-gp.",
            None,
        ),
        "CYP2C9 inhibitors raise probazil levels.": (
            "CYP2C9 inhibitor",
            "Vestorin, a moderate CYP2C9 inhibitor, raises warfarin levels.",
            "moderate",
        ),
    }
    # Not a CYP3A inhibitor (ketoconazole is, by its own label), nor a CYP2B6, 2C19, 2E1 or
    # 2A6 inhibitor (in vitro, a metabolite, liver microsomes, under an "In Vitro Studies"
    # heading), nor a CYP3A4 one ("does not"); prose "In vitro data suggest" is no heading.


# Claims with "may" or "was shown to", and two roles at once; the same words said of
# another drug, a metabolite, in vitro, or with "not" give nothing.
MODAVIR = label(
    11,
    "MODAVIR",
    "Modex",
    drug_interactions=[
        "7 DRUG INTERACTIONS Modavir may inhibit CYP2C8. Ketoconazole may inhibit CYP3A4. "
        "Modavir is a CYP2D6 substrate and inhibitor. Modavir is a substrate and inducer of "
        "P-gp. Modavir is a CYP2C19 substrate and inhibitors of CYP2C19 raise its levels. "
        "Modavir is a CYP2E1 substrate and inhibitor of BCRP. Modavir may not inhibit "
        "CYP2C9. Modavir does not inhibit CYP2C9. The metabolite of modavir may inhibit "
        "CYP2A6."
    ],
    clinical_pharmacology=[
        "12 CLINICAL PHARMACOLOGY 12.3 Pharmacokinetics Modavir was shown to induce CYP1A2. "
        "Modavir was shown in vitro to induce CYP2B6."
    ],
)
TESSARINE = label(
    12,
    "TESSARINE",
    "Tessa",
    drug_interactions=[
        "7 DRUG INTERACTIONS CYP2C8 inhibitors raise tessarine levels. CYP1A2 inducers lower "
        "tessarine levels. CYP2D6 substrates need care. CYP2D6 inhibitors raise tessarine "
        "levels. P-gp substrates need care. P-gp inducers lower tessarine levels. CYP2C19 "
        "substrates need care. CYP2E1 substrates need care. CYP3A inhibitors raise tessarine "
        "levels. CYP2C19 inhibitors raise tessarine levels. CYP2E1 inhibitors raise "
        "tessarine levels. CYP2C9 inhibitors raise tessarine levels. CYP2A6 inhibitors raise "
        "tessarine levels. CYP2B6 inducers lower tessarine levels."
    ],
)


def test_class_sentences_with_may_shown_to_and_two_roles(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "more-forms.json"
    path.write_bytes(answer(MODAVIR, TESSARINE))
    assert cli("import", str(path)).exit_code == 0
    found = passages(document(cli, "tessarine", "modavir"), "tessarine", "modavir")
    said = {
        (passage["text"], match["term"], match["class_source"]["evidence"])
        for passage in found
        for match in passage["matches"]
    }
    both = "Modavir is a CYP2D6 substrate and inhibitor."
    of_pgp = "Modavir is a substrate and inducer of P-gp."
    assert said == {
        ("CYP2C8 inhibitors raise tessarine levels.", "CYP2C8 inhibitor", "Modavir may "
         "inhibit CYP2C8."),
        ("CYP1A2 inducers lower tessarine levels.", "CYP1A2 inducer", "Modavir was shown to "
         "induce CYP1A2."),
        ("CYP2D6 substrates need care.", "CYP2D6 substrate", both),
        ("CYP2D6 inhibitors raise tessarine levels.", "CYP2D6 inhibitor", both),
        ("P-gp substrates need care.", "P-gp substrate", of_pgp),
        ("P-gp inducers lower tessarine levels.", "P-gp inducer", of_pgp),
        # Only the first role where the "and" is no second role of the same enzyme.
        ("CYP2C19 substrates need care.", "CYP2C19 substrate", "Modavir is a CYP2C19 "
         "substrate and inhibitors of CYP2C19 raise its levels."),
        ("CYP2E1 substrates need care.", "CYP2E1 substrate", "Modavir is a CYP2E1 substrate "
         "and inhibitor of BCRP."),
    }  # fmt: skip
    # Not a CYP3A inhibitor (ketoconazole may be), nor a CYP2C19 or CYP2E1 inhibitor (the
    # "inhibitors" are other drugs, the "inhibitor of BCRP" is BCRP's), nor a CYP2C9
    # inhibitor ("may not", "does not"), a CYP2A6 one (a metabolite) or a CYP2B6 inducer
    # (in vitro).


@pytest.mark.usefixtures("imported")
def test_class_from_the_pharm_classes_of_an_spl_label(cli: Cli, tmp_path: Path) -> None:
    product = SPL_CLASSED_PRODUCT.replace("Zentaro", "Vorimex").replace("zentamab", "vorimastat")
    section = (
        '<component><section><code code="34073-7" codeSystem="2.16.840.1.113883.6.1"/>'
        "<title>7 DRUG INTERACTIONS</title><text><paragraph>None known.</paragraph></text>"
        "</section></component>"
    )
    (tmp_path / "vorimex.xml").write_bytes(
        spl(set_id="spl-vorimex", product=product, sections=section, title="")
    )
    assert cli("import", str(tmp_path / "vorimex.xml")).exit_code == 0
    [kinetics] = passages(document(cli, "zentamab", "vorimastat"), "zentamab", "vorimastat")
    assert kinetics["text"] == "CYP2D6 inhibitors raised zentamab exposure by 20%."
    source = kinetics["matches"][0]["class_source"]
    assert source["where"] == "pharm class"
    assert source["evidence"] == "Cytochrome P450 2D6 Inhibitors [MoA]"
    assert source["set_id"] == "spl-vorimex"


@pytest.mark.usefixtures("imported")
def test_active_ingredient_without_its_salt_and_no_self_match(cli: Cli) -> None:
    found = passages(document(cli, "zentamab", "duozel"), "zentamab", "alphazine-and-betazole")
    assert [p["text"] for p in found] == ["Betazole raised zentamab levels."]
    assert found[0]["matches"] == [
        {"text": "Betazole", "start": 0, "end": 8, "by": "active ingredient", "term": "BETAZOLE"}
    ]


@pytest.mark.usefixtures("imported")
def test_silence_is_said_never_no_interaction(cli: Cli) -> None:
    found = document(cli, "zentamab", "silentol")
    [pair] = found["pairs"]
    assert pair["passages"] == [] and pair["rank"] is None
    assert pair["statement"] == "neither label mentions the other or its classes"
    text = cli("interactions", "zentamab", "silentol").stdout
    assert "neither label mentions the other or its classes" in text
    assert "no interaction" not in text.lower()


@pytest.mark.usefixtures("imported")
def test_drugs_that_cannot_be_checked_are_named(cli: Cli) -> None:
    result = cli("interactions", "zentamab", "blorvex", "nosuchdrug", "isatuximab")
    assert result.exit_code == 0
    assert "nosuchdrug: not checked: no drug named 'nosuchdrug'" in result.stdout
    assert "isatuximab: not checked: isatuximab is not an imported FDA label" in " ".join(
        result.stdout.split()
    )
    found = document(cli, "zentamab", "blorvex", "nosuchdrug")
    assert [item["query"] for item in found["not_checked"]] == ["nosuchdrug"]


@pytest.mark.usefixtures("imported")
@pytest.mark.parametrize(
    "drugs",
    [("zentamab", "nosuchdrug"), ("zentamab", "isatuximab"), ("zentamab", "zentaro")],
)
def test_fewer_than_two_checked_is_one_error_line(cli: Cli, drugs: tuple[str, ...]) -> None:
    result = cli("interactions", *drugs)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("medcli: error: fewer than two drugs")
    assert result.stdout == ""


def test_one_drug_is_a_usage_error(cli: Cli) -> None:
    result = cli("interactions", "zentamab")
    assert result.exit_code == 2
    assert result.stderr.startswith(
        "medcli: error: give two or more drugs to check against each other (got 1)"
    )
    assert cli("interactions").exit_code == 2


@pytest.mark.usefixtures("imported")
def test_pairs_come_most_serious_first(cli: Cli, tmp_path: Path) -> None:
    boxed = label(
        8,
        "BOXOTIN",
        "Boxa",
        boxed_warning=["WARNING: DIMMING Never combine boxotin with quarnidine."],
        drug_interactions=["7 DRUG INTERACTIONS Boxotin and zentamab: watch sparkle."],
    )
    path = tmp_path / "boxed.json"
    path.write_bytes(answer(boxed))
    assert cli("import", str(path)).exit_code == 0
    found = document(cli, "quarnidine", "boxotin", "zentamab", "blorvex")
    ranks = [(set(pair["drugs"]), pair["rank"]) for pair in found["pairs"]]
    assert ranks[:3] == [
        ({"zentamab", "plimorant-hydrochloride"}, "contraindication"),
        ({"quarnidine", "boxotin"}, "boxed warning"),
        ({"quarnidine", "zentamab"}, "interaction"),
    ]
    [warning] = passages(found, "boxotin", "quarnidine")
    assert warning["section"] is None and warning["section_title"].startswith("WARNING")


@pytest.mark.usefixtures("imported")
def test_text_view_marks_the_match_without_colour(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    text = " ".join(cli("interactions", "zentamab", "blorvex").stdout.split())
    assert '"Do not give zentamab with >>Blorvex<<: fatal sparkle loss occurred."' in text
    assert "Zentamab label, section 4 CONTRAINDICATIONS" in text
    assert "version 3, effective 2024-01-15" in text
    assert "The absence of a statement is not evidence of safety." in text


@pytest.mark.usefixtures("imported")
def test_label_control_characters_do_not_reach_the_terminal(cli: Cli, tmp_path: Path) -> None:
    hostile = label(
        7,
        "GRIMAZOLE",
        "Grimex",
        drug_interactions=["7 DRUG INTERACTIONS Avoid \x1b[31mzentamab\x1b[0m with care."],
    )
    path = tmp_path / "hostile.json"
    path.write_bytes(answer(hostile))
    assert cli("import", str(path)).exit_code == 0
    result = cli("interactions", "grimazole", "zentamab")
    assert "\x1b" not in result.stdout
    found = passages(document(cli, "grimazole", "zentamab"), "grimazole", "zentamab")
    assert [p["text"] for p in found] == ["Avoid zentamab with care."]


def test_the_text_view_loads_no_tables_numbers_or_side_effects() -> None:
    # Its cost: `render/common.py` and Rich's tables were 6 ms of a command whose goal is
    # 2x the start-up floor, for pieces the view never uses; on a terminal, gluing units
    # (before Rich lays the view out) loaded Rich's tables too.
    code = (
        "import sys, medcli.render.terminal, medcli.render.interactions, medcli.render.plain; "
        "from medcli.render.console import glue_units; from medcli.render.lines import bullet; "
        "glue_units(bullet('give 700 mg')); "
        "print(sorted(m for m in ('medcli.render.common', 'medcli.side_effects', "
        "'medcli.numbers', 'rich.table') if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.mark.usefixtures("imported")
def test_the_stored_mentions_answer_as_the_monographs_do(cli: Cli, isolated_home: Path) -> None:
    user_library = isolated_home / "monographs"
    drugs = stored_ids(user_library)
    from_rows = [cli("interactions", *drugs, *form).stdout for form in (["--json"], [])]
    with sqlite3.connect(user_library / STORE_FILE) as db:
        assert db.execute("SELECT count(*) FROM mentions").fetchone() == (len(drugs),)
        db.execute("DELETE FROM mentions")  # its checksum kept: each label is read whole
    from_monographs = [cli("interactions", *drugs, *form).stdout for form in (["--json"], [])]
    assert from_rows == from_monographs
    with sqlite3.connect(user_library / STORE_FILE) as db:  # as a store of older code lacks it
        db.execute("DROP TABLE mentions")
    assert [cli("interactions", *drugs, *form).stdout for form in (["--json"], [])] == from_rows
    assert len(json.loads(from_rows[0])["pairs"]) == len(drugs) * (len(drugs) - 1) // 2


@pytest.mark.usefixtures("imported")
def test_a_check_reads_no_monograph_and_compiles_no_class_pattern() -> None:
    # The cost the index saves: decoding each label whole and compiling the pattern of
    # `interactions/terms.py` (together about 30 ms of a command meant to take 2x the floor).
    code = (
        "import sys; from typer.testing import CliRunner; from medcli.cli import app; "
        "from medcli.library.merged import Library\n"
        "def loaded(*args): raise AssertionError('a monograph was decoded')\n"
        "Library.load = loaded\n"
        "done = CliRunner().invoke(app, ['interactions', 'zentamab', 'quarnex', 'tevolast'])\n"
        "print(done.exit_code, 'CYP3A4 inhibitor' in done.stdout, "
        "'medcli.interactions.terms' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "True", "False"], done.stderr


SENTENCE_PARTS = (
    "Zentamab", "Blorvex", "plimorant", "zentamab is a strong CYP3A4 inhibitor.",
    "Avoid strong CYP3A inhibitors.", "4-hydroxy zentamab inhibits CYP2C8.", "P-gp substrates",
    "In Vitro Studies", "Clinical Studies", "Plimorant may induce CYP1A2.", "\x1b[31m", ". ",
    "Plimorant, a moderate CYP2D6 inhibitor, raised levels.", "kinase inhibitors",
)  # fmt: skip
sentence_text = st.lists(
    st.one_of(st.sampled_from(SENTENCE_PARTS), st.text(max_size=8)), max_size=12
).map(" ".join)


def _stored_pair(texts: list[str], row: list[str]) -> list[bytes]:
    """Two invented labels whose sections hold *texts* and a table *row*, as the store
    keeps them: JSON through the text gate, compressed."""
    from medcli.labels.convert import encode
    from medcli.model import Label, LabelSection, LabelTable, Monograph, TableCell

    table = LabelTable(caption="Table 1", body=[[TableCell(text=cell) for cell in row]])
    kept = []
    for number, (generic, brand, pharm) in enumerate(
        [("ZENTAMAB", "Zentaro", "Kinase Inhibitor [EPC]"), ("PLIMORANT HCL", "Blorvex", "")]
    ):
        sections = [
            LabelSection(key=key, title=key.upper(), number=number, loinc=loinc, text=text)
            for (key, number, loinc), text in zip(
                [("contraindications", "4", "34070-3"), ("warnings", "5.1", "43685-7"),
                 ("drug-interactions", "7", "34073-7"), ("pharmacokinetics", "12.3", None)],
                texts[number * 4 : number * 4 + 4],
                strict=True,
            )
        ]  # fmt: skip
        sections[2] = msgspec.structs.replace(sections[2], tables=[table])
        label = Label(
            format="openfda",
            set_id=f"set-{number}",
            version="2",
            generic_names=[generic],
            brand_names=[brand],
            pharm_classes=[pharm] if pharm else [],
            sections=sections,
        )
        drug = generic.split()[0].lower()
        kept.append(
            zlib.compress(encode(Monograph(schema_version=1, id=drug, name=drug, label=label)))
        )
    return kept


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentence_text, min_size=8, max_size=8), st.lists(sentence_text, max_size=3))
def test_the_rows_a_rebuild_makes_answer_as_the_monographs_do(
    texts: list[str], row: list[str]
) -> None:
    from medcli.interactions.check import Drug, interactions
    from medcli.interactions.mentions import unpack
    from medcli.interactions.reading import mentions_of
    from medcli.library import derived

    kept = _stored_pair(texts, row)
    read_whole = [mentions_of(derived.decoded(data)) for data in kept]
    rebuilt = []
    for data, drug in zip(kept, ("zentamab", "plimorant"), strict=True):
        part = derived.needed([derived.MENTIONS], data, drug, drug)
        made = derived.derived_rows((drug, drug, ()), part, [derived.MENTIONS]).mentions
        assert made is not None
        rebuilt.append(unpack(made))
    assert rebuilt == read_whole
    answers = [
        msgspec.json.encode(interactions([Drug(m.id, m) for m in found if m is not None]))
        for found in (read_whole, rebuilt)
    ]
    assert answers[0] == answers[1]


@pytest.mark.usefixtures("imported")
def test_mcp_tool_is_the_commands_document_cut_to_its_window(cli: Cli) -> None:
    from mcp import Client

    expected = document(cli, "zentamab", "blorvex", "quarnidine")

    async def session(client: Client) -> None:
        arguments = {"drugs": ["zentamab", "blorvex", "quarnidine"], "max_chars": 300}
        result = await client.call_tool("interactions", arguments)
        assert tool_document(result) == expected
        text, sources = texts(result)
        assert "[cut: characters 0 to" in text and "call interactions again" in text
        drugs = json.loads(sources)["provenance"]["drugs"]
        assert {drug["drug"] for drug in drugs} == {
            "zentamab",
            "plimorant-hydrochloride",
            "quarnidine",
        }
        failed = await client.call_tool("interactions", {"drugs": ["zentamab", "nosuchdrug"]})
        assert failed.is_error
        assert texts(failed)[0].startswith("medcli: error: fewer than two drugs")

    in_process(session)


LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "labels"
ARCHIVE = LABELS / "openfda-labels.tar.gz"
REAL = {  # application → the drug's label in ../shared/labels
    "NDA021438": "propranolol",
    "NDA009218": "warfarin",
    "NDA202429": "vemurafenib",
    "NDA016608": "carbamazepine",
    "NDA021894": "tetrabenazine",
    "NDA021299": "paroxetine",
    "NDA211349": "gilteritinib",
    "NDA021323": "escitalopram",
    "NDA208082": "deutetrabenazine",
    "NDA019766": "simvastatin",
    "NDA202570": "crizotinib",
    "NDA020839": "clopidogrel",
    "NDA022056": "omeprazole",
    "NDA213969": "lonafarnib",
}
# What a pharmacist finds reading the two labels, checked by hand against them: the pair's
# most serious rank, how it is matched there, and words of a passage medcli must quote.
PHARMACIST_PAIRS = [
    ("propranolol", "warfarin", "interaction", ["name"], "Warfarin concentrations are increased"),
    ("vemurafenib", "carbamazepine", "interaction", ["class", "name"], "phenytoin, carbamazepine"),
    ("tetrabenazine", "paroxetine", "warning", ["class", "name"], "should not exceed 25 mg"),
    ("gilteritinib", "escitalopram", "interaction", ["name"], "(e.g., escitalopram"),
    ("deutetrabenazine", "tetrabenazine", "contraindication", ["name"], "Taking tetrabenazine"),
    ("simvastatin", "crizotinib", "contraindication", ["class"], "strong CYP3A4 inhibitors"),
    ("propranolol", "carbamazepine", "interaction", ["class"], "CYP1A2 and 2C19 inducers"),
    ("escitalopram", "warfarin", "warning", ["name"], "For patients taking warfarin"),
    # Omeprazole a CYP2C19 inhibitor and lonafarnib a strong CYP3A one by their own 12.3.
    ("clopidogrel", "omeprazole", "warning", ["class", "name"], "such as omeprazole"),
    ("simvastatin", "lonafarnib", "contraindication", ["class", "name"], "ZOKINVY is contra"),
]


@pytest.fixture(scope="module")
def real_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import tarfile

    from typer.testing import CliRunner

    from medcli.cli import app

    folder = tmp_path_factory.mktemp("real-labels")
    with tarfile.open(ARCHIVE) as archive:
        for application in REAL:
            member = archive.extractfile(f"openfda/{application}.json")
            assert member is not None
            (folder / f"{application}.json").write_bytes(member.read())
    home = folder / "home"
    result = CliRunner().invoke(
        app, ["import", str(folder)], env={"MEDCLI_HOME": str(home)}, catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    return home


@pytest.mark.slow
@pytest.mark.skipif(not ARCHIVE.is_file(), reason="../shared/labels is not present")
@pytest.mark.parametrize(("a", "b", "rank", "matched_by", "words"), PHARMACIST_PAIRS)
def test_real_labels_say_what_a_pharmacist_reads_in_them(
    cli: Cli,
    real_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    a: str,
    b: str,
    rank: str,
    matched_by: list[str],
    words: str,
) -> None:
    monkeypatch.setenv("MEDCLI_HOME", str(real_home))
    [pair] = document(cli, a, b)["pairs"]
    assert (pair["rank"], pair["rank_matched_by"]) == (rank, matched_by)
    assert any(words in passage["text"] for passage in pair["passages"])


# Classes a real label gives its own drug in a sentence, and where: the pair is linked
# through that class.
SENTENCE_CLASSES = [
    ("clopidogrel", "omeprazole", "CYP2C19 inhibitor", "section 12.3"),
    ("simvastatin", "lonafarnib", "CYP3A inhibitor", "section 12.3"),
    ("propranolol", "carbamazepine", "CYP1A2 inducer", "Drug Interactions"),
    ("tetrabenazine", "paroxetine", "CYP2D6 inhibitor", "section 7.1"),
]


@pytest.mark.slow
@pytest.mark.skipif(not ARCHIVE.is_file(), reason="../shared/labels is not present")
@pytest.mark.parametrize(("a", "b", "term", "where"), SENTENCE_CLASSES)
def test_real_labels_link_pairs_through_a_class_of_their_own_words(
    cli: Cli,
    real_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    a: str,
    b: str,
    term: str,
    where: str,
) -> None:
    monkeypatch.setenv("MEDCLI_HOME", str(real_home))
    [pair] = document(cli, a, b)["pairs"]
    sources = {
        (match["term"], match["class_source"]["where"])
        for passage in pair["passages"]
        for match in passage["matches"]
        if match.get("class_source")
    }
    assert (term, where) in sources
