"""Request and response models of the administration API."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator

from chalicelib.elections.models import (
    BALLOT_ID_PATTERN,
    CONTENDER_ID_PATTERN,
    PROCESS_ID_PATTERN,
    Calendar,
    Candidacy,
    CandidacyStatus,
    ContenderKind,
    DataSource,
    Office,
    ProcessKind,
    Scope,
)
from chalicelib.limits import REGISTRY_MAX_BYTES
from chalicelib.messages import text
from chalicelib.notifications.models import EMAIL_PATTERN
from chalicelib.profiles.models import PhotoUrl

MAX_REPLACED_BALLOTS = 30


class ProcessInput(BaseModel):
    """A process's editable fields; the calendar is validated (dates in order, the veda rule)."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=3, max_length=200)
    kind: ProcessKind
    is_drill: bool = False
    calendar: Calendar
    scope: Scope
    section_map: str | None = Field(default=None, max_length=60, description="Default: the current section map")
    replaces_ballots: list[str] = Field(
        default_factory=list,
        max_length=MAX_REPLACED_BALLOTS,
        description="Extraordinary processes: the annulled ballots this process replaces",
    )
    premoderation: bool = False
    notes: list[str] = Field(default_factory=list, max_length=10)
    sources: list[str] = Field(default_factory=list, max_length=20)
    data_sources: list[DataSource] = Field(
        default_factory=list, max_length=20, description="Each real data set shown, with its source and credit"
    )

    @field_validator("replaces_ballots")
    @classmethod
    def _replacements(cls, value: list[str], info: ValidationInfo) -> list[str]:
        bad = [b for b in value if not re.fullmatch(BALLOT_ID_PATTERN, b)]
        if bad:
            raise ValueError(text("validation.invalid_ids", ids=", ".join(bad)))
        if value and info.data.get("kind") != ProcessKind.EXTRAORDINARY:
            raise ValueError(text("validation.only_extraordinary_replaces"))
        return value


class ProcessCreate(ProcessInput):
    id: str = Field(pattern=PROCESS_ID_PATTERN)


class ContenderInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: ContenderKind
    name: str = Field(min_length=2, max_length=200)
    short_name: str = Field(min_length=1, max_length=40)
    members: list[str] = Field(default_factory=list, max_length=12)
    ballot_order: int = Field(ge=1, le=999)
    colors: list[str] = Field(default_factory=list, max_length=4)
    fictional: bool = False
    notification_party: str | None = Field(
        default=None, description="Member party whose editors may change a coalition's notification addresses"
    )
    emblem_url: PhotoUrl = Field(
        default=None, description="The emblem uploaded with the emblem-upload route (its photo_url); null: none"
    )


class CandidacyStatusInput(BaseModel):
    """`substituted`: the new owner and/or substitute and the date; `cancelled`: a public reason."""

    model_config = ConfigDict(extra="forbid")

    status: CandidacyStatus
    owner: str | None = Field(default=None, min_length=3, max_length=200)
    substitute: str | None = Field(default=None, min_length=3, max_length=200)
    effective_date: date | None = None
    reason: str | None = Field(default=None, min_length=5, max_length=500)

    @model_validator(mode="after")
    def _what_each_status_needs(self) -> CandidacyStatusInput:
        if self.status == CandidacyStatus.SUBSTITUTED:
            if not (self.owner or self.substitute):
                raise ValueError(text("validation.substitution_needs_person"))
            if self.effective_date is None:
                raise ValueError(text("validation.substitution_needs_date"))
        if self.status == CandidacyStatus.CANCELLED and not self.reason:
            raise ValueError(text("validation.cancellation_needs_reason"))
        return self


class RegistryUpload(BaseModel):
    """The registry CSV: sent as the whole body (`Content-Type: text/csv`) or as JSON `{"csv": ...}`."""

    model_config = ConfigDict(extra="forbid")

    csv: str = Field(min_length=1, max_length=REGISTRY_MAX_BYTES)


class PartyUserInput(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str = Field(pattern=EMAIL_PATTERN, max_length=254)
    display_name: str = Field(min_length=2, max_length=120)
    process: str = Field(pattern=PROCESS_ID_PATTERN, description="A process where the party takes part")
    party_id: str = Field(pattern=CONTENDER_ID_PATTERN)


class PartyUserCreated(BaseModel):
    user_id: str
    email: str
    party_id: str
    invitation_sent: bool
    message: str


class StatusChange(BaseModel):
    candidacy_id: str
    ballot_id: str
    status: CandidacyStatus
    note: str | None
    owner: str | None
    substitute: str | None


class DashboardQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    day: date | None = Field(default=None, description="A day in Mexico City time; default: today")


class DayActivity(BaseModel):
    """Counts of one day, derived from the stream (chalicelib/events/activity.py)."""

    proposals_received: int = 0
    proposals_held: int = 0
    proposals_published: int = 0
    emails_sent: int = 0
    emails_failed: int = 0
    messages_held: int = 0
    addresses_failing: int = 0


class DeadLetters(BaseModel):
    """Messages in each notification dead-letter queue now; null when SQS cannot say."""

    party: int | None
    citizen: int | None


class Runbook(BaseModel):
    title: str
    document: str = Field(description="Its path in the repository")
    url: str | None = Field(description="Where it is published, if the stage says")


class ElectionDayDashboard(BaseModel):
    day: date
    activity: DayActivity
    dead_letters: DeadLetters
    runbooks: list[Runbook]


class PartyUserStatus(StrEnum):
    INVITED = "invited"
    CREATED = "created"  # by the operator's `decide create-user` (a password printed once), not invited
    DISABLED = "disabled"


class PartyUser(BaseModel):
    """A party account the institute invited, or the operator created (the list of a party's accounts)."""

    user_id: str
    email: str
    display_name: str
    party_id: str
    process: str | None = Field(description="The process it was invited for; None: created by the operator")
    status: PartyUserStatus
    invited_at: datetime
    invitation_sent_at: datetime | None
    invitations: int = 1
    disabled_at: datetime | None = None


class PartyUserQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    party: str = Field(pattern=CONTENDER_ID_PATTERN, description="Party, coalition or independent id")


class PartyUserList(BaseModel):
    party_id: str
    users: list[PartyUser]


class PartyUserChange(BaseModel):
    """Disable an account, or send it a new invitation (a new one-time code)."""

    model_config = ConfigDict(extra="forbid")

    action: Literal["disable", "reinvite"]


class PartyUserChanged(BaseModel):
    user: PartyUser
    invitation_sent: bool | None = None
    message: str


class CandidacyNameQuery(BaseModel):
    """The institute's search of a process's candidacies by a name (owner, substitute, contender or place)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=PROCESS_ID_PATTERN, description="Process id")
    q: str = Field(min_length=2, max_length=80, description="Part of a name, accents and case ignored")
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=20, ge=1, le=50)


class CandidacyMatch(BaseModel):
    candidacy: Candidacy
    ballot_id: str
    office: Office
    place_name: str


class CandidacyNamePage(BaseModel):
    """One page of matches, contender by contender in ballot order; `next_cursor` None at the end."""

    process_id: str
    items: list[CandidacyMatch]
    next_cursor: str | None
