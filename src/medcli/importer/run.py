"""`medcli import` over many pages: find them, convert them (in parallel), write them.

Converting a page (read, parse, map, serialise, check) is pure and runs in worker
processes when there are many pages; deciding and writing happen here, in one
process, in page order, so ids are unique and every write is atomic. A page that
cannot be imported is reported with its path and reason and the run goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from medcli.errors import DataError, NotFoundError, UsageError
from medcli.importer.coverage import Coverage, Structure, body_words, measure, structure_coverage
from medcli.importer.mapping import NO_ORIGIN, Origin, map_page
from medcli.importer.parse import MAX_PAGE_BYTES, PageError, decode_page, parse_page
from medcli.importer.report import ImportReport, PageReport, Progress, Tally
from medcli.importer.workers import Skip, failure, pooled
from medcli.importer.writer import Existing, find_existing, round_trip_problems, to_yaml
from medcli.library.files import read_regular_file, remove_stale_temporaries, write_atomic
from medcli.library.folders import Folder, monograph_files
from medcli.model import Monograph
from medcli.names import is_path_like

MAX_ID_LENGTH = 120
PARALLEL_FROM = 200  # fewer pages are converted in-process: a pool costs more than it saves
CHUNK = 40
CHUNKS_AHEAD = 2  # per worker: one being converted, one waiting


@dataclass(frozen=True)
class Job:
    path: str  # where to read the page
    shown: str  # the path relative to the import root, as recorded in the monograph


@dataclass
class Converted:
    """A worker's answer for one page: a monograph ready to write, or why not."""

    job: Job
    drug_id: str | None = None
    data: bytes | None = None
    monograph: Monograph | None = None
    coverage: Coverage | None = None
    structure: Structure | None = None
    warnings: list[str] = field(default_factory=list)
    skip: Skip | None = None  # a plain value: it crosses from a worker process intact


def import_pages(
    paths: Iterable[Path],
    *,
    into: Path,
    bundled: Path,
    dry_run: bool = False,
    force: bool = False,
    today: str | None = None,
    progress: Progress | None = None,
    workers: int | None = None,
    origin: Origin = NO_ORIGIN,
    on_page: Callable[[PageReport], None] | None = None,
) -> ImportReport:
    """Import the Markdown pages in *paths* (files, or folders searched for `*.md`) into *into*.

    Ids of the monographs in *bundled* are protected: a page of the same id is
    skipped unless *force*, since it would shadow the curated monograph.
    *origin* is recorded in every monograph's source (`--source-note`, `--ai-generated`).
    Each page's report goes to *on_page* as it is done, or, without one, into the report.
    """
    started = time.perf_counter()
    jobs = find_pages(list(paths))
    target = into
    if target.exists() and not target.is_dir():
        raise UsageError(f"--into {target}: not a folder; give a folder to write monographs into")
    date = today or dt.date.today().isoformat()
    if not dry_run and target.is_dir():
        remove_stale_temporaries(target)  # left by a run killed mid-write
    writer = _Writer(target, dry_run, force, _ids_in(bundled))
    kept: list[PageReport] = []
    hand = on_page if on_page is not None else kept.append
    tally = Tally()
    for done, converted in enumerate(convert_all(jobs, date, workers, origin), 1):
        page = writer.place(converted)
        tally.add(page)
        hand(page)
        if progress is not None:
            progress(done, done, len(jobs))
    return ImportReport(str(target), dry_run, tally.summary(time.perf_counter() - started), kept)


def find_pages(paths: list[Path]) -> list[Job]:
    """Every page to import, in a stable order; a missing path is a usage error."""
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    jobs: dict[str, Job] = {}
    for path in paths:
        if path.is_dir():
            found = [(page.relative_to(path).as_posix(), page) for page in _walk(path)]
            for shown, page in sorted(found):
                jobs.setdefault(str(page.resolve()), Job(str(page), shown))
        else:
            jobs.setdefault(str(path.resolve()), Job(str(path), path.name))
    if not jobs:
        where = ", ".join(str(path) for path in paths)
        raise NotFoundError(
            f"no Markdown pages (*.md) in {where}", hint="name .md files or folders"
        )
    return list(jobs.values())


def _walk(folder: Path) -> Iterator[Path]:
    for root, subfolders, files in os.walk(folder, onerror=lambda error: None):
        subfolders.sort()  # os.walk does not follow symlinked folders
        for name in sorted(files):
            if name.lower().endswith(".md"):
                yield Path(root) / name


def convert_all(
    jobs: list[Job], today: str, workers: int | None = None, origin: Origin = NO_ORIGIN
) -> Iterator[Converted]:
    """Converted pages in job order, from a process pool when there are many."""
    count = workers if workers is not None else min(os.cpu_count() or 1, 8)
    if count < 2 or len(jobs) < PARALLEL_FROM:
        yield from (convert(job, today, origin) for job in jobs)
        return
    chunks = [jobs[start : start + CHUNK] for start in range(0, len(jobs), CHUNK)]
    tasks = ((chunk, (chunk, today, origin)) for chunk in chunks)
    for _, converted in pooled(convert_chunk, tasks, count, count * CHUNKS_AHEAD, _skipped_all):
        yield from converted


def _skipped_all(jobs: list[Job], skip: Skip) -> list[Converted]:
    """A chunk the pool could not answer for (its worker was killed): each page says so."""
    return [Converted(job, skip=skip) for job in jobs]


def convert_chunk(jobs: list[Job], today: str, origin: Origin = NO_ORIGIN) -> list[Converted]:
    return [convert(job, today, origin) for job in jobs]


