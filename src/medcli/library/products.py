"""Products, not files: which stored label a name means when several labels share it.

Each imported label is filed under its own id, but one drug usually comes as
several labels: the application holder's, repackagers' and relabelers' copies
(the same application number, another labeler), and, when an application moves
to another company, a new set id carrying on the same product. A name shared by
such labels means the *product*, and a product answers with one label:

- labels sharing an application number and a brand or generic name are one
  product (a label naming no application is a product of its own): the name too,
  because a name is what a user types, and labels of one application naming
  nothing in common are not what that name means;
- of a product's labels, those whose labeler repackages or relabels
  (`Label.repackaged`: the SPL's business operation) come last, then the newest
  effective date, then the highest version, then the set id: a rule on the labels
  alone, so the answer is the same whatever order they were imported in;
- the others are listed beside the answer ("also: 1 repackager label …"), and
  machine output gives each label's role (`holder`, `repackager`, `earlier`):
  `list --json` through `Roles`, the MCP `show_monograph` answer through
  `Product.facts`;
- where two holder labels of a product would take the same id, the current one
  does (`outranks`, applied by the import), so ids do not depend on import order.

Labels of *different* products sharing a name stay an ambiguity, each candidate
described by brand, manufacturer, application and effective date.

What decides a product is kept per label in the store's derived `products` table
(`product_row`, made by `medcli.library.derived` at import and rebuilt in place
when this code changes), so a name shared by 200 labels is decided from 200 small
rows read by one indexed `SELECT`, never by decoding their monographs.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypedDict

import msgspec

from medcli.choices import ProductRole
from medcli.names import name_key

if TYPE_CHECKING:
    from medcli.model import Label


NAME_SEPARATOR = "\x1f"
ProductRow = tuple[str | None, str | None, str | None, bool, str]


class OtherLabel(TypedDict):
    """A product's label that does not answer for it, and why."""

    id: str
    set_id: str | None
    role: ProductRole
    manufacturer: str | None
    effective_time: str | None


class ProductFacts(TypedDict):
    """A product in machine output (the MCP `show_monograph` answer's provenance)."""

    current: str
    set_id: str | None
    application: str | None
    also: list[OtherLabel]


def product_row(label: Label | _LabelIdentity | None) -> ProductRow:
    """What a label's `products` row keeps of it: (application, brand, manufacturer,
    repackaged, name keys of its brand and generic names joined by `NAME_SEPARATOR`)."""
    if label is None:
        return None, None, None, False, ""
    keys = dict.fromkeys(name_key(name) for name in (*label.brand_names, *label.generic_names))
    return (
        label.application_numbers[0].upper() if label.application_numbers else None,
        label.brand_names[0] if label.brand_names else None,
        label.manufacturer,
        label.repackaged,
        NAME_SEPARATOR.join(key for key in keys if key),
    )


@dataclass(frozen=True)
class Identity:
    """What tells one stored label from another of the same name."""

    id: str
    set_id: str | None
    version: str | None
    effective: str | None  # ISO date
    brand: str | None
    manufacturer: str | None
    application: str | None
    repackaged: bool
    names: frozenset[str] = frozenset()  # name keys of its brand and generic names

    @property
    def product(self) -> str:
        """The product this label belongs to: its application, else the label itself."""
        return f"application {self.application}" if self.application else f"label {self.id}"

    def describe(self) -> str:
        """The set id, id, brand, manufacturer, application and date: enough to choose, and
        the set id to choose by (the id a generic name went to depends on which label was
        imported first; the set id does not)."""
        facts = [
            self.manufacturer or "manufacturer not given",
            self.application or "no application number",
            f"effective {self.effective or 'date not given'}",
        ]
        if self.repackaged:
            facts.insert(1, "repackager")
        brand = f" [{self.brand}]" if self.brand else ""
        return f"{self.set_id}: {self.id}{brand} ({', '.join(facts)})"


