"""Removal of terminal control characters from text that comes from data files.

Data is never trusted to drive the terminal: an ESC, a BEL or a carriage return
inside a monograph could rewrite the screen, so they are removed on load.
Newlines and tabs are kept because prose and lists use them.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, and C1 controls (which include CSI, 0x9b).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> str:
    """Return *text* without terminal control characters (tabs and newlines stay)."""
    return _CONTROL.sub("", text)
