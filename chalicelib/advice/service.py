"""The voting advice desk: the institute's setup, the contenders' positions, the public read.

Rules (all on the server):
- the institute (ieem_admin) defines 20–40 statements and the positions calendar; the window
  closes before the veda and publication is at or after the close, before the veda; once the
  window opens the setup is locked, so every contender answers the same statements;
- a party editor states the positions of its own party (or independent candidacy) or of a
  coalition its party belongs to (the coalition answers once), only while the window is open;
  after it closes they are frozen;
- nobody's positions are public before `publish_at`; from then on every contender's are, in
  one response, so no contender is ever published before another. A contender without
  positions is listed in its place with "no respondió" on every statement.

The citizen's answers never reach the server: the match is computed in the browser, with the
method of `chalicelib.advice.matching` (the reference the browser's code is tested against).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.advice.models import (
    AdviceIndex,
    AdviceProcess,
    AdviceSetup,
    AdviceSetupInput,
    AdviceStatus,
    AdviceView,
    ContenderAnswers,
    ContenderPositions,
    PartyAdviceQuery,
    PartyAdviceView,
    Position,
    PositionsInput,
    PositionView,
    ProposalCandidate,
    ProposalCandidates,
    Statement,
    StatementView,
)
from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import ForbiddenError, Principal
from chalicelib.elections import public
from chalicelib.elections.models import Contender, ContenderKind, ElectoralProcess
from chalicelib.elections.phase_rules import PhaseClosedError, is_frozen
from chalicelib.elections.public import NotFoundError, find_process
from chalicelib.errors import InvalidFieldsError, field_problem
from chalicelib.messages import long_datetime, text
from chalicelib.platforms.service import ContenderNotFoundError, contender_ref
from chalicelib.proposals.models import ProposalStatus
from chalicelib.storage.advice_store import AdviceStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import TOPIC_LABELS

CANDIDATES_READ = 100
CANDIDATES_SHOWN = 20


class AdviceNotFoundError(NotFoundError):
    code = "advice_not_found"


class AdviceForbiddenError(ForbiddenError):
    """A party editor acting on positions that are not its party's nor its coalition's."""

    code = "advice_forbidden"


class AdviceLockedError(PhaseClosedError):
    """The positions window has opened: statements and dates can no longer change."""

    code = "advice_locked"


class PositionsWindowClosedError(PhaseClosedError):
    """Positions are accepted only while the window the institute set is open."""

    code = "positions_window_closed"


def _statement_view(statement: Statement) -> StatementView:
    return StatementView(
        number=statement.number,
        topic=statement.topic,
        topic_label=TOPIC_LABELS[statement.topic],
        text=statement.text,
        explanation=statement.explanation,
        source=statement.source,
        proposal_id=statement.proposal_id,
        proposal_title=statement.proposal_title,
        proposal_supports=statement.proposal_supports,
    )


def _position_views(setup: AdviceSetup, stored: ContenderPositions | None) -> list[PositionView]:
    by_number = {p.statement: p for p in stored.positions} if stored else {}
    views = []
    for statement in setup.statements:
        position = by_number.get(statement.number)
        views.append(
            PositionView(
                statement=statement.number,
                answered=position is not None,
                stance=position.stance if position else None,
                stance_label=text(f"advice.stance.{position.stance.value}") if position else text("advice.no_answer"),
                justification=position.justification if position else "",
            )
        )
    return views


def is_published(setup: AdviceSetup, now: datetime) -> bool:
    """Public from `publish_at` inclusive: at that instant every contender's positions at once."""
    return now >= setup.publish_at


