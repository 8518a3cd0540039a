"""Search and statistics of published questionnaires, on the drill's seeded fictional profiles.

The expected figures are counted by hand from `decide/questionnaire_seed.PROFILES` (12 profiles):
sex 6 women, 5 men, 1 non-binary; ages 10 in 18-29, 1 in 45-59, 1 of 60+; education 5 bachelor,
3 upper secondary, 2 master, 1 technical, 1 doctorate; affirmative action 3 youth, 1 older adult;
identity answered with consent by 11, of whom 10 say youth, 1 LGBTTTIQ+, 1 indigenous, 1 older adult.
"""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from tests.integration.conftest import CallCounter
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers, fields_of


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def shares(rows: list[dict[str, Any]]) -> dict[str, int]:
    return {r["code"]: r["count"] for r in rows if r["count"]}


def search(api: Client, query: str) -> list[str]:
    response = api.http.get(f"/v1/candidacies?process=simulacro&{query}")
    assert response.status_code == 200, response.body
    return [i["candidacy_id"] for i in response.json_body["items"]]


def test_statistics_equal_the_hand_count_and_hide_small_identity_groups(api: Client) -> None:
    stats = api.http.get("/v1/processes/simulacro/candidacy-statistics").json_body
    assert stats["published"] == 12
    assert shares(stats["sex"]) == {"woman": 6, "man": 5, "non_binary": 1}
    assert shares(stats["age_range"]) == {"18-29": 10, "45-59": 1, "60+": 1}
    assert shares(stats["education"]) == {
        "bachelor": 5,
        "upper_secondary": 3,
        "master": 2,
        "technical": 1,
        "doctorate": 1,
    }
    assert shares(stats["affirmative_action"]) == {"youth": 3, "older_adult": 1}
    assert stats["identity_threshold"] == 10
    assert stats["identity_answered"] == 11
    identity = {g["group"]: g for g in stats["identity"]}
    assert identity["youth"] == {"group": "youth", "count": 10, "shown": True}
    for small in ("lgbtttiq", "indigenous", "older_adult", "migrant", "disability", "afro_mexican"):
        assert identity[small] == {"group": small, "count": None, "shown": False}, small
    # coverage in ballot order (never ranked), every contender alike
    coverage = [(c["contender_id"], c["published"]) for c in stats["coverage"]]
    orders = [c["ballot_order"] for c in stats["coverage"]]
    assert orders == sorted(orders)
    assert dict(coverage)["pfa"] == 4 and dict(coverage)["pfv"] == 4 and dict(coverage)["pfr-pfm"] == 4
    pfa = next(c for c in stats["coverage"] if c["contender_id"] == "pfa")
    assert pfa["candidacies"] == 170  # 125 councils and 45 districts in the drill


def test_every_filter_alone_and_combined(api: Client) -> None:
    women = search(api, "sex=woman")
    assert len(women) == 6
    assert search(api, "sex=woman&education=bachelor") == [
        "simulacro.ayun.102.pfa",
        "simulacro.ayun.104.pfa",
        "simulacro.ayun.104.pfr-pfm",
        "simulacro.ayun.107.pfv",
    ]
    assert len(search(api, "party=pfr")) == 4  # the coalition's candidacies are in each member's box
    assert search(api, "age_range=60%2B") == ["simulacro.ayun.103.pfr-pfm"]
    assert len(search(api, "affirmative_action=youth")) == 3
    assert len(search(api, "office=ayuntamiento&education=upper_secondary")) == 3
    assert search(api, "office=diputacion_mr") == []
    everything = search(api, "limit=50")
    assert len(everything) == 12  # by ballot, then in ballot order
    assert everything[:3] == ["simulacro.ayun.102.pfa", "simulacro.ayun.102.pfr-pfm", "simulacro.ayun.102.pfv"]
    first = api.http.get("/v1/candidacies?process=simulacro&limit=5").json_body
    rest = api.http.get(f"/v1/candidacies?process=simulacro&limit=50&cursor={first['next_cursor']}").json_body
    assert len(first["items"]) == 5 and len(rest["items"]) == 7


def test_bad_filters_are_refused_naming_the_field(api: Client) -> None:
    for query, field in [("sex=mujer", "sex"), ("education=maestria", "education"), ("age_range=20", "age_range")]:
        response = api.http.get(f"/v1/candidacies?process=simulacro&{query}")
        assert response.status_code == 400 and {
            f["field"] for f in response.json_body["error"]["details"]["fields"]
        } == {field}
    assert api.http.get("/v1/candidacies?process=no-existe").status_code == 404
    assert api.http.get("/v1/processes/no-existe/candidacy-statistics").status_code == 404


