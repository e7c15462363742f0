"""Words, as the "nothing lost" check counts them.

A word is a run of letters or digits after Unicode NFKC normalisation and case
folding: "Anti-inflammatory" is two words, "5-HT1B" two, "≥10%" one ("10").
Punctuation and markup are not words.
"""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())
