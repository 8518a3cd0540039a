"""Every proposals route (and a citizen's email settings, and the email links that need no log-in)
walked with every role: anonymous, citizen, another citizen, the editor of an addressed party, the
editor of another party, a moderator and an admin."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.identities import Identities

ROLES = ["anonymous", "author", "other_citizen", "addressed_editor", "other_editor", "moderator", "admin"]


@pytest.fixture(scope="module")
def tokens(identities: Identities) -> dict[str, str | None]:
    return {
        "anonymous": None,
        "author": identities.user("authz-autora@example.mx", role="citizen", name="Autora"),
        "other_citizen": identities.user("authz-vecino@example.mx", role="citizen", name="Vecino"),
        "addressed_editor": identities.user("authz-pfa@simulacro.mx", role="party_editor", party_id="pfa"),
        "other_editor": identities.user("authz-pfr@simulacro.mx", role="party_editor", party_id="pfr"),
        "moderator": identities.user("authz-moderadora@ieem.mx", role="ieem_moderator"),
        "admin": identities.user("authz-admin@ieem.mx", role="ieem_admin"),
    }


def request(api: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers.update(Identities.bearer(token))
    return getattr(api.http, method.lower())(path, headers=headers, body=json.dumps(body) if body is not None else "")


def proposal_body(
    title: str, problem: str = "La calle principal lleva meses sin alumbrado ni vigilancia."
) -> dict[str, Any]:
    return {
        "ballot_id": "simulacro.ayun.006",
        "topic": "seguridad",
        "title": title,
        "problem": problem,
        "proposed_action": "Instalar luminarias nuevas y coordinar rondines con la policía municipal.",
        "addressed_to": ["pfa"],
    }


def test_each_role_gets_the_status_its_permissions_give_on_every_proposals_route(
    api: Client, tokens: dict[str, str | None]
) -> None:
    # Given one published proposal by the author and two held for review
    published = request(api, "POST", "/v1/proposals", tokens["author"], proposal_body("Alumbrado en la calle Reforma"))
    assert published.status_code == 201
    pid = published.json_body["id"]
    held_texts = [
        ("Retenida: mercado sin limpieza", "El mercado acumula basura; fotos en www.ejemplo-mercado.mx cada semana."),
        (
            "Retenida: transporte nocturno",
            "No hay camiones después de las diez; horarios en https://camiones.example.org.",
        ),
    ]
    held = [
        request(api, "POST", "/v1/proposals", tokens["author"], proposal_body(t, p)).json_body["id"]
        for t, p in held_texts
    ]
    answer = {"stance": "comment", "text": "Estamos revisando la propuesta con vecinos."}
    decision = {"action": "publish", "reason": "revisada_sin_problemas"}
    expected: list[tuple[str, str, Any, dict[str, int]]] = [
        ("GET", "/v1/me", None,
         {"anonymous": 401, "author": 200, "other_citizen": 200, "addressed_editor": 200, "other_editor": 200,
          "moderator": 200, "admin": 200}),
        ("POST", "/v1/proposals",
         {**proposal_body("Biblioteca abierta en vacaciones", "La biblioteca pública cierra en vacaciones escolares."),
          "topic": "educacion", "proposed_action": "Abrir la biblioteca con horario de verano y talleres."},
         {"anonymous": 401, "author": 201, "other_citizen": 201, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("GET", "/v1/proposals", None, dict.fromkeys(ROLES, 200)),
        ("GET", "/v1/me/notification-settings", None,
         {"anonymous": 401, "author": 200, "other_citizen": 200, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("PUT", "/v1/me/notification-settings", {"own": True, "supported": True},
         {"anonymous": 401, "author": 200, "other_citizen": 200, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        # the token is the only proof these take (a session changes nothing): a bad one is 400 for all
        ("POST", "/v1/unsubscribe?token=no.valido", {"List-Unsubscribe": "One-Click"}, dict.fromkeys(ROLES, 400)),
        ("POST", "/v1/party/address-confirmation?token=no.valido", {"confirm": True}, dict.fromkeys(ROLES, 400)),
        ("GET", f"/v1/proposals/{pid}", None, dict.fromkeys(ROLES, 200)),
        ("GET", "/v1/me/proposals", None,
         {"anonymous": 401, "author": 200, "other_citizen": 200, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("PUT", f"/v1/proposals/{pid}/support", None,
         {"anonymous": 401, "author": 409, "other_citizen": 200, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("DELETE", f"/v1/proposals/{pid}/support", None,
         {"anonymous": 401, "author": 409, "other_citizen": 200, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("POST", f"/v1/proposals/{pid}/responses", answer,
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 200, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("POST", f"/v1/proposals/{pid}/acknowledgement", {},
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 200, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("GET", "/v1/processes/simulacro/responsiveness", None, dict.fromkeys(ROLES, 200)),
        ("GET", "/v1/open-data/simulacro/responsiveness.json", None, dict.fromkeys(ROLES, 200)),
        ("GET", "/v1/moderation/queue", None,
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 403, "other_editor": 403,
          "moderator": 200, "admin": 200}),
        ("GET", "/v1/moderation/queue?reason=reported&process=simulacro", None,
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 403, "other_editor": 403,
          "moderator": 200, "admin": 200}),
        ("POST", f"/v1/moderation/proposals/{held[0]}", decision,
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 403, "other_editor": 403,
          "moderator": 200, "admin": 409}),
        ("POST", f"/v1/moderation/proposals/{held[1]}", decision,
         {"anonymous": 401, "author": 403, "other_citizen": 403, "addressed_editor": 403, "other_editor": 403,
          "admin": 200, "moderator": 409}),
    ]  # fmt: skip
    mismatches = []
    for method, path, body, statuses in expected:
        for role, status in statuses.items():
            payload = json.loads(json.dumps(body).replace("{role}", role)) if body is not None else None
            response = request(api, method, path, tokens[role], payload)
            if response.status_code != status:
                mismatches.append((method, path, role, status, response.status_code, response.body[:200]))
            if response.status_code >= 400:
                assert json.loads(response.body)["error"]["code"], (method, path, role)
    assert mismatches == []


def test_my_data_and_my_account_routes_answer_each_role(api: Client, tokens: dict[str, str | None]) -> None:
    # ARCO (issue 13): anyone signed in reads their own data; only a citizen deletes their own
    # account (staff and party accounts are closed by the institute). Bodies are wrong on purpose
    # (a wrong password, an empty name), so nobody's account changes.
    deletion = {"current_password": "no-es-la-contraseña-1", "proposals": "keep"}
    expected: list[tuple[str, str, Any, dict[str, int]]] = [
        ("GET", "/v1/me/data", None, {**dict.fromkeys(ROLES, 200), "anonymous": 401}),
        ("DELETE", "/v1/me", deletion,
         {"anonymous": 401, "author": 400, "other_citizen": 400, "addressed_editor": 403, "other_editor": 403,
          "moderator": 403, "admin": 403}),
        ("PUT", "/v1/me/display-name", {"display_name": ""}, {**dict.fromkeys(ROLES, 400), "anonymous": 401}),
    ]  # fmt: skip
    mismatches = []
    for method, path, body, statuses in expected:
        for role, status in statuses.items():
            response = request(api, method, path, tokens[role], body)
            if response.status_code != status:
                mismatches.append((method, path, role, status, response.status_code, response.body[:200]))
    assert mismatches == []
