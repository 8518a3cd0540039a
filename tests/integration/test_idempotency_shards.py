"""Idempotency records spread over partitions (issue 11): submissions' records do not share one hot
partition key, and a retried submission still finds its own record."""

from __future__ import annotations

from typing import Any

from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.idempotency_store import SHARDS, shard_of
from tests.integration.identities import Identities
from tests.integration.test_proposals import draft, post

PREFIX = "IDEMPOTENCY#proposals"


def _idempotency_partitions(store: ElectionStore) -> dict[str, list[dict[str, Any]]]:
    client, found, start = store.table.client, {}, None
    while True:
        page = client.scan(
            TableName=store.table.table_name,
            FilterExpression="begins_with(pk, :prefix)",
            ExpressionAttributeValues={":prefix": {"S": PREFIX}},
            **({"ExclusiveStartKey": start} if start else {}),
        )
        for item in page["Items"]:
            found.setdefault(item["pk"]["S"], []).append(item)
        start = page.get("LastEvaluatedKey")
        if not start:
            return found


def test_submissions_keep_their_idempotency_records_on_several_partitions(
    api: Client, identities: Identities, seeded: ElectionStore
) -> None:
    # given eight citizens who each send a proposal with their own Idempotency-Key
    sent = {}
    for n in range(8):
        token = identities.user(f"shard-{n}@example.mx", role="citizen")
        body = draft(title=f"Banquetas nuevas en la calle número {n} del barrio de prueba")
        response = post(api, "/v1/proposals", token, body, **{"Idempotency-Key": f"shard-key-{n}"})
        assert response.status_code == 201, response.body
        sent[n] = (token, body, response.json_body["id"])
    # then their records are under several partition keys, each `<prefix>#<shard>`
    partitions = _idempotency_partitions(seeded)
    assert PREFIX not in partitions
    assert all(pk.rsplit("#", 1)[1].isdigit() for pk in partitions)
    assert len(partitions) >= 3
    # and a retry of each finds its record: the same proposal, nothing new
    for n, (token, body, proposal_id) in sent.items():
        again = post(api, "/v1/proposals", token, body, **{"Idempotency-Key": f"shard-key-{n}"})
        assert again.status_code == 201 and again.json_body["id"] == proposal_id
        mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
        assert len(mine) == 1


def test_shards_are_stable_and_even() -> None:
    keys = [f"decide-api#{n:032x}" for n in range(3200)]
    counts = [0] * SHARDS
    for key in keys:
        counts[shard_of(key)] += 1
    assert shard_of(keys[0]) == shard_of(keys[0])
    assert min(counts) > 50 and max(counts) < 150
