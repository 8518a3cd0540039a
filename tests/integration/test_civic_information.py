"""Civic information over the API: content pages, the calendar and its feed, party platforms.

The `api` fixture's clock is 2026-11-26 18:00 UTC: the drill is in campaign and 2021 is closed.
A process in its veda at that moment is added here to walk the frozen phase.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from html.parser import HTMLParser
from typing import Any

import icalendar
import pytest
from chalice.test import Client

from chalicelib.elections.models import (
    MEXICO_CITY,
    Calendar,
    Contender,
    ContenderKind,
    ElectoralProcess,
    ProcessKind,
    Scope,
)
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import CallCounter
from tests.integration.identities import Identities

VEDA_PROCESS = "veda-prueba"
bearer = Identities.bearer


def call(
    api: Client,
    method: str,
    path: str,
    body: Any = None,
    token: str | None = None,
    headers: dict[str, str] | None = None,
) -> tuple[int, dict[str, str], Any]:
    all_headers = {**(headers or {}), **(bearer(token) if token else {})}
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    response = api.http.request(method, path, headers=all_headers, body=json.dumps(body) if body is not None else b"")
    content_type = response.headers.get("Content-Type", "")
    if response.body and content_type.startswith("application/json"):
        return response.status_code, response.headers, json.loads(response.body)
    return response.status_code, response.headers, response.body


def get(api: Client, path: str, **kwargs: Any) -> tuple[int, dict[str, str], Any]:
    return call(api, "GET", path, **kwargs)


def put(api: Client, path: str, body: Any, token: str | None = None) -> tuple[int, dict[str, str], Any]:
    return call(api, "PUT", path, body=body, token=token)


@pytest.fixture(scope="module")
def veda_process(seeded: ElectionStore) -> ElectoralProcess:
    """A fictional process whose veda is in force at the fixture's clock (election on 2026-11-28)."""
    election = date(2026, 11, 28)
    process = ElectoralProcess(
        id=VEDA_PROCESS,
        name="Proceso de prueba en veda",
        kind=ProcessKind.EXTRAORDINARY,
        is_drill=True,
        calendar=Calendar(
            process_start=date(2026, 9, 1),
            campaign_start=datetime(2026, 11, 1, tzinfo=MEXICO_CITY),
            veda_start=datetime(2026, 11, 25, tzinfo=MEXICO_CITY),
            election_day=election,
            polls_close=datetime(2026, 11, 28, 18, tzinfo=MEXICO_CITY),
            closes_at=datetime(2026, 12, 31, 23, 59, tzinfo=MEXICO_CITY),
        ),
        scope=Scope(municipalities=["001"]),
        section_map="ine2016-esc3",
    )
    contender = Contender(
        id="pfa",
        process_id=VEDA_PROCESS,
        kind=ContenderKind.PARTY,
        name="Partido Ficticio del Amanecer",
        short_name="PFA",
        ballot_order=1,
        fictional=True,
    )
    seeded.save_all([process, contender])
    return process


@pytest.fixture(scope="module")
def tokens(identities: Identities) -> dict[str, str]:
    return {
        "admin": identities.user("admin-civica@example.org", role="ieem_admin", name="Admin Cívica"),
        "citizen": identities.user("ciudadana-civica@example.org", role="citizen"),
        "moderator": identities.user("moderacion-civica@example.org", role="ieem_moderator"),
        "pfa": identities.user("editor-pfa@example.org", role="party_editor", party_id="pfa"),
        "pfr": identities.user("editor-pfr@example.org", role="party_editor", party_id="pfr"),
        "pan": identities.user("editor-pan@example.org", role="party_editor", party_id="pan"),
    }


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


def page(title: str = "Página de prueba", **changes: Any) -> dict[str, Any]:
    return {
        "title": title,
        "summary": "Resumen",
        "body_markdown": "Texto de **prueba**.",
        "status": "published",
        "sources": [{"title": "IEEM", "url": "https://www.ieem.org.mx/"}],
        **changes,
    }


