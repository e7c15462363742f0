"""What a drug's id may look like, and how a typed name is compared with known names.

One rule for every place that matches names (the index, the fallback without
one, search's name boost): case, spaces, hyphens and underscores do not count,
so `SARCLISA`, `sar clisa` and `Sar-Clisa` are the same name.
"""

from __future__ import annotations

import re

SLUG_PATTERN = "[a-z0-9][a-z0-9-]*"  # a monograph id, which is also its file stem
_IGNORED = re.compile(r"[\s_\-]+")


def name_key(text: str) -> str:
    """The form of *text* that names are matched on."""
    return _IGNORED.sub("", text.casefold())
