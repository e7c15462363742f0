"""The fast path: a kept answer written before Typer, Rich, msgspec or the model are imported.

`medcli show isatuximab` a second time prints what the first printed; `man` keeps
formatted pages for the same reason. Python starts in a tenth of what Typer and
Rich cost to import, so an answer that is already kept is written from here,
tried first by the console script and `python -m medcli` (`medcli.__main__`),
with the standard library alone.

An answer is kept by the normal path (`Recorder`) under a *request key*: every
fact known before anything runs that could change the bytes written (the
argument list as typed, the variables medcli, Rich and the locale read, the
terminal's size, whether stdout and stderr are terminals, the Python and medcli
that run). With it go the *sources*: the files whose `stat` (inode, size,
mtime, ctime) decides the answer (the library's folders, the monograph file or
label store, and every module of `_CODE_PACKAGES` the normal path imported),
and the folders whose every monograph file counts (a search, a brand name any
monograph could claim), each by one summary of its files' stats
(`contents_facts`), as the library index judges a folder unchanged.
The fast path recomputes the key, reads one file, stats the sources and writes
the kept warnings and text; anything it cannot answer with certainty (no
answer kept, a source changed, stdout or stderr not UTF-8) returns False and
the normal path runs, which keeps the answer again. Nothing here may raise: a
failure is a fall-through.
"""

from __future__ import annotations

import os
import stat
import sys
import time
import zlib

TYPE_CHECKING = False  # `typing` costs more to import than this whole path; mypy reads this
if TYPE_CHECKING:
    from typing import TextIO

    Variables = os._Environ[str] | dict[str, str]
    # cache folder, text, warnings, pages, height, sources, folders, their summaries made
    Kept = tuple[str, str, str, bool, int, list[str], list[str], dict[str, str]]

FORMAT = "medcli-answer 2"
MAX_ANSWER_BYTES = 32 << 20  # as the view cache: far above the longest label view
MAX_ANSWERS = 200  # as the view cache: the oldest go first
# A source changed this shortly before a command started (or while it ran) could change
# again within the same time-stamp tick and keep its stat; such an answer is not kept
# (git's "racy clean" rule, as the parsed cache).
RACY_WINDOW_NS = 2_000_000_000
# The commands whose answer can be kept: the ones that call `Recorder.answer`.
ANSWERED_COMMANDS = ("show", "side-effects", "dose", "search")
# Variables that change what the normal path writes, besides every MEDCLI_* and XDG_*:
# Rich's (colour, size, terminal kind), the pager's, the locale's and Python's encoding.
_VARIABLES = (
    "COLORTERM", "COLUMNS", "FORCE_COLOR", "HOME", "JUPYTER_COLUMNS", "JUPYTER_LINES",
    "LANG", "LC_ALL", "LC_CTYPE", "LESS", "LINES", "NO_COLOR", "PAGER", "PYTHONIOENCODING",
    "PYTHONUTF8", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE",
)  # fmt: skip
_VARIABLE_PREFIXES = ("MEDCLI_", "XDG_")
_FOLDER = "answers"
_MISSING = "-"
# What marks a kept folder whose monograph files count (`contents_facts`), not its own stat.
_CONTENTS = "files:"
# Names that claim to be monographs (`library.folders.MONOGRAPH_SUFFIXES`, whose module
# this path cannot afford): a file of another name never changes an answer.
_MONOGRAPH_SUFFIXES = (".yaml", ".yml", ".json")


def answer(argv: list[str]) -> bool:
    """Write the kept answer to *argv* on stdout; False (nothing written) when there is none."""
    try:
        key = request_key(argv, os.environ, sys.stdout)
        if key is None:
            return False
        try:
            kept = _read(answer_path(_cache_dir(os.environ), key), key)
        except OSError:  # none kept (or none readable)
            kept = None
        if kept is None:
            return _first_search(argv, key)
        text, warnings, pages, height = kept
        return _write(text, warnings, pages, height)
    except Exception:  # an optimisation only: whatever went wrong, the normal path answers
        return False


def _first_search(argv: list[str], key: str) -> bool:
    """A plain `search` with no kept answer is answered before Typer and Rich too: its
    module imports the search and its plain writers, never the CLI (`medcli.fast_search`)."""
    if argv[:1] != ["search"]:
        return False
    from medcli.fast_search import answer_search

    return answer_search(argv, Recorder(key))


