"""The Conóceles questionnaire through the API, and the institute's validation before publication."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers, fields_of

CID = "simulacro.ayun.003.pfa"
OTHER = "simulacro.ayun.003.pfv"


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def questionnaire(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "short_bio": "Enfermera comunitaria (dato ficticio del simulacro).",
        "sex": "woman",
        "age": 41,
        "education_level": "bachelor",
        "education_status": "completed",
        "contact": {"email": "casa@ejemplo.mx", "phone": "722 123 4567", "office_address": "Calle Hidalgo 3"},
        "why_running": "Para que el centro de salud abra todos los días.",
        "proposals": ["Centro de salud abierto 24 horas", "Agua potable en cada colonia"],
        "gender_agenda_proposal": "Refugio municipal para mujeres",
        "substitute": {
            "sex": "woman",
            "age": 35,
            "education_level": "upper_secondary",
            "education_status": "completed",
        },
    }
    body.update(changes)
    return body


def party_view(api: Client, who: Callers, cid: str = CID) -> dict[str, Any]:
    response = call(api, "GET", f"/v1/party/candidacies/{cid}/profile", who.editor)
    assert response.status_code == 200, response.body
    body: dict[str, Any] = response.json_body
    return body


def public_profile(api: Client, cid: str = CID) -> dict[str, Any] | None:
    profile: dict[str, Any] | None = api.http.get(f"/v1/candidacies/{cid}").json_body["profile"]
    return profile


def queue(api: Client, token: str) -> list[str]:
    response = call(api, "GET", "/v1/review/profiles?process=simulacro", token)
    assert response.status_code == 200, response.body
    return [i["candidacy_id"] for i in response.json_body["items"]]


def decide(api: Client, token: str, decision: str, version: int, reason: str | None = None, cid: str = CID) -> Any:
    body = {"decision": decision, "version": version, "reason": reason}
    return call(api, "POST", f"/v1/review/profiles/{cid}", token, body)


def test_captured_returned_fixed_published_and_the_public_sees_only_published(api: Client, who: Callers) -> None:
    saved = call(api, "PUT", f"/v1/party/candidacies/{CID}/profile", who.editor, questionnaire())
    assert saved.status_code == 200, saved.body
    assert saved.json_body["status"] == "captured" and saved.json_body["published_version"] is None
    assert saved.json_body["content"]["questionnaire_version"] == 2
    assert public_profile(api) is None  # nothing public before the institute publishes
    assert CID not in queue(api, who.moderator)

    submitted = call(api, "POST", f"/v1/party/candidacies/{CID}/profile/submit", who.editor, {"version": 1})
    assert submitted.status_code == 200, submitted.body
    assert submitted.json_body["status"] == "in_review"
    assert queue(api, who.moderator) == [CID]
    # while in review the party waits: no edit, no second submission
    editing = call(api, "PUT", f"/v1/party/candidacies/{CID}/profile", who.editor, questionnaire(age=42))
    assert editing.status_code == 409 and "en revisión" in editing.json_body["error"]["message"]
    again = call(api, "POST", f"/v1/party/candidacies/{CID}/profile/submit", who.editor, {"version": 1})
    assert again.status_code == 409

    in_review = call(api, "GET", f"/v1/review/profiles/{CID}", who.moderator).json_body
    assert in_review["content"]["contact"]["email"] == "casa@ejemplo.mx"
    no_reason = decide(api, who.moderator, "returned", 1)
    assert no_reason.status_code == 400 and fields_of(no_reason) == {"reason"}
    stale = decide(api, who.moderator, "returned", 7, "La foto no corresponde a la candidata.")
    assert stale.status_code == 409
    returned = decide(api, who.moderator, "returned", 1, "Falta el teléfono de la persona suplente.")
    assert returned.status_code == 200, returned.body
    assert returned.json_body["status"] == "returned"
    assert queue(api, who.moderator) == []
    assert public_profile(api) is None

    # the party sees what is pending and why
    view = party_view(api, who)
    assert view["status"] == "returned" and view["review"]["reason"] == "Falta el teléfono de la persona suplente."
    states = call(api, "GET", "/v1/party/profiles?process=simulacro", who.editor).json_body["items"]
    mine = next(s for s in states if s["candidacy_id"] == CID)
    assert mine["status"] == "returned" and mine["reason"].startswith("Falta el teléfono")
    assert mine["place"] and mine["owner"]

    fixed = questionnaire(substitute={**questionnaire()["substitute"], "contact": {"phone": "722 765 4321"}})
    refixed = call(api, "PUT", f"/v1/party/candidacies/{CID}/profile", who.editor, fixed)
    assert refixed.json_body["status"] == "captured" and refixed.json_body["version"] == 2
    call(api, "POST", f"/v1/party/candidacies/{CID}/profile/submit", who.editor, {"version": 2})
    published = decide(api, who.admin, "published", 2)
    assert published.status_code == 200, published.body
    assert published.json_body["status"] == "published" and published.json_body["published_version"] == 2

    public = public_profile(api)
    assert public is not None and public["version"] == 2 and public["published_at"]
    assert public["content"]["substitute"]["contact"]["phone"] == "722 765 4321"
    assert public["content"]["sex"] == "woman" and public["content"]["education_level"] == "bachelor"
    # a later edit does not change what the public reads until it is published again
    call(api, "PUT", f"/v1/party/candidacies/{CID}/profile", who.editor, {**fixed, "age": 42})
    assert public_profile(api)["version"] == 2  # type: ignore[index]
    assert party_view(api, who)["status"] == "captured"

    audit = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{CID}&limit=20", who.admin).json_body["entries"]
    actions = sorted(e["action"] for e in audit)
    assert actions == sorted(["profile.update"] * 3 + ["profile.submit"] * 2 + ["profile.return", "profile.publish"]), (
        actions
    )
    returned_entry = next(e for e in audit if e["action"] == "profile.return")
    assert returned_entry["actor_role"] == "ieem_moderator" and returned_entry["after"]["status"] == "returned"
    assert "casa@ejemplo.mx" not in json.dumps(returned_entry)  # state changes carry no answers


def test_the_authorization_walk_of_every_state_change(api: Client, who: Callers, identities: Identities) -> None:
    cid = "simulacro.ayun.004.pfa"
    anonymous: str | None = None
    editor_routes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("PUT", f"/v1/party/candidacies/{cid}/profile", questionnaire()),
        ("POST", f"/v1/party/candidacies/{cid}/profile/submit", {"version": 1}),
    ]
    review_routes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("GET", f"/v1/review/profiles/{cid}", None),
        ("POST", f"/v1/review/profiles/{cid}", {"decision": "published", "version": 1}),
        ("GET", "/v1/review/profiles?process=simulacro", None),
    ]
    for method, path, body in editor_routes:
        assert call(api, method, path, anonymous, body).status_code == 401, path
        for token in (who.citizen, who.moderator, who.admin):
            assert call(api, method, path, token, body).status_code == 403, (path, token[:8])
        refused = call(api, method, path, who.other_editor, body)
        assert refused.status_code == 403 and refused.json_body["error"]["code"] == "not_your_candidacy"
    for method, path, body in review_routes:
        assert call(api, method, path, anonymous, body).status_code == 401, path
        for token in (who.citizen, who.editor, who.other_editor):
            assert call(api, method, path, token, body).status_code == 403, path
    # nothing happened: no profile, nothing queued
    assert call(api, "GET", f"/v1/review/profiles/{cid}", who.moderator).json_body["status"] is None

    # the state machine, in order, by the roles allowed
    assert decide(api, who.moderator, "published", 1, cid=cid).status_code == 409  # nothing to publish
    assert call(api, "POST", editor_routes[1][1], who.editor, {"version": 1}).status_code == 409  # nothing saved
    assert call(api, "PUT", editor_routes[0][1], who.editor, questionnaire()).status_code == 200
    assert decide(api, who.moderator, "published", 1, cid=cid).status_code == 409  # captured, not in review
    assert call(api, "POST", editor_routes[1][1], who.editor, {"version": 1}).status_code == 200
    assert decide(api, who.moderator, "published", 1, cid=cid).status_code == 200
    assert decide(api, who.moderator, "returned", 1, "Ya estaba publicado, no aplica.", cid=cid).status_code == 409
    # a coalition member's editor works on the coalition's candidacy; another party's editor does not
    coalition = "simulacro.ayun.004.pfr-pfm"
    pfr = identities.user("editor-pfr@example.mx", role="party_editor", party_id="pfr")
    assert call(api, "PUT", f"/v1/party/candidacies/{coalition}/profile", pfr, questionnaire()).status_code == 200
    assert (
        call(api, "POST", f"/v1/party/candidacies/{coalition}/profile/submit", pfr, {"version": 1}).status_code == 200
    )
    assert (
        call(api, "POST", f"/v1/party/candidacies/{coalition}/profile/submit", who.editor, {"version": 1}).status_code
        == 403
    )


def test_questionnaire_answers_are_checked_per_field_under_the_process_version(api: Client, who: Callers) -> None:
    cases = [
        (questionnaire(sex="mujer"), {"sex"}),
        (questionnaire(education_level="maestria"), {"education_level"}),
        (questionnaire(proposals=["uno", "dos", "tres"]), {"proposals"}),
        (questionnaire(contact={"email": "no-es-correo"}), {"contact.email"}),
        (questionnaire(substitute={"education_status": "completed"}), {"substitute.education_status"}),
        (questionnaire(birth_date="1980-12-07", age=50), {"age"}),
        (questionnaire(links={"instagram": "https://ejemplo.mx/no-es-instagram"}), {"links"}),
    ]
    for body, expected in cases:
        response = call(api, "PUT", f"/v1/party/candidacies/{OTHER}/profile", who.other_editor, body)
        assert response.status_code == 400, (body, response.body)
        assert fields_of(response) == expected, response.body
    assert call(api, "GET", f"/v1/review/profiles/{OTHER}", who.moderator).json_body["status"] is None
    nulls = call(
        api,
        "PUT",
        f"/v1/party/candidacies/{OTHER}/profile",
        who.other_editor,
        {"sex": "", "age": None, "short_bio": "No proporcionó", "contact": {"phone": "-"}},
    )
    assert nulls.status_code == 200, nulls.body
    content = nulls.json_body["content"]
    assert content["sex"] is None and content["short_bio"] is None and content["contact"]["phone"] is None


def test_a_party_edit_keeps_the_candidates_consent_and_the_audit_never_holds_answers(api: Client, who: Callers) -> None:
    """Consent and withdrawal are the candidate's, through the link (test_identity_consent.py); a
    party's save can neither set nor drop them, and profile.update entries carry no answers."""
    cid = "simulacro.ayun.102.pfa"  # seeded with the fictional candidate's consent (youth)
    public = public_profile(api, cid)
    assert public is not None and public["identity"]["answers"]["youth"] is True
    current = party_view(api, who, cid)
    body = {**current["content"], "short_bio": "Semblanza ficticia corregida del simulacro."}
    body.pop("questionnaire_version")
    assert call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, body).status_code == 200
    public = public_profile(api, cid)
    assert public is not None and public["identity"]["answers"]["youth"] is True
    audit = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{cid}&limit=50", who.admin).json_body["entries"]
    updates = [e for e in audit if e["action"] == "profile.update"]
    assert updates and '"answers"' not in json.dumps(audit)
