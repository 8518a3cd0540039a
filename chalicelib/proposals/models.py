"""Proposals, responses and moderation decisions as validated models."""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field, field_validator

from chalicelib.elections.models import BALLOT_ID_PATTERN, CONTENDER_ID_PATTERN
from chalicelib.messages import text
from chalicelib.text_fields import MultiLine, SingleLine
from chalicelib.topics import Topic

ADDRESS_ALL = "all"


Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=120), SingleLine]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=20, max_length=2000), MultiLine]
ResponseText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=2000), MultiLine]


class ProposalStatus(StrEnum):
    PENDING_REVIEW = "pending_review"
    PUBLISHED = "published"
    REJECTED = "rejected"
    # the lifecycle beyond publish/reject (issue 15)
    CHANGES_REQUESTED = "changes_requested"  # a moderator asked the author for a change
    WITHDRAWN = "withdrawn"  # the author withdrew it while it was held
    HIDDEN = "hidden"  # published, then hidden pending review after REPORTS_TO_HIDE reports


class Stance(StrEnum):
    COMMIT = "commit"
    DECLINE = "decline"
    COMMENT = "comment"


class HoldReason(StrEnum):
    PERSONAL_DATA = "personal_data"
    LINK = "link"
    ABUSIVE_LANGUAGE = "abusive_language"
    PREMODERATION = "premoderation"


class RejectionReason(StrEnum):
    PERSONAL_DATA = "datos_personales"
    ABUSIVE = "lenguaje_ofensivo"
    PROPAGANDA = "propaganda_electoral"
    OFF_TOPIC = "fuera_de_tema"
    DUPLICATE = "duplicada"
    SPAM = "spam"
    ILLEGAL = "contenido_ilegal"


class PublicationReason(StrEnum):
    REVIEWED_OK = "revisada_sin_problemas"
    FALSE_POSITIVE = "retencion_automatica_injustificada"


class ProposalDraft(BaseModel):
    """What a citizen sends."""

    model_config = ConfigDict(extra="forbid")

    ballot_id: str = Field(pattern=BALLOT_ID_PATTERN)
    topic: Topic
    title: Title
    problem: LongText
    proposed_action: LongText
    addressed_to: list[str] = Field(min_length=1, max_length=20)

    @field_validator("addressed_to")
    @classmethod
    def _addressees(cls, value: list[str]) -> list[str]:
        cleaned = list(dict.fromkeys(v.strip().lower() for v in value))
        if ADDRESS_ALL in cleaned and len(cleaned) > 1:
            raise ValueError(text("validation.all_or_list"))
        if cleaned != [ADDRESS_ALL]:
            bad = [v for v in cleaned if not re.fullmatch(CONTENDER_ID_PATTERN, v)]
            if bad:
                raise ValueError(text("validation.invalid_ids", ids=", ".join(bad)))
        return cleaned


class ReportReason(StrEnum):
    """Why a citizen reports a published proposal (the list the report form offers)."""

    PERSONAL_DATA = "datos_personales"
    ABUSIVE = "lenguaje_ofensivo"
    PROPAGANDA = "propaganda_electoral"
    OFF_TOPIC = "fuera_de_tema"
    SPAM = "spam"
    ILLEGAL = "contenido_ilegal"


class QueueReason(StrEnum):
    """Why a proposal waits in the moderation queue: a hold reason, or citizens' reports."""

    PERSONAL_DATA = "personal_data"
    LINK = "link"
    ABUSIVE_LANGUAGE = "abusive_language"
    PREMODERATION = "premoderation"
    REPORTED = "reported"  # hidden after REPORTS_TO_HIDE citizens' reports
    EDITED = "edited"  # the author changed it as a moderator asked: back for a look


REPORTS_TO_HIDE = 3  # distinct citizens' reports that hide a proposal pending review (Decidim's default)
REDACTION_MARK = "[dato personal retirado]"
EDITABLE_BY_AUTHOR = frozenset({ProposalStatus.PENDING_REVIEW, ProposalStatus.CHANGES_REQUESTED})


class ModerationDecision(BaseModel):
    model_config = ConfigDict(frozen=True)

    action: str
    reason: str
    moderator_id: str
    decided_at: datetime
    # what the moderator wrote to the author (asking for a change), and the fields a redaction edited
    note: str | None = None
    fields: list[str] = Field(default_factory=list)


