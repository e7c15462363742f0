"""`medcli changes` (and the digest after `medcli update`) as text: one block per label.

Each label names its versions and their effective dates, then one line per changed
section of the watched keys with the lines added and removed; `medcli diff DRUG`
shows the words. The JSON form is the `Changes` document itself (`jsonout.to_json`).
"""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.library.changes import Changes, LabelChange
from medcli.library.versions import LabelVersion
from medcli.numbers import format_number
from medcli.render.common import bullet, heading

WATCHED_WORDS = "boxed warning, contraindications, dosage or warnings"


def changes_view(changes: Changes) -> list[RenderableType]:
    """The digest: what it covers, then each changed label; one line when none changed."""
    if changes.since is None:
        return [Text("No imported FDA labels in the library: nothing has changed.")]
    since = {
        "--since": f"since {changes.since}",
        "last import": f"since the last import ({changes.since})",
        "this update": "in this update",
    }.get(changes.since_source, f"since {changes.since}")
    count = len(changes.labels)
    compared = format_number(changes.labels_with_new_versions)
    head = (
        f"Label changes {since}: {format_number(count)} label{'' if count == 1 else 's'} "
        f"changed the {WATCHED_WORDS} ({compared} with a new version compared)"
    )
    view: list[RenderableType] = [Text(head)]
    for change in changes.labels:
        view += label_lines(change)
    if changes.labels:
        view.append(Text("See the changed words with: medcli diff DRUG", style="dim"))
    return view


def label_lines(change: LabelChange) -> list[RenderableType]:
    title = f"{change.name} (id: {change.drug})"
    lines: list[RenderableType] = [
        heading(title),
        Text(f"{_version(change.older)} → {_version(change.newer)}; set id {change.set_id}"),
    ]
    for section in change.sections:
        name = f"{section.number} {section.title}" if section.number else section.title
        counts = f"+{section.lines_added} -{section.lines_removed} lines"
        lines.append(bullet(f"{name} [{section.key}]: {section.status}, {counts}"))
    return lines


def _version(version: LabelVersion) -> str:
    imported = f", imported {version.imported}" if version.imported else ""
    return f"version {version.version} ({version.effective_time or 'no date'}{imported})"
