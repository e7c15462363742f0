"""A DailyMed SPL document (HL7 v3 XML) → a `Label`: identity, then its sections.

Sections nest (`<component><section>` inside a section); each keeps its LOINC
code, its title (with the number in front split off: "5.1 Infusion-Related
Reactions") and its `<text>`, tables included. Highlights (`<excerpt>`) repeat
the full text and are left out; the product data section holds structured
product facts, from which the names, route and application number are read.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

from medcli.labels.markup import inline_text, local, narrative, parse_markup
from medcli.labels.openfda import ReadLabel
from medcli.labels.sections import PRODUCT_DATA, section_key, section_name
from medcli.labels.split import LabelError, iso_date, rx_otc
from medcli.model import Label, LabelSection

NAMESPACE = "urn:hl7-org:v3"
MAX_DEPTH = 12
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
    product: ElementTree.Element | None = None
    for section in tops:
        if _attr(section, "code", "code") == PRODUCT_DATA:
            product = product if product is not None else section
            continue
        _section(section, None, 0, sections, source_text)
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
        application_numbers=names["application"],
        product_type=kind,
        rx_otc=rx_otc(kind),
        sections=sections,
    )
    if not label.generic_names and not label.brand_names:
        raise LabelError("no-name", "SPL document names no product: nothing to file it under")
    if title:
        source_text.insert(0, title)
    return ReadLabel(label, routes=names["route"], drug_class=None, source_text=source_text)


def _section(
    element: ElementTree.Element,
    parent_key: str | None,
    depth: int,
    out: list[LabelSection],
    source_text: list[str],
) -> None:
    code = _attr(element, "code", "code")
    key = parent_key or section_key(code)
    title_element = _child(element, "title")
    heading = inline_text(title_element) if title_element is not None else ""
    text_element = _child(element, "text")
    text, tables = narrative(text_element) if text_element is not None else ("", [])
    if heading:
        source_text.append(heading)
    if text_element is not None:
        source_text.append(" ".join(text_element.itertext()))
    number, title = None, heading
    numbered = _NUMBERED.match(heading)
    if numbered:
        number, title = numbered.group(1), numbered.group(2).strip()
    if heading or text or tables or depth == 0:
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


def _product_names(scope: ElementTree.Element) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {"brand": [], "generic": [], "route": [], "application": []}
    for element in scope.iter():
        name = local(element.tag)
        if name in ("manufacturedProduct", "manufacturedMedicine"):
            own = _child(element, "name")
            if own is not None and inline_text(own):
                _add(found["brand"], inline_text(own))
        elif name == "genericMedicine":
            own = _child(element, "name")
            if own is not None and inline_text(own):
                _add(found["generic"], inline_text(own))
        elif name == "routeCode" and element.get("displayName"):
            _add(found["route"], (element.get("displayName") or "").lower())
        elif name == "approval":
            identifier = _child(element, "id")
            if identifier is not None and identifier.get("extension"):
                _add(found["application"], identifier.get("extension") or "")
    return found


def _manufacturer(root: ElementTree.Element) -> str | None:
    author = _child(root, "author")
    entity = _child(author, "assignedEntity")
    organization = _child(entity, "representedOrganization")
    name = _child(organization, "name")
    return inline_text(name) or None if name is not None else None


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
