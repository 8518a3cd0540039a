"""Who is calling, from the app's own account record (not from claims the user can write).

Every signed-in request runs this, so it lives apart from the accounts service: a proposal submission
does not import sign-up, Cognito or account email code on its cold start (issue 11)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from chalicelib.auth.principal import Principal
from chalicelib.storage.account_store import AccountRecord, AccountStore


class Callers:
    def __init__(
        self, records: AccountStore, *, clock: Callable[[], datetime], mfa_exempt: Callable[[str], bool]
    ) -> None:
        self.records = records
        self.clock = clock
        self.mfa_exempt = mfa_exempt

    def verified(self, claimed: Principal) -> Principal:
        """The caller with the email and name of the app's record, not of the token's claims.

        Accounts made before the record existed (or by `decide create-user`) get one on first
        use, from the claims then current, cleaned; after that the claims no longer count."""
        record = self.records.get(claimed.user_id)
        if record is None:
            from chalicelib.accounts.models import safe_display_name  # once per account ever

            now = self.clock()
            record = self.records.create_if_absent(
                AccountRecord(
                    user_id=claimed.user_id,
                    email=claimed.email,
                    display_name=safe_display_name(claimed.display_name or ""),
                    created_at=now,
                    updated_at=now,
                )
            )
        if record.deleted_at is not None:
            from chalicelib.accounts.errors import AccountDeletedError

            raise AccountDeletedError()
        if record.disabled_at is not None:
            from chalicelib.accounts.errors import AccountDisabledError

            raise AccountDisabledError()
        # A session passed TOTP when it began after TOTP was enrolled: from then on Cognito
        # challenges every log-in for the code (and enrolling ended every older session).
        enrolled_at = record.mfa_enrolled_at
        passed = (
            enrolled_at is not None
            and claimed.authenticated_at is not None
            and claimed.authenticated_at >= int(enrolled_at.timestamp())
        )
        return claimed.model_copy(
            update={
                "email": record.email,
                "display_name": record.display_name or None,
                "mfa_enrolled": enrolled_at is not None,
                "second_factor": passed or self.mfa_exempt(record.email),
            }
        )
