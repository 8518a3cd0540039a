"""The public read API against the seeded table on moto, through Chalice's test client."""

from __future__ import annotations

import json
from typing import Any

from chalice.test import Client


def get(api: Client, path: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any], Any]:
    response = api.http.get(path, headers=headers or {})
    body = json.loads(response.body) if response.body else None
    return response.status_code, response.headers, body


def test_lookup_section_1_in_2021_returns_acambay_council_with_its_7_slates_in_ballot_order(
    api: Client,
) -> None:
    # Given the seeded 2021 ordinary process
    # When a voter of section 1 asks who ran there in 2021
    status, _, body = get(api, "/v1/lookup?section=1&process=2021-ord")
    # Then they get Acambay's council ballot with its 7 registered slates in ballot order
    assert status == 200
    assert body["section"]["municipality_name"] == "Acambay de Ruíz Castañeda"
    (result,) = body["results"]
    council = next(b for b in result["ballots"] if b["office"] == "ayuntamiento")
    assert council["id"] == "2021-ord.ayun.001"
    assert council["place"]["name"] == "Acambay de Ruíz Castañeda"
    assert len(council["candidacies"]) == 7
    orders = [c["ballot_order"] for c in council["candidacies"]]
    assert orders == sorted(orders)
    assert council["candidacies"][0]["contender_id"] == "pan"
    assert council["candidacies"][0]["owner"] == "JORGE PLATA FLORES"
    assert all(c["id"] and c["contender_id"] and c["substitute"] for c in council["candidacies"])


def test_2021_district_ballot_says_the_registry_is_not_published_here_instead_of_looking_empty(
    api: Client,
) -> None:
    status, _, body = get(api, "/v1/lookup?section=1&process=2021-ord")
    assert status == 200
    district = next(b for b in body["results"][0]["ballots"] if b["office"] == "diputacion_mr")
    assert district["id"] == "2021-ord.dip.04"
    assert district["registry_status"] == "not_published_here"
    assert "no está publicado" in district["registry_note"]
    assert district["candidacies"] == []


def test_lookup_without_process_answers_with_the_drill_for_any_section(api: Client) -> None:
    for section in (1, 2243, 3000, 6498):
        status, _, body = get(api, f"/v1/lookup?section={section}")
        assert status == 200, section
        (result,) = body["results"]
        assert result["process"]["id"] == "simulacro"
        assert result["process"]["is_drill"] is True
        assert result["process"]["phase"]["code"] == "campaign"
        assert result["ballots"], section
        assert all(c["fictional"] for b in result["ballots"] for c in b["candidacies"])


def test_section_without_municipality_in_the_source_gets_only_its_district_and_a_notice(api: Client) -> None:
    status, _, body = get(api, "/v1/lookup?section=2243")
    assert status == 200
    (result,) = body["results"]
    assert [b["office"] for b in result["ballots"]] == ["diputacion_mr"]
    assert "no asigna municipio" in result["notice"]


def test_section_the_source_leaves_unassigned_gets_a_notice_not_an_empty_page(api: Client) -> None:
    status, _, body = get(api, "/v1/lookup?section=826")
    assert status == 200
    assert body["results"][0]["ballots"] == []
    assert "ni distrito" in body["results"][0]["notice"]


def test_unknown_section_is_404_and_explains_where_the_number_is_on_the_voter_card(api: Client) -> None:
    status, headers, body = get(api, "/v1/lookup?section=9999")
    assert status == 404
    assert body["error"]["code"] == "section_not_found"
    assert "credencial para votar" in body["error"]["message"]
    assert body["error"]["details"] == {"field": "section"}
    assert headers["Cache-Control"] == "no-store"


def test_malformed_lookups_are_400_naming_the_field(api: Client) -> None:
    for query, field in [
        ("section=abc", "section"),
        ("section=0", "section"),
        ("municipality=1a", "municipality"),
        ("district=100", "district"),
        ("section=1&process=NO", "process"),
        ("section=1&color=red", "color"),
    ]:
        status, _, body = get(api, f"/v1/lookup?{query}")
        assert status == 400, query
        assert body["error"]["code"] == "invalid_request"
        assert field in [f["field"] for f in body["error"]["details"]["fields"]], query


def test_lookup_needs_exactly_one_place(api: Client) -> None:
    status, _, body = get(api, "/v1/lookup?section=1&municipality=001")
    assert status == 400
    assert "exactamente uno" in body["error"]["details"]["fields"][0]["message"]
    status, _, _ = get(api, "/v1/lookup")
    assert status == 400


def test_unknown_process_municipality_and_district_are_404(api: Client) -> None:
    assert get(api, "/v1/lookup?section=1&process=1990-ord")[2]["error"]["code"] == "process_not_found"
    assert get(api, "/v1/lookup?municipality=126")[2]["error"]["code"] == "municipality_not_found"
    assert get(api, "/v1/lookup?district=46")[2]["error"]["code"] == "district_not_found"


