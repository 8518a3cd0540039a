"""Accounts on moto's Cognito, driven through the HTTP API.

The verification code travels the real path: the app sends it through SES (moto) and the
mail sender keeps the local copy `decide mailbox` reads (here in a tmp directory), which is
where each test reads the code the person received.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
from chalice.test import Client
from cryptography.hazmat.primitives.asymmetric import rsa
from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends
from moto.utilities.utils import load_resource

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import MailSender, read_mailbox
from chalicelib.auth.principal import Role
from chalicelib.auth.tokens import TokenVerifier
from chalicelib.settings import Settings
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from decide import cli
from decide.resources import StackNames, ensure_user_pool
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities, moto_key_set

pytestmark = pytest.mark.filterwarnings("ignore:No application metrics to publish")

PASSWORD = "una-clave-segura-2026"
JSON = {"Content-Type": "application/json"}
MAIL_DOMAIN = "decide.ieem.local"


class Clock:
    def __init__(self) -> None:
        self.now = NOW

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture(scope="module")
def ses(aws: None) -> None:
    boto3.client("ses").verify_domain_identity(Domain=MAIL_DOMAIN)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def mailbox(tmp_path: Path) -> Path:
    return tmp_path / "mailbox"


@pytest.fixture
def deps(
    store: ElectionStore, identities: Identities, ses: None, clock: Clock, mailbox: Path
) -> dependencies.Dependencies:
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        local_mailbox_dir=str(mailbox),
    )
    return dependencies.Dependencies(settings=settings, store=store, clock=clock, verifier=identities.verifier())


@pytest.fixture
def api(deps: dependencies.Dependencies) -> Iterator[Client]:
    dependencies.use(deps)
    with Client(app_module.app) as client:
        yield client
    dependencies.use(None)


# helpers -------------------------------------------------------------------------------------
def post(api: Client, path: str, body: Any, headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, str) else json.dumps(body)
    return api.http.post(path, headers=headers or JSON, body=raw)


def payload(response: Any) -> Any:
    assert response.headers["Content-Type"].startswith("application/json")
    return json.loads(response.body)


def fields(response: Any) -> set[str]:
    return {f["field"] for f in payload(response)["error"]["details"]["fields"]}


def emails_to(mailbox: Path, address: str) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(str(mailbox)) if m["to"] == address]


def last_code(mailbox: Path, address: str) -> str:
    found = re.search(r"\b([0-9]{6})\b", emails_to(mailbox, address)[-1]["text"])
    assert found, "the email carries a 6-digit code"
    return found.group(1)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def signup(api: Client, email: str, name: str = "Ana López") -> Any:
    return post(api, "/v1/auth/signup", {"email": email, "password": PASSWORD, "display_name": name})


def sent_through_ses() -> int:
    return len(ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages)


def cognito_user(identities: Identities, email: str) -> dict[str, Any] | None:
    try:
        user: dict[str, Any] = identities.cognito.admin_get_user(UserPoolId=identities.pool.pool_id, Username=email)
    except identities.cognito.exceptions.UserNotFoundException:
        return None
    return user


def user_count(identities: Identities) -> int:
    return len(identities.cognito.list_users(UserPoolId=identities.pool.pool_id)["Users"])


def me(api: Client, token: str) -> Any:
    return api.http.get("/v1/me", headers={"Authorization": f"Bearer {token}"})


# the journey ----------------------------------------------------------------------------------
def test_sign_up_confirm_log_in_who_am_i_and_refresh(
    api: Client,
    mailbox: Path,
    identities: Identities,
    deps: dependencies.Dependencies,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The app logs at INFO; another test may have left its logger at WARNING (a stage import).
    caplog.set_level(logging.INFO, logger="decide-ieem")
    email = "ana.journey@example.mx"
    ses_before = sent_through_ses()

    # sign up: 201, never cacheable, the code arrives by email (through SES, with a local copy)
    response = signup(api, "  Ana.Journey@Example.MX ", name="  Ana <López> & Co  ")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "private, no-store"
    assert payload(response) == {
        "email": email,
        "status": "confirmation_required",
        "message": payload(response)["message"],
    }
    assert sent_through_ses() == ses_before + 1
    [message] = emails_to(mailbox, email)
    assert message["kind"] == "account_verification"
    assert message["subject"] == "Confirma tu cuenta de DecideIEEM"
    code = last_code(mailbox, email)
    assert code in message["html"]
    assert "Ana &lt;López&gt; &amp; Co" in message["html"] and "<López>" not in message["html"]

    # only a hash is stored, with a 24 h TTL and no attempts used
    user = cognito_user(identities, email)
    assert user is not None and user["UserStatus"] == "UNCONFIRMED"
    sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
    item = deps.store.table.get(keys.account_verification(sub))
    assert item is not None and code not in item.doc
    assert int(item.attributes["expires_at"]["N"]) == int(NOW.timestamp()) + 24 * 3600
    assert item.attributes["code_attempts"] == {"N": "0"}

    # a wrong code: 400 naming the field
    response = post(api, "/v1/auth/confirm", {"email": email, "code": wrong(code)})
    assert response.status_code == 400
    assert payload(response)["error"]["code"] == "invalid_code"
    assert fields(response) == {"code"}
    assert "remaining_attempts" not in payload(response)["error"]["details"]  # it would tell a pending account

    # the right code confirms, verifies the email and removes the code
    response = post(api, "/v1/auth/confirm", {"email": email, "code": code})
    assert response.status_code == 200, response.body
    assert payload(response)["status"] == "confirmed"
    user = cognito_user(identities, email)
    assert user is not None and user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]
    assert deps.store.table.get(keys.account_verification(sub)) is None
    # once confirmed, the code is just a code that does not open anything (no "already confirmed")
    assert post(api, "/v1/auth/confirm", {"email": email, "code": code}).status_code == 400

    # log in: tokens, never cacheable
    response = post(api, "/v1/auth/login", {"email": "ANA.journey@example.mx", "password": PASSWORD})
    assert response.status_code == 200, response.body
    assert response.headers["Cache-Control"] == "private, no-store"
    tokens = payload(response)
    assert set(tokens) == {"id_token", "refresh_token", "expires_in", "token_type"}
    assert tokens["expires_in"] > 0 and tokens["token_type"] == "Bearer"

    # who am I, with the ID token
    response = me(api, tokens["id_token"])
    assert response.status_code == 200, response.body
    assert response.headers["Cache-Control"] == "private, no-store"
    assert payload(response) == {
        "user_id": sub,
        "email": email,
        "display_name": "Ana <López> & Co",
        "roles": ["citizen"],
        "party_id": None,
        "mfa_enrolled": False,
        "mfa_required": False,
    }

    # refresh: a new ID token that works the same
    response = post(api, "/v1/auth/refresh", {"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 200, response.body
    refreshed = payload(response)
    assert set(refreshed) == {"id_token", "expires_in", "token_type"}
    assert me(api, refreshed["id_token"]).status_code == 200
    assert post(api, "/v1/auth/refresh", {"refresh_token": "not-a-refresh-token"}).status_code == 401

    # the logs say an email went to a masked address, and never carry the code or a token
    sent = [r for r in caplog.records if r.getMessage() == "verification email sent"]
    assert [(r.levelname, r.__dict__.get("to")) for r in sent] == [("INFO", "a***@example.mx")]
    logs = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.records)
    for secret in (code, tokens["id_token"], tokens["refresh_token"], refreshed["id_token"], PASSWORD, email):
        assert secret not in logs


# refusals -------------------------------------------------------------------------------------
def test_a_second_sign_up_for_a_pending_address_replaces_it_and_its_code(
    api: Client, mailbox: Path, clock: Clock
) -> None:
    assert signup(api, "twice@example.mx").status_code == 201
    first_code = last_code(mailbox, "twice@example.mx")
    # the same client again within the minute: wait (as for a new code), whatever the address
    response = signup(api, "Twice@example.mx")
    assert response.status_code == 429
    assert payload(response)["error"]["code"] == "resend_too_soon"
    clock.advance(seconds=61)
    response = post(
        api, "/v1/auth/signup", {"email": "twice@example.mx", "password": "otra-clave-2026", "display_name": "Ana"}
    )
    assert response.status_code == 201
    assert len(emails_to(mailbox, "twice@example.mx")) == 2
    # the first code died with the sign-up it belonged to; the new one confirms the new password
    assert post(api, "/v1/auth/confirm", {"email": "twice@example.mx", "code": first_code}).status_code == 400
    new_code = last_code(mailbox, "twice@example.mx")
    assert post(api, "/v1/auth/confirm", {"email": "twice@example.mx", "code": new_code}).status_code == 200
    assert post(api, "/v1/auth/login", {"email": "twice@example.mx", "password": PASSWORD}).status_code == 401
    assert post(api, "/v1/auth/login", {"email": "twice@example.mx", "password": "otra-clave-2026"}).status_code == 200


@pytest.mark.parametrize(
    ("password", "code"),
    [("sinnumerosnimayusculas", "value_error"), ("corta1", "value_error")],
)
def test_a_weak_password_is_refused_by_field_and_creates_nothing(
    api: Client, mailbox: Path, identities: Identities, password: str, code: str
) -> None:
    email = f"weak-{len(password)}@example.mx"
    response = post(api, "/v1/auth/signup", {"email": email, "password": password, "display_name": "Ana"})
    assert response.status_code == 400
    body = payload(response)
    assert body["error"]["details"]["fields"][0] == {
        "field": "password",
        "code": code,
        "message": body["error"]["details"]["fields"][0]["message"],
    }
    assert "contraseña" in body["error"]["details"]["fields"][0]["message"]
    assert cognito_user(identities, email) is None
    assert emails_to(mailbox, email) == []


def test_logging_in_before_confirming_tells_to_confirm(api: Client) -> None:
    signup(api, "early@example.mx")
    response = post(api, "/v1/auth/login", {"email": "early@example.mx", "password": PASSWORD})
    assert response.status_code == 403
    assert payload(response)["error"]["code"] == "account_not_confirmed"
    assert "código" in payload(response)["error"]["message"]


def test_a_wrong_password_and_an_unknown_account_look_the_same(api: Client, identities: Identities) -> None:
    identities.user("known@example.mx", role="citizen")
    wrong_password = post(api, "/v1/auth/login", {"email": "known@example.mx", "password": "otra-clave-123"})
    unknown = post(api, "/v1/auth/login", {"email": "nobody@example.mx", "password": "otra-clave-123"})
    assert wrong_password.status_code == unknown.status_code == 401
    assert wrong_password.body == unknown.body
    assert payload(unknown)["error"]["code"] == "invalid_credentials"


def test_people_behind_one_edge_server_are_told_apart_by_their_viewer_address(api: Client, mailbox: Path) -> None:
    """Behind the web distribution every request reaches API Gateway from an edge server, shared by many
    people: the per-client wait keys on the viewer's address the distribution sets (issue 11), so one
    person's wrong guesses do not lock out the others who share that edge server."""
    guesser = {**JSON, "x-decide-viewer-ip": "198.51.100.7"}
    owner = {**JSON, "x-decide-viewer-ip": "203.0.113.9"}
    email = "edge-shared@example.mx"
    assert (
        post(api, "/v1/auth/signup", {"email": email, "password": PASSWORD, "display_name": "Ana"}, owner).status_code
        == 201
    )
    code = last_code(mailbox, email)
    for _ in range(5):
        assert post(api, "/v1/auth/confirm", {"email": email, "code": wrong(code)}, guesser).status_code == 400
    refused = post(api, "/v1/auth/confirm", {"email": email, "code": code}, guesser)
    assert refused.status_code == 429 and payload(refused)["error"]["code"] == "too_many_attempts"
    # the owner, through the same edge server but from their own address, confirms with the right code
    assert post(api, "/v1/auth/confirm", {"email": email, "code": code}, owner).status_code == 200


