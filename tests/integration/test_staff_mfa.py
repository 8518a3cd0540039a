"""Staff two factors (issue 13): TOTP enrolment, the log-in step for the code, staff routes that
answer 403 `mfa_required` until then, and an administrator's audited reset of a lost factor.

Cognito on moto is more lenient than AWS here: it hands every user the same secret and, unless
told, accepts any code. `AwsTotp` puts AWS's behaviour back in front of moto's client: a secret
of the user's own at AssociateSoftwareToken, and codes checked against it (RFC 6238) at
VerifySoftwareToken and at the SOFTWARE_TOKEN_MFA challenge. The tests type codes computed
from that secret (tests/totp.py), as an authenticator app would.
"""

from __future__ import annotations

import base64
import json
import secrets
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import boto3
import jwt
import pytest
from botocore.exceptions import ClientError
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.adapters.mail import read_mailbox
from chalicelib.auth.principal import MFA_REQUIRED, Role
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import TABLE
from tests.integration.identities import PASSWORD, Identities
from tests.integration.test_accounts import mailbox, payload, ses  # noqa: F401  (fixtures)
from tests.totp import STEP, totp, wrong_code

pytestmark = pytest.mark.filterwarnings("ignore:No application metrics to publish")
EXEMPT_DOMAIN = "exento.example.mx"


class AwsTotp:
    """moto's Cognito client with AWS's TOTP rules (see the module docstring)."""

    def __init__(self, client: Any, pool_id: str) -> None:
        self._client = client
        self._pool_id = pool_id
        self.secrets: dict[str, str] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)

    @staticmethod
    def _refuse(code: str, operation: str) -> ClientError:
        return ClientError({"Error": {"Code": code, "Message": "Code mismatch"}}, operation)

    def _accepts(self, sub: str, code: str) -> bool:
        secret = self.secrets.get(sub)
        # AWS accepts the code of the current 30 s window and of the adjacent ones (clock drift).
        return secret is not None and code in {totp(secret, time.time() + d * STEP) for d in (-1, 0, 1)}

    def associate_software_token(self, **kwargs: Any) -> Any:
        response = self._client.associate_software_token(**kwargs)
        sub = jwt.decode(kwargs["AccessToken"], options={"verify_signature": False})["sub"]
        self.secrets[sub] = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
        return {**response, "SecretCode": self.secrets[sub]}

    def verify_software_token(self, **kwargs: Any) -> Any:
        try:
            sub = jwt.decode(kwargs["AccessToken"], options={"verify_signature": False})["sub"]
        except jwt.DecodeError:
            return self._client.verify_software_token(**kwargs)  # moto refuses it as AWS does
        if not self._accepts(sub, kwargs["UserCode"]):
            raise self._refuse("EnableSoftwareTokenMFAException", "VerifySoftwareToken")
        return self._client.verify_software_token(**kwargs)

    def respond_to_auth_challenge(self, **kwargs: Any) -> Any:
        if kwargs.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
            responses = kwargs["ChallengeResponses"]
            user = self._client.admin_get_user(UserPoolId=self._pool_id, Username=responses["USERNAME"])
            sub = next(a["Value"] for a in user["UserAttributes"] if a["Name"] == "sub")
            if not self._accepts(sub, responses["SOFTWARE_TOKEN_MFA_CODE"]):
                raise self._refuse("CodeMismatchException", "RespondToAuthChallenge")
        return self._client.respond_to_auth_challenge(**kwargs)


@pytest.fixture
def cognito(identities: Identities) -> AwsTotp:
    return AwsTotp(boto3.client("cognito-idp"), identities.pool.pool_id)


@pytest.fixture
def deps(
    seeded: ElectionStore,
    identities: Identities,
    cognito: AwsTotp,
    ses: None,  # noqa: F811
    mailbox: Path,  # noqa: F811
) -> dependencies.Dependencies:
    # Enforced as in AWS (from the environment, STAFF_MFA_EXEMPT defaults to ""), but for one
    # domain, to show the local stack's per-account exemption.
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        local_mailbox_dir=str(mailbox),
        staff_mfa_exempt=f"*@{EXEMPT_DOMAIN}",
    )
    # Sessions are compared with Cognito's own clock (auth_time), so this module's clock is real.
    built = dependencies.Dependencies(
        settings=settings, store=seeded, clock=lambda: datetime.now(UTC), verifier=identities.verifier()
    )
    built.accounts.cognito = CognitoAccounts(
        identities.pool.pool_id, identities.pool.client_id, client_factory=lambda: cognito
    )
    return built


