"""Who is told what: party notification settings and digest entries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator

from chalicelib.messages import text

EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class DeliveryMode(StrEnum):
    IMMEDIATE = "immediate"
    DIGEST = "digest"


class PartySettings(BaseModel):
    """Where and how a party (or coalition, or independent candidacy) of a process is told."""

    model_config = ConfigDict(frozen=True)

    process_id: str
    contender_id: str
    addresses: list[str] = Field(default_factory=list, max_length=5)
    mode: DeliveryMode = DeliveryMode.IMMEDIATE
    failing_addresses: list[str] = Field(default_factory=list)
    # Added through the portal and not yet confirmed by their owners: never written to (issue 15).
    unconfirmed_addresses: list[str] = Field(default_factory=list)

    @field_validator("addresses")
    @classmethod
    def _emails(cls, value: list[str]) -> list[str]:
        import re

        cleaned = list(dict.fromkeys(v.strip().lower() for v in value))
        bad = [v for v in cleaned if not re.fullmatch(EMAIL_PATTERN, v)]
        if bad:
            raise ValueError(text("validation.invalid_addresses", addresses=", ".join(bad)))
        return cleaned


class DigestEntry(BaseModel):
    """A proposal a party will read about in its next digest (digest mode, or held in the veda)."""

    model_config = ConfigDict(frozen=True)

    event_id: str
    proposal_id: str
    process_id: str
    contender_id: str
    title: str
    place_name: str
    topic_label: str
    queued_at: datetime


class DigestRun(BaseModel):
    """A digest being sent: entries queued up to `cut` go in it, under one email id. Stored before
    the email, so a run stopped part way (timeout, error) resumes the same digest, never a second."""

    process_id: str
    contender_id: str
    cut: datetime
    digest_id: str
    total: int
    listed: list[DigestEntry]  # the oldest entries, named in the email (the rest are counted)


class EmailTopic(StrEnum):
    """The kinds of email one can stop."""

    OWN = "own"  # a citizen: about my proposals (review, answers, commitments)
    SUPPORTED = "supported"  # a citizen: answers and progress on proposals I support
    PARTY_PROPOSALS = "party_proposals"  # a party address: new proposals and digests
    PARTY_PROFILES = "party_profiles"  # a party address: profiles returned by the institute
    IDENTITY = "identity"  # a candidate's address: identity-questionnaire invitations


class CitizenNotificationSettings(BaseModel):
    """Which emails a citizen receives; both on by default, both off is "nothing"."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    own: bool = Field(default=True, description="About my proposals: review, answers, commitments")
    supported: bool = Field(default=True, description="Answers and progress on proposals I support")

    def allows(self, topic: EmailTopic) -> bool:
        return self.own if topic == EmailTopic.OWN else self.supported if topic == EmailTopic.SUPPORTED else True


@dataclass(frozen=True)
class OptOut:
    """What an email needs to offer a way out: the one-click URL (List-Unsubscribe) and the settings page."""

    unsubscribe_url: str
    settings_url: str
    topic: EmailTopic
