"""Where replies go: AWS End User Messaging SMS, or the local outbox of the local stack.

A channel takes the channel-neutral answer text and delivers it; the SMS channels write it in
GSM-7 within two segments (see `gsm7`). A WhatsApp or voice channel would implement `send` the
same way with its own budget.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable
from chalicelib.sms import gsm7

# Two concatenated GSM-7 segments: what the lookup promises to stay within.
SMS_MAX_UNITS = 2 * gsm7.CONCATENATED_SEGMENT


_PINPOINT_SMS_VOICE_V2_CLIENT = default_client("pinpoint-sms-voice-v2")


class SmsError(Unavailable):
    """The SMS API refused or failed to send; SNS retries the delivery to the handler."""

    code = "sms_unavailable"


class OutboundSms(BaseModel):
    model_config = ConfigDict(frozen=True)

    to: str  # E.164; only ever passed to the SMS API, never stored or logged
    to_hash: str
    body: str
    in_reply_to: str  # the inbound message id


def sms_fits(text: str) -> bool:
    return gsm7.units(gsm7.transliterate(text)) <= SMS_MAX_UNITS


class SmsChannel(Protocol):
    def send(self, message: OutboundSms) -> str: ...


class EndUserMessagingSms(LazyClient[Any]):
    """SendTextMessage from the configured origination identity (phone number, short code or pool)."""

    def __init__(
        self,
        origination_identity: str,
        *,
        configuration_set: str = "",
        client_factory: Callable[[], Any] = _PINPOINT_SMS_VOICE_V2_CLIENT,
    ) -> None:
        self.origination_identity = origination_identity
        self.configuration_set = configuration_set
        self._client_factory = client_factory

    def send(self, message: OutboundSms) -> str:
        from botocore.exceptions import BotoCoreError, ClientError

        if not self.origination_identity:
            raise SmsError("no SMS origination identity is configured (SMS_ORIGINATION_IDENTITY)")
        kwargs: dict[str, Any] = {
            "DestinationPhoneNumber": message.to,
            "OriginationIdentity": self.origination_identity,
            "MessageBody": gsm7.transliterate(message.body),
            "MessageType": "TRANSACTIONAL",
            "MaxPrice": "0.50",  # per message part, in USD: refuses a route priced far above the estimate
            "Context": {"in_reply_to": message.in_reply_to},
        }
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        try:
            message_id: str = self.client.send_text_message(**kwargs)["MessageId"]
        except (ClientError, BotoCoreError) as exc:
            raise SmsError("the SMS API could not send a reply") from exc
        return message_id


def masked(number: str) -> str:
    """'+52******1234' becomes '+52*******34': enough to tell local test numbers apart, not to dial."""
    return number[:3] + "*" * max(len(number) - 5, 0) + number[-2:]


class LocalOutbox:
    """The local stack's SMS API: every reply is kept as a JSON file for `decide sms` and tests.

    Like the SMS API, it is given the destination; it keeps only a masked form and the hash."""

    def __init__(self, directory: str) -> None:
        self.directory = Path(directory)

    def send(self, message: OutboundSms) -> str:
        self.directory.mkdir(parents=True, exist_ok=True)
        body = gsm7.transliterate(message.body)
        message_id = f"local-{time.time_ns()}"
        record = {
            "message_id": message_id,
            "in_reply_to": message.in_reply_to,
            "to": masked(message.to),
            "to_hash": message.to_hash,
            "body": body,
            "units": gsm7.units(body),
            "segments": gsm7.segments(body),
        }
        name = f"{time.time_ns()}-{re.sub(r'[^a-zA-Z0-9-]+', '-', message.in_reply_to)}.json"
        (self.directory / name).write_text(json.dumps(record, ensure_ascii=False, indent=2))
        return message_id


def read_outbox(directory: str) -> list[dict[str, Any]]:
    """Every reply kept in a local outbox, oldest first."""
    path = Path(directory)
    if not path.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(path.glob("*.json"))]
