"""Side effects an old label lists in prose: "Cardiovascular System: Congestive heart failure, …".

Old-format labels (no section numbers) often give ADVERSE REACTIONS without a
table: body-system paragraphs ("Skin: pruritic rashes, urticaria, alopecia.")
and sentences that enumerate reactions ("The most frequently observed adverse
reactions are dizziness, drowsiness and nausea."; "These include skin rashes,
alopecia, fever."; "Tachycardia, hypotension, and hypertension have been
reported."). Each listed reaction becomes an entry with no rate (frequency not
known) and its body system as category, in the label's own words.

Reading is conservative: a sentence is read only when it opens a body-system
paragraph, says it lists reactions, or ends in "have been reported" (seen,
observed, occurred; "but are extremely rare"), and only
its leading items that are names (a few words, no verb, no number, no patients);
a sentence that is about a reaction ("Nausea and vomiting may occur …") gives
nothing, unless a body-system heading opens its paragraph ("Central Nervous System
Drowsiness may be encountered …", colon lost). A reaction "resulting in" others gives
them too ("Hypotension, rarely resulting in cardiac arrest"). Only ADVERSE REACTIONS
text is read, never warnings.

A numbered label's 6.x subsections are read the same way (`numbered_prose_effects`):
after their tables they list more reactions by body system ("The following additional
adverse reactions were reported by <1% …: Skin: a, b."), and Postmarketing Experience
lists the reactions reported since approval, whose frequency is not known. Lists under
"Frequent:", "Infrequent:" and "Rare:" take the tier the label defined those words as.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from decimal import Decimal
from itertools import pairwise

from medcli.labels.rate_sentences import sentences
from medcli.labels.table_effects import band_of, clean_name
from medcli.model import Frequency, LabelSection, SideEffect

SOURCE_ID = "fda-label"
MAX_ITEM_WORDS = 8
MAX_HEADING_WORDS = 6
MIN_LISTED = 3  # items a sentence must list before a clause when it is not all names
# A paragraph's heading: "Cardiovascular System:", "Hematologic Effects:", "Others:".
_HEADINGS = (
    re.compile(r"(?:^|(?<=[.:)]\s)|(?<=\n))([A-Z][A-Za-z/&,\- ]{2,60}?):\s+(?=[A-Za-z])"),
    re.compile(r"(?<=\s)([A-Z][A-Z/&,\- ]{2,60}[A-Z]):\s+"),  # "CARDIAC DISORDERS:", no stop
    # a system heading run on after a list's last item: "… thirst Musculoskeletal Disorders :"
    re.compile(
        r"(?<=[a-z] )((?:[A-Z][a-z]+\s+(?:(?:and|of|as a|&)\s+)?){0,5}"
        r"(?:Disorders|System|Effects|Reactions|Conditions))\s?:\s+"
    ),
    # any capitalised heading run on so, a colon after it: "… psychosis Neurologic: Numbness",
    # "… hypersensitivity Infections and Infestations: genital herpes"
    re.compile(
        r"(?<=[a-z] )([A-Z][a-z]+(?:,? (?:and |of |& )?[A-Z][a-z]+){0,3})\s?:\s+(?=[A-Za-z])"
    ),
    # a heading set off by a dash, not a colon: "… stroke. Psychiatric – Confusional states",
    # "… Brugada syndrome Eye Disorders – angle-closure glaucoma"
    re.compile(
        r"(?:^|(?<=[.:)]\s)|(?<=[a-z]\s)(?<!\bsee\s))"  # not "(see Warnings – Malignancy)"
        r"([A-Z][a-z]+(?:,? (?:and |of |& )?[A-Z][a-z]+){0,3})\s+[–—]\s+(?=[A-Za-z])"
    ),
    # a body system's heading that lost its colon, before its paragraph's first sentence:
    # "… medwatch . Hematological Effects The most …", "Cardiac Cardiac tamponade has …",
    # "Central Nervous System Drowsiness may be …", "Skin Dermatitis and …"
    re.compile(
        r"(?:^|(?<=[.)]\s))((?:(?:Central|Autonomic|Peripheral)\s+Nervous|Skin"
        r"|Hematologic|Pulmonary|Cardiac|Cardiovascular|Ocular|Dermatologic"
        r"|Metabolic|Hepatic|Renal|Gastrointestinal|Neurologic|Psychiatric|Endocrine"
        r"|Musculoskeletal|Genitourinary|Respiratory|Miscellaneous)(?:al)?"
        r"(?:\s+(?:Effects|System|Reactions))?)\s+(?!(?:System|Disorders|Effects|Reactions)\b)"
        r"(?=[A-Z])"
    ),
)
# Where a list's last item runs into the next sentence, no stop between them: "… sudden
# death There has been a report …"; the words before a name's capital join it ("… and
# Stevens-Johnson syndrome").
_RUN_INTO_SENTENCE = re.compile(
    r"(?<=[a-z])(?<!\band)(?<!\bor)(?<!\bof)(?<!\bwith)(?<!\bin)(?<!\bto)(?<!\bthe)"
    r"(?<!\bincluding) (?=[A-Z][a-z]+\b)"
)
# Capitals that name a section ("see WARNINGS: Cytopenias"), not a body system.
_SECTION_NAME = re.compile(
    r"WARNING|PRECAUTION|CONTRAINDICATION|DOSAGE|PHARMACOLOGY|ADVERSE|^Total\b|\bN$"
)  # … nor a table's count ("Total N: Females = 405")
# A list's last item run into the next capitals heading: "Pancreatitis HEPATOBILIARY DISORDERS".
_RUN_INTO_CAPITALS = re.compile(r"[a-z]\s+[A-Z]{3,}")
# A heading that says how often, not where: "Rare: cellulitis." The note keeps it.
_FREQUENCY_HEADING = re.compile(r"^(?:very\s+)?(?:rare|infrequent|frequent|common|uncommon)$", re.I)
# A sentence that says it lists reactions, and where the list starts.
_INTRO = re.compile(
    r"^(?:(?:the\s+)?(?:most|more|less)\s+(?:common(?:ly)?|frequent(?:ly)?)\b[^.]*?"
    r"\b(?:reactions?|events?|effects?)\b[^.]*?|these|they|others"
    r"|other\s+(?:reported\s+|adverse\s+|infrequently\s+occurring\s+|rarely\s+seen\s+)*"
    r"(?:reactions|events|effects)(?:\s+reported)?)\s+"
    r"(?:are|were|include[sd]?|included)\s*:?\s+"
    r"|^these\s+(?:reactions|effects)\s+are\s+characterized\s+by\s+(?:signs\s+)?such\s+as\s+",
    re.IGNORECASE,
)
_SHARED_HEAD = re.compile(r"(?:elevations?|increases?|decreases?|changes?)\s+(?:of|in)\s", re.I)
# A list of reactions that "may occur": read only where it names at least MIN_LISTED.
_MAY_OCCUR_TAIL = re.compile(r"\s+(?:may|can)\s+(?:also\s+)?occur\b(?:,[^.]*)?\.?$")
_REPORTED_TAIL = re.compile(
    r"\s+(?:have|has)\s+(?:also\s+)?(?:been\s+(?:reported|observed|described|seen)|occurred)"
    r"(?:\s+(?:infrequently|rarely|occasionally))?"  # "… have been observed infrequently"
    r"(?:\s+(?:with|in|during|following)\s+[^,;.]{1,60})?"
    r"(?:,?\s+but\s+(?:are|is)\s+(?:extremely\s+|very\s+)?(?:uncommon|rare|infrequent))?"
    r"\s*\.?$"
    r"|\s+(?P<each>each)\s+occurred\s+in\s+one\s+patient\s*\.?$"  # "… and X each occurred …"
    # "Nausea, emesis, and anorexia occur most often."
    r"|,?\s+occurs?\s+(?:rarely|most\s+often|infrequently|occasionally)\s*\.?$"
)
# A reaction and what it results in: "Hypotension, rarely resulting in cardiac arrest",
# "QT prolongation resulting in ventricular tachycardia and torsades de pointes".
_RESULTING_IN = re.compile(
    r"(?:^|\s+)(?:(?:rarely|sometimes|occasionally)\s+)?resulting\s+in\s+", re.IGNORECASE
)
# A list after a colon that says its items are the events: "… there may be no causal
# relationship between thioridazine use and these events: priapism."
_EVENTS_COLON = re.compile(
    r"\b(?:these|the\s+following)\s+(?:laboratory\s+)?(?:adverse\s+)?(?:events|reactions)"
    r"(?:\s*:|\s+have\s+been\s+reported[^:;.]{0,60}[:;])\s+(?=[A-Za-z])",
    re.IGNORECASE,
)
# A sentence that introduces lists: "The following events were reported … (<1%):".
_BAND_INTRO = re.compile(
    r"^the following (?:adverse )?(?:events|reactions|experiences)\b[^:.]{0,120}:\s*",
    re.IGNORECASE,
)
_NUMBER = r"(\d+(?:\.\d+)?)"
# A frequency band: "<3% and ≥1%", "≥1% and <3%", "3 to 4 percent", "(<1%)", "fewer than 1%",
# "≤1%" ("less than or equal to 1%": the bound is in the band).
_BAND = re.compile(
    rf"(?:≤|<=|(?:less|fewer) than or equal to)\s*{_NUMBER}\s*%(?!\s*(?:and|but)\b)"
    rf"|(?:<|(?:less|fewer) than)\s*{_NUMBER}\s*%"
    rf"(?:\s*(?:and|but)\s*(?:≥|>=|at least)\s*{_NUMBER}\s*%)?"
    rf"|(?:≥|>=)\s*{_NUMBER}\s*%\s*and\s*<\s*{_NUMBER}\s*%"
    rf"|\b{_NUMBER}\s*%?\s*(?:to|-|–)\s*{_NUMBER}\s*(?:%|percent)",
    re.IGNORECASE,
)
# "(see BOXED WARNING)", "(See WARNINGS for …)": a cross-reference, not part of a name.
# A heading openFDA ran into its paragraph, colon lost: "Hematologic Reactions Leukopenia, …".
_LOST_HEADING = re.compile(
    r"^(?:[A-Z][a-z]+\s+){1,3}(?:Reactions|Effects|System)\s+(?=[A-Z])"
    r"|^[A-Z][a-z]+\s+(?:reactions|effects)\s+(?=[A-Z])"  # "Hypersensitivity reactions Fever"
)
# A list's opening word that says how often, not what: "Occasionally pruritus, urticaria",
# "Infrequent - general edema, malaise. Rare - dependent edema."
# … or that adds to a list before it: "Also, angioedema; pruritus; … have been reported."
_HOW_OFTEN = re.compile(r"^(?:(?:occasionally|rarely)\s+(?!associated\b)|also,\s+)", re.IGNORECASE)
_HOW_OFTEN_HEADING = re.compile(
    r"^(?:very\s+)?(?:frequent|infrequent|rare|common|uncommon)\s*[-–—]\s+", re.IGNORECASE
)
# A headed paragraph's sentence that reports one reaction as its subject: "Cardiac tamponade
# has been reported in …", "One case of endocardial fibrosis has been reported", "X is the
# most common adverse skin reaction and occurs in 5% to 10% of patients", "Other Rare cases
# described as parotid swelling have been reported" (a heading "Other", colon lost).
_REPORTED_SUBJECT = re.compile(
    r"^(?:(?:other\s+)?(?:one|a|several|rare)\s+cases?\s+(?:of|described\s+as)\s+)?"
    r"(?P<name>[^,;:]{3,80}?)\s+(?:"
    r"(?:has|(?P<plural>have))\s+(?:also\s+)?been\s+(?:reported|observed)(?!\s+to\b)"
    r"|(?P<occurred>have)\s+occurred"
    r"|may\s+be\s+encountered|may\s+occur\s+but\s+(?:are|is)\s+(?:infrequent|rare)"
    r"|is\s+(?:extremely\s+|very\s+)?rare"
    r"|is\s+the\s+most\s+(?:common|frequent)\s+(?:adverse\s+)?(?:\w+\s+)?reaction)\b",
    re.IGNORECASE,
)
# "The most frequent, serious, toxic effect of busulfan is dose-related myelosuppression
# resulting in leukopenia, thrombocytopenia, and anemia": the effect, then what it results in.
_MOST_FREQUENT_EFFECT = re.compile(
    r"^the\s+most\s+(?:frequent|common)\b[^.]{0,60}?\beffect\s+of\s+\S+\s+is\s+"
    r"(?P<name>[^,;]{3,60}?)\s+resulting\s+in\s+(?P<list>.+)$",
    re.IGNORECASE,
)
# A reported subject that is an outcome, a finding or a group of effects: "Fatalities have
# been reported", "False positive pregnancy tests", "… and other adverse behavioral effects".
_NOT_A_REPORTED_REACTION = re.compile(r"\b(?:fatalit\w+|tests?|other)\b", re.IGNORECASE)
_SEE = re.compile(r"\s*\((?:see|See|SEE)\b[^()]*\)")
_RARE_CASES = re.compile(
    r"^(?:(?:very\s+)?rare\s+(?:cases|reports)\s+of|rarely\s+associated)\s+", re.IGNORECASE
)
# Words of a clause or a remark: an item holding one is not a reaction's name.
_CLAUSE = re.compile(
    r"\b(?:is|are|was|were|be|been|may|might|can|could|should|will|would|have|has|had|which"
    r"|that|who|when|if|while|although|because|than|this|these|those|it|its|they|their|there"
    r"|not|no|occur|occurs|occurred|appear|appears|reported|observed|seen|described"
    r"|characterized|manifested|associated|following|patients?|doses?(?!-)|dosage|therapy"
    r"|treatment|drug(?!\s+(?:fever|eruptions?|rash|reactions?\b|hypersensitivity))|drugs|see|cases|reports|incidence"
    r"|(?<!urinary )frequency|rats|dogs|mice|as|presumably"
    r"|possibly|probably|usually|sometimes|occasionally|generally|(?<!sudden )deaths?)\b|\d|%",
    re.IGNORECASE,
)
# A word that joins the next one: an "and" after it joins words, not names ("with and without").
_JOINING_WORD = re.compile(r"\b(?:with|without|of|in|to|for|by)$", re.IGNORECASE)
_JOINER = re.compile(r"^(?:and/or|and|or)\s+", re.IGNORECASE)
_INCLUDING = re.compile(r"(?:including|such as|e\.g\.)(?=\s|$)", re.IGNORECASE)
# An item opening as a description does: "a syndrome of …", "additional effects".
_DESCRIPTION = re.compile(r"^(?:a|an|the|other|additional|further)\b", re.IGNORECASE)
_BRACKETS = re.compile(r"\([^()]*\)")
# "hemolytic", "sideroblastic"; "maculopapular, erythematous, or eczematous eruptions"
_ADJECTIVE = re.compile(r"[a-z]+(?:ic|al|ous|ar)")
# A subsection of reactions reported since approval: "6.2 Postmarketing Experience",
# "Post-marketing Reports", "Spontaneous Reports".
POSTMARKETING = re.compile(r"post[- ]?marketing|post[- ]?approval|spontaneous", re.IGNORECASE)
# The words a body system's heading opens with, those only a part of one holds ("System"),
# and the others it is made of ("Skin and Subcutaneous Tissue Disorders").
_SYSTEM_FIRST_WORD = re.compile(
    r"body|cardiovascular|cardiac|vascular|digestive|gastrointestinal|hemic|hematologic(?:al)?"
    r"|blood|metabolic|metabolism|musculoskeletal|nervous|central|peripheral|respiratory"
    r"|special|urogenital|genitourinary|renal|reproductive|hepatobiliary|hepatic|endocrine"
    r"|(?:neuro)?psychiatric|neurologic(?:al)?|dermatologic|ear|eye|infections?|immune"
    r"|investigations|general|injury|pulmonary|sensory|allergic|urinary|ocular|pregnancy",
    re.IGNORECASE,
)
_SYSTEM_PART_WORD = re.compile(r"systems?|whole|senses|disorders?|appendages|tissue", re.I)
_SYSTEM_OTHER_WORD = re.compile(
    r"as|a|the|of|and|lymphatic|nutrition(?:al)?|connective|tissues|bone|thoracic|mediastinal"
    r"|skin|subcutaneous|breast|biliary|liver|pancreatic|labyrinth|infestations|laboratory"
    r"|administration|administrative|site|conditions|poisoning|procedural|complications|eyes"
    r"|puerperium|perinatal",
    re.IGNORECASE,
)
# A word that cannot end a reaction's name: a sentence's or a heading's first word after it
# ("Erythema In", "Psoriasis Previously").
_RUN_ON_WORD = re.compile(r"and|or|in|the|of|for|with|to|on|at|[a-z]+ly", re.IGNORECASE)
# A sentence listing more reactions after a colon, in a numbered label's 6.x: "The following
# additional adverse reactions were reported in <1% of patients: a, b, c."
# Not one of serious reactions, deaths or discontinuations: their sentences are read for rates.
_LIST_INTRO = re.compile(
    r"^(?![^:]*\b(?:serious|fatal|death|discontinu\w*|withdraw\w*)\b)"
    r"(?:note:\s*)?(?:the\s+following|other|additional)\b[^:]{0,250}?"
    r"\b(?:reactions|events|experiences)\b[^:]{0,250}:\s*(?=\S)",
    re.IGNORECASE,
)
# In a postmarketing subsection, any sentence about reactions may end in a colon before its
# list: "… it is not always possible to … establish a causal relationship to drug exposure:
# a, b, and c."; "Adverse reactions reported in worldwide postmarketing experience include: a;
# b; c."
_REPORTED_LIST_INTRO = re.compile(
    r"^(?![^:]*\b(?:serious|fatal|death|discontinu\w*|withdraw\w*)\b)"
    r"[^:]{0,300}?\b(?:reactions|events|experiences)\b[^:]{0,300}:\s*(?=\S)",
    re.IGNORECASE,
)
_DASH_HEADING = re.compile(
    r"(?<=[\s.])([A-Z][a-z]+(?:,? (?:and )?[a-z]+){0,5})\s+[–—-]\s+(?=[A-Za-z])"
)
# A label's own words for how often, defined in the paragraph introducing its lists:
# "frequent adverse reactions are those occurring … in at least 1/100 patients; infrequent
# … in less than 1/100 patients to 1/1000 patients; rare … in fewer than 1/1000 patients".
_TIER_DEFINITIONS: dict[str, tuple[re.Pattern[str], Frequency]] = {
    "Frequent": (re.compile(r"\bfrequent\b[^;.]{0,80}?\bat least 1/100\b", re.I), "common"),
    "Infrequent": (
        re.compile(r"\binfrequent\b[^;.]{0,80}?\b1/100(?: patients)? to 1/1000\b", re.I),
        "uncommon",
    ),
    "Rare": (re.compile(r"\brare\b[^;.]{0,80}?\b(?:fewer|less) than 1/1000\b", re.I), "rare"),
}
# Where a list a defined word heads starts: "Frequent: a, b.", "Infrequent – c; Rare – d".
_TIER_MARK = re.compile(r"\b(Frequent|Infrequent|Rare)(?:\s*:|\s+[–—-])\s*")
# A heading's word openFDA split after its capital: "Blood and L ymphatic S ystem D isorders :".
_SPLIT_CAPITAL = re.compile(r"(?<![^\s])([A-Z]) ([a-z]{2,})\b")
# A body system's heading in lower case run on after a list's last item, its colon kept,
# the list after it in capitals: "… Facial paresis Gastrointestinal disorders: Pancreatitis".
_RUN_ON_COLON_HEADING = re.compile(
    r"(?<=[a-z] )([A-Z][a-z]+(?: (?:and )?[a-z]+){0,4} (?:disorders|conditions)):\s+(?=[A-Z])"
)
_INTRODUCES = re.compile(r"(?::|\b(?:below|as follows)\.?)\s*$", re.IGNORECASE)
_QUALIFIER = re.compile(r"and|or|(?!(?:panic|tic)$)[A-Za-z-]+(?:ic|al|ive|ent)", re.IGNORECASE)


def prose_effects(section: LabelSection) -> list[SideEffect]:
    """The reactions an old-format ADVERSE REACTIONS section lists in prose, in label order.

    A list gets the tier of the frequency band its sentence gives ("may occur in 3 to 4
    percent"), or the band a sentence introducing lists gives ("The following events were
    reported at incidences of <3% and ≥1%:"), which holds for the lists after it (body
    systems under "(<1%):") until a sentence that lists nothing."""
    effects: list[SideEffect] = []
    heading = section.title if section.depth > 0 else None
    carried: tuple[Frequency, str] | None = None
    for title, paragraph in _paragraphs(section.text, heading):
        how_often = title if title and _FREQUENCY_HEADING.match(title) else None
        category = None if how_often else title
        for index, (_, sentence) in enumerate(sentences(paragraph)):
            opens = index == 0 and title is not None
            intro = _BAND_INTRO.match(sentence.strip())
            introduced = frequency_band(intro.group(0)) if intro else None
            if intro:  # the list, if any, follows the colon
                sentence, opens = sentence.strip()[intro.end() :], True
            names = listed_names(sentence, opens) or (_reported(sentence) if title else [])
            if introduced:
                carried = introduced
            elif not names:
                carried = None  # the lists the band was given for have ended
            spanning = _BAND.search(sentence) if names and not (introduced or carried) else None
            frequency, note = (
                introduced
                or frequency_band(sentence)
                or carried
                or ("unknown", spanning.group(0).strip() if spanning else how_often)
            )
            effects.extend(
                SideEffect(
                    name=name,
                    frequency=frequency,
                    category=category,
                    frequency_note=note,
                    section="Adverse Reactions",
                    source=SOURCE_ID,
                )
                for name in names
            )
    return effects


def numbered_prose_effects(section: LabelSection) -> list[SideEffect]:
    """The reactions a numbered label's 6.x subsection lists in prose under body-system
    headings ("Skin: rash, pruritus."), in label order.

    Section 6's own text, before its first subsection, only sums the subsections up
    ("Most common adverse reactions are …"): it gives none. Only the list opening a
    paragraph a body system's heading heads is read: 6.1's other prose tells of trials and
    of serious and discontinuation rates (read elsewhere), and its headings of trials and
    populations run into the lists. The lists take the band of the sentence introducing
    them ("… reported by greater than 1% but less than 5% of patients:"); a postmarketing
    subsection's have no frequency, whatever its sentences say: their note says so."""
    if not section.number or "." not in section.number:
        return []
    postmarketing = POSTMARKETING.search(section.title) is not None
    effects: list[SideEffect] = []
    introduced: tuple[Frequency, str] | None = None
    unknown: tuple[Frequency, str | None] = ("unknown", "postmarketing" if postmarketing else None)
    text, graded = _split_at_tier_definitions(section.text)
    if graded:
        effects += _graded_lists(graded, section.number, postmarketing)
    for title, paragraph in _paragraphs(_colon_headings(text), None):
        parts = [text for _, text in sentences(paragraph) if text.strip()] or [""]
        band = _introduced_band(parts[-1])
        if title is None or not is_body_system(title):
            # a list under a heading not read ("Cushingoid, hypothyroidism Eye Disorders:",
            # one sentence) is still one of the lists introduced
            if band or title is None or len(parts) > 1:
                introduced = band
            effects += _introduced_lists(parts, section.number, unknown if postmarketing else None)
            continue
        frequency, note = (
            unknown if postmarketing else frequency_band(parts[0]) or introduced or unknown
        )
        effects.extend(
            SideEffect(
                name=name,
                frequency=frequency,
                category=title,
                frequency_note=note,
                section=f"Adverse reactions {section.number}",
                source=SOURCE_ID,
            )
            for name in listed_names(parts[0], opens=True)
            if not _runs_into_heading(name)
        )
        if band and len(parts) > 1:  # "Skin: rash. Reactions in <1% are listed below."
            introduced = band
    return effects


