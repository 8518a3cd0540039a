"""Commitments followed through the term (issue 16), with no I/O.

Once a ballot's result is in, every commitment of its winner becomes a public follow-up item:
its answers with stance "commit" to proposals on that ballot and the commitments of its
platform. The office-holder's party editors report progress; the institute never rates, it
only moderates what they post. The same ladder and criteria apply to every contender.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.messages import text
from chalicelib.topics import Topic


class FollowUpStatus(StrEnum):
    NOT_STARTED = "not_started"  # sin avance
    IN_PROGRESS = "in_progress"  # en proceso
    FULFILLED = "fulfilled"  # cumplido
    PARTLY_FULFILLED = "partly_fulfilled"  # cumplido en parte
    NOT_FULFILLED = "not_fulfilled"  # no cumplido
    OVERDUE = "overdue"  # vencido: set by the scheduled job, never by a party


# A report of these states is a claim about a result: it must cite a primary source.
NEEDS_EVIDENCE = frozenset({FollowUpStatus.FULFILLED, FollowUpStatus.PARTLY_FULFILLED})
# What a party may report; "vencido" comes only from the calendar.
REPORTABLE = frozenset(FollowUpStatus) - {FollowUpStatus.OVERDUE}
# Once reached, the due date no longer matters (the item is settled, one way or the other).
SETTLED = frozenset({FollowUpStatus.FULFILLED, FollowUpStatus.PARTLY_FULFILLED, FollowUpStatus.NOT_FULFILLED})


class Origin(StrEnum):
    ANSWER = "answer"  # an answer with stance "commit" to a citizen's proposal
    PLATFORM = "platform"  # a commitment of the contender's platform


class FollowUpItem(BaseModel):
    """One commitment of the winner on one council, as stored (counts come from the stream)."""

    model_config = ConfigDict(frozen=True)

    id: str
    process_id: str
    ballot_id: str
    place_name: str
    contender_id: str
    contender_name: str
    candidacy_id: str | None
    origin: Origin
    proposal_id: str | None = None
    title: str
    text: str
    topic: Topic | None = None
    due_date: date
    due_date_given: bool = False  # False: the end of the term
    status: FollowUpStatus = FollowUpStatus.NOT_STARTED
    status_since: datetime
    created_at: datetime
    fictional: bool = False


class ModerationState(StrEnum):
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    REJECTED = "rejected"


def _https(value: str) -> str:
    if not value.lower().startswith("https://") or len(value) < 12 or any(c.isspace() or c in "<>\"'" for c in value):
        raise ValueError(text("commitments.https_link"))
    return value


HttpsLink = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500), AfterValidator(_https)]
Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=1000)]


class ProgressInput(BaseModel):
    """What the office-holder's party editors post: a status, a note, evidence (https)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: FollowUpStatus
    note: Note
    evidence_url: HttpsLink | None = None
    due_date: date | None = Field(default=None, description="A due date the commitment itself gives")


class ProgressUpdate(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    commitment_id: str
    process_id: str
    ballot_id: str
    contender_id: str
    proposal_id: str | None = None  # the citizen proposal the commitment answers (its people are told)
    status: FollowUpStatus
    note: str
    evidence_url: str | None
    due_date: date | None = None
    posted_by_party: str
    posted_at: datetime
    moderation: ModerationState
    hold_reasons: list[str] = Field(default_factory=list)
    decided_at: datetime | None = None
    rejection_reason: str | None = None


class Verdict(StrEnum):
    AGREE = "agree"  # estoy de acuerdo con el estado informado
    DISAGREE = "disagree"


class VerdictInput(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: Verdict


class UpdateDecision(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    decision: ModerationState = Field(description="published or rejected")
    reason: str | None = Field(default=None, max_length=500)


# public read models ---------------------------------------------------------------------------
class PublicUpdate(BaseModel):
    status: FollowUpStatus
    status_label: str
    note: str
    evidence_url: str | None
    posted_at: datetime


class FollowUpView(BaseModel):
    id: str
    ballot_id: str
    place_name: str
    contender_id: str
    contender_name: str
    candidacy_id: str | None
    origin: Origin
    proposal_id: str | None
    title: str
    text: str
    topic: Topic | None
    due_date: date
    due_date_given: bool
    status: FollowUpStatus
    status_label: str
    status_since: datetime
    agree: int
    disagree: int
    fictional: bool
    updates: list[PublicUpdate] = Field(default_factory=list)


class FollowUpList(BaseModel):
    ballot_id: str
    place_name: str
    winner_contender_id: str | None
    winner_name: str | None
    # How statuses are given, word for word as published on the page.
    method: list[str]
    status_labels: dict[str, str]
    counts: dict[str, int]
    commitments: list[FollowUpView]
    notice: str | None = None


class VerdictCounts(BaseModel):
    commitment_id: str
    verdict: Verdict


class CommitmentReviewQueue(BaseModel):
    updates: list[ProgressUpdate]


class OverdueReport(BaseModel):
    marked: int
