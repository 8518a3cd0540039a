"""The one veda rule for outbound messages, at both sides of each boundary."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from chalicelib.elections.phase_rules import outbound_held_until
from chalicelib.events.domain_events import events_from_change
from decide.seed import ordinary_2021

PROCESS, _, _ = ordinary_2021(["001"], [1])
VEDA_START = PROCESS.calendar.veda_start  # 2021-06-03 00:00 Mexico City
POLLS_CLOSE = PROCESS.calendar.polls_close  # 2021-06-06 18:00
TICK = timedelta(seconds=1)


@pytest.mark.parametrize(
    ("at", "held"),
    [
        (VEDA_START - TICK, False),  # 23:59:59 of the last campaign day
        (VEDA_START, True),
        (VEDA_START + 5 * TICK, True),  # a consumer delayed across 00:00
        (PROCESS.calendar.election_day_start, True),
        (POLLS_CLOSE - TICK, True),
        (POLLS_CLOSE, False),
        (POLLS_CLOSE + TICK, False),
    ],
)
def test_messages_are_held_from_veda_start_until_polls_close(at: datetime, held: bool) -> None:
    assert VEDA_START.date() == date(2021, 6, 3)
    assert outbound_held_until(PROCESS, at) == (POLLS_CLOSE if held else None)


def _response(version: int) -> dict[str, dict[str, str]]:
    doc = {"proposal_id": "p1", "contender_id": "pan", "version": version, "updated_at": "2021-05-01T10:00:00+00:00"}
    return {"entity": {"S": "Response"}, "doc": {"S": json.dumps(doc)}}


def test_an_answer_is_one_event_and_its_edits_are_none() -> None:
    (first,) = events_from_change(None, _response(1))
    assert first.event_id == "response.published:p1:pan"
    assert events_from_change(_response(1), _response(2)) == []
    assert events_from_change(_response(5), _response(6)) == []
