"""Reading structure back out of flattened label text: headings, subsections, dates.

openFDA gives "5 WARNINGS AND PRECAUTIONS Infusion-Related Reactions: … 5.1
Infusion-Related Reactions Serious infusion-related reactions …" with no mark
where a heading ends. A section heading is the capitals after the number ("5" or
"5."); a subsection starts at the next number in sequence (5.1, 5.2, …, also
written "5. 2") that is not a cross-reference ("( 5.1 )", "(5.1)"), and its
title is the run of capitalised words after it, less the capitalised word that
starts the first sentence. Some sentences start inside that run, and are told by
words a title does not have there: "In" or "The" in capitals ("Myelosuppression
In the INO-VATE trial"), the product's brand ("QTc Prolongation AUSTEDO XR and
AUSTEDO may"), or two of the title's words said again ("… in Patients with
Huntington's Disease Patients with Huntington's disease are").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from itertools import islice
from typing import Literal

from medcli.errors import PicklableError
from medcli.labels.rate_sentences import TRIAL_NAME

MAX_TITLE_WORDS = 20
MAX_SUBSECTIONS = 60
MAX_GAP = 4  # numbers missing in a row before the subsections end (8.1 then 8.5: 3)
_CONNECTORS = frozenset(
    {"a", "an", "and", "as", "at", "by", "during", "for", "from", "in", "into", "of", "on"}
    | {"or", "the", "to", "vs", "with", "without", "&", "after", "and/or"}
)
# Abbreviations a title's words may include ("FD&C Yellow No. 5", "Warfarin vs. Heparin"):
# their full stop ends no sentence.
_ABBREVIATIONS = frozenset({"no.", "nos.", "dr.", "vs.", "e.g.", "i.e.", "st."})
# "5 WARNINGS AND PRECAUTIONS" or "5. WARNINGS AND PRECAUTIONS": labels write both.
# Sub-headings of a PLR label's text, not part of a subsection's title ("8.1 Pregnancy
# Risk Summary …": the title is "Pregnancy").
_SUBHEADINGS = [
    words.casefold().split()
    for words in (
        "Risk Summary", "Clinical Considerations", "Pregnancy Exposure Registry",
        "Pregnancy Category", "Human Data", "Animal Data", "Contraception", "Infertility",
        "Pregnancy Testing", "Background",
    )
]  # fmt: skip
# Words a title has in lower case before its next capitalised word ("Drugs that Affect").
_TITLE_LOWER_WORDS = frozenset({"that", "other", "including", "following"})
# Short capitalised words a sentence opens with ("When discontinuing ZENTARO, …").
_SHORT_OPENERS = frozenset(
    {"When", "If", "As", "Do", "For", "Use", "All", "Each", "Both", "A", "An", "The", "More"}
    | {"Most"}
)
# Titles of a subsection of several findings, each under its own sub-heading.
_UMBRELLAS = [
    words.split() for words in ("laboratory abnormalities", "laboratory test abnormalities")
]
# The last word of a heading of several findings, each a sub-heading of its text:
# "Ocular Toxicity", then "Retinal Pigment Epithelial Detachment (RPED)".
_FINDINGS = frozenset({"toxicity", "toxicities", "disorders", "abnormalities", "events"})
# Capitalised words that start a sentence, never a title's middle ("In Vivo" aside).
_SENTENCE_OPENERS = frozenset({"In", "The", "If"})
# Verbs an instruction opens with, never a title's word after its first: "Administration
# Take X at the same time", "Hepatic Impairment Avoid X in patients with …".
_IMPERATIVES = frozenset(
    {"Take", "Avoid", "Swallow", "Administer", "Withhold", "Discontinue", "Monitor", "Do", "Read"}
)
# The titles the label format gives these sections' subsections: a capitalised word after
# one ("Pharmacokinetics Absorption", "Pediatric Use Solid Tumors") heads the text.
_FORMAT_TITLES = {
    number: [title.casefold().replace(",", "").split() for title in titles]
    for number, titles in {
        "6": (
            "Clinical Trials Experience", "Clinical Trial Experience", "Postmarketing Experience",
        ),
        "8": (
            "Pregnancy", "Lactation", "Females and Males of Reproductive Potential",
            "Pediatric Use", "Geriatric Use", "Renal Impairment", "Hepatic Impairment",
        ),
        "12": (
            "Mechanism of Action", "Pharmacodynamics", "Pharmacokinetics", "Microbiology",
            "Pharmacogenomics",
        ),
        "9": ("Controlled Substance", "Abuse", "Dependence"),
        "13": (
            "Carcinogenesis, Mutagenesis, Impairment of Fertility",
            "Carcinogenesis, Mutagenesis, and Impairment of Fertility",
            "Animal Toxicology and/or Pharmacology", "Animal Pharmacology and/or Toxicology",
        ),
        "16": ("How Supplied", "Storage and Handling"),
    }.items()
}  # fmt: skip
# The words of those titles: whole, they join the pieces of one openFDA split ("Post ma
# rketing", "Pharmaco dynamics") where the section never writes the word unsplit.
_FORMAT_WORDS = frozenset(word for titles in _FORMAT_TITLES.values() for t in titles for word in t)
# An acronym a number opens: "5-FU", "5-FU/LV", "5-HT3".
_NUMBERED_ACRONYM = re.compile(r"\d+-[A-Z]{2}[\w/\-]*:?")
# An acronym with a small letter in front: "mCRC", "sALCL", "gBRCAm".
_LOWER_ACRONYM = re.compile(r"[a-z][A-Z]{2,}[A-Za-z0-9\-]*")
_LATIN_AFTER_IN = frozenset({"vivo", "vitro", "utero", "situ"})
# Nouns that open a sentence on using the drug: "Treatment with X can cause …", "Doses of
# X greater than 4 mg are not recommended".
_USE_NOUNS = frozenset(
    {"treatment", "use", "administration", "coadministration", "co-administration"}
    | {"application", "initiation", "doses"}
)
_USE_MODIFIERS = frozenset({"concomitant", "combined", "chronic", "prolonged", "long-term"})
# Verbs, like "on", before the product other drugs act on: "Drugs to Affect X".
_AFFECTS = frozenset({"affect", "affecting"})
# Verbs a title puts before the product's name: "After Stopping MAYZENT", "Prior to Starting X".
_ACTS_ON = frozenset(
    {"stopping", "starting", "initiating", "discontinuing", "administering", "receiving"}
    | {"taking", "using", "switching", "continuing", "resuming"}
    | _AFFECTS
)
# An en dash on its own ends a title: what follows is a sub-heading ("… Melanoma – X Alone").
# (An em dash follows a run-in sub-heading instead: "… Disorder Adults — Administer …".)
_DASHES = frozenset({"\u2013"})
# Its words: capitals, "&" ("INDICATIONS & USAGE"), two joined by a stop ("LABEL.PRINCIPAL").
_HEADING = re.compile(
    r"^\s*(?:(\d{1,2})\.?\s+)?((?:(?:[A-Z][A-Z0-9&/,:()\-]*(?:\.[A-Z][A-Z0-9&/,:()\-]*)*|&)\s+)+)"
)
# A boxed warning's headline names its reactions in capitals, with marks and small words in
# lower case between them: "WARNING: ADDICTION, ABUSE, AND MISUSE; RISK EVALUATION AND
# MITIGATION STRATEGY (REMS); …", "WARNING: INFUSION REACTIONS and CARDIOPULMONARY ARREST".
_BOXED_HEADING = re.compile(
    r"^\s*(?:(\d{1,2})\.?\s+)?((?:[A-Z(][A-Z0-9&/,:;()\-]*(?:\.(?=\s+[^\w\s]))?\s+"
    r"(?:(?:and|or|of|with|including)\s+(?=[A-Z(][A-Z\-]+\s))?)+)"
)


class LabelError(PicklableError):
    """A document that cannot be imported as a label: a stable code and the reason."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


