"""Citizens send proposals, parties answer, moderators decide: the write path over moto."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.001"


def draft(**changes: Any) -> dict[str, Any]:
    body = {
        "ballot_id": BALLOT,
        "topic": "agua",
        "title": "Agua potable todos los días en la colonia Centro",
        "problem": "Desde hace meses el agua llega solo dos veces por semana a la colonia Centro.",
        "proposed_action": "Rehabilitar el pozo municipal y publicar el calendario de distribución.",
        "addressed_to": ["pfa", "pfv"],
    }
    body.update(changes)
    return body


def post(api: Client, path: str, token: str | None, body: Any, **headers: str) -> Any:
    all_headers = {"Content-Type": "application/json", **headers}
    if token:
        all_headers.update(Identities.bearer(token))
    import json

    return api.http.post(path, headers=all_headers, body=json.dumps(body))


@pytest.fixture
def citizen(identities: Identities) -> str:
    return identities.user("lucia@example.mx", role="citizen", name="Lucía")


def test_a_citizen_sends_a_proposal_and_it_is_published_for_everyone_to_read(api: Client, citizen: str) -> None:
    response = post(api, "/v1/proposals", citizen, draft(title="Alumbrado en la calle Hidalgo esquina Juárez"))
    assert response.status_code == 201, response.body
    sent = response.json_body
    assert sent["status"] == "published"
    page = api.http.get(f"/v1/proposals/{sent['id']}").json_body
    assert page["author_name"] == "Lucía"
    assert "email" not in str(page).lower() and "lucia@example.mx" not in str(page)
    assert [c["contender_id"] for c in page["addressed_to"]] == ["pfa", "pfv"]
    feed = api.http.get(f"/v1/proposals?ballot={BALLOT}").json_body
    assert sent["id"] in [p["id"] for p in feed["proposals"]]
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(citizen)).json_body
    assert sent["id"] in [p["summary"]["id"] for p in mine["proposals"]]


def test_a_retried_submission_with_the_same_idempotency_key_creates_nothing_new(
    api: Client, identities: Identities
) -> None:
    token = identities.user("reintento@example.mx", role="citizen")
    first = post(
        api, "/v1/proposals", token, draft(title="Bacheo de la avenida principal"), **{"Idempotency-Key": "k-1"}
    )
    again = post(
        api, "/v1/proposals", token, draft(title="Bacheo de la avenida principal"), **{"Idempotency-Key": "k-1"}
    )
    assert first.status_code == 201 and again.status_code == 201
    assert again.json_body["id"] == first.json_body["id"]
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
    assert len(mine) == 1
    other = post(
        api, "/v1/proposals", token, draft(title="Otra cosa distinta totalmente"), **{"Idempotency-Key": "k-1"}
    )
    assert other.status_code == 422
    assert other.json_body["error"]["code"] == "idempotency_key_reused"


def test_refusals_name_their_cause_and_create_nothing(api: Client, identities: Identities) -> None:
    token = identities.user("rechazos@example.mx", role="citizen")
    cases = [
        (draft(topic="astrologia"), 400, "invalid_request"),
        (draft(title="corto"), 400, "invalid_request"),
        (draft(addressed_to=["pfa", "morena"]), 422, "unknown_contender"),
        (draft(ballot_id="2021-ord.ayun.001"), 409, "phase_closed"),
        (draft(ballot_id="simulacro.ayun.999"), 422, "unknown_ballot"),
    ]
    for body, status, code in cases:
        response = post(api, "/v1/proposals", token, body)
        assert response.status_code == status, (body, response.body)
        assert response.json_body["error"]["code"] == code
    closed = post(api, "/v1/proposals", token, draft(ballot_id="2021-ord.ayun.001")).json_body["error"]
    assert "proceso concluido" in closed["message"] and closed["details"]["phase"] == "closed"
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
    assert mine == []


def test_the_daily_quota_and_near_duplicates_are_refused(api: Client, identities: Identities) -> None:
    token = identities.user("cuota@example.mx", role="citizen")
    distinct = [
        (
            "agua",
            "Pozo nuevo para San Pedro",
            "Las pipas no alcanzan para las familias del barrio alto.",
            "Perforar un pozo y poner tanques comunitarios.",
        ),
        (
            "salud",
            "Clínica abierta los domingos",
            "El centro de salud cierra el fin de semana y hay que viajar lejos.",
            "Abrir con guardias rotativas de médicos.",
        ),
        (
            "empleo",
            "Bolsa de trabajo juvenil",
            "Los jóvenes egresados no encuentran empleo formal cerca de casa.",
            "Convenios con empresas locales para becas de primer empleo.",
        ),
        (
            "movilidad",
            "Semáforo frente a la escuela",
            "Los niños cruzan una avenida rápida sin ningún paso seguro.",
            "Instalar semáforo peatonal y reductores de velocidad.",
        ),
        (
            "educacion",
            "Biblioteca con internet gratuito",
            "No hay un lugar público para estudiar ni conexión en la zona.",
            "Equipar la casa de cultura con computadoras y red.",
        ),
    ]
    for topic, title, problem, action in distinct:
        body = draft(topic=topic, title=title, problem=problem, proposed_action=action)
        assert post(api, "/v1/proposals", token, body).status_code == 201, topic
    sixth = post(api, "/v1/proposals", token, draft(title="La sexta propuesta del día de hoy"))
    assert sixth.status_code == 429
    assert "5 propuestas" in sixth.json_body["error"]["message"]
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
    assert len(mine) == 5  # the refused sixth left nothing behind

    other = identities.user("duplicado@example.mx", role="citizen")
    assert post(api, "/v1/proposals", other, draft()).status_code == 201
    near = post(api, "/v1/proposals", other, draft(title="Agua potable todos los días en colonia Centro!"))
    assert near.status_code == 409
    assert near.json_body["error"]["code"] == "near_duplicate"


def test_personal_data_links_and_insults_hold_a_proposal_until_a_moderator_decides(
    api: Client, identities: Identities
) -> None:
    author = identities.user("retenida@example.mx", role="citizen")
    moderator = identities.user("moderadora@ieem.mx", role="ieem_moderator")
    held = post(
        api,
        "/v1/proposals",
        author,
        draft(title="Basura en el mercado municipal", problem="Llamen al 55 1234 5678 para ver la basura del mercado."),
    ).json_body
    assert held["status"] == "pending_review" and held["hold_reasons"] == ["personal_data"]
    assert api.http.get(f"/v1/proposals/{held['id']}").status_code == 404  # not public yet
    queue = api.http.get("/v1/moderation/queue", headers=Identities.bearer(moderator)).json_body
    assert held["id"] in [i["proposal"]["id"] for i in queue["items"]]
    wrong = post(api, f"/v1/moderation/proposals/{held['id']}", moderator, {"action": "publish", "reason": "spam"})
    assert wrong.status_code == 400
    decided = post(
        api,
        f"/v1/moderation/proposals/{held['id']}",
        moderator,
        {"action": "reject", "reason": "datos_personales"},
    )
    assert decided.status_code == 200, decided.body
    assert decided.json_body["status"] == "rejected"
    assert decided.json_body["decisions"][0]["reason"] == "datos_personales"
    again = post(api, f"/v1/moderation/proposals/{held['id']}", moderator, {"action": "reject", "reason": "spam"})
    assert again.status_code == 409
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(author)).json_body["proposals"]
    assert mine[0]["status"] == "rejected"
    # the author sees that the institute decided, never which moderator (issue 13)
    assert set(mine[0]["decisions"][0]) == {"action", "reason", "decided_by", "decided_at", "note", "fields"}
    assert mine[0]["decisions"][0]["decided_by"] == "Moderación del IEEM"


def test_a_party_answers_in_public_and_only_parties_addressed_may_answer(api: Client, identities: Identities) -> None:
    author = identities.user("autora@example.mx", role="citizen")
    sent = post(api, "/v1/proposals", author, draft(title="Ciclovía en la avenida Morelos")).json_body
    pfa = identities.user("editor-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    pfr = identities.user("editor-pfr@simulacro.mx", role="party_editor", party_id="pfr")
    answer = {"stance": "commit", "text": "Nos comprometemos a construirla en el primer año."}
    assert post(api, f"/v1/proposals/{sent['id']}/responses", pfr, answer).status_code == 403
    assert post(api, f"/v1/proposals/{sent['id']}/responses", author, answer).status_code == 403
    response = post(api, f"/v1/proposals/{sent['id']}/responses", pfa, answer)
    assert response.status_code == 200, response.body
    edited = post(
        api, f"/v1/proposals/{sent['id']}/responses", pfa, {"stance": "comment", "text": "Lo estudiaremos con vecinos."}
    )
    assert edited.json_body["version"] == 2
    page = api.http.get(f"/v1/proposals/{sent['id']}").json_body
    assert [(r["contender_id"], r["stance"]) for r in page["responses"]] == [("pfa", "comment")]
    assert {c["contender_id"]: c["answered"] for c in page["addressed_to"]} == {"pfa": True, "pfv": False}


def test_supports_count_once_per_citizen(api: Client, identities: Identities) -> None:
    author = identities.user("apoyos@example.mx", role="citizen")
    sent = post(api, "/v1/proposals", author, draft(title="Más patrullas en la noche")).json_body
    fan = identities.user("vecina@example.mx", role="citizen")
    path = f"/v1/proposals/{sent['id']}/support"
    assert api.http.put(path, headers=Identities.bearer(fan)).json_body["supports"] == 1
    assert api.http.put(path, headers=Identities.bearer(fan)).status_code == 409
    assert api.http.put(path, headers=Identities.bearer(author)).status_code == 409
    assert api.http.delete(path, headers=Identities.bearer(fan)).json_body["supports"] == 0
    assert api.http.delete(path, headers=Identities.bearer(fan)).status_code == 409
