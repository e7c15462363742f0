"""A DailyMed SPL document (HL7 v3 XML) → a `Label`: identity, then its sections.

Sections nest (`<component><section>` inside a section) and that nesting is the
label's structure; each keeps its LOINC code, its title (with the number in front
split off: "5.1 Infusion-Related Reactions") and its `<text>`, tables included.
A nested section with no title of its own is not given its LOINC name (a dose box
inside Dosage is coded as a boxed warning; most are "SPL Unclassified"): its
first line is its title when that line is a heading, otherwise its text belongs
to its parent. The Highlights (`<excerpt>` of each section) are kept as one
"Highlights of Prescribing Information" section first, as DailyMed shows them;
Recent Major Changes has its text only there. The product data section holds
structured product facts, from which the names, route, application number and
pharmacologic classes are read: the product's own, not those of a kit's components
(an alcohol pad). A class is a `<generalizedMaterialKind>` under `<asSpecializedKind>`
coded in the FDA's pharmacologic class system (NDF-RT/MED-RT, as openFDA's
`pharm_class_*` fields come from), kept as named there: "Kinase Inhibitor [EPC]".
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import msgspec

from medcli.labels.markup import inline_text, local, narrative, parse_markup
from medcli.labels.openfda import ReadLabel
from medcli.labels.sections import PRODUCT_DATA, UNCLASSIFIED, section_key, section_name
from medcli.labels.split import LabelError, iso_date, rx_otc
from medcli.model import Label, LabelSection, LabelTable

NAMESPACE = "urn:hl7-org:v3"
MAX_DEPTH = 12
RECENT_MAJOR_CHANGES = "43683-2"
HIGHLIGHTS = "Highlights of Prescribing Information"
MAX_TITLE_WORDS = 14
PHARM_CLASS_SYSTEM = "2.16.840.1.113883.3.26.1.5"
ADVERSE_REACTIONS = "34084-4"
# Subsection codes only Adverse Reactions has: clinical trials and postmarketing experience.
ADVERSE_SUBSECTIONS = frozenset({"90374-0", "90375-7"})
_ADVERSE_HEADING = re.compile(r"^\s*6\.?\s+adverse reactions\s*$", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(\d{1,2}(?:\.\d{1,2}){0,3})\.?\s+(\S.*)$", re.S)


def is_spl(head: bytes) -> bool:
    """Whether the first bytes of a file look like an SPL document."""
    return NAMESPACE.encode() in head and b"<document" in head


def read_spl(data: bytes) -> ReadLabel:
    """Read one SPL document; raise `LabelError` when it is not one or cannot be filed."""
    from medcli.labels.markup import MarkupError

    try:
        root = parse_markup(data)
    except MarkupError as error:
        raise LabelError("bad-xml", str(error)) from error
    if local(root.tag) != "document" or not root.tag.startswith(f"{{{NAMESPACE}}}"):
        raise LabelError("not-a-label", f"XML root is {local(root.tag)!r}, not an SPL <document>")
    set_id = _attr(root, "setId", "root")
    if not set_id:
        raise LabelError("no-set-id", "SPL document has no setId")
    body = _child(_child(root, "component"), "structuredBody")
    tops = [
        section
        for component in _children(body, "component")
        for section in _children(component, "section")
    ]
    source_text: list[str] = []
    sections: list[LabelSection] = []
    highlights: list[LabelSection] = []
    product: ElementTree.Element | None = None
    for section in tops:
        if _attr(section, "code", "code") == PRODUCT_DATA:
            product = product if product is not None else section
            continue
        _section(section, None, 0, sections, source_text)
        highlights += _highlights(section, source_text)
    if highlights:
        sections[:0] = [LabelSection(key="highlights", title=HIGHLIGHTS), *highlights]
    if not sections:
        raise LabelError("no-sections", "SPL document has no text sections")
    kind = _attr(root, "code", "displayName")
    names = _product_names(product if product is not None else root)
    title_element = _child(root, "title")
    title = inline_text(title_element) if title_element is not None else None
    label = Label(
        format="spl",
        set_id=set_id,
        version_id=_attr(root, "id", "root"),
        version=_attr(root, "versionNumber", "value"),
        effective_time=iso_date(_attr(root, "effectiveTime", "value")),
        title=title or None,
        brand_names=names["brand"],
        generic_names=names["generic"],
        manufacturer=_manufacturer(root),
        repackaged=_repackaged(root),
        application_numbers=names["application"],
        pharm_classes=names["pharm_class"],
        product_type=kind,
        rx_otc=rx_otc(kind),
        sections=sections,
    )
    if not label.generic_names and not label.brand_names:
        raise LabelError("no-name", "SPL document names no product: nothing to file it under")
    if title:
        source_text.insert(0, title)
    established = (c.removesuffix(" [EPC]") for c in names["pharm_class"] if c.endswith(" [EPC]"))
    return ReadLabel(
        label, routes=names["route"], drug_class=next(established, None), source_text=source_text
    )


def _section(
    element: ElementTree.Element,
    parent_key: str | None,
    depth: int,
    out: list[LabelSection],
    source_text: list[str],
) -> None:
    code = _attr(element, "code", "code")
    title_element = _child(element, "title")
    heading = inline_text(title_element) if title_element is not None else ""
    key = parent_key or _top_key(element, code, heading)
    text_element = _child(element, "text")
    if text_element is None and code == RECENT_MAJOR_CHANGES:
        text_element = _highlight_text(element)  # its text is only in the Highlights
    text, tables = narrative(text_element) if text_element is not None else ("", [])
    if heading:
        source_text.append(heading)
    if text_element is not None:
        source_text.append(" ".join(text_element.itertext()))
    number, title = None, heading
    numbered = _NUMBERED.match(heading)
    if numbered:
        number, title = numbered.group(1), numbered.group(2).strip()
    if not title and depth > 0:
        title, text, tables = _own_title(text, tables)
        if not title and out and (text or tables):
            out[-1] = _merged(out[-1], text, tables)  # no heading: its parent's text
            text, tables = "", []
    if title or text or tables or depth == 0:
        out.append(
            LabelSection(
                key=key,
                title=title or section_name(code),
                number=number,
                depth=depth,
                loinc=code,
                text=text,
                tables=tables,
            )
        )
    if depth >= MAX_DEPTH:
        return
    for component in _children(element, "component"):
        for child in _children(component, "section"):
            _section(child, key, depth + 1, out, source_text)


def _top_key(element: ElementTree.Element, code: str | None, heading: str) -> str:
    """The `show -s` key of a top section: its code's, but an unclassified one is adverse
    reactions when it is numbered and titled so ("6 ADVERSE REACTIONS") or holds a clinical
    trials or postmarketing experience subsection (an EUA fact sheet's "6 OVERALL SAFETY
    SUMMARY" over its "6.1 Clinical Trials Experience"): its tables are read as such."""
    if code != UNCLASSIFIED:
        return section_key(code)
    subsections = (
        _attr(child, "code", "code")
        for component in _children(element, "component")
        for child in _children(component, "section")
    )
    if _ADVERSE_HEADING.match(heading) or any(sub in ADVERSE_SUBSECTIONS for sub in subsections):
        return section_key(ADVERSE_REACTIONS)
    return section_key(code)


def _own_title(text: str, tables: list[LabelTable]) -> tuple[str, str, list[LabelTable]]:
    """(title, text, tables) of an untitled section whose first line is a heading.

    "Storage and Stability\n\nDo not use…": a short first paragraph that is no
    sentence. The line moves to the title, so its words are kept once.
    """
    first, _, rest = text.partition("\n\n")
    line = first.strip().removeprefix("•").strip()
    words = line.split()
    if not rest or not words or len(words) > MAX_TITLE_WORDS or line[-1] in ".;,[":
        return "", text, tables
    if not (line[0].isupper() or line[0].isdigit()):
        return "", text, tables
    cut = len(text) - len(rest)
    return line.rstrip(":"), rest, [_shifted(table, -cut) for table in tables]


def _merged(parent: LabelSection, text: str, tables: list[LabelTable]) -> LabelSection:
    """*parent* with an untitled child's text and tables after its own."""
    joined = f"{parent.text}\n\n{text}" if parent.text and text else parent.text or text
    offset = len(joined) - len(text)
    moved = [_shifted(table, offset) for table in tables]
    return msgspec.structs.replace(parent, text=joined, tables=[*parent.tables, *moved])


def _shifted(table: LabelTable, by: int) -> LabelTable:
    return msgspec.structs.replace(table, at=max(table.at + by, 0))


def _highlights(top: ElementTree.Element, source_text: list[str]) -> list[LabelSection]:
    """The Highlights a top section and its subsections give, one section each."""
    found: list[LabelSection] = []
    for element in top.iter(f"{{{NAMESPACE}}}section"):
        text_element = _highlight_text(element)
        if text_element is None or _attr(element, "code", "code") == RECENT_MAJOR_CHANGES:
            continue  # Recent Major Changes is a section of its own
        text, tables = narrative(text_element)
        if not text and not tables:
            continue
        source_text.append(" ".join(text_element.itertext()))
        title_element = _child(element, "title")
        code = _attr(element, "code", "code")
        title = inline_text(title_element) if title_element is not None else ""
        found.append(
            LabelSection(
                key="highlights",
                title=title or section_name(code),
                depth=1,
                text=text,
                tables=tables,
            )
        )
    return found


def _highlight_text(section: ElementTree.Element) -> ElementTree.Element | None:
    return _child(_child(_child(section, "excerpt"), "highlight"), "text")


def _product_names(scope: ElementTree.Element) -> dict[str, list[str]]:
    """Names, routes, applications and pharmacologic classes of the product; a kit's parts
    only where they are it.

    A kit (HUMIRA pen: the drug and an alcohol pad) names its own brand and generic;
    a part adds its route and application only when it is that generic (the pad's
    "isopropyl alcohol, topical" is not the product). A document whose product
    names nothing of its own is named by its parts.
    """
    found = _product_facts()
    parts: list[ElementTree.Element] = []
    _collect(scope, found, parts)
    own = {name.casefold() for name in found["generic"]}
    for part in parts:
        of_part = _product_facts()
        _collect(part, of_part, [])
        if not own or own & {name.casefold() for name in of_part["generic"]}:
            for kind, names in of_part.items():
                if kind == "brand" and found["brand"]:
                    continue  # the kit's own name, not its part's
                for name in names:
                    _add(found[kind], name)
    return found


def _product_facts() -> dict[str, list[str]]:
    return {"brand": [], "generic": [], "route": [], "application": [], "pharm_class": []}


def _collect(
    element: ElementTree.Element, found: dict[str, list[str]], parts: list[ElementTree.Element]
) -> None:
    """Read *element*'s product facts into *found*; the kit parts met go to *parts*."""
    for child in element:
        name = local(child.tag)
        if name == "part":
            parts.append(child)
            continue
        if name in ("manufacturedProduct", "manufacturedMedicine", "partProduct"):
            _add(found["brand"], _name(_child(child, "name")))
        elif name == "genericMedicine":
            _add(found["generic"], _name(_child(child, "name")))
        elif name == "routeCode" and child.get("displayName"):
            _add(found["route"], (child.get("displayName") or "").lower())
        elif name == "approval":
            identifier = _child(child, "id")
            if identifier is not None and identifier.get("extension"):
                _add(found["application"], identifier.get("extension") or "")
        elif name == "generalizedMaterialKind":
            code = _child(child, "code")
            if code is not None and code.get("codeSystem") == PHARM_CLASS_SYSTEM:
                _add(found["pharm_class"], code.get("displayName") or "")
        _collect(child, found, parts)


def _name(element: ElementTree.Element | None) -> str:
    """A product name with its parts spaced: `Bonine<suffix>Kids</suffix>` is "Bonine Kids"."""
    return "" if element is None else " ".join(" ".join(element.itertext()).split())


def _manufacturer(root: ElementTree.Element) -> str | None:
    author = _child(root, "author")
    entity = _child(author, "assignedEntity")
    organization = _child(entity, "representedOrganization")
    name = _child(organization, "name")
    return inline_text(name) or None if name is not None else None


REPACK_OPERATIONS = {"C73606", "C73607"}  # the SPL business operations REPACK, RELABEL


def _repackaged(root: ElementTree.Element) -> bool:
    """Whether the labeler (the document's author) declares a repack or relabel operation:
    its label is a copy of the application holder's, not the holder's own."""
    author = _child(root, "author")
    if author is None:
        return False
    return any(
        local(element.tag) == "code" and element.get("code") in REPACK_OPERATIONS
        for element in author.iter()
    )


def _add(items: list[str], value: str) -> None:
    value = " ".join(value.split())
    if value and value.casefold() not in (item.casefold() for item in items):
        items.append(value)


def _children(element: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    return [] if element is None else [child for child in element if local(child.tag) == name]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _attr(element: ElementTree.Element, child: str, attribute: str) -> str | None:
    found = _child(element, child)
    value = found.get(attribute) if found is not None else None
    return value.strip() or None if value else None
