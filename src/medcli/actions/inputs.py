"""What a user can type for a command, declared once: names, help, bounds and choices.

Each shell generates its own parameters from these tables: the command line
its Typer options (`medcli.cli.commands.declared`), the MCP server its tools'
input schemas (`medcli.agents.declared`). A new dose input is one row here and
one field of the request. Values arrive as the user typed them (numbers as text)
and the core parses them with its own words, so both shells reject `abc` alike.
Dependency-free (dataclasses, typing, `medcli.choices`): the fast path may read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from medcli.choices import (
    BSA_FORMULAS,
    CHILD_PUGH_CLASSES,
    HEIGHT_UNITS,
    HEPATIC_CLASSES,
    JURISDICTIONS,
    SEXES,
    WEIGHT_UNITS,
)

MAX_RESULTS = 1000  # the most a search (or an agent's page of a list) returns at once

# How a value is typed: a number as text (parsed by the core, exactly), a whole
# count, free text, one of `choices`, an on/off flag, or a repeatable text.
Kind = Literal["number", "count", "text", "choice", "flag", "texts"]


@dataclass(frozen=True)
class Input:
    """One input of a command, as both shells offer it.

    `help` is written for the command line (it names options as `--flag`); an
    agent reads the same sentence with the options named as its parameters.
    `short` and `metavar` are the command line's alone.
    """

    name: str  # the parameter's name: `bsa_cap` is `--bsa-cap` on the command line
    help: str
    kind: Kind = "number"
    required: bool = False
    default: str | bool | None = None
    choices: tuple[str, ...] = ()
    short: str | None = None
    metavar: str | None = None
    case_sensitive: bool = False  # for choices: `--sex FEMALE` is female

    @property
    def flag(self) -> str:
        return "--" + self.name.replace("_", "-")


BSA_FORMULA = Input(
    "bsa_formula",
    "Body surface area formula.",
    kind="choice",
    choices=BSA_FORMULAS,
    default="mosteller",
)
# Liver function, typed alike for a plan and for an order (each partner drug's own measure).
HEPATIC = Input(
    "hepatic",
    "Liver impairment by bilirubin band (bortezomib's measure).",
    kind="choice",
    choices=HEPATIC_CLASSES,
)
CHILD_PUGH = Input(
    "child_pugh",
    "Child-Pugh class of liver impairment (pomalidomide's measure).",
    kind="choice",
    choices=CHILD_PUGH_CLASSES,
)
JURISDICTION = Input(
    "jurisdiction",
    "Whose rules: us (the US labels) or eu (adds the EU SmPC's rules, marked, and says where "
    "the US and EU differ).",
    kind="choice",
    choices=JURISDICTIONS,
    default="us",
)

# The dose plan's inputs, in the order `medcli dose --help` lists them.
DOSE_INPUTS: tuple[Input, ...] = (
    Input(
        "weight",
        "Body weight, a plain number above 0 (at most 700 kg).",
        required=True,
        short="-w",
        metavar="W",
    ),
    Input(
        "unit",
        "Unit of --weight (1 lb = 0.45359237 kg).",
        kind="choice",
        choices=WEIGHT_UNITS,
        default="kg",
        short="-u",
    ),
    Input(
        "regimen",
        "Regimen id [default: the drug's first regimen].",
        kind="text",
        short="-r",
        metavar="ID",
    ),
    Input(
        "age",
        "Age in years (0 to 130): resolves age-dependent doses; Cockcroft-Gault uses it.",
        metavar="YEARS",
    ),
    Input(
        "start",
        "Date of cycle 1 day 1, YYYY-MM-DD: adds dates to the schedule.",
        kind="text",
        metavar="YYYY-MM-DD",
    ),
    Input(
        "cycles",
        "Cycles to schedule, 1 to 1,000 [default: through the first cycle of the regimen's "
        "last phase].",
        kind="count",
        metavar="N",
    ),
    Input(
        "height",
        "Height, a plain number (30 to 272 cm): gives the body surface area for per-m² doses.",
        metavar="H",
    ),
    Input(
        "height_unit",
        "Unit of --height (1 in = 2.54 cm).",
        kind="choice",
        choices=HEIGHT_UNITS,
        default="cm",
    ),
    BSA_FORMULA,
    Input(
        "bsa_cap",
        "Dose per-m² drugs by at most this body surface area (m²); a drug's own smaller cap "
        "(carfilzomib 2.2 m²) still applies.",
        metavar="M2",
    ),
    Input(
        "only",
        "Show only this drug of the regimen (repeatable), e.g. carfilzomib; a per-m² drug then "
        "needs --height.",
        kind="texts",
        metavar="DRUG",
    ),
    Input(
        "patient",
        "Patient initials or record number (at most 64 characters): names the calendar's "
        "events and keeps two patients' --ics events apart.",
        kind="text",
        metavar="ID",
    ),
    Input(
        "crcl",
        "Creatinine clearance in mL/min (above 0, at most 250): applies each drug's kidney rule.",
        metavar="ML_MIN",
    ),
    Input(
        "creatinine",
        "Serum creatinine in mg/dL (0.1 to 30): creatinine clearance by Cockcroft-Gault; needs "
        "--sex and --age.",
        metavar="MG_DL",
    ),
    Input("sex", "Sex for Cockcroft-Gault (with --creatinine).", kind="choice", choices=SEXES),
    Input(
        "dialysis",
        "The patient is on dialysis: applies the dialysis rules.",
        kind="flag",
        default=False,
    ),
    HEPATIC,
    CHILD_PUGH,
    Input(
        "round_to_vial",
        "Also show the nearest whole-vial dose of the drug and its deviation; within PCT % "
        "(above 0, at most 50) it is offered, never applied.",
        metavar="PCT",
    ),
    JURISDICTION,
)

# One order of `medcli check` (and the MCP tool `check_order`), in the order `--help` lists
# them. `required` is what one order needs; a file of orders gives them per row instead.
ORDER_INPUTS: tuple[Input, ...] = (
    Input(
        "drug", "The drug ordered, e.g. carfilzomib.", kind="text", required=True, metavar="DRUG"
    ),
    Input(
        "regimen", "The regimen, e.g. isa-kd.", kind="text", required=True, short="-r", metavar="ID"
    ),
    Input("weight", "Body weight in kg.", required=True, short="-w", metavar="KG"),
    Input("height", "Height in cm (per-m² drugs need it).", metavar="CM"),
    Input("age", "Age in years.", metavar="YEARS"),
    Input("crcl", "Creatinine clearance in mL/min.", metavar="ML_MIN"),
    Input(
        "creatinine",
        "Serum creatinine in mg/dL (Cockcroft-Gault, with --sex and --age).",
        metavar="MG_DL",
    ),
    Input("sex", "Sex for Cockcroft-Gault.", kind="choice", choices=SEXES),
    Input("dialysis", "The patient is on dialysis.", kind="flag", default=False),
    HEPATIC,
    CHILD_PUGH,
    BSA_FORMULA,
    Input("cycle", "The cycle of the order.", required=True, metavar="C"),
    Input("day", "The day of the cycle.", required=True, metavar="N"),
    Input("ordered", "The ordered dose in mg.", required=True, metavar="MG"),
    Input("patient", "Patient initials or record number.", kind="text", metavar="ID"),
    Input(
        "tolerance",
        "Largest deviation that is ok, in % (0 to 50) [default: 5, or the drug class's, e.g. "
        "10 for monoclonal antibodies]; a class never exceeds it.",
        metavar="PCT",
    ),
)
