"""Typed reads and writes of the electoral data model over `DocumentTable`."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from chalicelib.elections.models import Ballot, Contender, ElectoralProcess, Phase
from chalicelib.elections.phases import phase_at
from chalicelib.geography.models import District, Municipality, Section, SectionMap
from chalicelib.storage import keys, party_candidacy_store
from chalicelib.storage.table import DocumentTable, Operation, StoredItem

if TYPE_CHECKING:
    from chalicelib.profiles.models import StoredProfile

M = TypeVar("M", bound=BaseModel)
IN_COURSE_MARGIN = timedelta(days=365)


def key_of(model: BaseModel) -> keys.Key:
    if isinstance(model, ElectoralProcess):
        return keys.process(model.id)
    if isinstance(model, Contender):
        return keys.contender(model.process_id, model.id)
    if isinstance(model, Ballot):
        return keys.ballot(model.id)
    if isinstance(model, Municipality):
        return keys.municipality(model.code)
    if isinstance(model, SectionMap):
        return keys.section_map(model.id)
    if isinstance(model, District):
        return keys.district(model.section_map, model.number)
    if isinstance(model, Section):
        return keys.section(model.section_map, model.number)
    raise TypeError(f"no key shape for {type(model).__name__}")


def to_item(model: BaseModel) -> StoredItem:
    return StoredItem(key_of(model), type(model).__name__, model.model_dump_json())


def in_course_change(process: ElectoralProcess, now: datetime | None = None) -> tuple[StoredItem | None, keys.Key]:
    """The process's entry in the in-course listing: an item to put, or None (delete the key) once it has
    been closed for a while. The margin keeps a process listed whatever clock a caller's phase uses (the
    lookup filters by phase at read time); it only bounds how long a closed process stays listed."""
    key = keys.process_in_course(process.id)
    long_ago = (now or datetime.now(UTC)) - IN_COURSE_MARGIN
    closed = phase_at(process.calendar, long_ago).phase == Phase.CLOSED
    return (None if closed else StoredItem(key, "ProcessInCourse", process.model_dump_json())), key


def in_course_operation(process: ElectoralProcess) -> Operation:
    """The same change as one TransactWriteItems operation (the admin writes processes in transactions)."""
    item, key = in_course_change(process)
    if item is None:
        return {"Delete": {"Key": keys.key_attributes(key)}}
    return {"Put": {"Item": DocumentTable._raw(item)}}


@dataclass(frozen=True)
class CandidacyContext:
    process: ElectoralProcess | None
    contender: Contender | None
    published: StoredProfile | None
    working: StoredProfile | None


class InCourseCache:
    """The in-course processes, read at most once per `ttl_seconds` in a container (the lookup's hot read)."""

    def __init__(self, ttl_seconds: float = 60.0, monotonic: Callable[[], float] = time.monotonic) -> None:
        self.ttl_seconds = ttl_seconds
        self.monotonic = monotonic
        self._value: tuple[float, list[ElectoralProcess]] | None = None

    def get(self, read: Callable[[], list[ElectoralProcess]]) -> list[ElectoralProcess]:
        now = self.monotonic()
        if self._value is None or now - self._value[0] >= self.ttl_seconds:
            self._value = (now, read())
        return self._value[1]

    def clear(self) -> None:
        self._value = None


class ElectionStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    # reads -------------------------------------------------------------------------------
    def _one(self, key: keys.Key, model: type[M]) -> M | None:
        item = self.table.get(key)
        return model.model_validate_json(item.doc) if item else None

    def _many(self, pk: str, model: type[M], prefix: str | None = None) -> list[M]:
        return [model.model_validate_json(i.doc) for i in self.table.query(pk, prefix)]

    def list_processes(self) -> list[ElectoralProcess]:
        return self._many(keys.PROCESSES_PK, ElectoralProcess)

    def processes_in_course(self) -> list[ElectoralProcess]:
        """Processes that were not closed when last written (the caller filters by phase now): one Query
        of a partition that closed processes leave, however many processes are stored."""
        return self._many(keys.PROCESSES_IN_COURSE_PK, ElectoralProcess)

    def get_process(self, process_id: str) -> ElectoralProcess | None:
        return self._one(keys.process(process_id), ElectoralProcess)

    def list_contenders(self, process_id: str) -> list[Contender]:
        return self._many(keys.contenders_pk(process_id), Contender, keys.CONTENDER_PREFIX)

    def get_contender(self, process_id: str, contender_id: str) -> Contender | None:
        return self._one(keys.contender(process_id, contender_id), Contender)

    def get_ballot(self, ballot_id: str) -> Ballot | None:
        return self._one(keys.ballot(ballot_id), Ballot)

    def candidacy_context(self, process_id: str, contender_id: str, candidacy_id: str) -> CandidacyContext:
        """The process, the contender and the profile's published and working copies, in one BatchGetItem."""
        wanted = (
            keys.process(process_id),
            keys.contender(process_id, contender_id),
            keys.candidacy_profile_published(candidacy_id),
            keys.candidacy_profile(candidacy_id),
        )
        found = self.table.batch_get(list(wanted))
        from chalicelib.profiles.models import StoredProfile  # profiles import the election models

        def read(key: keys.Key, model: type[M]) -> M | None:
            item = found.get(key)
            return model.model_validate_json(item.doc) if item is not None else None

        return CandidacyContext(
            process=read(wanted[0], ElectoralProcess),
            contender=read(wanted[1], Contender),
            published=read(wanted[2], StoredProfile),
            working=read(wanted[3], StoredProfile),
        )

    def get_ballots(self, ballot_ids: Sequence[str]) -> dict[str, Ballot]:
        found = self.table.batch_get([keys.ballot(b) for b in ballot_ids])
        ballots = (Ballot.model_validate_json(i.doc) for i in found.values())
        return {b.id: b for b in ballots}

    def get_sections(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], Section]:
        found = self.table.batch_get([keys.section(m, n) for m, n in wanted])
        sections = (Section.model_validate_json(i.doc) for i in found.values())
        return {(s.section_map, s.number): s for s in sections}

    def get_districts(self, wanted: Sequence[tuple[str, int]]) -> dict[tuple[str, int], District]:
        found = self.table.batch_get([keys.district(m, n) for m, n in wanted])
        districts = (District.model_validate_json(i.doc) for i in found.values())
        return {(d.section_map, d.number): d for d in districts}

    def list_municipalities(self) -> list[Municipality]:
        return self._many(keys.MUNICIPALITIES_PK, Municipality)

    def get_municipality(self, code: str) -> Municipality | None:
        return self._one(keys.municipality(code), Municipality)

    def get_section_map(self, map_id: str) -> SectionMap | None:
        return self._one(keys.section_map(map_id), SectionMap)

    def list_districts(self, map_id: str) -> list[District]:
        return self._many(keys.districts_pk(map_id), District)

    # versioned reads and transactional writes (the institute's edits) -----------------------
    # A version is the stored document's text as read: a replace succeeds only if it is unchanged.
    def process_version(self, process_id: str) -> str | None:
        item = self.table.get(keys.process(process_id))
        return item.doc if item else None

    def versioned_ballot(self, ballot_id: str) -> tuple[Ballot, str] | None:
        item = self.table.get(keys.ballot(ballot_id))
        return (Ballot.model_validate_json(item.doc), item.doc) if item else None

    def versioned_ballots(self, ballot_ids: Sequence[str]) -> dict[str, tuple[Ballot, str]]:
        found = self.table.batch_get([keys.ballot(b) for b in ballot_ids])
        versions = ((Ballot.model_validate_json(i.doc), i.doc) for i in found.values())
        return {ballot.id: (ballot, doc) for ballot, doc in versions}

    def put_operation(self, model: BaseModel) -> Operation:
        return self.table.put_operation(to_item(model))

    def create_operation(self, model: BaseModel) -> Operation:
        """Put `model` only if nothing is stored under its key yet."""
        return self.table.create_operation(to_item(model))

    def replace_operation(self, model: BaseModel, version: str) -> Operation:
        """Put `model` only if the stored document is still `version`."""
        return self.table.replace_operation(to_item(model), version)

    def write(self, operations: list[Operation]) -> None:
        """One transaction (TransactionCancelledError if a condition failed: the caller translates it)."""
        self.table.transact(operations)

    # writes ------------------------------------------------------------------------------
    def save(self, model: BaseModel) -> None:
        self.table.put(to_item(model))
        if isinstance(model, ElectoralProcess):
            self._list_in_course([model])
        if isinstance(model, Ballot):
            self.table.batch_put(party_candidacy_store.index_items(model))

    def save_all(self, models: Iterable[BaseModel], on_batch: Callable[[int], None] | None = None) -> int:
        processes: list[ElectoralProcess] = []
        ballots: list[Ballot] = []

        def items() -> Iterator[StoredItem]:
            for model in models:
                if isinstance(model, ElectoralProcess):
                    processes.append(model)
                if isinstance(model, Ballot):
                    ballots.append(model)
                yield to_item(model)

        written = self.table.batch_put(items(), on_batch)
        self._list_in_course(processes)
        # The party index ("Mis candidaturas") after the ballots it points to; not counted as written.
        self.table.batch_put(i for b in ballots for i in party_candidacy_store.index_items(b))
        return written

    def _list_in_course(self, processes: list[ElectoralProcess]) -> None:
        for process in processes:
            item, key = in_course_change(process)
            if item is None:
                self.table.delete(key)
            else:
                self.table.put(item)
