"""Serious reactions as the label names them: the boxed warning, Warnings and Precautions.

The boxed warning's headline is its capitals ("WARNING: SERIOUS INFECTIONS AND
MALIGNANCY"), which openFDA often cuts between the title and the text; it is
rejoined up to where the label's text starts (the brand name in capitals, or a
sentence), then split into reactions at commas, semicolons and "and" — but not
an "and" inside a name ("SERIOUS AND FATAL HEPATOTOXICITY", "SUICIDAL THOUGHTS
AND BEHAVIORS"), nor one whose reactions share the qualifier after them
("DEPRESSION AND SUICIDALITY IN PATIENTS WITH HUNTINGTON'S DISEASE" is one).
Each Warnings and Precautions subsection (5.x, or a subsection
of an old-format Warnings section) about a reaction is one too; one about a
population, a procedure or an interaction ("Geriatric Patients", "Major
Surgery", "Calcium Channel Blockers") is a precaution, not a reaction, and so
is one about a property of the drug ("Binding to Melanin-Containing Tissues"). An
"and" between two drugs a reaction comes with ("SEROTONIN SYNDROME WITH USE OF
SEROTONERGIC DRUGS AND OPIOIDS") does not split it. Where a
subsection's text gives the reaction's rate ("neutropenia occurred in 96% of
patients"), the rate is read with the arm it names. An old boxed warning or
WARNINGS section without headings names its reactions as its sentences' subjects
("Anaphylactic-like reactions to cisplatin have been reported"), kept only where
the label's adverse reactions or its other warning name them too. A box headline that
names no reaction ("LIFE THREATENING ADVERSE REACTIONS") is none: the warnings
subsections its text cites are its reactions. An old WARNINGS heading its part says
again as its first words is one whatever its case ("Clostridioides difficile Associated
Diarrhea"); the adverse reactions a part's first sentence says have been fatal or
serious ("Fatalities and serious adverse reactions including …") are flagged under it.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from medcli.labels.rate_sentences import arm_near, read_percent, sentences, trial_before
from medcli.labels.split import unnumbered_headings
from medcli.model import Label, LabelSection, Rate

SOURCE_ID = "fda-label"
PLR_WARNINGS, OLD_WARNINGS, BOXED, UNCLASSIFIED = "43685-7", "34071-1", "34066-1", "42229-5"
INDICATIONS, ADVERSE = "34067-9", "34084-4"
MAX_HEADLINE = 300
# Warnings subsections that are advice, a population, a procedure or an interaction.
_NOT_REACTIONS = re.compile(
    r"interference|laboratory test|monitoring|risk evaluation|\brems\b|interactions?$"
    r"|^(general|usage|use|combined use|concomitant|information|important|spl unclassified"
    # a population, unless what it has is the reaction: "Male Infertility"
    r"|patients?|women|(?:fe)?males?(?! infertility\b)"
    r"|pediatric use|geriatric|elderly|use in|premenopausal"
    r"|immunizations?|vaccinations?|major surgery|surgery|surgical|alcohol content"
    r"|not recommended|risks? (of|from|associated with) "
    r"(concomitant |combination )?(use|treatment|therapy)|coadministration|co-administration"
    r"|pregnancy|nursing|lactation|screening|(potential for )?interactions?|contraception"
    r"|chronic use|animal|the|re-?treatment"
    # advice to the prescriber: "Management of Immunosuppression", "Dosing Errors …"
    r"|management of|dosing)\b"
    r"|(blockers|inhibitors|inducers|antagonists|agonists|agents|medications|vaccines"
    r"|depressants)$"
    r"|^(not for|for (intravenous|oral|intramuscular|subcutaneous) use)"
    # a property of the drug, not a reaction: "Binding to Melanin-Containing Tissues", signs
    # it hides ("Masking of Inflammation and Fever"), a lack of benefit in some patients
    r"|^(binding (to|of)|lack of (effect|efficacy|effectiveness)|masking of)\b"
    r"|\black of (benefit|effect|efficacy|effectiveness)\b"
    # the risks of a use: "Risks Associated with BRAND as a Single Agent", "… with Ribavirin
    # Combination Treatment"
    r"|^risks? associated with\b"
    r"|^(boxed )?warnings?$"
    # a finding of a population or a combination, or the tablet seen in stool: not a reaction
    r"|^increased toxicity (in|with)\b|\bresidue in (the )?stool\b"
    # a lab artefact ("Uninterpretable Platelet Counts") or a finding in animals
    r"|^uninterpretable\b|\bin animals$"
    # what the patient must not give, not what the drug does: "Blood Donation"
    r"|\bdonations?$"
    # use with another drug, whose risk is the interaction, not a reaction: "Risk of Reduced
    # Antiviral Activity When Coadministered with …", "Risks Associated When Administered in
    # Combination with …", "Risks of Interactions with …", "… Due to Drug Interactions"
    r"|^(risks? of )?(reduced|decreased|diminished|loss of) (\w+ )?(activity|efficacy|effect)"
    r".*\b(co-?administ\w*|concomitant\w*|in combination)\b"
    r"|^risks? (associated )?when (co-?)?administered\b|^risks? of (drug )?interactions?\b"
    r"|\bdue to drug interactions\b"
    r"|^((clinically|potentially) )?(important )?(other )?(potentially important )?drug "
    r"interactions\b(?! leading to)"
    # a gene allele is what the patient carries, not a reaction: "HLA-B*1502 ALLELE"
    r"|^\S+\*\d+\s+allele$"
    # an activity to take care with: "Driving and Operating Machinery", "Effects on the
    # Ability to Drive and Use Machines"
    r"|\bdriv(e|ing)\b|\bmachine(s|ry)\b"
    # a population's risks, or the population: "Risks in Patients with …", "Phenylketonurics"
    r"|^risks? (in|for) patients with\b|^[a-z]+ics$",
    re.IGNORECASE,
)
# What a subsection is about when its first sentence says so: a test the drug makes read
# falsely ("a false interpretation of the urine ketone test", "can interfere with estradiol
# measurement by immunoassay"), patients an ingredient harms ("Phenylalanine can be harmful to
# patients with phenylketonuria"), or a use the drug must not be put to or a population it
# must not be given to ("should not be used for treatment of streptococcal infections").
_NOT_ABOUT_A_REACTION = re.compile(
    r"\bfalse(ly)?[- ](interpretation|positive|negative|elevated|decreased|increased|high|low)"
    r"|\binterfere\w* with [\w ]{0,40}?\b(measurements?|assays?|tests?)\b"
    r"|\bharmful (to|in|for) patients with\b|^\w+ic patients should be informed\b"
    r"|\bshould not be used (for (the )?(treatment|prevention|primary|secondary|relief)\b"
    r"|in (patients|women|men|children)\b)",
    re.IGNORECASE,
)
# A reaction with another drug's use is the reaction's title, not an interaction's:
# "Increased Risk of Bleeding With Concomitant Use of Vitamin K Antagonists".
_WITH_DRUG_USE = re.compile(
    r"\s+(with|during|when)\s+(the\s+)?(concomitant|concurrent)\s+"
    r"(use|administration|therapy|treatment)\b.*$",
    re.IGNORECASE,
)
# A reaction's title naming its monitoring too: "Electrolyte Depletion/Monitoring".
_AND_MONITORING = re.compile(r"\s*(/|\band\b)\s*monitoring$", re.IGNORECASE)
# A finding in vitro its subsection says is of no known clinical consequence: not a reaction.
_UNKNOWN_IN_VITRO = re.compile(
    r"^[^.]*\bin vitro\b.*\bclinical (consequence|significance|relevance)\b"
    r"[^.]*\b(not known|unknown|uncertain)\b",
    re.IGNORECASE,
)
# A box headline naming no reaction, only that there are some, or the risk of some in body
# systems: "LIFE THREATENING ADVERSE REACTIONS", "RISK OF SERIOUS CARDIOVASCULAR AND
# GASTROINTESTINAL EVENTS"; its reactions are the warnings subsections its text cites.
# ("HEMATOLOGIC REACTIONS" without "risk of" names its reactions.)
_NO_REACTION_NAMED = re.compile(
    r"^((serious|severe|fatal|life[- ]threatening|important|other|and|or)\s+)*(adverse\s+)?"
    r"(reactions?|events?|risks?|toxicities|effects|warnings?)$"
    r"|^risks? of ((serious|severe|fatal|and|or|cardiovascular|cardiac|gastrointestinal|hepatic"
    r"|renal|neurologic(al)?|psychiatric|hematologic(al)?|dermatologic(al)?|respiratory)\s+)+"
    r"(adverse\s+)?(reactions|events)$",
    re.IGNORECASE,
)
# The warnings subsections a box cites: "[see Warnings and Precautions ( 5.1 )]", "( 5.2 , 5.3 )".
_CITED_SUBSECTIONS = re.compile(r"\(\s*(5\.\d+(?:\s*,\s*5\.\d+)*)\s*\)")
# What a use is "with": drugs, not reactions ("… USE OF SEROTONERGIC DRUGS AND OPIOIDS").
_DRUGS = re.compile(
    r"^(other |strong |moderate )?(opioids|drugs|depressants|benzodiazepines|inhibitors"
    r"|inducers|substrates|products|medications|agents|alcohol)$",
    re.IGNORECASE,
)
# A class of drugs a boxed warning's title names beside its reaction ("Antidepressant Drugs").
_DRUG_CLASS = re.compile(r"^\w+ (drugs|medications|medicines|agents)$", re.IGNORECASE)
# An old boxed warning's reaction said in a sentence: "Cases of hepatic failure have been reported".
_CASES_REPORTED = re.compile(r"\bCases of ([a-z][a-z\- ]{2,60}?) (?:have|has) been reported\b")
# What a part says the drug makes fail ("vagal maneuvers … may be ineffective in patients
# receiving quinidine"): its heading ("Vagolysis") names a pharmacological effect, not a reaction.
_MADE_INEFFECTIVE = re.compile(r"\b(?:may|can|might|will) be (?:ineffective|less effective)\b")
BOX_OPENING = 80  # characters of a boxed warning a WARNINGS part must open with to repeat it
# An old box without headline names its risks in sentences: organ toxicities ("The risk of
# nephrotoxicity is greater …", "Neurotoxicity manifested by ototoxicity …") and fetal harm.
_BOX_RISKS = re.compile(
    r"\b[a-z]+otoxicity\b|(?<=can cause |may cause )fetal harm\b", re.IGNORECASE
)
# An old box's or WARNINGS paragraph's sentence whose subject is a reaction, without a heading:
# "Anaphylactic-like reactions to cisplatin have been reported", "Anaphylaxis and angioedema
# requiring hospitalization have occurred", "Other major dose-related toxicities are
# myelosuppression, nausea, and vomiting", "Cumulative renal toxicity … is severe".
_SUBJECT = r"([A-Z][a-z\-]+(?: [a-z][a-z\-]*){0,4}?)"
_SAID_REACTIONS = (
    re.compile(
        "^" + _SUBJECT + r"(?: (?:to|requiring|with|in|coincident|associated|following)\b"
        r"[^.]{0,80}?)?(?:, which [^,.]{0,60},)?"
        r" (?:have|has) (?:also )?(?:been reported|occurred)\b"
    ),
    re.compile(r"\btoxicities (?:are|include) ((?:[a-z\-]+,? )+?and [a-z\-]+)\."),
    re.compile("^" + _SUBJECT + r" (?:associated with \w+ )?is (?:severe|serious|significant)\b"),
    # "… there have been clinical reports of sterility, azoospermia, and testicular atrophy"
    re.compile(
        r"\bthere (?:have|has) been (?:\w+ )?reports? of ((?:[a-z\-]+ ?){1,3}"
        r"(?:, (?:and |or )?(?:[a-z\-]+ ?){1,3})*?)(?= in\b| with\b|\.|$)"
    ),
)
# What the product itself is said to cause, named only here: "MYLERAN can induce severe
# bone marrow hypoplasia", "Busulfan has been associated with ovarian failure",
# "busulfan-induced pancytopenia", "BUSULFAN-INDUCED LEUKEMOGENESIS".
_PRODUCT_CAUSES = (
    r"\b{product} (?:can|may) (?:induce|cause) (?:severe |serious )?([a-z][a-z\- ]{{2,50}}?)"
    r"(?= in\b| when\b|[.,;]|$)",
    r"\b{product} (?:has been|is|was) associated with ([a-z][a-z\- ]{{2,50}}?)"
    r"(?= including\b| in\b|[.,;]|$)",
    r"\b{product}-induced ([a-z][a-z\-]+(?: (?!in\b|is\b|may\b|of\b|and\b)[a-z\-]+)?)\b",
    # "… drugs with this potential, including thioridazine, have been associated with
    # Torsades de pointes type arrhythmias and sudden death"
    r"\bincluding {product}, have been associated with ([A-Za-z][A-Za-z\- ]{{2,80}}?)(?=[.,;]|$)",
)
# A colon openFDA spaced off its heading: "Angle-Closure Glaucoma : The pupillary …".
_SPACED_COLON = re.compile(r"(?<=\w) :(?=\s)")
# An old WARNINGS title that names its risk: "WARNINGS SPECIAL WARNING ON INCREASED RISK OF
# CARDIOVASCULAR MORTALITY:".
_SPECIAL_RISK = re.compile(r"\bSPECIAL WARNING ON ((?:INCREASED )?RISK OF [A-Z][A-Z \-]{2,60}?):?$")
# An old WARNINGS heading said again as its part's first words, whatever their case:
# "Clostridioides difficile Associated Diarrhea Clostridioides difficile associated diarrhea
# (CDAD) has been reported …" (its lower-case word hides it from the capitals' headings).
_ECHOED_HEADING = re.compile(r"(?:^|(?<=[.)]\s))([A-Z][\w\-]*(?: [\w\-]+){1,5}) ((?i:\1))\b")
# A one-word old WARNINGS heading whose part's first word shares its stem: "Hepatotoxicity
# Hepatic reactions, including …" (five letters: "Hepat").
_ONE_WORD_BEFORE_A_WORD = re.compile(r"(?:^|(?<=[.)]\s))([A-Z][a-z]{6,}) ([A-Z][a-z]{4,})\b")
# A hyphen spaced on either side, which the heading and its echo space apart differently:
# "Clostridioides difficile -associated diarrhea Clostridioides difficile- associated …".
_SPACED_HYPHEN = re.compile(r"(?<=\w) ?- ?(?=\w)")
# An old WARNINGS heading in sentence case whose part's first sentence, in capitals, says it
# again: "Pulmonary reactions ACUTE, SUBACUTE, OR CHRONIC PULMONARY REACTIONS HAVE BEEN …".
_HEADING_BEFORE_CAPITALS = re.compile(
    r"(?:^|(?<=[.)]\s))([A-Z][a-z]+(?: [a-z]+){1,3}) (?=[A-Z][A-Z ,\-]*\b(?i:\1)\b)"
)
# A part's sentence listing the reactions that have been fatal or serious: "Fatalities and
# serious adverse reactions including … Stevens-Johnson syndrome, toxic epidermal
# necrolysis, …; agranulocytosis, aplastic anemia and other blood dyscrasias; … have occurred".
_FATAL_LIST = re.compile(
    r"^(?:fatalities|deaths)\s+and\s+serious\s+(?:adverse\s+)?reactions,?\s+including\s+"
    r"(?P<list>.+?),?\s+have\s+(?:occurred|been\s+reported)\b",
    re.IGNORECASE,
)
# A sentence's opening words taken for a heading: "The World Health Organization has …".
_SENTENCE_OPENING = re.compile(r"^(?:The|A|An|This|These|It|In)\s")
# What a WARNINGS paragraph says the drug causes: "Cisplatin produces cumulative
# nephrotoxicity", "can commonly cause ototoxicity", "may cause fetal harm".
_CAUSES = re.compile(
    r"\b(?:produces|(?:can|may) (?:\w+ly )?cause) (?:cumulative |severe )?"
    r"([a-z]+otoxicity|fetal harm)\b",
    re.IGNORECASE,
)
# Words before a reaction that grade or place it, not name it.
_GRADING = re.compile(r"^(?:the development of |other |cumulative |severe |serious |fatal )+")
# A subject that is a person, a test or a finding, not a reaction.
_NOT_A_SUBJECT = re.compile(
    r"\b(patients?|cases?|(?<!sudden )deaths?|reports?|studies|study|trials?|doses?|levels?"
    r"|use|therapy"
    r"|treatment|effects?|information|data|experience|events?|fatalit\w+|mortality"
    # what a sentence says of a reaction, not its name: "These reactions", "Clinically
    # significant increases in prothrombin time", "Symptoms have been reported to occur …"
    r"|these|those|such|increases?|decreases?|changes?|symptoms?)\b",
    re.IGNORECASE,
)
# A headline word that modifies the next noun: an "and" after it joins, it does not split.
_MODIFIER = re.compile(
    r"(serious|fatal|severe|prolonged|acute|chronic|life[- ]threatening|sometimes|increased"
    r"|left|right|ventricular|venous|arterial|cutaneous|suicidal|cardiovascular|\w+al|\w+ic"
    r"|\w+ous|\w+ive|\w+ary)$",
    re.IGNORECASE,
)
# A qualifier after the last reaction of "X and Y": it applies to both, so they stay one name.
_QUALIFIER = re.compile(
    r"\b(in|among)\s+(patients|adults|children|pediatric|elderly|women|infants|neonates"
    r"|adolescents|pregnant)\b",
    re.IGNORECASE,
)
# A preposition makes a title a phrase ("Serotonin Syndrome with Use of X and Y"): kept whole.
_PHRASE = re.compile(r"\b(with|of|in|from|for|to|after|during)\b", re.IGNORECASE)
_PAIRS = re.compile(r"\b(thoughts and behaviou?rs?|abuse and misuse|dependence and withdrawal)\b")
_JOINING = ("and", "or", "of", "with", "in", "from", "for", "the", "to", "including")
_HEADLINE_WORD = re.compile(r"^[^a-z]*[A-Z][^a-z]*$|^(" + "|".join(_JOINING) + ")$")
# Words of a sentence, not of a reaction's name: the headline ran into the text.
_SENTENCE_WORDS = re.compile(r"\.\s|\b(is|are|may|should|been|can|must|was|were)\b", re.IGNORECASE)
MAX_NAME_WORDS = 14
MAX_MORE_WORDS = 4  # a title naming a boxed reaction says at most this much more
# Capitals said twice in a row at a sentence's start: a heading, then its part's first words.
_REPEATED_HEADING = re.compile(r"(?:^|(?<=[.)])\s+)([A-Z][A-Z\-]+(?: [A-Z][A-Z\-]+){1,7}) \1\b")
# A headline's lead-in before the reactions it lists: "FATAL AND SERIOUS TOXICITIES: INFECTIONS, …".
_LEAD_IN = re.compile(r"^[^,;:]{3,80}:\s+(?=\S)")
# A sentence whose subject is one or more reactions, then their incidence: "Thrombocytopenia
# and neutropenia were reported in 83/164 patients", "Febrile neutropenia, which may be
# life-threatening, was reported in 43/164 patients (26%)".
_TERM = r"[a-z][a-z\-]*(?: [a-z][a-z\-]*){0,3}"
_REPORTED = re.compile(
    rf"^([A-Z][a-z\-]+(?: [a-z][a-z\-]*){{0,3}}(?:(?:, (?:and |or )?|,? (?:and|or) ){_TERM})*)"
    r"(?:, [^.]{0,120}?,)? (?:(?:was|were) (?:reported|observed|seen)|occurred) in \d"
)
_NOT_A_TERM = re.compile(
    r"\b(grade|patients?|adverse|events?|reactions?|serious|fatal|severe|cases?|incidence"
    r"|rates?|deaths?|median|treatment|dose|doses|discontinuation|interruption|reduction"
    r"|due to)\b",
    re.IGNORECASE,
)


# A subsection's rate of its reaction: "… occurred in 42% of patients", "neutropenia was
# the most frequently reported adverse reaction (75%)".
_STATED_RATE = re.compile(
    r"\b(?:occurred|(?:was|were) (?:reported|observed|seen))\s+in\s+(?:approximately\s+)?"
    r"(\d+(?:\.\d+)?)\s*%"
    r"|\b(?:was|were)\s+the\s+most\s+(?:common(?:ly)?|frequent(?:ly)?)\s+(?:reported\s+)?"
    r"(?:adverse\s+)?(?:reactions?|events?)\s*\(\s*(\d+(?:\.\d+)?)\s*%\s*\)"
)
# Words a reaction's own name may follow; any other ("febrile neutropenia") makes another name.
_BEFORE_A_NAME = frozenset(
    {"of", "and", "or", "with", "that", "which", "in", "the", "a", "an", "where", "including"}
    | {"as", "to", "any", "all-grade"}
)


_WORD = re.compile(r"[A-Za-z][\w'’*\-]*")
# A word written so only as a name is: "Wernicke's", "Stevens-Johnson", "HLA-B*1502", "SJS";
# a capital at a title word's start alone ("Conduction") may be a heading run into the text.
_PROPER = re.compile(
    r"^[A-Z][a-z]+['’]s$|^[A-Z][a-z]+-[A-Z][a-z]+$"  # "Wernicke's", "Stevens-Johnson"
    r"|^[A-Z]{1,3}$|^[A-Z][A-Z\-*]*\d[A-Z0-9\-*]*$"  # "QT", "B", "HLA-B*1502", "G6PD"
)
# An abbreviation the text defines in brackets: "(PML)", "(HSCT)".
_DEFINED_WORD = re.compile(r"^[A-Z][A-Z0-9\-]{1,7}$")
# The capitals of a boxed headline stop at an allele it names, unless "AND" goes on with
# another: "… REACTIONS AND HLA-B*1502 ALLELE SERIOUS AND SOMETIMES FATAL …" ran into the text.
_ALLELE_END = re.compile(r"\bALLELE\b(?=\s+(?!AND\b|OR\b)[A-Z])")


_INCLUDING_TAIL = re.compile(r"\s*(?:\(|\b(?:including|such as)\b).*$", re.IGNORECASE)
# Words around a reaction's name that do not tell one reaction from another.
_GENERIC_WORDS = frozenset(
    {"risk", "risks", "of", "and", "or", "the", "a", "an", "with", "in", "including"}
    | {"increased", "serious", "severe", "fatal", "life-threatening"}
    | {"reaction", "reactions", "event", "events"}
)


@dataclass(frozen=True)
class SeriousReaction:
    name: str
    where: str  # "Boxed Warning", "Warnings and precautions 5.2"
    rates: tuple[Rate, ...] = ()
    reported: tuple[str, ...] = ()  # reactions the text gives an incidence of: `reported_terms`
    aliases: tuple[str, ...] = ()  # the boxed headline's names for it ("Risk of anaphylaxis")


def serious_reactions(label: Label) -> list[SeriousReaction]:
    """Every reaction the boxed warning and the warnings subsections name, with its section."""
    found: list[SeriousReaction] = []
    if label.rx_otc == "otc":
        return found
    parent: LabelSection | None = None
    titles = warnings_titles(label)
    indications = " ".join(
        _folded(section.text) for section in label.sections if section.loinc == INDICATIONS
    )
    boxed = next(
        (_box_opening(s.text) for s in label.sections if s.loinc == BOXED and s.depth == 0), ""
    )
    adverse, box_text, warnings_text = (
        " ".join(_folded(s.text) for s in label.sections if s.loinc == code)
        for code in (ADVERSE, BOXED, OLD_WARNINGS)
    )
    boxed_numbers: set[str] = set()  # the subsections a box naming no reaction cites
    for section in label.sections:
        product = [*label.brand_names, *label.generic_names]
        if section.loinc == BOXED and section.depth == 0:
            names = boxed_headline(section, label.brand_names, titles)
            generic = bool(names) and all(_NO_REACTION_NAMED.match(name) for name in names)
            cited = _box_cited(section.text) if generic else set()
            boxed_numbers |= cited
            if cited:
                names = []  # the subsections it cites name its reactions
            elif not names:
                names = untitled_box(section, product, f"{adverse} {warnings_text}")
            names += [name for name in repeated_headings(section.text) if name not in names]
            casing = label_casing(label, names)
            found += [SeriousReaction(recased(name, casing), "Boxed Warning") for name in names]
        if section.loinc == OLD_WARNINGS and section.depth == 0:
            text = _SPACED_COLON.sub(":", section.text)  # "Angle-Closure Glaucoma :"
            headings = [
                heading
                for heading in unnumbered_headings(text, product)
                if not _SENTENCE_OPENING.match(heading)
            ]
            echoed = [
                match.group(1)
                for pattern, searched in (
                    (_ECHOED_HEADING, _SPACED_HYPHEN.sub("-", text)),
                    (_HEADING_BEFORE_CAPITALS, text),
                )
                for match in pattern.finditer(searched)
            ]
            echoed += [
                match.group(1)
                for match in _ONE_WORD_BEFORE_A_WORD.finditer(text)
                if match.group(1)[:5] == match.group(2)[:5]
            ]
            headings += [heading for heading in echoed if heading not in headings]
            if special := _SPECIAL_RISK.search(section.title):
                found.append(SeriousReaction(_as_name(special.group(1)), "Warnings"))
            if not headings and not _has_subsections(label, section):
                said = said_reactions(section.text, f"{adverse} {box_text}", product)
                risks = (match.group(1).casefold() for match in _CAUSES.finditer(section.text))
                said = list(dict.fromkeys([*said, *risks]))
                found += [SeriousReaction(_as_name(name.capitalize()), "Warnings") for name in said]
            for title in headings:
                opening = _part_opening(title, text)
                if (
                    not_a_reaction(title, opening)
                    or _treated(title, indications, product)
                    or _MADE_INEFFECTIVE.search(_first_sentence(opening))
                    or _patients_condition(title, _first_sentence(opening))
                ):
                    continue
                if boxed and opening.startswith(boxed):
                    found.append(SeriousReaction(title, "Boxed Warning"))  # the box's own part
                reported = (*reported_terms(section.text), *fatal_terms(opening))
                found.append(SeriousReaction(title, "Warnings", (), reported))
        if section.depth == 0:
            parent = section
            continue
        if parent is None or parent.loinc not in (PLR_WARNINGS, OLD_WARNINGS):
            continue
        if section.loinc not in (parent.loinc, UNCLASSIFIED, None):
            continue
        title = section.title.strip().rstrip(":.")
        if not_a_reaction(title, section.text):
            title = _cases_reported(section.text)  # "Alcohol Content": "Cases of intoxication"
        if not title or title == section.number:
            continue
        where = parent.title.capitalize() if parent.title.isupper() else parent.title
        number = f" {section.number}" if section.number else ""
        rates = tuple(section_rates(title, section, f"{section.number or ''}".strip()))
        reported = reported_terms(section.text)
        boxed = "Boxed Warning; " if section.number in boxed_numbers else ""
        found.append(SeriousReaction(title, f"{boxed}{where}{number}", rates, reported))
    return one_per_item(found)


def _box_cited(text: str) -> set[str]:
    """The warnings subsections a boxed warning cites, by number: {"5.1", "5.2"}."""
    return {
        number.strip()
        for match in _CITED_SUBSECTIONS.finditer(text)
        for number in match.group(1).split(",")
    }


def _cases_reported(text: str) -> str:
    """The reaction an advice subsection's text opens by reporting cases of, else "".

    "Alcohol Content Cases of intoxication have been reported …": the title names what
    the drug holds; the reaction is the text's ("Intoxication").
    """
    match = _CASES_REPORTED.match(text)
    return match.group(1).capitalize() if match else ""


_CASES_REPORTED = re.compile(r"Cases of ([a-z][a-z\- ]{2,40}?) (?:have|has) been reported\b")


def one_per_item(found: list[SeriousReaction]) -> list[SeriousReaction]:
    """*found* with each boxed reaction that a warnings subsection names folded into it.

    The boxed headline and the subsection name one item in two ways ("RISK OF
    ANAPHYLAXIS, HYPERSENSITIVITY …" and 5.1 "Anaphylaxis and Hypersensitivity
    Reactions"; "GLOMERULONEPHRITIS" and 5.2 "Glomerulonephritis and Renal
    Toxicity"): it is one entry, in both sections, under the subsection's title,
    unless that title ran into its text ("Neurotoxicity Pain" for "NEUROTOXICITY").
    """
    boxed = [item for item in found if item.where == "Boxed Warning"]
    titled = [item for item in found if item.where != "Boxed Warning"]
    aliases: dict[int, list[str]] = {}
    kept: list[SeriousReaction] = []
    for item in boxed:
        home = _subsection_of(item.name, titled)
        if home is None:
            kept.append(item)
        else:
            aliases.setdefault(home, []).append(item.name)
    for index, item in enumerate(titled):
        if index not in aliases:
            kept.append(item)
            continue
        names = aliases[index]
        name = names[0] if len(names) == 1 and _run_on(item.name, names[0]) else item.name
        where = f"Boxed Warning; {item.where}"
        kept.append(replace(item, name=name, where=where, aliases=(item.name, *names)))
    return kept


def _run_on(title: str, boxed: str) -> bool:
    """Whether *title* is the boxed name with words run on from its text, no word joining
    them: "Neurotoxicity Pain", "Toxic Deaths Breast Cancer", "… HCV and HBV Hepatitis"
    (not "… Leukoencephalopathy (PML)")."""
    words, named = title.casefold().split(), boxed.casefold().split()
    size = len(named)
    if len(words) <= size or words[:size] != named:
        return False
    seam = words[size]
    return seam not in _JOINING and not seam.startswith("(") and not named[-1].endswith(",")


def _subsection_of(name: str, titled: list[SeriousReaction]) -> int | None:
    """The warnings subsection naming the boxed reaction *name*: its words all in the
    title's with few more (the fewest first), else, without what it includes, the
    title's words; None when none. A boxed name with more to say than a title
    ("Suicidal thoughts and behaviors and increased mortality …") is not folded into it,
    nor one a long title only mentions ("Bleeding risk", "… Surgery-Related Bleeding")."""
    words = _core_words(name)
    if not words:
        return None
    cores = [_core_words(item.name) for item in titled]
    inside = [
        i for i, core in enumerate(cores) if words <= core and len(core - words) <= MAX_MORE_WORDS
    ]
    if inside:
        return min(inside, key=lambda i: len(cores[i]))
    bare = _core_words(_INCLUDING_TAIL.sub("", name))  # "Encephalopathy including Wernicke's"
    same = [i for i, core in enumerate(cores) if core and core == bare]
    return same[0] if same else None


def _core_words(name: str) -> frozenset[str]:
    """A reaction's own words, each as a key: not "risk of", "serious", "reactions"."""
    words = re.findall(r"[a-z0-9][a-z0-9'\-]*", name.casefold())
    keys = {_word_key(word) for word in words if word not in _GENERIC_WORDS}
    return frozenset(key for key in keys if key)


def _word_key(word: str) -> str:
    key = re.sub(r"[^a-z0-9]+", "", word)
    if key.endswith("ies"):
        return key[:-3] + "y"
    return key.removesuffix("s")


def label_casing(label: Label, names: Sequence[str]) -> dict[str, str]:
    """How the label writes the words of *names* it never writes in lower case.

    A headline in capitals loses its proper names when it becomes a name
    ("ENCEPHALOPATHY INCLUDING WERNICKE'S"); the boxed warning's and the warnings'
    text in mixed case gives them back ("Wernicke's", "SJS"). Only a name's form
    counts (a possessive, a capital after a hyphen, a short or bracketed
    abbreviation), written so at least twice and never in lower case; a sentence's
    first word and text in capitals say nothing of a word's casing. Only the
    names' own words are looked for, so a label costs one pass per section.
    """
    wanted = {word.casefold() for name in names for word in _WORD.findall(name)}
    if not wanted:
        return {}
    words = "|".join(re.escape(word) for word in sorted(wanted, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w'’*\-])(?:{words})(?![\w'’*\-])", re.IGNORECASE)
    forms: dict[str, str] = {}
    seen: Counter[str] = Counter()
    lower: set[str] = set()
    for section in label.sections:
        if section.loinc not in (BOXED, PLR_WARNINGS, OLD_WARNINGS, UNCLASSIFIED):
            continue
        text = section.text
        for match in pattern.finditer(text):
            word, key = match.group(0), match.group(0).casefold()
            around = text[max(0, match.start() - 60) : match.end() + 60]
            if around.upper() == around or text[: match.start()].rstrip()[-1:] in (
                "",
                ".",
                "!",
                "?",
            ):
                continue  # capitals, or a sentence's first word
            if word == key:
                lower.add(key)
            elif text[match.start() - 1 : match.start()] == "(" and _DEFINED_WORD.match(word):
                forms.setdefault(key, word)
                seen[key] += 2
            elif _PROPER.search(word):
                forms.setdefault(key, word)
                seen[key] += 1
    # said so twice at least: a heading's capitals run into the text once are no name
    return {key: form for key, form in forms.items() if key not in lower and seen[key] > 1}


def recased(name: str, casing: dict[str, str]) -> str:
    """*name* with each word the label never writes in lower case written as the label does."""
    recased = _WORD.sub(lambda word: casing.get(word.group(0).casefold(), word.group(0)), name)
    return recased[:1].upper() + recased[1:]


def not_a_reaction(title: str, text: str) -> bool:
    """Whether a warnings subsection is a precaution, not a reaction, by what its title and
    its first sentences are about: a population, a procedure, an interaction, an activity,
    advice (`_NOT_REACTIONS`), a test read falsely, an ingredient some patients must avoid,
    a use or a finding in vitro of no known consequence (`_NOT_ABOUT_A_REACTION`)."""
    opening = " ".join(text[:600].split())
    return bool(
        precaution_title(title)
        or _NOT_ABOUT_A_REACTION.search(_first_sentence(opening))
        or _UNKNOWN_IN_VITRO.search(opening)
    )


def precaution_title(title: str) -> bool:
    """Whether a warnings title or boxed name is a precaution's (`_NOT_REACTIONS`); one naming
    a reaction with another drug's use, or with its monitoring ("Electrolyte
    Depletion/Monitoring"), is judged by the reaction it names."""
    reaction = _WITH_DRUG_USE.sub("", _AND_MONITORING.sub("", title))
    named = reaction if reaction != title and _core_words(reaction) else title
    return bool(_NOT_REACTIONS.search(named))


def _has_subsections(label: Label, section: LabelSection) -> bool:
    """Whether *section* has subsections after it, which carry its reactions' titles."""
    after = label.sections[label.sections.index(section) + 1 :]
    return next((s.depth > 0 for s in after[:1]), False)


def _part_opening(title: str, text: str) -> str:
    """The words of an old WARNINGS part after its *title*, spaced as one line."""
    match = re.search(rf"{re.escape(title)}\s*:?\s+(?=[A-Z(])", text)
    return " ".join(text[match.end() :].split()) if match else ""


def _first_sentence(text: str) -> str:
    return re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]


