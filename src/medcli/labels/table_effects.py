"""Side effects from an adverse-reaction table: one per reaction row, rates under named arms.

Each percent column is named by its header cells and read as an arm (its
words and N), a grade and the column's full heading. A row is a reaction when
it has a value in a percent column and is not a total ("Any adverse reaction"),
a header repeated in the body, or a body-system row ("Gastrointestinal
disorders"), which instead becomes the category of the rows under it; but a system's row
with rates of its own and nothing under it ("RESPIRATORY 10%", then "NEUROLOGIC 12%"), in a
table that heads its systems with rows without rates, is a reaction.

The tier is the CIOMS band of the drug arm's all-grade rate. The drug arm is the column
naming the product (brand or generic), and among several the "Total" one or the one with
the most patients; without a column naming it, the first arm that is not placebo or a
control. When the product has several dose arms, or arms in several studies, and no
Total, the tier is the highest of their rates. A column headed "Grades 1-4" or "Any"
(beside "Grade 3/4") is all grades. An arm's N is the one nearest its values ("arm
(n=174)" under "TAX323 (n=355)"). When the drug arm's cell has no rate above 0 ("-",
"0", "<1"), the product's other arms give it (children, another dose); a bound alone
gives the highest band it allows ("<1%": uncommon, "≤1%": common), a lower bound the
band it forces (">50%", "≥ 10%": very common). Anything else ("NR", ">5", a count
without its percent) gives no tier: a frequency is never guessed. Columns of one group's
cumulative incidence ("Up to 7 Days", "Up to 90 Days") are no arms: the longest period
gives the tier. A count and its
percent printed in two cells ("1280", "(52.3)") are one n (%) cell.
A table whose rows are the arms ("Placebo", "BRAND 50 mg per day") gives no reactions. A table whose
arms are sub-rows of each reaction ("Wobble", then "BRAND/oldocin 12" and
"Chemotherapy/oldocin 9") gives the reaction once, each arm row's rates under
that arm, its tier from the product's row. A reaction whose rates are sub-rows ("Any",
"Grade 3/4", "Severe", "By Patient": `graded_rows`) is one entry: its all-grade row gives
the tier, the others are kept as its graded rates, and the rows after it return to the
body system above it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import msgspec

from medcli.labels.graded_rows import (
    Qualifier,
    is_condition,
    is_onset,
    qualifier_of,
    split_by_onset,
    split_condition,
)
from medcli.labels.tablegrid import grid, unstacked
from medcli.model import (
    GRADES,
    ColumnRate,
    Frequency,
    Grade,
    LabelTable,
    SideEffect,
    TableRow,
)

SOURCE_ID = "fda-label"
_PERCENT_HEADER = re.compile(r"%|percent", re.IGNORECASE)
_COUNT_PERCENT_HEADER = re.compile(r"\bn\s*\(\s*%\s*\)", re.IGNORECASE)
# "Controlled Trials" heading a group of the product's own arms is no control arm.
_CONTROL = re.compile(
    r"placebo|control(?!led)|comparator|vehicle|observation|standard of care|best supportive",
    re.IGNORECASE,
)
_TOTAL_ARM = re.compile(r"\b(total|all doses|overall|combined|pooled)\b", re.IGNORECASE)
_BRACKETED = re.compile(r"^\s*\(\s*[<>≤≥]?\s*\d+(?:\.\d+)?\s*%?\s*\)\s*$")
_COUNT_PERCENT_CELL = re.compile(r"^\s*\d+\s*\(\s*\d+(?:\.\d+)?\s*%?\s*\)\s*$")
_ALL_GRADES = re.compile(r"\b(all|any)[\s-]*grades?\b|\ball\b", re.IGNORECASE)
# A column headed "Any" (beside "Grade 3/4"), with its unit or not: all grades.
_ANY_COLUMN = re.compile(r"^\s*any\s*(?:\(?\s*%\s*\)?|n\s*\(\s*%\s*\))?\s*$", re.IGNORECASE)
# "Grades 1-4", "Grade 1-4", "Grades 1 to 4": every grade there is, so the all-grade rate.
_EVERY_GRADE = re.compile(r"\bgrades?\s*1\s*(?:-|–|to|through)\s*[45]\b", re.IGNORECASE)
# The hyphens and dashes a grade range is printed with ("1‑4" with U+2011, "1–4"), read as "-".
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
# A footnote mark on a grade heading: "Grades 1-4ᵇ", "Grades 3-4*", "All Gradesa", "1-4a".
_GRADE_MARK = re.compile(r"[*†‡§¶ᵃ-ᶻ⁰-⁹¹²³]+|(?<=grades)[a-z]\b|(?<=\b[1-5])[a-z]\b")
# A dose in an arm's name: "Zentamab 40 mcg/kg/day", "10 mg".
_DOSE = re.compile(r"\d+(?:\.\d+)?\s*(mg|mcg|µg|g|ml|units?|iu)\b", re.IGNORECASE)
# An arm of the product with another drug: "BRAND 25 mg + Oldocin 5 mg".
_COMBINED = re.compile(r"\+|\bplus\b", re.IGNORECASE)
# An arm of the product with another drug, in any words: "BRAND and Oldocin", "BRAND with X".
_WITH_ANOTHER = re.compile(r"\+|\b(plus|and|with)\b", re.IGNORECASE)
# An arm naming the product only to say it went without: "Ph- ALL no BRAND".
_WITHOUT = re.compile(r"\b(no|without|non)\b", re.IGNORECASE)
# A footnote mark in an arm's heading: "n (%¹)", "N=590*".
_ARM_MARK = re.compile(r"[*†‡§¶ᵃ-ᶻ⁰-⁹¹²³]")
# The unit in words, and marks, in a header part: "Percentage (%) of Patients", "n (%¹)".
_UNIT_WORDS = re.compile(
    r"\(?%\)?|\bn\b|percent(age)?|of patients|\breporting\b|\(|\)|[ᵃ-ᶻ⁰-⁹¹²³*†‡§¶]",
    re.IGNORECASE,
)
# A header row that totals the body ("Patients with any Grade 3-4 Adverse Reaction").
_TOTAL_ROW = re.compile(r"^(total|any|all|(number of )?(patients|subjects)|at least one)\b", re.I)
# A footnote mark on an arm's words, spaced or glued on ("BSC ²", "(n=331)¹", "N=590*"),
# but not a unit's power ("75 mg/m²").
_ARM_FOOTNOTE = re.compile(
    r"(?<!/m)(?<!mm)(?<!cm)(?:[*†‡§¶⁰¹²³⁴⁵⁶⁷⁸⁹]|(?<![ˢⁿʳ])[ᵃ-ᶻ])+(?=\s|$)"
)  # not an ordinal's letters: "1ˢᵗ year"
# A brand's release form, which arm headings leave out: "Pristiq Extended-Release", "Zenta XR".
_RELEASE_FORM = re.compile(
    r"\s+(?:(?:extended|delayed|sustained|controlled|modified)[- ]release|XR|ER|SR|CR|XL|ODT)$",
    re.IGNORECASE,
)
# A cumulative period a column counts: "Up to 7 Days", "Through Week 12", "Within 30 days".
_PERIOD = re.compile(
    r"\b(?:up to|within)\s+(\d+)\s*(day|week|month|year)s?\b"
    r"|\bthrough\s+(day|week|month|year)\s+(\d+)\b",
    re.IGNORECASE,
)
_DAYS_IN = {"day": 1, "week": 7, "month": 30, "year": 365}
_NUMBERS = re.compile(r"\d+(?:[.,]\d+)?")
# A cell holding only a footnote mark, and a row naming the rest of its group.
_MARK_ONLY = re.compile(r"^[\s*†‡§¶#ᵃ-ᶻ⁰¹²³⁴⁵⁶⁷⁸⁹]+$")
_OTHERS = re.compile(r"^others?$", re.IGNORECASE)
# A qualifier in brackets after a reaction's name: "Leukopenia (any degree)".
_GROUPED_TERMS = re.compile(r"\s*\([^()]*\)\s*$")
_GRADE = re.compile(r"grade", re.IGNORECASE)
_TABLE_TITLE = re.compile(r"^\s*table\s+\d", re.IGNORECASE)
_PATIENTS = re.compile(r"\b[Nn]\s*=\s*(\d[\d,]*)")
_VALUE = re.compile(
    r"^\s*(?:(\d+)\s*\(\s*|\()?([<>≤≥]\s*)?(\d+(?:\.\d+)?)\s*%?\s*\)?\s*[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*"
    r"\s*(?:\(\s*[Nn]\s*=\s*[\d,]+\s*\)\s*[*†‡§¶#ᵃ-ᶻ⁰-⁹¹²³]*\s*)?$"
)
# Footnote marks after a name ("Rashᵃ", "Tumor flare$", "Abdominal pain% ᶠ").
_MARKS = re.compile(r"(?:[\s*†‡§¶#,;:@'$ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]|(?<=\D)%)+$")
# Marks glued on or spaced after a name: "Infections1;2;3", "Fatigue a, b", "Major¹ bleeding".
_GLUED_NUMBERS = re.compile(r"(?<=[a-z])\d+(?:\s*[;,]\s*\d+)*$")
_LETTER_MARKS = re.compile(r"(?:\s+|\*)[a-h](?:\s*,\s*[a-h]|\s+[a-h])*$")
# A number left after its marks went ("Pneumonia 3,$,%"): a footnote's number too.
_SPACED_NUMBER = re.compile(r"\s+\d$")
_GLUED_MARK = re.compile(
    r"(?:(?<=[a-z])[¹⁴⁵⁶⁷⁸⁹⁰ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ]+|(?<=[a-z]{3})[²³])(?=[\s/])"
)  # "²", "³" also after a word, not a unit: "Retention³ Regardless", not "mm³"
# Single letters and symbols after a closing bracket: "Renal failure (including acute)c@,f".
_MARKS_AFTER_BRACKET = re.compile(r"(?<=\))(?:[\s,;]*(?:[a-h](?![A-Za-z])|[@*†‡§¶#%$]))+\s*$")
# A word's last letter, a-h, that may be a footnote mark glued on: "carcinomac".
_GLUED_LETTER = re.compile(r"\b([A-Za-z]{3,})([a-h])$")
_WORD = re.compile(r"[A-Za-z]+")
# The letters a footer defines as marks: "ᶜ Serious…", "c. Serious…".
_SUPERSCRIPT_LETTERS = str.maketrans("ᵃᵇᶜᵈᵉᶠᵍʰ", "abcdefgh")
_FOOTNOTE_KEY = re.compile(r"(?:^|\s)([ᵃᵇᶜᵈᵉᶠᵍʰ])|(?:^|\s)([a-h])[.)]\s")
# Words a single letter belongs to: "Hepatitis c", "Vitamin b", not a footnote's letter.
_LETTER_NAMED = frozenset(
    {"hepatitis", "vitamin", "type", "factor", "group", "protein", "class", "grade", "stage"}
)
# A name that ends as a word ends (not in a footnote's letter a-h) and holds no mark.
_PLAIN_END = re.compile(r"[i-zA-Z)]$")
_ANY_MARK = re.compile(r"[*†‡§¶#$@;:%'ᵃ-ᶻʰʲˡʳˢʷˣʸⁱⁿ⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾]")
# A list's dash before a name: "− Neutropenia", "- GI hemorrhage".
_LIST_DASH = re.compile(r"^[−–—-]\s+")
# A unit's power ends the name ("<2500 cells/mm³"): it is no footnote mark.
_UNIT_POWER = re.compile(r"(mm|cm|/m|µL|μL|/L)\s?([²³])$")
# A row naming a treatment group that is no placebo or control: "Chemotherapy/tretinoin".
_CHEMOTHERAPY = re.compile(r"\bchemotherapy\b", re.IGNORECASE)
# A group row naming a trial, not a reaction: "Study 3", arms under it.
_TRIAL = re.compile(r"^(stud(y|ies)|trials?|cohorts?|parts?)\b", re.IGNORECASE)
_SERIOUS_TABLE = re.compile(r"\bserious adverse (reactions?|events?)\b", re.IGNORECASE)
# Rows that count patients rather than name a reaction ("Serious adverse reactions",
# "Adverse reactions leading to discontinuation"), a measure's change ("Percent Change
# from Baseline" in bone density, or by visit: "Week 12"), and header words repeated in the body.
_NOT_A_REACTION = re.compile(
    r"^(total(?! (bilirubin|cholesterol|protein|calcium|testosterone|(white|red) (blood )?cell))"
    r"|overall|any|all|percent(age)? of patients|(serious )?adverse (reactions|events)\b"
    r"|((mean|median|average) )?(percent(age)? )?change from baseline"  # a measure's change
    r"|baseline$|(week|month|day|visit) \d+$"  # a measure by study visit ("Week 12")
    r"|((number|no\.) of )?(patients|subjects)( with| who| reporting)?|at least one"
    r"|adverse (reactions?|events?)$|preferred term|body system|system organ class|n|%)\b",
    re.IGNORECASE,
)
# A body system named as a class of MedDRA's: "… Disorders", "Infections and Infestations".
_SYSTEM_CLASS = re.compile(r"\b(disorders|infestations|conditions)$", re.IGNORECASE)
# "Gastrointestinal disorder 2%": one disorder, a reaction; the system's classes are plural.
_ONE_DISORDER = re.compile(r"\bdisorder$", re.IGNORECASE)
# MedDRA system organ classes and the older COSTART body systems: a category, not a reaction.
_BODY_SYSTEM = re.compile(
    r"^(blood and lymphatic system|cardiac|congenital,? familial and genetic|ear and labyrinth"
    r"|endocrine|eye|gastrointestinal|general|hepatobiliary|immune system|metabolism and "
    r"nutrition|musculoskeletal and connective tissue|nervous system|psychiatric|renal and "
    r"urinary|reproductive system and breast|respiratory,? thoracic,? and mediastinal"
    r"|skin and subcutaneous tissue|vascular|metabolic and nutritional|hemic and lymphatic"
    r"|blood system and lymphatic system|blood (and|&)? ?lymphatic system|ocular|skin|metabolic"
    r"|respiratory|renal|reproductive|cardiovascular|musculoskeletal|male genital"
    r"|female genital|urinary|hepatic|hematologic|hemic)( system)?( disorders?)?"
    r"( and administration site conditions)?$"
    r"|^(infections? and infestations|investigations|injury,? poisoning and procedural "
    r"complications|neoplasms benign.*|surgical and medical procedures|body as a whole"
    r"|cardiovascular system|digestive system|musculoskeletal system|respiratory system"
    r"|skin and appendages|special senses|urogenital system|nervous system)( disorders)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Column:
    index: int
    label: str
    arm: str
    count_percent: bool  # "n (%)": the percent is the number in brackets
    grade: Grade | None = None
    patients: int | None = None


def name_columns(body: list[list[str | None]]) -> int:
    """How many columns name the row: 2 when a body-system column stands before the reactions.

    ("Skin disorders", "Rash", 38, …) then ("", "Pruritus", 21, …): the second column holds
    text in most rows that have values.
    """
    rows = [row for row in body if len(row) > 2 and any(_VALUE.match(c or "") for c in row[2:])]
    named = [row for row in rows if row[1] and not _VALUE.match(row[1])]
    return 2 if rows and len(named) * 2 > len(rows) else 1


def columns(table: LabelTable) -> list[Column]:
    """The percent columns of *table*, named by their header cells."""
    head = grid(table.head)
    body = body_rows(table)
    width = max((len(row) for row in head + body), default=0)
    found: list[Column] = []
    first = name_columns(body)
    totals = _total_rows(head, first)  # "Patients with any Grade 3-4 Adverse Reaction 68 65"
    no_arm = _rows_naming_no_arm(table.head, head, first, width) | totals
    titles = {r for r in no_arm if _TABLE_TITLE.match(head[r][first] or "")} | totals
    over = " ".join(text for r in titles for text in head[r][first : first + 1] if text)
    caption = table.caption or over  # a caption printed as a header row
    for index in range(first, width):
        parts = _parts(head, index, skip=titles)  # a population over the arms stays in the label
        arm_named = _parts(head, index, skip=no_arm)
        label = " ".join(_ARM_FOOTNOTE.sub(" ", " ".join(parts)).split())  # "Grades 3 and 4²"
        values = [row[index] for row in body if index < len(row) and row[index]]
        percent_cells = sum(1 for value in values if value and "%" in value)
        numbers = sum(1 for value in values if value and _VALUE.match(value))
        previous = found[-1] if found else None
        bracketed = sum(1 for value in values if value and _BRACKETED.match(value))
        numeric = sum(1 for value in values if value and re.search(r"\d", value))
        if (
            previous
            and previous.index == index - 1
            and previous.label == label
            and (bracketed * 2 >= numeric > 0)
        ):
            found.pop()  # "1280" then "(52.3)": one n (%) cell split in two; the percent's kept
        if (
            previous
            and previous.index == index - 1
            and previous.label == (label or previous.label)
            and _spanned(body, index)
        ):
            continue  # one cell spanning two columns: its values were read already
        in_caption = bool(_PERCENT_HEADER.search(table.caption or "")) and (
            numbers * 2 >= len(values) > 0
        )
        counted = sum(1 for value in values if value and _COUNT_PERCENT_CELL.match(value))
        count_percent = counted * 2 >= len(values) > 0  # "79 (53)": patients (percent)
        if not (
            _PERCENT_HEADER.search(f"{over} {label}")
            or in_caption
            or percent_cells * 2 >= len(values) > 0
            or count_percent
        ):
            continue
        arm_named = [part for part in arm_named if not _PERIOD.fullmatch(part)]  # "Up to 7 Days"
        arm = _arm_name(arm_named)
        patients = _arm_patients(parts)
        found.append(
            Column(
                index,
                label or f"column {index + 1}",
                arm,
                bool(_COUNT_PERCENT_HEADER.search(f"{over} {label}")) or count_percent,
                _nearest_grade(parts) or _caption_grade(caption, label),
                patients,
            )
        )
    return _one_name_per_arm(found)


def _one_name_per_arm(found: list[Column]) -> list[Column]:
    """The columns with each arm under one name: a study cell the label's markup sets over
    one of an arm's two columns ("Study 046" over "Capecitabine n=368"'s second) names the
    other too. An arm named with its N is the longer name's when that is it after a study's
    name (not "BRAND and Nivolumab (n=313)" for "Nivolumab (n=313)": another arm)."""
    arms = {column.arm for column in found if _PATIENTS.search(column.arm)}
    longer = {
        arm: other
        for arm in arms
        for other in arms
        if other.endswith(f" {arm}") and _TRIAL.match(other)
    }
    return [replace(column, arm=longer.get(column.arm, column.arm)) for column in found]


def _arm_name(parts: list[str]) -> str:
    """The arm a column's header parts name, without their grade, unit and footnote marks;
    "" when they name none: a unit over grades ("% of Patients Reporting", "Grades 1–4")."""
    named = [part for part in parts if not _is_grade_or_unit(part)]
    graded = all(_is_unit(part) or _GRADE.search(part) for part in parts)
    if len(parts) > 1 and graded and any(_is_unit(part) for part in parts):
        return ""
    arm = " ".join(named or parts[:1]) if len(parts) > 1 else " ".join(parts)
    return "" if _is_unit(arm) else " ".join(_ARM_FOOTNOTE.sub(" ", arm).split())


def _arm_patients(parts: list[str]) -> int | None:
    """The N of a column's arm: the one nearest the values ("Docetaxel arm (n=174)" under
    "TAX323 (n=355)"), in a header part naming one N ("600 mg n = 223 400 mg n = 37"
    splits the phase above it into doses its rates do not split)."""
    for part in reversed(parts):
        counts = _PATIENTS.findall(part)
        if len(counts) == 1:
            return int(counts[0].replace(",", "")) or None
    return None


def _parts(head: list[list[str | None]], index: int, skip: set[int]) -> list[str]:
    """Column *index*'s header texts top to bottom, once each, but for the rows in *skip*."""
    texts = [row[index] for r, row in enumerate(head) if r not in skip and index < len(row)]
    return [" ".join(text.split()) for text in dict.fromkeys(texts) if text]


