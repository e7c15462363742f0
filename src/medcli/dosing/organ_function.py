"""Kidney and liver function as the user gives them: checked, and creatinine clearance found.

Pure. `--crcl` is taken as entered; `--creatinine` with `--sex` and `--age`
gives the Cockcroft-Gault clearance, in exact decimal arithmetic, with the
weight it used (the entered actual body weight: the REVLIMID label names the
formula but not the weight). The limits are sanity bounds on human beings,
not facts about any drug.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

import msgspec

from medcli.choices import CHILD_PUGH_CLASSES, HEPATIC_CLASSES, SEXES, ChildPugh, HepaticClass, Sex
from medcli.dosing.inputs import parse_number, parse_up_to
from medcli.dosing.records import KidneyFunction
from medcli.errors import UsageError
from medcli.numbers import format_number

MAX_CRCL_ML_MIN = Decimal(250)  # above any measured human clearance: an error
CREATININE_MG_DL = (Decimal("0.1"), Decimal(30))  # outside: not a human serum creatinine
CG_AGE_YEARS = Decimal(140)
CG_DIVISOR = Decimal(72)
CG_FEMALE_FACTOR = Decimal("0.85")
CG_EXPRESSION = "(140 − age) × weight kg ÷ (72 × serum creatinine mg/dL), × 0.85 if female"
DIALYSIS_BAND_BELOW = Decimal(30)  # the labels' dialysis rows are for CrCl below 30 mL/min
ADULT_AGE_YEARS = Decimal(18)
_T = TypeVar("_T", bound=str)
WEIGHT_NOTE = (
    "Weight used: the actual body weight entered. The REVLIMID label (2.6, Table 3) names "
    "Cockcroft-Gault but does not say which weight to use."
)


class OrganText(msgspec.Struct, frozen=True):
    """Kidney and liver function as typed: one declaration for the command and the MCP tool."""

    crcl: str | None = None
    creatinine: str | None = None
    sex: str | None = None
    dialysis: bool = False
    hepatic: str | None = None
    child_pugh: str | None = None


class OrganFunction(msgspec.Struct, frozen=True):
    """Kidney and liver function, checked: what the partner drugs' rules are matched against."""

    kidney: KidneyFunction
    hepatic: HepaticClass | None
    child_pugh: ChildPugh | None
    creatinine: Decimal | None
    crcl_entered: Decimal | None
    sex: Sex | None


def cockcroft_gault(
    age_years: Decimal, weight_kg: Decimal, creatinine_mg_dl: Decimal, *, female: bool
) -> Decimal:
    """(140 − age) × weight ÷ (72 × Scr), × 0.85 if female: mL/min, at the caller's precision."""
    clearance = (CG_AGE_YEARS - age_years) * weight_kg / (CG_DIVISOR * creatinine_mg_dl)
    return clearance * CG_FEMALE_FACTOR if female else clearance


def parse_organ_function(
    given: OrganText, weight_kg: Decimal, age_years: Decimal | None, warnings: list[str]
) -> OrganFunction:
    """The checked kidney and liver function, or a `UsageError` saying what is accepted."""
    if given.crcl is not None and given.creatinine is not None:
        raise UsageError(
            "--crcl and --creatinine both given; accepted: one of them (--creatinine "
            "computes the clearance by Cockcroft-Gault)"
        )
    sex = _sex(given.sex)
    if sex is not None and given.creatinine is None:
        raise UsageError("--sex is used only with --creatinine; accepted: add --creatinine MG_DL")
    crcl = _crcl(given.crcl)
    creatinine = _creatinine(given.creatinine)
    if crcl is not None:
        kidney = KidneyFunction(method="entered", crcl_ml_min=crcl, dialysis=given.dialysis)
    elif creatinine is not None:
        kidney = _cockcroft_gault(creatinine, sex, age_years, weight_kg, given.dialysis)
        if kidney.crcl_ml_min is not None and kidney.crcl_ml_min > MAX_CRCL_ML_MIN:
            warnings.append(
                f"a creatinine clearance over {MAX_CRCL_ML_MIN} mL/min is outside human values; "
                "check the creatinine, age and weight"
            )
        if age_years is not None and age_years < ADULT_AGE_YEARS:
            warnings.append("Cockcroft-Gault is an adult formula; the age given is under 18")
    else:
        kidney = KidneyFunction(method=None, crcl_ml_min=None, dialysis=given.dialysis)
    clearance = kidney.crcl_ml_min
    if given.dialysis and clearance is not None and clearance >= DIALYSIS_BAND_BELOW:
        raise UsageError(
            f"--dialysis with a creatinine clearance of {format_number(clearance, 1)} mL/min: "
            "the labels' "
            f"dialysis rules are for a clearance below {DIALYSIS_BAND_BELOW} mL/min; accepted: "
            "--dialysis alone, or with a clearance below 30 mL/min"
        )
    return OrganFunction(
        kidney=kidney,
        hepatic=_choice(given.hepatic, "--hepatic", HEPATIC_CLASSES, str.lower),
        child_pugh=_choice(given.child_pugh, "--child-pugh", CHILD_PUGH_CLASSES, str.upper),
        creatinine=creatinine,
        crcl_entered=crcl,
        sex=sex,
    )


def _cockcroft_gault(
    creatinine: Decimal,
    sex: Sex | None,
    age_years: Decimal | None,
    weight_kg: Decimal,
    dialysis: bool,
) -> KidneyFunction:
    if sex is None or age_years is None:
        missing = " and ".join(
            name
            for name, value in (("--sex female|male", sex), ("--age YEARS", age_years))
            if value is None
        )
        raise UsageError(
            f"--creatinine needs {missing} for Cockcroft-Gault; accepted: --creatinine MG_DL "
            "--sex female|male --age YEARS, or --crcl ML_MIN"
        )
    female = sex == "female"
    return KidneyFunction(
        method="cockcroft-gault",
        crcl_ml_min=cockcroft_gault(age_years, weight_kg, creatinine, female=female),
        dialysis=dialysis,
        expression=CG_EXPRESSION,
        age_years=age_years,
        weight_kg=weight_kg,
        creatinine_mg_dl=creatinine,
        sex=sex,
        female_factor=CG_FEMALE_FACTOR if female else None,
        weight_note=WEIGHT_NOTE,
    )


def _crcl(text: str | None) -> Decimal | None:
    if text is None:
        return None
    return parse_up_to(text, "--crcl", "45 (mL/min)", MAX_CRCL_ML_MIN, "mL/min")


def _creatinine(text: str | None) -> Decimal | None:
    if text is None:
        return None
    value = parse_number(text, "--creatinine", "1.2 (mg/dL)")
    low, high = CREATININE_MG_DL
    if not low <= value <= high:
        raise UsageError(
            f"--creatinine {text.strip()} is out of range; accepted: {low} to {high} mg/dL"
        )
    return value


def _sex(text: str | None) -> Sex | None:
    return _choice(text, "--sex", SEXES, str.lower)


def _choice(
    text: str | None, option: str, accepted: tuple[_T, ...], fold: Callable[[str], str]
) -> _T | None:
    """*text* as one of *accepted* (after *fold*, e.g. lower-casing), or a `UsageError`."""
    if text is None:
        return None
    folded = fold(text.strip())
    for choice in accepted:
        if folded == choice:
            return choice
    raise UsageError(f"{option} {text!r} is not accepted; accepted: {', '.join(accepted)}")
