"""Drug facts as text: supportive care, administration, dosing, with EU and unconfirmed marks.

Shared by `show` (the monograph's `drug_facts` under each regimen) and the dose
plan (the plan's fact lines). A fact the sources do not settle gets a line
`unconfirmed: …` with each source's own version; an EU fact says what the US
label says instead. Only the schema is imported, so `show` stays light.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import RenderableType
from rich.text import Text

from medcli.drug_facts import drug_name, regimen_facts
from medcli.model import DrugFact, FactKind, Monograph, Regimen
from medcli.render.common import bullet, source_tag, source_words

if TYPE_CHECKING:
    from medcli.dosing.records import FactLine

SUPPORTIVE: tuple[FactKind, ...] = ("supportive_care",)
GIVING: tuple[FactKind, ...] = ("administration", "dosing", "eligibility")


def fact_lines(
    monograph: Monograph, fact: DrugFact | FactLine, name: str = "", margin: int = 0
) -> list[RenderableType]:
    """`Topic: text [source]`, then the US wording and the unconfirmed line when there are any."""
    lead = f"{name}, " if name else ""
    lines: list[RenderableType] = [
        bullet(
            (f"{lead}{fact.topic}", "bold"),
            ": ",
            fact.text,
            source_tag(monograph, fact.source, fact.section),
            margin=margin,
        )
    ]
    inner = margin + 3
    if fact.us_differs:
        lines.append(bullet(f"US and EU differ: {fact.us_differs}", marker="-", margin=inner))
    if fact.unconfirmed is not None:
        claims = "; ".join(
            claim.says + source_words(monograph, claim.source, claim.section)
            for claim in fact.unconfirmed.claims
        )
        lines.append(
            bullet(f"unconfirmed: {fact.unconfirmed.reason}: {claims}", marker="!", margin=inner)
        )
    return lines


def regimen_fact_lines(monograph: Monograph, regimen: Regimen) -> list[RenderableType]:
    """Under a regimen in `show`: its drugs' supportive care, then how each drug is given."""
    lines: list[RenderableType] = []
    for title, kinds in (("Supportive care:", SUPPORTIVE), ("Giving the drugs:", GIVING)):
        facts = regimen_facts(monograph, regimen, None, kinds)
        if not facts:
            continue
        lines.append(Text(title))
        for fact in facts:
            lines += fact_lines(monograph, fact, drug_name(monograph, regimen, fact.drug), 2)
    return lines
