"""Email at the rate SES allows: every consumer takes a slot of the account's per-second rate before
sending, waits (briefly) for the next second when the slots are gone, and defers the message (back
to its queue, later) rather than failing it when SES still throttles. Nothing is dead-lettered for
being early."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from chalicelib.errors import RateLimited
from chalicelib.storage.notification_store import SendSlots


class SendDeferredError(RateLimited):
    """No send slot (or SES throttled) within the wait this invocation allows: the message goes back to
    its queue with a delay, without counting as a failed receive."""

    code = "send_deferred"


@dataclass
class SendPacer:
    slots: SendSlots
    rate_per_second: int
    max_wait_seconds: float = 5.0  # per email; the queue's Lambda timeout bounds the whole batch
    clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    sent_at: list[float] = field(default_factory=list)  # when each slot was taken (for figures)

    def wait_for_slot(self) -> None:
        deadline = self.clock() + self.max_wait_seconds
        while True:
            now = self.clock()
            second = int(now)
            if self.slots.take(second, self.rate_per_second):
                self.sent_at.append(now)
                return
            if now >= deadline:
                raise SendDeferredError("no SES send slot within the wait")
            self.sleep(max(second + 1 - now, 0.001))
