"""The drugs `medcli interactions` is asked about, looked up like `show` does.

A drug that cannot be looked up is kept with the reason, not raised: one unknown name
among five must not hide what the other four labels say about each other.
"""

from __future__ import annotations

from medcli.errors import MedcliError, NotFoundError, UsageError
from medcli.interactions.check import Drug, Interactions, checked_count, interactions
from medcli.library.merged import Library
from medcli.model import Monograph


def drugs_to_check(library: Library, queries: list[str]) -> list[Drug]:
    """Each query's monograph, or why it could not be checked."""
    drugs: list[Drug] = []
    for query in queries:
        try:
            monograph = library.find(query)
        except MedcliError as error:
            drugs.append(Drug(query, None, error.message))
            continue
        reason = None
        if monograph.label is None or not monograph.label.sections:
            reason = (
                f"{monograph.id} is not an imported FDA label"
                " (a curated monograph or Markdown page has no label sections to read)"
            )
        drugs.append(Drug(query, monograph, reason))
    return drugs


def check_interactions(
    library: Library, queries: list[str]
) -> tuple[Interactions, list[Monograph]]:
    """What the labels of *queries* say about each other, and the labels read (for an
    answer's sources); one action for the command and the MCP tool.

    Raises `UsageError` when fewer than two drugs are given, `NotFoundError` when fewer
    than two different drugs could be checked: there is no pair to read, and the line
    says which drugs were not checked and why.
    """
    if len(queries) < 2:
        raise UsageError(f"give two or more drugs to check against each other (got {len(queries)})")
    drugs = drugs_to_check(library, queries)
    result = interactions(drugs)
    if checked_count(result) >= 2:
        read = {d.monograph.id: d.monograph for d in drugs if d.monograph and not d.reason}
        return result, list(read.values())
    reasons = "; ".join(f"{item.query}: {item.reason}" for item in result.not_checked)
    checked = ", ".join(dict.fromkeys(drug.id for drug in result.checked))
    raise NotFoundError(
        "fewer than two drugs could be checked for interactions"
        + (f" (checked: {checked})" if checked else "")
        + (f"; {reasons}" if reasons else ""),
        hint="give two or more different drugs imported from FDA labels with medcli import",
    )
