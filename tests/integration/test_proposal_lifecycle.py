"""The proposal lifecycle beyond publish/reject (issue 15): the author edits or withdraws a held
proposal; a moderator redacts, rejects with a next step, or asks for a change; citizens report and
three reports hide a proposal pending review. Over moto, through the HTTP routes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.identities import Identities

BALLOT = "simulacro.ayun.003"  # a ballot of the drill other modules of this file's session leave alone
PHONE_PROBLEM = "Llamen al 55 1234 5678 para ver la basura que se junta en el mercado municipal."


def draft(title: str, problem: str | None = None) -> dict[str, Any]:
    return {
        "ballot_id": BALLOT,
        "topic": "agua",
        "title": title,
        "problem": problem or f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
        "proposed_action": f"{title}: proponemos un plan con presupuesto, calendario y responsables públicos.",
        "addressed_to": ["all"],
    }


def call(api: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json", **(Identities.bearer(token) if token else {})}
    return getattr(api.http, method)(path, headers=headers, body=json.dumps(body) if body is not None else None)


def mine(api: Client, token: str) -> dict[str, dict[str, Any]]:
    found = call(api, "get", "/v1/me/proposals", token).json_body["proposals"]
    return {p["summary"]["id"]: p for p in found}


@pytest.fixture
def people(identities: Identities, request: pytest.FixtureRequest) -> dict[str, str]:
    # an author per test: the daily quota and the near-duplicate check are per author
    return {
        "author": identities.user(f"autora-{request.node.name[5:40]}@example.mx", role="citizen", name="Irma"),
        "other": identities.user("vecino-ciclo@example.mx", role="citizen", name="Beto"),
        "moderator": identities.user("moderacion-ciclo@ieem.mx", role="ieem_moderator"),
        "admin": identities.user("admin-ciclo@ieem.mx", role="ieem_admin"),
        "party": identities.user("editor-ciclo@simulacro.mx", role="party_editor", party_id="pfa"),
    }


def held(api: Client, token: str, title: str) -> dict[str, Any]:
    sent = call(api, "post", "/v1/proposals", token, draft(title, PHONE_PROBLEM))
    assert sent.status_code == 201, sent.body
    assert sent.json_body["status"] == "pending_review"
    return dict(sent.json_body)


def test_the_author_edits_a_held_proposal_it_is_screened_again_and_published_when_clean(
    api: Client, people: dict[str, str]
) -> None:
    author = people["author"]
    proposal = held(api, author, "Basura acumulada en el mercado de la cabecera")
    path = f"/v1/me/proposals/{proposal['id']}"
    still = draft("Basura acumulada en el mercado de la cabecera", "Mi teléfono es 55 8765 4321, llámenme por favor.")
    kept = call(api, "put", path, author, {k: still[k] for k in ("title", "problem", "proposed_action")})
    assert kept.status_code == 200, kept.body
    assert kept.json_body["status"] == "pending_review" and kept.json_body["hold_reasons"] == ["personal_data"]
    assert "revisión" in kept.json_body["message"]

    # bad input: a line break in the title names the field in Spanish and changes nothing
    bad = call(
        api, "put", path, author, {"title": "Basura\r\nBcc: x@y.mx", "problem": "x" * 30, "proposed_action": "y" * 30}
    )
    assert bad.status_code == 400
    assert bad.json_body["error"]["details"]["fields"][0]["field"] == "title"
    assert "título" in bad.json_body["error"]["details"]["fields"][0]["message"]
    missing = call(api, "put", path, author, {"title": "Basura acumulada en el mercado"})
    assert missing.status_code == 400
    assert {f["field"] for f in missing.json_body["error"]["details"]["fields"]} == {"problem", "proposed_action"}
    assert mine(api, author)[proposal["id"]]["problem"] == still["problem"]

    clean = draft("Basura acumulada en el mercado de la cabecera")
    edited = call(api, "put", path, author, {k: clean[k] for k in ("title", "problem", "proposed_action")})
    assert edited.status_code == 200, edited.body
    assert edited.json_body["status"] == "published" and edited.json_body["hold_reasons"] == []
    page = api.http.get(f"/v1/proposals/{proposal['id']}").json_body
    assert page["problem"] == clean["problem"] and page["moderation_note"] is None
    # once published it is no longer the author's to edit
    again = call(api, "put", path, author, {k: clean[k] for k in ("title", "problem", "proposed_action")})
    assert again.status_code == 409 and again.json_body["error"]["code"] == "not_editable"
    assert "publicada" in again.json_body["error"]["message"]


def test_only_the_author_edits_or_withdraws_and_staff_and_parties_may_not(api: Client, people: dict[str, str]) -> None:
    proposal = held(api, people["author"], "Fugas de agua en la calle Allende")
    body = {
        k: v
        for k, v in draft("Fugas de agua en la calle Allende").items()
        if k in ("title", "problem", "proposed_action")
    }
    path = f"/v1/me/proposals/{proposal['id']}"
    assert call(api, "put", path, None, body).status_code == 401
    assert call(api, "post", f"{path}/withdrawal", None).status_code == 401
    for role in ("moderator", "admin", "party"):
        assert call(api, "put", path, people[role], body).status_code == 403, role
        assert call(api, "post", f"{path}/withdrawal", people[role]).status_code == 403, role
    other = call(api, "put", path, people["other"], body)
    assert other.status_code == 404 and other.json_body["error"]["code"] == "proposal_not_found"
    assert call(api, "post", f"{path}/withdrawal", people["other"]).status_code == 404
    assert mine(api, people["author"])[proposal["id"]]["status"] == "pending_review"  # nothing changed


def test_a_withdrawn_proposal_is_never_published_and_its_text_may_be_sent_again(
    api: Client, people: dict[str, str]
) -> None:
    author = people["author"]
    proposal = held(api, author, "Poda de árboles en la escuela primaria")
    withdrawn = call(api, "post", f"/v1/me/proposals/{proposal['id']}/withdrawal", author)
    assert withdrawn.status_code == 200, withdrawn.body
    assert withdrawn.json_body["status"] == "withdrawn" and withdrawn.json_body["editable"] is False
    assert call(api, "post", f"/v1/me/proposals/{proposal['id']}/withdrawal", author).status_code == 409
    queue = call(api, "get", "/v1/moderation/queue?limit=50", people["moderator"]).json_body
    assert proposal["id"] not in [i["proposal"]["id"] for i in queue["items"]]
    # the duplicate key was released with the withdrawal: the same text can be sent again
    resent = call(api, "post", "/v1/proposals", author, draft("Poda de árboles en la escuela primaria", PHONE_PROBLEM))
    assert resent.status_code == 201, resent.body


def test_a_moderator_redacts_and_publishes_keeping_the_original_for_the_audit_only(
    api: Client, people: dict[str, str]
) -> None:
    proposal = held(api, people["author"], "Basura en el tianguis de los martes")
    path = f"/v1/moderation/proposals/{proposal['id']}"
    redacted_problem = PHONE_PROBLEM.replace("55 1234 5678", "[dato personal retirado]")
    # bad input: redaction without the text, with the text unchanged, text with another action
    for body, field in [
        ({"action": "redact", "reason": "datos_personales"}, "problem"),
        ({"action": "redact", "reason": "datos_personales", "problem": PHONE_PROBLEM}, "problem"),
        ({"action": "publish", "reason": "revisada_sin_problemas", "problem": redacted_problem}, "problem"),
        ({"action": "borrar", "reason": "datos_personales"}, "action"),
    ]:
        refused = call(api, "post", path, people["moderator"], body)
        assert refused.status_code == 400, (body, refused.body)
        error = refused.json_body["error"]
        assert error["details"].get("field") == field or error["details"]["fields"][0]["field"] == field
    assert (
        call(api, "post", path, people["author"], {"action": "redact", "reason": "datos_personales"}).status_code == 403
    )
    assert (
        call(api, "post", path, people["party"], {"action": "redact", "reason": "datos_personales"}).status_code == 403
    )

    done = call(
        api,
        "post",
        path,
        people["moderator"],
        {"action": "redact", "reason": "datos_personales", "problem": redacted_problem},
    )
    assert done.status_code == 200, done.body
    assert done.json_body["status"] == "published"
    assert done.json_body["decisions"][-1]["fields"] == ["problem"]
    page = api.http.get(f"/v1/proposals/{proposal['id']}").json_body
    assert page["problem"] == redacted_problem and "1234" not in json.dumps(page)
    assert page["moderation_note"] == "Texto editado por moderación"
    feed = api.http.get(f"/v1/proposals?ballot={BALLOT}&limit=50").json_body["proposals"]
    assert next(p for p in feed if p["id"] == proposal["id"])["moderation_note"] == "Texto editado por moderación"
    audit = call(api, "get", f"/v1/admin/audit?entity=proposal/{proposal['id']}", people["admin"]).json_body
    (entry,) = [e for e in audit["entries"] if e["action"] == "proposal.redact"]
    assert entry["before"]["problem"] == PHONE_PROBLEM and entry["after"]["fields"] == ["problem"]


def test_asking_for_a_change_returns_it_to_the_author_and_then_to_review(api: Client, people: dict[str, str]) -> None:
    author, moderator = people["author"], people["moderator"]
    proposal = held(api, author, "Baches frente al centro de salud")
    path = f"/v1/moderation/proposals/{proposal['id']}"
    no_note = call(api, "post", path, moderator, {"action": "request_changes", "reason": "datos_personales"})
    assert no_note.status_code == 400 and no_note.json_body["error"]["details"]["field"] == "note"
    asked = call(
        api,
        "post",
        path,
        moderator,
        {"action": "request_changes", "reason": "datos_personales", "note": "Quita el número de teléfono, por favor."},
    )
    assert asked.status_code == 200, asked.body
    seen = mine(api, author)[proposal["id"]]
    assert seen["status"] == "changes_requested" and seen["editable"] is True
    assert seen["decisions"][-1]["note"] == "Quita el número de teléfono, por favor."
    assert "moderator_id" not in json.dumps(seen)
    assert (
        call(api, "post", path, moderator, {"action": "publish", "reason": "revisada_sin_problemas"}).status_code == 409
    )
    clean = draft("Baches frente al centro de salud")
    edited = call(
        api,
        "put",
        f"/v1/me/proposals/{proposal['id']}",
        author,
        {k: clean[k] for k in ("title", "problem", "proposed_action")},
    )
    # the moderator asked for the change: it goes back to the queue even though nothing holds it now
    assert edited.json_body["status"] == "pending_review"
    queue = call(api, "get", "/v1/moderation/queue?limit=50", moderator).json_body
    assert proposal["id"] in [i["proposal"]["id"] for i in queue["items"]]


def test_three_citizens_reports_hide_a_proposal_until_a_moderator_restores_it(
    api: Client, identities: Identities, people: dict[str, str]
) -> None:
    sent = call(api, "post", "/v1/proposals", people["author"], draft("Mercado sobre ruedas los domingos"))
    proposal_id = sent.json_body["id"]
    path = f"/v1/proposals/{proposal_id}/reports"
    reporters = [identities.user(f"reporta-{n}@example.mx", role="citizen") for n in range(4)]
    assert call(api, "post", path, None, {"reason": "spam"}).status_code == 401
    for role in ("moderator", "party"):
        assert call(api, "post", path, people[role], {"reason": "spam"}).status_code == 403
    own = call(api, "post", path, people["author"], {"reason": "spam"})
    assert own.status_code == 409 and own.json_body["error"]["code"] == "own_proposal"
    bad = call(api, "post", path, reporters[0], {"reason": "no me gusta"})
    assert bad.status_code == 400 and bad.json_body["error"]["details"]["fields"][0]["field"] == "reason"

    assert call(api, "post", path, reporters[0], {"reason": "spam"}).status_code == 201
    twice = call(api, "post", path, reporters[0], {"reason": "lenguaje_ofensivo"})
    assert twice.status_code == 409 and twice.json_body["error"]["code"] == "already_reported"
    assert call(api, "post", path, reporters[1], {"reason": "spam"}).status_code == 201
    assert api.http.get(f"/v1/proposals/{proposal_id}").status_code == 200  # two reports: still public
    assert call(api, "post", path, reporters[2], {"reason": "propaganda_electoral"}).status_code == 201
    assert api.http.get(f"/v1/proposals/{proposal_id}").status_code == 404  # hidden pending review
    feed = api.http.get(f"/v1/proposals?ballot={BALLOT}&limit=50").json_body["proposals"]
    assert proposal_id not in [p["id"] for p in feed]
    assert call(api, "post", path, reporters[3], {"reason": "spam"}).status_code == 404
    queue = call(api, "get", "/v1/moderation/queue?limit=50", people["moderator"]).json_body["items"]
    assert next(i for i in queue if i["proposal"]["id"] == proposal_id)["status"] == "hidden"
    assert mine(api, people["author"])[proposal_id]["status"] == "hidden"

    restored = call(
        api,
        "post",
        f"/v1/moderation/proposals/{proposal_id}",
        people["moderator"],
        {"action": "publish", "reason": "revisada_sin_problemas"},
    )
    assert restored.status_code == 200 and restored.json_body["status"] == "published"
    assert api.http.get(f"/v1/proposals/{proposal_id}").status_code == 200
    # reviewed after reports: a fourth report is kept but does not hide it again
    assert call(api, "post", path, reporters[3], {"reason": "spam"}).status_code == 201
    assert api.http.get(f"/v1/proposals/{proposal_id}").status_code == 200


def test_an_idempotent_submission_registers_the_lambda_context(api: Client, people: dict[str, str]) -> None:
    """Without the context Powertools cannot bound an "in progress" record by the remaining time."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = api.http.post(
            "/v1/proposals",
            headers={
                "Content-Type": "application/json",
                "Idempotency-Key": "ciclo-1",
                **Identities.bearer(people["author"]),
            },
            body=json.dumps(draft("Rampas en las banquetas del centro histórico")),
        )
    assert first.status_code == 201, first.body
    assert not [w for w in caught if "remaining time" in str(w.message)]
