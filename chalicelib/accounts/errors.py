"""Errors of the account use cases; `chalicelib.api.error_mapping` gives each its HTTP status."""

from __future__ import annotations

from typing import Any

from chalicelib.errors import Conflict, Forbidden, InvalidInput, NotFound, RateLimited, Unauthenticated, Unavailable
from chalicelib.messages import text


def field_details(field: str, code: str, message: str, **extra: Any) -> dict[str, Any]:
    """The same `details.fields` shape as a validation error, so clients show it beside the field."""
    return {"fields": [{"field": field, "code": code, "message": message}], **extra}


class AccountExistsError(Conflict):
    """409: an account with this email exists (confirmed or not)."""

    code = "account_exists"

    def __init__(self) -> None:
        message = text("account.exists")
        super().__init__(message, field_details("email", self.code, message))


class WeakPasswordError(InvalidInput):
    """400: the user pool's password policy refused the password."""

    code = "weak_password"

    def __init__(self) -> None:
        message = text("account.weak_password")
        super().__init__(message, field_details("password", self.code, message))


class InvalidEmailError(InvalidInput):
    """400: the user pool refused the address."""

    code = "invalid_email"

    def __init__(self) -> None:
        message = text("account.email_invalid")
        super().__init__(message, field_details("email", self.code, message))


class InvalidCredentialsError(Unauthenticated):
    """401: wrong password or no such account (the two are indistinguishable on purpose)."""

    code = "invalid_credentials"

    def __init__(self) -> None:
        super().__init__(text("account.invalid_credentials"))


class InvalidRefreshTokenError(Unauthenticated):
    """401: the refresh token is unknown, revoked or expired."""

    code = "invalid_refresh_token"

    def __init__(self) -> None:
        super().__init__(text("account.invalid_refresh"))


class AccountNotConfirmedError(Forbidden):
    """403: right password, but the email has not been confirmed yet."""

    code = "account_not_confirmed"

    def __init__(self) -> None:
        super().__init__(text("account.not_confirmed"))


class LoginChallengeError(Forbidden):
    """403: Cognito asks for a step this API does not offer (e.g. a new password)."""

    code = "login_challenge"

    def __init__(self) -> None:
        super().__init__(text("account.login_challenge"))


class AccountAlreadyConfirmedError(Conflict):
    """409: confirming an account that is already confirmed."""

    code = "account_already_confirmed"

    def __init__(self) -> None:
        super().__init__(text("account.already_confirmed"))


class InvalidCodeError(InvalidInput):
    """400: the verification code does not match (or there is no pending account for the email)."""

    code = "invalid_code"

    def __init__(self, remaining_attempts: int | None = None) -> None:
        if remaining_attempts is None:
            message = text("account.invalid_code")
            super().__init__(message, field_details("code", self.code, message))
        else:
            message = text("account.invalid_code_remaining", remaining=remaining_attempts)
            super().__init__(message, field_details("code", self.code, message, remaining_attempts=remaining_attempts))


class CodeExpiredError(InvalidInput):
    """400: the code expired or was replaced; a new one must be requested."""

    code = "code_expired"

    def __init__(self) -> None:
        message = text("account.code_expired")
        super().__init__(message, field_details("code", self.code, message))


class TooManyAttemptsError(RateLimited):
    """429: this caller failed too often for this address; it waits (back-off) before trying again."""

    code = "too_many_attempts"

    def __init__(self, retry_after_seconds: int | None = None) -> None:
        if retry_after_seconds is None:
            super().__init__(text("account.too_many_attempts"))
        else:
            super().__init__(
                text("account.attempts_wait", seconds=retry_after_seconds),
                {"retry_after_seconds": retry_after_seconds},
            )


class ResendTooSoonError(RateLimited):
    """429: a code was sent less than a minute ago."""

    code = "resend_too_soon"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            text("account.resend_too_soon", seconds=retry_after_seconds),
            {"retry_after_seconds": retry_after_seconds},
        )


class AccountsThrottledError(RateLimited):
    """429: Cognito is throttling us or locked the account after failed attempts."""

    code = "accounts_throttled"

    def __init__(self) -> None:
        super().__init__(text("account.throttled"))