def convert(job: Job, today: str, origin: Origin = NO_ORIGIN) -> Converted:
    """Read, parse, map, serialise and check one page; never raises (a bad page is a `Skip`)."""
    try:
        return _converted(job, today, origin)
    except PageError as error:
        return Converted(job, skip=Skip(error.code, error.detail))
    except Exception as error:  # a bug met by one page costs that page only
        return Converted(job, skip=failure(error))


def _converted(job: Job, today: str, origin: Origin) -> Converted:
    result = Converted(job)
    try:
        raw = read_regular_file(Path(job.path), MAX_PAGE_BYTES)
    except OSError as error:
        raise PageError("unreadable", error.strerror or error.__class__.__name__) from error
    page = parse_page(decode_page(raw))
    drug_id, shortened = slug_id(Path(job.path).stem)
    if not drug_id:
        drug_id, shortened = slug_id(page.title)
    if not drug_id:
        raise PageError("no-id", "neither the file name nor the title gives an id")
    mapped = map_page(page, drug_id=drug_id, path=job.shown, today=today, origin=origin)
    data = to_yaml(mapped.monograph)
    problems = round_trip_problems(data, mapped.monograph)
    if problems:
        raise PageError("invalid", "; ".join(problems[:3]))
    result.drug_id, result.data, result.monograph = drug_id, data, mapped.monograph
    result.coverage = measure(
        body_words(page.tokens), mapped.labels, mapped.monograph, mapped.copies
    )
    result.structure = structure_coverage(page, mapped.labels, mapped.monograph, mapped.copies)
    result.warnings = mapped.warnings + ([f"id shortened to {drug_id!r}"] if shortened else [])
    return result


def slug_id(text: str) -> tuple[str, bool]:
    """A library id from a file name or title: lowercase ASCII letters, digits, hyphens.

    Ids longer than the schema allows keep their start and end in a short hash of the
    whole, so two long names never meet. Text that reads as a path gives no id (""),
    so the caller falls back to another name. Returns (id, shortened).
    """
    if is_path_like(text):
        return "", False
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9-]+", "-", ascii_text.lower()).lstrip("-")
    if len(slug) <= MAX_ID_LENGTH:
        return slug, False
    digest = hashlib.sha1(slug.encode()).hexdigest()[:8]
    return f"{slug[: MAX_ID_LENGTH - 9].rstrip('-')}-{digest}", True


def _ids_in(folder: Path) -> set[str]:
    return {entry.id for entry in monograph_files(Folder(folder, "bundled"))}


@dataclass
class _Writer:
    """Decides each page's outcome against what the target already holds, and writes it."""

    target: Path
    dry_run: bool
    force: bool
    bundled: set[str]
    seen: dict[str, str] = field(default_factory=dict)
    made_target: bool = False

    def place(self, page: Converted) -> PageReport:
        report = PageReport(page.job.shown, page.drug_id, "skipped", warnings=page.warnings)
        if page.coverage is not None:
            report.coverage = round(page.coverage.ratio, 6)
            report.words, report.found = page.coverage.words, page.coverage.found
            report.structure = page.coverage.structure
            report.missing = list(page.coverage.missing)
        if page.structure is not None:
            report.effect_words, report.in_entries = page.structure.words, page.structure.in_entries
        if page.skip is not None:
            report.reason, report.detail = page.skip.code, page.skip.detail
            return report
        assert page.drug_id is not None and page.data is not None and page.monograph is not None
        if page.drug_id in self.seen:
            report.reason = "duplicate-id"
            report.detail = f"id {page.drug_id!r} is already taken by {self.seen[page.drug_id]}"
            return report
        self.seen[page.drug_id] = page.job.shown
        path = self.target / f"{page.drug_id}.yaml"
        try:
            existing = find_existing(self.target, page.drug_id)
        except DataError as error:
            report.reason, report.detail = "target-unusable", error.message
            return report
        if existing is not None and existing.path == path and existing.data == page.data:
            report.outcome = "unchanged"  # the same bytes: an earlier import of this page
            return report
        kind, date = existing.provenance() if existing is not None else (None, None)
        protected = self._protection(page.drug_id, existing, kind)
        if protected and not self.force:
            report.reason, report.detail = "protected", protected
            return report
        if protected:
            report.warnings.append(f"replaces a curated monograph (--force): {protected}")
        same_file = existing is not None and existing.path == path and kind == "imported"
        if (
            same_file
            and existing is not None
            and _same_but_date(page.monograph, existing.data, date)
        ):
            report.outcome = "unchanged"
            return report
        if not self.dry_run:
            self._write(path, page.data, existing)
        report.outcome = "updated" if existing is not None else "imported"
        return report

    def _protection(self, drug_id: str, existing: Existing | None, kind: str | None) -> str | None:
        if existing is not None and kind != "imported":
            return f"{existing.path} is not an imported monograph; --force replaces it"
        if drug_id in self.bundled:
            return f"a bundled monograph has the id {drug_id!r}; --force shadows it"
        return None

    def _write(self, path: Path, data: bytes, existing: Existing | None) -> None:
        if not self.made_target:
            self.target.mkdir(parents=True, exist_ok=True)
            self.made_target = True
        write_atomic(path, data)
        if existing is not None and existing.path != path:
            existing.path.unlink(missing_ok=True)  # one file per id


def _same_but_date(monograph: Monograph, data: bytes, date: str | None) -> bool:
    """An earlier import of the same page on another day is still the same monograph."""
    if monograph.provenance is None or date in (None, monograph.provenance.date):
        return False
    dated = msgspec.structs.replace(monograph.provenance, date=date)
    return to_yaml(msgspec.structs.replace(monograph, provenance=dated)) == data
