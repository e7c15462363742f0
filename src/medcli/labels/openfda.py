"""An openFDA drug-label record → a `Label`: identity, then every field as a section.

A record holds one field per LOINC section, each a list of strings: the label's
text with its structure flattened ("5 WARNINGS AND PRECAUTIONS … 5.1 Infusion-Related
Reactions …") and its tables twice, flattened into the text and as SPL markup in
`<field>_table`. The heading, the numbered subsections and the tables are read
back out of that; the text stays the label's own, and the flattened copy of a
table is cut out only where the whole table is found in it. Fields openFDA
derives from a section it also gives whole (`pregnancy` inside
`use_in_specific_populations`) are not repeated; fields no LOINC section names
go to `other_sections`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from medcli.labels.markup import MarkupError, parse_markup, parse_table
from medcli.labels.sections import FIELD_CODES, PRODUCT_DATA, section_key, section_name
from medcli.labels.split import LabelError, iso_date, rx_otc, split_heading, split_subsections
from medcli.model import Label, LabelSection, LabelTable

IDENTITY_FIELDS = frozenset({"set_id", "id", "version", "effective_time", "openfda"})
PHARM_CLASS_FIELDS = ("pharm_class_epc", "pharm_class_moa", "pharm_class_pe", "pharm_class_cs")
_WORD = re.compile(r"[^\W_]+")


@dataclass
class ReadLabel:
    """A label read from a source, with the text its words are counted against."""

    label: Label
    routes: list[str]
    drug_class: str | None
    source_text: list[str]
    warnings: list[str] = field(default_factory=list)


def read_record(record: Any) -> ReadLabel:
    """Read one openFDA record; raise `LabelError` when it cannot be filed as a label."""
    if not isinstance(record, dict):
        raise LabelError("not-a-label", "an openFDA record is a JSON object")
    set_id = record.get("set_id")
    if not isinstance(set_id, str) or not set_id.strip():
        raise LabelError("no-set-id", "record has no set_id: it cannot be told from other labels")
    names = record.get("openfda")
    if not isinstance(names, dict) or not (
        _strings(names, "generic_name") or _strings(names, "brand_name")
    ):
        raise LabelError(
            "no-openfda",
            "record has no openfda block with a generic or brand name to file it under",
        )
    product_type = next(iter(_strings(names, "product_type")), None)
    label = Label(
        format="openfda",
        set_id=set_id.strip(),
        version_id=_text(record.get("id")),
        version=_text(record.get("version")),
        effective_time=iso_date(_text(record.get("effective_time"))),
        brand_names=_unique(_strings(names, "brand_name")),
        generic_names=_unique(_strings(names, "generic_name")),
        substance_names=_unique(_strings(names, "substance_name")),
        pharm_classes=_unique(
            item for field in PHARM_CLASS_FIELDS for item in _strings(names, field)
        ),
        manufacturer=next(iter(_strings(names, "manufacturer_name")), None),
        application_numbers=_unique(_strings(names, "application_number")),
        product_type=product_type,
        rx_otc=rx_otc(product_type),
        rxcui=_unique(_strings(names, "rxcui")),
    )
    read = ReadLabel(
        label,
        routes=[route.lower() for route in _unique(_strings(names, "route"))],
        drug_class=next(
            (c.removesuffix(" [EPC]") for c in _strings(names, "pharm_class_epc")), None
        ),
        source_text=[],
    )
    sections, others = _sections(record, read)
    read.label = Label(**{**_fields(label), "sections": sections, "other_sections": others})
    return read


def _sections(
    record: dict[str, Any], read: ReadLabel
) -> tuple[list[LabelSection], list[LabelSection]]:
    sections: list[LabelSection] = []
    others: list[LabelSection] = []
    given: list[str] = []  # the whole text of each field kept, to find fields repeated inside one
    for name, value in record.items():
        if name in IDENTITY_FIELDS or (
            name.endswith("_table") and name[: -len("_table")] in record
        ):
            continue
        text = _value_text(value)
        if not text.strip():
            continue
        code = FIELD_CODES.get(name.removesuffix("_table"))
        flat = " ".join(text.split())
        if code is not None and code != PRODUCT_DATA and any(flat in whole for whole in given):
            continue  # a subsection openFDA also gives inside its parent field
        read.source_text.append(text)
        tables = _tables(record.get(f"{name}_table"), name, read.warnings)
        if code is None or code == PRODUCT_DATA:
            title = section_name(code) if code else name.replace("_", " ").capitalize()
            others.append(
                LabelSection(
                    key="other", title=title, loinc=code, text=text, tables=[t for t, _ in tables]
                )
            )
            continue
        given.append(flat)
        sections += _field_sections(code, text, tables)
    return sections, others


def _field_sections(
    code: str, text: str, tables: list[tuple[LabelTable, list[str]]]
) -> list[LabelSection]:
    """One field as its section and numbered subsections, its tables placed in them."""
    key = section_key(code)
    number, title, body = split_heading(text)
    body, placed = cut_tables(body, tables)
    parts = split_subsections(number, body) if number else [(None, None, 0, len(body))]
    sections: list[LabelSection] = []
    for index, (sub_number, sub_title, start, end) in enumerate(parts):
        owned_from = 0 if index == 0 else start
        owned_to = parts[index + 1][2] if index + 1 < len(parts) else len(body) + 1
        mine = [
            _at(table, min(max(table.at - start, 0), end - start))
            for table in placed
            if owned_from <= table.at < owned_to
        ]
        if sub_number is None and not body[start:end] and not mine and index > 0:
            continue
        sections.append(
            LabelSection(
                key=key,
                title=(title or section_name(code))
                if sub_number is None
                else sub_title or sub_number,
                number=number if sub_number is None else sub_number,
                depth=0 if sub_number is None else 1,
                loinc=code,
                text=body[start:end],
                tables=mine,
            )
        )
    return sections


def _at(table: LabelTable, at: int) -> LabelTable:
    return LabelTable(**{**_fields(table), "at": max(at, 0)})


def cut_tables(
    text: str, tables: list[tuple[LabelTable, list[str]]]
) -> tuple[str, list[LabelTable]]:
    """Cut each table's flattened copy out of *text*; a table not found whole goes at the end.

    Each table comes with its words in reading order; the copy is where the caption
    starts and the words then follow one another, at most a few apart.
    """
    placed: list[LabelTable] = []
    for table, table_words in tables:
        span = _find_copy(text, table, table_words)
        if span is None:
            placed.append(table)
            continue
        start, end = span
        before, after = text[:start].rstrip(), text[end:].lstrip()
        text = f"{before}\n\n{after}" if before and after else before or after
        placed = [_at(t, t.at if t.at <= len(before) else t.at - (end - start)) for t in placed]
        placed.append(_at(table, len(before)))
    return text, [t if t.at <= len(text) else _at(t, len(text)) for t in placed] if placed else []


def _find_copy(text: str, table: LabelTable, table_words: list[str]) -> tuple[int, int] | None:
    if not table_words:
        return None
    start = text.find(table.caption) if table.caption else -1
    if start < 0:  # no caption, or one with marks: where the table's first words are
        lead = r"\W+".join(re.escape(word) for word in table_words[:6])
        match = re.search(lead, text)
        start = match.start() if match else -1
    if start < 0:
        return None
    # The copy is at most a few words longer than the table: read no further than that.
    matches = list(islice(_WORD.finditer(text, start), len(table_words) * 2 + 40))
    want = [word.casefold() for word in table_words]
    seen = [match.group().casefold() for match in matches]
    position = found = 0
    end = start
    for wanted in want:
        for ahead in range(position, min(position + 4, len(seen))):
            if seen[ahead] == wanted:
                end, position, found = matches[ahead].end(), ahead + 1, found + 1
                break
    if found < 0.95 * len(want):
        return None
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1  # the punctuation that closes the last cell
    return start, end


def _tables(value: Any, name: str, warnings: list[str]) -> list[tuple[LabelTable, list[str]]]:
    tables: list[tuple[LabelTable, list[str]]] = []
    for index, markup in enumerate(value if isinstance(value, list) else []):
        if not isinstance(markup, str):
            continue
        try:
            element = parse_markup(markup)
        except MarkupError as error:
            warnings.append(f"{name}_table[{index}]: {error}; its text stays in the section")
            continue
        words = _WORD.findall(" ".join(element.itertext()))
        tables.append((parse_table(element), words))
    return tables


def _value_text(value: Any) -> str:
    if isinstance(value, list):
        return "\n\n".join(str(item).strip() for item in value if str(item).strip())
    return "" if value is None else str(value)


def _strings(block: dict[str, Any], name: str) -> list[str]:
    value = block.get(name)
    items = value if isinstance(value, list) else [value]
    return [
        str(item).strip() for item in items if isinstance(item, str | int) and str(item).strip()
    ]


def _text(value: Any) -> str | None:
    return str(value).strip() or None if isinstance(value, str | int) else None


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _fields(struct: Any) -> dict[str, Any]:
    return {name: getattr(struct, name) for name in struct.__struct_fields__}