@pytest.fixture
def api(deps: dependencies.Dependencies) -> Iterator[Client]:
    dependencies.use(deps)
    with Client(app_module.app) as client:
        yield client
    dependencies.use(None)


def post(api: Client, path: str, body: Any, token: str | None = None) -> Any:
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return api.http.post(path, headers=headers, body=body if isinstance(body, str) else json.dumps(body))


def get(api: Client, path: str, token: str) -> Any:
    return api.http.get(path, headers={"Authorization": f"Bearer {token}"})


def error(response: Any) -> tuple[int, str, set[str]]:
    body = payload(response)["error"]
    return response.status_code, body["code"], {f["field"] for f in (body.get("details") or {}).get("fields", [])}


def login(api: Client, email: str, **extra: str) -> Any:
    return post(api, "/v1/auth/login", {"email": email, "password": PASSWORD, **extra})


def account(api: Client, identities: Identities, email: str, role: Role | None) -> str:
    identities.user(email, role=role.value if role else None)
    response = login(api, email)
    assert response.status_code == 200, response.body
    return str(payload(response)["id_token"])


def next_second() -> None:
    """Cognito's auth_time counts whole seconds: start the enrolment in a later second than the
    session being shown to be older than it (at most one second of waiting)."""
    start = int(time.time())
    while int(time.time()) == start:
        time.sleep(0.02)


def enrol(api: Client, cognito: AwsTotp, email: str, token: str) -> str:
    """Enrol TOTP through the API; returns the secret (as the person's app keeps it)."""
    setup = post(api, "/v1/me/mfa/setup", {"password": PASSWORD}, token)
    assert setup.status_code == 200, setup.body
    secret = payload(setup)["secret"]
    verified = post(
        api, "/v1/me/mfa/verify", {"enrolment_token": payload(setup)["enrolment_token"], "code": totp(secret)}, token
    )
    assert verified.status_code == 200, verified.body
    return str(secret)


def mfa_login(api: Client, email: str, secret: str) -> str:
    response = login(api, email, mfa_code=totp(secret))
    assert response.status_code == 200, response.body
    return str(payload(response)["id_token"])


def test_a_staff_route_answers_mfa_required_until_totp_is_enrolled_then_works_with_the_code(
    api: Client, identities: Identities, cognito: AwsTotp
) -> None:
    email = "admin-totp@example.mx"
    token = account(api, identities, email, Role.IEEM_ADMIN)
    refused = get(api, "/v1/admin/audit", token)
    assert error(refused)[:2] == (403, "mfa_required")
    assert "verificación en dos pasos" in payload(refused)["error"]["message"]
    me = payload(get(api, "/v1/me", token))
    assert (me["mfa_enrolled"], me["mfa_required"]) == (False, True)

    # a wrong password starts nothing
    assert error(post(api, "/v1/me/mfa/setup", {"password": "no-es-la-clave-1"}, token)) == (
        400,
        "wrong_password",
        {"password"},
    )
    next_second()
    setup = payload(post(api, "/v1/me/mfa/setup", {"password": PASSWORD}, token))
    secret = setup["secret"]
    assert setup["otpauth_uri"].startswith("otpauth://totp/DecideIEEM%3Aadmin-totp%40example.mx?")
    assert f"secret={secret}" in setup["otpauth_uri"] and "issuer=DecideIEEM" in setup["otpauth_uri"]

    # a wrong first code enrols nothing: the log-in still asks for no code
    bad = post(
        api, "/v1/me/mfa/verify", {"enrolment_token": setup["enrolment_token"], "code": wrong_code(secret)}, token
    )
    assert error(bad) == (400, "invalid_mfa_code", {"code"})
    assert "código" in payload(bad)["error"]["message"]
    assert payload(get(api, "/v1/me", token))["mfa_enrolled"] is False
    assert login(api, email).status_code == 200

    # the right one (spaces as the app shows it are fine) enrols it and ends the older sessions
    code = totp(secret)
    enrolled = post(
        api, "/v1/me/mfa/verify", {"enrolment_token": setup["enrolment_token"], "code": f"{code[:3]} {code[3:]}"}, token
    )
    assert enrolled.status_code == 200, enrolled.body
    assert "entra de nuevo" in payload(enrolled)["message"]
    assert error(get(api, "/v1/admin/audit", token))[:2] == (403, "mfa_required")

    # log-in: password alone is not enough; a wrong code is refused on its field; the code works
    assert error(login(api, email)) == (403, "mfa_code_required", {"mfa_code"})
    assert error(login(api, email, mfa_code=wrong_code(secret))) == (400, "invalid_mfa_code", {"mfa_code"})
    assert error(login(api, email, mfa_code="12ab56")) == (400, "invalid_request", {"mfa_code"})
    second = mfa_login(api, email, secret)
    audit = get(api, "/v1/admin/audit", second)
    assert audit.status_code == 200, audit.body
    assert "account.mfa_enrolled" in {e["action"] for e in payload(audit)["entries"]}
    me = payload(get(api, "/v1/me", second))
    assert (me["mfa_enrolled"], me["mfa_required"]) == (True, False)
    # and a second enrolment is refused (a lost phone is reset by an administrator)
    assert error(post(api, "/v1/me/mfa/setup", {"password": PASSWORD}, second))[:2] == (409, "mfa_already_enrolled")


