"""Request bodies and responses of the account routes.

Emails are stripped and lower-cased (the pool's usernames are case-sensitive; one person, one
account). Passwords and tokens are `SecretStr`: never altered, logged or echoed.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, SecretStr, StringConstraints

from chalicelib.auth.principal import Role
from chalicelib.messages import text

CODE_PATTERN = re.compile(r"^[0-9]{6}$")
# Pragmatic: one @, no spaces or control characters, a dot in the domain, no empty labels.
EMAIL_PATTERN = re.compile(r"^[^@\s\x00-\x1f\x7f]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def _valid_email(value: str) -> str:
    if not EMAIL_PATTERN.match(value):
        raise ValueError(text("account.email_invalid"))
    return value


# Control, format (bidi overrides, zero-width), surrogate, private-use and unassigned characters,
# and line/paragraph separators: none belongs in a name shown on a public page.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def _nfc(value: object) -> object:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _printable(value: str) -> str:
    if any(unicodedata.category(c) in HIDDEN_CATEGORIES for c in value):
        raise ValueError(text("account.name_invalid"))
    return value


def safe_display_name(value: str) -> str:
    """A claimed name made presentable (for accounts older than the app's own record)."""
    cleaned = "".join(
        c for c in unicodedata.normalize("NFC", value) if unicodedata.category(c) not in HIDDEN_CATEGORIES
    )
    return " ".join(cleaned.split())[:60]


def _six_digits(value: str) -> str:
    if not CODE_PATTERN.match(value):
        raise ValueError(text("account.code_format"))
    return value


EmailAddress = Annotated[
    str, StringConstraints(strip_whitespace=True, to_lower=True, max_length=254), AfterValidator(_valid_email)
]
PASSWORD_MIN, PASSWORD_MAX = 10, 256


def _password_length(value: object) -> object:
    """Checked before SecretStr wraps it, so the message names characters (and its limits)."""
    if isinstance(value, str) and not PASSWORD_MIN <= len(value) <= PASSWORD_MAX:
        raise ValueError(text("account.password_length", min=PASSWORD_MIN, max=PASSWORD_MAX))
    if isinstance(value, str) and value != value.strip():
        raise ValueError(text("account.password_spaces"))  # Cognito refuses them
    if isinstance(value, str) and not (any(c.islower() for c in value) and any(c.isdigit() for c in value)):
        # The pool's policy, checked here so that sign-up refuses it before looking the address up
        # (a refusal only for new addresses would tell which ones have accounts).
        raise ValueError(text("account.weak_password"))
    return value


Password = Annotated[
    SecretStr, BeforeValidator(_password_length), Field(min_length=PASSWORD_MIN, max_length=PASSWORD_MAX)
]
DisplayName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=2, max_length=60),
    BeforeValidator(_nfc),
    AfterValidator(_printable),
]


def _totp_digits(value: str) -> str:
    if not CODE_PATTERN.match(value):
        raise ValueError(text("account.mfa_code_format"))
    return value


# The authenticator app shows "123 456": spaces are dropped, not refused.
TotpCode = Annotated[
    str, BeforeValidator(lambda v: v.replace(" ", "") if isinstance(v, str) else v), AfterValidator(_totp_digits)
]
VerificationCodeText = Annotated[str, StringConstraints(strip_whitespace=True), AfterValidator(_six_digits)]


class _Body(BaseModel):
    # Secrets are SecretStr and inputs never appear in error texts, so nothing leaks into a log.
    model_config = ConfigDict(extra="forbid", frozen=True, hide_input_in_errors=True)


class SignupRequest(_Body):
    email: EmailAddress
    password: Password
    display_name: DisplayName
    privacy_notice_version: int | None = Field(
        default=None,
        ge=1,
        description="The version of the page `aviso-de-privacidad` the person accepted (recorded on confirmation)",
    )


class ConfirmRequest(_Body):
    email: EmailAddress
    code: VerificationCodeText = Field(description="The 6-digit code sent by email")