def request_key(argv: list[str], environ: Variables, out: TextIO) -> str | None:
    """Every fact known before a command runs that could change what it writes; None when the
    command line is not one whose answer is kept, or stdout cannot be written as kept."""
    if not (asks_help(argv) or _command(argv) in ANSWERED_COMMANDS):
        return None
    if "_MEDCLI_COMPLETE" in environ:  # shell completion answers, whatever the words
        return None
    if not (_is_utf8(out) and _is_utf8(sys.stderr)):
        return None  # elsewhere the normal path transliterates (`render.encoding`)
    variables = sorted(
        (name, value)
        for name, value in environ.items()
        if name in _VARIABLES or name.startswith(_VARIABLE_PREFIXES)
    )
    facts = (
        FORMAT,
        _medcli_version(),
        sys.version,
        sys.prefix,
        tuple(argv),
        _cwd_if_relative(argv, environ),
        tuple(variables),
        _is_terminal(out),
        _is_terminal(sys.stderr),
        _terminal_size(),
    )
    return repr(facts)


def answer_path(cache_dir: str, key: str) -> str:
    data = key.encode("utf-8", "surrogateescape")
    name = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}.answer"
    return os.path.join(cache_dir, _FOLDER, name)


def stat_facts(path: str) -> str:
    """The facts of *path* an answer is kept against: inode, size, mtime and ctime; the last
    is always the time a change is judged racy by.

    SQLite sets a WAL file's owner and mode each time it opens it, a reader too, which
    moves its ctime; what it holds is judged by size and mtime (every write moves both
    or, on a WAL restarted from its start, the mtime).
    """
    try:
        found = os.stat(path)
    except OSError:
        return _MISSING
    if path.endswith("-wal"):
        return f"{found.st_ino}:{found.st_size}:{found.st_mtime_ns}"
    return f"{found.st_ino}:{found.st_size}:{found.st_mtime_ns}:{found.st_ctime_ns}"


def contents_facts(folder: str) -> str:
    """One summary of the stats of every monograph file in *folder*: how many, and the sums
    of their mtimes, ctimes and sizes; the last field is the newest ctime, as for a file.

    The library index trusts the same sums (`index.scanning.FolderScan.summary`), so a search
    hands its scan over (`summary_facts`) instead of a second stat of each file. An edit
    moves a file's ctime to the present, which no later change takes back, so any edit,
    added or removed file changes a sum or the count, unless it falls within the racy
    window of the newest ctime, and then nothing is kept. It costs one `stat` a file and
    no file read: a kept search over 6,446 pages stats 6,446 files.
    """
    try:
        names = os.listdir(folder)
        # A descriptor of the folder spares each stat the path walk, where the OS allows it.
        descriptor = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    except OSError:
        return _MISSING
    count = mtimes = ctimes = sizes = newest = 0
    try:
        for name in names:
            if not name.endswith(_MONOGRAPH_SUFFIXES):
                continue
            path = name if descriptor is not None else os.path.join(folder, name)
            try:
                found = os.stat(path, dir_fd=descriptor)
            except OSError:  # a dangling link is stamped as the scan records it
                try:
                    found = os.lstat(path, dir_fd=descriptor)
                except OSError:
                    continue  # removed since the listing: the count tells
            count += 1
            mtimes += found.st_mtime_ns
            ctimes += found.st_ctime_ns
            sizes += found.st_size
            newest = max(newest, found.st_ctime_ns)
    finally:
        if descriptor is not None:
            os.close(descriptor)
    return summary_facts(count, mtimes, ctimes, sizes, newest)


def summary_facts(count: int, mtimes: int, ctimes: int, sizes: int, newest: int) -> str:
    """`contents_facts` of a folder of *count* monograph files with these sums of their
    mtimes, ctimes and sizes and this newest ctime (a scan's: `index.scanning.scan`)."""
    return f"{_CONTENTS}{count}:{mtimes}:{ctimes}:{sizes}:{newest}"


def _facts(path: str, kind: str) -> str:
    """The facts of *path* of the *kind* a kept line names: its files' summary, or its stat."""
    return contents_facts(path) if kind.startswith(_CONTENTS) else stat_facts(path)


