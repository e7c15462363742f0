"""`medcli diff` as text: what changed between two versions of a label, section by section.

Every added line starts with `+` and every removed one with `-`, changed sentences
with `~`, and inside a changed sentence removed words stand between `[-` `-]` and
added ones between `{+` `+}`: the marks carry the meaning, so the view reads the
same through a pipe or with NO_COLOR; on a colour terminal they are also green
and red. The label's own Recent Major Changes comes first, checked against the
diff; unchanged sections take one line each.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.segment import Segment
from rich.text import Text

from medcli.labels.diff import RecentMajorChanges, SectionDiff, SentenceChange, TableDiff
from medcli.library.versions import Comparison, LabelVersion
from medcli.render.common import bullet, heading

ADDED, REMOVED = "green", "red"
MARKS = {"added": "+", "removed": "-", "changed": "~", "unchanged": "="}
Runs = list[tuple[str, str]]  # (text, style) in reading order


class Marked:
    """One line of the diff behind its mark, wrapped at word boundaries, continuation lines
    indented under the text.

    Written as segments straight away rather than through `Text.wrap`: a diff across
    years of a long label is thousands of lines, and Rich's general wrapping made
    printing them cost most of the command's time.
    """

    def __init__(self, mark: str, runs: Runs, margin: int = 0) -> None:
        self.first = " " * margin + mark + " "
        self.runs = runs

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width - len(self.first), 1)
        lines: list[list[tuple[str, str]]] = [[]]  # per line, its runs of one style each
        used = 0
        for text, style in self.runs:
            for word in text.split():
                size = len(word) if word.isascii() else cell_len(word)
                if used and used + 1 + size > width:
                    lines.append([])
                    used = 0
                while size > width:  # a word longer than the line: folded
                    lines[-1].append((word[:width], style))
                    lines.append([])
                    word, size = word[width:], size - width
                line = lines[-1]
                space = " " if used else ""
                if line and line[-1][1] == style:
                    line[-1] = (f"{line[-1][0]}{space}{word}", style)
                else:
                    if space:
                        line.append((space, ""))
                    line.append((word, style))
                used += len(space) + size
        indent = " " * len(self.first)
        for number, line in enumerate(lines):
            yield Segment(indent if number else self.first)
            for text, style in line:
                yield Segment(text, console.get_style(style) if style else None)
            yield Segment.line()


def diff_view(comparison: Comparison) -> list[RenderableType]:
    view: list[RenderableType] = [
        Text.assemble(
            ("FDA label", "bold"), " · ", (comparison.name, "bold"), f" (id: {comparison.drug})"
        ),
        Text(f"Set id: {comparison.set_id}"),
        Text.assemble(
            ("Compared: ", "bold"), _version(comparison.older), " → ", _version(comparison.newer)
        ),
    ]
    if comparison.message:
        return [*view, Text(comparison.message)]
    summary = comparison.summary
    view.append(
        Text(
            f"Sections: {summary.changed} changed, {summary.added} added, "
            f"{summary.removed} removed, {summary.unchanged} unchanged"
        )
    )
    if comparison.recent_major_changes is not None:
        view += recent_changes_view(comparison.recent_major_changes, comparison.newer)
    for section in comparison.sections:
        view += section_view(section)
    view.append(
        Text(
            "\nThe text compared is the labels' own. Marks: + added, - removed, ~ changed "
            "(words [-removed-] {+added+}), = unchanged.",
            style="dim",
        )
    )
    return view


def _version(version: LabelVersion | None) -> str:
    if version is None:
        return "none"
    return f"version {version.version} ({version.effective_time or 'no date'})"


def recent_changes_view(rmc: RecentMajorChanges, newer: LabelVersion) -> list[RenderableType]:
    """The newer label's Recent Major Changes, each entry with what the diff found."""
    view: list[RenderableType] = [heading(f"Recent Major Changes of version {newer.version}")]
    for entry in rmc.entries:
        if not entry.new_sections:
            found = "listed by the older version too"
        elif entry.not_changed:
            found = f"NOT found changed: {', '.join(entry.not_changed)}"
            if entry.changed:
                found += f"; changed: {', '.join(entry.changed)}"
        else:
            found = f"changed: {', '.join(entry.changed)}"
        date = f" {entry.date}" if entry.date else ""
        quiet = "" if entry.new_sections else "dim"
        view.append(bullet(entry.text, date, (f" — {found}", quiet)))
    lines = [f"Listed sections found changed: {rmc.found_changed} of {rmc.listed}"]
    if rmc.unlisted:
        lines.append(f"Changed but not listed: {', '.join(rmc.unlisted)}")
    if rmc.unlisted_elsewhere:
        count = len(rmc.unlisted_elsewhere)
        lines.append(
            f"Changed in sections Recent Major Changes does not cover: {count} "
            f"({', '.join(rmc.unlisted_elsewhere)})"
        )
    view.append(Text(". ".join(lines)))
    return view


