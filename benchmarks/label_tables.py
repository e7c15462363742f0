"""How well the label import reads adverse-reaction tables, per label and overall.

Run: python benchmarks/label_tables.py [--labels PATH] [--per-label]

Unpacks ../shared/labels/openfda-labels.tar.gz into a temporary folder, reads
each record as `medcli import` does (in process, nothing written) and counts:

- unnamed: rates attributed to a "column N" arm (a column the import could not name);
- headerless: adverse-reaction tables with no header row recognised;
- effects: side effects read; serious: those flagged serious;
- junk: entries that are not reactions by a simple rule (totals, system-organ-class
  names, header words such as "N=" or "Adverse Reaction").

Without the shared labels it says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LABELS = REPO.parent / "shared" / "labels"
sys.path.insert(0, str(REPO / "src"))

UNNAMED = re.compile(r"^column \d+$")
JUNK = re.compile(
    r"^(total|any|all|overall)\b|patients? (with|who)|\bn\s*=|^%$|adverse (reaction|event)s?$"
    r"|body system|system organ class|preferred term|disorders$|^infections and infestations$"
    r"|^investigations$|^neoplasms benign",
    re.IGNORECASE,
)


@dataclass
class Figures:
    name: str
    unnamed: int = 0
    headerless: int = 0
    tables: int = 0
    effects: int = 0
    serious: int = 0
    junk: int = 0


def measure(record: object) -> Figures:
    """The figures of one openFDA record."""
    from medcli.labels.effects import ADVERSE_CODE, extract
    from medcli.labels.openfda import read_record

    label = read_record(record).label
    figures = Figures((label.brand_names or label.generic_names or [label.set_id])[0])
    for section in label.sections:
        if section.loinc == ADVERSE_CODE:
            figures.tables += len(section.tables)
            figures.headerless += sum(1 for table in section.tables if not table.head)
    for effect in extract(label).effects:
        figures.effects += 1
        figures.serious += effect.serious
        figures.junk += bool(JUNK.search(effect.name))
        figures.unnamed += sum(1 for rate in effect.table_rates if UNNAMED.match(rate.column))
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=Path, default=LABELS, help="the shared labels folder")
    parser.add_argument("--per-label", action="store_true", help="a line for every label")
    args = parser.parse_args()
    if not (args.labels / "openfda-labels.tar.gz").exists():
        print(f"no shared labels at {args.labels}; nothing to measure")
        return 0
    with tempfile.TemporaryDirectory(prefix="medcli-tables-") as scratch:
        with tarfile.open(args.labels / "openfda-labels.tar.gz") as archive:
            archive.extractall(scratch, filter="data")
        paths = sorted(Path(scratch, "openfda").glob("*.json"))
        rows = [measure(json.loads(path.read_bytes())["results"][0]) for path in paths]
    fields = ("unnamed", "headerless", "tables", "effects", "serious", "junk")
    if args.per_label:
        print("label\t" + "\t".join(fields))
        for row in rows:
            print(row.name + "\t" + "\t".join(str(getattr(row, name)) for name in fields))
    print(f"\n{len(rows)} labels")
    for name in fields:
        total = sum(getattr(row, name) for row in rows)
        labels = sum(1 for row in rows if getattr(row, name))
        print(f"{name:>10}: {total:>6,} in {labels:>3} labels")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
