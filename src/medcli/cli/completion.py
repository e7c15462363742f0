"""Shell completion of drug names, aliases and regimen ids, from the library the line names."""

from __future__ import annotations

from medcli.library.environment import Environment


def complete_drug(environment: Environment, incomplete: str) -> list[str]:
    """Ids, names and aliases that start with *incomplete*, ignoring case.

    The typed prefix is kept as typed (`sar` → `sarclisa`), because shells drop
    candidates that do not start with exactly what is on the command line.
    Names with spaces are left out: they would need quoting.
    """
    from medcli.library.merged import Library
    from medcli.names import name_key
    from medcli.sanitize import clean_text

    folded = incomplete.casefold()
    matches: set[str] = set()
    library = Library(environment)
    texts = [
        text for item in library.files.catalog() for text in (item.id, item.name, *item.aliases)
    ]
    for store in library.label_stores():  # by the name index: 250,000 labels are never all read
        texts += store.names_starting(name_key(incomplete)) if incomplete else ()
    for text in map(clean_text, texts):  # a shell shows candidates: the text gate first
        if " " not in text and text.casefold().startswith(folded):
            matches.add(incomplete + text[len(incomplete) :])
    return sorted(matches, key=str.casefold)


def complete_regimen(environment: Environment, drug: str | None, incomplete: str) -> list[str]:
    """Regimen ids of *drug* (or the default drug) that start with *incomplete*."""
    from medcli.errors import MedcliError
    from medcli.library.merged import Library

    try:
        monograph = Library(environment).find(drug or environment.default_drug)
    except MedcliError:
        return []
    return [regimen.id for regimen in monograph.regimens if regimen.id.startswith(incomplete)]
