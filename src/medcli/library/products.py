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
- the others are listed beside the answer ("also: 1 repackager label …").

Labels of *different* products sharing a name stay an ambiguity, each candidate
described by brand, manufacturer, application and effective date.

Answered at lookup time from a few rows: the candidates of one name (one indexed
`SELECT` of their rows), their monographs decoded for the label's identity only.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable
from dataclasses import dataclass

import msgspec

from medcli.names import name_key


class _LabelIdentity(msgspec.Struct):
    brand_names: list[str] = []
    generic_names: list[str] = []
    manufacturer: str | None = None
    application_numbers: list[str] = []
    repackaged: bool = False


class _Identified(msgspec.Struct):
    label: _LabelIdentity | None = None


_decode_identity = msgspec.json.Decoder(_Identified).decode


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


def _rank(identity: Identity) -> tuple[bool, str, int, str]:
    """Sorts a product's labels best first: the holder's before repackagers', newest first."""
    version = int(identity.version) if identity.version and identity.version.isdigit() else -1
    return (
        identity.repackaged,
        _negated(identity.effective or ""),
        -version,
        identity.set_id or "",
    )


def _negated(text: str) -> str:
    """*text* so that sorting ascending orders the original descending (ISO dates)."""
    return "".join(chr(0x10FFFF - ord(char)) for char in text)


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

    def also(self) -> str | None:
        """ "also: 2 repackager labels (…); 1 earlier label under set id …", or None."""
        if not self.others:
            return None
        repackagers = [
            label for label in self.others if label.repackaged and not self.chosen.repackaged
        ]
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


def identities(db: sqlite3.Connection, drug_ids: Iterable[str]) -> list[Identity]:
    """The identity of each stored label among *drug_ids*: one indexed `SELECT`."""
    wanted = sorted(set(drug_ids))
    marks = ", ".join("?" for _ in wanted)
    rows = db.execute(
        f"SELECT id, set_id, version, effective, data FROM labels WHERE id IN ({marks})", wanted
    ).fetchall()
    found = []
    for drug, set_id, version, effective, data in rows:
        label = _decode_identity(zlib.decompress(data)).label or _LabelIdentity()
        found.append(
            Identity(
                id=drug,
                set_id=set_id,
                version=version,
                effective=effective,
                brand=label.brand_names[0] if label.brand_names else None,
                manufacturer=label.manufacturer,
                application=label.application_numbers[0].upper()
                if label.application_numbers
                else None,
                repackaged=label.repackaged,
                names=frozenset(
                    name_key(name) for name in (*label.brand_names, *label.generic_names)
                ),
            )
        )
    return found