def test_five_wrong_codes_make_this_client_wait_and_a_new_code_works(api: Client, mailbox: Path, clock: Clock) -> None:
    email = "guesser@example.mx"
    signup(api, email)
    code = last_code(mailbox, email)
    for _ in range(5):
        response = post(api, "/v1/auth/confirm", {"email": email, "code": wrong(code)})
        assert response.status_code == 400
        assert payload(response)["error"]["code"] == "invalid_code"
    # this client waits 30 s (doubling each time), even with the right code
    response = post(api, "/v1/auth/confirm", {"email": email, "code": code})
    assert response.status_code == 429
    assert payload(response)["error"]["code"] == "too_many_attempts"
    assert payload(response)["error"]["details"]["retry_after_seconds"] == 30

    # a new code, at most one a minute
    response = post(api, "/v1/auth/resend-code", {"email": email})
    assert response.status_code == 429
    assert payload(response)["error"]["code"] == "resend_too_soon"
    assert payload(response)["error"]["details"]["retry_after_seconds"] == 60
    clock.advance(seconds=61)
    response = post(api, "/v1/auth/resend-code", {"email": email})
    assert response.status_code == 200, response.body
    assert len(emails_to(mailbox, email)) == 2
    new_code = last_code(mailbox, email)
    assert post(api, "/v1/auth/confirm", {"email": email, "code": new_code}).status_code == 200


