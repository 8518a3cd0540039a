"""Base class of every error the platform reports to a caller.

Concrete errors live beside the code that raises them; `chalicelib.api.error_mapping`
is the one place that turns them into HTTP statuses.
"""

from __future__ import annotations

from typing import Any


class DecideError(Exception):
    """An error with a stable machine code and a Spanish message for people."""

    code = "error"

    def __init__(self, message: str, details: dict[str, Any] | list[Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details if details is not None else {}


class InvalidFieldsError(DecideError):
    """Input that passed the request models but breaks a rule that needs stored data (400, per field).

    `fields` is a list of {"field", "code", "message"}, the same shape as a validation error."""

    code = "invalid_request"

    def __init__(self, message: str, fields: list[dict[str, str]]) -> None:
        super().__init__(message, {"fields": fields})


def field_problem(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}
