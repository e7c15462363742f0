"""The "Generic Name" section → aliases.

In the corpus the section is the title again (5,000 pages), another spelling of
it ("Abacavir/Dolutegravir/Lamivudine"), the name with synonyms in brackets
("Mepacrine (Quinacrine)", "Ocimum sanctum (Holy Basil, Tulsi)", "Vindesine (also
known as Eldisine)"), or a name followed by notes ("Note: this combination is not
a single product …"). Names become aliases, so `medcli show tulsi` finds the page;
notes stay under `extra_sections`. On a combination page a single component's
name is never made an alias: `show ibuprofen` must not land on a three-drug page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcli.importer.words import words

MAX_ALIAS_WORDS = 8
_SYNONYMS = re.compile(r"^(?P<base>[^()]+?)\s*\((?P<inner>[^()]+)\)$")
_ALSO = re.compile(r"^(?:also known as|also called|known as|a\.?k\.?a\.?|or)\s+", re.I)
_NOT_A_NAME = re.compile(
    r"\b(?:combination|combined|note|generic|separate|not|brand|applicable|individual|"
    r"components?|therapy|formulation|product|various|unknown|see|topical|nasal|systemic|"
    r"ophthalmic|otic|oral|injection|injectable|inhalation|inhaled|vaginal|rectal|"
    r"transdermal|intravenous|adjuvanted|modified|conventional|liposomal)\b",
    re.I,
)


@dataclass
class Names:
    aliases: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)  # words the title or the markup already says
    complete: bool = True  # every word of the line is now a name, an alias or a label


def names_in(line: str, title: str, components: list[str]) -> Names:
    """Aliases in a generic-name line; `complete` is False when some words are not names."""
    line = line.strip().rstrip(".").strip()
    found = Names()
    if words(line) == words(title):
        found.labels.append(line)
        return found
    match = _SYNONYMS.match(line)
    base, inner = (match["base"], match["inner"]) if match else (line, None)
    if words(base) == words(title):
        found.labels.append(base)
    elif is_alias(base, components):
        found.aliases.append(base.strip())
    else:
        found.complete = False
    if inner is not None:
        prefix = _ALSO.match(inner.strip())
        rest = inner.strip()[prefix.end() :] if prefix else inner.strip()
        parts = [part.strip() for part in re.split(r",\s*|\s+or\s+", rest)]
        same = [part for part in parts if words(part) == words(title)]
        others = [part for part in parts if part not in same]
        if parts and all(is_alias(part, components) for part in others):
            found.aliases.extend(others)
            found.labels.extend(same)
            found.labels.extend([prefix.group(0)] if prefix else [])
            found.labels.extend("or" for _ in re.findall(r"\s+or\s+", rest))
        else:
            found.complete = False
    return found


def is_alias(text: str, components: list[str]) -> bool:
    """A plausible other name: short, not a remark, and not one part of a combination."""
    count = len(text.split())
    if not 1 <= count <= MAX_ALIAS_WORDS or re.search(r"[:()\[\]]", text):
        return False
    if _NOT_A_NAME.search(text):
        return False
    return not any(words(text) == words(component) for component in components)