def _rows_naming_no_arm(
    rows: list[TableRow], head: list[list[str | None]], first: int, width: int
) -> set[int]:
    """The header rows that name no arm: a caption printed as a row ("Table 3: Adverse
    Reactions Occurring in ≥5%…"), and a row whose one cell spans every rate column
    ("Endometrial Carcinoma") above a row naming the arms. Their words ("All Grades") would
    give every column a grade. A spanning cell over grade columns only ("ZENTARO N=120"
    over "All Grades", "Grade 3-4") is the one arm, and one over the unit ("n (%)") the
    unit: kept. Their "%" still says the columns hold percents."""

    def spanning(r: int) -> bool:
        cells = [cell for cell in rows[r] if cell.text.strip()]
        return (
            len(cells) == 1
            and width - first > 1
            and len(head[r]) >= width  # a row narrower than the body spans nothing
            and all(head[r][index] == cells[0].text for index in range(first, width))
            and not _is_unit(cells[0].text)
        )

    def names_arms(r: int) -> bool:
        arms = {text for text in head[r][first:width] if text and not _is_grade_or_unit(text)}
        return not spanning(r) and len(arms) > 1

    below_arms = any(names_arms(r) for r in range(len(head)))
    dropped = {
        r
        for r in range(min(len(rows), len(head)))
        if spanning(r) and (below_arms or _TABLE_TITLE.match(head[r][first] or ""))
    }
    kept = [row for r, row in enumerate(head) if r not in dropped]
    return dropped if any(any(row[first:width]) for row in kept) else set()


