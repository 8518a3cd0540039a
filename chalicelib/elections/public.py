"""Public reads of processes, ballots, candidacies and contenders."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.models import (
    PROCESS_ID_PATTERN,
    ElectoralProcess,
    Phase,
    ballot_id_of_candidacy,
)
from chalicelib.elections.printed_ballot import in_printed_order
from chalicelib.elections.views import (
    BallotView,
    CandidacyView,
    ContenderList,
    ProcessList,
    ProcessView,
)
from chalicelib.errors import NotFound
from chalicelib.messages import text
from chalicelib.profiles.models import PublicProfile, ReviewStatus, StoredProfile
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.result_store import ResultStore

# Votes are public from the results phase on (never before polls close and the count starts).
RESULTS_PHASES = frozenset({Phase.RESULTS, Phase.CLOSED})


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
    wanted = [ballot.id, *([ballot.replaced_by] if ballot.replaced_by else [])]
    process, results = ResultStore(store.table).process_and_results(ballot.process_id, wanted)
    if process is None:
        raise ProcessNotFoundError(text("process_not_found", process=ballot.process_id), {"field": "process"})
    view = ProcessView.of(process, now)
    counted = view.phase.code in RESULTS_PHASES
    return BallotView(
        ballot=ballot,
        process=view,
        result=results.get(ballot.id) if counted else None,
        # The extraordinary election has its own calendar: its result is public once it is counted.
        replacement_result=results.get(ballot.replaced_by) if ballot.replaced_by else None,
    )


def get_candidacy(store: ElectionStore, candidacy_id: str, now: datetime) -> CandidacyView:
    ballot = store.get_ballot(ballot_id_of_candidacy(candidacy_id))
    candidacy = next((c for c in ballot.candidacies if c.id == candidacy_id), None) if ballot else None
    if ballot is None or candidacy is None:
        raise CandidacyNotFoundError(text("candidacy_not_found", candidacy=candidacy_id), {"field": "candidacy_id"})
    # One batch read for the process, the contender and the profile: two calls in all.
    context = store.candidacy_context(ballot.process_id, candidacy.contender_id, candidacy_id)
    if context.process is None:
        raise ProcessNotFoundError(text("process_not_found", process=ballot.process_id), {"field": "process"})
    process, contender = context.process, context.contender
    profile = published_profile(context.published, context.working)
    return CandidacyView(
        candidacy=candidacy,
        ballot_id=ballot.id,
        process=ProcessView.of(process, now),
        contender=contender,
        profile=profile,
        profile_updated_at=profile.updated_at if profile else None,
    )


def published_profile(published: StoredProfile | None, working: StoredProfile | None) -> PublicProfile | None:
    """Only what the institute published; a working copy saved before the review workflow existed
    (no status) was public when saved and reads as published."""
    if published is not None:
        return PublicProfile.of(published)
    return PublicProfile.of(working) if working is not None and working.status == ReviewStatus.PUBLISHED else None


def list_contenders(store: ElectionStore, process_id: str) -> ContenderList:
    find_process(store, process_id)
    contenders = in_printed_order(store.list_contenders(process_id))
    return ContenderList(process_id=process_id, contenders=contenders)


class ContenderQuery(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    process: str = Field(pattern=PROCESS_ID_PATTERN, description="Process id")
