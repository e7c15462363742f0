"""`medcli check`: ordered doses against the plan's own, one order or a CSV file of them.

Golden text and JSON for docs/orders-example.csv (MEDCLI_UPDATE_GOLDEN=1 rewrites them).
"""

from __future__ import annotations

import csv
import io
import json
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from medcli.check.orders_file import open_orders
from tests.conftest import REPO, Cli

GOLDEN = Path(__file__).parent / "golden"
EXAMPLE = REPO / "docs" / "orders-example.csv"
CAP = ("--drug", "carfilzomib", "-r", "isa-kd", "-w", "150", "--height", "190", "--cycle", "1",
       "--day", "8")  # fmt: skip
HEADER = "patient,drug,regimen,cycle,day,weight_kg,height_cm,crcl,dialysis,ordered_dose\n"


def check(cli: Cli, *args: str) -> tuple[Result, dict[str, Any]]:
    result = cli("check", *args, "--json")
    assert "Traceback" not in result.stderr
    return result, json.loads(result.stdout) if result.stdout else {}


def one_error_line(result: Result, code: int) -> str:
    assert result.exit_code == code, (result.exit_code, result.stderr)
    assert result.stderr.startswith("medcli: error: "), result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stdout == ""
    return result.stderr


# --- the tolerance's boundary ------------------------------------------------------


@pytest.mark.parametrize(
    ("ordered", "verdict", "code"),
    [("129.36", "ok", 0), ("117.04", "ok", 0), ("129.37", "flag", 1), ("117.03", "flag", 1)],
)
def test_exactly_5_percent_is_ok_and_just_above_is_a_flag(
    cli: Cli, ordered: str, verdict: str, code: int
) -> None:
    """123.2 mg computed: 129.36 and 117.04 mg are exactly ±5.0%."""
    result, document = check(cli, *CAP, "--ordered", ordered)
    assert result.exit_code == code
    assert document["verdict"] == verdict
    assert document["computed_mg"] == 123.2
    assert document["tolerance_pct"] == 5


def test_deviation_is_exact_to_the_plans_50_digits(cli: Cli) -> None:
    """82 kg / 178 cm: 56 mg/m² × 2.0136… m² is not a round number; the parts still add up."""
    result = cli("check", "--drug", "carfilzomib", "-r", "isa-kd", "-w", "82", "--height", "178",
                 "--cycle", "1", "--day", "8", "--ordered", "108.5", "--json")  # fmt: skip
    document = json.loads(result.stdout, parse_float=Decimal)
    assert document["computed_mg"] + document["deviation_mg"] == Decimal("108.5")
    assert len(str(document["computed_mg"]).replace(".", "")) == 50


def test_deviation_is_exact_in_mg_and_percent(cli: Cli) -> None:
    result = cli("check", *CAP, "--ordered", "129.36", "--json")
    assert '"deviation_mg": 6.16' in result.stdout
    assert '"deviation_pct": 5' in result.stdout


@pytest.mark.parametrize(
    ("tolerance", "ordered", "verdict", "effective"),
    [
        (None, "902", "ok", 10),  # isatuximab, a monoclonal antibody: 10% by class
        (None, "902.1", "flag", 10),
        ("3", "844.6", "ok", 3),  # the user's tolerance is lower: it wins
        ("3", "844.7", "flag", 3),
        ("20", "902.1", "flag", 10),  # the class never exceeds... nor does the user raise it
    ],
)
def test_the_class_tolerance_never_exceeds_the_users(
    cli: Cli, tolerance: str | None, ordered: str, verdict: str, effective: int
) -> None:
    args = ["--drug", "isatuximab", "-r", "isa-kd", "-w", "82", "--cycle", "1", "--day", "8"]
    if tolerance is not None:
        args += ["--tolerance", tolerance]
    _, document = check(cli, *args, "--ordered", ordered)
    assert document["verdict"] == verdict
    assert document["tolerance_pct"] == effective


