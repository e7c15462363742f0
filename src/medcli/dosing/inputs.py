"""Parsing and checking what the user typed: weight, unit, age, start date, cycles, patient.

Numbers arrive as text and are parsed here with `Decimal`, so every bad value
(`abc`, `nan`, `inf`, `-5`, `0`, `1e400`) becomes one clear `UsageError`.
The limits are sanity bounds on human beings, not facts about any drug.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from medcli.choices import HEIGHT_UNITS, WEIGHT_UNITS
from medcli.dosing.bsa import CM_PER_IN, check_height_cm
from medcli.errors import UsageError
from medcli.numbers import format_number

KG_PER_LB = Decimal("0.45359237")  # exact, by definition of the international pound
MAX_WEIGHT_KG = Decimal(700)  # above any recorded human weight: an error
MIN_WEIGHT_KG = Decimal("0.2")  # below the smallest surviving newborns: an error
MAX_AGE_YEARS = Decimal(130)
MAX_CYCLES = 1000
MAX_BSA_CAP_M2 = Decimal(3)  # the top of the plausible range: a cap above it caps nothing
MAX_DECIMALS = 6
MAX_PATIENT_CHARS = 64  # initials or a record number; a calendar title stays readable

# [0-9], not \d: \d also matches other scripts' digits (Devanagari, full-width...).
_PLAIN_NUMBER = re.compile(r"^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$")
_ISO_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def parse_number(text: str, option: str, example: str) -> Decimal:
    """A plain decimal number greater than or equal to 0, or a `UsageError` saying why not."""
    cleaned = text.strip()
    accepted = f"accepted: a plain number such as {example}"
    if _PLAIN_NUMBER.match(cleaned):
        value = Decimal(cleaned)
        exponent = value.as_tuple().exponent
        assert isinstance(exponent, int)  # finite by the pattern
        if -exponent > MAX_DECIMALS:
            raise UsageError(
                f"{option} {text!r} has more than {MAX_DECIMALS} decimal places; {accepted}"
            )
        return value
    try:
        parsed = Decimal(cleaned)
    except InvalidOperation:
        raise UsageError(f"{option} {text!r} is not a number; {accepted}") from None
    if not parsed.is_finite():
        raise UsageError(f"{option} {text!r} is not a finite number; {accepted}")
    if parsed.is_signed():
        raise UsageError(f"{option} {text!r} is negative; {accepted}")
    raise UsageError(
        f"{option} {text!r}: write the number plainly, without signs or exponents; {accepted}"
    )


def parse_weight(text: str, unit: str) -> tuple[Decimal, Decimal]:
    """(weight as given, weight in kg); the weight must be above 0 and at most 700 kg."""
    if unit not in WEIGHT_UNITS:
        accepted = ", ".join(WEIGHT_UNITS)
        raise UsageError(f"--unit {unit!r} is not a unit of weight; accepted: {accepted}")
    example = "70 or 70.5" if unit == "kg" else "154 or 154.5"
    weight = parse_number(text, "--weight", example)
    if weight == 0:
        raise UsageError(
            f"--weight must be greater than 0; accepted: a plain number such as {example}"
        )
    weight_kg = weight * KG_PER_LB if unit == "lb" else weight
    if weight_kg < MIN_WEIGHT_KG:
        raise UsageError(
            f"--weight {text.strip()} {unit} is below any human weight; "
            f"accepted: {MIN_WEIGHT_KG} kg to {MAX_WEIGHT_KG} kg"
        )
    if weight_kg > MAX_WEIGHT_KG:
        # 700 kg is not a whole number of pounds: say it exactly, not rounded up.
        limit_lb = format_number(MAX_WEIGHT_KG / KG_PER_LB, 10)
        raise UsageError(
            f"--weight {text.strip()} {unit} is above any human weight; "
            f"accepted: up to {MAX_WEIGHT_KG} kg, that is {MAX_WEIGHT_KG} ÷ "
            f"{format_number(KG_PER_LB)} = {limit_lb}… lb"
        )
    return weight, weight_kg


def parse_height(text: str | None, unit: str) -> tuple[Decimal | None, Decimal | None]:
    """(height as given, height in cm), or (None, None) when not given; 30 to 272 cm."""
    if unit not in HEIGHT_UNITS:
        raise UsageError(
            f"--height-unit {unit!r} is not a unit of height; accepted: {', '.join(HEIGHT_UNITS)}"
        )
    if text is None:
        return None, None
    example = "175 or 175.5" if unit == "cm" else "69 or 68.9"
    height = parse_number(text, "--height", example)
    height_cm = height * CM_PER_IN if unit == "in" else height
    return height, check_height_cm(height_cm, text, unit)


def parse_bsa_cap(text: str | None) -> Decimal | None:
    """The largest BSA to dose by, in m², when the user sets one; above 0, at most 3 m²."""
    if text is None:
        return None
    return parse_up_to(text, "--bsa-cap", "2 or 2.2 (m²)", MAX_BSA_CAP_M2, "m²")


def parse_up_to(text: str, option: str, example: str, limit: Decimal, unit: str) -> Decimal:
    """A number above 0 and at most *limit*, or a `UsageError` saying the range."""
    value = parse_number(text, option, example)
    if not 0 < value <= limit:
        raise UsageError(
            f"{option} {text.strip()} is out of range; accepted: above 0 and at most {limit} {unit}"
        )
    return value


def parse_age(text: str | None) -> Decimal | None:
    """Age in years, 0 to 130, or None when not given."""
    if text is None:
        return None
    age = parse_number(text, "--age", "75 (years)")
    if age > MAX_AGE_YEARS:
        raise UsageError(
            f"--age {text.strip()} is out of range; accepted: 0 to {MAX_AGE_YEARS} years"
        )
    return age


def parse_start(text: str | None) -> dt.date | None:
    """The date of cycle 1 day 1, written YYYY-MM-DD, or None when not given."""
    if text is None:
        return None
    cleaned = text.strip()
    try:
        if not _ISO_DATE.match(cleaned):
            raise ValueError(cleaned)
        return dt.date.fromisoformat(cleaned)
    except ValueError:
        raise UsageError(
            f"--start {text!r} is not a date; accepted: YYYY-MM-DD, e.g. 2026-12-01"
        ) from None


def check_cycles(cycles: int | None) -> int | None:
    if cycles is not None and not 1 <= cycles <= MAX_CYCLES:
        raise UsageError(f"--cycles {cycles} is out of range; accepted: 1 to {MAX_CYCLES:,}")
    return cycles


def parse_patient(text: str | None) -> str | None:
    """The `--patient` label (initials or a record number), cleaned, or None when not given.

    It goes into calendar titles and the event UIDs' seed, so it must be short
    and plain: every control or format character (an ESC, a newline, a
    right-to-left override) is removed and runs of spaces become one.
    """
    if text is None:
        return None
    visible = "".join(" " if char.isspace() else char for char in text)
    cleaned = " ".join(
        "".join(char for char in visible if not unicodedata.category(char).startswith("C")).split()
    )
    if not cleaned:
        raise UsageError(
            f"--patient {text!r} is empty once control characters are removed; "
            "accepted: initials or a record number, e.g. AB-1234"
        )
    if len(cleaned) > MAX_PATIENT_CHARS:
        raise UsageError(
            f"--patient is {len(cleaned):,} characters long; accepted: at most "
            f"{MAX_PATIENT_CHARS} (initials or a record number, e.g. AB-1234)"
        )
    return cleaned
