"""The `--version` report: what is running and what the library holds."""

from __future__ import annotations

from collections import Counter

from medcli import __version__
from medcli.library.merged import Library, bundled_dir


def bundled_data_version() -> str:
    try:
        return (bundled_dir().parent / "VERSION").read_text(encoding="utf-8").strip()
    except OSError:
        return "unknown"


def version_report() -> str:
    """Three lines: medcli's version, the bundled data's version, monographs per origin."""
    counts = Counter(entry.origin for entry in Library.open().entries().values())
    parts = ", ".join(
        f"{counts.get(origin, 0)} {origin}" for origin in ("bundled", "user", "folder")
    )
    return (
        f"medcli {__version__}\nbundled data {bundled_data_version()}\nlibrary: {parts} monographs"
    )
