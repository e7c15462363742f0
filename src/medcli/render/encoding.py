"""Output on terminals that cannot encode Unicode (`LANG=C`, `PYTHONIOENCODING=ascii`).

A dose plan must stay readable there: `10 mg/kg × 70 kg` becomes `10 mg/kg x 70 kg`,
`√(…)` becomes `sqrt(…)`, `≈` becomes `~=`; never a crash and never a bare `?` where an
operator stood.
"""

from __future__ import annotations

import codecs
import io
import sys
import unicodedata

ERRORS = "medcli-transliterate"
_REPLACEMENTS = {
    "×": "x", "÷": "/", "•": "*", "–": "-", "—": "-", "−": "-", "≥": ">=", "≤": "<=",
    "µ": "u", "°": "deg", "…": "...", "‘": "'", "’": "'", "“": '"', "”": '"', "→": "->",
    "─": "-", "━": "-", "│": "|", "┃": "|", "≈": "~=", "√": "sqrt", "·": "-", "±": "+/-",
    "≠": "!=", "∞": "inf",
}  # fmt: skip
# Superscripts must keep their meaning: 10⁹ is 10^9, not 109; 10¹² is 10^12.
_SUPERSCRIPTS = {superscript: str(digit) for digit, superscript in enumerate("⁰¹²³⁴⁵⁶⁷⁸⁹")}


def _transliterate(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = []
    previous = error.object[error.start - 1] if error.start else ""
    for character in text:
        if character in _SUPERSCRIPTS:
            out.append(("" if previous in _SUPERSCRIPTS else "^") + _SUPERSCRIPTS[character])
            previous = character
            continue
        previous = character
        replacement = _REPLACEMENTS.get(character)
        if replacement is None:
            decomposed = unicodedata.normalize("NFKD", character)
            replacement = decomposed.encode("ascii", "ignore").decode("ascii") or "?"
        out.append(replacement)
    return "".join(out), error.end


def make_output_streams_safe() -> None:
    """Let stdout and stderr fall back to ASCII look-alikes instead of raising."""
    try:
        codecs.lookup_error(ERRORS)
    except LookupError:
        codecs.register_error(ERRORS, _transliterate)
    for stream in (sys.stdout, sys.stderr):
        if (
            isinstance(stream, io.TextIOWrapper)
            and stream.encoding.lower().replace("-", "") != "utf8"
        ):
            stream.reconfigure(errors=ERRORS)
