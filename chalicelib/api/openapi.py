"""OpenAPI 3.1 document generated from the registered operations and their pydantic models."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from chalicelib.api.error_mapping import ErrorResponse
from chalicelib.api.routing import Operation, Redirect

REF_TEMPLATE = "#/components/schemas/{model}"
STATUS_TEXT = {
    413: "Body too large",
    415: "Body is not JSON",
    304: "Not modified (the ETag in If-None-Match is current)",
    400: "Invalid request: the fields are named in error.details.fields",
    401: "Not authenticated",
    403: "Not allowed for this role",
    404: "Not found",
    409: "Conflict with the current state or phase",
    410: "Gone: the link expired",
    422: "Valid but not acceptable",
    429: "Too many requests",
    503: "Storage temporarily unavailable",
}


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(ref_template=REF_TEMPLATE)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema.get("properties", {}).items():
        description = prop.pop("description", None)
        param: dict[str, Any] = {"name": name, "in": "query", "required": name in required, "schema": prop}
        if description:
            param["description"] = description
        params.append(param)
    return params


def build_openapi(operations: list[Operation], *, title: str, version: str) -> dict[str, Any]:
    outputs: list[type[BaseModel]] = [ErrorResponse, *(op.response for op in operations)]
    # query models too: an enum a query parameter refers to must resolve in the components
    inputs = [op.body for op in operations if op.body is not None] + [
        op.query for op in operations if op.query is not None
    ]
    _, definitions = models_json_schema(
        [(m, "serialization") for m in dict.fromkeys(outputs)] + [(m, "validation") for m in dict.fromkeys(inputs)],
        ref_template=REF_TEMPLATE,
    )
    paths: dict[str, dict[str, Any]] = {}
    for op in operations:
        parameters = [{"name": p, "in": "path", "required": True, "schema": {"type": "string"}} for p in op.path_params]
        if op.query is not None:
            parameters += _query_parameters(op.query)
        ok_headers = {
            "ETag": {"schema": {"type": "string"}, "description": "Strong validator of the body"},
            "Cache-Control": {"schema": {"type": "string"}},
        }
        media_type = op.media_type.split(";")[0].strip()
        ok_schema: dict[str, Any] = (
            {"$ref": REF_TEMPLATE.format(model=op.response.__name__)}
            if media_type == "application/json"
            else {"type": "string"}
        )
        responses: dict[str, Any] = {
            str(op.status): {"description": "OK", "headers": ok_headers, "content": {media_type: {"schema": ok_schema}}}
        }
        if op.response is Redirect:
            responses = {
                str(op.status): {
                    "description": "Redirect to the stored file",
                    "headers": {
                        "Location": {"schema": {"type": "string"}, "description": "Where the file is"},
                        "Cache-Control": {"schema": {"type": "string"}},
                    },
                }
            }
        elif op.cacheable:
            responses["304"] = {"description": STATUS_TEXT[304], "headers": ok_headers}
        error_content = {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model="ErrorResponse")}}}
        for status in (*op.errors, 503):
            responses[str(status)] = {"description": STATUS_TEXT[status], "content": error_content}
        responses["500"] = {"description": "Unexpected error", "content": error_content}
        if op.idempotent:
            parameters.append(
                {
                    "name": "Idempotency-Key",
                    "in": "header",
                    "required": False,
                    "schema": {"type": "string", "minLength": 1, "maxLength": 128, "pattern": "^[\\x21-\\x7e]+$"},
                    "description": "A retried request with the same key returns the first result",
                }
            )
        operation: dict[str, Any] = {
            "operationId": op.operation_id,
            "summary": op.summary,
            "tags": [op.tag],
            "parameters": parameters,
            "responses": responses,
        }
        if op.body is not None:
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": REF_TEMPLATE.format(model=op.body.__name__)}}},
            }
            if op.form_body:
                operation["requestBody"]["content"]["application/x-www-form-urlencoded"] = {
                    "schema": {"$ref": REF_TEMPLATE.format(model=op.body.__name__)}
                }
            if op.csv_field:
                operation["requestBody"]["content"]["text/csv"] = {
                    "schema": {"type": "string", "description": f"the `{op.csv_field}` field as the whole body"}
                }
        if op.roles is not None:
            operation["security"] = [{"cognito": []}]
            roles = ", ".join(sorted(op.roles)) or "any signed-in user"
            operation["description"] = f"Roles: {roles}."
        paths.setdefault(op.path, {})[op.method] = operation
    return {
        "openapi": "3.1.0",
        "info": {
            "title": title,
            "version": version,
            "description": "DecideIEEM public API. Messages for people are in Spanish (es-MX).",
        },
        "paths": paths,
        "components": {
            "schemas": definitions.get("$defs", {}),
            "securitySchemes": {
                "cognito": {
                    "type": "http",
                    "scheme": "bearer",
                    "bearerFormat": "JWT",
                    "description": "Cognito ID token from POST /v1/auth/login",
                }
            },
        },
    }