def asks_help(argv: list[str]) -> bool:
    """`medcli --help`, or `--help` of a command whose answer is kept: their text is kept too."""
    asked = argv[-1:] in (["--help"], ["-h"])
    return asked and argv[:-1] in ([], *([command] for command in ANSWERED_COMMANDS))


def _command(argv: list[str]) -> str | None:
    """The first word that is no option nor an option's value (`--width 60`, `--data-dir D`)."""
    words = iter(argv)
    for word in words:
        if word in ("--width", "--data-dir"):
            next(words, None)
        elif not word.startswith("-"):
            return word
        elif word in ("--help", "-h", "--version", "--debug", "--json", "--"):
            return None
    return None


def _cwd_if_relative(argv: list[str], environ: Variables) -> str:
    """The working folder, when a folder named on the line or in a variable depends on it."""
    named = [environ.get("MEDCLI_HOME", ""), *environ.get("MEDCLI_PATH", "").split(os.pathsep)]
    named += [word.split("=", 1)[-1] for word in argv if word.startswith("--data-dir")]
    named += [argv[i + 1] for i, word in enumerate(argv[:-1]) if word == "--data-dir"]
    if any(path and not os.path.isabs(path) for path in named):
        return os.getcwd()
    return ""


def _is_utf8(stream: TextIO | None) -> bool:
    """Whether *stream* writes UTF-8: kept text holds no lone surrogate (`Recorder.keep`
    encodes it strictly), so its error handler never comes into play."""
    encoding = getattr(stream, "encoding", None) or ""
    return encoding.lower().replace("-", "").replace("_", "") == "utf8"


