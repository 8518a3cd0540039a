"""Account use cases: sign up, confirm the email, resend the code, log in, refresh, who am I.

Email ownership is verified by the app, identically on the local stack and in AWS: the pool
does not auto-verify, so the app emails a 6-digit code, keeps only its salted hash (24 h, at most
`MAX_ATTEMPTS` comparisons, one new code per `RESEND_INTERVAL`), and confirms the Cognito user
itself once the code matches.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from chalicelib.accounts import codes
from chalicelib.accounts.cognito import CognitoAccounts, CognitoUser
from chalicelib.accounts.errors import (
    AccountAlreadyConfirmedError,
    CodeExpiredError,
    InvalidCodeError,
    ResendTooSoonError,
    TooManyAttemptsError,
    VerificationMailError,
)
from chalicelib.accounts.models import (
    ConfirmRequest,
    ConfirmResult,
    LoginRequest,
    LoginResult,
    Me,
    RefreshRequest,
    RefreshResult,
    ResendCodeRequest,
    ResendCodeResult,
    SignupRequest,
    SignupResult,
)
from chalicelib.accounts.verification_email import verification_email
from chalicelib.auth.principal import Principal, Role
from chalicelib.messages import text
from chalicelib.notifications.mail import MailError, MailSender
from chalicelib.observability import logger
from chalicelib.storage.verification_store import VerificationCode, VerificationStore

CODE_VALIDITY = timedelta(hours=24)
MAX_ATTEMPTS = 5
RESEND_INTERVAL = timedelta(minutes=1)
SIGNUP_GROUP = Role.CITIZEN


class AccountService:
    def __init__(
        self,
        cognito: CognitoAccounts,
        codes_store: VerificationStore,
        mail: MailSender,
        *,
        site_url: str,
        clock: Callable[[], datetime],
    ) -> None:
        self.cognito = cognito
        self.codes = codes_store
        self.mail = mail
        self.site_url = site_url
        self.clock = clock

    # sign-up and confirmation -------------------------------------------------------------
    def signup(self, request: SignupRequest) -> SignupResult:
        user_sub = self.cognito.sign_up(request.email, request.password.get_secret_value(), request.display_name)
        self.cognito.add_to_group(request.email, SIGNUP_GROUP)
        self._send_code(user_sub, request.email, request.display_name, account_created=True)
        return SignupResult(email=request.email, message=text("account.signup_done", email=request.email))

    def resend_code(self, request: ResendCodeRequest) -> ResendCodeResult:
        result = ResendCodeResult(email=request.email, message=text("account.code_sent"))
        user = self.cognito.find_user(request.email)
        if user is None or user.confirmed or not user.enabled:
            return result  # the same answer as when a code is sent
        self._send_code(user.user_sub, request.email, user.display_name, account_created=False)
        return result

    def confirm(self, request: ConfirmRequest) -> ConfirmResult:
        user = self.cognito.find_user(request.email)
        if user is None:
            raise InvalidCodeError()
        if user.confirmed:
            raise AccountAlreadyConfirmedError()
        self._check_code(user, request.code)
        self.cognito.confirm(request.email)
        # Idempotent; repairs a sign-up that failed between creating the user and adding the group.
        self.cognito.add_to_group(request.email, SIGNUP_GROUP)
        self.codes.delete(user.user_sub)
        return ConfirmResult(email=request.email, message=text("account.confirmed"))

    def _check_code(self, user: CognitoUser, code: str) -> None:
        attempt = self.codes.consume_attempt(user.user_sub, max_attempts=MAX_ATTEMPTS)
        if attempt.exhausted:
            raise TooManyAttemptsError()
        stored = attempt.code
        if stored is None or stored.expires_at <= self._now():
            raise CodeExpiredError()
        if not codes.code_matches(code, user_sub=user.user_sub, salt=stored.salt, expected_hash=stored.code_hash):
            remaining = MAX_ATTEMPTS - attempt.attempts
            if remaining <= 0:
                raise TooManyAttemptsError()
            raise InvalidCodeError(remaining_attempts=remaining)

    def _send_code(self, user_sub: str, email: str, display_name: str, *, account_created: bool) -> None:
        code = codes.new_code()
        salt = codes.new_salt()
        now = self._now()
        record = VerificationCode(
            user_sub=user_sub,
            email=email,
            code_hash=codes.code_hash(code, user_sub=user_sub, salt=salt),
            salt=salt,
            issued_at=now,
            expires_at=now + int(CODE_VALIDITY.total_seconds()),
        )
        wait = self.codes.issue(record, min_interval_seconds=int(RESEND_INTERVAL.total_seconds()))
        if wait:
            raise ResendTooSoonError(wait)
        message = verification_email(
            to=email,
            display_name=display_name or email,
            code=code,
            site_url=self.site_url,
            valid_hours=int(CODE_VALIDITY.total_seconds() // 3600),
        )
        try:
            self.mail.send(message)
        except MailError as exc:
            # No code the person never received may block the next request for one.
            self.codes.delete(user_sub)
            logger.error("verification email failed", extra={"to": codes.mask_email(email)})
            raise VerificationMailError(account_created=account_created) from exc
        logger.info("verification email sent", extra={"to": codes.mask_email(email)})

    # sessions ------------------------------------------------------------------------------
    def login(self, request: LoginRequest) -> LoginResult:
        tokens = self.cognito.log_in(request.email, request.password.get_secret_value())
        return LoginResult(
            id_token=tokens.id_token, refresh_token=tokens.refresh_token or "", expires_in=tokens.expires_in
        )

    def refresh(self, request: RefreshRequest) -> RefreshResult:
        tokens = self.cognito.refresh(request.refresh_token.get_secret_value())
        return RefreshResult(id_token=tokens.id_token, expires_in=tokens.expires_in)

    @staticmethod
    def me(principal: Principal) -> Me:
        return Me(
            user_id=principal.user_id,
            email=principal.email,
            display_name=principal.display_name,
            roles=sorted(principal.roles),
            party_id=principal.party_id,
        )

    def _now(self) -> int:
        return int(self.clock().timestamp())