def split_heading(
    text: str, brands: Sequence[str] = (), field: str = ""
) -> tuple[str | None, str | None, str]:
    """(number, title, rest) of a field that starts "5 WARNINGS AND PRECAUTIONS …".

    The title is the capitalised words; the last is dropped when a lower-case word
    follows it ("INDICATIONS AND USAGE SARCLISA is indicated": SARCLISA starts the text),
    and so is the product's brand (*brands*) after the heading's words ("DESCRIPTION
    MYLERAN (busulfan) is …": the text opens with the brand, in capitals like the heading),
    and an acronym naming the number the text opens with ("… HANDLING NDC 62856-…"). An
    unnumbered heading that spells out its openFDA *field*'s name ("precautions") ends
    there when capitals go on: they head the text ("PRECAUTIONS INFORMATION FOR PATIENTS").
    """
    boxed = text.lstrip().startswith("WARNING")
    match = (_BOXED_HEADING if boxed else _HEADING).match(text)
    if match is None:
        return None, None, text.strip()
    words = match.group(2).split()
    rest = text[match.end() :]
    if boxed and words[0] in words[1:]:  # openFDA gives the Highlights' headline, then its own
        again = words.index(words[0], 1)
        words, rest = words[:again], f"{' '.join(words[again:])} {rest}"
    if boxed and words[-1].endswith("."):  # "… ABUSE AND MISUSE. • Central Nervous System …"
        words[-1] = words[-1][:-1]
    numbered = match.group(1) is not None
    named = 0 if numbered or boxed else _field_named(words, field)
    if named:
        rest = f"{' '.join(words[named:])} {rest}"
        words = [*words[: named - 1], words[named - 1].rstrip(":")]
    elif words and _names_a_number(words, rest):
        rest = f"{words.pop()} {rest}"
    if words and (
        (rest[:1].islower() and (len(words) < 2 or words[-2].casefold() not in _CONNECTORS))
        or (numbered and _starts_with_acronym(words, rest))
        or (len(words) > 1 and words[-1] == "A")  # "OVERDOSAGE A 27-month-old child …"
    ):
        rest = f"{words.pop()} {rest}"
        if (opened := _brand_opening(words, rest, brands)) is not None:
            rest = f"{' '.join(words[opened:])} {rest}"
            words = words[:opened]
    elif (at := _brand_at(words, brands)) is not None:
        rest = f"{' '.join(words[at:])} {rest}"
        words = words[:at]
    title = " ".join(words).strip()
    if not title or not any(len(re.sub(r"[^A-Z]", "", word)) >= 2 for word in words):
        return None, None, text.strip()
    return match.group(1), title, rest.strip()


def _brand_opening(words: list[str], rest: str, brands: Sequence[str]) -> int | None:
    """Where a brand of several words starts among a heading's *words* when its last words
    open *rest* ("INDICATIONS AND USAGE ARCAPTA" + "NEOHALER is …": the brand is the text's)."""
    for brand in brands:
        parts = [part.casefold() for part in brand.split()]
        for taken in range(1, min(len(parts), len(words))):
            heading = [word.strip("®™").casefold() for word in words[-taken:]]
            opening = rest.split()[: len(parts) - taken]
            if (
                heading == parts[:taken]
                and [word.strip("®™").casefold() for word in opening] == parts[taken:]
            ):
                return len(words) - taken
    return None


def _brand_at(words: list[str], brands: Sequence[str]) -> int | None:
    """Where the product's brand starts among a heading's *words*, after one of its own
    ("DESCRIPTION MYLERAN"), not after a small word ("… ASSOCIATED WITH ZENTARO")."""
    brand_words = {brand.split()[0].casefold() for brand in brands if brand.split()}
    for at in range(1, len(words)):
        if (
            words[at].strip("®™").casefold() in brand_words
            and words[at - 1].casefold() not in _CONNECTORS
        ):
            return at
    return None


def _field_named(words: list[str], field: str) -> int:
    """How many of a heading's *words* spell its *field*'s name, letter for letter, when a
    capitalised word that is no small word (nor "SECTION") follows them (0: they don't)."""
    target, joined = re.sub(r"[^a-z]", "", field.casefold()), ""
    for count, word in enumerate(words[:-1], start=1):
        joined += re.sub(r"[^a-z]", "", word.casefold())
        if joined == target:
            following = words[count].casefold()
            return count if following not in _CONNECTORS | {"section"} else 0
        if not target.startswith(joined):
            return 0
    return 0


def _names_a_number(words: list[str], rest: str) -> bool:
    """Whether a heading's last word is an acronym naming the number its text opens with:
    "HOW SUPPLIED/STORAGE AND HANDLING NDC 62856-…", "PRINCIPAL DISPLAY PANEL NDC 0000-…"."""
    last = words[-1]
    return (
        len(words) > 1
        and 2 <= len(last) <= 4
        and last.isalpha()
        and last.isupper()
        and last.casefold() not in _CONNECTORS
        and rest[:1].isdigit()
    )


def _starts_with_acronym(words: list[str], rest: str) -> bool:
    """Whether a numbered heading's last word is an acronym the text opens with.

    "5 WARNINGS AND PRECAUTIONS QT Prolongation: avoid …": "QT" starts the
    Highlights' first item, whose next word is in Title case. (A boxed warning's
    capitals, "… COINFECTED WITH HCV AND HBV", are its title to the end.)
    """
    last = words[-1].strip(",:()")
    return (
        len(words) > 1
        and 2 <= len(last) <= 4
        and last.casefold() not in _CONNECTORS
        and re.match(r"[A-Z][a-z]", rest) is not None
    )