def _rank(identity: Identity) -> tuple[bool, int, int, str]:
    """Sorts a product's labels best first: the holder's before repackagers', newest first."""
    version = int(identity.version) if identity.version and identity.version.isdigit() else -1
    return (identity.repackaged, _newest_first(identity.effective), -version, identity.set_id or "")


def _newest_first(effective: str | None) -> int:
    """An ISO date as a key sorting the newest first; a label with no date comes last."""
    digits = (effective or "").replace("-", "")
    return -int(digits) if digits.isdigit() else 0


def outranks(label: Identity, other: Identity) -> bool:
    """Whether *label* is the current label of a product *other* also belongs to, as the
    holder's: where a holder's labels under two set ids share an application and a name,
    the current one is filed under the id both would take, whatever the import order."""
    same = (
        label.application is not None
        and label.application == other.application
        and bool(label.names & other.names)
        and not label.repackaged
        and not other.repackaged
    )
    return same and _rank(label) < _rank(other)


@dataclass(frozen=True)
class Product:
    """One product's labels among a name's candidates: the one that answers, and the others."""

    chosen: Identity
    others: tuple[Identity, ...]

    @property
    def history(self) -> tuple[Identity, ...]:
        """The holder's labels of the product, under every set id it had: one history."""
        return tuple(
            label
            for label in (self.chosen, *self.others)
            if label.repackaged == self.chosen.repackaged
        )

    def role(self, label: Identity) -> ProductRole:
        """What *label* is to the product: a repackager's or relabeler's copy, the holder's
        label that answers for it (`holder`), or the holder's under an earlier set id."""
        if label.repackaged:
            return "repackager"
        return "holder" if label == self.chosen else "earlier"

    def facts(self) -> ProductFacts:
        """The product as a machine reads it: its current label and the others, each with
        its role (what `also` says in a sentence)."""
        return {
            "current": self.chosen.id,
            "set_id": self.chosen.set_id,
            "application": self.chosen.application,
            "also": [
                {
                    "id": label.id,
                    "set_id": label.set_id,
                    "role": self.role(label),
                    "manufacturer": label.manufacturer,
                    "effective_time": label.effective,
                }
                for label in self.others
            ],
        }

    def also(self) -> str | None:
        """ "also: 2 repackager labels (…); 1 earlier label under set id …", or None."""
        if not self.others:
            return None
        repackagers = [label for label in self.others if self.role(label) == "repackager"]
        earlier = [label for label in self.others if label not in repackagers]
        parts: list[str] = []
        if repackagers:
            ids = ", ".join(label.id for label in repackagers)
            parts.append(f"{_count(len(repackagers), 'repackager label')} ({ids})")
        if earlier:
            sets = ", ".join(f"{label.set_id} ({label.id})" for label in earlier)
            parts.append(f"{_count(len(earlier), 'earlier label')} under set id {sets}")
        return (
            f"{self.chosen.id} is the current label of {self.chosen.product}; also: "
            + "; ".join(parts)
        )


