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
    """Three lines: medcli's version, the bundled data's version, monographs per origin."""
    counts = Counter(entry.origin for entry in Library(environment).entries().values())
    parts = ", ".join(
        f"{counts.get(origin, 0)} {origin}" for origin in ("bundled", "user", "folder")
    )
    return (
        f"medcli {__version__}\nbundled data {bundled_data_version(environment)}\n"
        f"library: {parts} monographs"
    )
