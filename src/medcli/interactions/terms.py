"""What a drug is called and which classes its own label puts it in: the terms to look for.

A drug is found in another label by its names (openFDA generic, brand and substance
names, each also without its salt: "WARFARIN SODIUM" is written "warfarin" in other
labels) and by its classes. A class comes only from the drug's own label: its openFDA
pharm class fields, or a sentence of its sections 7 and 12.3 that says "X is a strong
CYP3A4 inhibitor". Nothing is inferred from a drug's name or from another label.
"""

from __future__ import annotations

import re

from medcli.interactions.mentions import STRENGTHS, DrugClass, Term
from medcli.interactions.passages import sentence_bounds, table_rows
from medcli.model import Label, LabelSection, Monograph

# Salt and ester words a substance name carries and prose leaves off. A name is also
# looked for without them, never with other words dropped.
SALT_WORDS = frozenset(
    [
        "hydrochloride",
        "hydrobromide",
        "dihydrochloride",
        "sodium",
        "potassium",
        "calcium",
        "magnesium",
        "mesylate",
        "besylate",
        "maleate",
        "fumarate",
        "hemifumarate",
        "oxalate",
        "citrate",
        "tartrate",
        "bitartrate",
        "succinate",
        "sulfate",
        "bisulfate",
        "phosphate",
        "acetate",
        "lactate",
        "tosylate",
        "monohydrate",
        "dihydrate",
        "trihydrate",
        "hemihydrate",
        "sesquihydrate",
        "anhydrous",
        "hyclate",
        "gluconate",
        "bromide",
        "chloride",
        "dimesylate",
        "malate",
        "hydrate",
    ]
)
ROLES = ("inhibitor", "inducer", "substrate")
_PGP = r"(?:P-gp|Pgp|P-glycoprotein)"
_CYP_CLASS = re.compile(
    rf"^Cytochrome P450 (\d{{1,2}}[A-Z]\d{{0,2}}) ({'|'.join(ROLES)})s?$", re.IGNORECASE
)
_PGP_CLASS = re.compile(rf"^{_PGP} ({'|'.join(ROLES)})s?$", re.IGNORECASE)
_KIND_SUFFIX = re.compile(r"\s*\[(?:EPC|MoA|PE|CS|Chemical/Ingredient)\]$", re.IGNORECASE)
# What a label says its own drug is, in the forms labels write it:
#   "X is a strong CYP3A4 inhibitor", "X is an inhibitor of CYP2C19", "X is a potent
#   inducer of hepatic 3A4", "X is a substrate of CYP2D6 and P-gp" (every target listed),
#   "X, a strong CYP3A inhibitor, …" (an apposition), "X inhibits CYP3A4", "X moderately
#   induces CYP1A2" (an adverb gives the strength), "X may inhibit CYP3A4", "X was shown
#   to induce CYP2B6", "X is a CYP3A4 substrate and inhibitor" (both roles).
# X must be one of the label's own names just before the match, checked in the text (so
# the pattern is one for every label and compiled once): "Ketoconazole, a strong CYP3A
# inhibitor, increased X's exposure" gives X nothing, and ketoconazole's class is for
# ketoconazole's own label to say. Not a metabolite ("4-hydroxy X is…", "the metabolite
# of X inhibits…"), and not a finding in vitro (see `_IN_VITRO`).
_CLAIM = (
    r"(?:\s+is\s+|\s*,\s*)an?\s+"
    r"(?:(?P<strength>{strengths})\s+)?(?:\w+-\w+\s+)?"  # "a time-dependent inhibitor of"
    r"(?:(?P<target>{targets})\s+(?P<role>{roles})"
    # "X is a CYP3A4 substrate and inhibitor", "X is a substrate and inhibitor of P-gp": a
    # second role of the same targets (a role followed by "of" is the next target's).
    r"(?:\s+and\s+(?:an?\s+)?(?:(?P<strength5>{strengths})\s+)?(?P<role5>{roles})"
    r"(?!\w)(?!\s+of\b))?"
    r"|(?P<role2>{roles})(?:\s+and\s+(?:an?\s+)?(?:(?P<strength6>{strengths})\s+)?"
    r"(?P<role6>{roles}))?\s+of\s+(?:hepatic\s+)?(?P<target2>{targets}))(?!\w)"
    # "… and is also known to be an inducer of CYP1A2, 2B6, 2C9/19": the same subject.
    r"(?:\s+and\s+(?:is\s+)?(?:also\s+)?(?:known\s+to\s+be\s+)?an?\s+"
    r"(?:(?P<strength3>{strengths})\s+)?(?P<role3>{roles})\s+of\s+(?:hepatic\s+)?"
    r"(?P<target3>{targets})(?!\w))?"
)
# "X may inhibit CYP3A4", "X was shown to induce CYP2B6": the verb's bare form only after
# one of these (a bare "X inhibit" is dropped in `_stated`; "X does not inhibit" never
# has X just before the match).
_VERB_CLAIM = (
    r"\s+(?:(?P<modal>may|can|(?:is|was|has\s+been|have\s+been)\s+shown\s+to)\s+)?"
    r"(?:(?P<adverb>{adverbs})\s+)?(?P<verb>inhibits?|induces?)\s+(?:hepatic\s+)?"
    r"(?P<target4>{targets})(?!\w)"
)
ADVERBS = {"strongly": "strong", "moderately": "moderate", "weakly": "weak", "potently": "potent"}
VERB_ROLES = {"inhibits": "inhibitor", "induces": "inducer"}
MODAL_VERB_ROLES = {"inhibit": "inhibitor", "induce": "inducer"}  # "X may inhibit"
# Between listed targets: ",", ", and", "or", "and/or".
_LISTED = r"\s*(?:,\s*(?:and/or|and|or)?|and/or|and|or)\s*"
# Studies in vitro (microsomes and hepatocytes are where they are done) are not what the
# drug does in patients.
_IN_VITRO = re.compile(r"\bin\s+vitro\b|\bmicrosom|\bhepatocytes\b", re.IGNORECASE)
# 12.3 ends with its findings in vitro under a heading ("In Vitro Studies CYP Enzymes:
# X inhibits CYP2B6."), whose sentences need not say "in vitro" again; they stay in
# vitro until a heading of studies in patients.
_IN_VITRO_HEADING = re.compile(  # a heading capitalises: "In Vitro Studies", "In vitro
    # Assessment", never prose "In vitro studies showed" or "In vitro data suggest"
    r"\bIn\s+(?:Vitro\s+(?i:stud(?:y|ies)|assessments?|data|evaluations?|experiments?)"
    r"|vitro\s+(?:Stud(?:y|ies)|Assessments?|Data|Evaluations?|Experiments?))\b"
)
_IN_VIVO_HEADING = re.compile(
    r"\b(?:Clinical|Drug\s+Interaction|In\s+(?i:vivo))\s+(?i:stud(?:y|ies))"
)
# Targets listed together: enzymes, each after "CYP" or under one "CYP" ("CYP1A2, 2B6,
# 2C9/19"), and P-gp alike ("CYP2D6 and P-gp"). A first target may be a bare enzyme only
# as "3A4" ("inhibitor of hepatic 3A4"), never "3A" alone. The pattern is written once
# and used four times in `_SELF_PATTERN`: its size is most of the start-up cost of
# compiling it (a few ms of every run).
_NAMED_ENZYME = r"(?:CYP\s?|cytochrome\s+P450\s+)\d{1,2}[A-Z]\d{0,2}(?:/\d{1,2})?"
_FIRST_TARGET = rf"(?:{_NAMED_ENZYME}|{_PGP}|\d[A-Z]\d{{1,2}})"
_LISTED_TARGET = rf"(?:{_NAMED_ENZYME}|{_PGP}|\d{{1,2}}[A-Z]\d{{1,2}}(?:/\d{{1,2}})?)"
_TARGETS = f"{_FIRST_TARGET}(?:{_LISTED}{_LISTED_TARGET})*"
_SELF_PATTERN = re.compile(
    f"(?:{_CLAIM}|{_VERB_CLAIM})".format(
        strengths="|".join(STRENGTHS),
        targets=_TARGETS,
        roles="|".join(ROLES),
        adverbs="|".join(ADVERBS),
    ),
    re.IGNORECASE,
)
_PGP_NAMED = re.compile(_PGP, re.IGNORECASE)
_METABOLITE_BEFORE = re.compile(r"(?:hydroxy|desmethyl|metabolites?(?:\s+of)?)$")
_ENZYME_NAME = re.compile(r"(\d{1,2}[A-Z])(\d{0,2})((?:/\d{1,2})*)", re.IGNORECASE)


