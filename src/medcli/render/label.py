"""The text view of an FDA label (`medcli show` on an imported label).

The header says it is an FDA label and which one (set id, version, effective
date, manufacturer, Rx or OTC); the boxed warning comes first, in a box on a
terminal and between marker lines when piped or without colour, so it stands
out either way; then every section in the label's order with its number and
title, and its tables as tables whose cells wrap at any width.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from medcli.model import Label, LabelSection, LabelTable, Monograph, TableRow
from medcli.render.common import heading, prose, subheading
from medcli.render.monograph import disclaimer_and_sources, provenance_line, side_effects
from medcli.sections import Section, label_keys

BOXED = "boxed-warning"
RX_OTC = {"rx": "prescription (Rx)", "otc": "over the counter (OTC)"}


def label_view(monograph: Monograph, requested: list[Section]) -> list[RenderableType]:
    """Header, boxed warning, the chosen sections in label order, disclaimer and sources."""
    label = monograph.label
    assert label is not None
    keys = label_keys(requested) if requested else None
    view: list[RenderableType] = header(monograph, label)
    boxed = [part for part in label.sections if part.key == BOXED]
    if boxed and (keys is None or BOXED in keys):
        blocks = [
            block
            for part in boxed
            for block in (Text(part.title, style="bold"), *section_body(part))
        ]
        view.append(BoxedWarning(blocks))
    for part in label.sections:
        if part.key != BOXED and (keys is None or part.key in keys):
            view += section_block(part)
    if label.other_sections and (keys is None or "other" in keys):
        view.append(heading("Other sections of the record"))
        for part in label.other_sections:
            view += section_block(part, top=False)
    if Section.side_effects in requested and monograph.side_effects:
        view.append(heading("Side effects read from the label"))
        view += side_effects(monograph)
    view += disclaimer_and_sources(monograph)
    return view


def header(monograph: Monograph, label: Label) -> list[RenderableType]:
    facts = [
        ("Brand names", ", ".join(label.brand_names)),
        ("Generic names", ", ".join(label.generic_names)),
        ("Set id", label.set_id),
        ("Version", label.version or ""),
        ("Effective", label.effective_time or ""),
        ("Manufacturer", label.manufacturer or ""),
        ("Type", RX_OTC.get(label.rx_otc or "", label.product_type or "")),
        ("Application", ", ".join(label.application_numbers)),
        ("Routes", ", ".join(monograph.routes)),
        ("Source", provenance_line(monograph)),
    ]
    lines: list[RenderableType] = [
        Text.assemble(
            ("FDA label", "bold"), " · ", (monograph.name, "bold"), f" (id: {monograph.id})"
        ),
        Text("The text below is the label's own, section by section.", style="dim"),
    ]
    lines += [Text.assemble((f"{name}: ", "bold"), value) for name, value in facts if value]
    return lines


def section_block(part: LabelSection, top: bool = True) -> list[RenderableType]:
    title = (
        f"{part.number} {part.title}" if part.number and part.number != part.title else part.title
    )
    marker = heading(title) if part.depth == 0 and top else subheading("\n" + title)
    return [marker, *section_body(part)]


def section_body(part: LabelSection) -> list[RenderableType]:
    """The section's text with its tables where the label has them."""
    body: list[RenderableType] = []
    start = 0
    for table in sorted(part.tables, key=lambda table: table.at):
        if part.text[start : table.at].strip():
            body.append(prose(part.text[start : table.at]))
        body += table_view(table)
        start = max(start, table.at)
    if part.text[start:].strip():
        body.append(prose(part.text[start:]))
    return body


def table_view(table: LabelTable) -> list[RenderableType]:
    """A label table: caption, header rows in bold, body, footer rows and footnotes."""
    view: list[RenderableType] = []
    if table.caption:
        view.append(Text(table.caption, style="bold"))
    view.append(LabelGrid(laid_out(table.head), laid_out(table.body)))
    for row in table.foot:
        view.append(Text(" ".join(cell.text for cell in row if cell.text), style="dim"))
    for number, note in enumerate(table.footnotes, start=1):
        view.append(Text(f"{number}. {note}", style="dim"))
    return view


def laid_out(rows: list[TableRow]) -> list[list[str]]:
    """Rows with spans laid out on the columns: a spanning cell's text in its first column."""
    laid: list[list[str]] = []
    carried: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        line: list[str] = []
        for cell in row:
            while (r, len(line)) in carried:
                line.append("")
            column = len(line)
            span = min(cell.colspan, 64)
            line += [cell.text] + [""] * (span - 1)
            for down in range(1, min(cell.rowspan, len(rows) - r)):
                carried.update((r + down, column + offset) for offset in range(span))
        laid.append(line)
    return laid


def _padded(row: list[str], width: int) -> list[str]:
    return row + [""] * (width - len(row))


class LabelGrid:
    """A table as a grid when its columns fit, else one block per row ("column: value").

    Below `MIN_COLUMN` characters a column would break every word, so a narrow
    terminal gets each row as its first cell followed by the other cells under
    their column headings.
    """

    MIN_COLUMN = 12

    def __init__(self, head: list[list[str]], body: list[list[str]]) -> None:
        self.head = head
        self.body = body
        self.width = max((len(row) for row in head + body), default=0)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if not self.width:
            return
        if options.max_width // self.width >= self.MIN_COLUMN or self.width == 1:
            yield self._grid()
            return
        names = self._column_names()
        for row in self.body:
            cells = _padded(row, self.width)
            filled = [(names[index], cell) for index, cell in enumerate(cells) if cell and index]
            if not filled:
                yield Text(cells[0], style="bold")
                continue
            yield Text(cells[0] or "—", style="bold")
            for name, cell in filled:
                yield Text.assemble("  ", (f"{name}: ", "dim") if name else "", cell)

    def _grid(self) -> Table:
        grid = Table(box=box.SIMPLE_HEAD, show_header=False, show_edge=False, pad_edge=False)
        for _ in range(self.width):
            grid.add_column(overflow="fold")
        for index, row in enumerate(self.head):
            end = index == len(self.head) - 1
            grid.add_row(*_padded(row, self.width), style="bold", end_section=end)
        for row in self.body:
            grid.add_row(*_padded(row, self.width))
        return grid

    def _column_names(self) -> list[str]:
        """Each column's heading: the header cells over it, a spanning one carried along."""
        names: list[list[str]] = [[] for _ in range(self.width)]
        for row in self.head:
            current = ""
            for index, cell in enumerate(_padded(row, self.width)):
                current = cell or (current if index else "")
                if current and current not in names[index]:
                    names[index].append(current)
        return [" ".join(" ".join(part.split()) for part in parts) for parts in names]


class BoxedWarning:
    """The boxed warning: a red box on a terminal, marker lines when piped or colourless."""

    def __init__(self, body: list[RenderableType]) -> None:
        self.body = body

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        from rich.console import Group

        if console.is_terminal and not console.no_color and console.color_system is not None:
            yield Text()
            yield Panel(Group(*self.body), title="BOXED WARNING", border_style="bold red")
            return
        yield Text("\n==== BOXED WARNING ====")
        yield from self.body
        yield Text("==== END OF BOXED WARNING ====")
