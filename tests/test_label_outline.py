"""Where a field's own main heading stands (`own_heading_at`): the number of its PLR
section then a word in capitals, never a number inside another (`114`, `(14`, `5.14`)."""

from __future__ import annotations

import pytest

from medcli.labels.outline import own_heading_at

CLINICAL_STUDIES = "34092-7"  # section 14 of a PLR label


@pytest.mark.parametrize(
    ("text", "at"),
    [
        ("6.1 Trials Experience text 14 CLINICAL STUDIES 14.1 Trial", 27),
        ("6.1 Trials text 14. CLINICAL STUDIES", 16),
        ("see 114 PATIENTS then 14 CLINICAL STUDIES", 22),
        ("see (14 CLINICAL STUDIES) and 5.14 ADVERSE", 0),
        ("after 14 Clinical Studies in capitals only at the start", 0),
        ("14 CLINICAL STUDIES at the very start", 0),
    ],
)
def test_own_heading_is_its_number_then_capitals_and_not_inside_another_number(
    text: str, at: int
) -> None:
    assert own_heading_at(CLINICAL_STUDIES, text) == at