class AccountsUnavailableError(Unavailable):
    """503: Cognito failed in a way the caller cannot fix."""

    code = "accounts_unavailable"

    def __init__(self) -> None:
        super().__init__(text("account.unavailable"))


class VerificationMailError(Unavailable):
    """503: the verification email could not be sent; asking for a new code later works."""

    code = "verification_mail_failed"

    def __init__(self, *, account_created: bool) -> None:
        super().__init__(text("account.mail_failed_signup" if account_created else "account.mail_failed"))


# recovery and change of password (issue 13) ---------------------------------------------------
class CodeNotAcceptedError(InvalidInput):
    """400: the code does not open this address: wrong, expired, replaced, used up, or there is no
    such pending account. One answer for all, so the route says nothing about which addresses exist."""

    code = "invalid_code"

    def __init__(self) -> None:
        message = text("account.code_not_accepted")
        super().__init__(message, field_details("code", self.code, message))


class PasswordChangeRequiredError(Forbidden):
    """403: the account has a temporary password; log in again sending `new_password`."""

    code = "password_change_required"

    def __init__(self) -> None:
        message = text("account.password_change_required")
        super().__init__(message, field_details("new_password", self.code, message))


class WrongCurrentPasswordError(InvalidInput):
    """400: changing the password needs the current one, and this is not it."""

    code = "wrong_current_password"

    def __init__(self) -> None:
        message = text("account.wrong_current_password")
        super().__init__(message, field_details("current_password", self.code, message))


class PrivacyNoticeChangedError(Conflict):
    """409: the aviso de privacidad accepted is not the one published now; read it again."""

    code = "privacy_notice_changed"

    def __init__(self) -> None:
        message = text("account.privacy_notice_changed")
        super().__init__(message, field_details("privacy_notice_version", self.code, message))


class AccountDeletedError(Unauthenticated):
    """401: the person deleted this account; tokens issued before are refused."""

    code = "account_deleted"

    def __init__(self) -> None:
        super().__init__(text("account.deleted"))


class AccountDisabledError(Unauthenticated):
    """401: the institute disabled this account; tokens issued before are refused too."""

    code = "account_disabled"

    def __init__(self) -> None:
        super().__init__(text("account.disabled"))


# staff two factors (issue 13, second round) ---------------------------------------------------
class MfaCodeRequiredError(Forbidden):
    """403: right password, and the account has TOTP: log in again sending `mfa_code`."""

    code = "mfa_code_required"

    def __init__(self) -> None:
        message = text("account.mfa_code_required")
        super().__init__(message, field_details("mfa_code", self.code, message))


class InvalidMfaCodeError(InvalidInput):
    """400: the TOTP code does not match the enrolled (or being enrolled) secret, or is stale."""

    code = "invalid_mfa_code"

    def __init__(self, field: str = "mfa_code") -> None:
        message = text("account.mfa_code_invalid")
        super().__init__(message, field_details(field, self.code, message))


class MfaAlreadyEnrolledError(Conflict):
    """409: TOTP is enrolled already; a lost factor is reset by an administrator first."""

    code = "mfa_already_enrolled"

    def __init__(self) -> None:
        super().__init__(text("account.mfa_already_enrolled"))


class MfaSetupExpiredError(InvalidInput):
    """400: the enrolment token is unknown or expired (it lives as long as an access token)."""

    code = "mfa_setup_expired"

    def __init__(self) -> None:
        message = text("account.mfa_setup_expired")
        super().__init__(message, field_details("enrolment_token", self.code, message))


class MfaWrongPasswordError(InvalidInput):
    """400: starting an enrolment needs the account's password again, and this is not it."""

    code = "wrong_password"

    def __init__(self) -> None:
        message = text("account.mfa_wrong_password")
        super().__init__(message, field_details("password", self.code, message))


class AccountNotFoundError(NotFound):
    """404: an administrator named an address that has no account."""

    code = "account_not_found"

    def __init__(self, email: str) -> None:
        message = text("admin.account_not_found", email=email)
        super().__init__(message, field_details("email", self.code, message))