def test_a_code_expires_after_24_hours(api: Client, mailbox: Path, clock: Clock) -> None:
    email = "late@example.mx"
    signup(api, email)
    clock.advance(hours=24, seconds=1)
    response = post(api, "/v1/auth/confirm", {"email": email, "code": last_code(mailbox, email)})
    assert response.status_code == 400
    assert payload(response)["error"]["code"] == "invalid_code"
    assert fields(response) == {"code"}
    assert "pide un código nuevo" in payload(response)["error"]["message"]


def test_unknown_or_confirmed_accounts_get_the_generic_resend_answer_and_no_email(
    api: Client, mailbox: Path, identities: Identities
) -> None:
    identities.user("confirmed@example.mx", role="citizen")
    pending = post(api, "/v1/auth/resend-code", {"email": "ghost@example.mx"})
    confirmed = post(api, "/v1/auth/resend-code", {"email": "confirmed@example.mx"})
    assert pending.status_code == confirmed.status_code == 200
    assert payload(pending)["message"] == payload(confirmed)["message"]
    assert read_mailbox(str(mailbox)) == []
    # confirming an unknown address is just a wrong code
    response = post(api, "/v1/auth/confirm", {"email": "ghost@example.mx", "code": "123456"})
    assert response.status_code == 400
    assert payload(response)["error"]["code"] == "invalid_code"


