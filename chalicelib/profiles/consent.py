"""The candidate's own consent to the identity questionnaire (INE's Conóceles rules).

The party captures only the candidate's address. The platform emails the candidate a one-time
link; on a public page the candidate sees each identity item, answers it and consents to its
publication item by item. What is recorded is the answers of the consented items, which items,
when, and the version of the consent text shown; the party never sets any of it.

The link carries a signed token: `<candidacy>.<invitation>.<expiry>.<HMAC-SHA256>` (base64url),
keyed by `CONSENT_LINK_KEY`. Only the newest invitation of a candidacy is valid (a new one
replaces it); consent is recorded once per link and only before it expires. The same link
withdraws the consent at any time, also after expiry: withdrawing only ever removes data.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.errors import Conflict, Forbidden, Unavailable
from chalicelib.messages import text
from chalicelib.profiles.models import IdentityAnswers, IdentityRecord
from chalicelib.profiles.questionnaire import nullable_text

# The version of the consent text (`consent.text` in messages.py) recorded with every consent.
# Change it whenever the text changes: a record keeps the version the candidate read.
CONSENT_TEXT_VERSION = "conoceles-identidad-2026-12"
LINK_DAYS = 14
# Who recorded a consent given through the link (the audit log's actor; never a party account).
CANDIDATE_ACTOR = "candidate-link"
IDENTITY_ITEMS = tuple(IdentityAnswers.model_fields)


class ConsentLinkInvalidError(Forbidden):
    """Forged, altered, or replaced by a newer link."""

    code = "consent_link_invalid"


class ConsentLinkExpiredError(Forbidden):
    code = "consent_link_expired"


class ConsentLinkUsedError(Conflict):
    code = "consent_link_used"


class ConsentLinksUnavailableError(Unavailable):
    """CONSENT_LINK_KEY is not configured: no link can be signed or checked."""

    code = "consent_links_unavailable"


class InvitationStatus(StrEnum):
    PENDING = "pending"  # sent, not used yet
    USED = "used"  # consent recorded through it
    WITHDRAWN = "withdrawn"  # consent withdrawn through it: the link is spent


class Invitation(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    address: str = Field(description="The candidate's own address, captured by the party")
    created_at: datetime
    expires_at: datetime
    created_by: str
    status: InvitationStatus = InvitationStatus.PENDING


class ConsentRecord(BaseModel):
    """What the candidate consented to: only the consented items' answers are kept."""

    model_config = ConfigDict(frozen=True)

    answers: IdentityAnswers
    consented_items: list[str]
    text_version: str
    recorded_at: datetime
    invitation_id: str

    def identity(self) -> IdentityRecord:
        """The record as the profile copies carry it (what the public and the statistics read)."""
        return IdentityRecord(
            consent=True,
            answers=self.answers,
            recorded_at=self.recorded_at,
            recorded_by=CANDIDATE_ACTOR,
            text_version=self.text_version,
            consented_items=self.consented_items,
        )


class CandidateConsent(BaseModel):
    """`CANDIDACY#<id>/IDENTITY_CONSENT`: the newest invitation and the recorded consent, if any."""

    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    process_id: str
    contender_id: str
    version: int
    invitation: Invitation
    record: ConsentRecord | None = None


class InvitationRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    email: str = Field(
        max_length=254,
        pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
        description="The candidate's own address (the link goes there, never to the party)",
    )


class ConsentStatus(BaseModel):
    """What the party sees: whether and when the candidate consented, never the link."""

    sent_to: str
    sent_at: datetime
    expires_at: datetime
    link_status: InvitationStatus
    consent_recorded_at: datetime | None
    text_version: str | None
    consented_items: list[str]


class ConsentStatusView(BaseModel):
    consent: ConsentStatus | None = Field(description="None until the party sends a link")


