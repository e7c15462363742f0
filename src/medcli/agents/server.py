"""The MCP server behind `medcli mcp`: one tool per command, over stdio.

A thin shell like a command: each tool turns what an agent sends into the
command's request, calls the command's action (`medcli.actions`), which validates
it in the command's words, and returns the command's `--json` document
(`structuredContent`) with a text rendering and the provenance (`content`). A
`MedcliError` becomes a tool error (`isError`) carrying the line the command
would print, so the agent can correct itself and the server goes on serving.
Tools take names, never paths: nothing outside the library is ever read. The
dose and order inputs' parameters are generated from their one declaration
(`medcli.actions.inputs`, via `medcli.agents.declared`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, StrictInt, StrictStr

from medcli import __version__
from medcli.actions.diff import DiffRequest
from medcli.actions.dose import DoseRequest
from medcli.actions.inputs import DOSE_INPUTS, JURISDICTION, ORDER_INPUTS
from medcli.actions.listing import ListRequest
from medcli.actions.search import SearchRequest
from medcli.actions.show import ShowRequest
from medcli.actions.side_effects import SideEffectsRequest
from medcli.agents.answers import (
    DEFAULT_MAX_CHARS,
    MAX_CHARS_LIMIT,
    MIN_MAX_CHARS,
    Answer,
    Session,
    changes_answer,
    check_answer,
    check_limit,
    check_window,
    diff_answer,
    dose_answer,
    interactions_answer,
    list_answer,
    search_answer,
    show_answer,
    side_effects_answer,
)
from medcli.agents.declared import choices, description, with_inputs
from medcli.choices import FREQUENCIES, JURISDICTIONS, ORIGINS, SEARCH_SECTIONS
from medcli.errors import MedcliError
from medcli.library.environment import Environment
from medcli.render.jsonout import to_json
from medcli.sections import Section

INSTRUCTIONS = """\
medcli: an offline drug-monograph reference. Every answer is computed from the local
library (no network): structuredContent is the same JSON document as the medcli command's
--json output; content holds a text rendering (cut to max_chars, with the offset to ask for
next) and the provenance of each drug (its sources, label dates, which text is not label
text) with its disclaimer. A dose plan is to verify, not a prescription.
"""
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False, idempotent_hint=True)


Drug = Annotated[str, Field(description="Drug id, name, brand name or unique prefix.")]
OptionalDrug = Annotated[
    str | None,
    Field(description="Drug id, name, brand name or unique prefix [default: isatuximab]."),
]
Offset = Annotated[
    StrictInt, Field(description="Start the text at this character (from a cut marker's offset=).")
]
MaxChars = Annotated[
    StrictInt,
    Field(
        description=f"At most this many characters of text ({MIN_MAX_CHARS} to {MAX_CHARS_LIMIT})."
    ),
]
SectionName = Annotated[str, choices([s.value for s in Section], "A monograph section.")]
# A label version as `show --label-version` takes it: its number, or a date YYYY-MM-DD.
Version = Annotated[
    StrictInt | StrictStr,
    Field(description="A label version: its number (4) or a date (YYYY-MM-DD or YYYYMMDD)."),
]
Frequency = Annotated[str, choices(list(FREQUENCIES), "A CIOMS frequency tier.")]
Jurisdiction = Annotated[str, choices(JURISDICTIONS, description(JURISDICTION))]


def build_server(environment: Environment) -> MCPServer:
    """The server, its tools reading *environment*'s library (a fresh view each call)."""
    server = MCPServer(
        name="medcli",
        version=__version__,
        instructions=INSTRUCTIONS,
        log_level="WARNING",  # stderr only; stdout carries the protocol
    )

    def show_monograph(
        drug: Drug,
        sections: Annotated[
            list[SectionName] | None,
            Field(description="Only these sections [default: all]; ask for few to keep it short."),
        ] = None,
        jurisdiction: Jurisdiction = "us",
        label_version: Annotated[
            Version | None,
            Field(description="An older version of an imported label [default: the newest]."),
        ] = None,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """A drug's monograph, whole or by section (`medcli show DRUG -s SECTION --json`).

        When the name means several FDA labels of one product, the provenance's
        `product` names the label given (`current`) and the others (`also`: id, set
        id, role repackager or earlier, manufacturer, effective date)."""
        version = None if label_version is None else str(label_version)
        return _answer(
            environment,
            lambda session: show_answer(
                session,
                ShowRequest(drug, tuple(sections or ()), version, jurisdiction),
                check_window(offset, max_chars),
            ),
        )

    @with_inputs(DOSE_INPUTS)
    def dose_plan(
        drug: OptionalDrug = None,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
        *,
        inputs: dict[str, Any],
    ) -> CallToolResult:
        """A checkable dose plan: every drug of the regimen day by day, vials, infusions, totals.

        The same plan as `medcli dose --json`, with exact numbers and its warnings; a
        per-m² drug (e.g. carfilzomib) needs `height`.
        """
        return _answer(
            environment,
            lambda session: dose_answer(
                session, DoseRequest.of(drug, inputs), check_window(offset, max_chars)
            ),
        )

    def side_effects(
        drugs: Annotated[
            list[str] | None, Field(description="Drugs to list [default: isatuximab].")
        ] = None,
        all_drugs: Annotated[bool, Field(description="Every drug with a match.")] = False,
        serious: Annotated[bool, Field(description="Only serious side effects.")] = False,
        common: Annotated[bool, Field(description="Only very common and common.")] = False,
        frequencies: Annotated[
            list[Frequency] | None, Field(description="Only these tiers.")
        ] = None,
        regimen: Annotated[
            str | None,
            Field(
                description="This regimen's trial rates and tiers; serious effects without "
                "a rate from it are kept, with no_trial_rate_for."
            ),
        ] = None,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """Side effects grouped by frequency, serious ones marked (`medcli side-effects --json`).

        Filters combine: each kept side effect passes all of them.
        """
        return _answer(
            environment,
            lambda session: side_effects_answer(
                session,
                SideEffectsRequest(
                    tuple(drugs or ()),
                    all_drugs,
                    serious,
                    common,
                    tuple(frequencies or ()),
                    regimen,
                ),
                check_window(offset, max_chars),
            ),
        )

    def search(
        query: Annotated[
            str, Field(description='Words (all must match), "a phrase", or a prefix* word.')
        ],
        section: Annotated[str | None, choices(SEARCH_SECTIONS, "Search only here.")] = None,
        limit: Annotated[
            StrictInt, Field(description="At most this many results, 1 to 1,000.")
        ] = 10,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """Ranked full-text search over every monograph, with snippets (`medcli search --json`)."""
        return _answer(
            environment,
            lambda session: search_answer(
                session, SearchRequest(query, section, limit), check_window(offset, max_chars)
            ),
        )

    def list_monographs(
        origin: Annotated[str | None, choices(ORIGINS, "Only monographs from here.")] = None,
        limit: Annotated[StrictInt, Field(description="At most this many, 1 to 1,000.")] = 100,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """The monographs in the library, where each comes from, which have a dose plan."""
        return _answer(
            environment,
            lambda session: list_answer(
                session, ListRequest(origin, 0, check_limit(limit)), check_window(offset, max_chars)
            ),
        )

    def diff_label(
        drug: Drug,
        from_version: Annotated[
            Version | None,
            Field(description="The older version [default: the one before to_version]."),
        ] = None,
        to_version: Annotated[
            Version | None, Field(description="The newer version [default: the newest].")
        ] = None,
        section: Annotated[
            str | None,
            Field(
                description="Only this section: a label section key (indications, dosage, "
                "warnings…) or a section number (2.1, 5)."
            ),
        ] = None,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """What changed between two versions of an imported FDA label (`medcli diff --json`).

        Section by section, sentences and table rows added, removed and changed, with the
        newer label's own Recent Major Changes checked against what changed.
        """
        return _answer(
            environment,
            lambda session: diff_answer(
                session,
                DiffRequest(
                    drug,
                    None if from_version is None else str(from_version),
                    None if to_version is None else str(to_version),
                    section,
                ),
                check_window(offset, max_chars),
            ),
        )

    def changes(
        since: Annotated[
            str | None,
            Field(
                description="Labels whose new version was imported on or after this date "
                "(YYYY-MM-DD) [default: the day of the last import]."
            ),
        ] = None,
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """Imported FDA labels whose new version changed the boxed warning,
        contraindications, dosage or warnings (`medcli changes --json`): per label the
        versions compared and each changed section with the lines added and removed.
        """
        return _answer(
            environment,
            lambda session: changes_answer(session, since, check_window(offset, max_chars)),
        )

    def interactions(
        drugs: Annotated[
            list[str], Field(description="Two or more drugs imported from FDA labels.")
        ],
        offset: Offset = 0,
        max_chars: MaxChars = DEFAULT_MAX_CHARS,
    ) -> CallToolResult:
        """What each drug's FDA label says about the others (`medcli interactions --json`).

        Per pair, the label sentences and table rows (contraindications, boxed warning,
        warnings, drug interactions, pharmacokinetics) naming the other drug or a class
        its own label gives it, most serious first, each with section, version and date.
        A pair without passages is the labels' silence, not evidence of safety.
        """
        return _answer(
            environment,
            lambda session: interactions_answer(session, drugs, check_window(offset, max_chars)),
        )

    @with_inputs(ORDER_INPUTS)
    def check_order(
        offset: Offset = 0, max_chars: MaxChars = DEFAULT_MAX_CHARS, *, inputs: dict[str, Any]
    ) -> CallToolResult:
        """An ordered dose checked against the plan's: computed dose, deviation, verdict.

        The same document as `medcli check --json` for one order: verdict ok (within the
        tolerance), flag (outside) or error (cannot be computed; `reason` says why).
        """
        from medcli.actions.check import order_of

        return _answer(
            environment,
            lambda session: check_answer(
                session, order_of(inputs), inputs["tolerance"], check_window(offset, max_chars)
            ),
        )

    tools = (
        show_monograph,
        dose_plan,
        check_order,
        side_effects,
        search,
        list_monographs,
        diff_label,
        changes,
        interactions,
    )
    for tool in tools:
        server.add_tool(tool, annotations=READ_ONLY, structured_output=False)
    return server


def _answer(environment: Environment, build: Callable[[Session], Answer]) -> CallToolResult:
    """Run one tool call; a `MedcliError` is a tool error with the command's own line."""
    session = Session(environment)
    try:
        answer = build(session)
    except MedcliError as error:
        return CallToolResult(content=[_text(error_line(error))], is_error=True)
    warnings = "".join(f"medcli: warning: {warning}\n" for warning in session.warnings)
    provenance = to_json({"provenance": answer.provenance}).decode()
    return CallToolResult(
        content=[_text(warnings + answer.text), _text(provenance)],
        structured_content=answer.document,
    )


def error_line(error: MedcliError) -> str:
    """What the command prints for *error*: `medcli: error: <what> (<hint>)`."""
    hint = f" ({error.hint})" if error.hint else ""
    return f"medcli: error: {error.message}{hint}"


def _text(text: str) -> TextContent:
    return TextContent(type="text", text=text)


def serve(environment: Environment) -> None:
    """Serve on stdin/stdout until the client closes them."""
    build_server(environment).run("stdio")
