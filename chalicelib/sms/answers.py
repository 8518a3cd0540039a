"""The answer to "who is running where I vote", for one section, in as few characters as a channel allows.

One renderer for every text channel: `section_answer` gathers what a lookup found (processes in
course, their phase and its last day, the section's ballots with their contenders in ballot
order, the links), and `render` writes it within a channel's budget. When the full text does not
fit, it is shortened step by step, always in the same order, so two sections with the same
ballots read alike:

1. every ballot with its own link;
2. one link to the section's page (`/s/<section>`) instead of one per ballot;
3. short office titles ("Ayto. Toluca", "Dto. 12");
4. short dates ("al 21/12");
5. the first 6, then 4, 2, 0 contenders of each ballot and "+N más";
6. the last lines dropped (the link always stays).

An SMS adapter passes a GSM-7 budget; a future WhatsApp or voice adapter passes its own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from chalicelib.elections.models import Ballot, BallotStatus, Contender, ContenderKind, Office, RegistryStatus
from chalicelib.elections.views import LookupResult, ProcessView
from chalicelib.messages import text


@dataclass(frozen=True)
class BallotAnswer:
    title: str
    short_title: str
    contenders: tuple[str, ...]  # short names, in ballot order
    note: str | None  # why there are no contenders to list (annulled, registry not published here)
    link: str


@dataclass(frozen=True)
class ProcessAnswer:
    label: str
    phase: str
    last_day: date | None
    ballots: tuple[BallotAnswer, ...]


@dataclass(frozen=True)
class SectionAnswer:
    section: int
    processes: tuple[ProcessAnswer, ...]
    link: str  # the section's page: every ballot of the section, no JavaScript needed
    notice: str | None = None  # nothing in course


@dataclass(frozen=True)
class Level:
    ballot_links: bool = True
    short_titles: bool = False
    short_dates: bool = False
    max_contenders: int | None = None


LEVELS = (
    Level(),
    Level(ballot_links=False),
    Level(ballot_links=False, short_titles=True),
    Level(ballot_links=False, short_titles=True, short_dates=True),
    *(Level(ballot_links=False, short_titles=True, short_dates=True, max_contenders=n) for n in (6, 4, 2, 0)),
)


def ballot_link(web_base_url: str, ballot_id: str) -> str:
    return f"{web_base_url.rstrip('/')}/#/eleccion/{ballot_id}"


def section_link(web_base_url: str, section: int) -> str:
    return f"{web_base_url.rstrip('/')}/s/{section}"


def process_label(process: ProcessView) -> str:
    if process.is_drill:
        return text("sms.process.drill")
    kind = "sms.process.extraordinary" if process.kind == "extraordinary" else "sms.process.ordinary"
    return text(kind, year=process.calendar.election_day.year)


def last_day(process: ProcessView, tz: ZoneInfo) -> date | None:
    """The last day of the current phase: a phase ending at 00:00 ends the day before."""
    ends = process.phase.ends_at
    return (ends.astimezone(tz) - timedelta(microseconds=1)).date() if ends else None


def office_titles(ballot: Ballot) -> tuple[str, str]:
    if ballot.office == Office.AYUNTAMIENTO:
        return text("sms.office.ayuntamiento", place=ballot.place.name), text(
            "sms.office.ayuntamiento.short", place=ballot.place.name
        )
    number = int(ballot.place.code)
    return text("sms.office.diputacion", number=number), text("sms.office.diputacion.short", number=number)


def contender_names(ballot: Ballot, contenders: Mapping[str, Contender]) -> tuple[str, ...]:
    """Short names in the ballot's own order (the order the ballot API returns)."""
    names = []
    for candidacy in ballot.candidacies:
        contender = contenders.get(candidacy.contender_id)
        if candidacy.contender_kind == ContenderKind.INDEPENDENT:
            names.append(text("sms.independent", name=candidacy.owner or text("sms.unknown_name")))
        else:
            names.append(contender.short_name if contender else candidacy.contender_name)
    return tuple(names)


