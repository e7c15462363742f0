"""The shared FDA label sample read whole: every label's sections in number order, each once.

Skipped when `../shared/labels` is absent: the project's tests never need it. The
figures behind it (and titles, lost fields) are printed by
`benchmarks/label_structure.py`, whose measures this test uses.
"""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from tests.conftest import REPO

LABELS = REPO.parent / "shared" / "labels"
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (LABELS / "openfda-labels.tar.gz").exists(), reason="no shared labels"),
]


def _benchmark() -> ModuleType:
    """benchmarks/label_structure.py, a script (the benchmarks folder is no package)."""
    spec = importlib.util.spec_from_file_location(
        "label_structure", REPO / "benchmarks" / "label_structure.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def test_no_label_has_sections_out_of_order_kept_twice_or_lost() -> None:
    rows = list(_benchmark().measure_all(LABELS, max_words=10))
    assert len(rows) == 323 + 7
    assert [row.name for row in rows if row.out_of_order] == []
    assert [row.name for row in rows if row.lost or row.swallowed] == []
    assert [row.name for row in rows if row.numberless] == []
    duplicated = {row.name: row.duplicated for row in rows if row.duplicated}
    # The one left is the label's own text: section 17 quotes the Medication Guide's
    # first line, and the guide itself is a table.
    assert duplicated == {"NDA208082": ["MEDICATION GUIDE"]}
