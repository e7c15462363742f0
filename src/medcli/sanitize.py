"""The one text-cleaning gate: what text from data may hold before a terminal or a reader sees it.

Data is never trusted to drive the terminal. An escape sequence in a label
(`ESC[2J` clears the screen, `ESC]8;;url BEL` forges a hyperlink) or a bidi
override (U+202E shows `exe.txt` as `txt.exe`) would act on the reader's screen,
so `clean_text` removes them:

- whole escape sequences: CSI (`ESC[` … final byte), OSC/DCS/SOS/PM/APC (up to
  BEL or ST), any other `ESC` + final byte, and their 8-bit C1 forms;
- every other C0 and C1 control and DEL; tabs and newlines stay, as prose and
  lists use them;
- the bidi controls U+061C, U+200E, U+200F, U+202A–U+202E and U+2066–U+2069.
  They are removed, not shown as `<U+202E>`: label text is left-to-right, so
  they carry no meaning a reader would miss, and a visible tag in a drug name
  would only get in the way of finding it.

The gate is applied twice: when data comes in (YAML and Markdown on load, FDA
labels when converted and again when read from a store, for labels kept by an
older medcli) and on the way out, as the last step before the terminal (the Rich
console's rendering, the plain-text writer), a JSON document (`clean_json` in
`to_json`) or an MCP answer. One definition here serves all of them.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

# Everything the gate removes starts with one of these: C0 controls but tab and newline,
# DEL, C1 controls (CSI 0x9b and OSC 0x9d among them), and the bidi controls.
_UNSAFE_CHARACTER = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_UNSAFE = re.compile(f"[{_UNSAFE_CHARACTER}]")
# A string's body stops at the next introducer, so unterminated strings cost linear time.
_STRING_END = "\x07\x1b\x90\x98\x9b-\x9f"
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"  # CSI: parameters, intermediates, final byte
    r"|(?:\x1b[\]P X^_]|[\x90\x98\x9d\x9e\x9f])"  # OSC, DCS, SOS, PM, APC …
    rf"(?:[^{_STRING_END}]*(?:\x07|\x1b\\|\x9c)"  # … up to BEL or ST,
    rf"|[^\s{_STRING_END}]*)"  # … or, with neither (Rich drops a BEL), up to a blank
    r"|\x1b[ -/]*[0-~]"  # any other escape: ESC, intermediates, final byte
)

# The same characters as they stand in JSON text: as `\u00XX`, `\r`, `\b` or `\f`
# escapes, or raw (DEL, C1 and bidi controls in UTF-8). A match only means "look
# closer": text that merely resembles one (`C:\\box`) is cleaned, unchanged.
_UNSAFE_JSON = re.compile(
    rb"\\u00(?:[01][0-9a-fA-F]|7[fF]|[89][0-9a-fA-F])|\\[rbf]|\\u(?:061[cC]|200[eEfF]|202[a-eA-E]|206[6-9])"
    rb"|\x7f|\xc2[\x80-\x9f]|\xd8\x9c|\xe2\x80[\x8e\x8f\xaa-\xae]|\xe2\x81[\xa6-\xa9]"
)


def clean_text(text: str) -> str:
    """*text* without escape sequences, control characters or bidi controls (tabs and
    newlines stay)."""
    if text.isprintable() or _UNSAFE.search(text) is None:
        return text  # nearly all text; `isprintable` (no Cc, no Cf) is twice the regex's speed
    return _UNSAFE.sub("", _ESCAPE_SEQUENCE.sub("", text))


def clean_value(data: Any) -> Any:
    """*data* (parsed YAML or JSON) with every string, key or value, cleaned; dates become
    ISO text, as the schema holds them."""
    if isinstance(data, str):
        return clean_text(data)
    if isinstance(data, dict):
        return {clean_value(key): clean_value(value) for key, value in data.items()}
    if isinstance(data, list):
        return [clean_value(item) for item in data]
    if isinstance(data, dt.date):
        return data.isoformat()
    return data


def clean_json(data: bytes) -> bytes:
    """The JSON document *data* with every string cleaned; *data* itself when none needs it.

    Numbers are read as `Decimal` and written as numbers, so none changes by a digit.
    """
    if _UNSAFE_JSON.search(data) is None:
        return data  # nearly every document: one scan of the bytes
    import msgspec

    value = msgspec.json.Decoder(float_hook=Decimal).decode(data)
    return msgspec.json.Encoder(decimal_format="number").encode(clean_value(value))
