"""Public read models: what the API returns about processes and ballots."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from chalicelib.elections.models import (
    Ballot,
    Calendar,
    Candidacy,
    Contender,
    DataSource,
    ElectoralProcess,
    Phase,
    ProcessKind,
    Scope,
)
from chalicelib.elections.phases import phase_at
from chalicelib.geography.models import District, Municipality, Section, SectionMap
from chalicelib.profiles.models import PublicProfile
from chalicelib.results.models import BallotResult


class PhaseView(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: Phase
    started_at: datetime | None
    ends_at: datetime | None


class ProcessView(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    kind: ProcessKind
    is_drill: bool
    phase: PhaseView
    calendar: Calendar
    scope: Scope
    section_map: str
    replaces_ballots: list[str]
    notes: list[str]
    sources: list[str]
    data_sources: list[DataSource]

    @classmethod
    def of(cls, process: ElectoralProcess, now: datetime) -> ProcessView:
        state = phase_at(process.calendar, now)
        return cls(
            **process.model_dump(exclude={"calendar", "scope"}),
            calendar=process.calendar,
            scope=process.scope,
            phase=PhaseView(code=state.phase, started_at=state.started_at, ends_at=state.ends_at),
        )


class ProcessList(BaseModel):
    processes: list[ProcessView]


class ProcessBallots(BaseModel):
    process: ProcessView
    ballots: list[Ballot]
    notice: str | None = None


class LookupQueryEcho(BaseModel):
    section: int | None = None
    municipality: str | None = None
    district: int | None = None
    process: str | None = None


class LookupResult(BaseModel):
    query: LookupQueryEcho
    section: Section | None
    municipality: Municipality | None
    district: District | None
    results: list[ProcessBallots]
    notice: str | None = None


class BallotView(BaseModel):
    ballot: Ballot
    process: ProcessView
    # The count, from the results phase on (None before, or while no result is loaded); for an
    # annulled ballot, also the result of the extraordinary election that replaced it (None: unknown).
    result: BallotResult | None = None
    replacement_result: BallotResult | None = None


class CandidacyView(BaseModel):
    candidacy: Candidacy
    ballot_id: str
    process: ProcessView
    contender: Contender | None
    # The party's profile of this candidacy in this election (None until one is published).
    profile: PublicProfile | None = None
    profile_updated_at: datetime | None = None


class ContenderList(BaseModel):
    process_id: str
    contenders: list[Contender]


class MunicipalityList(BaseModel):
    municipalities: list[Municipality]


class DistrictList(BaseModel):
    section_map: SectionMap
    districts: list[District]
