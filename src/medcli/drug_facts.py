"""Which facts a regimen shows, and under which jurisdiction.

A fact from an EU source (an SmPC) binds in the EU only: the default view and
plan are the US label's, and `--jurisdiction eu` brings EU facts in, marked.
Shared by `show` and the dose plan; it imports only the schema, so `show`
loads nothing of the dosing core.
"""

from __future__ import annotations

import msgspec

from medcli.errors import UsageError
from medcli.model import JURISDICTIONS, DrugFact, FactKind, Jurisdiction, Monograph, Regimen

DEFAULT_JURISDICTION: Jurisdiction = "us"
# The prose lists whose items carry a `source`: filtered item by item.
NOTE_FIELDS = (
    "indications",
    "dose_rules",
    "contraindications",
    "precautions",
    "specific_populations",
    "storage",
    "extra_sections",
)


def parse_jurisdiction(text: str | None) -> Jurisdiction:
    """`us` or `eu` (any case, spaces trimmed); anything else is a `UsageError`."""
    if text is None:
        return DEFAULT_JURISDICTION
    key = text.strip().lower()
    for jurisdiction in JURISDICTIONS:
        if key == jurisdiction:
            return jurisdiction
    raise UsageError(f"--jurisdiction {text!r} is not known; accepted: {', '.join(JURISDICTIONS)}")


def source_jurisdiction(monograph: Monograph, source_id: str | None) -> Jurisdiction | None:
    """The jurisdiction of a source, None for a source that binds nowhere in particular."""
    return next(
        (source.jurisdiction for source in monograph.sources if source.id == source_id), None
    )


def is_shown(monograph: Monograph, source_id: str | None, jurisdiction: Jurisdiction) -> bool:
    """Shown unless its source binds in a jurisdiction other than the US and the one chosen.

    The US label is the plan's base: choosing `eu` adds the EU facts to it, marked.
    """
    found = source_jurisdiction(monograph, source_id)
    return found in (None, DEFAULT_JURISDICTION, jurisdiction)


def for_jurisdiction(monograph: Monograph, jurisdiction: Jurisdiction) -> Monograph:
    """The monograph without the facts of other jurisdictions (the `show` text view)."""
    if jurisdiction != DEFAULT_JURISDICTION:
        return monograph
    kept = {
        field: [n for n in getattr(monograph, field) if is_shown(monograph, n.source, jurisdiction)]
        for field in NOTE_FIELDS
    }
    facts = [f for f in monograph.drug_facts if is_shown(monograph, f.source, jurisdiction)]
    return msgspec.structs.replace(monograph, drug_facts=facts, **kept)


def regimen_drug_ids(monograph: Monograph, regimen: Regimen) -> list[str]:
    """The monograph's own drug, then the regimen's other drugs, as given."""
    return [monograph.id, *(drug.id for drug in regimen.drugs)]


def drug_name(monograph: Monograph, regimen: Regimen, drug_id: str) -> str:
    if drug_id == monograph.id:
        return monograph.name
    return next((drug.name for drug in regimen.drugs if drug.id == drug_id), drug_id)


def regimen_facts(
    monograph: Monograph,
    regimen: Regimen,
    jurisdiction: Jurisdiction | None,
    kinds: tuple[FactKind, ...],
) -> list[DrugFact]:
    """The facts of *kinds* for the regimen's drugs, drug by drug in the regimen's order.

    *jurisdiction* None keeps every fact the monograph holds (`show` filters it before).
    """
    ids = regimen_drug_ids(monograph, regimen)
    chosen = [
        fact
        for fact in monograph.drug_facts
        if fact.kind in kinds
        and fact.drug in ids
        and (not fact.regimens or regimen.id in fact.regimens)
        and (jurisdiction is None or is_shown(monograph, fact.source, jurisdiction))
    ]
    return sorted(chosen, key=lambda fact: ids.index(fact.drug))
