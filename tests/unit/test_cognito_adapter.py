"""Cognito's error codes become our errors; unexpected ones never leak as a 500 with AWS text."""

from __future__ import annotations

import boto3
import pytest
from botocore.stub import Stubber

from chalicelib.accounts.errors import (
    AccountExistsError,
    AccountNotConfirmedError,
    AccountsThrottledError,
    AccountsUnavailableError,
    InvalidCredentialsError,
    InvalidEmailError,
    LoginChallengeError,
    MfaCodeRequiredError,
    WeakPasswordError,
)
from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.errors import DecideError


def adapter_with(operation: str, error_code: str, message: str = "") -> CognitoAccounts:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    stubber = Stubber(client)
    stubber.add_client_error(operation, service_error_code=error_code, service_message=message, http_status_code=400)
    stubber.activate()
    return CognitoAccounts("us-east-1_pool", "client", client_factory=lambda: client)


@pytest.mark.parametrize(
    ("error_code", "message", "expected"),
    [
        ("UsernameExistsException", "", AccountExistsError),
        ("InvalidPasswordException", "Password did not conform with policy", WeakPasswordError),
        ("InvalidParameterException", "Value at 'password' failed to satisfy constraint", WeakPasswordError),
        ("InvalidParameterException", "Invalid email address format.", InvalidEmailError),
        ("TooManyRequestsException", "", AccountsThrottledError),
        ("InternalErrorException", "something about user@example.mx", AccountsUnavailableError),
    ],
)
def test_sign_up_errors(error_code: str, message: str, expected: type[DecideError]) -> None:
    with pytest.raises(expected) as raised:
        adapter_with("sign_up", error_code, message).sign_up("user@example.mx", "clave-segura-1", "Ana")
    assert "user@example.mx" not in raised.value.message


@pytest.mark.parametrize(
    ("error_code", "expected"),
    [
        ("NotAuthorizedException", InvalidCredentialsError),
        ("UserNotFoundException", InvalidCredentialsError),  # no account enumeration on login
        ("UserNotConfirmedException", AccountNotConfirmedError),
        ("PasswordResetRequiredException", LoginChallengeError),
        ("TooManyFailedAttemptsException", AccountsThrottledError),
    ],
)
def test_log_in_errors(error_code: str, expected: type[DecideError]) -> None:
    with pytest.raises(expected):
        adapter_with("initiate_auth", error_code).log_in("user@example.mx", "clave-segura-1")


def test_a_challenge_instead_of_tokens_is_refused() -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    stubber = Stubber(client)
    stubber.add_response("initiate_auth", {"ChallengeName": "SMS_MFA", "Session": "s" * 20})
    stubber.activate()
    with pytest.raises(LoginChallengeError):
        CognitoAccounts("us-east-1_pool", "client", client_factory=lambda: client).log_in("a@b.mx", "clave-segura-1")


def test_a_totp_challenge_without_a_code_asks_for_it() -> None:
    client = boto3.client("cognito-idp", region_name="us-east-1")
    stubber = Stubber(client)
    stubber.add_response("initiate_auth", {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": "s" * 20})
    stubber.activate()
    with pytest.raises(MfaCodeRequiredError) as raised:
        CognitoAccounts("us-east-1_pool", "client", client_factory=lambda: client).log_in("a@b.mx", "clave-segura-1")
    assert "mfa_code" in str(raised.value.details)


def test_find_user_is_none_for_an_unknown_address() -> None:
    assert adapter_with("admin_get_user", "UserNotFoundException").find_user("ghost@example.mx") is None
