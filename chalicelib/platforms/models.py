"""Platform input, the stored platform and what the public reads."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from chalicelib.content.models import HttpLink, Line
from chalicelib.elections.models import CONTENDER_ID_PATTERN, ContenderKind
from chalicelib.topics import Topic

MAX_COMMITMENTS = 10


class Commitment(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    topic: Topic
    text: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class PlatformInput(BaseModel):
    """A platform as a party or the institute loads it; it replaces the previous one."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    title: Line
    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    document_url: HttpLink | None = Field(default=None, description="The official platform document")
    commitments: list[Commitment] = Field(default_factory=list, max_length=MAX_COMMITMENTS)


class PartyPlatformInput(PlatformInput):
    contender_id: str | None = Field(
        default=None,
        pattern=CONTENDER_ID_PATTERN,
        description="Whose platform: the editor's own party (default) or a coalition it belongs to",
    )


class LoadedBy(StrEnum):
    PARTY = "party"
    INSTITUTE = "institute"


class Platform(BaseModel):
    """A contender's platform in one process, as stored."""

    model_config = ConfigDict(frozen=True)

    process_id: str
    contender_id: str
    title: str
    summary: str
    document_url: str | None
    commitments: list[Commitment]
    fictional: bool = False
    loaded_by: LoadedBy
    updated_by: str
    updated_at: datetime


class PlatformStatus(StrEnum):
    PUBLISHED = "published"
    NOT_PUBLISHED = "not_published"
    NOT_CAPTURED = "not_captured"  # a closed real process: registered with the institute, not captured here


class CommitmentView(BaseModel):
    topic: Topic
    topic_label: str
    text: str


class ContenderRef(BaseModel):
    id: str
    kind: ContenderKind
    name: str
    short_name: str
    members: list[str]
    ballot_order: int
    colors: list[str]
    fictional: bool


class PlatformView(BaseModel):
    contender: ContenderRef
    status: PlatformStatus
    status_label: str
    title: str | None
    summary: str | None
    document_url: str | None
    commitments: list[CommitmentView]
    commitments_total: int
    fictional: bool
    loaded_by: LoadedBy | None
    updated_at: datetime | None


class TopicCount(BaseModel):
    code: Topic
    label: str
    commitments: int


class PlatformList(BaseModel):
    process_id: str
    process_name: str
    is_drill: bool
    topic: Topic | None
    topic_label: str | None
    topics: list[TopicCount]
    platforms: list[PlatformView]
    notice: str | None = None


class PlatformQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    topic: Topic | None = Field(default=None, description="Only the commitments on this topic")