def _nearest_grade(parts: list[str]) -> Grade | None:
    """The grade named by the header part nearest the values: "Grades 3-4 (%)" under a
    row that names all grades in passing is grade 3-4."""
    return next((grade for part in reversed(parts) if (grade := grade_of(part))), None)


def body_rows(table: LabelTable) -> list[list[str | None]]:
    """The body laid out on its columns, a row per reaction even where a cell stacked several."""
    laid = grid(table.body)
    return unstacked(laid, name_columns(laid) - 1, lambda text: bool(_BODY_SYSTEM.match(text)))


def clean_name(cell: str, marks: _TableMarks | None = None) -> str:
    """A row's name without the footnote marks a label puts on it, and a list bullet or dash.

    A letter glued on the last word ("Basal cell carcinomac") is a mark only where the
    table's footer defines it ("ᶜ Serious…") and another row of the table has the word
    without it ("Squamous cell carcinoma"): a letter may end a word ("syndrome")."""
    name = _LIST_DASH.sub("", " ".join(cell.split()).lstrip("•· "))
    if _PLAIN_END.search(name) and not _ANY_MARK.search(name):
        return name  # most names: no mark to look for
    if _UNIT_POWER.search(name):
        return _UNIT_POWER.sub(r"\1\2", name)  # "cells/mm ³" as the label prints it
    name = _GLUED_MARK.sub("", name)
    name = _MARKS_AFTER_BRACKET.sub("", name)  # "(including acute)c@,f"
    previous = None
    while previous != name:
        previous = name
        unmarked = _MARKS.sub("", name)
        spaced = _SPACED_NUMBER.search(unmarked) if unmarked != name else None
        name = _GLUED_NUMBERS.sub("", unmarked)
        for mark in (_LETTER_MARKS.search(name), spaced):
            words = name[: mark.start()].split() if mark else []
            if mark and words and words[-1].casefold() not in _LETTER_NAMED:
                name = name[: mark.start()]
                break
    return marks.unglued(name) if marks else name