def _split_at_tier_definitions(text: str) -> tuple[str, str | None]:
    """*text* before the lists its sentence defining "frequent", "infrequent" and "rare"
    introduces, and those lists; *text* whole and None where no sentence defines them."""
    for _, sentence in sentences(text):
        if all(pattern.search(sentence) for pattern, _ in _TIER_DEFINITIONS.values()):
            end = text.index(sentence) + len(sentence)
            return text[:end], text[end:]
    return text, None


def _graded_lists(text: str, number: str, postmarketing: bool) -> list[SideEffect]:
    """The reactions listed by body system under the words the label defined for how often
    ("Cardiovascular - Frequent: a, b. Rare: c."; "Eye Disorders: Frequent – a; Rare – b"),
    each with the tier its word was defined as (frequent ≥1/100: common; infrequent: uncommon;
    rare <1/1000: rare). A list without a body system before it keeps the one before."""
    marks = list(_TIER_MARK.finditer(text))
    if not marks:
        return []
    category = _trailing_heading(text[: marks[0].start()])[1]
    effects: list[SideEffect] = []
    for mark, after in zip(marks, [*marks[1:], None], strict=True):
        listed, heading = _trailing_heading(text[mark.end() : after.start() if after else None])
        listed = re.split(r"\.(?:\s|$)", listed, maxsplit=1)[0]  # the list ends at its stop
        names = listed_names(listed, opens=True)
        if len(names) == 1:  # "Infrequent: ear pain and tinnitus." names two
            names = [name[:1].upper() + name[1:] for name in _split_and(names[0])]
        word = mark.group(1)
        frequency: Frequency = "unknown" if postmarketing else _TIER_DEFINITIONS[word][1]
        effects.extend(
            SideEffect(
                name=name,
                frequency=frequency,
                category=category,
                frequency_note=word.lower(),
                section=f"Adverse reactions {number}",
                source=SOURCE_ID,
            )
            for name in names
            if not _runs_into_heading(name)
        )
        category = heading or category
    return effects


