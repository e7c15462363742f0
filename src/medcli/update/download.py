"""Fetching over HTTP with the standard library: timeouts, bounded retries, resume.

A partition is about 100 MB; a dropped connection half-way must not cost the
first half. The bytes go to `NAME.part` in the cache folder in chunks (memory
holds one chunk), and a retry, or the next run, asks for the rest with an HTTP
`Range` header. A server that ignores `Range` answers 200 with the whole file:
the `.part` is then started again from zero, never appended to.

Only failures that may pass (a timeout, a reset or dropped connection, HTTP 429
and 5xx) are retried, a bounded number of times with a growing pause. No
network, a name that does not resolve, a refused connection or any other HTTP
error is a `DownloadError` at once: one line saying what could not be reached
and why.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from medcli.errors import MedcliError

CHUNK = 1 << 20
MANIFEST_LIMIT = 16 * 1024 * 1024
USER_AGENT = "medcli-update"
RETRIED_STATUS = frozenset({429, 500, 502, 503, 504})
# (bytes of this file so far, the file's whole size if known)
Received = Callable[[int, int | None], None]
T = TypeVar("T")


class DownloadError(MedcliError):
    """Something could not be fetched: offline, refused, timed out, or an HTTP error."""


class _Transient(Exception):
    """A failure worth another try: the message says what happened."""


@dataclass
class Fetcher:
    timeout: float = 30.0  # seconds without a byte, connecting or reading
    attempts: int = 4
    backoff: float = 1.0  # seconds before the second try, doubled each time
    sleep: Callable[[float], None] = field(default=time.sleep)

    def fetch_bytes(self, url: str, limit: int = MANIFEST_LIMIT) -> bytes:
        """The body at *url* (a manifest), at most *limit* bytes."""

        def once() -> bytes:
            with self._open(url, {}) as response:
                data: bytes = response.read(limit + 1)
            if len(data) > limit:
                raise DownloadError(f"{url}: larger than {limit:,} bytes; not a manifest")
            return data

        return self._retried(url, once)

    def fetch_to(self, url: str, part: Path, received: Received | None = None) -> None:
        """Download *url* into *part*, resuming what an earlier try or run left there."""

        def once() -> None:
            have = part.stat().st_size if part.exists() else 0
            headers = {"Range": f"bytes={have}-"} if have else {}
            try:
                response = self._open(url, headers)
            except DownloadError as error:
                if have and "HTTP 416" in error.message:  # the .part is no prefix of this file
                    part.unlink()
                    raise _Transient("the server refused to resume; starting again") from error
                raise
            with response:
                resumed = have and response.status == 206 and _range_start(response) == have
                start = have if resumed else 0
                length = response.headers.get("Content-Length")
                whole = start + int(length) if length and length.isdigit() else None
                got = _copy(response, part, start, whole, received)
            if whole is not None and got < whole:
                raise _Transient(f"the connection closed after {got:,} of {whole:,} bytes")

        self._retried(url, once)

    def _retried(self, url: str, once: Callable[[], T]) -> T:
        for attempt in range(1, self.attempts + 1):
            try:
                return once()
            except _Transient as error:
                if attempt == self.attempts:
                    raise DownloadError(
                        f"cannot download {url}: {error} (tried {self.attempts} times)",
                        hint="check the connection and run medcli update again; it resumes",
                    ) from error
                self.sleep(self.backoff * 2 ** (attempt - 1))
        raise AssertionError("unreachable")  # pragma: no cover

    def _open(self, url: str, headers: dict[str, str]) -> http.client.HTTPResponse:
        from urllib.error import HTTPError, URLError
        from urllib.request import Request, urlopen

        request = Request(url, headers={"User-Agent": USER_AGENT, **headers})
        host = urlsplit(url).netloc
        try:
            response: http.client.HTTPResponse = urlopen(request, timeout=self.timeout)
            return response
        except HTTPError as error:
            error.close()
            if error.code in RETRIED_STATUS:
                raise _Transient(f"HTTP {error.code} {error.reason}") from error
            raise DownloadError(
                f"cannot download {url}: HTTP {error.code} {error.reason}",
                hint="check the URL given with --from, or try again later",
            ) from error
        except URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise _Transient(self._silent(host)) from error
            raise DownloadError(
                f"cannot reach {host}: {_reason(error.reason)}",
                hint="check the network connection, or use --from DIR with a downloaded copy",
            ) from error
        except TimeoutError as error:  # connected, but no answer (socket.timeout is this)
            raise _Transient(self._silent(host)) from error
        except (ConnectionError, http.client.HTTPException) as error:
            raise _Transient(f"{host}: {_reason(error)}") from error

    def _silent(self, host: str) -> str:
        return f"no answer from {host} in {self.timeout:g} s"


def _copy(
    response: http.client.HTTPResponse,
    part: Path,
    start: int,
    whole: int | None,
    received: Received | None,
) -> int:
    """Append the body to *part* (after truncating it to *start*); how many bytes it holds.

    Unbuffered: each piece that came is on disk before the next is read, so Ctrl-C or a
    killed run loses nothing that was received, and the next run asks for the rest.
    """
    got = start
    try:
        with part.open("r+b" if start else "wb", buffering=0) as out:
            out.truncate(start)
            out.seek(start)
            while True:
                try:
                    chunk = response.read1(CHUNK)  # what has come, so the disk keeps up
                except (OSError, http.client.HTTPException) as error:  # timeouts, resets
                    raise _Transient(
                        f"the connection broke after {got:,} bytes ({_reason(error)})"
                    ) from error
                if not chunk:
                    return got
                written = memoryview(chunk)
                while written:  # a raw write may take only part of the bytes
                    written = written[out.write(written) or 0 :]
                got += len(chunk)
                if received is not None:
                    received(got, whole)
    except OSError as error:
        raise MedcliError(
            f"cannot write {part}: {error.strerror or error}; the download stopped",
            hint="free space in the cache folder and run medcli update again; it resumes",
        ) from error


def _range_start(response: http.client.HTTPResponse) -> int | None:
    """Where a 206 answer's `Content-Range: bytes START-END/SIZE` starts."""
    value = response.headers.get("Content-Range", "")
    try:
        return int(value.split()[1].split("-")[0])
    except (IndexError, ValueError):
        return None


def _reason(reason: object) -> str:
    if isinstance(reason, socket.gaierror):
        return "the name does not resolve (offline?)"
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    text = str(reason)
    return text or reason.__class__.__name__