def name_forms(name: str) -> list[str]:
    """*name* and, when it ends in salt words, *name* without them ("warfarin sodium" →
    "warfarin"); a name of salt words only ("magnesium sulfate") is kept whole."""
    words = name.split()
    base = list(words)
    while base and base[-1].lower() in SALT_WORDS:
        base.pop()
    forms = [" ".join(words)] if words else []
    if base and len(base) < len(words):
        forms.append(" ".join(base))
    return forms


def own_names(label: Label) -> set[str]:
    """Every form of a label's own names, casefolded: never a match in its own text."""
    names = [*label.generic_names, *label.brand_names, *label.substance_names]
    return {form.casefold() for name in names for form in name_forms(name)}


def name_terms(label: Label) -> list[Term]:
    """The names of the drug a label is for, each form once (generic, brand, ingredient)."""
    seen: set[str] = set()
    terms: list[Term] = []
    for kind, names in (
        ("generic name", label.generic_names),
        ("brand name", label.brand_names),
        ("active ingredient", label.substance_names),
    ):
        for name in names:
            for form in name_forms(name):
                if form.casefold() in seen:
                    continue
                seen.add(form.casefold())
                terms.append(Term(form, kind, _phrase(form), needles=_words(form)))
    return terms


def class_terms(monograph: Monograph) -> list[Term]:
    """The classes a drug's own label puts it in: its own sentences, then its pharm classes."""
    label = monograph.label
    if label is None:
        return []
    # The label's own sentence first: it may say how strong ("a moderate CYP3A inhibitor"),
    # which a pharm class of the same name never does.
    classes = _sentence_classes(label)
    classes += [c for c in map(_pharm_class, label.pharm_classes) if c is not None]
    terms: list[Term] = []
    seen: set[str] = set()
    for drug_class in classes:
        if drug_class.name.casefold() in seen:
            continue
        seen.add(drug_class.name.casefold())
        terms.append(
            Term(drug_class.name, "class", drug_class.pattern, drug_class, drug_class.needles)
        )
    return terms


