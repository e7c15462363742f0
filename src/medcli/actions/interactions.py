"""`interactions`: what each drug's FDA label says about the others."""

from __future__ import annotations

from dataclasses import dataclass

from medcli.interactions.check import Interactions
from medcli.library.folders import Entry
from medcli.library.interaction_drugs import check_interactions
from medcli.library.merged import Library


@dataclass(frozen=True)
class InteractionsFound:
    interactions: Interactions
    # The labels read: the answer's sources, loaded (`Library.load`) only by an answer
    # that shows them (the MCP tool), never by the command.
    labels: tuple[Entry, ...]


def interactions(library: Library, drugs: tuple[str, ...]) -> InteractionsFound:
    found, labels = check_interactions(library, list(drugs))
    return InteractionsFound(found, tuple(labels))