def test_a_users_tolerance_applies_to_a_drug_without_a_class(cli: Cli) -> None:
    _, document = check(cli, *CAP, "--ordered", "133", "--tolerance", "8")
    assert document["verdict"] == "ok"
    assert document["tolerance_basis"] == "--tolerance 8"


@pytest.mark.parametrize("tolerance", ["60", "abc", "-1"])
def test_a_bad_tolerance_is_a_usage_error(cli: Cli, tolerance: str) -> None:
    error = one_error_line(cli("check", *CAP, "--ordered", "123", "--tolerance", tolerance), 2)
    assert "--tolerance" in error and "accepted" in error


# --- what a pharmacist checks ----------------------------------------------------


def test_the_carfilzomib_cap_decides_ok_and_flag(cli: Cli) -> None:
    """150 kg / 190 cm is 2.81 m²: carfilzomib is dosed on its 2.2 m² cap, 56 × 2.2 = 123.2."""
    result, document = check(cli, *CAP, "--ordered", "123.2")
    assert result.exit_code == 0 and document["verdict"] == "ok"
    assert any("2.2 m² cap of Carfilzomib" in note for note in document["notes"])
    result, document = check(cli, *CAP, "--ordered", "157.6")  # 56 × 2.81 m², uncapped
    assert result.exit_code == 1 and document["verdict"] == "flag"


def test_the_kidney_rule_decides_ok_and_flag(cli: Cli) -> None:
    args = ["--drug", "lenalidomide", "-r", "isa-vrd", "-w", "80", "--crcl", "45", "--cycle",
            "1", "--day", "1"]  # fmt: skip
    result, document = check(cli, *args, "--ordered", "10")
    assert result.exit_code == 0 and document["computed_mg"] == 10
    assert any("kidney rule, applied" in note for note in document["notes"])
    result, document = check(cli, *args, "--ordered", "25")
    assert result.exit_code == 1 and document["verdict"] == "flag"


def test_no_kidney_function_is_said_when_the_drug_has_a_kidney_rule(cli: Cli) -> None:
    _, document = check(cli, "--drug", "lenalidomide", "-r", "isa-vrd", "-w", "80", "--cycle",
                        "1", "--day", "1", "--ordered", "25")  # fmt: skip
    assert document["verdict"] == "ok"
    assert any(str(note).startswith("no kidney function given") for note in document["notes"])


POMALIDOMIDE = ("--drug", "pomalidomide", "-r", "isa-pd", "-w", "70", "--cycle", "1", "--day",
                "1")  # fmt: skip


@pytest.mark.parametrize(
    ("child_pugh", "ordered", "verdict"), [("C", "2", "ok"), ("C", "4", "flag"), ("A", "3", "ok")]
)
def test_the_child_pugh_class_decides_ok_and_flag_as_dose_applies_it(
    cli: Cli, child_pugh: str, ordered: str, verdict: str
) -> None:
    """pomalidomide's liver rule by Child-Pugh class, as `dose --child-pugh` (its own tests)."""
    _, document = check(cli, *POMALIDOMIDE, "--child-pugh", child_pugh, "--ordered", ordered)
    assert document["verdict"] == verdict
    assert document["order"]["child_pugh"] == child_pugh
    assert any(note.startswith("liver rule, applied") for note in document["notes"])


def test_without_a_child_pugh_class_the_full_dose_is_computed(cli: Cli) -> None:
    _, document = check(cli, *POMALIDOMIDE, "--ordered", "2")
    assert (document["verdict"], document["computed_mg"]) == ("flag", 4)


def test_the_bilirubin_band_sets_bortezomib_in_cycle_1(cli: Cli) -> None:
    args = ["--drug", "bortezomib", "-r", "isa-vrd", "-w", "150", "--height", "190", "--cycle",
            "1", "--day", "1"]  # fmt: skip
    _, moderate = check(cli, *args, "--hepatic", "moderate", "--ordered", "2")
    _, normal = check(cli, *args, "--ordered", "2")
    assert moderate["computed_mg"] < normal["computed_mg"]  # 0.7 instead of 1.3 mg/m²
    assert moderate["working"]["rule"].startswith("Moderate")
    assert moderate["order"]["hepatic"] == "moderate"