@dataclass(frozen=True)
class _TableMarks:
    """What a table says of its footnote marks: the letters its footer defines, and the
    words its rows are named with (a glued letter is a mark where the word without it
    names another row)."""

    letters: frozenset[str]
    words: frozenset[str]

    @classmethod
    def of(cls, table: LabelTable, names: list[str]) -> _TableMarks:
        text = " ".join(cell.text for row in table.foot for cell in row)
        text += " " + " ".join(table.footnotes)
        keys = (a or b for a, b in _FOOTNOTE_KEY.findall(text))
        letters = frozenset(key.translate(_SUPERSCRIPT_LETTERS) for key in keys)
        words = frozenset(word.casefold() for name in names for word in _WORD.findall(name))
        return cls(letters, words)

    def unglued(self, name: str) -> str:
        glued = _GLUED_LETTER.search(name)
        if not glued or glued.group(2) not in self.letters:
            return name
        return name[: glued.end(1)] if glued.group(1).casefold() in self.words else name


def _spanned(body: list[list[str | None]], index: int) -> bool:
    """Whether every body cell of column *index* is the cell of the column before it."""
    return all(len(row) > index and row[index] == row[index - 1] for row in body if any(row[1:]))


def _is_grade_or_unit(part: str) -> bool:
    """A header part that says which grade or unit, not which arm: "All Grades (%)", "n (%)"."""
    return bool(_GRADE.search(part) or _ALL_GRADES.search(part) or _ANY_COLUMN.match(part)) or (
        _is_unit(part)
    )


def _is_unit(part: str) -> bool:
    """A header part that only says the unit: "n (%)", "%", "Percentage (%) of Patients",
    "% of Patients Reporting"."""
    return not _UNIT_WORDS.sub(" ", part).strip()


def _total_rows(head: list[list[str | None]], first: int) -> set[int]:
    """Header rows that are a total of the body, not a heading: "Patients with any Grade
    3-4 Adverse Reaction" and a number under each arm. Their numbers name no arm."""
    return {
        r
        for r, row in enumerate(head)
        if len(row) > first
        and _TOTAL_ROW.match(row[first - 1] or "")
        and any(row[first:])
        and all(_VALUE.match(cell) for cell in row[first:] if cell)
    }


def grade_of(label: str) -> Grade | None:
    """The grade a column heading names, in the monograph's grade words; None when none.

    Read without footnote marks and with plain hyphens: a "Grades 1‑4ᵇ" column is
    as much all grades as a "Grades 1-4" one."""
    text = _GRADE_MARK.sub("", label.casefold().translate(_DASHES))
    if _ALL_GRADES.search(text) or _EVERY_GRADE.search(text) or _ANY_COLUMN.match(text):
        return "all"
    if re.search(r"grades?\s*(≥|>=|3\s*(or|and)\s*(higher|above|greater))\s*3?|grade\s*3\+", text):
        return "3+"
    if re.search(r"grades?\s*3\s*(-|–|/|&|or|and|to)\s*4", text):
        return "3-4"
    match = re.search(r"grade\s*([1-5])\b", text)
    return next((grade for grade in GRADES if match and grade == match.group(1)), None)


