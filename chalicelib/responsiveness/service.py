"""The responsiveness board read (counters kept from the stream) and a party's acknowledgement.

A board read is three calls whatever the number of proposals: the process (GetItem) or the
ballot and its process, the contenders (process board: one Query) and the scope's counters (one
Query, one item per contender). Nothing is counted on request.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.auth.principal import Principal
from chalicelib.elections.models import Ballot, ContenderKind, ElectoralProcess
from chalicelib.elections.phase_rules import PhasedAction, require_phase
from chalicelib.elections.printed_ballot import in_printed_order
from chalicelib.elections.public import BallotNotFoundError, find_process
from chalicelib.errors import InvalidInput
from chalicelib.messages import text
from chalicelib.opendata.export import Column, OpenDataset, to_csv
from chalicelib.proposals.models import ProposalStatus
from chalicelib.proposals.service import NotAddressedError, ProposalNotFoundError
from chalicelib.responsiveness import board
from chalicelib.responsiveness.models import (
    AcknowledgementView,
    ContenderResponsiveness,
    MethodStep,
    RateInterval,
    ResponsivenessBoard,
    ResponsivenessQuery,
    StanceCounts,
)
from chalicelib.settings import Settings
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notice_store import NoticeStore
from chalicelib.storage.proposal_store import ProposalStore

OPEN_DATA_COLUMNS: list[tuple[str, str]] = [
    (name, text(f"opendata.column.responsiveness.{name}"))
    for name in (
        "process_id",
        "position",
        "contender_id",
        "contender_name",
        "delivered",
        "bounced",
        "answered",
        "answered_commit",
        "answered_decline",
        "answered_comment",
        "acknowledged_only",
        "without_answer",
        "answer_rate",
        "answer_rate_low",
        "answer_rate_high",
        "median_first_answer_minutes",
        "p90_first_answer_minutes",
    )
]

METHOD_FIGURES = ("delivered", "bounced", "answered", "acknowledged", "rate", "interval", "times", "minimum", "order")


class BallotOfAnotherProcessError(InvalidInput):
    code = "ballot_of_another_process"


def method() -> list[MethodStep]:
    return [
        MethodStep(figure=text(f"responsiveness.method.{f}.figure"), how=text(f"responsiveness.method.{f}.how"))
        for f in METHOD_FIGURES
    ]


def figures(
    contender_id: str, name: str, kind: ContenderKind, position: int, attributes: dict[str, Any]
) -> ContenderResponsiveness:
    counts = board.Counts.of(attributes)
    enough = counts.delivered >= board.MIN_DELIVERED
    stances = dict(counts.by_stance)
    interval = board.wilson_interval(counts.answered, counts.delivered) if enough else None
    return ContenderResponsiveness(
        contender_id=contender_id,
        name=name,
        kind=kind,
        position=position,
        delivered=counts.delivered,
        bounced=counts.bounced,
        answered=counts.answered,
        answered_by_stance=StanceCounts(
            commit=stances.get("commit", 0), decline=stances.get("decline", 0), comment=stances.get("comment", 0)
        ),
        acknowledged_only=counts.acknowledged,
        without_answer=max(0, counts.delivered - counts.answered - counts.acknowledged),
        enough_to_measure=enough,
        answer_rate=counts.answered / counts.delivered if enough else None,
        answer_rate_interval=RateInterval(low=interval[0], high=interval[1]) if interval else None,
        median_first_answer_minutes=board.median_minutes(counts.delays) if enough else None,
        p90_first_answer_minutes=board.percentile_minutes(counts.delays, 0.9) if enough else None,
        note=None if enough else text("responsiveness.too_few", minimum=board.MIN_DELIVERED),
    )


@dataclass
class ResponsivenessDesk:
    settings: Settings
    elections: ElectionStore
    proposals: ProposalStore
    notices: NoticeStore
    clock: Callable[[], datetime]

    def board(self, process_id: str, query: ResponsivenessQuery) -> ResponsivenessBoard:
        if query.ballot is None:
            process = find_process(self.elections, process_id)
            counts = self.notices.counts(keys.responsiveness_process_pk(process.id))
            contenders = in_printed_order(self.elections.list_contenders(process.id))
            rows = [figures(c.id, c.name, c.kind, n, counts.get(c.id, {})) for n, c in enumerate(contenders, start=1)]
            return self._board(process, None, rows)
        ballot = self.elections.get_ballot(query.ballot)
        if ballot is None:
            raise BallotNotFoundError(text("ballot_not_found", ballot=query.ballot), {"field": "ballot"})
        if ballot.process_id != process_id:
            raise BallotOfAnotherProcessError(
                text("responsiveness.ballot_of_another_process", ballot=query.ballot, process=process_id),
                {"field": "ballot"},
            )
        process = find_process(self.elections, process_id)
        counts = self.notices.counts(keys.responsiveness_ballot_pk(ballot.id))
        rows = [
            figures(c.contender_id, c.contender_name, c.contender_kind, n, counts.get(c.contender_id, {}))
            for n, c in enumerate(ballot.candidacies, start=1)  # stored in printed order
        ]
        return self._board(process, ballot, rows)

    @staticmethod
    def _board(
        process: ElectoralProcess, ballot: Ballot | None, rows: list[ContenderResponsiveness]
    ) -> ResponsivenessBoard:
        return ResponsivenessBoard(
            process_id=process.id,
            process_name=process.name,
            is_drill=process.is_drill,
            ballot_id=ballot.id if ballot else None,
            place_name=ballot.place.name if ballot else None,
            minimum_delivered=board.MIN_DELIVERED,
            order_note=text("responsiveness.order_note"),
            contenders=rows,
            method=method(),
        )

    def open_data_csv(self, process_id: str) -> str:
        return to_csv(self.open_data(process_id))

    def open_data(self, process_id: str) -> OpenDataset:
        """The process board as open data, one row per contender, with the method in the columns."""
        found = self.board(process_id, ResponsivenessQuery())
        rows = [
            {
                "process_id": found.process_id,
                "position": c.position,
                "contender_id": c.contender_id,
                "contender_name": c.name,
                "delivered": c.delivered,
                "bounced": c.bounced,
                "answered": c.answered,
                "answered_commit": c.answered_by_stance.commit,
                "answered_decline": c.answered_by_stance.decline,
                "answered_comment": c.answered_by_stance.comment,
                "acknowledged_only": c.acknowledged_only,
                "without_answer": c.without_answer,
                "answer_rate": c.answer_rate,
                "answer_rate_low": c.answer_rate_interval.low if c.answer_rate_interval else None,
                "answer_rate_high": c.answer_rate_interval.high if c.answer_rate_interval else None,
                "median_first_answer_minutes": c.median_first_answer_minutes,
                "p90_first_answer_minutes": c.p90_first_answer_minutes,
            }
            for c in found.contenders
        ]
        return OpenDataset(
            process_id=found.process_id,
            dataset="responsiveness",
            licence=text("responsiveness.open_data_licence_drill")
            if found.is_drill
            else OpenDataset.model_fields["licence"].default,
            columns=[Column(name=n, description=d) for n, d in OPEN_DATA_COLUMNS],
            rows=rows,
        )

    def acknowledge(self, principal: Principal, proposal_id: str) -> AcknowledgementView:
        """The party says it received the proposal (counted apart from answers); once per contender."""
        found = self.proposals.get(proposal_id)
        if found is None or found[0].status != ProposalStatus.PUBLISHED:
            raise ProposalNotFoundError(text("proposal.not_found", proposal=proposal_id), {"field": "proposal_id"})
        proposal = found[0]
        ballot = self.elections.get_ballot(proposal.ballot_id)
        contender_id = next(
            (
                c.contender_id
                for c in (ballot.candidacies if ballot else [])
                if c.contender_id in proposal.addressed_to
                and principal.party_id is not None
                and principal.party_id in (c.contender_id, *c.members)
            ),
            None,
        )
        if contender_id is None:
            raise NotAddressedError(text("proposal.not_addressed"), {"field": "proposal_id"})
        now = self.clock()
        require_phase(
            find_process(self.elections, proposal.process_id), now, PhasedAction.PARTY_PUBLISH, self.settings.tz
        )
        at = self.notices.acknowledged(proposal.id, contender_id, now)
        return AcknowledgementView(proposal_id=proposal.id, contender_id=contender_id, acknowledged_at=at.isoformat())
