"""What a drug's id may look like, and how a typed name is compared with known names.

One rule for every place that matches names (the index, the fallback without
one, search's name boost): case, spaces, hyphens and underscores do not count,
so `SARCLISA`, `sar clisa` and `Sar-Clisa` are the same name.
"""

from __future__ import annotations

import re

SLUG_PATTERN = "[a-z0-9][a-z0-9-]*"  # a monograph id, which is also its file stem
_IGNORED = re.compile(r"[\s_\-]+")
# A path, not a name: a `..` run, a backslash or NUL anywhere, or a start at `/`, `~` or `.`.
# A slash alone is a name's ("abacavir/lamivudine"), so it does not count.
_PATH_LIKE = re.compile(r"\.\.|[\\\x00]|^\s*[/~.]")


def is_path_like(text: str) -> bool:
    """Whether *text* reads as a file path (`../../etc/passwd`, `/etc/passwd`, `C:\\x`).

    No id is made of such text: slugging would turn `../../etc/passwd` into the
    plausible-looking id `etc-passwd`, a name the data never gave a drug.
    """
    return _PATH_LIKE.search(text) is not None


def name_key(text: str) -> str:
    """The form of *text* that names are matched on."""
    return _IGNORED.sub("", text.casefold())
