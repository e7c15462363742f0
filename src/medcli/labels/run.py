"""Importing labels: read each document, map it, choose its id, hand it to the store.

Documents stream in one at a time (see `medcli.labels.sources`), so a bulk file
of 20,000 records costs the memory of one. Every document ends as one
`PageReport` line: imported, updated, unchanged, or skipped with a stable code
and a reason, and the run goes on.

Ids: a label is filed under its generic name's slug. When that id is taken by
another label (another manufacturer, a repackager) or by a monograph that is no
label (the bundled isatuximab), it goes under its brand name's slug, then under
the generic name plus the manufacturer, then plus the set id: both stay in the
library, each findable by its id and listed under its brand name. A label
already in the library keeps its id; an older version never replaces a newer.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO

import msgspec

from medcli.importer.report import PageReport, Progress
from medcli.labels.convert import (
    COUNT_EVERY,
    Attempt,
    Identity,
    Tally,
    attempts,
    candidate_ids,
    encode,
    stored_rows,
)
from medcli.labels.documents import Found
from medcli.labels.sources import from_file
from medcli.labels.store import Held, LabelStore, version_order
from medcli.library.label_rows import LabelRows
from medcli.library.products import Identity as ProductLabel
from medcli.library.products import identity_of, outranks, product_row
from medcli.model import Monograph


@dataclass(frozen=True)
class LabelFile:
    path: Path
    shown: str
    named: bool = False  # named by the user, not found in a folder: may be a pipe (`<(…)`)


@dataclass
class LabelImport:
    """One run's state: the ids it gave out and the versions it wrote."""

    store: LabelStore
    bundled: set[str]
    today: str
    dry_run: bool
    count_all: bool = False  # count every label's words (`--check`), not 1 in COUNT_EVERY
    claimed: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id → set id, version

    def run(
        self,
        files: Iterable[LabelFile],
        progress: Progress | None = None,
        workers: int | None = None,
    ) -> Iterator[PageReport]:
        """A report per document, in input order; converted on *workers* processes."""
        listed = list(files)
        whole = sum(_size(file.path) for file in listed)
        every = 1 if self.count_all else COUNT_EVERY
        converted = attempts(_documents(listed), self.today, workers, every)
        for done, (found, read, tried) in enumerate(converted, 1):
            yield self.place(found, tried)
            if progress is not None:
                progress(done, read, whole)

    def place(self, found: Found, tried: Attempt) -> PageReport:
        if tried.identity is None:
            return PageReport(found.shown, None, "skipped", reason=tried.code, detail=tried.detail)
        return self._keep(found.shown, tried.identity, tried)

    def _keep(self, shown: str, identity: Identity, tried: Attempt) -> PageReport:
        drug_id, held = self._choose_id(identity)
        older = self._older(drug_id, identity, held)
        moved = None
        if not older and not self.dry_run and tried.rows is not None:
            drug_id, held, moved = self._take_from_outranked(identity, tried.rows, drug_id, held)
        report = _report(shown, drug_id, tried.tally)
        if moved is not None:
            report.warnings.append(moved)
        if older:  # kept beside the newer version, which stays the one the library shows
            held, report.detail = self.store.held_version(drug_id, identity.version), older
        rows, problems = tried.rows, tried.problems  # checked where it was converted
        if rows is not None and drug_id != rows.id:  # the rare label whose first id is taken
            renamed, problems = stored_rows(drug_id, _unpacked(rows))
            rows = replace(renamed, source=rows.source) if renamed is not None else None
        if problems or rows is None:
            report.reason, report.detail = "invalid", "; ".join(problems[:3])
            return report
        written_before = drug_id in self.claimed and not older
        if not older:
            self.claimed[drug_id] = (identity.set_id, identity.version)
        if held is not None and _same_but_date(_unpacked(rows), held):
            report.outcome = "unchanged"
            if not self.dry_run:  # held since before documents were kept: kept from now on
                self.store.keep_source(rows)
            return report
        if not self.dry_run:
            self.store.put_rows(rows)
        report.outcome = "updated" if held is not None or written_before else "imported"
        return report

    def _choose_id(self, label: Identity) -> tuple[str, Held | None]:
        options = label.ids
        for drug_id in options:
            if drug_id in self.bundled:
                continue
            claim = self.claimed.get(drug_id)
            if claim is not None and claim[0] != label.set_id:
                continue
            held = None if self.dry_run and claim is not None else self.store.held(drug_id)
            if held is None or held.set_id == label.set_id:
                return drug_id, held
        last = f"{options[0]}-{_set_slug(label.set_id)}"
        return last, self.store.held(last)

    def _take_from_outranked(
        self, label: Identity, rows: LabelRows, drug_id: str, held: Held | None
    ) -> tuple[str, Held | None, str | None]:
        """The id *label* is filed under when an id it prefers to *drug_id* is held by an
        earlier label of its product (`products.outranks`): the product's current label
        takes it and the other is filed again (`_settle`), so the ids do not depend on
        which was imported first. With the label's versions already kept under
        *drug_id*, they move with it. (id, what it holds, a note of the move)."""
        preferred = label.ids[: label.ids.index(drug_id)] if drug_id in label.ids else label.ids
        incoming = identity_of((drug_id, rows.set_id, rows.version, rows.effective,
                                *(rows.derived.product or product_row(None))))  # fmt: skip
        for wanted in preferred:
            other = self._outranked_at(wanted, incoming)
            if other is None:
                continue
            parked = self._park(wanted, other)
            if held is not None:  # this label's earlier versions, kept under drug_id
                self._refile(drug_id, wanted)
            moved_to = self._settle(parked, other, wanted)
            note = (
                f"{wanted} goes to the product's current label; the label of set id"
                f" {other.set_id} it held is now filed under {moved_to}"
            )
            return wanted, self.store.held(wanted), note
        return drug_id, held, None

    def _outranked_at(self, drug_id: str, label: ProductLabel) -> ProductLabel | None:
        """The label under *drug_id* when *label* outranks it in their product, else None."""
        other = None if drug_id in self.bundled else self.store.identity(drug_id)
        if other is None or other.set_id == label.set_id or not outranks(label, other):
            return None
        return other

    def _park(self, drug_id: str, label: ProductLabel) -> str:
        """Move the label under *drug_id* aside, to an id no label takes, until `_settle`."""
        parked = f"{drug_id}-{_set_slug(label.set_id or drug_id)}-moving"
        self._refile(drug_id, parked)
        return parked

    def _settle(self, parked: str, label: ProductLabel, reserved: str) -> str:
        """File the parked *label* under the first id it may take (not *reserved*, the id
        being given to the label that outranks it) that is free or held by a label it
        outranks (which is parked and settled in turn: every label of the product ends
        where importing them best-ranked first would put it); the id."""
        kept = self.store.held(parked)
        assert kept is not None
        monograph = msgspec.json.decode(kept.data, type=Monograph)
        assert monograph.label is not None
        options = candidate_ids(monograph.label)
        for option in options:
            if option == reserved or option in self.bundled:
                continue
            if self.store.held(option) is None:
                self._refile(parked, option)
                return option
            other = self._outranked_at(option, label)
            if other is not None:
                again = self._park(option, other)
                self._refile(parked, option)
                self._settle(again, other, reserved)
                return option
        last = f"{options[0]}-{_set_slug(monograph.label.set_id)}"
        self._refile(parked, last)
        return last

    def _refile(self, drug_id: str, new_id: str) -> None:
        """The store's label under *drug_id* moved to *new_id*, and this run's claim with it."""
        self.store.refile(drug_id, new_id)
        claim = self.claimed.pop(drug_id, None)
        if claim is not None:
            self.claimed[new_id] = claim

    def _older(self, drug_id: str, label: Identity, held: Held | None) -> str | None:
        """Why *label* is not the newest of what the library (or this run) has under *drug_id*."""
        versions = [self.claimed.get(drug_id, (None, None))[1], held.version if held else None]
        for version in versions:
            if version_order(version) > version_order(label.version):
                return f"an older version, kept beside version {version}, which is shown"
        return None