def _box_opening(text: str) -> str:
    """A boxed warning's first words, by which a WARNINGS part that repeats it is known;
    empty when too short to tell."""
    opening = " ".join(text.split())[:BOX_OPENING]
    return opening if len(opening) == BOX_OPENING else ""


def warnings_titles(label: Label) -> frozenset[str]:
    """The label's warnings subsection titles, folded: a boxed part named so is one reaction."""
    parent = ""
    titles: set[str] = set()
    for section in label.sections:
        if section.depth == 0:
            parent = section.loinc or ""
        elif parent in (PLR_WARNINGS, OLD_WARNINGS):
            titles.add(_folded(section.title))
    return frozenset(titles)


def _treated(title: str, indications: str, product: Sequence[str] = ()) -> bool:
    """Whether an old-format warnings heading is a disease the label's indications name.

    Old labels head a population's paragraph with its disease ("Rheumatoid
    Arthritis" under Malignancy): the disease the drug treats, not a reaction to it.
    Named as the drug's own ("because of the proarrhythmic effects of quinidine"), it
    is a reaction the indications warn of.
    """
    words = _folded(title)
    drugs = "|".join(re.escape(name.split()[0].casefold()) for name in product if name.split())
    own = rf"(?! of (?:{drugs})\b)" if drugs else ""
    return bool(words) and re.search(rf"\b{re.escape(words)}\b{own}", indications) is not None


