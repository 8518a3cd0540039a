"""The SES adapter. Sends one rendered email; `ClientError` becomes `MailError`.

The message is built with Python's `email` package (multipart/alternative: plain text, then HTML)
and sent raw (SES SendRawEmail), so it can carry headers of its own such as `List-Unsubscribe` and
`List-Unsubscribe-Post` (RFC 8058). Header values never hold a line break: control characters in a
subject or address are replaced before the header is written (and the `email` package refuses any
that would remain), so a person's text can never add a header.

On the local stack a copy of every sent email is also written to `local_mailbox_dir`
(read by `decide mailbox`), because moto's SES keeps sent mail where no client can read it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.adapters.clients import LazyClient, default_client
from chalicelib.errors import Unavailable

_SES_CLIENT = default_client("ses")


class MailError(Unavailable):
    """SES refused or failed to send; the caller retries (the queue redelivers)."""

    code = "mail_unavailable"


class MailThrottledError(MailError):
    """SES refused for the account's sending rate or daily quota: wait for a slot or defer, never fail."""

    code = "mail_throttled"


class Email(BaseModel):
    model_config = ConfigDict(frozen=True)

    to: str
    subject: str
    text: str
    html: str
    kind: str
    # Extra headers (e.g. List-Unsubscribe); names are fixed by the templates, values may hold user text.
    headers: dict[str, str] = Field(default_factory=dict)


_LINE_BREAKING = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def header_value(value: str) -> str:
    """One line: every control character (CR, LF, NUL, tab...) becomes a single space."""
    return _LINE_BREAKING.sub(" ", value).strip()


def mime_message(sender: str, email: Email) -> EmailMessage:
    """The email as sent: headers, then a text/plain and a text/html alternative, both UTF-8.

    Both parts are quoted-printable so the whole message is 7-bit ASCII, as SES recommends for raw
    messages (the SMTP policy would otherwise send accented text as 8bit bytes)."""
    message = EmailMessage(policy=SMTP)
    message["From"] = header_value(sender)
    message["To"] = header_value(email.to)
    message["Subject"] = header_value(email.subject)
    message["Date"] = formatdate(usegmt=True)
    for name, value in email.headers.items():
        message[name] = header_value(value)
    message.set_content(email.text, subtype="plain", charset="utf-8", cte="quoted-printable")
    message.add_alternative(email.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return message


class MailSender(LazyClient[Any]):
    def __init__(
        self,
        sender: str,
        *,
        configuration_set: str = "",
        local_mailbox_dir: str = "",
        client_factory: Callable[[], Any] = _SES_CLIENT,
    ) -> None:
        self.sender = sender
        self.configuration_set = configuration_set
        self.local_mailbox = Path(local_mailbox_dir) if local_mailbox_dir else None
        self._client_factory = client_factory

    def send(self, email: Email) -> str:
        """Send and return the SES message id."""
        from botocore.exceptions import BotoCoreError, ClientError

        raw = mime_message(self.sender, email).as_bytes()
        kwargs: dict[str, Any] = {
            "Source": header_value(self.sender),
            "Destinations": [header_value(email.to)],
            "RawMessage": {"Data": raw},
        }
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        try:
            message_id: str = self.client.send_raw_email(**kwargs)["MessageId"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("Throttling", "ThrottlingException"):
                raise MailThrottledError(f"SES throttled a {email.kind} email") from exc
            raise MailError(f"SES could not send a {email.kind} email") from exc
        except BotoCoreError as exc:
            raise MailError(f"SES could not send a {email.kind} email") from exc
        if self.local_mailbox is not None:
            self._keep_local_copy(email, message_id, raw)
        return message_id

    def _keep_local_copy(self, email: Email, message_id: str, raw: bytes) -> None:
        self.local_mailbox.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        name = f"{time.time_ns()}-{re.sub(r'[^a-z0-9]+', '-', email.to.lower())}.json"
        # `raw` is the MIME message exactly as handed to SES (tests parse it with the `email` package)
        record = {"message_id": message_id, "from": self.sender, **email.model_dump(), "raw": raw.decode("ascii")}
        (self.local_mailbox / name).write_text(json.dumps(record, ensure_ascii=False, indent=2))  # type: ignore[operator]


def read_mailbox(directory: str) -> list[dict[str, Any]]:
    """Every email kept in a local mailbox, oldest first."""
    path = Path(directory)
    if not path.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(path.glob("*.json"))]