def status_of(consent: CandidateConsent) -> ConsentStatus:
    record = consent.record
    return ConsentStatus(
        sent_to=consent.invitation.address,
        sent_at=consent.invitation.created_at,
        expires_at=consent.invitation.expires_at,
        link_status=consent.invitation.status,
        consent_recorded_at=record.recorded_at if record else None,
        text_version=record.text_version if record else None,
        consented_items=record.consented_items if record else [],
    )


class TokenBody(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    token: str = Field(min_length=20, max_length=600, description="The token of the emailed link")


class ItemAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    consent: bool = Field(description="The candidate agrees to publish this item's answer")
    answer: bool | None = Field(default=None, description="Yes / no; null: prefers not to answer")


class ConsentSubmission(TokenBody):
    text_version: str = Field(max_length=60, description="The consent text version the candidate read")
    items: dict[str, ItemAnswer] = Field(description="One entry per identity item (any missing: no consent)")

    def record(self, at: datetime, invitation_id: str) -> ConsentRecord:
        consented = [name for name in IDENTITY_ITEMS if name in self.items and self.items[name].consent]
        answers = IdentityAnswers(**{name: self.items[name].answer for name in consented})
        return ConsentRecord(
            answers=answers,
            consented_items=consented,
            text_version=self.text_version,
            recorded_at=at,
            invitation_id=invitation_id,
        )


class ConsentPage(BaseModel):
    """What the candidate reads on the link's page (no internal ids)."""

    owner: str | None
    place: str
    contender: str
    process: str
    fictional: bool
    items: list[str] = Field(description="The identity items, in order; labels are in the web catalogue")
    consent_text: str
    text_version: str
    state: str = Field(description="open, expired, used or withdrawn")
    expires_at: datetime
    recorded: ConsentRecord | None


class TokenClaims(BaseModel):
    model_config = ConfigDict(frozen=True)

    candidacy_id: str
    invitation_id: str
    expires_at: datetime


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _signature(key: str, payload: str) -> str:
    if not key:
        raise ConsentLinksUnavailableError(text("consent.unavailable"))
    return _b64(hmac.new(key.encode(), payload.encode(), hashlib.sha256).digest())


def sign_token(key: str, candidacy_id: str, invitation_id: str, expires_at: datetime) -> str:
    payload = ".".join([_b64(candidacy_id.encode()), invitation_id, str(int(expires_at.astimezone(UTC).timestamp()))])
    return f"{payload}.{_signature(key, payload)}"


def read_token(key: str, token: str) -> TokenClaims:
    """The claims of a token whose signature is good (403 otherwise); expiry is checked by the caller."""
    parts = token.split(".")
    if len(parts) != 4:
        raise ConsentLinkInvalidError(text("consent.invalid"), {"field": "token"})
    payload, signature = ".".join(parts[:3]), parts[3]
    if not hmac.compare_digest(_signature(key, payload), signature):
        raise ConsentLinkInvalidError(text("consent.invalid"), {"field": "token"})
    try:
        candidacy_id = _unb64(parts[0]).decode()
        expires_at = datetime.fromtimestamp(int(parts[2]), UTC)
    except (ValueError, binascii.Error, UnicodeDecodeError) as exc:
        raise ConsentLinkInvalidError(text("consent.invalid"), {"field": "token"}) from exc
    return TokenClaims(candidacy_id=candidacy_id, invitation_id=parts[1], expires_at=expires_at)


def consent_link(key: str, web_base_url: str, consent: CandidateConsent) -> str:
    """The emailed link: the front's page with the token in the fragment (never sent to a server log)."""
    token = sign_token(key, consent.candidacy_id, consent.invitation.id, consent.invitation.expires_at)
    return f"{web_base_url.rstrip('/')}/#/consentimiento?t={token}"


def expiry(now: datetime) -> datetime:
    return (now + timedelta(days=LINK_DAYS)).astimezone(UTC).replace(microsecond=0)


def clean_address(value: str) -> str:
    return (nullable_text(value) or "").strip().lower()