# content pages ---------------------------------------------------------------------------------
def test_a_newcomer_reads_what_a_council_does_with_its_official_sources(api: Client, counter: CallCounter) -> None:
    # When a newcomer opens the shared page about councils
    counter.reset()
    status, headers, body = get(api, "/v1/content/que-hace-un-ayuntamiento")
    # Then it is published, rendered to HTML, with its sources, in one read, and cacheable
    assert status == 200
    assert counter.calls == ["GetItem"]
    assert body["title"] == "¿Qué hace un ayuntamiento?"
    assert body["process_id"] is None
    for office in ("Presidencia municipal", "Sindicatura", "Regidurías"):
        assert office in body["body_html"]
    assert "<h2>" in body["body_html"] and "<h1>" not in body["body_html"]
    assert body["sources"] and all(s["url"].startswith("https://") for s in body["sources"])
    assert body["version"] >= 1 and body["updated_at"]
    assert headers["Cache-Control"].startswith("public") and headers["ETag"]


def test_every_seeded_page_is_published_and_the_legislature_page_says_45_plus_30(api: Client) -> None:
    for slug in (
        "que-hace-un-ayuntamiento",
        "que-hace-una-diputacion-local",
        "como-votar",
        "veda-electoral",
        "como-funciona-decideieem",
        "preguntas-frecuentes",
        "2021-ord-calendario",
        "simulacro-calendario",
    ):
        status, _, body = get(api, f"/v1/content/{slug}")
        assert status == 200, slug
        assert body["sources"], slug
    _, _, legislature = get(api, "/v1/content/que-hace-una-diputacion-local")
    assert "45" in legislature["summary"] and "30" in legislature["summary"]
    _, _, voting = get(api, "/v1/content/como-votar")
    assert "8:00" in voting["body_html"] and "18:00" in voting["body_html"]
    _, _, veda = get(api, "/v1/content/veda-electoral")
    assert "No verificado" in veda["body_html"]


def test_a_process_lists_its_own_pages_then_the_shared_ones(api: Client, counter: CallCounter) -> None:
    counter.reset()
    status, _, body = get(api, "/v1/processes/2021-ord/content")
    assert status == 200
    assert len(counter.calls) == 3  # the process, its pages, the shared pages
    slugs = [p["slug"] for p in body["pages"]]
    assert slugs[0] == "2021-ord-calendario"
    assert {"que-hace-un-ayuntamiento", "como-votar", "preguntas-frecuentes"} <= set(slugs)
    assert "simulacro-calendario" not in slugs
    _, _, drill = get(api, "/v1/processes/simulacro/content")
    assert drill["pages"][0]["slug"] == "simulacro-calendario"
    assert get(api, "/v1/processes/1990-ord/content")[0] == 404


