"""A regimen drug's own label rules as the monograph states them, for `show`.

Only the schema is imported (no dosing code), so `show` stays light: the BSA
cap, kidney and liver rules and the sources' disagreements, each with its source.
"""

from __future__ import annotations

from rich.console import RenderableType

from medcli.model import Monograph, Note, OrganRule, RegimenDrug
from medcli.numbers import format_number, format_quantity
from medcli.render.common import bullet, source_tag


def own_rule_lines(monograph: Monograph, drug: RegimenDrug) -> list[RenderableType]:
    """A regimen drug's own label rules as the monograph gives them (`show`), with sources."""
    lines: list[RenderableType] = []
    cap = drug.bsa_cap
    if cap is not None:
        recompute = (
            f"; recompute only when the weight changes by more than "
            f"{format_number(cap.recompute_above_percent)}%"
            if cap.recompute_above_percent is not None
            else ""
        )
        lines.append(
            bullet(
                f"BSA cap: dosed on at most {format_quantity(cap.max_m2, 'm²')}{recompute}",
                source_tag(monograph, cap.source, cap.section),
                marker="   ",
            )
        )
    for label, rules, note in (
        ("Kidney", drug.renal_rules, drug.renal_note),
        ("Liver", drug.hepatic_rules, drug.hepatic_note),
    ):
        lines += [_rule_line(monograph, label, rule) for rule in rules]
        if note is not None:
            lines.append(_note_line(monograph, label, note))
    lines += [
        bullet(f"Sources disagree at {item.age} years: {item.text}", marker="   ")
        for item in drug.age_disagreements
    ]
    return lines


def _rule_line(monograph: Monograph, label: str, rule: OrganRule) -> RenderableType:
    doubt = f" ({rule.section_unconfirmed})" if rule.section_unconfirmed else ""
    return bullet(
        f"{label}: {rule.text}{doubt}",
        source_tag(monograph, rule.source, rule.section),
        marker="   ",
    )


def _note_line(monograph: Monograph, label: str, note: Note) -> RenderableType:
    return bullet(
        f"{label}: {note.text}", source_tag(monograph, note.source, note.section), marker="   "
    )
