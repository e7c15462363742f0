"""`check` for one order given as options: the order the declared inputs describe.

The check itself is `medcli.check.action` (one order, or a file's rows streamed).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medcli.check.order import Order


def order_of(inputs: Mapping[str, Any]) -> Order:
    """The order of `ORDER_INPUTS` as given (numbers as the user typed them, as text)."""

    def text(name: str) -> str | None:
        value = inputs.get(name)
        return None if value is None else str(value)

    return Order(
        drug=text("drug") or "", regimen=text("regimen") or "", cycle=text("cycle") or "",
        day=text("day") or "", weight_kg=text("weight") or "",
        ordered_dose=text("ordered") or "", patient=inputs.get("patient"),
        height_cm=text("height"), age=text("age"), crcl=text("crcl"),
        creatinine=text("creatinine"), sex=inputs.get("sex"),
        dialysis=bool(inputs.get("dialysis")), hepatic=inputs.get("hepatic"),
        child_pugh=inputs.get("child_pugh"), bsa_formula=inputs.get("bsa_formula") or "mosteller",
    )  # fmt: skip
