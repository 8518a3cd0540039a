"""The HTTP edge: validated queries, cacheable 200s with ETags, 304s, and errors as Spanish JSON.

A throwaway Chalice app is driven in-process by `chalice.test.Client` (no sockets).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from chalice import Chalice
from chalice.test import Client
from pydantic import BaseModel, ConfigDict, Field

from chalicelib.api.routing import HttpApi, strong_etag
from chalicelib.auth.principal import AuthenticationError, Principal
from chalicelib.elections.public import NotFoundError
from chalicelib.messages import text

pytestmark = pytest.mark.filterwarnings("ignore:No application metrics to publish")

CACHE_SECONDS = 60
SECRET = "the-secret-stack-detail-42"


class Greeting(BaseModel):
    municipio: str
    seccion: int | None = None


class GreetingQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    section: int = Field(ge=1, le=99999)


class WidgetNotFoundError(NotFoundError):
    code = "widget_not_found"


def refuse_everyone(authorization: str | None) -> Principal:
    raise AuthenticationError(text("auth.missing"))


def build_app() -> Chalice:
    app = Chalice(app_name="edge-test")
    api = HttpApi(app, cache_seconds=lambda: CACHE_SECONDS, authenticate=refuse_everyone)

    @api.get("/hello", response=Greeting, summary="s", tag="t")
    def hello() -> Greeting:
        return Greeting(municipio="Toluca")

    @api.get("/things/{thing_id}", response=Greeting, summary="s", tag="t", errors=(404,))
    def thing(thing_id: str) -> Greeting:
        return Greeting(municipio=thing_id)

    @api.get("/by-section", response=Greeting, query=GreetingQuery, summary="s", tag="t")
    def by_section(query: GreetingQuery) -> Greeting:
        return Greeting(municipio="Ecatepec", seccion=query.section)

    @api.get("/uncached", response=Greeting, summary="s", tag="t", cacheable=False)
    def uncached() -> Greeting:
        return Greeting(municipio="Atlautla")

    @api.get("/missing", response=Greeting, summary="s", tag="t", errors=(404,))
    def missing() -> Greeting:
        raise WidgetNotFoundError("No existe el widget «w1».", {"field": "widget"})

    @api.get("/boom", response=Greeting, summary="s", tag="t")
    def boom() -> Greeting:
        raise RuntimeError(SECRET)

    return app


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    with Client(build_app(), project_dir=str(tmp_path)) as test_client:
        yield test_client


def header(response: object, name: str) -> str | None:
    headers = {k.lower(): v for k, v in response.headers.items()}  # type: ignore[attr-defined]
    return headers.get(name.lower())


def assert_error_shape(response: object, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status  # type: ignore[attr-defined]
    assert header(response, "Cache-Control") == "no-store"
    assert (header(response, "Content-Type") or "").startswith("application/json")
    assert header(response, "ETag") is None
    body = json.loads(response.body)  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert isinstance(body["error"]["message"], str) and body["error"]["message"]
    return body["error"]  # type: ignore[no-any-return]


# --- 200 and caching ---------------------------------------------------------------------------------


def test_a_public_read_returns_its_model_as_json_with_a_strong_etag_and_public_cache(client: Client) -> None:
    # when a public GET succeeds
    response = client.http.get("/hello")
    # then the body is the model, with a quoted strong ETag and a public max-age
    assert response.status_code == 200
    assert response.json_body == {"municipio": "Toluca", "seccion": None}
    etag = header(response, "ETag")
    assert etag is not None
    assert etag.startswith('"') and etag.endswith('"') and not etag.startswith("W/")
    assert etag == strong_etag(response.body.decode())
    cache = header(response, "Cache-Control") or ""
    assert "public" in cache
    assert f"max-age={CACHE_SECONDS}" in cache
    assert (header(response, "Content-Type") or "").startswith("application/json")


def test_the_etag_changes_when_the_body_changes_and_not_otherwise(client: Client) -> None:
    first = header(client.http.get("/things/toluca"), "ETag")
    again = header(client.http.get("/things/toluca"), "ETag")
    other = header(client.http.get("/things/metepec"), "ETag")
    assert first == again
    assert first != other


def test_a_current_etag_in_if_none_match_gets_304_with_an_empty_body(client: Client) -> None:
    # given the ETag of a first read
    etag = header(client.http.get("/hello"), "ETag")
    assert etag
    # when the client revalidates with it
    response = client.http.get("/hello", headers={"If-None-Match": etag})
    # then it gets 304, no body, and the same validator and cache headers
    assert response.status_code == 304
    assert response.body in (b"", "")
    assert header(response, "ETag") == etag
    assert f"max-age={CACHE_SECONDS}" in (header(response, "Cache-Control") or "")


def test_a_current_etag_among_several_in_if_none_match_gets_304(client: Client) -> None:
    etag = header(client.http.get("/hello"), "ETag")
    response = client.http.get("/hello", headers={"If-None-Match": f'"stale-one", {etag}'})
    assert response.status_code == 304


def test_a_stale_etag_in_if_none_match_gets_the_full_body(client: Client) -> None:
    # when the client revalidates with an ETag of another version
    response = client.http.get("/hello", headers={"If-None-Match": '"0123456789abcdef"'})
    # then it gets the body again with the current ETag
    assert response.status_code == 200
    assert response.json_body["municipio"] == "Toluca"
    assert header(response, "ETag") != '"0123456789abcdef"'


def test_if_none_match_star_gets_304(client: Client) -> None:
    response = client.http.get("/hello", headers={"If-None-Match": "*"})
    assert response.status_code == 304
    assert response.body in (b"", "")


def test_a_route_marked_not_cacheable_says_no_cache(client: Client) -> None:
    response = client.http.get("/uncached")
    assert response.status_code == 200
    cache = header(response, "Cache-Control") or ""
    assert "public" not in cache
    assert "max-age" not in cache


def test_a_valid_query_reaches_the_handler_as_a_model(client: Client) -> None:
    response = client.http.get("/by-section?section=4567")
    assert response.status_code == 200
    assert response.json_body == {"municipio": "Ecatepec", "seccion": 4567}


# --- 400 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["section=abc", "section=0", "section=100000", ""])
def test_a_bad_query_gets_400_naming_the_field_in_spanish(client: Client, query: str) -> None:
    # when the section is missing, not a number or out of bounds
    response = client.http.get(f"/by-section?{query}" if query else "/by-section")
    # then the error names the field, with messages for people in Spanish
    error = assert_error_shape(response, 400, "invalid_request")
    assert error["message"] == text("invalid_request")
    assert error["message"] == "La solicitud tiene datos inválidos."
    fields = error["details"]["fields"]  # type: ignore[index]
    assert [f["field"] for f in fields] == ["section"]
    assert set(fields[0]) == {"field", "code", "message"}
    assert fields[0]["message"].startswith(("Debe", "Este campo"))


def test_an_out_of_bounds_section_message_states_the_bound(client: Client) -> None:
    response = client.http.get("/by-section?section=0")
    field = json.loads(response.body)["error"]["details"]["fields"][0]
    assert field["code"] == "greater_than_equal"
    assert field["message"] == "Debe ser mayor o igual que 1."


def test_an_unknown_query_parameter_on_a_route_without_query_is_refused_by_name(client: Client) -> None:
    # when a parameter is sent to a route that takes none
    response = client.http.get("/hello?seccion=12")
    # then it is refused, naming the parameter
    error = assert_error_shape(response, 400, "invalid_request")
    fields = error["details"]["fields"]  # type: ignore[index]
    assert [f["field"] for f in fields] == ["seccion"]
    assert fields[0]["code"] == "extra_forbidden"
    assert fields[0]["message"] == "Este parámetro no se reconoce."


def test_an_unknown_parameter_next_to_a_valid_query_is_refused_by_name(client: Client) -> None:
    response = client.http.get("/by-section?section=5&page=2")
    error = assert_error_shape(response, 400, "invalid_request")
    assert [f["field"] for f in error["details"]["fields"]] == ["page"]  # type: ignore[index]


# --- domain errors and crashes -----------------------------------------------------------------------


def test_a_not_found_domain_error_gets_404_with_its_code_message_and_details(client: Client) -> None:
    response = client.http.get("/missing")
    error = assert_error_shape(response, 404, "widget_not_found")
    assert error["message"] == "No existe el widget «w1»."
    assert error["details"] == {"field": "widget"}


def test_an_unexpected_exception_gets_500_without_leaking_the_traceback(client: Client) -> None:
    # when a handler crashes with a plain exception
    response = client.http.get("/boom")
    # then the caller gets a generic Spanish 500, with nothing from the exception
    error = assert_error_shape(response, 500, "internal_error")
    assert error["message"] == text("internal_error")
    body = response.body.decode()
    assert SECRET not in body
    assert "Traceback" not in body
    assert "RuntimeError" not in body
    assert error["details"] == {}


def test_a_revalidation_header_does_not_turn_an_error_into_304(client: Client) -> None:
    response = client.http.get("/missing", headers={"If-None-Match": "*"})
    assert response.status_code == 404


def test_a_weakened_copy_of_the_current_etag_still_gets_304(client: Client) -> None:
    # given the ETag of a first read, weakened by a compressing proxy on its way to the browser
    etag = header(client.http.get("/hello"), "ETag")
    assert etag
    # when the browser revalidates with W/"..."
    response = client.http.get("/hello", headers={"If-None-Match": f"W/{etag}"})
    # then the weak comparison of If-None-Match (RFC 9110 13.1.2) matches
    assert response.status_code == 304
