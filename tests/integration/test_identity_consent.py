"""The candidate's own consent to the identity questionnaire, through the emailed one-time link.

The whole path runs on moto: the party asks for the link → the table stream → relay → SNS → the
party queue → the consumer → SES (a local mailbox copy); the token is read from the email, as the
candidate would. Then the public page, per-item consent, publication, withdrawal, and the one-off
scrub of answers kept from before the link existed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal, Role
from chalicelib.notifications.models import PartySettings
from chalicelib.profiles.identity_scrub import scrub_identity
from chalicelib.profiles.models import IdentityAnswers, IdentityRecord, StoredProfile
from chalicelib.settings import Settings
from chalicelib.storage import keys
from chalicelib.storage.consent_store import ConsentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from chalicelib.storage.table import StoredItem
from decide.event_pump import EventPump, pump_for_app, scheduled_event
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers, fields_of, publish_profile

CID = "simulacro.ayun.005.pfa"
CANDIDATE = "candidata-005@simulacro.example.org"
PARTY_ADDRESS = "avisos-pfa-005@simulacro.decide.ieem.local"
KEY = "test-consent-link-key"
PROFILE = {"short_bio": "Maestra rural (dato ficticio del simulacro).", "sex": "woman", "age": 33}


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def topic(seeded: ElectionStore, identities: Identities) -> str:
    return bootstrap(StackNames(stage="dev", table=TABLE)).topic_arn


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def wired(
    topic: str, seeded: ElectionStore, identities: Identities, tmp_path: Path, clock: Clock
) -> Iterator[dict[str, Any]]:
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=topic,
        local_mailbox_dir=str(tmp_path / "mailbox"),
        consent_link_key=KEY,
        web_base_url="https://decide.example.org",
    )
    wire_with_faults(settings, seeded, identities.verifier(), clock, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "mailbox": settings.local_mailbox_dir}
    dependencies.use(None)


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def emails_to(mailbox: str, address: str) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(mailbox) if m["to"] == address]


def token_in(email: dict[str, Any]) -> str:
    found = re.search(r"#/consentimiento\?t=([A-Za-z0-9_.-]+)", email["text"])
    assert found, email["text"]
    return found.group(1)


def invite(api: Client, who: Callers, pump: EventPump, mailbox: str, cid: str = CID) -> str:
    sent = call(api, "POST", f"/v1/party/candidacies/{cid}/identity-invitation", who.editor, {"email": CANDIDATE})
    assert sent.status_code == 200, sent.body
    assert sent.json_body["link_status"] == "pending" and sent.json_body["sent_to"] == CANDIDATE
    pump.drain(timeout=30)
    return token_in(emails_to(mailbox, CANDIDATE)[-1])


def consent(api: Client, token: str, items: dict[str, Any], version: str | None = None) -> Any:
    page = call(api, "POST", "/v1/identity-consent/open", body={"token": token})
    assert page.status_code == 200, page.body
    body = {"token": token, "text_version": version or page.json_body["text_version"], "items": items}
    return call(api, "POST", "/v1/identity-consent", body=body)


def saved(api: Client, who: Callers, cid: str = CID) -> None:
    response = call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.editor, PROFILE)
    assert response.status_code == 200, response.body


def stats(api: Client) -> dict[str, Any]:
    body: dict[str, Any] = api.http.get("/v1/processes/simulacro/candidacy-statistics").json_body
    return {g["group"]: g["count"] for g in body["identity"]} | {"answered": body["identity_answered"]}


def test_a_party_cannot_set_consent_the_candidates_link_can(
    wired: dict[str, Any], who: Callers, seeded: ElectionStore
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    saved(api, who)
    before = call(api, "GET", f"/v1/party/candidacies/{CID}/profile", who.editor).json_body
    ticked = {**PROFILE, "identity": {"consent": True, "answers": {"indigenous": True}}}
    refused = call(api, "PUT", f"/v1/party/candidacies/{CID}/profile", who.editor, ticked)
    assert refused.status_code == 400 and fields_of(refused) == {"identity"}
    assert "enlace" in refused.json_body["error"]["details"]["fields"][0]["message"]
    after = call(api, "GET", f"/v1/party/candidacies/{CID}/profile", who.editor).json_body
    assert after["version"] == before["version"] and after["identity"] is None  # nothing changed

    # another party's editor cannot send the link; the email goes to the candidate, not the party
    other = call(
        api, "POST", f"/v1/party/candidacies/{CID}/identity-invitation", who.other_editor, {"email": CANDIDATE}
    )
    assert other.status_code == 403
    bad = call(api, "POST", f"/v1/party/candidacies/{CID}/identity-invitation", who.editor, {"email": "no-es-correo"})
    assert bad.status_code == 400 and fields_of(bad) == {"email"}
    token = invite(api, who, pump, mailbox)
    email = emails_to(mailbox, CANDIDATE)[-1]
    assert len(emails_to(mailbox, CANDIDATE)) == 1 and "consentimiento" in email["subject"]
    assert "SIMULACRO" in email["text"].upper()  # the drill is labelled fictional

    page = call(api, "POST", "/v1/identity-consent/open", body={"token": token}).json_body
    assert page["state"] == "open" and page["recorded"] is None
    assert page["items"] == list(IdentityAnswers.model_fields) and page["place"] and page["contender"]
    assert CID not in json.dumps(page)  # no internal ids on the candidate's page
    recorded = consent(
        api,
        token,
        {
            "indigenous": {"consent": True, "answer": True},
            "youth": {"consent": False, "answer": True},  # answered but not consented: not kept
            "older_adult": {"consent": True, "answer": False},
        },
    )
    assert recorded.status_code == 200, recorded.body
    record = recorded.json_body["recorded"]
    assert record["consented_items"] == ["indigenous", "older_adult"]
    assert record["answers"]["youth"] is None and record["answers"]["indigenous"] is True
    assert record["text_version"] == page["text_version"] and record["recorded_at"]

    # once per link
    again = consent(api, token, {"indigenous": {"consent": True, "answer": False}})
    assert again.status_code == 409 and again.json_body["error"]["code"] == "consent_link_used"
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    assert call(api, "POST", "/v1/identity-consent/open", body={"token": forged}).status_code == 403

    # the party sees that and when, never the link
    status = call(api, "GET", f"/v1/party/candidacies/{CID}/identity-consent", who.editor).json_body["consent"]
    assert status["link_status"] == "used" and status["consented_items"] == ["indigenous", "older_adult"]
    assert token not in json.dumps(status)

    publish_profile(api, who, CID)
    identity = api.http.get(f"/v1/candidacies/{CID}").json_body["profile"]["identity"]
    assert identity["answers"] == {
        **dict.fromkeys(IdentityAnswers.model_fields),
        "indigenous": True,
        "older_adult": False,
    }


def test_withdrawal_through_the_same_link_removes_the_answers_from_the_profile_statistics_and_audit(
    wired: dict[str, Any], who: Callers, seeded: ElectionStore
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    cid = "simulacro.ayun.006.pfa"
    saved(api, who, cid)
    publish_profile(api, who, cid)
    counted = stats(api)
    token = invite(api, who, pump, mailbox, cid)
    assert consent(api, token, {"youth": {"consent": True, "answer": True}}).status_code == 200
    # published already: the consent reaches the public copy and the statistics at once
    assert api.http.get(f"/v1/candidacies/{cid}").json_body["profile"]["identity"]["answers"]["youth"] is True
    assert stats(api)["youth"] == counted["youth"] + 1

    withdrawn = call(api, "POST", "/v1/identity-consent/withdraw", body={"token": token})
    assert withdrawn.status_code == 200 and withdrawn.json_body["state"] == "withdrawn"
    assert withdrawn.json_body["recorded"] is None
    assert api.http.get(f"/v1/candidacies/{cid}").json_body["profile"]["identity"] is None
    assert stats(api) == counted
    stored = ConsentStore(seeded.table).get(cid)
    assert stored is not None and stored.record is None
    # the log keeps that consent was given and withdrawn, never the answers
    entries = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{cid}", who.admin).json_body["entries"]
    actions = [e["action"] for e in entries]
    assert "identity.consent" in actions and "identity.withdraw" in actions and "identity.invite" in actions
    assert '"answers"' not in json.dumps(entries) and CANDIDATE not in json.dumps(entries)
    # the same link again: nothing left to withdraw, nothing to consent
    assert call(api, "POST", "/v1/identity-consent/withdraw", body={"token": token}).status_code == 200
    assert consent(api, token, {"youth": {"consent": True, "answer": True}}).status_code == 409


def test_an_expired_or_replaced_link_cannot_record_consent(wired: dict[str, Any], who: Callers, clock: Clock) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    cid = "simulacro.ayun.007.pfa"
    first = invite(api, who, pump, mailbox, cid)
    clock.now = NOW + timedelta(days=15)
    expired = consent(api, first, {"youth": {"consent": True, "answer": True}})
    if expired.status_code == 409:  # the drill's veda may come first: the phase refuses too
        assert expired.json_body["error"]["code"] == "phase_closed"
    else:
        assert expired.status_code == 403 and expired.json_body["error"]["code"] == "consent_link_expired"
    clock.now = NOW
    second = invite(api, who, pump, mailbox, cid)
    replaced = call(api, "POST", "/v1/identity-consent/open", body={"token": first})
    assert replaced.status_code == 403 and replaced.json_body["error"]["code"] == "consent_link_invalid"
    unknown = consent(api, second, {"caste": {"consent": True, "answer": True}})
    assert unknown.status_code == 400 and fields_of(unknown) == {"items.caste"}
    stale = consent(api, second, {"youth": {"consent": True, "answer": True}}, version="old-text")
    assert stale.status_code == 400 and fields_of(stale) == {"text_version"}
    assert consent(api, second, {"youth": {"consent": True, "answer": True}}).status_code == 200


def test_the_veda_holds_the_link_and_the_returned_notice_until_polls_close(
    wired: dict[str, Any], who: Callers, seeded: ElectionStore, clock: Clock
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    cid = "simulacro.ayun.008.pfa"
    NotificationStore(seeded.table).save_party_settings(
        PartySettings(process_id="simulacro", contender_id="pfa", addresses=[PARTY_ADDRESS])
    )
    saved(api, who, cid)
    version = call(api, "GET", f"/v1/party/candidacies/{cid}/profile", who.editor).json_body["version"]
    call(api, "POST", f"/v1/party/candidacies/{cid}/profile/submit", who.editor, {"version": version})
    returned = {"decision": "returned", "version": version, "reason": "Falta la semblanza completa del suplente."}
    assert call(api, "POST", f"/v1/review/profiles/{cid}", who.moderator, returned).status_code == 200
    sent = call(api, "POST", f"/v1/party/candidacies/{cid}/identity-invitation", who.editor, {"email": CANDIDATE})
    assert sent.status_code == 200
    calendar = seeded.get_process("simulacro").calendar  # type: ignore[union-attr]
    clock.now = calendar.veda_start + timedelta(hours=1)
    pump.drain(timeout=30)
    assert emails_to(mailbox, CANDIDATE) == [] and emails_to(mailbox, PARTY_ADDRESS) == []
    clock.now = calendar.polls_close + timedelta(hours=1)
    app_module.send_digests(scheduled_event(), None)
    notice = emails_to(mailbox, PARTY_ADDRESS)
    assert len(notice) == 1 and "Falta la semblanza completa del suplente." in notice[0]["text"]
    assert len(emails_to(mailbox, CANDIDATE)) == 1


def test_the_scrub_removes_answers_kept_from_before_the_link_and_changes_nothing_twice(
    wired: dict[str, Any], who: Callers, seeded: ElectionStore
) -> None:
    api = wired["api"]
    cid = "simulacro.ayun.009.pfa"
    saved(api, who, cid)
    publish_profile(api, who, cid)
    counted = stats(api)
    # What the previous round left: a party-ticked identity in the public copy (counted in the
    # statistics) and an audit entry of profile.update holding the answers.
    table = seeded.table
    published = StoredProfile.model_validate_json(table.get(keys.candidacy_profile_published(cid)).doc)  # type: ignore[union-attr]
    ticked = IdentityRecord(consent=True, answers=IdentityAnswers(youth=True), recorded_at=NOW, recorded_by="editor")
    table.put(
        StoredItem(
            keys.candidacy_profile_published(cid),
            "PublishedCandidacyProfile",
            published.model_copy(update={"identity": ticked}).model_dump_json(),
        )
    )
    counters = keys.candidacy_statistics("simulacro")
    table.update(
        counters,
        "ADD #y :one, #a :one",
        names={"#y": "identity#youth", "#a": "identity#answered"},
        values={":one": {"N": "1"}},
    )
    assert stats(api)["youth"] == counted["youth"] + 1
    editor = Principal(user_id="old-editor", email="e@pfa.mx", roles=frozenset({Role.PARTY_EDITOR}), party_id="pfa")
    audit = AuditLog(table)
    view = {"identity": {"consent": True, "answers": {"youth": True}, "recorded_at": NOW.isoformat()}}
    audit.record(editor, "profile.update", f"candidacy/{cid}", NOW, before=None, after=view)

    report = scrub_identity(seeded, ConsentStore(table))
    assert report.audit_entries >= 2 and report.profile_copies >= 1 and report.changed_meanwhile == 0
    assert api.http.get(f"/v1/candidacies/{cid}").json_body["profile"]["identity"] is None
    assert stats(api) == counted
    entries = call(api, "GET", f"/v1/admin/audit?entity=candidacy/{cid}", who.admin).json_body["entries"]
    assert entries and '"answers"' not in json.dumps(entries)
    again = scrub_identity(seeded, ConsentStore(table))
    assert (again.audit_entries, again.profile_copies, again.changed_meanwhile) == (0, 0, 0)
    assert stats(api) == counted
