"""`interactions`: what each drug's FDA label says about the others."""

from __future__ import annotations

from dataclasses import dataclass

from medcli.interactions.check import Interactions
from medcli.library.interaction_drugs import check_interactions
from medcli.library.merged import Library
from medcli.model import Monograph


@dataclass(frozen=True)
class InteractionsFound:
    interactions: Interactions
    labels: tuple[Monograph, ...]  # the labels read: the answer's sources


def interactions(library: Library, drugs: tuple[str, ...]) -> InteractionsFound:
    found, labels = check_interactions(library, list(drugs))
    return InteractionsFound(found, tuple(labels))
