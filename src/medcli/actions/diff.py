"""`diff`: what changed between two versions of an imported FDA label."""

from __future__ import annotations

from dataclasses import dataclass

from medcli.library.merged import Library
from medcli.library.versions import Comparison, compare


@dataclass(frozen=True)
class DiffRequest:
    drug: str
    older: str | None = None  # a version number or date; None: the one before `newer`
    newer: str | None = None  # None: the newest
    section: str | None = None  # a label section key or number


def diff(library: Library, request: DiffRequest) -> Comparison:
    return compare(library, request.drug, request.older, request.newer, request.section)
