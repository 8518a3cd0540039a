"""The board's arithmetic, pure: notice images in, counter deltas out; counters in, figures out.

Each (proposal, addressed contender) has one notice item (`keys.notice`). Its stream images say
which bucket the pair is in — not delivered yet, bounced (every notice sent bounced), delivered and
waiting, delivered and acknowledged only, delivered and answered — and a change moves the pair
from its old bucket to its new one in the contender's counters (process and ballot). The notice
only grows (message ids are added to sets, an answer or an acknowledgement is set once), so each
change is unique and its tally id (old state → new state) counts it exactly once.

First-answer delays are kept as a histogram in the counter item itself, one attribute per bucket:
to the minute for the first day, 15 minutes up to 7 days, one hour up to 90 days, one bucket after.
Why a histogram rather than the list of delays: the board reads one item per contender whatever
the number of answers (a list would grow with the data and need more reads, or a cap that drops
answers); the item is bounded (at most 1,440 + 576 + 1,992 + 1 buckets, ~40 KB, well under
DynamoDB's 400 KB) and an ADD on one bucket is as idempotent and batchable as any other counter.
The price is resolution after the first day (15 min, then 1 h), stated on the method page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from chalicelib.events.tallies import Tally
from chalicelib.storage import keys

MIN_DELIVERED = 10  # under this many delivered proposals no rate is given ("muy pocas propuestas para medir")
Z_95 = 1.959963984540054  # two-sided 95 % normal quantile (Wilson score interval)
DELAY_PREFIX = "t_"  # histogram attributes: t_<bucket start in minutes>
STANCES = ("commit", "decline", "comment")
COUNTER_ENTITY = "ResponsivenessCounts"
NOTICE_ENTITY = "Notice"

DAY, WEEK, NINETY_DAYS = 1440, 10080, 129600


def delay_bucket(minutes: int) -> int:
    """The start (in minutes) of the histogram bucket holding a delay of `minutes`."""
    minutes = max(0, minutes)
    if minutes < DAY:
        return minutes
    if minutes < WEEK:
        return DAY + (minutes - DAY) // 15 * 15
    if minutes < NINETY_DAYS:
        return WEEK + (minutes - WEEK) // 60 * 60
    return NINETY_DAYS


def _s(image: dict[str, Any] | None, name: str) -> str | None:
    value = (image or {}).get(name, {})
    return value.get("S") if isinstance(value, dict) else None


def _ss(image: dict[str, Any] | None, name: str) -> set[str]:
    value = (image or {}).get(name, {})
    return set(value.get("SS", [])) if isinstance(value, dict) else set()


@dataclass(frozen=True)
class NoticeState:
    sent: int
    bounced: int
    published: bool
    answered: bool
    acknowledged: bool
    deltas: tuple[tuple[str, int], ...]  # what this state adds to the contender's counters

    @property
    def signature(self) -> str:
        return f"{self.sent}.{self.bounced}.{int(self.published)}{int(self.answered)}{int(self.acknowledged)}"


def notice_state(image: dict[str, Any] | None) -> NoticeState:
    sent, bounced = _ss(image, "sent"), _ss(image, "bounced")
    published_at, answered_at = _s(image, "published_at"), _s(image, "answered_at")
    acknowledged = _s(image, "acknowledged_at") is not None
    ready = bool(published_at and _s(image, "ballot_id") and _s(image, "process_id"))
    deltas: dict[str, int] = {}
    if ready and sent:
        if not sent - bounced:
            deltas["bounced"] = 1
        else:
            deltas["delivered"] = 1
            if answered_at and published_at:
                delay = datetime.fromisoformat(answered_at) - datetime.fromisoformat(published_at)
                deltas["answered"] = 1
                deltas[f"ans_{_s(image, 'stance')}"] = 1
                deltas[f"{DELAY_PREFIX}{delay_bucket(int(delay.total_seconds() // 60))}"] = 1
            elif acknowledged:
                deltas["acknowledged"] = 1
    return NoticeState(
        len(sent), len(sent & bounced), bool(published_at), answered_at is not None, acknowledged, tuple(deltas.items())
    )


def tallies_from_notice(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[Tally]:
    """The board counters one change of a notice moves (its process's and its ballot's)."""
    before, after = notice_state(old), notice_state(new)
    moved: dict[str, int] = dict(after.deltas)
    for name, amount in before.deltas:
        moved[name] = moved.get(name, 0) - amount
    deltas = tuple((name, amount) for name, amount in moved.items() if amount)
    if not deltas:
        return []
    image = new or old
    pk = (_s(image, "pk") or "").removeprefix("NOTICE#")
    contender_id = (_s(image, "sk") or "").removeprefix("CONTENDER#")
    event_id = f"notice:{pk}:{contender_id}:{before.signature}>{after.signature}"
    scopes = [
        keys.responsiveness_process_pk(_s(image, "process_id") or ""),
        keys.responsiveness_ballot_pk(_s(image, "ballot_id") or ""),
    ]
    return [
        Tally(event_id, keys.responsiveness_counts(scope, contender_id), deltas, COUNTER_ENTITY) for scope in scopes
    ]


# figures -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Counts:
    delivered: int = 0
    bounced: int = 0
    answered: int = 0
    acknowledged: int = 0
    by_stance: tuple[tuple[str, int], ...] = ()
    delays: tuple[tuple[int, int], ...] = ()  # (bucket start in minutes, how many), sorted

    @classmethod
    def of(cls, attributes: dict[str, Any]) -> Counts:
        def number(name: str) -> int:
            return int(attributes.get(name, {}).get("N", 0))

        delays = sorted(
            (int(name.removeprefix(DELAY_PREFIX)), number(name))
            for name in attributes
            if name.startswith(DELAY_PREFIX) and number(name) > 0
        )
        return cls(
            delivered=number("delivered"),
            bounced=number("bounced"),
            answered=number("answered"),
            acknowledged=number("acknowledged"),
            by_stance=tuple((s, number(f"ans_{s}")) for s in STANCES),
            delays=tuple(delays),
        )


def wilson_interval(successes: int, trials: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a binomial proportion."""
    if trials <= 0:
        raise ValueError("no trials")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def _value_at_rank(delays: tuple[tuple[int, int], ...], rank: int) -> int:
    """The `rank`-th smallest delay (1-based) of the histogram."""
    seen = 0
    for start, count in delays:
        seen += count
        if seen >= rank:
            return start
    raise ValueError("rank beyond the histogram")


def median_minutes(delays: tuple[tuple[int, int], ...]) -> float | None:
    """Middle value; with an even number of answers, the mean of the two middle ones."""
    n = sum(count for _, count in delays)
    if n == 0:
        return None
    if n % 2:
        return float(_value_at_rank(delays, (n + 1) // 2))
    return (_value_at_rank(delays, n // 2) + _value_at_rank(delays, n // 2 + 1)) / 2


def percentile_minutes(delays: tuple[tuple[int, int], ...], share: float) -> float | None:
    """Nearest rank: the smallest delay with at least `share` of the answers at or below it."""
    n = sum(count for _, count in delays)
    if n == 0:
        return None
    return float(_value_at_rank(delays, max(1, math.ceil(share * n - 1e-9))))
