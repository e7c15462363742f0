"""The text view of one monograph (`medcli show`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.console import RenderableType
from rich.text import Text

from medcli.model import FREQUENCIES, FREQUENCY_LABELS, Monograph, Note, Premedication, Regimen
from medcli.numbers import format_number, format_quantity
from medcli.render.care_text import regimen_fact_lines
from medcli.render.common import (
    arm_rates_lines,
    bullet,
    dose_option_text,
    heading,
    indented,
    prose,
    side_effect_line,
    simple_table,
    source_tag,
    subheading,
)
from medcli.render.regimen_text import regimen_drug_lines
from medcli.sections import Section
from medcli.side_effects import ArmRates, arm_rates

Renderer = Callable[[Monograph], list[RenderableType]]


def monograph_view(
    monograph: Monograph, sections: list[Section], origin: Sequence[RenderableType] = ()
) -> list[RenderableType]:
    """Header (with *origin*: the file it came from, `medcli.render.located`), the chosen
    sections that have content, then disclaimer and sources, always."""
    view: list[RenderableType] = [*header(monograph), *origin]
    for section in sections:
        if section in (Section.disclaimer, Section.sources) or section not in SECTION_RENDERERS:
            continue  # label sections show on labels only (`medcli.render.label`)
        body = SECTION_RENDERERS[section](monograph)
        if body:
            view += [heading(SECTION_TITLES[section]), *body]
    view += disclaimer_and_sources(monograph)
    return view


def header(monograph: Monograph) -> list[RenderableType]:
    lines: list[RenderableType] = [Text(monograph.name, style="bold")]
    facts = [
        ("Also known as", ", ".join(monograph.aliases)),
        ("Class", monograph.drug_class or ""),
        ("Routes", ", ".join(monograph.routes)),
        ("Components", ", ".join(monograph.components)),
        ("Source", provenance_line(monograph)),
    ]
    lines += [Text.assemble((f"{label}: ", "bold"), value) for label, value in facts if value]
    return lines


def provenance_line(monograph: Monograph) -> str:
    """Where the monograph comes from and its date; AI-generated sources are named as such."""
    flagged = [s.title for s in monograph.sources if s.ai_generated]
    parts: list[str] = []
    if monograph.provenance is not None:
        parts.append(
            f"{monograph.provenance.description} ({monograph.provenance.kind}, "
            f"{monograph.provenance.date})"
        )
    elif monograph.sources:
        parts.append("; ".join(s.title for s in monograph.sources))
    else:
        parts.append("no source given")
    if flagged:
        parts.append("Includes AI-generated or crowd-sourced text: " + "; ".join(flagged))
    if monograph.provenance is not None and monograph.provenance.kind == "imported":
        # What the person importing said of the pages (`medcli import --source-note`).
        parts += [f"Note: {s.note}" for s in monograph.sources if s.note]
    return ". ".join(parts)


def sourced_prose(
    monograph: Monograph, text: str | None, source: str | None
) -> list[RenderableType]:
    """A prose field followed by its source tag (`not label text` for a page's prose)."""
    if not text:
        return []
    return [Text.assemble(prose(text), source_tag(monograph, source))]


def usage(monograph: Monograph) -> list[RenderableType]:
    body = sourced_prose(monograph, monograph.usage, monograph.usage_source)
    if monograph.indications:
        body.append(subheading("\nIndications"))
        body += note_lines(monograph, monograph.indications)
    return body


def note_lines(monograph: Monograph, notes: list[Note]) -> list[RenderableType]:
    """Titled notes as bullets, each with its source, label section and regimens."""
    return [
        bullet(
            (note.title, "bold"),
            ": ",
            note.text,
            f" (for {', '.join(note.regimens)})" if note.regimens else "",
            source_tag(monograph, note.source, note.section),
        )
        for note in notes
    ]


def dosage(monograph: Monograph) -> list[RenderableType]:
    body = sourced_prose(monograph, monograph.dosage, monograph.dosage_source)
    for regimen in monograph.regimens:
        body += regimen_block(monograph, regimen)
    if monograph.dose_rules:
        body.append(subheading("\nDose rules"))
        body += note_lines(monograph, monograph.dose_rules)
    return body


def regimen_block(monograph: Monograph, regimen: Regimen) -> list[RenderableType]:
    dose = regimen.dose
    title = Text.assemble(
        "\n",
        (f"{regimen.name}", "bold"),
        f" (regimen id: {regimen.id})",
        source_tag(monograph, regimen.source),
    )
    lines: list[RenderableType] = [
        title,
        Text(f"Dose: {format_number(dose.amount)} {dose.unit} of {dose.basis}"),
    ]
    if regimen.indication:
        lines.append(Text(f"For: {regimen.indication}"))
    if regimen.combined_with:
        lines.append(Text(f"With: {', '.join(regimen.combined_with)}"))
    table = simple_table("Cycles", "Cycle length", "Dosing days")
    for phase in regimen.phases:
        first, last = phase.cycles
        cycles = (
            f"{first}" if last == first else f"{first} to {last}" if last else f"{first} and later"
        )
        days = ", ".join(str(day) for day in phase.days)
        table.add_row(cycles, f"{phase.cycle_length_days} days", days)
    lines.append(indented(table))
    if regimen.until:
        lines.append(Text(f"Continue until: {regimen.until}"))
    lines += [bullet(note) for note in regimen.notes]
    if regimen.drugs:
        lines.append(Text("Given with:"))
        lines += regimen_drug_lines(monograph, regimen)
    lines += regimen_fact_lines(monograph, regimen)
    return lines


def administration(monograph: Monograph) -> list[RenderableType]:
    body: list[RenderableType] = []
    if monograph.products:
        body.append(subheading("Products"))
        body += [
            bullet(
                f"{format_quantity(p.strength_mg, 'mg')}/{format_quantity(p.volume_ml, 'mL')} ",
                p.form,
                source_tag(monograph, p.source),
            )
            for p in monograph.products
        ]
    admin = monograph.administration
    if admin is None:
        return body
    if admin.infusion_volume_ml is not None:
        diluents = f" of {' or '.join(admin.diluents)}" if admin.diluents else ""
        body.append(
            Text(f"Infusion volume: {format_quantity(admin.infusion_volume_ml, 'mL')}{diluents}")
        )
    for rates in admin.rates:
        which = (
            f"Infusion {rates.first}"
            if rates.last == rates.first
            else f"Infusions {rates.first} and later"
            if rates.last is None
            else f"Infusions {rates.first} to {rates.last}"
        )
        published = (
            f" (published duration {format_number(rates.published_duration_min)} min)"
            if rates.published_duration_min
            else ""
        )
        body.append(subheading(f"{which}{published}"))
        body += [
            bullet(
                f"{format_quantity(step.rate_ml_h, 'mL/h')} "
                + (
                    f"for {format_number(step.minutes)} min"
                    if step.minutes
                    else "until the bag is empty"
                )
            )
            for step in rates.steps
        ]
    body += [bullet(note) for note in admin.notes]
    if admin.source:
        body.append(source_tag(monograph, admin.source))
    return body


def premedications(monograph: Monograph) -> list[RenderableType]:
    body: list[RenderableType] = []
    for premedication in monograph.premedications:
        body.append(
            bullet((premedication.name, "bold"), source_tag(monograph, premedication.source))
        )
        body += [
            bullet(line, marker="-", margin=2)
            for line in premedication_lines(monograph, premedication)
        ]
    return body


def premedication_lines(monograph: Monograph, premedication: Premedication) -> list[Text]:
    lines = [
        Text.assemble(
            dose_option_text(option, option.regimens),
            source_tag(monograph, option.source) if option.source else "",
        )
        for option in premedication.doses
    ]
    lines += [
        Text(text)
        for text in (premedication.route, premedication.timing, premedication.note)
        if text
    ]
    return lines


def side_effects(monograph: Monograph) -> list[RenderableType]:
    body: list[RenderableType] = []
    for tier in FREQUENCIES:
        effects = [effect for effect in monograph.side_effects if effect.frequency == tier]
        if not effects:
            continue
        body.append(subheading(f"{FREQUENCY_LABELS[tier]}: {len(effects)}"))
        for effect in effects:
            body.append(side_effect_line(effect, monograph))
            body += arm_rates_lines(arm_rates(effect.rates))
    body += trial_rates_block(arm_rates(monograph.adverse_reaction_rates))
    if monograph.side_effects_note:
        body.append(prose("\n" + monograph.side_effects_note))
    return body


def trial_rates_block(arms: Sequence[ArmRates]) -> list[RenderableType]:
    """Per trial arm, the share of patients with any serious or fatal reaction, and so on."""
    if not arms:
        return []
    return [
        subheading("\nAny adverse reaction, per trial (shares of patients)"),
        *arm_rates_lines(arms, margin=0),
    ]


def mechanism(monograph: Monograph) -> list[RenderableType]:
    return sourced_prose(monograph, monograph.mechanism, monograph.mechanism_source)


def _notes(field: str) -> Renderer:
    def render(monograph: Monograph) -> list[RenderableType]:
        notes: list[Note] = getattr(monograph, field)
        return note_lines(monograph, notes)

    return render


def faqs(monograph: Monograph) -> list[RenderableType]:
    body: list[RenderableType] = []
    for faq in monograph.faqs:
        body.append(Text.assemble(("Q: ", "bold"), (faq.question, "bold")))
        body.append(Text.assemble("A: ", faq.answer, source_tag(monograph, faq.source)))
    return body


def disclaimer_and_sources(monograph: Monograph) -> list[RenderableType]:
    view: list[RenderableType] = [heading("Disclaimer")]
    view.append(
        prose(
            monograph.disclaimer
            or "No disclaimer was given with this monograph. "
            "It is not medical advice; check it with a health professional."
        )
    )
    view.append(heading("Sources"))
    if not monograph.sources:
        view.append(Text("none given"))
    for source in monograph.sources:
        version = f"version {source.version}" if source.version else None
        details = [
            text for text in (version, source.date, source.url, source.path, source.note) if text
        ]
        flag = " (AI-generated)" if source.ai_generated else ""
        view.append(
            bullet(
                (f"[{source.id}] ", "dim"),
                (source.title, "bold"),
                flag,
                *(f"; {detail}" for detail in details),
            )
        )
    return view


SECTION_TITLES: dict[Section, str] = {
    Section.usage: "Usage",
    Section.dosage: "Dosage",
    Section.administration: "Administration",
    Section.premedications: "Premedications",
    Section.contraindications: "Contraindications",
    Section.side_effects: "Side effects",
    Section.mechanism: "How it works",
    Section.precautions: "Precautions",
    Section.specific_populations: "Specific populations",
    Section.storage: "Storage",
    Section.faqs: "Frequently asked questions",
    Section.extra: "More",
}
SECTION_RENDERERS: dict[Section, Renderer] = {
    Section.usage: usage,
    Section.dosage: dosage,
    Section.administration: administration,
    Section.premedications: premedications,
    Section.contraindications: _notes("contraindications"),
    Section.side_effects: side_effects,
    Section.mechanism: mechanism,
    Section.precautions: _notes("precautions"),
    Section.specific_populations: _notes("specific_populations"),
    Section.storage: _notes("storage"),
    Section.faqs: faqs,
    Section.extra: _notes("extra_sections"),
}
