"""The rules of proposals: who may send, answer, support and moderate, and when."""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import ForbiddenError, Principal
from chalicelib.elections.models import Ballot, BallotStatus, CandidacyStatus, ElectoralProcess
from chalicelib.elections.phase_rules import PhasedAction, require_phase
from chalicelib.elections.public import NotFoundError, find_process
from chalicelib.errors import Conflict, InvalidInput, RateLimited, Unprocessable
from chalicelib.messages import text
from chalicelib.proposals.models import (
    ADDRESS_ALL,
    EDITABLE_BY_AUTHOR,
    REDACTION_MARK,
    REPORTS_TO_HIDE,
    HoldReason,
    ModerationAction,
    ModerationDecision,
    ModerationDraft,
    PartyResponse,
    Proposal,
    ProposalDraft,
    ProposalEdit,
    ProposalStatus,
    PublicationReason,
    QueueReason,
    RejectionReason,
    ReportDraft,
    ResponseDraft,
    ResponseRevision,
    SubmittedFacts,
)
from chalicelib.proposals.screening import fingerprint, hold_reasons, resemblance, sketch
from chalicelib.proposals.views import (
    AddressedContender,
    MyProposal,
    MyProposals,
    ProposalFeed,
    ProposalPage,
    ProposalSummary,
    QueueCount,
    QueueCounts,
    ReportReceived,
    ReviewItem,
    ReviewQueue,
    SubmittedProposal,
    SupportState,
)
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.proposal_store import (
    DuplicateKeyTakenError,
    ProposalStateError,
    ProposalStore,
    QuotaExceededError,
)
from chalicelib.topics import Topic
from chalicelib.transparency.entries import proposal_content_digest, receipt_for_submission

# Estimated Jaccard resemblance of 3-word shingles: a copy with a few words changed stays far above
# it, two different proposals on one topic far below (tests/integration/test_proposals.py).
NEAR_DUPLICATE_RESEMBLANCE = 0.75
NEAR_DUPLICATE_WINDOW = timedelta(days=30)


def near_copy(new: list[int], old: list[int], threshold: float = NEAR_DUPLICATE_RESEMBLANCE) -> bool:
    return resemblance(new, old) >= threshold


class UnknownBallotError(Unprocessable):
    code = "unknown_ballot"


class UnknownContenderError(Unprocessable):
    code = "unknown_contender"


class BallotClosedError(Conflict):
    code = "ballot_closed"


class NearDuplicateError(Conflict):
    code = "near_duplicate"


class DailyQuotaError(RateLimited):
    code = "daily_quota"


class ProposalNotFoundError(NotFoundError):
    code = "proposal_not_found"


class OwnProposalError(Conflict):
    code = "own_proposal"


class NotAddressedError(ForbiddenError):
    code = "not_addressed"


class ModerationReasonError(InvalidInput):
    code = "invalid_reason"


class IdempotencyKeyReusedError(Unprocessable):
    code = "idempotency_key_reused"


class RequestInProgressError(Conflict):
    code = "request_in_progress"


class NotEditableError(Conflict):
    code = "not_editable"


class ModerationActionError(Conflict):
    """The action does not apply to the proposal's current state (e.g. redacting a withdrawn one)."""

    code = "action_not_allowed"


class ModerationTextError(InvalidInput):
    code = "invalid_moderation_text"


class ProposalQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ballot: str | None = Field(default=None, max_length=60)
    municipality: str | None = Field(default=None, pattern=r"^[0-9]{3}$")
    topic: Topic | None = None
    party: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=20, ge=1, le=50)


class PageQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=20, ge=1, le=50)


class QueueQuery(BaseModel):
    """The moderation queue's page, narrowed by why proposals wait and/or by process."""

    model_config = ConfigDict(extra="forbid")

    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=20, ge=1, le=50)
    reason: QueueReason | None = None
    process: str | None = Field(default=None, pattern=r"^[a-z0-9][a-z0-9-]{0,60}$")


