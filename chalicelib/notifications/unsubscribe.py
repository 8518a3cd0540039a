"""One-click unsubscribe (RFC 8058) and citizens' notification settings.

Every notification email carries `List-Unsubscribe: <https://…/v1/unsubscribe?token=…>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`. The token names who (a citizen's account, or
an email address for party and candidate mail), which kind of email (`EmailTopic`) and until when it
is valid, signed with HMAC-SHA256 under `EMAIL_LINK_KEY`:

    <base64url(JSON {"a": audience, "s": subject, "t": topic, "x": expiry epoch})>.<base64url(MAC)>

A POST with the one-click body stops that kind of email for that person or address; a GET shows
an es-MX page that asks before doing it (mail scanners follow GET links). A forged or altered token
is a 400, an expired one a 410: neither changes anything. Needs no sign-in: the token is the proof.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from html import escape
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.auth.principal import Principal
from chalicelib.errors import DecideError, Gone, InvalidInput, Unavailable
from chalicelib.messages import text
from chalicelib.notifications.models import CitizenNotificationSettings, EmailTopic, OptOut
from chalicelib.settings import Settings
from chalicelib.storage.notification_store import NotificationStore

TOKEN_DAYS = 90
TOKEN_PATTERN = r"^[A-Za-z0-9_-]{10,600}\.[A-Za-z0-9_-]{20,60}$"
SETTINGS_PAGE = "mi-cuenta/avisos"


class Audience(StrEnum):
    CITIZEN = "c"  # subject: the account's user id (the settings of that person)
    ADDRESS = "a"  # subject: an email address (party notification addresses, candidates)


CITIZEN_TOPICS = frozenset({EmailTopic.OWN, EmailTopic.SUPPORTED})


class UnsubscribeTokenInvalidError(InvalidInput):
    """Forged, altered or not a token at all: nothing is changed."""

    code = "unsubscribe_token_invalid"


class UnsubscribeTokenExpiredError(Gone):
    code = "unsubscribe_token_expired"


class UnsubscribeUnavailableError(Unavailable):
    """EMAIL_LINK_KEY is not configured: no token can be checked."""

    code = "unsubscribe_unavailable"


@dataclass(frozen=True)
class Claims:
    audience: Audience
    subject: str
    topic: EmailTopic


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(value: str) -> bytes:
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4))


def _mac(key: str, purpose: str, payload: str) -> bytes:
    return hmac.new(key.encode(), f"{purpose}:{payload}".encode(), hashlib.sha256).digest()


def sign_link(key: str, purpose: str, fields: dict[str, str], expires: datetime) -> str:
    """`<payload>.<MAC>`: the fields and the expiry, signed for one purpose (a token signed for one
    purpose is never valid for another)."""
    body = json.dumps({**fields, "x": int(expires.timestamp())}, separators=(",", ":"), sort_keys=True)
    payload = _b64(body.encode())
    return f"{payload}.{_b64(_mac(key, purpose, payload))}"


def read_link(
    key: str, purpose: str, token: str, now: datetime, invalid: DecideError, expired: DecideError
) -> dict[str, str]:
    """The signed fields if the MAC is right and the token has not expired; nothing else is trusted."""
    payload, _, mac = token.partition(".")
    try:
        if not hmac.compare_digest(_unb64(mac), _mac(key, purpose, payload)):
            raise invalid
        raw = json.loads(_unb64(payload))
        expires = int(raw.pop("x"))
        fields = {str(k): str(v) for k, v in raw.items()}
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise invalid from exc
    if expires < now.timestamp():
        raise expired
    return fields


def sign_token(key: str, audience: Audience, subject: str, topic: EmailTopic, now: datetime) -> str:
    fields = {"a": audience.value, "s": subject, "t": topic.value}
    return sign_link(key, "unsubscribe", fields, now + timedelta(days=TOKEN_DAYS))


def read_token(key: str, token: str, now: datetime) -> Claims:
    """Who and which kind of email a one-click token names (400 forged or altered, 410 expired)."""
    if not key:
        raise UnsubscribeUnavailableError(text("unsubscribe.unavailable"))
    invalid = UnsubscribeTokenInvalidError(text("unsubscribe.invalid"), {"field": "token"})
    expired = UnsubscribeTokenExpiredError(text("unsubscribe.expired"), {"field": "token"})
    fields = read_link(key, "unsubscribe", token, now, invalid, expired)
    try:
        claims = Claims(Audience(fields["a"]), fields["s"], EmailTopic(fields["t"]))
    except (KeyError, ValueError) as exc:
        raise invalid from exc
    if (claims.audience == Audience.CITIZEN) != (claims.topic in CITIZEN_TOPICS):
        raise invalid
    return claims


def settings_page(settings: Settings, topic: EmailTopic) -> str:
    """Where the reader chooses their emails: a citizen's account, a party's settings, or none."""
    site = settings.web_base_url.rstrip("/")
    if topic in CITIZEN_TOPICS:
        return f"{site}/#/{SETTINGS_PAGE}"
    return "" if topic == EmailTopic.IDENTITY else f"{site}/#/partido/ajustes"


def opt_out_for(
    settings: Settings, audience: Audience, subject: str, topic: EmailTopic, now: datetime
) -> OptOut | None:
    """The way out of one email; None if no key is configured (the email then has no header)."""
    if not settings.email_link_key:
        return None
    token = sign_token(settings.email_link_key, audience, subject, topic, now)
    return OptOut(
        f"{settings.unsubscribe_base_url}/v1/unsubscribe?token={token}", settings_page(settings, topic), topic
    )


class UnsubscribeQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(pattern=TOKEN_PATTERN, description="The signed token of the email's List-Unsubscribe URL")


class OneClickBody(BaseModel):
    """RFC 8058's body, form-encoded (`List-Unsubscribe=One-Click`) or as JSON."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    list_unsubscribe: Literal["One-Click"] = Field(alias="List-Unsubscribe")


