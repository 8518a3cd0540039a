"""The election's own vocabulary (DESIGN.md section 2) as validated models, with no I/O."""

from __future__ import annotations

import itertools
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

PROCESS_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,40}$"
CONTENDER_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{0,60}$"
BALLOT_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{1,40}\.(ayun|dip)\.[0-9]{2,3}$"
MEXICO_CITY = ZoneInfo("America/Mexico_City")
VEDA_DAYS_BEFORE_ELECTION = 3


def _aware(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("datetime must include a UTC offset")
    return value


AwareDatetime = Annotated[datetime, AfterValidator(_aware)]


class Phase(StrEnum):
    PREPARATION = "preparation"
    REGISTRATION = "registration"
    CAMPAIGN = "campaign"
    VEDA = "veda"
    ELECTION_DAY = "election_day"
    RESULTS = "results"
    CLOSED = "closed"


class ProcessKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


class Office(StrEnum):
    AYUNTAMIENTO = "ayuntamiento"
    DIPUTACION_MR = "diputacion_mr"


OFFICE_ID_SEGMENT = {Office.AYUNTAMIENTO: "ayun", Office.DIPUTACION_MR: "dip"}


class CalendarError(ValueError):
    """A calendar whose dates are out of order or break the veda rule; `field` names the date at fault."""

    def __init__(self, message: str, field: str | None = None, code: str = "order", **params: str) -> None:
        super().__init__(message)
        self.field = field
        self.code = code
        self.params = params


class Calendar(BaseModel):
    """The dates that decide a process's phase. Datetimes carry their UTC offset.

    Campaigns end when the veda starts; the veda starts at 00:00 three days before election
    day (local time) unless `veda_override_reason` says why it does not. A milestone the sources
    do not give is None (never guessed): without a campaign start, nothing before the veda
    counts as campaign, so no phase-gated write opens by mistake.
    """

    model_config = ConfigDict(frozen=True)

    process_start: date
    registration_start: AwareDatetime | None = None
    campaign_start: AwareDatetime | None = None
    veda_start: AwareDatetime
    election_day: date
    polls_close: AwareDatetime
    closes_at: AwareDatetime
    veda_override_reason: str | None = Field(default=None, max_length=500)

    @property
    def election_day_start(self) -> datetime:
        # Election day is a local date: midnight in the institute's zone, whatever offset polls_close has.
        return datetime.combine(self.election_day, time(0, 0), tzinfo=MEXICO_CITY)

    def statutory_veda_start(self) -> datetime:
        return self.election_day_start - timedelta(days=VEDA_DAYS_BEFORE_ELECTION)

    @model_validator(mode="after")
    def _dates_in_order(self) -> Calendar:
        sequence: list[tuple[str, datetime]] = []
        if self.registration_start is not None:
            sequence.append(("registration_start", self.registration_start))
        if self.campaign_start is not None:
            sequence.append(("campaign_start", self.campaign_start))
        sequence += [
            ("veda_start", self.veda_start),
            ("election_day", self.election_day_start),
            ("polls_close", self.polls_close),
            ("closes_at", self.closes_at),
        ]
        for (first_name, first), (then_name, then) in itertools.pairwise(sequence):
            if not first < then:
                raise CalendarError(f"{first_name} must be before {then_name}", field=then_name, previous=first_name)
        if self.polls_close.astimezone(MEXICO_CITY).date() != self.election_day:
            raise CalendarError("polls_close must be on election_day", field="polls_close", code="polls_close_day")
        if self.veda_start != self.statutory_veda_start() and not self.veda_override_reason:
            raise CalendarError(
                "veda_start must be 00:00 three days before election_day unless veda_override_reason explains why",
                field="veda_start",
                code="veda_rule",
                expected=self.statutory_veda_start().isoformat(),
            )
        return self


class Scope(BaseModel):
    """Where a process is held: IEEM municipality numbers and local district numbers."""

    model_config = ConfigDict(frozen=True)

    municipalities: list[str] = Field(default_factory=list)
    districts: list[int] = Field(default_factory=list)


class DataSource(BaseModel):
    """Where one real data set shown for a process comes from, and the credit its licence asks for."""

    model_config = ConfigDict(frozen=True)

    dataset: str = Field(max_length=200)
    title: str = Field(max_length=300)
    url: str = Field(max_length=500)
    credit: str | None = Field(default=None, max_length=300)


class ElectoralProcess(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=PROCESS_ID_PATTERN)
    name: str
    kind: ProcessKind
    is_drill: bool = False
    calendar: Calendar
    scope: Scope
    section_map: str
    replaces_ballots: list[str] = Field(default_factory=list)
    premoderation: bool = False
    # The Conóceles questionnaire version its profiles are captured with (chalicelib/profiles/questionnaire.py).
    questionnaire_version: int = Field(default=2, ge=1)
    notes: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    data_sources: list[DataSource] = Field(default_factory=list)


class ContenderKind(StrEnum):
    PARTY = "party"
    COALITION = "coalition"
    COMMON_CANDIDACY = "common_candidacy"  # candidatura común: several parties, one candidacy, no coalition
    INDEPENDENT = "independent"


class Contender(BaseModel):
    """Who nominates: a party, a coalition or common candidacy (per process), or an independent.

    A party's `ballot_order` is its registration order (its box on every ballot); a coalition's
    or common candidacy's is not used for ordering: it is printed in its members' boxes.
    """

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=CONTENDER_ID_PATTERN)
    process_id: str
    kind: ContenderKind
    name: str
    short_name: str
    members: list[str] = Field(default_factory=list)
    ballot_order: int = Field(ge=1)
    colors: list[str] = Field(default_factory=list)
    fictional: bool = False
    # A coalition's notification addresses are the coalition's: besides the institute, only the
    # editors of the member party the institute names here may change them.
    notification_party: str | None = None
    # The emblem the institute uploaded (photos bucket, emblems prefix); None: colours only.
    emblem_url: str | None = None