def _patients_condition(title: str, sentence: str) -> bool:
    """Whether an old WARNINGS part's first *sentence* makes its *title* what patients have.

    "Congestive Heart Failure For patients in congestive heart failure …",
    "Myasthenia Gravis Patients with myasthenia gravis may show worsening …",
    "Predigitalization for Atrial Flutter or Fibrillation Patients with atrial flutter
    …" (a procedure for the condition), "Digitalis Intoxication … in arrhythmias
    associated with digitalis intoxication", "Renal Insufficiency Renal insufficiency
    may lead to accumulation of high plasma levels": a population or a procedure, to
    take care with, not a reaction. The title must be said again whole.
    """
    words = _folded(title)
    named = [words, *([words.split(" for ", 1)[1]] if " for " in words else [])]
    folded = _folded(sentence)
    for condition in named:
        said = re.escape(condition)
        if re.search(
            rf"\bpatients? (?:with|in|who have|having) (?:known |a history of |pre-?existing )?"
            rf"{said}\b|\bin \w+(?: \w+)? associated with {said}\b"
            rf"|^{said} may (?:lead to|cause|result in) (?:the )?accumulation\b",
            folded,
        ):
            return True
    return False


def _folded(text: str) -> str:
    return " ".join(text.strip(" .:;").casefold().split())


