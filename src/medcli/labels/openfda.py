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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import msgspec

from medcli.labels.markup import MarkupError, parse_markup, parse_table
from medcli.labels.markup import table_words as words_of_table
from medcli.labels.outline import (
    Place,
    after_number,
    field_place,
    is_top_level,
    leading_number,
    own_heading_at,
)
from medcli.labels.sections import FIELD_CODES, PRODUCT_DATA, section_key, section_name
from medcli.labels.split import (
    LabelError,
    iso_date,
    rx_otc,
    split_heading,
    split_subsections,
    subsection_title,
)
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
        repackaged=_repackaged(names),
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


@dataclass
class _Field:
    """One section field of a record, with where it stands in the label.

    Its tables are parsed only once it is known to be kept (parsing is most of the cost).
    """

    name: str
    code: str
    text: str
    number: str | None
    flat: str  # the text on one line, compared with the other fields' (kept, not redone)
    place: tuple[float, ...] = ()

    def retext(self, text: str) -> None:
        self.text, self.flat = text, " ".join(text.split())


def _sections(
    record: dict[str, Any], read: ReadLabel
) -> tuple[list[LabelSection], list[LabelSection]]:
    others: list[LabelSection] = []
    fields: list[_Field] = []
    for name, value in record.items():
        if name in IDENTITY_FIELDS or (
            name.endswith("_table") and name[: -len("_table")] in record
        ):
            continue
        text, flat = _value_text(value)
        if not flat:
            continue
        code = FIELD_CODES.get(name.removesuffix("_table"))
        if code is None or code == PRODUCT_DATA:
            tables = _tables(record.get(f"{name}_table"), name, read.warnings)
            read.source_text.append(text)
            title = section_name(code) if code else name.replace("_", " ").capitalize()
            others.append(
                LabelSection(
                    key="other", title=title, loinc=code, text=text, tables=[t for t, _ in tables]
                )
            )
            continue
        fields.append(_Field(name, code, text, leading_number(text), flat))
    numbered = any(is_top_level(item.number) for item in fields)
    if numbered:
        _cut_strays(fields)
    for item in fields:
        item.place = field_place(item.code, item.number, numbered)
    fields.sort(key=lambda item: item.place)  # stable: equal places keep the record's order
    _cut_swallowed(fields)
    given: list[tuple[_Field, list[LabelSection]]] = []
    indications: list[str] = []  # section 1's subsection titles, read first (fields are sorted)
    near = _fields_by_key_and_place(fields)
    for index, item in enumerate(fields):
        if not item.flat or _inside_another(index, fields, near):
            continue  # a subsection openFDA also gives inside its parent field
        tables = _tables(record.get(f"{item.name}_table"), item.name, read.warnings)
        brands = read.label.brand_names
        parts = _field_sections(
            item.code, item.text, tables, item.number, brands, indications, item.name
        )
        indications += [p.title for p in parts if (p.number or "").startswith("1.") and p.title]
        given.append((item, parts))
    sections, dropped = _once([section for _, parts in given for section in parts])
    for item, parts in given:
        # A field partly given again elsewhere is counted by what is kept of it, so
        # that text openFDA repeats is not counted as words lost.
        if any(id(part) in dropped for part in parts):
            read.source_text += [_words_of(part) for part in parts if id(part) not in dropped]
        else:
            read.source_text.append(item.text)
    return sections, others


def _words_of(section: LabelSection) -> str:
    tables = [words_of_table(table) for table in section.tables]
    return " ".join([section.number or "", section.title, section.text, *tables])


def _fields_by_key_and_place(fields: list[_Field]) -> dict[str | Place, list[int]]:
    """The indexes of *fields* under their `show -s` key and under their place: the fields
    one may be inside (`_inside_another`) are looked up, not all walked for each."""
    near: dict[str | Place, list[int]] = {}
    for at, item in enumerate(fields):
        near.setdefault(section_key(item.code), []).append(at)
        near.setdefault(item.place, []).append(at)
    return near


