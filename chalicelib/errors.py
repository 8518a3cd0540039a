"""Base class of every error the platform reports to a caller.

Concrete errors live beside the code that raises them and subclass one of the categories below;
`chalicelib.api.error_mapping` maps each category (through the class hierarchy) to an HTTP status, so
a new error cannot become a 500 by being forgotten there. A test walks every error class and checks it.
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


# The categories. Domain errors subclass exactly one; none is raised itself.


class InvalidInput(DecideError):
    """The request breaks a rule of the input (a field, the body, a cursor)."""


class Unauthenticated(DecideError):
    """No valid session: missing, expired or forged credentials."""


class Forbidden(DecideError):
    """Authenticated, but this role or party may not do this."""


class NotFound(DecideError):
    """The thing named does not exist (or is not public)."""


class Gone(DecideError):
    """The thing named existed but is no longer valid (an expired link)."""


class Conflict(DecideError):
    """The request is valid but the current state refuses it (already done, changed meanwhile)."""


class PhaseClosed(Conflict):
    """The electoral phase does not allow this write now."""


class Unprocessable(DecideError):
    """Well-formed input that names things that do not fit together (an unknown ballot, a reused key)."""


class TooLarge(DecideError):
    """The body is larger than the route accepts."""


class UnsupportedMedia(DecideError):
    """The body is not of a type the route accepts."""


class RateLimited(DecideError):
    """Too many requests of this kind for now; try later."""


class Unavailable(DecideError):
    """A dependency (the table, the user pool, email) is failing; nothing was changed. Try later."""


class InvalidFieldsError(InvalidInput):
    """Input that passed the request models but breaks a rule that needs stored data (400, per field).

    `fields` is a list of {"field", "code", "message"}, the same shape as a validation error."""

    code = "invalid_request"

    def __init__(self, message: str, fields: list[dict[str, str]]) -> None:
        super().__init__(message, {"fields": fields})


def field_problem(field: str, code: str, message: str) -> dict[str, str]:
    return {"field": field, "code": code, "message": message}
