"""Emails as SES received them, parsed with Python's `email` package (moto keeps raw messages)."""

from __future__ import annotations

from dataclasses import dataclass
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any, cast

from moto.core import DEFAULT_ACCOUNT_ID
from moto.ses.models import ses_backends


@dataclass(frozen=True)
class SentEmail:
    to: list[str]
    message: EmailMessage

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    def part(self, subtype: str) -> str:
        found = self.message.get_body(preferencelist=(subtype,))
        assert found is not None and found.get_content_subtype() == subtype, f"no text/{subtype} part"
        return str(cast(EmailMessage, found).get_content())

    @property
    def text(self) -> str:
        return self.part("plain")

    @property
    def body(self) -> str:  # what moto called the text of a formatted email
        return self.text

    @property
    def html(self) -> str:
        return self.part("html")

    def header(self, name: str) -> str | None:
        value = self.message[name]
        return None if value is None else str(value)


def parse(raw: str | bytes) -> EmailMessage:
    data = raw.decode("ascii") if isinstance(raw, bytes) else raw
    return cast(EmailMessage, message_from_string(data, policy=policy.default))


def sent_emails(address: str | None = None) -> list[SentEmail]:
    """Every email moto's SES accepted (optionally only those to `address`), oldest first."""
    found = []
    for message in ses_backends[DEFAULT_ACCOUNT_ID]["us-east-1"].sent_messages:
        raw: Any = getattr(message, "raw_data", None)
        assert raw is not None, "every email is sent raw (SendRawEmail)"
        parsed = parse(raw)
        to = [str(a) for a in message.destinations]
        if address is None or any(address in a for a in to):
            found.append(SentEmail(to=to, message=parsed))
    return found
