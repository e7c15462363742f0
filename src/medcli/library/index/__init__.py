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
file SQLite cannot read, or one written by other code (its `PRAGMA user_version`
is the fingerprint of the code that fills it), is rebuilt, never trusted.

Modules: `scanning` (stats), `tables` (schema), `store` (keeping rows current),
`queries` (answers, inside a snapshot), `access` (locks, builds, repairs).
"""
