"""The library index: one SQLite file that keeps lookups and search cheap at any library size.

It holds a row per monograph file of the folders the library uses (folder, file
name, stat fingerprint, id, name, aliases, class, whether it has a regimen, or
why it is broken), a `names` table of name keys for lookups, and an FTS5 table
with one row per monograph and one column per section for `medcli search`.

Staying current: every use stats the library's files (none is read) and sums
each folder up: directory inode and mtime, file count, sums of the files'
mtimes, ctimes and sizes. An unchanged summary means an unchanged folder. When
it differs, the files to read again are found cheaply: any file added or edited
since the last scan has a ctime after it, so only those recent files are looked
up, and the summary checks that they account for every change; if not (a file
was removed, a clock went back) every row of the folder is compared. A time
stamp within `RACY_WINDOW_NS` of a scan is never taken as proof that a file is
unchanged, since a coarse file-system clock could hide a second edit in the
same tick: such a file is read again next time.

Staying sound: a lock file is held shared while the index is used and exclusive
while the file is created or replaced; updates are one SQLite transaction in
WAL mode; a cold build is written to a temporary file and moved into place; a
file SQLite cannot read, or one of another `INDEX_VERSION`, is rebuilt, never
trusted.
"""

from __future__ import annotations

from medcli.library.index.access import INDEX_FILE, IndexUnavailable, use
from medcli.library.index.queries import LibraryIndex
from medcli.library.index.scanning import FileStat, FolderScan, scan
from medcli.library.index.store import INDEX_VERSION, POOL_MIN_FILES, Record, read_records

__all__ = [
    "INDEX_FILE",
    "INDEX_VERSION",
    "POOL_MIN_FILES",
    "FileStat",
    "FolderScan",
    "IndexUnavailable",
    "LibraryIndex",
    "Record",
    "read_records",
    "scan",
    "use",
]
