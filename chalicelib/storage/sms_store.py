"""SMS counters and opt-outs, keyed by a keyed hash of the phone number (the number is never stored)."""

from __future__ import annotations

from chalicelib.storage import keys
from chalicelib.storage.table import ConditionFailedError, DocumentTable, StoredItem

WINDOW_ENTITY = "SmsWindow"
INBOUND_ENTITY = "SmsInbound"
OPT_OUT_ENTITY = "SmsOptOut"
# Counters outlive their hour a little (TTL deletion is lazy anyway); the hour is in the key.
WINDOW_TTL_SECONDS = 2 * 3600


class SmsStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def claim(self, number_hash: str, message_id: str, now_epoch: int) -> bool:
        """Record an inbound message once; False when it was already answered (a redelivery)."""
        item = StoredItem(
            keys.sms_inbound(number_hash, message_id),
            INBOUND_ENTITY,
            "{}",
            {"expires_at": {"N": str(now_epoch + WINDOW_TTL_SECONDS)}},
        )
        try:
            self.table.put_if(item, "attribute_not_exists(pk)")
        except ConditionFailedError:
            return False
        return True

    def count_message(self, number_hash: str, hour: str, now_epoch: int) -> int:
        """Count one inbound message in the number's current hour; returns the count including it.

        One atomic UpdateItem (ADD), so concurrent messages from one number are all counted."""
        attributes = self.table.update(
            keys.sms_window(number_hash, hour),
            "ADD messages :one SET #entity = :entity, expires_at = if_not_exists(expires_at, :expires)",
            names={"#entity": "entity"},
            values={
                ":one": {"N": "1"},
                ":entity": {"S": WINDOW_ENTITY},
                ":expires": {"N": str(now_epoch + WINDOW_TTL_SECONDS)},
            },
        )
        return int(attributes["messages"]["N"])

    def opted_out(self, number_hash: str) -> bool:
        return self.table.get(keys.sms_opt_out(number_hash)) is not None

    def opt_out(self, number_hash: str, at: str) -> None:
        self.table.put(StoredItem(keys.sms_opt_out(number_hash), OPT_OUT_ENTITY, "{}", {"opted_out_at": {"S": at}}))

    def opt_in(self, number_hash: str) -> None:
        self.table.delete(keys.sms_opt_out(number_hash))
