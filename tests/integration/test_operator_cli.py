"""The `decide` operator commands against moto: import-registry (report, progress, idempotence),
mailbox and redrive."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chalicelib.storage.election_store import ElectionStore
from decide.cli import main
from decide.geography_seed import data_file
from decide.seed import REGISTRY_2021
from tests.integration.conftest import TABLE


def item_count(store: ElectionStore) -> int:
    paginator = store.table.client.get_paginator("scan")
    return sum(page["Count"] for page in paginator.paginate(TableName=TABLE, Select="COUNT"))


def test_import_registry_reports_each_bad_row_and_a_second_import_duplicates_nothing(
    seeded: ElectionStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Given the real registry plus two bad rows
    registry = tmp_path / "registro.csv"
    registry.write_text(
        data_file(REGISTRY_2021)
        + "999,999,Nada,Ayuntamientos,Presidencia,pan,PAN,partido,ANA UNO,BEA DOS,no\n"
        + "2,001,001,Acambay,Ayuntamientos,Presidencia,pan,PAN,partido,OTRA PERSONA,,no\n",
        encoding="utf-8",
    )
    before = item_count(seeded)
    # When the operator imports it
    code = main(["import-registry", str(registry), "--process", "2021-ord"])
    out = capsys.readouterr()
    # Then the report names each bad line, field and reason; the valid rows are imported
    assert code == 1
    assert "line 954: ine_mun: No existe el municipio «999»" in out.out
    assert "line 955: suplente: Falta el nombre de la persona suplente." in out.out
    assert "line 955: propietario: «pan» ya tiene una fórmula en esta elección" in out.out
    assert "952 of 954 rows imported into 125 ballots" in out.out
    assert "importando" in out.err  # the progress bar
    # And importing again changes no item count (re-import updates, never duplicates)
    assert item_count(seeded) == before
    assert main(["import-registry", str(registry), "--process", "2021-ord"]) == 1
    assert item_count(seeded) == before
    assert main(["import-registry", str(registry), "--process", "nada"]) == 2


def test_mailbox_prints_the_local_copies_as_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "mailbox"
    folder.mkdir()
    (folder / "1-a.json").write_text(
        json.dumps({"to": "a@x.mx", "subject": "Hola", "text": "t", "html": "h", "kind": "k", "message_id": "m"})
    )
    assert main(["mailbox", "--dir", str(folder), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["subject"] == "Hola"


def test_import_results_prints_each_refused_row_and_rewrites_the_same_results(
    seeded: ElectionStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from decide.results_seed import RESULTS_2021

    results = tmp_path / "resultados.csv"
    results.write_text(data_file(RESULTS_2021) + "999,999,Nada,1,,,,,,,,,,,,,,,1,,,,,,\n", encoding="utf-8")
    before = item_count(seeded)
    code = main(["import-results", str(results), "--process", "2021-ord"])
    out = capsys.readouterr()
    assert code == 1
    assert "line 127: ine_mun: municipality '999' is not in the scope of 2021-ord" in out.out
    assert "125 of 126 rows imported (125 ballot results); 1 issues" in out.out
    assert "mc, which has no slate on 2021-ord.ayun.001 in the registry (imported)" in out.out
    assert item_count(seeded) == before  # the seeded results rewritten, nothing added
    assert main(["import-results", str(results), "--process", "nada"]) == 2