def split_subsections(
    number: str, text: str, brands: Sequence[str] = (), indications: Sequence[str] = ()
) -> list[tuple[str | None, str | None, int, int]]:
    """(number, title, start, end) of the intro and each "N.k Title" subsection of *text*.

    `text[start:end]` is the part's text without its number and title; *brands*,
    the product's brand names, tell where a title runs into its text, and so do
    *indications*, section 1's subsection titles, where one heads a subsection's text.
    """
    heads: list[tuple[str, str, int, int]] = []  # number, title, where it starts, text start
    vocabulary = frozenset(re.findall(r"[a-z]+", text.casefold())) | _FORMAT_WORDS
    # Only the warnings' Highlights name each item before a colon, as their titles do.
    opening = _subsection_pattern(number, 1, False).search(text) if number == "5" else None
    named = highlights_names(text[: opening.start()]) if opening else {}
    headings = [title.casefold().split() for title in indications]
    position, misses, sub = 0, 0, 1
    while misses < MAX_GAP and sub <= MAX_SUBSECTIONS:
        follows = bool(heads) and heads[-1][0] == f"{number}.{sub - 1}"
        found = _subsection_at(
            number, sub, text, position, brands, follows, vocabulary, named.get(f"{number}.{sub}")
        )
        if found is not None and headings:
            found = _before_indication(found, text, headings)
        sub += 1
        if found is None:
            misses += 1
            continue
        misses = 0
        heads.append(found)
        position = found[3]
    heads = _with_those_placed_first(number, text, heads, brands, vocabulary, named)
    parts: list[tuple[str | None, str | None, int, int]] = []
    first = heads[0][2] if heads else len(text)
    parts.append((None, None, 0, _rstrip(text, first)))
    for index, (sub_number, title, _, body_start) in enumerate(heads):
        end = heads[index + 1][2] if index + 1 < len(heads) else len(text)
        parts.append((sub_number, title, body_start, _rstrip(text, end)))
    # In number order, as the label has them, wherever openFDA placed one.
    return [parts[0], *sorted(parts[1:], key=lambda part: int(str(part[0]).split(".")[1]))]


def _with_those_placed_first(
    number: str,
    text: str,
    heads: list[tuple[str, str, int, int]],
    brands: Sequence[str],
    vocabulary: frozenset[str],
    named: dict[str, str],
) -> list[tuple[str, str, int, int]]:
    """*heads* and the subsections openFDA places before the first of them ("5.2
    Myelosuppression …" after 5's Highlights, then "5.1 …"), in the text's order: a number
    missing between those found, looked for in the text before the first. The parts are
    put back in number order after."""
    if not heads:
        return heads
    found = {head[0] for head in heads}
    last = max(int(head[0].split(".")[1]) for head in heads)
    before = text[: heads[0][2]]
    early = [
        head
        for sub in range(1, last)
        if f"{number}.{sub}" not in found
        and (
            head := _subsection_at(
                number, sub, before, 0, brands, False, vocabulary, named.get(f"{number}.{sub}")
            )
        )
        is not None
    ]
    return sorted([*early, *heads], key=lambda head: head[2])


def _before_indication(
    found: tuple[str, str, int, int], text: str, headings: list[list[str]]
) -> tuple[str, str, int, int]:
    """*found* (number, title, start, text start) with its title ending where an
    indication's title ends it: before one that heads its text, or its start ("2.5 Dosage
    Modifications for Adverse Reactions" and "BRAF … Melanoma or …", "2.7 Dosage Adjustments
    during Treatment" and "Breast Cancer Patients who …", "5.1 Toxic Deaths" and "Breast
    Cancer Docetaxel …"), or after one it is, where a sub-heading follows ("14.6 Head and
    Neck Cancer" and "Induction Chemotherapy Followed by …"), or after one it is for ("2.1
    Recommended Dosage for Colorectal Cancer" and "Adjuvant Treatment …").

    Before one only after a noun that ends a title ("Treatment", "Deaths", "Selection"), not
    after a small word or a qualifier of the indication ("Recommended Dose for Breast
    Cancer", "Locally Advanced or Metastatic Breast Cancer"); after one not where the next
    word goes on the indication's name ("Classical Hodgkin" and "Lymphoma …", a section 1
    title cut short) nor is a small word ("Glow Syndrome in Children").
    """
    words = found[1].split()
    folded = [word.casefold() for word in words]
    for heading in headings:
        for at in range(2, len(words) - len(heading) + 1):
            last = folded[at - 1]
            if (
                folded[at : at + len(heading)] == heading
                and last not in _CONNECTORS
                and "-" not in last
                and last.endswith(_NOUN_ENDINGS)
            ):
                return _title_up_to(found, text, at)
        at = len(heading)
        if len(words) > at and folded[:at] == heading:
            after = folded[at].strip("(),")
            if words[at][:1].isupper() and after not in _CONNECTORS | _DISEASE_NOUNS:
                return _title_up_to(found, text, at)
        for start in range(2, len(words) - len(heading)):
            end = start + len(heading)
            after = folded[end].strip("(),")
            if (
                folded[start - 1] in {"for", "in"}
                and folded[start:end] == heading
                and words[end][:1].isupper()
                and after not in _CONNECTORS | _DISEASE_NOUNS
            ):
                return _title_up_to(found, text, end)
    return found


def _title_up_to(found: tuple[str, str, int, int], text: str, at: int) -> tuple[str, str, int, int]:
    """*found* with its title's first *at* words as its title, the rest its text's start."""
    number, title, start, body_start = found
    words = title.split()
    # the title's words are the heading's last: where its word *at* is printed
    printed = list(re.finditer(r"\S+", text[start:body_start]))
    return number, " ".join(words[:at]), start, start + printed[at - len(words)].start()


# How the last word of a title before an indication ends: a noun of its own ("Adjustments
# during Treatment", "Toxic Deaths", "Patient Selection"), not an adjective ("Metastatic").
_NOUN_ENDINGS = ("s", "tion", "ment")
# The word that ends an indication's name, where section 1's title stopped before it.
_DISEASE_NOUNS = frozenset(
    {"cancer", "carcinoma", "lymphoma", "leukemia", "tumor", "tumors", "infection"}
    | {"infections", "disease", "syndrome", "disorder", "disorders"}
)


def _rstrip(text: str, end: int) -> int:
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end


def _subsection_at(
    number: str,
    sub: int,
    text: str,
    position: int,
    brands: Sequence[str],
    spaced: bool = False,
    vocabulary: frozenset[str] = frozenset(),
    highlighted: str | None = None,
) -> tuple[str, str, int, int] | None:
    """The heading "number.sub Title" at or after *position*: number, title, start, text start.

    "5.3", "5. 3", "5 .3" and "5.3." (labels write all four), not "5.30" nor a
    cross-reference. With *spaced* (the heading just before is number.sub-1, so the
    label's own sequence expects this one), openFDA's space inside the number is
    read too: "5.1 1", "5. 1 6", "2. 1 0", and of several such, the last before the
    next number ("5.1 1 Tablet" in 5.10's text, then "5.1 1 Dimming", then "5.1 2").
    *highlighted*: the name the section's Highlights give the subsection, where its title ends.
    """
    pattern = _subsection_pattern(number, sub, spaced)
    match = pattern.search(text, position)
    if match is not None and spaced:
        following = _subsection_pattern(number, sub + 1, spaced).search(text, match.end())
        end = following.start() if following is not None else match.end()
        match = [match, *pattern.finditer(text, match.end(), end)][-1]
    if match is None:
        return None
    title, consumed = subsection_title(
        text[match.end() :], brands, vocabulary, _FORMAT_TITLES.get(number, []), highlighted
    )
    body_start = match.end() + consumed
    while body_start < len(text) and text[body_start].isspace():
        body_start += 1
    return f"{number}.{sub}", title, match.start(), body_start


# The same few hundred patterns, asked for about 100 times a label: `re`'s own cache (512,
# shared by every module) overflowed, and they were compiled again and again.
@functools.lru_cache(maxsize=1024)
def _subsection_pattern(number: str, sub: int, spaced: bool) -> re.Pattern[str]:
    # The number comes first, its look-behinds after it: a pattern that opens with a literal
    # is searched for as a string (15x faster than one that opens with a look-behind).
    digits = r"\s?".join(str(sub)) if spaced else str(sub)
    start = re.escape(number)
    return re.compile(
        rf"{start}(?<![\w.(]{start})(?<!\( {start})\s?\.\s?{digits}(?!\d)\.?\s+(?=[A-Z])"
    )


