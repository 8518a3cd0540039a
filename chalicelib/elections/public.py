"""Public reads of processes, ballots, candidacies and contenders."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.models import PROCESS_ID_PATTERN, Contender, ElectoralProcess, ballot_id_of_candidacy
from chalicelib.elections.views import (
    BallotView,
    CandidacyView,
    ContenderList,
    ProcessList,
    ProcessView,
)
from chalicelib.errors import NotFound
from chalicelib.messages import text
from chalicelib.profiles.models import PublicProfile, StoredProfile
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore


class NotFoundError(NotFound):
    code = "not_found"


class ProcessNotFoundError(NotFoundError):
    code = "process_not_found"


class BallotNotFoundError(NotFoundError):
    code = "ballot_not_found"


class CandidacyNotFoundError(NotFoundError):
    code = "candidacy_not_found"


def find_process(store: ElectionStore, process_id: str) -> ElectoralProcess:
    process = store.get_process(process_id)
    if process is None:
        raise ProcessNotFoundError(text("process_not_found", process=process_id), {"field": "process"})
    return process


def list_processes(store: ElectionStore, now: datetime) -> ProcessList:
    processes = sorted(store.list_processes(), key=lambda p: (p.calendar.election_day, p.id), reverse=True)
    return ProcessList(processes=[ProcessView.of(p, now) for p in processes])


def get_process(store: ElectionStore, process_id: str, now: datetime) -> ProcessView:
    return ProcessView.of(find_process(store, process_id), now)


def get_ballot(store: ElectionStore, ballot_id: str, now: datetime) -> BallotView:
    ballot = store.get_ballot(ballot_id)
    if ballot is None:
        raise BallotNotFoundError(text("ballot_not_found", ballot=ballot_id), {"field": "ballot_id"})
    return BallotView(ballot=ballot, process=ProcessView.of(find_process(store, ballot.process_id), now))


def get_candidacy(store: ElectionStore, candidacy_id: str, now: datetime) -> CandidacyView:
    ballot = store.get_ballot(ballot_id_of_candidacy(candidacy_id))
    candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
    if ballot is None or candidacy is None:
        raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
    # One batch read for the process, the contender and the profile: two calls in all.
    wanted = (
        keys.process(ballot.process_id),
        keys.contender(ballot.process_id, candidacy.contender_id),
        keys.candidacy_profile(candidacy_id),
    )
    found = store.table.batch_get(list(wanted))
    if wanted[0] not in found:
        raise ProcessNotFoundError(text("process_not_found", process=ballot.process_id), {"field": "process"})
    process = ElectoralProcess.model_validate_json(found[wanted[0]].doc)
    contender = Contender.model_validate_json(found[wanted[1]].doc) if wanted[1] in found else None
    profile = PublicProfile.of(StoredProfile.model_validate_json(found[wanted[2]].doc)) if wanted[2] in found else None
    return CandidacyView(
        candidacy=candidacy,
        ballot_id=ballot.id,
        process=ProcessView.of(process, now),
        contender=contender,
        profile=profile,
        profile_updated_at=profile.updated_at if profile else None,
    )


def list_contenders(store: ElectionStore, process_id: str) -> ContenderList:
    find_process(store, process_id)
    contenders = sorted(store.list_contenders(process_id), key=lambda c: (c.ballot_order, c.id))
    return ContenderList(process_id=process_id, contenders=contenders)


class ContenderQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=PROCESS_ID_PATTERN, description="Process id")
