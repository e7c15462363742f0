"""Body surface area from height and weight, by a named formula, in exact decimal arithmetic.

Pure: no printing. Each formula is the published one with its published
constants (height in cm, weight in kg; Boyd takes the weight in grams), so the
plan can print the formula and its operands beside the result and a checker can
redo the sum. Mosteller is a square root, which `Decimal.sqrt` gives correctly
rounded at the context's 50 digits; the others raise to non-integer powers,
which `Decimal.__pow__` computes through exp and ln, correct to the last of
those 50 digits but for rare rounding ties, far below any digit a plan shows.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import msgspec

from medcli.errors import UsageError
from medcli.numbers import format_number

CM_PER_IN = Decimal("2.54")  # exact, by definition of the international inch
MIN_HEIGHT_CM = Decimal(30)  # below any human length: an error
MAX_HEIGHT_CM = Decimal(272)  # the tallest recorded human: an error above it
PLAUSIBLE_BSA_M2 = (Decimal("0.3"), Decimal("3.0"))  # outside: a warning, not an error
_GRAMS_PER_KG = Decimal(1000)


class Formula(msgspec.Struct, frozen=True):
    """A BSA formula: its id (`--bsa-formula`), name, written form and the function itself."""

    id: str
    name: str
    expression: str  # the formula as the plan prints it
    compute: Callable[[Decimal, Decimal], Decimal]  # (height cm, weight kg) -> m²


def _mosteller(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    return (height_cm * weight_kg / 3600).sqrt()


def _power_law(constant: str, height_power: str, weight_power: str) -> Callable[..., Decimal]:
    """`constant × height^a × weight^b`: the shape of DuBois, Haycock and Gehan–George."""
    k, a, b = Decimal(constant), Decimal(height_power), Decimal(weight_power)

    def compute(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
        return k * height_cm**a * weight_kg**b

    return compute


def _boyd(height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    grams = weight_kg * _GRAMS_PER_KG
    exponent = Decimal("0.7285") - Decimal("0.0188") * grams.log10()
    return Decimal("0.0003207") * height_cm ** Decimal("0.3") * grams**exponent


FORMULAS: dict[str, Formula] = {
    formula.id: formula
    for formula in (
        Formula("mosteller", "Mosteller", "√(height cm × weight kg ÷ 3600)", _mosteller),
        Formula(
            "dubois",
            "DuBois",
            "0.007184 × height cm^0.725 × weight kg^0.425",
            _power_law("0.007184", "0.725", "0.425"),
        ),
        Formula(
            "haycock",
            "Haycock",
            "0.024265 × height cm^0.3964 × weight kg^0.5378",
            _power_law("0.024265", "0.3964", "0.5378"),
        ),
        Formula(
            "gehan-george",
            "Gehan–George",
            "0.0235 × height cm^0.42246 × weight kg^0.51456",
            _power_law("0.0235", "0.42246", "0.51456"),
        ),
        Formula(
            "boyd",
            "Boyd",
            "0.0003207 × height cm^0.3 × weight g^(0.7285 − 0.0188 × log10 weight g)",
            _boyd,
        ),
    )
}


def formula_named(name: str) -> Formula:
    """The formula for `--bsa-formula NAME`, or a `UsageError` listing the accepted names."""
    key = name.strip().lower().replace("_", "-").replace("–", "-")
    if key in FORMULAS:
        return FORMULAS[key]
    raise UsageError(
        f"--bsa-formula {name!r} is not a formula medcli knows; accepted: {', '.join(FORMULAS)}"
    )


def body_surface_area(formula: Formula, height_cm: Decimal, weight_kg: Decimal) -> Decimal:
    """The BSA in m² by *formula*; both inputs must already be checked (> 0)."""
    return formula.compute(height_cm, weight_kg)


def check_height_cm(height_cm: Decimal, given: str, unit: str) -> Decimal:
    """*height_cm* if it is a human height (30 to 272 cm), else a `UsageError` saying the range."""
    if MIN_HEIGHT_CM <= height_cm <= MAX_HEIGHT_CM:
        return height_cm
    limits = f"{MIN_HEIGHT_CM} cm to {MAX_HEIGHT_CM} cm"
    if unit == "in":
        low = format_number(MIN_HEIGHT_CM / CM_PER_IN, 2)
        high = format_number(MAX_HEIGHT_CM / CM_PER_IN, 2)
        limits += f" (about {low} in to {high} in)"
    raise UsageError(f"--height {given.strip()} {unit} is not a human height; accepted: {limits}")


def bsa_warning(bsa_m2: Decimal) -> str | None:
    """A warning when the BSA is outside 0.3–3.0 m², the range of real patients."""
    low, high = PLAUSIBLE_BSA_M2
    if low <= bsa_m2 <= high:
        return None
    return (
        f"a body surface area of {format_number(bsa_m2, 4)} m² is outside {low}–{high} m²; "
        "check the height and weight"
    )