def boxed_headline(
    section: LabelSection, brands: Sequence[str] = (), titles: frozenset[str] = frozenset()
) -> list[str]:
    """The reactions a boxed warning names in its capitals: "SERIOUS INFECTIONS AND MALIGNANCY".

    A part its warnings subsection titles word for word ("ANAPHYLAXIS AND
    HYPERSENSITIVITY REACTIONS", 5.1 "Anaphylaxis and Hypersensitivity Reactions")
    is one reaction, as the label names it: it is not split at "and".
    """
    text = _LEAD_IN.sub("", headline(section, brands))
    text = re.sub(r"\(\s*[A-Z]\s*\)", ",", text)
    names: list[str] = []
    for part in re.split(r"[,;](?![^(]*\))", text):  # not at a comma inside brackets
        pieces = [part.strip(" .:")] if _folded(part) in titles else _split_and(part)
        if names and pieces and re.match(r"(including|especially|such as|\()", pieces[0], re.I):
            names[-1] = f"{names[-1]}, {pieces.pop(0)}"  # "HEPATOTOXICITY, INCLUDING VOD" is one
        names += pieces
    if len(text) >= MAX_HEADLINE:
        names = names[:-1]  # cut short: its last name is not whole
    elif len(names) > 1:
        names[-1] = _before_body_heading(names[-1], names[:-1])
    return [
        _as_name(name)
        for name in names
        if name
        and len(name.split()) <= MAX_NAME_WORDS
        and not _SENTENCE_WORDS.search(name)
        and not precaution_title(name.strip())
    ]