def _pharm_class(given: str) -> DrugClass | None:
    name = _KIND_SUFFIX.sub("", given).strip()
    if not name:
        return None
    cyp = _CYP_CLASS.match(name)
    if cyp is not None:
        return _enzyme_class(cyp.group(1), cyp.group(2), given, "pharm class")
    pgp = _PGP_CLASS.match(name)
    if pgp is not None:
        return _pgp_class(pgp.group(1), given, "pharm class")
    singular = name[:-1] if name.endswith("s") and not name.endswith("ss") else name
    return DrugClass(
        singular, _phrase(singular, plural=True), given, "pharm class", None, _words(singular)
    )


def _enzyme_class(
    enzyme: str, role: str, evidence: str, field: str, strength: str | None = None
) -> DrugClass:
    """An enzyme class ("3A4", "inhibitor"); prose writes its family too: a CYP3A4
    inhibitor is found as "CYP3A inhibitors" and a CYP3A inhibitor as "CYP3A4 inhibitor"."""
    enzyme = enzyme.upper()
    family = re.match(r"\d{1,2}[A-Z]", enzyme)
    assert family is not None  # `enzymes` and _CYP_CLASS only let such names through
    rest = enzyme[family.end() :]
    named = rf"{family.group()}(?:{rest})?" if rest else rf"{family.group()}\d{{0,2}}"
    # "CYP3A4", or listed under one "CYP" after others: "CYP2D6, 1A2, or 2C19 inhibitors".
    before = rf"(?:\d{{1,2}}[A-Z]\d{{0,2}}(?:/\d{{1,2}})?{_LISTED})*"
    target = rf"(?:CYP\s?|cytochrome\s+P450\s+){before}{named}(?![\dA-Z])"
    return DrugClass(
        f"CYP{enzyme} {role.lower()}",
        _role_pattern(target, role),
        evidence,
        field,
        strength,
        (family.group().lower(), role.lower()),
    )


def _pgp_class(role: str, evidence: str, field: str, strength: str | None = None) -> DrugClass:
    pattern = _role_pattern(_PGP, role)
    return DrugClass(f"P-gp {role.lower()}", pattern, evidence, field, strength, (role.lower(),))


def _role_pattern(target: str, role: str) -> str:
    """*target* then *role* a few words on with no other role between ("CYP3A4 or P-gp
    inhibitors"), or *role* "of" *target* ("inhibitors of CYP3A")."""
    other = "|".join(ROLES)
    between = rf"(?:(?!{other}|induc|inhibit)[^.;:()\[\]]){{0,30}}?"
    role = role.lower()
    # Not "CYP3A and a substrate of P-gp": a role followed by "of" is the next target's.
    return (
        rf"(?<!\w)(?:{target}{between}\b{role}s?\b(?!\s+of\b)"
        rf"|\b{role}s?\s+of\s+(?:\w+\s+)?{target})"
    )


