"""A small iCalendar (RFC 5545) writer: one VCALENDAR of VEVENTs, nothing else.

What it guarantees: CRLF line endings; content lines folded at 75 octets without splitting a
UTF-8 character; TEXT values escaped (backslash, semicolon, comma, newline); all-day events as
`VALUE=DATE` with an exclusive DTEND; timed events in UTC (`...Z`) so no VTIMEZONE is needed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

CRLF = "\r\n"
MAX_OCTETS = 75


def escape_text(value: str) -> str:
    """Escape a TEXT property value (RFC 5545 3.3.11)."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """Fold one content line into chunks of at most 75 octets joined by CRLF + space (3.1)."""
    chunks: list[str] = []
    current = ""
    size = 0
    limit = MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            chunks.append(current)
            current, size = "", 0
            limit = MAX_OCTETS - 1  # a continuation line starts with one space
        current += char
        size += width
    chunks.append(current)
    return (CRLF + " ").join(chunks)


def format_utc(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("datetimes in a feed must be aware")
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def format_date(value: date) -> str:
    return value.strftime("%Y%m%d")


@dataclass(frozen=True)
class Event:
    """One VEVENT. All-day when `start` is a date (then `end` is an exclusive date, default +1 day)."""

    uid: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    description: str | None = None
    url: str | None = None
    categories: Sequence[str] = field(default_factory=tuple)

    def lines(self, stamp: datetime) -> list[str]:
        lines = ["BEGIN:VEVENT", f"UID:{self.uid}", f"DTSTAMP:{format_utc(stamp)}"]
        if isinstance(self.start, datetime):
            lines.append(f"DTSTART:{format_utc(self.start)}")
            if self.end is not None:
                if not isinstance(self.end, datetime):
                    raise ValueError("a timed event ends at a datetime")
                lines.append(f"DTEND:{format_utc(self.end)}")
        else:
            end = self.end if self.end is not None else self.start + timedelta(days=1)
            if isinstance(end, datetime) or end <= self.start:
                raise ValueError("an all-day event ends on a later date")
            lines += [f"DTSTART;VALUE=DATE:{format_date(self.start)}", f"DTEND;VALUE=DATE:{format_date(end)}"]
            lines.append("TRANSP:TRANSPARENT")
        lines.append(f"SUMMARY:{escape_text(self.summary)}")
        if self.description:
            lines.append(f"DESCRIPTION:{escape_text(self.description)}")
        if self.categories:
            lines.append("CATEGORIES:" + ",".join(escape_text(c) for c in self.categories))
        if self.url:
            lines.append(f"URL:{self.url}")
        lines.append("END:VEVENT")
        return lines


@dataclass(frozen=True)
class Feed:
    name: str
    events: Sequence[Event]
    description: str | None = None
    timezone: str = "America/Mexico_City"
    refresh_hours: int = 12
    product: str = "-//IEEM//DecideIEEM//ES"

    def render(self, stamp: datetime) -> str:
        """The feed as text. `stamp` is the DTSTAMP of every event (keep it stable for caching)."""
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            f"PRODID:{self.product}",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"NAME:{escape_text(self.name)}",
            f"X-WR-CALNAME:{escape_text(self.name)}",
            f"X-WR-TIMEZONE:{self.timezone}",
            f"REFRESH-INTERVAL;VALUE=DURATION:PT{self.refresh_hours}H",
            f"X-PUBLISHED-TTL:PT{self.refresh_hours}H",
        ]
        if self.description:
            lines += [
                f"DESCRIPTION:{escape_text(self.description)}",
                f"X-WR-CALDESC:{escape_text(self.description)}",
            ]
        for event in self.events:
            lines += event.lines(stamp)
        lines.append("END:VCALENDAR")
        return "".join(fold(line) + CRLF for line in lines)
