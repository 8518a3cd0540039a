"""Pagination cursors are bound to their list: another list's cursor or an altered one is a 400
naming `cursor` (DynamoDB answers a foreign ExclusiveStartKey with ValidationException; moto accepts
it, so that answer is injected here), never a 503 outage and never a page of another list."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError
from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore

CANDIDACIES = "/v1/candidacies?process=simulacro&limit=2"


def _decode(cursor: str) -> dict[str, Any]:
    return dict(json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))))


def _encode(key: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")


def _refused(api: Client, url: str) -> None:
    response = api.http.get(url)
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    assert error["details"]["field"] == "cursor"
    assert "cursor" in error["message"].lower() and "paginación" in error["message"]


def _first_cursor(api: Client) -> str:
    first = api.http.get(CANDIDACIES)
    assert first.status_code == 200, first.body
    cursor = first.json_body["next_cursor"]
    assert cursor
    return str(cursor)


def test_a_cursor_of_the_same_list_reads_the_next_page(api: Client) -> None:
    cursor = _first_cursor(api)
    second = api.http.get(f"{CANDIDACIES}&cursor={cursor}")
    assert second.status_code == 200, second.body
    assert second.json_body["items"]


def test_a_cursor_of_another_list_is_refused_naming_the_field(api: Client) -> None:
    key = _decode(_first_cursor(api))
    foreign = {name: {"S": "feed#all#" + value["S"]} if name.endswith("pk") else value for name, value in key.items()}
    _refused(api, f"{CANDIDACIES}&cursor={_encode(foreign)}")
    # the party's own candidacy list refuses the public search's cursor too (same table, other partition)
    _refused(api, f"/v1/proposals?limit=2&cursor={_encode(key)}")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64-%%%",
        _encode({"pk": {"S": "x"}}),  # a key without its sort key
        _encode({"pk": {"N": "1"}, "sk": {"S": "x"}}),  # a number where the key is a string
        _encode({"pk": {"S": "x"}, "sk": {"S": "y"}, "extra": {"S": "z"}}),  # an attribute no key has
    ],
)
def test_an_altered_cursor_is_refused(api: Client, cursor: str) -> None:
    _refused(api, f"{CANDIDACIES}&cursor={cursor}")


@pytest.fixture
def dynamodb_refuses_start_keys(seeded: ElectionStore) -> Iterator[None]:
    """DynamoDB's answer to an ExclusiveStartKey it does not accept (moto does not give it)."""

    def refuse(params: dict[str, Any], **_: Any) -> None:
        if "ExclusiveStartKey" in params:
            raise ClientError(
                {"Error": {"Code": "ValidationException", "Message": "The provided starting key is invalid"}},
                "Query",
            )

    events = seeded.table.client.meta.events
    events.register("provide-client-params.dynamodb.Query", refuse, unique_id="refuse-start-keys")
    try:
        yield
    finally:
        events.unregister("provide-client-params.dynamodb.Query", unique_id="refuse-start-keys")


def test_dynamodb_refusing_a_cursor_is_a_400_not_an_outage(api: Client, dynamodb_refuses_start_keys: None) -> None:
    key = _decode(_first_cursor(api))
    _refused(api, f"{CANDIDACIES}&cursor={_encode(key)}")
