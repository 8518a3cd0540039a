"""The lookup reads only in-course processes, in at most 2 DynamoDB calls once the container has them."""

from __future__ import annotations

from typing import Any

from chalice.test import Client

from chalicelib import dependencies
from chalicelib.storage.election_store import ElectionStore
from decide.seed import load_drill_copies
from tests.integration.conftest import SEED_DAY, CallCounter

LOOKUPS = ["/v1/lookup?section=1", "/v1/lookup?municipality=001", "/v1/lookup?district=4"]


def old_processes(store: ElectionStore, copies: int) -> None:
    """`copies` closed processes (copies of the 2021 ordinary process): the lookup must never read them."""
    process = store.get_process("2021-ord")
    assert process is not None
    store.save_all([process.model_copy(update={"id": f"historico-{n:02d}"}) for n in range(copies)])


def measure(api: Client, counter: CallCounter) -> tuple[list[str], dict[str, list[str]], int]:
    """(calls of a first lookup in a fresh container, calls of each lookup after it, processes answered)."""
    dependencies.current().in_course.clear()
    counter.reset()
    first = api.http.get(LOOKUPS[0])
    assert first.status_code == 200
    cold = list(counter.calls)
    warm = {}
    for route in LOOKUPS:
        counter.reset()
        assert api.http.get(route).status_code == 200, route
        warm[route] = list(counter.calls)
    return cold, warm, len(first.json_body["results"])


def test_the_lookup_reads_in_course_processes_in_two_calls_at_one_and_twenty_times_the_data(
    api: Client, seeded: ElectionStore, counter: CallCounter
) -> None:
    scanned: list[int] = []

    def in_course_items(parsed: dict[str, Any], **_: Any) -> None:
        if "ScannedCount" in parsed:
            scanned.append(parsed["ScannedCount"])

    client = dependencies.current().store.table.client
    client.meta.events.register("after-call.dynamodb.Query", in_course_items)
    cold, warm, answered = measure(api, counter)
    old_processes(seeded, 40)
    assert load_drill_copies(seeded, 19, SEED_DAY) > 3000
    scanned.clear()
    cold_20, warm_20, answered_20 = measure(api, counter)
    client.meta.events.unregister("after-call.dynamodb.Query", in_course_items)

    assert (answered, answered_20) == (1, 20)
    assert cold == cold_20 == ["Query", "BatchGetItem", "BatchGetItem"]  # once a minute per container
    assert warm == warm_20
    assert all(len(calls) == 2 and "Query" not in calls for calls in warm_20.values()), warm_20
    assert scanned == [20]  # the in-course listing only: none of the 44 closed processes is read
