"""`side-effects --regimen R` (issue 21, finding 5): R's own tiers, and no warning dropped.

Under a regimen each effect's tier comes from that regimen's trial rates (CIOMS
bands), never from another trial's; every serious effect (the label's warnings
and precautions, its serious reactions) stays, marked when R's trial gives it
no rate.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.library.loader import load_monograph
from medcli.model import Rate, SideEffect
from medcli.side_effects import for_regimen
from tests.conftest import ISATUXIMAB, Cli

MONOGRAPH = load_monograph(ISATUXIMAB, expected_id="isatuximab")
REGIMENS = ["isa-pd", "isa-kd", "isa-vrd"]


def effects(cli: Cli, *args: str) -> dict[str, dict[str, Any]]:
    result = cli("side-effects", *args, "--json")
    assert result.exit_code == 0, result.stderr
    (drug,) = json.loads(result.stdout, parse_float=Decimal)["drugs"]
    return {effect["name"]: effect for effect in drug["side_effects"]}


def band(percent: Decimal) -> str:
    """The CIOMS band of a rate, written out again here so the test checks the code."""
    if percent >= 10:
        return "very_common"
    if percent >= 1:
        return "common"
    return "uncommon" if percent >= Decimal("0.1") else "rare"


def test_febrile_neutropenia_under_isa_kd_is_common_from_ikemas_rate(cli: Cli) -> None:
    found = effects(cli, "--regimen", "isa-kd")["Febrile neutropenia"]
    assert [(r["trial"], r["percent"]) for r in found["rates"]] == [("IKEMA", Decimal("1.1"))]
    assert found["frequency"] == "common" and found["no_trial_rate_for"] is None
    out = cli("--width", "200", "side-effects", "--regimen", "isa-kd").stdout
    common = out.split("Common (1% to 10%)")[1].split("Frequency not known")[0]
    assert "Febrile neutropenia" in common
    very_common = out.split("Very common (10% or more)")[1].split("Common (1% to 10%)")[0]
    assert "Febrile neutropenia" not in very_common
    # the filters use the regimen's tier too
    assert "Febrile neutropenia" in effects(cli, "--regimen", "isa-kd", "-f", "common")
    assert "Febrile neutropenia" not in effects(cli, "--regimen", "isa-kd", "-f", "very_common")
    assert effects(cli)["Febrile neutropenia"]["frequency"] == "very_common"  # all trials


@pytest.mark.parametrize("regimen", REGIMENS)
def test_every_serious_effect_is_kept_and_marked_when_the_trial_has_no_rate(
    cli: Cli, regimen: str
) -> None:
    serious = [effect.name for effect in MONOGRAPH.side_effects if effect.serious]
    found = effects(cli, "--regimen", regimen)
    assert [name for name in serious if name not in found] == []
    for effect in MONOGRAPH.side_effects:
        ours = [rate for rate in effect.rates if rate.regimen == regimen]
        if effect.name not in found:
            assert not ours and not effect.serious  # another regimen's effect
            continue
        shown = found[effect.name]
        assert shown["no_trial_rate_for"] == (None if ours else regimen)
        incidence = [r.percent for r in ours if r.kind == "incidence" and not r.comparator]
        exact = [p for p in incidence if p > 0 and not any(r.below for r in ours)]
        if not ours:
            assert shown["frequency"] == "unknown" and "rates" not in shown
        elif exact:
            assert shown["frequency"] == band(max(exact)), effect.name
    text = cli("--width", "200", "side-effects", "--regimen", regimen).stdout
    marked = [name for name, effect in found.items() if effect["no_trial_rate_for"]]
    assert text.count(f"- no trial rate for {regimen}") == len(marked) > 0


def test_label_warnings_without_an_ikema_rate_are_listed_under_isa_kd(cli: Cli) -> None:
    found = effects(cli, "--regimen", "isa-kd", "--serious")
    for name in ["Skin cancers", "Other secondary malignancies", "Anaphylaxis", "Angioedema"]:
        assert found[name]["no_trial_rate_for"] == "isa-kd"
        assert found[name]["frequency"] == "unknown"
    vrd = effects(cli, "--regimen", "isa-vrd")
    for name in ["Neutropenia", "Febrile neutropenia", "Second primary malignancies"]:
        assert vrd[name]["no_trial_rate_for"] == "isa-vrd"
    assert "Nausea" not in effects(cli, "--regimen", "isa-kd")  # not serious, not IKEMA's


def test_the_regimen_marker_is_a_json_key_only_under_a_regimen(cli: Cli) -> None:
    assert all("no_trial_rate_for" not in effect for effect in effects(cli).values())
    assert all("no_trial_rate_for" in e for e in effects(cli, "--regimen", "isa-pd").values())


def test_all_drugs_with_a_regimen_uses_its_tier(cli: Cli) -> None:
    result = cli("side-effects", "--all-drugs", "--regimen", "isa-kd", "-f", "common", "--json")
    assert result.exit_code == 0, result.stderr
    (drug,) = json.loads(result.stdout)["drugs"]
    assert "Febrile neutropenia" in [effect["name"] for effect in drug["side_effects"]]


percents = st.decimals(min_value=0, max_value=100, places=1)


@settings(max_examples=200, deadline=None)
@given(ours=st.lists(percents, max_size=4), theirs=st.lists(percents, min_size=1, max_size=4))
def test_the_tier_is_the_regimens_own(ours: list[Decimal], theirs: list[Decimal]) -> None:
    rates = [Rate(percent=p, trial="A", arm="R", regimen="r") for p in ours] + [
        Rate(percent=p, trial="B", arm="S", regimen="s") for p in theirs
    ]
    effect = SideEffect(name="X", serious=True, rates=rates)
    seen = for_regimen(effect, "r")
    assert seen is not None
    assert [rate.regimen for rate in seen.rates] == ["r"] * len(ours)
    positive = [p for p in ours if p > 0]
    assert seen.frequency == (band(max(positive)) if positive else "unknown")
    assert for_regimen(SideEffect(name="Y", rates=rates[len(ours) :]), "r") is None
