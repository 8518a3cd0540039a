"""The institute creates processes, contenders and party accounts, imports the registry, changes
candidacy statuses, reads the audit log and publishes open data; every route checks roles."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from chalice.test import Client

from chalicelib import dependencies
from chalicelib.storage.election_store import ElectionStore
from decide.geography_seed import data_file
from decide.seed import REGISTRY_2021
from tests.integration.identities import Identities
from tests.integration.open_data_files import build_exports, download
from tests.integration.portal_helpers import Callers, call, callers, fields_of, publish_profile
from tests.mail_support import sent_emails

VEDA = "veda-prueba"
# The fixture clock is 2026-11-26 18:00 UTC: this process's veda (from 2026-11-25 00:00 local) covers it.
VEDA_START = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)


def calendar(election_day: str = "2026-11-28", **changes: Any) -> dict[str, Any]:
    day = datetime.fromisoformat(election_day).date()
    veda = day - timedelta(days=3)
    body = {
        "process_start": "2026-09-01",
        "registration_start": "2026-10-01T00:00:00-06:00",
        "campaign_start": "2026-10-20T00:00:00-06:00",
        "veda_start": f"{veda.isoformat()}T00:00:00-06:00",
        "election_day": election_day,
        "polls_close": f"{election_day}T18:00:00-06:00",
        "closes_at": "2027-03-31T23:59:00-06:00",
    }
    body.update(changes)
    return body


def process(pid: str, **changes: Any) -> dict[str, Any]:
    body = {
        "id": pid,
        "name": f"Proceso de prueba {pid} (ficticio)",
        "kind": "ordinary",
        "is_drill": True,
        "calendar": calendar(),
        "scope": {"municipalities": ["001"], "districts": []},
    }
    body.update(changes)
    return body


PARTY = {"kind": "party", "name": "Partido Ficticio del Amanecer", "short_name": "PFA", "ballot_order": 1}


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


@pytest.fixture(scope="module")
def ses(aws: None) -> None:
    boto3.client("ses").verify_domain_identity(Domain="decide.ieem.local")


@pytest.fixture
def veda_process(api: Client, who: Callers) -> str:
    """A process in its veda now, with one contender and its registry, all created through the API."""
    if api.http.get(f"/v1/processes/{VEDA}").status_code == 404:
        created = call(api, "POST", "/v1/admin/processes", who.admin, process(VEDA))
        assert created.status_code == 201, created.body
        assert call(api, "PUT", f"/v1/admin/processes/{VEDA}/contenders/pfa", who.admin, PARTY).status_code == 200
        registry = (
            "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
            "1,pfa,Partido Ficticio del Amanecer,partido,Rosa Ejemplo Ruiz,Marta Ejemplo Soto\n"
        )
        report = call(api, "POST", f"/v1/admin/processes/{VEDA}/registry", who.admin, {"csv": registry})
        assert report.status_code == 200 and report.json_body["rows_imported"] == 1, report.body
    return VEDA


def at(moment: datetime) -> None:
    """Run the following requests at `moment` (the clock is injected)."""
    now = dependencies.current()
    dependencies.use(
        dependencies.Dependencies(settings=now.settings, store=now.store, clock=lambda: moment, verifier=now.verifier)
    )


def test_a_process_is_created_with_pending_ballots_and_its_veda_refuses_party_writes(
    api: Client, who: Callers, veda_process: str
) -> None:
    view = api.http.get(f"/v1/processes/{veda_process}").json_body
    assert view["phase"]["code"] == "veda"
    ballot = api.http.get(f"/v1/ballots/{veda_process}.ayun.001").json_body["ballot"]
    assert ballot["registry_status"] == "published"
    assert [c["owner"] for c in ballot["candidacies"]] == ["Rosa Ejemplo Ruiz"]
    refused = call(api, "PUT", f"/v1/party/candidacies/{veda_process}.ayun.001.pfa/profile", who.editor, {})
    assert refused.status_code == 409
    error = refused.json_body["error"]
    assert error["code"] == "phase_closed" and "veda electoral" in error["message"]
    assert error["details"]["phase"] == "veda" and error["details"]["ends_at"]
    audit = call(api, "GET", f"/v1/admin/audit?entity=process/{veda_process}", who.admin).json_body["entries"]
    assert sorted(e["action"] for e in audit) == ["process.create", "registry.import"]  # same clock tick


def test_a_profile_update_and_an_answer_succeed_the_minute_before_the_veda_and_not_the_minute_after(
    api: Client, who: Callers, veda_process: str
) -> None:
    cid = f"{veda_process}.ayun.001.pfa"
    at(VEDA_START - timedelta(minutes=1))
    assert (
        call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, {"short_bio": "Antes"}).status_code == 200
    )
    publish_profile(api, who, cid)
    # a second version waits in the institute's review when the veda starts
    call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, {"short_bio": "Antes, corregido"})
    call(api, "POST", f"/v1/party/candidacies/{cid}/profile/submit", who.editor, {"version": 2})
    proposal = call(
        api,
        "POST",
        "/v1/proposals",
        who.citizen,
        {
            "ballot_id": f"{veda_process}.ayun.001",
            "topic": "seguridad",
            "title": "Iluminación en el camino a la secundaria",
            "problem": "El camino a la secundaria técnica no tiene luminarias y es peligroso de noche.",
            "proposed_action": "Instalar luminarias solares y revisar su funcionamiento cada mes.",
            "addressed_to": ["pfa"],
        },
    ).json_body
    answer = {"stance": "comment", "text": "Revisaremos el camino con las vecinas y vecinos esta semana."}
    assert call(api, "POST", f"/v1/proposals/{proposal['id']}/responses", who.editor, answer).status_code == 200
    at(VEDA_START + timedelta(minutes=1))
    assert (
        call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, {"short_bio": "Después"}).status_code
        == 409
    )
    assert call(api, "POST", f"/v1/proposals/{proposal['id']}/responses", who.editor, answer).status_code == 409
    # nor does the institute publish party content in the veda
    held = call(api, "POST", f"/v1/review/profiles/{cid}", who.moderator, {"decision": "published", "version": 2})
    assert held.status_code == 409 and held.json_body["error"]["code"] == "phase_closed"
    assert api.http.get(f"/v1/candidacies/{cid}").json_body["profile"]["content"]["short_bio"] == "Antes"


def test_an_extraordinary_process_replaces_an_annulled_ballot_and_lookup_serves_it_at_once(
    api: Client, who: Callers
) -> None:
    body = process(
        "2027-ext-prueba",
        kind="extraordinary",
        calendar=calendar("2027-02-21"),
        scope={"municipalities": ["050"], "districts": []},
        replaces_ballots=["2021-ord.ayun.050"],
    )
    created = call(api, "POST", "/v1/admin/processes", who.admin, body)
    assert created.status_code == 201, created.body
    old = api.http.get("/v1/ballots/2021-ord.ayun.050").json_body["ballot"]
    assert old["status"] == "annulled" and old["replaced_by"] == "2027-ext-prueba.ayun.050"
    new = api.http.get("/v1/ballots/2027-ext-prueba.ayun.050").json_body["ballot"]
    assert new["replaces"] == "2021-ord.ayun.050" and new["registry_status"] == "pending"
    assert "1 de octubre de 2026" in new["registry_note"]
    found = api.http.get("/v1/lookup?municipality=050").json_body["results"]
    ours = next(r for r in found if r["process"]["id"] == "2027-ext-prueba")
    assert [b["id"] for b in ours["ballots"]] == ["2027-ext-prueba.ayun.050"]
    again = call(api, "POST", "/v1/admin/processes", who.admin, body)
    assert again.status_code == 409 and again.json_body["error"]["code"] == "process_exists"
    # editing the calendar keeps the replacement; undoing it is refused
    edit = {k: v for k, v in body.items() if k != "id"} | {"name": "Extraordinaria de prueba (ficticia)"}
    assert call(api, "PUT", "/v1/admin/processes/2027-ext-prueba", who.admin, edit).status_code == 200
    undo = call(api, "PUT", "/v1/admin/processes/2027-ext-prueba", who.admin, edit | {"replaces_ballots": []})
    assert undo.status_code == 400 and fields_of(undo) == {"replaces_ballots"}


def test_bad_processes_are_refused_naming_each_field_and_leave_nothing_behind(api: Client, who: Callers) -> None:
    cases = [
        (process("mala-1", calendar=calendar(veda_start="2026-11-26T00:00:00-06:00")), {"calendar.veda_start"}),
        (process("mala-2", calendar=calendar(campaign_start="2026-09-15T00:00:00-06:00")), {"calendar.campaign_start"}),
        (process("mala-3", calendar=calendar(polls_close="2026-11-29T18:00:00-06:00")), {"calendar.polls_close"}),
        (
            process("mala-4", scope={"municipalities": ["999"], "districts": [99]}),
            {"scope.municipalities", "scope.districts"},
        ),
        (process("mala-5", replaces_ballots=["2021-ord.ayun.051"]), {"replaces_ballots"}),
        (process("mala-6", kind="extraordinary", replaces_ballots=["2021-ord.ayun.099"]), {"replaces_ballots"}),
        (process("Mala 7"), {"id"}),
    ]
    for body, fields in cases:
        response = call(api, "POST", "/v1/admin/processes", who.admin, body)
        assert response.status_code == 400, (body["id"], response.body)
        assert fields_of(response) == fields, response.body
    veda = call(api, "POST", "/v1/admin/processes", who.admin, cases[0][0]).json_body["error"]["details"]["fields"][0]
    assert "veda_override_reason" in veda["message"]
    for n in range(1, 7):
        assert api.http.get(f"/v1/processes/mala-{n}").status_code == 404
        assert api.http.get(f"/v1/ballots/mala-{n}.ayun.001").status_code == 404
    assert api.http.get("/v1/ballots/2021-ord.ayun.099").json_body["ballot"]["status"] == "open"
    override = process(
        "veda-especial",
        calendar=calendar(veda_start="2026-11-26T00:00:00-06:00", veda_override_reason="Acuerdo del Consejo General"),
    )
    assert call(api, "POST", "/v1/admin/processes", who.admin, override).status_code == 201


def test_coalitions_need_parties_of_the_process(api: Client, who: Callers, veda_process: str) -> None:
    coalition = {"kind": "coalition", "name": "Coalición Ficticia", "short_name": "CF", "ballot_order": 5}
    bad = call(
        api,
        "PUT",
        f"/v1/admin/processes/{veda_process}/contenders/cf",
        who.admin,
        coalition | {"members": ["pfa", "nadie"]},
    )
    assert bad.status_code == 400 and fields_of(bad) == {"members"}
    assert (
        call(
            api,
            "PUT",
            f"/v1/admin/processes/{veda_process}/contenders/pfv",
            who.admin,
            PARTY | {"short_name": "PFV", "name": "Partido Ficticio Verde", "ballot_order": 2},
        ).status_code
        == 200
    )
    good = call(
        api,
        "PUT",
        f"/v1/admin/processes/{veda_process}/contenders/cf",
        who.admin,
        coalition | {"members": ["pfa", "pfv"]},
    )
    assert good.status_code == 200, good.body
    parties = api.http.get(f"/v1/parties?process={veda_process}").json_body["contenders"]
    assert [c["id"] for c in parties] == ["pfa", "cf", "pfv"]  # a coalition just after its first member
    assert call(api, "PUT", "/v1/admin/processes/nada/contenders/cf", who.admin, PARTY).status_code == 404


def test_substitutions_and_cancellations_show_on_public_pages(api: Client, who: Callers) -> None:
    cid = "simulacro.ayun.003.pfv"
    before = api.http.get(f"/v1/candidacies/{cid}").json_body["candidacy"]
    no_reason = call(api, "POST", f"/v1/admin/candidacies/{cid}/status", who.admin, {"status": "cancelled"})
    assert no_reason.status_code == 400
    substituted = call(
        api,
        "POST",
        f"/v1/admin/candidacies/{cid}/status",
        who.admin,
        {"status": "substituted", "owner": "Laura Ejemplo Nava", "effective_date": "2026-11-20"},
    )
    assert substituted.status_code == 200, substituted.body
    ballot = api.http.get("/v1/ballots/simulacro.ayun.003").json_body["ballot"]
    shown = next(c for c in ballot["candidacies"] if c["id"] == cid)
    assert shown["status"] == "substituted" and shown["owner"] == "Laura Ejemplo Nava"
    expected = f"Laura Ejemplo Nava sustituye a {before['owner']} como propietaria o propietario."
    assert shown["note"] == f"Sustitución del 20 de noviembre de 2026: {expected}"
    cancelled = call(
        api,
        "POST",
        "/v1/admin/candidacies/simulacro.ayun.003.pfa/status",
        who.admin,
        {"status": "cancelled", "reason": "Renuncia presentada ante el Consejo General (dato ficticio)."},
    )
    assert cancelled.status_code == 200
    shown = api.http.get("/v1/candidacies/simulacro.ayun.003.pfa").json_body["candidacy"]
    assert shown["status"] == "cancelled" and "Renuncia" in shown["note"]
    audit = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{cid}", who.admin).json_body["entries"]
    assert audit[0]["before"]["owner"] == before["owner"] and audit[0]["after"]["owner"] == "Laura Ejemplo Nava"
    assert (
        call(
            api,
            "POST",
            "/v1/admin/candidacies/simulacro.ayun.003.nadie/status",
            who.admin,
            {"status": "cancelled", "reason": "No existe."},
        ).status_code
        == 404
    )


def test_registry_import_reports_each_bad_row(api: Client, who: Callers, veda_process: str) -> None:
    registry = (
        "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
        "2,pfa,PFA,partido,Ana Ejemplo,Bea Ejemplo\n"
        "1,xyz,XYZ,partido,Ana Ejemplo,Bea Ejemplo\n"
    )
    report = call(api, "POST", f"/v1/admin/processes/{veda_process}/registry", who.admin, {"csv": registry}).json_body
    assert report["rows_read"] == 2 and report["rows_imported"] == 0
    assert {(i["line"], i["field"]) for i in report["issues"]} == {(2, "ine_mun"), (3, "postulante_codigo")}
    missing = call(api, "POST", "/v1/admin/processes/nada/registry", who.admin, {"csv": registry})
    assert missing.status_code == 404


def test_a_party_account_is_created_bound_to_its_party_and_invited_by_email(
    api: Client, who: Callers, identities: Identities, ses: None
) -> None:
    body = {"email": "Nueva.Editora@pfa.mx", "display_name": "Nueva Editora", "process": "simulacro", "party_id": "pfa"}
    created = call(api, "POST", "/v1/admin/party-users", who.admin, body)
    assert created.status_code == 201, created.body
    assert created.json_body["invitation_sent"] is True
    cognito = boto3.client("cognito-idp")
    user = cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username="nueva.editora@pfa.mx")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["custom:party_id"] == "pfa"
    groups = cognito.admin_list_groups_for_user(UserPoolId=identities.pool.pool_id, Username="nueva.editora@pfa.mx")
    assert [g["GroupName"] for g in groups["Groups"]] == ["party_editor"]
    sent = sent_emails("nueva.editora@pfa.mx")
    assert len(sent) == 1 and "Tu cuenta de partido" in sent[0].subject
    # a one-time code to choose the first password, never a password (issue 13)
    assert "Código para elegir tu contraseña" in sent[0].body and "Contraseña temporal" not in sent[0].body
    assert user["UserStatus"] == "FORCE_CHANGE_PASSWORD"
    assert call(api, "POST", "/v1/admin/party-users", who.admin, body).status_code == 409
    unknown = call(
        api, "POST", "/v1/admin/party-users", who.admin, body | {"email": "otra@pfa.mx", "party_id": "nadie"}
    )
    assert unknown.status_code == 404
    audit = call(api, "GET", f"/v1/admin/audit?entity=user/{created.json_body['user_id']}", who.admin).json_body
    assert audit["entries"][0]["after"]["party_id"] == "pfa"


def test_the_audit_log_filters_by_actor_and_dates_and_pages(api: Client, who: Callers, veda_process: str) -> None:
    admin_id = call(api, "GET", "/v1/me", who.admin).json_body["user_id"]
    mine = call(api, "GET", f"/v1/admin/audit?actor={admin_id}", who.admin).json_body["entries"]
    assert mine and all(e["actor_id"] == admin_id for e in mine)
    first = call(api, "GET", "/v1/admin/audit?limit=2", who.admin).json_body
    assert len(first["entries"]) == 2 and first["next_cursor"]
    second = call(api, "GET", f"/v1/admin/audit?limit=2&cursor={first['next_cursor']}", who.admin).json_body
    assert {e["id"] for e in first["entries"]}.isdisjoint({e["id"] for e in second["entries"]})
    old = call(api, "GET", "/v1/admin/audit?from=2020-01-01T00:00:00Z&to=2020-02-01T00:00:00Z", who.admin).json_body
    assert old["entries"] == []
    assert call(api, "GET", "/v1/admin/audit?desde=ayer", who.admin).status_code == 400


def test_open_data_has_stable_columns_real_empties_and_no_personal_data(api: Client, who: Callers) -> None:
    sent = call(
        api,
        "POST",
        "/v1/proposals",
        who.citizen,
        {
            "ballot_id": "simulacro.ayun.004",
            "topic": "movilidad",
            "title": "Paradero techado frente al mercado",
            "problem": "Quienes esperan el transporte frente al mercado se mojan y no hay bancas.",
            "proposed_action": "Construir un paradero techado con bancas y rampa de acceso.",
            "addressed_to": ["pfa"],
        },
    ).json_body
    build_exports()
    data = json.loads(download(api, "/v1/open-data/simulacro/proposals.json").body)
    assert [r["proposal_id"] for r in data["rows"]] == [sent["id"]]
    assert [c["name"] for c in data["columns"]] == list(data["rows"][0])
    text = download(api, "/v1/open-data/simulacro/proposals.csv")
    assert text.content_type.startswith("text/csv")
    citizen_id = call(api, "GET", "/v1/me", who.citizen).json_body["user_id"]
    for body in (json.dumps(data), text.body.decode()):
        assert "ciudadana@example.mx" not in body and citizen_id not in body and "Ana" not in body
    rows = list(csv.DictReader(io.StringIO(text.body.decode())))
    assert rows[0]["addressed_to"] == "pfa" and rows[0]["municipality_code"] == "004"
    candidacies = api.http.get("/v1/open-data/simulacro/candidacies.csv")
    table = list(csv.DictReader(io.StringIO(candidacies.body.decode())))
    assert len(table) > 400 and table[0]["ballot_id"] == "simulacro.ayun.001"
    assert {r["replaced_by"] for r in table} == {""}  # empty cells, never sentinel text
    ordinary = api.http.get("/v1/open-data/2021-ord/candidacies.json").json_body
    assert len(ordinary["rows"]) > 900
    assert api.http.get("/v1/open-data/nada/candidacies.json").status_code == 404


# route × role ---------------------------------------------------------------------------------
PARTY_ROUTES = [
    ("GET", "/v1/party/candidacies/simulacro.ayun.001.pfa/profile", None),
    ("PUT", "/v1/party/candidacies/simulacro.ayun.001.pfa/profile", {"short_bio": "Recorrido de permisos"}),
    ("POST", "/v1/party/candidacies/simulacro.ayun.001.pfa/photo-upload", {"content_type": "image/jpeg"}),
]
PARTY_SCOPED = [
    ("GET", "/v1/party/inbox?process=simulacro&contender=pfa", None),
    ("GET", "/v1/party/settings?process=simulacro&contender=pfa", None),
    ("PUT", "/v1/party/settings", {"process": "simulacro", "contender": "pfa", "addresses": [], "mode": "immediate"}),
]
ADMIN_ROUTES = [
    ("POST", "/v1/admin/processes", process("permisos", scope={"municipalities": ["001"], "districts": []})),
    ("PUT", "/v1/admin/processes/permisos", {k: v for k, v in process("permisos").items() if k != "id"}),
    ("PUT", "/v1/admin/processes/permisos/contenders/pfa", PARTY),
    (
        "POST",
        "/v1/admin/processes/permisos/registry",
        {"csv": "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"},
    ),
    (
        "POST",
        "/v1/admin/candidacies/simulacro.ayun.005.pfa/status",
        {"status": "cancelled", "reason": "Prueba de permisos."},
    ),
    (
        "POST",
        "/v1/admin/party-users",
        {"email": "permisos@pfa.mx", "display_name": "Permisos", "process": "simulacro", "party_id": "pfa"},
    ),
    ("GET", "/v1/admin/audit", None),
    ("POST", "/v1/admin/processes/2021-ord/results", {"csv": "ine_mun,pri\n"}),  # issue 16
]
PUBLIC_ROUTES = [
    "/v1/open-data/2021-ord/results.json",
    "/v1/open-data/2021-ord/results.csv",
    "/v1/ballots/2021-ord.ayun.001/commitments",
    "/v1/candidacies/simulacro.ayun.001.pfa/history",
    "/v1/open-data/simulacro/candidacies.json",
    "/v1/open-data/simulacro/candidacies.csv",
    "/v1/open-data/simulacro/proposals.json",
    "/v1/open-data/simulacro/proposals.csv",
]


def test_every_route_of_the_portal_and_the_administration_admits_only_its_roles(
    api: Client, who: Callers, ses: None
) -> None:
    boto3.client("s3").create_bucket(Bucket="decide-dev-photos")
    walked: dict[str, dict[str, int]] = {}
    roles = {
        "anonymous": None,
        "citizen": who.citizen,
        "other_editor": who.other_editor,
        "moderator": who.moderator,
        "editor": who.editor,
        "admin": who.admin,
    }
    for method, path, body in PARTY_ROUTES + PARTY_SCOPED + ADMIN_ROUTES:
        walked[f"{method} {path}"] = {
            role: call(api, method, path, token, body).status_code for role, token in roles.items()
        }
    expected_party = {
        "anonymous": 401,
        "citizen": 403,
        "other_editor": 403,
        "moderator": 403,
        "editor": 200,
        "admin": 403,
    }
    expected_admin = {"anonymous": 401, "citizen": 403, "other_editor": 403, "moderator": 403, "editor": 403}
    for method, path, _ in PARTY_ROUTES + PARTY_SCOPED:
        # the institute also keeps notification settings (a coalition's addresses are changed by it)
        expected = expected_party | {"admin": 200} if "/v1/party/settings" in path else expected_party
        assert walked[f"{method} {path}"] == expected, (method, path, walked[f"{method} {path}"])
    for method, path, _ in ADMIN_ROUTES:
        statuses = walked[f"{method} {path}"]
        assert {k: v for k, v in statuses.items() if k != "admin"} == expected_admin, (path, statuses)
        assert statuses["admin"] in (200, 201), (path, statuses)
    build_exports()
    for path in PUBLIC_ROUTES:
        # the proposals files are served from the bucket: their routes redirect there
        assert api.http.get(path).status_code == (302 if "/proposals." in path else 200), path


def test_the_whole_2021_registry_imports_over_http_as_text_csv_and_again_without_duplicates(
    api: Client, who: Callers, seeded: ElectionStore
) -> None:
    # Given the real 2021 council registry (952 rows, ~208 KB) sent as it is, as text/csv
    registry = data_file(REGISTRY_2021)
    headers = {"Content-Type": "text/csv; charset=utf-8", **Identities.bearer(who.admin)}
    first = api.http.post("/v1/admin/processes/2021-ord/registry", headers=headers, body=registry)
    assert first.status_code == 200, first.body[:300]
    report = first.json_body
    assert (report["rows_read"], report["rows_imported"], report["issues"]) == (952, 952, [])
    # When it is imported again, the same ballots are rewritten: nothing is duplicated
    again = api.http.post("/v1/admin/processes/2021-ord/registry", headers=headers, body=registry).json_body
    assert again["ballots_written"] == report["ballots_written"] == 125
    ballot = seeded.get_ballot("2021-ord.ayun.001")
    assert ballot is not None and len(ballot.candidacies) == 7
    # A body that is neither JSON nor CSV is refused by name
    wrong = api.http.post(
        "/v1/admin/processes/2021-ord/registry",
        headers={"Content-Type": "text/plain", **Identities.bearer(who.admin)},
        body=registry,
    )
    assert wrong.status_code == 415 and wrong.json_body["error"]["details"]["field"] == "body"
