"""The answers `medcli mcp` gives, from the same actions and renderers as the commands.

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

from medcli.actions.inputs import MAX_RESULTS
from medcli.errors import MedcliError, UsageError
from medcli.library.environment import Environment
from medcli.library.merged import Library
from medcli.model import LABEL_KINDS, Monograph
from medcli.render.jsonout import to_json
from medcli.sanitize import clean_text, clean_value

if TYPE_CHECKING:
    from medcli.actions.diff import DiffRequest
    from medcli.actions.dose import DoseRequest
    from medcli.actions.listing import ListRequest
    from medcli.actions.search import SearchRequest
    from medcli.actions.show import ShowRequest
    from medcli.actions.side_effects import SideEffectsRequest
    from medcli.check.order import Order

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
    if not 1 <= limit <= MAX_RESULTS:
        raise UsageError(f"{option} {limit} is out of range; accepted: 1 to {MAX_RESULTS:,}")
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


def show_answer(session: Session, request: ShowRequest, window: Window) -> Answer:
    """`medcli show DRUG [-s SECTION]... [--jurisdiction J] --json`, and its view."""
    from medcli.actions.show import show
    from medcli.render.located import file_line
    from medcli.render.monograph import monograph_view

    shown = show(session.library, request)
    session.warnings.extend(shown.warnings)
    if shown.monograph.label is not None:  # an FDA label shows its own sections, as `show` does
        from medcli.render.label import label_view

        text = render_text(label_view(shown.monograph, list(shown.requested)))
    else:
        located = file_line(shown.located) if shown.located is not None else []
        text = render_text(monograph_view(shown.regional, list(shown.sections), located))
    sources = provenance([shown.monograph])
    # The "also" facts `show` gives people on stderr: the monograph document stays the label.
    sources["product"] = shown.product
    return answer("show_monograph", shown.document, text, window, sources)


def dose_answer(session: Session, request: DoseRequest, window: Window) -> Answer:
    """`medcli dose [DRUG] --weight W ... --json`, and its view; its warnings are in both."""
    from medcli.actions.dose import dose
    from medcli.render.dose import dose_view
    from medcli.render.located import file_line

    dosed = dose(session.library, request)
    monograph = dosed.located.monograph
    text = render_text(dose_view(dosed.plan, monograph, file_line(dosed.located)))
    return answer("dose_plan", dosed.plan, text, window, provenance([monograph]))


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


def side_effects_answer(session: Session, request: SideEffectsRequest, window: Window) -> Answer:
    """`medcli side-effects [DRUG]... [filters] --json`, and its view.

    Every drug's (`all_drugs`) is read from the library's side-effect rows as the
    command streams them, never by loading every monograph; its sources are then
    the drugs' ids, to open one by one, as for search.
    """
    from medcli.actions.side_effects import side_effects
    from medcli.render.side_effects import side_effects_document, side_effects_view

    found = side_effects(session.library, request)
    results = list(found.drugs)
    text = render_text(side_effects_view(results, found.chosen, found.several))
    document = side_effects_document(results, found.chosen)
    if found.streamed:
        sources = general_provenance([result.monograph.id for result in results])
    else:
        sources = provenance([result.monograph for result in results])
    return answer("side_effects", document, text, window, sources)


def interactions_answer(session: Session, drugs: Sequence[str], window: Window) -> Answer:
    """`medcli interactions DRUG DRUG... --json`, and its view."""
    from medcli.actions.interactions import interactions
    from medcli.render.interactions import interactions_view

    found = interactions(session.library, tuple(drugs))
    text = render_text(interactions_view(found.interactions))
    labels = [session.library.load(entry) for entry in found.labels]
    return answer("interactions", found.interactions, text, window, provenance(labels))


def search_answer(session: Session, request: SearchRequest, window: Window) -> Answer:
    """`medcli search QUERY [--section S] [--limit N] --json`, and its view."""
    from medcli.actions.search import search
    from medcli.render.search import search_document, search_view

    results = search(session.library, request)
    text = render_text(search_view(results))
    sources = general_provenance([hit.id for hit in results.hits])
    return answer("search", search_document(results), text, window, sources)


def list_answer(session: Session, request: ListRequest, window: Window) -> Answer:
    """`medcli list [--origin O] [--limit N] --json`, and its view."""
    from medcli.actions.listing import list_monographs
    from medcli.render.listing import listing_document, listing_view

    items = list(list_monographs(session.library, request))
    text = render_text(listing_view(items))
    sources = general_provenance([item.id for item in items])
    return answer("list_monographs", listing_document(items), text, window, sources)


def diff_answer(session: Session, request: DiffRequest, window: Window) -> Answer:
    """`medcli diff DRUG [--from V] [--to V] [--section S] --json`, and its view; the
    provenance is the newest version's (the document names the two versions compared)."""
    from medcli.actions.diff import diff
    from medcli.render.diff import diff_view

    comparison = diff(session.library, request)
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
