"""'Who is running where I vote?': ballots for a section, municipality or district.

Reads are bounded whatever the data size: the in-course processes (a listing that closed
processes leave, read at most once a minute per container), one batch read of the place
(section, municipality or district), one batch read of the ballots.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field, model_validator

from chalicelib.elections.models import (
    PROCESS_ID_PATTERN,
    Ballot,
    ElectoralProcess,
    Office,
    Phase,
    ballot_id,
    district_code,
    municipality_code,
)
from chalicelib.elections.phases import phase_at
from chalicelib.elections.public import NotFoundError, find_process
from chalicelib.elections.views import LookupQueryEcho, LookupResult, ProcessBallots, ProcessView
from chalicelib.geography.models import District, Municipality, Section
from chalicelib.messages import text
from chalicelib.storage.election_store import ElectionStore, InCourseCache


class SectionNotFoundError(NotFoundError):
    code = "section_not_found"


class MunicipalityNotFoundError(NotFoundError):
    code = "municipality_not_found"


class DistrictNotFoundError(NotFoundError):
    code = "district_not_found"


class LookupQuery(BaseModel):
    """Exactly one place criterion, optionally one process."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section: int | None = Field(default=None, ge=1, le=99999, description="Electoral section number")
    municipality: str | None = Field(
        default=None, pattern=r"^[0-9]{1,3}$", description="IEEM municipality number, 1-125"
    )
    district: int | None = Field(default=None, ge=1, le=99, description="Local district number")
    process: str | None = Field(default=None, pattern=PROCESS_ID_PATTERN, description="Process id")

    @model_validator(mode="after")
    def _one_criterion(self) -> LookupQuery:
        given = [v for v in (self.section, self.municipality, self.district) if v is not None]
        if len(given) != 1:
            raise ValueError(text("lookup_one_criterion"))
        return self


def _processes(
    store: ElectionStore, process_id: str | None, now: datetime, cache: InCourseCache | None
) -> list[ElectoralProcess]:
    if process_id:
        return [find_process(store, process_id)]
    listed = cache.get(store.processes_in_course) if cache else store.processes_in_course()
    in_course = [p for p in listed if phase_at(p.calendar, now).phase != Phase.CLOSED]
    return sorted(in_course, key=lambda p: (p.calendar.election_day, p.id))


def _ballot_ids(process: ElectoralProcess, municipality: str | None, district: int | None) -> list[str]:
    ids = []
    if municipality is not None and municipality in process.scope.municipalities:
        ids.append(ballot_id(process.id, Office.AYUNTAMIENTO, municipality))
    if district is not None and district in process.scope.districts:
        ids.append(ballot_id(process.id, Office.DIPUTACION_MR, district_code(district)))
    return ids


def lookup(
    store: ElectionStore, query: LookupQuery, now: datetime, in_course: InCourseCache | None = None
) -> LookupResult:
    processes = _processes(store, query.process, now, in_course)
    echo = LookupQueryEcho(**query.model_dump())
    if not processes:
        return LookupResult(
            query=echo,
            section=None,
            municipality=None,
            district=None,
            results=[],
            notice=text("no_process_in_course"),
        )
    maps = sorted({p.section_map for p in processes})
    places: dict[str, tuple[str | None, int | None, str | None]] = {}
    section: Section | None = None
    municipality: Municipality | None = None
    district: District | None = None
    if query.section is not None:
        sections = store.get_sections([(m, query.section) for m in maps])
        if not sections:
            raise SectionNotFoundError(
                text("section_not_found", section=query.section, section_map=", ".join(maps)),
                {"field": "section"},
            )
        for map_id in maps:
            found = sections.get((map_id, query.section))
            if found is None:
                places[map_id] = (None, None, text("section_outside_map", section=query.section))
                continue
            section = section or found
            note = None
            if found.municipality_code is None:
                unassigned = "section_unassigned" if found.district is None else "section_without_municipality"
                note = text(unassigned, section=query.section)
            places[map_id] = (found.municipality_code, found.district, note)
    elif query.municipality is not None:
        code = municipality_code(query.municipality)
        municipality = store.get_municipality(code)
        if municipality is None:
            raise MunicipalityNotFoundError(
                text("municipality_not_found", municipality=query.municipality), {"field": "municipality"}
            )
        places = {m: (code, None, None) for m in maps}
    else:
        assert query.district is not None
        districts = store.get_districts([(m, query.district) for m in maps])
        if not districts:
            raise DistrictNotFoundError(
                text("district_not_found", district=query.district, section_map=", ".join(maps)),
                {"field": "district"},
            )
        district = next(iter(districts.values()))
        places = {m: (None, query.district if (m, query.district) in districts else None, None) for m in maps}

    wanted = {p.id: _ballot_ids(p, *places[p.section_map][:2]) for p in processes}
    ballots = store.get_ballots([b for ids in wanted.values() for b in ids])
    results = []
    for process in processes:
        found_ballots: list[Ballot] = [ballots[b] for b in wanted[process.id] if b in ballots]
        notice = places[process.section_map][2]
        if not found_ballots and notice is None:
            notice = text("outside_scope")
        results.append(ProcessBallots(process=ProcessView.of(process, now), ballots=found_ballots, notice=notice))
    return LookupResult(query=echo, section=section, municipality=municipality, district=district, results=results)