def test_admin_edits_keep_every_version_and_drafts_stay_private(api: Client, tokens: dict[str, str]) -> None:
    slug = "prueba-versiones"
    admin = tokens["admin"]
    # Given a page saved first as a draft
    status, _, first = put(api, f"/v1/admin/content/{slug}", page("Borrador", status="draft"), admin)
    assert status == 200
    assert (first["version"], first["status"], first["published_version"]) == (1, "draft", None)
    assert first["author"]["email"] == "admin-civica@example.org"
    # Then the public cannot read it nor find it in the lists
    assert get(api, f"/v1/content/{slug}")[0] == 404
    _, _, listed = get(api, "/v1/processes/simulacro/content")
    assert slug not in [p["slug"] for p in listed["pages"]]
    # When it is published
    status, _, second = put(
        api, f"/v1/admin/content/{slug}", page("Publicada", change_note="Primera publicación", base_version=1), admin
    )
    assert status == 200 and second["version"] == 2
    # Then the public reads version 2 and the shared list shows it
    status, _, public = get(api, f"/v1/content/{slug}")
    assert (status, public["title"], public["version"]) == (200, "Publicada", 2)
    _, _, listed = get(api, "/v1/processes/simulacro/content")
    assert slug in [p["slug"] for p in listed["pages"]]
    # When a later draft is saved, the public still reads the published version
    put(api, f"/v1/admin/content/{slug}", page("Nuevo borrador", status="draft", body_markdown="Cambio"), admin)
    assert get(api, f"/v1/content/{slug}")[2]["title"] == "Publicada"
    # and the admin sees the draft as the latest, with which version is public
    status, _, latest = get(api, f"/v1/admin/content/{slug}", token=admin)
    assert (status, latest["version"], latest["status"], latest["published_version"]) == (200, 3, "draft", 2)
    assert latest["body_markdown"] == "Cambio"
    # and the history keeps who changed what and when
    status, _, history = get(api, f"/v1/admin/content/{slug}/versions", token=admin)
    assert status == 200
    assert [(v["version"], v["status"], v["title"]) for v in history["versions"]] == [
        (1, "draft", "Borrador"),
        (2, "published", "Publicada"),
        (3, "draft", "Nuevo borrador"),
    ]
    assert history["versions"][1]["change_note"] == "Primera publicación"
    assert all(v["author"]["email"] == "admin-civica@example.org" and v["created_at"] for v in history["versions"])
    # An edit that started from an old version is refused instead of overwriting silently
    status, _, conflict = put(api, f"/v1/admin/content/{slug}", page(base_version=1), admin)
    assert status == 409
    assert conflict["error"]["code"] == "content_version_conflict"
    assert conflict["error"]["details"]["latest_version"] == 3


def test_a_page_moved_to_a_process_leaves_the_shared_list(api: Client, tokens: dict[str, str]) -> None:
    slug = "prueba-alcance"
    put(api, f"/v1/admin/content/{slug}", page(), tokens["admin"])
    assert slug in [p["slug"] for p in get(api, "/v1/processes/2021-ord/content")[2]["pages"]]
    put(api, f"/v1/admin/content/{slug}", page(process_id="simulacro"), tokens["admin"])
    assert slug not in [p["slug"] for p in get(api, "/v1/processes/2021-ord/content")[2]["pages"]]
    assert slug in [p["slug"] for p in get(api, "/v1/processes/simulacro/content")[2]["pages"]]


def test_markdown_with_script_or_onerror_is_served_inert(api: Client, tokens: dict[str, str]) -> None:
    hostile = (
        '<script>alert("x")</script>\n\n<img src=x onerror="alert(1)">\n\n'
        '[clic](javascript:alert(2)) ![i](x.png" onerror="alert(3))'
    )
    status, _, _ = put(api, "/v1/admin/content/prueba-hostil", page(body_markdown=hostile), tokens["admin"])
    assert status == 200
    html = get(api, "/v1/content/prueba-hostil")[2]["body_html"]
    found = elements(html)
    assert not [tag for tag, _ in found if tag in ("script", "img", "iframe")]
    assert not [attrs for _, attrs in found if any(name.startswith("on") for name in attrs)]
    assert not [attrs for tag, attrs in found if tag == "a"]


def test_content_administration_is_for_institute_administrators_only(api: Client, tokens: dict[str, str]) -> None:
    path = "/v1/admin/content/prueba-permisos"
    assert put(api, path, page())[0] == 401
    for role in ("citizen", "moderator", "pfa"):
        status, _, body = put(api, path, page(), tokens[role])
        assert status == 403, role
        assert body["error"]["code"] == "forbidden"
    assert get(api, "/v1/admin/content/como-votar")[0] == 401
    assert get(api, "/v1/admin/content/como-votar", token=tokens["citizen"])[0] == 403
    assert get(api, "/v1/admin/content/como-votar/versions", token=tokens["pfa"])[0] == 403
    assert get(api, "/v1/admin/content/no-existe", token=tokens["admin"])[0] == 404


