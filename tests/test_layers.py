"""The package map: each package imports only its own layer and those below.

Read from the source with `ast`, so an import inside a function (medcli's lazy
imports) or under `TYPE_CHECKING` counts like one at the top. The known exceptions
are listed with the reason they exist; a new import that points back up, or a
new cycle between packages, fails here until it is removed or listed.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "medcli"

# Lowest first. A package may import its own layer and the layers before it.
LAYERS: tuple[tuple[str, frozenset[str]], ...] = (
    ("base", frozenset({"errors", "names", "numbers", "choices"})),
    (
        "domain",
        frozenset(
            {"model", "sections", "sanitize", "schema", "drug_facts", "side_effects", "search"}
        ),
    ),
    ("core", frozenset({"dosing", "interactions"})),
    ("ingest", frozenset({"importer", "labels"})),
    ("store", frozenset({"library", "update"})),
    ("actions", frozenset({"actions", "check"})),
    ("render", frozenset({"render"})),
    # `fast`: the start-up fast path of issue 26, a shell in front of `cli` once merged.
    ("shells", frozenset({"cli", "agents", "__main__", "fast", "fast_search"})),
)
RANK = {package: rank for rank, (_, packages) in enumerate(LAYERS) for package in packages}

# (importer, imported): why the import points up, until it is moved.
UPWARD: dict[tuple[str, str], str] = {
    ("search", "labels"): "search's snippets read label table markup (labels.markup.table_words)",
    ("importer", "library"): "importers write through the store's file primitives "
    "(library.files, folders, loader) and open the label store",
    ("labels", "library"): "label conversion reads library.files and library.loader limits",
}
# Package cycles that remain (each pair once, sorted): why, until broken.
CYCLES: dict[tuple[str, str], str] = {
    ("importer", "labels"): "labels reuse the importer's worker pool, ids and report; the "
    "importer dispatches label files to labels.run",
    ("labels", "library"): "the store reads label versions and diffs (library.stored, "
    "library.versions → labels.store, labels.diff) while labels read store file limits",
}


def _package(module: str) -> str:
    """`medcli.dosing.plan` → `dosing`; `medcli.model` → `model`."""
    return module.split(".")[1]


def _imports() -> dict[tuple[str, str], set[str]]:
    """(importing package, imported package) → the modules that import across."""
    found: dict[tuple[str, str], set[str]] = defaultdict(set)
    for path in SRC.rglob("*.py"):
        module = ".".join(("medcli", *path.relative_to(SRC).with_suffix("").parts))
        source = _package(module) if module.count(".") else "medcli"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                continue
            for target in targets:
                if target.startswith("medcli.") and _package(target) != source:
                    found[(source, _package(target))].add(module)
    return found


def test_every_package_has_a_layer() -> None:
    packages = {path.stem for path in SRC.glob("*.py")} | {
        path.parent.name for path in SRC.glob("*/__init__.py")
    }
    packages |= {path.name for path in SRC.iterdir() if path.is_dir() and any(path.glob("*.py"))}
    assert packages - {"__init__"} - set(RANK) == set(), "give the new package its layer"


def test_no_import_points_back_up_but_those_listed() -> None:
    upward = {
        pair: sorted(modules)
        for pair, modules in _imports().items()
        if pair[0] != "medcli" and RANK[pair[1]] > RANK[pair[0]]
    }
    unlisted = {pair: modules for pair, modules in upward.items() if pair not in UPWARD}
    assert unlisted == {}, "an import points up a layer: move it, or list it with its reason"
    stale = set(UPWARD) - set(upward)
    assert stale == set(), "listed but gone: take it off UPWARD"


def test_no_cycle_between_packages_but_those_listed() -> None:
    pairs = set(_imports())
    cycles = {tuple(sorted(pair)) for pair in pairs if (pair[1], pair[0]) in pairs}
    assert cycles - set(CYCLES) == set(), "a new cycle between packages"
    assert set(CYCLES) - cycles == set(), "listed but gone: take it off CYCLES"
