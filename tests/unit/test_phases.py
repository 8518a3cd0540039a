"""The phase of a process is derived from its calendar and the clock, boundaries inclusive at the start."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from pydantic import ValidationError

from chalicelib.elections.models import Calendar, Phase
from chalicelib.elections.phases import phase_at

MX = ZoneInfo("America/Mexico_City")
US = timedelta(microseconds=1)

# The 2021 State of Mexico ordinary process (dates as reported; Mexico City was on CDT, UTC-5).
CAMPAIGN_START = datetime(2021, 4, 30, 0, 0, tzinfo=MX)
VEDA_START = datetime(2021, 6, 3, 0, 0, tzinfo=MX)
ELECTION_DAY = date(2021, 6, 6)
ELECTION_DAY_START = datetime(2021, 6, 6, 0, 0, tzinfo=MX)
POLLS_CLOSE = datetime(2021, 6, 6, 18, 0, tzinfo=MX)
CLOSES_AT = datetime(2021, 12, 31, 23, 59, tzinfo=MX)
REGISTRATION_START = datetime(2021, 3, 1, 0, 0, tzinfo=MX)


def calendar_2021(**overrides: Any) -> Calendar:
    fields: dict[str, Any] = {
        "process_start": date(2021, 1, 5),
        "campaign_start": CAMPAIGN_START,
        "veda_start": VEDA_START,
        "election_day": ELECTION_DAY,
        "polls_close": POLLS_CLOSE,
        "closes_at": CLOSES_AT,
    }
    fields.update(overrides)
    return Calendar(**fields)


def failing_fields(error: ValidationError) -> str:
    return " ".join(str(e.get("msg", "")) + " " + ".".join(map(str, e["loc"])) for e in error.errors())


# --- phases -----------------------------------------------------------------------------------------


def test_before_campaigns_the_process_is_in_preparation_until_campaigns_start() -> None:
    # given a calendar without a registration period
    calendar = calendar_2021()
    # when it is a day before campaigns start
    state = phase_at(calendar, CAMPAIGN_START - timedelta(days=1))
    # then the process is in preparation, with no start, ending when campaigns start
    assert state.phase == Phase.PREPARATION
    assert state.started_at is None
    assert state.ends_at == CAMPAIGN_START


def test_campaigns_start_at_midnight_of_campaign_start() -> None:
    calendar = calendar_2021()
    # when the clock reads exactly 00:00 of 30 April, and one microsecond before
    at_start = phase_at(calendar, CAMPAIGN_START)
    just_before = phase_at(calendar, CAMPAIGN_START - US)
    # then campaigns are on at the boundary, not before
    assert at_start.phase == Phase.CAMPAIGN
    assert at_start.started_at == CAMPAIGN_START
    assert just_before.phase == Phase.PREPARATION


def test_one_microsecond_before_the_veda_campaigns_are_still_on_and_end_at_the_veda() -> None:
    calendar = calendar_2021()
    # when it is 23:59:59.999999 on 2 June 2021, local time
    state = phase_at(calendar, VEDA_START - US)
    # then it is still campaign time, ending exactly when the veda starts
    assert state.phase == Phase.CAMPAIGN
    assert state.ends_at == VEDA_START


def test_the_veda_starts_at_midnight_three_days_before_election_day() -> None:
    calendar = calendar_2021()
    # when the clock reads exactly 00:00 on 3 June 2021, local time
    state = phase_at(calendar, datetime(2021, 6, 3, 0, 0, tzinfo=MX))
    # then the veda is in force until election day starts
    assert state.phase == Phase.VEDA
    assert state.started_at == datetime(2021, 6, 3, 0, 0, tzinfo=MX)
    assert state.ends_at == ELECTION_DAY_START


def test_election_day_starts_at_midnight_and_lasts_until_polls_close() -> None:
    calendar = calendar_2021()
    # when it is the last microsecond of 5 June, then exactly 00:00 on 6 June
    before = phase_at(calendar, ELECTION_DAY_START - US)
    state = phase_at(calendar, ELECTION_DAY_START)
    # then the veda ends and election day begins at midnight
    assert before.phase == Phase.VEDA
    assert state.phase == Phase.ELECTION_DAY
    assert state.started_at == ELECTION_DAY_START
    assert state.ends_at == POLLS_CLOSE


def test_results_phase_starts_exactly_when_polls_close_at_18h() -> None:
    calendar = calendar_2021()
    # when it is one microsecond before 18:00 on election day, and exactly 18:00
    before = phase_at(calendar, POLLS_CLOSE - US)
    state = phase_at(calendar, POLLS_CLOSE)
    # then polls are open until 18:00 and results begin at 18:00
    assert before.phase == Phase.ELECTION_DAY
    assert state.phase == Phase.RESULTS
    assert state.started_at == POLLS_CLOSE
    assert state.ends_at == CLOSES_AT


def test_the_process_is_closed_from_closes_at_with_no_end() -> None:
    calendar = calendar_2021()
    # when the clock reaches closes_at, and long after it
    at_close = phase_at(calendar, CLOSES_AT)
    later = phase_at(calendar, datetime(2030, 1, 1, tzinfo=MX))
    # then the process is closed for good
    assert at_close.phase == Phase.CLOSED
    assert at_close.started_at == CLOSES_AT
    assert at_close.ends_at is None
    assert later.phase == Phase.CLOSED
    assert phase_at(calendar, CLOSES_AT - US).phase == Phase.RESULTS


def test_registration_phase_exists_only_when_the_calendar_sets_registration_start() -> None:
    # given the same calendar with and without a registration period
    with_registration = calendar_2021(registration_start=REGISTRATION_START)
    without_registration = calendar_2021()
    moment = datetime(2021, 4, 1, 12, 0, tzinfo=MX)
    # when it is 1 April 2021 (after registration opens, before campaigns)
    registering = phase_at(with_registration, moment)
    preparing = phase_at(without_registration, moment)
    # then only the calendar with registration reports the registration phase
    assert registering.phase == Phase.REGISTRATION
    assert registering.started_at == REGISTRATION_START
    assert registering.ends_at == CAMPAIGN_START
    assert preparing.phase == Phase.PREPARATION


def test_with_registration_preparation_ends_when_registration_starts() -> None:
    calendar = calendar_2021(registration_start=REGISTRATION_START)
    # when it is just before registration opens, and exactly at its opening
    before = phase_at(calendar, REGISTRATION_START - US)
    at_open = phase_at(calendar, REGISTRATION_START)
    # then preparation ends at registration_start and registration begins there
    assert before.phase == Phase.PREPARATION
    assert before.ends_at == REGISTRATION_START
    assert at_open.phase == Phase.REGISTRATION
    assert phase_at(calendar, CAMPAIGN_START).phase == Phase.CAMPAIGN


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (datetime(2021, 6, 2, 23, 59, 59, 999999, tzinfo=MX), Phase.CAMPAIGN),
        (datetime(2021, 6, 3, 0, 0, tzinfo=MX), Phase.VEDA),
        (datetime(2021, 6, 6, 0, 0, tzinfo=MX), Phase.ELECTION_DAY),
        (datetime(2021, 6, 6, 18, 0, tzinfo=MX), Phase.RESULTS),
    ],
)
def test_a_clock_in_utc_gives_the_same_phase_as_local_time(local: datetime, expected: Phase) -> None:
    calendar = calendar_2021()
    # given the same instant expressed in UTC (local is CDT, UTC-5, in June 2021)
    utc = local.astimezone(UTC)
    assert utc.utcoffset() == timedelta(0)
    # when the phase is asked with each clock
    # then both answers agree, boundaries included
    assert phase_at(calendar, utc) == phase_at(calendar, local)
    assert phase_at(calendar, utc).phase == expected


def test_the_veda_starts_at_05h_utc_in_june_2021_because_mexico_city_was_on_daylight_time() -> None:
    calendar = calendar_2021()
    # when the UTC clock reads 04:59:59 and then 05:00 on 3 June 2021
    # then the veda starts at 05:00 UTC (00:00 CDT), not at 06:00 UTC (standard time)
    assert phase_at(calendar, datetime(2021, 6, 3, 4, 59, 59, tzinfo=UTC)).phase == Phase.CAMPAIGN
    assert phase_at(calendar, datetime(2021, 6, 3, 5, 0, tzinfo=UTC)).phase == Phase.VEDA


def test_a_naive_clock_is_refused() -> None:
    with pytest.raises(ValueError):
        phase_at(calendar_2021(), datetime(2021, 6, 3, 0, 0))


def test_a_calendar_read_back_from_json_decides_the_same_phases() -> None:
    # given a calendar stored as JSON (offsets instead of zone names) and read back
    calendar = calendar_2021(registration_start=REGISTRATION_START)
    restored = Calendar.model_validate_json(calendar.model_dump_json())
    # then every boundary falls at the same instant
    for moment in (
        REGISTRATION_START,
        CAMPAIGN_START,
        VEDA_START - US,
        VEDA_START,
        ELECTION_DAY_START,
        POLLS_CLOSE,
        CLOSES_AT,
    ):
        assert phase_at(restored, moment).phase == phase_at(calendar, moment).phase
        assert phase_at(restored, moment).ends_at == phase_at(calendar, moment).ends_at


def test_a_calendar_written_in_utc_decides_the_same_phases_as_one_written_in_local_time() -> None:
    # given the 2021 calendar with every datetime written in UTC
    in_utc = calendar_2021(
        registration_start=REGISTRATION_START.astimezone(UTC),
        campaign_start=CAMPAIGN_START.astimezone(UTC),
        veda_start=VEDA_START.astimezone(UTC),
        polls_close=POLLS_CLOSE.astimezone(UTC),
        closes_at=CLOSES_AT.astimezone(UTC),
    )
    # then it is accepted (veda at 00:00 local three days before); election day starts at local midnight
    assert phase_at(in_utc, ELECTION_DAY_START - US).phase == Phase.VEDA
    assert phase_at(in_utc, ELECTION_DAY_START).phase == Phase.ELECTION_DAY
    assert phase_at(in_utc, VEDA_START).ends_at == ELECTION_DAY_START


# --- calendar validation ----------------------------------------------------------------------------


def test_the_2021_calendar_is_valid_and_its_statutory_veda_is_3_june_at_midnight() -> None:
    calendar = calendar_2021()
    assert calendar.statutory_veda_start() == datetime(2021, 6, 3, 0, 0, tzinfo=MX)
    assert calendar.election_day_start == ELECTION_DAY_START


@pytest.mark.parametrize(
    ("overrides", "first", "then"),
    [
        ({"campaign_start": datetime(2021, 6, 4, tzinfo=MX)}, "campaign_start", "veda_start"),
        ({"registration_start": datetime(2021, 5, 1, tzinfo=MX)}, "registration_start", "campaign_start"),
        ({"closes_at": datetime(2021, 6, 6, 17, 0, tzinfo=MX)}, "polls_close", "closes_at"),
        ({"campaign_start": VEDA_START}, "campaign_start", "veda_start"),
    ],
)
def test_dates_out_of_order_are_refused_naming_the_fields(overrides: dict[str, Any], first: str, then: str) -> None:
    # when a calendar has two dates out of order (or equal)
    with pytest.raises(ValidationError) as caught:
        calendar_2021(**overrides)
    # then the error names both fields
    message = failing_fields(caught.value)
    assert first in message
    assert then in message


def test_a_veda_that_is_not_midnight_three_days_before_is_refused_without_a_reason() -> None:
    # when the veda is said to start at 06:00 on 3 June
    with pytest.raises(ValidationError) as caught:
        calendar_2021(veda_start=datetime(2021, 6, 3, 6, 0, tzinfo=MX))
    # then the calendar is refused, naming veda_start
    assert "veda_start" in failing_fields(caught.value)


def test_a_veda_two_days_before_is_refused_without_a_reason() -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_2021(veda_start=datetime(2021, 6, 4, 0, 0, tzinfo=MX))
    assert "veda_start" in failing_fields(caught.value)


def test_a_non_statutory_veda_is_accepted_with_an_override_reason_and_used_for_phases() -> None:
    # given a veda starting on 4 June with a recorded reason
    veda = datetime(2021, 6, 4, 0, 0, tzinfo=MX)
    calendar = calendar_2021(veda_start=veda, veda_override_reason="Acuerdo del Consejo General (simulacro)")
    # then campaigns run until that veda
    assert phase_at(calendar, datetime(2021, 6, 3, 12, 0, tzinfo=MX)).phase == Phase.CAMPAIGN
    assert phase_at(calendar, veda).phase == Phase.VEDA


def test_an_empty_override_reason_does_not_excuse_a_non_statutory_veda() -> None:
    with pytest.raises(ValidationError):
        calendar_2021(veda_start=datetime(2021, 6, 4, 0, 0, tzinfo=MX), veda_override_reason="")


@pytest.mark.parametrize("field", ["campaign_start", "veda_start", "polls_close", "closes_at", "registration_start"])
def test_naive_datetimes_are_refused(field: str) -> None:
    # given a datetime without a UTC offset
    naive = {
        "campaign_start": CAMPAIGN_START,
        "veda_start": VEDA_START,
        "polls_close": POLLS_CLOSE,
        "closes_at": CLOSES_AT,
        "registration_start": REGISTRATION_START,
    }[field].replace(tzinfo=None)
    # when a calendar is built with it
    with pytest.raises(ValidationError) as caught:
        calendar_2021(**{field: naive})
    # then the field is named
    assert field in [str(e["loc"][0]) for e in caught.value.errors() if e["loc"]]


def test_polls_closing_on_another_day_is_refused() -> None:
    # when polls are said to close at 01:00 the day after election day
    with pytest.raises(ValidationError) as caught:
        calendar_2021(polls_close=datetime(2021, 6, 7, 1, 0, tzinfo=MX))
    # then the calendar is refused, naming polls_close
    assert "polls_close" in failing_fields(caught.value)


def test_polls_close_written_in_utc_is_judged_on_the_local_election_day() -> None:
    # given polls closing at 19:00 local on 6 June, written in UTC (00:00 on 7 June UTC)
    close = datetime(2021, 6, 6, 19, 0, tzinfo=MX).astimezone(UTC)
    assert close.date() == date(2021, 6, 7)
    # when the calendar is built
    calendar = calendar_2021(polls_close=close)
    # then it is accepted and results start at that instant
    assert phase_at(calendar, close).phase == Phase.RESULTS


# --- a calendar without a known campaign start --------------------------------------------------------


def calendar_without_campaign(**overrides: Any) -> Calendar:
    fields: dict[str, Any] = {
        "process_start": date(2021, 1, 5),
        "veda_start": VEDA_START,
        "election_day": ELECTION_DAY,
        "polls_close": POLLS_CLOSE,
        "closes_at": CLOSES_AT,
    }
    fields.update(overrides)
    return Calendar(**fields)


def test_without_a_campaign_start_nothing_before_the_veda_counts_as_campaign() -> None:
    # given a calendar whose campaign start the sources do not give
    calendar = calendar_without_campaign()
    assert calendar.campaign_start is None
    # when it is a moment that would be campaign time in the real calendar
    state = phase_at(calendar, datetime(2021, 5, 15, 12, 0, tzinfo=MX))
    # then the process is still in preparation, until the veda
    assert state.phase == Phase.PREPARATION
    assert state.ends_at == VEDA_START
    assert phase_at(calendar, VEDA_START - US).phase == Phase.PREPARATION
    assert phase_at(calendar, VEDA_START).phase == Phase.VEDA


def test_without_a_campaign_start_registration_lasts_until_the_veda() -> None:
    calendar = calendar_without_campaign(registration_start=REGISTRATION_START)
    state = phase_at(calendar, VEDA_START - US)
    assert state.phase == Phase.REGISTRATION
    assert state.started_at == REGISTRATION_START
    assert state.ends_at == VEDA_START
    assert phase_at(calendar, VEDA_START).phase == Phase.VEDA


def test_without_a_campaign_start_registration_after_the_veda_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        calendar_without_campaign(registration_start=datetime(2021, 6, 4, tzinfo=MX))
    message = failing_fields(caught.value)
    assert "registration_start" in message
    assert "veda_start" in message