def test_invalid_pages_are_400_naming_each_field(api: Client, tokens: dict[str, str]) -> None:
    status, _, body = put(
        api,
        "/v1/admin/content/prueba-invalida",
        page(status="archived", title="", sources=[{"title": "x", "url": "javascript:alert(1)"}]),
        tokens["admin"],
    )
    assert status == 400
    fields = {f["field"]: f["message"] for f in body["error"]["details"]["fields"]}
    assert {"status", "title", "sources.0.url"} <= set(fields)
    assert "https://" in fields["sources.0.url"]
    assert put(api, "/v1/admin/content/prueba-invalida", page(process_id="1990-ord"), tokens["admin"])[0] == 404
    status, _, body = put(api, "/v1/admin/content/Con_Mayusculas", page(), tokens["admin"])
    assert status == 400 and body["error"]["details"]["fields"][0]["field"] == "slug"


# the calendar ----------------------------------------------------------------------------------
def test_the_2021_calendar_lists_its_milestones_from_the_sources_in_spanish(api: Client) -> None:
    status, headers, body = get(api, "/v1/processes/2021-ord/calendar")
    assert status == 200
    assert headers["ETag"]
    by_code = {m["code"]: m for m in body["milestones"]}
    assert list(by_code) == [
        "process_start",
        "campaign_start",
        "veda_start",
        "election_day",
        "polls_close",
        "closes_at",
    ]
    assert by_code["campaign_start"]["label"] == "Campañas"
    assert (by_code["campaign_start"]["date"], by_code["campaign_start"]["end_date"]) == ("2021-04-30", "2021-06-02")
    assert (by_code["veda_start"]["date"], by_code["veda_start"]["end_date"]) == ("2021-06-03", "2021-06-06")
    assert by_code["election_day"]["date"] == "2021-06-06"
    assert [m["code"] for m in body["not_available"]] == ["registration_start"]
    assert body["current_phase"]["code"] == "closed"
    assert [m["code"] for m in body["milestones"] if m["current"]] == ["closes_at"]
    assert body["sources"] and body["ics_path"] == "/v1/processes/2021-ord/calendar.ics"


def test_the_drill_calendar_highlights_the_campaign(api: Client) -> None:
    status, _, body = get(api, "/v1/processes/simulacro/calendar")
    assert status == 200
    assert body["is_drill"] is True
    assert body["current_phase"] == {**body["current_phase"], "code": "campaign", "label": "Campañas"}
    assert [m["code"] for m in body["milestones"] if m["current"]] == ["campaign_start"]
    assert "registration_start" in [m["code"] for m in body["milestones"]]


