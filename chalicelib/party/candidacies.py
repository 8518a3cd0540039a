""" "Mis candidaturas": every candidacy of an editor's party and of its coalitions in a process.

One page is one Query of the party index (`storage/party_candidacy_store.py`) plus one
BatchGetItem of the ballots and one of the profiles it lists, whatever the party's size. Each
item says which profile fields are still empty and when the profile last changed, so the editor
sees what is missing without opening 170 forms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.auth.principal import ForbiddenError, Principal
from chalicelib.elections.models import PROCESS_ID_PATTERN, Candidacy, CandidacyStatus, ContenderKind, Office
from chalicelib.elections.public import find_process
from chalicelib.messages import text
from chalicelib.profiles.models import ProfileContent, ReviewStatus
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.party_candidacy_store import PartyCandidacyStore
from chalicelib.storage.profile_store import ProfileStore
from chalicelib.storage.proposal_store import decode_cursor, encode_cursor

# The profile fields a complete record fills, in the form's order (codes; the front labels them).
PROFILE_FIELDS = (
    "photo_url",
    "short_bio",
    "sex",
    "birth_date",
    "education_level",
    "work_history",
    "political_history",
    "why_running",
    "proposals",
    "gender_agenda_proposal",
    "links",
)


class NoPartyError(ForbiddenError):
    code = "no_party"


class PartyCandidaciesQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=PROCESS_ID_PATTERN, description="Process id")
    q: str | None = Field(default=None, min_length=2, max_length=80, description="Place or name, accents ignored")
    cursor: str | None = Field(default=None, max_length=2000)
    limit: int = Field(default=25, ge=1, le=50)


class PartyCandidacyItem(BaseModel):
    candidacy_id: str
    ballot_id: str
    office: Office
    place_name: str
    contender_id: str
    contender_name: str
    contender_kind: ContenderKind
    owner: str | None
    substitute: str | None
    status: CandidacyStatus
    fictional: bool
    profile_status: ReviewStatus | None = Field(description="None: no profile captured yet")
    missing_fields: list[str] = Field(description="Codes of the profile fields still empty")
    fields_total: int
    last_change: datetime | None


class PartyCandidaciesPage(BaseModel):
    process_id: str
    process_name: str
    party_id: str
    items: list[PartyCandidacyItem]
    next_cursor: str | None


def missing_fields(content: ProfileContent | None) -> list[str]:
    if content is None:
        return list(PROFILE_FIELDS)
    values: dict[str, Any] = content.model_dump(mode="json")
    empty = []
    for name in PROFILE_FIELDS:
        value = values.get(name)
        if isinstance(value, dict):
            value = [v for v in value.values() if v]
        if value is None or value == [] or value == "":
            empty.append(name)
    return empty


@dataclass
class PartyCandidacies:
    elections: ElectionStore
    index: PartyCandidacyStore
    profiles: ProfileStore

    def page(self, principal: Principal, query: PartyCandidaciesQuery) -> PartyCandidaciesPage:
        if not principal.party_id:
            raise NoPartyError(text("platform.no_party"), {"field": "party_id"})
        process = find_process(self.elections, query.process)
        entries, last = self.index.page(
            process.id, principal.party_id, query.q, query.limit, decode_cursor(query.cursor)
        )
        ballots = self.elections.get_ballots(list(dict.fromkeys(b for _, b in entries)))
        stored = self.profiles.get_many([c for c, _ in entries])
        items = []
        for candidacy_id, ballot_id in entries:
            ballot = ballots.get(ballot_id)
            candidacy: Candidacy | None = (
                next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
            )
            if ballot is None or candidacy is None:
                continue  # removed by a later import: the index entry is left over
            profile = stored.get(candidacy_id)
            items.append(
                PartyCandidacyItem(
                    candidacy_id=candidacy.id,
                    ballot_id=ballot.id,
                    office=ballot.office,
                    place_name=ballot.place.name,
                    contender_id=candidacy.contender_id,
                    contender_name=candidacy.contender_name,
                    contender_kind=candidacy.contender_kind,
                    owner=candidacy.owner,
                    substitute=candidacy.substitute,
                    status=candidacy.status,
                    fictional=candidacy.fictional,
                    profile_status=profile.status if profile else None,
                    missing_fields=missing_fields(profile.content if profile else None),
                    fields_total=len(PROFILE_FIELDS),
                    last_change=profile.updated_at if profile else None,
                )
            )
        return PartyCandidaciesPage(
            process_id=process.id,
            process_name=process.name,
            party_id=principal.party_id,
            items=items,
            next_cursor=encode_cursor(last),
        )