def test_the_code_of_another_account_does_not_open_this_one(
    api: Client, identities: Identities, cognito: AwsTotp
) -> None:
    first, other = "mod-uno@example.mx", "mod-dos@example.mx"
    first_secret = enrol(api, cognito, first, account(api, identities, first, Role.IEEM_MODERATOR))
    enrol(api, cognito, other, account(api, identities, other, Role.IEEM_MODERATOR))
    if totp(first_secret) != totp(cognito.secrets[next(s for s in cognito.secrets if s != first_secret)]):
        assert error(login(api, other, mfa_code=totp(first_secret)))[:2] == (400, "invalid_mfa_code")


def test_an_administrator_resets_a_lost_factor_audited_and_the_owner_is_told(
    api: Client,
    identities: Identities,
    cognito: AwsTotp,
    mailbox: Path,  # noqa: F811
) -> None:
    admin, moderator = "admin-reset@example.mx", "moderadora-reset@example.mx"
    admin_secret = enrol(api, cognito, admin, account(api, identities, admin, Role.IEEM_ADMIN))
    moderator_secret = enrol(api, cognito, moderator, account(api, identities, moderator, Role.IEEM_MODERATOR))
    admin_token = mfa_login(api, admin, admin_secret)
    moderator_token = mfa_login(api, moderator, moderator_secret)
    assert get(api, "/v1/moderation/queue", moderator_token).status_code == 200

    # bad input: named field, plain Spanish, nothing changed
    assert error(post(api, "/v1/admin/mfa-resets", {"email": "no es correo"}, admin_token))[2] == {"email"}
    unknown = post(api, "/v1/admin/mfa-resets", {"email": "nadie@example.mx"}, admin_token)
    assert error(unknown) == (404, "account_not_found", {"email"})
    assert "nadie@example.mx" in payload(unknown)["error"]["message"]
    assert error(login(api, moderator))[:2] == (403, "mfa_code_required")

    reset = post(api, "/v1/admin/mfa-resets", {"email": "Moderadora-Reset@example.mx"}, admin_token)
    assert reset.status_code == 200, reset.body
    assert payload(reset)["email"] == moderator
    # the session that passed TOTP before the reset no longer counts; log-in asks for no code
    assert error(get(api, "/v1/moderation/queue", moderator_token))[:2] == (403, "mfa_required")
    plain = login(api, moderator)
    assert plain.status_code == 200
    assert payload(get(api, "/v1/me", payload(plain)["id_token"]))["mfa_enrolled"] is False
    # idempotent
    assert post(api, "/v1/admin/mfa-resets", {"email": moderator}, admin_token).status_code == 200
    notices = [m for m in read_mailbox(str(mailbox)) if m["to"] == moderator and m["kind"] == "mfa_reset_notice"]
    assert notices and "restableció la verificación en dos pasos" in notices[0]["text"]
    entries = payload(get(api, "/v1/admin/audit", admin_token))["entries"]
    resets = [e for e in entries if e["action"] == "account.mfa_reset"]
    assert resets and resets[-1]["actor_email"] == admin
    assert any(e["before"] == {"mfa_enrolled": True} for e in resets)
    # the moderator enrols again with a new secret
    next_second()
    again = enrol(api, cognito, moderator, payload(login(api, moderator))["id_token"])
    assert again != moderator_secret
    assert get(api, "/v1/moderation/queue", mfa_login(api, moderator, again)).status_code == 200


