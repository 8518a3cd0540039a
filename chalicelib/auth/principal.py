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


# The role sets routes and services name (defined here only: app.py and the services import them).
# A route's `roles=SIGNED_IN` (the empty set) admits any signed-in user; `roles=None` is public.
SIGNED_IN: frozenset[Role] = frozenset()
STAFF = frozenset({Role.IEEM_MODERATOR, Role.IEEM_ADMIN})
MODERATORS = STAFF
REVIEWERS = STAFF
ADMINS = frozenset({Role.IEEM_ADMIN})
CITIZENS = frozenset({Role.CITIZEN})
PARTY_EDITORS = frozenset({Role.PARTY_EDITOR})
# Staff two factors (issue 13): these roles act only from a session that passed TOTP; party
# editors may enrol too (MFA_ROLES) but are not required to.
MFA_REQUIRED = STAFF
MFA_ROLES = frozenset({Role.IEEM_MODERATOR, Role.IEEM_ADMIN, Role.PARTY_EDITOR})


class AuthenticationError(Unauthenticated):
    """No token, or a token that is malformed, forged, expired or for another pool or client."""

    code = "not_authenticated"


class ForbiddenError(Forbidden):
    """A verified caller whose role does not allow the action."""

    code = "forbidden"


class SecondFactorRequiredError(Forbidden):
    """403: a staff route, and this session did not pass TOTP (enrol it, or log in again with it)."""

    code = "mfa_required"


class Principal(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_id: str
    email: str
    display_name: str | None = None
    roles: frozenset[Role]
    party_id: str | None = None
    # When the session began (the token's `auth_time`: kept by refreshes), and from the app's
    # record whether TOTP is enrolled and whether this session passed it (or is exempt).
    authenticated_at: int | None = None
    mfa_enrolled: bool = False
    second_factor: bool = False

    def needs_second_factor(self, roles: frozenset[Role]) -> bool:
        """Whether a route open to `roles` admits this caller only through a role that must use
        TOTP, from a session that did not."""
        admitted = self.roles & roles
        return bool(admitted) and admitted <= MFA_REQUIRED and not self.second_factor

    def has_any(self, roles: frozenset[Role]) -> bool:
        return bool(self.roles & roles)
