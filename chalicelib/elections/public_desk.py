"""The public reads of the elections (processes, the lookup, ballots, candidacies, contenders) as one
service owning its store and clock, so each route is one `deps().public_elections.<verb>(...)` call."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.elections import lookup as elections_lookup
from chalicelib.elections import public
from chalicelib.elections.views import BallotView, CandidacyView, ContenderList, LookupResult, ProcessList, ProcessView
from chalicelib.storage.election_store import ElectionStore, InCourseCache


class PublicElections:
    def __init__(
        self, store: ElectionStore, clock: Callable[[], datetime], in_course: Callable[[], InCourseCache]
    ) -> None:
        self.store = store
        self.clock = clock
        self._in_course = in_course

    def processes(self) -> ProcessList:
        return public.list_processes(self.store, self.clock())

    def process(self, process_id: str) -> ProcessView:
        return public.get_process(self.store, process_id, self.clock())

    def lookup(self, query: elections_lookup.LookupQuery) -> LookupResult:
        return elections_lookup.lookup(self.store, query, self.clock(), self._in_course())

    def ballot(self, ballot_id: str) -> BallotView:
        return public.get_ballot(self.store, ballot_id, self.clock())

    def candidacy(self, candidacy_id: str) -> CandidacyView:
        return public.get_candidacy(self.store, candidacy_id, self.clock())

    def contenders(self, query: public.ContenderQuery) -> ContenderList:
        return public.list_contenders(self.store, query.process)
