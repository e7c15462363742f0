"""The library's sources merged once: a file and the label stores, asked the same questions."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import Cli, minimal_monograph
from tests.label_fixtures import answer, record


def _import_labels(cli: Cli, folder: Path, count: int) -> None:
    """*count* invented labels, each its own product, all of the brand "Zentaro"."""
    labels = [
        record(
            set_id=f"set-{number}",
            id=f"version-{number}",
            openfda={
                **record()["openfda"],
                "generic_name": [f"ZENTA{number}MAB"],
                "application_number": [f"BLA98{number:04d}"],
            },
        )
        for number in range(count)
    ]
    (folder / "bulk.json").write_bytes(answer(*labels))
    assert cli("import", str(folder / "bulk.json")).exit_code == 0


def test_a_file_takes_the_place_of_a_stored_label_of_its_id_in_every_command(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    _import_labels(cli, tmp_path, 3)
    (user_library / "zenta1mab.yaml").write_text(
        minimal_monograph("zenta1mab", "Handmade", aliases=["Zentaro"], usage="Zentaro by hand."),
        encoding="utf-8",
    )
    assert cli("show", "zenta1mab").stdout.startswith("Handmade")
    # The labels' shared brand names three products; the file answers before any label.
    assert cli("show", "Zentaro").stdout.startswith("Handmade")
    listed = json.loads(cli("list", "--json").stdout)["monographs"]
    assert [item["name"] for item in listed if item["id"] == "zenta1mab"] == ["Handmade"]
    assert {"zenta0mab", "zenta2mab"} <= {item["id"] for item in listed}
    hits = json.loads(cli("search", "Zentaro", "--json").stdout)["results"]
    assert [hit["name"] for hit in hits if hit["id"] == "zenta1mab"] == ["Handmade"]
    assert {"zenta0mab", "zenta2mab"} <= {hit["id"] for hit in hits}
    drugs = json.loads(cli("side-effects", "--all-drugs", "--json").stdout)["drugs"]
    ids = [drug["drug"] for drug in drugs]
    assert "zenta1mab" not in ids and {"zenta0mab", "zenta2mab"} <= set(ids)  # no effects: none


def test_a_name_several_files_share_is_ambiguous_even_beside_a_label_store(
    cli: Cli, tmp_path: Path, user_library: Path
) -> None:
    _import_labels(cli, tmp_path, 1)
    for drug in ("handone", "handtwo"):
        (user_library / f"{drug}.yaml").write_text(
            minimal_monograph(drug, aliases=["Handshared"]), encoding="utf-8"
        )
    result = cli("show", "Handshared")
    assert result.exit_code == 1 and result.stdout == ""
    assert "'Handshared' matches more than one drug" in result.stderr
    assert "did you mean: handone, handtwo?" in result.stderr