@pytest.mark.parametrize(("option", "value"), [("--child-pugh", "D"), ("--hepatic", "worse")])
def test_a_bad_liver_class_is_a_usage_error(cli: Cli, option: str, value: str) -> None:
    error = one_error_line(cli("check", *POMALIDOMIDE, "--ordered", "4", option, value), 2)
    assert option in error


def test_a_day_that_is_not_a_treatment_day_is_an_error_naming_the_days(cli: Cli) -> None:
    result = cli("check", *CAP[:-1], "3", "--ordered", "123.2")
    assert result.exit_code == 1
    assert "error" in result.stdout
    assert "not a treatment day of Carfilzomib" in result.stdout.replace("\n", " ")
    assert "1, 2, 8, 9, 15, 16" in result.stdout.replace("\n", " ")


def test_a_per_m2_drug_without_height_is_an_error(cli: Cli) -> None:
    result, document = check(cli, "--drug", "carfilzomib", "-r", "isa-kd", "-w", "150",
                             "--cycle", "1", "--day", "8", "--ordered", "123.2")  # fmt: skip
    assert result.exit_code == 1
    assert document["verdict"] == "error"
    assert "per m²" in str(document["reason"]) and "--height" in str(document["reason"])


@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("--drug", "aspirin"), "not a drug of isa-kd; accepted: isatuximab, carfilzomib"),
        (("-r", "isa-xyz"), "not a regimen"),
        (("-w", "abc"), "--weight 'abc' is not a number"),
        (("--cycle", "1.5"), "not a whole number"),
        (("--ordered", "0"), "greater than 0"),
    ],
)
def test_an_order_that_cannot_be_computed_is_an_error_saying_why(
    cli: Cli, change: tuple[str, str], says: str
) -> None:
    args = [*CAP, "--ordered", "123.2"]
    args[args.index(change[0]) + 1] = change[1]
    result, document = check(cli, *args)
    assert result.exit_code == 1
    assert document["verdict"] == "error"
    assert says in str(document["reason"])


def test_one_order_needs_its_options(cli: Cli) -> None:
    error = one_error_line(cli("check", "--drug", "carfilzomib", "-w", "80"), 2)
    assert "--regimen" in error and "--ordered" in error


def test_a_file_and_an_orders_options_are_refused_together(cli: Cli) -> None:
    one_error_line(cli("check", str(EXAMPLE), "--drug", "carfilzomib"), 2)


# --- files ------------------------------------------------------------------------


def write(tmp_path: Path, text: str | bytes, name: str = "orders.csv") -> str:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def verdicts(cli: Cli, path: str) -> list[tuple[str, str]]:
    result = cli("check", path, "--json")
    assert "Traceback" not in result.stderr
    orders = json.loads(result.stdout)["orders"]
    return [(order["verdict"], order["reason"]) for order in orders]


def test_malformed_rows_are_errors_naming_the_column_and_the_rest_go_on(
    cli: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + "A,carfilzomib,isa-kd,1,8,abc,190,,,123.2\n"
                 "B,carfilzomib,isa-kd,1,8,150,190,,maybe,123.2\n"
                 "C,carfilzomib,isa-kd,1,8,150,190,,,\n"
                 'D,carfilzomib,isa-kd,1,8,"150,5",190,,,123.2\n'
                 "E,carfilzomib,isa-kd,1,8,150,190,,,123.2,extra\n"
                 "F,carfilzomib,isa-kd,1,8,150,190,,,123.2\n")  # fmt: skip
    found = verdicts(cli, path)
    assert [verdict for verdict, _ in found] == ["error"] * 5 + ["ok"]
    assert "column weight_kg 'abc' is not a number" in found[0][1]
    assert "column dialysis 'maybe'" in found[1][1]
    assert "column ordered_dose is empty" in found[2][1]
    assert "column weight_kg '150,5' has a comma" in found[3][1]
    assert "the row has 11 cells and the header 10 columns" in found[4][1]


