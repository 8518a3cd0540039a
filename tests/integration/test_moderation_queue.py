"""The moderation queue's filters (why a proposal waits, which process) and counts (derived from the
stream), and listings that give no cursor when nothing follows (issues 14 and 15). Over moto,
through the HTTP routes; the queue is shared with other tests, so counts are compared as changes."""

from __future__ import annotations

import json
from typing import Any

import pytest
from chalice.test import Client

from tests.integration.conftest import TABLE
from tests.integration.identities import Identities
from tests.integration.stream_tallies import StreamTallies

BALLOT = "simulacro.ayun.004"
LINK_PROBLEM = "El parque de la colonia está sin luz; hay fotos en https://example.org/parque para verlo."
PHONE_PROBLEM = "Llamen al 55 1234 5678 para ver cómo quedó el parque de la colonia sin luz por las noches."


def draft(title: str, problem: str | None = None) -> dict[str, Any]:
    return {
        "ballot_id": BALLOT,
        "topic": "servicios_publicos",
        "title": title,
        "problem": problem or f"{title}: el problema afecta a la colonia desde hace meses y nadie lo atiende.",
        "proposed_action": f"{title}: proponemos un plan con presupuesto, calendario y responsables públicos.",
        "addressed_to": ["all"],
    }


def call(api: Client, method: str, path: str, token: str | None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json", **(Identities.bearer(token) if token else {})}
    return getattr(api.http, method)(path, headers=headers, body=json.dumps(body) if body is not None else None)


def whole_queue(api: Client, token: str, query: str = "") -> list[dict[str, Any]]:
    """Every page of the queue for `query`, following the cursor to its end (bounded)."""
    items: list[dict[str, Any]] = []
    cursor = ""
    for _ in range(100):
        page = call(api, "get", f"/v1/moderation/queue?limit=50{query}{cursor}", token)
        assert page.status_code == 200, page.body
        items += page.json_body["items"]
        if not page.json_body["next_cursor"]:
            return items
        cursor = f"&cursor={page.json_body['next_cursor']}"
    raise AssertionError("the queue's cursor never ended")


def counts(api: Client, token: str) -> dict[str, int]:
    body = call(api, "get", "/v1/moderation/queue?limit=1", token).json_body["counts"]
    found = {"total": body["total"]}
    found |= {f"reason:{c['code']}": c["count"] for c in body["by_reason"]}
    found |= {f"process:{c['code']}": c["count"] for c in body["by_process"]}
    return found


@pytest.fixture
def people(identities: Identities, request: pytest.FixtureRequest) -> dict[str, str]:
    return {
        "author": identities.user(f"cola-{request.node.name[5:40]}@example.mx", role="citizen", name="Lupe"),
        "moderator": identities.user("moderacion-cola@ieem.mx", role="ieem_moderator"),
    }


def held(api: Client, token: str, title: str, problem: str) -> str:
    sent = call(api, "post", "/v1/proposals", token, draft(title, problem))
    assert sent.status_code == 201 and sent.json_body["status"] == "pending_review", sent.body
    return str(sent.json_body["id"])


def test_the_queue_filters_by_why_a_proposal_waits_and_by_process(api: Client, people: dict[str, str]) -> None:
    moderator = people["moderator"]
    with_link = held(api, people["author"], "Parque sin luz en la colonia Centro", LINK_PROBLEM)
    with_phone = held(api, people["author"], "Parque sin luz en la colonia Norte", PHONE_PROBLEM)

    links = {i["proposal"]["id"] for i in whole_queue(api, moderator, "&reason=link&process=simulacro")}
    assert with_link in links and with_phone not in links
    personal = {i["proposal"]["id"] for i in whole_queue(api, moderator, "&reason=personal_data")}
    assert with_phone in personal and with_link not in personal
    other_process = {i["proposal"]["id"] for i in whole_queue(api, moderator, "&process=2021-ord")}
    assert not {with_link, with_phone} & other_process
    everything = {i["proposal"]["id"] for i in whole_queue(api, moderator)}
    assert {with_link, with_phone} <= everything

    # an edit that changes why it waits files it under the new reason
    edit = draft(
        "Parque sin luz en la colonia Centro",
        "Mi celular es 722 987 6543; las lámparas del parque llevan meses apagadas y nadie viene.",
    )
    edited = call(
        api,
        "put",
        f"/v1/me/proposals/{with_link}",
        people["author"],
        {k: edit[k] for k in ("title", "problem", "proposed_action")},
    )
    assert edited.status_code == 200 and edited.json_body["hold_reasons"] == ["personal_data"], edited.body
    assert with_link not in {i["proposal"]["id"] for i in whole_queue(api, moderator, "&reason=link")}
    assert with_link in {i["proposal"]["id"] for i in whole_queue(api, moderator, "&reason=personal_data")}

    for query, field in (("&reason=cualquiera", "reason"), ("&process=Proceso%20raro", "process")):
        refused = call(api, "get", f"/v1/moderation/queue?{query[1:]}", moderator)
        assert refused.status_code == 400
        assert refused.json_body["error"]["details"]["fields"][0]["field"] == field


def test_reported_proposals_wait_under_their_own_reason(
    api: Client, identities: Identities, people: dict[str, str]
) -> None:
    sent = call(api, "post", "/v1/proposals", people["author"], draft("Tianguis sin baños públicos cerca"))
    proposal_id = sent.json_body["id"]
    assert sent.json_body["status"] == "published"
    for n in range(3):
        reporter = identities.user(f"reporta-cola-{n}@example.mx", role="citizen")
        assert (
            call(api, "post", f"/v1/proposals/{proposal_id}/reports", reporter, {"reason": "spam"}).status_code == 201
        )
    reported = whole_queue(api, people["moderator"], "&reason=reported")
    assert next(i for i in reported if i["proposal"]["id"] == proposal_id)["status"] == "hidden"


def test_the_queue_counts_follow_the_stream_per_reason_and_process(api: Client, people: dict[str, str]) -> None:
    moderator = people["moderator"]
    tallies = StreamTallies(TABLE)
    tallies.catch_up()
    before = counts(api, moderator)
    proposal_id = held(api, people["author"], "Alumbrado roto en la calle Hidalgo", LINK_PROBLEM)
    tallies.catch_up()
    tallies.replay()  # a retried stream batch counts nothing twice
    during = counts(api, moderator)
    for name in ("total", "reason:link", "process:simulacro"):
        assert during[name] == before.get(name, 0) + 1, name
    assert during["reason:personal_data"] == before["reason:personal_data"]
    names = {
        c["code"]: c["label"]
        for c in call(api, "get", "/v1/moderation/queue?limit=1", moderator).json_body["counts"]["by_process"]
    }
    assert names["simulacro"] != "simulacro"  # the process by its name, not its id

    decided = call(
        api,
        "post",
        f"/v1/moderation/proposals/{proposal_id}",
        moderator,
        {"action": "publish", "reason": "retencion_automatica_injustificada"},
    )
    assert decided.status_code == 200, decided.body
    tallies.catch_up()
    after = counts(api, moderator)
    for name in ("total", "reason:link", "process:simulacro"):
        assert after.get(name, 0) == before.get(name, 0), name


def test_a_full_last_page_gives_no_cursor(api: Client, identities: Identities) -> None:
    """ "Ver más" shows only when there is a next page: a page that ends the list has no cursor."""
    author = identities.user("paginas-exactas@example.mx", role="citizen", name="Rosa")
    two = [
        draft(
            "Banquetas rotas frente a la escuela",
            "Las banquetas frente a la primaria están rotas y los niños tropiezan.",
        ),
        draft(
            "Horario ampliado de la biblioteca",
            "La biblioteca municipal cierra a las cinco y quienes trabajan no alcanzan.",
        ),
    ]
    for body in two:
        assert call(api, "post", "/v1/proposals", author, body).status_code == 201
    exact = call(api, "get", "/v1/me/proposals?limit=2", author).json_body
    assert len(exact["proposals"]) == 2 and exact["next_cursor"] is None
    first = call(api, "get", "/v1/me/proposals?limit=1", author).json_body
    assert len(first["proposals"]) == 1 and first["next_cursor"]
    second = call(api, "get", f"/v1/me/proposals?limit=1&cursor={first['next_cursor']}", author).json_body
    assert len(second["proposals"]) == 1 and second["next_cursor"] is None
    assert first["proposals"][0]["summary"]["id"] != second["proposals"][0]["summary"]["id"]
