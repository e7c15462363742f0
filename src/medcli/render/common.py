"""Building blocks shared by the text views: prose, tables, numbers, side effects (and,
from `render/lines.py`, headings and bullets).

Every piece of data text is wrapped in `rich.text.Text`, so square brackets in a
monograph are printed as they are and never read as Rich markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Protocol

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderableType, RenderResult
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from medcli.model import LABEL_KINDS, Monograph, SideEffect
from medcli.numbers import exact_or_rounded, format_number, format_quantity, is_shown_exactly
from medcli.render.dose_text import DoseOption as DoseOption
from medcli.render.dose_text import dose_option_text as dose_option_text
from medcli.render.lines import Hanging as Hanging
from medcli.render.lines import Part as Part
from medcli.render.lines import bullet as bullet
from medcli.render.lines import heading as heading
from medcli.render.lines import subheading as subheading
from medcli.side_effects import ArmRates

SERIOUS_MARK = "SERIOUS"
EXACT_PLACES_SHOWN = 10  # an exact value longer than this is not spelled out before `≈`


def shown(value: Decimal, unit: str, places: int) -> str:
    """`700 mg`, or `698.5322498 mg ≈ 698.5 mg` when the value is shown rounded."""
    return exact_or_rounded(value, unit, places, EXACT_PLACES_SHOWN)


def operand(value: Decimal, unit: str) -> str:
    """A value used in a formula: exact when it has a short decimal form, else to 10 places…"""
    if is_shown_exactly(value, EXACT_PLACES_SHOWN):
        return format_quantity(value, unit)
    return f"{format_number(value, EXACT_PLACES_SHOWN)}… {unit}"


def prose(text: str) -> Text:
    return Text(text.strip())


def side_effect_line(effect: SideEffect, monograph: Monograph | None = None) -> Hanging:
    """One side effect; `SERIOUS` is a word, so it survives NO_COLOR and pipes.

    Given the monograph, the line ends with the sources that name the effect.
    """
    parts: list[Part] = [effect.name]
    if effect.description:
        parts.append(f" ({effect.description})")
    if effect.frequency_note:
        parts.append((f" [source says: {effect.frequency_note}]", "dim"))
    if effect.serious:
        parts.append((f" {SERIOUS_MARK}", "bold red"))
        if effect.serious_reason:
            parts.append((f" ({effect.serious_reason})", "dim"))
    if effect.section and effect.serious:
        parts.append((f" (from {effect.section})", "dim"))
    if monograph is not None:
        parts.append((sources_words(monograph, [effect.source, *effect.also_sources]), "dim"))
    context = " · ".join(part for part in (effect.context, effect.category) if part)
    if context:
        parts.append((f"\n{context}", "dim"))
    return bullet(*parts)


def rate_text(rate: RateLike) -> str:
    """`31%`, `under 1%`, `22% grade 3`, `26% serious`: a rate without its trial and arm."""
    value = f"{'under ' if rate.below else ''}{format_number(rate.percent)}%"
    grade = {"all": " all grades", "3+": " grade 3 or higher", "3-4": " grade 3–4"}.get(
        rate.grade, f" grade {rate.grade}"
    )
    if rate.kind != "incidence" and rate.grade == "all":
        grade = ""
    kind = {
        "incidence": "",
        "serious": " serious",
        "fatal": " fatal",
        "discontinuation": " stopped treatment",
        "interruption": " had a dose interrupted",
    }[rate.kind]
    return f"{value}{grade}{kind}"


def arm_rates_lines(arms: Sequence[ArmRates], margin: int = 2) -> list[Hanging]:
    """One indented line per trial arm: `IKEMA, Isa-Kd, N=177: 36%; 19% grade 3 [label-v7 6.1]`."""
    lines = []
    for arm in arms:
        who = f"{arm.trial}, {arm.arm}"
        if arm.comparator:
            who += " (comparator)"
        if arm.denominator:
            who += f", N={format_number(arm.denominator)}"
        values = "; ".join(
            rate_text(rate) + (f" ({rate.note})" if rate.note else "") for rate in arm.rates
        )
        cited = f" [{'; '.join(arm.cited)}]" if arm.cited else ""
        lines.append(bullet(f"{who}: {values}", (cited, "dim"), marker="-", margin=margin))
    return lines


class RateLike(Protocol):
    @property
    def percent(self) -> Decimal: ...
    @property
    def below(self) -> bool: ...
    @property
    def grade(self) -> str: ...
    @property
    def kind(self) -> str: ...


def indented(renderable: RenderableType, level: int = 2) -> Padding:
    return Padding(renderable, (0, 0, 0, level), expand=False)


class NumberTable(Table):
    """A table whose columns are never narrower than their widest number.

    Rich folds a cell wider than its column, so at 26 columns a rate of 100 mL/h
    printed as `10` over `0`. Here each column's `min_width` is its widest number
    (with its glued unit), so Rich narrows a column only down to that; where the
    width cannot hold even those, each row is written as one wrapped line of
    `heading value` pairs, which breaks between pairs and never inside a number.
    """

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for column in self.columns:
            column.min_width = max((_widest_number(cell) for cell in column.cells), default=0)
        widths = self._calculate_column_widths(console, options)
        if sum(widths) + self._extra_width <= options.max_width:
            yield from super().__rich_console__(console, options)
            return
        headings = [_plain(column.header) for column in self.columns]
        cells = [[_plain(cell) for cell in column.cells] for column in self.columns]
        for row in zip(*cells, strict=True):
            pairs = [f"{heading} {value}" for heading, value in zip(headings, row, strict=True)]
            yield Hanging(("; ".join(pairs),), "•")


def _plain(cell: object) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)


def _widest_number(cell: object) -> int:
    """The cells of the widest word of *cell* that holds a digit (a number, maybe glued to
    its unit): the narrowest the column may be without splitting it."""
    words = [word for word in _plain(cell).split() if _DIGITS.intersection(word)]
    return max(map(cell_len, words), default=0)


_DIGITS = frozenset("0123456789")


def simple_table(*columns: str) -> Table:
    """A borderless table that wraps rather than overflows at narrow widths, and never
    splits a number (`NumberTable`)."""
    table = NumberTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def source_tag(monograph: Monograph, source_id: str | None, section: str | None = None) -> Text:
    """` [source: label-v7, section 5.1]`-style tag naming where a fact comes from.

    Sources that are not a label, regulator or manufacturer say `not label text`.
    """
    if source_id is None:
        return Text()
    return Text(source_words(monograph, source_id, section), style="dim")


def source_words(monograph: Monograph, source_id: str | None, section: str | None = None) -> str:
    """The words of `source_tag`; "" for no source."""
    if source_id is None:
        return ""
    where = f", section {section}" if section else ""
    marks = _eu_only(monograph, source_id) + _not_label(monograph, source_id)
    return f" [source: {source_id}{where}{marks}]"


def _eu_only(monograph: Monograph, source_id: str) -> str:
    """`, EU only` for a source whose rules bind in the EU (shown with `--jurisdiction eu`)."""
    found = next((s.jurisdiction for s in monograph.sources if s.id == source_id), None)
    return ", EU only" if found == "eu" else ""


def sources_words(monograph: Monograph, source_ids: Sequence[str | None]) -> str:
    """` [sources: seed (not label text), label-v7]` for a fact several sources name, or the
    words of `source_tag` for one; "" for none."""
    named = [source for source in dict.fromkeys(source_ids) if source is not None]
    if len(named) < 2:
        return source_words(monograph, named[0] if named else None)
    listed = ", ".join(f"{source}{_not_label(monograph, source, ' (', ')')}" for source in named)
    return f" [sources: {listed}]"


def _not_label(monograph: Monograph, source_id: str, before: str = ", ", after: str = "") -> str:
    kind = next((s.kind for s in monograph.sources if s.id == source_id), None)
    return "" if kind in LABEL_KINDS else f"{before}not label text{after}"
