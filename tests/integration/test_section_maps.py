"""Loading an official section map: validation with a row-level report, all or nothing, idempotent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore
from decide.cli import main
from tests.integration.identities import Identities

GOOD = "seccion,ine_mun,distrito_local\n1,001,13\n2,001,13\n3,002,7\n4,001,7\n"
MAP = {
    "id": "ieem-oficial-prueba",
    "name": "Secciones con la numeración oficial (prueba)",
    "numbering": "ieem-oficial",
    "numbering_note": "Numeración oficial de los distritos locales (archivo de prueba).",
    "source": "Archivo de prueba de la suite",
}


def post(api: Client, token: str, body: dict[str, str]) -> tuple[int, dict[str, object]]:
    response = api.http.post(
        "/v1/admin/section-maps",
        headers={"Content-Type": "application/json", **Identities.bearer(token)},
        body=json.dumps(body),
    )
    return response.status_code, json.loads(response.body)


def test_an_official_section_map_loads_as_a_new_version_naming_its_numbering(
    api: Client, identities: Identities, seeded: ElectionStore
) -> None:
    admin = identities.user("mapas-admin@ieem.mx", role="ieem_admin")
    status, report = post(api, admin, MAP | {"csv": GOOD})
    assert status == 200, report
    assert (report["sections_written"], report["districts_written"], report["issues"]) == (4, 2, [])
    section_map = seeded.get_section_map("ieem-oficial-prueba")
    assert section_map is not None and section_map.numbering == "ieem-oficial" and section_map.section_count == 4
    districts = {d.number: d for d in seeded.list_districts("ieem-oficial-prueba")}
    assert set(districts) == {7, 13} and all(d.numbering == "ieem-oficial" for d in districts.values())
    # Acambay (001) has 3 sections here: 2 in district 13, 1 in 7; Acolman (002) is whole in 7
    assert [(m.code, m.sections, m.whole) for m in districts[7].municipalities] == [("001", 1, False), ("002", 1, True)]
    # the seeded draft map is untouched and names its own numbering
    assert seeded.get_section_map("ine2016-esc3").numbering == "ine2016-escenario3"  # type: ignore[union-attr]
    # again: same keys, same report
    assert post(api, admin, MAP | {"csv": GOOD}) == (200, report)
    assert len(seeded.list_districts("ieem-oficial-prueba")) == 2


def test_a_bad_section_map_is_reported_line_by_line_and_nothing_is_written(
    api: Client, identities: Identities, seeded: ElectionStore
) -> None:
    admin = identities.user("mapas-admin2@ieem.mx", role="ieem_admin")
    bad = "seccion,ine_mun,distrito_local\n1,001,13\nx,001,13\n1,001,13\n5,999,2\n6,001,0\n"
    status, report = post(api, admin, MAP | {"id": "mapa-malo", "csv": bad})
    assert status == 200
    issues = [(i["line"], i["field"]) for i in report["issues"]]  # type: ignore[union-attr]
    assert issues == [(3, "seccion"), (4, "seccion"), (5, "ine_mun"), (6, "distrito_local")]
    assert "también está en el renglón 2" in report["issues"][1]["reason"]  # type: ignore[index]
    assert report["sections_written"] == 0
    assert seeded.get_section_map("mapa-malo") is None
    # only the institute may load a map; a bad numbering name is a 400 naming the field
    citizen = identities.user("mapas-ciudadana@example.mx", role="citizen")
    assert post(api, citizen, MAP | {"csv": GOOD})[0] == 403
    status, body = post(api, admin, MAP | {"numbering": "Oficial!", "csv": GOOD})
    assert status == 400
    assert [f["field"] for f in body["error"]["details"]["fields"]] == ["numbering"]  # type: ignore[index]


def test_the_operator_command_shows_progress_and_the_report(
    seeded: ElectionStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "secciones.csv"
    table.write_text(GOOD, encoding="utf-8")
    args = ["import-section-map", str(table), "--id", "ieem-oficial-cli", "--name", "Mapa de prueba"]
    args += ["--numbering", "ieem-oficial", "--numbering-note", "Numeración oficial.", "--source", "prueba"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert "secciones" in out.err  # the progress bar
    assert "map ieem-oficial-cli (ieem-oficial): 4 of 4 sections, 2 districts written; 0 issues" in out.out
    assert main(args) == 0  # idempotent
    assert len(seeded.list_districts("ieem-oficial-cli")) == 2