def subsection_title(
    text: str,
    brands: Sequence[str] = (),
    vocabulary: frozenset[str] = frozenset(),
    format_titles: Sequence[list[str]] = (),
    highlighted: str | None = None,
) -> tuple[str, int]:
    """The title at the start of *text* and how many characters it takes up.

    The title is the run of capitalised words (and the small words between them)
    before the first sentence, cut where the label cuts it: where a sentence
    visibly starts inside the run ("In the INO-VATE trial", the brand, the title's
    words again: `_sentence_inside`), else before the capitalised word that starts
    the sentence ("Reduce the dose": also the small words and the word before
    them, "Prior to RINVOQ treatment"), before a sub-heading of the text
    ("Pregnancy Risk Summary": "Risk Summary" heads the text), and before the
    title said again as the text's first words. A word openFDA split ("Dos ag e",
    "Leukoe ncephalopathy", "-F etal") stays the title's where its pieces joined are a word of
    *vocabulary*, the words the section writes unsplit; the pieces stay as printed.
    A title the label format gives the subsection (*format_titles*: "Pharmacokinetics")
    ends before a capitalised word after it, a sub-heading of its text ("Absorption"); so
    does the name the Highlights give it (*highlighted*, `_highlighted_title`).
    """
    taken: list[re.Match[str]] = []
    pieces = 0  # how many more pieces of a split word follow
    sentence = False  # whether the title stopped at a word in lower case
    stopped = False  # whether a word after the title stopped it (not the end of *text*)
    dashed = False  # whether a lone dash ended it: "… Melanoma – TAFINLAR As a Single Agent"
    # The title and the two words after it (`_said_again`) are all that is read of *text*.
    words = list(islice(re.finditer(r"\S+", text), MAX_TITLE_WORDS + 2))
    for index, word in enumerate(words):
        core = word.group().strip("()[],;")
        if len(taken) >= MAX_TITLE_WORDS:
            stopped = True
            break
        if taken and not pieces:
            pieces = _split_word_pieces(taken[-1].group(), words[index : index + 2], vocabulary)
            pieces = pieces or _split_connector(words[index : index + 2])
        if pieces:
            taken.append(word)
            pieces -= 1
            continue
        if taken and _continues_title(word.group(), taken, words[index + 1 : index + 3]):
            taken.append(word)  # "Late - Occurring", "Stroke , in", "Dysr egulation Atypical"
            continue
        following = words[index + 1].group().strip("()[],;") if index + 1 < len(words) else ""
        if taken and core.casefold() in _ABBREVIATIONS and not following[:1].islower():
            taken.append(word)  # "Yellow No. 5", "(e.g., NSAIDs": its stop ends no sentence
            continue
        if taken and taken[-1].group().strip("()[],;").casefold() in _ABBREVIATIONS:
            taken.append(word)  # the number or name after it: "No. 5"
            continue
        if not core:
            stopped = True
            break
        if taken and core in _DASHES:
            dashed = True
            break
        if taken and _number_in_title(words, index):
            taken.append(word)  # "Regimens 1 and 2 Administer", "of the 5 Day Regimen"
            continue
        if (
            core[0].isupper()
            or (taken and core.lower() in _CONNECTORS)
            or (taken and _acronym_in_title(word.group(), taken[-1].group()))
            or (taken and _NUMBERED_ACRONYM.fullmatch(core) is not None)  # "with 5-FU/LV"
        ):
            taken.append(word)
            if word.group().endswith(":"):
                stopped = True
                break
            continue
        sentence, stopped = core[0].islower(), True
        break
    run = list(taken)
    inside = _sentence_inside(taken, brands)
    again = _said_again(words, len(taken))
    if inside:
        taken = _without_connectors(taken[:inside])
    elif again:
        taken = _without_connectors(taken[:again])
    elif stopped and taken and not dashed:
        taken = _cut_sentence(taken, sentence)
    taken = _cut_repeats(_without_sentence_start(taken))
    taken = _without_subheading(taken)
    taken = _without_run_in(taken, text, brands)
    taken = _acted_on(taken, brands)
    taken = _before_graded_repeat(taken)
    taken = _named_again_after(taken)
    taken = _format_title(taken, format_titles, run)
    taken = _for_a_section(taken)
    taken = _highlighted_title(taken, highlighted) if highlighted else taken
    taken = _highlighted_whole(taken, words, highlighted) if highlighted else taken
    if not taken:
        return "", 0
    return " ".join(w.group() for w in taken).rstrip(":"), taken[-1].end()


def _acronym_in_title(word: str, previous: str) -> bool:
    """Whether *word*, an acronym with a small letter in front, goes on the title: "… with
    Ras-Mutant mCRC", "Lymphoma (cHL)"; not after a noun that ends a title, where it opens
    a sub-heading ("… in Patients with Renal Impairment gBRCAm HER2-negative …")."""
    core = word.strip("()[],;")
    if not _LOWER_ACRONYM.fullmatch(core):
        return False
    return word.startswith("(") or not previous.strip("(),").endswith(_NOUN_ENDINGS)


