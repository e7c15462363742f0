"""Text report of `medcli validate`."""

from __future__ import annotations

from rich.console import RenderableType
from rich.text import Text

from medcli.library.validation import ValidationReport


def validation_view(report: ValidationReport) -> list[RenderableType]:
    lines: list[RenderableType] = [
        Text.assemble(("not found: ", "bold red"), path) for path in report.missing
    ]
    for file in report.invalid:
        lines += [Text(problem) for problem in file.problems]
    valid = report.checked - len(report.invalid)
    summary = f"{report.checked} checked, {valid} valid, {len(report.invalid)} invalid"
    if report.missing:
        summary += f", {len(report.missing)} not found"
    lines.append(Text(summary, style="bold green" if report.ok else "bold red"))
    return lines