def test_liver_columns_apply_and_a_bad_class_is_an_error_row_naming_it(
    cli: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, "drug,regimen,cycle,day,weight_kg,hepatic,child_pugh,ordered_dose\n"
                 "pomalidomide,isa-pd,1,1,70,,c,2\n"  # a class in lower case is read
                 "pomalidomide,isa-pd,1,1,70,,D,2\n"
                 "pomalidomide,isa-pd,1,1,70,,,4\n"  # empty: no liver impairment given
                 "bortezomib,isa-vrd,1,1,70,worse,,1\n")  # fmt: skip
    assert verdicts(cli, path) == [
        ("ok", "within 5% (0%)"),
        ("error", "column child_pugh 'D' is not accepted; accepted: A, B, C"),
        ("ok", "within 5% (0%)"),
        ("error", "column hepatic 'worse' is not accepted; accepted: mild, moderate, severe"),
    ]


def test_a_bom_semicolons_decimal_commas_and_excels_quoting_are_read(
    cli: Cli, tmp_path: Path
) -> None:
    text = HEADER.replace(",", ";") + '"A";carfilzomib;isa-kd;1;8;"150,0";190;;;="123,2"\n'
    path = write(tmp_path, "\ufeff".encode() + text.encode())
    assert verdicts(cli, path) == [("ok", "within 5% (0%)")]


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02binary\xff\xfe", "not a UTF-8 text file"),
        (b"\x00\x00\x00\x00", "is a binary file"),
        (b"drug,regimen,cycle\nisatuximab,isa-kd,1\n", "the header row lacks day, weight_kg"),
        (HEADER.encode() + b"\n,,,\n", "has a header row and no orders"),
    ],
)
def test_an_unreadable_file_is_exit_2_with_one_line(
    cli: Cli, tmp_path: Path, content: bytes, says: str
) -> None:
    assert says in one_error_line(cli("check", write(tmp_path, content)), 2)


def test_a_cycle_beyond_any_schedule_is_an_error_row_naming_the_cycle(
    cli: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + "A,isatuximab,isa-kd,5000,1,70,,,,700\n")
    assert verdicts(cli, path) == [
        ("error", "column cycle 5000 is out of range; accepted: 1 to 1,000")
    ]


def test_a_patient_id_longer_than_dose_takes_is_an_error_row(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "A" * 65 + ",isatuximab,isa-kd,1,8,82,,,,820\n")
    assert verdicts(cli, path) == [
        ("error", "column patient is 65 characters long; accepted: at most 64 (initials or a "
                  "record number, e.g. AB-1234)")
    ]  # fmt: skip


def test_control_characters_in_a_cell_are_removed_before_the_columns_are_laid_out(
    cli: Cli, tmp_path: Path
) -> None:
    path = write(tmp_path, HEADER + '"\x1b[31mAB\x1b[0m",isatuximab,isa-kd,1,8,82,,,,820\n')
    result = cli("check", path)
    assert "\x1b" not in result.stdout
    assert result.stdout.splitlines()[1].startswith("AB       isatuximab")  # the column lines up


def test_a_missing_file_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    assert "cannot be read" in one_error_line(cli("check", str(tmp_path / "none.csv")), 2)


def test_the_file_is_read_one_row_at_a_time() -> None:
    """The reader pulls lines as rows are asked for: memory for one row, not the file."""

    class Counting(io.StringIO):
        lines_read = 0

        def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
            Counting.lines_read += 1
            return super().readline(size if size is not None else -1)

    body = "".join(f"P{n},carfilzomib,isa-kd,1,8,150,190,,,123.2\n" for n in range(10_000))
    opened = open_orders(Counting(HEADER + body), "orders.csv")
    first = next(opened.rows)
    assert first.order.patient == "P0"
    assert Counting.lines_read < 100  # the sniffed start and a line: never the 10,000