def test_a_phone_can_subscribe_to_the_calendar_feed(api: Client) -> None:
    # When a phone fetches the feed
    status, headers, raw = get(api, "/v1/processes/simulacro/calendar.ics")
    # Then it is iCalendar text that a standard library parses, cacheable with an ETag
    assert status == 200
    assert headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert headers["Cache-Control"].startswith("public")
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
    assert text.startswith("BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(text)
    assert "Simulacro" in str(calendar.calendar_name)
    events = calendar.walk("VEVENT")
    _, _, data = get(api, "/v1/processes/simulacro/calendar")
    assert len(events) == len(data["milestones"])
    assert all(str(e["SUMMARY"]).startswith("[Simulacro]") for e in events)
    assert len({str(e["UID"]) for e in events}) == len(events)
    # and asking again with its ETag costs nothing
    status, _, _ = get(api, "/v1/processes/simulacro/calendar.ics", headers={"If-None-Match": headers["ETag"]})
    assert status == 304
    # An unknown process is a JSON 404 like every other route
    status, _, body = get(api, "/v1/processes/1990-ord/calendar.ics")
    assert status == 404 and body["error"]["code"] == "process_not_found"


def test_the_feed_is_documented_as_text_calendar_in_openapi(api: Client) -> None:
    document = json.loads(api.http.get("/v1/openapi.json").body)
    ok = document["paths"]["/v1/processes/{process_id}/calendar.ics"]["get"]["responses"]["200"]
    assert ok["content"] == {"text/calendar": {"schema": {"type": "string"}}}


# platforms -------------------------------------------------------------------------------------
def test_compare_two_drill_parties_on_water_side_by_side(api: Client, counter: CallCounter) -> None:
    # When a newcomer compares the drill's platforms on water
    counter.reset()
    status, _, body = get(api, "/v1/processes/simulacro/platforms?topic=agua")
    assert status == 200
    assert len(counter.calls) == 3  # the process, its platforms, its contenders
    # Then every contender is there in the printed order (the coalition after its first member,
    # independents after the parties), all fictional
    ids = [p["contender"]["id"] for p in body["platforms"]]
    assert ids[:5] == ["pfa", "pfr", "pfr-pfm", "pfm", "pfv"]
    assert ids[5:] and all(i.startswith("ind-") for i in ids[5:])
    assert all(p["fictional"] and p["contender"]["fictional"] for p in body["platforms"])
    assert body["topic"] == "agua" and body["topic_label"] == "Agua"
    assert "ficticio" in body["notice"]
    # and only their water commitments are shown, each platform keeping its total
    by_party = {p["contender"]["id"]: p for p in body["platforms"]}
    for party in ("pfa", "pfr"):
        commitments = by_party[party]["commitments"]
        assert commitments and all(c["topic"] == "agua" and c["topic_label"] == "Agua" for c in commitments)
        assert by_party[party]["commitments_total"] > len(commitments)
    assert by_party["pfv"]["commitments"] == []  # published, but nothing on water
    water = next(t for t in body["topics"] if t["code"] == "agua")
    assert water["commitments"] >= 4


def test_real_2021_platforms_are_said_not_captured_here_for_every_contender_and_never_invented(api: Client) -> None:
    status, _, body = get(api, "/v1/processes/2021-ord/platforms")
    assert status == 200
    ids = [p["contender"]["id"] for p in body["platforms"]]
    assert ids[:4] == ["pan", "pan-pri-prd", "pri", "prd"] and "pt-morena-pna" in ids
    assert sum(i.startswith("ind-") for i in ids) == 15  # independents listed like every party
    unpublished = [p for p in body["platforms"] if p["status"] == "not_captured"]
    assert len(unpublished) == len(ids)
    for platform in unpublished:
        # every party registered one with the institute: never "no publicada", which implies a refusal
        assert platform["status_label"] == "no se capturó en DecideIEEM"
        assert platform["title"] is None and platform["summary"] is None and platform["document_url"] is None
        assert platform["commitments"] == []


def test_an_unknown_topic_is_400_listing_the_catalogue(api: Client) -> None:
    status, _, body = get(api, "/v1/processes/simulacro/platforms?topic=futbol")
    assert status == 400
    (field,) = body["error"]["details"]["fields"]
    assert field["field"] == "topic" and "agua" in field["message"]
    assert get(api, "/v1/processes/1990-ord/platforms")[0] == 404


PLATFORM = {
    "title": "Plataforma del Amanecer 2026",
    "summary": "Resumen de prueba.",
    "document_url": "https://example.org/plataforma.pdf",
    "commitments": [{"topic": "agua", "text": "Reparar fugas."}, {"topic": "movilidad", "text": "Más rutas."}],
}


def test_party_editors_load_their_own_platform_during_the_campaign_only(
    api: Client, tokens: dict[str, str], veda_process: ElectoralProcess
) -> None:
    path = "/v1/party/platforms/simulacro"
    # Anonymous, citizens, moderators and administrators cannot use the party route
    assert put(api, path, PLATFORM)[0] == 401
    for role in ("citizen", "moderator", "admin"):
        assert put(api, path, PLATFORM, tokens[role])[0] == 403, role
    # An editor of another party cannot edit PFA's platform
    status, _, body = put(api, path, {**PLATFORM, "contender_id": "pfa"}, tokens["pfr"])
    assert status == 403 and body["error"]["code"] == "platform_forbidden"
    # PFA's editor can, during the campaign
    status, _, saved = put(api, path, PLATFORM, tokens["pfa"])
    assert status == 200
    assert (saved["contender"]["id"], saved["status"], saved["loaded_by"]) == ("pfa", "published", "party")
    _, _, listed = get(api, "/v1/processes/simulacro/platforms?topic=movilidad")
    pfa = next(p for p in listed["platforms"] if p["contender"]["id"] == "pfa")
    assert pfa["title"] == "Plataforma del Amanecer 2026"
    assert pfa["commitments"] == [{"topic": "movilidad", "topic_label": "Movilidad y transporte", "text": "Más rutas."}]
    # A member party's editor can edit its coalition's platform; another party's cannot
    status, _, coalition = put(api, path, {**PLATFORM, "contender_id": "pfr-pfm"}, tokens["pfr"])
    assert status == 200 and coalition["contender"]["id"] == "pfr-pfm"
    assert put(api, path, {**PLATFORM, "contender_id": "pfr-pfm"}, tokens["pfa"])[0] == 403
    # In the veda everything a party publishes is frozen: 409 naming the phase and when it ends
    status, _, body = put(api, f"/v1/party/platforms/{VEDA_PROCESS}", PLATFORM, tokens["pfa"])
    assert status == 409
    assert body["error"]["code"] == "phase_closed"
    assert "veda electoral" in body["error"]["message"] and "28 de noviembre de 2026" in body["error"]["message"]
    # In a closed process too; and a party that does not take part in a process is told so
    assert put(api, "/v1/party/platforms/2021-ord", PLATFORM, tokens["pan"])[0] == 409
    status, _, body = put(api, "/v1/party/platforms/2021-ord", PLATFORM, tokens["pfa"])
    assert status == 403 and "no participa" in body["error"]["message"]


def test_the_institute_loads_a_real_party_platform_except_in_the_veda(
    api: Client, tokens: dict[str, str], veda_process: ElectoralProcess
) -> None:
    path = "/v1/admin/processes/2021-ord/platforms/pan"
    assert put(api, path, PLATFORM)[0] == 401
    for role in ("citizen", "moderator", "pan"):
        assert put(api, path, PLATFORM, tokens[role])[0] == 403, role
    # The institute can load a 2021 platform from the official document, after the election
    status, _, saved = put(api, path, {**PLATFORM, "title": "Plataforma electoral 2021"}, tokens["admin"])
    assert status == 200 and saved["loaded_by"] == "institute" and saved["fictional"] is False
    _, _, listed = get(api, "/v1/processes/2021-ord/platforms")
    pan = next(p for p in listed["platforms"] if p["contender"]["id"] == "pan")
    assert (pan["status"], pan["title"]) == ("published", "Plataforma electoral 2021")
    # but not during the veda, and not for someone who is not running
    status, _, body = put(api, f"/v1/admin/processes/{VEDA_PROCESS}/platforms/pfa", PLATFORM, tokens["admin"])
    assert status == 409 and "veda electoral" in body["error"]["message"]
    status, _, body = put(api, "/v1/admin/processes/2021-ord/platforms/xyz", PLATFORM, tokens["admin"])
    assert status == 404 and body["error"]["code"] == "contender_not_found"


def test_a_platform_has_at_most_ten_commitments_on_catalogue_topics(api: Client, tokens: dict[str, str]) -> None:
    too_many = {**PLATFORM, "commitments": [{"topic": "agua", "text": f"Compromiso {n}"} for n in range(11)]}
    status, _, body = put(api, "/v1/party/platforms/simulacro", too_many, tokens["pfa"])
    assert status == 400 and body["error"]["details"]["fields"][0]["field"] == "commitments"
    wrong = {**PLATFORM, "commitments": [{"topic": "futbol", "text": "x"}], "document_url": "ftp://x.org/a"}
    status, _, body = put(api, "/v1/party/platforms/simulacro", wrong, tokens["pfa"])
    fields = {f["field"] for f in body["error"]["details"]["fields"]}
    assert status == 400 and fields == {"commitments.0.topic", "document_url"}
