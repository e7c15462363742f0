"""`medcli show`: what a user sees for the bundled monograph and for awkward input."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from medcli.library.loader import load_monograph
from tests.conftest import Cli, minimal_monograph, write_monograph

ANSI = re.compile(r"\x1b\[")


def test_contraindications_are_a_section_of_their_own(cli: Cli) -> None:
    result = cli("--width", "200", "show", "isatuximab", "-s", "contraindications")
    assert result.exit_code == 0, result.stderr
    out = " ".join(result.stdout.split())
    assert "Contraindications • Severe hypersensitivity: Do not use isatuximab" in out
    assert "[source: label-v7, section 4]" in out
    assert 'without the word "severe"' not in out  # an EU SmPC item: --jurisdiction eu
    assert "because of pomalidomide" in out and "pomalidomide's, not one of isatuximab's own" in out
    assert "[source: revlimid-label, section 4.1, boxed warning]" in out
    assert "\nUsage\n" not in result.stdout


def test_seed_prose_says_it_is_not_label_text(cli: Cli) -> None:
    out = " ".join(cli("--width", "200", "show", "isatuximab").stdout.split())
    for section in ("usage", "dosage", "mechanism"):
        text = cli("--width", "200", "show", "isatuximab", "-s", section).stdout
        assert "[source: seed, not label text]" in text, section
    assert "newly diagnosed multiple myeloma who are not eligible for autologous" in out
    assert "[source: label-v7, section 5.1]" in out and "5.2 Infections (label of 9/2024" in out
    assert (
        "[label-v7] SARCLISA (isatuximab-irfc) US label, openFDA BLA761113; version 7; 2023-11-13"
        in out
    )
    assert "version 9/2024 and 10/2024; 2024-11-06" in out


def test_specific_populations_keep_the_seed_claim_tagged(cli: Cli) -> None:
    out = cli("--width", "200", "show", "isatuximab", "-s", "specific-populations").stdout
    assert "moderate (bilirubin over 1.5 to 3 times the upper limit)" in " ".join(out.split())
    assert "Liver or kidney impairment (seed page)" in out and "not label text" in out


def test_show_prints_every_section_of_the_bundled_monograph(cli: Cli) -> None:
    result = cli("--width", "120", "show", "isatuximab")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    for heading in (
        "Usage", "Dosage", "Administration", "Premedications", "Contraindications",
        "Side effects", "How it works", "Precautions", "Specific populations", "Storage",
        "Frequently asked questions", "Disclaimer", "Sources",
    ):  # fmt: skip
        assert f"\n{heading}\n" in out, heading
    assert out.splitlines()[0] == "Isatuximab"
    assert "Also known as: Sarclisa, isatuximab-irfc" in out
    assert "Class: CD38-directed cytolytic antibody" in out
    assert "Routes: intravenous" in out
    assert "2026-12-01" in out and "AI-generated" in out.split("\nUsage\n")[0]
    for regimen in ("isa-pd", "isa-kd", "isa-vrd"):
        assert f"regimen id: {regimen}" in out
    assert "Very common (10% or more): 27" in out
    assert out.count("SERIOUS") == 14
    assert out.index("\nDisclaimer\n") < out.index("\nSources\n")
    assert result.stderr == ""


def test_show_finds_brand_names_prefixes_and_any_case(cli: Cli) -> None:
    for name in ("SARCLISA", "sarclisa", "Isatuximab-IRFC", "isatuximab irfc", "isatux", "  Isa "):
        result = cli("show", name, "-s", "usage")
        assert result.exit_code == 0, (name, result.stderr)
        assert result.stdout.startswith("Isatuximab\n")


def test_a_typo_exits_1_with_a_suggestion(cli: Cli) -> None:
    result = cli("show", "isatuxumab")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        "medcli: error: no drug named 'isatuxumab' (did you mean: isatuximab?)\n"
    )


@pytest.mark.parametrize(
    "name",
    ["../../etc/passwd", "/etc/passwd", "data/monographs/isatuximab", "isatuximab.yaml", ".", ""],
)
def test_a_path_is_never_used_as_a_name(cli: Cli, name: str) -> None:
    result = cli("show", name)
    assert result.exit_code == 1
    assert result.stderr.startswith("medcli: error: ")
    assert len(result.stderr.splitlines()) == 1
    assert "root:" not in result.stdout


def test_sections_limit_the_view_but_disclaimer_and_sources_stay(cli: Cli) -> None:
    result = cli("show", "isatuximab", "-s", "mechanism", "-s", "faqs")
    assert result.exit_code == 0
    out = result.stdout
    assert "\nHow it works\n" in out and "\nFrequently asked questions\n" in out
    assert "\nUsage\n" not in out and "\nDosage\n" not in out
    assert out.rstrip().endswith("RxReasoner.") or "\nSources\n" in out
    assert "ADCC" in out or "antibody-dependent" in out.lower()


def test_an_unknown_section_exits_2_listing_the_valid_ones(cli: Cli) -> None:
    result = cli("show", "isatuximab", "-s", "dose")
    assert result.exit_code == 2
    assert "'dose' is not one of" in result.stderr and "'side-effects'" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_json_is_a_valid_monograph_that_round_trips(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", "isatuximab", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["id"] == "isatuximab" and document["schema_version"] == 1
    saved = tmp_path / "isatuximab.json"
    saved.write_text(result.stdout, encoding="utf-8")
    assert cli("validate", str(saved)).exit_code == 0
    bundled = load_monograph(Path("data/monographs/isatuximab.yaml"))
    assert load_monograph(saved) == bundled


def test_json_with_sections_is_still_a_valid_monograph(cli: Cli, tmp_path: Path) -> None:
    result = cli("show", "isatuximab", "-s", "side-effects", "--json")
    document = json.loads(result.stdout)
    assert "side_effects" in document and "usage" not in document and "regimens" not in document
    assert document["disclaimer"] and document["sources"]
    saved = tmp_path / "isatuximab.json"
    saved.write_text(result.stdout, encoding="utf-8")
    assert cli("validate", str(saved)).exit_code == 0


def test_markup_and_escape_sequences_in_data_are_printed_inert(
    cli: Cli, user_library: Path
) -> None:
    hostile = "[bold red]not bold[/bold] [link=http://x]link[/link] \x1b[31mred\x1b[0m \x07bell"
    (user_library / "hostile.yaml").write_text(
        minimal_monograph("hostile", usage=hostile, mechanism="[/]"), encoding="utf-8"
    )
    result = cli("show", "hostile")
    assert result.exit_code == 0, result.stderr
    # The escape sequences go whole (not only their ESC), as the text gate removes them.
    assert "[bold red]not bold[/bold] [link=http://x]link[/link] red bell" in result.stdout
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "[/]" in result.stdout


def test_a_broken_file_beside_good_ones_is_skipped_with_one_warning(
    cli: Cli, user_library: Path
) -> None:
    (user_library / "broken.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    write_monograph(user_library, "goodone")
    result = cli("show", "goodone", "-s", "usage")
    assert result.exit_code == 0 and result.stdout.startswith("Goodone"), result.stderr
    by_alias = cli("show", "Sarclisa", "-s", "usage")
    assert by_alias.exit_code == 0
    warnings = [line for line in by_alias.stderr.splitlines() if "broken.yaml" in line]
    assert len(warnings) == 1 and warnings[0].startswith("medcli: warning: skipped ")


def test_piped_output_has_no_ansi_codes_even_with_color_forced_off(cli: Cli) -> None:
    for args in (["show", "isatuximab"], ["--no-color", "show", "isatuximab"]):
        assert not ANSI.search(cli(*args).stdout)


def test_forty_columns_hold(cli: Cli) -> None:
    result = cli("--width", "40", "show", "isatuximab")
    assert result.exit_code == 0
    too_wide = [line for line in result.stdout.splitlines() if len(line.rstrip()) > 40]
    assert too_wide == []


def test_user_library_shadows_bundled_and_data_dir_shadows_user(
    cli: Cli, user_library: Path, tmp_path: Path
) -> None:
    write_monograph(user_library, "isatuximab", name="User Isatuximab")
    assert cli("show", "isatuximab").stdout.startswith("User Isatuximab")
    folder = tmp_path / "extra"
    folder.mkdir()
    write_monograph(folder, "isatuximab", name="Folder Isatuximab")
    result = cli("--data-dir", str(folder), "show", "isatuximab")
    assert result.stdout.startswith("Folder Isatuximab")


def test_medcli_path_adds_folders(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "extra"
    folder.mkdir()
    (folder / "extradrug.yaml").write_text(minimal_monograph("extradrug"), encoding="utf-8")
    monkeypatch.setenv("MEDCLI_PATH", str(folder))
    result = cli("show", "extradrug")
    assert result.exit_code == 0 and result.stdout.startswith("Extradrug")
    assert "No disclaimer was given" in result.stdout


def test_an_ambiguous_prefix_lists_candidates(cli: Cli, user_library: Path) -> None:
    (user_library / "isoniazid.yaml").write_text(minimal_monograph("isoniazid"), encoding="utf-8")
    result = cli("show", "is")
    assert result.exit_code == 1
    assert "matches more than one drug" in result.stderr
    assert "isatuximab" in result.stderr and "isoniazid" in result.stderr
