"""Account use cases: sign up, confirm the email, resend the code, log in, refresh, who am I,
forgotten and changed passwords, invitation codes.

Email ownership is verified by the app, identically on the local stack and in AWS: the pool
does not auto-verify, so the app emails a 6-digit code, keeps only its salted hash (24 h, at most
`MAX_ATTEMPTS` comparisons from all clients, `CODE_BACKOFF` per address and client, at most one
new code per `RESEND_INTERVAL`), and confirms the Cognito user itself once the code matches.
Password-reset and invitation codes follow the same rules in their own item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import NoReturn

from chalicelib.accounts import codes
from chalicelib.accounts.errors import (
    CodeNotAcceptedError,
    PrivacyNoticeChangedError,
    ResendTooSoonError,
    TooManyAttemptsError,
    VerificationMailError,
    WrongCurrentPasswordError,
)
from chalicelib.accounts.models import (
    ChangePasswordRequest,
    ConfirmRequest,
    ConfirmResult,
    DisplayNameRequest,
    ForgotPasswordRequest,
    ForgotPasswordResult,
    LoginRequest,
    LoginResult,
    Me,
    PasswordResult,
    RefreshRequest,
    RefreshResult,
    ResendCodeRequest,
    ResendCodeResult,
    ResetPasswordRequest,
    SignupRequest,
    SignupResult,
    SignupSweep,
)
from chalicelib.adapters.cognito import CognitoAccounts, CognitoUser
from chalicelib.adapters.mail import MailError, MailSender
from chalicelib.auth.callers import Callers
from chalicelib.auth.principal import MFA_REQUIRED, Principal, Role
from chalicelib.messages import text
from chalicelib.notifications import templates
from chalicelib.observability import logger
from chalicelib.storage import keys
from chalicelib.storage.account_store import AccountRecord, AccountStore
from chalicelib.storage.attempt_store import AttemptStore, Backoff, attempt_digest
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.verification_store import VerificationCode, VerificationStore

CODE_VALIDITY = timedelta(hours=24)
INVITATION_VALIDITY = timedelta(hours=72)
UNCONFIRMED_RETENTION = timedelta(days=7)
# Comparisons per code from every client together; one client is stopped sooner (CODE_BACKOFF),
# so a stranger's guesses leave the owner attempts of their own.
MAX_ATTEMPTS = 10
RESEND_INTERVAL = timedelta(minutes=1)
CODE_BACKOFF = Backoff(free=5, base_seconds=30, cap_seconds=3600)
SEND_BACKOFF = Backoff(free=1, base_seconds=60, cap_seconds=900)
RESET_ROUTE = "/#/restablecer"
PRIVACY_NOTICE_SLUG = "aviso-de-privacidad"
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
        reset_codes: VerificationStore | None = None,
        attempts: AttemptStore | None = None,
        mfa_exempt: Callable[[str], bool] = lambda _email: False,
    ) -> None:
        self.mfa_exempt = mfa_exempt
        self.cognito = cognito
        self.codes = codes_store
        self.reset_codes = reset_codes or VerificationStore(codes_store.table, key=keys.account_reset)
        self.attempts = attempts or AttemptStore(codes_store.table)
        self.records = AccountStore(codes_store.table)
        self.mail = mail
        self.site_url = site_url
        self.clock = clock

    # sign-up and confirmation -------------------------------------------------------------
    # Every answer here is the same for an unknown, a pending and a confirmed address: the same
    # status and body, and the same counters (kept per address and client whether or not an
    # account exists), so the routes cannot be used to find out who has an account.
    def signup(self, request: SignupRequest, client: str = "") -> SignupResult:
        if request.privacy_notice_version is not None:
            published = CivicStore(self.codes.table).get_published_content(PRIVACY_NOTICE_SLUG)
            if published is None or published.version != request.privacy_notice_version:
                raise PrivacyNoticeChangedError()
        with self._count_send("signup", request.email, client):
            user = self.cognito.find_user(request.email)
            if user is not None and user.confirmed:
                self._tell_owner(request.email)
            else:
                if user is not None:
                    # A pending sign-up fixes nothing: a new one replaces it (password, name) and
                    # the older codes die with it, so whoever signed up first cannot keep the address.
                    self.cognito.delete_user(request.email)
                    self.codes.delete(user.user_sub)
                password = request.password.get_secret_value()
                user_sub = self.cognito.sign_up(request.email, password, request.display_name)
                self.cognito.add_to_group(request.email, SIGNUP_GROUP)
                self._send_code(
                    user_sub,
                    request.email,
                    request.display_name,
                    account_created=True,
                    privacy_notice_version=request.privacy_notice_version,
                )
        return SignupResult(email=request.email, message=text("account.signup_received", email=request.email))

    def resend_code(self, request: ResendCodeRequest, client: str = "") -> ResendCodeResult:
        result = ResendCodeResult(email=request.email, message=text("account.code_sent"))
        with self._count_send("signup", request.email, client):
            user = self.cognito.find_user(request.email)
            if user is None or user.confirmed or not user.enabled:
                return result  # the same answer as when a code is sent
            self._send_code(user.user_sub, request.email, user.display_name, account_created=False)
        return result

    def confirm(self, request: ConfirmRequest, client: str = "") -> ConfirmResult:
        guard = attempt_digest("confirm", request.email, client)
        self._wait_turn(guard)
        user = self.cognito.find_user(request.email)
        if user is None or user.confirmed or not self._code_opens(self.codes, user, request.code):
            self._failed(guard)
        assert user is not None
        pending = self.codes.get(user.user_sub)
        self.cognito.confirm(request.email)
        # From now on the account's identity is this record: the address the code proved, the
        # name validated at sign-up; nothing the user later writes in the pool changes them.
        now = self.clock()
        self.records.put(
            AccountRecord(
                user_id=user.user_sub,
                email=request.email,
                display_name=user.display_name,
                created_at=now,
                updated_at=now,
                privacy_notice_version=pending.privacy_notice_version if pending else None,
            )
        )
        # Idempotent; repairs a sign-up that failed between creating the user and adding the group.
        self.cognito.add_to_group(request.email, SIGNUP_GROUP)
        self.codes.delete(user.user_sub)
        self.attempts.clear(guard)
        return ConfirmResult(email=request.email, message=text("account.confirmed"))

    # recovery and change of password ------------------------------------------------------
    def forgot_password(self, request: ForgotPasswordRequest, client: str = "") -> ForgotPasswordResult:
        result = ForgotPasswordResult(email=request.email, message=text("account.reset_code_sent"))
        with self._count_send("reset", request.email, client):
            user = self.cognito.find_user(request.email)
            if user is None or not user.confirmed or not user.enabled:
                return result  # the same answer as when a code is sent
            self._send_code(user.user_sub, request.email, user.display_name, account_created=False, reset=True)
        return result

    def reset_password(self, request: ResetPasswordRequest, client: str = "") -> PasswordResult:
        """Codes are checked exactly as sign-up codes are; the new password ends every session."""
        guard = attempt_digest("reset", request.email, client)
        self._wait_turn(guard)
        user = self.cognito.find_user(request.email)
        if user is None or not user.confirmed or not user.enabled:
            self._failed(guard)
        assert user is not None
        if not self._code_opens(self.reset_codes, user, request.code):
            self._failed(guard)
        self.cognito.set_password(request.email, request.new_password.get_secret_value())
        self.reset_codes.delete(user.user_sub)
        self.attempts.clear(guard)
        self.cognito.sign_out_everywhere(request.email)
        logger.info("password reset", extra={"to": codes.mask_email(request.email)})
        return PasswordResult(message=text("account.password_reset"))

    def change_password(self, principal: Principal, request: ChangePasswordRequest) -> PasswordResult:
        guard = attempt_digest("change", principal.user_id, "")
        self._wait_turn(guard)
        if not self.cognito.check_password(principal.email, request.current_password.get_secret_value()):
            self.attempts.record(guard, self._now(), CODE_BACKOFF)
            raise WrongCurrentPasswordError()
        self.cognito.set_password(principal.email, request.new_password.get_secret_value())
        self.attempts.clear(guard)
        self.cognito.sign_out_everywhere(principal.email)
        return PasswordResult(message=text("account.password_changed"))

    def confirm_password(self, principal: Principal, password: str, purpose: str) -> None:
        """Re-authentication before an irreversible step (deleting the account): the current
        password, with the same per-account back-off as a password change."""
        guard = attempt_digest(purpose, principal.user_id, "")
        self._wait_turn(guard)
        if not self.cognito.check_password(principal.email, password):
            self.attempts.record(guard, self._now(), CODE_BACKOFF)
            raise WrongCurrentPasswordError()
        self.attempts.clear(guard)

    def invitation_code(self, user_sub: str, email: str, display_name: str) -> str:
        """The app's record of an invited account, and a one-time code to choose its first
        password (reset-password takes it), valid `INVITATION_VALIDITY`. The caller emails it."""
        now = self.clock()
        self.records.put(
            AccountRecord(user_id=user_sub, email=email, display_name=display_name, created_at=now, updated_at=now)
        )
        code = codes.new_code()
        # An administrator's re-sent invitation always replaces the code (no one-minute resend wait):
        # the emailed code must be the stored one.
        self._store_code(self.reset_codes, user_sub, email, code, INVITATION_VALIDITY, min_interval=timedelta(0))
        return code

    # codes and counters -------------------------------------------------------------------
    def _code_opens(self, store: VerificationStore, user: CognitoUser, code: str) -> bool:
        attempt = store.consume_attempt(user.user_sub, max_attempts=MAX_ATTEMPTS)
        stored = attempt.code
        if attempt.exhausted or stored is None or stored.expires_at <= self._now():
            return False
        return codes.code_matches(code, user_sub=user.user_sub, salt=stored.salt, expected_hash=stored.code_hash)

    def _wait_turn(self, guard: str) -> None:
        wait = self.attempts.wait_seconds(guard, self._now())
        if wait:
            raise TooManyAttemptsError(wait)

    def _failed(self, guard: str) -> NoReturn:
        self.attempts.record(guard, self._now(), CODE_BACKOFF)
        raise CodeNotAcceptedError()

    @contextmanager
    def _count_send(self, purpose: str, email: str, client: str) -> Iterator[None]:
        """At most one email per address and client a minute, doubling after each one; an email
        that could not be sent does not count (the next request may try again at once)."""
        guard = attempt_digest(f"send:{purpose}", email, client)
        wait = self.attempts.wait_seconds(guard, self._now())
        if wait:
            raise ResendTooSoonError(wait)
        self.attempts.record(guard, self._now(), SEND_BACKOFF)
        try:
            yield
        except VerificationMailError:
            self.attempts.clear(guard)
            raise

    def _tell_owner(self, email: str) -> None:
        """Someone signed up with an address that has an account: tell its owner, not the caller."""
        message = templates.account_exists_notice(email, self.site_url)
        try:
            self.mail.send(message)
        except MailError:
            logger.error("account notice email failed", extra={"to": codes.mask_email(email)})

    def _store_code(
        self,
        store: VerificationStore,
        user_sub: str,
        email: str,
        code: str,
        validity: timedelta,
        privacy_notice_version: int | None = None,
        min_interval: timedelta = RESEND_INTERVAL,
    ) -> int:
        salt = codes.new_salt()
        now = self._now()
        record = VerificationCode(
            user_sub=user_sub,
            email=email,
            code_hash=codes.code_hash(code, user_sub=user_sub, salt=salt),
            salt=salt,
            issued_at=now,
            expires_at=now + int(validity.total_seconds()),
            privacy_notice_version=privacy_notice_version,
        )
        return store.issue(record, min_interval_seconds=int(min_interval.total_seconds()))

    def _send_code(
        self,
        user_sub: str,
        email: str,
        display_name: str,
        *,
        account_created: bool,
        reset: bool = False,
        privacy_notice_version: int | None = None,
    ) -> None:
        store = self.reset_codes if reset else self.codes
        code = codes.new_code()
        if self._store_code(store, user_sub, email, code, CODE_VALIDITY, privacy_notice_version):
            # A code went to this account less than a minute ago (from another client): no new one,
            # and no different answer either.
            return
        build = templates.reset_email if reset else templates.verification_email
        message = build(
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
            store.delete(user_sub)
            logger.error("verification email failed", extra={"to": codes.mask_email(email)})
            raise VerificationMailError(account_created=account_created) from exc
        logger.info("verification email sent", extra={"to": codes.mask_email(email)})

    # sessions ------------------------------------------------------------------------------
    def login(self, request: LoginRequest) -> LoginResult:
        new_password = request.new_password.get_secret_value() if request.new_password else None
        tokens = self.cognito.log_in(request.email, request.password.get_secret_value(), new_password, request.mfa_code)
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
            mfa_enrolled=principal.mfa_enrolled,
            mfa_required=principal.has_any(MFA_REQUIRED) and not principal.second_factor,
        )

    # retention -------------------------------------------------------------------------------
    def sweep_stale_signups(self) -> SignupSweep:
        """The daily schedule's run of `remove_stale_signups`."""
        return SignupSweep(removed=self.remove_stale_signups())

    def remove_stale_signups(self) -> int:
        """Delete accounts never confirmed within `UNCONFIRMED_RETENTION` (and their codes): the
        aviso de privacidad promises it. Runs daily (app.py); returns how many were removed."""
        cutoff = self.clock() - UNCONFIRMED_RETENTION
        removed = 0
        for user, created in self.cognito.unconfirmed_users():
            if created > cutoff:
                continue
            self.cognito.delete_user(user.email)
            self.codes.delete(user.user_sub)
            removed += 1
        logger.info("stale sign-ups removed", extra={"removed": removed})
        return removed

    # identity from the app's own record ----------------------------------------------------
    def verified(self, claimed: Principal) -> Principal:
        """The caller with the email and name of the app's record (chalicelib/auth/callers.py)."""
        return Callers(self.records, clock=self.clock, mfa_exempt=self.mfa_exempt).verified(claimed)

    def rename(self, principal: Principal, request: DisplayNameRequest) -> Me:
        """Rectification of the display name (ARCO): the record, and the pool for its emails."""
        record = self.records.get(principal.user_id)
        now = self.clock()
        if record is None:
            record = AccountRecord(
                user_id=principal.user_id, email=principal.email, display_name="", created_at=now, updated_at=now
            )
        self.records.put(record.model_copy(update={"display_name": request.display_name, "updated_at": now}))
        self.cognito.set_display_name(record.email, request.display_name)
        return self.me(principal.model_copy(update={"display_name": request.display_name}))

    def _now(self) -> int:
        return int(self.clock().timestamp())
