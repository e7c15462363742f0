"""The bundled isatuximab monograph against the real SARCLISA label (openFDA, version 7).

The label record lives outside the repository, in `../shared/labels`; these tests
skip cleanly when it is absent. They read the record straight from the archive
(nothing is unpacked) and check the facts a dose plan is built on: the infusion
rate table, the dose and schedule, the vial strengths, the contraindication,
the premedication doses, and every adverse-reaction table rate the monograph
cites from label tables 3 to 6.
"""

from __future__ import annotations

import html
import itertools
import json
import re
import tarfile
from decimal import Decimal
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import pytest

from medcli.library.loader import load_monograph
from medcli.model import Monograph

LABELS = Path(__file__).resolve().parents[1].parent / "shared" / "labels"
ARCHIVE = LABELS / "openfda-labels.tar.gz"
MEMBER = "openfda/BLA761113.json"
BUNDLED = Path(__file__).resolve().parents[1] / "data" / "monographs" / "isatuximab.yaml"

pytestmark = pytest.mark.skipif(not ARCHIVE.is_file(), reason="../shared/labels is not present")

# Monograph side-effect name -> the row name in the label's tables.
ROW_NAMES = {
    "Anemia": "Hemoglobin decreased",
    "Lymphocytopenia": "Lymphocytes decreased",
    "Neutropenia": "Neutrophils decreased",
    "Thrombocytopenia": "Platelets decreased",
    "Infusion-related reactions": "Infusion-related reaction",
}
GRADE_COLUMNS = {"all": 0, "3": 1, "4": 2}


@pytest.fixture(scope="module")
def label() -> dict[str, Any]:
    with tarfile.open(ARCHIVE) as archive:
        stream = archive.extractfile(MEMBER)
        assert stream is not None, f"{MEMBER} is missing from {ARCHIVE.name}"
        record: dict[str, Any] = json.load(stream)["results"][0]
    assert record["set_id"] == "a0473462-6f9d-4eca-a5bf-8620aea68e8a"
    assert (record["version"], record["effective_time"]) == ("7", "20231113")
    return record


@pytest.fixture(scope="module")
def monograph() -> Monograph:
    return load_monograph(BUNDLED)


