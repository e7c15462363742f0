"""A label monograph read for interaction checks: its `Mentions`.

Made at import for every stored label (the store's `mentions` rows) and, for a label
kept as a file, when a check asks for it: the same function, so an answer from the
store and one from the monograph are the same answer.
"""

from __future__ import annotations

from medcli.interactions.mentions import MentionPiece, Mentions
from medcli.interactions.passages import pieces
from medcli.interactions.terms import class_terms, name_terms, own_names
from medcli.model import Monograph
from medcli.sanitize import clean_text


def mentions_of(monograph: Monograph) -> Mentions | None:
    """What a check reads of *monograph*; None when it has no label sections to read."""
    label = monograph.label
    if label is None or not label.sections:
        return None
    cut = [
        MentionPiece(
            piece.rank,
            piece.section.number,
            clean_text(piece.section.title),
            clean_text(piece.text),
            clean_text(piece.table) if piece.table is not None else None,
        )
        for piece in pieces(label.sections)
    ]
    return Mentions(
        id=monograph.id,
        name=monograph.name,
        set_id=label.set_id,
        title=label.title,
        version=label.version,
        effective_time=label.effective_time,
        pieces=cut,
        own=sorted(own_names(label)),
        terms=[*name_terms(label), *class_terms(monograph)],
    )
