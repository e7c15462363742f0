"""The versions of an imported label: which the library keeps, one chosen as typed, two compared.

A version is named by its number (`4`) or by a date (`2021-04-01`, or `20210401`
as openFDA writes it): the version effective that day, else the one in effect
then (the newest that took effect before it). The label store keeps every
version; the newest is the one every other command shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import msgspec

from medcli.errors import NotFoundError, UsageError
from medcli.labels.diff import LabelDiff, RecentMajorChanges, SectionDiff, Summary, diff_labels
from medcli.labels.store import version_order
from medcli.library.folders import CatalogItem, Entry, summarize
from medcli.library.merged import Library
from medcli.model import Monograph


class LabelVersion(msgspec.Struct):
    version: str | None
    version_id: str | None
    effective_time: str | None
    imported: str | None  # the day it was imported
    newest: bool


@dataclass(frozen=True)
class LabelVersions:
    """`medcli list --versions DRUG`: which label, and its versions, newest first."""

    item: CatalogItem
    set_id: str
    versions: list[LabelVersion]


class Comparison(msgspec.Struct):
    """`medcli diff`: which label, which two versions, and what changed between them."""

    drug: str
    name: str
    set_id: str
    older: LabelVersion | None = msgspec.field(name="from")
    newer: LabelVersion = msgspec.field(name="to")
    message: str | None  # why there is nothing to compare, when there is not
    summary: Summary
    recent_major_changes: RecentMajorChanges | None
    sections: list[SectionDiff]


def versions_of(library: Library, query: str) -> LabelVersions:
    """Every version the library keeps of the label *query* names, newest first."""
    entry, monograph, versions = _versions(library, query)
    assert monograph.label is not None
    return LabelVersions(summarize(entry, monograph), monograph.label.set_id, versions)


def find_version(library: Library, query: str, wanted: str) -> Monograph:
    """The monograph of version *wanted* (a number or a date) of the label *query* names."""
    entry, monograph, versions = _versions(library, query)
    chosen = choose(versions, wanted, entry.id)
    if chosen.newest:
        return monograph
    library.warn(
        f"version {chosen.version} ({chosen.effective_time}) of {entry.id}; the newest kept is "
        f"version {versions[0].version} ({versions[0].effective_time})"
    )
    return _load(library, entry, chosen)


def compare(
    library: Library,
    query: str,
    older: str | None = None,
    newer: str | None = None,
    section: str | None = None,
) -> Comparison:
    """What changed from version *older* to *newer* (default: the two newest) of a label."""
    entry, monograph, versions = _versions(library, query)
    label = monograph.label
    assert label is not None
    to = choose(versions, newer, entry.id) if newer else versions[0]
    if older:
        start: LabelVersion | None = choose(versions, older, entry.id)
    else:  # versions are newest first: the one after *to*
        earlier = versions[versions.index(to) + 1 :]
        start = earlier[0] if earlier else None
    if start is not None and versions.index(start) < versions.index(to):
        library.warn(
            f"--from {older} (version {start.version}) is newer than --to {newer} (version"
            f" {to.version}): compared the other way, from version {to.version} to"
            f" version {start.version}"
        )  # a diff read backwards would call every addition a removal
        start, to = to, start
    head = (entry.id, monograph.name, label.set_id)
    if start is None or start is to:
        message = _nothing_to_compare(entry.id, versions, start, to)
        return Comparison(*head, start, to, message, Summary(0, 0, 0, 0), None, [])
    old_label = _load(library, entry, start).label
    new_label = (monograph if to.newest else _load(library, entry, to)).label
    assert old_label is not None and new_label is not None
    found: LabelDiff = diff_labels(old_label, new_label, section)
    return Comparison(
        *head, start, to, None, found.summary, found.recent_major_changes, found.sections
    )


def _nothing_to_compare(
    drug: str, versions: list[LabelVersion], start: LabelVersion | None, to: LabelVersion
) -> str:
    if len(versions) == 1:
        return f"only one version of {drug} is in the library (version {to.version}): " + (
            "nothing to compare"
        )
    if start is not None:
        return f"version {to.version} compared with itself: nothing to compare"
    return f"no version of {drug} older than version {to.version}: nothing to compare"


def choose(versions: list[LabelVersion], wanted: str, drug: str) -> LabelVersion:
    """The version *wanted* names: its number, or a date (that day's, else the one in effect)."""
    text = wanted.strip().lower().removeprefix("v")
    day = _date(text)
    if day is not None:
        exact = [v for v in versions if v.effective_time == day]
        earlier = [v for v in versions if v.effective_time and v.effective_time <= day]
        found = exact or earlier  # versions are newest first: the first is the one in effect
        if found:
            return found[0]
        raise UsageError(f"no version of {drug} was in effect on {day}; {_listed(versions)}")
    if not text.isdigit():
        raise UsageError(
            f"{wanted!r} is not a label version: give its number (4) or its effective date "
            f"(2021-04-01 or 20210401); {_listed(versions)}"
        )
    for version in versions:
        if version_order(version.version) == int(text):
            return version
    raise UsageError(f"no version {wanted} of {drug} in the library; {_listed(versions)}")


def parse_date(text: str, *, what: str) -> str:
    """*text* (`2021-04-01` or `20210401`) as an ISO date; a usage error naming *what* else."""
    day = _date(text.strip())
    if day is None:
        raise UsageError(f"{what} {text!r} is not a date", hint="accepted: YYYY-MM-DD or YYYYMMDD")
    return day


def _date(text: str) -> str | None:
    """`2021-04-01` or `20210401` as an ISO date; None when *text* is no date."""
    match = re.fullmatch(r"(\d{4})-?(\d{2})-?(\d{2})", text)
    if match is None or (len(text) == 8 and not text.startswith(("19", "20"))):
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError as error:
        raise UsageError(f"{text!r} is not a date ({error})") from error


def _listed(versions: list[LabelVersion]) -> str:
    shown = ", ".join(f"{v.version} ({v.effective_time or 'no date'})" for v in versions)
    return f"versions kept: {shown}"


def _versions(library: Library, query: str) -> tuple[Entry, Monograph, list[LabelVersion]]:
    """The entry *query* names, its newest monograph, and its label versions, newest first.

    A product whose application moved to a new set id (`medcli.library.products`) has
    one history: the versions of each of its holder's labels, by effective date.
    """
    entry = library.resolve(query)
    monograph = library.load(entry)
    label = monograph.label
    if label is None:
        raise NotFoundError(
            f"{entry.id} is not an imported FDA label, so it has no label versions",
            hint="label versions come with imported labels (medcli import LABEL.json); "
            "see which drugs are labels with: medcli list",
        )
    db = library.store_of(entry)
    if db is None:  # a label kept as a file: the one version it holds
        imported = monograph.provenance.date if monograph.provenance else None
        one = LabelVersion(label.version, label.version_id, label.effective_time, imported, True)
        return entry, monograph, [one]
    from medcli.library.stored import version_rows

    versions = [
        LabelVersion(*row[:4], newest=row[4] and drug == entry.id)
        for drug in _history(library, entry)
        for row in version_rows(db, drug)
    ]
    # Set ids of one product are one history: newest first by effective date.
    versions.sort(
        key=lambda v: (v.newest, v.effective_time or "", version_order(v.version)), reverse=True
    )
    return entry, monograph, versions


def _load(library: Library, entry: Entry, version: LabelVersion) -> Monograph:
    """*version* of the label *entry* holds, or of the product's label under another set id."""
    from medcli.library.stored import load_version

    db = library.store_of(entry)
    if db is not None:
        for drug in _history(library, entry):
            found = load_version(db, drug, version.version or "")
            if found is not None and found.label and found.label.version_id == version.version_id:
                return found
    raise NotFoundError(f"version {version.version} of {entry.id} is no longer in the library")


def _history(library: Library, entry: Entry) -> list[str]:
    """The ids of the labels whose versions are *entry*'s history: its own, and those of its
    product's holder under earlier set ids (`medcli.library.products`)."""
    product = library.products.get(entry.id)
    return [entry.id] if product is None else [label.id for label in product.history]