def _before_graded_repeat(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* up to a sub-heading that grades two of the title's words again: "Dosage
    Modifications for Renal Impairment Moderate Renal Impairment", "… with CYP3A4
    Inhibitors Moderate or Strong CYP3A4 Inhibitors"."""
    folded = [word.group().strip("(),").casefold() for word in taken]
    for at in range(3, len(folded) - 1):
        pair = folded[at : at + 2]
        if not any(folded[i : i + 2] == pair for i in range(at - 1)):
            continue
        start = at
        while start > 2 and folded[start - 1] in _GRADES:
            start -= 1
        if start < at and folded[start] not in _CONNECTORS:
            return _without_connectors(taken[:start]) or taken
    return taken


# Words that grade a sub-heading's impairment or inhibitors: "Mild", "Moderate and Severe".
_GRADES = frozenset({"mild", "moderate", "severe", "strong", "weak", "and", "or"})


def _acted_on(taken: list[re.Match[str]], brands: Sequence[str]) -> list[re.Match[str]]:
    """*taken* up to the product other drugs act on, or the other drugs it acts on, where a
    sub-heading follows: "Effect of Other Drugs on TAFINLAR Strong CYP3A4 Inhibitors" ends at
    "TAFINLAR", "Effect of Xeloda on Other Drugs CYP2C9 Substrates" at "Drugs".

    The whole brand after "on" or "Affect" ("… to Affect X Probenecid"), then a capitalised
    word that is not a small word ("… on X with …") nor "Following" ("… on Tasigna Following
    Prior Imatinib").
    """
    folded = [word.group().strip("®™,").casefold() for word in taken]
    for brand in [*brands, "Other Drugs"]:
        named = brand.casefold().split()
        for at in range(1, len(folded) - len(named)):
            after = folded[at + len(named)]
            if (
                folded[at - 1] in _AFFECTS | {"on"}
                and folded[at : at + len(named)] == named
                and taken[at + len(named)].group()[:1].isupper()
                and after not in _CONNECTORS | {"following"}
            ):
                return taken[: at + len(named)]
    return taken


def _format_title(
    taken: list[re.Match[str]], format_titles: Sequence[list[str]], run: list[re.Match[str]]
) -> list[re.Match[str]]:
    """*taken* up to the end of the format's title it opens with, when a capitalised word
    follows it ("Pediatric Use Solid Tumors"; not "Pharmacokinetics in Children"); or the
    whole of the format's title *run*, the capitalised words read, opens with, where a cut
    left only its start ("How" of "How Supplied 100 mg tablets": a number stopped the run,
    and "Supplied" looked like the sentence's first word). Words match by their letters, so
    a title openFDA split ("Pharmaco dynamics Cardiac Electrophysiology") ends there too."""
    for title in format_titles:
        spelt = _spelling(taken, title)
        after = taken[spelt].group().strip(",").casefold() if spelt < len(taken) else ""
        if spelt and after and after not in _CONNECTORS:
            return taken[:spelt]
        whole = _spelling(run, title)
        if len(taken) < whole:
            return run[:whole]
    return taken


# Sections of the format a dosage title is "for": "Dosage Modification for Drug Interactions".
_SECTION_NAMES = [["adverse", "reactions"], ["drug", "interactions"]]


def _for_a_section(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* up to a section of the format it is "for", where a capitalised word that is
    no small word follows: "Dosage Modification for Drug Interactions" + "Strong CYP3A4
    Inhibitors" (a sub-heading of the text)."""
    folded = [word.group().strip(",").casefold() for word in taken]
    for name in _SECTION_NAMES:
        for at in range(1, len(folded) - len(name)):
            after = taken[at + len(name)].group()
            if (
                folded[at - 1] == "for"
                and folded[at : at + len(name)] == name
                and after[:1].isupper()
                and after.casefold() not in _CONNECTORS
            ):
                return taken[: at + len(name)]
    return taken


def _spelling(words: list[re.Match[str]], title: list[str]) -> int:
    """How many of *words* spell out *title*, letter for letter (0: they don't)."""
    target, joined = "".join(title), ""
    for count, word in enumerate(words, start=1):
        joined += word.group().strip(",").casefold()
        if joined == target:
            return count
        if not target.startswith(joined):
            return 0
    return 0


def _number_in_title(words: list[re.Match[str]], index: int) -> bool:
    """Whether the number at *index* is the title's: numbers joined by "and", "or" or "to",
    then a capitalised word ("Regimens 1 and 2 Administer", "Performance Status 2 In
    patients", "the 5 Day Regimen"); not a dose or a grade the text opens with ("400 mg",
    "Grade 3 or 4 neutropenia"), nor a table's or a figure's number."""
    if not re.fullmatch(r"\d{1,2}", words[index].group()):
        return False
    if words[index - 1].group().casefold() in {"table", "figure"}:
        return False
    at = index + 1
    while at + 1 < len(words) and words[at].group() in {"and", "or", "to"}:
        if not re.fullmatch(r"\d{1,2}", words[at + 1].group()):
            return False
        at += 2
    return at < len(words) and re.match(r"[A-Z][a-z]", words[at].group()) is not None


def _named_again_after(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* without a sub-heading of its text that says its first word again.

    "Hepatotoxicity General Information on Hepatotoxicity" is the title "Hepatotoxicity",
    then the sub-heading; only where that has no other small word ("Liver Cancer and Other
    Effects on the Liver" is one title). "Preparation and Administration Preparation" is
    the title, then the sub-heading "Preparation"; only after a noun ("Neutropenia and
    Febrile Neutropenia" is one title)."""
    folded = [word.group().strip("()[],;:").casefold() for word in taken]
    if (
        len(folded) >= 4
        and folded[-1] == folded[0]
        and folded[-2] in _CONNECTORS
        and not _CONNECTORS.intersection(folded[1:-2])
    ):
        return taken[:1]
    if len(folded) >= 3 and folded[-1] == folded[0] and folded[-2].endswith(_NOUN_ENDINGS):
        return taken[:-1]
    return taken


def highlights_names(intro: str) -> dict[str, str]:
    """The name the Highlights give each subsection, from the text before a section's first.

    openFDA opens a section's field with its Highlights: "Hepatotoxicity: Monitor liver
    tests … ( 2.3 , 5.1 ) Interstitial Lung Disease (ILD)/Pneumonitis: Immediately …
    ( 2.3 , 5.2 )": each item's name, up to its colon, for the numbers it ends with.
    """
    names: dict[str, str] = {}
    start = 0
    for reference in _HIGHLIGHT_REFERENCE.finditer(intro):
        item = intro[start : reference.start()]
        start = reference.end()
        name = re.match(r"\s*([A-Z][^:.;]{1,100}?)\s?:\s", item)
        for number in re.findall(r"\d+\.\d+", reference.group()):
            if name:
                names.setdefault(number, name.group(1))
    return names


_HIGHLIGHT_REFERENCE = re.compile(r"\(\s*\d+\.\d+(?:\s*,\s*\d+(?:\.\d+)?)*\s*\)")


def _highlighted_title(taken: list[re.Match[str]], highlighted: str) -> list[re.Match[str]]:
    """*taken* up to where the Highlights' name of it ends, if the title runs on past it.

    "Hepatotoxicity" names "5.1 Hepatotoxicity Elevations of AST …"; "New Primary
    Malignancies, Cutaneous and Non-Cutaneous" names "5.1 New Primary Malignancies
    Cutaneous Malignancies In …" up to its comma. Not where the title goes on as the
    name does ("Hypersensitivity Reactions Including Anaphylaxis"), nor with a small word
    ("Hepatotoxicity and Liver Failure"), an acronym in brackets, after a comma of its own,
    nor by one more word a title ends with ("Hypersensitivity Reactions").
    """
    folded = [word.group().strip("()[],;:").casefold() for word in taken]
    name = highlighted.casefold().split()
    ends = {len(name)} | {at + 1 for at, word in enumerate(name) if word.endswith(",")}
    name = [word.strip("()[],;:") for word in name]
    same = 0
    while same < min(len(folded), len(name)) and folded[same] == name[same]:
        same += 1
    if same == len(folded):
        return taken  # the title is the name, or its start
    cut = max((end for end in ends if end <= same), default=0)
    if (
        cut
        and folded[cut] not in _CONNECTORS
        and not taken[cut].group().startswith("(")  # "Neuroleptic Malignant Syndrome (NMS)"
        and not taken[cut - 1].group().endswith(",")  # "… Reactions, Including Anaphylaxis"
        and not (cut == len(taken) - 1 and folded[cut] in _TITLE_TAILS)  # "… Inhalation Injury"
    ):
        return taken[:cut]
    return taken


def _highlighted_whole(
    taken: list[re.Match[str]], words: list[re.Match[str]], highlighted: str
) -> list[re.Match[str]]:
    """The whole of the Highlights' name of the title (*highlighted*), where a cut left only
    its start and the text goes on with the rest of it word for word: "QT-Prolongation" of
    "QT-Prolongation and Torsade de Pointes" (a small word in it looked like a sentence's)."""
    name = [word.strip("()[],;:").casefold() for word in highlighted.split()]
    read = [word.group().strip("()[],;:").casefold() for word in words[: len(name)]]
    if 0 < len(taken) < len(name) and read == name:
        end = len(name)
        if end < len(words) and not words[end].group().strip("()[],;:"):
            end += 1  # a bracket openFDA set apart: "(NMS )"
        return words[:end]
    return taken


# A title's last word that a shorter name in the Highlights leaves out: "Hypersensitivity"
# for "Hypersensitivity Reactions".
_TITLE_TAILS = frozenset(
    {"reactions", "reaction", "injury", "risk", "events", "effects", "syndrome", "toxicity"}
)


def _split_word_pieces(before: str, after: list[re.Match[str]], vocabulary: frozenset[str]) -> int:
    """How many of the lower-case pieces *after* finish the word *before* starts (0: none).

    "Dos" + "age" and "Dos" + "ag" + "e" make "dosage", "E" + "vents" "events",
    "-F" + "etal" "fetal": only where the whole is a word *vocabulary* holds (or a plural's
    "s" after one), and
    not after a lone capital, which as often starts the text or a sub-heading.
    """
    head = before.strip("-(").casefold()
    if not (head.isalpha() and before.strip("-(")[:1].isupper()):
        return 0
    if len(head) < 2 and not before.startswith("-"):
        return 0  # "I mpaired", "J uvenile": a sentence or a sub-heading after the title
    joined = head
    for count, piece in enumerate(after, start=1):
        text = piece.group()
        if not (text.isalpha() and text.islower()):
            return 0
        joined += text
        if joined in vocabulary or (text == "s" and count == 1 and head in vocabulary):
            return count  # a lone "s" is no word: a plural's ending ("Modification s")
    return 0


def _split_connector(pieces: list[re.Match[str]]) -> int:
    """2 where *pieces* are a small word openFDA split after its first letter ("t o",
    "f rom"): the title goes on past it; else 0."""
    if len(pieces) < 2:
        return 0
    first, second = (piece.group() for piece in pieces)
    split = len(first) == 1 and first.islower() and second.isalpha() and second.islower()
    return 2 if split and first + second in _CONNECTORS else 0


def unnumbered_headings(text: str, names: Sequence[str] = ()) -> list[str]:
    """The titles an old-format section's text opens its parts with, which carry no numbers.

    "WARNINGS Clinical Worsening and Suicide Risk Patients with MDD … Hepatotoxicity
    The risk …": at the text's start or a sentence's, a run of capitalised words
    that the next sentence, itself in capitals, follows. A sentence that merely
    opens with capitals ("Suicide is a known risk", "Families and caregivers
    should") is not one, nor one that opens with the product's *names* ("Zentamab
    Hydrochloride tablets are").
    """
    name_words = {name.split()[0].casefold() for name in names if name.split()}
    titles: list[str] = []
    for start in _part_starts(text):
        lowered = _sentence_case_title(text[start:])
        if lowered and lowered.split()[0].casefold() not in name_words:
            titles += [lowered] if lowered not in titles else []
            continue
        title, consumed = subsection_title(text[start:], names)
        after = text[start + consumed :]
        if re.search(r"\([^)]*$", title):  # "Hepatotoxicity (See BOXED WARNING .) Cases of"
            title = re.sub(r"\s*\([^)]*$", "", title)
            after = re.sub(r"^[^)]*\)", "", after)
        words, following = title.split(), after.split()
        if (
            words
            and following
            and following[0][:1].isupper()
            and words[0].casefold() not in name_words
            and (
                len(words) > 1
                or _opens_part(words[0], following[0])
                or _named_next(words[0], after, names)
            )
            and sum(len(word) >= 4 and word.isupper() for word in words)
            < 2  # a sentence in capitals
            and not re.search(r"[.,;:]$", title)
            and title not in titles
        ):
            titles += [part for part in _under_heading(words) if part not in titles]
    return titles


def _under_heading(words: list[str]) -> list[str]:
    """A title, or the heading and the sub-heading it runs together: "Severe Cutaneous
    Adverse Reactions" and "Drug Reactions with Eosinophilia and Systemic Symptoms (DRESS)",
    where the acronym the title ends with spells the second's words and a word that ends a
    title ("Reactions") ends the first."""
    acronym = words[-1].strip("()").casefold()
    if not (words[-1].startswith("(") and acronym.isalpha()):
        return [" ".join(words)]
    for at in range(2, len(words) - 1):
        initials = "".join(w[0] for w in words[at:-1] if w.casefold() not in _CONNECTORS)
        if initials.casefold() == acronym and words[at - 1].casefold() in _TITLE_TAILS:
            return [" ".join(words[:at]), " ".join(words[at:])]
    return [" ".join(words)]


def _sentence_case_title(part: str) -> str:
    """A title in sentence case its part's first sentence follows: "Serious infections Patients",
    "Exacerbated bradycardia in sick sinus syndrome In patients", "Proarrhythmic effects Like".

    Only two to eight plain words, none a verb or a joining word at its end, followed by
    a word a part's first sentence opens with: otherwise it is a sentence's start.
    """
    match = _SENTENCE_CASE_TITLE.match(part)
    if match is None or match.group(2) not in _PART_OPENERS | _TITLE_OPENERS:
        return ""
    words = match.group(1).split()
    if words[-1] in _CONNECTORS or any(word in _SENTENCE_VERBS for word in words[1:]):
        return ""
    return match.group(1)


_SENTENCE_CASE_TITLE = re.compile(r"([A-Z][a-z]+(?: [a-z][a-z\-/]+){1,7}) ([A-Z][a-z]*)\b")
# Words a part's first sentence opens with after a title of several words ("Proarrhythmic
# effects Like many other drugs …"), too common inside a sentence to follow a lone word.
_TITLE_OPENERS = frozenset({"Like", "When"})
_SENTENCE_VERBS = frozenset(
    {"is", "are", "was", "were", "may", "can", "should", "must", "has", "have", "had", "be"}
    | {"been", "will", "do", "does", "did", "not", "also", "only", "than", "that", "which"}
)


def _part_starts(text: str) -> list[int]:
    """Where a part may start: the text's start and each sentence's after a full stop.

    Not after an abbreviation's stop ("St. John's Wort", "Dr. Smith").
    """
    stops = re.finditer(r"(?<![^\w][A-Za-z]{2}\.)(?<=[.!?])\)?\s+(?=[A-Z])", text)
    return [0] + [match.end() for match in stops]


# Words a part's first sentence opens with after a one-word title ("Hepatotoxicity The
# risk …"); after other words a lone capitalised word is a sentence's ("If THESE …").
_PART_OPENERS = frozenset(
    {"The", "A", "An", "In", "Patients", "Cases", "There", "This", "These", "Rare", "Severe"}
    | {"During", "Although", "Because", "Since"}
)


def _named_next(title: str, after: str, names: Sequence[str]) -> bool:
    """Whether a one-word title is named again in the sentence after it, as a heading is:
    "Thrombocytopenia Quinidine-induced thrombocytopenia is …". Not a drug's heading: one
    of the product's parts ("Rifampin Hepatotoxicity … with rifampin") or one given with
    it ("Triazolam When … triazolam was coadministered with …", "given with")."""
    sentence = re.split(r"(?<=[.!?])\s", after, maxsplit=1)[0]
    parts = {word.casefold() for name in names for word in re.findall(r"\w+", name)}
    return (
        len(title) > 3
        and title.casefold() not in parts
        and re.search(rf"\b{re.escape(title)}\b", sentence, re.IGNORECASE) is not None
        and _GIVEN_WITH.search(sentence) is None
    )


_GIVEN_WITH = re.compile(
    r"\b(co-?administ\w*|concomitant\w*|in combination|(given|taken|used) with)\b", re.IGNORECASE
)


def _opens_part(title: str, following: str) -> bool:
    """Whether a one-word title is followed by its part's first sentence.

    "Seizures During premarket evaluation, …", "Hypersensitivity Hypersensitivity
    reactions … have been reported": a sentence opener, or the title said again.
    """
    return following in _PART_OPENERS or following.casefold() == title.casefold()


def _continues_title(word: str, before: list[re.Match[str]], after: list[re.Match[str]]) -> bool:
    """Whether *word*, not itself capitalised, is still the title's.

    openFDA splits titles at a hyphen ("Late - Occurring", "Dementia -Related", a word in
    lower case then "-Associated"),
    before a comma ("Stroke , in Elderly Patients") and inside a word ("Dysr
    egulation", "Speci fic": a short capitalised piece, then one in lower case,
    then the title's next capitalised word); and titles have a few words of their
    own in lower case ("Drugs that Affect", "Rash, including Stevens-Johnson"), not
    after an acronym a sentence opens with ("SSRIs, including ZENTARO can").
    """
    previous = before[-1].group()
    next_word = after[0].group() if after else ""
    if re.fullmatch(r"-[A-Z][\w\-]*", word) or word == ",":
        return True
    if re.fullmatch(r"-[a-z][\w\-]*", word) and re.search(r"[A-Z0-9]$", previous):
        return True  # "BRCA -mutated": openFDA's space inside "BRCA-mutated"
    if word == "-":
        return len(before) == 1 and next_word[:1].isupper()
    if (re.fullmatch(r"[a-z]+", word) and re.fullmatch(r"-[A-Z][\w\-]*", next_word)) or (
        re.fullmatch(r"[a-z]+-", word) and re.fullmatch(r"[A-Z][a-z]+", next_word)
    ):
        return True  # "Clostridium difficile -Associated", "difficile- Associated"
    if (
        word.isalpha()
        and word.islower()
        and previous == "of"
        and next_word in _CONNECTORS - {"of", "the", "a", "an"}
        and len(after) > 1
        and re.fullmatch(r"[A-Z][a-z]+", after[1].group()) is not None
    ):
        return True  # "Risks of use in Patients with …": a noun after "of", then a small word
    if not (word.isalpha() and word.islower() and next_word[:1].isupper()):
        return False
    if next_word in _SENTENCE_OPENERS:
        return False
    if word in _TITLE_LOWER_WORDS:
        return len(re.findall(r"[A-Z]", previous)) < 2
    return (
        re.fullmatch(r"[A-Z][a-z]{1,4}", previous) is not None
        and re.match(r"[A-Z][a-z]", next_word) is not None  # not "Serum cystatin C"
        and previous not in _SHORT_OPENERS
        and word not in _CONNECTORS
    )


def _without_sentence_start(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* less a sentence's start that its own lower-case title words ran into.

    "Falls Antipsychotics, including ZENTARO, may": "including" after a capitalised
    word looked like the title's own ("Rash, including"); ending on it, the title
    ends before "Antipsychotics", the sentence's first word.
    """
    if len(taken) < 3 or taken[-1].group() not in _TITLE_LOWER_WORDS:
        return taken
    kept = taken[:-1]
    while kept and kept[-1].group() in _CONNECTORS:
        kept = kept[:-1]
    return _without_connectors(kept[:-1]) or taken


def _without_run_in(
    taken: list[re.Match[str]], text: str, brands: Sequence[str]
) -> list[re.Match[str]]:
    """*taken* less a name the text opens with, run into the title.

    A name spelled out before its acronym ("… Leukoencephalopathy John Cunningham" and the
    text "(JC) virus infection …"; "Ocular Toxicity Retinal Pigment Epithelial Detachment
    (RPED)" and "PEMAZYRE can cause RPED"), and a trial's name in capitals the text names
    again ("Follicular Lymphoma GADOLIN", "evaluated in GADOLIN", "… Melanoma COMBI-AD (NCT
    01682083) was"). Only after two words
    of the title, the last not a small word ("Patients with HIV" keeps its HIV).
    """
    if len(taken) < 3:
        return taken
    words = [word.group().strip("[],;:") for word in taken]
    rest = text[taken[-1].end() :]
    after = re.match(r"\s*\(([A-Z]{2,6})\)", rest)
    inside = re.fullmatch(r"\(([A-Z]{2,6})\)", words[-1])
    acronym = after or inside
    if acronym:
        letters = acronym.group(1)
        named = len(words) - (1 if inside else 0)
        spelled = words[named - len(letters) : named]
        # inside: after a heading of several findings only ("Ocular Toxicity"), else it
        # is the title's own ("… Low-Risk Acute Promyelocytic Leukemia (APL)")
        umbrella = words[named - len(letters) - 1].casefold() in _FINDINGS
        said_again = bool(after) or (umbrella and bool(re.search(rf"\b{letters}\b", rest)))
        if (
            said_again
            and "".join(word[:1] for word in spelled).upper() == letters
            and all(word[:1].isupper() for word in spelled)
        ):
            return _kept_before(taken, named - len(letters))
    last = words[-1]
    brand_words = {word.casefold() for brand in brands for word in brand.split()}
    if (
        _TRIAL_WORD.fullmatch(last)
        and len(last) >= 4
        and len(re.findall(r"[A-Z]", last)) >= 3
        and last.casefold() not in brand_words
        and _names_a_trial(last, text[taken[-1].start() :])  # "KATHERINE (NCT01772472) was"
    ):
        named = len(words) - 1  # and "Study" before it: "… Alterations Study BLC2001"
        named -= words[named - 1].casefold() in {"study", "trial"} and named > 2
        return _kept_before(taken, named)
    return taken


# A trial's name: capitals, digits and hyphens ("GADOLIN", "COMBI-AD", "PAOLA-1", "GO29365").
_TRIAL_WORD = re.compile(r"[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*")


def _names_a_trial(name: str, text: str) -> bool:
    """Whether *text* names *name* as a trial: "GADOLIN (NCT01059630)", "The CURE study",
    "(ASCENT; NCT02574455)", "WARIS (The Warfarin Re-Infarction Study)"; not a disease's
    acronym said again ("metastatic NSCLC", "allogeneic HSCT")."""
    name = re.escape(name)
    trial = (
        rf"\b{name}\s*[(;,]\s*NCT\s?\d|\b{name}\s+(?:study|trial)\b"
        rf"|\b(?:study|trial)\s*\(\s*{name}\b|\b{name}\s*\(the [^()]*\b(?:study|trial)\)"
    )
    return bool(re.search(trial, text, re.IGNORECASE))


def _kept_before(taken: list[re.Match[str]], at: int) -> list[re.Match[str]]:
    """*taken*'s words before *at*, when two or more remain and the last is no small word."""
    kept = taken[:at]
    if len(kept) >= 2 and kept[-1].group().lower() not in _CONNECTORS:
        return kept
    return taken


def _said_again(words: list[re.Match[str]], length: int) -> int:
    """Where the title's first two words start again, in any case, within *length* words.

    "Hepatitis B Virus (HBV) Reactivation Hepatitis B virus (HBV) reactivation, in
    some cases …": the text opens by saying the title again; 0 if it does not.
    """
    folded = [word.group().strip("()[],;:").casefold() for word in words[: length + 2]]
    for at in range(2, min(length, len(folded) - 1)):
        if folded[at : at + 2] == folded[:2]:
            return at
    return 0


def _without_subheading(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* without the sub-heading a heading of several findings opens its text with.

    "Laboratory Abnormalities Neutropenia Treatment with …": the text goes on under
    "Neutropenia", "Lymphopenia" …; the title is "Laboratory Abnormalities".
    """
    folded = [word.group().casefold() for word in taken]
    for umbrella in _UMBRELLAS:
        if folded[: len(umbrella)] == umbrella and len(folded) > len(umbrella):
            return taken[: len(umbrella)]
    return taken


def _sentence_inside(taken: list[re.Match[str]], brands: Sequence[str]) -> int:
    """Where, inside a run of capitalised words, the text's first sentence starts; 0 if not seen.

    At "In", "The" or "If" in capitals ("Myelosuppression In the INO-VATE trial", not
    "Interference with In Vivo Tests"); at a trial's name ("… Experience ZEN-004 The
    safety"); at the brand not after a small word, a verb or "Other" ("QTc Prolongation
    AUSTEDO XR and", not "Re-treatment with KRYSTEXXA", "After Stopping MAYZENT" nor
    "Switching from Other Amphetamine Products"); at a sentence in capitals after the
    title ("… Effects DUE TO THE"); at a verb an instruction opens with ("Administration Take
    X"); at three or more of the title's words said again
    up to the run's end ("… in Patients with Huntington's Disease Patients with
    Huntington's disease are").
    """
    words = [w.group().strip("()[],;:®™") for w in taken]
    folded = [word.casefold() for word in words]
    brand_words = {brand.split()[0].casefold() for brand in brands if brand.split()}
    for at in range(1, len(words)):
        previous, after = folded[at - 1], folded[at + 1] if at + 1 < len(words) else ""
        if words[at] in _SENTENCE_OPENERS and after not in _LATIN_AFTER_IN:
            return at
        if _capitals_sentence(words[at - 1 : at + 3]):
            return at  # "… Proarrhythmic Effects DUE TO THE POTENTIAL …": a sentence in capitals
        if words[at] in _IMPERATIVES and previous not in _CONNECTORS:
            return at  # not "How to Take", "Instructions to Avoid Dosing Errors"
        if TRIAL_NAME.fullmatch(words[at]):
            return at
        if folded[at] in brand_words and previous not in _CONNECTORS | _ACTS_ON | {"other"}:
            return at
        if at >= 2 and folded[at] not in _CONNECTORS and _said_before(folded[at:], folded[:at]):
            return at
    return 0


def _capitals_sentence(words: list[str]) -> bool:
    """Whether *words*' last three, in capitals and one a small word, start a sentence after
    a title in Title case (*words*' first): "Effects DUE TO THE POTENTIAL", not "Use in
    Patients With HIV" nor a title in capitals throughout."""
    previous, run = words[0], words[1:]
    return (
        len(run) == 3
        and re.search(r"[a-z]", previous) is not None
        and all(re.fullmatch(r"[A-Z]{2,}", word) for word in run)
        and any(word.casefold() in _CONNECTORS for word in run)
    )


def _said_before(tail: list[str], head: list[str]) -> bool:
    """Whether *tail*, three words or more, is a run of *head*'s words."""
    return len(tail) >= 3 and any(
        head[start : start + len(tail)] == tail for start in range(len(head) - len(tail) + 1)
    )


def _cut_sentence(taken: list[re.Match[str]], sentence: bool) -> list[re.Match[str]]:
    """*taken* less the capitalised start of the sentence that follows the title.

    *sentence*: the words after *taken* go on in lower case, as a sentence does.
    """
    taken = list(taken)
    while len(taken) > 1 and taken[-1].group() in _CONNECTORS:
        taken.pop()
    first = taken[-1].group()
    if len(taken) > 1 and not first.endswith(":"):
        taken.pop()  # the capitalised word that starts the first sentence
    small = []
    while taken and taken[-1].group().lower() in _CONNECTORS:
        small.append(taken.pop().group())
    # "… Initiation Prior to RINVOQ treatment", "Binding of the PD-1 ligands": a
    # name in capitals after small words in lower case; the sentence began before them.
    if (
        sentence
        and small
        and all(word in _CONNECTORS - {"and", "or", "&"} for word in small)
        and first.strip("()[],;").isupper()
        and len(taken) > 2
    ):
        shorter = _without_connectors(taken[:-1])
        if len(shorter) >= 2:
            return shorter
    # "Myelosuppression Treatment with POLIVY can", "Bone Effects Use of Femara may":
    # a noun that opens a sentence about using the drug, before the small words.
    if (
        sentence
        and small
        and len(taken) >= 2
        and taken[-1].group().casefold() in _USE_NOUNS
        and taken[-2].group().casefold() not in _USE_MODIFIERS  # "Concomitant Use with"
    ):
        return _without_connectors(taken[:-1])
    return taken


def _without_connectors(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* less the small words it ends with: a title ends on a word of its own."""
    while taken and (taken[-1].group().lower() in _CONNECTORS or taken[-1].group() in ",-"):
        taken = taken[:-1]
    return taken


def _cut_repeats(taken: list[re.Match[str]]) -> list[re.Match[str]]:
    """*taken* up to a sub-heading of the text or the title's first words said again."""
    words = [w.group().strip("()[],;:").casefold() for w in taken]
    for at in range(1, len(words)):
        alone = at >= 2 and words[at - 1] not in _CONNECTORS  # not "Risk of Infertility"
        if any(
            words[at : at + len(sub)] == sub and (len(sub) > 1 or alone) for sub in _SUBHEADINGS
        ):  # "Male Infertility" is a title; "Females and Males … Infertility" has a sub-heading
            return taken[:at]
        if at >= 2 and words[at : at + 2] == words[:2]:
            return _without_connectors(taken[:at]) or taken
        if alone and at >= 5 and words[at : at + 4] == words[1:5]:
            # "Recommended Dosage in Pediatric Patients Dosage in Pediatric Patients 8 Years …":
            # the title less its first word said again, a sub-heading of its text
            return _without_connectors(taken[:at]) or taken
    return taken


def iso_date(value: str | None) -> str | None:
    """`20231113` → `2023-11-13`; anything else → None."""
    if value is None or not re.fullmatch(r"\d{8}", value[:8]):
        return None
    return f"{value[:4]}-{value[4:6]}-{value[6:8]}"


def rx_otc(product_type: str | None) -> Literal["rx", "otc"] | None:
    if product_type is None:
        return None
    kind = product_type.upper()
    if "OTC" in kind:
        return "otc"
    if "PRESCRIPTION" in kind:
        return "rx"
    return None
