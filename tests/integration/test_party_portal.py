"""Parties keep their candidacies' profiles, read their inbox and set how they are told."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest
import requests
from chalice.test import Client

from tests.integration.conftest import TABLE
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers, fields_of, publish_profile
from tests.integration.stream_tallies import StreamTallies

OWN = "simulacro.ayun.001.pfa"
OTHERS = "simulacro.ayun.001.pfv"
COALITION = "simulacro.ayun.001.pfr-pfm"


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


@pytest.fixture(scope="module")
def photos_bucket(aws: None) -> str:
    boto3.client("s3").create_bucket(Bucket="decide-dev-photos")
    return "decide-dev-photos"


def profile(**changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "short_bio": "Maestra normalista con 20 años de trabajo comunitario (dato ficticio del simulacro).",
        "education": "Licenciatura en Educación Primaria",
        "why_running": "Para que el agua llegue todos los días a cada colonia.",
        "proposals": ["Rehabilitar pozos", "Transporte nocturno seguro", ""],
        "links": {"website": "https://ejemplo.mx/ana", "facebook": "https://www.facebook.com/ana.ejemplo"},
    }
    body.update(changes)
    return body


def test_an_editor_saves_a_profile_everyone_reads_it_with_nulls_and_a_dated_history(api: Client, who: Callers) -> None:
    saved = call(api, "PUT", f"/v1/party/candidacies/{OWN}/profile", who.editor, profile(political_history="—"))
    assert saved.status_code == 200, saved.body
    assert saved.json_body["version"] == 1
    publish_profile(api, who, OWN)
    public = api.http.get(f"/v1/candidacies/{OWN}").json_body
    content = public["profile"]["content"]
    assert content["education"] == "Licenciatura en Educación Primaria"
    assert content["proposals"] == ["Rehabilitar pozos", "Transporte nocturno seguro"]
    # not provided (or sentinel text) is null, never "No proporcionó"
    assert content["work_history"] is None and content["gender_agenda_proposal"] is None
    assert content["links"]["x"] is None
    assert public["profile"]["identity"] is None
    assert public["profile_updated_at"] is not None

    again = call(
        api,
        "PUT",
        f"/v1/party/candidacies/{OWN}/profile",
        who.editor,
        profile(education="Maestría en Gestión Pública", links={"x": "https://x.com/ana_ejemplo"}),
    )
    assert again.json_body["version"] == 2
    publish_profile(api, who, OWN)
    history = api.http.get(f"/v1/candidacies/{OWN}/history").json_body["changes"]
    assert [h["version"] for h in history] == [2, 1]
    assert history[0]["changed_fields"] == ["education", "links.facebook", "links.website", "links.x"]
    assert history[0]["by_role"] == "party_editor" and "Amanecer" in (history[0]["by_contender"] or "")
    assert "editor-pfa@example.mx" not in json.dumps(history)
    # saving the same content again makes no new version
    same = call(
        api,
        "PUT",
        f"/v1/party/candidacies/{OWN}/profile",
        who.editor,
        profile(education="Maestría en Gestión Pública", links={"x": "https://x.com/ana_ejemplo"}),
    )
    assert same.json_body["version"] == 2
    audit = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{OWN}", who.admin).json_body["entries"]
    updates = [e for e in audit if e["action"] == "profile.update"]
    assert len(updates) == 2
    reviews = sorted(e["action"] for e in audit if e["action"] != "profile.update")
    assert reviews == ["profile.publish", "profile.publish", "profile.submit", "profile.submit"]
    second = next(e for e in updates if e["after"]["version"] == 2)  # same clock tick: order by id
    assert second["actor_email"] == "editor-pfa@example.mx" and second["actor_role"] == "party_editor"
    assert second["before"]["version"] == 1


def test_a_party_cannot_record_identity_answers_only_the_candidates_link_can(api: Client, who: Callers) -> None:
    """The candidate answers and consents through the emailed link (tests/integration/test_identity_consent.py)."""
    before = call(api, "GET", f"/v1/party/candidacies/{OWN}/profile", who.editor).json_body
    for identity in ({"consent": True, "answers": {"indigenous": True}}, {"consent": False}):
        refused = call(api, "PUT", f"/v1/party/candidacies/{OWN}/profile", who.editor, profile(identity=identity))
        assert refused.status_code == 400 and fields_of(refused) == {"identity"}
    after = call(api, "GET", f"/v1/party/candidacies/{OWN}/profile", who.editor).json_body
    assert after["version"] == before["version"] and after["identity"] is None


def test_bad_profiles_are_refused_naming_each_field_and_leave_nothing_behind(api: Client, who: Callers) -> None:
    cid = "simulacro.ayun.002.pfa"
    cases = [
        (profile(links={"facebook": "https://ejemplo.mx/no-es-facebook"}), {"links"}),
        (profile(links={"website": "http://sin-cifrado.mx"}), {"links.website"}),
        (profile(links={"myspace": "https://myspace.com/x"}), {"links.myspace"}),
        (profile(proposals=["uno", "dos", "tres", "cuatro"]), {"proposals"}),
        (profile(short_bio="x" * 1001), {"short_bio"}),
        (profile(photo_url="https://otro-sitio.mx/foto.jpg"), {"photo_url"}),
        (profile(photo_url="http://otro-sitio.mx/foto.jpg"), {"photo_url"}),  # http only on loopback (moto)
        (profile(photo_url="http://127.0.0.1:5001/otro-bucket/foto.jpg"), {"photo_url"}),  # not the photos prefix
    ]
    for body, fields in cases:
        response = call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, body)
        assert response.status_code == 400, (body, response.body)
        assert fields_of(response) == fields, response.body
    assert api.http.get(f"/v1/candidacies/{cid}").json_body["profile"] is None
    assert api.http.get(f"/v1/candidacies/{cid}/history").json_body["changes"] == []


def test_editors_touch_only_their_own_party_and_its_coalitions(api: Client, identities: Identities) -> None:
    who = callers(identities)
    pfr = identities.user("editor-pfr@example.mx", role="party_editor", party_id="pfr")
    assert call(api, "PUT", f"/v1/party/candidacies/{OTHERS}/profile", who.editor, profile()).status_code == 403
    assert call(api, "PUT", f"/v1/party/candidacies/{COALITION}/profile", pfr, profile()).status_code == 200
    assert call(api, "PUT", f"/v1/party/candidacies/{COALITION}/profile", who.editor, profile()).status_code == 403
    missing = call(api, "GET", "/v1/party/candidacies/simulacro.ayun.001.nadie/profile", who.editor)
    assert missing.status_code == 404


def test_a_photo_is_uploaded_with_a_presigned_post_limited_in_type_and_size(
    api: Client, who: Callers, photos_bucket: str
) -> None:
    bad_type = call(api, "POST", f"/v1/party/candidacies/{OWN}/photo-upload", who.editor, {"content_type": "image/gif"})
    assert bad_type.status_code == 400 and fields_of(bad_type) == {"content_type"}
    upload = call(api, "POST", f"/v1/party/candidacies/{OWN}/photo-upload", who.editor, {"content_type": "image/png"})
    assert upload.status_code == 200, upload.body
    presigned = upload.json_body
    policy = json.loads(base64.b64decode(presigned["fields"]["policy"]))
    assert ["content-length-range", 1, 2 * 1024 * 1024] in policy["conditions"]
    assert {"Content-Type": "image/png"} in policy["conditions"]
    key = presigned["fields"]["key"]
    assert key.startswith(f"photos/candidacies/{OWN}/") and key.endswith(".png")
    sent = requests.post(
        presigned["url"], data=presigned["fields"], files={"file": ("foto.png", b"\x89PNG fake image", "image/png")}
    )
    assert sent.status_code in (200, 204), sent.text
    stored = boto3.client("s3").get_object(Bucket=photos_bucket, Key=key)
    assert stored["Body"].read() == b"\x89PNG fake image"
    saved = call(
        api, "PUT", f"/v1/party/candidacies/{OWN}/profile", who.editor, profile(photo_url=presigned["photo_url"])
    )
    assert saved.status_code == 200, saved.body
    publish_profile(api, who, OWN)
    assert api.http.get(f"/v1/candidacies/{OWN}").json_body["profile"]["content"]["photo_url"] == presigned["photo_url"]
    # a photo stored for another candidacy is refused
    elsewhere = presigned["photo_url"].replace(OWN, OTHERS)
    refused = call(api, "PUT", f"/v1/party/candidacies/{OWN}/profile", who.editor, profile(photo_url=elsewhere))
    assert refused.status_code == 400 and fields_of(refused) == {"photo_url"}


def test_the_inbox_lists_proposals_with_counts_and_answers_move_them(api: Client, who: Callers) -> None:
    tallies = StreamTallies(TABLE)  # the counts follow from the stream, as the relay derives them
    sent = call(
        api,
        "POST",
        "/v1/proposals",
        who.citizen,
        {
            "ballot_id": "simulacro.ayun.001",
            "topic": "agua",
            "title": "Agua potable todos los días en la colonia Centro",
            "problem": "Desde hace meses el agua llega solo dos veces por semana a la colonia Centro.",
            "proposed_action": "Rehabilitar el pozo municipal y publicar el calendario de distribución.",
            "addressed_to": ["pfa", "pfv"],
        },
    ).json_body
    assert sent["status"] == "published"
    tallies.catch_up()
    inbox = call(api, "GET", "/v1/party/inbox?process=simulacro&status=unanswered", who.editor).json_body
    assert inbox["counts"] == {"unanswered": 1, "answered": 0}
    assert [i["proposal"]["id"] for i in inbox["items"]] == [sent["id"]]
    by_topic = call(api, "GET", "/v1/party/inbox?process=simulacro&topic=salud", who.editor).json_body
    assert by_topic["items"] == [] and by_topic["counts"]["unanswered"] == 1
    answer = {"stance": "commit", "text": "Nos comprometemos a rehabilitar el pozo en los primeros cien días."}
    assert call(api, "POST", f"/v1/proposals/{sent['id']}/responses", who.editor, answer).status_code == 200
    tallies.catch_up()
    answered = call(api, "GET", "/v1/party/inbox?process=simulacro&status=answered", who.editor).json_body
    assert answered["counts"] == {"unanswered": 0, "answered": 1}
    assert [i["answered"] for i in answered["items"]] == [True]
    other = call(api, "GET", "/v1/party/inbox?process=simulacro", who.other_editor).json_body
    assert other["counts"] == {"unanswered": 1, "answered": 0}
    audit = call(api, "GET", f"/v1/admin/audit?entity=proposal/{sent['id']}/response/pfa", who.admin).json_body
    assert [e["action"] for e in audit["entries"]] == ["response.save"]
    refused = call(api, "GET", "/v1/party/inbox?process=simulacro&contender=pfv", who.editor)
    assert refused.status_code == 403


def test_notification_settings_are_validated_saved_and_audited(api: Client, who: Callers) -> None:
    six = [f"avisos{n}@pfa.mx" for n in range(6)]
    too_many = call(
        api, "PUT", "/v1/party/settings", who.editor, {"process": "simulacro", "addresses": six, "mode": "digest"}
    )
    assert too_many.status_code == 400 and fields_of(too_many) == {"addresses"}
    bad = call(
        api,
        "PUT",
        "/v1/party/settings",
        who.editor,
        {"process": "simulacro", "addresses": ["no-es-correo"], "mode": "digest"},
    )
    assert bad.status_code == 400
    saved = call(
        api,
        "PUT",
        "/v1/party/settings",
        who.editor,
        {"process": "simulacro", "addresses": ["Prensa@PFA.mx", "avisos@pfa.mx"], "mode": "digest"},
    )
    assert saved.status_code == 200, saved.body
    read = call(api, "GET", "/v1/party/settings?process=simulacro", who.editor).json_body
    assert read["addresses"] == ["prensa@pfa.mx", "avisos@pfa.mx"] and read["mode"] == "digest"
    missing = call(api, "GET", "/v1/party/settings", who.editor)
    assert missing.status_code == 400 and fields_of(missing) == {"process"}
    audit = call(api, "GET", "/v1/admin/audit?entity=party_settings/simulacro/pfa", who.admin).json_body["entries"]
    assert audit[0]["after"]["mode"] == "digest" and audit[0]["before"]["mode"] == "immediate"
