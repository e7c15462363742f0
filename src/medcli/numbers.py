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
