"""Coalitions as contenders of the law: any member party's editor answers for them; others may not.

Drill ballot `simulacro.ayun.001`: PFA, the PFR–PFM coalition (in the PFR and PFM boxes), PFV and
a fictional independent.
"""

from __future__ import annotations

from typing import Any

from chalice.test import Client

from tests.integration.identities import Identities
from tests.integration.portal_helpers import call

BALLOT = "simulacro.ayun.001"
COALITION = "pfr-pfm"


def proposal_to_coalition(api: Client, author: str) -> dict[str, Any]:
    body = {
        "ballot_id": BALLOT,
        "topic": "agua",
        "title": "Pozo de agua para el barrio alto",
        "problem": "El barrio alto recibe agua dos días por semana desde hace un año y las pipas no alcanzan.",
        "proposed_action": "Perforar un pozo y conectar la red del barrio alto con un calendario público de obra.",
        "addressed_to": [COALITION],
    }
    response = call(api, "POST", "/v1/proposals", author, body)
    assert response.status_code == 201, response.body
    return response.json_body  # type: ignore[no-any-return]


def test_a_member_partys_editor_answers_for_its_coalition_and_the_answer_names_the_party(
    api: Client, identities: Identities
) -> None:
    author = identities.user("coalicion-autora@example.mx", role="citizen")
    pfr = identities.user("coalicion-editor-pfr@simulacro.mx", role="party_editor", party_id="pfr")
    pfm = identities.user("coalicion-editor-pfm@simulacro.mx", role="party_editor", party_id="pfm")
    pfa = identities.user("coalicion-editor-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    proposal = proposal_to_coalition(api, author)
    path = f"/v1/proposals/{proposal['id']}/responses"

    answered = call(api, "POST", path, pfr, {"stance": "commit", "text": "Perforaremos el pozo en el primer año."})
    assert answered.status_code == 200, answered.body
    assert answered.json_body["contender_id"] == COALITION
    assert answered.json_body["written_by"] == "pfr"
    # the other member edits the same answer: one answer per coalition, the editing party recorded
    edited = call(api, "POST", path, pfm, {"stance": "commit", "text": "Perforaremos el pozo y la red en un año."})
    assert edited.status_code == 200 and edited.json_body["written_by"] == "pfm"
    assert edited.json_body["history"][0]["written_by"] == "pfr"

    outside = call(api, "POST", path, pfa, {"stance": "decline", "text": "No es una propuesta dirigida a nosotros."})
    assert outside.status_code == 403
    assert outside.json_body["error"]["code"] == "not_addressed"
    page = api.http.get(f"/v1/proposals/{proposal['id']}").json_body
    assert [(r["contender_id"], r["written_by"]) for r in page["responses"]] == [(COALITION, "pfm")]


def test_proposals_to_a_coalition_are_listed_under_each_member_party(api: Client, identities: Identities) -> None:
    author = identities.user("coalicion-feed@example.mx", role="citizen")
    proposal = proposal_to_coalition(api, author)
    for party in ("pfr", "pfm", COALITION):
        listed = api.http.get(f"/v1/proposals?party={party}&limit=50").json_body["proposals"]
        assert proposal["id"] in [p["id"] for p in listed], party
    listed = api.http.get("/v1/proposals?party=pfa&limit=50").json_body["proposals"]
    assert proposal["id"] not in [p["id"] for p in listed]


def test_a_coalitions_addresses_are_changed_only_by_the_institute_or_the_party_it_names(
    api: Client, identities: Identities
) -> None:
    pfr = identities.user("avisos-editor-pfr@simulacro.mx", role="party_editor", party_id="pfr")
    pfm = identities.user("avisos-editor-pfm@simulacro.mx", role="party_editor", party_id="pfm")
    admin = identities.user("avisos-admin@ieem.mx", role="ieem_admin")
    settings = {"process": "simulacro", "contender": COALITION, "addresses": ["rio@example.mx"], "mode": "digest"}

    # members read the coalition's inbox and settings
    inbox = call(api, "GET", f"/v1/party/inbox?process=simulacro&contender={COALITION}", pfr)
    assert inbox.status_code == 200, inbox.body
    assert call(api, "GET", f"/v1/party/settings?process=simulacro&contender={COALITION}", pfm).status_code == 200
    # but a member may not replace the coalition's addresses on its own
    refused = call(api, "PUT", "/v1/party/settings", pfr, settings)
    assert refused.status_code == 403
    assert "solo las cambia el IEEM" in refused.json_body["error"]["message"]
    before = call(api, "GET", f"/v1/party/settings?process=simulacro&contender={COALITION}", pfr).json_body
    assert before["addresses"] == ["avisos-pfr-pfm@simulacro.decide.ieem.local"]  # nothing changed

    # the institute may, and may name a member party to keep them
    assert call(api, "PUT", "/v1/party/settings", admin, settings).status_code == 200
    coalition = {
        "kind": "coalition",
        "name": "Coalición Ficticia Río y Montaña",
        "short_name": "PFR-PFM",
        "members": ["pfr", "pfm"],
        "ballot_order": 2,
        "colors": ["#1d4ed8", "#15803d"],
        "fictional": True,
    }
    path = f"/v1/admin/processes/simulacro/contenders/{COALITION}"
    bad = call(api, "PUT", path, admin, coalition | {"notification_party": "pfa"})
    assert bad.status_code == 400
    assert bad.json_body["error"]["details"]["fields"][0]["field"] == "notification_party"
    assert call(api, "PUT", path, admin, coalition | {"notification_party": "pfm"}).status_code == 200
    assert (
        call(api, "PUT", "/v1/party/settings", pfm, settings | {"addresses": ["montana@example.mx"]}).status_code == 200
    )
    assert call(api, "PUT", "/v1/party/settings", pfr, settings).status_code == 403
