"""A zip whose deflate stream is damaged (not only its CRC) is a skipped label, never a crash."""

from __future__ import annotations

import io
import zipfile
import zlib
from pathlib import Path

from tests.conftest import Cli
from tests.label_fixtures import answer, later_version, zipped


def damaged_deflate() -> bytes:
    """A zip of one label whose compressed bytes zlib itself rejects (found by flipping bytes:
    which offset breaks the stream rather than the CRC depends on the compressor)."""
    good = zipped({"a.json": answer(later_version())})
    for offset in range(40, len(good) - 100, 7):
        data = bytearray(good)
        data[offset : offset + 8] = bytes(byte ^ 0xFF for byte in data[offset : offset + 8])
        try:
            zipfile.ZipFile(io.BytesIO(bytes(data))).read("a.json")
        except zlib.error:
            return bytes(data)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError):
            continue
    raise AssertionError("no offset damages the deflate stream")


def test_import_of_a_zip_with_a_damaged_deflate_stream_skips_it(cli: Cli, tmp_path: Path) -> None:
    path = tmp_path / "labels.zip"
    path.write_bytes(damaged_deflate())
    result = cli("import", str(path))
    assert result.exit_code == 1  # nothing could be imported
    assert "internal error" not in result.stderr
    assert "skipped labels.zip!a.json: bad-zip (Error -3 while decompressing" in " ".join(
        result.stdout.split()
    )
