"""A party's notification address is used only after its owner confirms it (issue 15).

Saving a new address in the party's settings emails it a signed link (7 days; HMAC-SHA256 under
`EMAIL_LINK_KEY`, purpose "confirm-address"): `<payload>.<MAC>` naming the process, the contender
and the address. Until the owner confirms, notices for that party go to the institute's address
(which is told whose they are). The link opens the web front's page, which asks and then POSTs the
token to `/v1/party/address-confirmation`.
Confirming also withdraws an earlier one-click opt-out of party notices for that address.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.adapters.mail import MailError, MailSender
from chalicelib.elections.models import ElectoralProcess
from chalicelib.errors import Gone, InvalidInput, Unavailable
from chalicelib.messages import text
from chalicelib.notifications import templates
from chalicelib.notifications.models import EmailTopic, PartySettings
from chalicelib.notifications.unsubscribe import TOKEN_PATTERN, read_link, sign_link
from chalicelib.observability import logger
from chalicelib.settings import Settings
from chalicelib.storage.notification_store import NotificationStore

CONFIRM_DAYS = 7
PURPOSE = "confirm-address"
PARTY_TOPICS = (EmailTopic.PARTY_PROPOSALS.value, EmailTopic.PARTY_PROFILES.value)


class AddressLinkInvalidError(InvalidInput):
    code = "address_link_invalid"


class AddressLinkExpiredError(Gone):
    code = "address_link_expired"


class AddressLinksUnavailableError(Unavailable):
    code = "address_links_unavailable"


class AddressQuery(BaseModel):
    model_config = ConfigDict(extra="forbid")

    token: str = Field(pattern=TOKEN_PATTERN, description="The signed token of the confirmation link")


class AddressConfirmBody(BaseModel):
    """The page's button (form-encoded `confirm=yes`, or JSON)."""

    model_config = ConfigDict(extra="forbid")

    confirm: bool = Field(description="Always true: the owner confirms the address is theirs")


class AddressConfirmed(BaseModel):
    address: str
    message: str


@dataclass
class AddressConfirmations:
    settings: Settings
    notifications: NotificationStore
    mail: MailSender
    clock: Callable[[], datetime]

    def link(self, process_id: str, contender_id: str, address: str) -> str:
        fields = {"p": process_id, "c": contender_id, "a": address}
        token = sign_link(self.settings.email_link_key, PURPOSE, fields, self.clock() + timedelta(days=CONFIRM_DAYS))
        # the web front's page asks, then POSTs the token (the link itself changes nothing)
        return f"{self.settings.web_base_url.rstrip('/')}/#/partido/confirmar-direccion?token={token}"

    def ask(self, process: ElectoralProcess, contender: str, settings: PartySettings, addresses: list[str]) -> None:
        """Email each new address its confirmation link (a failed send leaves it unconfirmed: the
        party sees it pending and may remove and add it again)."""
        if not self.settings.email_link_key:
            logger.warning("no EMAIL_LINK_KEY: party addresses cannot be confirmed")
            return
        for address in addresses:
            link = self.link(process.id, settings.contender_id, address)
            email = templates.address_confirmation(address, contender, process.name, link, process.is_drill)
            try:
                self.mail.send(email)
            except MailError:
                logger.error("address confirmation email failed", extra={"contender_id": settings.contender_id})

    def _fields(self, token: str) -> dict[str, str]:
        if not self.settings.email_link_key:
            raise AddressLinksUnavailableError(text("address_link.unavailable"))
        invalid = AddressLinkInvalidError(text("address_link.invalid"), {"field": "token"})
        expired = AddressLinkExpiredError(text("address_link.expired"), {"field": "token"})
        fields = read_link(self.settings.email_link_key, PURPOSE, token, self.clock(), invalid, expired)
        if not {"p", "c", "a"} <= set(fields):
            raise invalid
        return fields

    def confirm(self, query: AddressQuery, body: AddressConfirmBody) -> AddressConfirmed:
        fields = self._fields(query.token)
        address = fields["a"]
        current = self.notifications.party_settings(fields["p"], fields["c"])
        if address not in current.addresses:
            # removed (or replaced) since the link was sent: nothing to confirm
            raise AddressLinkInvalidError(text("address_link.removed", address=address), {"field": "token"})
        if address in current.unconfirmed_addresses:
            unconfirmed = [a for a in current.unconfirmed_addresses if a != address]
            self.notifications.save_party_settings(current.model_copy(update={"unconfirmed_addresses": unconfirmed}))
        self.notifications.clear_opt_outs(address, PARTY_TOPICS)
        return AddressConfirmed(address=address, message=text("address_link.done", address=address))
