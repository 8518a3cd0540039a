"""Control characters in proposal fields: refused with a field error, nothing written."""

from __future__ import annotations

import pytest
from chalice.test import Client

from tests.integration.identities import Identities
from tests.integration.test_proposals import draft, post


@pytest.mark.parametrize(
    "title",
    [
        "Agua potable\r\nBcc: todos@example.mx",
        "Agua potable\nen la colonia Centro",
        "Agua potable\x00 en la colonia Centro",
        "Agua potable \x1b[31men la colonia",
        "Agua potable\u2028en la colonia Centro",
    ],
    ids=["crlf", "lf", "nul", "esc", "line-separator"],
)
def test_a_title_with_control_characters_is_refused_naming_the_field(
    api: Client, identities: Identities, title: str
) -> None:
    token = identities.user("controles@example.mx", role="citizen")
    response = post(api, "/v1/proposals", token, draft(title=title))
    assert response.status_code == 400, response.body
    error = response.json_body["error"]
    [field] = error["details"]["fields"]
    assert field["field"] == "title" and field["code"] == "single_line_control"
    assert "«título»" in field["message"] and "una sola línea" in field["message"]
    mine = api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"]
    assert mine == []


def test_multi_line_fields_accept_line_feeds_and_refuse_other_controls(api: Client, identities: Identities) -> None:
    token = identities.user("renglones@example.mx", role="citizen")
    refused = post(
        api, "/v1/proposals", token, draft(problem="El agua llega poco.\r\nSolo dos veces por semana\tdesde enero.")
    )
    assert refused.status_code == 400, refused.body
    [field] = refused.json_body["error"]["details"]["fields"]
    assert field["field"] == "problem" and "«problema»" in field["message"]
    assert api.http.get("/v1/me/proposals", headers=Identities.bearer(token)).json_body["proposals"] == []
    accepted = post(
        api, "/v1/proposals", token, draft(problem="El agua llega poco.\nSolo dos veces por semana desde enero.")
    )
    assert accepted.status_code == 201, accepted.body
    page = api.http.get(f"/v1/proposals/{accepted.json_body['id']}").json_body
    assert page["problem"] == "El agua llega poco.\nSolo dos veces por semana desde enero."
