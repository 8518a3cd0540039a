"""The SES adapter. Sends one rendered email; `ClientError` becomes `MailError`.

On the local stack a copy of every sent email is also written to `local_mailbox_dir`
(read by `decide mailbox`), because moto's SES keeps sent mail where no client can read it.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

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

        kwargs: dict[str, Any] = {
            "Source": self.sender,
            "Destination": {"ToAddresses": [email.to]},
            "Message": {
                "Subject": {"Data": email.subject, "Charset": "UTF-8"},
                "Body": {
                    "Text": {"Data": email.text, "Charset": "UTF-8"},
                    "Html": {"Data": email.html, "Charset": "UTF-8"},
                },
            },
        }
        if self.configuration_set:
            kwargs["ConfigurationSetName"] = self.configuration_set
        try:
            message_id: str = self.client.send_email(**kwargs)["MessageId"]
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("Throttling", "ThrottlingException"):
                raise MailThrottledError(f"SES throttled a {email.kind} email") from exc
            raise MailError(f"SES could not send a {email.kind} email") from exc
        except BotoCoreError as exc:
            raise MailError(f"SES could not send a {email.kind} email") from exc
        if self.local_mailbox is not None:
            self._keep_local_copy(email, message_id)
        return message_id

    def _keep_local_copy(self, email: Email, message_id: str) -> None:
        self.local_mailbox.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
        name = f"{time.time_ns()}-{re.sub(r'[^a-z0-9]+', '-', email.to.lower())}.json"
        record = {"message_id": message_id, "from": self.sender, **email.model_dump()}
        (self.local_mailbox / name).write_text(json.dumps(record, ensure_ascii=False, indent=2))  # type: ignore[operator]


def read_mailbox(directory: str) -> list[dict[str, Any]]:
    """Every email kept in a local mailbox, oldest first."""
    path = Path(directory)
    if not path.is_dir():
        return []
    return [json.loads(p.read_text()) for p in sorted(path.glob("*.json"))]