def test_lookup_by_municipality_and_by_district(api: Client) -> None:
    status, _, body = get(api, "/v1/lookup?municipality=25&process=2021-ord")
    assert status == 200
    assert body["municipality"]["name"] == "Cuautitlán Izcalli"
    assert body["municipality"]["inegi_code"] == "121"
    assert [b["id"] for b in body["results"][0]["ballots"]] == ["2021-ord.ayun.025"]
    status, _, body = get(api, "/v1/lookup?district=4")
    assert status == 200
    assert "escenario 3" in body["district"]["numbering_note"]
    assert [b["id"] for b in body["results"][0]["ballots"]] == ["simulacro.dip.04"]


def test_annulled_2021_councils_point_to_their_extraordinary_elections(api: Client) -> None:
    _, _, body = get(api, "/v1/ballots/2021-ord.ayun.059")
    assert body["ballot"]["status"] == "annulled"
    assert body["ballot"]["replaced_by"] == "2021-ext-nextlalpan.ayun.059"
    _, _, body = get(api, "/v1/ballots/2021-ord.ayun.015")
    assert body["ballot"]["replaced_by"] == "2022-ext-atlautla.ayun.015"
    _, _, body = get(api, "/v1/lookup?municipality=059&process=2021-ext-nextlalpan")
    (ballot,) = body["results"][0]["ballots"]
    assert ballot["replaces"] == "2021-ord.ayun.059"
    assert ballot["registry_status"] == "partial"


def test_atlautla_lists_its_eight_slates_with_unknown_substitutes_marked_unknown(api: Client) -> None:
    status, _, body = get(api, "/v1/lookup?section=1&process=2022-ext-atlautla")
    assert status == 200
    assert body["results"][0]["ballots"] == []  # section 1 is in Acambay, outside Atlautla's scope
    assert body["results"][0]["notice"]
    _, _, body = get(api, "/v1/ballots/2022-ext-atlautla.ayun.015")
    candidacies = body["ballot"]["candidacies"]
    assert len(candidacies) == 8
    assert all(c["substitute"] is None and "substitute" in c["unknown_fields"] for c in candidacies)
    assert {c["contender_id"] for c in candidacies} >= {"pri-pan", "morena-pt", "prd", "fxm"}
    assert body["process"]["kind"] == "extraordinary"


def test_processes_list_each_with_its_current_phase_and_when_it_ends(api: Client) -> None:
    status, _, body = get(api, "/v1/processes")
    assert status == 200
    phases = {p["id"]: p["phase"] for p in body["processes"]}
    assert set(phases) == {"2021-ord", "2021-ext-nextlalpan", "2022-ext-atlautla", "simulacro"}
    assert phases["2021-ord"]["code"] == "closed"
    assert phases["simulacro"]["code"] == "campaign"
    assert phases["simulacro"]["ends_at"].startswith("2026-12-13T00:00:00")  # veda: 3 days before the 16th
    status, _, body = get(api, "/v1/processes/2021-ord")
    assert body["calendar"]["veda_start"] == "2021-06-03T00:00:00-05:00"
    assert get(api, "/v1/processes/nope")[0] == 404


def test_candidacy_ballot_parties_municipalities_and_districts(api: Client) -> None:
    status, _, body = get(api, "/v1/candidacies/2021-ord.ayun.001.pri")
    assert status == 200
    assert body["candidacy"]["owner"] == "MARIBEL ALCANTARA NUÑEZ"
    assert body["contender"]["name"] == "Partido Revolucionario Institucional"
    assert get(api, "/v1/candidacies/2021-ord.ayun.001.zzz")[0] == 404
    assert get(api, "/v1/ballots/2021-ord.ayun.999")[0] == 404
    _, _, body = get(api, "/v1/parties?process=2021-ord")
    ids = [c["id"] for c in body["contenders"]]
    assert ids[:4] == ["pan", "pan-pri-prd", "pri", "prd"]  # a coalition just after its first member
    assert "pan-pri-prd" in ids and sum(i.startswith("ind-") for i in ids) == 15
    assert get(api, "/v1/parties")[0] == 400
    _, _, body = get(api, "/v1/municipalities")
    assert len(body["municipalities"]) == 125
    _, _, body = get(api, "/v1/districts")
    assert len(body["districts"]) == 45
    assert "no la numeración oficial" in body["section_map"]["numbering_note"]


def test_public_gets_send_cache_control_and_a_strong_etag_and_if_none_match_gets_304(api: Client) -> None:
    for path in [
        "/v1/lookup?section=1",
        "/v1/processes",
        "/v1/ballots/2021-ord.ayun.001",
        "/v1/municipalities",
    ]:
        status, headers, _ = get(api, path)
        assert status == 200
        etag = headers["ETag"]
        assert etag.startswith('"') and not etag.startswith("W/")
        assert "max-age=60" in headers["Cache-Control"]
        assert "stale-if-error=86400" in headers["Cache-Control"]  # a CDN copy outlives a backend outage
        response = api.http.get(path, headers={"If-None-Match": etag})
        assert response.status_code == 304, path
        assert response.body in (b"", "")
        assert get(api, path, {"If-None-Match": '"stale"'})[0] == 200