def _trailing_heading(text: str) -> tuple[str, str | None]:
    """*text* split before the body system's heading it ends in ("… bundle branch block.
    Central and Peripheral Nervous System Disorders -", "… leukopenia Cardiac Disorders:"),
    or before a short heading after its last full stop ("… hay fever. Special Senses -")."""
    bare = text.rstrip(" :;–—-")
    words = bare.split()
    heading = None
    for first in range(len(words) - 1, -1, -1):
        candidate = " ".join(words[first:])
        if not re.fullmatch(r"[A-Za-z,/&]+(?:\s+[A-Za-z,/&]+)*", candidate):
            break
        if words[first][:1].isupper() and is_body_system(candidate):
            heading = candidate
    if heading is None and ". " in bare:
        last = bare.rsplit(". ", 1)[1]
        if (
            len(last.split()) <= MAX_HEADING_WORDS
            and last[:1].isupper()
            and not _CLAUSE.search(last)
        ):
            heading = last
    if heading is None:
        return text, None
    return bare[: len(bare) - len(heading)], heading.strip(" ,")


def _colon_headings(text: str) -> str:
    """*text* with a body system's heading set off by a dash, in lower case ("Nervous system
    disorders – movement disorder"), set off by a colon after a full stop, as the list reader
    reads it: the list before it ends there ("… palpitations Gastrointestinal disorders –")."""

    def colon(match: re.Match[str]) -> str:
        heading = match.group(1)
        first = heading.split()[0].rstrip(",")  # a system's word, not "Conditions"
        opens = first.casefold() == "skin" or _SYSTEM_FIRST_WORD.fullmatch(first)
        if not (opens and is_body_system(heading)):
            return match.group(0)
        ended = text[: match.start()].rstrip().endswith((".", ":", ";"))
        return f"{heading}: " if ended else f". {heading}: "

    def joined(match: re.Match[str]) -> str:
        word = match.group(1) + match.group(2)
        systems = (_SYSTEM_FIRST_WORD, _SYSTEM_PART_WORD, _SYSTEM_OTHER_WORD)
        return word if any(pattern.fullmatch(word) for pattern in systems) else match.group(0)

    text = re.sub(r"\s+:", ":", _SPLIT_CAPITAL.sub(joined, text))
    text = _DASH_HEADING.sub(colon, text)  # *colon* reads the text its match is in
    return _RUN_ON_COLON_HEADING.sub(colon, text)