def plain(markup: str) -> str:
    """SPL table cell text: footnotes dropped, tags stripped, entities decoded."""
    markup = re.sub(r"<footnote>.*?</footnote>", "", markup, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def table_rows(tables: list[str], number: int) -> dict[str, list[str]]:
    """Rows of label table *number*, by their first cell."""
    table = next(t for t in tables if re.search(rf"<caption>Table {number}:", t))
    rows: dict[str, list[str]] = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, flags=re.DOTALL):
        cells = [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        if len(cells) > 1:
            rows[cells[0]] = cells[1:]
    return rows


def test_infusion_rate_table_matches_label_table_2(
    label: dict[str, Any], monograph: Monograph
) -> None:
    rows = table_rows(label["dosage_and_administration_table"], 2)
    admin = monograph.administration
    assert admin is not None and admin.infusion_volume_ml == 250
    first, second, later = admin.rates
    assert rows["First infusion"] == [
        "250 mL", "25 mL/hour", "For 60 minutes", "25 mL/hour every 30 minutes", "150 mL/hour",
    ]  # fmt: skip
    rates = [step.rate_ml_h for step in first.steps]
    assert rates[0] == 25 and first.steps[0].minutes == 60 and rates[-1] == 150
    assert {b - a for a, b in itertools.pairwise(rates)} == {25}
    assert all(step.minutes == 30 for step in first.steps[1:-1])
    assert rows["Second infusion"] == [
        "250 mL", "50 mL/hour", "For 30 minutes",
        "50 mL/hour for 30 minutes then increase by 100 mL/hour", "200 mL/hour",
    ]  # fmt: skip
    assert [(s.rate_ml_h, s.minutes) for s in second.steps] == [
        (D(50), D(30)), (D(100), D(30)), (D(200), None),
    ]  # fmt: skip
    assert rows["Subsequent infusions"] == ["250 mL", "200 mL/hour", "–", "–", "200 mL/hour"]
    assert (later.first, later.last) == (3, None)
    assert [(s.rate_ml_h, s.minutes) for s in later.steps] == [(D(200), None)]


def test_dose_and_schedule_match_label_section_2_1(
    label: dict[str, Any], monograph: Monograph
) -> None:
    text = label["dosage_and_administration"][0]
    assert "The recommended dose of SARCLISA is 10 mg/kg actual body weight" in text
    rows = table_rows(label["dosage_and_administration_table"], 1)
    assert rows["Cycle 1"] == ["Days 1, 8, 15, and 22 (weekly)"]
    assert rows["Cycle 2 and beyond"] == ["Days 1, 15 (every 2 weeks)"]
    assert "Each treatment cycle consists of a 28-day period" in text
    for regimen in monograph.regimens:
        assert regimen.dose.amount == 10 and regimen.dose.unit == "mg/kg"
        assert regimen.dose.basis == "actual body weight"
    for regimen in (r for r in monograph.regimens if r.id in ("isa-pd", "isa-kd")):
        cycle_1, later = regimen.phases
        assert (cycle_1.cycles, cycle_1.cycle_length_days, cycle_1.days) == (
            (1, 1), 28, [1, 8, 15, 22],
        )  # fmt: skip
        assert (later.cycles, later.cycle_length_days, later.days) == ((2, None), 28, [1, 15])


def test_vial_strengths_match_label_section_3(label: dict[str, Any], monograph: Monograph) -> None:
    text = label["dosage_forms_and_strengths"][0]
    found = {
        (Decimal(mg), Decimal(ml)) for mg, ml in re.findall(r"(\d+) mg/(\d+) mL \(20 mg/mL\)", text)
    }
    assert found == {(p.strength_mg, p.volume_ml) for p in monograph.products}
    assert all(p.strength_mg / p.volume_ml == 20 for p in monograph.products)


def test_contraindication_matches_label_section_4(
    label: dict[str, Any], monograph: Monograph
) -> None:
    text = label["contraindications"][0]
    assert "contraindicated in patients with severe hypersensitivity to isatuximab-irfc" in text
    assert "or to any of its excipients" in text
    own = [note for note in monograph.contraindications if note.section == "4"]
    assert [note.source for note in own] == ["label-v7"]
    assert "severe hypersensitivity to isatuximab-irfc" in " ".join(own[0].text.split())
    assert "excipients" in own[0].text
    # The pregnancy contraindication is pomalidomide's, which the label says in 5.5.
    assert (
        "combination of SARCLISA with pomalidomide is contraindicated in pregnant"
        in (label["warnings_and_cautions"][0])
    )


def test_premedication_doses_match_label_section_2_2(
    label: dict[str, Any], monograph: Monograph
) -> None:
    text = label["dosage_and_administration"][0]
    assert "Dexamethasone 40 mg orally or intravenously (or 20 mg" in text
    assert "for patients ≥75 years of age" in text
    assert "Acetaminophen 650 mg to 1,000 mg orally" in text
    assert "Diphenhydramine 25 mg to 50 mg orally or intravenously" in text
    dexamethasone = next(p for p in monograph.premedications if p.name == "Dexamethasone")
    by_regimen = {
        (tuple(d.regimens), d.age_min, d.age_below): d.amount for d in dexamethasone.doses
    }
    assert by_regimen[(("isa-pd",), None, 75)] == 40
    assert by_regimen[(("isa-pd",), 75, None)] == 20
    assert by_regimen[(("isa-kd",), None, None)] == 20


def test_every_table_rate_the_monograph_cites_is_the_labels(
    label: dict[str, Any], monograph: Monograph
) -> None:
    tables = {n: table_rows(label["adverse_reactions_table"], n) for n in (3, 4, 5, 6)}
    denominators = {"Isa-Pd": 152, "Pd": 149, "Isa-Kd": 177, "Kd": 122}
    checked = 0
    for effect in monograph.side_effects:
        for rate in effect.rates:
            match = re.fullmatch(r"6\.1, Table (\d)", rate.section or "")
            if rate.source != "label-v7" or match is None:
                continue
            row = tables[int(match.group(1))][ROW_NAMES.get(effect.name, effect.name)]
            column = GRADE_COLUMNS[rate.grade] + (3 if rate.comparator else 0)
            assert Decimal(row[column]) == rate.percent, (effect.name, rate)
            assert rate.denominator == denominators[rate.arm]
            checked += 1
    assert checked > 100


def test_serious_and_fatal_rates_are_in_label_section_6_1(
    label: dict[str, Any], monograph: Monograph
) -> None:
    text = label["adverse_reactions"][0]
    assert "Serious adverse reactions occurred in 62% of patients receiving Isa-Pd" in text
    assert "Serious adverse reactions occurred in 59% of patients receiving Isa-Kd" in text
    assert "Fatal adverse reactions occurred in 11% of patients" in text
    assert "reported in 3.4% of patients in the Isa-Kd group" in text
    trial = {
        (r.trial, r.kind): r.percent
        for r in monograph.adverse_reaction_rates
        if r.source == "label-v7"
    }
    assert trial[("ICARIA-MM", "serious")] == 62 and trial[("IKEMA", "serious")] == 59
    assert trial[("ICARIA-MM", "fatal")] == 11 and trial[("IKEMA", "fatal")] == Decimal("3.4")
