"""Pending email-verification codes, one per account, over `DocumentTable`.

The item holds only a salted hash of the code. Native attributes drive the rules atomically:
`code_attempts` (each comparison consumes one, by a conditional update, so concurrent guesses
cannot exceed the limit), `code_sent_at` (a new code needs the previous one to be old enough) and
`expires_at` (the table's TTL attribute; TTL deletion is lazy, so readers check it too).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict

from chalicelib.storage import keys
from chalicelib.storage.table import ConditionFailedError, DocumentTable, StoredItem

ENTITY = "EmailVerification"


class VerificationCode(BaseModel):
    model_config = ConfigDict(frozen=True)

    user_sub: str
    email: str
    code_hash: str
    salt: str
    issued_at: int
    expires_at: int
    # The aviso de privacidad version accepted at sign-up, carried to the account's record.
    privacy_notice_version: int | None = None


@dataclass(frozen=True)
class Attempt:
    """The outcome of consuming one attempt: the code to compare, or why there is none."""

    code: VerificationCode | None
    attempts: int = 0
    exhausted: bool = False


class VerificationStore:
    """One pending code per account. `key` names which code: the sign-up confirmation by default,
    `keys.account_reset` for password resets and invitations (a separate item, so one cannot
    replace or burn the other)."""

    def __init__(self, table: DocumentTable, key: Callable[[str], keys.Key] = keys.account_verification) -> None:
        self.table = table
        self._key = key

    def issue(self, code: VerificationCode, *, min_interval_seconds: int) -> int:
        """Store `code` in place of any previous one, unless that one was sent less than
        `min_interval_seconds` ago. Returns 0 when stored, else the seconds left to wait."""
        item = StoredItem(
            self._key(code.user_sub),
            ENTITY,
            code.model_dump_json(),
            {
                "code_attempts": {"N": "0"},
                "code_sent_at": {"N": str(code.issued_at)},
                "expires_at": {"N": str(code.expires_at)},
            },
        )
        cutoff = code.issued_at - min_interval_seconds
        try:
            self.table.put_if(
                item, "attribute_not_exists(pk) OR code_sent_at <= :cutoff", values={":cutoff": {"N": str(cutoff)}}
            )
        except ConditionFailedError:
            previous = self.table.get(item.key)
            sent_at = _number(previous.attributes, "code_sent_at") if previous else cutoff
            return max(1, sent_at - cutoff)
        return 0

    def consume_attempt(self, user_sub: str, *, max_attempts: int) -> Attempt:
        """Count one comparison against the code, atomically, and return the code to compare."""
        key = self._key(user_sub)
        try:
            attributes = self.table.update(
                key,
                "SET code_attempts = code_attempts + :one",
                values={":one": {"N": "1"}, ":max": {"N": str(max_attempts)}},
                condition="attribute_exists(pk) AND code_attempts < :max",
            )
        except ConditionFailedError:
            return Attempt(code=None, exhausted=self.table.get(key) is not None)
        return Attempt(
            code=VerificationCode.model_validate_json(attributes["doc"]["S"]),
            attempts=_number(attributes, "code_attempts"),
        )

    def get(self, user_sub: str) -> VerificationCode | None:
        item = self.table.get(self._key(user_sub))
        return VerificationCode.model_validate_json(item.doc) if item else None

    def delete(self, user_sub: str) -> None:
        self.table.delete(self._key(user_sub))


def _number(attributes: dict[str, Any], name: str) -> int:
    return int(attributes.get(name, {}).get("N", "0"))
