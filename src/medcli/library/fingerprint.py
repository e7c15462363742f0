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
LOADER_SOURCES = (
    "model.py",
    "choices.py",  # the model's vocabularies (frequencies, jurisdictions, liver classes)
    "sanitize.py",
    "library/loader.py",
    "library/parsed_cache.py",
)
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
# What decides a label store's derived rows: `medcli.library.derived.GROUPS`, group by group.
# What decides the text of a `show` or `side-effects` view (`medcli.library.view_cache`):
# every module the views import (a test checks the list against what importing them loads).
VIEW_SOURCES = (
    "choices.py",
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
    "render/lines.py",
    "render/dose_text.py",
    "render/drug_rules.py",
    "render/label.py",
    "render/monograph.py",
    "render/regimen_text.py",
    "render/side_effects.py",
    "render/terminal.py",
    "library/view_cache.py",
)


def fingerprint(
    sources: tuple[str, ...], package: Path = PACKAGE, *, with_versions: bool = True
) -> int:
    """A 31-bit checksum of the named source files of *package* and the versions in play.

    31 bits, so it fits SQLite's signed `PRAGMA user_version`. A file that cannot
    be read (a build without sources) counts by its name alone; the version
    still changes with every release. Without *with_versions*, only the sources
    count: for data that is costly to make again (a label store's derived tables),
    where a release that leaves their code alone must not throw them away.
    """
    versions = f"{__version__}:{msgspec.__version__}" if with_versions else ""
    checksum = zlib.crc32(versions.encode())
    for relative in sources:
        try:
            content = read_regular_file(package / relative, MAX_SOURCE_BYTES)
        except OSError:
            content = b"missing"
        checksum = zlib.crc32(relative.encode() + b"\0" + content, checksum)
    return checksum & 0x7FFFFFFF


def shape_fingerprint(sources: tuple[str, ...], package: Path = PACKAGE) -> int:
    """A 31-bit checksum of what the named source files *do*: blind to comments,
    docstrings and layout, so an edit of those alone keeps it.

    Parsing costs milliseconds a file, too much for every command: it is for data
    costly to make again (a label store's derived tables), asked only when
    `fingerprint` (bytes) differs, to tell a comment edit from a code change.
    """
    import ast

    checksum = 0
    for relative in sources:
        try:
            tree = ast.parse(read_regular_file(package / relative, MAX_SOURCE_BYTES))
        except (OSError, SyntaxError, ValueError):
            tree = ast.Module(body=[], type_ignores=[])
        for node in ast.walk(tree):
            documented = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
            if isinstance(node, documented) and node.body and _is_docstring(node.body[0]):
                node.body = node.body[1:] or [ast.Pass()]
        shape = f"{relative}\0{ast.dump(tree)}".encode()
        checksum = zlib.crc32(shape, checksum)
    return checksum & 0x7FFFFFFF


def _is_docstring(statement: object) -> bool:
    import ast

    return (
        isinstance(statement, ast.Expr)
        and isinstance(statement.value, ast.Constant)
        and isinstance(statement.value.value, str)
    )


@functools.cache
def loader_fingerprint() -> int:
    return fingerprint(LOADER_SOURCES)


@functools.cache
def index_fingerprint() -> int:
    return fingerprint(INDEX_SOURCES)


@functools.cache
def view_fingerprint() -> int:
    return fingerprint(VIEW_SOURCES)
