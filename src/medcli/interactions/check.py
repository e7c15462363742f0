"""What each of several labels says about the others: passages, matches, ranked pairs.

Pure: it takes the drugs already looked up (what a check reads of each label,
`medcli.interactions.mentions`, or the reason one could not be checked) and returns
the document `medcli interactions` shows and `--json` and the MCP tool hand out. It
reports what labels say; a pair no passage links is stated as silence of the labels,
never as the absence of an interaction.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import accumulate, permutations

import msgspec

from medcli.interactions.mentions import STRENGTHS, MentionPiece, Mentions, Term
from medcli.interactions.passages import RANKS
from medcli.sanitize import clean_text

_STRENGTH_BEFORE = re.compile(
    rf"\b((?:{'|'.join(STRENGTHS)})(?:\s*(?:,|and/or|and|or|to)\s*(?:{'|'.join(STRENGTHS)}))*)\s+$",
    re.IGNORECASE,
)
# "X is not an inhibitor of CYP3A4", "X is a CYP3A substrate": before
# a class, what a label says of its own drug, which names no other drug.
_SAID_OF_ITSELF = re.compile(
    rf"\s+(?:is|was)\s+(?:not\s+)?(?:also\s+)?an?\s+(?:(?:{'|'.join(STRENGTHS)})\s+)?$",
    re.IGNORECASE,
)
SILENCE = "neither label mentions the other or its classes"


class ClassSource(msgspec.Struct, omit_defaults=True, kw_only=True):
    """Which label made a drug a member of a class, and its words for it."""

    drug: str  # the id of the drug the class is of
    set_id: str
    version: str | None = None
    effective_time: str | None = None
    where: str  # "pharm class" or the section the sentence is in
    evidence: str  # the pharm class as openFDA gives it, or the label's sentence
    strength: str | None = None


class Match(msgspec.Struct, omit_defaults=True, kw_only=True):
    """Where in a passage the other drug is named, and by what."""

    text: str  # the words of the passage that matched, as printed
    start: int
    end: int
    by: str  # "generic name", "brand name", "active ingredient" or "class"
    term: str  # the name or class looked for
    class_source: ClassSource | None = None
    # The strength the passage gives the class ("strong", "strong or moderate"): set when
    # it may not be the other drug's (its label says another, or says none).
    passage_strength: str | None = None


class Passage(msgspec.Struct, omit_defaults=True, kw_only=True):
    """A sentence or table row of one label that names the other drug or its class."""

    label_of: str  # the drug whose label says it
    about: str  # the drug it names
    rank: str
    section: str | None  # the section number, "5.2"; the boxed warning has none
    section_title: str
    text: str
    table: str | None = None  # the table's caption for a table row
    version: str | None = None
    effective_time: str | None = None
    set_id: str
    matches: list[Match]


class Pair(msgspec.Struct, omit_defaults=True, kw_only=True):
    """Two drugs and every passage of either label that names the other."""

    drugs: tuple[str, str]
    rank: str | None  # the most serious passage's rank; None when the labels are silent
    passages: list[Passage]
    # How the passages of that rank name the other drug: "name", "class" or both. A
    # pair ranked by a class only ("strong CYP3A4 inhibitors") is not named there.
    rank_matched_by: list[str] = []
    statement: str | None = None  # the silence, said so


class CheckedDrug(msgspec.Struct, omit_defaults=True, kw_only=True):
    query: str
    id: str
    name: str
    set_id: str
    title: str | None = None
    version: str | None = None
    effective_time: str | None = None


class NotChecked(msgspec.Struct, kw_only=True):
    query: str
    reason: str


class Interactions(msgspec.Struct, omit_defaults=True, kw_only=True):
    """The answer: the drugs checked, those not checked and why, the pairs ranked."""

    checked: list[CheckedDrug]
    not_checked: list[NotChecked]
    pairs: list[Pair]
    note: str


NOTE = (
    "what the drugs' FDA labels say about each other, quoted; not a clinical interaction"
    " database: a pair the labels do not link may still interact"
)


@dataclass(frozen=True, eq=False)
class Drug:
    """A drug asked for and what a check reads of its label (None when it could not be
    checked)."""

    query: str
    mentions: Mentions | None
    reason: str | None = None  # why it was not checked


def interactions(drugs: list[Drug]) -> Interactions:
    """Every pair of the checkable *drugs*, most serious first, each passage sourced."""
    checked = [d for d in drugs if d.mentions is not None]
    not_checked = [
        NotChecked(query=d.query, reason=d.reason or "its monograph has no FDA label sections")
        for d in drugs
        if d.mentions is None
    ]
    unique: dict[str, Mentions] = {}
    for drug in checked:
        assert drug.mentions is not None
        unique.setdefault(drug.mentions.id, drug.mentions)
    read = {drug: _Read.of(mentions) for drug, mentions in unique.items()}
    found = {(a, b): _passages(read[a], read[b]) for a, b in permutations(list(unique), 2)}
    pairs = [
        _pair(a, b, found[(a, b)] + found[(b, a)])
        for index, a in enumerate(unique)
        for b in list(unique)[index + 1 :]
    ]
    order = {rank: index for index, rank in enumerate(RANKS)}
    pairs.sort(key=lambda pair: order.get(pair.rank or "", len(RANKS)))
    return Interactions(
        checked=[_checked(d) for d in checked],
        not_checked=not_checked,
        pairs=pairs,
        note=NOTE,
    )


def checked_count(result: Interactions) -> int:
    """How many different drugs were checked: fewer than two is nothing to compare."""
    return len({drug.id for drug in result.checked})


def _pair(a: str, b: str, passages: list[Passage]) -> Pair:
    order = {rank: index for index, rank in enumerate(RANKS)}
    passages.sort(key=lambda passage: order[passage.rank])  # stable: label order kept
    if not passages:
        return Pair(drugs=(a, b), rank=None, passages=[], statement=SILENCE)
    rank = passages[0].rank
    kinds = {
        "class" if match.by == "class" else "name"
        for passage in passages
        if passage.rank == rank
        for match in passage.matches
    }
    return Pair(drugs=(a, b), rank=rank, passages=passages, rank_matched_by=sorted(kinds))


_GAP = "\n\n"  # between the pieces of a label's joined text: no match spans two pieces


@dataclass
class _Read:
    """A label read once for every pair it is in: its pieces, in lowercase joined into one
    text to find the terms' needles in, its own names, and the names and classes it gives
    its drug."""

    mentions: Mentions
    pieces: list[MentionPiece]
    texts: list[str]  # each piece's text, through the text gate: offsets are the shown text's
    folded: list[str]  # each text in lowercase, for the terms' needles
    joined: str  # the folded texts joined: one `str.find` a needle for the whole label
    starts: list[int]  # where each folded text starts in `joined`
    own: set[str]
    terms: list[Term]
    _finders: dict[str, re.Pattern[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, mentions: Mentions) -> _Read:
        texts = [piece.text for piece in mentions.pieces]
        folded = [text.lower() for text in texts]
        starts = list(accumulate((len(text) + len(_GAP) for text in folded[:-1]), initial=0))
        joined = _GAP.join(folded)
        own = set(mentions.own)
        return cls(mentions, mentions.pieces, texts, folded, joined, starts, own, mentions.terms)

    def finder(self, term: Term) -> re.Pattern[str]:
        """*term*'s pattern, compiled when first needed: most terms never are."""
        if term.pattern not in self._finders:
            self._finders[term.pattern] = re.compile(term.pattern, re.IGNORECASE)
        return self._finders[term.pattern]

    def holding(self, needles: tuple[str, ...]) -> list[int]:
        """The pieces whose text holds every one of *needles*: the longest is found in the
        joined text (C's substring search, a piece at a time), the others in each piece."""
        if not needles:
            return list(range(len(self.pieces)))
        first = max(needles, key=len)
        found: list[int] = []
        at = self.joined.find(first)
        while at != -1:
            index = bisect_right(self.starts, at) - 1
            if all(needle in self.folded[index] for needle in needles):
                found.append(index)
            at = self.joined.find(first, self.starts[index] + len(self.folded[index]))
        return found