def test_the_new_routes_by_role(api: Client, identities: Identities, cognito: AwsTotp) -> None:
    citizen = account(api, identities, "ciudadana-mfa@example.mx", Role.CITIZEN)
    editor = "editora-mfa@example.mx"
    identities.user(editor, role=Role.PARTY_EDITOR.value, party_id="pfv")
    editor_token = payload(login(api, editor))["id_token"]
    moderator = account(api, identities, "moderador-sin-totp@example.mx", Role.IEEM_MODERATOR)
    admin = account(api, identities, "admin-sin-totp@example.mx", Role.IEEM_ADMIN)
    body = {"password": PASSWORD}

    assert error(post(api, "/v1/me/mfa/setup", body))[:2] == (401, "not_authenticated")
    assert error(post(api, "/v1/me/mfa/setup", body, citizen))[:2] == (403, "forbidden")
    assert error(post(api, "/v1/me/mfa/verify", {"enrolment_token": "x", "code": "123456"}, citizen))[:2] == (
        403,
        "forbidden",
    )
    # staff without TOTP reach the enrolment (and party editors may enrol)
    for token in (moderator, admin, editor_token):
        assert post(api, "/v1/me/mfa/setup", body, token).status_code == 200
    expired = post(api, "/v1/me/mfa/verify", {"enrolment_token": "no-es-un-token", "code": "123456"}, admin)
    assert error(expired)[:2] == (400, "mfa_setup_expired")
    assert error(post(api, "/v1/me/mfa/verify", {"enrolment_token": "x"}, admin))[2] == {"code"}
    # party editors are not required to use TOTP
    assert get(api, "/v1/party/inbox?process_id=simulacro&contender_id=pfv", editor_token).status_code != 403

    reset = {"email": "ciudadana-mfa@example.mx"}
    assert error(post(api, "/v1/admin/mfa-resets", reset))[:2] == (401, "not_authenticated")
    for token in (citizen, editor_token, moderator):
        assert error(post(api, "/v1/admin/mfa-resets", reset, token))[:2] == (403, "forbidden")
    assert error(post(api, "/v1/admin/mfa-resets", reset, admin))[:2] == (403, "mfa_required")


def test_every_staff_route_refuses_a_session_without_totp_and_admits_one_with_it(
    api: Client, identities: Identities, cognito: AwsTotp
) -> None:
    tokens: dict[Role, tuple[str, str]] = {}
    for role in (Role.IEEM_ADMIN, Role.IEEM_MODERATOR):
        email = f"walk-{role.value.replace('_', '-')}@example.mx"
        before = account(api, identities, email, role)
        next_second()
        secret = enrol(api, cognito, email, before)
        tokens[role] = (before, mfa_login(api, email, secret))
    walked = 0
    for operation in app_module.api.operations:
        if not operation.roles or not operation.roles & MFA_REQUIRED:
            continue
        role = Role.IEEM_ADMIN if Role.IEEM_ADMIN in operation.roles else Role.IEEM_MODERATOR
        path = operation.path
        for name in operation.path_params:
            path = path.replace("{" + name + "}", "simulacro" if name == "process_id" else "x")
        without, with_totp = tokens[role]
        for token, totp_session in ((without, False), (with_totp, True)):
            response = api.http.request(
                operation.method.upper(),
                path,
                headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
                body=b"{}" if operation.body else b"",
            )
            answer = f"{operation.method} {operation.path}: {response.status_code} {response.body[:200]!r}"
            if totp_session:
                assert response.status_code not in (401, 403), answer
            else:
                assert error(response)[:2] == (403, "mfa_required"), answer
        walked += 1
    assert walked >= 20


def test_an_exempt_staff_account_and_the_deployed_default() -> None:
    assert Settings.from_environ({"TABLE_NAME": TABLE}).mfa_exempt("admin@ieem.org.mx") is False
    local = Settings.from_environ({"TABLE_NAME": TABLE, "STAFF_MFA_EXEMPT": "*@example.org, *@example.mx"})
    assert local.mfa_exempt("Prueba@Example.org") and not local.mfa_exempt("admin@ieem.org.mx")


def test_a_staff_account_the_setting_exempts_needs_no_totp(api: Client, identities: Identities) -> None:
    token = account(api, identities, f"admin@{EXEMPT_DOMAIN}", Role.IEEM_ADMIN)
    assert get(api, "/v1/admin/audit", token).status_code == 200
    assert payload(get(api, "/v1/me", token))["mfa_required"] is False
