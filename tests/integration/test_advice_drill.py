"""The seeded drill's voting advice over the API: ready to try, fictional and labelled so.

The `api` fixture's clock is 2026-11-26 18:00 UTC, the seed day: the drill's positions window closed
two days before and its positions were published the day before.
"""

from __future__ import annotations

import json

from chalice.test import Client

from tests.integration.conftest import CallCounter


def get(api: Client, path: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = api.http.get(path)
    return response.status_code, json.loads(response.body)


def test_the_drill_advice_is_published_with_fictional_statements_and_positions(
    api: Client, counter: CallCounter
) -> None:
    status, body = get(api, "/v1/processes/simulacro/advice")
    assert status == 200 and body["status"] == "published"
    assert body["fictional"] and "ficticias" in body["drill_notice"]
    assert len(body["statements"]) == 24
    kinds = [c["contender"]["kind"] for c in body["contenders"]]
    ids = [c["contender"]["id"] for c in body["contenders"]]
    # the printed order: parties in registration order, the coalition right after its first member, then independents
    assert ids[:5] == ["pfa", "pfr", "pfr-pfm", "pfm", "pfv"] and set(kinds[5:]) == {"independent"}
    answered = {c["contender"]["id"]: c["answered"] for c in body["contenders"]}
    assert all(answered[p] == 24 for p in ("pfa", "pfr", "pfm", "pfv", "pfr-pfm"))
    assert sorted(answered.values()).count(0) == 1  # one fictional independent did not answer
    assert all(c["contender"]["fictional"] for c in body["contenders"])

    counter.reset()
    status, index = get(api, "/v1/advice")
    assert status == 200 and [p["process_id"] for p in index["processes"]] == ["simulacro"]
    assert "Scan" not in counter.calls and len(counter.calls) == 2


def test_a_real_process_without_advice_is_a_plain_404(api: Client) -> None:
    status, body = get(api, "/v1/processes/2021-ord/advice")
    assert status == 404 and body["error"]["code"] == "advice_not_found"
    assert body["error"]["message"].endswith("no tiene orientación del voto.")