def ballot_note(ballot: Ballot) -> str | None:
    if ballot.status == BallotStatus.ANNULLED:
        return text("sms.ballot.annulled")
    if ballot.candidacies:
        return None
    if ballot.registry_status == RegistryStatus.NOT_PUBLISHED_HERE:
        return text("sms.ballot.not_published_here")
    return text("sms.ballot.pending")


def section_answer(
    section: int,
    result: LookupResult,
    contenders: Mapping[str, Mapping[str, Contender]],
    web_base_url: str,
    tz: ZoneInfo,
) -> SectionAnswer:
    """What a lookup of `section` found; `contenders` maps process id → contender id → contender."""
    processes = []
    for found in result.results:
        ballots = []
        for ballot in found.ballots:
            title, short = office_titles(ballot)
            ballots.append(
                BallotAnswer(
                    title=title,
                    short_title=short,
                    contenders=contender_names(ballot, contenders.get(found.process.id, {})),
                    note=ballot_note(ballot),
                    link=ballot_link(web_base_url, ballot.id),
                )
            )
        processes.append(
            ProcessAnswer(
                label=process_label(found.process),
                phase=text(f"phase.{found.process.phase.code.value}"),
                last_day=last_day(found.process, tz),
                ballots=tuple(ballots),
            )
        )
    return SectionAnswer(
        section=section,
        processes=tuple(processes),
        link=section_link(web_base_url, section),
        notice=text("sms.no_process") if result.notice else None,
    )


def _names(names: tuple[str, ...], limit: int | None) -> str:
    if limit is None or len(names) <= limit:
        return ", ".join(names)
    shown = ", ".join(names[:limit])
    more = text("sms.more", count=len(names) - limit)
    return f"{shown} {more}" if shown else more


def _until(day: date | None, short: bool) -> str:
    if day is None:
        return ""
    return text("sms.until.short" if short else "sms.until", date=f"{day:%d/%m}" if short else f"{day:%d/%m/%Y}")


def compose(answer: SectionAnswer, level: Level) -> list[str]:
    """The answer's lines at one level of detail; the last line is the link to follow."""
    lines = [text("sms.header", section=answer.section)]
    if answer.notice:
        return [*lines, answer.notice, text("sms.see", link=answer.link)]
    single_ballot = sum(len(p.ballots) for p in answer.processes) == 1
    for process in answer.processes:
        until = _until(process.last_day, level.short_dates)
        lines.append(text("sms.process", label=process.label, phase=process.phase, until=until).replace(" :", ":"))
        if not process.ballots:
            lines.append(text("sms.process.no_ballot"))
        for ballot in process.ballots:
            title = ballot.short_title if level.short_titles else ballot.title
            what = ballot.note or _names(ballot.contenders, level.max_contenders)
            line = text("sms.ballot", title=title, contenders=what)
            if level.ballot_links and not single_ballot:
                line = f"{line} {ballot.link}"
            lines.append(line)
    if single_ballot:
        only = next(b for p in answer.processes for b in p.ballots)
        lines.append(text("sms.see", link=only.link))
    elif not level.ballot_links or not any(p.ballots for p in answer.processes):
        lines.append(text("sms.see", link=answer.link))
    return lines


def render(answer: SectionAnswer, fits: Callable[[str], bool]) -> str:
    """The most detailed text that fits; failing all levels, the last lines give way to the link."""
    lines: list[str] = []
    for level in LEVELS:
        lines = compose(answer, level)
        joined = "\n".join(lines)
        if fits(joined):
            return joined
    link = text("sms.see", link=answer.link)
    body = [line for line in lines[:-1]]
    while body:
        candidate = "\n".join([*body, text("sms.cut"), link])
        if fits(candidate):
            return candidate
        body.pop()
    return link


def render_help() -> str:
    return text("sms.help")
