"""The calendar feed is valid iCalendar: a standard library parses it back to the same events."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from chalicelib.elections.models import (
    Calendar,
    ElectoralProcess,
    ProcessKind,
    Scope,
)
from chalicelib.milestones.calendar import calendar_view, ics_feed
from chalicelib.milestones.ical import Event, Feed, escape_text, fold

MX = ZoneInfo("America/Mexico_City")
STAMP = datetime(2026, 11, 26, tzinfo=UTC)


def process_2021() -> ElectoralProcess:
    return ElectoralProcess(
        id="2021-ord",
        name="Proceso Electoral 2021: diputaciones locales e integrantes de ayuntamientos",
        kind=ProcessKind.ORDINARY,
        calendar=Calendar(
            process_start=date(2021, 1, 5),
            campaign_start=datetime(2021, 4, 30, tzinfo=MX),
            veda_start=datetime(2021, 6, 3, tzinfo=MX),
            election_day=date(2021, 6, 6),
            polls_close=datetime(2021, 6, 6, 18, 0, tzinfo=MX),
            closes_at=datetime(2021, 12, 31, 23, 59, tzinfo=MX),
        ),
        scope=Scope(),
        section_map="ine2016-esc3",
        sources=["https://medioteca.ieem.org.mx/"],
    )


def test_every_line_ends_in_crlf_and_no_line_is_longer_than_75_octets() -> None:
    text = Feed(name="Año electoral, «prueba»; " * 8, events=[]).render(STAMP)
    assert text.endswith("\r\n")
    lines = text.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    # continuation lines start with one space and unfold to the original value
    assert any(line.startswith(" ") for line in lines)


def test_folding_never_splits_a_multibyte_character() -> None:
    folded = fold("SUMMARY:" + "ñ" * 100)
    for line in folded.split("\r\n"):
        line.encode("utf-8").decode("utf-8")  # would raise on a split character
        assert len(line.encode("utf-8")) <= 75
    assert folded.replace("\r\n ", "") == "SUMMARY:" + "ñ" * 100


def test_text_values_escape_backslash_semicolon_comma_and_newline() -> None:
    assert escape_text("a\\b;c,d\ne") == "a\\\\b\\;c\\,d\\ne"


def test_a_standard_library_reads_back_names_dates_and_escaped_text() -> None:
    # Given a feed with an all-day range, a timed event and text that needs escaping
    feed = Feed(
        name="Calendario de prueba · DecideIEEM",
        events=[
            Event(
                uid="x.veda@decide-ieem",
                summary="Veda, sin campañas; ni encuestas",
                start=date(2021, 6, 3),
                end=date(2021, 6, 7),
                description="Línea uno\nLínea dos \\ fin",
            ),
            Event(
                uid="x.cierre@decide-ieem", summary="Cierre de casillas", start=datetime(2021, 6, 6, 18, 0, tzinfo=MX)
            ),
        ],
    )
    # When icalendar parses it
    parsed = icalendar.Calendar.from_ical(feed.render(STAMP))
    # Then it reads the calendar name and both events exactly
    assert str(parsed.calendar_name) == "Calendario de prueba · DecideIEEM"
    veda, close = parsed.walk("VEVENT")
    assert str(veda["SUMMARY"]) == "Veda, sin campañas; ni encuestas"
    assert str(veda["DESCRIPTION"]) == "Línea uno\nLínea dos \\ fin"
    assert veda.decoded("DTSTART") == date(2021, 6, 3)
    assert veda.decoded("DTEND") == date(2021, 6, 7)
    assert close.decoded("DTSTART") == datetime(2021, 6, 6, 23, 0, tzinfo=UTC)
    assert close.decoded("DTSTAMP") == STAMP


def test_the_2021_feed_has_one_event_per_known_milestone_with_stable_uids() -> None:
    process = process_2021()
    now = datetime(2021, 6, 4, 12, tzinfo=UTC)
    parsed = icalendar.Calendar.from_ical(ics_feed(process, now, MX))
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    # registration is not in the sources: no event is invented for it
    assert set(events) == {
        f"2021-ord.{code}@decide-ieem"
        for code in ("process_start", "campaign_start", "veda_start", "election_day", "polls_close", "closes_at")
    }
    campaign = events["2021-ord.campaign_start@decide-ieem"]
    assert campaign.decoded("DTSTART") == date(2021, 4, 30)
    assert campaign.decoded("DTEND") == date(2021, 6, 3)  # exclusive: campaigns end on 2 June
    assert events["2021-ord.election_day@decide-ieem"].decoded("DTSTART") == date(2021, 6, 6)
    # the same process and day give the same bytes (a stable ETag), the next day only DTSTAMP moves
    assert ics_feed(process, now, MX) == ics_feed(process, now + timedelta(hours=3), MX)


def test_the_calendar_flags_the_milestone_of_the_current_phase_and_lists_missing_dates() -> None:
    view = calendar_view(process_2021(), datetime(2021, 6, 4, 12, tzinfo=UTC), MX)
    assert view.current_phase.code == "veda"
    assert [m.code for m in view.milestones if m.current] == ["veda_start"]
    veda = next(m for m in view.milestones if m.code == "veda_start")
    assert (veda.date, veda.end_date) == (date(2021, 6, 3), date(2021, 6, 6))
    campaign = next(m for m in view.milestones if m.code == "campaign_start")
    assert campaign.end_date == date(2021, 6, 2)
    assert [m.code for m in view.not_available] == ["registration_start"]
    assert "8:00" in next(m for m in view.milestones if m.code == "election_day").description