class ResendCodeRequest(_Body):
    email: EmailAddress


class LoginRequest(_Body):
    email: EmailAddress
    # Not the sign-up policy: an operator account may predate it, and Cognito decides anyway.
    password: Annotated[SecretStr, Field(min_length=1, max_length=256)]
    new_password: Password | None = Field(
        default=None, description="Only for an account with a temporary password (403 `password_change_required`)"
    )
    mfa_code: TotpCode | None = Field(
        default=None, description="Only for an account with TOTP enrolled (403 `mfa_code_required`)"
    )


class RefreshRequest(_Body):
    refresh_token: Annotated[SecretStr, Field(min_length=1, max_length=8192)]


class SignupResult(BaseModel):
    email: str
    status: Literal["confirmation_required"] = "confirmation_required"
    message: str


class ConfirmResult(BaseModel):
    email: str
    status: Literal["confirmed"] = "confirmed"
    message: str


class ResendCodeResult(BaseModel):
    """The same answer whether or not a pending account exists (no account enumeration)."""

    email: str
    status: Literal["code_sent"] = "code_sent"
    message: str


class LoginResult(BaseModel):
    id_token: str = Field(description="Send as `Authorization: Bearer <id_token>`")
    refresh_token: str
    expires_in: int = Field(description="Seconds the ID token is valid")
    token_type: Literal["Bearer"] = "Bearer"


class RefreshResult(BaseModel):
    id_token: str
    expires_in: int
    token_type: Literal["Bearer"] = "Bearer"


class Me(BaseModel):
    user_id: str
    email: str
    display_name: str | None
    roles: list[Role]
    party_id: str | None
    mfa_enrolled: bool = Field(default=False, description="TOTP is enrolled for this account")
    mfa_required: bool = Field(
        default=False, description="Staff routes answer 403 `mfa_required` to this session until it passes TOTP"
    )


# recovery and change of password (issue 13) ---------------------------------------------------
class ForgotPasswordRequest(_Body):
    email: EmailAddress


class ForgotPasswordResult(BaseModel):
    """The same answer whether or not an account exists (no account enumeration)."""

    email: str
    status: Literal["code_sent"] = "code_sent"
    message: str


class ResetPasswordRequest(_Body):
    email: EmailAddress
    code: VerificationCodeText = Field(description="The 6-digit code of the reset (or invitation) email")
    new_password: Password


class ChangePasswordRequest(_Body):
    current_password: Annotated[SecretStr, Field(min_length=1, max_length=256)]
    new_password: Password


class PasswordResult(BaseModel):
    status: Literal["password_changed"] = "password_changed"
    message: str


class DisplayNameRequest(_Body):
    """Rectification (ARCO) of the name shown with my proposals."""

    display_name: DisplayName


# staff two factors (issue 13, second round) ---------------------------------------------------
class MfaSetupRequest(_Body):
    """Enrolling a second factor starts by proving the password again (a stolen session cannot)."""

    password: Annotated[SecretStr, Field(min_length=1, max_length=256)]


class MfaSetup(BaseModel):
    secret: str = Field(description="The TOTP key to type into an authenticator app (base32)")
    otpauth_uri: str = Field(description="The same key as an `otpauth://totp/...` URI, for a QR code")
    enrolment_token: str = Field(description="Opaque; send it back with the first code (valid 1 h)")


class MfaVerifyRequest(_Body):
    enrolment_token: Annotated[SecretStr, Field(min_length=1, max_length=8192)]
    code: TotpCode = Field(description="The 6-digit code the app shows now")


class MfaStatus(BaseModel):
    status: Literal["mfa_enrolled"] = "mfa_enrolled"
    message: str


class MfaResetRequest(_Body):
    email: EmailAddress


class MfaResetResult(BaseModel):
    status: Literal["mfa_reset"] = "mfa_reset"
    email: str
    message: str


class SignupSweep(BaseModel):
    """What a `remove_stale_signups` run did: the never-confirmed accounts it removed."""

    removed: int
