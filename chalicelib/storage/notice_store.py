"""Notice items (one per proposal and addressed contender) and the board counters kept from them.

Every write here is an UpdateItem that only adds (a message id to a set) or sets a value once
(`if_not_exists`), so each is idempotent and writers never conflict: the relay (publication and
first answer), the notifier (notices SES accepted), the SES feedback handler (bounces) and the
party's acknowledgement each touch the item alone, outside any request transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from chalicelib.storage import keys
from chalicelib.storage.table import DocumentTable, StoredItem

NOTICE_ENTITY = "Notice"


class NoticeStore:
    def __init__(self, table: DocumentTable) -> None:
        self.table = table

    def _set_once(self, proposal_id: str, contender_id: str, values: dict[str, str]) -> dict[str, Any]:
        names = {f"#a{n}": name for n, name in enumerate(values)}
        attrs: dict[str, Any] = {f":a{n}": {"S": value} for n, value in enumerate(values.values())}
        attrs[":entity"] = {"S": NOTICE_ENTITY}
        sets = ", ".join(f"#a{n} = if_not_exists(#a{n}, :a{n})" for n in range(len(values)))
        return self.table.update(
            keys.notice(proposal_id, contender_id),
            f"SET {sets}, entity = if_not_exists(entity, :entity)",
            names=names,
            values=attrs,
        )

    def published(self, proposal_id: str, contender_id: str, process_id: str, ballot_id: str, at: datetime) -> None:
        self._set_once(
            proposal_id,
            contender_id,
            {"process_id": process_id, "ballot_id": ballot_id, "published_at": at.isoformat()},
        )

    def answered(self, proposal_id: str, contender_id: str, stance: str, at: datetime) -> None:
        """The first answer's time and stance (edits never move them)."""
        self._set_once(proposal_id, contender_id, {"answered_at": at.isoformat(), "stance": stance})

    def acknowledged(self, proposal_id: str, contender_id: str, at: datetime) -> datetime:
        """Set once; returns the time first recorded."""
        stored = self._set_once(proposal_id, contender_id, {"acknowledged_at": at.isoformat()})
        return datetime.fromisoformat(stored["acknowledged_at"]["S"])

    def _add(self, proposal_id: str, contender_id: str, name: str, message_id: str) -> None:
        self.table.update(
            keys.notice(proposal_id, contender_id),
            "ADD #set :id SET entity = if_not_exists(entity, :entity)",
            names={"#set": name},
            values={":id": {"SS": [message_id]}, ":entity": {"S": NOTICE_ENTITY}},
        )

    def sent(self, message_id: str, notices: Sequence[tuple[str, str]]) -> None:
        """SES accepted `message_id` carrying these (proposal, contender) notices."""
        for proposal_id, contender_id in notices:
            self.table.put(
                StoredItem(keys.notice_message(message_id, proposal_id, contender_id), "NoticeMessage", "{}")
            )
            self._add(proposal_id, contender_id, "sent", message_id)

    def bounced(self, message_id: str) -> int:
        """SES reported a permanent bounce of `message_id`: every notice it carried is marked bounced."""
        found = self.table.query(keys.notice_message_pk(message_id))
        for item in found:
            proposal_id, contender_id = item.key.sk.removeprefix("NOTICE#").rsplit("#", 1)
            self._add(proposal_id, contender_id, "bounced", message_id)
        return len(found)

    def message_ids(self, proposal_id: str, contender_id: str) -> set[str]:
        item = self.table.get(keys.notice(proposal_id, contender_id))
        return set(item.attributes.get("sent", {}).get("SS", [])) if item else set()

    def counts(self, scope_pk: str) -> dict[str, dict[str, Any]]:
        """Every contender's counters in a scope (process or ballot): one Query, bounded by contenders."""
        items = self.table.query(scope_pk, keys.RESPONSIVENESS_SK_PREFIX)
        return {i.key.sk.removeprefix(keys.RESPONSIVENESS_SK_PREFIX): i.attributes for i in items}
