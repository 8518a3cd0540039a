"""What the API returns about proposals. Authors appear by display name only."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, Field

from chalicelib.messages import text
from chalicelib.proposals.models import (
    HoldReason,
    ModerationDecision,
    PartyResponse,
    Proposal,
    ProposalStatus,
    PublicationReason,
    RejectionReason,
)
from chalicelib.topics import TOPIC_LABELS, Topic
from chalicelib.transparency.views import Receipt


class AddressedContender(BaseModel):
    contender_id: str
    name: str
    answered: bool


class ProposalSummary(BaseModel):
    id: str
    process_id: str
    ballot_id: str
    place_name: str
    topic: Topic
    topic_label: str
    title: str
    author_name: str
    published_at: datetime | None
    supports: int
    responses: int
    fictional: bool
    # "Texto editado por moderación" when a moderator redacted it (issue 15); None otherwise
    moderation_note: str | None = None

    @classmethod
    def of(cls, proposal: Proposal, supports: int, responses: int) -> ProposalSummary:
        return cls(
            id=proposal.id,
            process_id=proposal.process_id,
            ballot_id=proposal.ballot_id,
            place_name=proposal.place_name,
            topic=proposal.topic,
            topic_label=TOPIC_LABELS[proposal.topic],
            title=proposal.title,
            author_name=proposal.author_name,
            published_at=proposal.published_at,
            supports=supports,
            responses=responses,
            fictional=proposal.fictional,
            moderation_note=text("proposal.redacted_mark") if proposal.redacted else None,
        )


class ProposalPage(BaseModel):
    """The public page of a published proposal with every party's answer."""

    id: str
    process_id: str
    ballot_id: str
    place_name: str
    topic: Topic
    topic_label: str
    title: str
    problem: str
    proposed_action: str
    author_name: str
    published_at: datetime | None
    supports: int
    addressed_to: list[AddressedContender]
    responses: list[PartyResponse]
    fictional: bool
    moderation_note: str | None = None


class ProposalFeed(BaseModel):
    proposals: list[ProposalSummary]
    next_cursor: str | None


class DecisionView(BaseModel):
    """A moderation decision as its author sees it: the institute decided; which person did is
    kept in the audit log, never shown to citizens (issue 13)."""

    action: str
    reason: str
    decided_by: str = Field(default_factory=lambda: text("moderation.decided_by"))
    decided_at: datetime
    note: str | None = None  # what the author is asked to change
    fields: list[str] = Field(default_factory=list)  # what a redaction edited


def _without_moderator(decisions: Any) -> Any:
    if not isinstance(decisions, list):
        return decisions
    return [
        DecisionView(action=d.action, reason=d.reason, decided_at=d.decided_at, note=d.note, fields=d.fields)
        if isinstance(d, ModerationDecision)
        else d
        for d in decisions
    ]


class MyProposal(BaseModel):
    """A proposal as its author sees it: every state, with the reasons of holds and decisions."""

    summary: ProposalSummary
    status: ProposalStatus
    hold_reasons: list[HoldReason]
    decisions: Annotated[list[DecisionView], BeforeValidator(_without_moderator)]
    created_at: datetime
    # the author's own text (to edit it) and what they may do with it now
    problem: str = ""
    proposed_action: str = ""
    editable: bool = False
    status_label: str = ""
    message: str | None = None  # after an edit or a withdrawal: what happened, in plain Spanish


class MyProposals(BaseModel):
    proposals: list[MyProposal]
    next_cursor: str | None


class ReviewItem(BaseModel):
    proposal: Proposal
    hold_reasons: list[HoldReason]
    status: ProposalStatus = ProposalStatus.PENDING_REVIEW  # or hidden after citizens' reports


class QueueCount(BaseModel):
    code: str  # a QueueReason, or a process id
    label: str  # what the page shows (the reason in words, the process's name)
    count: int


class QueueCounts(BaseModel):
    """How many proposals wait, in all and per reason and per process (stream-derived: they may
    trail a just-made decision by a moment)."""

    total: int
    by_reason: list[QueueCount]
    by_process: list[QueueCount]


class ReviewQueue(BaseModel):
    items: list[ReviewItem]
    next_cursor: str | None
    rejection_reasons: list[RejectionReason]
    publication_reasons: list[PublicationReason]
    counts: QueueCounts | None = None
    redaction_mark: str = ""  # what a redaction writes in place of personal data


class ReportReceived(BaseModel):
    proposal_id: str
    reported: bool
    message: str


class SupportState(BaseModel):
    proposal_id: str
    supported: bool
    supports: int


class SubmittedProposal(BaseModel):
    id: str
    status: ProposalStatus
    hold_reasons: list[HoldReason]
    message: str
    # The public log's receipt of this submission: the entry and its hash now, its index once appended.
    receipt: Receipt | None = None