def _inside_another(index: int, fields: list[_Field], near: dict[str | Place, list[int]]) -> bool:
    """Whether field *index* is really inside another: its parent, or one of its key.

    `pregnancy` inside `use_in_specific_populations` (or, in the old format, inside
    `precautions`), `pharmacodynamics` inside `pharmacokinetics`. A section of
    another key that happens to quote it (a boxed warning repeated under WARNINGS)
    keeps it: `show -s boxed-warning` must find it. The text is searched only in a
    field it could be inside (*near*: of its key, or whose place its own starts with).
    """
    item = fields[index]
    flat, place = item.flat, item.place
    could_hold = {*near[section_key(item.code)]}
    for length in range(len(place) + 1):
        could_hold.update(near.get(place[:length], ()))
    for at in could_hold - {index}:
        other = fields[at]
        if flat in other.flat and (other.flat != flat or at < index):
            return True
    return False


def _cut_strays(fields: list[_Field]) -> None:
    """Drop what a field holds before its own heading when another field has that text.

    openFDA may open a field with a stray copy of another section ("clinical_studies":
    "6.1 Clinical Studies Experience … 14 CLINICAL STUDIES 14.1 …"): the field's section
    starts at its own heading.
    """
    for item in fields:
        own = own_heading_at(item.code, item.text)
        if not own:
            continue
        stray = " ".join(item.text[:own].split())
        if any(stray in other.flat for other in fields if other is not item):
            item.retext(item.text[own:])
            item.number = leading_number(item.text)


def _cut_swallowed(fields: list[_Field]) -> None:
    """Cut out of a field the main sections that are fields of their own.

    `dosage_and_administration` sometimes runs on through sections 3 to 8; each of
    those is also its own field. Such text is not really inside section 2: it is
    kept once, in its own field, and section 2 ends where it began.
    """
    mains = [item for item in fields if is_top_level(item.number)]
    for inner in mains:
        flat = inner.flat
        for outer in mains:
            if outer is inner or outer.number == inner.number or flat not in outer.flat:
                continue
            before, _, after = outer.flat.partition(flat)
            outer.retext(f"{before.rstrip()} {after.lstrip()}".strip())


def _once(sections: list[LabelSection]) -> tuple[list[LabelSection], set[int]]:
    """*sections* with each numbered one once (where two fields give it, the fuller copy),
    and the ids of the sections left out."""
    kept: list[LabelSection] = []
    originals: list[LabelSection] = []  # the section each kept one came from
    dropped: set[int] = set()
    where: dict[str, int] = {}
    for section in sections:
        at = where.get(section.number or "")
        if at is not None:
            flat, other = _flat(section.text), _flat(kept[at].text)
            if flat in other:
                dropped.add(id(section))
                continue
            if other in flat:  # the fuller copy, under the key of the field that owns it
                first = kept[at]
                dropped.add(id(originals[at]))
                kept[at] = LabelSection(
                    **{**_fields(section), "key": first.key, "loinc": first.loinc}
                )
                originals[at] = section
                continue
        if section.number:
            where[section.number] = len(kept)
        kept.append(section)
        originals.append(section)
    return kept, dropped


def _flat(text: str) -> str:
    return " ".join(text.split())


def _field_sections(
    code: str,
    text: str,
    tables: list[tuple[LabelTable, list[str]]],
    number: str | None,
    brands: Sequence[str],
    indications: Sequence[str] = (),
    field: str = "",
) -> list[LabelSection]:
    """One field as its section and numbered subsections, its tables placed in them.

    *brands*, and *indications* (section 1's titles), tell where a subsection's title runs
    into its text; the *field*'s name, where its heading does.
    """
    if number is not None and not is_top_level(number):
        # A field that opens with a subsection ("8.1 Pregnancy …"), its parent's part;
        # openFDA may run the parent's next subsections on in it ("… 8.5 Geriatric Use").
        body, placed = cut_tables(text.strip(), tables)
        parts = split_subsections(number.split(".")[0], body, brands, indications)[1:] or [
            _whole(number, body, brands)
        ]
        return _part_sections(code, body, placed, parts, None, None)
    number, title, body = split_heading(text, brands, field)
    body, placed = cut_tables(body, tables)
    parts = (
        split_subsections(number, body, brands, indications)
        if number
        else [(None, None, 0, len(body))]
    )
    return _part_sections(code, body, placed, parts, number, title)


def _whole(number: str, body: str, brands: Sequence[str]) -> tuple[str, str, int, int]:
    """The one subsection *body* is, when its number is not found in a form we split on."""
    after = len(body) - len(after_number(body))
    title, consumed = subsection_title(body[after:], brands)
    start = after + consumed
    while start < len(body) and body[start].isspace():
        start += 1
    return number, title, start, len(body)


