"""The one place where errors become HTTP responses: `{"error": {code, message, details}}`."""

from __future__ import annotations

from typing import Any

from chalice.app import Response
from pydantic import BaseModel, ValidationError

from chalicelib.errors import (
    Conflict,
    DecideError,
    Forbidden,
    Gone,
    InvalidInput,
    NotFound,
    RateLimited,
    TooLarge,
    Unauthenticated,
    Unavailable,
    Unprocessable,
    UnsupportedMedia,
)
from chalicelib.messages import ES_MX, text

# Keyed by category: an error's status is that of the first category in its class hierarchy (MRO).
# Domain errors subclass a category (chalicelib/errors.py); a test proves each one maps here.
STATUS_BY_CATEGORY: dict[type[DecideError], int] = {
    InvalidInput: 400,
    Unauthenticated: 401,
    Forbidden: 403,
    NotFound: 404,
    Conflict: 409,
    Gone: 410,
    TooLarge: 413,
    UnsupportedMedia: 415,
    Unprocessable: 422,
    RateLimited: 429,
    Unavailable: 503,
}


class ErrorBody(BaseModel):
    code: str
    message: str
    details: dict[str, Any] | list[Any]


class ErrorResponse(BaseModel):
    """The body of every error response."""

    error: ErrorBody


class FieldError(BaseModel):
    field: str | None
    code: str
    message: str


def error_response(status: int, code: str, message: str, details: Any = None) -> Response:
    body = ErrorResponse(error=ErrorBody(code=code, message=message, details=details or {}))
    return Response(
        body=body.model_dump_json(),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store"},
    )


def status_of(error: DecideError) -> int:
    for kind in type(error).__mro__:
        status = STATUS_BY_CATEGORY.get(kind)
        if status is not None:
            return status
    return 500


def from_domain_error(error: DecideError) -> Response:
    response = error_response(status_of(error), error.code, error.message, error.details)
    retry_after = getattr(error, "retry_after_seconds", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def field_errors(error: ValidationError) -> list[FieldError]:
    from chalicelib.elections.models import CalendarError  # on a bad calendar only: not on every cold start

    result = []
    for item in error.errors(include_url=False):
        field = ".".join(str(p) for p in item["loc"]) or None
        kind = item["type"]
        ctx = item.get("ctx") or {}
        cause = ctx.get("error")
        if isinstance(cause, CalendarError):
            # The calendar names the date at fault: `calendar.veda_start`, not just `calendar`.
            field = ".".join(p for p in (field, cause.field) if p) or None
            kind = f"calendar_{cause.code}"
            message = text(f"calendar.{cause.code}", **cause.params)
        elif kind == "value_error" and "error" in ctx:
            message = str(ctx["error"])
        elif f"field.{kind}" in ES_MX:
            message = text(f"field.{kind}", **ctx)
        else:
            message = text("field.invalid")
        result.append(FieldError(field=field, code=kind, message=message))
    return result


def from_validation_error(error: ValidationError) -> Response:
    fields = [f.model_dump() for f in field_errors(error)]
    return error_response(400, "invalid_request", text("invalid_request"), {"fields": fields})


def internal_error() -> Response:
    return error_response(500, "internal_error", text("internal_error"))
