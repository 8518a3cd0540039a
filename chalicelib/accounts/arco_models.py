"""ARCO rights (issue 13): what `GET /v1/me/data` returns and what `DELETE /v1/me` takes.

The export holds every item the table keeps about the signed-in person, as data (no labels
needed), and no secret: no code hashes or salts, no password, no other person's id.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, SecretStr, field_validator

from chalicelib.accounts.models import _Body
from chalicelib.messages import text
from chalicelib.proposals.views import MyProposal


class MyAccount(BaseModel):
    user_id: str
    email: str
    display_name: str
    roles: list[str]
    party_id: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    mfa_enrolled_at: datetime | None = None


class MyPrivacyConsent(BaseModel):
    """The aviso de privacidad accepted at sign-up (its version), recorded with the account."""

    document: Literal["aviso-de-privacidad"] = "aviso-de-privacidad"
    version: int | None = None
    accepted_at: datetime | None = None


class MyPendingCode(BaseModel):
    """An emailed code not yet used (the code itself is never kept: only its salted hash)."""

    purpose: Literal["confirmation", "password_reset"]
    issued_at: datetime
    expires_at: datetime


class MyProposalRecord(MyProposal):
    addressed_to: list[str] = Field(default_factory=list)
    updated_at: datetime | None = None


class MySupport(BaseModel):
    proposal_id: str
    at: datetime | None = None


class MyReport(BaseModel):
    proposal_id: str
    reason: str
    at: datetime | None = None


class MyVerdict(BaseModel):
    commitment_id: str
    verdict: str
    at: str | None = None


class MyDailyCount(BaseModel):
    """Proposals sent on one day (the daily limit's counter; it expires by itself)."""

    day: str
    proposals: int


class MyAuditEntry(BaseModel):
    """An entry of the legal audit log written when I acted (e.g. withdrew a proposal)."""

    id: str
    at: datetime
    action: str
    entity: str


class MyData(BaseModel):
    """Everything the platform holds about me (ARCO: acceso)."""

    generated_at: datetime
    account: MyAccount
    privacy_notice: MyPrivacyConsent
    pending_codes: list[MyPendingCode]
    proposals: list[MyProposalRecord]
    supports: list[MySupport]
    reports: list[MyReport]
    commitment_verdicts: list[MyVerdict]
    daily_counts: list[MyDailyCount]
    audit_entries: list[MyAuditEntry]
    # oposición: the notification settings (as stored; None: the defaults), and where to change them
    notification_settings: dict[str, Any] | None = None
    notification_settings_page: str
    notes: list[str]


class ProposalChoice(StrEnum):
    KEEP = "keep"  # published proposals stay, signed "Cuenta eliminada"
    WITHDRAW = "withdraw"  # every proposal withdrawn and its text erased


def _required(value: Any, message_key: str) -> Any:
    if value is None or (isinstance(value, SecretStr) and not value.get_secret_value()):
        raise ValueError(text(message_key))
    return value


class AccountDeletion(_Body):
    """Deleting my account (ARCO: cancelación) asks for my password again and for what becomes of
    my published proposals."""

    current_password: Annotated[SecretStr | None, Field(default=None, max_length=256, validate_default=True)]
    proposals: Annotated[str | None, Field(default=None, max_length=20, validate_default=True)]

    @field_validator("current_password")
    @classmethod
    def _password_given(cls, value: SecretStr | None) -> SecretStr | None:
        return _required(value, "account.delete_password_missing")  # type: ignore[no-any-return]

    @field_validator("proposals")
    @classmethod
    def _choice_given(cls, value: str | None) -> str | None:
        if value not in {c.value for c in ProposalChoice}:
            raise ValueError(text("account.delete_choice_missing"))
        return value

    @property
    def choice(self) -> ProposalChoice:
        return ProposalChoice(self.proposals or "")


class AccountDeleted(BaseModel):
    status: Literal["deleted"] = "deleted"
    proposals_kept: int
    proposals_withdrawn: int
    supports_removed: int
    message: str