def test_10000_rows_stream_to_csv(cli: Cli, tmp_path: Path) -> None:
    body = "".join(
        f"P{n % 50},carfilzomib,isa-kd,1,8,{100 + n % 50},190,,,{'123.2' if n % 2 else '200'}\n"
        for n in range(10_000)
    )
    result = cli("check", write(tmp_path, HEADER + body), "--csv")
    assert result.exit_code == 1  # half are flags
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 10_000
    assert [row["verdict"] for row in rows[:2]] == ["flag", "ok"]
    assert sum(row["verdict"] == "ok" for row in rows) == 5_000
    assert rows[-1]["patient"] == "P49" and rows[-1]["computed_mg"] == "123.2"


def test_csv_output_keeps_the_input_columns_and_adds_the_results(cli: Cli) -> None:
    result = cli("check", str(EXAMPLE), "--csv")
    header, first = result.stdout.splitlines()[:2]
    assert header == (EXAMPLE.read_text(encoding="utf-8").splitlines()[0]
                      + ",computed_mg,deviation_mg,deviation_pct,verdict,reason")  # fmt: skip
    assert first.endswith(",820,0,0,ok,within 10% (0%)")


@pytest.mark.parametrize(("name", "args"), [
    ("check-orders-example.txt", ("--width", "80", "check", "orders-example.csv")),
    ("check-orders-example.json", ("check", "orders-example.csv", "--json")),
])  # fmt: skip
def test_golden_text_and_json_of_the_example_file(
    cli: Cli, monkeypatch: pytest.MonkeyPatch, name: str, args: tuple[str, ...]
) -> None:
    monkeypatch.chdir(EXAMPLE.parent)
    result = cli(*args)
    assert result.exit_code == 1  # the example holds a flag and an error on purpose
    golden = GOLDEN / name
    if os.environ.get("MEDCLI_UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


CHECK_KEYS = {
    "row", "order", "verdict", "reason", "ordered_mg", "computed_mg", "deviation_mg",
    "deviation_pct", "tolerance_pct", "tolerance_basis", "treatment_days", "notes", "working",
    "warnings", "vial_rounding", "band",
}  # fmt: skip
ORDER_KEYS = {
    "drug", "regimen", "cycle", "day", "weight_kg", "ordered_dose", "ordered_unit", "patient",
    "height_cm", "age", "crcl", "creatinine", "sex", "dialysis", "hepatic", "child_pugh",
    "bsa_formula",
}  # fmt: skip


@pytest.mark.parametrize("ordered", ["123.2", "157.6", "0"])
def test_every_verdict_has_the_same_keys(cli: Cli, ordered: str) -> None:
    """ok, flag and error documents alike: scripts read one shape (README: check)."""
    _, document = check(cli, *CAP, "--ordered", ordered)
    assert set(document) == CHECK_KEYS
    assert set(document["order"]) == ORDER_KEYS


def test_a_files_document_is_the_file_and_one_document_per_row(cli: Cli) -> None:
    result = cli("check", str(EXAMPLE), "--json")
    document = json.loads(result.stdout)
    assert set(document) == {"file", "orders"}
    assert [order["row"] for order in document["orders"]] == [2, 3, 4, 5, 6, 7]
    assert all(set(order) == CHECK_KEYS for order in document["orders"])


# --- whole vials and bands: rounding the pharmacy accepts ---------------------------

ISATUXIMAB = ("--drug", "isatuximab", "-r", "isa-kd", "-w", "82", "--cycle", "1", "--day", "8")
CARFILZOMIB = ("--drug", "carfilzomib", "-r", "isa-kd", "-w", "82", "--height", "178", "--cycle",
               "1", "--day", "8")  # 112.76 mg  # fmt: skip
BANDS = "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,109.99,105\ncarfilzomib,110,119.99,115\n"


@pytest.mark.parametrize(
    ("ordered", "extra", "verdict", "code"),
    [
        ("800", (), "rounded", 0),  # the whole-vial dose below 820 mg: -2.44%
        ("820", (), "ok", 0),  # the computed dose itself is never "rounded"
        ("810", (), "ok", 0),  # no whole-vial dose: the class's 10% decides
        ("900", ("--tolerance", "5"), "flag", 1),  # whole vials above, but +9.76% is over 5%
        ("800", ("--round-to-vial", "2"), "ok", 0),  # -2.44% is over 2%: the tolerance decides
    ],
)
def test_an_order_of_the_next_whole_vials_within_the_percent_is_rounded(
    cli: Cli, ordered: str, extra: tuple[str, ...], verdict: str, code: int
) -> None:
    rounding = () if "--round-to-vial" in extra else ("--round-to-vial", "5")
    result, document = check(cli, *ISATUXIMAB, "--ordered", ordered, *rounding, *extra)
    assert (document["verdict"], result.exit_code) == (verdict, code)
    assert document["vial_rounding"]["below_mg"] == 800
    assert document["vial_rounding"]["above_mg"] == 900
    if verdict == "rounded":
        assert document["reason"] == (
            "whole vials next to the computed dose, -2.44% within --round-to-vial 5%"
        )


def test_without_round_to_vial_nothing_is_rounded(cli: Cli) -> None:
    _, document = check(cli, *ISATUXIMAB, "--ordered", "800")
    assert (document["verdict"], document["vial_rounding"]) == ("ok", None)


def test_a_partner_drug_without_vials_is_checked_by_the_tolerance_and_says_so(cli: Cli) -> None:
    _, document = check(cli, *CARFILZOMIB, "--ordered", "100", "--round-to-vial", "50")
    assert document["verdict"] == "flag"
    assert "--round-to-vial: the sources list no vials of Carfilzomib" in document["notes"][-1]


@pytest.mark.parametrize("percent", ["0", "60", "abc"])
def test_a_bad_round_to_vial_is_a_usage_error(cli: Cli, percent: str) -> None:
    error = one_error_line(
        cli("check", *ISATUXIMAB, "--ordered", "800", "--round-to-vial", percent), 2
    )
    assert "--round-to-vial" in error


def test_a_file_counts_rounded_orders_and_exits_0(cli: Cli, tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "A,isatuximab,isa-kd,1,8,82,,,,800\n"
                 "B,isatuximab,isa-kd,1,8,82,,,,820\n")  # fmt: skip
    result = cli("--width", "100", "check", path, "--round-to-vial", "5")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "2 orders: 1 ok, 1 rounded, 0 flag, 0 error"


@pytest.mark.parametrize(
    ("name", "table"),
    [
        ("bands.csv", BANDS),
        ("bands.yaml", "- drug: Carfilzomib\n  from_mg: 110\n  to_mg: 119.99\n  banded_mg: 115\n"),
    ],
)
def test_an_order_of_the_bands_dose_is_banded(
    cli: Cli, tmp_path: Path, name: str, table: str
) -> None:
    bands = write(tmp_path, table, name)
    result, document = check(cli, *CARFILZOMIB, "--ordered", "115", "--bands", bands)
    assert (document["verdict"], result.exit_code) == ("banded", 0)
    assert document["band"]["banded_mg"] == 115
    assert document["reason"].startswith("band 110 to 119.99 mg → 115 mg (")


def test_an_order_that_is_not_the_bands_dose_is_judged_by_the_tolerance(
    cli: Cli, tmp_path: Path
) -> None:
    bands = write(tmp_path, BANDS, "bands.csv")
    _, near = check(cli, *CARFILZOMIB, "--ordered", "112", "--bands", bands)
    _, other_band = check(cli, *CARFILZOMIB, "--ordered", "105", "--bands", bands)
    assert near["verdict"] == "ok"  # -0.67%
    assert other_band["verdict"] == "flag"  # the next band down's dose: -6.88%


def test_a_dose_in_no_band_and_a_drug_without_bands_say_so(cli: Cli, tmp_path: Path) -> None:
    bands = write(tmp_path, "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110,105\n", "b.csv")
    _, gap = check(cli, *CARFILZOMIB, "--ordered", "112", "--bands", bands)
    assert gap["band"] is None
    assert "no band of Carfilzomib in" in gap["notes"][-1] and "112.76 mg" in gap["notes"][-1]
    _, other = check(cli, *ISATUXIMAB, "--ordered", "820", "--bands", bands)
    assert "has no bands of Isatuximab" in other["notes"][-1]


@pytest.mark.parametrize(
    ("name", "table", "says"),
    [
        ("b.csv", "drug,from_mg,banded_mg\ncarfilzomib,100,105\n", "lacks to_mg"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,abc,105\n", "to_mg 'abc'"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110,1050\n",
         "line 2: banded_mg 1050 is outside 100 to 110 mg"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\ncarfilzomib,110,100,105\n", "below from_mg"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110,105\ncarfilzomib,110,120,"
         "115\n", "overlaps"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\n", "holds no bands"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\n,100,110,105\n", "drug is empty"),
        ("b.csv", "drug,from_mg,to_mg,banded_mg\ncarfilzomib,100,110\n", "3 cells"),
        ("b.yaml", "- drug: [unclosed\n", "not valid YAML"),
        ("b.yaml", "drug: carfilzomib\n", "not a list of bands"),
    ],
)  # fmt: skip
def test_a_bad_band_table_is_exit_2_with_one_line(
    cli: Cli, tmp_path: Path, name: str, table: str, says: str
) -> None:
    bands = write(tmp_path, table, name)
    error = one_error_line(cli("check", *CARFILZOMIB, "--ordered", "115", "--bands", bands), 2)
    assert "--bands" in error and says in error


def test_a_missing_band_table_is_exit_2(cli: Cli, tmp_path: Path) -> None:
    missing = str(tmp_path / "none.csv")
    error = one_error_line(cli("check", str(EXAMPLE), "--bands", missing), 2)
    assert "cannot be read" in error


# --- progress on a terminal ----------------------------------------------------------


def test_progress_is_one_line_rewritten_on_a_terminal_and_erased_at_the_end() -> None:
    from rich.console import Console

    from medcli.render.check import PROGRESS_EVERY, with_progress

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=40)
    items = list(with_progress(console, range(2 * PROGRESS_EVERY + 1), lambda n: f"{n:,} orders"))
    assert items == list(range(2 * PROGRESS_EVERY + 1))
    assert screen.getvalue() == (
        f"\r{PROGRESS_EVERY:,} orders\x1b[K\r{2 * PROGRESS_EVERY:,} orders\x1b[K\r\x1b[K"
    )


