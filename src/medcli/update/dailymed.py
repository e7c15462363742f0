"""DailyMed's release files as a manifest: which zips there are, where, and of which day.

DailyMed publishes no machine-readable list. Its files are named by what they hold:
full releases `dm_spl_release_human_rx_part1.zip` (no date), and updates
`dm_spl_daily_update_MMDDYYYY.zip`, `dm_spl_weekly_update_MMDDYY_MMDDYY.zip`,
`dm_spl_monthly_update_mmm_yyyy.zip`; each is a zip of per-label zips (an SPL XML
and its images), which the importer reads as it reads any nested zip. So `--from`
names one zip (a URL or a file), a folder holding them, or a web page that links
to them (DailyMed's download page, or a mirror's index): the names found there
that are DailyMed's are the manifest, in date order (full releases first), each
dated by its name. Nothing else on a page is followed.
"""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from medcli.errors import MedcliError, UsageError
from medcli.update.download import MANIFEST_LIMIT, Fetcher
from medcli.update.manifest import Manifest, Partition

RELEASE = re.compile(r"^dm_spl_release_[a-z0-9_]+\.zip$")
DAILY = re.compile(r"^dm_spl_daily_update_(\d{2})(\d{2})(\d{4})\.zip$")
WEEKLY = re.compile(r"^dm_spl_weekly_update_\d{6}_(\d{2})(\d{2})(\d{2})\.zip$")
MONTHLY = re.compile(r"^dm_spl_monthly_update_([a-z]{3})_(\d{4})\.zip$")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
ACCEPTED = (
    "accepted: a DailyMed zip (dm_spl_release_…, dm_spl_daily_update_…, "
    "dm_spl_weekly_update_…, dm_spl_monthly_update_…) as a URL or file, a folder of them, "
    "or a web page linking to them"
)


def release_date(name: str) -> str | None:
    """The day a DailyMed update file covers up to (ISO; a monthly one: its first day), or
    None for a full release; a name that is none of DailyMed's is a ValueError."""
    casefolded = name.casefold()
    if RELEASE.match(casefolded):
        return None
    if found := DAILY.match(casefolded):
        month, day, year = found.groups()
    elif found := WEEKLY.match(casefolded):
        month, day, short = found.groups()
        year = f"20{short}"
    elif found := MONTHLY.match(casefolded):
        word, year = found.groups()
        if word not in MONTHS:
            raise ValueError(name)
        month, day = f"{MONTHS.index(word) + 1:02d}", "01"
    else:
        raise ValueError(name)
    return dt.date(int(year), int(month), int(day)).isoformat()


def is_dailymed_name(name: str) -> bool:
    try:
        release_date(name)
    except ValueError:
        return False
    return True


def dailymed_manifest(given: str | None, fetch: Fetcher, today: str) -> Manifest:
    """The DailyMed files *given* (`--from`) names, oldest first; *today* dates a run of
    full releases alone."""
    if given is None:
        raise UsageError(
            "--source dailymed needs --from: DailyMed publishes no list medcli can read",
            hint=ACCEPTED,
        )
    scheme = urlsplit(given).scheme.lower()
    if scheme in ("http", "https"):
        name = _basename(given)
        if name.casefold().endswith(".zip"):
            found = [(name, given)]
        else:
            page = fetch.fetch_bytes(given, MANIFEST_LIMIT).decode("utf-8", "replace")
            found = _linked(page, given)
        listed = [_partition(n, url, None) for n, url in found]
    elif "://" in given:
        raise UsageError(f"--from {given}: {scheme} is not supported", hint=ACCEPTED)
    else:
        listed = [_partition(path.name, str(path), path) for path in _local(Path(given))]
    partitions = [p for p in listed if p is not None]
    if not partitions:
        raise MedcliError(f"{given}: no DailyMed release or update zips there", hint=ACCEPTED)
    ordered = sorted(partitions, key=lambda p: (release_date(p.name) or "", p.name))
    newest = max((release_date(p.name) or "" for p in ordered), default="") or today
    return Manifest(given, newest, None, tuple(ordered), source="dailymed")


def _partition(name: str, url: str, local: Path | None) -> Partition | None:
    if not is_dailymed_name(name):
        return None
    return Partition(url=url, name=name, size_mb=None, records=None, display_name=name, local=local)


def _basename(url: str) -> str:
    return urlsplit(url).path.rsplit("/", 1)[-1]


def _local(path: Path) -> list[Path]:
    """The zips *path* names: itself, or the DailyMed zips in the folder."""
    if path.is_file():
        if not is_dailymed_name(path.name):
            raise UsageError(f"--from {path}: not a DailyMed file name", hint=ACCEPTED)
        return [path]
    if not path.is_dir():
        raise UsageError(f"--from {path}: no such file or folder", hint=ACCEPTED)
    return sorted(child for child in path.iterdir() if is_dailymed_name(child.name))


class _Links(HTMLParser):
    """Every `href` of a page, as written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [value for key, value in attrs if key == "href" and value]


def _linked(page: str, base: str) -> list[tuple[str, str]]:
    """(name, absolute URL) of the DailyMed zips *page* links to, once each, over http(s)."""
    parser = _Links()
    parser.feed(page)
    found: dict[str, str] = {}
    for href in parser.hrefs:
        url = urljoin(base, href)
        name = _basename(url)
        if urlsplit(url).scheme in ("http", "https") and is_dailymed_name(name):
            found.setdefault(name, url)
    return list(found.items())
