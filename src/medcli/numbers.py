"""Writing numbers the safe way (ISMP): 0.5 not .5, 5 not 5.0, 1,000 not 1000."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """*value* with thousands separators, a leading zero and no trailing zeros.

    With *places*, the value is first rounded half-up to that many decimals.
    """
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    text = f"{number:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_quantity(value: Decimal | int, unit: str, places: int | None = None) -> str:
    """A number and its unit, e.g. `1,000 mg`, `0.5 mL`, `25 mL/h`."""
    return f"{format_number(value, places)} {unit}"


def is_shown_exactly(value: Decimal | int, places: int) -> bool:
    """True when rounding *value* to *places* decimals does not change it."""
    number = Decimal(value)
    return number == number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def format_duration(minutes: Decimal | int, places: int = 1) -> str:
    """Minutes the way a nurse reads them: `45 min`, `3 h 20 min`, `1 h 52.5 min`, `2 h`.

    The minutes are rounded half-up to *places* decimals before hours are split off.
    """
    total = Decimal(minutes).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    hours, rest = divmod(total, 60)
    if hours == 0:
        return f"{format_number(rest)} min"
    if rest == 0:
        return f"{format_number(hours)} h"
    return f"{format_number(hours)} h {format_number(rest)} min"


def exact_or_rounded(value: Decimal | int, unit: str, places: int, exact_places: int = 10) -> str:
    """`700 mg`, or `698.5322498 mg ≈ 698.5 mg` when *value* is shown rounded.

    No rounding is hidden: a rounded number always follows the exact one. An
    exact value longer than *exact_places* decimals is cut there and marked `…`.
    """
    rounded = format_quantity(value, unit, places)
    if is_shown_exactly(value, places):
        return rounded
    if is_shown_exactly(value, exact_places):
        exact = format_quantity(value, unit)
    else:
        exact = f"{format_number(value, exact_places)}… {unit}"
    return f"{exact} ≈ {rounded}"


def places_clear_of_whole(value: Decimal, places: int, most: int = 6) -> int:
    """Decimals enough that rounding *value* never shows a whole number it is not.

    Band edges of dose rules are whole numbers (creatinine clearance 30 and 60 mL/min);
    60.028 shown as `60` would read as inside a band it is outside of, so it is shown
    as `60.03` instead. A value that is whole keeps *places*.
    """
    number = Decimal(value)
    for shown_places in range(places, most + 1):
        rounded = number.quantize(Decimal(1).scaleb(-shown_places), rounding=ROUND_HALF_UP)
        if rounded == number or rounded != rounded.to_integral_value():
            return shown_places
    return most
