"""Reading a data file without being fooled by what sits at its path.

A named pipe called `drug.yaml` would block a plain `open()` for ever, and a
device could stream without end; only regular files are read, and never more
than a limit.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at *path*, at most *limit* + 1 of them.

    Raises OSError (with a `strerror` fit for people) for anything else: a
    folder, a pipe, a socket, a device, or a file that cannot be opened.
    """
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(descriptor, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)
    finally:
        os.close(descriptor)