class CandidacyStatus(StrEnum):
    REGISTERED = "registered"
    SUBSTITUTED = "substituted"
    CANCELLED = "cancelled"


class Candidacy(BaseModel):
    """A nomination on one ballot. Names are as printed on the ballot; None means unknown."""

    model_config = ConfigDict(frozen=True)

    id: str
    ballot_id: str
    contender_id: str
    contender_kind: ContenderKind
    contender_name: str
    # The candidacy's first box on the printed ballot (elections/printed_ballot.py).
    ballot_order: int = Field(ge=1)
    # Member parties of a coalition or common candidacy: it is printed in each one's box.
    members: list[str] = Field(default_factory=list)
    owner: str | None
    substitute: str | None
    status: CandidacyStatus = CandidacyStatus.REGISTERED
    unknown_fields: list[str] = Field(default_factory=list)
    note: str | None = None
    fictional: bool = False


class BallotStatus(StrEnum):
    OPEN = "open"
    ANNULLED = "annulled"


class RegistryStatus(StrEnum):
    PUBLISHED = "published"
    PARTIAL = "partial"
    NOT_PUBLISHED_HERE = "not_published_here"
    PENDING = "pending"


class Place(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: str = Field(pattern="^(municipality|district)$")
    code: str
    name: str


class BallotBox(BaseModel):
    """One printed box: the party (or independent) it belongs to and the candidacy printed in it."""

    model_config = ConfigDict(frozen=True)

    position: int = Field(ge=1)
    contender_id: str
    contender_name: str
    candidacy_id: str


class Ballot(BaseModel):
    """One contest, stored with its candidacies and boxes in printed order so one read answers a lookup."""

    model_config = ConfigDict(frozen=True)

    id: str = Field(pattern=BALLOT_ID_PATTERN)
    process_id: str
    office: Office
    place: Place
    status: BallotStatus = BallotStatus.OPEN
    registry_status: RegistryStatus
    registry_note: str | None = None
    replaced_by: str | None = None
    replaces: str | None = None
    candidacies: list[Candidacy] = Field(default_factory=list)
    boxes: list[BallotBox] = Field(default_factory=list)


def ballot_id(process_id: str, office: Office, place_code: str) -> str:
    return f"{process_id}.{OFFICE_ID_SEGMENT[office]}.{place_code}"


def municipality_code(number: int | str) -> str:
    return f"{int(number):03d}"


def district_code(number: int | str) -> str:
    return f"{int(number):02d}"


def candidacy_id(ballot: str, contender_id: str) -> str:
    return f"{ballot}.{contender_id}"


def ballot_id_of_candidacy(candidacy: str) -> str:
    return candidacy.rsplit(".", 1)[0]


def sort_candidacies(candidacies: list[Candidacy]) -> list[Candidacy]:
    """Candidacies by their printed position (set by elections/printed_ballot.py), then contender id."""
    return sorted(candidacies, key=lambda c: (c.ballot_order, c.contender_id))
