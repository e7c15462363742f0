"""Cache keys derived from the code that fills the cache, so a stale cache cannot be served.

A cache of parsed monographs or an index is only as good as the code that made
it: a change to the schema, the loader or what the index stores must miss every
entry an older build wrote. Rather than a number someone has to remember to
bump, the key is a checksum of the source of exactly those modules (plus the
versions of medcli and msgspec, whose encoding the caches use). Reading a few
source files costs well under a millisecond; crc32 comes with zlib, which is
built in (hashlib costs 2 ms to import).
"""

from __future__ import annotations

import functools
import zlib
from pathlib import Path

import msgspec

from medcli import __version__
from medcli.library.files import read_regular_file

MAX_SOURCE_BYTES = 1 << 20
PACKAGE = Path(__file__).resolve().parents[1]
# What decides the monograph a file loads to: the parsed cache's key.
LOADER_SOURCES = ("model.py", "sanitize.py", "library/loader.py", "library/parsed_cache.py")
# What decides the rows the index holds: its key (the loader's too, as rows are made from it).
INDEX_SOURCES = (
    *LOADER_SOURCES,
    "names.py",
    "search.py",
    "library/index/tables.py",
    "library/index/store.py",
    "library/index/effects.py",
    "library/index/scanning.py",
)
# What decides the rows a label store holds (`medcli.library.stored`).
STORE_SOURCES = (
    *LOADER_SOURCES,
    "names.py",
    "search.py",
    "library/index/effects.py",
    "library/stored.py",
)
# What decides the text of a `show` or `side-effects` view (`medcli.library.view_cache`):
# every module the views import (a test checks the list against what importing them loads).
VIEW_SOURCES = (
    "drug_facts.py",
    "errors.py",
    "model.py",
    "names.py",
    "numbers.py",
    "sanitize.py",  # the console cleans every segment it renders (a lazy import, so listed)
    "sections.py",
    "side_effects.py",
    "render/care_text.py",
    "render/common.py",
    "render/console.py",
    "render/dose_text.py",
    "render/drug_rules.py",
    "render/label.py",
    "render/monograph.py",
    "render/regimen_text.py",
    "render/side_effects.py",
    "render/terminal.py",
    "library/view_cache.py",
)


def fingerprint(sources: tuple[str, ...], package: Path = PACKAGE) -> int:
    """A 31-bit checksum of the named source files of *package* and the versions in play.

    31 bits, so it fits SQLite's signed `PRAGMA user_version`. A file that cannot
    be read (a build without sources) counts by its name alone; the version
    still changes with every release.
    """
    checksum = zlib.crc32(f"{__version__}:{msgspec.__version__}".encode())
    for relative in sources:
        try:
            content = read_regular_file(package / relative, MAX_SOURCE_BYTES)
        except OSError:
            content = b"missing"
        checksum = zlib.crc32(relative.encode() + b"\0" + content, checksum)
    return checksum & 0x7FFFFFFF


@functools.cache
def loader_fingerprint() -> int:
    return fingerprint(LOADER_SOURCES)


@functools.cache
def index_fingerprint() -> int:
    return fingerprint(INDEX_SOURCES)


@functools.cache
def view_fingerprint() -> int:
    return fingerprint(VIEW_SOURCES)
