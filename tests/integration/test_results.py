"""Results (issue 16): the 2021 council counts are seeded and read with each ballot; the institute
imports a process's results with a per-row report once polls close; open data of the votes."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from chalice.test import Client

from chalicelib import dependencies
from chalicelib.storage.election_store import ElectionStore
from decide.geography_seed import data_file
from decide.results_seed import RESULTS_2021
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers

WINNER_CODES = {"PAN-PRI-PRD": "pan-pri-prd", "PT-MORENA-NAEM": "pt-morena-pna"}
# The drill's election day is the seed day + 20 (2026-12-16); polls close at 18:00 local.
AFTER_DRILL_COUNT = datetime(2026, 12, 17, 18, 0, tzinfo=UTC)
DRILL_RESULTS = (
    "ine_mun,pfa,pfr-pfm,pfv,independiente_1,votos_efectivos,no_registrados,nulos,total,lista_nominal,ganador\n"
    "1,1200,3400,800,100,5500,10,90,5600,9000,pfr-pfm\n"
)


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def at(moment: datetime) -> None:
    now = dependencies.current()
    dependencies.use(
        dependencies.Dependencies(settings=now.settings, store=now.store, clock=lambda: moment, verifier=now.verifier)
    )


def rows_2021() -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data_file(RESULTS_2021))))


def test_every_2021_council_winner_is_the_data_files_winner(api: Client) -> None:
    rows = rows_2021()
    assert len(rows) == 125
    for row in rows:
        view = api.http.get(f"/v1/ballots/2021-ord.ayun.{row['ine_mun']}").json_body
        result = view["result"]
        expected = WINNER_CODES.get(row["ganador"], row["ganador"].lower()) or None
        assert result is not None, row["municipio"]
        assert result["winner_contender_id"] == expected, row["municipio"]
        if row["total"]:
            assert result["totals"]["total_votes"] == int(row["total"])
            assert sum(v["votes"] or 0 for v in result["votes"]) == int(row["votos_efectivos"])
        if expected:  # the winner's slate is on the printed ballot
            winner = next(c for c in view["ballot"]["candidacies"] if c["contender_id"] == expected)
            assert result["winner_candidacy_id"] == winner["id"]


def test_acambays_votes_are_in_ballot_order_with_shares_of_the_total(api: Client) -> None:
    view = api.http.get("/v1/ballots/2021-ord.ayun.001").json_body
    result = view["result"]
    on_ballot = [c["contender_id"] for c in view["ballot"]["candidacies"]]
    assert [v["contender_id"] for v in result["votes"]][: len(on_ballot)] == on_ballot
    pri = next(v for v in result["votes"] if v["contender_id"] == "pri")
    assert pri["votes"] == 9866 and pri["share"] == round(9866 / 30960, 4)
    # The file has 182 votes for MC, which has no slate there in the registry: kept, not attached to one.
    mc = next(v for v in result["votes"] if v["contender_id"] == "mc")
    assert mc["votes"] == 182 and mc["candidacy_id"] is None
    assert result["totals"] == {
        "valid_votes": 30210,
        "unregistered_votes": 2,
        "null_votes": 748,
        "total_votes": 30960,
        "nominal_list": 48380,
    }
    assert "elecRetrns" in result["source"]


def test_the_annulled_councils_show_their_extraordinary_outcome_as_far_as_it_is_known(api: Client) -> None:
    nextlalpan = api.http.get("/v1/ballots/2021-ord.ayun.059").json_body
    assert nextlalpan["ballot"]["status"] == "annulled"
    assert nextlalpan["result"]["annulled"] is True and nextlalpan["result"]["winner_contender_id"] is None
    assert all(v["votes"] is None for v in nextlalpan["result"]["votes"])
    replacement = nextlalpan["replacement_result"]
    assert replacement["ballot_id"] == "2021-ext-nextlalpan.ayun.059"
    assert replacement["winner_contender_id"] == "morena" and replacement["totals"]["total_votes"] is None
    assert "constancia de mayoría" in replacement["note"] and replacement["source_url"].startswith("https://")

    atlautla = api.http.get("/v1/ballots/2021-ord.ayun.015").json_body
    assert atlautla["result"]["annulled"] is True and atlautla["result"]["totals"]["total_votes"] == 14757
    assert "TEPJF" in atlautla["result"]["note"]
    unknown = atlautla["replacement_result"]
    assert unknown["winner_contender_id"] is None and "desconocido" in unknown["note"]


def test_results_are_hidden_before_the_count_and_refused_before_polls_close(
    api: Client, who: Callers, seeded: ElectionStore
) -> None:
    early = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": DRILL_RESULTS})
    assert early.status_code == 409
    error = early.json_body["error"]
    assert error["code"] == "results_before_count" and "cierran las casillas" in error["message"]
    assert api.http.get("/v1/ballots/simulacro.ayun.001").json_body["result"] is None
    assert api.http.get("/v1/open-data/simulacro/results.json").json_body["rows"] == []


def test_the_institute_imports_the_drill_results_once_polls_close(api: Client, who: Callers) -> None:
    at(AFTER_DRILL_COUNT)
    first = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": DRILL_RESULTS})
    assert first.status_code == 200, first.body
    assert first.json_body["rows_imported"] == 1 and first.json_body["issues"] == []
    again = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": DRILL_RESULTS})
    # the same items rewritten; the winner's commitments are followed once
    assert again.json_body == first.json_body | {"commitments_followed": 0}
    assert first.json_body["commitments_followed"] > 0
    view = api.http.get("/v1/ballots/simulacro.ayun.001").json_body
    assert view["process"]["phase"]["code"] == "results"
    result = view["result"]
    assert result["winner_contender_id"] == "pfr-pfm" and result["winner_candidacy_id"] == "simulacro.ayun.001.pfr-pfm"
    assert [(v["contender_id"], v["votes"]) for v in result["votes"]] == [
        ("pfa", 1200),
        ("pfr-pfm", 3400),
        ("pfv", 800),
        ("ind-001-ejemplo", 100),  # the council's independent slate: the file's independiente_1
    ]
    assert result["fictional"] is True
    data = api.http.get("/v1/open-data/simulacro/results.json").json_body
    assert [(r["contender_id"], r["winner"]) for r in data["rows"]] == [
        ("pfa", False),
        ("pfr-pfm", True),
        ("pfv", False),
        ("ind-001-ejemplo", False),
    ]
    assert data["licence"].startswith("Datos ficticios")
    csv_text = api.http.get("/v1/open-data/simulacro/results.csv").body.decode()
    assert csv_text.splitlines()[0].startswith("process_id,ballot_id,place_name")
    assert "simulacro.ayun.001,Acambay" in csv_text


def test_results_import_reports_each_bad_row_and_writes_none_of_them(api: Client, who: Callers) -> None:
    at(AFTER_DRILL_COUNT)
    bad = (
        "ine_mun,pfa,pfr-pfm,pfv,votos_efectivos,total,nulos,no_registrados,ganador,xyz\n"
        "999,1,2,3,,,,,,\n"  # not in the scope
        "2,diez,2,3,,,,,,\n"  # not a number
        "3,1,2,3,7,,,,,\n"  # contenders add up to 6
        "4,5,2,3,10,20,1,0,,\n"  # total is not valid + null + unregistered
        "5,5,2,3,,,,,pfa-x,\n"  # the stated winner is not the one with most votes
    )
    report = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": bad}).json_body
    assert report["rows_read"] == 5 and report["rows_imported"] == 0 and report["results_written"] == 0
    assert {(i["line"], i["field"]) for i in report["issues"]} == {
        (2, "ine_mun"),
        (3, "pfa"),
        (4, "votos_efectivos"),
        (5, "total"),
        (6, "ganador"),
    }
    assert [(w["line"], w["field"]) for w in report["warnings"]] == [(1, "xyz")]
    assert api.http.get("/v1/ballots/simulacro.ayun.002").json_body["result"] is None
    missing = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": "municipio,pfa\nX,1\n"})
    assert missing.json_body["issues"] == [{"line": 1, "field": "ine_mun|distrito_local", "reason": "missing column"}]
    assert call(api, "POST", "/v1/admin/processes/nada/results", who.admin, {"csv": DRILL_RESULTS}).status_code == 404
    empty = call(api, "POST", "/v1/admin/processes/simulacro/results", who.admin, {"csv": ""})
    assert empty.status_code == 400 and "csv" in str(empty.json_body["error"]["details"])


def test_only_the_institutes_admins_import_results(api: Client, who: Callers) -> None:
    at(AFTER_DRILL_COUNT)
    path = "/v1/admin/processes/simulacro/results"
    assert call(api, "POST", path, None, {"csv": DRILL_RESULTS}).status_code == 401
    for token in (who.citizen, who.editor, who.moderator):
        assert call(api, "POST", path, token, {"csv": DRILL_RESULTS}).status_code == 403
