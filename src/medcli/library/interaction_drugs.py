"""The drugs `medcli interactions` is asked about, looked up like `show` does.

A drug that cannot be looked up is kept with the reason, not raised: one unknown name
among five must not hide what the other four labels say about each other. A stored
label is read from its `mentions` row (`medcli.library.mention_index`), made at
import: no monograph is decoded and no class pattern compiled. A label kept as a file
(or a store without the row) is read from its monograph, by the same code that makes
the rows.
"""

from __future__ import annotations

from medcli.errors import MedcliError, NotFoundError, UsageError
from medcli.interactions.check import Drug, Interactions, checked_count, interactions
from medcli.interactions.mentions import Mentions
from medcli.library.folders import Entry
from medcli.library.merged import Library


def drugs_to_check(library: Library, queries: list[str]) -> list[tuple[Drug, Entry | None]]:
    """Each query's label as a check reads it, or why it could not be checked; and the
    entry it was found at (None when it was not found)."""
    drugs: list[tuple[Drug, Entry | None]] = []
    for query in queries:
        try:
            entry = library.resolve(query)
            mentions, drug_id = _mentions(library, entry)
        except MedcliError as error:
            drugs.append((Drug(query, None, error.message), None))
            continue
        reason = None
        if mentions is None:
            reason = (
                f"{drug_id} is not an imported FDA label"
                " (a curated monograph or Markdown page has no label sections to read)"
            )
        drugs.append((Drug(query, mentions, reason), entry))
    return drugs


def _mentions(library: Library, entry: Entry) -> tuple[Mentions | None, str]:
    """What a check reads of *entry*'s label (None: it has no label sections), and the
    id of its monograph."""
    db = library.store_of(entry)
    if db is not None:
        from medcli.library.mention_index import stored_mentions

        found = stored_mentions(db, entry.id)
        if found is not None:
            return found, found.id
    from medcli.interactions.reading import mentions_of

    monograph = library.load(entry)
    return mentions_of(monograph), monograph.id


def check_interactions(library: Library, queries: list[str]) -> tuple[Interactions, list[Entry]]:
    """What the labels of *queries* say about each other, and the entries of the labels
    read (for an answer's sources); one action for the command and the MCP tool.

    Raises `UsageError` when fewer than two drugs are given, `NotFoundError` when fewer
    than two different drugs could be checked: there is no pair to read, and the line
    says which drugs were not checked and why.
    """
    if len(queries) < 2:
        raise UsageError(f"give two or more drugs to check against each other (got {len(queries)})")
    drugs = drugs_to_check(library, queries)
    result = interactions([drug for drug, _ in drugs])
    if checked_count(result) >= 2:
        read = {
            drug.mentions.id: entry
            for drug, entry in drugs
            if drug.mentions is not None and entry is not None
        }
        return result, list(read.values())
    reasons = "; ".join(f"{item.query}: {item.reason}" for item in result.not_checked)
    checked = ", ".join(dict.fromkeys(drug.id for drug in result.checked))
    raise NotFoundError(
        "fewer than two drugs could be checked for interactions"
        + (f" (checked: {checked})" if checked else "")
        + (f"; {reasons}" if reasons else ""),
        hint="give two or more different drugs imported from FDA labels with medcli import",
    )