def period_days(heading: str) -> int | None:
    """The days a cumulative period's column counts ("Up to 90 Days": 90), or None.

    Such columns are the same patients counted over longer and longer periods, not arms:
    the longest is the incidence over the whole study, so it gives the tier."""
    found = _PERIOD.search(heading)
    if found is None:
        return None
    number, unit = found.group(1) or found.group(4), found.group(2) or found.group(3)
    return int(number) * _DAYS_IN[unit.casefold()]


def _caption_grade(caption: str | None, label: str) -> Grade | None:
    """The grade a caption naming one gives a column whose heading names none: "Laboratory
    Abnormalities (Grades 3–4) Reported in ≥3%" rates grade 3-4 only, a floor for the tier.
    A caption naming two ("≥15% (Grades 2-4) or ≥5% (Grade 3-4)") gives none."""
    text = caption or ""
    if _GRADE.search(label) or len(_GRADE.findall(text)) != 1:
        return None
    grade = grade_of(text)
    return grade if grade in ("3-4", "3+") else None


def _named_arms(percent: list[Column], names: list[str]) -> list[str]:
    """The arms whose heading names the product (brand or generic), in table order."""
    arms = list(dict.fromkeys(column.arm for column in percent))
    keys = [name.casefold() for name in names if len(name) > 2] + _unreleased(names)
    return [arm for arm in arms if any(key in arm.casefold() for key in keys)]


def _unreleased(names: list[str]) -> list[str]:
    """Names without their release form: tables call "Pristiq Extended-Release" "PRISTIQ"."""
    return [short.casefold() for name in names if len(short := _RELEASE_FORM.sub("", name)) > 3]


def _product_keys(names: list[str]) -> list[str]:
    """Each name of the product and its first word ("Pristiq" of "Pristiq Extended-Release").

    Too loose to pick the drug's arm (a combination's first word names its comparator
    arm), but enough to tell a row naming the product at a dose."""
    firsts = [name.split()[0] for name in names if len(name.split()) > 1]
    return [key.casefold() for key in dict.fromkeys([*names, *firsts]) if len(key) > 3]


def drug_arm(percent: list[Column], names: list[str]) -> str | None:
    """The arm whose rates give the tier: the product's column, never a comparator's."""
    named = _named_arms(percent, names)
    arms = list(dict.fromkeys(column.arm for column in percent))
    candidates = named or [arm for arm in arms if not _CONTROL.search(arm)]
    if not candidates:
        return None
    totals = [arm for arm in candidates if _TOTAL_ARM.search(arm)]
    if totals:
        return totals[0]
    if not named:
        return candidates[0]  # labels put the drug's arm first; the largest may be a comparator
    sizes = {column.arm: column.patients or 0 for column in percent}
    return max(named, key=lambda arm: sizes.get(arm, 0))


def dose_arms(percent: list[Column], names: list[str]) -> list[str]:
    """The product's arms at different doses, when it has several and no Total column.

    Their rates are the drug's frequency at each dose studied; a reader of the
    label sees the highest of them, so the tier is taken from the highest
    (never from placebo or a comparator, which do not name the product). Arms
    are doses when they differ only in the dose, their N and footnote marks
    ("n (%¹)", "n (%*)"); beside them, arms of the drug with another one
    ("BRAND 25 mg + Oldocin 5 mg") are the combination's doses and left out.
    Arms that differ in more (alone and with chemotherapy, two trials) are not doses.
    """
    named = _named_arms(percent, names)
    if len(named) < 2 or not all(_DOSE.search(arm) for arm in named):
        return []
    if any(_TOTAL_ARM.search(arm) for arm in named):
        return []
    shapes: dict[str, list[str]] = {}
    for arm in named:
        shapes.setdefault(_dose_shape(arm), []).append(arm)
    alone = [
        arms for shape, arms in shapes.items() if len(shapes) == 1 or not _COMBINED.search(shape)
    ]
    if len(alone) != 1:
        return []
    doses = {tuple(_NUMBERS.findall(_PATIENTS.sub("", arm))) for arm in alone[0]}
    return alone[0] if len(alone[0]) > 1 and len(doses) == len(alone[0]) else []


def _dose_shape(arm: str) -> str:
    """An arm's heading without its numbers, N and footnote marks: the same for its doses."""
    unmarked = _ARM_MARK.sub("", _PATIENTS.sub("", arm))
    return " ".join(_NUMBERS.sub("", unmarked).casefold().split())


def _arm_column(percent: list[Column], arm: str | None) -> Column | None:
    """*arm*'s all-grade column, or its only column; None when it has neither.

    A lone column of one grade or higher gives a floor: `tier` says so.
    """
    mine = [column for column in percent if column.arm == arm]
    periods = [(days, column) for column in mine if (days := period_days(column.label))]
    if periods and len(periods) == len(mine):
        return max(periods, key=lambda found: found[0])[1]  # the whole period's incidence
    for column in mine:
        if column.grade == "all":
            return column
    if len(mine) == 1:
        return mine[0]
    ungraded = [
        column for column in mine if column.grade is None and not _GRADE.search(column.label)
    ]
    return ungraded[0] if ungraded else None


def other_product_columns(
    percent: list[Column], names: list[str], chosen: list[Column]
) -> list[Column]:
    """The all-grade columns of the product's other arms, for a row the chosen ones leave
    without a rate; never placebo's or a comparator's (they do not name the product)."""
    arms = [arm for arm in _named_arms(percent, names) if not _CONTROL.search(arm)]
    found = [column for arm in arms if (column := _arm_column(percent, arm))]
    return [column for column in found if column not in chosen]


def study_arms(percent: list[Column], names: list[str]) -> list[str]:
    """The product's own arms in several studies or schedules, when there is no Total:
    "Maintenance Study 1 BRAND (N=224)" and "Maintenance Study 2 BRAND (N=293)".

    Each is the drug's frequency where it was studied; as for doses, the reader sees
    the highest. Placebo and comparators (which do not name the product) are never
    among them, nor the product with another drug beside several arms of it alone, or
    beside its one arm alone at the same dose (the other drug's added effect). Beside one
    arm alone, the product's arm with another drug is among them: "BRAND with
    capecitabine" and "BRAND Single Agent" in two studies are both the drug's rates."""
    named = [
        arm
        for arm in _named_arms(percent, names)
        if not (_CONTROL.search(arm) or _WITHOUT.search(arm))
    ]
    if any(_TOTAL_ARM.search(arm) for arm in named):
        return []
    alone = [arm for arm in named if not _WITH_ANOTHER.search(arm)]
    if len(alone) > 1 and len(alone) < len(named):
        return alone
    doses_alone = {dose for arm in alone if (dose := _first_dose(arm))}
    arms = [arm for arm in named if arm in alone or _first_dose(arm) not in doses_alone]
    return arms if len(arms) > 1 else []


