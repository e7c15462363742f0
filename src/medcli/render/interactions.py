"""`medcli interactions` as text: each pair's passages quoted, the match marked.

The matched words are wrapped in `>>` and `<<` (and bold on a colour terminal), so
the mark survives NO_COLOR, pipes and ASCII-only terminals. Nothing is computed
here: the passages, their order and the silences come from `interactions.check`.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich.console import RenderableType
from rich.text import Text

from medcli.interactions.check import ClassSource, Interactions, Match, Pair, Passage
from medcli.render.lines import bullet, heading, subheading

OPEN, CLOSE = ">>", "<<"
RANK_WORDS = {
    "contraindication": "contraindications",
    "boxed warning": "a boxed warning",
    "warning": "warnings and precautions",
    "interaction": "drug interactions",
    "pharmacokinetics": "pharmacokinetics only",
}


def interactions_view(result: Interactions) -> list[RenderableType]:
    return [renderable for block in interactions_blocks(result) for renderable in block]


def interactions_blocks(result: Interactions) -> Iterator[list[RenderableType]]:
    """The view a block at a time (the drugs, each pair, the closing note), for
    `Terminal.stream`, which lays plain text out without Rich's rendering cost."""
    names = {drug.id: drug.name for drug in result.checked}
    drugs: list[RenderableType] = [heading("What these labels say about each other")]
    for drug in result.checked:
        label = _label_words(drug.set_id, drug.version, drug.effective_time)
        drugs.append(bullet(f"{drug.name}: {label}"))
    for missing in result.not_checked:
        drugs.append(bullet(f"{missing.query}: not checked: {missing.reason}", marker="!"))
    yield drugs
    for pair in result.pairs:
        yield _pair_view(pair, names)
    yield [
        Text(
            f"\nThis is {result.note}. The absence of a statement is not evidence of safety.",
            style="dim",
        )
    ]


def _pair_view(pair: Pair, names: dict[str, str]) -> list[RenderableType]:
    a, b = (names.get(drug, drug) for drug in pair.drugs)
    if pair.rank is None:
        return [heading(f"{a} + {b}"), Text(f"  {pair.statement}")]
    through = " (through a class only)" if pair.rank_matched_by == ["class"] else ""
    title = f"{a} + {b}: most serious mention in {RANK_WORDS[pair.rank]}{through}"
    lines: list[RenderableType] = [heading(title)]
    for passage in pair.passages:
        lines += _passage_view(passage, names)
    return lines


def _passage_view(passage: Passage, names: dict[str, str]) -> list[RenderableType]:
    where = (
        f"section {passage.section} {passage.section_title}"
        if passage.section
        else (passage.section_title)
    )
    if passage.table is not None:
        where += f", table row{f' ({passage.table})' if passage.table else ''}"
    owner = names.get(passage.label_of, passage.label_of)
    label = _label_words(passage.set_id, passage.version, passage.effective_time)
    lines: list[RenderableType] = [
        subheading(f"\n{owner} label, {where}"),
        Text(f"  {label}", style="dim"),
        bullet(_quoted(passage.text, passage.matches), margin=2),
    ]
    about = names.get(passage.about, passage.about)
    for match in _distinct(passage.matches):
        lines.append(bullet(_match_words(match, about), marker="-", margin=4))
    return lines


def _quoted(text: str, matches: list[Match]) -> Text:
    quoted = Text('"')
    at = 0
    for match in matches:
        quoted.append(text[at : match.start])
        quoted.append(f"{OPEN}{text[match.start : match.end]}{CLOSE}", style="bold")
        at = match.end
    quoted.append(text[at:] + '"')
    return quoted


def _distinct(matches: list[Match]) -> list[Match]:
    seen: set[tuple[str, str]] = set()
    kept: list[Match] = []
    for match in matches:
        if (match.by, match.term) not in seen:
            seen.add((match.by, match.term))
            kept.append(match)
    return kept


def _match_words(match: Match, about: str) -> str:
    if match.class_source is None:
        return f"matched {match.term!r}: a {match.by} of {about}"
    words = f"matched {match.term!r}: a class of {about} by {_class_words(match.class_source)}"
    if match.passage_strength is None:
        return words
    member = match.class_source.strength
    said = f"says {member}" if member else "does not say how strong"
    return f"{words}; the passage is about {match.passage_strength} ones, {about}'s label {said}"


def _class_words(source: ClassSource) -> str:
    label = _label_words(source.set_id, source.version, source.effective_time)
    if source.where == "pharm class":
        return f"its label's pharm class {source.evidence!r} ({label})"
    return f"its label's {source.where}: {source.evidence!r} ({label})"


def _label_words(set_id: str, version: str | None, effective: str | None) -> str:
    parts = [f"label {set_id}"]
    if version:
        parts.append(f"version {version}")
    if effective:
        parts.append(f"effective {effective}")
    return ", ".join(parts)
