"""`medcli update`: read the manifest, fetch what is new, check it, import it, remember it.

Nothing is imported until every partition of the export is downloaded and
checked (size against the manifest, every zip member's CRC), so a damaged
download changes nothing in the library. The import is `medcli import`'s own
(`importer.inputs.import_paths`): same outcomes, same report. Only when it
finishes is the export recorded (`labels-update.state`), so a run cut short is
simply run again: finished partitions are kept in the cache folder and reused,
a partial one resumes, and labels already imported come back `unchanged`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import zipfile
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from medcli.errors import MedcliError
from medcli.importer.report import ImportReport, PageReport, Progress, Tally
from medcli.library.changes import Changes
from medcli.library.environment import Environment
from medcli.library.files import exclusive_lock, move_into_place, read_regular_file
from medcli.library.folders import STORE_FILE
from medcli.update.download import MANIFEST_LIMIT, Fetcher
from medcli.update.manifest import Manifest, Partition, parse_manifest, size_matches, source_of
from medcli.update.state import PartitionState, UpdateState, read_state, write_state

LOCK_FILE = "update.lock"
DOWNLOADS = {"openfda": "openfda", "dailymed": "dailymed"}  # folders of the cache
# (bytes fetched, bytes to fetch, labels in them so far, labels in all of them)
DownloadProgress = Callable[[int, int, int, int], None]


@dataclass
class PartitionResult:
    name: str
    display_name: str
    records: int | None  # as the manifest lists them
    size_bytes: int | None = None
    sha256: str | None = None
    downloaded: bool = False  # fetched by this run (not reused, not a local copy)
    labels_read: int = 0


@dataclass
class UpdateResult:
    manifest: Manifest
    previous: UpdateState | None
    status: str  # "updated", "up-to-date", "older", "dry-run"
    partitions: list[PartitionResult]
    report: ImportReport
    downloaded_bytes: int = 0
    warnings: list[str] = field(default_factory=list)
    changes: Changes | None = None  # the digest of the labels this run updated


def update_labels(
    environment: Environment,
    *,
    source: str | None = None,
    dailymed: bool = False,
    dry_run: bool = False,
    fetcher: Fetcher | None = None,
    download_progress: DownloadProgress | None = None,
    import_progress: Progress | None = None,
    on_page: Callable[[PageReport], None] | None = None,
    today: str | None = None,
    workers: int | None = None,
) -> UpdateResult:
    """Bring the library's FDA labels up to the newest openFDA export, or (*dailymed*) take
    the DailyMed files *source* names that it has not imported yet (see the module)."""
    fetch = fetcher or Fetcher()
    library = environment.user_dir
    day = today or dt.date.today().isoformat()
    with exclusive_lock(environment.cache_dir / LOCK_FILE) as held:
        if not held:
            raise MedcliError(
                "another medcli update is running; this one did nothing",
                hint="wait for it to finish, then run medcli update again",
            )
        manifest = _dailymed(source, fetch, day) if dailymed else _openfda(source, fetch)
        kind = manifest.source
        previous = read_state(library, kind)
        kept = previous if (library / STORE_FILE).exists() else None
        if dailymed:  # only the files not imported yet; those imported stay in the state
            manifest, status = _new_files(manifest, kept, dry_run)
        else:
            status = _status(manifest, kept, dry_run)
        partitions = _results(manifest)
        empty = ImportReport(str(library), dry_run, Tally().summary(0.0))
        if status != "updated":
            return UpdateResult(manifest, previous, status, partitions, empty)
        downloads = environment.cache_dir / DOWNLOADS[kind]
        folder = downloads / re.sub(r"[^0-9A-Za-z-]", "_", manifest.export_date)
        local = all(partition.local is not None for partition in manifest.partitions)
        files, fetched = _gather(manifest, partitions, folder, fetch, download_progress)
        result = UpdateResult(manifest, previous, status, partitions, empty, fetched)
        updated: list[str] = []
        result.report = _import(
            environment, files, partitions, import_progress, on_page, today, workers, updated
        )
        result.warnings = _count_warnings(partitions)
        result.changes = _digest(library, updated, day)
        if result.report.stopped is None:
            write_state(library, _state(manifest, partitions, day, kept if dailymed else None))
            if not local:
                shutil.rmtree(downloads, ignore_errors=True)
        return result


def _openfda(source: str | None, fetch: Fetcher) -> Manifest:
    where = source_of(source)
    local = where.folder is not None
    data = _read_local(Path(where.manifest)) if local else fetch.fetch_bytes(where.manifest)
    return parse_manifest(data, where)


def _dailymed(source: str | None, fetch: Fetcher, day: str) -> Manifest:
    from medcli.update.dailymed import dailymed_manifest

    return dailymed_manifest(source, fetch, day)


def _new_files(
    manifest: Manifest, previous: UpdateState | None, dry_run: bool
) -> tuple[Manifest, str]:
    """The DailyMed files not imported yet, and what the run does: DailyMed's update files
    each add labels, so a file once imported is never fetched again."""
    held = {partition.file for partition in previous.partitions} if previous else set()
    new = tuple(p for p in manifest.partitions if p.name not in held)
    if not new:
        return manifest, "up-to-date"
    return replace(manifest, partitions=new), "dry-run" if dry_run else "updated"


def _results(manifest: Manifest) -> list[PartitionResult]:
    return [PartitionResult(p.name, p.display_name, p.records) for p in manifest.partitions]


def _read_local(path: Path) -> bytes:
    try:
        return read_regular_file(path, MANIFEST_LIMIT)
    except OSError as error:
        raise MedcliError(f"cannot read {path}: {error.strerror or error}") from error


def _status(manifest: Manifest, previous: UpdateState | None, dry_run: bool) -> str:
    """What this run does: nothing when the library holds this export (or a newer one).

    *previous* is None when the library's label store is gone (removed by hand): the
    state alone does not make the labels be there.
    """
    if previous is not None:
        names = [partition.name for partition in manifest.partitions]
        if (
            previous.export_date == manifest.export_date
            and [held.file for held in previous.partitions] == names
        ):
            return "up-to-date"
        if previous.export_date > manifest.export_date:
            return "older"
    return "dry-run" if dry_run else "updated"


def _gather(
    manifest: Manifest,
    results: list[PartitionResult],
    folder: Path,
    fetch: Fetcher,
    progress: DownloadProgress | None,
) -> tuple[list[Path], int]:
    """Every partition as a checked file (downloaded, reused or local), and the bytes fetched."""
    files: list[Path] = []
    fetched = 0
    wanted = [p for p in manifest.partitions if p.local is None]
    meter = _Meter([p for p in wanted if not (folder / p.name).exists()], progress)
    for partition, result in zip(manifest.partitions, results, strict=True):
        path = partition.local or folder / partition.name
        if partition.local is None and not path.exists():
            folder.mkdir(parents=True, exist_ok=True)
            part = folder / f"{partition.name}.part"
            fetch.fetch_to(partition.url, part, meter.start(partition))
            result.size_bytes, result.sha256 = _checked(part, partition, downloaded=True)
            move_into_place(part, path)
            result.downloaded = True
            fetched += result.size_bytes
        else:
            if not path.is_file():  # only a local copy can lack a file: a download is made
                raise MedcliError(
                    f"{path}: no such file, but the manifest lists it; nothing was imported",
                    hint="copy every partition the manifest lists beside its download.json",
                )
            result.size_bytes, result.sha256 = _checked(path, partition, downloaded=False)
        files.append(path)
    return files, fetched


@dataclass
class _Meter:
    """Progress over all the partitions to fetch: bytes, and labels estimated from bytes."""

    partitions: list[Partition]
    progress: DownloadProgress | None
    done_bytes: int = 0
    done_labels: int = 0
    current: Partition | None = None

    def start(self, partition: Partition) -> Callable[[int, int | None], None]:
        if self.current is not None:
            self.done_bytes += _expected_bytes(self.current)
            self.done_labels += self.current.records or 0
        self.current = partition
        return self.received

    def received(self, got: int, whole: int | None) -> None:
        if self.progress is None or self.current is None:
            return
        share = min(got / whole, 1.0) if whole else 0.0
        labels = self.done_labels + int((self.current.records or 0) * share)
        all_bytes = sum(_expected_bytes(p) for p in self.partitions)
        all_labels = sum(p.records or 0 for p in self.partitions)
        done = self.done_bytes + got
        self.progress(done, max(all_bytes, done), labels, all_labels)


def _expected_bytes(partition: Partition) -> int:
    return int((partition.size_mb or 0) * 1_000_000)


def _checked(path: Path, partition: Partition, *, downloaded: bool) -> tuple[int, str]:
    """The file's size and SHA-256, once its size and every zip member's CRC are right.

    A download that fails is removed, so the next run fetches it afresh.
    """
    try:
        size = path.stat().st_size
        problem = None
        if not size_matches(size, partition.size_mb):
            problem = f"{size:,} bytes, but the manifest gives {partition.size_mb} MB"
        else:
            problem = _zip_problem(path)
        if problem is None:
            return size, _sha256(path)
    except OSError as error:
        problem = error.strerror or str(error)
    if downloaded:
        path.unlink(missing_ok=True)
    again = "run medcli update again to download it afresh" if downloaded else "replace the file"
    raise MedcliError(
        f"partition {partition.name} is damaged ({problem}); nothing was imported", hint=again
    )


def _zip_problem(path: Path) -> str | None:
    """Why the zip at *path* is not whole (no central directory, a member's CRC), or None."""
    try:
        with zipfile.ZipFile(path) as archive:
            if not archive.infolist():
                return "an empty zip"
            bad = archive.testzip()
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:
        return f"not a whole zip: {error}"
    return f"member {bad} fails its CRC check" if bad is not None else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _import(
    environment: Environment,
    files: list[Path],
    results: list[PartitionResult],
    progress: Progress | None,
    on_page: Callable[[PageReport], None] | None,
    today: str | None,
    workers: int | None,
    updated: list[str],
) -> ImportReport:
    """`medcli import` of the partitions, counting the labels read from each and noting in
    *updated* the ids of those that got a new version."""
    from medcli.importer.inputs import import_paths

    read: Counter[str] = Counter()

    def counted(page: PageReport) -> None:
        read[page.path.split("!", 1)[0]] += 1
        if page.outcome == "updated" and page.id is not None:
            updated.append(page.id)
        if on_page is not None:
            on_page(page)

    report = import_paths(
        files,
        into=environment.user_dir,
        bundled=environment.bundled_dir,
        today=today,
        progress=progress,
        on_page=counted,
        workers=workers,
    )
    for result in results:
        result.labels_read = read[result.name]
    return report


def _digest(library: Path, updated: list[str], day: str) -> Changes | None:
    """What the labels this run updated changed (`medcli changes`), read back from the store."""
    from medcli.library.changes import changes_of
    from medcli.library.stored import StoreStale, connect

    try:
        db = connect(library / STORE_FILE, write=False)
    except StoreStale:
        return None
    try:
        return changes_of(db, updated, day)
    finally:
        db.close()


def _count_warnings(results: list[PartitionResult]) -> list[str]:
    """Partitions that gave another number of labels than the manifest lists."""
    return [
        f"{result.name}: {result.labels_read:,} labels read; the manifest lists {result.records:,}"
        for result in results
        if result.records is not None and result.labels_read != result.records
    ]


def _state(
    manifest: Manifest, results: list[PartitionResult], day: str, earlier: UpdateState | None
) -> UpdateState:
    """What this run imported, after the files of *earlier* runs (DailyMed's accumulate)."""
    partitions = [
        PartitionState(r.name, r.size_bytes or 0, r.records, r.sha256 or "") for r in results
    ]
    export_date = manifest.export_date
    if earlier is not None:
        partitions = earlier.partitions + partitions
        export_date = max(export_date, earlier.export_date)
    return UpdateState(
        source=manifest.source,
        manifest=manifest.where,
        export_date=export_date,
        total_records=manifest.total_records,
        imported_on=day,
        partitions=partitions,
    )
