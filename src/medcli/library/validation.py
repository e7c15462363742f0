"""Checking monograph files in bulk (`medcli validate`): every problem, every file."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from medcli.errors import DataError
from medcli.library.folders import is_monograph_name
from medcli.library.loader import load_monograph


@dataclass
class FileReport:
    path: str
    problems: list[str]


@dataclass
class ValidationReport:
    checked: int = 0
    invalid: list[FileReport] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.invalid and not self.missing


def validate_paths(paths: Iterable[Path]) -> ValidationReport:
    """Validate the monograph files named in *paths*, searching folders recursively."""
    report = ValidationReport()
    for path in paths:
        try:
            exists = path.exists()
        except OSError:  # e.g. a name longer than the file system allows
            exists = False
        if not exists:
            report.missing.append(str(path))
            continue
        for file in monograph_files(path):
            report.checked += 1
            try:
                load_monograph(file, expected_id=file.stem)
            except DataError as error:
                report.invalid.append(FileReport(str(file), error.problems))
    return report


def monograph_files(path: Path) -> Iterator[Path]:
    """*path* itself, or the monograph files below it (symlinked folders are not followed)."""
    if not path.is_dir():
        yield path
        return
    for folder, subfolders, files in os.walk(path, onerror=lambda error: None):
        subfolders.sort()
        for name in sorted(files):
            if is_monograph_name(name):
                yield Path(folder) / name
