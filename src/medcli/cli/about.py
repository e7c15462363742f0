"""The `--version` report: what is running and what the library holds."""

from __future__ import annotations

from collections import Counter

from medcli import __version__
from medcli.library.environment import Environment
from medcli.library.merged import Library


def bundled_data_version(environment: Environment) -> str:
    from medcli.library.files import read_regular_file

    try:
        data = read_regular_file(environment.bundled_dir.parent / "VERSION", 200)
        return data.decode("utf-8").strip() or "unknown"
    except (OSError, UnicodeDecodeError):
        return "unknown"


def version_report(environment: Environment) -> str:
    """Three lines: medcli's version, the bundled data's version, monographs per origin.

    Imported labels count with the monograph files of their folder, and are also
    counted apart: `(N labels)`. A label shadowed by a file of its id is still counted.
    """
    library = Library(environment)
    counts = Counter(entry.origin for entry in library.entries().values())
    labels: Counter[str] = Counter()
    for folder, db in library.stores():
        from medcli.library.stored import label_count

        labels[folder.origin] += label_count(db)
    parts = ", ".join(
        _origin_count(origin, counts[origin], labels[origin])
        for origin in ("bundled", "user", "folder")
    )
    return (
        f"medcli {__version__}\nbundled data {bundled_data_version(environment)}\n"
        f"library: {parts} monographs"
    )


def _origin_count(origin: str, files: int, labels: int) -> str:
    """`3 user`, or with imported labels `250,003 user (250,000 labels)`."""
    shown = f"{files + labels:,} {origin}"
    if labels:
        shown += f" ({labels:,} label{'s' if labels != 1 else ''})"
    return shown