def _is_terminal(out: TextIO | None) -> bool:
    if out is None:
        return False
    try:
        return bool(out.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def _terminal_size() -> tuple[tuple[int, int] | None, ...]:
    """The size of each of stdin, stdout and stderr that is a terminal: Rich takes the first,
    Click's help stdout's."""
    sizes: list[tuple[int, int] | None] = []
    for descriptor in (0, 1, 2):
        try:
            size = os.get_terminal_size(descriptor)
        except (AttributeError, ValueError, OSError):
            sizes.append(None)
        else:
            sizes.append((size.columns, size.lines))
    return tuple(sizes)


def _medcli_version() -> str:
    from medcli import __version__

    return __version__


def _cache_dir(environ: Variables) -> str:
    """`$MEDCLI_HOME/cache`, else the platform's user cache folder (as `Environment`)."""
    home = environ.get("MEDCLI_HOME")
    if home:
        return os.path.join(os.path.expanduser(home), "cache")
    import platformdirs

    return str(platformdirs.user_cache_path("medcli"))


def _read(path: str, key: str) -> tuple[str, str, bool, int] | None:
    """The kept text and warnings, whether it pages and the height it pages at; None unless
    every source is as it was when the answer was kept."""
    data = _read_regular_file(path)
    if data is None:
        return None
    head, separator, body = data.partition(b"\n\n")
    if not separator:
        return None
    lines = head.decode("utf-8", "surrogateescape").split("\n")
    if len(lines) < 3 or lines[0] != FORMAT or lines[1] != key:
        return None
    pages, height, warnings_size = lines[2].split(" ")
    for line in lines[3:]:
        hex_path, facts = line.split(" ", 1)
        if _facts(os.fsdecode(bytes.fromhex(hex_path)), facts) != facts:
            return None
    size = int(warnings_size)
    return body[size:].decode("utf-8"), body[:size].decode("utf-8"), pages == "1", int(height)


def _read_regular_file(path: str) -> bytes | None:
    """The file's bytes if it is a regular file within the limit: the file layer's rule
    (`library.files.read_regular_file`), whose imports this path cannot afford."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))  # a FIFO never blocks
    try:
        found = os.fstat(descriptor)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_ANSWER_BYTES:
            return None
        with os.fdopen(descriptor, "rb", closefd=False) as file:
            return file.read(MAX_ANSWER_BYTES + 1)
    finally:
        os.close(descriptor)


def _write(text: str, warnings: str, pages: bool, height: int) -> bool:
    """*warnings* on stderr, then *text* on stdout, through the pager when the normal path
    would have paged it."""
    if warnings:
        try:
            sys.stderr.write(warnings)
            sys.stderr.flush()
        except (OSError, ValueError, AttributeError):  # stderr closed: as the normal path
            pass
    if pages and text.count("\n") >= height:
        from medcli.render.paging import run_pager

        if run_pager(text):
            return True
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:  # a reader that stopped reading is no failure
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
    return True


class Recorder:
    """Keeps the answer the normal path wrote, under the key its command line had at start.

    The command hands over its text, warnings and sources (`answer`); the error
    boundary keeps it (`keep`) only after the command exited 0.
    """

    def __init__(self, key: str) -> None:
        self.key = key
        # A source changed after this could have changed under the command: its answer
        # may be the old one's, so it is not kept (nor one changed just before).
        self.started = time.time_ns()
        self.kept: Kept | None = None

    @classmethod
    def for_request(cls, argv: list[str], out: TextIO) -> Recorder | None:
        try:
            key = request_key(argv, os.environ, out)
        except Exception:
            return None
        return cls(key) if key is not None else None

    def answer(
        self,
        cache_dir: str,
        text: str,
        warnings: str,
        pages: bool,
        height: int,
        sources: list[str],
        contents: list[str] | None = None,
        scanned: dict[str, tuple[int, int, int, int, int]] | None = None,
    ) -> None:
        """Keep *text* against the stats of *sources* and the summaries of the monograph files
        of the folders in *contents*: made from *scanned* where the command already looked
        at a folder (the library index's scan: its files' count, sums of mtimes, ctimes and
        sizes, newest ctime), so each file is stat-ed once a command."""
        summaries = {folder: summary_facts(*sums) for folder, sums in (scanned or {}).items()}
        self.kept = (cache_dir, text, warnings, pages, height, sources, contents or [], summaries)

    def keep(self) -> None:
        """Write the answer with the facts of its sources and of the code that made it."""
        if self.kept is None:
            return
        cache_dir, text, warnings, pages, height, sources, contents, summaries = self.kept
        try:
            body = warnings.encode() + text.encode()
        except UnicodeEncodeError:
            return
        lines = [FORMAT, self.key, f"{int(pages)} {height} {len(warnings.encode())}"]
        stamped = [(path, stat_facts(path)) for path in [*sources, *_code_files()]]
        for folder in contents:
            summary = summaries.get(folder) or contents_facts(folder)
            if summary == _MISSING and os.path.exists(folder):
                return  # a folder there but not listed could change unseen
            stamped.append((folder, summary))
        for path, facts in stamped:
            changed = int(facts.rsplit(":", 1)[1]) if facts != _MISSING else 0
            if changed > self.started - RACY_WINDOW_NS:
                return
            lines.append(f"{os.fsencode(path).hex()} {facts}")
        data = "\n".join(lines).encode("utf-8", "surrogateescape") + b"\n\n" + body
        if len(data) > MAX_ANSWER_BYTES:
            return
        from pathlib import Path

        from medcli.library.files import write_atomic

        target = answer_path(cache_dir, self.key)
        try:
            os.makedirs(os.path.dirname(target), exist_ok=True)
            _make_room(os.path.dirname(target))
            write_atomic(Path(target), data, durable=False)  # a lost answer is a miss
        except OSError:
            return


def _make_room(folder: str) -> None:
    """Remove the oldest answers until one more fits under `MAX_ANSWERS` (terminal sizes and
    command lines are many; only the recent ones are asked again)."""
    with os.scandir(folder) as found:
        answers = [entry for entry in found if entry.name.endswith(".answer")]
    if len(answers) < MAX_ANSWERS:
        return
    answers.sort(key=lambda entry: entry.stat().st_mtime_ns)
    import contextlib  # the normal path's import: the fast path never removes answers

    for entry in answers[: len(answers) - MAX_ANSWERS + 1]:
        with contextlib.suppress(FileNotFoundError):  # another medcli removed it first
            os.unlink(entry.path)


# The packages whose code decides an answer: a reinstall or an edit rewrites their files.
_CODE_PACKAGES = frozenset({"medcli", "rich", "typer", "msgspec", "yaml", "platformdirs"})


def _code_files() -> list[str]:
    """The source of every module of `_CODE_PACKAGES` this run imported: what made the answer."""
    files = []
    for name, module in list(sys.modules.items()):
        if name.split(".", 1)[0] in _CODE_PACKAGES:
            file = getattr(module, "__file__", None)
            if file:
                files.append(file)
    return sorted(set(files))
