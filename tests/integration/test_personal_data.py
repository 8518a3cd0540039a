"""ARCO rights (issue 13): `GET /v1/me/data` holds everything the table holds about me (compared
with a scan of the whole table), `DELETE /v1/me` leaves nothing personal (scan) and the proposals
as chosen, supports counted down exactly, and the retention job anonymises closed processes."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import pytest
from chalice.test import Client

from chalicelib import dependencies
from tests.integration.conftest import TABLE
from tests.integration.identities import PASSWORD, Identities
from tests.integration.stream_tallies import StreamTallies

BALLOT = "simulacro.ayun.006"


def call(api: Client, method: str, path: str, token: str | None = None, body: Any = None) -> tuple[int, Any]:
    headers = {"Content-Type": "application/json"}
    if token:
        headers.update(Identities.bearer(token))
    response = getattr(api.http, method.lower())(
        path, headers=headers, body=json.dumps(body) if body is not None else ""
    )
    return response.status_code, json.loads(response.body) if response.body else None


def proposal(title: str, problem: str = "La calle lleva meses sin alumbrado ni vigilancia nocturna.") -> dict[str, Any]:
    return {
        "ballot_id": BALLOT,
        "topic": "seguridad",
        "title": title,
        "problem": problem,
        "proposed_action": "Instalar luminarias nuevas y coordinar rondines con la policía municipal.",
        "addressed_to": ["pfa"],
    }


def submit(api: Client, token: str, body: dict[str, Any]) -> str:
    status, created = call(api, "POST", "/v1/proposals", token, body)
    assert status == 201, created
    return str(created["id"])


def scan() -> list[dict[str, Any]]:
    client = boto3.client("dynamodb")
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {"TableName": TABLE}
    while True:
        page = client.scan(**kwargs)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def mentioning(items: list[dict[str, Any]], *needles: str) -> list[dict[str, Any]]:
    return [i for i in items if any(n and n in json.dumps(i, ensure_ascii=False) for n in needles)]


def who(api: Client, token: str) -> dict[str, Any]:
    status, me = call(api, "GET", "/v1/me", token)
    assert status == 200
    return dict(me)


def supports_of(api: Client, proposal_id: str) -> int:
    status, page = call(api, "GET", f"/v1/proposals/{proposal_id}")
    assert status == 200
    return int(page["supports"])


_NEIGHBOUR: dict[str, str] = {}


@pytest.fixture
def neighbour(api: Client, identities: Identities) -> tuple[str, str]:
    """Another citizen with one published proposal of her own (for supports and reports), written
    once per module (the table lives as long as the module)."""
    token = identities.user("arco-vecina@example.mx", role="citizen", name="Vecina Arco")
    if token not in _NEIGHBOUR:
        _NEIGHBOUR[token] = submit(api, token, proposal("Parque sin juegos en la colonia Arco"))
    return token, _NEIGHBOUR[token]


def test_my_data_holds_everything_the_table_holds_about_me(
    api: Client, identities: Identities, neighbour: tuple[str, str]
) -> None:
    # Given a citizen who wrote a published and a held proposal, withdrew the held one, supported
    # and reported her neighbour's proposal
    token = identities.user("arco-dalia@example.mx", role="citizen", name="Dalia Datos")
    me = who(api, token)
    published = submit(api, token, proposal("Alumbrado para la calle de Dalia"))
    held = submit(api, token, proposal("Retenida de Dalia", "Horarios en https://camiones.example.org, cada semana."))
    assert call(api, "POST", f"/v1/me/proposals/{held}/withdrawal", token)[0] == 200
    _, other = neighbour
    assert call(api, "PUT", f"/v1/proposals/{other}/support", token)[0] == 200
    assert call(api, "POST", f"/v1/proposals/{other}/reports", token, {"reason": "fuera_de_tema"})[0] == 201

    status, data = call(api, "GET", "/v1/me/data", token)
    assert status == 200, data

    # Then every item of the table that names her (id, email or name) is in the answer
    body = json.dumps(data, ensure_ascii=False)
    proposal_ids = {p["summary"]["id"] for p in data["proposals"]}
    assert proposal_ids == {published, held}
    audit_ids = {e["id"] for e in data["audit_entries"]}
    missing = []
    about_her = mentioning(scan(), me["user_id"], me["email"], me["display_name"])
    assert len(about_her) >= 9  # account, 2 proposals, support, report, quota, duplicate key, audit copies
    for item in about_her:
        pk, sk, entity = item["pk"]["S"], item["sk"]["S"], item.get("entity", {}).get("S")
        doc = json.loads(item.get("doc", {}).get("S", "{}"))
        if pk == f"ACCOUNT#{me['user_id']}" and sk == "PROFILE":
            found = data["account"]["email"] == me["email"] and data["account"]["display_name"] == "Dalia Datos"
        elif pk == f"ACCOUNT#{me['user_id']}" and sk == "NOTIFICATIONS":
            found = data["notification_settings"] is not None
        elif pk == f"ACCOUNT#{me['user_id']}":
            found = {"VERIFICATION": "confirmation", "PASSWORD_RESET": "password_reset"}.get(sk) in {
                c["purpose"] for c in data["pending_codes"]
            }
        elif entity == "Proposal":
            found = pk.removeprefix("PROPOSAL#") in proposal_ids
        elif entity == "Support":
            found = pk.removeprefix("PROPOSAL#") in {s["proposal_id"] for s in data["supports"]}
        elif entity == "Report":
            found = pk.removeprefix("PROPOSAL#") in {r["proposal_id"] for r in data["reports"]}
        elif entity == "CommitmentVerdict":
            found = pk.removeprefix("COMMITMENT#") in {v["commitment_id"] for v in data["commitment_verdicts"]}
        elif entity == "DailyQuota":
            found = pk.rsplit("#", 1)[1] in {d["day"] for d in data["daily_counts"]}
        elif entity == "DuplicateKey":
            found = item["proposal_id"]["S"] in proposal_ids
        elif entity in ("AuditEntry", "AuditEntityEntry"):
            found = doc["id"] in audit_ids
        else:
            found = False
        if not found:
            missing.append((pk, sk, entity))
    assert missing == []
    assert [d["proposals"] for d in data["daily_counts"]] == [2]
    assert [r["reason"] for r in data["reports"]] == ["fuera_de_tema"]
    assert "proposal.withdraw" in {e["action"] for e in data["audit_entries"]}
    # and no secret: no code hash, salt or password; no moderator's id
    for secret in ("code_hash", "salt", "password", "moderator_id", PASSWORD):
        assert secret not in body


def delete_me(api: Client, token: str, choice: str) -> tuple[int, Any]:
    return call(api, "DELETE", "/v1/me", token, {"current_password": PASSWORD, "proposals": choice})


@pytest.mark.parametrize("choice", ["keep", "withdraw"])
def test_deleting_my_account_leaves_no_personal_data_and_my_proposals_as_i_chose(
    api: Client, identities: Identities, neighbour: tuple[str, str], choice: str
) -> None:
    tallies = StreamTallies(TABLE)
    name = f"Ramona Borra {choice.title()}"
    email = f"arco-borra-{choice}@example.mx"
    token = identities.user(email, role="citizen", name=name)
    me = who(api, token)
    published_text = f"La banqueta de la calle {choice} está rota desde hace un año."
    published = submit(api, token, proposal(f"Banqueta rota ({choice})", published_text))
    held_text = f"Retenida {choice}: horarios en https://camiones.example.org todos los días."
    held = submit(api, token, proposal(f"Retenida ({choice})", held_text))
    neighbour_token, other = neighbour
    assert call(api, "PUT", f"/v1/proposals/{other}/support", token)[0] == 200
    assert call(api, "PUT", f"/v1/proposals/{published}/support", neighbour_token)[0] == 200
    tallies.catch_up()
    before = supports_of(api, other)

    status, result = delete_me(api, token, choice)
    assert status == 200, result
    tallies.catch_up()

    # my support is gone and counted down exactly; hers on my proposal stays (if it is kept)
    assert supports_of(api, other) == before - 1
    assert result["supports_removed"] == 1
    status, page = call(api, "GET", f"/v1/proposals/{published}")
    if choice == "keep":
        assert status == 200 and result["proposals_kept"] == 1 and result["proposals_withdrawn"] == 1
        assert page["author_name"] == "Cuenta eliminada"
        assert page["title"] == f"Banqueta rota ({choice})"
        assert supports_of(api, published) == 1
    else:
        assert status == 404 and result["proposals_withdrawn"] == 2
    assert call(api, "GET", f"/v1/proposals/{held}")[0] == 404
    # nothing personal is left anywhere in the table: no email, no name, no text of what was withdrawn
    items = scan()
    assert mentioning(items, email, name) == []
    assert mentioning(items, held_text) == []
    if choice == "withdraw":
        assert mentioning(items, published_text) == []
    # the id remains only in the legal audit, the account's tombstone and the stream's counting markers
    kinds = {i.get("entity", {}).get("S") for i in mentioning(items, me["user_id"])}
    assert kinds <= {"AuditEntry", "AuditEntityEntry", "Account", "TallyMarker"}
    # the session ends, and so does the account
    status, error = call(api, "GET", "/v1/me", token)
    assert status == 401 and error["error"]["code"] == "account_deleted"
    assert identities.cognito.list_users(UserPoolId=identities.pool.pool_id, Filter=f'email = "{email}"')["Users"] == []


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"current_password": PASSWORD}, "proposals", "Tus propuestas publicadas"),
        ({"current_password": PASSWORD, "proposals": "borrar"}, "proposals", "Tus propuestas publicadas"),
        ({"proposals": "keep"}, "current_password", "Contraseña actual"),
        ({"current_password": "no-es-la-mia-123", "proposals": "keep"}, "current_password", "contraseña actual"),
    ],
)
def test_a_deletion_with_a_bad_field_names_it_in_spanish_and_changes_nothing(
    api: Client, identities: Identities, body: dict[str, Any], field: str, words: str
) -> None:
    token = identities.user("arco-duda@example.mx", role="citizen", name="Duda Arco")
    status, error = call(api, "DELETE", "/v1/me", token, body)
    assert status == 400, error
    fields = error["error"]["details"]["fields"]
    assert [f["field"] for f in fields] == [field]
    assert words in fields[0]["message"]
    assert who(api, token)["display_name"] == "Duda Arco"
    assert call(api, "GET", "/v1/me/data", token)[0] == 200


def test_rectifying_my_name_shows_in_my_data_and_on_my_proposals(api: Client, identities: Identities) -> None:
    token = identities.user("arco-rectifica@example.mx", role="citizen", name="Nombre Viejo")
    status, _ = call(api, "PUT", "/v1/me/display-name", token, {"display_name": "Nombre Nuevo"})
    assert status == 200
    _, data = call(api, "GET", "/v1/me/data", token)
    assert data["account"]["display_name"] == "Nombre Nuevo"


def test_the_retention_job_anonymises_a_closed_process_after_the_period_only(
    api: Client, identities: Identities, neighbour: tuple[str, str]
) -> None:
    tallies = StreamTallies(TABLE)
    token = identities.user("arco-retencion@example.mx", role="citizen", name="Rita Retención")
    me = who(api, token)
    mine = submit(api, token, proposal("Mercado techado para la colonia Retención"))
    neighbour_token, other = neighbour
    assert call(api, "PUT", f"/v1/proposals/{mine}/support", neighbour_token)[0] == 200
    assert call(api, "PUT", f"/v1/proposals/{other}/support", token)[0] == 200
    tallies.catch_up()
    supports = supports_of(api, other)

    desk = dependencies.current().personal_data
    process = dependencies.current().store.get_process("simulacro")
    assert process is not None
    closes = process.calendar.closes_at
    desk.clock = lambda: closes + timedelta(days=1094)
    desk.anonymise_closed_processes()  # older processes may be past the period; this one is not
    assert call(api, "GET", f"/v1/proposals/{mine}")[1]["author_name"] == "Rita Retención"

    desk.clock = lambda: closes + timedelta(days=1096)
    report = desk.anonymise_closed_processes()
    tallies.catch_up()
    assert report.processes >= 1 and report.supports >= 2
    page = call(api, "GET", f"/v1/proposals/{mine}")[1]
    assert page["author_name"] == "Participante"
    assert supports_of(api, other) == supports  # the same count, nobody's id behind it
    # her account stays (it is not deleted), but nothing of the closed process names her any more
    kinds = {i.get("entity", {}).get("S") for i in mentioning(scan(), me["user_id"], "Rita Retención")}
    assert kinds <= {"Account", "AuditEntry", "AuditEntityEntry", "TallyMarker", "DailyQuota"}
    _, data = call(api, "GET", "/v1/me/data", token)
    assert data["proposals"] == [] and data["supports"] == []
    # a second run does nothing more
    assert desk.anonymise_closed_processes().processes == 0
