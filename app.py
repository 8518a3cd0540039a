"""DecideIEEM HTTP API: thin routes. Each validates, makes one service call, returns a model."""

from __future__ import annotations

from typing import Any

from chalice.app import Chalice, Response

from chalicelib import dependencies
from chalicelib.api.openapi import build_openapi
from chalicelib.api.routing import HttpApi
from chalicelib.elections import public
from chalicelib.elections.lookup import LookupQuery, lookup
from chalicelib.elections.public import ContenderQuery
from chalicelib.elections.views import (
    BallotView,
    CandidacyView,
    ContenderList,
    DistrictList,
    LookupResult,
    MunicipalityList,
    ProcessList,
    ProcessView,
)
from chalicelib.geography import public as geography
from chalicelib.geography.public import DistrictQuery

app = Chalice(app_name="decide-ieem")
api = HttpApi(
    app,
    cache_seconds=lambda: dependencies.current().settings.public_cache_seconds,
    authenticate=lambda authorization: dependencies.current().principal(authorization),
)
deps = dependencies.current


@api.get("/v1/processes", response=ProcessList, summary="Electoral processes with their phase", tag="processes")
def list_processes() -> ProcessList:
    return public.list_processes(deps().store, deps().clock())


@api.get(
    "/v1/processes/{process_id}",
    response=ProcessView,
    errors=(404,),
    summary="One process, its phase and when the phase ends",
    tag="processes",
)
def get_process(process_id: str) -> ProcessView:
    return public.get_process(deps().store, process_id, deps().clock())


@api.get(
    "/v1/lookup",
    query=LookupQuery,
    response=LookupResult,
    errors=(404,),
    metric="Lookups",
    summary="Who is running where I vote: ballots by section, municipality or district",
    tag="lookup",
)
def lookup_ballots(query: LookupQuery) -> LookupResult:
    return lookup(deps().store, query, deps().clock())


@api.get(
    "/v1/ballots/{ballot_id}",
    response=BallotView,
    errors=(404,),
    summary="One ballot with its candidacies in ballot order",
    tag="ballots",
)
def get_ballot(ballot_id: str) -> BallotView:
    return public.get_ballot(deps().store, ballot_id, deps().clock())


@api.get(
    "/v1/candidacies/{candidacy_id}",
    response=CandidacyView,
    errors=(404,),
    summary="One candidacy with its contender and process",
    tag="ballots",
)
def get_candidacy(candidacy_id: str) -> CandidacyView:
    return public.get_candidacy(deps().store, candidacy_id, deps().clock())


@api.get(
    "/v1/parties",
    query=ContenderQuery,
    response=ContenderList,
    errors=(404,),
    summary="Parties, coalitions and independent candidacies of a process",
    tag="ballots",
)
def list_parties(query: ContenderQuery) -> ContenderList:
    return public.list_contenders(deps().store, query.process)


@api.get("/v1/municipalities", response=MunicipalityList, summary="The 125 municipalities", tag="geography")
def list_municipalities() -> MunicipalityList:
    return geography.list_municipalities(deps().store)


@api.get(
    "/v1/districts",
    query=DistrictQuery,
    response=DistrictList,
    errors=(404,),
    summary="Local districts of a section map, with their municipalities",
    tag="geography",
)
def list_districts(query: DistrictQuery) -> DistrictList:
    return geography.list_districts(deps().store, query.section_map or deps().settings.default_section_map)


@app.route("/v1/openapi.json", methods=["GET"], cors=True)
def openapi() -> Response:
    return Response(body=openapi_document(), headers={"Cache-Control": "public, max-age=300"})


def openapi_document() -> dict[str, Any]:
    return build_openapi(api.operations, title="DecideIEEM API", version="1.0.0")
