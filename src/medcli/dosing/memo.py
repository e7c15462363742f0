"""Parts of a plan that depend on the monograph and a few plain keys only, kept for the next plan.

A file of orders computes a plan per patient from one monograph: the infusion
timings, the premedications for an age, the rules and the care facts of a
regimen are the same for every patient, and recomputing them was most of a
new patient's cost. The value is computed by the one function that always
computes it, on the first call only; the key names every input besides the
monograph, so a cached part is the part that would have been computed.

Keyed by the monograph's identity: the monograph is kept with its values, so
its id cannot be reused by another while they are cached. Bounded: emptied when
full, so memory stays flat however many monographs a process plans from.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from medcli.model import Monograph

MAX_PARTS = 512  # parts kept: a few per regimen and age of the monographs in use
_T = TypeVar("_T")
_parts: dict[tuple[Hashable, ...], tuple[Monograph, object]] = {}


def part(monograph: Monograph, key: tuple[Hashable, ...], compute: Callable[[], _T]) -> _T:
    """*compute*() for *monograph* and *key*, computed once while it stays cached.

    Callers treat the value as read-only (plans copy what they change with
    `msgspec.structs.replace`), so one value serves every plan.
    """
    full_key = (id(monograph), *key)
    found = _parts.get(full_key)
    if found is not None and found[0] is monograph:
        return cast(_T, found[1])
    value = compute()
    if len(_parts) >= MAX_PARTS:
        _parts.clear()
    _parts[full_key] = (monograph, value)
    return value
