"""Failed-code counters per (purpose, address, client), with exponential back-off.

A stranger guessing codes for someone else's address is slowed down on *their* counter, so the
owner (another client) still has the code's own attempts left. The counter exists for every
address, known or not, so its answers say nothing about which addresses have accounts. Only a
SHA-256 of the triple is stored; `expires_at` is the table's TTL (readers check it too).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable

WINDOW_SECONDS = 24 * 3600
ENTITY = "CodeAttempts"


@dataclass(frozen=True)
class Backoff:
    """`free` failures pass; then each failure blocks for base·2ⁿ seconds, at most `cap`."""

    free: int
    base_seconds: int
    cap_seconds: int

    def block_after(self, failures: int) -> int:
        if failures < self.free:
            return 0
        return int(min(self.base_seconds * 2 ** (failures - self.free), self.cap_seconds))


def attempt_digest(purpose: str, email: str, client: str) -> str:
    return hashlib.sha256(f"{purpose}\x1f{email}\x1f{client}".encode()).hexdigest()


class AttemptStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def wait_seconds(self, digest: str, now: int) -> int:
        """Seconds this caller must wait before the next try (0: go ahead)."""
        item = self.table.get(keys.code_attempts(digest))
        if item is None or _number(item.attributes, "expires_at") <= now:
            return 0
        return max(0, _number(item.attributes, "blocked_until") - now)

    def record(self, digest: str, now: int, backoff: Backoff) -> int:
        """Count one failure (or one send) atomically; returns the seconds now blocked."""
        key = keys.code_attempts(digest)
        attributes = self.table.update(
            key,
            "SET failures = if_not_exists(failures, :zero) + :one, expires_at = :expires, entity = :entity",
            values={
                ":zero": {"N": "0"},
                ":one": {"N": "1"},
                ":expires": {"N": str(now + WINDOW_SECONDS)},
                ":entity": {"S": ENTITY},
            },
        )
        blocked = backoff.block_after(_number(attributes, "failures"))
        if blocked:
            self.table.update(key, "SET blocked_until = :until", values={":until": {"N": str(now + blocked)}})
        return blocked

    def clear(self, digest: str) -> None:
        self.table.delete(keys.code_attempts(digest))


def _number(attributes: dict[str, object], name: str) -> int:
    value = attributes.get(name)
    return int(value.get("N", "0")) if isinstance(value, dict) else 0
