"""The one place where errors become HTTP responses: `{"error": {code, message, details}}`."""

from __future__ import annotations

from typing import Any

from chalice.app import Response
from pydantic import BaseModel, ValidationError

from chalicelib.accounts.errors import (
    AccountAlreadyConfirmedError,
    AccountExistsError,
    AccountNotConfirmedError,
    AccountsThrottledError,
    AccountsUnavailableError,
    CodeExpiredError,
    InvalidCodeError,
    InvalidCredentialsError,
    InvalidEmailError,
    InvalidRefreshTokenError,
    LoginChallengeError,
    ResendTooSoonError,
    TooManyAttemptsError,
    VerificationMailError,
    WeakPasswordError,
)
from chalicelib.admin.service import ConcurrentEditError, ProcessExistsError
from chalicelib.api.bodies import BodyNotJsonError, BodyTooLargeError, InvalidJsonError
from chalicelib.auth.principal import AuthenticationError, ForbiddenError
from chalicelib.content.pages import ContentVersionConflictError
from chalicelib.elections.models import CalendarError
from chalicelib.elections.phase_rules import PhaseClosedError
from chalicelib.elections.public import NotFoundError
from chalicelib.errors import DecideError, InvalidFieldsError
from chalicelib.messages import ES_MX, text
from chalicelib.proposals.service import (
    BallotClosedError,
    DailyQuotaError,
    IdempotencyKeyReusedError,
    ModerationReasonError,
    NearDuplicateError,
    OwnProposalError,
    RequestInProgressError,
    UnknownBallotError,
    UnknownContenderError,
)
from chalicelib.storage.profile_store import ProfileConflictError
from chalicelib.storage.proposal_store import (
    AlreadySupportedError,
    InvalidCursorError,
    NotSupportedError,
    ProposalStateError,
)
from chalicelib.storage.table import StorageError

STATUS_BY_ERROR: list[tuple[type[DecideError], int]] = [
    (InvalidJsonError, 400),
    (InvalidFieldsError, 400),
    (ProcessExistsError, 409),
    (ConcurrentEditError, 409),
    (ProfileConflictError, 409),
    (BodyTooLargeError, 413),
    (BodyNotJsonError, 415),
    (AuthenticationError, 401),
    (ForbiddenError, 403),
    (NotFoundError, 404),
    (PhaseClosedError, 409),
    (ContentVersionConflictError, 409),
    (InvalidCursorError, 400),
    (ModerationReasonError, 400),
    (UnknownBallotError, 422),
    (UnknownContenderError, 422),
    (IdempotencyKeyReusedError, 422),
    (BallotClosedError, 409),
    (NearDuplicateError, 409),
    (OwnProposalError, 409),
    (RequestInProgressError, 409),
    (ProposalStateError, 409),
    (AlreadySupportedError, 409),
    (NotSupportedError, 409),
    (DailyQuotaError, 429),
    (WeakPasswordError, 400),
    (InvalidEmailError, 400),
    (InvalidCodeError, 400),
    (CodeExpiredError, 400),
    (InvalidCredentialsError, 401),
    (InvalidRefreshTokenError, 401),
    (AccountNotConfirmedError, 403),
    (LoginChallengeError, 403),
    (AccountExistsError, 409),
    (AccountAlreadyConfirmedError, 409),
    (TooManyAttemptsError, 429),
    (ResendTooSoonError, 429),
    (AccountsThrottledError, 429),
    (AccountsUnavailableError, 503),
    (VerificationMailError, 503),
    (StorageError, 503),
]


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
    for error_type, status in STATUS_BY_ERROR:
        if isinstance(error, error_type):
            return status
    return 500


def from_domain_error(error: DecideError) -> Response:
    response = error_response(status_of(error), error.code, error.message, error.details)
    retry_after = getattr(error, "retry_after_seconds", None)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


def field_errors(error: ValidationError) -> list[FieldError]:
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