class AdviceDesk:
    def __init__(
        self,
        *,
        elections: ElectionStore,
        advice: AdviceStore,
        proposals: ProposalStore,
        audit: AuditLog,
        clock: Callable[[], datetime],
        tz: ZoneInfo,
    ) -> None:
        self.elections = elections
        self.advice = advice
        self.proposals = proposals
        self.audit = audit
        self.clock = clock
        self.tz = tz

    def _when(self, value: datetime) -> str:
        return long_datetime(value, self.tz)

    def _process_and_setup(self, process_id: str) -> tuple[ElectoralProcess, AdviceSetup]:
        process, setup = self.advice.get_process_and_setup(process_id)
        if process is None:
            raise public.ProcessNotFoundError(text("process_not_found", process=process_id), {"field": "process"})
        if setup is None:
            raise AdviceNotFoundError(text("advice.not_found", process=process.name), {"field": "process"})
        return process, setup

    def _contenders(self, process_id: str) -> list[Contender]:
        # The same order as every other list of contenders (the ballot order), so ties follow it.
        return public.list_contenders(self.elections, process_id).contenders

    # public ------------------------------------------------------------------------------
    def read(self, process_id: str) -> AdviceView:
        """Statements, and every contender's positions once published (4 reads, whatever the size)."""
        now = self.clock()
        process, setup = self._process_and_setup(process_id)
        contenders = self._contenders(process_id)
        published = is_published(setup, now)
        stored = {p.contender_id: p for p in self.advice.list_positions(process_id)} if published else {}
        answers = []
        if published:
            for contender in contenders:
                positions = stored.get(contender.id)
                answers.append(
                    ContenderAnswers(
                        contender=contender_ref(contender),
                        answered=len(positions.positions) if positions else 0,
                        positions=_position_views(setup, positions),
                    )
                )
        status = AdviceStatus.PUBLISHED if published else AdviceStatus.PENDING
        return AdviceView(
            process_id=process.id,
            process_name=process.name,
            is_drill=process.is_drill,
            fictional=setup.fictional,
            status=status,
            status_label=text(f"advice.status.{status.value}", when=self._when(setup.publish_at)),
            positions_open_at=setup.positions_open_at,
            positions_close_at=setup.positions_close_at,
            publish_at=setup.publish_at,
            statements=[_statement_view(s) for s in setup.statements],
            contenders=answers,
            notice=text("advice.notice"),
            drill_notice=text("advice.drill_notice") if process.is_drill else None,
            method=text("advice.method"),
        )

    def index(self) -> AdviceIndex:
        """Processes whose positions are public now (one Query, one BatchGetItem)."""
        now = self.clock()
        entries = [e for e in self.advice.list_index() if now >= e.publish_at]
        found = {p.id: p for p in self.elections.list_processes()} if entries else {}
        listed = [
            AdviceProcess(
                process_id=e.process_id,
                process_name=found[e.process_id].name,
                is_drill=found[e.process_id].is_drill,
                published_at=e.publish_at,
            )
            for e in entries
            if e.process_id in found
        ]
        return AdviceIndex(processes=sorted(listed, key=lambda p: (p.published_at, p.process_id), reverse=True))

    # the institute -----------------------------------------------------------------------
    def save_setup(self, principal: Principal, process_id: str, body: AdviceSetupInput) -> AdviceView:
        now = self.clock()
        process, current = self.advice.get_process_and_setup(process_id)
        if process is None:
            raise public.ProcessNotFoundError(text("process_not_found", process=process_id), {"field": "process"})
        if current is not None and now >= current.positions_open_at:
            raise AdviceLockedError(
                text("advice.locked", process=process.name, opens=self._when(current.positions_open_at)),
                {"positions_open_at": current.positions_open_at.isoformat()},
            )
        self._check_calendar(process, body)
        statements = self._statements(process, body)
        setup = AdviceSetup(
            process_id=process.id,
            statements=statements,
            positions_open_at=body.positions_open_at,
            positions_close_at=body.positions_close_at,
            publish_at=body.publish_at,
            fictional=process.is_drill,
            updated_by=principal.user_id,
            updated_at=now,
        )
        audit = self.audit.entry_operations(
            principal,
            "advice.setup",
            f"process:{process.id}",
            now,
            after={"statements": len(statements), "publish_at": setup.publish_at.isoformat()},
        )
        self.advice.save_setup(setup, audit)
        return self.read(process.id)

    def _check_calendar(self, process: ElectoralProcess, body: AdviceSetupInput) -> None:
        veda = process.calendar.veda_start
        problems = []
        if not body.positions_open_at < body.positions_close_at:
            problems.append(field_problem("positions_close_at", "order", text("advice.close_before_open")))
        if not body.positions_close_at <= body.publish_at:
            problems.append(field_problem("publish_at", "order", text("advice.publish_before_close")))
        if not body.positions_close_at < veda:
            problems.append(
                field_problem("positions_close_at", "veda", text("advice.close_after_veda", veda=self._when(veda)))
            )
        if not body.publish_at < veda:
            problems.append(
                field_problem("publish_at", "veda", text("advice.publish_after_veda", veda=self._when(veda)))
            )
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)

    def _statements(self, process: ElectoralProcess, body: AdviceSetupInput) -> list[Statement]:
        wanted = sorted({s.proposal_id for s in body.statements if s.proposal_id})
        found = self.advice.get_proposals(wanted) if wanted else {}
        problems = []
        statements = []
        for index, item in enumerate(body.statements):
            proposal = found.get(item.proposal_id) if item.proposal_id else None
            if item.proposal_id and (
                proposal is None
                or proposal[0].process_id != process.id
                or proposal[0].status != ProposalStatus.PUBLISHED
            ):
                problems.append(
                    field_problem(
                        f"statements.{index}.proposal_id",
                        "unknown_proposal",
                        text("advice.unknown_proposal", proposal=item.proposal_id, process=process.name),
                    )
                )
            statements.append(
                Statement(
                    number=index + 1,
                    topic=item.topic,
                    text=item.text,
                    explanation=item.explanation,
                    source=item.source,
                    proposal_id=item.proposal_id,
                    proposal_title=proposal[0].title if proposal else None,
                    proposal_supports=proposal[1] if proposal else None,
                )
            )
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)
        return statements

    def proposal_candidates(self, process_id: str) -> ProposalCandidates:
        """The most supported among the newest published proposals: material for statements."""
        find_process(self.elections, process_id)
        page, _ = self.proposals.feed("process", process_id, limit=CANDIDATES_READ, cursor=None, filters={})
        ranked = sorted(page, key=lambda entry: (-entry[1], entry[0].id))[:CANDIDATES_SHOWN]
        return ProposalCandidates(
            process_id=process_id,
            considered=len(page),
            proposals=[
                ProposalCandidate(
                    proposal_id=p.id, title=p.title, topic=p.topic, supports=supports, place_name=p.place_name
                )
                for p, supports, _responses in ranked
            ],
        )

    # the party portal --------------------------------------------------------------------
    def _own_contender(self, principal: Principal, process: ElectoralProcess, wanted: str | None) -> Contender:
        if not principal.party_id:
            raise AdviceForbiddenError(text("advice.no_party"), {"field": "party_id"})
        target = wanted or principal.party_id
        contender = self.elections.get_contender(process.id, target)
        if contender is None:
            if target == principal.party_id:
                raise AdviceForbiddenError(
                    text("advice.party_not_in_process", process=process.name), {"field": "party_id"}
                )
            raise ContenderNotFoundError(
                text("contender_not_found", contender=target, process=process.name), {"field": "contender_id"}
            )
        own = contender.id == principal.party_id
        coalition = contender.kind == ContenderKind.COALITION and principal.party_id in contender.members
        if not (own or coalition):
            raise AdviceForbiddenError(text("advice.not_yours"), {"field": "contender_id"})
        return contender

    def _closed_reason(self, process: ElectoralProcess, setup: AdviceSetup, now: datetime) -> str | None:
        """Why positions cannot be edited now (None: the window is open)."""
        opens, closes = self._when(setup.positions_open_at), self._when(setup.positions_close_at)
        if now < setup.positions_open_at:
            return text("advice.window_not_open", process=process.name, opens=opens, closes=closes)
        if now >= setup.positions_close_at or is_frozen(process, now):
            return text("advice.window_closed", process=process.name, closes=closes)
        return None

    def party_view(self, principal: Principal, process_id: str, query: PartyAdviceQuery) -> PartyAdviceView:
        now = self.clock()
        process, setup = self._process_and_setup(process_id)
        contender = self._own_contender(principal, process, query.contender_id)
        stored = self.advice.get_positions(process.id, contender.id)
        return self._party_view(process, setup, contender, stored, now)

    def _party_view(
        self,
        process: ElectoralProcess,
        setup: AdviceSetup,
        contender: Contender,
        stored: ContenderPositions | None,
        now: datetime,
    ) -> PartyAdviceView:
        reason = self._closed_reason(process, setup, now)
        return PartyAdviceView(
            process_id=process.id,
            process_name=process.name,
            contender=contender_ref(contender),
            editable=reason is None,
            editable_reason=reason,
            positions_open_at=setup.positions_open_at,
            positions_close_at=setup.positions_close_at,
            publish_at=setup.publish_at,
            statements=[_statement_view(s) for s in setup.statements],
            positions=_position_views(setup, stored),
            updated_at=stored.updated_at if stored else None,
        )

    def save_positions(self, principal: Principal, process_id: str, body: PositionsInput) -> PartyAdviceView:
        now = self.clock()
        process, setup = self._process_and_setup(process_id)
        contender = self._own_contender(principal, process, body.contender_id)
        reason = self._closed_reason(process, setup, now)
        if reason is not None:
            raise PositionsWindowClosedError(
                reason,
                {
                    "positions_open_at": setup.positions_open_at.isoformat(),
                    "positions_close_at": setup.positions_close_at.isoformat(),
                },
            )
        count = len(setup.statements)
        problems, seen = [], set()
        for index, position in enumerate(body.positions):
            if position.statement > count:
                problems.append(
                    field_problem(
                        f"positions.{index}.statement",
                        "unknown_statement",
                        text("advice.unknown_statement", number=position.statement, count=count),
                    )
                )
            elif position.statement in seen:
                problems.append(
                    field_problem(
                        f"positions.{index}.statement",
                        "duplicate_statement",
                        text("advice.duplicate_statement", number=position.statement),
                    )
                )
            seen.add(position.statement)
        if problems:
            raise InvalidFieldsError(text("invalid_request"), problems)
        positions = ContenderPositions(
            process_id=process.id,
            contender_id=contender.id,
            positions=sorted(
                (
                    Position(statement=p.statement, stance=p.stance, justification=p.justification)
                    for p in body.positions
                ),
                key=lambda p: p.statement,
            ),
            fictional=contender.fictional,
            updated_by=principal.user_id,
            updated_at=now,
        )
        audit = self.audit.entry_operations(
            principal,
            "advice.positions",
            f"contender:{process.id}:{contender.id}",
            now,
            after={"answered": len(positions.positions)},
        )
        self.advice.save_positions(positions, audit)
        return self._party_view(process, setup, contender, positions, now)
