"""The answers `medcli mcp` gives, built by the same core and renderers as the commands.

Each answer is the command's `--json` document (from the same `*_document` and
`to_json` functions, so the two cannot drift), a text rendering of the command's
view cut to a window an agent can afford, and the provenance of every drug in it.
Bad input raises the same `UsageError` or `NotFoundError` the command would;
nothing here imports the MCP SDK.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import msgspec
from rich.console import Console, Group, RenderableType

from medcli.errors import MedcliError, NotFoundError, UsageError
from medcli.library.environment import Environment
from medcli.library.merged import Library
from medcli.model import LABEL_KINDS, Monograph
from medcli.render.jsonout import to_json
from medcli.sanitize import clean_text, clean_value
from medcli.sections import Section

if TYPE_CHECKING:
    from medcli.check.order import Order
    from medcli.library.folders import CatalogItem
    from medcli.library.merged import Listed
    from medcli.side_effects import SideEffectFilter

TEXT_WIDTH = 100  # columns of the text rendering: wide enough that tables do not wrap
DEFAULT_MAX_CHARS = 8000  # about 2,000 tokens of text a call
# The most structured content a call returns, compact JSON: a whole curated monograph
# (isatuximab with its partner drugs' facts: 101 KB) fits, a whole FDA label (150 KB
# and more) does not.
MAX_DOCUMENT_BYTES = 128_000
NARROWER = {  # how to ask a tool for a smaller document
    "show_monograph": "ask for some sections (sections=[...])",
    "dose_plan": "ask for fewer cycles",
    "side_effects": "name fewer drugs or filter more",
    "search": "lower the limit",
    "list_monographs": "lower the limit or choose an origin",
    "diff_label": "ask for one section (section=...)",
    "changes": "ask for a later since",
    "interactions": "name fewer drugs",
    "check_order": "check the order with `medcli check --json`",
}
MAX_CHARS_LIMIT = 100_000
MIN_MAX_CHARS = 200
MAX_LIMIT = 1000
NO_MONOGRAPH_DISCLAIMER = (
    "medcli is a reference tool, not medical advice; open a monograph (show_monograph) "
    "for its own disclaimer and sources."
)
NOT_LABEL_TEXT = (
    "Facts tagged `not label text` come from a source that is not a prescribing label "
    "(e.g. an FAQ or an imported page); check them against the label."
)


@dataclass(frozen=True)
class Window:
    """Which characters of the text rendering to return: `offset` onwards, `max_chars` of them."""

    offset: int = 0
    max_chars: int = DEFAULT_MAX_CHARS


@dataclass(frozen=True)
class Answer:
    document: Any  # the command's --json document as JSON values; None when too large
    text: str  # the text rendering, cut to the window, with a marker where it was cut
    provenance: dict[str, Any] = field(default_factory=dict)


@dataclass
class Session:
    """One tool call's library: opened per call, so edits to the library are seen at once.

    The library's warnings (a broken file skipped) are kept for the answer, never
    printed: stdout belongs to the protocol.
    """

    environment: Environment
    warnings: list[str] = field(default_factory=list)
    library: Library = field(init=False)

    def __post_init__(self) -> None:
        self.library = Library(self.environment, warn=self.warnings.append)


def check_window(offset: int, max_chars: int) -> Window:
    if offset < 0:
        raise UsageError(f"offset {offset} is negative; accepted: 0 or more")
    if not MIN_MAX_CHARS <= max_chars <= MAX_CHARS_LIMIT:
        raise UsageError(
            f"max_chars {max_chars:,} is out of range; "
            f"accepted: {MIN_MAX_CHARS:,} to {MAX_CHARS_LIMIT:,}"
        )
    return Window(offset, max_chars)


def check_limit(limit: int, option: str = "--limit") -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise UsageError(f"{option} {limit} is out of range; accepted: 1 to {MAX_LIMIT:,}")
    return limit


def answer(tool: str, document: Any, text: str, window: Window, sources: dict[str, Any]) -> Answer:
    """The answer of *tool*: its document as JSON values and its text cut to *window*.

    The document goes through the commands' own encoder (exact decimals). One over
    `MAX_DOCUMENT_BYTES` (a whole FDA label is 150 KB and more) is left out, and the
    text says so and how to ask for less, rather than flooding the agent's context.
    """
    encoded = msgspec.json.format(to_json(document), indent=0)  # as it goes on the wire
    shown = cut(clean_text(text), window, tool)  # the text gate, as for a terminal
    sources = clean_value(sources)
    if len(encoded) <= MAX_DOCUMENT_BYTES:
        return Answer(msgspec.json.decode(encoded), shown, sources)
    note = (
        f"[the JSON document is {len(encoded):,} bytes, over {MAX_DOCUMENT_BYTES:,}, "
        f"so it is left out; {NARROWER[tool]} to get it]\n"
    )
    return Answer(None, note + shown, sources)


def render_text(view: list[RenderableType]) -> str:
    """A view as plain text: no colour, no markup read from data, a fixed width."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=TEXT_WIDTH,
        no_color=True,
        color_system=None,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )
    console.print(Group(*view))
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines()).strip("\n")