def _introduced_lists(
    parts: list[str], number: str, postmarketing: tuple[Frequency, str | None] | None
) -> list[SideEffect]:
    """The reactions listed after a colon by sentences saying they list more ("The following
    reactions did not meet the criterion for Table 3 but were reported by 2% to 4% of
    patients: a, b, c."), with the band the words before the colon give."""
    effects: list[SideEffect] = []
    introduces = _REPORTED_LIST_INTRO if postmarketing else _LIST_INTRO
    for sentence in parts:
        intro = introduces.match(sentence.strip())
        if intro is None:
            continue
        frequency, note = postmarketing or frequency_band(intro.group(0)) or ("unknown", None)
        effects.extend(
            SideEffect(
                name=name,
                frequency=frequency,
                frequency_note=note,
                section=f"Adverse reactions {number}",
                source=SOURCE_ID,
            )
            for name in listed_names(_before_footnote(sentence.strip()[intro.end() :]), opens=True)
            if not _runs_into_heading(name)
        )
    return effects


def _before_footnote(text: str) -> str:
    """*text* before the footnote its list's stop runs into ("… weight decreased. * The
    sudden onset of sleep …"): sentences are not split before a footnote's mark."""
    return re.split(r"\.\s+(?=[*†‡§¶])", text, maxsplit=1)[0]


