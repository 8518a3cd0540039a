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
