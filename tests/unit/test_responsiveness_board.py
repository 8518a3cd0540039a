"""The board's arithmetic: buckets of a notice, its transitions, the Wilson interval, the times."""

from __future__ import annotations

import pytest

from chalicelib.responsiveness import board


def image(**attributes: object) -> dict[str, object]:
    found: dict[str, object] = {"pk": {"S": "NOTICE#p1"}, "sk": {"S": "CONTENDER#pfa"}, "entity": {"S": "Notice"}}
    for name, value in attributes.items():
        found[name] = {"SS": sorted(value)} if isinstance(value, set) else {"S": value}
    return found


PUBLISHED = {"process_id": "simulacro", "ballot_id": "simulacro.ayun.004", "published_at": "2026-11-26T18:00:00+00:00"}


def deltas(old: dict[str, object] | None, new: dict[str, object] | None) -> dict[str, int]:
    found = board.tallies_from_notice(old, new)
    assert [t.counter.pk for t in found] in (
        [],
        ["RESPONSIVENESS#PROCESS#simulacro", "RESPONSIVENESS#BALLOT#simulacro.ayun.004"],
    )
    return dict(found[0].deltas) if found else {}


def test_a_notice_counts_once_delivered_moves_to_answered_and_leaves_when_every_notice_bounced() -> None:
    published = image(**PUBLISHED)
    sent = image(**PUBLISHED, sent={"m1"})
    answered = image(**PUBLISHED, sent={"m1"}, answered_at="2026-11-26T20:30:00+00:00", stance="commit")
    bounced = image(**PUBLISHED, sent={"m1"}, bounced={"m1"}, answered_at="2026-11-26T20:30:00+00:00", stance="commit")
    assert deltas(None, published) == {}  # published, no notice accepted yet: not delivered
    assert deltas(published, sent) == {"delivered": 1}
    assert deltas(sent, answered) == {"answered": 1, "ans_commit": 1, "t_150": 1}
    assert deltas(answered, bounced) == {"bounced": 1, "delivered": -1, "answered": -1, "ans_commit": -1, "t_150": -1}
    # a second address that did not bounce keeps it delivered
    two = image(**PUBLISHED, sent={"m1", "m2"}, bounced={"m1"})
    assert deltas(sent, two) == {}
    # the same change seen twice has the same tally id (counted once by the tally store)
    assert (
        board.tallies_from_notice(sent, answered)[0].event_id == board.tallies_from_notice(sent, answered)[0].event_id
    )


def test_acknowledged_only_is_apart_from_answered() -> None:
    sent = image(**PUBLISHED, sent={"m1"})
    acknowledged = image(**PUBLISHED, sent={"m1"}, acknowledged_at="2026-11-26T19:00:00+00:00")
    assert deltas(sent, acknowledged) == {"acknowledged": 1}
    both = image(**PUBLISHED, sent={"m1"}, acknowledged_at="2026-11-26T19:00:00+00:00",
                 answered_at="2026-11-27T19:00:00+00:00", stance="decline")  # fmt: skip
    assert deltas(acknowledged, both) == {"acknowledged": -1, "answered": 1, "ans_decline": 1, "t_1500": 1}


def test_delay_buckets_are_minutes_then_quarters_then_hours() -> None:
    assert [board.delay_bucket(m) for m in (-5, 0, 59, 1439)] == [0, 0, 59, 1439]
    assert [board.delay_bucket(m) for m in (1440, 1454, 1455, 10079)] == [1440, 1440, 1455, 10065]
    assert [board.delay_bucket(m) for m in (10080, 10139, 10140, 200000)] == [10080, 10080, 10140, 129600]


def test_wilson_interval_matches_the_hand_computation() -> None:
    assert board.wilson_interval(9, 11) == pytest.approx((0.5230, 0.9486), abs=1e-4)
    assert board.wilson_interval(0, 10) == pytest.approx((0.0, 0.2775), abs=1e-4)
    assert board.wilson_interval(10, 10) == pytest.approx((0.7225, 1.0), abs=1e-4)


def test_median_and_90th_percentile_from_the_histogram() -> None:
    odd = ((60, 1), (120, 1), (180, 1), (240, 1), (300, 1), (360, 1), (480, 1), (600, 1), (1200, 1))
    assert board.median_minutes(odd) == 300
    assert board.percentile_minutes(odd, 0.9) == 1200
    even = ((10, 2), (30, 1), (50, 1))  # 10, 10, 30, 50
    assert board.median_minutes(even) == 20
    assert board.percentile_minutes(even, 0.9) == 50
    assert board.median_minutes(()) is None and board.percentile_minutes((), 0.9) is None