def _passages(of: _Read, about: _Read) -> list[Passage]:
    """The passages of *of*'s label that name *about* or a class *about*'s label gives it.

    A term's regular expression runs only on the pieces that hold its needles. A hit on
    one of *of*'s own names is never a mention.
    """
    terms_in: dict[int, list[tuple[Term, re.Pattern[str]]]] = {}
    for term in about.terms:  # names before classes: a name is the stronger match
        for index in of.holding(term.needles):
            terms_in.setdefault(index, []).append((term, about.finder(term)))
    found: dict[str, Passage] = {}
    for index in sorted(terms_in):
        piece, text = of.pieces[index], of.texts[index]
        matches = _matches(text, terms_in[index], about.mentions, of.own)
        # openFDA can give a passage twice (its `pharmacokinetics` field and 12.3 inside
        # `clinical_pharmacology`): it is shown once, where the label numbers it.
        kept = found.get(text)
        if matches and (kept is None or (kept.section is None and piece.section)):
            found[text] = _passage(of.mentions, about.mentions, piece, matches)
    return list(found.values())


def _matches(
    text: str, finders: list[tuple[Term, re.Pattern[str]]], about: Mentions, own: set[str]
) -> list[Match]:
    taken: list[tuple[int, int]] = []
    matches: list[Match] = []
    for term, finder in finders:  # names first
        for hit in finder.finditer(text):
            if hit.group().casefold() in own or _said_of_itself(text, hit.start(), term, own):
                continue
            if any(hit.start() < end and start < hit.end() for start, end in taken):
                continue
            taken.append((hit.start(), hit.end()))
            matches.append(
                Match(
                    text=hit.group(),
                    start=hit.start(),
                    end=hit.end(),
                    by=term.kind,
                    term=term.text,
                    class_source=_class_source(term, about),
                    passage_strength=_other_strength(text, hit.start(), term),
                )
            )
    matches.sort(key=lambda match: match.start)
    return matches