def untitled_box(section: LabelSection, product: Sequence[str] = (), known: str = "") -> list[str]:
    """The reactions of an old-format boxed warning, which has no "WARNING:" headline.

    Its parts open with a title ("Suicidality and Antidepressant Drugs Antidepressants
    increased …": the drugs are what it is about, not a reaction) or say "Cases of
    life-threatening hepatic failure have been reported".
    """
    names: list[str] = []
    for heading in unnumbered_headings(section.text, product):
        title = re.sub(r"^(?:BOXED\s+)?WARNINGS?:?\s+", "", heading, flags=re.IGNORECASE)
        names += [
            piece
            for piece in _split_and(title)
            if not _NOT_REACTIONS.search(piece) and not _DRUG_CLASS.search(piece)
        ]
    names += [match.group(1) for match in _CASES_REPORTED.finditer(section.text)]
    names += [match.group().casefold() for match in _BOX_RISKS.finditer(section.text)]
    names += said_reactions(section.text, known, product)
    unique: dict[str, str] = {}
    for name in names:
        unique.setdefault(name.casefold(), name)  # "Neurotoxicity … neurotoxicity": one
    return [_as_name(name[:1].upper() + name[1:]) for name in unique.values()]


def said_reactions(text: str, known: str, product: Sequence[str] = ()) -> list[str]:
    """The reactions an old paragraph without a heading is about, said as its sentences' subject.

    Only a name the label's *known* text (its adverse reactions, or the other warning)
    says too, or one its sentence says the *product* is given with ("… have been reported
    in patients who have received busulfan"), so a subject that is a finding or a
    population is left out. What the product is said to induce, cause or be associated
    with is a reaction wherever it is said (`_PRODUCT_CAUSES`).
    """
    names: list[tuple[str, bool]] = []
    words = [re.escape(word) for name in product for word in name.split()[:1] if len(word) > 3]
    given = re.compile(rf"\b(?:{'|'.join(words)})\b", re.IGNORECASE) if words else None
    causes = [
        re.compile(pattern.format(product=rf"(?:{'|'.join(words)})"), re.IGNORECASE)
        for pattern in _PRODUCT_CAUSES
        if words
    ]
    for _, sentence in sentences(" ".join(text.split())):
        with_product = given is not None and given.search(sentence) is not None
        for pattern in _SAID_REACTIONS:
            for match in pattern.finditer(sentence):
                names += [
                    (name, with_product)
                    for name in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+", match.group(1))
                ]
        names += [
            (name, True)
            for cause in causes
            for match in cause.finditer(sentence)
            for name in re.split(r"\s+and\s+(?=[a-z])", match.group(1))
        ]
    found: list[str] = []
    for name, said_with_product in names:
        bare = _GRADING.sub("", name.casefold().strip(" ,"))
        if (
            bare
            and not _NOT_A_SUBJECT.search(bare)
            and len(bare.split()) <= (5 if said_with_product else 4)
            and (
                said_with_product
                or re.search(rf"\b{re.escape(bare.removesuffix('s'))}", known) is not None
            )
        ):
            found.append(bare)
    return list(dict.fromkeys(found))


