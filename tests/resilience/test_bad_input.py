"""A corpus of hostile requests: each gets a 4xx JSON error and leaves no item behind.

Each bad request wraps an otherwise valid proposal (so only the bad part can refuse it), sent
by a signed-in citizen through the app in-process; items are counted with a Scan before and after.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from tests.support.world import World, world


def proposal(title: str) -> dict[str, Any]:
    return {
        "ballot_id": "simulacro.ayun.002",
        "topic": "agua",
        "title": title,
        "problem": f"{title}: la fuga de la calle principal lleva meses sin atención del municipio.",
        "proposed_action": f"{title}: reparar la tubería y revisar la red de toda la colonia con calendario.",
        "addressed_to": ["pfa"],
    }


GOOD = json.dumps(proposal("Fuga de agua en la calle principal"))


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


CORPUS: dict[str, tuple[dict[str, str], str | bytes, str]] = {
    # name: (extra headers, body, path suffix)
    "oversized body (70 KB)": ({}, json.dumps({**proposal("Grande"), "problem": "x" * 70_000}), ""),
    "oversized body of whitespace": ({}, GOOD + " " * 70_000, ""),
    "invalid UTF-8": ({}, GOOD.replace("Fuga", "Fuga \udcff").encode("utf-8", "surrogateescape"), ""),
    "invalid UTF-8 (lone continuation byte)": ({}, b'{"title": "\x80\x80"}', ""),
    "deeply nested JSON (20,000 levels)": ({}, nested(20_000), ""),
    "deeply nested JSON inside a field": ({}, json.dumps({**proposal("Anidada")}).replace('"Anidada"', nested(60)), ""),
    "JSON that is not an object": ({}, "[1, 2, 3]", ""),
    "truncated JSON": ({}, GOOD[:-10], ""),
    "text/plain": ({"Content-Type": "text/plain"}, GOOD, ""),
    "form encoded": ({"Content-Type": "application/x-www-form-urlencoded"}, "title=hola&topic=agua", ""),
    "multipart": ({"Content-Type": "multipart/form-data; boundary=x"}, "--x\r\n\r\nhola\r\n--x--", ""),
    "a type that merely contains json": ({"Content-Type": "text/jsonish"}, GOOD, ""),
    "huge query string": ({}, GOOD, "?" + "&".join(f"p{i}={'a' * 50}" for i in range(2000))),
    "unknown query parameter": ({}, GOOD, "?debug=1"),
    "header injection in Content-Type": ({"Content-Type": "application/json\r\nX-Injected: 1"}, GOOD, ""),
    "header injection in Idempotency-Key": ({"Idempotency-Key": "k1\r\nSet-Cookie: a=b"}, GOOD, ""),
    "spaces in Idempotency-Key": ({"Idempotency-Key": "una llave"}, GOOD, ""),
    "oversized Idempotency-Key": ({"Idempotency-Key": "k" * 5000}, GOOD, ""),
    "header injection in Authorization": ({"Authorization": "Bearer x\r\nX-Injected: 1"}, GOOD, ""),
    "no Authorization": ({"Authorization": ""}, GOOD, ""),
    "a token that is not a JWT": ({"Authorization": "Bearer " + "A" * 8000}, GOOD, ""),
}


EXPECTED_STATUS = {
    "oversized body (70 KB)": 413,
    "oversized body of whitespace": 413,
    "text/plain": 415,
    "form encoded": 415,
    "multipart": 415,
    "a type that merely contains json": 415,
    "header injection in Content-Type": 415,
    "header injection in Authorization": 401,
    "no Authorization": 401,
    "a token that is not a JWT": 401,
}  # every other case: 400


@pytest.fixture(scope="module")
def world_api() -> Iterator[tuple[World, Client, str]]:
    with world(proposals_per_day=100) as w:
        w.wire()
        token = w.identities.token("corpus@example.mx")
        with Client(app_module.app) as client:
            # The account's own record is written on its first signed-in request (issue 13); make it before the
            # corpus, so that "writes nothing" is about the bad requests themselves.
            assert client.http.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
            yield w, client, token


@pytest.mark.parametrize("name", list(CORPUS))
def test_each_bad_request_gets_a_json_4xx_and_writes_nothing(world_api: tuple[World, Client, str], name: str) -> None:
    w, client, token = world_api
    extra, body, suffix = CORPUS[name]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}", **extra}
    headers = {k: v for k, v in headers.items() if v}
    before = w.count_items()
    response = client.http.post(f"/v1/proposals{suffix}", headers=headers, body=body)
    assert response.status_code == EXPECTED_STATUS.get(name, 400), (name, response.status_code, response.body[:300])
    assert response.headers["Content-Type"].startswith("application/json")
    error = json.loads(response.body)["error"]
    assert error["code"] and error["message"]
    assert "X-Injected" not in response.headers and "Set-Cookie" not in response.headers
    assert w.count_items() == before, name


@pytest.mark.parametrize(
    "path",
    [
        "/v1/lookup?section=1&" + "&".join(f"p{i}=x" for i in range(3000)),
        "/v1/lookup?section=" + "9" * 20_000,
        "/v1/lookup?municipality=" + "%00" * 1000,
        "/v1/proposals?cursor=" + "A" * 10_000,
        "/v1/parties?process=" + "%ff%fe" * 500,
    ],
    ids=["many parameters", "huge number", "NUL bytes", "huge cursor", "invalid UTF-8 escapes"],
)
def test_huge_or_hostile_query_strings_get_a_json_400(world_api: tuple[World, Client, str], path: str) -> None:
    _, client, _ = world_api
    response = client.http.get(path)
    assert response.status_code == 400, (path[:60], response.status_code, response.body[:300])
    assert json.loads(response.body)["error"]["code"] == "invalid_request"


def test_the_same_request_without_the_bad_part_is_accepted_and_counted(world_api: tuple[World, Client, str]) -> None:
    # the control: the corpus is refused because of its bad part, and counting items would see a write
    w, client, token = world_api
    before = w.count_items()
    response = client.http.post(
        "/v1/proposals",
        headers={"Content-Type": "application/json; charset=utf-8", "Authorization": f"Bearer {token}"},
        body=GOOD,
    )
    assert response.status_code == 201, response.body
    assert w.count_items() > before
