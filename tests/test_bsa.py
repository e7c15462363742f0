"""Body surface area: the five formulas against published worked examples, and their properties.

Where the expected numbers come from (each a test suite of a published package
that states the formulas with the same constants as `medcli.dosing.bsa`):

- pharmaverse/admiral, `tests/testthat/test-derive_advs_params.R` (`compute_bsa`
  tests 1-14): 170 cm / 75 kg and 185 cm / 90 kg, rounded to 3 decimals.
- clinPK (R), `calc_bsa` tests: 180 cm / 80 kg, rounded to 3 decimals.
- lucianosky/BodySurfaceArea (Swift), `BodySurfaceAreaTests.swift`: 180 cm / 90 kg,
  as binary doubles (about 15 significant digits); its DuBois uses the metre form
  0.20247 × m^0.725, so only its Mosteller, Haycock and Boyd are compared.

The issue's own example: Mosteller at 70 kg and 175 cm is 1.8447… m².
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from medcli.dosing.bsa import FORMULAS, body_surface_area, bsa_warning, formula_named
from medcli.dosing.plan import ARITHMETIC
from medcli.errors import UsageError


def bsa(formula: str, height: str | int, weight: str | int) -> Decimal:
    with localcontext(ARITHMETIC):
        return body_surface_area(FORMULAS[formula], Decimal(height), Decimal(weight))


PUBLISHED_3_DECIMALS = [
    # (formula, height cm, weight kg, published value to 3 decimals)
    ("mosteller", 170, 75, "1.882"), ("mosteller", 185, 90, "2.151"),
    ("dubois", 170, 75, "1.864"), ("dubois", 185, 90, "2.141"),
    ("haycock", 170, 75, "1.895"), ("haycock", 185, 90, "2.161"),
    ("gehan-george", 170, 75, "1.897"), ("gehan-george", 185, 90, "2.160"),
    ("boyd", 170, 75, "1.905"), ("boyd", 185, 90, "2.158"),
    ("mosteller", 180, 80, "2.000"), ("dubois", 180, 80, "1.996"),
    ("haycock", 180, 80, "2.007"), ("gehan-george", 180, 80, "2.009"),
    ("boyd", 180, 80, "2.007"),
]  # fmt: skip


@pytest.mark.parametrize(("formula", "height", "weight", "published"), PUBLISHED_3_DECIMALS)
def test_published_examples_to_3_decimals(
    formula: str, height: int, weight: int, published: str
) -> None:
    assert round(bsa(formula, height, weight), 3) == Decimal(published)


@pytest.mark.parametrize(
    ("formula", "published"),
    [
        ("mosteller", "2.1213203435596424"),
        ("haycock", "2.137774725824688"),
        ("boyd", "2.1399785752020155"),
    ],
)
def test_published_doubles_at_180_cm_90_kg(formula: str, published: str) -> None:
    """A double carries about 15 significant digits: the exact value agrees to 1e-14."""
    assert abs(bsa(formula, 180, 90) - Decimal(published)) < Decimal("1e-14")


def test_the_issue_example_and_an_exact_square() -> None:
    assert str(bsa("mosteller", 175, 70))[:6] == "1.8446"
    assert round(bsa("mosteller", 175, 70), 4) == Decimal("1.8447")
    assert bsa("mosteller", 180, 80) == 2  # √(180 × 80 ÷ 3600) = √4, exactly


def test_formula_names_and_their_errors() -> None:
    assert formula_named("Gehan_George").id == "gehan-george"
    assert formula_named(" DuBois ").id == "dubois"
    with pytest.raises(UsageError, match="accepted: mosteller, dubois, haycock"):
        formula_named("meeh")


def test_plausible_range_warns_outside_only() -> None:
    assert bsa_warning(Decimal("0.3")) is None and bsa_warning(Decimal("3.0")) is None
    assert "outside 0.3–3.0 m²" in (bsa_warning(Decimal("3.01")) or "")
    assert "outside" in (bsa_warning(Decimal("0.29")) or "")


heights = st.decimals(min_value="30", max_value="272", places=1)
weights = st.decimals(min_value="0.5", max_value="700", places=2)
steps = st.decimals(min_value="0.1", max_value="50", places=1)
formulas = st.sampled_from(sorted(FORMULAS))


@settings(max_examples=200, deadline=None)
@given(formula=formulas, height=heights, weight=weights, step=steps)
def test_every_formula_grows_with_weight_and_with_height(
    formula: str, height: Decimal, weight: Decimal, step: Decimal
) -> None:
    base = bsa(formula, str(height), str(weight))
    assert base > 0
    assert bsa(formula, str(height), str(weight + step)) > base
    if height + step <= 272:
        assert bsa(formula, str(height + step), str(weight)) > base


@settings(max_examples=200, deadline=None)
@given(height=heights, weight=weights)
def test_mosteller_is_the_square_root_exactly(height: Decimal, weight: Decimal) -> None:
    """Mosteller is `Decimal.sqrt` at 50 digits: its square gives back h × w / 3600."""
    value = bsa("mosteller", str(height), str(weight))
    with localcontext(ARITHMETIC):
        assert value == (height * weight / 3600).sqrt()
        assert abs(value * value - height * weight / 3600) < Decimal("1e-47")


@settings(max_examples=100, deadline=None)
@given(
    height=st.decimals(min_value="150", max_value="200", places=1),
    weight=st.decimals(min_value="45", max_value="120", places=1),
)
def test_the_formulas_agree_within_a_quarter_for_adults(height: Decimal, weight: Decimal) -> None:
    """Published comparisons find the formulas within a few per cent for adult sizes."""
    values = [bsa(formula, str(height), str(weight)) for formula in FORMULAS]
    assert max(values) / min(values) < Decimal("1.25")