def repeated_headings(text: str) -> list[str]:
    """The later headlines of an old box in capitals, each heading a part that repeats it.

    "… LABORATORY TESTS). APLASTIC ANEMIA AND AGRANULOCYTOSIS APLASTIC ANEMIA AND
    AGRANULOCYTOSIS HAVE BEEN REPORTED …": the heading is the words said twice in a row
    at a sentence's start, kept whole as the warnings title of the same name is.
    """
    return [
        _as_name(match.group(1))
        for match in _REPEATED_HEADING.finditer(text)
        if not _NOT_REACTIONS.search(match.group(1))
    ]


def _before_body_heading(last: str, earlier: Sequence[str]) -> str:
    """The headline's last name without the box's first heading, which repeats an earlier name.

    "… AND THROMBOSIS SERIOUS INFECTIONS Patients treated …": the box's text opens with
    the heading "SERIOUS INFECTIONS", already a name of the headline; the last is "THROMBOSIS".
    """
    words = last.split()
    folded = [word.casefold() for word in words]
    for start in range(1, len(words)):
        for name in earlier:
            repeated = name.casefold().split()
            if repeated and folded[start : start + len(repeated)] == repeated:
                return " ".join(words[:start])
    return last


def headline(section: LabelSection, brands: Sequence[str] = ()) -> str:
    """The capitals after "WARNING:", from the title and, where openFDA cut it, the text."""
    text = " ".join(headline_words(section, brands))[:MAX_HEADLINE]
    text = re.split(r"\bWARNINGS?:", text)[0]  # openFDA repeats the headline
    if allele := _ALLELE_END.search(text):
        text = text[: allele.end()]
    return text.strip(" .;:-–")