def _sentence_classes(label: Label) -> list[DrugClass]:
    """Classes a label's own sections 7 and 12.3 give the drug: "X is a strong CYP3A4
    inhibitor" where X is one of the label's own names."""
    names = sorted({term.text.casefold() for term in name_terms(label)}, key=len, reverse=True)
    if not names:
        return []
    found: list[DrugClass] = []
    for section in label.sections:
        if not _states_classes(section):
            continue
        for text in [section.text, *(row for table in section.tables for row in table_rows(table))]:
            found += _stated(names, section, text)
    return found


def _is_subject(text: str, end: int, names: list[str]) -> bool:
    """Whether *text* just before *end* is one of *names* as a whole word, and not a
    metabolite's name ("4-hydroxy propranolol", "desmethyl X", "the metabolite of X")."""
    before = text[max(0, end - 120) : end].casefold()
    for name in names:
        if not before.endswith(name):
            continue
        start = len(before) - len(name)
        if start and (before[start - 1].isalnum() or before[start - 1] in "-_"):
            continue
        return _METABOLITE_BEFORE.search(before[:start].rstrip()) is None
    return False


def _stated(names: list[str], section: LabelSection, text: str) -> list[DrugClass]:
    """The classes *text* (a section's text or a table row of it) gives its own drug."""
    found: list[DrugClass] = []
    where = f"section {section.number}" if section.number else section.title
    for match in _SELF_PATTERN.finditer(text):
        if not _is_subject(text, match.start(), names):
            continue
        sentence = _sentence_around(text, match.start(), match.end())
        if _IN_VITRO.search(sentence) or _under_in_vitro_heading(text, match.start()):
            continue  # a finding in vitro is not what the drug does in patients
        targets = match.group("target") or match.group("target2")
        said = [
            (targets, match.group("role") or match.group("role2"), match.group("strength")),
            (
                targets,
                match.group("role5") or match.group("role6"),
                match.group("strength5") or match.group("strength6"),
            ),
            (match.group("target3"), match.group("role3"), match.group("strength3")),
            (
                match.group("target4"),
                _verb_role(match.group("verb"), match.group("modal")),
                ADVERBS.get((match.group("adverb") or "").lower()),
            ),
        ]
        for targets, role, strength in said:
            if targets is None or role is None:
                continue
            strength = strength.lower() if strength else None
            if _PGP_NAMED.search(targets):
                found.append(_pgp_class(role, sentence, where, strength))
            for enzyme in enzymes(_PGP_NAMED.sub(" ", targets)):
                found.append(_enzyme_class(enzyme, role, sentence, where, strength))
    return found


def _verb_role(verb: str | None, modal: str | None) -> str | None:
    """The role a verb claims: "inhibits" an inhibitor, "may inhibit" too; a bare
    "inhibit" with no "may" or "was shown to" before it claims nothing."""
    verb = (verb or "").lower()
    return VERB_ROLES.get(verb) or (MODAL_VERB_ROLES.get(verb) if modal else None)


def _under_in_vitro_heading(text: str, at: int) -> bool:
    """Whether *at* comes after an "In Vitro Studies" heading of *text* and no heading of
    studies in patients is between them."""
    vitro = [found.end() for found in _IN_VITRO_HEADING.finditer(text, 0, at)]
    if not vitro:
        return False
    return _IN_VIVO_HEADING.search(text, vitro[-1], at) is None


def enzymes(listed: str) -> list[str]:
    """The CYP enzymes a list names: "CYP1A2, 2B6, 2C9/19" → 1A2, 2B6, 2C9, 2C19."""
    names: list[str] = []
    for found in _ENZYME_NAME.finditer(listed):
        family, number, others = found.groups()
        names.append(f"{family}{number}")
        names += [f"{family}{other}" for other in others.split("/") if other]
    return names


def _states_classes(section: LabelSection) -> bool:
    """Sections 7 (drug interactions) and 12.3 (pharmacokinetics), where a label says
    what its drug inhibits, induces or is a substrate of."""
    return section.loinc in {"34073-7", "43682-4"} or (section.number or "").startswith("12.3")


def _sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of *text* holding *start*..*end*."""
    first, last = sentence_bounds(text, start, end)
    return text[first:last]


def _phrase(words: str, *, plural: bool = False) -> str:
    """*words* as a whole phrase: any run of spaces between words, "-" or a space alike,
    never inside a longer word; with *plural*, the last word may take an "s"."""
    parts = [re.escape(part) for part in re.split(r"[\s-]+", words.strip()) if part]
    body = r"[\s-]+".join(parts) + ("(?:e?s)?" if plural else "")
    return rf"(?<!\w){body}(?!\w)"


def _words(words: str) -> tuple[str, ...]:
    """The lowercase words of *words* as `_phrase` looks for them."""
    return tuple(word for word in re.split(r"[\s-]+", words.strip().lower()) if word)