def _count(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def products(identities: Iterable[Identity]) -> list[Product]:
    """The candidates grouped by product, each product's best label first; products in the
    order of their chosen labels' ids."""
    by_application: dict[str, list[Identity]] = {}
    for identity in identities:
        by_application.setdefault(identity.product, []).append(identity)
    found = []
    for labels in by_application.values():
        for group in _sharing_a_name(labels):
            ranked = sorted(group, key=_rank)
            found.append(Product(ranked[0], tuple(ranked[1:])))
    return sorted(found, key=lambda product: product.chosen.id)


def _sharing_a_name(labels: list[Identity]) -> list[list[Identity]]:
    """*labels* (of one application) in groups linked by a brand or generic name in common."""
    groups: list[tuple[set[str], list[Identity]]] = []
    for label in labels:
        linked = [group for group in groups if group[0] & label.names]
        names, members = set(label.names), [label]
        for group in linked:
            names |= group[0]
            members += group[1]
            groups.remove(group)
        groups.append((names, members))
    return [members for _, members in groups]


_IDENTITY = (
    "SELECT l.id, l.set_id, l.version, l.effective, p.application, p.brand, p.manufacturer,"
    " p.repackaged, p.names FROM labels l JOIN products p ON p.label = l.rowid"
)


def identities(db: sqlite3.Connection, drug_ids: Iterable[str]) -> list[Identity]:
    """The identity of each stored label among *drug_ids*: one indexed `SELECT` of their
    `labels` and `products` rows."""
    wanted = sorted(set(drug_ids))
    marks = ", ".join("?" for _ in wanted)
    try:
        rows = db.execute(f"{_IDENTITY} WHERE l.id IN ({marks}) ORDER BY l.id", wanted)
        return [identity_of(row) for row in rows]
    except sqlite3.OperationalError:  # no `products` yet: a read-only store of older code
        return _decoded_identities(db, wanted)


def identity_of(row: tuple[Any, ...]) -> Identity:
    """A label's identity from (id, set id, version, effective date, *its `product_row`)."""
    drug, set_id, version, effective, application, brand, manufacturer, repackaged, names = row
    return Identity(
        id=drug,
        set_id=set_id,
        version=version,
        effective=effective,
        brand=brand,
        manufacturer=manufacturer,
        application=application,
        repackaged=bool(repackaged),
        names=frozenset(names.split(NAME_SEPARATOR)) if names else frozenset(),
    )


class _LabelIdentity(msgspec.Struct):
    """A kept label's identity fields alone, decoded without its sections."""

    brand_names: list[str] = []
    generic_names: list[str] = []
    manufacturer: str | None = None
    application_numbers: list[str] = []
    repackaged: bool = False


class _Identified(msgspec.Struct):
    label: _LabelIdentity | None = None


def _decoded_identities(db: sqlite3.Connection, wanted: list[str]) -> list[Identity]:
    """`identities` of a store that cannot be given its `products` rows (read-only, of
    older code): made from each label's JSON by the same `product_row`."""
    marks = ", ".join("?" for _ in wanted)
    decode = msgspec.json.Decoder(_Identified).decode
    rows = db.execute(
        f"SELECT id, set_id, version, effective, data FROM labels WHERE id IN ({marks})"
        " ORDER BY id",
        wanted,
    )
    return [
        identity_of(
            (drug, set_id, version, effective, *product_row(decode(zlib.decompress(data)).label))
        )
        for drug, set_id, version, effective, data in rows
    ]


class Roles:
    """Each stored label's product and role, for `list`: its application's labels read
    once (one indexed `SELECT` on `products.application`) and remembered for the other
    labels of that application listed later."""

    KEPT = 4096  # applications remembered: `list` goes by id, not by application

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        # id → (the id of its product's current label, its role)
        self._known: dict[str, tuple[str, ProductRole]] = {}
        self._applications: list[str] = []
        self._unavailable = False

    def of(self, drug_id: str) -> tuple[str, ProductRole] | None:
        """(the id of the label that answers for *drug_id*'s product, its role), or None
        when the store has no `products` rows (read-only, of older code)."""
        if drug_id not in self._known and not self._unavailable:
            try:
                self._read(drug_id)
            except sqlite3.OperationalError:
                self._unavailable = True
        return self._known.get(drug_id)

    def _read(self, drug_id: str) -> None:
        found = self._db.execute(f"{_IDENTITY} WHERE l.id = ?", (drug_id,)).fetchone()
        if found is None:
            return
        label = identity_of(found)
        labels = [label]
        if label.application is not None:
            rows = self._db.execute(f"{_IDENTITY} WHERE p.application = ?", (label.application,))
            labels = [identity_of(row) for row in rows]
            self._remember(label.application)
        for product in products(labels):
            for member in (product.chosen, *product.others):
                self._known[member.id] = (product.chosen.id, product.role(member))

    def _remember(self, application: str) -> None:
        """Forget what was read once past `KEPT` applications: memory stays bounded."""
        self._applications.append(application)
        if len(self._applications) > self.KEPT:
            self._applications.clear()
            self._known.clear()