def _introduced_band(sentence: str) -> tuple[Frequency, str] | None:
    """The band a sentence introducing lists gives, where it ends in a colon ("The following
    … by <1% of patients:") or says the lists follow ("… in <10% are presented below.")."""
    return frequency_band(sentence) if _INTRODUCES.search(sentence) else None


def is_body_system(heading: str | None) -> bool:
    """Whether *heading* names a body system ("Skin and Subcutaneous Tissue Disorders"):
    all its words are body systems' words, and it is not a part of one ("System")."""
    if heading is None:
        return False
    words = re.findall(r"[^\s,/&]+", heading)
    patterns = (_SYSTEM_FIRST_WORD, _SYSTEM_PART_WORD, _SYSTEM_OTHER_WORD)
    return (
        bool(words)
        and all(any(pattern.fullmatch(word) for pattern in patterns) for word in words)
        and not all(_SYSTEM_PART_WORD.fullmatch(word) for word in words)
    )


def _runs_into_heading(name: str) -> bool:
    """Whether a listed name ran on into the next heading, its colon lost: "Urinary tract
    infection Metabolism", "Peroneal nerve palsy Adjuvant", "Syncope Respiratory", "Increased
    GGT Renal — renal failure"; or was cut at a bracket's comma ("Elevations of tests [ALT")."""
    words = name.split()
    mixed = any(before[:1].islower() and after[:1].isupper() for before, after in pairwise(words))
    capitalised = words[-1][:1].isupper() or words[-1] in {"and", "or"}  # "Infections and"
    last = words[-1] if len(words) > 1 and capitalised else ""
    broken = name.count("[") != name.count("]") or re.search(r"[•—–]| - ", name) is not None
    # a lone word that only qualifies: "… and" a heading cut off, the adjective of a name it
    # shares ("peripheral and sensory neuropathy"), a heading's first word ("Connective")
    lone = (
        len(words) == 1
        and name.casefold() != "infection"  # a reaction, and a heading's word
        and any(pattern.fullmatch(name) for pattern in (_QUALIFIER, _SYSTEM_FIRST_WORD))
    )
    run_on = any(pattern.fullmatch(last) for pattern in (_SYSTEM_FIRST_WORD, _RUN_ON_WORD))
    return len(name) < 3 or broken or lone or mixed or run_on


