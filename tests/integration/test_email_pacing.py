"""Email at the rate SES allows: consumers share the account's send rate, wait for a slot, and defer
(never dead-letter) when SES throttles.

The pacer's clock and sleep are injected: every "second" below is the pacer's own clock, advanced
only by its sleeps, so the test proves the pacing without waiting 20 real seconds. The slots are
real items in the (moto) table, as the consumers in Lambda share them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from chalice.test import Client

import app as app_module
from chalicelib import dependencies
from chalicelib.adapters.deferral import QueueDeferral
from chalicelib.adapters.mail import read_mailbox
from chalicelib.notifications.pacing import SendPacer
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import SendSlots
from decide.event_pump import pump_for_app
from decide.faults import Faults, wire_with_faults
from decide.resources import StackNames, bootstrap
from tests.integration.conftest import NOW, TABLE
from tests.integration.identities import Identities
from tests.integration.test_notifications import PARTY_ADDRESSES, submit


class PacerTime:
    """A clock that moves only when the pacer sleeps (starts at a whole second)."""

    def __init__(self) -> None:
        self.now = 1_800_000_000.0
        self.slept = 0.0

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds
        self.slept += seconds


@pytest.fixture(scope="module")
def fan_out(seeded: ElectionStore, identities: Identities) -> dict[str, Any]:
    resources = bootstrap(StackNames(stage="dev", table=TABLE))
    return {"dlq": resources.dead_letter_queue_urls, "topic_arn": resources.topic_arn}


@pytest.fixture
def paced(fan_out: dict[str, Any], seeded: ElectionStore, identities: Identities, tmp_path: Path) -> Iterator[Any]:
    ses_faults = Faults("SendRawEmail", rate=0.25, seed=11)  # SES throttles a quarter of the sends
    settings = Settings(
        table_name=TABLE,
        user_pool_id=identities.pool.pool_id,
        user_pool_client_id=identities.pool.client_id,
        events_topic_arn=fan_out["topic_arn"],
        local_mailbox_dir=str(tmp_path / "mailbox"),
        ses_send_rate=2,
    )
    deps = wire_with_faults(settings, seeded, identities.verifier(), lambda: NOW, Faults("Publish"), ses_faults)
    clock = PacerTime()
    deps.notifier.pacer = SendPacer(
        SendSlots(seeded.table), settings.ses_send_rate, max_wait_seconds=1.5, clock=clock.time, sleep=clock.sleep
    )
    deps.deferral = QueueDeferral(delay_seconds=0)  # in AWS a minute; here the pump picks it up at once
    pump = pump_for_app(TABLE, "dev")
    pump.start_at_latest()
    with Client(app_module.app) as client:
        yield client, pump, clock, ses_faults, deps, settings.local_mailbox_dir
    dependencies.use(None)


def test_forty_emails_at_two_per_second_take_twenty_seconds_none_dead_lettered_none_doubled(
    paced: Any, fan_out: dict[str, Any], identities: Identities
) -> None:
    api, pump, clock, ses_faults, deps, mailbox = paced
    for n in range(20):  # 20 proposals to two parties: 40 emails
        token = identities.user(f"ritmo-{n}@example.mx", role="citizen")
        submit(api, token, f"Propuesta a ritmo de envío número {n}", ["pfa", "pfv"])
    pump.drain(timeout=240)

    sent = [m for m in read_mailbox(mailbox) if m["to"] in PARTY_ADDRESSES.values()]
    assert len(sent) == 40
    assert max(Counter((m["to"], m["subject"]) for m in sent).values()) == 1  # no duplicates
    assert ses_faults.injected > 0
    # every slot taken counts against the rate, including sends SES then throttled
    slots = deps.notifier.pacer.sent_at
    per_second = Counter(int(t) for t in slots)
    assert max(per_second.values()) <= 2
    assert slots[-1] - slots[0] >= 19.0 and clock.slept >= 19.0, (slots[0], slots[-1], clock.slept)
    print(f"pacing: 40 emails, {len(slots)} slots over {slots[-1] - slots[0]:.1f} s, deferred {deps.deferral.deferred}")
    sqs = boto3.client("sqs")
    for dlq in fan_out["dlq"].values():
        attributes = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["ApproximateNumberOfMessages"])
        assert attributes["Attributes"]["ApproximateNumberOfMessages"] == "0"
    assert pump.stats.messages_failed == 0  # throttled sends waited or were deferred, never failed
