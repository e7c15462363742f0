"""A Markdown page reduced to the blocks the importer reasons about, and their plain text.

markdown-it-py's token stream is turned (in `parse.py`) into these small frozen
values: paragraphs made of spans that are bold or not, lists of items, quotes and
code. Plain text drops the markup (bold, emphasis, HTML tags) but keeps every
word, and writes lists as `- item` lines so prose fields read naturally.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"[ \t\u00a0]+")


@dataclass(frozen=True)
class Span:
    """A run of inline text; `bold` when it sits inside `**…**`."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Paragraph:
    spans: tuple[Span, ...]

    @property
    def text(self) -> str:
        return inline_text(self.spans)


@dataclass(frozen=True)
class Item:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Item, ...]
    ordered: bool = False
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Heading:
    """A heading that is not a section boundary (inside a list or a quote)."""

    level: int
    spans: tuple[Span, ...]


Block = Paragraph | ListBlock | Quote | Code | Heading


@dataclass(frozen=True)
class Section:
    """A `###` heading (or a bold line standing in for one) and the blocks under it."""

    title: str
    blocks: tuple[Block, ...]
    pseudo: bool = False  # a bold paragraph promoted to a heading


def clean_line(text: str) -> str:
    """Runs of spaces become one space; the ends are stripped."""
    return _SPACES.sub(" ", text).strip()


def inline_text(spans: tuple[Span, ...] | list[Span]) -> str:
    """The words of *spans* without markup, each line's spaces tidied."""
    joined = "".join(span.text for span in spans)
    return "\n".join(clean_line(line) for line in joined.split("\n")).strip()


def lead_label(spans: tuple[Span, ...]) -> tuple[str, str] | None:
    """`**Label:** rest` → (`Label:`, `rest`) when the paragraph starts in bold, else None.

    A colon right after the closing `**` is moved into the label, so `**Label**: rest`
    and `**Label:** rest` read the same.
    """
    first = next((index for index, span in enumerate(spans) if span.text.strip()), None)
    if first is None or not spans[first].bold:
        return None
    label = clean_line(spans[first].text)
    rest = inline_text(spans[first + 1 :])
    if rest.startswith(":") and not label.endswith(":"):
        label, rest = label + ":", rest[1:].lstrip()
    return label, rest


def is_bold_only(paragraph: Paragraph) -> bool:
    """The whole paragraph is one bold run (a trailing colon outside the bold is allowed)."""
    parts = lead_label(paragraph.spans)
    return parts is not None and not parts[1]


def render_blocks(blocks: tuple[Block, ...] | list[Block], indent: str = "") -> str:
    """Plain text of *blocks*: paragraphs apart by a blank line, list items one a line."""
    parts = [render_block(block, indent) for block in blocks]
    return "\n\n".join(part for part in parts if part.strip())


def render_block(block: Block, indent: str = "") -> str:
    if isinstance(block, Paragraph):
        return _indent(block.text, indent)
    if isinstance(block, Heading):
        return _indent(inline_text(block.spans), indent)
    if isinstance(block, ListBlock):
        return render_list(block, indent)
    if isinstance(block, Quote):
        return render_blocks(block.blocks, indent)
    return _indent(block.text.rstrip("\n"), indent)


def render_list(block: ListBlock, indent: str = "") -> str:
    lines: list[str] = []
    for number, item in enumerate(block.items, block.start):
        marker = f"{number}. " if block.ordered else "- "
        body = render_item(item, indent + " " * len(marker))
        first, _, rest = body.lstrip(" ").partition("\n")
        lines.append(f"{indent}{marker}{first}" + (f"\n{rest}" if rest else ""))
    return "\n".join(lines)


def render_item(item: Item, indent: str = "") -> str:
    """An item's blocks, one a line (a list item's paragraphs are not set apart)."""
    parts = [render_block(block, indent) for block in item.blocks]
    return "\n".join(part for part in parts if part.strip())


def _indent(text: str, indent: str) -> str:
    return "\n".join(indent + line if line else line for line in text.split("\n"))