def section_view(section: SectionDiff) -> list[RenderableType]:
    title = f"{section.number} {section.title}" if section.number else section.title
    mark = MARKS[section.status]
    moved = section.old_number is not None and section.old_number != section.number
    if section.status == "unchanged":
        count = section.unchanged_sentences
        was = f", was {section.old_number}" if moved else ""
        line = f"{title}: unchanged ({count} sentence{'' if count == 1 else 's'}{was})"
        return [bullet((line, "dim"), marker=mark)]
    notes: list[str] = [section.status]
    if moved:
        notes.append(f"was {section.old_number}")
    if section.old_title:
        notes.append(f"was titled {section.old_title!r}")
    style = {"added": ADDED, "removed": REMOVED}.get(section.status, "")
    view: list[RenderableType] = [
        Text(),
        bullet((title, f"bold {style}".strip()), f" ({', '.join(notes)})", marker=mark),
    ]
    view += [sentence_line(change) for change in section.changes]
    if section.status == "changed" and section.unchanged_sentences:
        count = section.unchanged_sentences
        view.append(Text(f"  {count} sentence{'' if count == 1 else 's'} unchanged", style="dim"))
    for table in section.tables:
        view += table_view(table)
    return view


def sentence_line(change: SentenceChange) -> RenderableType:
    if change.change == "added":
        return Marked("+", [(change.new or "", ADDED)])
    if change.change == "removed":
        return Marked("-", [(change.old or "", REMOVED)])
    runs: Runs = []
    for word in change.words:
        if word.change == "same":
            runs.append((word.text, ""))
        elif word.change == "removed":
            runs.append((f"[-{word.text}-]", REMOVED))
        else:
            runs.append((f"{{+{word.text}+}}", ADDED))
    return Marked("~", runs)


def table_view(table: TableDiff) -> list[RenderableType]:
    caption = table.caption or "Table"
    if table.status == "unchanged":
        rows = f"{table.unchanged_rows} row{'' if table.unchanged_rows == 1 else 's'}"
        return [bullet((f"{caption}: unchanged ({rows})", "dim"), marker="=", margin=2)]
    view: list[RenderableType] = [
        bullet((caption, "bold"), f" ({table.status})", marker=MARKS[table.status], margin=2)
    ]
    for row in table.rows:
        if row.change == "changed":
            view.append(Marked("-", [(_cells(row.old), REMOVED)], margin=2))
            view.append(Marked("+", [(_cells(row.new), ADDED)], margin=2))
        else:
            style = ADDED if row.change == "added" else REMOVED
            view.append(Marked(MARKS[row.change], [(_cells(row.new or row.old), style)], margin=2))
    if table.unchanged_rows and table.status == "changed":
        count = table.unchanged_rows
        view.append(Text(f"    {count} row{'' if count == 1 else 's'} unchanged", style="dim"))
    return view


def _cells(row: list[str] | None) -> str:
    return " | ".join(cell for cell in row or [] if cell)
