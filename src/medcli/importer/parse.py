"""Markdown page text → `Page`: front matter, title, and sections of blocks.

The Markdown is read by markdown-it-py (CommonMark); this module only walks its
syntax tree. The front matter between `---` lines is YAML, not Markdown, and is
read with `yaml.safe_load`. A page that cannot be a monograph (not UTF-8, binary,
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
from markdown_it.tree import SyntaxTreeNode

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


class PageError(Exception):
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
        raise PageError("not-utf8", f"not UTF-8 (byte 0x{byte:02x} at offset {error.start})") from error
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
        data = yaml.safe_load(match.group(1))
    except yaml.YAMLError:
        return {}, body, ["front matter is not valid YAML; it was ignored"]
    if data is None:
        return {}, body, []
    if not isinstance(data, dict):
        return {}, body, ["front matter is not a mapping; it was ignored"]
    return data, body, []


def parse_page(text: str) -> Page:
    """Parse a page's text (already decoded); `PageError` when it has no title or no body."""
    text = clean_text(text.replace("\r\n", "\n").replace("\r", "\n"))
    front_matter, body, warnings = split_front_matter(text)
    tokens = markdown().parse(body)
    root = SyntaxTreeNode(tokens)
    title: str | None = None
    preamble: list[Block] = []
    sections: list[Section] = []
    for node in root.children:
        if node.type == "heading":
            heading = _inline(node.children[0]) if node.children else ()
            if node.tag == "h1" and title is None:
                title = inline_text(heading)
                continue
            sections.append(Section(inline_text(heading), ()))
            continue
        block = _block(node)
        if block is None:
            continue
        if sections:
            last = sections[-1]
            sections[-1] = Section(last.title, (*last.blocks, block))
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


def _block(node: SyntaxTreeNode) -> Block | None:
    kind = node.type
    if kind == "paragraph":
        spans = _inline(node.children[0]) if node.children else ()
        return Paragraph(spans) if inline_text(spans) else None
    if kind in ("bullet_list", "ordered_list"):
        items = tuple(Item(_blocks(child)) for child in node.children)
        start = int(node.attrs.get("start", 1) or 1) if kind == "ordered_list" else 1
        return ListBlock(items, ordered=kind == "ordered_list", start=start)
    if kind == "blockquote":
        return Quote(_blocks(node))
    if kind in ("code_block", "fence"):
        return Code(node.content)
    if kind == "html_block":
        text = _TAG.sub(" ", node.content)
        return Paragraph((Span(text),)) if text.strip() else None
    if kind == "heading":
        return Heading(int(node.tag[1:]), _inline(node.children[0]) if node.children else ())
    return None  # hr: no words


def _blocks(node: SyntaxTreeNode) -> tuple[Block, ...]:
    found = (_block(child) for child in node.children)
    return tuple(block for block in found if block is not None)


def _inline(node: SyntaxTreeNode) -> tuple[Span, ...]:
    """Inline tokens → spans; bold is tracked, other markup is dropped but its text kept."""
    spans: list[Span] = []
    depth = 0
    for token in node.token.children or [] if node.token else []:
        kind = token.type
        if kind == "strong_open":
            depth += 1
        elif kind == "strong_close":
            depth = max(0, depth - 1)
        elif kind in ("text", "code_inline"):
            _append(spans, token.content, depth > 0)
        elif kind == "softbreak":
            _append(spans, " ", depth > 0)
        elif kind == "hardbreak":
            _append(spans, "\n", depth > 0)
        elif kind == "image":
            _append(spans, token.content, depth > 0)
        # html_inline (tags such as <sub>), em and link markers carry no words of their own
    return tuple(spans)


def _append(spans: list[Span], text: str, bold: bool) -> None:
    if spans and spans[-1].bold == bold:
        spans[-1] = Span(spans[-1].text + text, bold)
    else:
        spans.append(Span(text, bold))
