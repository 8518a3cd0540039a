"""Shared helpers of the party-portal and administration tests: callers in every role, requests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalice.test import Client

from tests.integration.identities import Identities


@dataclass(frozen=True)
class Callers:
    citizen: str
    editor: str  # party_editor of pfa
    other_editor: str  # party_editor of pfv
    moderator: str
    admin: str


def callers(identities: Identities) -> Callers:
    return Callers(
        citizen=identities.user("ciudadana@example.mx", role="citizen", name="Ana"),
        editor=identities.user("editor-pfa@example.mx", role="party_editor", party_id="pfa", name="Editor PFA"),
        other_editor=identities.user("editor-pfv@example.mx", role="party_editor", party_id="pfv", name="Editor PFV"),
        moderator=identities.user("moderacion@example.mx", role="ieem_moderator", name="Moderación"),
        admin=identities.user("admin@example.mx", role="ieem_admin", name="Administración"),
    )


def call(api: Client, method: str, path: str, token: str | None = None, body: Any = None) -> Any:
    headers = {"Content-Type": "application/json"} if body is not None else {}
    if token:
        headers.update(Identities.bearer(token))
    payload = json.dumps(body) if body is not None else None
    return getattr(api.http, method.lower())(path, headers=headers, body=payload)


def fields_of(response: Any) -> set[str]:
    return {f["field"] for f in response.json_body["error"]["details"]["fields"]}


def publish_profile(api: Client, who: Callers, candidacy_id: str) -> Any:
    """The party sends its saved profile to review and an institute reviewer publishes it."""
    editor = who.editor if candidacy_id.endswith(".pfa") else who.other_editor
    version = call(api, "GET", f"/v1/review/profiles/{candidacy_id}", who.moderator).json_body["version"]
    submitted = call(api, "POST", f"/v1/party/candidacies/{candidacy_id}/profile/submit", editor, {"version": version})
    assert submitted.status_code == 200, submitted.body
    body = {"decision": "published", "version": version}
    published = call(api, "POST", f"/v1/review/profiles/{candidacy_id}", who.moderator, body)
    assert published.status_code == 200, published.body
    return published.json_body
