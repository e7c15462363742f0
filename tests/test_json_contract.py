"""Every `--json` output has one shape per command, whatever the arguments: the keys are pinned.

Scripts read these documents; a key that comes and goes with the arguments, or a
shape that changes with the number of drugs, breaks them. Adding a key is a
change to this file and to the README's description of the command.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Cli, minimal_monograph
from tests.label_fixtures import answer, later_version, record


def _document(cli: Cli, *args: str) -> Any:
    result = cli(*args, "--json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def _keys_of_each(items: list[dict[str, Any]]) -> set[frozenset[str]]:
    return {frozenset(item) for item in items}


def test_show_is_a_monograph_whatever_the_sections(cli: Cli) -> None:
    whole = _document(cli, "show", "isatuximab")
    part = _document(cli, "show", "isatuximab", "-s", "dosage")
    assert {"schema_version", "id", "name", "sources", "disclaimer"} <= set(whole)
    assert {"schema_version", "id", "name"} <= set(part) <= set(whole)


DOSE_KEYS = {
    "concentration_mg_ml", "dose_mg", "drug", "infusions", "inputs", "other_regimens",
    "premedications", "preparation", "products", "regimen", "rules", "schedule", "vial_count",
    "vials", "vials_total_mg", "volume_ml", "warnings", "waste_mg", "waste_ml", "weight_kg",
    "bsa", "regimen_drugs", "order", "order_note", "days", "undated_doses", "cycle_totals",
    "kidney_function", "drug_bsa_caps", "organ_rules",
    "jurisdiction", "supportive_care", "drug_facts", "clinical_review", "vial_rounding", "bands",
}  # fmt: skip
FACT_KEYS = {
    "drug", "drug_name", "kind", "topic", "text", "source", "section", "jurisdiction",
    "us_differs", "unconfirmed", "per_kg",
}  # fmt: skip
REVIEW_KEYS = {
    "cycle", "day", "date", "first", "then", "last", "infusion", "infusion_min",
    "after_first_min", "earliest_min", "latest_min", "limit_min", "always", "sources",
}  # fmt: skip
DOSE_INPUT_KEYS = {
    "age_years", "cycles", "cycles_given", "kg_per_lb", "regimen", "regimen_given", "start",
    "unit", "weight", "weight_kg", "height", "height_unit", "cm_per_in", "height_cm",
    "bsa_formula", "bsa_cap_m2", "only", "patient", "crcl_ml_min", "creatinine_mg_dl", "sex",
    "dialysis", "hepatic", "child_pugh",
}  # fmt: skip
KIDNEY_KEYS = {
    "method", "crcl_ml_min", "dialysis", "expression", "age_years", "weight_kg",
    "creatinine_mg_dl", "sex", "female_factor", "weight_note",
}  # fmt: skip
BSA_KEYS = {
    "formula", "formula_name", "expression", "height_cm", "weight_kg", "bsa_m2", "cap_m2",
    "capped", "used_m2",
}  # fmt: skip
DOSE_STATUS = {
    "computed", "needs_height", "needs_age", "no_dose_for_age", "by_tolerance", "rules_conflict",
}  # fmt: skip


@pytest.mark.parametrize(
    "args",
    [
        ("-w", "70"),
        ("-w", "154", "--unit", "lb", "-r", "isa-kd", "--age", "80", "--start", "2026-12-01"),
        ("isatuximab", "-w", "40", "-r", "isa-vrd", "--cycles", "3"),
        ("-w", "70", "--height", "175", "-r", "isa-vrd", "--cycles", "5", "--bsa-cap", "1.8"),
        (
            "-w",
            "70",
            "--height",
            "69",
            "--height-unit",
            "in",
            "-r",
            "isa-kd",
            "--only",
            "carfilzomib",
        ),
        ("-w", "150", "--height", "190", "-r", "isa-kd", "--cycles", "1", "--crcl", "45"),
        (
            "-w",
            "70",
            "--height",
            "175",
            "-r",
            "isa-vrd",
            "--cycles",
            "2",
            "--creatinine",
            "2",
            "--sex",
            "female",
            "--age",
            "70",
            "--hepatic",
            "moderate",
        ),
        ("-w", "70", "-r", "isa-pd", "--cycles", "1", "--dialysis", "--child-pugh", "c"),
    ],
)
def test_dose_has_one_shape(cli: Cli, args: tuple[str, ...]) -> None:
    plan = _document(cli, "dose", *args)
    assert set(plan) == DOSE_KEYS
    assert set(plan["inputs"]) == DOSE_INPUT_KEYS
    assert _keys_of_each(plan["vials"]) == {
        frozenset({"count", "form", "strength_mg", "total_mg", "volume_ml"})
    }
    assert _keys_of_each(plan["schedule"]) == {
        frozenset({"cycle", "cycle_length_days", "date", "day", "duration_min", "infusion",
                   "treatment_day"})
    }  # fmt: skip
    assert set(plan["preparation"] or {}) <= {
        "bag_volume_ml", "remove_ml", "add_ml", "final_volume_ml", "diluents",
        "measure_step_ml", "measured_ml", "measured_mg",
    }  # fmt: skip
    assert _keys_of_each(plan["rules"]) == {
        frozenset({"title", "text", "source", "section", "jurisdiction"})
    }
    assert plan["jurisdiction"] == "us"
    assert plan["supportive_care"] and plan["drug_facts"]
    assert _keys_of_each(plan["supportive_care"] + plan["drug_facts"]) == {frozenset(FACT_KEYS)}
    assert _keys_of_each(plan["clinical_review"]) <= {frozenset(REVIEW_KEYS)}
    assert _keys_of_each(plan["infusions"]) == {
        frozenset({"duration_min", "last", "number", "published_duration_min", "steps",
                   "volume_ml"})
    }  # fmt: skip
    assert plan["bsa"] is None or set(plan["bsa"]) == BSA_KEYS
    assert _keys_of_each(plan["regimen_drugs"]) == {
        frozenset(
            {"id", "name", "route", "premedication", "source", "section", "note", "rank", "lines"}
        )
    }
    assert _keys_of_each([line for drug in plan["regimen_drugs"] for line in drug["lines"]]) == {
        frozenset({"first_cycle", "last_cycle", "days", "when", "doses_per_cycle", "status",
                   "amount", "unit", "basis", "dose_mg", "options", "age_min", "age_below", "route",
                   "source", "note", "rule", "day_note", "disagreement"})
    }  # fmt: skip
    assert _keys_of_each(plan["days"]) == {
        frozenset({"cycle", "day", "treatment_day", "cycle_length_days", "date", "drugs", "notes",
                   "premedications"})
    }  # fmt: skip
    assert _keys_of_each([p for day in plan["days"] for p in day["premedications"]]) <= {
        frozenset({"name", "given", "status", "doses", "route", "timing", "note", "source",
                   "when"})
    }  # fmt: skip
    day_drugs = [drug for day in plan["days"] for drug in day["drugs"]]
    assert _keys_of_each(day_drugs) == {
        frozenset({"drug", "name", "status", "amount", "unit", "basis", "dose_mg", "route",
                   "rank", "premedication", "infusion", "source", "note"})
    }  # fmt: skip
    assert {drug["status"] for drug in day_drugs} <= DOSE_STATUS
    assert _keys_of_each(plan["undated_doses"]) <= {
        frozenset({"cycle", "drug", "name", "when", "doses_per_cycle", "status", "dose_mg",
                   "route", "source"})
    }  # fmt: skip
    assert _keys_of_each(plan["cycle_totals"]) == {
        frozenset({"cycle", "drug", "name", "doses", "total_mg"})
    }
    assert all(isinstance(group, list) for group in plan["order"])
    assert set(plan["kidney_function"]) == KIDNEY_KEYS
    assert _keys_of_each(plan["drug_bsa_caps"]) <= {
        frozenset({"drug", "name", "bsa_m2", "cap_m2", "user_cap_m2", "used_m2", "limited_by",
                   "recompute_above_percent", "source", "section", "note"})
    }  # fmt: skip
    assert _keys_of_each(plan["organ_rules"]) <= {
        frozenset({"drug", "name", "organ", "outcome", "text", "source", "section",
                   "section_unconfirmed"})
    }  # fmt: skip


@pytest.mark.parametrize("regimen", ["isa-pd", "isa-kd", "isa-vrd"])
def test_dose_facts_keep_their_shape_in_either_jurisdiction(cli: Cli, regimen: str) -> None:
    for jurisdiction in ("us", "eu"):
        plan = _document(
            cli, "dose", "-w", "70", "--height", "175", "-r", regimen,
            "--jurisdiction", jurisdiction,
        )  # fmt: skip
        assert set(plan) == DOSE_KEYS and plan["jurisdiction"] == jurisdiction
        facts = plan["supportive_care"] + plan["drug_facts"]
        assert _keys_of_each(facts) == {frozenset(FACT_KEYS)}
        unconfirmed = [fact["unconfirmed"] for fact in facts if fact["unconfirmed"]]
        assert _keys_of_each(unconfirmed) <= {frozenset({"reason", "claims"})}
        claims = [claim for item in unconfirmed for claim in item["claims"]]
        assert _keys_of_each(claims) <= {frozenset({"says", "source", "section"})}
        workings = [fact["per_kg"] for fact in facts if fact["per_kg"]]
        assert _keys_of_each(workings) <= {
            frozenset({"what", "amount", "unit", "weight_kg", "total"})
        }


@pytest.mark.parametrize(
    "args",
    [
        ("--serious",),
        ("isatuximab", "--common"),
        ("isatuximab", "twin", "--frequency", "unknown"),
        ("--all-drugs", "--serious"),
        ("--all-drugs", "--frequency", "rare"),  # nothing matches: still the same shape
    ],
)
def test_side_effects_have_one_shape_for_one_drug_or_many(
    cli: Cli, user_library: Path, args: tuple[str, ...]
) -> None:
    (user_library / "twin.yaml").write_text(
        minimal_monograph("twin", side_effects=[{"name": "Headache", "frequency": "unknown"}]),
        encoding="utf-8",
    )
    document = _document(cli, "side-effects", *args)
    assert set(document) == {"filters", "drugs"}
    assert set(document["filters"]) == {"serious", "common", "frequencies", "regimen"}
    assert _keys_of_each(document["drugs"]) <= {
        frozenset({"drug", "name", "side_effects", "adverse_reaction_rates"})
    }


LIST_ITEM_KEYS = frozenset(
    {"aliases", "drug_class", "has_regimen", "id", "library", "name", "origin", "path"}
    | {"version", "effective_time"}
    | {"set_id", "product", "role"}  # a label's product and its role in it (null for a file)
)


def _import_two_versions(cli: Cli, tmp_path: Path) -> None:
    for number, data in enumerate((record(), later_version())):
        (tmp_path / f"v{number}.json").write_bytes(answer(data))
        cli("import", str(tmp_path / f"v{number}.json"))


@pytest.mark.parametrize("args", [(), ("--versions", "zentamab")])
def test_list_has_one_shape(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    _import_two_versions(cli, tmp_path)
    document = _document(cli, "list", *args)
    assert set(document) == {"monographs", "versions"}
    assert _keys_of_each(document["monographs"]) == {LIST_ITEM_KEYS}
    assert _keys_of_each(document["versions"] or []) <= {
        frozenset({"version", "version_id", "effective_time", "imported", "newest"})
    }


DIFF_SECTION_KEYS = {
    "status", "key", "loinc", "number", "old_number", "title", "old_title",
    "unchanged_sentences", "changes", "tables",
}  # fmt: skip


@pytest.mark.parametrize("args", [(), ("-s", "dosage"), ("--from", "4")])
def test_diff_has_one_shape(cli: Cli, tmp_path: Path, args: tuple[str, ...]) -> None:
    _import_two_versions(cli, tmp_path)
    document = _document(cli, "diff", "zentamab", *args)
    assert set(document) == {
        "drug", "name", "set_id", "from", "to", "message", "summary",
        "recent_major_changes", "sections",
    }  # fmt: skip
    assert set(document["to"]) == {"version", "version_id", "effective_time", "imported", "newest"}
    assert set(document["summary"]) == {"added", "removed", "changed", "unchanged"}
    rmc = document["recent_major_changes"]
    assert rmc is None or set(rmc) == {
        "entries", "listed", "found_changed", "unlisted", "unlisted_elsewhere"
    }  # fmt: skip
    assert _keys_of_each(rmc["entries"] if rmc else []) <= {
        frozenset({"text", "date", "sections", "new_sections", "changed", "not_changed"})
    }
    assert _keys_of_each(document["sections"]) <= {frozenset(DIFF_SECTION_KEYS)}
    changes = [change for section in document["sections"] for change in section["changes"]]
    assert _keys_of_each(changes) <= {frozenset({"change", "old", "new", "words"})}
    tables = [table for section in document["sections"] for table in section["tables"]]
    assert _keys_of_each(tables) <= {frozenset({"status", "caption", "rows", "unchanged_rows"})}
    rows = [row for table in tables for row in table["rows"]]
    assert _keys_of_each(rows) <= {frozenset({"change", "old", "new"})}


@pytest.mark.parametrize("query", ["myeloma", "zzzznothing"])
def test_search_has_one_shape_with_or_without_hits(cli: Cli, query: str) -> None:
    document = _document(cli, "search", query)
    assert set(document) == {"query", "results", "section", "total"}
    assert _keys_of_each(document["results"]) <= {
        frozenset({"id", "matches", "name", "origin", "score", "section", "snippet"})
    }


def test_import_has_one_shape_for_imported_and_skipped_pages(cli: Cli, tmp_path: Path) -> None:
    good = tmp_path / "pages" / "goodpage.md"
    good.parent.mkdir()
    good.write_text("# Goodpage\n\n### Usage\n\nA page.\n", encoding="utf-8")
    (tmp_path / "pages" / "binary.md").write_bytes(b"\x00\x01\x02")
    document = _document(cli, "import", str(good.parent), "--into", str(tmp_path / "lib"))
    assert set(document) == {"dry_run", "labels", "pages", "stopped", "summary", "target"}
    assert set(document["labels"]) == {"labels", "rate_tables", "side_effects", "tables"}
    assert set(document["summary"]) == {
        "coverage", "imported", "pages_per_second", "read", "seconds", "skipped",
        "skipped_by_reason", "structure_coverage", "unchanged", "updated", "warnings",
    }  # fmt: skip
    assert set(document["summary"]["coverage"]) == {
        "counting", "found", "labels_counted_every", "min", "overall", "structure_words", "words",
    }  # fmt: skip
    assert _keys_of_each(document["pages"]) == {
        frozenset({"coverage", "detail", "found", "id", "in_entries", "missing", "outcome",
                   "path", "reason", "side_effect_words", "structure_coverage", "structure_words",
                   "warnings", "words", "kind", "side_effects", "tables", "rate_tables"})
    }  # fmt: skip
