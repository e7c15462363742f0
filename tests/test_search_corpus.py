"""`medcli search` over the whole RxHive corpus, imported into a temporary library (slow)."""

from __future__ import annotations

import json
import re
import tarfile
from pathlib import Path

import pytest

from medcli.cli.commands import COMMANDS
from medcli.library.loader import load_monograph
from tests.conftest import BUNDLED, CORPUS, Cli

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CORPUS.is_file(), reason="the corpus (../shared/corpus) is absent"),
    pytest.mark.skipif(
        "import" not in {command.name for command in COMMANDS}, reason="no medcli import yet"
    ),
]


def test_search_over_the_imported_corpus(cli: Cli, tmp_path: Path, isolated_home: Path) -> None:
    pages = tmp_path / "pages"
    with tarfile.open(CORPUS) as archive:
        if hasattr(tarfile, "data_filter"):  # Python 3.12, and 3.10/3.11 security releases
            archive.extractall(pages, filter="data")
        else:
            archive.extractall(pages)
    assert cli("import", str(pages)).exit_code == 0

    top = json.loads(cli("search", "CD38", "--json", "-n", "5").stdout)["results"]
    assert {"isatuximab", "daratumumab"} <= {hit["id"] for hit in top}

    found = cli("search", '"multiple myeloma"', "--section", "usage", "--json", "-n", "1000")
    results = json.loads(found.stdout)["results"]
    assert len(results) >= 5
    for hit in results:
        assert hit["section"] == "usage"
        path = next(
            path
            for folder in (isolated_home / "monographs", BUNDLED)
            for path in folder.glob(f"{hit['id']}.yaml")
        )
        usage = load_monograph(path).usage or ""
        assert re.search(r"multiple\W+myeloma", usage, re.IGNORECASE), hit["id"]

    for query in ("!!!", '"multiple myeloma', "*", "-- ;"):
        refused = cli("search", query)
        assert refused.exit_code == 2 and refused.stdout == ""
        assert refused.stderr.startswith("medcli: error: ")
        assert len(refused.stderr.splitlines()) == 1

    listing = json.loads(cli("list", "--json").stdout)["monographs"]
    assert len(listing) > 6000
    assert cli("show", "Daratumumab", "-s", "usage").stdout.startswith("Daratumumab")
