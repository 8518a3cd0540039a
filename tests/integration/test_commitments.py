"""Commitments followed through the term (issue 16), over the drill moved to its results phase with an
injected clock: the winner's "commit" answers become follow-up items, the office-holder's party
reports progress (evidence required for cumplido), the institute moderates, citizens agree once,
authors and supporters are emailed once per update, and a passed due date turns an item "vencido"."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.mail import read_mailbox
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from decide.event_pump import pump_for_app, scheduled_event
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities

LOCAL = ZoneInfo("America/Mexico_City")
AFTER_COUNT = datetime(2026, 12, 17, 12, 0, tzinfo=LOCAL)  # the drill's polls closed 2026-12-16 18:00
BALLOT = "simulacro.ayun.003"
RESULTS = "ine_mun,pfa,pfv,ganador\n3,5200,1900,pfa\n"
TITLE = "Rampas en las banquetas del mercado"


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def fan_out(seeded: ElectionStore, identities: Identities) -> None:
    bootstrap(StackNames(stage="dev", table=TABLE))


@pytest.fixture(scope="module")
def wired(
    fan_out: None, seeded: ElectionStore, identities: Identities, tmp_path_factory: Any
) -> Iterator[dict[str, Any]]:
    clock = Clock(NOW)
    mailbox = str(Path(tmp_path_factory.mktemp("commitments")) / "mailbox")
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=bootstrap(StackNames(stage="dev", table=TABLE)).topic_arn,
        local_mailbox_dir=mailbox,
    )
    wire_with_faults(settings, seeded, identities.verifier(), clock, Faults("Publish"), Faults("SendRawEmail"))
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield {"api": client, "pump": pump, "clock": clock, "mailbox": mailbox}
    dependencies.use(None)


@pytest.fixture(scope="module")
def people(identities: Identities) -> dict[str, str]:
    return {
        "author": identities.user("cumple-autora@example.mx", role="citizen"),
        "supporter": identities.user("cumple-apoyo@example.mx", role="citizen"),
        "neighbour": identities.user("cumple-vecina@example.mx", role="citizen"),
        "editor": identities.user("cumple-editor@pfa.mx", role="party_editor", party_id="pfa"),
        "other_editor": identities.user("cumple-editor@pfv.mx", role="party_editor", party_id="pfv"),
        "moderator": identities.user("cumple-moderacion@ieem.mx", role="ieem_moderator"),
        "admin": identities.user("cumple-admin@ieem.mx", role="ieem_admin"),
    }


def send(api: Client, method: str, path: str, token: str | None, body: dict[str, Any] | None = None) -> Any:
    headers = {"Content-Type": "application/json", **(Identities.bearer(token) if token else {})}
    return getattr(api.http, method)(path, headers=headers, body=json.dumps(body) if body is not None else None)


def ok(response: Any) -> Any:
    assert response.status_code in (200, 201), response.body
    return response.json_body


def emails(mailbox: str, address: str, about: str) -> list[dict[str, Any]]:
    return [m for m in read_mailbox(mailbox) if m["to"] == address and about in m["text"] + m["subject"]]


@pytest.fixture(scope="module")
def followed(wired: dict[str, Any], people: dict[str, str]) -> dict[str, Any]:
    """In campaign a neighbour proposes, another supports, PFA commits; after the count PFA wins."""
    api, pump, clock = wired["api"], wired["pump"], wired["clock"]
    proposal = ok(
        send(
            api,
            "post",
            "/v1/proposals",
            people["author"],
            {
                "ballot_id": BALLOT,
                "topic": "movilidad",
                "title": TITLE,
                "problem": "Las personas en silla de ruedas no pueden subir a las banquetas frente al mercado.",
                "proposed_action": "Construir rampas con la pendiente de la norma en las cuatro esquinas del mercado.",
                "addressed_to": ["pfa"],
            },
        )
    )
    ok(send(api, "put", f"/v1/proposals/{proposal['id']}/support", people["supporter"]))
    answer = {"stance": "commit", "text": "Construiremos las rampas del mercado en el primer año de gobierno."}
    ok(send(api, "post", f"/v1/proposals/{proposal['id']}/responses", people["editor"], answer))
    pump.drain(timeout=30)
    clock.now = AFTER_COUNT
    report = ok(send(api, "post", "/v1/admin/processes/simulacro/results", people["admin"], {"csv": RESULTS}))
    pump.drain(timeout=30)
    listing = ok(send(api, "get", f"/v1/ballots/{BALLOT}/commitments", None))
    item = next(c for c in listing["commitments"] if c["proposal_id"] == proposal["id"])
    return {"proposal": proposal, "report": report, "listing": listing, "item": item}


def test_the_winners_commit_answers_and_platform_become_follow_up_items(
    wired: dict[str, Any], followed: dict[str, Any]
) -> None:
    report, listing, item = followed["report"], followed["listing"], followed["item"]
    assert report["issues"] == [] and report["commitments_followed"] == len(listing["commitments"])
    assert listing["winner_contender_id"] == "pfa"
    assert {c["contender_id"] for c in listing["commitments"]} == {"pfa"}
    origins = [c["origin"] for c in listing["commitments"]]
    assert origins.count("platform") == 5 and "answer" in origins  # PFA's fictional platform has 5
    assert item["status"] == "not_started" and item["status_label"] == "sin avance"
    assert item["due_date"] == "2029-12-31" and item["due_date_given"] is False  # end of the council's term
    assert item["title"] == TITLE and item["fictional"] is True
    assert any("no califica" in line for line in listing["method"])
    assert listing["status_labels"]["partly_fulfilled"] == "cumplido en parte"


def test_a_reimport_of_the_results_creates_no_item_twice(
    wired: dict[str, Any], people: dict[str, str], followed: dict[str, Any]
) -> None:
    api = wired["api"]
    report = ok(send(api, "post", "/v1/admin/processes/simulacro/results", people["admin"], {"csv": RESULTS}))
    assert report["commitments_followed"] == 0
    listing = ok(send(api, "get", f"/v1/ballots/{BALLOT}/commitments", None))
    assert len(listing["commitments"]) == len(followed["listing"]["commitments"])


def test_the_author_is_told_once_that_the_proposal_became_a_commitment(
    wired: dict[str, Any], followed: dict[str, Any]
) -> None:
    wired["pump"].drain(timeout=30)
    told = emails(wired["mailbox"], "cumple-autora@example.mx", "compromiso en seguimiento")
    assert len(told) == 1 and TITLE in told[0]["subject"]
    assert "Simulacro" in told[0]["text"] or "simulacro" in told[0]["text"].lower()


def test_cumplido_without_evidence_is_refused_naming_the_field_and_nothing_changes(
    wired: dict[str, Any], people: dict[str, str], followed: dict[str, Any]
) -> None:
    api, item = wired["api"], followed["item"]
    path = f"/v1/party/commitments/{item['id']}/updates"
    for status in ("fulfilled", "partly_fulfilled"):
        refused = send(api, "post", path, people["editor"], {"status": status, "note": "Ya quedó."})
        assert refused.status_code == 400
        error = refused.json_body["error"]
        assert error["details"]["field"] == "evidence_url" and "enlace de evidencia" in error["message"]
    plain_http = send(
        api, "post", path, people["editor"], {"status": "fulfilled", "note": "Ya.", "evidence_url": "http://x.mx/a"}
    )
    assert plain_http.status_code == 400
    assert plain_http.json_body["error"]["details"]["fields"][0]["field"] == "evidence_url"
    overdue = send(api, "post", path, people["editor"], {"status": "overdue", "note": "Se venció."})
    assert overdue.status_code == 400 and overdue.json_body["error"]["details"]["field"] == "status"
    assert send(api, "post", path, people["other_editor"], {"status": "in_progress", "note": "x"}).status_code == 403
    view = ok(send(api, "get", f"/v1/commitments/{item['id']}", None))
    assert view["status"] == "not_started" and view["updates"] == []


def test_progress_is_published_moderated_and_emailed_once_per_update(
    wired: dict[str, Any], people: dict[str, str], followed: dict[str, Any]
) -> None:
    api, pump, mailbox, item = wired["api"], wired["pump"], wired["mailbox"], followed["item"]
    path = f"/v1/party/commitments/{item['id']}/updates"
    progress = ok(
        send(api, "post", path, people["editor"], {"status": "in_progress", "note": "Proyecto ejecutivo listo."})
    )
    assert progress["status"] == "in_progress" and progress["updates"][0]["status_label"] == "en proceso"
    pump.drain(timeout=30)
    for address in ("cumple-autora@example.mx", "cumple-apoyo@example.mx"):
        assert len(emails(mailbox, address, "Proyecto ejecutivo listo.")) == 1

    evidence = "https://ayuntamiento.example.mx/actas/cabildo-12.pdf"
    body = {"status": "fulfilled", "note": "Rampas terminadas, acta de cabildo.", "evidence_url": evidence}
    held = ok(send(api, "post", path, people["editor"], body))
    assert held["status"] == "in_progress"  # the link waits for the institute's review
    pump.drain(timeout=30)
    assert emails(mailbox, "cumple-autora@example.mx", "Rampas terminadas") == []
    queue = ok(send(api, "get", "/v1/moderation/commitment-updates", people["moderator"]))["updates"]
    pending = next(u for u in queue if u["commitment_id"] == item["id"])
    assert pending["hold_reasons"] == ["evidence_link"]
    decide_path = f"/v1/moderation/commitments/{item['id']}/updates/{pending['id']}"
    published = ok(send(api, "post", decide_path, people["moderator"], {"decision": "published"}))
    assert published["status"] == "fulfilled" and published["status_label"] == "cumplido"
    assert [u["evidence_url"] for u in published["updates"] if u["status"] == "fulfilled"] == [evidence]
    assert send(api, "post", decide_path, people["moderator"], {"decision": "published"}).status_code == 409
    pump.drain(timeout=30)
    pump.drain(timeout=30)
    for address in ("cumple-autora@example.mx", "cumple-apoyo@example.mx"):
        sent = emails(mailbox, address, "Rampas terminadas")
        assert len(sent) == 1 and evidence in sent[0]["text"] and "cumplido" in sent[0]["subject"]


def test_a_citizen_agrees_once_and_the_counts_come_from_the_stream(
    wired: dict[str, Any], people: dict[str, str], followed: dict[str, Any]
) -> None:
    api, pump, item = wired["api"], wired["pump"], followed["item"]
    path = f"/v1/commitments/{item['id']}/verdict"
    assert ok(send(api, "put", path, people["neighbour"], {"verdict": "agree"}))["verdict"] == "agree"
    second = send(api, "put", path, people["neighbour"], {"verdict": "disagree"})
    assert second.status_code == 409 and second.json_body["error"]["code"] == "verdict_already_given"
    ok(send(api, "put", path, people["supporter"], {"verdict": "disagree"}))
    assert send(api, "put", path, None, {"verdict": "agree"}).status_code == 401
    assert send(api, "put", path, people["editor"], {"verdict": "agree"}).status_code == 403
    assert send(api, "put", path, people["author"], {"verdict": "tal vez"}).status_code == 400
    pump.drain(timeout=30)
    view = ok(send(api, "get", f"/v1/commitments/{item['id']}", None))
    assert (view["agree"], view["disagree"]) == (1, 1)


def test_unsettled_items_turn_vencido_after_their_due_date_by_the_scheduled_job(
    wired: dict[str, Any], followed: dict[str, Any]
) -> None:
    api, clock = wired["api"], wired["clock"]
    clock.now = datetime(2029, 12, 31, 23, 0, tzinfo=LOCAL)  # the due date itself: not yet
    assert app_module.mark_overdue_commitments(scheduled_event(), None) == {"marked": 0}
    clock.now = datetime(2030, 1, 1, 0, 30, tzinfo=LOCAL)
    marked = app_module.mark_overdue_commitments(scheduled_event(), None)["marked"]
    listing = ok(send(api, "get", f"/v1/ballots/{BALLOT}/commitments", None))
    statuses = {c["id"]: c["status"] for c in listing["commitments"]}
    assert statuses[followed["item"]["id"]] == "fulfilled"  # settled before the date: stays
    assert marked == len(statuses) - 1 and set(statuses.values()) == {"fulfilled", "overdue"}
    assert listing["counts"]["overdue"] == marked
    assert app_module.mark_overdue_commitments(scheduled_event(), None) == {"marked": 0}  # once


def test_every_commitments_route_admits_only_its_roles(
    wired: dict[str, Any], people: dict[str, str], followed: dict[str, Any]
) -> None:
    api, item = wired["api"], followed["item"]
    roles = {
        "anonymous": None,
        "citizen": people["author"],
        "office_holder": people["editor"],
        "other_editor": people["other_editor"],
        "moderator": people["moderator"],
        "admin": people["admin"],
    }
    update = {"status": "in_progress", "note": "Recorrido de permisos."}
    expected = [
        ("get", f"/v1/ballots/{BALLOT}/commitments", None, dict.fromkeys(roles, 200)),
        ("get", f"/v1/commitments/{item['id']}", None, dict.fromkeys(roles, 200)),
        (
            "post",
            f"/v1/party/commitments/{item['id']}/updates",
            update,
            {"anonymous": 401, "citizen": 403, "office_holder": 200, "other_editor": 403, "moderator": 403,
             "admin": 403},
        ),
        (
            "get",
            "/v1/moderation/commitment-updates",
            None,
            {"anonymous": 401, "citizen": 403, "office_holder": 403, "other_editor": 403, "moderator": 200,
             "admin": 200},
        ),
        (
            "post",
            f"/v1/moderation/commitments/{item['id']}/updates/nada",
            {"decision": "published"},
            {"anonymous": 401, "citizen": 403, "office_holder": 403, "other_editor": 403, "moderator": 404,
             "admin": 404},
        ),
        (
            "put",
            f"/v1/commitments/{item['id']}/verdict",
            {"verdict": "agree"},
            {"anonymous": 401, "citizen": 200, "office_holder": 403, "other_editor": 403, "moderator": 403,
             "admin": 403},
        ),
    ]  # fmt: skip
    walked = {
        (method, path): {role: send(api, method, path, token, body).status_code for role, token in roles.items()}
        for method, path, body, _ in expected
    }
    assert walked == {(method, path): statuses for method, path, _, statuses in expected}


def test_open_data_has_every_item_and_every_published_update_without_people(
    wired: dict[str, Any], followed: dict[str, Any]
) -> None:
    api, item = wired["api"], followed["item"]
    items = ok(send(api, "get", "/v1/open-data/simulacro/commitments.json", None))
    row = next(r for r in items["rows"] if r["commitment_id"] == item["id"])
    # the last update published (the role walk's "en proceso") is the item's status
    assert row["status_label"] == "en proceso" and row["proposal_id"] == followed["proposal"]["id"]
    assert (row["agree"], row["disagree"]) == (1, 1)
    assert len(items["rows"]) == len(followed["listing"]["commitments"])
    updates = ok(send(api, "get", "/v1/open-data/simulacro/commitment-updates.json", None))["rows"]
    mine = [u for u in updates if u["commitment_id"] == item["id"]]
    assert sorted(u["status"] for u in mine) == ["fulfilled", "in_progress", "in_progress"]
    reviewed = next(u for u in mine if u["status"] == "fulfilled")
    assert reviewed["evidence_url"].startswith("https://") and reviewed["published_at"]
    assert "cumple-" not in json.dumps(updates)  # no person, only the party
    csv_text = send(api, "get", "/v1/open-data/simulacro/commitments.csv", None).body.decode()
    assert csv_text.splitlines()[0].startswith("commitment_id,process_id,ballot_id")


def test_unknown_commitments_and_ballots_are_404(wired: dict[str, Any]) -> None:
    api = wired["api"]
    assert send(api, "get", "/v1/commitments/nada", None).status_code == 404
    assert send(api, "get", "/v1/ballots/simulacro.ayun.999/commitments", None).status_code == 404
    none_yet = ok(send(api, "get", "/v1/ballots/2021-ord.ayun.001/commitments", None))
    assert none_yet["commitments"] == [] and "Aún no hay compromisos" in none_yet["notice"]
