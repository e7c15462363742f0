"""`list`: the monographs in the library, a page at a time, and where each comes from."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from medcli.choices import ORIGINS, ListedOrigin
from medcli.errors import UsageError
from medcli.library.folders import CatalogItem
from medcli.library.merged import Library


@dataclass(frozen=True)
class ListRequest:
    origin: str | None = None  # one of `ORIGINS`; None: from everywhere
    offset: int = 0
    limit: int | None = None


def list_monographs(library: Library, request: ListRequest) -> Iterator[CatalogItem]:
    """The page *request* asks for, read as it is listed: a page of a huge library costs a page."""
    origin = _origin(request.origin)
    return library.listing(origin, request.offset, request.limit)


def _origin(text: str | None) -> ListedOrigin | None:
    for origin in ORIGINS:
        if origin == text:
            return origin
    if text is None:
        return None
    raise UsageError(f"unknown origin {text!r}; accepted: {', '.join(ORIGINS)}")
