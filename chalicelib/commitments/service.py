"""Commitments followed through the term: created from results, reported by the office-holder's
party, moderated by the institute (never rated), judged by citizens, "vencido" by the calendar."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import date, datetime

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal
from chalicelib.commitments.models import (
    NEEDS_EVIDENCE,
    REPORTABLE,
    SETTLED,
    CommitmentReviewQueue,
    FollowUpItem,
    FollowUpList,
    FollowUpStatus,
    FollowUpView,
    ModerationState,
    Origin,
    OverdueReport,
    ProgressInput,
    ProgressUpdate,
    PublicUpdate,
    UpdateDecision,
    VerdictCounts,
    VerdictInput,
)
from chalicelib.elections.models import Ballot, ElectoralProcess
from chalicelib.elections.public import BallotNotFoundError
from chalicelib.errors import Conflict, Forbidden, InvalidInput, NotFound
from chalicelib.messages import text
from chalicelib.platforms.models import Platform
from chalicelib.profiles.service import may_act_for
from chalicelib.proposals.models import PartyResponse, Proposal, ProposalStatus, Stance
from chalicelib.proposals.screening import hold_reasons
from chalicelib.results.models import BallotResult
from chalicelib.settings import Settings
from chalicelib.storage import keys
from chalicelib.storage.commitment_store import DUE_PAGE, CommitmentStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.table import ConditionFailedError, TransactionCancelledError

# A council's term in the State of Mexico: three years from 1 January after the election.
TERM_YEARS = 3
FEED_LIMIT = 500  # answers read per council when its result comes in (admin path, not a request's)


class CommitmentNotFoundError(NotFound):
    code = "commitment_not_found"


class NotTheOfficeHolderError(Forbidden):
    code = "not_the_office_holder"


class EvidenceRequiredError(InvalidInput):
    code = "evidence_required"


class StatusNotReportableError(InvalidInput):
    code = "status_not_reportable"


class VerdictGivenError(Conflict):
    code = "verdict_already_given"


class UpdateAlreadyDecidedError(Conflict):
    code = "update_already_decided"


class UpdateNotFoundError(NotFound):
    code = "commitment_update_not_found"


def update_id(commitment_id: str, user_id: str, at: datetime, body: ProgressInput) -> str:
    """Deterministic: a retried post of the same update at the same instant is the same item."""
    seed = "|".join([commitment_id, user_id, at.isoformat(), body.model_dump_json()])
    return hashlib.sha256(seed.encode()).hexdigest()[:16]


def term_end(election_day: date) -> date:
    return date(election_day.year + TERM_YEARS, 12, 31)


def method_lines() -> list[str]:
    """The rules as published on every "¿Cumplieron?" page (one text for every contender)."""
    return [text(f"commitments.method.{n}") for n in range(1, 7)]


def status_labels() -> dict[str, str]:
    return {s.value: text(f"commitments.status.{s.value}") for s in FollowUpStatus}


def follow_up_items(
    process: ElectoralProcess,
    ballot: Ballot,
    result: BallotResult,
    answers: list[tuple[Proposal, PartyResponse]],
    platform: Platform | None,
    now: datetime,
) -> list[FollowUpItem]:
    """The winner's commitments on one council: its "commit" answers, then its platform's commitments."""
    winner = result.winner_contender_id
    if winner is None or result.annulled:
        return []
    candidacy = next((c for c in ballot.candidacies if c.contender_id == winner), None)
    name = candidacy.contender_name if candidacy else winner
    due = term_end(process.calendar.election_day)
    common = {
        "process_id": process.id,
        "ballot_id": ballot.id,
        "place_name": ballot.place.name,
        "contender_id": winner,
        "contender_name": name,
        "candidacy_id": candidacy.id if candidacy else None,
        "due_date": due,
        "status_since": now,
        "created_at": now,
        "fictional": process.is_drill,
    }
    items = [
        FollowUpItem(
            id=f"{ballot.id}.{winner}.r.{proposal.id}",
            origin=Origin.ANSWER,
            proposal_id=proposal.id,
            title=proposal.title,
            text=response.text,
            topic=proposal.topic,
            **common,
        )
        for proposal, response in answers
        if response.stance == Stance.COMMIT and response.contender_id == winner
    ]
    for n, commitment in enumerate(platform.commitments if platform else [], start=1):
        items.append(
            FollowUpItem(
                id=f"{ballot.id}.{winner}.p.{n}",
                origin=Origin.PLATFORM,
                title=text("commitments.platform_title", n=n),
                text=commitment.text,
                topic=commitment.topic,
                **common,
            )
        )
    return items


class CommitmentDesk:
    def __init__(
        self,
        settings: Settings,
        elections: ElectionStore,
        commitments: CommitmentStore,
        audit: AuditLog,
        clock: Callable[[], datetime],
    ) -> None:
        self.settings = settings
        self.elections = elections
        self.commitments = commitments
        self.audit = audit
        self.clock = clock

    # created from results ---------------------------------------------------------------------
    def follow_winners(self, process: ElectoralProcess, results: list[BallotResult]) -> int:
        """Follow-up items for every council with a winner; idempotent (re-importing creates none)."""
        table = self.elections.table
        ballots = self.elections.get_ballots([r.ballot_id for r in results if r.winner_contender_id])
        winners = {r.winner_contender_id for r in results if r.winner_contender_id}
        platform_keys = [keys.platform(process.id, w) for w in sorted(winners)]
        found = table.batch_get(platform_keys)
        platforms = {k.sk.split("#", 1)[1]: Platform.model_validate_json(i.doc) for k, i in found.items()}
        created = 0
        for result in results:
            ballot = ballots.get(result.ballot_id)
            winner = result.winner_contender_id
            if ballot is None or winner is None:
                continue
            answers = self._answers(ballot.id, winner)
            items = follow_up_items(process, ballot, result, answers, platforms.get(winner), self.clock())
            created += self.commitments.create_items(items)
        return created

    def _answers(self, ballot_id: str, contender_id: str) -> list[tuple[Proposal, PartyResponse]]:
        pairs = self.commitments.answered_on_ballot(ballot_id, contender_id, FEED_LIMIT)
        return [(proposal, response) for proposal, response in pairs if proposal.status == ProposalStatus.PUBLISHED]

    # public reads -----------------------------------------------------------------------------
    def _view(self, item: FollowUpItem, agree: int, disagree: int, updates: list[ProgressUpdate]) -> FollowUpView:
        labels = status_labels()
        return FollowUpView(
            **item.model_dump(
                include={
                    "id",
                    "ballot_id",
                    "place_name",
                    "contender_id",
                    "contender_name",
                    "candidacy_id",
                    "origin",
                    "proposal_id",
                    "title",
                    "text",
                    "topic",
                    "due_date",
                    "due_date_given",
                    "status",
                    "status_since",
                    "fictional",
                }
            ),
            status_label=labels[item.status.value],
            agree=agree,
            disagree=disagree,
            updates=[
                PublicUpdate(
                    status=u.status,
                    status_label=labels[u.status.value],
                    note=u.note,
                    evidence_url=u.evidence_url,
                    posted_at=u.posted_at,
                )
                for u in updates
                if u.moderation == ModerationState.PUBLISHED
            ],
        )

    def of_ballot(self, ballot_id: str) -> FollowUpList:
        ballot = self.elections.get_ballot(ballot_id)
        if ballot is None:
            raise BallotNotFoundError(text("ballot_not_found", ballot=ballot_id), {"field": "ballot_id"})
        items = self.commitments.of_ballot(ballot_id)
        views = [self._view(item, agree, disagree, []) for item, agree, disagree in items]
        counts = {s.value: sum(1 for v in views if v.status == s) for s in FollowUpStatus}
        winner = views[0] if views else None
        notice = None if views else text("commitments.none_yet")
        return FollowUpList(
            ballot_id=ballot.id,
            place_name=ballot.place.name,
            winner_contender_id=winner.contender_id if winner else None,
            winner_name=winner.contender_name if winner else None,
            method=method_lines(),
            status_labels=status_labels(),
            counts=counts,
            commitments=views,
            notice=notice,
        )

    def _find(self, commitment_id: str) -> tuple[FollowUpItem, int, int]:
        found = self.commitments.get(commitment_id)
        if found is None:
            raise CommitmentNotFoundError(text("commitments.not_found"), {"field": "commitment_id"})
        return found

    def get(self, commitment_id: str) -> FollowUpView:
        item, agree, disagree = self._find(commitment_id)
        return self._view(item, agree, disagree, self.commitments.updates(commitment_id))

    # the office-holder's party reports ----------------------------------------------------------
    def post_update(self, principal: Principal, commitment_id: str, body: ProgressInput) -> FollowUpView:
        item, agree, disagree = self._find(commitment_id)
        contender = self.elections.get_contender(item.process_id, item.contender_id)
        if not may_act_for(principal, contender, item.contender_id):
            raise NotTheOfficeHolderError(text("commitments.not_office_holder"), {"field": "commitment_id"})
        if body.status not in REPORTABLE:
            raise StatusNotReportableError(text("commitments.overdue_not_reportable"), {"field": "status"})
        if body.status in NEEDS_EVIDENCE and not body.evidence_url:
            label = text(f"commitments.status.{body.status.value}")
            message = text("commitments.evidence_required", status=label)
            field = {"field": "evidence_url", "code": "evidence_required", "message": message}
            raise EvidenceRequiredError(message, {"field": "evidence_url", "fields": [field]})
        now = self.clock()
        reasons = [r.value for r in hold_reasons(body.note)]
        # Evidence links are always read by a person before they are public (like links in proposals).
        held = bool(reasons) or body.evidence_url is not None
        update = ProgressUpdate(
            id=update_id(commitment_id, principal.user_id, now, body),
            commitment_id=commitment_id,
            process_id=item.process_id,
            ballot_id=item.ballot_id,
            contender_id=item.contender_id,
            proposal_id=item.proposal_id,
            status=body.status,
            note=body.note,
            evidence_url=body.evidence_url,
            due_date=body.due_date,
            posted_by_party=principal.party_id or "",
            posted_at=now,
            moderation=ModerationState.PENDING_REVIEW if held else ModerationState.PUBLISHED,
            hold_reasons=reasons + (["evidence_link"] if body.evidence_url else []),
        )
        applied = None if held else self._applied(item, update)
        audit = self.audit.entry_operations(
            principal,
            "commitment.update",
            f"commitment/{commitment_id}",
            now,
            after={"status": update.status.value, "moderation": update.moderation.value},
        )
        try:
            self.commitments.post_update(update, applied, audit)
        except (ConditionFailedError, TransactionCancelledError):
            # The same post again (a retried request): it is stored once; answer with what is there.
            if self.commitments.pending_update(commitment_id, update.id) is None:
                raise
            return self.get(commitment_id)
        current = applied or item
        return self._view(current, agree, disagree, self.commitments.updates(commitment_id))

    @staticmethod
    def _applied(item: FollowUpItem, update: ProgressUpdate) -> FollowUpItem:
        changes: dict[str, object] = {"status": update.status, "status_since": update.posted_at}
        if update.due_date is not None:
            changes |= {"due_date": update.due_date, "due_date_given": True}
        return item.model_copy(update=changes)

    # the institute moderates (never rates) -------------------------------------------------------
    def review_page(self) -> CommitmentReviewQueue:
        return CommitmentReviewQueue(updates=self.review_queue())

    def review_queue(self) -> list[ProgressUpdate]:
        return self.commitments.review_queue()

    def decide_update(
        self, principal: Principal, commitment_id: str, update_id: str, body: UpdateDecision
    ) -> FollowUpView:
        item, agree, disagree = self._find(commitment_id)
        update = self.commitments.pending_update(commitment_id, update_id)
        if update is None:
            raise UpdateNotFoundError(text("commitments.update_not_found"), {"field": "update_id"})
        if update.moderation != ModerationState.PENDING_REVIEW:
            raise UpdateAlreadyDecidedError(text("commitments.update_decided"), {"field": "update_id"})
        if body.decision == ModerationState.PENDING_REVIEW:
            raise StatusNotReportableError(text("commitments.decision_invalid"), {"field": "decision"})
        now = self.clock()
        decided = update.model_copy(
            update={"moderation": body.decision, "decided_at": now, "rejection_reason": body.reason}
        )
        applied = self._applied(item, decided) if body.decision == ModerationState.PUBLISHED else None
        audit = self.audit.entry_operations(
            principal,
            "commitment.moderate",
            f"commitment/{commitment_id}",
            now,
            after={"update": update_id, "decision": body.decision.value},
        )
        try:
            self.commitments.decide_update(decided, applied, audit)
        except (ConditionFailedError, TransactionCancelledError) as exc:
            raise UpdateAlreadyDecidedError(text("commitments.update_decided"), {"field": "update_id"}) from exc
        return self._view(applied or item, agree, disagree, self.commitments.updates(commitment_id))

    # citizens say whether they agree with the reported status, once ------------------------------
    def say(self, principal: Principal, commitment_id: str, body: VerdictInput) -> VerdictCounts:
        self._find(commitment_id)
        try:
            self.commitments.add_verdict(commitment_id, principal.user_id, body.verdict.value, self.clock().isoformat())
        except ConditionFailedError as exc:
            raise VerdictGivenError(text("commitments.verdict_given"), {"field": "verdict"}) from exc
        return VerdictCounts(commitment_id=commitment_id, verdict=body.verdict)

    # the calendar: "vencido" after the due date -----------------------------------------------------
    def mark_overdue(self) -> OverdueReport:
        """Every unsettled item whose due date has passed (in Mexico City) turns "vencido"."""
        today = self.clock().astimezone(self.settings.tz).date()
        marked = 0
        while True:
            ids = self.commitments.due_by(today)
            if not ids:
                return OverdueReport(marked=marked)
            items = self.commitments.get_many(ids)
            before = marked
            for commitment_id in ids:
                item = items.get(commitment_id)
                if item is None or item.status in SETTLED or item.due_date >= today:
                    continue
                self.commitments.mark_overdue(
                    item.model_copy(update={"status": FollowUpStatus.OVERDUE, "status_since": self.clock()})
                )
                marked += 1
            if len(ids) < DUE_PAGE or marked == before:
                return OverdueReport(marked=marked)
