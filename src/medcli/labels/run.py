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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from medcli.importer.run import PageReport, slug_id
from medcli.labels.documents import Document, Found, Refused
from medcli.labels.mapping import MappedLabel, drug_name, map_label
from medcli.labels.sources import from_file
from medcli.labels.split import LabelError
from medcli.labels.store import Held, LabelStore, version_order
from medcli.library.loader import MAX_FILE_BYTES
from medcli.model import Label, Monograph, consistency_problems

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class LabelFile:
    path: Path
    shown: str


@dataclass
class LabelImport:
    """One run's state: the ids it gave out and the versions it wrote."""

    store: LabelStore
    bundled: set[str]
    today: str
    dry_run: bool
    claimed: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # id → set id, version

    def run(
        self, files: Iterable[LabelFile], progress: Progress | None = None
    ) -> Iterator[PageReport]:
        done = 0
        for file in files:
            for found in from_file(file.path, file.shown):
                yield self.place(found)
                done += 1
                if progress is not None:
                    progress(done, done)

    def place(self, found: Found) -> PageReport:
        if isinstance(found, Refused):
            return PageReport(found.shown, None, "skipped", reason=found.code, detail=found.detail)
        try:
            mapped = convert(found, self.today)
        except LabelError as error:
            return PageReport(found.shown, None, "skipped", reason=error.code, detail=error.detail)
        except (ValueError, TypeError, LookupError, AttributeError) as error:
            # A document shaped as no label is: one line, and the other documents go on.
            detail = f"cannot be read as a label ({error.__class__.__name__}: {error})"[:300]
            return PageReport(found.shown, None, "skipped", reason="unreadable", detail=detail)
        return self._keep(found, mapped)

    def _keep(self, document: Document, mapped: MappedLabel) -> PageReport:
        label = mapped.monograph.label
        assert label is not None
        drug_id, held = self._choose_id(label)
        monograph = msgspec.structs.replace(mapped.monograph, id=drug_id)
        report = _report(document.shown, drug_id, mapped)
        older = self._older(drug_id, label, held)
        if older:  # kept beside the newer version, which stays the one the library shows
            held, report.detail = self.store.held_version(drug_id, label.version), older
        data = encode(monograph)
        problems = check(data)
        if problems:
            report.reason, report.detail = "invalid", "; ".join(problems[:3])
            return report
        written_before = drug_id in self.claimed and not older
        if not older:
            self.claimed[drug_id] = (label.set_id, label.version)
        if held is not None and _same_but_date(monograph, held):
            report.outcome = "unchanged"
            return report
        if not self.dry_run:
            self.store.put(drug_id, data)
        report.outcome = "updated" if held is not None or written_before else "imported"
        return report

    def _choose_id(self, label: Label) -> tuple[str, Held | None]:
        options = candidate_ids(label)
        for drug_id in options:
            if drug_id in self.bundled:
                continue
            claim = self.claimed.get(drug_id)
            if claim is not None and claim[0] != label.set_id:
                continue
            held = None if self.dry_run and claim is not None else self.store.held(drug_id)
            if held is None or held.set_id == label.set_id:
                return drug_id, held
        last = f"{options[0]}-{re.sub(r'[^a-z0-9]', '', label.set_id.lower())[:12]}"
        return last, self.store.held(last)

    def _older(self, drug_id: str, label: Label, held: Held | None) -> str | None:
        """Why *label* is not the newest of what the library (or this run) has under *drug_id*."""
        versions = [self.claimed.get(drug_id, (None, None))[1], held.version if held else None]
        for version in versions:
            if version_order(version) > version_order(label.version):
                return f"an older version, kept beside version {version}, which is shown"
        return None


def convert(document: Document, today: str) -> MappedLabel:
    """Read and map one document; `LabelError` when it cannot be a label."""
    from medcli.labels.openfda import read_record
    from medcli.labels.spl import read_spl

    try:
        read = (
            read_record(document.record) if document.kind == "openfda" else read_spl(document.data)
        )
    except RecursionError as error:
        raise LabelError("bad-document", "nested too deep") from error
    return map_label(read, drug_id=candidate_ids(read.label)[0], today=today, shown=document.shown)


def candidate_ids(label: Label) -> list[str]:
    """The ids a label may take, in order of preference (see the module's docstring)."""
    generic = _slug(drug_name(label)) or "label"
    brand = _slug(label.brand_names[0]) if label.brand_names else ""
    maker = _slug(" ".join((label.manufacturer or "").split()[:3]))
    options = [generic, brand, f"{generic}-{maker}" if maker else ""]
    return [option for option in dict.fromkeys(options) if option]


def _slug(text: str) -> str:
    return slug_id(text)[0].strip("-")


def encode(monograph: Monograph) -> bytes:
    return msgspec.json.encode(monograph)


def check(data: bytes) -> list[str]:
    """What `medcli validate` would say of the JSON *data*, and whether the library can load it."""
    if len(data) > MAX_FILE_BYTES:
        return [f"monograph is {len(data):,} bytes; the library's limit is {MAX_FILE_BYTES:,}"]
    try:
        loaded = msgspec.json.decode(data, type=Monograph)
    except (msgspec.ValidationError, msgspec.DecodeError) as error:
        return [str(error)]
    return consistency_problems(loaded)


def _same_but_date(monograph: Monograph, held: Held) -> bool:
    """The same label imported on another day is the same monograph."""
    if monograph.provenance is None or held.date is None:
        return False
    dated = msgspec.structs.replace(monograph.provenance, date=held.date)
    return encode(msgspec.structs.replace(monograph, provenance=dated)) == held.data


def _report(shown: str, drug_id: str, mapped: MappedLabel) -> PageReport:
    report = PageReport(shown, drug_id, "skipped", warnings=list(mapped.warnings))
    report.coverage = round(mapped.found / mapped.words, 6) if mapped.words else 1.0
    report.words, report.found = mapped.words, mapped.found
    report.missing = list(mapped.missing)
    report.kind = "label"
    report.side_effects = mapped.side_effects
    report.tables = mapped.tables
    report.rate_tables = mapped.rate_tables
    return report
