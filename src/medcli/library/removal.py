"""`medcli remove`: an imported label taken out of its label store, every version of it.

Only stored labels are removed. A bundled or hand-written monograph is a file the
user owns: removing it is the user's own act (delete the file), so naming one is
an error that says where it is. The label is named whole (its id, name or an
alias, as `show` matches them, case and spaces aside) or by its set id, which
names one label whatever its brand is called. A unique prefix, which `show`
accepts, is refused: a shortened name removes nothing by surprise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from medcli.errors import MedcliError, NotFoundError, UsageError
from medcli.library.folders import Entry
from medcli.library.merged import Library
from medcli.names import name_key

if TYPE_CHECKING:
    from medcli.model import Monograph

_SET_ID = re.compile(r"^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$")


@dataclass(frozen=True)
class Removal:
    """What was removed (or, on a dry run, would be): which label, its versions, from where."""

    id: str
    name: str
    set_id: str | None
    versions: list[str | None]  # every version kept of it, newest first
    store: Path
    dry_run: bool


def remove_label(library: Library, query: str, *, dry_run: bool = False) -> Removal:
    """Remove the imported label *query* names (a name as `show` takes it, or a set id)."""
    from medcli.library.stored import load, version_rows

    entry = _stored_entry(library, query)
    db = library.store_of(entry)
    monograph = load(db, entry.id) if db is not None else None
    if db is None or monograph is None:
        raise NotFoundError(f"no imported label {entry.id!r} in {entry.path} any more")
    if not _SET_ID.match(query.strip()) and not _named_whole(query, monograph):
        raise UsageError(
            f"{query.strip()!r} is only the start of {monograph.name} ({entry.id}); "
            "remove takes a whole name, id or set id",
            hint=f"medcli remove {entry.id}",
        )
    product = library.products.get(entry.id)
    if product is not None and product.others and not _SET_ID.match(query.strip()):
        labels = ", ".join(label.describe() for label in (product.chosen, *product.others))
        raise UsageError(
            f"{query.strip()!r} names {len(product.others) + 1} labels of one product;"
            " remove takes one label, by its set id",
            hint=labels,
        )  # a name meaning several labels removes none of them by surprise
    label = monograph.label
    removal = Removal(
        id=entry.id,
        name=monograph.name,
        set_id=label.set_id if label is not None else None,
        versions=[row[0] for row in version_rows(db, entry.id)],
        store=entry.path,
        dry_run=dry_run,
    )
    if not dry_run and not _removed(entry):
        raise NotFoundError(f"no imported label {entry.id!r} in {entry.path} any more")
    return removal


def _named_whole(query: str, monograph: Monograph) -> bool:
    """Whether *query* is the label's id, name or an alias, not just the start of one."""
    typed = name_key(query)
    return any(
        name_key(name) == typed for name in (monograph.id, monograph.name, *monograph.aliases)
    )


def _stored_entry(library: Library, query: str) -> Entry:
    """The stored label *query* names; a file is an error saying where it is."""
    if _SET_ID.match(query.strip()):
        found = library.by_set_id(query)
        if found is not None:
            return found
        raise NotFoundError(
            f"no imported label with set id {query.strip()}",
            hint="see the imported labels with: medcli list --origin fda-label",
        )
    entry = library.resolve(query)
    if not entry.stored:
        raise MedcliError(
            f"{entry.id} is a {entry.origin} monograph file, not an imported label: {entry.path}",
            hint=_behind(library, entry.id)
            or "medcli remove takes imported labels only; to remove a file, delete it yourself",
        )
    return entry


def _behind(library: Library, drug_id: str) -> str | None:
    """How to name the imported label a file of the same id shadows, if there is one: by
    its set id, which no file has."""
    from medcli.library.stored import load

    for store in library.label_stores():
        monograph = load(store.db, drug_id)
        if monograph is not None and monograph.label is not None:
            return (
                "the file takes the place of an imported label of that id; to remove the"
                f" label: medcli remove {monograph.label.set_id}"
            )
    return None


def _removed(entry: Entry) -> bool:
    """Remove *entry*'s label from its store; a store that cannot be written is an error."""
    import sqlite3

    from medcli.library.files import write_failure
    from medcli.library.stored import StoreStale, remove_label

    try:
        return remove_label(entry.path, entry.id)
    except StoreStale as error:
        raise MedcliError(f"cannot remove {entry.id} from {entry.path}: {error}") from error
    except (sqlite3.Error, OSError) as error:
        reason = write_failure(error, entry.path.parent)
        if reason is None:
            raise
        raise MedcliError(f"cannot remove {entry.id} from {entry.path}: {reason}") from error
