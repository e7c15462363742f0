"""Markdown page text → `Page`: front matter, title, and sections of blocks.

The Markdown is read by markdown-it-py (CommonMark); this module only walks its
syntax tree. The front matter between `---` lines is YAML, not Markdown, and is
read with `yaml.safe_load`; front matter that is not a mapping is page text and
stays in the body. A page that cannot be a monograph (not UTF-8, binary,
empty, no title) raises `PageError` with a stable reason code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from medcli.errors import PicklableError
from medcli.importer.blocks import (
    Block,
    Code,
    Heading,
    Item,
    ListBlock,
    Paragraph,
    Quote,
    Section,
    Span,
    inline_text,
)
from medcli.sanitize import clean_text

MAX_PAGE_BYTES = 2 * 1024 * 1024  # the largest corpus page is under 40 kB
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S | re.M)
_TAG = re.compile(r"<[^>]*>")
_YamlLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PageError(PicklableError):
    """A page that cannot be imported; `code` is stable (JSON), `detail` is for people."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass
class Page:
    front_matter: dict[str, Any]
    title: str
    preamble: tuple[Block, ...]
    sections: list[Section]
    body: str  # the Markdown after the front matter
    tokens: list[Token] = field(repr=False, default_factory=list)
    warnings: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def markdown() -> MarkdownIt:
    return MarkdownIt("commonmark")


def decode_page(raw: bytes) -> str:
    """UTF-8 text of a page, or `PageError` (binary, not-utf8, empty)."""
    if len(raw) > MAX_PAGE_BYTES:
        raise PageError("too-large", f"{len(raw):,} bytes; the limit is {MAX_PAGE_BYTES:,}")
    if b"\x00" in raw:
        raise PageError("binary", "binary file (contains NUL bytes)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        byte = raw[error.start]
        raise PageError(
            "not-utf8", f"not UTF-8 (byte 0x{byte:02x} at offset {error.start})"
        ) from error
    if not text.strip():
        raise PageError("empty", "the file is empty")
    return text


def split_front_matter(text: str) -> tuple[dict[str, Any], str, list[str]]:
    """(front matter, body, warnings); a page without front matter has an empty mapping."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return {}, text, []
    body = text[match.end() :]
    try:
        data = yaml.load(match.group(1), Loader=_YamlLoader)  # the safe loader, in C if built
    except yaml.YAMLError:
        data = match.group(1)
    if data is None:
        return {}, body, []
    if not isinstance(data, dict):
        # Not a mapping ("Withdrawn in 2019 …"): the words are the page's, kept as text.
        return {}, f"{match.group(1)}\n{body}", ["front matter is not a YAML mapping; kept as text"]
    return data, body, []


def parse_page(text: str) -> Page:
    """Parse a page's text (already decoded); `PageError` when it has no title or no body."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    front_matter, body, warnings = split_front_matter(text)
    tokens = markdown().parse(body)
    top, _ = _walk(tokens, 0, "")
    title: str | None = None
    preamble: list[Block] = []
    sections: list[Section] = []
    for block in top:
        if isinstance(block, Heading):
            text = inline_text(block.spans)
            if block.level == 1 and title is None:
                title = text
            else:
                sections.append(Section(text, ()))
        elif sections:
            sections[-1] = Section(sections[-1].title, (*sections[-1].blocks, block))
        else:
            preamble.append(block)
    if not title:
        fallback = front_matter.get("title")
        if isinstance(fallback, str) and fallback.strip():
            title = clean_text(fallback).strip()
            warnings.append("no '#' title; the front matter title is used")
        else:
            raise PageError("no-title", "no '#' title and no title in the front matter")
    if not preamble and not sections:
        raise PageError("empty", "nothing but a title")
    return Page(front_matter, title, tuple(preamble), sections, body, tokens, warnings)


def _walk(tokens: list[Token], index: int, closing: str) -> tuple[list[Block], int]:
    """Blocks from *tokens* starting at *index*, up to the token of type *closing*.

    markdown-it's block tokens come in open/close pairs around their content
    (`paragraph_open`, `inline`, `paragraph_close`; `bullet_list_open`, items,
    `bullet_list_close`); this walks them once, without building a node tree.
    """
    blocks: list[Block] = []
    while index < len(tokens):
        token = tokens[index]
        kind = token.type
        if kind == closing:
            return blocks, index + 1
        if kind == "paragraph_open":
            spans = _inline(tokens[index + 1])
            if inline_text(spans):
                blocks.append(Paragraph(spans))
            index += 3
        elif kind == "heading_open":
            blocks.append(Heading(int(token.tag[1:]), _inline(tokens[index + 1])))
            index += 3
        elif kind in ("bullet_list_open", "ordered_list_open"):
            items: list[Item] = []
            index += 1
            while tokens[index].type == "list_item_open":
                inner, index = _walk(tokens, index + 1, "list_item_close")
                items.append(Item(tuple(inner)))
            ordered = kind == "ordered_list_open"
            start = int(token.attrs.get("start", 1) or 1) if ordered else 1
            blocks.append(ListBlock(tuple(items), ordered=ordered, start=start))
            index += 1
        elif kind == "blockquote_open":
            inner, index = _walk(tokens, index + 1, "blockquote_close")
            blocks.append(Quote(tuple(inner)))
        else:
            if kind in ("code_block", "fence"):
                blocks.append(Code(token.content))
            elif kind == "html_block" and _TAG.sub("", token.content).strip():
                blocks.append(Paragraph((Span(_TAG.sub("", token.content)),)))
            index += 1  # hr: no words
    return blocks, index


def _inline(token: Token) -> tuple[Span, ...]:
    """Inline tokens → spans; bold is tracked, other markup is dropped but its text kept."""
    spans: list[Span] = []
    depth = 0
    for child in token.children or []:
        kind = child.type
        if kind == "strong_open":
            depth += 1
        elif kind == "strong_close":
            depth = max(0, depth - 1)
        elif kind in ("text", "code_inline", "image"):
            _append(spans, child.content, depth > 0)
        elif kind == "softbreak":
            _append(spans, " ", depth > 0)
        elif kind == "hardbreak":
            _append(spans, "\n", depth > 0)
        # html_inline (tags such as <sub>), em and link markers carry no words of their own
    return tuple(spans)


def _append(spans: list[Span], text: str, bold: bool) -> None:
    if spans and spans[-1].bold == bold:
        spans[-1] = Span(spans[-1].text + text, bold)
    else:
        spans.append(Span(text, bold))
