"""Staff two factors (issue 13): TOTP enrolment with Cognito's software-token MFA, and its reset
by an administrator when a phone is lost.

Cognito holds the secret and checks every code (at enrolment and at each log-in); the app keeps
only *when* TOTP was enrolled in its account record. A session passed TOTP when it began after
that moment (`AccountService.verified`), so enrolling ends every session and a reset brings the
staff routes' 403 `mfa_required` back until the person enrols again.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from urllib.parse import quote, urlencode

from chalicelib.accounts.codes import mask_email
from chalicelib.accounts.errors import AccountNotFoundError, MfaAlreadyEnrolledError
from chalicelib.accounts.models import (
    MfaResetRequest,
    MfaResetResult,
    MfaSetup,
    MfaSetupRequest,
    MfaStatus,
    MfaVerifyRequest,
)
from chalicelib.adapters.cognito import CognitoAccounts
from chalicelib.adapters.mail import MailError, MailSender
from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import MFA_ROLES, ForbiddenError, Principal
from chalicelib.messages import text
from chalicelib.notifications import templates
from chalicelib.observability import logger
from chalicelib.storage.account_store import AccountRecord, AccountStore

ISSUER = "DecideIEEM"


def otpauth_uri(secret: str, email: str) -> str:
    """The key-uri format authenticator apps read from a QR code (label `issuer:account`)."""
    label = quote(f"{ISSUER}:{email}", safe="")
    return f"otpauth://totp/{label}?" + urlencode(
        {"secret": secret, "issuer": ISSUER, "algorithm": "SHA1", "digits": 6, "period": 30}
    )


class SecondFactorDesk:
    def __init__(
        self,
        *,
        cognito: CognitoAccounts,
        records: AccountStore,
        audit: AuditLog,
        mail: MailSender,
        clock: Callable[[], datetime],
        site_url: str,
    ) -> None:
        self.cognito = cognito
        self.records = records
        self.audit = audit
        self.mail = mail
        self.clock = clock
        self.site_url = site_url

    def start(self, principal: Principal, request: MfaSetupRequest) -> MfaSetup:
        """A new secret for the caller's app; nothing changes until its first code is verified."""
        self._may_enrol(principal)
        if principal.mfa_enrolled:
            raise MfaAlreadyEnrolledError()
        token = self.cognito.access_token(principal.email, request.password.get_secret_value())
        secret = self.cognito.associate_software_token(token)
        return MfaSetup(secret=secret, otpauth_uri=otpauth_uri(secret, principal.email), enrolment_token=token)

    def confirm(self, principal: Principal, request: MfaVerifyRequest) -> MfaStatus:
        """The first code proves the app has the secret: TOTP becomes the account's factor, the
        enrolment is audited and every session ends (the next log-in asks for the code)."""
        self._may_enrol(principal)
        self.cognito.enable_software_token(request.enrolment_token.get_secret_value(), request.code)
        now = self.clock()
        record = self._record(principal.user_id, principal.email, principal.display_name or "", now)
        entry = self.audit.entry(
            principal, "account.mfa_enrolled", f"account/{principal.user_id}", now, after={"mfa_enrolled": True}
        )
        self.records.table.transact(
            [
                self.records.put_operation(record.model_copy(update={"mfa_enrolled_at": now, "updated_at": now})),
                *self.audit.operations(entry),
            ]
        )
        self.cognito.sign_out_everywhere(principal.email)
        return MfaStatus(message=text("account.mfa_enrolled"))

    def reset(self, admin: Principal, request: MfaResetRequest) -> MfaResetResult:
        """An administrator's reset of a lost factor (idempotent): TOTP off in the pool, the
        enrolment forgotten, every session of the account ended, the reset audited and the
        owner told by email."""
        user = self.cognito.find_user(request.email)
        if user is None:
            raise AccountNotFoundError(request.email)
        self.cognito.disable_software_token(request.email)
        now = self.clock()
        record = self._record(user.user_sub, request.email, user.display_name, now)
        entry = self.audit.entry(
            admin,
            "account.mfa_reset",
            f"account/{user.user_sub}",
            now,
            before={"mfa_enrolled": record.mfa_enrolled_at is not None},
            after={"mfa_enrolled": False, "email": record.email},
        )
        self.records.table.transact(
            [
                self.records.put_operation(record.model_copy(update={"mfa_enrolled_at": None, "updated_at": now})),
                *self.audit.operations(entry),
            ]
        )
        self.cognito.sign_out_everywhere(request.email)
        self._tell_owner(record.email)
        return MfaResetResult(email=record.email, message=text("admin.mfa_reset", email=record.email))

    @staticmethod
    def _may_enrol(principal: Principal) -> None:
        # The routes admit any signed-in caller, so that staff without TOTP can reach them.
        if not principal.has_any(MFA_ROLES):
            raise ForbiddenError(text("auth.forbidden"), {"roles": sorted(MFA_ROLES)})

    def _record(self, user_id: str, email: str, display_name: str, now: datetime) -> AccountRecord:
        return self.records.get(user_id) or AccountRecord(
            user_id=user_id, email=email, display_name=display_name, created_at=now, updated_at=now
        )

    def _tell_owner(self, email: str) -> None:
        message = templates.mfa_reset_notice(email, self.site_url)
        try:
            self.mail.send(message)
        except MailError:
            logger.error("mfa reset notice failed", extra={"to": mask_email(email)})