def _set_slug(set_id: str) -> str:
    """The start of a set id, as an id's last part."""
    return re.sub(r"[^a-z0-9]", "", set_id.lower())[:12]


def _unpacked(rows: LabelRows) -> Monograph:
    """The monograph of *rows*, decoded: only for the few labels already held, or renamed."""
    return msgspec.json.decode(zlib.decompress(rows.packed), type=Monograph)


def _same_but_date(monograph: Monograph, held: Held) -> bool:
    """The same label imported on another day, or from a file of another name, is the same
    monograph: only the provenance and the sources' paths say when and from where."""
    if monograph.provenance is None or held.date is None:
        return False
    dated = msgspec.structs.replace(monograph.provenance, date=held.date)
    if encode(msgspec.structs.replace(monograph, provenance=dated)) == held.data:
        return True
    try:
        kept = msgspec.json.decode(held.data, type=Monograph)
    except (msgspec.ValidationError, msgspec.DecodeError):
        return False
    if len(kept.sources) != len(monograph.sources):
        return False
    sources = [
        msgspec.structs.replace(source, path=old.path)
        for source, old in zip(monograph.sources, kept.sources, strict=True)
    ]
    moved = msgspec.structs.replace(monograph, provenance=kept.provenance, sources=sources)
    return encode(moved) == held.data


def _documents(files: list[LabelFile]) -> Iterator[tuple[Found, int]]:
    """Every document in *files*, with how many bytes of them had been read when it was."""
    before = 0
    for file in files:
        opened: list[IO[bytes]] = []
        for found in from_file(file.path, file.shown, opened.append, pipes=file.named):
            yield found, before + (_position(opened[0]) if opened else 0)
        before += _size(file.path)


def _position(stream: IO[bytes]) -> int:
    """How far *stream* has been read; a pipe cannot tell, and counts as not started."""
    try:
        return stream.tell()
    except OSError:
        return 0


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _report(shown: str, drug_id: str, tally: Tally) -> PageReport:
    report = PageReport(shown, drug_id, "skipped", warnings=list(tally.warnings))
    if tally.counted:
        report.coverage = round(tally.found / tally.words, 6) if tally.words else 1.0
        report.words, report.found = tally.words, tally.found
        report.missing = list(tally.missing)
    report.kind = "label"
    report.side_effects = tally.side_effects
    report.tables = tally.tables
    report.rate_tables = tally.rate_tables
    return report
