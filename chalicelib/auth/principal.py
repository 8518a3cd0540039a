"""The verified caller and the roles of the design."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from chalicelib.errors import Forbidden, Unauthenticated


class Role(StrEnum):
    CITIZEN = "citizen"
    PARTY_EDITOR = "party_editor"
    IEEM_MODERATOR = "ieem_moderator"
    IEEM_ADMIN = "ieem_admin"


STAFF = frozenset({Role.IEEM_MODERATOR, Role.IEEM_ADMIN})


class AuthenticationError(Unauthenticated):
    """No token, or a token that is malformed, forged, expired or for another pool or client."""

    code = "not_authenticated"


class ForbiddenError(Forbidden):
    """A verified caller whose role does not allow the action."""

    code = "forbidden"


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    display_name: str | None = None
    roles: frozenset[Role]
    party_id: str | None = None

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)
