"""The API behind the "Administración" pages: every call those pages make is refused to every
role but ieem_admin, and a registry re-import says what it changed."""

from __future__ import annotations

from typing import Any

import pytest
from chalice.test import Client

from chalicelib.storage.election_store import ElectionStore
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers
from tests.integration.test_admin import PARTY, process

HEADER = "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


# Every write the admin pages send (web/src/js/pages/admin/desk.js `adminApi`), with a valid body.
ADMIN_PAGE_CALLS: list[tuple[str, str, Any]] = [
    ("POST", "/v1/admin/processes", process("paginas-admin")),
    ("PUT", "/v1/admin/processes/paginas-admin", {k: v for k, v in process("paginas-admin").items() if k != "id"}),
    ("PUT", "/v1/admin/processes/paginas-admin/contenders/pfa", PARTY),
    ("POST", "/v1/admin/processes/paginas-admin/registry", {"csv": HEADER}),
    (
        "POST",
        "/v1/admin/section-maps",
        {
            "id": "paginas-admin-mapa",
            "name": "Mapa de prueba de permisos",
            "numbering": "prueba",
            "numbering_note": "Numeración de prueba",
            "source": "Prueba de permisos",
            "csv": "seccion,ine_mun,distrito_local\n1,1,1\n",
        },
    ),
    (
        "POST",
        "/v1/admin/candidacies/simulacro.ayun.006.pfa/status",
        {"status": "cancelled", "reason": "Prueba de permisos."},
    ),
]


def test_every_call_of_the_admin_pages_is_refused_to_every_other_role_and_changes_nothing(
    api: Client, who: Callers
) -> None:
    others = {
        "anonymous": (None, 401),
        "citizen": (who.citizen, 403),
        "party_editor": (who.editor, 403),
        "ieem_moderator": (who.moderator, 403),
    }
    for method, path, body in ADMIN_PAGE_CALLS:
        for role, (token, expected) in others.items():
            refused = call(api, method, path, token, body)
            assert refused.status_code == expected, (role, method, path, refused.body)
            assert refused.json_body["error"]["message"], (role, path)
    # nothing was written by the refused calls
    assert api.http.get("/v1/processes/paginas-admin").status_code == 404
    cancelled = api.http.get("/v1/candidacies/simulacro.ayun.006.pfa").json_body["candidacy"]
    assert cancelled["status"] != "cancelled"
    # and the institute's account is admitted to each
    for method, path, body in ADMIN_PAGE_CALLS:
        admitted = call(api, method, path, who.admin, body)
        assert admitted.status_code in (200, 201), (method, path, admitted.body)


def test_a_registry_reimport_lists_what_it_added_changed_and_took_off(
    api: Client, who: Callers, seeded: ElectionStore
) -> None:
    pid = "reimporte-prueba"
    assert call(api, "POST", "/v1/admin/processes", who.admin, process(pid)).status_code == 201
    for cid, name, order in (("pfa", "Partido Ficticio del Amanecer", 1), ("pfv", "Partido Ficticio del Valle", 2)):
        body = PARTY | {"name": name, "short_name": cid.upper(), "ballot_order": order}
        assert call(api, "PUT", f"/v1/admin/processes/{pid}/contenders/{cid}", who.admin, body).status_code == 200
    first = HEADER + "1,pfa,PFA,partido,Rosa Uno,Marta Uno\n1,pfv,PFV,partido,Luis Dos,Juan Dos\n"
    report = call(api, "POST", f"/v1/admin/processes/{pid}/registry", who.admin, {"csv": first}).json_body
    assert report["unchanged"] == 0
    assert [(c["contender_id"], c["change"], c["place"]) for c in report["changes"]] == [
        ("pfa", "added", "Acambay de Ruíz Castañeda"),
        ("pfv", "added", "Acambay de Ruíz Castañeda"),
    ]
    # the same file again: nothing changed
    again = call(api, "POST", f"/v1/admin/processes/{pid}/registry", who.admin, {"csv": first}).json_body
    assert (again["unchanged"], again["changes"]) == (2, [])
    # a corrected owner, and the other party left out of the file
    second = HEADER + "1,pfa,PFA,partido,Rosa Corregida,Marta Uno\n"
    changed = call(api, "POST", f"/v1/admin/processes/{pid}/registry", who.admin, {"csv": second}).json_body
    assert changed["unchanged"] == 0
    assert [(c["contender_id"], c["change"], c["before"], c["after"]) for c in changed["changes"]] == [
        ("pfa", "changed", "Rosa Uno / Marta Uno", "Rosa Corregida / Marta Uno"),
        ("pfv", "removed", "Luis Dos / Juan Dos", None),
    ]
    ballot = seeded.get_ballot(f"{pid}.ayun.001")
    assert ballot is not None and [c.owner for c in ballot.candidacies] == ["Rosa Corregida"]