def headline_words(section: LabelSection, brands: Sequence[str] = ()) -> list[str]:
    """The headline's words: the title's, then the text's capitals up to the text's start.

    The text starts at a sentence (a word followed by lower case) or at the brand
    name in capitals ("AUSTEDO XR and AUSTEDO can increase…", which openFDA may
    put in the title too) not after "of", "with" or another joining word.
    """
    match = re.match(r"^\s*(?:BOXED\s+)?WARNINGS?\s*:?\s*(.*)$", section.title)
    if match is None:
        return []
    words = match.group(1).split()
    rest = section.text.lstrip(" :-–").split()
    for index, word in enumerate(rest):
        following = rest[index + 1] if index + 1 < len(rest) else ""
        if not _HEADLINE_WORD.match(word) or (
            following[:1].islower() and following not in _JOINING
        ):
            break
        words.append(word)
    brand_words = {brand.split()[0].casefold() for brand in brands if brand.split()}
    starts = (
        index
        for index, word in enumerate(words)
        if _bare(word).casefold() in brand_words
        and (index == 0 or words[index - 1].casefold() not in _JOINING)
    )  # "DISCONTINUATION OF XARELTO" names the product inside the headline
    return words[: next(starts, len(words))]


def _bare(word: str) -> str:
    """A capitalised word without its trademark sign or punctuation: "AUSTEDO®," is AUSTEDO."""
    bare = word.strip("®™.,:;()")
    return bare if bare.isupper() else ""