def test_when_the_email_cannot_be_sent_no_code_blocks_the_next_request(
    api: Client, mailbox: Path, deps: dependencies.Dependencies, identities: Identities
) -> None:
    email = "unlucky@example.mx"
    good_sender = deps.mail
    deps.__dict__["mail"] = MailSender("avisos@not-verified.example", local_mailbox_dir=str(mailbox))
    deps.__dict__.pop("accounts", None)
    response = signup(api, email)
    assert response.status_code == 503
    assert payload(response)["error"]["code"] == "verification_mail_failed"
    assert cognito_user(identities, email) is not None  # the account exists, unconfirmed

    deps.__dict__["mail"] = good_sender
    deps.__dict__.pop("accounts", None)
    assert post(api, "/v1/auth/resend-code", {"email": email}).status_code == 200
    assert post(api, "/v1/auth/confirm", {"email": email, "code": last_code(mailbox, email)}).status_code == 200


@pytest.mark.parametrize(
    ("path", "raw", "headers", "status", "named"),
    [
        ("/v1/auth/signup", "{not json", JSON, 400, {"body"}),
        ("/v1/auth/signup", "email=a@b.mx", {"Content-Type": "application/x-www-form-urlencoded"}, 415, {"body"}),
        ("/v1/auth/signup", "[]", JSON, 400, {""}),
        ("/v1/auth/signup", {}, JSON, 400, {"email", "password", "display_name"}),
        ("/v1/auth/signup", {"email": "a@b.mx", "password": PASSWORD}, JSON, 400, {"display_name"}),
        (
            "/v1/auth/signup",
            {"email": "no-es-correo", "password": PASSWORD, "display_name": "Ana"},
            JSON,
            400,
            {"email"},
        ),
        (
            "/v1/auth/signup",
            {"email": "a@b.mx", "password": PASSWORD, "display_name": " A "},
            JSON,
            400,
            {"display_name"},
        ),
        (
            "/v1/auth/signup",
            {"email": "a@b.mx", "password": PASSWORD, "display_name": "A" * 61},
            JSON,
            400,
            {"display_name"},
        ),
        (
            "/v1/auth/signup",
            {"email": "a@b.mx", "password": PASSWORD, "display_name": "Ana", "role": "ieem_admin"},
            JSON,
            400,
            {"role"},
        ),
        (
            "/v1/auth/signup",
            {"email": 7, "password": 7, "display_name": 7},
            JSON,
            400,
            {"email", "password", "display_name"},
        ),
        ("/v1/auth/confirm", {"email": "a@b.mx", "code": "12ab56"}, JSON, 400, {"code"}),
        ("/v1/auth/confirm", {"email": "a@b.mx"}, JSON, 400, {"code"}),
        ("/v1/auth/login", {"email": "a@b.mx"}, JSON, 400, {"password"}),
        ("/v1/auth/refresh", {}, JSON, 400, {"refresh_token"}),
        ("/v1/auth/resend-code", "", JSON, 400, {"email"}),
    ],
)
def test_malformed_bodies_are_refused_by_field_and_create_nothing(
    api: Client,
    mailbox: Path,
    identities: Identities,
    path: str,
    raw: Any,
    headers: dict[str, str],
    status: int,
    named: set[str],
) -> None:
    users_before = user_count(identities)
    response = post(api, path, raw, headers)
    assert response.status_code == status, response.body
    body = payload(response)
    if "fields" in body["error"]["details"]:
        assert {f.rsplit(".", 1)[0] if f else "" for f in fields(response)} == named
    else:
        assert body["error"]["details"]["field"] in named
    assert user_count(identities) == users_before
    assert read_mailbox(str(mailbox)) == []


