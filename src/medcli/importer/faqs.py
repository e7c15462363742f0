"""The "FAQs" section → `faqs: [{question, answer}]`.

Question forms in the corpus (about 31,000 questions): `**Q: …?**` followed by
`A: …` in the same paragraph or list item (after a space or a line break, the
`A:` plain, bold or in italics), the answer as the next paragraph or as a nested
list entry, and bold questions without `Q:` (`**How long does it take?** …`).
Text in the section that answers no question stays under `extra_sections`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medcli.importer.blocks import (
    Block,
    ListBlock,
    Paragraph,
    clean_line,
    lead_label,
    render_block,
    render_blocks,
)
from medcli.model import Faq

SOURCE = "page"
_Q = re.compile(r"^\W*Q\s*[:.]\s*", re.I)
_A = re.compile(r"^\W*A\s*[:.]\s*", re.I)


@dataclass
class Faqs:
    faqs: list[Faq] = field(default_factory=list)
    leftover: list[str] = field(default_factory=list)  # text that answers no question
    labels: list[str] = field(default_factory=list)  # the Q: and A: markers


@dataclass
class _Open:
    question: str
    answer: list[str]
    in_list: bool


@dataclass(frozen=True)
class Question:
    text: str
    rest: str  # what follows the question in the same paragraph
    marked: bool  # written with a `Q:` marker


def question_of(paragraph: Paragraph) -> Question | None:
    """The question *paragraph* opens with, else None."""
    parts = lead_label(paragraph.spans)
    if parts is not None:
        label, rest = parts
        if _Q.fullmatch(label) and "?" in rest:  # **Q:** How …? A: …
            question, _, after = rest.partition("?")
            return Question(clean_line(question) + "?", after.strip(), True)
        marker = _Q.match(label)
        question = label[marker.end() :] if marker else label
        if marker or question.rstrip().endswith("?"):
            return Question(clean_line(question), rest, marker is not None)
        return None
    text = paragraph.text
    marker = _Q.match(text)
    if marker is None:
        return None
    body = text[marker.end() :]
    split = "?" if "?" in body else "\n"
    question, _, after = body.partition(split)
    return Question(clean_line(question) + (split if split == "?" else ""), after.strip(), True)


def map_faqs(blocks: tuple[Block, ...]) -> Faqs:
    out = Faqs()
    current: _Open | None = None

    def close() -> None:
        nonlocal current
        if current is not None:
            answer = "\n".join(part for part in current.answer if part).strip()
            if answer:
                out.faqs.append(Faq(question=current.question, answer=answer, source=SOURCE))
            else:
                out.leftover.append(current.question)
        current = None

    for block in blocks:
        if isinstance(block, ListBlock):
            for item in block.items:
                first = item.blocks[0] if item.blocks else None
                found = question_of(first) if isinstance(first, Paragraph) else None
                if found is not None:
                    close()
                    current = _open(out, found, in_list=True)
                    for inner in item.blocks[1:]:
                        _answer(out, current, _unlisted(inner))
                elif current is not None and (not current.answer or _A.match(_text(first))):
                    _answer(out, current, render_blocks(item.blocks))
                else:
                    out.leftover.append("- " + render_blocks(item.blocks))
            continue
        found = question_of(block) if isinstance(block, Paragraph) else None
        if found is not None:
            close()
            current = _open(out, found, in_list=False)
        elif current is not None and (
            not current.answer or not current.in_list or _A.match(_text(block))
        ):
            _answer(out, current, render_block(block))
        else:
            out.leftover.append(render_block(block))
    close()
    return out


def _open(out: Faqs, found: Question, in_list: bool) -> _Open:
    if found.marked:
        out.labels.append("Q")
    current = _Open(found.text, [], in_list)
    _answer(out, current, found.rest)
    return current


def _answer(out: Faqs, current: _Open, text: str) -> None:
    """Add *text* to the answer, without its `A:` marker."""
    text = text.strip()
    marker = _A.match(text)
    if marker:
        text = text[marker.end() :].strip()
        out.labels.append("A")
    if text:
        current.answer.append(text)


def _unlisted(block: Block) -> str:
    """A one-entry list under a question is its answer: drop the bullet."""
    if isinstance(block, ListBlock) and len(block.items) == 1:
        return render_blocks(block.items[0].blocks)
    return render_block(block)


def _text(block: Block | None) -> str:
    return render_block(block) if block is not None else ""