def cut(text: str, window: Window, tool: str) -> str:
    """The window of *text*, ending at a line break where one is near, and a marker if cut.

    The marker names the offset to ask for next, so an agent can read on.
    """
    total = len(text)
    if window.offset >= total and total:
        return f"[nothing at offset {window.offset:,}: the text has {total:,} characters]"
    end = window.offset + window.max_chars
    if end >= total:
        body = text[window.offset :]
        return body if window.offset == 0 else f"[from character {window.offset:,}]\n{body}"
    line_end = text.rfind("\n", window.offset, end)
    if line_end > window.offset + window.max_chars // 2:
        end = line_end + 1
    start_note = f"[from character {window.offset:,}]\n" if window.offset else ""
    marker = (
        f"\n[cut: characters {window.offset:,} to {end:,} of {total:,} shown; "
        f"call {tool} again with offset={end} for the rest]"
    )
    return start_note + text[window.offset : end] + marker  # the window exactly: pieces join


def provenance(monographs: Sequence[Monograph]) -> dict[str, Any]:
    """Where each drug's facts come from, how old they are, and its disclaimer.

    Sources are carried whole (label ids, versions and dates where a source has
    them), each marked `label_text` or not.
    """
    from medcli.render.monograph import provenance_line

    drugs = [
        {
            "drug": monograph.id,
            "name": monograph.name,
            "source": provenance_line(monograph),
            "provenance": msgspec.to_builtins(monograph.provenance),
            "label": _label_identity(monograph),
            "sources": [
                msgspec.to_builtins(source) | {"label_text": source.kind in LABEL_KINDS}
                for source in monograph.sources
            ],
            "disclaimer": monograph.disclaimer,
        }
        for monograph in monographs
    ]
    return {"drugs": drugs, "not_label_text": NOT_LABEL_TEXT}


def _label_identity(monograph: Monograph) -> dict[str, Any] | None:
    """Which FDA label a monograph holds (set id, version, date, maker), without its text."""
    if monograph.label is None:
        return None
    identity: dict[str, Any] = msgspec.to_builtins(monograph.label)
    for text in ("sections", "other_sections"):
        identity.pop(text, None)
    return identity


def general_provenance(drug_ids: list[str]) -> dict[str, Any]:
    """For answers about many monographs at once (list, search): what to open for the sources."""
    return {"drugs": drug_ids, "disclaimer": NO_MONOGRAPH_DISCLAIMER}


def show_answer(
    session: Session, drug: str, sections: list[str], window: Window, jurisdiction: str = "us"
) -> Answer:
    """`medcli show DRUG [-s SECTION]... [--jurisdiction J] --json`, and its view."""
    from medcli.drug_facts import for_jurisdiction, parse_jurisdiction
    from medcli.render.located import file_line
    from medcli.render.monograph import monograph_view
    from medcli.sections import missing_sections, parse_sections, subset, wanted_sections

    requested = parse_sections(sections)
    located = session.library.find_located(drug)
    monograph = located.monograph
    missing = missing_sections(monograph, requested)
    if missing is not None and missing.none_found:  # as `show -s` does: not an empty view
        raise NotFoundError(
            missing.message, hint=f"the whole monograph: medcli show {monograph.id}"
        )
    if missing is not None:
        session.warnings.append(missing.message)
    chosen = wanted_sections(requested)
    document = subset(monograph, chosen) if requested else monograph
    if monograph.label is not None:  # an FDA label shows its own sections, as `show` does
        from medcli.render.label import label_view

        text = render_text(label_view(monograph, requested))
    else:
        regional = for_jurisdiction(monograph, parse_jurisdiction(jurisdiction))
        text = render_text(monograph_view(regional, chosen, file_line(located)))
    return answer("show_monograph", document, text, window, provenance([monograph]))


def dose_answer(session: Session, drug: str | None, window: Window, **inputs: Any) -> Answer:
    """`medcli dose [DRUG] --weight W ... --json`, and its view; its warnings are in both.

    *inputs* are `compute_plan`'s own (weight, unit, regimen, age, start, cycles, height,
    height_unit, bsa_formula, bsa_cap, only, patient, organ, jurisdiction), as text.
    """
    from medcli.dosing import compute_plan
    from medcli.dosing.source import with_source_warning
    from medcli.render.dose import dose_view
    from medcli.render.located import file_line

    located = session.library.find_located(drug or session.environment.default_drug)
    monograph = located.monograph
    plan = with_source_warning(compute_plan(monograph, **inputs), located)
    text = render_text(dose_view(plan, monograph, file_line(located)))
    return answer("dose_plan", plan, text, window, provenance([monograph]))


