"""`--bands FILE`: the user's dose-banding table, read once, for `dose` and `check`.

Dose banding (issue 28: NHS England's national tables band cytotoxics within
about 6% and biologics within about 10% of the calculated dose) is a pharmacy's
policy from tables whose licence does not let medcli ship them: the table is the
user's own, CSV or YAML, one band a row: `drug, from_mg, to_mg, banded_mg`. A
band covers a computed dose from `from_mg` to `to_mg`, both included, as the
published tables read; a dose between two bands is in none and is checked by the
tolerance alone. A band whose banded dose is outside its own range, or two bands
of one drug that overlap, make the table unreadable (exit 2): a typo must not
turn an order into `banded`.
"""

from __future__ import annotations

import bisect
import io
import itertools
from decimal import Decimal, InvalidOperation, localcontext

import msgspec

from medcli.dosing.records import Band, BandedDose, DosePlan
from medcli.errors import UsageError

COLUMNS = ("drug", "from_mg", "to_mg", "banded_mg")
MAX_BYTES = 1_000_000  # a band table is a few hundred rows; a bigger file is not one
EXAMPLE = "drug,from_mg,to_mg,banded_mg"


class BandTable(msgspec.Struct, frozen=True):
    """The bands by drug (lower case), each drug's sorted by `from_mg`, none overlapping."""

    name: str
    bands: dict[str, list[Band]]

    def band_for(self, drug_names: tuple[str, ...], dose_mg: Decimal) -> Band | None:
        """The band covering *dose_mg* for the first of *drug_names* (id, name) in the table."""
        for drug in drug_names:
            bands = self.bands.get(drug.strip().lower())
            if bands is None:
                continue
            index = bisect.bisect_right([band.from_mg for band in bands], dose_mg) - 1
            if index >= 0 and dose_mg <= bands[index].to_mg:
                return bands[index]
            return None
        return None

    def has(self, drug_names: tuple[str, ...]) -> bool:
        return any(drug.strip().lower() in self.bands for drug in drug_names)


def parse_bands(data: bytes, name: str, *, yaml_file: bool) -> BandTable:
    """The table in *data*, read from *name* (YAML: a list of mappings; otherwise CSV with
    a header). Reading the file is the caller's (`medcli.library.band_file`): the dose core
    opens no files."""
    if len(data) > MAX_BYTES:
        raise UsageError(
            f"--bands {name} is over {MAX_BYTES:,} bytes; accepted: a band table ({EXAMPLE})"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"--bands {name} is not a UTF-8 text file; accepted: a CSV or YAML "
                         f"band table ({EXAMPLE})") from None  # fmt: skip
    rows = _yaml_rows(text, name) if yaml_file else _csv_rows(text, name)
    if not rows:
        raise UsageError(f"--bands {name} holds no bands; accepted: one band a row ({EXAMPLE})")
    by_drug: dict[str, list[Band]] = {}
    for line, cells in rows:
        band = _band(cells, f"{name} line {line}" if not yaml_file else f"{name} item {line}")
        by_drug.setdefault(band.drug, []).append(band)
    for bands in by_drug.values():
        bands.sort(key=lambda band: band.from_mg)
        for before, after in itertools.pairwise(bands):
            if after.from_mg <= before.to_mg:
                raise UsageError(
                    f"--bands {after.source}: {after.drug} {after.from_mg} to {after.to_mg} mg "
                    f"overlaps {before.source}; accepted: bands of one drug that do not overlap"
                )
    return BandTable(name=name, bands=by_drug)


def _csv_rows(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    import csv  # only with --bands: every dose plan imports this module

    reader = csv.reader(io.StringIO(text))
    header = [cell.strip().lower() for cell in next(reader, [])]
    missing = [column for column in COLUMNS if column not in header]
    if missing:
        raise UsageError(
            f"--bands {name}: the header row lacks {', '.join(missing)}; accepted: a header "
            f"row {EXAMPLE}"
        )
    rows = []
    for cells in reader:
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            raise UsageError(
                f"--bands {name} line {reader.line_num}: {len(cells)} cells and the header "
                f"{len(header)} columns; accepted: one cell per column ({EXAMPLE})"
            )
        rows.append((reader.line_num, dict(zip(header, cells, strict=True))))
    return rows


def _yaml_rows(text: str, name: str) -> list[tuple[int, dict[str, str]]]:
    import yaml

    try:  # BaseLoader: every scalar stays the text written, so 0.1 is read exactly
        document = yaml.load(text, Loader=yaml.BaseLoader)  # builds no objects
    except yaml.YAMLError:
        raise UsageError(f"--bands {name} is not valid YAML; accepted: a list of bands, "
                         "each with drug, from_mg, to_mg, banded_mg") from None  # fmt: skip
    items = document if isinstance(document, list) else None
    if items is None or not all(isinstance(item, dict) for item in items):
        raise UsageError(
            f"--bands {name} is not a list of bands; accepted: a list of mappings, each with "
            "drug, from_mg, to_mg, banded_mg"
        )
    return [(number, item) for number, item in enumerate(items, start=1)]


def _band(cells: dict[str, str], where: str) -> Band:
    drug = str(cells.get("drug") or "").strip().lower()
    if not drug:
        raise UsageError(f"--bands {where}: drug is empty; accepted: the drug's name, e.g. "
                         "carfilzomib")  # fmt: skip
    low, high, banded = (_mg(cells, column, where) for column in COLUMNS[1:])
    if high < low:
        raise UsageError(
            f"--bands {where}: to_mg {high} is below from_mg {low}; accepted: from_mg ≤ to_mg"
        )
    if not low <= banded <= high:
        raise UsageError(
            f"--bands {where}: banded_mg {banded} is outside {low} to {high} mg; accepted: a "
            "banded dose within its own band"
        )
    return Band(drug=drug, from_mg=low, to_mg=high, banded_mg=banded, source=where)


def _mg(cells: dict[str, str], column: str, where: str) -> Decimal:
    text = str(cells.get(column) or "").strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value <= 0:
        raise UsageError(
            f"--bands {where}: {column} {text!r} is not a dose in mg; accepted: a plain number "
            "above 0, e.g. 1800"
        )
    return value


def with_bands(plan: DosePlan, table: BandTable | None) -> DosePlan:
    """*plan* with `bands`: each distinct computed dose of a drug the table has, beside its
    band (in the order the days give them). The plan's doses are never changed."""
    if table is None:
        return plan
    import msgspec

    from medcli.dosing.plan import ARITHMETIC
    from medcli.dosing.records import tidied

    seen: set[tuple[str, Decimal]] = set()
    found: list[BandedDose] = []
    for day in plan.days:
        for drug in day.drugs:
            dose = drug.dose_mg
            names = (drug.drug, drug.name)
            if dose is None or dose <= 0 or (drug.drug, dose) in seen or not table.has(names):
                continue
            seen.add((drug.drug, dose))
            band = table.band_for(names, dose)
            with localcontext(ARITHMETIC):
                off = None if band is None else band.banded_mg - dose
                percent = None if off is None else off / dose * 100
            found.append(BandedDose(drug=drug.drug, name=drug.name, dose_mg=dose, band=band,
                                    deviation_mg=off, deviation_pct=percent))  # fmt: skip
    warnings = list(plan.warnings)
    if not found:
        warnings.append(f"--bands {table.name} has no bands of this plan's drugs: none is banded")
    with localcontext(ARITHMETIC):
        return msgspec.structs.replace(plan, bands=tidied(found), warnings=warnings)
