"""The importer on Hypothesis-generated Markdown: never a crash, never silent loss.

Every generated page is either imported with at least 98% of its words found in
the monograph, or skipped with a reason.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, event, example, given, settings
from hypothesis import strategies as st

from medcli.importer.run import Job, convert

WORDS = st.text(
    alphabet=st.characters(
        whitelist_categories=("Lu", "Ll", "Nd"), whitelist_characters="-'%<>≥.,()/:"
    ),
    min_size=1,
    max_size=12,
)
CONTROL = st.sampled_from(["", "", "", "\x1b[31m", "\x07", "\r", "\t", "\u200b", "\x9b"])
HEADINGS = st.sampled_from([
    "Generic Name", "Usage", "Usage:", "Dosage", "Side Effects",
    "Side Effects (Individual Components)", "How it Works", "Precautions", "FAQs", "Storage",
    "Random Section", "Generic Name (Not Applicable)",
])  # fmt: skip
TIERS = st.sampled_from([
    "**Common Side Effects (>10%):**", "**Less Common, but Serious Side Effects:**",
    "**Rare (<0.1%):**", "**1-10%:**", "**Very common:**", "**Severe reactions**", "Other:",
])  # fmt: skip


@st.composite
def phrase(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=1, max_size=8))
    style = draw(st.sampled_from(["", "*", "**", "`"]))
    text = " ".join(words)
    return f"{style}{text}{style}{draw(CONTROL)}"


@st.composite
def block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["para", "list", "nested", "tier", "faq", "bold-item"]))
    if kind == "para":
        return draw(phrase())
    if kind == "list":
        return "\n".join(f"* {draw(phrase())}" for _ in range(draw(st.integers(1, 4))))
    if kind == "nested":
        return f"* {draw(phrase())}\n    * {draw(phrase())}\n    * {draw(phrase())}"
    if kind == "tier":
        return f"{draw(TIERS)}\n\n* {draw(phrase())}\n* {draw(phrase())}"
    if kind == "faq":
        return f"**Q: {draw(phrase())}?** {draw(phrase())}"
    return f"* **{draw(phrase())}:** {draw(phrase())}"


@st.composite
def page(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"---\nlayout: minimal-medicine\ntitle: {draw(WORDS)}\n---\n")
    if draw(st.booleans()):
        parts.append(f"# {draw(phrase())}")
    for _ in range(draw(st.integers(0, 6))):
        level = draw(st.sampled_from(["###", "###", "##", "####"]))
        parts.append(f"{level} {draw(HEADINGS)}")
        parts += [draw(block()) for _ in range(draw(st.integers(0, 3)))]
    if draw(st.booleans()):
        parts.append(f"**Disclaimer:** {draw(phrase())}")
    return "\n\n".join(parts) + "\n"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=page())
# Found by this test: a list under a plain intro line, with a nested list, lost the intro.
@example(text="---\ntitle: Foo\n---\n\n### Side Effects\n\nIntro text\n\n* A\n    * B\n    * C\n")
def test_generated_pages_import_completely_or_are_skipped_with_a_reason(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.md"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        result = convert(Job(str(path), "generated.md"), "2026-11-25")
    event("skipped: " + result.skip.code if result.skip else "imported")
    if result.skip is not None:
        assert result.skip.code and result.skip.detail, "a skip must say why"
        return
    assert result.monograph is not None and result.coverage is not None
    assert result.coverage.ratio >= 0.98, (text, result.coverage)
