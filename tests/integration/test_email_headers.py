"""Email that respects its reader (issue 15), read as SES received it and parsed with `email`.

Every kind of message the platform sends has a text/plain and a text/html part; every citizen and
party email carries `List-Unsubscribe` (an HTTPS URL with a signed token) and `List-Unsubscribe-Post:
List-Unsubscribe=One-Click` (RFC 8058); no CR/LF in a person's text can add a header; the one-click
POST stops that kind of email (through the real fan-out: stream → SNS → SQS → SES on moto); a forged
or expired token changes nothing. The headers as sent are written to `build/email-headers.txt`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import boto3
import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import Email, MailSender, read_mailbox
from chalicelib.notifications import templates
from chalicelib.notifications.models import DigestEntry, EmailTopic, OptOut
from chalicelib.notifications.unsubscribe import Audience, opt_out_for, sign_token
from chalicelib.proposals.models import PartyResponse, Proposal
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from decide.event_pump import pump_for_app
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities
from tests.mail_support import parse, sent_emails

KEY = "test-only-email-link-key"
API = "https://api.decide.example/api"
BALLOT = "simulacro.ayun.003"
PFA = "avisos-pfa@simulacro.decide.ieem.local"
HEADERS_FILE = Path(__file__).resolve().parents[2] / "build" / "email-headers.txt"
# Kinds that are notifications (citizen, party, candidate): each must offer the one-click way out.
NOTIFICATIONS = {
    "party_proposal",
    "party_digest",
    "profile_returned",
    "identity_invitation",
    "citizen_approved",
    "citizen_rejected",
    "citizen_redacted",
    "citizen_changes_requested",
    "citizen_hidden",
    "citizen_response",
    "citizen_commitment",
    "citizen_commitment_update",
}


def _settings(identities: Identities, **extra: Any) -> Settings:
    return Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        email_link_key=KEY,
        api_base_url=API,
        **extra,
    )


def _proposal(**changes: Any) -> Proposal:
    base = {
        "id": "p-correo-1",
        "ballot_id": BALLOT,
        "process_id": "simulacro",
        "place_name": "Almoloya de Juárez",
        "municipality_code": "005",
        "topic": "agua",
        "title": "Agua potable en la colonia",
        "problem": "Llega agua dos días por semana.",
        "proposed_action": "Un pozo nuevo y tandeo público.",
        "addressed_to": ["pfa"],
        "author_id": "autor-1",
        "author_name": "Rosa",
        "status": "published",
        "created_at": NOW,
        "fictional": True,
    }
    return Proposal.model_validate(base | changes)


def every_kind(settings: Settings) -> list[Email]:
    """One message of each kind the platform sends, each with a way out where it is a notification."""

    def citizen(topic: EmailTopic) -> OptOut | None:
        return opt_out_for(settings, Audience.CITIZEN, "autor-1", topic, NOW)

    def address(to: str, topic: EmailTopic) -> OptOut | None:
        return opt_out_for(settings, Audience.ADDRESS, to, topic, NOW)

    link = "https://decide.example/#/propuesta/p-correo-1"
    published = _proposal()
    decided = {"action": "reject", "reason": "datos_personales", "decided_at": NOW, "moderator_id": "mod-1"}
    rejected = _proposal(status="rejected", decisions=[decided])
    redacted = _proposal(decisions=[decided | {"action": "redact", "fields": ["problem"]}])
    asked = decided | {"action": "request_changes", "note": "Quita el número."}
    changes = _proposal(status="changes_requested", decisions=[asked])
    response = PartyResponse.model_validate(
        {
            "proposal_id": "p-correo-1",
            "contender_id": "pfa",
            "contender_name": "Partido Ficticio Azul",
            "stance": "commit",
            "text": "Lo haremos en seis meses.",
            "created_at": NOW,
            "updated_at": NOW,
        }
    )
    entry = DigestEntry(
        event_id="e1",
        proposal_id="p-correo-1",
        process_id="simulacro",
        contender_id="pfa",
        title="Agua potable",
        place_name="Almoloya",
        topic_label="Agua",
        queued_at=NOW,
    )
    to = "ciudadana@example.mx"
    return [
        templates.party_proposal(PFA, "PFA", published, link, optout=address(PFA, EmailTopic.PARTY_PROPOSALS)),
        templates.party_digest(
            PFA, "PFA", [entry], link, True, total=2, optout=address(PFA, EmailTopic.PARTY_PROPOSALS)
        ),
        templates.profile_returned(
            PFA, "Ana", "Almoloya", "Falta la foto", link, True, optout=address(PFA, EmailTopic.PARTY_PROFILES)
        ),
        templates.identity_invitation(
            "cand@example.mx", "PFA", "Almoloya", link, "3 de junio", True, optout=address("c", EmailTopic.IDENTITY)
        ),
        templates.citizen_decision(to, published, link, optout=citizen(EmailTopic.OWN)),
        templates.citizen_decision(to, rejected, link, optout=citizen(EmailTopic.OWN)),
        templates.citizen_redacted(to, redacted, link, optout=citizen(EmailTopic.OWN)),
        templates.citizen_changes_requested(to, changes, link, optout=citizen(EmailTopic.OWN)),
        templates.citizen_hidden(to, published, link, optout=citizen(EmailTopic.OWN)),
        templates.citizen_response(to, published, response, link, author=False, optout=citizen(EmailTopic.SUPPORTED)),
        templates.citizen_commitment(
            to, published, "PFA", "Almoloya", link, author=True, drill=True, optout=citizen(EmailTopic.OWN)
        ),
        templates.citizen_commitment_update(
            to,
            published,
            "PFA",
            "en curso",
            "Avance",
            None,
            link,
            author=False,
            drill=True,
            optout=citizen(EmailTopic.SUPPORTED),
        ),
        templates.address_failing("ops@ieem.mx", PFA, "PFA", "Simulacro", "bounce", True),
        templates.verification_email(to=to, display_name="Rosa", code="123456", site_url=link, valid_hours=24),
        templates.reset_email(to=to, display_name="Rosa", code="123456", site_url=link, valid_hours=1),
        templates.account_exists_notice(to, link),
        templates.mfa_reset_notice(to, link),
        templates.party_invitation(PFA, "Ana", "Simulacro", "pfa", "123456", link, 72),
        templates.address_confirmation(PFA, "PFA", "Simulacro", link, True),
    ]


@pytest.fixture
def ses(aws: None) -> None:
    boto3.client("ses").verify_domain_identity(Domain="decide.ieem.local")


def test_every_kind_has_both_parts_and_every_notification_its_one_click_headers(
    ses: None, identities: Identities, tmp_path: Path
) -> None:
    settings = _settings(identities)
    mail = MailSender(settings.mail_from, local_mailbox_dir=str(tmp_path / "mailbox"))
    emails = every_kind(settings)
    kinds = {e.kind for e in emails}
    assert kinds >= NOTIFICATIONS and len(kinds) == len(emails)
    for email in emails:
        mail.send(email)
    kept = read_mailbox(str(tmp_path / "mailbox"))
    record = []
    for email, copy in zip(emails, kept, strict=True):
        message = parse(copy["raw"])
        assert message.get_content_type() == "multipart/alternative"
        plain, html = message.get_body(("plain",)), message.get_body(("html",))
        assert plain is not None and html is not None, email.kind
        assert plain.get_content().strip() and '<html lang="es-MX"' in html.get_content()  # type: ignore[attr-defined]
        if email.kind in NOTIFICATIONS:
            (unsubscribe,) = message.get_all("List-Unsubscribe") or []
            assert re.fullmatch(r"<https://[^>\s]+/v1/unsubscribe\?token=[A-Za-z0-9_.-]+>", str(unsubscribe))
            assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
            url = str(unsubscribe)[1:-1]
            assert url in plain.get_content() and url.replace("&", "&amp;") in html.get_content()  # type: ignore[attr-defined]
        else:  # account codes and notices about the account itself are transactional
            assert message["List-Unsubscribe"] is None, email.kind
        headers = "\n".join(f"{k}: {v}" for k, v in message.items())
        record.append(f"== {email.kind}\n{headers}\n")
    HEADERS_FILE.parent.mkdir(exist_ok=True)
    HEADERS_FILE.write_text("\n".join(record))
    # and what SES was handed is what the mailbox kept: one raw message per email
    assert len(sent_emails(PFA)) >= 5


@pytest.mark.parametrize("field", ["subject", "to"])
def test_no_line_break_in_a_person_s_text_can_add_a_header(
    ses: None, identities: Identities, tmp_path: Path, field: str
) -> None:
    settings = _settings(identities)
    evil = "Agua\r\nBcc: intruso@example.mx\r\nX-Inyectado: sí\n\nCuerpo falso"
    proposal = _proposal(title=evil)
    email = templates.citizen_response(
        "ciudadana@example.mx",
        proposal,
        PartyResponse.model_validate(
            {
                "proposal_id": "p-correo-1",
                "contender_id": "pfa",
                "contender_name": "PFA\r\nCc: otro@example.mx",
                "stance": "commit",
                "text": "Sí.",
                "created_at": NOW,
                "updated_at": NOW,
            }
        ),
        "https://decide.example/#/propuesta/p-correo-1",
        author=True,
        optout=opt_out_for(settings, Audience.CITIZEN, "autor-1", EmailTopic.OWN, NOW),
    )
    if field == "to":
        email = email.model_copy(update={"to": "ciudadana@example.mx\r\nBcc: intruso@example.mx"})
    mail = MailSender(settings.mail_from, local_mailbox_dir=str(tmp_path / "mailbox"))
    mail.send(email)
    (copy,) = read_mailbox(str(tmp_path / "mailbox"))
    message = parse(copy["raw"])
    names = {name.lower() for name in message}
    assert not names & {"bcc", "cc", "x-inyectado"}, names
    assert len(message.get_all("Subject") or []) == 1 and len(message.get_all("To") or []) == 1
    assert "\n" not in str(message["Subject"]) and "\r" not in str(message["Subject"])


# through the fan-out --------------------------------------------------------------------------
@pytest.fixture
def wired(seeded: ElectionStore, identities: Identities, tmp_path: Path) -> Iterator[dict[str, Any]]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    settings = _settings(identities, events_topic_arn=resources.topic_arn, local_mailbox_dir=str(tmp_path / "mailbox"))
    wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "mailbox": settings.local_mailbox_dir, "store": seeded}
    dependencies.use(None)


def _post(api: Client, path: str, token: str | None, body: Any, method: str = "POST") -> Any:
    headers = {"Content-Type": "application/json", **(Identities.bearer(token) if token else {})}
    return getattr(api.http, method.lower())(path, headers=headers, body=json.dumps(body))


def _submit(api: Client, token: str, title: str, addressed: list[str]) -> str:
    body = {
        "ballot_id": BALLOT,
        "topic": "agua",
        "title": title,
        "problem": f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
        "proposed_action": f"{title}: un plan con presupuesto, calendario y responsables públicos.",
        "addressed_to": addressed,
    }
    sent = _post(api, "/v1/proposals", token, body)
    assert sent.status_code == 201, sent.body
    return str(sent.json_body["id"])


def _mail(mailbox: str, to: str, kind: str | None = None) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(mailbox) if m["to"] == to and (kind is None or m["kind"] == kind)]


def _one_click(api: Client, raw: str) -> Any:
    """What a mail client does with the headers: POST `List-Unsubscribe=One-Click` to the URL."""
    message = parse(raw)
    assert str(message["List-Unsubscribe-Post"]) == "List-Unsubscribe=One-Click"
    url = urlsplit(str(message["List-Unsubscribe"]).strip("<>"))
    return api.http.post(
        f"{url.path.removeprefix('/api')}?{url.query}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body="List-Unsubscribe=One-Click",
    )


def _answer(api: Client, token: str, proposal_id: str, text: str) -> None:
    answered = _post(api, f"/v1/proposals/{proposal_id}/responses", token, {"stance": "commit", "text": text})
    assert answered.status_code == 200, answered.body


def test_one_click_stops_that_kind_of_email_for_that_citizen_only(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    author_email, fan_email = "autora-baja@example.mx", "apoya-baja@example.mx"
    author = identities.user(author_email, role="citizen", name="Lucía")
    fan = identities.user(fan_email, role="citizen", name="Pedro")
    editor = identities.user("editor-baja-pfa@simulacro.mx", role="party_editor", party_id="pfa")
    first = _submit(api, author, "Bacheo de la calle Hidalgo", ["pfa", "pfv"])
    assert _post(api, f"/v1/proposals/{first}/support", fan, {}, method="PUT").status_code in (200, 201)
    _answer(api, editor, first, "Bachearemos la calle en el primer trimestre.")
    pump.drain(timeout=60)
    (to_fan,) = _mail(mailbox, fan_email, "citizen_response")
    # the supporter's email offers "supported" (its page asks first, in es-MX, and changes nothing)
    url = urlsplit(str(parse(to_fan["raw"])["List-Unsubscribe"]).strip("<>"))
    page = api.http.get(f"{url.path.removeprefix('/api')}?{url.query}")
    assert page.status_code == 200 and page.headers["Content-Type"].startswith("text/html")
    assert 'lang="es-MX"' in page.body.decode() and "apoyas" in page.body.decode()
    assert _post(api, "/v1/me/notification-settings", fan, {}, method="GET").json_body == {
        "own": True,
        "supported": True,
    }
    stopped = _one_click(api, to_fan["raw"])
    assert stopped.status_code == 200, stopped.body
    assert stopped.json_body["topic"] == "supported" and "ya no recibirás" in stopped.json_body["message"]
    settings = api.http.get("/v1/me/notification-settings", headers=Identities.bearer(fan)).json_body
    assert settings == {"own": True, "supported": False}

    # the next answer reaches the author, not the supporter who unsubscribed
    other = identities.user("editor-baja-pfv@simulacro.mx", role="party_editor", party_id="pfv")
    _answer(api, other, first, "También lo apoyamos con presupuesto municipal.")
    pump.drain(timeout=60)
    assert len(_mail(mailbox, author_email, "citizen_response")) == 2
    assert len(_mail(mailbox, fan_email, "citizen_response")) == 1

    # "nothing": the author turns both off in their settings; a moderation step then sends nothing
    saved = _post(api, "/v1/me/notification-settings", author, {"own": False, "supported": False}, method="PUT")
    assert saved.status_code == 200 and saved.json_body == {"own": False, "supported": False}
    before = len(_mail(mailbox, author_email))
    _submit(api, author, "Luminarias en la calle Morelos", ["pfa"])
    pump.drain(timeout=60)
    assert len(_mail(mailbox, author_email)) == before
    bad = _post(api, "/v1/me/notification-settings", author, {"own": "quizá", "supported": False}, method="PUT")
    assert bad.status_code == 400 and "own" in bad.body.decode()


def test_one_click_stops_party_notices_at_that_address(wired: dict[str, Any], identities: Identities) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    author = identities.user("autora-baja-partido@example.mx", role="citizen")
    _submit(api, author, "Semáforo en la avenida Juárez", ["pfa"])
    pump.drain(timeout=60)
    (notice,) = [m for m in _mail(mailbox, PFA, "party_proposal") if "Juárez" in m["subject"]]
    message = parse(notice["raw"])
    assert "#/partido/ajustes" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert _one_click(api, notice["raw"]).status_code == 200
    _submit(api, author, "Semáforo en la calle Allende", ["pfa"])
    pump.drain(timeout=60)
    assert not [m for m in _mail(mailbox, PFA) if "Allende" in m["subject"]]
    # the owner confirming the address again (see the confirmation test) lets notices through again
    NotificationStore(wired["store"].table).clear_opt_outs(PFA, ["party_proposals"])


def test_a_forged_or_expired_token_changes_nothing(wired: dict[str, Any], identities: Identities) -> None:
    api = wired["api"]
    citizen = identities.user("no-cambia@example.mx", role="citizen")
    user_id = api.http.get("/v1/me", headers=Identities.bearer(citizen)).json_body["user_id"]
    good = sign_token(KEY, Audience.CITIZEN, user_id, EmailTopic.OWN, NOW)
    forged = sign_token("another-key", Audience.CITIZEN, user_id, EmailTopic.OWN, NOW)
    payload, mac = good.split(".")
    other = sign_token(KEY, Audience.CITIZEN, "someone-else", EmailTopic.OWN, NOW).split(".")[0]
    expired = sign_token(KEY, Audience.CITIZEN, user_id, EmailTopic.OWN, NOW - timedelta(days=91))
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for token, status in [(forged, 400), (f"{other}.{mac}", 400), (f"{payload}.{mac[:-2]}AA", 400), (expired, 410)]:
        for method in ("GET", "POST"):
            url = f"/v1/unsubscribe?token={token}"
            if method == "GET":
                answer = api.http.get(url)
            else:
                answer = api.http.post(url, headers=form, body="List-Unsubscribe=One-Click")
            assert answer.status_code == status, (method, answer.body)
            error = answer.json_body["error"]
            assert error["details"]["field"] == "token" and "enlace" in error["message"]
    missing = api.http.post("/v1/unsubscribe", headers=form, body="List-Unsubscribe=One-Click")
    assert missing.status_code == 400 and "token" in missing.body.decode()
    wrong_body = api.http.post(f"/v1/unsubscribe?token={good}", headers=form, body="List-Unsubscribe=Yes")
    assert wrong_body.status_code == 400
    assert api.http.get("/v1/me/notification-settings", headers=Identities.bearer(citizen)).json_body == {
        "own": True,
        "supported": True,
    }


def test_a_new_party_address_is_used_only_once_its_owner_confirms(
    wired: dict[str, Any], identities: Identities
) -> None:
    api, pump, mailbox = wired["api"], wired["pump"], wired["mailbox"]
    editor = identities.user("editor-confirma-pfv@simulacro.mx", role="party_editor", party_id="pfv")
    author = identities.user("autora-confirma@example.mx", role="citizen")
    new = "nueva-direccion-pfv@simulacro.decide.ieem.local"
    saved = _post(
        api, "/v1/party/settings", editor, {"process": "simulacro", "addresses": [new], "mode": "immediate"}, "PUT"
    )
    assert saved.status_code == 200, saved.body
    assert saved.json_body["unconfirmed_addresses"] == [new]
    (asked,) = _mail(mailbox, new, "party_address_confirmation")
    link = re.search(r"https?://\S+#/partido/confirmar-direccion\?token=(\S+)", asked["text"])
    assert link is not None and asked["html"].startswith("<!doctype html>")

    _submit(api, author, "Parque sin vigilancia en la colonia Centro", ["pfv"])
    pump.drain(timeout=60)
    assert not _mail(mailbox, new, "party_proposal")
    institute = [m for m in read_mailbox(mailbox) if "colonia Centro" in m["subject"]]
    (copy,) = [m for m in institute if m["to"] == "operaciones@decide.ieem.local"]
    assert new in copy["text"] and "aún no se confirma" in copy["text"]

    token = link.group(1)
    expired = api.http.post(
        f"/v1/party/address-confirmation?token={token[:-3]}abc",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"confirm": True}),
    )
    assert expired.status_code == 400 and expired.json_body["error"]["details"]["field"] == "token"
    confirmed = api.http.post(
        f"/v1/party/address-confirmation?token={token}",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        body="confirm=true",
    )
    assert confirmed.status_code == 200, confirmed.body
    read = api.http.get("/v1/party/settings?process=simulacro", headers=Identities.bearer(editor)).json_body
    assert read["unconfirmed_addresses"] == []

    _submit(api, author, "Parque sin vigilancia en la colonia Norte", ["pfv"])
    pump.drain(timeout=60)
    assert [m for m in _mail(mailbox, new, "party_proposal") if "colonia Norte" in m["subject"]]


def test_an_expired_confirmation_link_is_a_410(wired: dict[str, Any]) -> None:
    from chalicelib.notifications.unsubscribe import sign_link

    fields = {"p": "simulacro", "c": "pfv", "a": "x@example.mx"}
    token = sign_link(KEY, "confirm-address", fields, datetime(2020, 1, 1, tzinfo=UTC))
    answer = wired["api"].http.post(
        f"/v1/party/address-confirmation?token={token}",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"confirm": True}),
    )
    assert answer.status_code == 410 and "caducó" in answer.json_body["error"]["message"]
    # an unsubscribe token is never a confirmation link (each is signed for its own purpose)
    unsubscribe = sign_token(KEY, Audience.ADDRESS, "x@example.mx", EmailTopic.PARTY_PROPOSALS, NOW)
    answer = wired["api"].http.post(
        f"/v1/party/address-confirmation?token={unsubscribe}",
        headers={"Content-Type": "application/json"},
        body=json.dumps({"confirm": True}),
    )
    assert answer.status_code == 400