def _first_dose(arm: str) -> str | None:
    """The dose an arm's heading names first, the product's ("10 mg" of "BRAND 10 mg and
    Oldocin"), spaced and cased alike; None when it names none."""
    found = _DOSE.search(arm)
    return " ".join(found.group(0).casefold().split()) if found else None


def tier_arms(percent: list[Column], names: list[str]) -> list[str | None]:
    """The arms whose rates give the tier: each dose arm, else each of the product's arms
    in several studies, else the drug arm."""
    arms: list[str | None] = [*dose_arms(percent, names)] or [*study_arms(percent, names)]
    return arms or [drug_arm(percent, names)]


def tier_columns(percent: list[Column], arms: list[str | None]) -> list[Column]:
    """The all-grade (or only) column of each of the *arms*."""
    return [column for arm in arms if (column := _arm_column(percent, arm))]


def table_effects(table: LabelTable, names: list[str]) -> list[SideEffect] | None:
    """The side effects of an adverse-reaction table; None when it has no percent column."""
    percent = columns(table)
    if not percent:
        return None
    arms = tier_arms(percent, names)
    chosen = tier_columns(percent, arms)
    others = other_product_columns(percent, names, chosen)
    floors = graded_columns(percent, arms, chosen)
    serious = bool(_SERIOUS_TABLE.search(table.caption or ""))  # a table of serious reactions
    effects: list[SideEffect] = []
    category: str | None = None
    body = body_rows(table)
    first = name_columns(body) - 1
    marks = _TableMarks.of(table, [(row[first] or "") for row in body if len(row) > first])
    last_named: int | None = None  # the entry the row above gave, whose name may wrap on
    parent: str | None = None  # the reaction a threshold row below it is a degree of
    graded: int | None = None  # the entry the row above gave, which "Severe" rows qualify
    block_head: int | None = None  # the entry "Fatal" rows last qualified: "Requiring …" too
    # A reaction row without values, whose arms may follow (the first may end the header).
    group = _Group(head, None, serious, table.caption) if (head := _head_reaction(table)) else None
    row_names = [clean_name((row[first] or "") if len(row) > first else "", marks) for row in body]
    systems_of_their_own = _systems_with_own_rates(body, row_names, percent)
    for index, row in enumerate(body):
        if first and row and row[0] and row[0] != row[first]:
            category = clean_name(row[0], marks)
        name = row_names[index]
        if glued := _glued_system(name):
            category, name = glued  # "Skin and Subcutaneous Tissue Disorders Rash NOS"
        if not name or len(name) > 200:
            continue
        rates = [
            ColumnRate(
                column=column.label,
                value=" ".join(text.split()),
                arm=column.arm or None,  # periods of one group ("Up to 7 Days") name no arm
                grade=column.grade,
                patients=column.patients,
            )
            for column in percent
            if column.index < len(row)
            and (text := row[column.index])
            and text.strip()
            and text != row[first]
            and not _MARK_ONLY.match(text)  # "Neoplasia" with a footnote mark: a group row
        ]
        if not rates and last_named is not None and _continues(name, effects[last_named].name):
            joined = f"{effects[last_named].name} {name}"  # a name wrapped onto more rows
            effects[last_named] = msgspec.structs.replace(effects[last_named], name=joined)
            continue
        last_named = None
        valued = any(_VALUE.match(rate.value) for rate in rates)
        if group is not None and _is_arm_row(name, names) and valued:
            group = _with_arm_row(group, name, rates, row_tier(row, chosen, others, floors))
            continue
        if group is not None and not valued and is_condition(name):
            group = _under_condition(group, name, rates)  # "With 3-day Premedication", n=92
            continue
        if (qualifier := qualifier_of(name) if valued else None) is not None:
            qualified = _qualified(rates, qualifier, group)
            if group is not None:  # "Any", "Grade 3/4" under a row without rates: a reaction
                tier = row_tier(row, chosen, others, floors) if qualifier.all_grades else None
                group = _with_qualifier_row(group, qualified, tier)
            elif (target := _qualified_entry(qualifier, graded, block_head)) is not None:
                above = effects[target]  # "Severe" under a reaction's own row of rates
                table_rates = [*above.table_rates, *qualified]
                effects[target] = msgspec.structs.replace(above, table_rates=table_rates)
                block_head = target
            if qualifier.next_name and (group is not None or graded is not None):
                if group is not None and group.entry is not None:
                    effects.append(group.entry)
                    category = group.category
                group, graded = _Group(qualifier.next_name, category, serious, table.caption), None
                category, parent = qualifier.next_name, None
            continue  # never an entry, nor one without its reaction
        onset_of = _onset_head(name, group, effects[graded] if graded is not None else None)
        graded = None
        if group is not None and group.entry is not None:
            effects.append(group.entry)
            category = group.category  # the reaction was no body system
        above_group, group = group, None
        system = bool(_BODY_SYSTEM.match(name)) and not _ONE_DISORDER.search(name)
        if (system and index not in systems_of_their_own) or not rates:
            if not rates and not _BODY_SYSTEM.match(name) and not _TRIAL.match(name):
                name, condition = split_condition(name)  # "Fluid Retention Regardless of…"
                group = _Group(name, category, serious, table.caption, condition=condition)
            category = name  # a body-system row, or a row that only names a group
            parent = block_head = None
            continue
        if index in systems_of_their_own and name.isupper():
            category = parent = None  # "RESPIRATORY 10%" in capitals: a system of the table's own
        if onset_of is not None:
            head, category = onset_of  # "Late" under "Diarrhea": "Diarrhea (late)"
            name = f"{head} ({name.casefold()})"
        if re.match(r"^[<>≤≥]", name) and (parent or category):
            # a threshold row under its reaction or group: "Leukopenia <2500 cells/mm³"
            if parent is None and above_group is not None:
                parent, category = above_group.name, above_group.category  # was a reaction
            name = f"{parent or category} {name}"
        elif name[:1].isalpha():
            parent = _GROUPED_TERMS.sub("", name)  # "Leukopenia (any degree)" names Leukopenia
        if _names_an_arm(name, names):
            continue  # a table whose rows are the treatment groups
        if category and _OTHERS.match(name):
            name = f"{category} ({name.casefold()})"  # "Others" under "Neoplasia"
        if _NOT_A_REACTION.match(name) or not any(_VALUE.match(r.value) for r in rates):
            continue  # a total, or a header repeated in the body
        frequency, note = row_tier(row, chosen, others, floors)
        effects.append(
            SideEffect(
                name=name,
                frequency=frequency,
                frequency_note=note,
                serious=serious,
                table_rates=rates,
                context=table.caption,
                category=category,
                section="Adverse Reactions",
                source=SOURCE_ID,
            )
        )
        last_named = graded = len(effects) - 1
    if group is not None and group.entry is not None:
        effects.append(group.entry)
    return effects