def frequency_band(text: str) -> tuple[Frequency, str] | None:
    """The CIOMS tier of the one frequency band *text* gives, and its words; None when it
    gives none, or a band that spans two tiers ("2 to 15 percent") or only a floor ("≥3%").

    A bound alone gives the highest tier it allows ("<1%": uncommon), as in tables."""
    found = list(_BAND.finditer(text))
    if len(found) != 1:
        return None
    words = found[0].group(0).strip()
    at_most, below, low_then_below, at_least, upper, low, high = found[0].groups()
    if at_most:
        return band_of(Decimal(at_most), below=False), words  # "≤1%" allows 1%: common
    if below and not low_then_below:
        return band_of(Decimal(below), below=True), words  # "<1%" alone
    if low and high:  # "3 to 4 percent": both ends inside the band
        lowest, top = Decimal(low), band_of(Decimal(high), below=False)
    else:  # "<3% and ≥1%", "≥1% and <3%": the top end is not in the band
        lowest, top = (
            Decimal(low_then_below or at_least),
            band_of(Decimal(below or upper), below=True),
        )
    return (top, words) if band_of(lowest, below=False) == top else None


def _paragraphs(text: str, heading: str | None) -> Iterator[tuple[str | None, str]]:
    """(heading, text) of each paragraph a "System:" heading opens; the text before any first."""
    found = sorted(
        (match.start(), match.end(), name.strip(" ,"))
        for pattern in _HEADINGS
        for match in pattern.finditer(text)
        if len((name := match.group(1)).split()) <= MAX_HEADING_WORDS
        and not _CLAUSE.search(re.sub(r"\bas a whole\b", "", name, flags=re.IGNORECASE))
        and not _SECTION_NAME.search(name)
        and not _RUN_INTO_CAPITALS.search(name)
    )
    start, category = 0, heading
    for begin, end, name in found:
        if begin < start:
            continue  # inside the heading before it
        yield category, text[start:begin]
        start, category = end, name
    yield category, text[start:]


