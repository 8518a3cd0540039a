"""The responsiveness board as the API shows it."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.models import BALLOT_ID_PATTERN, ContenderKind


class ResponsivenessQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ballot: str | None = Field(default=None, pattern=BALLOT_ID_PATTERN, description="One ballot of the process")


class RateInterval(BaseModel):
    model_config = ConfigDict(frozen=True)

    low: float
    high: float


class StanceCounts(BaseModel):
    model_config = ConfigDict(frozen=True)

    commit: int
    decline: int
    comment: int


class ContenderResponsiveness(BaseModel):
    """One contender's figures. Rates and times are null under the minimum of delivered proposals."""

    model_config = ConfigDict(frozen=True)

    contender_id: str
    name: str
    kind: ContenderKind
    position: int  # 1-based, in printed ballot order (never a rank)
    delivered: int
    bounced: int  # notices that bounced, excluded from every other figure
    answered: int
    answered_by_stance: StanceCounts
    acknowledged_only: int
    without_answer: int  # delivered, neither answered nor acknowledged
    enough_to_measure: bool
    answer_rate: float | None
    answer_rate_interval: RateInterval | None
    median_first_answer_minutes: float | None
    p90_first_answer_minutes: float | None
    note: str | None


class MethodStep(BaseModel):
    model_config = ConfigDict(frozen=True)

    figure: str
    how: str


class ResponsivenessBoard(BaseModel):
    model_config = ConfigDict(frozen=True)

    process_id: str
    process_name: str
    is_drill: bool
    ballot_id: str | None
    place_name: str | None
    minimum_delivered: int
    order_note: str
    contenders: list[ContenderResponsiveness]
    method: list[MethodStep]


class AcknowledgementView(BaseModel):
    model_config = ConfigDict(frozen=True)

    proposal_id: str
    contender_id: str
    acknowledged_at: str