def _glued_system(name: str) -> tuple[str, str] | None:
    """A body system and the reaction a cell names after it, or None: "Skin and Subcutaneous
    Tissue Disorders Rash NOS", the one reaction under it, in one cell. Only a system named
    as a class ("… Disorders", "… Infestations"): "Respiratory Failure" is a reaction."""
    words = name.split()
    for count in range(len(words) - 1, 1, -1):  # the longest system first
        system = " ".join(words[:count])
        if (
            _BODY_SYSTEM.match(system)
            and _SYSTEM_CLASS.search(system)
            and words[count][:1].isupper()
        ):
            return system, " ".join(words[count:])
    return None


def _systems_with_own_rates(
    body: list[list[str | None]], names: list[str], percent: list[Column]
) -> set[int]:
    """The rows naming a body system that are reactions of their own: "RESPIRATORY 10%",
    whose footnote says what events it includes.

    Only in a table that heads its systems with rows without rates ("GASTROINTESTINAL",
    then its reactions): there a system's row with rates heads nothing when the row after
    it is another system (in capitals as the heads are, or a known one), "OTHER", or none.
    A table whose every system row has rates sums its reactions in them: they stay heads."""

    def valued(row: list[str | None]) -> bool:
        cells = (row[column.index] for column in percent if column.index < len(row))
        return any(_VALUE.match(cell or "") for cell in cells)

    systems = [bool(_BODY_SYSTEM.match(name)) for name in names]
    if not any(system and not valued(row) for system, row in zip(systems, body, strict=True)):
        return set()
    found: set[int] = set()
    for index, (system, row) in enumerate(zip(systems, body, strict=True)):
        if not (system and valued(row)):
            continue
        after = next((name for name in names[index + 1 :] if name), None)
        if after is None or _BODY_SYSTEM.match(after) or _OTHERS.match(after) or after.isupper():
            found.add(index)
    return found


@dataclass
class _Group:
    """A reaction row without values, and the entry its arm or qualifier sub-rows give it
    once one does; the condition ("With 3-day Premedication") its sub-rows are under."""

    name: str
    category: str | None
    serious: bool
    context: str | None
    entry: SideEffect | None = None
    condition: str | None = None  # "With 3-day Premedication": the sub-rows below are under it
    condition_patients: dict[str, int] = field(default_factory=dict)  # its N by column

    def new_entry(self) -> SideEffect:
        """The entry the group's first rated sub-row starts."""
        return SideEffect(
            name=self.name,
            serious=self.serious,
            context=self.context,
            category=self.category,
            section="Adverse Reactions",
            source=SOURCE_ID,
        )


def _head_reaction(table: LabelTable) -> str | None:
    """The name in a header's last row when it is alone there: the first reaction of a table
    whose arms are sub-rows, taken into the header ("Thrombocytopenia" over empty cells)."""
    last = table.head[-1] if table.head else []
    name = clean_name(last[0].text) if last else ""
    if len(last) < 2 or not name or any(cell.text.strip() for cell in last[1:]):
        return None
    return None if _PERCENT_HEADER.search(name) or _NOT_A_REACTION.match(name) else name


def _is_arm_row(name: str, names: list[str]) -> bool:
    """Whether a row's name is a treatment group: the product, a control or chemotherapy,
    alone or combined ("BRAND/oldocin", "Chemotherapy/oldocin")."""
    if _CONTROL.search(name) or _CHEMOTHERAPY.search(name):
        return True
    return any(key in name.casefold() for key in _product_keys(names))


def _with_arm_row(
    group: _Group,
    arm: str,
    rates: list[ColumnRate],
    row_tier: tuple[Frequency, str | None],
) -> _Group:
    """*group* with an arm sub-row's rates on its entry, under that arm; the product's row
    (not a control's, nor chemotherapy's) gives the tier."""
    entry = group.entry or group.new_entry()
    armed = [msgspec.structs.replace(rate, arm=arm) for rate in rates]
    entry = msgspec.structs.replace(entry, table_rates=[*entry.table_rates, *armed])
    frequency, note = row_tier
    is_product = not (_CONTROL.search(arm) or _CHEMOTHERAPY.search(arm))
    if is_product and entry.frequency == "unknown" and frequency != "unknown":
        noted = f"{note} ({arm})" if note else None
        entry = msgspec.structs.replace(entry, frequency=frequency, frequency_note=noted)
    group.entry = entry
    return group


def _qualified_entry(
    qualifier: Qualifier, graded: int | None, block_head: int | None
) -> int | None:
    """The entry a qualifier row's rates go to: the reaction row above ("Fatal" under
    "Life-threatening bleeding"), or for what a bleeding required ("Requiring inotropes")
    the entry its block's qualifiers went to, past a reaction of its own in between."""
    return block_head if qualifier.of_block_head and block_head is not None else graded


def _onset_head(
    name: str, group: _Group | None, above: SideEffect | None
) -> tuple[str, str | None] | None:
    """The reaction an onset row ("Late") splits and that reaction's category: the row
    above without rates, or the reaction of the onset entry above ("Diarrhea (late)")."""
    if not is_onset(name):
        return None
    if group is not None and group.entry is None:
        return group.name, group.category
    head = split_by_onset(above.name) if above is not None else None
    return (head, above.category) if head is not None and above is not None else None


def _qualified(
    rates: list[ColumnRate], qualifier: Qualifier, group: _Group | None
) -> list[ColumnRate]:
    """A qualifier row's rates, each column named with the row's words ("…: Grade 3/4") and
    the condition it is under ("…: With 3-day Premedication, Any"), with that condition's N,
    and graded where the words name a grade ("Any": all grades; "Severe": none)."""
    grade = "all" if qualifier.all_grades else grade_of(qualifier.words)
    condition = group.condition if group is not None else None
    words = f"{condition}, {qualifier.words}" if condition else qualifier.words
    counts = group.condition_patients if group is not None else {}
    return [
        msgspec.structs.replace(
            rate,
            column=f"{rate.column}: {words}",
            grade=grade,
            patients=counts.get(rate.column, rate.patients),
        )
        for rate in rates
    ]


def _under_condition(group: _Group, condition: str, rates: list[ColumnRate]) -> _Group:
    """*group* with the sub-rows below under *condition*, each column's N the one the
    condition's row gives ("n=92"), else the column's."""
    group.condition = condition
    group.condition_patients = {
        rate.column: int(found.group(1).replace(",", ""))
        for rate in rates
        if (found := _PATIENTS.search(rate.value))
    }
    return group