class SubmissionRequest(BaseModel):
    """What identifies a retried submission: the author, their Idempotency-Key, and the draft."""

    user_id: str
    key: str
    draft: ProposalDraft


def _revision(response: PartyResponse) -> ResponseRevision:
    return ResponseRevision(
        stance=response.stance, text=response.text, updated_at=response.updated_at, written_by=response.written_by
    )


@dataclass
class ProposalDesk:
    settings: Settings
    elections: ElectionStore
    proposals: ProposalStore
    clock: Callable[[], datetime]
    idempotency: Callable[[Callable[..., Any]], Callable[..., Any]] | None = None
    audit: AuditLog | None = None
    register_lambda_context: Callable[[Any], None] | None = None
    _idempotent_submit: Callable[..., Any] | None = field(default=None, init=False)

    # submitting ------------------------------------------------------------------------------
    def submit(
        self, principal: Principal, draft: ProposalDraft, idempotency_key: str | None, lambda_context: Any = None
    ) -> SubmittedProposal:
        if not idempotency_key or self.idempotency is None:
            return self._submit(principal, draft)
        if lambda_context is not None and self.register_lambda_context is not None:
            self.register_lambda_context(lambda_context)
        if self._idempotent_submit is None:
            self._idempotent_submit = self.idempotency(self._submit_request)
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyValidationError,
        )

        request = SubmissionRequest(user_id=principal.user_id, key=idempotency_key[:128], draft=draft)
        try:
            result: SubmittedProposal = self._idempotent_submit(request=request, principal=principal)
        except IdempotencyValidationError as exc:
            raise IdempotencyKeyReusedError(text("proposal.idempotency_reused"), {"field": "Idempotency-Key"}) from exc
        except IdempotencyAlreadyInProgressError as exc:
            raise RequestInProgressError(text("proposal.in_progress")) from exc
        return result

    def _submit_request(self, request: SubmissionRequest, principal: Principal) -> SubmittedProposal:
        return self._submit(principal, request.draft)

    def _ballot_and_process(self, ballot_id: str) -> tuple[Ballot, ElectoralProcess]:
        ballot = self.elections.get_ballot(ballot_id)
        if ballot is None:
            raise UnknownBallotError(text("proposal.unknown_ballot", ballot=ballot_id), {"field": "ballot_id"})
        return ballot, find_process(self.elections, ballot.process_id)

    def _submit(self, principal: Principal, draft: ProposalDraft) -> SubmittedProposal:
        now = self.clock()
        ballot, process = self._ballot_and_process(draft.ballot_id)
        require_phase(process, now, PhasedAction.SUBMIT_PROPOSAL, self.settings.tz)
        if ballot.status == BallotStatus.ANNULLED:
            raise BallotClosedError(text("proposal.ballot_annulled"), {"field": "ballot_id"})
        contenders = sorted({c.contender_id for c in ballot.candidacies if c.status != CandidacyStatus.CANCELLED})
        if draft.addressed_to == [ADDRESS_ALL]:
            addressed = contenders
        else:
            unknown = [c for c in draft.addressed_to if c not in contenders]
            if unknown:
                raise UnknownContenderError(
                    text("proposal.unknown_contender", unknown=", ".join(unknown)),
                    {"field": "addressed_to", "unknown": unknown, "valid": contenders},
                )
            addressed = sorted(draft.addressed_to)
        if not addressed:
            raise UnknownContenderError(text("proposal.no_contenders"), {"field": "addressed_to"})
        self._refuse_near_duplicate(principal.user_id, draft, now)

        reasons = hold_reasons(draft.title, draft.problem, draft.proposed_action)
        if process.premoderation:
            reasons.append(HoldReason.PREMODERATION)
        published = not reasons
        texts = {"title": draft.title, "problem": draft.problem, "proposed_action": draft.proposed_action}
        proposal = Proposal(
            id=uuid.uuid4().hex[:20],
            process_id=process.id,
            ballot_id=ballot.id,
            place_name=ballot.place.name,
            municipality_code=ballot.place.code if ballot.place.kind == "municipality" else None,
            topic=draft.topic,
            title=draft.title,
            problem=draft.problem,
            proposed_action=draft.proposed_action,
            addressed_to=addressed,
            addressed_members=sorted({m for c in ballot.candidacies if c.contender_id in addressed for m in c.members}),
            author_id=principal.user_id,
            author_name=principal.display_name or text("proposal.anonymous_author"),
            status=ProposalStatus.PUBLISHED if published else ProposalStatus.PENDING_REVIEW,
            hold_reasons=reasons,
            created_at=now,
            published_at=now if published else None,
            fictional=process.is_drill,
            fingerprint=fingerprint(draft.title, draft.problem, draft.proposed_action),
            sketch=sketch(draft.title, draft.problem, draft.proposed_action),
            submitted=SubmittedFacts(
                content_sha256=proposal_content_digest(texts),
                status=ProposalStatus.PUBLISHED.value if published else ProposalStatus.PENDING_REVIEW.value,
            ),
        )
        limit = self.settings.proposals_per_day
        try:
            self.proposals.create(
                proposal,
                day=now.astimezone(self.settings.tz).date().isoformat(),
                daily_limit=limit,
                quota_expires_at=int((now + timedelta(days=2)).timestamp()),
            )
        except QuotaExceededError as exc:
            raise DailyQuotaError(text("proposal.daily_quota", limit=limit), {"limit": limit}) from exc
        except DuplicateKeyTakenError as exc:  # a copy sent in parallel won the conditional write
            raise NearDuplicateError(text("proposal.near_duplicate"), {"field": "problem"}) from exc
        message = text("proposal.published") if published else text("proposal.held")
        return SubmittedProposal(
            id=proposal.id,
            status=proposal.status,
            hold_reasons=reasons,
            message=message,
            receipt=receipt_for_submission(json.loads(proposal.model_dump_json())),
        )

    def _refuse_near_duplicate(
        self, user_id: str, draft: ProposalDraft | ProposalEdit, now: datetime, itself: str | None = None
    ) -> None:
        """Fuzzy comparison with the author's recent proposals (exact copies are also refused
        atomically by the duplicate key written with the proposal)."""
        mine, _ = self.proposals.by_author(user_id, 20, None)
        new_sketch = sketch(draft.title, draft.problem, draft.proposed_action)
        for proposal, _, _ in mine:
            if (
                now - proposal.created_at > NEAR_DUPLICATE_WINDOW
                or proposal.status in (ProposalStatus.REJECTED, ProposalStatus.WITHDRAWN)
                or proposal.id == itself
            ):
                continue
            # proposals stored before sketches existed get theirs computed here, once per comparison
            old_sketch = proposal.sketch or sketch(proposal.title, proposal.problem, proposal.proposed_action)
            if near_copy(new_sketch, old_sketch):
                raise NearDuplicateError(
                    text("proposal.near_duplicate"), {"field": "problem", "proposal_id": proposal.id}
                )

    # reading ---------------------------------------------------------------------------------
    def feed(self, query: ProposalQuery) -> ProposalFeed:
        given = {
            "ballot": query.ballot,
            "party": query.party,
            "municipality": query.municipality,
            "topic": query.topic.value if query.topic else None,
        }
        chosen = [(k, v) for k, v in given.items() if v]
        facet, value = chosen[0] if chosen else ("all", "")
        filters = dict(chosen[1:])
        found, cursor = self.proposals.feed(facet, value, limit=query.limit, cursor=query.cursor, filters=filters)
        return ProposalFeed(proposals=[ProposalSummary.of(p, s, r) for p, s, r in found], next_cursor=cursor)

    def page(self, proposal_id: str) -> ProposalPage:
        found = self.proposals.get_with_responses(proposal_id)
        if found is None or found[0].status != ProposalStatus.PUBLISHED:
            raise ProposalNotFoundError(text("proposal.not_found", proposal=proposal_id), {"field": "proposal_id"})
        proposal, supports, responses = found
        ballot = self.elections.get_ballot(proposal.ballot_id)
        order = {c.contender_id: (c.ballot_order, c.contender_name) for c in ballot.candidacies} if ballot else {}
        answered = {r.contender_id for r in responses}
        addressed = [
            AddressedContender(contender_id=c, name=order.get(c, (0, c))[1], answered=c in answered)
            for c in sorted(proposal.addressed_to, key=lambda c: (order.get(c, (999, c))[0], c))
        ]
        summary = ProposalSummary.of(proposal, supports, len(responses)).model_dump(exclude={"responses"})
        return ProposalPage(
            **summary,
            problem=proposal.problem,
            proposed_action=proposal.proposed_action,
            addressed_to=addressed,
            responses=sorted(responses, key=lambda r: (order.get(r.contender_id, (999, ""))[0], r.contender_id)),
        )

    def mine(self, principal: Principal, query: PageQuery) -> MyProposals:
        found, cursor = self.proposals.by_author(principal.user_id, query.limit, query.cursor)
        return MyProposals(proposals=[self._mine_view(p, s, r) for p, s, r in found], next_cursor=cursor)

    # supporting ------------------------------------------------------------------------------
    def _published(self, proposal_id: str) -> Proposal:
        found = self.proposals.get(proposal_id)
        if found is None or found[0].status != ProposalStatus.PUBLISHED:
            raise ProposalNotFoundError(text("proposal.not_found", proposal=proposal_id), {"field": "proposal_id"})
        return found[0]

    def support(self, principal: Principal, proposal_id: str, supported: bool) -> SupportState:
        proposal = self._published(proposal_id)
        process = find_process(self.elections, proposal.process_id)
        require_phase(process, self.clock(), PhasedAction.SUPPORT_PROPOSAL, self.settings.tz)
        if proposal.author_id == principal.user_id:
            raise OwnProposalError(text("proposal.own_support"))
        if supported:
            supports = self.proposals.add_support(proposal_id, principal.user_id, self.clock())
        else:
            supports = self.proposals.remove_support(proposal_id, principal.user_id)
        return SupportState(proposal_id=proposal_id, supported=supported, supports=supports)

    # answering -------------------------------------------------------------------------------
    def respond(self, principal: Principal, proposal_id: str, draft: ResponseDraft) -> PartyResponse:
        proposal = self._published(proposal_id)
        ballot = self.elections.get_ballot(proposal.ballot_id)
        # The editor answers for its party's candidacy on this ballot: its own, or the coalition's
        # or common candidacy it is a member of (a party is in one box per ballot).
        candidacy = next(
            (
                c
                for c in (ballot.candidacies if ballot else [])
                if c.contender_id in proposal.addressed_to
                and principal.party_id is not None
                and principal.party_id in (c.contender_id, *c.members)
            ),
            None,
        )
        if candidacy is None and (principal.party_id is None or principal.party_id not in proposal.addressed_to):
            raise NotAddressedError(text("proposal.not_addressed"), {"field": "proposal_id"})
        contender_id = candidacy.contender_id if candidacy else str(principal.party_id)
        name = candidacy.contender_name if candidacy else contender_id
        process = find_process(self.elections, proposal.process_id)
        now = self.clock()
        require_phase(process, now, PhasedAction.PARTY_PUBLISH, self.settings.tz)
        previous = self.proposals.get_response(proposal_id, contender_id)
        response = PartyResponse(
            proposal_id=proposal_id,
            contender_id=contender_id,
            contender_name=name,
            stance=draft.stance,
            text=draft.text,
            created_at=previous.created_at if previous else now,
            updated_at=now,
            version=previous.version + 1 if previous else 1,
            written_by=principal.party_id,
            history=[*previous.history, _revision(previous)] if previous else [],
        )
        audit = (
            self.audit.entry_operations(
                principal,
                "response.save",
                f"proposal/{proposal_id}/response/{contender_id}",
                now,
                before=previous.model_dump(mode="json") if previous else None,
                after=response.model_dump(mode="json"),
            )
            if self.audit is not None
            else []
        )
        self.proposals.put_response(proposal, response, audit)
        return response

    # moderating ------------------------------------------------------------------------------
    def review_queue(self, query: QueueQuery) -> ReviewQueue:
        found, cursor = self.proposals.review_queue(
            query.limit,
            query.cursor,
            reason=query.reason.value if query.reason else None,
            process_id=query.process,
        )
        return ReviewQueue(
            items=[ReviewItem(proposal=p, hold_reasons=p.hold_reasons, status=p.status) for p, _, _ in found],
            next_cursor=cursor,
            rejection_reasons=list(RejectionReason),
            publication_reasons=list(PublicationReason),
            counts=self._queue_counts(),
            redaction_mark=REDACTION_MARK,
        )

    def _queue_counts(self) -> QueueCounts:
        """One GetItem of the counters and the processes list (read once per page)."""
        counts = self.proposals.review_counts()
        names = {p.id: p.name for p in self.elections.list_processes()}
        by_process = [
            QueueCount(code=code, label=names.get(code, code), count=n)
            for code, n in ((k.removeprefix("process:"), n) for k, n in counts.items() if k.startswith("process:"))
            if n > 0
        ]
        return QueueCounts(
            total=counts.get("total", 0),
            by_reason=[
                QueueCount(
                    code=r.value, label=text(f"queue_reason.{r.value}"), count=counts.get(f"reason:{r.value}", 0)
                )
                for r in QueueReason
            ],
            by_process=sorted(by_process, key=lambda c: c.label),
        )

    def moderate(self, principal: Principal, proposal_id: str, draft: ModerationDraft) -> MyProposal:
        """Publish, reject, redact (and publish) or ask the author for a change; one transaction with
        its audit entry. The redacted original is kept in the audit entry only (never public)."""
        found = self.proposals.get(proposal_id)
        if found is None:
            raise ProposalNotFoundError(text("proposal.not_found", proposal=proposal_id), {"field": "proposal_id"})
        proposal = found[0]
        action = draft.action
        publishing = action in (ModerationAction.PUBLISH, ModerationAction.REDACT)
        valid = {r.value for r in (PublicationReason if action == ModerationAction.PUBLISH else RejectionReason)}
        if draft.reason not in valid:
            raise ModerationReasonError(
                text("proposal.reason_mismatch", valid=", ".join(sorted(valid))), {"field": "reason"}
            )
        texts = {f: getattr(draft, f) for f in ("title", "problem", "proposed_action") if getattr(draft, f)}
        if texts and action != ModerationAction.REDACT:
            raise ModerationTextError(text("moderation.fields_only_for_redact"), {"field": next(iter(texts))})
        if action == ModerationAction.REQUEST_CHANGES and not draft.note:
            raise ModerationTextError(text("moderation.note_required"), {"field": "note"})
        allowed = {
            ModerationAction.PUBLISH: {ProposalStatus.PENDING_REVIEW, ProposalStatus.HIDDEN},
            ModerationAction.REJECT: {
                ProposalStatus.PENDING_REVIEW,
                ProposalStatus.HIDDEN,
                ProposalStatus.CHANGES_REQUESTED,
            },
            ModerationAction.REDACT: {ProposalStatus.PENDING_REVIEW, ProposalStatus.HIDDEN, ProposalStatus.PUBLISHED},
            ModerationAction.REQUEST_CHANGES: {ProposalStatus.PENDING_REVIEW, ProposalStatus.HIDDEN},
        }[action]
        if proposal.status not in allowed:
            if action in (ModerationAction.PUBLISH, ModerationAction.REJECT):
                raise ProposalStateError(text("proposal.already_decided"), {"status": proposal.status.value})
            raise ModerationActionError(
                text(
                    "moderation.action_not_allowed",
                    action=text(f"moderation.verb.{action.value}"),
                    status=text(f"status.{proposal.status.value}"),
                ),
                {"status": proposal.status.value},
            )
        changed = {f: v for f, v in texts.items() if v != getattr(proposal, f)}
        if action == ModerationAction.REDACT and not texts:
            raise ModerationTextError(text("moderation.redact_needs_text"), {"field": "problem"})
        if action == ModerationAction.REDACT and not changed:
            raise ModerationTextError(text("moderation.redact_unchanged"), {"field": next(iter(texts))})
        now = self.clock()
        decision = ModerationDecision(
            action=action.value,
            reason=draft.reason,
            moderator_id=principal.user_id,
            decided_at=now,
            note=draft.note if action == ModerationAction.REQUEST_CHANGES else None,
            fields=sorted(changed),
        )
        status = {
            ModerationAction.PUBLISH: ProposalStatus.PUBLISHED,
            ModerationAction.REDACT: ProposalStatus.PUBLISHED,
            ModerationAction.REJECT: ProposalStatus.REJECTED,
            ModerationAction.REQUEST_CHANGES: ProposalStatus.CHANGES_REQUESTED,
        }[action]
        update: dict[str, Any] = {
            "status": status,
            "published_at": (proposal.published_at or now) if publishing else proposal.published_at,
            "decisions": [*proposal.decisions, decision],
            "revision": proposal.revision + 1,
            "updated_at": now,
            "restored_after_reports": proposal.restored_after_reports or proposal.status == ProposalStatus.HIDDEN,
        }
        if changed:
            update |= changed | {"redacted": True}
            title, problem, action_text = (
                changed.get(f, getattr(proposal, f)) for f in ("title", "problem", "proposed_action")
            )
            update["fingerprint"] = fingerprint(title, problem, action_text)
            update["sketch"] = sketch(title, problem, action_text)
        decided = proposal.model_copy(update=update)
        audit = self._audit_operations(
            principal,
            f"proposal.{action.value}",
            proposal,
            now,
            before={"status": proposal.status.value, **{f: getattr(proposal, f) for f in changed}},
            after={"status": decided.status.value, "reason": draft.reason}
            | ({"note": draft.note} if draft.note else {})
            | ({"fields": sorted(changed)} if changed else {}),
        )
        try:
            self.proposals.change(proposal, decided, audit)
        except DuplicateKeyTakenError as exc:
            raise NearDuplicateError(text("proposal.near_duplicate"), {"field": "problem"}) from exc
        return self._mine_view(decided, found[1], found[2])

    def _audit_operations(
        self,
        principal: Principal,
        action: str,
        proposal: Proposal,
        at: datetime,
        before: dict[str, Any],
        after: dict[str, Any],
    ) -> list[dict[str, Any]]:
        if self.audit is None:
            return []
        entry = self.audit.entry(principal, action, f"proposal/{proposal.id}", at, before=before, after=after)
        return self.audit.operations(entry)

    @staticmethod
    def _mine_view(proposal: Proposal, supports: int, responses: int) -> MyProposal:
        return MyProposal(
            summary=ProposalSummary.of(proposal, supports, responses),
            status=proposal.status,
            hold_reasons=proposal.hold_reasons,
            decisions=proposal.decisions,
            created_at=proposal.created_at,
            problem=proposal.problem,
            proposed_action=proposal.proposed_action,
            editable=proposal.status in EDITABLE_BY_AUTHOR,
            status_label=text(f"status.{proposal.status.value}"),
        )

    # the author's own held proposals ---------------------------------------------------------
    def _own(self, principal: Principal, proposal_id: str) -> tuple[Proposal, int, int]:
        found = self.proposals.get(proposal_id)
        if found is None or found[0].author_id != principal.user_id:
            raise ProposalNotFoundError(text("proposal.not_yours"), {"field": "proposal_id"})
        if found[0].status not in EDITABLE_BY_AUTHOR:
            raise NotEditableError(
                text("proposal.not_editable", status=text(f"status.{found[0].status.value}")),
                {"status": found[0].status.value},
            )
        return found

    def edit(self, principal: Principal, proposal_id: str, edit: ProposalEdit) -> MyProposal:
        """The author rewrites a held proposal: re-screened; published if nothing holds it and no
        moderator asked for the change, otherwise back in the review queue."""
        proposal, supports, responses = self._own(principal, proposal_id)
        now = self.clock()
        process = find_process(self.elections, proposal.process_id)
        require_phase(process, now, PhasedAction.SUBMIT_PROPOSAL, self.settings.tz)
        self._refuse_near_duplicate(principal.user_id, edit, now, itself=proposal.id)
        reasons = hold_reasons(edit.title, edit.problem, edit.proposed_action)
        if process.premoderation:
            reasons.append(HoldReason.PREMODERATION)
        published = not reasons and proposal.status == ProposalStatus.PENDING_REVIEW
        edited = proposal.model_copy(
            update={
                "title": edit.title,
                "problem": edit.problem,
                "proposed_action": edit.proposed_action,
                "hold_reasons": reasons,
                "status": ProposalStatus.PUBLISHED if published else ProposalStatus.PENDING_REVIEW,
                "published_at": now if published else None,
                "revision": proposal.revision + 1,
                "updated_at": now,
                "fingerprint": fingerprint(edit.title, edit.problem, edit.proposed_action),
                "sketch": sketch(edit.title, edit.problem, edit.proposed_action),
            }
        )
        audit = self._audit_operations(
            principal,
            "proposal.edit",
            proposal,
            now,
            before={"status": proposal.status.value, "revision": proposal.revision},
            after={"status": edited.status.value, "revision": edited.revision, "hold_reasons": reasons},
        )
        try:
            self.proposals.change(proposal, edited, audit)
        except DuplicateKeyTakenError as exc:
            raise NearDuplicateError(text("proposal.near_duplicate"), {"field": "problem"}) from exc
        view = self._mine_view(edited, supports, responses)
        return view.model_copy(
            update={"message": text("proposal.edited_published" if published else "proposal.edited_held")}
        )

    def withdraw(self, principal: Principal, proposal_id: str) -> MyProposal:
        proposal, supports, responses = self._own(principal, proposal_id)
        now = self.clock()
        withdrawn = proposal.model_copy(
            update={"status": ProposalStatus.WITHDRAWN, "revision": proposal.revision + 1, "updated_at": now}
        )
        audit = self._audit_operations(
            principal,
            "proposal.withdraw",
            proposal,
            now,
            before={"status": proposal.status.value},
            after={"status": withdrawn.status.value},
        )
        self.proposals.change(proposal, withdrawn, audit)
        view = self._mine_view(withdrawn, supports, responses)
        return view.model_copy(update={"message": text("proposal.withdrawn")})

    # citizens' reports -----------------------------------------------------------------------
    def report(self, principal: Principal, proposal_id: str, draft: ReportDraft) -> ReportReceived:
        """One report per citizen; the REPORTS_TO_HIDE-th hides the proposal pending review (once:
        a proposal a moderator restored after reports stays up, its later reports are still kept)."""
        proposal = self._published(proposal_id)
        if proposal.author_id == principal.user_id:
            raise OwnProposalError(text("proposal.own_report"))
        now = self.clock()
        count = self.proposals.add_report(proposal_id, principal.user_id, draft.reason.value, now)
        if count >= REPORTS_TO_HIDE and not proposal.restored_after_reports:
            hidden = proposal.model_copy(
                update={"status": ProposalStatus.HIDDEN, "revision": proposal.revision + 1, "updated_at": now}
            )
            audit = self._audit_operations(
                principal,
                "proposal.hide_after_reports",
                proposal,
                now,
                before={"status": proposal.status.value},
                after={"status": hidden.status.value, "reports": count},
            )
            # another report (or a moderator) may change it first: it is hidden once, or decided
            with contextlib.suppress(ProposalStateError):
                self.proposals.change(proposal, hidden, audit)
        return ReportReceived(proposal_id=proposal_id, reported=True, message=text("proposal.reported"))
