"""A parsed page → a schema-1 `Monograph`, every word of the body kept in some field.

Sections whose heading names a field fill it (see `headings.py`); a field's
second section, and any heading of its own, goes to `extra_sections` under its
heading, word for word. Text before the first heading goes there too, titled
"Overview", unless bold lines in it stand in for headings (89 corpus pages have
no `###` heading at all and use `**Usage:**` lines instead). The words a mapping
uses up as structure (a field's heading, the `Q:`/`A:` markers, "Disclaimer:")
are returned as `labels`, so the coverage check can leave them out and count
everything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import msgspec

from medcli.importer.blocks import (
    Block,
    Item,
    ListBlock,
    Paragraph,
    Section,
    Span,
    lead_label,
    render_blocks,
)
from medcli.importer.faqs import map_faqs, question_of
from medcli.importer.headings import Field, classify, names_field
from medcli.importer.names import names_in
from medcli.importer.parse import Page
from medcli.importer.precautions import map_precautions
from medcli.importer.side_effects import map_side_effects, read_group
from medcli.model import Faq, Monograph, Note, Provenance, SideEffect, Source

SOURCE = "page"
OVERVIEW = "Overview"
_DISCLAIMER = re.compile(r"^\W*(?:important\s+|medical\s+)?disclaimer\s*:\s*", re.I)
_SELF_DESCRIBED = re.compile(r"\bAI[- ]generated\b|\bcrowd[- ]?sourced\b", re.I)
_ADVICE = re.compile(
    r"medical advice|not a substitute|for (?:general|educational|informational) (?:knowledge|"
    r"purposes)",
    re.I,
)


@dataclass(frozen=True)
class Origin:
    """What the person importing says of all the pages: where from, and AI-generated or not.

    The RxHive pages are all AI-generated though only 3 of 6,447 say so; the page
    cannot tell, the person importing a whole site can.
    """

    note: str | None = None
    ai_generated: bool = False


NO_ORIGIN = Origin()


@dataclass
class Mapped:
    monograph: Monograph
    labels: list[str]  # words used up as structure
    warnings: list[str]
    copies: list[str] = field(default_factory=list)  # text written once per item, read once


@dataclass
class _Fields:
    aliases: list[str] = field(default_factory=list)
    text: dict[str, str] = field(default_factory=dict)  # usage, dosage, mechanism
    side_effects: list[SideEffect] = field(default_factory=list)
    side_effects_note: str | None = None
    precautions: list[Note] = field(default_factory=list)
    faqs: list[Faq] = field(default_factory=list)
    extra: list[Note] = field(default_factory=list)
    disclaimer: list[str] = field(default_factory=list)
    ai_generated: bool = False
    mapped: set[Field] = field(default_factory=set)
    labels: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)

    def add_extra(self, title: str, text: str) -> None:
        title, text = title.strip(), text.strip()
        if title and text:
            self.extra.append(Note(title=title, text=text, source=SOURCE))
        elif title or text:
            self.extra.append(Note(title=title or OVERVIEW, text=text or title, source=SOURCE))


def map_page(
    page: Page, *, drug_id: str, path: str, today: str, origin: Origin = NO_ORIGIN
) -> Mapped:
    """The monograph for *page*; *path* is recorded in its source and provenance."""
    out = _Fields(warnings=list(page.warnings))
    preamble = _take_disclaimers(out, page.preamble, last=not page.sections)
    sections = [
        Section(s.title, _take_disclaimers(out, s.blocks, last=i == len(page.sections) - 1))
        for i, s in enumerate(page.sections)
    ]
    lead, pseudo = pseudo_sections(preamble)
    if lead:
        out.add_extra(OVERVIEW, render_blocks(lead))
    _map_sections(out, page.title, [*pseudo, *sections])
    if not out.mapped:
        out.warnings.append("no recognised sections; the text is kept under extra_sections")
    source = Source(
        id=SOURCE,
        title=f"{page.title} page",
        kind="page",
        path=path,
        ai_generated=out.ai_generated or origin.ai_generated,
        note=origin.note,
    )
    monograph = Monograph(
        schema_version=1,
        id=drug_id,
        name=page.title,
        aliases=out.aliases,
        components=components_of(page.title),
        provenance=Provenance(kind="imported", date=today, description=f"Imported from {path}"),
        usage=out.text.get("usage"),
        dosage=out.text.get("dosage"),
        side_effects=out.side_effects,
        side_effects_note=out.side_effects_note,
        mechanism=out.text.get("mechanism"),
        precautions=out.precautions,
        faqs=out.faqs,
        extra_sections=out.extra,
        disclaimer="\n\n".join(out.disclaimer) or None,
        sources=[source],
    )
    return Mapped(monograph, out.labels, out.warnings, out.copies)


def components_of(title: str) -> list[str]:
    """ "Abacavir + Lamivudine" → both names; a single drug has no components."""
    parts = [part.strip() for part in title.split(" + ")]
    unique = list(dict.fromkeys(part for part in parts if part))
    return unique if len(unique) > 1 else []


def pseudo_sections(blocks: tuple[Block, ...]) -> tuple[list[Block], list[Section]]:
    """Split text before the first heading at bold lines that stand in for headings."""
    lead: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        heading = _pseudo_heading(block)
        inside_field = bool(sections) and classify(sections[-1].title) is not None
        if heading is not None and inside_field and _is_tier(heading[0]):
            heading = None  # "**Common:**" under "**Side Effects:**" is a sub-heading
        if heading is not None:
            title, rest = heading
            body: tuple[Block, ...] = (Paragraph((Span(rest),)),) if rest else ()
            sections.append(Section(title, body, pseudo=True))
        elif sections:
            sections[-1] = Section(sections[-1].title, (*sections[-1].blocks, block), True)
        else:
            lead.append(block)
    return lead, sections


def _is_tier(label: str) -> bool:
    """A side-effect group label ("Common", "Less Common but Serious"), not a section."""
    if classify(label) is not None:
        return False
    group = read_group(label)
    return group.category is None and group.keep is None


def _pseudo_heading(block: Block) -> tuple[str, str] | None:
    if not isinstance(block, Paragraph):
        return None
    parts = lead_label(block.spans)
    if parts is None:
        return None
    label, rest = parts
    title = label.rstrip(":").strip()
    if classify(title) is not None and (not rest or label.endswith(":")):
        return title, rest
    if not rest and len(title.split()) <= 8 and not title.endswith((".", "!", "?")):
        return title, ""
    return None


def _map_sections(out: _Fields, name: str, sections: list[Section]) -> None:
    group: str | None = None  # a heading with no text of its own, waiting for the next one
    for section in sections:
        match = classify(section.title)
        blocks = section.blocks
        if match is not None and match.rest:
            blocks = (Paragraph((Span(match.rest),)), *blocks)
        if not blocks:
            if match is None:
                if group:
                    out.add_extra(group, group)
                group = section.title
            else:
                out.labels.append(section.title)  # a field heading with nothing under it
            continue
        if match is not None and match.field == "faqs" and "faqs" in out.mapped:
            out.labels.extend(part for part in (match.label, match.qualifier) if part)
            _fill(out, "faqs", section.title, name, blocks)
            if match.kept:
                out.add_extra(section.title, match.kept)
            group = None
            continue
        if match is None and _by_component(out, name, section.title, blocks):
            group = None
            continue
        if match is None or match.field in out.mapped:
            if match is not None:
                out.warnings.append(f"repeated section {section.title!r} kept under extra_sections")
            title = f"{group}: {section.title}" if group else section.title
            _extra_section(out, title, blocks)
            group = None
            continue
        if group:
            out.add_extra(group, group)
            group = None
        out.mapped.add(match.field)
        out.labels.extend(part for part in (match.label, match.qualifier) if part)
        if match.kept and match.field in ("usage", "dosage", "mechanism"):
            blocks = (Paragraph((Span(match.kept),)), *blocks)
        _fill(out, match.field, section.title, name, blocks)
        if match.kept and match.field == "side_effects":
            out.side_effects_note = "\n\n".join(filter(None, (match.kept, out.side_effects_note)))
        elif match.kept and match.field not in ("usage", "dosage", "mechanism"):
            out.add_extra(section.title, match.kept)
    if group:
        out.add_extra(group, group)


def _by_component(out: _Fields, name: str, title: str, blocks: tuple[Block, ...]) -> bool:
    """A component's own section ("### Mebeverine", "### Side Effects (Alprazolam)"), mapped.

    Its bold field labels (`**Usage:**`, `**Side Effects:**` …) fill the monograph's
    fields with the component named on each item, so a combination page written
    drug by drug still has side effects, usage and FAQs. False, and nothing done,
    for a section that is not written that way.
    """
    named = names_field(title)
    whose = re.search(r"\(([^()]+)\)", title)
    if named is not None and whose is not None:
        out.labels.append(title[: whose.start()])
        _fill_component(out, named, whose[1].strip(), name, blocks)
        return True
    for part in components_of(name):  # "### Cefalexin Side Effects", "### Norfloxacin: Usage"
        rest = (
            title[len(part) :].strip(" :") if title.casefold().startswith(part.casefold()) else ""
        )
        kind = names_field(rest) if rest else None
        if kind is not None:
            out.labels.append(rest)
            _fill_component(out, kind, part, name, blocks)
            return True
    runs = field_runs(blocks)
    kinds = {kind for kind, _, _ in runs if kind is not None}
    if not kinds or (len(kinds) < 2 and not _is_part(title, name) and kinds != {"faqs"}):
        return False
    for kind, label, body in runs:
        if kind is None:
            _extra_section(out, title, body)
            continue
        structure, bracket, qualifier = label.partition("(")
        out.labels.append(structure)
        if bracket:  # "**FAQs (Combined use):**": the qualifier is the page's words
            out.add_extra(title, f"({qualifier}")
        _fill_component(out, kind, title, name, body)
    return True


def _is_part(title: str, name: str) -> bool:
    """ "Mebeverine" for "Mebeverine + Alprazolam"."""
    return any(title.casefold() == part.casefold() for part in components_of(name))


Run = tuple[Field | None, str, tuple[Block, ...]]


def field_runs(blocks: tuple[Block, ...]) -> list[Run]:
    """*blocks* cut at each bold field label: (field, label, the blocks it heads).

    The label opens a paragraph (`**Usage:** …`) or a list item (`* **Usage:** …`,
    the item's nested list then belongs to it, as a component's FAQs do).
    """
    runs: list[tuple[Field | None, str, list[Block]]] = [(None, "", [])]
    for block in blocks:
        if isinstance(block, ListBlock) and any(_item_label(item) for item in block.items):
            loose: list[Item] = []
            for item in block.items:
                found = _item_label(item)
                if found is None:
                    loose.append(item)
                    continue
                if loose:
                    runs[-1][2].append(ListBlock(tuple(loose)))
                    loose = []
                runs.append((found[0], found[1], [*found[2], *item.blocks[1:]]))
            if loose:
                runs[-1][2].append(ListBlock(tuple(loose)))
            continue
        found = _field_label(block)
        if found is not None:
            runs.append((found[0], found[1], list(found[2])))
        else:
            runs[-1][2].append(block)
    return [(field, label, tuple(body)) for field, label, body in runs if field or body]


def _item_label(item: Item) -> tuple[Field, str, list[Block]] | None:
    return _field_label(item.blocks[0]) if item.blocks else None


def _field_label(block: Block) -> tuple[Field, str, list[Block]] | None:
    """`**Side Effects:** text` → the field, the label and the text as a paragraph."""
    parts = lead_label(block.spans) if isinstance(block, Paragraph) else None
    field = names_field(parts[0].rstrip(":")) if parts is not None else None
    if parts is None or field is None or not (parts[0].endswith(":") or not parts[1]):
        return None
    body: list[Block] = [Paragraph((Span(parts[1]),))] if parts[1] else []
    return field, parts[0].rstrip(":").strip(), body


def _fill_component(
    out: _Fields, field_name: Field, component: str, name: str, blocks: tuple[Block, ...]
) -> None:
    """One component's part of a field: its name leads the text or is the items' category."""
    if field_name in ("usage", "dosage", "mechanism"):
        text = f"{component}: {render_blocks(blocks)}"
        out.text[field_name] = "\n\n".join(filter(None, (out.text.get(field_name), text)))
    elif field_name == "generic":
        _generic(out, component, component, blocks)
    elif field_name == "side_effects":
        _add_side_effects(out, blocks, name, component)
    elif field_name == "precautions":
        out.precautions += [
            msgspec.structs.replace(note, title=f"{component}: {note.title}")
            for note in map_precautions(blocks)
        ]
    else:
        _fill(out, "faqs", component, name, blocks)


def _add_side_effects(
    out: _Fields, blocks: tuple[Block, ...], name: str, component: str | None = None
) -> None:
    found = map_side_effects(blocks, component, tuple(components_of(name)))
    out.side_effects += found.effects
    note = "\n\n".join(note for note in found.notes if note)
    if note and component:
        note = f"{component}: {note}"
    out.side_effects_note = "\n\n".join(filter(None, (out.side_effects_note, note))) or None
    out.labels.extend(found.labels)
    out.copies.extend(found.copies)


def _extra_section(out: _Fields, title: str, blocks: tuple[Block, ...]) -> None:
    out.add_extra(title, render_blocks(blocks))


def _fill(
    out: _Fields, field_name: Field, title: str, name: str, blocks: tuple[Block, ...]
) -> None:
    if field_name in ("usage", "dosage", "mechanism"):
        text = render_blocks(blocks)
        out.text[field_name] = "\n\n".join(filter(None, (out.text.get(field_name), text)))
    elif field_name == "generic":
        _generic(out, title, name, blocks)
    elif field_name == "side_effects":
        _add_side_effects(out, blocks, name)
    elif field_name == "precautions":
        out.precautions += map_precautions(blocks)
    else:
        faqs = map_faqs(blocks)
        out.faqs += faqs.faqs
        out.labels.extend(faqs.labels)
        if faqs.leftover:
            out.add_extra(title, "\n\n".join(faqs.leftover))


def _generic(out: _Fields, title: str, name: str, blocks: tuple[Block, ...]) -> None:
    """The generic name: aliases from its first line; anything else under extra_sections."""
    first = blocks[0] if blocks and isinstance(blocks[0], Paragraph) else None
    rest = blocks
    if first is not None and "\n" not in first.text and len(first.text.split()) <= 25:
        found = names_in(first.text, name, components_of(name))
        known = {alias.casefold() for alias in out.aliases} | {name.casefold()}
        out.aliases += [alias for alias in found.aliases if alias.casefold() not in known]
        if found.complete:
            out.labels.extend(found.labels)
            rest = blocks[1:]
    if rest:
        out.add_extra(title, render_blocks(rest))


def _take_disclaimers(out: _Fields, blocks: tuple[Block, ...], last: bool) -> tuple[Block, ...]:
    """Move the page's disclaimer and notes about itself out of *blocks* into `disclaimer`."""
    kept: list[Block] = []
    waiting_for_text = False
    for block in blocks:
        if not isinstance(block, Paragraph):
            kept.append(block)
            waiting_for_text = False
            continue
        text = block.text
        if waiting_for_text:
            out.disclaimer.append(text)
            waiting_for_text = False
            continue
        label = _DISCLAIMER.match(text)
        if label:
            out.labels.append(text[: label.end()])
            rest = text[label.end() :].strip()
            if rest:
                out.disclaimer.append(rest)
            waiting_for_text = not rest
            continue
        if _SELF_DESCRIBED.search(text):
            out.ai_generated = True
            out.disclaimer.append(text)
            continue
        kept.append(block)
    if last:
        kept = _closing_advice(out, kept)
    return tuple(kept)


def _closing_advice(out: _Fields, blocks: list[Block]) -> list[Block]:
    """Paragraphs that end the page by saying it is no medical advice join the disclaimer."""
    cut = len(blocks)
    while cut > 0:
        block = blocks[cut - 1]
        if not isinstance(block, Paragraph) or not _ADVICE.search(block.text):
            break
        if question_of(block) is not None or re.match(r"^\W*A\s*[:.]", block.text):
            break
        cut -= 1
    if cut == len(blocks) or not any(isinstance(b, ListBlock | Paragraph) for b in blocks[:cut]):
        return blocks
    closing = [block.text for block in blocks[cut:] if isinstance(block, Paragraph)]
    out.disclaimer.extend(closing)
    return blocks[:cut]