def _part_sections(
    code: str,
    body: str,
    placed: list[LabelTable],
    parts: list[tuple[str | None, str | None, int, int]],
    number: str | None,
    title: str | None,
) -> list[LabelSection]:
    """The sections of *parts* of *body*: the field's own (number None) and subsections."""
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
                key=section_key(code),
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
    return msgspec.structs.replace(table, at=max(at, 0))


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
        # Only the tables after the cut move: those before it are kept as they are.
        placed = [t if t.at <= len(before) else _at(t, t.at - (end - start)) for t in placed]
        placed.append(_at(table, len(before)))
    return text, [t if t.at <= len(text) else _at(t, len(text)) for t in placed] if placed else []


def _find_copy(text: str, table: LabelTable, table_words: list[str]) -> tuple[int, int] | None:
    if not table_words:
        return None
    start = text.find(table.caption) if table.caption else -1
    if start < 0:  # no caption, or one with marks: where the table's first words are
        start = _words_at(text, table_words[:6])
    if start < 0:
        return None
    # The copy is at most a few words longer than the table: read no further than that,
    # and only as far as the table's own words while they are the copy word for word.
    following = _WORD.finditer(text, start)
    matches = list(islice(following, len(table_words)))
    want, seen = table_words, [match.group() for match in matches]
    if seen != want:  # casefolded only when not the same as printed, as most copies are
        want, seen = _casefolded(want), _casefolded(seen)
    if seen == want:  # the copy word for word, as most are: no search
        end, found = matches[-1].end(), len(want)
    else:
        more = list(islice(following, len(table_words) + 40))
        matches += more
        seen += [match.group().casefold() for match in more]
        end, found = _followed(want, seen, matches, start)
    if found < 0.95 * len(want):
        return None
    while end < len(text) and not text[end].isspace() and not text[end].isalnum():
        end += 1  # the punctuation that closes the last cell
    return start, end


def _casefolded(words: list[str]) -> list[str]:
    return [word.casefold() for word in words]


def _words_at(text: str, words: list[str]) -> int:
    """Where *words* first stand in *text* one after another, each apart from the next by
    characters that are no word's (as the regex `w1\\W+w2\\W+…` finds them), or -1.

    Found with `str.find`: a pattern compiled for each table cost more than the search.
    """
    first, at = words[0], text.find(words[0])
    while at >= 0:
        position = at + len(first)
        for word in words[1:]:
            gap = position
            while gap < len(text) and not _is_word_char(text[gap]):
                gap += 1
            if gap == position or not text.startswith(word, gap):
                break
            position = gap + len(word)
        else:
            return at
        at = text.find(first, at + 1)
    return -1


def _is_word_char(character: str) -> bool:
    return character.isalnum() or character == "_"  # what the regex `\\w` matches


def _followed(
    want: list[str], seen: list[str], matches: list[re.Match[str]], start: int
) -> tuple[int, int]:
    """(where the copy ends, how many of the *want* words it has): each word found among
    the next four *seen* after the last one found."""
    position = found = 0
    end = start
    for wanted in want:
        window = seen[position : position + 4]  # the next word, or one of the 3 after it
        if wanted in window:
            ahead = position + window.index(wanted)
            end, position, found = matches[ahead].end(), ahead + 1, found + 1
    return end, found


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


def _value_text(value: Any) -> tuple[str, str]:
    """A field's text, and that text on one line (its words, one space apart); an item
    openFDA repeats (whole, or inside an earlier one) is kept once."""
    if not isinstance(value, list):
        text = "" if value is None else str(value)
        return text, " ".join(text.split())
    items: list[str] = []
    flats: list[str] = []  # each kept item on one line, made once
    for item in value:
        text = str(item).strip()
        flat = " ".join(text.split())
        if flat and not any(flat in kept for kept in flats):
            items.append(text)
            flats.append(flat)
    return "\n\n".join(items), " ".join(flats)


def _repackaged(block: dict[str, Any]) -> bool:
    """openFDA's `is_original_packager: [false]`: the labeler repackages another's product.
    Absent (a record openFDA did not harmonise) is not a repackager: nothing says so."""
    value = block.get("is_original_packager")
    return (value if isinstance(value, list) else [value]) == [False]


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
