"""What a typed name means, decided from a list of names: the rule the index follows too.

Used where there is no index to ask (a Python whose SQLite lacks FTS5), and for
the "did you mean" hint everywhere.
"""

from __future__ import annotations

from medcli.errors import NotFoundError
from medcli.library.folders import CatalogItem, Entry
from medcli.names import name_key


def resolve_in_catalog(query: str, items: list[CatalogItem]) -> Entry:
    """Match *query* against ids, names and aliases; exact first, then a unique prefix."""
    key = name_key(query)
    if not key:
        raise NotFoundError("no drug name given", hint="try: medcli list")
    by_key: dict[str, set[str]] = {}
    for item in items:
        for text in (item.id, item.name, *item.aliases):
            by_key.setdefault(name_key(text), set()).add(item.id)
    entries = {item.id: item.entry for item in items}
    exact = by_key.get(key, set())
    if len(exact) == 1:
        return entries[exact.pop()]
    prefixed = {drug for k, ids in by_key.items() if k.startswith(key) for drug in ids}
    if len(exact) > 1 or len(prefixed) > 1:
        raise ambiguous(query, exact or prefixed)
    if len(prefixed) == 1:
        return entries[prefixed.pop()]
    raise NotFoundError(f"no drug named {query!r}", hint=suggestion(key, by_key))


def ambiguous(query: str, candidates: set[str]) -> NotFoundError:
    return NotFoundError(
        f"{query!r} matches more than one drug",
        hint="did you mean: " + ", ".join(sorted(candidates)[:3]) + "?",
    )


def suggestion(key: str, by_key: dict[str, set[str]]) -> str:
    """ "did you mean: …?" with up to three ids whose names are close to *key*."""
    import difflib

    close = difflib.get_close_matches(key, list(by_key), n=6, cutoff=0.6)
    ids: list[str] = []
    for match in close:
        for drug in sorted(by_key[match]):
            if drug not in ids:
                ids.append(drug)
    if not ids:
        return "see the drugs available with: medcli list"
    return "did you mean: " + ", ".join(ids[:3]) + "?"
