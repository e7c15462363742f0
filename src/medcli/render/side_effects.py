"""`medcli side-effects` as text or JSON."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

import msgspec
from rich.console import RenderableType
from rich.text import Text

from medcli.model import FREQUENCY_LABELS, SideEffect
from medcli.render.common import (
    arm_rates_lines,
    bullet,
    heading,
    prose,
    side_effect_line,
    subheading,
)
from medcli.render.monograph import disclaimer_and_sources, trial_rates_block
from medcli.side_effects import DrugSideEffects, SideEffectFilter, arm_rates


def side_effects_document(
    results: list[DrugSideEffects], chosen: SideEffectFilter
) -> dict[str, Any]:
    filters = {
        "serious": chosen.serious,
        "common": chosen.common,
        "frequencies": sorted(chosen.frequencies),
        "regimen": chosen.regimen,
    }
    drugs = [
        {
            "drug": result.monograph.id,
            "name": result.monograph.name,
            # Decimals stay Decimals, so rates are JSON numbers here as in `show --json`.
            "side_effects": [
                msgspec.to_builtins(effect, builtin_types=(Decimal,))
                | {"frequency": effect.frequency, "serious": effect.serious}
                | _regimen_marker(result, effect)
                for group in result.groups
                for effect in group.effects
            ],
            "adverse_reaction_rates": [
                msgspec.to_builtins(rate, builtin_types=(Decimal,))
                for arm in result.trial_rates
                for rate in arm.rates
            ],
        }
        for result in results
    ]
    return {"filters": filters, "drugs": drugs}  # one shape, for one drug or many


def _regimen_marker(result: DrugSideEffects, effect: SideEffect) -> dict[str, str | None]:
    """Under `--regimen R`: `no_trial_rate_for` is R when R's trial gives the effect no rate."""
    if result.regimen is None:
        return {}
    return {"no_trial_rate_for": result.regimen if result.lacks_regimen_rate(effect) else None}


def side_effects_json_stream(
    results: Iterable[DrugSideEffects], chosen: SideEffectFilter
) -> Iterator[bytes]:
    """`side_effects_document` as `to_json` writes it, one drug at a time: the first drug
    reaches the pipe before the last is read."""
    from medcli.render.jsonout import to_json_stream

    filters = side_effects_document([], chosen)["filters"]
    drugs = (side_effects_document([result], chosen)["drugs"][0] for result in results)
    return to_json_stream({"filters": filters}, "drugs", drugs)


def side_effects_blocks(
    results: Iterable[DrugSideEffects], chosen: SideEffectFilter
) -> Iterator[list[RenderableType]]:
    """`side_effects_view` of many drugs, a drug at a time, so it can be printed as it comes."""
    yield [Text.assemble(("Filter: ", "bold"), chosen.describe())]
    count = 0
    for result in results:
        count += 1
        yield drug_block(result, chosen, several=True)
    if not count:
        yield [Text(f"No drug has side effects that match ({chosen.describe()}).")]
    yield [Text(f"\n{count} drugs with matching side effects", style="bold")]


def side_effects_view(
    results: list[DrugSideEffects], chosen: SideEffectFilter, several: bool
) -> list[RenderableType]:
    view: list[RenderableType] = [Text.assemble(("Filter: ", "bold"), chosen.describe())]
    if several and not results:
        view.append(Text(f"No drug has side effects that match ({chosen.describe()})."))
    for result in results:
        view += drug_block(result, chosen, several)
    if several:
        view.append(Text(f"\n{len(results)} drugs with matching side effects", style="bold"))
    return view


def drug_block(
    result: DrugSideEffects, chosen: SideEffectFilter, several: bool
) -> list[RenderableType]:
    monograph = result.monograph
    title = f"{monograph.name}: side effects"
    lines: list[RenderableType] = [heading(title) if several else Text(title, style="bold")]
    if not result.count:
        lines.append(Text(f"No side effects match the filter ({chosen.describe()})."))
    for group in result.groups:
        lines.append(subheading(f"\n{FREQUENCY_LABELS[group.frequency]}: {len(group.effects)}"))
        for effect in group.effects:
            lines.append(side_effect_line(effect, monograph))
            lines += arm_rates_lines(arm_rates(effect.rates))
            if result.lacks_regimen_rate(effect):
                lines.append(bullet(f"no trial rate for {result.regimen}", marker="  -"))
    if result.count and not chosen.frequencies and not chosen.common:
        # Totals per trial are not effects of a tier: shown unless tiers are filtered.
        lines += trial_rates_block(result.trial_rates)
    if several:
        return lines
    if monograph.side_effects_note:
        lines.append(prose("\n" + monograph.side_effects_note))
    return lines + disclaimer_and_sources(monograph)
