"""Voting advice: the institute's statements, the contenders' own positions, what the public reads.

The institute defines 20–40 statements per process and a window in which every contender
(party, coalition once, independent candidacy) states its position on each: de acuerdo,
neutral or en desacuerdo, with a justification. Positions are frozen when the window closes
and published all together at one set time, before the veda.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.content.models import SourceLink
from chalicelib.elections.models import CONTENDER_ID_PATTERN, AwareDatetime
from chalicelib.platforms.models import ContenderRef
from chalicelib.topics import Topic

MIN_STATEMENTS = 20
MAX_STATEMENTS = 40
MAX_JUSTIFICATION = 500
PROPOSAL_ID_PATTERN = r"^[A-Za-z0-9_-]{1,64}$"


class Stance(StrEnum):
    AGREE = "agree"
    NEUTRAL = "neutral"
    DISAGREE = "disagree"


class StatementInput(BaseModel):
    """One statement as the institute writes it: a neutral wording a contender can agree with or not."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: Topic
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=300)]
    explanation: Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=1000)]
    source: SourceLink
    proposal_id: str | None = Field(
        default=None,
        pattern=PROPOSAL_ID_PATTERN,
        description="A published citizen proposal of the process this statement is drawn from",
    )


class AdviceSetupInput(BaseModel):
    """The statements (in the order they are asked) and the calendar of the positions."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    statements: list[StatementInput] = Field(min_length=MIN_STATEMENTS, max_length=MAX_STATEMENTS)
    positions_open_at: AwareDatetime = Field(description="Contenders may state their positions from then")
    positions_close_at: AwareDatetime = Field(description="Positions are frozen from then; before the veda")
    publish_at: AwareDatetime = Field(description="Every contender's positions become public then, all at once")


class Statement(BaseModel):
    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1, description="Its place in the questionnaire (1, 2, ...)")
    topic: Topic
    text: str
    explanation: str
    source: SourceLink
    proposal_id: str | None = None
    proposal_title: str | None = None
    proposal_supports: int | None = None


class AdviceSetup(BaseModel):
    """A process's statements and positions calendar, as stored."""

    model_config = ConfigDict(frozen=True)

    process_id: str
    statements: list[Statement]
    positions_open_at: datetime
    positions_close_at: datetime
    publish_at: datetime
    fictional: bool = False
    updated_by: str
    updated_at: datetime


class PositionInput(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    statement: int = Field(ge=1, le=MAX_STATEMENTS, description="The statement's number")
    stance: Stance
    justification: Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_JUSTIFICATION)] = ""


class PositionsInput(BaseModel):
    """A contender's positions; they replace the previous ones. Statements left out stay unanswered."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    contender_id: str | None = Field(
        default=None,
        pattern=CONTENDER_ID_PATTERN,
        description="Whose positions: the editor's own party (default) or a coalition it belongs to",
    )
    positions: list[PositionInput] = Field(max_length=MAX_STATEMENTS)


class Position(BaseModel):
    model_config = ConfigDict(frozen=True)

    statement: int
    stance: Stance
    justification: str


class ContenderPositions(BaseModel):
    """One contender's positions in a process, as stored (one item per contender)."""

    model_config = ConfigDict(frozen=True)

    process_id: str
    contender_id: str
    positions: list[Position]
    fictional: bool = False
    updated_by: str
    updated_at: datetime


class AdviceStatus(StrEnum):
    PENDING = "pending"
    PUBLISHED = "published"


class PositionView(BaseModel):
    statement: int
    answered: bool
    stance: Stance | None
    stance_label: str
    justification: str


class ContenderAnswers(BaseModel):
    contender: ContenderRef
    answered: int = Field(description="How many statements it took a position on")
    positions: list[PositionView] = Field(
        description="One per statement, in order; the catalogue's advice.no_answer label when unanswered"
    )


class StatementView(BaseModel):
    number: int
    topic: Topic
    topic_label: str
    text: str
    explanation: str
    source: SourceLink
    proposal_id: str | None
    proposal_title: str | None
    proposal_supports: int | None


class AdviceView(BaseModel):
    process_id: str
    process_name: str
    is_drill: bool
    fictional: bool
    status: AdviceStatus
    status_label: str
    positions_open_at: datetime
    positions_close_at: datetime
    publish_at: datetime
    statements: list[StatementView]
    contenders: list[ContenderAnswers] = Field(
        description="Every contender in ballot order, with its positions once published (empty before)"
    )
    notice: str = Field(description="That this is not a recommendation and the answers stay on the device")
    drill_notice: str | None = Field(description="For a drill: that statements and positions are fictional")
    method: str


class AdviceProcess(BaseModel):
    process_id: str
    process_name: str
    is_drill: bool
    published_at: datetime


class AdviceIndex(BaseModel):
    processes: list[AdviceProcess] = Field(description="Processes whose contenders' positions are public now")


class AdviceIndexEntry(BaseModel):
    """Stored beside the setup so the home page can list published advice in one Query."""

    model_config = ConfigDict(frozen=True)

    process_id: str
    publish_at: datetime
    positions_close_at: datetime


class PartyAdviceQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    contender_id: str | None = Field(
        default=None, pattern=CONTENDER_ID_PATTERN, description="The editor's party (default) or its coalition"
    )


class PartyAdviceView(BaseModel):
    process_id: str
    process_name: str
    contender: ContenderRef
    editable: bool
    editable_reason: str | None
    positions_open_at: datetime
    positions_close_at: datetime
    publish_at: datetime
    statements: list[StatementView]
    positions: list[PositionView]
    updated_at: datetime | None


class ProposalCandidate(BaseModel):
    proposal_id: str
    title: str
    topic: Topic
    supports: int
    place_name: str


class ProposalCandidates(BaseModel):
    process_id: str
    considered: int = Field(description="How many of the newest published proposals were read")
    proposals: list[ProposalCandidate] = Field(description="Most supported first")