def check_answer(session: Session, order: Order, tolerance: str | None, window: Window) -> Answer:
    """`medcli check --drug D ... --json` for one order, and its view.

    A verdict of `flag` or `error` is the answer, not a tool error: the agent
    reads why in `reason`, as the command's exit code 1 says it on the command line.
    """
    from medcli.check.action import check_one, monographs_in
    from medcli.check.tolerance import parse_tolerance
    from medcli.render.check import single_view

    default = session.environment.default_drug
    checked = check_one(session.library, default, order, parse_tolerance(tolerance))
    try:  # the monograph whose regimen the order names: its sources
        monographs = [monographs_in(session.library, default)(order.drug, order.regimen)]
    except MedcliError:
        monographs = []
    return answer(
        "check_order", checked, render_text(single_view(checked)), window, provenance(monographs)
    )


def side_effects_answer(
    session: Session,
    drugs: list[str],
    all_drugs: bool,
    chosen: SideEffectFilter,
    window: Window,
) -> Answer:
    """`medcli side-effects [DRUG]... [filters] --json`, and its view."""
    from medcli.render.side_effects import side_effects_document, side_effects_view
    from medcli.side_effects import select_side_effects

    library = session.library
    if all_drugs and drugs:
        raise UsageError("give drug names or all_drugs, not both")
    if all_drugs:
        found = [library.load(item.entry) for item in sorted(library.catalog(), key=_item_id)]
    else:
        found = [library.find(name) for name in drugs or [session.environment.default_drug]]
    several = all_drugs or len(drugs) > 1
    # Several drugs: a regimen of one is no error for the others (as the command does).
    results = [
        select_side_effects(monograph, chosen, check_regimen=not several) for monograph in found
    ]
    if several:
        results = [result for result in results if result.count]
    text = render_text(side_effects_view(results, chosen, several))
    document = side_effects_document(results, chosen)
    sources = provenance([result.monograph for result in results])
    return answer("side_effects", document, text, window, sources)


def interactions_answer(session: Session, drugs: list[str], window: Window) -> Answer:
    """`medcli interactions DRUG DRUG... --json`, and its view."""
    from medcli.library.interaction_drugs import check_interactions
    from medcli.render.interactions import interactions_view

    result, labels = check_interactions(session.library, drugs)
    text = render_text(interactions_view(result))
    return answer("interactions", result, text, window, provenance(labels))


def _item_id(item: CatalogItem) -> str:
    return item.id


def search_answer(
    session: Session, query: str, section: str | None, limit: int, window: Window
) -> Answer:
    """`medcli search QUERY [--section S] [--limit N] --json`, and its view."""
    from medcli.render.search import search_document, search_view

    if section is not None and section not in SEARCH_SECTIONS:
        accepted = ", ".join(SEARCH_SECTIONS)
        raise UsageError(f"unknown section {section!r}; accepted: {accepted}")
    results = session.library.search(query, section, limit=check_limit(limit))
    text = render_text(search_view(results))
    sources = general_provenance([hit.id for hit in results.hits])
    return answer("search", search_document(results), text, window, sources)


def list_answer(session: Session, origin: str | None, limit: int, window: Window) -> Answer:
    """`medcli list [--origin O] [--limit N] --json`, and its view."""
    from medcli.render.listing import listing_document, listing_view

    chosen = next((known for known in ORIGINS if known == origin), None)
    if origin is not None and chosen is None:
        raise UsageError(f"unknown origin {origin!r}; accepted: {', '.join(ORIGINS)}")
    check_limit(limit)
    items = list(session.library.listing(chosen, 0, limit))
    text = render_text(listing_view(items))
    sources = general_provenance([item.id for item in items])
    return answer("list_monographs", listing_document(items), text, window, sources)


def diff_answer(
    session: Session,
    drug: str,
    older: str | None,
    newer: str | None,
    section: str | None,
    window: Window,
) -> Answer:
    """`medcli diff DRUG [--from V] [--to V] [--section S] --json`, and its view; the
    provenance is the newest version's (the document names the two versions compared)."""
    from medcli.library.versions import compare
    from medcli.render.diff import diff_view

    comparison = compare(session.library, drug, older, newer, section)
    text = render_text(diff_view(comparison))
    sources = provenance([session.library.find(comparison.drug)])
    return answer("diff_label", comparison, text, window, sources)


def changes_answer(session: Session, since: str | None, window: Window) -> Answer:
    """`medcli changes [--since DATE] --json`, and its view."""
    from medcli.library.changes import changes_since
    from medcli.render.changes import changes_view

    digest = changes_since(session.library, since)
    text = render_text(changes_view(digest))
    sources = general_provenance([change.drug for change in digest.labels])
    return answer("changes", digest, text, window, sources)


# The sections `search` takes: those of `show` but the disclaimer and the sources.
SEARCH_SECTIONS: tuple[str, ...] = tuple(
    section.value for section in Section if section not in (Section.disclaimer, Section.sources)
)
ORIGINS: tuple[Listed, ...] = ("bundled", "user", "folder", "fda-label")
