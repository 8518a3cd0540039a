"""Voting advice over the API: the institute's statements, the contenders' positions, the publication.

A small fictional process (no full seed): two parties, a coalition of the second with a third,
an independent candidacy. The clock is injected and moved through the positions calendar:
before the window, in it, at its close, one microsecond before and at the publication instant.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.elections.models import (
    MEXICO_CITY,
    Calendar,
    Contender,
    ContenderKind,
    ElectoralProcess,
    ProcessKind,
    Scope,
)
from chalicelib.proposals.models import Proposal, ProposalStatus
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import Topic
from tests.integration.conftest import TABLE, CallCounter
from tests.integration.identities import Identities
from tests.integration.stream_tallies import StreamTallies

PROCESS = "orientacion-prueba"
OPENS = datetime(2026, 11, 10, tzinfo=MEXICO_CITY)
CLOSES = datetime(2026, 11, 30, tzinfo=MEXICO_CITY)
PUBLISHES = datetime(2026, 12, 1, 12, tzinfo=MEXICO_CITY)
VEDA = datetime(2026, 12, 10, tzinfo=MEXICO_CITY)
BEFORE = datetime(2026, 11, 5, tzinfo=MEXICO_CITY)
DURING = datetime(2026, 11, 15, 9, tzinfo=MEXICO_CITY)
bearer = Identities.bearer


class Clock:
    def __init__(self) -> None:
        self.now = BEFORE

    def __call__(self) -> datetime:
        return self.now


def contender(cid: str, kind: ContenderKind, order: int, members: list[str] | None = None) -> Contender:
    return Contender(
        id=cid,
        process_id=PROCESS,
        kind=kind,
        name=f"Contendiente ficticio {cid.upper()}",
        short_name=cid.upper(),
        members=members or [],
        ballot_order=order,
        fictional=True,
    )


@pytest.fixture(scope="module")
def small_process(store: ElectionStore) -> ElectoralProcess:
    process = ElectoralProcess(
        id=PROCESS,
        name="Proceso de prueba de la orientación",
        kind=ProcessKind.ORDINARY,
        is_drill=True,
        calendar=Calendar(
            process_start=date(2026, 9, 1),
            campaign_start=datetime(2026, 11, 1, tzinfo=MEXICO_CITY),
            veda_start=VEDA,
            election_day=date(2026, 12, 13),
            polls_close=datetime(2026, 12, 13, 18, tzinfo=MEXICO_CITY),
            closes_at=datetime(2026, 12, 31, 23, 59, tzinfo=MEXICO_CITY),
        ),
        scope=Scope(municipalities=["001"]),
        section_map="ine2016-esc3",
    )
    store.save_all(
        [
            process,
            # saved out of ballot order on purpose: the API lists them in ballot order
            contender("ind-uno", ContenderKind.INDEPENDENT, 100),
            contender("pfb", ContenderKind.PARTY, 2),
            contender("pfa", ContenderKind.PARTY, 1),
            contender("pfc", ContenderKind.PARTY, 3),
            contender("pfb-pfc", ContenderKind.COALITION, 4, members=["pfb", "pfc"]),
        ]
    )
    return process


@pytest.fixture(scope="module")
def tokens(identities: Identities) -> dict[str, str]:
    return {
        "admin": identities.user("admin-orientacion@example.org", role="ieem_admin"),
        "moderator": identities.user("moderacion-orientacion@example.org", role="ieem_moderator"),
        "citizen": identities.user("ciudadana-orientacion@example.org", role="citizen"),
        "pfa": identities.user("editor-orientacion-pfa@example.org", role="party_editor", party_id="pfa"),
        "pfb": identities.user("editor-orientacion-pfb@example.org", role="party_editor", party_id="pfb"),
        "ind": identities.user("editor-orientacion-ind@example.org", role="party_editor", party_id="ind-uno"),
    }


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture
def api(
    small_process: ElectoralProcess, store: ElectionStore, identities: Identities, clock: Clock
) -> Iterator[Client]:
    settings = Settings(
        table_name=TABLE, user_pool_id=identities.pool.pool_id, user_pool_client_id=identities.pool.client_id
    )
    dependencies.use(
        dependencies.Dependencies(settings=settings, store=store, clock=clock, verifier=identities.verifier())
    )
    with Client(app_module.app) as client:
        yield client
    dependencies.use(None)


def call(api: Client, method: str, path: str, body: Any = None, token: str | None = None) -> tuple[int, Any]:
    headers = {**(bearer(token) if token else {}), "Content-Type": "application/json"}
    response = api.http.request(method, path, headers=headers, body=json.dumps(body) if body is not None else b"")
    return response.status_code, json.loads(response.body) if response.body else None


def statements(count: int = 22) -> list[dict[str, Any]]:
    return [
        {
            "topic": "agua" if n % 2 else "movilidad",
            "text": f"El ayuntamiento debe hacer la acción ficticia número {n}.",
            "explanation": f"Explicación neutral del tema ficticio {n}, con lo que está en juego.",
            "source": {"title": "Fuente ficticia", "url": f"https://example.org/fuente/{n}"},
        }
        for n in range(1, count + 1)
    ]


def setup_body(**changes: Any) -> dict[str, Any]:
    body = {
        "statements": statements(),
        "positions_open_at": OPENS.isoformat(),
        "positions_close_at": CLOSES.isoformat(),
        "publish_at": PUBLISHES.isoformat(),
    }
    return {**body, **changes}


def fields_of(body: dict[str, Any]) -> set[str]:
    return {f["field"] for f in body["error"]["details"]["fields"]}


ADVICE = f"/v1/processes/{PROCESS}/advice"
ADMIN_ADVICE = f"/v1/admin/processes/{PROCESS}/advice"
PARTY_ADVICE = f"/v1/party/advice/{PROCESS}"
PFA_POSITIONS = {
    "positions": [
        {"statement": 1, "stance": "agree", "justification": "Lo propusimos en nuestra plataforma ficticia."},
        {"statement": 2, "stance": "disagree", "justification": "Preferimos otra ruta."},
        {"statement": 3, "stance": "neutral"},
    ]
}


def test_1_the_institute_defines_the_statements_and_bad_setups_are_refused_naming_the_field(
    api: Client, tokens: dict[str, str], clock: Clock
) -> None:
    clock.now = BEFORE
    status, body = call(api, "GET", ADVICE)
    assert status == 404 and body["error"]["code"] == "advice_not_found"
    assert "no tiene orientación del voto" in body["error"]["message"]

    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(statements=statements(19)), tokens["admin"])
    assert status == 400 and fields_of(body) == {"statements"}
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(statements=statements(41)), tokens["admin"])
    assert status == 400 and fields_of(body) == {"statements"}
    late = (VEDA + timedelta(hours=1)).isoformat()
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(positions_close_at=late, publish_at=late), tokens["admin"])
    assert status == 400 and fields_of(body) == {"positions_close_at", "publish_at"}
    assert "antes de la veda" in json.dumps(body, ensure_ascii=False)
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(publish_at=OPENS.isoformat()), tokens["admin"])
    assert status == 400 and fields_of(body) == {"publish_at"}
    with_proposal = statements()
    with_proposal[0]["proposal_id"] = "no-existe"
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(statements=with_proposal), tokens["admin"])
    assert status == 400 and fields_of(body) == {"statements.0.proposal_id"}
    assert call(api, "GET", ADVICE)[0] == 404  # nothing was stored

    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(), tokens["admin"])
    assert status == 200, body
    assert [s["number"] for s in body["statements"]] == list(range(1, 23))
    assert body["status"] == "pending" and body["contenders"] == []
    assert body["statements"][0]["topic_label"] == "Agua"


def test_1b_a_statement_drawn_from_a_supported_proposal_is_shown_as_such(
    api: Client, store: ElectionStore, tokens: dict[str, str], clock: Clock
) -> None:
    clock.now = BEFORE
    tallies = StreamTallies(store.table.table_name)  # support counts follow from the stream, as the relay derives them
    proposals = ProposalStore(store.table)
    for n, supporters in ((1, 0), (2, 2)):
        proposal = Proposal(
            id=f"orientacion-{n}",
            process_id=PROCESS,
            ballot_id=f"{PROCESS}.ayun.001",
            place_name="Acambay",
            municipality_code="001",
            topic=Topic.AGUA,
            title=f"Propuesta ficticia {n} sobre el agua",
            problem="Un problema ficticio de agua en la colonia.",
            proposed_action="Una acción ficticia para resolverlo.",
            addressed_to=["pfa"],
            author_id=f"autora-{n}",
            author_name="Autora ficticia",
            status=ProposalStatus.PUBLISHED,
            created_at=BEFORE - timedelta(days=n),
            published_at=BEFORE - timedelta(days=n),
            fictional=True,
        )
        proposals.create(proposal, day="2026-11-01", daily_limit=10, quota_expires_at=0)
        for k in range(supporters):
            proposals.add_support(proposal.id, f"apoyo-{k}", BEFORE)

    tallies.catch_up()
    assert call(api, "GET", f"{ADMIN_ADVICE}/proposals", token=tokens["pfa"])[0] == 403
    status, body = call(api, "GET", f"{ADMIN_ADVICE}/proposals", token=tokens["admin"])
    assert status == 200 and [p["proposal_id"] for p in body["proposals"]] == ["orientacion-2", "orientacion-1"]
    assert body["proposals"][0]["supports"] == 2

    drawn = statements()
    drawn[0]["proposal_id"] = "orientacion-2"
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(statements=drawn), tokens["admin"])
    assert status == 200, body
    first = body["statements"][0]
    assert first["proposal_title"] == "Propuesta ficticia 2 sobre el agua" and first["proposal_supports"] == 2


def test_2_only_administrators_define_statements_and_only_party_editors_state_positions(
    api: Client, tokens: dict[str, str], clock: Clock
) -> None:
    clock.now = BEFORE
    assert call(api, "PUT", ADMIN_ADVICE, setup_body())[0] == 401
    for role in ("citizen", "moderator", "pfa"):
        assert call(api, "PUT", ADMIN_ADVICE, setup_body(), tokens[role])[0] == 403, role
    clock.now = DURING
    assert call(api, "PUT", PARTY_ADVICE, PFA_POSITIONS)[0] == 401
    for role in ("citizen", "moderator", "admin"):
        assert call(api, "PUT", PARTY_ADVICE, PFA_POSITIONS, tokens[role])[0] == 403, role
        assert call(api, "GET", PARTY_ADVICE, token=tokens[role])[0] == 403, role


def test_3_positions_before_the_window_opens_are_refused(api: Client, tokens: dict[str, str], clock: Clock) -> None:
    clock.now = OPENS - timedelta(microseconds=1)
    status, body = call(api, "PUT", PARTY_ADVICE, PFA_POSITIONS, tokens["pfa"])
    assert status == 409 and body["error"]["code"] == "positions_window_closed"
    assert "todavía no abre" in body["error"]["message"]
    status, view = call(api, "GET", PARTY_ADVICE, token=tokens["pfa"])
    assert status == 200 and view["editable"] is False and "todavía no abre" in view["editable_reason"]


def test_4_in_the_window_each_editor_answers_for_its_own_contender_and_the_coalition_once(
    api: Client, tokens: dict[str, str], clock: Clock
) -> None:
    clock.now = OPENS
    status, view = call(api, "PUT", PARTY_ADVICE, PFA_POSITIONS, tokens["pfa"])
    assert status == 200, view
    assert view["editable"] is True and view["contender"]["id"] == "pfa"
    assert [p["stance"] for p in view["positions"][:4]] == ["agree", "disagree", "neutral", None]
    assert view["positions"][3]["stance_label"] == "No respondió"

    clock.now = DURING
    coalition = {"contender_id": "pfb-pfc", "positions": [{"statement": 1, "stance": "disagree"}]}
    assert call(api, "PUT", PARTY_ADVICE, coalition, tokens["pfb"])[0] == 200  # a member answers for it
    status, body = call(api, "PUT", PARTY_ADVICE, coalition, tokens["pfa"])  # not a member
    assert status == 403 and body["error"]["code"] == "advice_forbidden"
    status, body = call(api, "PUT", PARTY_ADVICE, {**PFA_POSITIONS, "contender_id": "pfb"}, tokens["pfa"])
    assert status == 403 and "tu partido" in body["error"]["message"]
    independent = {"positions": [{"statement": n, "stance": "agree"} for n in range(1, 23)]}
    assert call(api, "PUT", PARTY_ADVICE, independent, tokens["ind"])[0] == 200


def test_5_bad_positions_are_400_naming_the_field_and_change_nothing(
    api: Client, tokens: dict[str, str], clock: Clock
) -> None:
    clock.now = DURING
    cases = [
        ({"positions": [{"statement": 23, "stance": "agree"}]}, "positions.0.statement", "tiene 22"),
        (
            {"positions": [{"statement": 1, "stance": "agree"}, {"statement": 1, "stance": "neutral"}]},
            "positions.1.statement",
            "más de una vez",
        ),
        ({"positions": [{"statement": 1, "stance": "maybe"}]}, "positions.0.stance", "Debe ser uno de"),
        (
            {"positions": [{"statement": 1, "stance": "agree", "justification": "x" * 501}]},
            "positions.0.justification",
            "máximo 500",
        ),
    ]
    for body, field, words in cases:
        status, answer = call(api, "PUT", PARTY_ADVICE, body, tokens["pfa"])
        assert status == 400, body
        problems = {f["field"]: f["message"] for f in answer["error"]["details"]["fields"]}
        assert field in problems and words in problems[field], problems
    view = call(api, "GET", PARTY_ADVICE, token=tokens["pfa"])[1]
    assert [p["stance"] for p in view["positions"][:3]] == ["agree", "disagree", "neutral"]


def test_6_the_setup_is_locked_once_the_window_opens(api: Client, tokens: dict[str, str], clock: Clock) -> None:
    clock.now = DURING
    status, body = call(api, "PUT", ADMIN_ADVICE, setup_body(statements=statements(30)), tokens["admin"])
    assert status == 409 and body["error"]["code"] == "advice_locked"
    assert len(call(api, "GET", ADVICE)[1]["statements"]) == 22


def test_7_positions_are_frozen_when_the_window_closes(api: Client, tokens: dict[str, str], clock: Clock) -> None:
    clock.now = CLOSES - timedelta(microseconds=1)
    last = {"positions": [*PFA_POSITIONS["positions"], {"statement": 4, "stance": "agree"}]}
    assert call(api, "PUT", PARTY_ADVICE, last, tokens["pfa"])[0] == 200
    clock.now = CLOSES
    status, body = call(api, "PUT", PARTY_ADVICE, {"positions": []}, tokens["pfa"])
    assert status == 409 and "quedaron fijas" in body["error"]["message"]
    view = call(api, "GET", PARTY_ADVICE, token=tokens["pfa"])[1]
    assert view["editable"] is False
    assert [p["stance"] for p in view["positions"][:4]] == ["agree", "disagree", "neutral", "agree"]


def test_8_nobody_is_published_before_the_instant_and_everybody_at_it(
    api: Client, tokens: dict[str, str], clock: Clock, counter: CallCounter
) -> None:
    clock.now = PUBLISHES - timedelta(microseconds=1)
    status, body = call(api, "GET", ADVICE)
    assert status == 200 and body["status"] == "pending"
    assert body["contenders"] == [] and "a la vez" in body["status_label"]
    assert "pfa" not in json.dumps(body) and "Lo propusimos" not in json.dumps(body, ensure_ascii=False)
    assert call(api, "GET", "/v1/advice")[1]["processes"] == []

    clock.now = PUBLISHES
    counter.reset()
    status, body = call(api, "GET", ADVICE)
    assert status == 200 and body["status"] == "published"
    assert len(counter.calls) == 4, counter.calls  # process+setup, process, contenders, positions
    assert "Scan" not in counter.calls
    # every contender, in ballot order, each with one entry per statement
    assert [c["contender"]["id"] for c in body["contenders"]] == ["pfa", "pfb", "pfb-pfc", "pfc", "ind-uno"]
    assert all(len(c["positions"]) == 22 for c in body["contenders"])
    by_id = {c["contender"]["id"]: c for c in body["contenders"]}
    assert by_id["pfa"]["answered"] == 4
    assert by_id["pfa"]["positions"][0]["justification"] == "Lo propusimos en nuestra plataforma ficticia."
    assert by_id["pfb-pfc"]["positions"][0]["stance"] == "disagree"
    assert by_id["ind-uno"]["answered"] == 22
    # a contender that did not answer: "No respondió" on every statement, in the same form
    assert by_id["pfc"]["answered"] == 0
    assert {p["stance_label"] for p in by_id["pfc"]["positions"]} == {"No respondió"}
    assert set(by_id["pfc"]["positions"][0]) == set(by_id["pfa"]["positions"][0])
    assert "no es una recomendación" in body["notice"]

    listed = call(api, "GET", "/v1/advice")[1]["processes"]
    assert [p["process_id"] for p in listed] == [PROCESS]


def test_9_in_the_veda_positions_stay_frozen_and_readable(api: Client, tokens: dict[str, str], clock: Clock) -> None:
    clock.now = VEDA + timedelta(hours=1)
    status, body = call(api, "PUT", PARTY_ADVICE, PFA_POSITIONS, tokens["pfa"])
    assert status == 409 and body["error"]["code"] == "positions_window_closed"
    assert call(api, "GET", ADVICE)[1]["status"] == "published"  # still readable in the veda