def title_reactions(title: str) -> list[str]:
    """The reactions a warnings title names, one each: "Sedation and Somnolence" is two.

    Split as the boxed headline is ("Suicidal Thoughts and Behaviors" stays one),
    except a phrase with a preposition, kept whole; only the title's own words,
    never its text, so a row is matched by name alone.
    """
    core = re.sub(r"\s*(\(|\b(including|such as)\b).*$", "", title, flags=re.IGNORECASE)
    parts = re.split(r",\s*(?:(?:and|or)\s+)?|;\s*", core)
    return [
        piece
        for part in parts
        for piece in ([part] if _PHRASE.search(part) else _split_and(part))
        if piece.strip()
    ]


def _split_and(part: str) -> list[str]:
    """A headline part split at "and" where "and" joins two reactions, not two modifiers."""
    pieces = [piece.strip(" .:") for piece in re.split(r"\s+(?:AND|and)\s+", part)]
    if not any(_QUALIFIER.search(piece) for piece in pieces[:-1]) and _QUALIFIER.search(pieces[-1]):
        return [part.strip(" .:")]  # "X AND Y IN PATIENTS WITH Z": the qualifier is both's
    joined: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        previous = joined[-1] if joined else ""
        together = f"{previous} and {piece}"
        abbreviation = len(piece) <= 4 and piece.isupper()  # "WITH HCV AND HBV"
        # "… WITH CONCOMITANT USE OF SEROTONERGIC DRUGS AND OPIOIDS": both are what it is used with
        used_with = _DRUGS.match(piece) is not None and _PHRASE.search(previous) is not None
        if previous and (
            _MODIFIER.search(previous)
            or _PAIRS.search(together.casefold())
            or abbreviation
            or used_with
        ):
            joined[-1] = together
        else:
            joined.append(piece)
    return joined


def _as_name(text: str) -> str:
    name = " ".join(text.split()).strip(" .:-–")
    capitals = re.sub(r"\b(" + "|".join(_JOINING) + r")\b", "", name)
    return name[:1].upper() + name[1:].lower() if capitals.isupper() else name


def section_rates(title: str, section: LabelSection, number: str) -> list[Rate]:
    """The rates a warnings subsection gives for its own reaction, with trial and arm."""
    key = _reaction_words(title)
    if not key:
        return []
    rates: list[Rate] = []
    for start, sentence in sentences(section.text):
        lowered = sentence.casefold()
        if key not in lowered or ("occurred" not in lowered and "reported" not in lowered):
            continue
        after = _own_mention(lowered, key)
        if after is None:
            continue
        match = _STATED_RATE.search(lowered, after)
        if match is None or re.search(r"grade\s*(\d|≥)", lowered[after : match.start()]):
            continue
        percent = read_percent(match.group(1) or match.group(2))
        if percent is None:
            continue
        at = match.start(1) if match.group(1) else match.start(2)
        arm = arm_near(sentence, at) or "arm not named"
        trial = trial_before(section.text, start + after) or f"trial not named in {number}"
        rates.append(_rate(percent, trial, arm, number))
        if len(rates) >= 4:
            break
    return rates


def _own_mention(lowered: str, key: str) -> int | None:
    """Where a sentence names the reaction itself: "neutropenia", not "febrile neutropenia"."""
    for found in re.finditer(re.escape(key), lowered):
        before = lowered[: found.start()].split()
        if not before or before[-1].strip(",;:(") in _BEFORE_A_NAME or before[-1][-1] in ",;:(":
            return found.start()
    return None


def reported_terms(text: str) -> tuple[str, ...]:
    """The reactions a warnings subsection's sentences open with and give an incidence of.

    "Thrombocytopenia and neutropenia were reported in 83/164 patients (51%)",
    "Febrile neutropenia, which may be life-threatening, was reported in 43/164
    patients": the subsection is about them, so a table row of that exact name is
    one of its serious reactions. Only a sentence's subject, and only with a number
    after "in": a reaction merely mentioned, or graded ("Grade 3 neutropenia"), is not.
    """
    terms: list[str] = []
    for _, sentence in sentences(text):
        match = _REPORTED.match(sentence)
        if match is None:
            continue
        names = re.split(r",\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+", match.group(1))
        if all(name and not _NOT_A_TERM.search(name) for name in names):
            terms += names
    return tuple(dict.fromkeys(terms))


def fatal_terms(text: str) -> tuple[str, ...]:
    """The reactions a part's first sentence says have been fatal or serious, each as the
    adverse reactions may name it: an item, the names after its "including", and the
    reactions an "and" joins in it ("anaphylaxis and circulatory shock"); not "other blood
    dyscrasias", a group. Only an adverse reaction of exactly such a name is flagged."""
    match = _FATAL_LIST.match(_first_sentence(text))
    if match is None:
        return ()
    terms: list[str] = []
    for item in re.split(r"\s*[,;]\s*", match.group("list")):
        name = re.sub(r"^(?:and|or)\s+", "", re.split(r"\bincluding\s+", item)[-1]).strip()
        name = re.sub(r"\s+and\s+other\s+.*$", "", name)
        bare = " ".join(re.sub(r"\([^()]*\)", " ", name).split())  # "… (DRESS)" as rows key it
        terms += [name, bare, *re.split(r"\s+(?:and|or)\s+(?![^(]*\))", name)]
    return tuple(dict.fromkeys(term for term in terms if term))


def _reaction_words(title: str) -> str:
    """The title as the text names the reaction: lower case, without "(SPM)"-style letters."""
    words = re.sub(r"\([^)]*\)", " ", title).casefold().split()
    return " ".join(words)


def _rate(percent: Decimal, trial: str, arm: str, number: str) -> Rate:
    return Rate(
        percent=percent,
        trial=trial,
        arm=arm,
        section=number or None,
        source=SOURCE_ID,
    )