class Unsubscribed(BaseModel):
    topic: EmailTopic
    message: str


@dataclass
class Unsubscriber:
    settings: Settings
    notifications: NotificationStore
    clock: Callable[[], datetime]

    def _claims(self, token: str) -> Claims:
        return read_token(self.settings.email_link_key, token, self.clock())

    def confirmation_page(self, query: UnsubscribeQuery) -> str:
        """The es-MX page a GET of the link shows: what stops, and a button that stops it."""
        claims = self._claims(query.token)
        what = text(f"unsubscribe.topic.{claims.topic.value}")
        page = settings_page(self.settings, claims.topic) or self.settings.web_base_url
        return text(
            "unsubscribe.page",
            title=escape(text("unsubscribe.page_title")),
            question=escape(text("unsubscribe.question", what=what)),
            button=escape(text("unsubscribe.button")),
            settings=escape(page, quote=True),
            settings_label=escape(text("unsubscribe.settings_link")),
            done=escape(text("unsubscribe.done", what=what)),
        )

    def one_click(self, query: UnsubscribeQuery, body: OneClickBody) -> Unsubscribed:
        claims = self._claims(query.token)
        if claims.audience == Audience.CITIZEN:
            current = self.notifications.citizen_settings(claims.subject)
            self.notifications.save_citizen_settings(
                claims.subject, current.model_copy(update={claims.topic.value: False})
            )
        else:
            self.notifications.opt_out(claims.subject, claims.topic.value, self.clock())
        return Unsubscribed(
            topic=claims.topic, message=text("unsubscribe.done", what=text(f"unsubscribe.topic.{claims.topic.value}"))
        )


@dataclass
class NotificationPreferences:
    """A citizen's own choice of emails (GET/PUT /v1/me/notification-settings)."""

    notifications: NotificationStore

    def get(self, principal: Principal) -> CitizenNotificationSettings:
        return self.notifications.citizen_settings(principal.user_id)

    def save(self, principal: Principal, body: CitizenNotificationSettings) -> CitizenNotificationSettings:
        self.notifications.save_citizen_settings(principal.user_id, body)
        return body
