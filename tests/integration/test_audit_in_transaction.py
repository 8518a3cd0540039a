"""Every audited write and its audit entry stand or fall together (issue 18: one mechanism, the
entry's operations in the write's own transaction).

A crash is injected into the DynamoDB client: right after the request that writes the audited item
has been answered (the process dies before doing anything else), or just before it is sent. Then the
audited item changed and its audit entry exists, or neither: never one without the other.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

import pytest
from chalice.test import Client

from chalicelib.audit.log import AuditLog, AuditQuery
from chalicelib.storage import keys
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import NOW
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers


class Crash(Exception):
    """The process stopping at an arbitrary instant (the Lambda timed out or was recycled)."""


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


@contextmanager
def crash_at(store: ElectionStore, entity: str, *, before: bool) -> Iterator[None]:
    """Crash on the first request that writes an item of `entity`: before it is sent, or once it is done."""
    events = store.table.client.meta.events
    hit = {"armed": False}

    def on_build(params: dict[str, Any], **_: Any) -> None:
        if not hit["armed"] and f'"entity": {{"S": "{entity}"}}' in json.dumps(params, default=str):
            hit["armed"] = True
            if before:
                raise Crash(entity)

    def on_answer(**_: Any) -> None:
        if hit["armed"]:
            raise Crash(entity)

    events.register("before-parameter-build.dynamodb.*", on_build, unique_id="crash-build")
    events.register("after-call.dynamodb.*", on_answer, unique_id="crash-answer")
    try:
        yield
    finally:
        events.unregister("before-parameter-build.dynamodb.*", unique_id="crash-build")
        events.unregister("after-call.dynamodb.*", unique_id="crash-answer")
    assert hit["armed"], f"no request wrote a {entity}"


def audit_entries(store: ElectionStore, entity: str) -> int:
    return len(AuditLog(store.table).query(AuditQuery(entity=entity, limit=100), NOW).entries)


def stored(store: ElectionStore, key: keys.Key) -> str | None:
    item = store.table.get(key)
    return item.doc if item else None


def attempt(send: Callable[[], Any]) -> None:
    with suppress(Crash):  # the crash reached the test client; otherwise the route answered 500
        send()


def both_or_neither(
    store: ElectionStore, entity: str, key: keys.Key, audited: str, send: Callable[[], Any]
) -> list[bool]:
    """Crash before, then after, the audited write; each time both changed or neither. Returns
    whether the write happened each time ([False, True] when all is well)."""
    happened = []
    for before in (True, False):
        doc, entries = stored(store, key), audit_entries(store, audited)
        with crash_at(store, entity, before=before):
            attempt(send)
        wrote = stored(store, key) != doc
        recorded = audit_entries(store, audited) - entries
        assert recorded == (1 if wrote else 0), f"{entity}: written={wrote}, audit entries added={recorded}"
        happened.append(wrote)
    return happened


def test_party_settings_and_their_audit_entry_are_written_together(
    api: Client, seeded: ElectionStore, who: Callers
) -> None:
    def send() -> Any:
        body = {"process": "simulacro", "addresses": ["crash-test@pfa.mx"], "mode": "digest"}
        return call(api, "PUT", "/v1/party/settings", who.editor, body)

    key = keys.party_settings("simulacro", "pfa")
    assert both_or_neither(seeded, "PartySettings", key, "party_settings/simulacro/pfa", send) == [False, True]


def test_a_party_answer_and_its_audit_entry_are_written_together(
    api: Client, seeded: ElectionStore, who: Callers
) -> None:
    proposal = {
        "ballot_id": "simulacro.ayun.001",
        "topic": "agua",
        "title": "Bebederos en las escuelas de la colonia Crash",
        "problem": "Las escuelas de la colonia no tienen bebederos con agua potable para las niñas y niños.",
        "proposed_action": "Instalar bebederos con filtro en cada escuela primaria y revisarlos cada mes.",
        "addressed_to": ["pfa"],
    }
    sent = call(api, "POST", "/v1/proposals", who.citizen, proposal)
    assert sent.status_code == 201, sent.body
    proposal_id = sent.json_body["id"]

    def send() -> Any:
        answer = {"stance": "commit", "text": "Instalaremos los bebederos durante el primer año de gobierno."}
        return call(api, "POST", f"/v1/proposals/{proposal_id}/responses", who.editor, answer)

    key = keys.response(proposal_id, "pfa")
    audited = f"proposal/{proposal_id}/response/pfa"
    assert both_or_neither(seeded, "Response", key, audited, send) == [False, True]


def test_a_platform_the_institute_loads_and_its_audit_entry_are_written_together(
    api: Client, seeded: ElectionStore, who: Callers
) -> None:
    def send() -> Any:
        platform = {
            "title": "Plataforma electoral 2021 (prueba de caída)",
            "summary": "Resumen de la plataforma tomado del documento oficial.",
            "document_url": "https://ejemplo.mx/plataforma-2021.pdf",
            "commitments": [{"topic": "agua", "text": "Reparar fugas."}],
        }
        return call(api, "PUT", "/v1/admin/processes/2021-ord/platforms/pan", who.admin, platform)

    key = keys.platform("2021-ord", "pan")
    assert both_or_neither(seeded, "Platform", key, "platform/2021-ord/pan", send) == [False, True]


def test_a_content_page_version_and_its_audit_entry_are_written_together(
    api: Client, seeded: ElectionStore, who: Callers
) -> None:
    slug = "prueba-de-caida"

    def send() -> Any:
        page = {
            "title": "Página de la prueba de caída",
            "summary": "Resumen",
            "body_markdown": "Texto de **prueba**.",
            "status": "published",
            "sources": [{"title": "IEEM", "url": "https://www.ieem.org.mx/"}],
        }
        return call(api, "PUT", f"/v1/admin/content/{slug}", who.admin, page)

    key = keys.content_version(slug, 1)
    assert both_or_neither(seeded, "ContentVersion", key, f"content/{slug}", send) == [False, True]
