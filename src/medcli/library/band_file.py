"""`--bands FILE`: the user's dose-banding table read through the file layer, for `dose`
and `check` alike (a pipe, a folder or a device is refused, never opened)."""

from __future__ import annotations

from pathlib import Path

from medcli.dosing.bands import EXAMPLE, MAX_BYTES, BandTable, parse_bands
from medcli.errors import UsageError
from medcli.library.files import read_regular_file


def read_bands(path: Path) -> BandTable:
    """The band table in *path*; a file that cannot be read is a usage error (exit 2)."""
    try:
        data = read_regular_file(path, MAX_BYTES)
    except OSError as error:
        raise UsageError(
            f"--bands {path} cannot be read ({error.strerror}); accepted: a CSV or YAML "
            f"band table ({EXAMPLE})"
        ) from None
    return parse_bands(data, str(path), yaml_file=path.suffix.lower() in (".yaml", ".yml"))
