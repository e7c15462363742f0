"""What the library says when a typed name means no one monograph: an ambiguity, or
"did you mean" over names close to it."""

from __future__ import annotations

from medcli.errors import NotFoundError


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