def listed_names(sentence: str, opens: bool) -> list[str]:
    """The names a sentence lists, or none when it is not a list of reactions."""
    text = _SEE.sub("", sentence.strip()).rstrip(" .;:")
    headed = _HOW_OFTEN_HEADING.sub("", _LOST_HEADING.sub("", text))
    opens, text = opens or headed != text, _HOW_OFTEN.sub("", headed)
    if opens:
        text = _before_run_on_sentence(text)
    if events := _EVENTS_COLON.search(text):
        text, opens = text[events.end() :], True
    intro = _INTRO.match(text)
    tail = _REPORTED_TAIL.search(text + ".")
    may_occur = _MAY_OCCUR_TAIL.search(text)
    if intro:
        text = text[intro.end() :]
    elif may_occur and not tail and _names_only(text[: may_occur.start()]):
        text = text[: may_occur.start()]  # not "Nausea and vomiting may occur …": one reaction
    elif tail and not opens:
        text = text[: tail.start()]
        if len(_items(text)) < 2:
            return []  # "Hyperammonemia has been reported in a child …": a report, not a list
    elif tail:
        text = text[: tail.start()]
    elif not opens:
        return []
    items = _items(text)
    plural = tail is not None and opens and tail.group(0).split()[0] == "have"
    if (intro or (tail and (tail.group("each") or plural))) and len(items) == 1:  # "a and b …"
        items = _split_and(items[0], most=1)
    names: list[str] = []
    for item in items:
        name = _RARE_CASES.sub("", item.strip(" .;:"))
        if not _is_name(name):
            if _is_name(name, most=2 * MAX_ITEM_WORDS):
                continue  # a long name ("excessive dryness and fragility of the skin with …")
            break
        name = clean_name(name)  # "Acute renal failure**"
        names.append(name[:1].upper() + name[1:])
    whole = len(names) == len(items)
    return names if whole or len(names) >= MIN_LISTED else []


def _split_and(item: str, most: int = 0) -> list[str]:
    """The reactions "a and b" names (at most *most* splits, 0 for all); *item* whole where
    an "and" joins words, not names ("elevations of transaminase with and without …"), or
    the names share a head ("Elevations in BUN and serum uric acid": tests, not reactions)."""
    pieces = re.split(r"\s+and\s+(?![^(]*\))", item, maxsplit=most)
    joined = any(_JOINING_WORD.search(piece) for piece in pieces[:-1])
    return [item] if joined or _SHARED_HEAD.match(item) else pieces


def _names_only(text: str) -> bool:
    """Whether *text* lists at least MIN_LISTED items, each a reaction's name; not a list
    whose later items share the first one's head ("Elevation of liver transaminases,
    alkaline phosphatase, and …": the others are tests, not reactions)."""
    items = _items(text)
    return (
        len(items) >= MIN_LISTED and all(map(_is_name, items)) and not _SHARED_HEAD.match(items[0])
    )


