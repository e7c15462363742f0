"""The first `search` (no kept answer) answered before Typer and Rich are imported.

Typer, Rich and what they pull in cost more than the search itself. A plain
`medcli search WORDS... [--section S] [--limit N] [--json]`, written to a pipe
or a file (no colour, no pager), is answered here by the same action the
command calls (`actions.search.search`) and written by the plain writers the
normal path lays the view out with (`render.search_text`), so the bytes are
the same; the answer is then kept for the fast path, as the normal path keeps
it. Anything this cannot answer with certainty returns False before a byte is
written, and the normal path answers: another option or a global one, a
terminal, variables that change Rich's output, a warning from the library, a
store to bring up to date, text only Rich lays out, any error (whose one line
and exit code are the normal path's to write).
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` is imported on this path only by what the search needs
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Protocol

    from medcli.library.folders import Folder
    from medcli.library.index.scanning import FolderScan
    from medcli.search import SearchResults

    class Keeper(Protocol):
        """What keeps an answer for the fast path (`medcli.fast.Recorder`)."""

        def answer(
            self, cache_dir: str, text: str, warnings: str, pages: bool, height: int,
            sources: list[str], contents: list[str] | None = None,
            scanned: dict[str, tuple[int, int, int, int, int]] | None = None,
        ) -> None: ...  # fmt: skip

        def keep(self) -> None: ...


# Rich's size and colour come from these (besides the terminal): with any set, the normal
# path answers.
_RICH_VARIABLES = ("FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE", "JUPYTER_COLUMNS")
_VALUED = {"--section": "section", "-s": "section", "--limit": "limit", "-n": "limit"}
_NARROWEST = 20  # as `--width`: narrower layouts are left to Rich
DEFAULT_LIMIT = 10  # as `search --limit`


class SearchLine:
    """What a plain `search` command line asks: its words, section, limit and format."""

    def __init__(self, words: list[str], section: str | None, limit: int, as_json: bool) -> None:
        self.words = words
        self.section = section
        self.limit = limit
        self.as_json = as_json


def search_line(argv: list[str]) -> SearchLine | None:
    """*argv* read as Click reads a `search` command line, or None for anything else: options
    before the command, options it does not know, an option given twice, `--`."""
    if argv[:1] != ["search"]:
        return None
    words: list[str] = []
    values: dict[str, str] = {}
    as_json = False
    rest = iter(argv[1:])
    for word in rest:
        name, equals, attached = word.partition("=")
        if word == "--json":
            as_json = True
        elif word in _VALUED or (equals and name.startswith("--") and name in _VALUED):
            value = attached if equals else next(rest, None)
            key = _VALUED[name]
            if value is None or key in values:
                return None
            values[key] = value
        elif word.startswith("-"):
            return None
        else:
            words.append(word)
    limit = values.get("limit", str(DEFAULT_LIMIT))
    if not words or not (limit.isascii() and limit.isdigit()):
        return None
    return SearchLine(words, values.get("section"), int(limit), as_json)


def plain_width(environ: Mapping[str, str]) -> int | None:
    """The width Rich lays a view out at on a stdout that is no terminal (`Console.size`):
    `COLUMNS`, else the first terminal among stdin, stdout and stderr, else 80; None when
    stdout is a terminal (colour, a pager) or a variable changes what Rich does."""
    if os.name == "nt" or any(name in environ for name in _RICH_VARIABLES):
        return None
    if sys.stdout.isatty():
        return None
    width = 0
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        break
    columns = environ.get("COLUMNS")
    if columns is not None and columns.isdigit():
        width = int(columns)
    width = width or 80
    return width if width >= _NARROWEST else None


def answer_search(argv: list[str], recorder: Keeper | None) -> bool:
    """Answer a plain `search` command line on stdout, its text view kept by *recorder*;
    False (nothing written) when the normal path has to. Ctrl-C ends it as it ends the
    normal path: one line, exit 130."""
    try:
        return _answer(argv, recorder)
    except KeyboardInterrupt:
        sys.stderr.write("medcli: error: interrupted\n")
        raise SystemExit(130) from None


def _answer(argv: list[str], recorder: Keeper | None) -> bool:
    line = search_line(argv)
    width = plain_width(os.environ)
    if line is None or (width is None and not line.as_json):
        return False
    found = _search(line)
    if found is None:
        return False
    results, library_folders, scans, cache_dir = found
    text = _written(results, line.as_json, width or 0)
    if text is None:
        return False
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # a reader that stopped reading is no failure
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return True
    if recorder is not None and not line.as_json:  # as the normal path: JSON is not kept
        import contextlib

        with contextlib.suppress(Exception):  # the answer is written: not keeping it is a miss
            _keep(recorder, text, library_folders, scans, cache_dir)
    return True


def _keep(
    recorder: Keeper, text: str, library_folders: list[Folder], scans: list[FolderScan],
    cache_dir: str,
) -> None:  # fmt: skip
    """Keep the answer for the fast path against the sources the normal path names, each
    folder's files summed from the library index's scan of them for this search."""
    from medcli.library.answer_sources import library_sources

    sources = library_sources(library_folders)
    files = [str(path) for path in sources.files]
    scanned = {
        str(scan.folder.path): (*scan.summary[2:], max((file[3] for file in scan.files), default=0))
        for scan in scans
        # The folder's inode is 0 when it could not be listed; files the scan did not take
        # (names that are no id) are summed anew.
        if scan.summary[0] and not scan.unread
    }
    folders = [str(path) for path in sources.folders]
    recorder.answer(cache_dir, text, "", False, 0, files, folders, scanned)
    recorder.keep()


def _search(line: SearchLine) -> tuple[SearchResults, list[Folder], list[FolderScan], str] | None:
    """The command's own action on the library; None when the library warned (the normal path
    writes the warnings) or a store had to be brought up to date (it shows the progress)."""
    from medcli.actions.search import SearchRequest, search
    from medcli.library.environment import Environment
    from medcli.library.merged import Library
    from medcli.search import query_from_arguments

    warnings: list[str] = []
    environment = Environment.from_variables()
    library = Library(environment, warn=warnings.append, rebuild_progress=_no_rebuild)
    request = SearchRequest(
        query_from_arguments(line.words), line.section, line.limit, " ".join(line.words)
    )
    results = search(library, request)
    if warnings:
        return None
    return results, library.folders, library.files.scans, str(environment.cache_dir)


class _RebuildNeeded(Exception):
    """A label store is brought up to date, which the normal path shows as it goes."""


def _no_rebuild(done: int, total: int) -> None:
    raise _RebuildNeeded


def _written(results: SearchResults, as_json: bool, width: int) -> str | None:
    if as_json:
        from medcli.render.jsonout import to_json
        from medcli.render.search_text import search_document

        return to_json(search_document(results)).decode("utf-8") + "\n"
    from medcli.render.search_text import search_text

    return search_text(results, width)
