"""One interface behind every place monographs come from: the file index and each label store.

The library (`medcli.library.merged.Library`) asks each source the same questions
and merges the answers once, in its order of sources: the monograph files of
every folder (`medcli.library.file_source`), then each folder's label store
(`medcli.library.label_source`). A source answers with rows, never with a
decision about the others: which name wins, which id shadows which, how hits
rank together and what "did you mean" offers are decided by the merge alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from medcli.library.folders import CatalogItem, Entry, Origin
    from medcli.library.products import Identity
    from medcli.model import Monograph
    from medcli.search import Snippet
    from medcli.side_effects import SideEffectFilter

# A search hit as every source answers it, ranked by its first three: (the query names its
# drug, bm25 score: lower is better, id, name, column, snippet, origin).
Ranked = tuple[bool, float, str, str, str, "Snippet", "Origin"]
# (id, the monograph as the multi-drug side-effect view needs it), in id order.
EffectViews = Iterator[tuple[str, "Monograph"]]
AFTER_EVERY_KEY = "\U0010ffff"  # a name key and this sort after every key starting with it


def name_match(key: str, *, exact_only: bool) -> tuple[str, tuple[str, ...]]:
    """The condition on `n.key` (of a `names n` table: the index's or a store's) for the
    names equal to *key*, or starting with it too, and its parameters: one range over
    the `names_key` index."""
    if exact_only:
        return "n.key = ?", (key,)
    return "n.key >= ? AND n.key < ?", (key, key + AFTER_EVERY_KEY)


class Source(Protocol):
    """A place monographs come from, as lookups, `list`, `search` and `side-effects` ask it."""

    @property
    def tier(self) -> int:
        """Sources of a lower tier answer a name before any of a higher one; the candidates
        of sources of one tier are weighed together (a product spans label stores)."""

    @property
    def origins(self) -> frozenset[Origin]:
        """The origins its monographs can have (`list --origin` skips a source of none)."""

    def holds(self, entry: Entry) -> bool:
        """Whether *entry* is one of this source's monographs."""

    def entry(self, drug: str) -> Entry | None:
        """The monograph of id *drug* exactly, as cheaply as the source can tell."""

    def entry_for_set_id(self, set_id: str) -> Entry | None:
        """The label of set id *set_id*, for a source that keeps labels by it."""

    def named(self, key: str, *, exact_only: bool) -> list[tuple[str, Entry]]:
        """(name key, entry) of every name equal to *key*, or starting with it too."""

    def close_names(self, key: str) -> Iterable[tuple[str, str]]:
        """(name key, id) of names that may be close to *key*, for "did you mean"."""

    def identities(self, drug_ids: Collection[str]) -> list[Identity]:
        """What tells labels of one name apart (`medcli.library.products`); none for a source
        whose monographs are no products, whose candidates are then ambiguous."""

    def catalog(self) -> Iterator[CatalogItem]:
        """Every usable monograph, in the source's own order (`list`)."""

    def search(
        self, expression: str, section: str | None, limit: int, promoted: str
    ) -> tuple[int, list[Ranked]]:
        """How many monographs match the FTS5 *expression*, and the best *limit* of them;
        a drug with the name key *promoted* is named by the query."""

    def side_effects(self, chosen: SideEffectFilter) -> tuple[EffectViews, Collection[str]]:
        """The monographs with an effect *chosen* may keep, streamed in id order; and the ids
        this source holds that shadow a later source's of the same id."""

    def load(self, entry: Entry) -> Monograph | None:
        """The monograph of one of this source's entries; None when it is gone."""


def effect_views(rows: Iterable[tuple[str, str, bytes | None, bytes]]) -> EffectViews:
    """Each drug's monograph for the multi-drug side-effect view, from *rows* (id, name,
    effects context, one side effect in msgpack: `medcli.library.index.effects`) that
    come grouped by id in id order: decoded a drug at a time, as the view is written."""
    import itertools

    from medcli.library.index.effects import EffectsReader

    reader = EffectsReader()
    for drug, group in itertools.groupby(rows, key=lambda row: row[0]):
        found = list(group)
        _, title, context, _ = found[0]
        effects = reader.effects([row[3] for row in found])
        yield drug, reader.monograph(drug, title, context, effects)