def _reported(sentence: str) -> list[str]:
    """The reaction a headed paragraph's sentence reports as its subject, and the ones the
    most frequent effect results in; none when the subject is not a name."""
    text = _LOST_HEADING.sub("", _SEE.sub("", sentence.strip())).rstrip(" .;:")
    effect = _MOST_FREQUENT_EFFECT.match(text)
    if effect:
        found = [effect.group("name"), *_items(effect.group("list"))]
    elif subject := _REPORTED_SUBJECT.match(text):
        name = re.sub(r"\s+also$", "", subject.group("name"))  # "Transient alopecia also"
        name = re.sub(r"\s+and\s+other\s+\w+(?:\s+\w+)?$", "", name)  # not "other X symptoms"
        if subject.group("plural") or subject.group("occurred"):  # "(Both) a and b have …"
            found = _split_and(re.sub(r"^both\s+", "", name, flags=re.IGNORECASE))
        else:
            found = [name]
    else:
        return []
    names = [" ".join(_BRACKETS.sub(" ", name).split()) for name in found]
    if not all(_is_name(name) and not _NOT_A_REPORTED_REACTION.search(name) for name in names):
        return []
    return [name[:1].upper() + name[1:] for name in map(clean_name, names)]


def _before_run_on_sentence(text: str) -> str:
    """A headed list without the sentence run on after its last item, no stop between them.

    The cut is where a capitalised word follows a word of the list and what follows is a
    sentence (its words up to the next comma hold a verb or a remark), so a name's own
    capital ("Stevens-Johnson") and names in title case ("Back Pain, Chest Pain") stay."""
    for match in _RUN_INTO_SENTENCE.finditer(text):
        clause = re.split(r"[,;]", _BRACKETS.sub(" ", text[match.end() :]), maxsplit=1)[0]
        if _CLAUSE.search(clause):
            return text[: match.start()]
    return text


def _items(text: str) -> list[str]:
    """A list's items: at commas and semicolons outside brackets, the last at "and"/"or"."""
    items: list[str] = []
    depth, start = 0, 0
    for index, char in enumerate(text):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char in ",;" and depth == 0:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    items = _shared_noun(
        piece.strip() for item in items for piece in _results(item) if piece.strip()
    )
    items = [_JOINER.sub("", item) for item in items]
    # the last item splits at "and"/"or" ("… ataxia and tremor"), not after a semicolon, where
    # each item is one ("…; elevation or depression of blood sugar levels")
    after_semicolon = re.search(r";[^;,]*$", _BRACKETS.sub("", text)) is not None
    # nor where a "with" joins it ("drug reaction with eosinophilia and systemic symptoms")
    with_joined = bool(items) and re.search(r"\swith\s.*\s(?:and|or)\s", items[-1]) is not None
    if len(items) > 1 and not _INCLUDING.match(items[-1]) and not (after_semicolon or with_joined):
        items[-1:] = re.split(r"\s+(?:and|or|and/or)\s+(?![^(]*\))", items[-1], maxsplit=1)
    joined: list[str] = []
    for item in items:  # "Anemias, including macrocytic anemia": one item
        if _INCLUDING.fullmatch(item.strip()):
            continue  # "extrapyramidal symptoms, including, tardive dyskinesia"
        if joined and _INCLUDING.match(item):
            joined[-1] = f"{joined[-1]}, {item}"
        else:
            joined.append(item)
    return joined


def _results(item: str) -> list[str]:
    """An item and the reactions it is said to result in, each a reaction of its own;
    "rarely resulting in cardiac arrest" after a comma is cardiac arrest."""
    cause, *results = _RESULTING_IN.split(item, maxsplit=1)
    if not results:
        return [item]
    return [cause, *re.split(r"\s+(?:and|or)\s+(?![^(]*\))", results[0])]


def _shared_noun(items: Iterable[str]) -> list[str]:
    """*items* with lone adjectives joined to the name whose noun they share: "hemolytic,
    sideroblastic, or aplastic anemia" is one item, not "Hemolytic" and "Sideroblastic"."""
    joined: list[str] = []
    waiting: list[str] = []
    for item in items:
        if _ADJECTIVE.fullmatch(item):
            waiting.append(item)
            continue
        if waiting and re.match(rf"(?:and|or)\s+{_ADJECTIVE.pattern}\s+\S", item):
            joined.append(", ".join([*waiting, item]))
        else:
            joined += [*waiting, item]
        waiting = []
    return joined + waiting


def _is_name(item: str, most: int = MAX_ITEM_WORDS) -> bool:
    """Whether a list item is a reaction's name: a few words (*most*), no verb, number or
    remark."""
    bare = _BRACKETS.sub(" ", item)
    words = re.split(r",\s*(?:including|such as)\s", bare)[0].split()  # the name, not its parts
    balanced = item.count("(") == item.count(")")
    return (
        0 < len(words) <= most
        and balanced
        and ":" not in item  # a heading inside it
        and not re.search(r"\d|%", item)  # "Anemia (9%)": a rate this reader does not take
        and not _CLAUSE.search(bare)
        and not _DESCRIPTION.match(bare)
        and item[:1].isalpha()
    )