class SubmittedFacts(BaseModel):
    """What the log's `proposal.accepted` entry (and the author's receipt) committed to at submission,
    kept so that a later edit or redaction does not change the receipt recomputed from the document."""

    model_config = ConfigDict(frozen=True)

    content_sha256: str
    status: str


class Proposal(BaseModel):
    """A proposal as stored. Its author is referenced by id; only the display name is public."""

    model_config = ConfigDict(frozen=True)

    id: str
    process_id: str
    ballot_id: str
    place_name: str
    municipality_code: str | None
    topic: Topic
    title: str
    problem: str
    proposed_action: str
    addressed_to: list[str]
    author_id: str
    author_name: str
    status: ProposalStatus
    hold_reasons: list[HoldReason] = Field(default_factory=list)
    decisions: list[ModerationDecision] = Field(default_factory=list)
    created_at: datetime
    published_at: datetime | None = None
    fictional: bool = False
    # Member parties of the coalitions and common candidacies addressed: the proposal is listed
    # under each of them too (`GET /v1/proposals?party=X`); only the addressed contender answers.
    addressed_members: list[str] = Field(default_factory=list)
    # lifecycle (issue 15): edits and redactions bump `revision` (writes are conditioned on it)
    revision: int = 1
    updated_at: datetime | None = None
    submitted: SubmittedFacts | None = None
    redacted: bool = False  # a moderator edited the public text ("texto editado por moderación")
    restored_after_reports: bool = False  # a moderator reviewed it after reports: not hidden again
    fingerprint: str | None = None  # of the normalised text: its duplicate key, released on rejection
    sketch: list[int] = Field(default_factory=list)  # for the near-duplicate check (screening.sketch)

    @property
    def feed_parties(self) -> list[str]:
        return sorted(set(self.addressed_to) | set(self.addressed_members))


class ResponseDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stance: Stance
    text: ResponseText


class ResponseRevision(BaseModel):
    """An earlier version of an answer, kept public: an edit never hides what was said."""

    model_config = ConfigDict(frozen=True)

    stance: Stance
    text: str
    updated_at: datetime
    written_by: str | None = None


class PartyResponse(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal_id: str
    contender_id: str
    contender_name: str
    stance: Stance
    text: str
    created_at: datetime
    updated_at: datetime
    version: int = 1
    # The party whose editor wrote this version: a member party when it answers for its coalition.
    written_by: str | None = None
    history: list[ResponseRevision] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]
    @property
    def edited(self) -> bool:
        """Shown as "editada" on the page; edits are never emailed again."""
        return self.version > 1


class ModerationAction(StrEnum):
    PUBLISH = "publish"
    REJECT = "reject"
    REDACT = "redact"  # replace personal data in the text, then publish (or keep published)
    REQUEST_CHANGES = "request_changes"  # ask the author for a change; the author edits and resends


Note = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=500), MultiLine]


class ModerationDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    action: ModerationAction
    reason: str
    # redact: the texts as they will be published (only the ones that change)
    title: Title | None = None
    problem: LongText | None = None
    proposed_action: LongText | None = None
    # request_changes: what the author is asked to change (shown to the author only)
    note: Note | None = None

    @field_validator("reason")
    @classmethod
    def _known_reason(cls, value: str) -> str:
        known = {r.value for r in RejectionReason} | {r.value for r in PublicationReason}
        if value not in known:
            raise ValueError(text("validation.unknown_reason", known=", ".join(sorted(known))))
        return value


class ProposalEdit(BaseModel):
    """The author's new text of a held proposal (re-screened on save)."""

    model_config = ConfigDict(extra="forbid")

    title: Title
    problem: LongText
    proposed_action: LongText


class ReportDraft(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: ReportReason


def queue_reasons(proposal: Proposal) -> list[str]:
    """The reasons a waiting proposal is filed under in the moderation queue (never empty)."""
    if proposal.status == ProposalStatus.HIDDEN:
        return [QueueReason.REPORTED.value]
    return sorted({r.value for r in proposal.hold_reasons}) or [QueueReason.EDITED.value]