# tokens ---------------------------------------------------------------------------------------
def signed(claims: dict[str, Any], key: Any) -> str:
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": "dummy"})


def claims_for(identities: Identities, **overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": f"https://cognito-idp.us-east-1.amazonaws.com/{identities.pool.pool_id}",
        "aud": identities.pool.client_id,
        "sub": "forged-user",
        "token_use": "id",
        "email": "mallory@example.mx",
        "cognito:groups": ["ieem_admin"],
        "iat": now,
        "exp": now + 3600,
        **overrides,
    }


def moto_private_key() -> Any:
    return jwt.PyJWK(load_resource("cognitoidp/resources/jwks-private.json")).key


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Basic x",
        "Bearer",
        "Bearer abc",
        "Bearer a.b.c",
        "Bearer ....",
        "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.",
        "forged",
        "expired",
        "other-client",
        "access-token",
    ],
)
def test_a_bad_authorization_header_is_401_json_never_500(
    api: Client, identities: Identities, authorization: str | None
) -> None:
    if authorization == "forged":
        other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        authorization = "Bearer " + signed(claims_for(identities), other_key)
    elif authorization == "expired":
        past = int(time.time()) - 7200
        authorization = "Bearer " + signed(claims_for(identities, iat=past, exp=past + 3600), moto_private_key())
    elif authorization == "other-client":
        authorization = "Bearer " + signed(claims_for(identities, aud="another-client"), moto_private_key())
    elif authorization == "access-token":
        authorization = "Bearer " + signed(claims_for(identities, token_use="access"), moto_private_key())
    headers = {} if authorization is None else {"Authorization": authorization}
    response = api.http.get("/v1/me", headers=headers)
    assert response.status_code == 401, response.body
    assert payload(response)["error"]["code"] == "not_authenticated"


