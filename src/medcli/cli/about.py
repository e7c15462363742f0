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
    """Three lines: medcli's version, the bundled data's version, monographs per origin;
    a fourth when the library holds FDA labels: how many, and the newest export
    `medcli update` brought (from its state file: no label is read).

    Imported labels count with the monograph files of their folder, and are also
    counted apart: `(N labels)`. A label shadowed by a file of its id is still counted.
    """
    library = Library(environment)
    counts = Counter(entry.origin for entry in library.files.entries().values())
    labels: Counter[str] = Counter()
    for store in library.label_stores():
        labels[store.folder.origin] += store.count()
    parts = ", ".join(
        _origin_count(origin, counts[origin], labels[origin])
        for origin in ("bundled", "user", "folder")
    )
    report = (
        f"medcli {__version__}\nbundled data {bundled_data_version(environment)}\n"
        f"library: {parts} monographs"
    )
    total = sum(labels.values())
    if total:
        report += f"\nFDA labels: {total:,}; {_newest_export(environment)}"
    return report


def _newest_export(environment: Environment) -> str:
    """What the last `medcli update` of the user library imported, per source, or that none
    did."""
    from medcli.update.state import read_state

    held = []
    for source, what in (("openfda", "openFDA export"), ("dailymed", "DailyMed files to")):
        state = read_state(environment.user_dir, source)
        if state is not None:
            held.append(f"{what} {state.export_date} (medcli update of {state.imported_on})")
    return "; ".join(held) or "no medcli update yet (labels imported with medcli import)"


def _origin_count(origin: str, files: int, labels: int) -> str:
    """`3 user`, or with imported labels `250,003 user (250,000 labels)`."""
    shown = f"{files + labels:,} {origin}"
    if labels:
        shown += f" ({labels:,} label{'s' if labels != 1 else ''})"
    return shown
