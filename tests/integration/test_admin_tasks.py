"""The institute's remaining page tasks (issue 14): candidacies found by a person's name across a
whole process (paged, a bounded read), registry and section-map reports in plain Spanish, party
emblems uploaded to the photo bucket, and every /v1/admin route refused to every other role."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import pytest
import requests
from chalice.test import Client

from app import app
from tests.integration.identities import Identities
from tests.integration.portal_helpers import Callers, call, callers

PROCESS = "tareas-admin"
HEADER = "ine_mun,postulante_codigo,postulante_nombre,tipo_postulacion,propietario,suplente\n"
REGISTRY = (
    HEADER + "1,pfa,Partido Ficticio del Amanecer,partido,Zoila Búsqueda Uno,Marta Prueba Uno\n"
    "3,pfa,Partido Ficticio del Amanecer,partido,Rosa Prueba Dos,Zoila Busqueda Dos\n"
    "1,pfr,Partido Ficticio del Río,partido,ZOILA BUSQUEDA TRES,Juan Prueba Tres\n"
    "2,pfa-pfr,Coalición Ficticia,coalicion,Zoila Búsqueda Cuatro,Ana Prueba Cuatro\n"
)


@pytest.fixture
def who(identities: Identities) -> Callers:
    return callers(identities)


def party(name: str, short: str, order: int) -> dict[str, Any]:
    return {"kind": "party", "name": name, "short_name": short, "ballot_order": order}


@pytest.fixture
def tasks_process(api: Client, who: Callers) -> str:
    """A process of three councils, two parties and their coalition, with a registry of four slates."""
    if api.http.get(f"/v1/processes/{PROCESS}").status_code == 404:
        body = {
            "id": PROCESS,
            "name": "Proceso de prueba de tareas (ficticio)",
            "kind": "ordinary",
            "is_drill": True,
            "calendar": {
                "process_start": "2026-09-01",
                "registration_start": "2026-10-01T00:00:00-06:00",
                "campaign_start": "2026-10-20T00:00:00-06:00",
                "veda_start": "2026-12-03T00:00:00-06:00",
                "election_day": "2026-12-06",
                "polls_close": "2026-12-06T18:00:00-06:00",
                "closes_at": "2027-03-31T23:59:00-06:00",
            },
            "scope": {"municipalities": ["001", "002", "003"], "districts": []},
        }
        assert call(api, "POST", "/v1/admin/processes", who.admin, body).status_code == 201
        for cid, contender in (
            ("pfa", party("Partido Ficticio del Amanecer", "PFA", 1)),
            ("pfr", party("Partido Ficticio del Río", "PFR", 2)),
            (
                "pfa-pfr",
                {
                    "kind": "coalition",
                    "name": "Coalición Ficticia",
                    "short_name": "CF",
                    "ballot_order": 3,
                    "members": ["pfa", "pfr"],
                },
            ),
        ):
            saved = call(api, "PUT", f"/v1/admin/processes/{PROCESS}/contenders/{cid}", who.admin, contender)
            assert saved.status_code == 200, saved.body
        report = call(api, "POST", f"/v1/admin/processes/{PROCESS}/registry", who.admin, {"csv": REGISTRY})
        assert report.json_body["rows_imported"] == 4, report.body
    return PROCESS


def search(api: Client, who: Callers, q: str, **extra: Any) -> Any:
    params = "&".join(f"{k}={v}" for k, v in {"process": PROCESS, "q": q, **extra}.items())
    return call(api, "GET", f"/v1/admin/candidacies?{params}", who.admin)


def test_the_institute_finds_candidacies_by_name_accents_and_case_ignored_each_once(
    api: Client, who: Callers, tasks_process: str
) -> None:
    found = search(api, who, "zoila busqueda")
    assert found.status_code == 200, found.body
    items = found.json_body["items"]
    # owner or substitute, any case or accent; the coalition's slate once (it is indexed under
    # each member too), contenders in ballot order
    assert [i["candidacy"]["id"] for i in items] == [
        f"{PROCESS}.ayun.001.pfa",
        f"{PROCESS}.ayun.003.pfa",
        f"{PROCESS}.ayun.001.pfr",
        f"{PROCESS}.ayun.002.pfa-pfr",
    ]
    assert items[0]["place_name"] and items[0]["ballot_id"] == f"{PROCESS}.ayun.001"
    assert found.json_body["next_cursor"] is None
    assert search(api, who, "nadie con este nombre").json_body["items"] == []


def test_the_name_search_pages_without_repeating_or_skipping(api: Client, who: Callers, tasks_process: str) -> None:
    seen: list[str] = []
    cursor = None
    for _ in range(6):
        page = search(api, who, "zoila", limit=1, **({"cursor": cursor} if cursor else {})).json_body
        seen += [i["candidacy"]["id"] for i in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert len(seen) == 4 and len(set(seen)) == 4
    bad = search(api, who, "zoila", cursor="eyJwayI6eyJTIjoiT1RSTyJ9fQ")
    assert bad.status_code == 400 and bad.json_body["error"]["details"]["field"] == "cursor"


def test_a_substitution_is_found_by_the_new_name_at_once(api: Client, who: Callers, tasks_process: str) -> None:
    cid = f"{PROCESS}.ayun.003.pfa"
    body = {"status": "substituted", "owner": "Renata Sustituta Nueva", "effective_date": "2026-11-20"}
    assert call(api, "POST", f"/v1/admin/candidacies/{cid}/status", who.admin, body).status_code == 200
    found = search(api, who, "renata sustituta").json_body["items"]
    assert [i["candidacy"]["id"] for i in found] == [cid]
    assert found[0]["candidacy"]["status"] == "substituted" and "Renata" in found[0]["candidacy"]["note"]


def test_a_name_search_names_its_bad_fields_in_spanish(api: Client, who: Callers, tasks_process: str) -> None:
    short = search(api, who, "z")
    assert short.status_code == 400
    assert "q" in {f["field"] for f in short.json_body["error"]["details"]["fields"]}
    missing = call(api, "GET", "/v1/admin/candidacies?process=no-existe&q=zoila", who.admin)
    assert missing.status_code == 404


@pytest.fixture(scope="module")
def photos_bucket(aws: None) -> str:
    client = boto3.client("s3")
    if "decide-dev-photos" not in [b["Name"] for b in client.list_buckets()["Buckets"]]:
        client.create_bucket(Bucket="decide-dev-photos")
    return "decide-dev-photos"


def test_an_emblem_is_uploaded_limited_in_type_and_size_and_shown_with_the_party(
    api: Client, who: Callers, tasks_process: str, photos_bucket: str
) -> None:
    route = f"/v1/admin/processes/{PROCESS}/contenders/pfr/emblem-upload"
    bad_type = call(api, "POST", route, who.admin, {"content_type": "image/gif"})
    assert bad_type.status_code == 400
    assert {f["field"] for f in bad_type.json_body["error"]["details"]["fields"]} == {"content_type"}
    assert (
        call(
            api,
            "POST",
            "/v1/admin/processes/nada/contenders/pfr/emblem-upload",
            who.admin,
            {"content_type": "image/png"},
        ).status_code
        == 404
    )
    upload = call(api, "POST", route, who.admin, {"content_type": "image/png"})
    assert upload.status_code == 200, upload.body
    presigned = upload.json_body
    policy = json.loads(base64.b64decode(presigned["fields"]["policy"]))
    assert ["content-length-range", 1, 256 * 1024] in policy["conditions"]
    key = presigned["fields"]["key"]
    assert key.startswith(f"photos/emblems/{PROCESS}/pfr/") and key.endswith(".png")
    sent = requests.post(
        presigned["url"], data=presigned["fields"], files={"file": ("emblema.png", b"\x89PNG emblem", "image/png")}
    )
    assert sent.status_code in (200, 204), sent.text
    contender = party("Partido Ficticio del Río", "PFR", 2)
    # an address that is not this contender's upload is refused by name, and nothing changes
    elsewhere = presigned["photo_url"].replace("/pfr/", "/pfa/")
    refused = call(
        api, "PUT", f"/v1/admin/processes/{PROCESS}/contenders/pfr", who.admin, {**contender, "emblem_url": elsewhere}
    )
    assert refused.status_code == 400
    assert [f["field"] for f in refused.json_body["error"]["details"]["fields"]] == ["emblem_url"]
    saved = call(
        api,
        "PUT",
        f"/v1/admin/processes/{PROCESS}/contenders/pfr",
        who.admin,
        {**contender, "emblem_url": presigned["photo_url"]},
    )
    assert saved.status_code == 200, saved.body
    public = {c["id"]: c for c in api.http.get(f"/v1/parties?process={PROCESS}").json_body["contenders"]}
    assert public["pfr"]["emblem_url"] == presigned["photo_url"]
    assert public["pfa"]["emblem_url"] is None
    audit = call(api, "GET", f"/v1/admin/audit?entity=contender/{PROCESS}/pfr", who.admin).json_body["entries"]
    assert presigned["photo_url"] in [e["after"].get("emblem_url") for e in audit]  # the clock is fixed


def test_import_reports_give_each_reason_in_plain_spanish_and_the_map_import_is_audited(
    api: Client, who: Callers, tasks_process: str
) -> None:
    bad = HEADER + "999,pfa,PFA,partido,Ana Prueba,Bea Prueba\n1,xyz,XYZ,partido,Ana Prueba,\n"
    report = call(api, "POST", f"/v1/admin/processes/{PROCESS}/registry", who.admin, {"csv": bad}).json_body
    reasons = {(i["line"], i["field"]): i["reason"] for i in report["issues"]}
    assert reasons == {
        (2, "ine_mun"): "No existe el municipio «999»: usa el número del IEEM, de 1 a 125.",
        (3, "suplente"): "Falta el nombre de la persona suplente.",
        (3, "postulante_codigo"): "No hay ningún partido, coalición o candidatura común con la clave «xyz» en este "
        "proceso; agrégalo primero en Contendientes.",
    }
    upload = {
        "id": "tareas-admin-mapa",
        "name": "Mapa de prueba de tareas",
        "numbering": "prueba",
        "numbering_note": "Numeración de prueba",
        "source": "Prueba",
        "csv": "seccion,ine_mun,distrito_local\nx,1,1\n2,1,1\n2,1,1\n",
    }
    mapped = call(api, "POST", "/v1/admin/section-maps", who.admin, upload).json_body
    assert [i["reason"] for i in mapped["issues"]] == [
        "«x» no es un número de sección.",
        "La sección 2 también está en el renglón 3.",
    ]
    audit = call(api, "GET", "/v1/admin/audit?entity=section_map/tareas-admin-mapa", who.admin).json_body
    assert [e["action"] for e in audit["entries"]] == ["section_map.import"]
    assert audit["entries"][0]["after"]["issues"] == 2 and audit["entries"][0]["after"]["sections_written"] == 0


def admin_routes() -> list[tuple[str, str]]:
    """Every /v1/admin route of the app, with its path parameters filled in."""
    found = []
    for path, methods in app.routes.items():
        if not path.startswith("/v1/admin"):
            continue
        concrete = path
        for name in ("process_id", "contender_id", "candidacy_id", "user_id", "slug", "version", "proposal_id"):
            concrete = concrete.replace("{" + name + "}", {"version": "1", "contender_id": "pfa"}.get(name, "x"))
        assert "{" not in concrete, f"fill in the path parameter of {path}"
        found += [(method, concrete) for method in methods]
    return found


def test_every_admin_route_is_refused_to_every_other_role(api: Client, identities: Identities) -> None:
    """Walks the app's routes, so a new /v1/admin route is covered the day it is added."""
    others = {
        "citizen": identities.user("admin-walk-citizen@example.mx", role="citizen"),
        "party_editor": identities.user("admin-walk-editor@example.mx", role="party_editor", party_id="pfa"),
        "ieem_moderator": identities.user("admin-walk-moderator@example.mx", role="ieem_moderator"),
    }
    routes = admin_routes()
    assert ("GET", "/v1/admin/candidacies") in routes
    for method, path in routes:
        assert call(api, method, path, None, {}).status_code == 401, (method, path)
        for role, token in others.items():
            refused = call(api, method, path, token, {})
            assert refused.status_code == 403, (method, path, role, refused.body)
            assert refused.json_body["error"]["message"]