def test_a_valid_signature_with_the_right_claims_is_accepted(api: Client, identities: Identities) -> None:
    # the control for the forged cases above: the same claims signed with the pool's key pass
    token = signed(claims_for(identities, **{"cognito:groups": ["citizen"]}), moto_private_key())
    assert me(api, token).status_code == 200


# operators ------------------------------------------------------------------------------------
def test_create_user_makes_a_confirmed_party_editor_bound_to_its_party(
    aws: None, capsys: pytest.CaptureFixture[str]
) -> None:
    cognito = boto3.client("cognito-idp")
    pool = ensure_user_pool(cognito, StackNames(stage="dev", table="unused"))

    code = cli.main(
        [
            "--stage",
            "dev",
            "create-user",
            "--email",
            "Editor@PAN.example.mx",
            "--role",
            "party_editor",
            "--party",
            "pan",
        ]
    )
    out = capsys.readouterr().out
    assert code == 0, out
    password = re.search(r"password \(shown only now\): (\S+)", out)
    assert password, out

    tokens = cognito.initiate_auth(
        ClientId=pool.client_id,
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": "editor@pan.example.mx", "PASSWORD": password.group(1)},
    )["AuthenticationResult"]
    verifier = TokenVerifier(
        issuer=f"https://cognito-idp.us-east-1.amazonaws.com/{pool.pool_id}",
        client_id=pool.client_id,
        jwks_url="moto://jwks",
        load_key_set=moto_key_set,
    )
    principal = verifier.principal(f"Bearer {tokens['IdToken']}")
    assert principal.roles == frozenset({Role.PARTY_EDITOR})
    assert principal.party_id == "pan"
    assert principal.email == "editor@pan.example.mx"
    assert principal.display_name == "editor"
    user = cognito.admin_get_user(UserPoolId=pool.pool_id, Username="editor@pan.example.mx")
    assert user["UserStatus"] == "CONFIRMED"
    assert {"Name": "email_verified", "Value": "true"} in user["UserAttributes"]


@pytest.mark.parametrize(
    "arguments",
    [
        ["--email", "e1@example.mx", "--role", "party_editor"],
        ["--email", "e2@example.mx", "--role", "ieem_admin", "--party", "pan"],
        ["--email", "e3@example.mx", "--role", "party_editor", "--party", "PAN!"],
        ["--email", "not-an-email", "--role", "ieem_moderator"],
    ],
)
def test_create_user_refuses_a_party_where_it_does_not_belong(
    aws: None, capsys: pytest.CaptureFixture[str], arguments: list[str]
) -> None:
    cognito = boto3.client("cognito-idp")
    pool = ensure_user_pool(cognito, StackNames(stage="dev", table="unused"))
    before = len(cognito.list_users(UserPoolId=pool.pool_id)["Users"])
    assert cli.main(["--stage", "dev", "create-user", *arguments]) == 2
    assert "error:" in capsys.readouterr().err
    assert len(cognito.list_users(UserPoolId=pool.pool_id)["Users"]) == before
