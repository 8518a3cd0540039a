"""The published OpenAPI document is generated from the routes the app serves, and is self-consistent."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

import app
from chalicelib.api import error_mapping
from chalicelib.elections.models import Calendar, ElectoralProcess, ProcessKind, Scope
from chalicelib.elections.views import ProcessList, ProcessView

MX = ZoneInfo("America/Mexico_City")
HTTP_METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
SELF = "/v1/openapi.json"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    # a round trip through JSON: what clients download, not Python objects
    return json.loads(json.dumps(app.openapi_document()))


def served_routes() -> dict[str, set[str]]:
    return {path: {method.lower() for method in entries} for path, entries in app.app.routes.items() if path != SELF}


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if method in HTTP_METHODS:
                yield path, method, operation


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"{ref} points outside the document"
    node: Any = document
    for part in ref[2:].split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def validator_for(document: dict[str, Any], schema_name: str) -> jsonschema.Draft202012Validator:
    root = {"$ref": f"#/components/schemas/{schema_name}", "components": document["components"]}
    return jsonschema.Draft202012Validator(root)


def test_the_document_is_openapi_3_1_with_title_and_version(document: dict[str, Any]) -> None:
    assert document["openapi"] == "3.1.0"
    assert document["info"]["title"]
    assert document["info"]["version"]


def test_every_served_route_is_documented_with_the_same_methods(document: dict[str, Any]) -> None:
    # given the routes Chalice actually serves (the document's own route aside)
    served = served_routes()
    assert served, "the app serves no routes"
    # then the document lists exactly those paths and methods
    documented = {path: {m for m in item if m in HTTP_METHODS} for path, item in document["paths"].items()}
    assert documented == served


def test_the_document_does_not_describe_itself(document: dict[str, Any]) -> None:
    assert SELF in app.app.routes
    assert SELF not in document["paths"]


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in operations(document)]
    assert len(ids) == len(set(ids))


def test_every_path_template_parameter_is_declared_as_a_required_path_parameter(
    document: dict[str, Any],
) -> None:
    for path, method, operation in operations(document):
        in_template = set(re.findall(r"{([^}]+)}", path))
        declared = {p["name"] for p in operation["parameters"] if p["in"] == "path"}
        assert declared == in_template, f"{method.upper()} {path}"
        assert all(p["required"] is True for p in operation["parameters"] if p["in"] == "path")


def test_the_lookup_documents_its_query_parameters(document: dict[str, Any]) -> None:
    parameters = document["paths"]["/v1/lookup"]["get"]["parameters"]
    by_name = {p["name"]: p for p in parameters if p["in"] == "query"}
    assert set(by_name) == {"section", "municipality", "district", "process"}
    assert not any(p["required"] for p in by_name.values())
    for parameter in by_name.values():
        jsonschema.Draft202012Validator.check_schema(parameter["schema"])


def test_every_operation_documents_ok_bad_request_and_server_error(document: dict[str, Any]) -> None:
    for path, method, operation in operations(document):
        responses = operation["responses"]
        # 200, 201 for a creation, or 302 to a stored file (the open-data exports built off the request)
        ok = [status for status in responses if status.startswith("2") or status == "302"]
        assert len(ok) == 1 and {"400", "500"} <= set(responses), f"{method.upper()} {path}"
        assert all(r.get("description") for r in responses.values())
        assert ("Location" if ok[0] == "302" else "ETag") in responses[ok[0]]["headers"]


def test_every_ref_resolves_inside_components(document: dict[str, Any]) -> None:
    found = list(refs(document))
    assert found, "the document has no $ref at all"
    for ref in found:
        assert ref.startswith("#/components/schemas/"), ref
        assert isinstance(resolve(document, ref), dict)


def test_every_component_schema_is_a_valid_json_schema(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    assert "ErrorResponse" in schemas
    for name, schema in schemas.items():
        try:
            jsonschema.Draft202012Validator.check_schema(schema)
        except jsonschema.SchemaError as exc:  # pragma: no cover - the message names the schema
            pytest.fail(f"{name}: {exc.message}")


def test_every_response_model_has_a_component(document: dict[str, Any]) -> None:
    schemas = document["components"]["schemas"]
    for operation in app.api.operations:
        assert operation.response.__name__ in schemas


def test_a_real_process_list_body_conforms_to_its_published_schema(document: dict[str, Any]) -> None:
    # given a process as the API returns it
    process = ElectoralProcess(
        id="2021-ord",
        name="Proceso Electoral 2021",
        kind=ProcessKind.ORDINARY,
        calendar=Calendar(
            process_start=date(2021, 1, 5),
            campaign_start=datetime(2021, 4, 30, tzinfo=MX),
            veda_start=datetime(2021, 6, 3, tzinfo=MX),
            election_day=date(2021, 6, 6),
            polls_close=datetime(2021, 6, 6, 18, 0, tzinfo=MX),
            closes_at=datetime(2021, 12, 31, 23, 59, tzinfo=MX),
        ),
        scope=Scope(municipalities=["001"], districts=[1]),
        section_map="ine2016-esc3",
    )
    body = ProcessList(processes=[ProcessView.of(process, datetime(2021, 6, 4, tzinfo=MX))])
    # then its JSON validates against the published ProcessList schema
    errors = list(validator_for(document, "ProcessList").iter_errors(json.loads(body.model_dump_json())))
    assert errors == []


def test_real_error_bodies_conform_to_the_published_error_schema(document: dict[str, Any]) -> None:
    validator = validator_for(document, "ErrorResponse")
    for response in (
        error_mapping.internal_error(),
        error_mapping.error_response(404, "process_not_found", "No existe.", {"field": "process"}),
    ):
        assert list(validator.iter_errors(json.loads(response.body))) == []
    # and a body without the envelope does not
    assert list(validator.iter_errors({"code": "x", "message": "y"}))
