"""Answer one inbound text message: rate limit, opt-out, the lookup, the reply, metrics.

The phone number is hashed (HMAC-SHA256 with the stage's secret key) as soon as it arrives; only
the hash is stored or logged, and the number itself goes nowhere but the SMS API's destination.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from chalicelib.adapters.sms import OutboundSms, SmsChannel, sms_fits
from chalicelib.elections.lookup import LookupQuery, SectionNotFoundError, lookup
from chalicelib.errors import DecideError, InvalidInput
from chalicelib.messages import text
from chalicelib.observability import logger, metrics
from chalicelib.settings import Settings
from chalicelib.sms.answers import render, render_help, section_answer
from chalicelib.sms.requests import Intent, parse
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.sms_store import SmsStore

E164 = re.compile(r"^\+[1-9][0-9]{6,14}$")


class InboundSmsError(InvalidInput):
    code = "invalid_inbound_sms"


class InboundSms(BaseModel):
    """What AWS End User Messaging publishes to the two-way SNS topic for each message received."""

    model_config = ConfigDict(frozen=True, extra="ignore")

    origination_number: str = Field(alias="originationNumber", pattern=E164.pattern)
    destination_number: str = Field(default="", alias="destinationNumber")
    body: str = Field(default="", alias="messageBody", max_length=1600)
    message_id: str = Field(alias="inboundMessageId", min_length=1, max_length=200)

    @classmethod
    def from_sns(cls, message: str) -> InboundSms:
        try:
            return cls.model_validate(json.loads(message))
        except (ValueError, ValidationError) as exc:
            # Never echo the payload: it holds a phone number.
            raise InboundSmsError("an inbound SMS notification is malformed") from exc


@dataclass(frozen=True)
class SmsOutcome:
    """What was done with one message, without the number: for logs, metrics and tests."""

    intent: str
    replied: bool
    refused: bool = False
    reply: str = ""


class SmsReport(BaseModel):
    """What the `answer_sms` Lambda reports for one message: no number and no reply text."""

    intent: str
    replied: bool
    refused: bool


def number_hash(secret: str, number: str) -> str:
    return hmac.new(secret.encode(), number.encode(), hashlib.sha256).hexdigest()


class SmsDesk:
    def __init__(
        self,
        *,
        settings: Settings,
        elections: ElectionStore,
        store: SmsStore,
        channel: SmsChannel,
        clock: Callable[[], datetime],
    ) -> None:
        if not settings.sms_number_key:
            raise DecideError("SMS_NUMBER_KEY is not set: phone numbers cannot be hashed")
        self.settings = settings
        self.elections = elections
        self.store = store
        self.channel = channel
        self.clock = clock

    def answer_inbound(self, inbound: InboundSms) -> SmsReport:
        """The `answer_sms` Lambda's run: `answer`, reported without the reply."""
        outcome = self.answer(inbound)
        return SmsReport(intent=outcome.intent, replied=outcome.replied, refused=outcome.refused)

    def answer(self, inbound: InboundSms) -> SmsOutcome:
        hashed = number_hash(self.settings.sms_number_key, inbound.origination_number)
        now = self.clock()
        metrics.add_metric(name="SmsReceived", unit=MetricUnit.Count, value=1)
        if not self.store.claim(hashed, inbound.message_id, int(now.timestamp())):
            logger.info("sms already answered", extra={"number_hash": hashed[:16]})
            return SmsOutcome(intent="duplicate", replied=False)
        count = self.store.count_message(hashed, now.strftime("%Y%m%d%H"), int(now.timestamp()))
        limit = self.settings.sms_per_hour
        request = parse(inbound.body)
        if count > limit:
            # One polite refusal per hour, then silence (each reply costs and could be abused).
            reply = text("sms.limit", limit=limit, site=self.settings.web_base_url) if count == limit + 1 else ""
            return self._finish(inbound, hashed, request.intent.value, reply, refused=True)
        if request.intent is Intent.STOP:
            self.store.opt_out(hashed, now.isoformat())
            return self._finish(inbound, hashed, request.intent.value, text("sms.stop"))
        if request.intent is Intent.START:
            self.store.opt_in(hashed)
            return self._finish(inbound, hashed, request.intent.value, render_help())
        if self.store.opted_out(hashed):
            return self._finish(inbound, hashed, "opted_out", "")
        if request.intent is Intent.HELP or request.section is None:
            return self._finish(inbound, hashed, request.intent.value, render_help())
        return self._finish(inbound, hashed, request.intent.value, self.section_reply(request.section))

    def section_reply(self, section: int) -> str:
        """The reply for a section: the same lookup as `GET /v1/lookup?section=`, then the renderer."""
        try:
            result = lookup(self.elections, LookupQuery(section=section), self.clock())
        except SectionNotFoundError:
            return text("sms.section_not_found", section=section)
        # Short names: one Query of each process's contenders (a handful of processes at most).
        contenders = {
            found.process.id: {c.id: c for c in self.elections.list_contenders(found.process.id)}
            for found in result.results
            if found.ballots
        }
        answer = section_answer(section, result, contenders, self.settings.web_base_url, self.settings.tz)
        return render(answer, sms_fits)

    def _finish(self, inbound: InboundSms, hashed: str, intent: str, reply: str, refused: bool = False) -> SmsOutcome:
        if refused:
            metrics.add_metric(name="SmsRefused", unit=MetricUnit.Count, value=1)
        if reply:
            self.channel.send(
                OutboundSms(to=inbound.origination_number, to_hash=hashed, body=reply, in_reply_to=inbound.message_id)
            )
            metrics.add_metric(name="SmsSent", unit=MetricUnit.Count, value=1)
        logger.info(
            "sms answered",
            extra={"number_hash": hashed[:16], "intent": intent, "replied": bool(reply), "refused": refused},
        )
        return SmsOutcome(intent=intent, replied=bool(reply), refused=refused, reply=reply)
