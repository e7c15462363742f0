"""The one action behind `medcli check` and the MCP tool `check_order`.

It finds each order's monograph in the library and checks the order with
`check_order`; a file's orders stream through it one at a time, sharing one
plan cache and one monograph lookup.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from medcli.check.order import CheckedOrder, MonographFor, Order, PlanCache, check_order
from medcli.check.orders_file import FileRow
from medcli.check.rounding import NO_ROUNDING, Rounding
from medcli.errors import MedcliError, UsageError
from medcli.library.merged import Library
from medcli.model import Monograph


def monographs_in(library: Library, default_drug: str) -> MonographFor:
    """The monograph whose regimen an order names, looked up once per (drug, regimen).

    The order's drug is the monograph's own (isatuximab) or a partner drug of
    one of its regimens (carfilzomib): a drug with a monograph of its own that
    has the regimen is used; otherwise the default drug's monograph, whose
    regimens name the partner drugs.
    """
    found: dict[tuple[str, str], Monograph | MedcliError] = {}

    def monograph_for(drug: str, regimen: str) -> Monograph:
        key = (drug.strip().lower(), regimen.strip().lower())
        if key not in found:
            found[key] = _lookup(library, default_drug, *key)
        answer = found[key]
        if isinstance(answer, MedcliError):
            raise answer
        return answer

    return monograph_for


def _lookup(
    library: Library, default_drug: str, drug: str, regimen: str
) -> Monograph | MedcliError:
    try:
        own = library.find(drug)
    except MedcliError:
        own = None
    if own is not None and any(candidate.id == regimen for candidate in own.regimens):
        return own
    try:
        fallback = library.find(default_drug)
    except MedcliError as error:
        return error
    if any(candidate.id == regimen for candidate in fallback.regimens):
        return fallback
    monographs = {m.id: m for m in (own, fallback) if m is not None}
    accepted = ", ".join(r.id for m in monographs.values() for r in m.regimens) or "none"
    return UsageError(f"--regimen {regimen!r} is not a regimen of {drug}; accepted: {accepted}")


def check_one(
    library: Library,
    default_drug: str,
    order: Order,
    tolerance: Decimal | None,
    rounding: Rounding = NO_ROUNDING,
) -> CheckedOrder:
    """One order given as options (command line or MCP)."""
    return check_order(
        order, monographs_in(library, default_drug), tolerance, PlanCache(), rounding=rounding
    )


def check_rows(
    library: Library,
    default_drug: str,
    rows: Iterable[FileRow],
    tolerance: Decimal | None,
    rounding: Rounding = NO_ROUNDING,
) -> Iterator[tuple[FileRow, CheckedOrder]]:
    """Each row of a file with its verdict, as it is read: memory for one row."""
    monograph_for = monographs_in(library, default_drug)
    plans = PlanCache()
    for row in rows:
        if row.problem is not None:
            yield (
                row,
                CheckedOrder(row=row.line, order=row.order, verdict="error", reason=row.problem),
            )
            continue
        yield (
            row,
            check_order(
                row.order, monograph_for, tolerance, plans, row=row.line, rounding=rounding
            ),
        )