def _said_of_itself(text: str, start: int, term: Term, own: set[str]) -> bool:
    """Whether a class at *start* is what the label says of its own drug ("X is a CYP3A
    substrate"), not a mention of drugs of that class."""
    if term.drug_class is None:
        return False
    before = text[max(0, start - 120) : start]
    claim = _SAID_OF_ITSELF.search(before)
    if claim is None:
        return False
    subject = before[: claim.start()].casefold()
    return any(
        subject.endswith(name) and not subject[: len(subject) - len(name)][-1:].isalnum()
        for name in own
    )


def _other_strength(text: str, start: int, term: Term) -> str | None:
    """The strength words just before a class in a passage ("strong or moderate CYP3A
    inhibitors"), when the other drug's label gives it no such strength."""
    if term.drug_class is None:
        return None
    found = _STRENGTH_BEFORE.search(text, max(0, start - 60), start)
    if found is None:
        return None
    words = " ".join(found.group(1).split()).lower()
    member = term.drug_class.strength
    return None if member is not None and words == member else words


def _class_source(term: Term, about: Mentions) -> ClassSource | None:
    if term.drug_class is None:
        return None
    return ClassSource(
        drug=about.id,
        set_id=about.set_id,
        version=about.version,
        effective_time=about.effective_time,
        where=term.drug_class.field,
        evidence=clean_text(term.drug_class.evidence),
        strength=term.drug_class.strength,
    )


def _passage(of: Mentions, about: Mentions, piece: MentionPiece, matches: list[Match]) -> Passage:
    return Passage(
        label_of=of.id,
        about=about.id,
        rank=piece.rank,
        section=piece.section,
        section_title=piece.section_title,
        text=piece.text,
        table=piece.table,
        version=of.version,
        effective_time=of.effective_time,
        set_id=of.set_id,
        matches=matches,
    )


def _checked(drug: Drug) -> CheckedDrug:
    mentions = drug.mentions
    assert mentions is not None
    return CheckedDrug(
        query=drug.query,
        id=mentions.id,
        name=mentions.name,
        set_id=mentions.set_id,
        title=mentions.title,
        version=mentions.version,
        effective_time=mentions.effective_time,
    )