def _with_qualifier_row(
    group: _Group, rates: list[ColumnRate], row_tier: tuple[Frequency, str | None] | None
) -> _Group:
    """*group* with a qualifier sub-row's rates on its entry; an all-grade row's tier is
    the entry's tier (the first such row's, which the label prints first)."""
    entry = group.entry or group.new_entry()
    entry = msgspec.structs.replace(entry, table_rates=[*entry.table_rates, *rates])
    if row_tier is not None and entry.frequency == "unknown":
        frequency, note = row_tier
        entry = msgspec.structs.replace(entry, frequency=frequency, frequency_note=note)
    group.entry = entry
    return group


def _names_an_arm(name: str, names: list[str]) -> bool:
    """Whether a row's name is a treatment group: placebo or a control, or the product at a dose."""
    if _CONTROL.match(name):
        return True
    keys = _product_keys(names)
    return bool(_DOSE.search(name)) and any(key in name.casefold() for key in keys)


def _continues(row_name: str, previous: str) -> bool:
    """Whether a row without rates goes on with the name above it, not a group's name.

    "Anticholinergic effects" / "(dry mouth, constipation, vision" / "blurred)": a row
    opening a bracket after a name, or going on inside a bracket the name left open.
    """
    return row_name.startswith("(") or previous.count("(") > previous.count(")")


def graded_columns(
    percent: list[Column], arms: list[str | None], chosen: list[Column]
) -> list[Column]:
    """The *arms*' columns of one grade or more ("Grade 3/4"), besides those chosen."""
    return [
        column
        for column in percent
        if column.arm in arms and column.grade not in (None, "all") and column not in chosen
    ]


def _floor_rates(
    row: list[str | None], floors: Sequence[Column]
) -> list[tuple[Decimal, tuple[str | None, Column]]]:
    """The plain rates of a row in the *floors* columns, and for an arm whose grade 3 and
    grade 4 have columns of their own, their sum: each patient counts once, at the worst
    grade, so 32% at grade 3 and 36% at grade 4 are 68% at grade 3-4."""
    rates = [(rate, cell) for cell in _cells(row, floors) if (rate := plain_rate(*cell))]
    by_grade = {(column.arm, column.grade): (rate, column) for rate, (_, column) in rates}
    for (arm, grade), (three, column) in list(by_grade.items()):
        if grade == "3" and (four := by_grade.get((arm, "4"))) is not None:
            total = three + four[0]
            label = f"{column.label} + {four[1].label}"
            summed = replace(column, label=label, grade="3-4")
            rates.append((total, (str(total), summed)))
    return rates


def row_tier(
    row: list[str | None],
    chosen: list[Column],
    others: list[Column],
    floors: Sequence[Column] = (),
) -> tuple[Frequency, str | None]:
    """The tier of the highest plain rate a row has in the *chosen* columns.

    When they give none above 0 ("-", "0", "<1"), the product's *others* arms
    (children, another dose, the drug alone) give it; then a bound ("<1%"); then
    the chosen arms' rate at one grade or more, a floor ("< 5%" in an "n (%)"
    column, which gives no tier, and 8 (2) at grade 3/4: at least common).
    """
    cells = _cells(row, chosen)
    if not cells and not floors:
        return "unknown", None
    spare = _cells(row, others)
    for candidates in (cells, spare):
        plain = [(rate, cell) for cell in candidates if (rate := plain_rate(*cell))]
        if plain:
            value, column = max(plain, key=lambda item: item[0])[1]
            return tier(value, column)
    bounds = [found for cell in cells + spare if (found := tier(*cell))[0] != "unknown"]
    if bounds:
        return bounds[0]
    graded = _floor_rates(row, floors)
    if graded and (highest := max(graded, key=lambda item: item[0]))[0] >= 1:
        given = " ".join(((cells[0][0] if cells else None) or "").split())  # "< 5%", not "—"
        given = given if re.search(r"\d", given) else "not given"
        floor, note = tier(*highest[1], all_grades=given)
        if floor != "unknown":
            return floor, note
    return tier(*cells[0]) if cells else ("unknown", None)


def _cells(row: list[str | None], columns: Sequence[Column]) -> list[tuple[str | None, Column]]:
    return [(row[column.index] if column.index < len(row) else None, column) for column in columns]


def plain_rate(value: str | None, column: Column) -> Decimal | None:
    """A cell's percent when it is a plain number ("12", "3 (16)"); None for "<1", "NR"."""
    match = _VALUE.match(value or "")
    if match is None or match.group(2):
        return None
    if column.count_percent and match.group(1) is None and "(" not in (value or ""):
        return None
    return Decimal(match.group(3))


def tier(
    value: str | None, column: Column | None, all_grades: str = "not given"
) -> tuple[Frequency, str | None]:
    """The CIOMS tier of a cell's rate, and the words it came from; unknown unless plain.

    *all_grades*, what the row gives for all grades, goes in a floor's note.
    """
    if value is None or column is None:
        return "unknown", None
    match = _VALUE.match(value)
    if match is None:
        return "unknown", None
    count, qualifier, number = match.groups()
    if column.count_percent and count is None and "(" not in value:
        return "unknown", None
    shown = f"{qualifier or ''}{number}%" + (f" ({count} patients)" if count else "")
    note = f"{shown} in {column.label}"
    try:
        rate = Decimal(number)
    except InvalidOperation:
        return "unknown", None
    if rate <= 0 or rate > 100:
        return "unknown", note
    bound = (qualifier or "").strip()
    if bound and column.grade not in (None, "all"):
        return "unknown", note  # a bound at one grade only
    if bound in (">", "≥"):
        # ">50%" can only be very common; ">5%" may be common or very common: no tier
        return ("very_common", note) if rate >= 10 else ("unknown", note)
    if column.grade not in (None, "all"):
        return _floor_tier(rate, column, note, all_grades)
    return band_of(rate, below=bound == "<"), note  # "≤1%" allows 1%: common


def band_of(rate: Decimal, *, below: bool) -> Frequency:
    """The CIOMS band of *rate*; under a bound ("<1%"), the highest band it allows."""
    for threshold, band in ((10, "very_common"), (1, "common"), (Decimal("0.1"), "uncommon")):
        if rate > threshold or (rate == threshold and not below):
            return band  # type: ignore[return-value]
    return "rare"


def _floor_tier(
    rate: Decimal, column: Column, note: str, all_grades: str
) -> tuple[Frequency, str | None]:
    """The tier of a rate at one grade or more only: the all-grade rate is at least it.

    9% at grade 3 or higher says all grades were 9% or more: at least common
    (the note says so); 10% or more can only be very common. Under 1% no tier.
    """
    floor = f"{note}; grade {column.grade} only, all grades {all_grades}: at least this"
    if rate >= 10:
        return "very_common", floor
    return ("common", floor) if rate >= 1 else ("unknown", floor)
