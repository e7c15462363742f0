"""`show`: a drug's monograph, whole or by section, or an older version of its label."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

from medcli.drug_facts import for_jurisdiction, parse_jurisdiction
from medcli.errors import NotFoundError
from medcli.library.merged import Library, Located
from medcli.model import Jurisdiction, Monograph
from medcli.sections import Section, missing_sections, parse_sections, subset, wanted_sections

if TYPE_CHECKING:
    from medcli.library.products import ProductFacts


class ShowRequest(msgspec.Struct, frozen=True):
    drug: str
    sections: tuple[str, ...] = ()  # as typed; none: the whole monograph
    label_version: str | None = None  # an older version of an imported label
    jurisdiction: str | None = None  # None: the US rules


class Shown(msgspec.Struct, frozen=True):
    """The monograph found, the sections to show and what to warn about."""

    monograph: Monograph
    located: Located | None  # None for an older label version, which has no file
    requested: tuple[Section, ...]
    sections: tuple[Section, ...]  # those to show, in monograph order
    jurisdiction: Jurisdiction
    warnings: tuple[str, ...] = ()
    # When the name meant several labels of one product: the product's current label and
    # the others, each with its role (the CLI says it in its stderr note).
    product: ProductFacts | None = None

    @property
    def regional(self) -> Monograph:
        """The monograph without other jurisdictions' facts: what the text view shows."""
        return for_jurisdiction(self.monograph, self.jurisdiction)

    @property
    def document(self) -> Monograph:
        """The `--json` document: the sections asked for, still a valid monograph."""
        return subset(self.monograph, self.sections) if self.requested else self.monograph


def show(library: Library, request: ShowRequest) -> Shown:
    """The monograph *request* names; a `NotFoundError` when it has none of the sections asked.

    Some sections missing is a warning, all of them an error: a view of only a
    header would look like an empty section.
    """
    requested = tuple(parse_sections(request.sections))
    jurisdiction = parse_jurisdiction(request.jurisdiction)
    located: Located | None = None
    product: ProductFacts | None = None
    if request.label_version is None:
        located = library.find_located(request.drug)
        monograph = located.monograph
        chosen = library.products.get(monograph.id)
        product = chosen.facts() if chosen is not None and chosen.others else None
    else:
        from medcli.library.versions import find_version

        monograph = find_version(library, request.drug, request.label_version)
    missing = missing_sections(monograph, requested)
    if missing is not None and missing.none_found:
        raise NotFoundError(
            missing.message, hint=f"the whole monograph: medcli show {monograph.id}"
        )
    return Shown(
        monograph=monograph,
        located=located,
        requested=requested,
        sections=tuple(wanted_sections(requested)),
        jurisdiction=jurisdiction,
        warnings=() if missing is None else (missing.message,),
        product=product,
    )
