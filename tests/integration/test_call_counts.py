"""Every public route costs a fixed number of DynamoDB calls, whatever the size of the data."""

from __future__ import annotations

from chalice.test import Client

from chalicelib import dependencies
from chalicelib.storage.election_store import ElectionStore
from decide.seed import load_drill_copies
from tests.integration.conftest import SEED_DAY, CallCounter

ROUTES = [
    "/v1/lookup?section=1",
    "/v1/lookup?section=1&process=2021-ord",
    "/v1/lookup?municipality=001",
    "/v1/lookup?district=4",
    "/v1/processes",
    "/v1/processes/2021-ord",
    "/v1/ballots/2021-ord.ayun.001",
    "/v1/ballots/2021-ord.ayun.001/commitments",
    "/v1/candidacies/2021-ord.ayun.001.pan",
    "/v1/parties?process=2021-ord",
    "/v1/municipalities",
    "/v1/districts",
]


def measure(api: Client, counter: CallCounter) -> dict[str, list[str]]:
    calls = {}
    for route in ROUTES:
        counter.reset()
        assert api.http.get(route).status_code == 200, route
        calls[route] = list(counter.calls)
    return calls


def grow(store: ElectionStore, copies: int) -> int:
    """`copies` more in-course processes with a ballot on every municipality and district."""
    return load_drill_copies(store, copies, SEED_DAY)


def test_dynamodb_calls_per_route_do_not_grow_with_the_data(
    api: Client, seeded: ElectionStore, counter: CallCounter
) -> None:
    # Given the seeded data, each public route's calls are measured
    before = measure(api, counter)
    # When the data grows twentyfold in processes, contenders and ballots (all in course)
    added = grow(seeded, 20)
    assert added > 3000
    dependencies.current().in_course.clear()  # new processes are listed within the cache's 60 s
    after = measure(api, counter)
    # Then no route makes more calls than before, none scans, and a lookup takes at most 3
    assert after == before
    assert not any("Scan" in calls for calls in after.values())
    for route, calls in after.items():
        if route.startswith("/v1/lookup"):
            assert len(calls) <= 3, (route, calls)
    body = api.http.get("/v1/lookup?section=1").json_body
    assert len(body["results"]) == 21  # the lookup now answers for 21 processes, still in 3 calls
