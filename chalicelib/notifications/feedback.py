"""SES bounce and complaint notifications: mark a party's address as failing and tell the institute.

Only permanent bounces and complaints count: transient bounces (full mailbox, auto-replies
mistaken for bounces) are logged and ignored. The address is not silently removed: it stays
in the party's settings, marked failing (shown in the party portal), and no further notices
are sent to it until the party changes it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from chalicelib.notifications import templates
from chalicelib.notifications.delivery import Notifier
from chalicelib.observability import logger
from chalicelib.storage.notice_store import NoticeStore


def failing_recipients(notification: dict[str, Any]) -> tuple[str, list[str]]:
    """('bounce' | 'complaint' | '', addresses) from an SES event notification."""
    kind = str(notification.get("notificationType") or notification.get("eventType") or "").lower()
    if kind == "bounce":
        bounce = notification.get("bounce", {})
        if bounce.get("bounceType") != "Permanent":
            return "", []
        return "bounce", [r["emailAddress"].lower() for r in bounce.get("bouncedRecipients", [])]
    if kind == "complaint":
        complaint = notification.get("complaint", {})
        return "complaint", [r["emailAddress"].lower() for r in complaint.get("complainedRecipients", [])]
    return "", []


@dataclass(frozen=True)
class FeedbackMessage:
    """One SNS delivery of an SES notification: the SNS message id and the notification's JSON."""

    message_id: str
    message: str

    @classmethod
    def from_sns(cls, event: dict[str, Any]) -> FeedbackMessage:
        """From the SNS Lambda event (one record per invocation)."""
        sns = event["Records"][0]["Sns"]
        return cls(message_id=sns.get("MessageId", ""), message=sns["Message"])


@dataclass
class EmailFeedback:
    """The `record_email_feedback` Lambda's service: it owns the notifier and the notice store."""

    notifier: Notifier
    notices: NoticeStore

    def record(self, feedback: FeedbackMessage) -> list[str]:
        """The addresses marked failing by this notification."""
        return record_feedback(self.notifier, feedback.message_id, feedback.message, self.notices)


def record_feedback(notifier: Notifier, message_id: str, message: str, notices: NoticeStore | None = None) -> list[str]:
    """Handle one SNS message from SES; returns the addresses marked failing."""
    notification = json.loads(message)
    kind, addresses = failing_recipients(notification)
    if kind == "bounce":
        # the responsiveness board counts only delivered notices: this message's are marked bounced
        ses_message_id = str(notification.get("mail", {}).get("messageId") or "")
        if ses_message_id:
            (notices if notices is not None else NoticeStore(notifier.notifications.table)).bounced(ses_message_id)
    if not kind:
        logger.info("email feedback ignored (not a permanent bounce or a complaint)")
        return []
    marked = []
    store = notifier.notifications
    for address in addresses:
        for process_id, contender_id in store.owners_of(address):
            settings = store.party_settings(process_id, contender_id)
            if address not in settings.failing_addresses:
                store.save_party_settings(
                    settings.model_copy(update={"failing_addresses": [*settings.failing_addresses, address]})
                )
            process = notifier.elections.get_process(process_id)
            contenders = {c.id: c.name for c in notifier.elections.list_contenders(process_id)}
            name = contenders.get(contender_id, contender_id)
            alert = templates.address_failing(
                notifier.settings.institute_alerts_to,
                address,
                name,
                process.name if process else process_id,
                kind,
                bool(process and process.is_drill),
            )
            notifier.deliver(f"feedback:{message_id}:{process_id}:{contender_id}", alert.to, alert)
            marked.append(address)
    return marked
