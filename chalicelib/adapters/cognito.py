"""The Cognito adapter: the only place accounts talk to AWS.

The boto3 client is created on first use (so moto's `mock_aws` and `AWS_ENDPOINT_URL` apply) and
can be injected. Each call names the Cognito error codes it expects and the error of ours each
becomes; throttling becomes `AccountsThrottledError` and anything else `AccountsUnavailableError`
(logged by code only: Cognito messages can carry the username, and nothing here logs a token).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.accounts.errors import (
    AccountExistsError,
    AccountNotConfirmedError,
    AccountsThrottledError,
    AccountsUnavailableError,
    InvalidCredentialsError,
    InvalidEmailError,
    InvalidMfaCodeError,
    InvalidRefreshTokenError,
    LoginChallengeError,
    MfaAlreadyEnrolledError,
    MfaCodeRequiredError,
    MfaSetupExpiredError,
    MfaWrongPasswordError,
    PasswordChangeRequiredError,
    WeakPasswordError,
)
from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import DecideError, NotFound
from chalicelib.observability import logger

ErrorFactory = Callable[[], DecideError]
THROTTLING = frozenset(
    {"TooManyRequestsException", "LimitExceededException", "TooManyFailedAttemptsException", "ThrottlingException"}
)
UNCONFIRMED = "UNCONFIRMED"
# An `InvalidParameterException` whose message does not name the password.
PARAMETER = "InvalidParameter(other)"


_COGNITO_IDP_CLIENT = default_client("cognito-idp")


@dataclass(frozen=True)
class CognitoUser:
    user_sub: str
    email: str
    display_name: str
    status: str
    enabled: bool
    party_id: str | None = None

    @property
    def confirmed(self) -> bool:
        return self.status != UNCONFIRMED


@dataclass(frozen=True)
class AuthTokens:
    id_token: str
    expires_in: int
    refresh_token: str | None = None


class CognitoAccounts(LazyClient[Any]):
    def __init__(
        self, user_pool_id: str, client_id: str, *, client_factory: Callable[[], Any] = _COGNITO_IDP_CLIENT
    ) -> None:
        self.user_pool_id = user_pool_id
        self.client_id = client_id
        self._client_factory = client_factory

    def _call(self, operation: str, expected: Mapping[str, ErrorFactory] | None = None, **kwargs: Any) -> Any:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            return getattr(self.client, operation)(**kwargs)
        except ClientError as exc:
            error_code = str(exc.response.get("Error", {}).get("Code", ""))
            if expected and error_code in expected:
                raise expected[error_code]() from exc
            if expected and error_code == "InvalidParameterException" and PARAMETER in expected:
                # e.g. a password with surrounding spaces fails Cognito's pattern, not its policy
                message = str(exc.response.get("Error", {}).get("Message", "")).lower()
                raise (WeakPasswordError() if "password" in message else expected[PARAMETER]()) from exc
            if error_code in THROTTLING:
                logger.warning("cognito throttled", extra={"operation": operation, "error_code": error_code})
                raise AccountsThrottledError() from exc
            logger.error("cognito call failed", extra={"operation": operation, "error_code": error_code})
            raise AccountsUnavailableError() from exc
        except BotoCoreError as exc:
            logger.error("cognito unreachable", extra={"operation": operation, "error": type(exc).__name__})
            raise AccountsUnavailableError() from exc

    # sign-up and confirmation ------------------------------------------------------------
    def sign_up(self, email: str, password: str, display_name: str) -> str:
        """Create an unconfirmed user; returns its `sub`."""
        response = self._call(
            "sign_up",
            {
                "UsernameExistsException": AccountExistsError,
                "AliasExistsException": AccountExistsError,
                "InvalidPasswordException": WeakPasswordError,
                PARAMETER: InvalidEmailError,
            },
            ClientId=self.client_id,
            Username=email,
            Password=password,
        )
        # The app client may not write `name` (nor `email`): only admin calls such as this one do.
        self._call(
            "admin_update_user_attributes",
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=[{"Name": "name", "Value": display_name}],
        )
        return str(response["UserSub"])

    def add_to_group(self, email: str, group: str) -> None:
        self._call("admin_add_user_to_group", UserPoolId=self.user_pool_id, Username=email, GroupName=group)

    def find_user(self, email: str) -> CognitoUser | None:
        """The user signed up with this email, or None."""
        try:
            response = self._call(
                "admin_get_user",
                {"UserNotFoundException": _NotFound},
                UserPoolId=self.user_pool_id,
                Username=email,
            )
        except _NotFound:
            return None
        attributes = {a["Name"]: a["Value"] for a in response.get("UserAttributes", [])}
        return CognitoUser(
            user_sub=attributes.get("sub", ""),
            email=attributes.get("email", email),
            display_name=attributes.get("name", ""),
            status=str(response.get("UserStatus", "")),
            enabled=bool(response.get("Enabled", True)),
            party_id=attributes.get("custom:party_id") or None,
        )

    def confirm(self, email: str) -> None:
        """Mark the account confirmed and its email verified (the app checked the code)."""
        self._call("admin_confirm_sign_up", UserPoolId=self.user_pool_id, Username=email)
        self._call(
            "admin_update_user_attributes",
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=[{"Name": "email_verified", "Value": "true"}],
        )

    # sessions -----------------------------------------------------------------------------
    def log_in(
        self, email: str, password: str, new_password: str | None = None, mfa_code: str | None = None
    ) -> AuthTokens:
        """Tokens for email + password. An account made with a temporary password gets none until
        `new_password` is given: the API answers nothing else to it before then. An account with
        TOTP gets none without the code of its app (`mfa_code`)."""
        response = self._call(
            "initiate_auth",
            {
                "NotAuthorizedException": InvalidCredentialsError,
                "UserNotFoundException": InvalidCredentialsError,
                "UserNotConfirmedException": AccountNotConfirmedError,
                "PasswordResetRequiredException": LoginChallengeError,
            },
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        if response.get("ChallengeName") == "NEW_PASSWORD_REQUIRED":
            if not new_password:
                raise PasswordChangeRequiredError()
            response = self._call(
                "respond_to_auth_challenge",
                {
                    "InvalidPasswordException": WeakPasswordError,
                    "NotAuthorizedException": InvalidCredentialsError,
                    "CodeMismatchException": InvalidCredentialsError,
                },
                ClientId=self.client_id,
                ChallengeName="NEW_PASSWORD_REQUIRED",
                Session=response["Session"],
                ChallengeResponses={"USERNAME": email, "NEW_PASSWORD": new_password},
            )
        if response.get("ChallengeName") == "SOFTWARE_TOKEN_MFA":
            if not mfa_code:
                raise MfaCodeRequiredError()
            username = (response.get("ChallengeParameters") or {}).get("USER_ID_FOR_SRP") or email
            response = self._call(
                "respond_to_auth_challenge",
                {
                    "CodeMismatchException": InvalidMfaCodeError,
                    "ExpiredCodeException": InvalidMfaCodeError,
                    "NotAuthorizedException": InvalidCredentialsError,
                },
                ClientId=self.client_id,
                ChallengeName="SOFTWARE_TOKEN_MFA",
                Session=response["Session"],
                ChallengeResponses={"USERNAME": username, "SOFTWARE_TOKEN_MFA_CODE": mfa_code},
            )
        return self._tokens(response)

    def refresh(self, refresh_token: str) -> AuthTokens:
        response = self._call(
            "initiate_auth",
            {
                "NotAuthorizedException": InvalidRefreshTokenError,
                "UserNotFoundException": InvalidRefreshTokenError,
                "ResourceNotFoundException": InvalidRefreshTokenError,
            },
            ClientId=self.client_id,
            AuthFlow="REFRESH_TOKEN_AUTH",
            AuthParameters={"REFRESH_TOKEN": refresh_token},
        )
        return self._tokens(response)

    @staticmethod
    def _tokens(response: Mapping[str, Any]) -> AuthTokens:
        result = response.get("AuthenticationResult")
        if not result or "IdToken" not in result:
            raise LoginChallengeError()
        return AuthTokens(
            id_token=str(result["IdToken"]),
            expires_in=int(result.get("ExpiresIn", 3600)),
            refresh_token=result.get("RefreshToken"),
        )

    # recovery (issue 13) -------------------------------------------------------------------
    def delete_user(self, email: str) -> None:
        """Remove an account (a pending sign-up replaced by a new one, or a deleted account)."""
        try:
            self._call(
                "admin_delete_user",
                {"UserNotFoundException": _NotFound},
                UserPoolId=self.user_pool_id,
                Username=email,
            )
        except _NotFound:
            return

    def set_password(self, email: str, password: str) -> None:
        """A permanent password chosen by whoever proved the mailbox (or the current password);
        it also ends a temporary password's forced change."""
        self._call(
            "admin_set_user_password",
            {"InvalidPasswordException": WeakPasswordError, PARAMETER: WeakPasswordError},
            UserPoolId=self.user_pool_id,
            Username=email,
            Password=password,
            Permanent=True,
        )

    def unconfirmed_users(self) -> list[tuple[CognitoUser, datetime]]:
        """Every account still waiting for its email confirmation, with when it was created."""
        found: list[tuple[CognitoUser, datetime]] = []
        token: str | None = None
        while True:
            paging: dict[str, Any] = {"PaginationToken": token} if token else {}
            page = self._call(
                "list_users", None, UserPoolId=self.user_pool_id, Filter='cognito:user_status = "UNCONFIRMED"', **paging
            )
            for raw in page.get("Users", []):
                if raw.get("UserStatus") != UNCONFIRMED:
                    continue
                attributes = {a["Name"]: a["Value"] for a in raw.get("Attributes", [])}
                user = CognitoUser(
                    user_sub=attributes.get("sub", ""),
                    email=attributes.get("email", raw.get("Username", "")),
                    display_name=attributes.get("name", ""),
                    status=UNCONFIRMED,
                    enabled=bool(raw.get("Enabled", True)),
                )
                found.append((user, raw["UserCreateDate"]))
            token = page.get("PaginationToken")
            if not token:
                return found

    def set_display_name(self, email: str, display_name: str) -> None:
        self._call(
            "admin_update_user_attributes",
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=[{"Name": "name", "Value": display_name}],
        )

    def disable_user(self, email: str) -> None:
        """The account can no longer log in or refresh (the institute disabled it)."""
        self._call("admin_disable_user", UserPoolId=self.user_pool_id, Username=email)

    def sign_out_everywhere(self, email: str) -> None:
        """Revoke every refresh token of the account (after a reset or change of password)."""
        self._call("admin_user_global_sign_out", UserPoolId=self.user_pool_id, Username=email)

    def check_password(self, email: str, password: str) -> bool:
        """Whether `password` is the account's current one (a log-in whose tokens are dropped)."""
        try:
            self.log_in(email, password)
        except (InvalidCredentialsError, PasswordChangeRequiredError):
            return False
        except MfaCodeRequiredError:
            return True  # the password was right; Cognito asks for the second factor next
        return True

    def create_invited_user(self, *, email: str, display_name: str, group: str, party_id: str | None = None) -> str:
        """A staff or party account whose first password is set with an emailed one-time code.

        Its temporary password is random and never shown to anyone: until the code is used, the
        account cannot log in at all."""
        from chalicelib.accounts.codes import strong_password

        attributes = _account_attributes(email, display_name, party_id)
        response = self._call(
            "admin_create_user",
            {"UsernameExistsException": AccountExistsError, PARAMETER: InvalidEmailError},
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=attributes,
            TemporaryPassword=strong_password(),
            MessageAction="SUPPRESS",
        )
        self.add_to_group(email, group)
        user_attributes = {a["Name"]: a["Value"] for a in response["User"].get("Attributes", [])}
        return str(user_attributes.get("sub") or response["User"]["Username"])

    # staff two factors (issue 13, second round) -------------------------------------------
    def access_token(self, email: str, password: str) -> str:
        """An access token for the account's own calls (TOTP enrolment), from its password; never
        kept by the API. An account that already has TOTP is asked for it: it is enrolled."""
        response = self._call(
            "initiate_auth",
            {
                "NotAuthorizedException": MfaWrongPasswordError,
                "UserNotFoundException": MfaWrongPasswordError,
                "UserNotConfirmedException": AccountNotConfirmedError,
                "PasswordResetRequiredException": LoginChallengeError,
            },
            ClientId=self.client_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": email, "PASSWORD": password},
        )
        challenge = response.get("ChallengeName")
        if challenge == "SOFTWARE_TOKEN_MFA":
            raise MfaAlreadyEnrolledError()
        if challenge == "NEW_PASSWORD_REQUIRED":
            raise PasswordChangeRequiredError()
        result = response.get("AuthenticationResult") or {}
        if "AccessToken" not in result:
            raise LoginChallengeError()
        return str(result["AccessToken"])

    def associate_software_token(self, access_token: str) -> str:
        """A new TOTP secret for the account (it replaces any not yet verified)."""
        response = self._call(
            "associate_software_token",
            {"NotAuthorizedException": MfaSetupExpiredError},
            AccessToken=access_token,
        )
        return str(response["SecretCode"])

    def enable_software_token(self, access_token: str, code: str) -> None:
        """Check the first code against the new secret, then make TOTP the account's factor:
        from now on every log-in is challenged for it."""
        wrong_code = {
            "EnableSoftwareTokenMFAException": lambda: InvalidMfaCodeError("code"),
            "CodeMismatchException": lambda: InvalidMfaCodeError("code"),
            "NotAuthorizedException": MfaSetupExpiredError,
            "InvalidParameterException": lambda: InvalidMfaCodeError("code"),
        }
        response = self._call(
            "verify_software_token",
            wrong_code,
            AccessToken=access_token,
            UserCode=code,
            FriendlyDeviceName="DecideIEEM",
        )
        if response.get("Status") != "SUCCESS":
            raise InvalidMfaCodeError("code")
        self._call(
            "set_user_mfa_preference",
            {"NotAuthorizedException": MfaSetupExpiredError},
            AccessToken=access_token,
            SoftwareTokenMfaSettings={"Enabled": True, "PreferredMfa": True},
        )

    def disable_software_token(self, email: str) -> None:
        """An administrator's reset of a lost factor: log-ins are no longer challenged for it."""
        self._call(
            "admin_set_user_mfa_preference",
            UserPoolId=self.user_pool_id,
            Username=email,
            SoftwareTokenMfaSettings={"Enabled": False, "PreferredMfa": False},
        )

    # operators ----------------------------------------------------------------------------
    def create_confirmed_user(
        self, *, email: str, display_name: str, group: str, password: str, party_id: str | None = None
    ) -> str:
        """A staff or party account: confirmed, email verified, permanent password, in `group`."""
        attributes = _account_attributes(email, display_name, party_id)
        response = self._call(
            "admin_create_user",
            {"UsernameExistsException": AccountExistsError, PARAMETER: InvalidEmailError},
            UserPoolId=self.user_pool_id,
            Username=email,
            UserAttributes=attributes,
            MessageAction="SUPPRESS",
        )
        self._call(
            "admin_set_user_password",
            {"InvalidPasswordException": WeakPasswordError},
            UserPoolId=self.user_pool_id,
            Username=email,
            Password=password,
            Permanent=True,
        )
        self.add_to_group(email, group)
        user_attributes = {a["Name"]: a["Value"] for a in response["User"].get("Attributes", [])}
        return str(user_attributes.get("sub") or response["User"]["Username"])


class _NotFound(NotFound):
    code = "not_found"

    def __init__(self) -> None:
        super().__init__("not found")


def _account_attributes(email: str, display_name: str, party_id: str | None) -> list[dict[str, str]]:
    """The user-pool attributes of an account the institute creates (verified email, name, party)."""
    attributes = [
        {"Name": "email", "Value": email},
        {"Name": "email_verified", "Value": "true"},
        {"Name": "name", "Value": display_name},
    ]
    if party_id:
        attributes.append({"Name": "custom:party_id", "Value": party_id})
    return attributes