def test_progress_is_erased_when_the_run_stops_early_and_says_no_escape_from_a_name() -> None:
    from rich.console import Console

    from medcli.render.check import PROGRESS_EVERY, with_progress

    screen = io.StringIO()
    console = Console(file=screen, force_terminal=True, width=40)
    rows = with_progress(console, range(10 * PROGRESS_EVERY), lambda n: "\x1b]0;x\x07 checking")
    for _ in range(PROGRESS_EVERY):
        next(rows)
    rows.close()  # an interrupt, or stdout's reader gone
    assert screen.getvalue().endswith("\r\x1b[K")
    assert "\x1b]" not in screen.getvalue()


def test_no_progress_when_stderr_is_not_a_terminal(cli: Cli, tmp_path: Path) -> None:
    from rich.console import Console

    from medcli.render.check import with_progress

    screen = io.StringIO()
    assert list(with_progress(Console(file=screen), range(2000), str)) == list(range(2000))
    assert screen.getvalue() == ""
    body = "".join(f"P{n},isatuximab,isa-kd,1,8,82,,,,820\n" for n in range(1_200))
    result = cli("check", write(tmp_path, HEADER + body), "--csv")
    assert result.exit_code == 0 and result.stderr == ""


def test_a_files_banded_and_rounded_orders_pass_in_csv(cli: Cli, tmp_path: Path) -> None:
    bands = write(tmp_path, BANDS, "bands.csv")
    path = write(tmp_path, HEADER + "A,carfilzomib,isa-kd,1,8,82,178,,,115\n"
                 "B,isatuximab,isa-kd,1,8,82,,,,800\n")  # fmt: skip
    result = cli("check", path, "--csv", "--bands", bands, "--round-to-vial", "5")
    assert result.exit_code == 0, result.stdout
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["verdict"] for row in rows] == ["banded", "rounded"]
    assert rows[0]["reason"].startswith("band 110 to 119.99 mg → 115 mg (")
