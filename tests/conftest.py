"""Shared test fixtures: an isolated library home and a CLI runner that mirrors a user's shell."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from medcli.cli import app
from medcli.library.environment import Environment

REPO = Path(__file__).resolve().parents[1]
BUNDLED = REPO / "data" / "monographs"
ISATUXIMAB = BUNDLED / "isatuximab.yaml"
CORPUS = REPO.parent / "shared" / "corpus" / "rxhive-composition.tar.gz"

Cli = Callable[..., Result]


@pytest.fixture(autouse=True)
def isolated_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own empty user library and a plain 80-column pipe."""
    home = tmp_path / "medcli-home"
    monkeypatch.setenv("MEDCLI_HOME", str(home))
    for name in ("MEDCLI_PATH", "MEDCLI_DRUG", "NO_COLOR", "FORCE_COLOR", "PAGER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("TERM", "xterm-256color")
    return home


@pytest.fixture
def cli() -> Cli:
    """Run medcli with arguments; stdout and stderr are kept apart on the result."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Result:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def user_library(isolated_home: Path) -> Path:
    folder = isolated_home / "monographs"
    folder.mkdir(parents=True)
    return folder


def write_monograph(folder: Path, drug_id: str, **changes: object) -> Path:
    """A copy of the bundled monograph under another id, with top-level fields changed."""
    import yaml

    data = yaml.safe_load(ISATUXIMAB.read_text(encoding="utf-8"))
    data.update({"id": drug_id, "name": drug_id.title(), "aliases": []})
    for regimen in data.get("regimens", []):  # the order names the monograph's drug by its id
        regimen["order"] = [
            [drug_id if item == ISATUXIMAB.stem else item for item in group]
            for group in regimen.get("order", [])
        ]
    for fact in data.get("drug_facts", []):  # so does a drug fact about it
        if fact["drug"] == ISATUXIMAB.stem:
            fact["drug"] = drug_id
    data.update(changes)
    path = folder / f"{drug_id}.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def minimal_monograph(drug_id: str, name: str | None = None, **fields: object) -> str:
    """The smallest valid monograph, as YAML text."""
    import yaml

    data: dict[str, object] = {"schema_version": 1, "id": drug_id, "name": name or drug_id.title()}
    data.update(fields)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def copy_bundled(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(ISATUXIMAB, folder / "isatuximab.yaml"))


@pytest.fixture
def environment(isolated_home: Path) -> Environment:
    """The test's library, built directly: its own user library and cache, no extra folders."""
    return Environment(home=isolated_home)


def searchable_rows(db: sqlite3.Connection) -> list[tuple[Any, ...]]:
    """Every (term, label rowid, column, offset) in a label store's `docs`: what its text was
    indexed as, whatever the segments. The table is contentless, so this is all it holds."""
    db.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.docs_terms USING fts5vocab(main, docs, instance)"
    )
    return db.execute("SELECT * FROM temp.docs_terms").fetchall()


def emptied(db: sqlite3.Connection, table: str) -> None:
    """Every row of a label store's *table* deleted (a contentless FTS5 table's the FTS5 way)."""
    if table == "docs":
        db.execute("INSERT INTO docs (docs) VALUES ('delete-all')")
    else:
        db.execute(f"DELETE FROM {table}")
