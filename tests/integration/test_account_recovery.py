"""Accounts people can recover and trust (issue 13), driven through the HTTP API on moto.

Codes travel the real path (SES on moto, the local mailbox copy); "another client" is another
source address of the request, as API Gateway reports it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import jwt
import pytest
from chalice.local import LambdaEventConverter
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.accounts.service import AccountService
from chalicelib.adapters.mail import read_mailbox
from chalicelib.settings import Settings
from chalicelib.storage.account_store import AccountStore
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import TABLE
from tests.integration.identities import Identities
from tests.integration.test_accounts import (
    PASSWORD,
    Clock,
    clock,  # noqa: F401  (fixture)
    emails_to,
    last_code,
    mailbox,  # noqa: F401  (fixture)
    payload,
    post,
    ses,  # noqa: F401  (fixture)
    signup,
    wrong,
)

pytestmark = pytest.mark.filterwarnings("ignore:No application metrics to publish")

NEW_PASSWORD = "mi-clave-nueva-2026"
ATTACKER_PASSWORD = "clave-del-atacante-99"


@pytest.fixture
def deps(
    seeded: ElectionStore,
    identities: Identities,
    ses: None,  # noqa: F811
    clock: Clock,  # noqa: F811
    mailbox: Path,  # noqa: F811
) -> dependencies.Dependencies:
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        local_mailbox_dir=str(mailbox),
    )
    return dependencies.Dependencies(settings=settings, store=seeded, clock=clock, verifier=identities.verifier())


@pytest.fixture
def api(deps: dependencies.Dependencies) -> Iterator[Client]:
    dependencies.use(deps)
    with Client(app_module.app) as client:
        yield client
    dependencies.use(None)


@pytest.fixture
def source(monkeypatch: pytest.MonkeyPatch) -> Any:
    """`source("203.0.113.7")`: the following requests come from that address."""

    def use(address: str) -> None:
        monkeypatch.setattr(LambdaEventConverter, "LOCAL_SOURCE_IP", address)

    return use


def login(api: Client, email: str, password: str, **extra: str) -> Any:
    return post(api, "/v1/auth/login", {"email": email, "password": password, **extra})


def bearer(token: str) -> dict[str, str]:
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


def code_in(mailbox: Path, address: str, kind: str) -> str:  # noqa: F811
    import re

    messages = [m for m in read_mailbox(str(mailbox)) if m["to"] == address and m.get("kind") == kind]
    assert messages, f"no {kind} email to {address}"
    found = re.search(r"\b([0-9]{6})\b", messages[-1]["text"])
    assert found
    return found.group(1)


def confirmed_citizen(api: Client, mailbox: Path, clock: Clock, email: str) -> None:  # noqa: F811
    assert signup(api, email).status_code == 201
    assert post(api, "/v1/auth/confirm", {"email": email, "code": last_code(mailbox, email)}).status_code == 200
    clock.advance(seconds=61)


# recovery ---------------------------------------------------------------------------------------
def test_forgot_then_the_emailed_code_sets_a_new_password_and_the_old_one_stops_working(
    api: Client,
    mailbox: Path,  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    email = "olvido@example.mx"
    confirmed_citizen(api, mailbox, clock, email)
    session = payload(login(api, email, PASSWORD))

    response = post(api, "/v1/auth/forgot-password", {"email": "Olvido@example.mx"})
    assert response.status_code == 200, response.body
    assert payload(response)["status"] == "code_sent"
    mail = [m for m in read_mailbox(str(mailbox)) if m["to"] == email and m["kind"] == "password_reset"]
    assert len(mail) == 1 and "Si no fuiste tú, ignora este correo" in mail[0]["text"]
    code = code_in(mailbox, email, "password_reset")

    # a wrong code changes nothing
    bad = post(api, "/v1/auth/reset-password", {"email": email, "code": wrong(code), "new_password": NEW_PASSWORD})
    assert bad.status_code == 400 and payload(bad)["error"]["code"] == "invalid_code"
    assert login(api, email, PASSWORD).status_code == 200

    response = post(api, "/v1/auth/reset-password", {"email": email, "code": code, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.body
    assert payload(response)["status"] == "password_changed"
    assert login(api, email, PASSWORD).status_code == 401
    assert login(api, email, NEW_PASSWORD).status_code == 200
    # the code works once; the sessions opened before the reset are over
    again = post(api, "/v1/auth/reset-password", {"email": email, "code": code, "new_password": "otra-mas-2026"})
    assert again.status_code == 400
    assert post(api, "/v1/auth/refresh", {"refresh_token": session["refresh_token"]}).status_code == 401


def test_forgot_password_answers_the_same_for_unknown_pending_and_confirmed_addresses(
    api: Client,
    mailbox: Path,  # noqa: F811
    clock: Clock,  # noqa: F811
    identities: Identities,
) -> None:
    identities.user("tiene-cuenta@example.mx", role="citizen")
    signup(api, "pendiente-olvido@example.mx")
    answers = {}
    for email in ("nadie-olvido@example.mx", "pendiente-olvido@example.mx", "tiene-cuenta@example.mx"):
        response = post(api, "/v1/auth/forgot-password", {"email": email})
        answers[email] = (response.status_code, payload(response) | {"email": "x"})
    assert len(set(json.dumps(a, sort_keys=True) for a in answers.values())) == 1
    resets = [m["to"] for m in read_mailbox(str(mailbox)) if m["kind"] == "password_reset"]
    assert resets == ["tiene-cuenta@example.mx"]


def test_changing_my_password_needs_the_current_one(
    api: Client,
    mailbox: Path,  # noqa: F811
    clock: Clock,  # noqa: F811
) -> None:
    email = "cambio@example.mx"
    confirmed_citizen(api, mailbox, clock, email)
    token = payload(login(api, email, PASSWORD))["id_token"]
    body = {"current_password": "no-es-la-mia-1", "new_password": NEW_PASSWORD}
    assert post(api, "/v1/me/password", body).status_code == 401  # not signed in
    refused = post(api, "/v1/me/password", body, bearer(token))
    assert refused.status_code == 400
    assert [f["field"] for f in payload(refused)["error"]["details"]["fields"]] == ["current_password"]
    assert login(api, email, PASSWORD).status_code == 200

    weak = post(api, "/v1/me/password", {"current_password": PASSWORD, "new_password": "corta"}, bearer(token))
    assert weak.status_code == 400
    assert [f["field"] for f in payload(weak)["error"]["details"]["fields"]] == ["new_password"]

    changed = post(api, "/v1/me/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}, bearer(token))
    assert changed.status_code == 200, changed.body
    assert login(api, email, PASSWORD).status_code == 401
    assert login(api, email, NEW_PASSWORD).status_code == 200


def test_an_account_with_a_temporary_password_gets_no_session_until_it_chooses_one(
    api: Client, identities: Identities
) -> None:
    email = "temporal@example.mx"
    identities.cognito.admin_create_user(
        UserPoolId=identities.pool.pool_id,
        Username=email,
        TemporaryPassword="temporal-clave-1",
        MessageAction="SUPPRESS",
        UserAttributes=[{"Name": "email", "Value": email}, {"Name": "email_verified", "Value": "true"}],
    )
    response = login(api, email, "temporal-clave-1")
    assert response.status_code == 403
    assert payload(response)["error"]["code"] == "password_change_required"
    assert "id_token" not in payload(response)
    response = login(api, email, "temporal-clave-1", new_password=NEW_PASSWORD)
    assert response.status_code == 200, response.body
    assert login(api, email, "temporal-clave-1").status_code == 401
    assert login(api, email, NEW_PASSWORD).status_code == 200


def test_an_invited_editor_must_set_a_password_with_the_invitation_code_before_anything_else(
    api: Client,
    mailbox: Path,  # noqa: F811
    identities: Identities,
) -> None:
    admin = identities.user("admin-invita@ieem.mx", role="ieem_admin")
    email = "invitada@pfa.mx"
    body = {"email": email, "display_name": "Invitada", "process": "simulacro", "party_id": "pfa"}
    created = post(api, "/v1/admin/party-users", body, bearer(admin))
    assert created.status_code == 201, created.body
    invitation = [m for m in read_mailbox(str(mailbox)) if m["to"] == email]
    assert len(invitation) == 1 and "contraseña temporal" not in invitation[0]["text"].lower()
    code = code_in(mailbox, email, "party_invitation")
    # nobody knows a password of this account: it cannot log in at all
    assert login(api, email, "cualquier-clave-1").status_code == 401

    response = post(api, "/v1/auth/reset-password", {"email": email, "code": code, "new_password": NEW_PASSWORD})
    assert response.status_code == 200, response.body
    session = login(api, email, NEW_PASSWORD)
    assert session.status_code == 200, session.body
    inbox = api.http.get("/v1/party/inbox?process=simulacro", headers=bearer(payload(session)["id_token"]))
    assert inbox.status_code == 200, inbox.body
    # one time only
    again = post(api, "/v1/auth/reset-password", {"email": email, "code": code, "new_password": "otra-clave-77"})
    assert again.status_code == 400


# sign-up that cannot be pre-empted or probed ----------------------------------------------------
def _answers(api: Client, path: str, body: dict[str, str]) -> tuple[int, str]:
    response = post(api, path, body)
    data = payload(response)
    if isinstance(data, dict) and "email" in data:
        data["email"] = "<email>"
    text = json.dumps(data, sort_keys=True).replace(body["email"], "<email>")
    return response.status_code, text


@pytest.mark.parametrize("path", ["/v1/auth/signup", "/v1/auth/confirm", "/v1/auth/resend-code"])
def test_unknown_pending_and_confirmed_addresses_get_identical_answers(
    api: Client,
    mailbox: Path,  # noqa: F811
    identities: Identities,
    source: Any,
    path: str,
) -> None:
    slug = path.rsplit("/", 1)[-1]
    unknown, pending, confirmed = (f"{kind}-{slug}@example.mx" for kind in ("nadie", "pendiente", "confirmada"))
    identities.user(confirmed, role="citizen")
    source("198.51.100.1")
    signup(api, pending)
    source("198.51.100.2")  # the prober is another client
    bodies = {
        "/v1/auth/signup": lambda email: {"email": email, "password": PASSWORD, "display_name": "Ana"},
        "/v1/auth/confirm": lambda email: {"email": email, "code": "000000"},
        "/v1/auth/resend-code": lambda email: {"email": email},
    }
    for attempt in range(2):  # the first answer and the one after it (counters included)
        seen = {email: _answers(api, path, bodies[path](email)) for email in (unknown, pending, confirmed)}
        for first in seen:
            for second in seen:
                assert seen[first] == seen[second], (attempt, first, second)


def test_the_pre_account_takeover_no_longer_works(
    api: Client,
    mailbox: Path,  # noqa: F811
    clock: Clock,  # noqa: F811
    source: Any,
) -> None:
    victim = "victima@example.mx"
    source("203.0.113.66")  # the attacker signs up first with the victim's address
    response = post(api, "/v1/auth/signup", {"email": victim, "password": ATTACKER_PASSWORD, "display_name": "Yo"})
    assert response.status_code == 201
    # the victim is not told to "ask for a new code": her own sign-up works and replaces the attacker's
    source("192.0.2.10")
    response = post(api, "/v1/auth/signup", {"email": victim, "password": PASSWORD, "display_name": "Víctima"})
    assert response.status_code == 201, response.body
    verification = [m for m in read_mailbox(str(mailbox)) if m["to"] == victim]
    assert "Si no fuiste tú, ignora este correo" in verification[-1]["text"]
    first_code = code_in(mailbox, victim, "account_verification")
    assert post(api, "/v1/auth/confirm", {"email": victim, "code": first_code}).status_code == 200
    assert login(api, victim, PASSWORD).status_code == 200
    assert login(api, victim, ATTACKER_PASSWORD).status_code == 401
    # and an attacker's sign-up after she confirmed changes nothing (she is told by email)
    clock.advance(seconds=61)
    source("203.0.113.66")
    assert (
        post(api, "/v1/auth/signup", {"email": victim, "password": ATTACKER_PASSWORD, "display_name": "Yo"}).status_code
        == 201
    )
    assert login(api, victim, PASSWORD).status_code == 200
    assert login(api, victim, ATTACKER_PASSWORD).status_code == 401
    assert emails_to(mailbox, victim)[-1]["kind"] == "account_exists_notice"


def test_fifty_wrong_codes_from_a_stranger_do_not_stop_the_owner(
    api: Client,
    mailbox: Path,  # noqa: F811
    source: Any,
) -> None:
    owner = "duena@example.mx"
    source("192.0.2.20")
    signup(api, owner)
    code = last_code(mailbox, owner)
    source("203.0.113.99")
    statuses = [post(api, "/v1/auth/confirm", {"email": owner, "code": wrong(code)}).status_code for _ in range(50)]
    assert statuses[:5] == [400] * 5 and set(statuses[5:]) == {429}
    source("192.0.2.20")
    response = post(api, "/v1/auth/confirm", {"email": owner, "code": code})
    assert response.status_code == 200, response.body
    assert login(api, owner, PASSWORD).status_code == 200


# identity from what we verify ------------------------------------------------------------------
def test_writing_name_and_email_in_the_user_pool_changes_nothing_shown_or_audited(
    api: Client,
    mailbox: Path,  # noqa: F811
    identities: Identities,
) -> None:
    admin = identities.user("admin-identidad@ieem.mx", role="ieem_admin")
    email = "editora-real@pfa.mx"
    body = {"email": email, "display_name": "Editora Real", "process": "simulacro", "party_id": "pfa"}
    user_id = payload(post(api, "/v1/admin/party-users", body, bearer(admin)))["user_id"]
    code = code_in(mailbox, email, "party_invitation")
    assert (
        post(api, "/v1/auth/reset-password", {"email": email, "code": code, "new_password": NEW_PASSWORD}).status_code
        == 200
    )
    assert (
        payload(api.http.get("/v1/me", headers=bearer(payload(login(api, email, NEW_PASSWORD))["id_token"])))["email"]
        == email
    )

    # as the attacker would: the public client id, the user-pool API, the editor's own access token
    cognito = identities.cognito
    access = cognito.initiate_auth(
        ClientId=identities.pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": NEW_PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    forged_name = "<b>Presidencia</b>\u202eLEEI\u200b\n" + "x" * 200
    cognito.update_user_attributes(
        AccessToken=access,
        UserAttributes=[{"Name": "name", "Value": forged_name}, {"Name": "email", "Value": "presidencia@ieem.mx"}],
    )
    token = cognito.initiate_auth(
        ClientId=identities.pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "presidencia@ieem.mx", "PASSWORD": NEW_PASSWORD},
    )["AuthenticationResult"]["IdToken"]
    claims = jwt.decode(token, options={"verify_signature": False})
    assert claims["name"] == forged_name and claims["email"] == "presidencia@ieem.mx"  # the token carries them

    me = payload(api.http.get("/v1/me", headers=bearer(token)))
    assert (me["user_id"], me["email"], me["display_name"]) == (user_id, email, "Editora Real")
    settings = {"process": "simulacro", "addresses": ["avisos@pfa.mx"], "mode": "digest"}
    saved = api.http.put("/v1/party/settings", headers=bearer(token), body=json.dumps(settings))
    assert saved.status_code == 200, saved.body
    audit = payload(api.http.get(f"/v1/admin/audit?actor={user_id}", headers=bearer(admin)))
    assert audit["entries"], audit
    assert {(e["actor_id"], e["actor_email"]) for e in audit["entries"]} == {(user_id, email)}


@pytest.mark.parametrize(
    "name", ["A", "x" * 61, "Ana\u202eodaslaf", "Ana\u200bLópez", "Ana\nLópez", "Ana\x07", "\u2066Ana\u2069"]
)
def test_a_display_name_with_invisible_characters_or_out_of_length_is_refused(
    api: Client, identities: Identities, name: str
) -> None:
    token = identities.user("rectifica-mal@example.mx", role="citizen", name="Rectifica")
    response = api.http.put("/v1/me/display-name", headers=bearer(token), body=json.dumps({"display_name": name}))
    assert response.status_code == 400
    assert [f["field"] for f in payload(response)["error"]["details"]["fields"]] == ["display_name"]
    assert payload(api.http.get("/v1/me", headers=bearer(token)))["display_name"] == "Rectifica"


def test_rectifying_my_display_name_is_normalised_and_shown(api: Client, identities: Identities) -> None:
    token = identities.user("rectifica@example.mx", role="citizen", name="Antes")
    decomposed = "Jose\u0301 Pe\u0301rez"  # NFD: "e" + combining acute
    response = api.http.put("/v1/me/display-name", headers=bearer(token), body=json.dumps({"display_name": decomposed}))
    assert response.status_code == 200, response.body
    assert payload(api.http.get("/v1/me", headers=bearer(token)))["display_name"] == "José Pérez"


# personal data: the aviso de privacidad, its acceptance, retention ------------------------------
def test_the_privacy_notice_is_published_and_its_accepted_version_is_recorded_on_confirmation(
    api: Client,
    mailbox: Path,  # noqa: F811
    deps: dependencies.Dependencies,
) -> None:
    response = api.http.get("/v1/content/aviso-de-privacidad")
    assert response.status_code == 200, response.body
    notice = payload(response)
    for words in ("Aviso de privacidad simplificado", "Aviso de privacidad integral", "ARCO", "7 días", "24 horas"):
        assert words in notice["body_html"], words

    email = "acepta@example.mx"
    stale = {"email": email, "password": PASSWORD, "display_name": "Acepta", "privacy_notice_version": 999}
    refused = post(api, "/v1/auth/signup", stale)
    assert refused.status_code == 409
    assert payload(refused)["error"]["details"]["fields"][0]["field"] == "privacy_notice_version"
    assert emails_to(mailbox, email) == []

    accepted = stale | {"privacy_notice_version": notice["version"]}
    assert post(api, "/v1/auth/signup", accepted).status_code == 201
    assert post(api, "/v1/auth/confirm", {"email": email, "code": last_code(mailbox, email)}).status_code == 200
    token = payload(login(api, email, PASSWORD))["id_token"]
    user_id = payload(api.http.get("/v1/me", headers=bearer(token)))["user_id"]
    record = AccountStore(deps.store.table).get(user_id)
    assert record is not None and record.privacy_notice_version == notice["version"]
    assert (record.email, record.display_name) == (email, "Acepta")


def test_unconfirmed_accounts_are_removed_after_seven_days(
    api: Client,
    mailbox: Path,  # noqa: F811
    deps: dependencies.Dependencies,
    identities: Identities,
) -> None:
    signup(api, "sin-confirmar@example.mx")
    identities.user("confirmada-retencion@example.mx", role="citizen")
    pending = identities.cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username="sin-confirmar@example.mx")
    created = pending["UserCreateDate"]

    def service_at(now: datetime) -> AccountService:
        accounts = deps.accounts
        return AccountService(
            accounts.cognito, accounts.codes, accounts.mail, site_url=accounts.site_url, clock=lambda: now
        )

    assert service_at(created + timedelta(days=6, hours=23)).remove_stale_signups() == 0
    assert identities.cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username="sin-confirmar@example.mx")
    assert service_at(created + timedelta(days=7, minutes=1)).remove_stale_signups() >= 1
    with pytest.raises(identities.cognito.exceptions.UserNotFoundException):
        identities.cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username="sin-confirmar@example.mx")
    # confirmed accounts are never touched
    kept = identities.cognito.admin_get_user(
        UserPoolId=identities.pool.pool_id, Username="confirmada-retencion@example.mx"
    )
    assert kept["UserStatus"] == "CONFIRMED"
