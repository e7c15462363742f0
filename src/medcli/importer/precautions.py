"""The "Precautions" section → `precautions: [{title, text}]`.

In the corpus (6,248 sections) nine precautions in ten are list items opening with
a bold title ("* **Hypersensitivity:** …"). The rest: a bold or plain line ending
in a colon over a list ("**Contraindications:**" then one item per condition),
which becomes one note whose text is the list; a bold sentence as the title
("**Do not use internally.** For external use only."); prose. Entries without a
title of their own are gathered, in order, into notes titled "Note", so a reader
never sees a title invented from the text's first words.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from medcli.importer.blocks import (
    Block,
    Item,
    ListBlock,
    Paragraph,
    clean_line,
    lead_label,
    render_block,
    render_blocks,
)
from medcli.model import Note

SOURCE = "page"
UNTITLED = "Note"
MAX_TITLE_WORDS = 12
MAX_PLAIN_LABEL_WORDS = 5


@dataclass
class _Builder:
    notes: list[Note] = field(default_factory=list)
    untitled: list[str] = field(default_factory=list)

    def add(self, title: str, text: str) -> None:
        title, text = clean_line(title).rstrip(":").strip(), text.strip()
        if not text:
            self.untitled.append(title)
            return
        if not title:
            self.untitled.append(text)
            return
        self.flush()
        self.notes.append(Note(title=title, text=text, source=SOURCE))

    def flush(self) -> None:
        if self.untitled:
            self.notes.append(Note(title=UNTITLED, text="\n".join(self.untitled), source=SOURCE))
            self.untitled = []


def map_precautions(blocks: tuple[Block, ...]) -> list[Note]:
    out = _Builder()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph):
            index += _paragraph(out, block, following)
            continue
        if isinstance(block, ListBlock):
            for item in block.items:
                _item(out, item, block.ordered)
        else:
            out.untitled.append(render_block(block))
        index += 1
    out.flush()
    return out.notes


def titled(paragraph: Paragraph) -> tuple[str, str] | None:
    """(title, text) when the paragraph opens with a title: bold, or a short `Label:`."""
    parts = lead_label(paragraph.spans)
    if parts is not None:
        label, rest = parts
        if not rest or label.endswith((":", ".", "?", "!")):
            return (label, rest) if len(label.split()) <= MAX_TITLE_WORDS or not rest else None
        return None
    label, colon, rest = paragraph.text.partition(":")
    words = label.split()
    if colon and rest.strip() and 0 < len(words) <= MAX_PLAIN_LABEL_WORDS and "(" not in label:
        return label, rest.strip()
    return None


def _paragraph(out: _Builder, paragraph: Paragraph, following: Block | None) -> int:
    """Add one paragraph (and the list or paragraph it introduces); return blocks used."""
    head = titled(paragraph)
    if head is not None:
        title, text = head
        if (not text or text.endswith(":")) and isinstance(following, ListBlock):
            out.add(title, "\n".join(part for part in (text, render_block(following)) if part))
            return 2
        if not text and title.endswith(":") and isinstance(following, Paragraph):
            out.add(title, following.text)
            return 2
        if not text and len(title.split()) > MAX_TITLE_WORDS:
            out.untitled.append(title)
            return 1
        out.add(title, text)
        return 1
    text = paragraph.text
    if text.endswith(":") and isinstance(following, ListBlock):
        intro = text.rstrip(":").strip()
        if len(intro.split()) <= MAX_TITLE_WORDS // 2:
            out.add(intro, render_block(following))
        else:
            out.untitled.append(f"{text}\n{render_block(following)}")
        return 2
    out.untitled.append(text)
    return 1


def _item(out: _Builder, item: Item, ordered: bool) -> None:
    first = item.blocks[0] if item.blocks else None
    nested = render_blocks(item.blocks[1:])
    head = titled(first) if isinstance(first, Paragraph) else None
    if head is not None:
        title, text = head
        out.add(title, "\n".join(part for part in (text, nested) if part))
        return
    body = "\n".join(part for part in (render_blocks(item.blocks[:1]), nested) if part)
    out.untitled.append(("" if ordered else "- ") + body)