def test_a_republication_moves_the_counts_once(api: Client, who: Callers, identities: Identities) -> None:
    cid = "simulacro.ayun.102.pfa"  # seeded: a woman, 24, bachelor
    editor = who.editor
    current = call(api, "GET", f"/v1/party/candidacies/{cid}/profile", editor).json_body
    body = {**current["content"], "sex": "man"}
    body.pop("questionnaire_version")
    saved = call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", editor, body)
    assert saved.status_code == 200, saved.body
    version = saved.json_body["version"]
    call(api, "POST", f"/v1/party/candidacies/{cid}/profile/submit", editor, {"version": version})
    # not yet published: the public figures have not moved, and the candidate's own consent is
    # untouched by the party's edit (only the candidate's link withdraws it)
    early = api.http.get("/v1/processes/simulacro/candidacy-statistics").json_body
    assert shares(early["sex"])["woman"] == 6
    assert next(g for g in early["identity"] if g["group"] == "youth") == {
        "group": "youth",
        "count": 10,
        "shown": True,
    }
    decided = call(
        api, "POST", f"/v1/review/profiles/{cid}", who.moderator, {"decision": "published", "version": version}
    )
    assert decided.status_code == 200, decided.body
    stats = api.http.get("/v1/processes/simulacro/candidacy-statistics").json_body
    assert shares(stats["sex"]) == {"woman": 5, "man": 6, "non_binary": 1}
    assert stats["published"] == 12 and shares(stats["education"])["bachelor"] == 5
    assert stats["identity_answered"] == 11  # counted once, not again at the publication
    assert cid not in search(api, "sex=woman") and cid in search(api, "sex=man")
    # publishing the same decision again is refused: nothing counted twice
    again = call(
        api, "POST", f"/v1/review/profiles/{cid}", who.moderator, {"decision": "published", "version": version}
    )
    assert again.status_code == 409
    assert shares(api.http.get("/v1/processes/simulacro/candidacy-statistics").json_body["sex"])["man"] == 6
    assert fields_of(call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", editor, {**body, "sex": "x"})) == {"sex"}


def test_dynamodb_calls_do_not_grow_with_the_data(api: Client, who: Callers, counter: CallCounter) -> None:
    def calls(path: str) -> list[str]:
        counter.reset()
        assert api.http.get(path).status_code == 200
        return list(counter.calls)

    paths = [
        "/v1/candidacies?process=simulacro&sex=woman",
        "/v1/candidacies?process=simulacro&sex=woman&education=bachelor&office=ayuntamiento",
        "/v1/candidacies?process=simulacro&party=pfv&age_range=18-29",
        "/v1/processes/simulacro/candidacy-statistics",
    ]
    before = [calls(p) for p in paths]
    assert before[0] == ["GetItem", "Query"]
    assert before[1] == ["GetItem", "GetItem", "Query"]
    # three more published profiles
    for ballot in ("simulacro.ayun.110", "simulacro.ayun.111", "simulacro.ayun.112"):
        cid = f"{ballot}.pfv"
        body = {"sex": "woman", "age": 30, "education_level": "bachelor", "proposals": ["Propuesta ficticia."]}
        assert call(api, "PUT", f"/v1/party/candidacies/{cid}/profile", who.other_editor, body).status_code == 200
        call(api, "POST", f"/v1/party/candidacies/{cid}/profile/submit", who.other_editor, {"version": 1})
        decision = {"decision": "published", "version": 1}
        assert call(api, "POST", f"/v1/review/profiles/{cid}", who.moderator, decision).status_code == 200
    after = [calls(p) for p in paths]
    assert after == before
    assert len(search(api, "sex=woman&limit=50")) == 8  # 5 seeded (one republished as a man) and 3 more


def test_open_data_gains_the_published_questionnaire_and_identity_only_in_aggregate(api: Client) -> None:
    data = api.http.get("/v1/open-data/simulacro/candidacies.json").json_body
    names = [c["name"] for c in data["columns"]]
    assert names[-5:] == [
        "questionnaire_published_at",
        "owner_sex",
        "owner_age_range",
        "owner_education_level",
        "affirmative_action",
    ]
    assert not any("identity" in n or n in ("indigenous", "lgbtttiq", "disability") for n in names)
    rows = {r["candidacy_id"]: r for r in data["rows"]}
    seeded = rows["simulacro.ayun.103.pfr-pfm"]
    assert seeded["owner_age_range"] == "60+" and seeded["owner_education_level"] == "doctorate"
    assert seeded["affirmative_action"] == "older_adult" and seeded["questionnaire_published_at"]
    unpublished = rows["simulacro.ayun.001.pfv"]
    assert unpublished.get("owner_sex") is None and unpublished.get("questionnaire_published_at") is None
    text = api.http.get("/v1/open-data/simulacro/candidacies.csv").body.decode()
    assert text.splitlines()[0].endswith("owner_education_level,affirmative_action")
