"""Render one ballot as a one-page PDF (US Letter, which is "carta"): large type, contenders in the
ballot's printed order with owner and substitute, coalition labels, the phase dates, how to find
your section, and a QR code to the ballot's web page.

The page is drawn by chalicelib/ballot_sheet/page.py in the PDF standard fonts (every reader has
them; WinAnsiEncoding holds every Spanish letter), so no font is embedded and no PDF library is
packaged. segno (pure Python) makes the QR code; it is imported here only, when a sheet is rendered.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from chalicelib.ballot_sheet.page import SheetPage
from chalicelib.elections import public
from chalicelib.elections.models import Candidacy, Contender, ContenderKind
from chalicelib.elections.views import BallotView
from chalicelib.messages import long_date, text
from chalicelib.settings import Settings
from chalicelib.sms.answers import ballot_link, last_day
from chalicelib.storage.election_store import ElectionStore

# Largest body size first; the first that fits one page is used (never below the smallest).
BODY_SIZES = (15.0, 14.0, 13.0, 12.0, 11.0, 10.0, 9.0)


@dataclass(frozen=True)
class SheetEntry:
    position: int
    name: str
    label: str | None  # coalition members or "Candidatura independiente"
    owner: str
    substitute: str


def entries(view: BallotView, contenders: dict[str, Contender]) -> list[SheetEntry]:
    """The ballot's candidacies in the order the ballot API returns them (the printed order)."""
    found = []
    for position, candidacy in enumerate(view.ballot.candidacies, start=1):
        found.append(_entry(position, candidacy, contenders))
    return found


def _entry(position: int, candidacy: Candidacy, contenders: dict[str, Contender]) -> SheetEntry:
    contender = contenders.get(candidacy.contender_id)
    label = None
    if candidacy.contender_kind == ContenderKind.COALITION and contender is not None:
        members = [contenders[m].short_name if m in contenders else m for m in contender.members]
        label = text("sheet.coalition", members=", ".join(members))
    elif candidacy.contender_kind == ContenderKind.INDEPENDENT:
        label = text("sheet.independent")
    unknown = text("sheet.unknown")
    return SheetEntry(
        position=position,
        name=contender.name if contender else candidacy.contender_name,
        label=label,
        owner=text("sheet.owner", name=candidacy.owner or unknown),
        substitute=text("sheet.substitute", name=candidacy.substitute or unknown),
    )


def ballot_title(view: BallotView) -> str:
    ballot = view.ballot
    if ballot.office == "ayuntamiento":
        return text("sms.office.ayuntamiento", place=ballot.place.name)
    return text("sms.office.diputacion", number=int(ballot.place.code))


def _date_or_none(value: datetime | None, tz: ZoneInfo) -> str:
    return long_date(value.astimezone(tz).date()) if value else text("sheet.not_given")


def render_sheet(
    view: BallotView, contenders: dict[str, Contender], web_base_url: str, now: datetime, tz: ZoneInfo
) -> bytes:
    for size in BODY_SIZES:
        pdf = _compose(view, contenders, web_base_url, now, tz, size)
        if pdf.page_no() == 1 or size == BODY_SIZES[-1]:
            return pdf.output()
    raise AssertionError("unreachable")


def _compose(
    view: BallotView, contenders: dict[str, Contender], web_base_url: str, now: datetime, tz: ZoneInfo, size: float
) -> SheetPage:
    import segno

    process = view.process
    link = ballot_link(web_base_url, view.ballot.id)
    # Dated by the day, not the second: the same ballot on the same day is the same file (one ETag).
    local = now.astimezone(tz)
    pdf = SheetPage(
        title=f"{ballot_title(view)} · {process.name}",
        author="DecideIEEM",
        created=local.replace(hour=0, minute=0, second=0, microsecond=0),
    )
    width = pdf.epw
    line = size * 0.5

    qr_side = 38.0
    modules = [list(row) for row in segno.make(link, error="m").matrix_iter(border=2)]
    pdf.image(modules, x=pdf.w - pdf.r_margin - qr_side, y=pdf.t_margin, side=qr_side)
    text_width = width - qr_side - 4

    pdf.set_font(size - 3)
    pdf.multi_cell(text_width, line * 0.9, text("sheet.title") + " · " + process.name)
    if process.is_drill:
        pdf.set_font(size - 2, bold=True)
        pdf.multi_cell(text_width, line, text("sheet.fictional"))
    pdf.set_font(size + 9, bold=True)
    pdf.multi_cell(text_width, (size + 9) * 0.5, ballot_title(view))
    pdf.set_font(size - 1)
    ends = last_day(process, tz)
    until = text("sheet.until", date=long_date(ends)) if ends else ""
    phase = text("sheet.phase", phase=text(f"phase.{process.phase.code.value}"), until=until)
    pdf.multi_cell(text_width, line, phase)
    calendar = process.calendar
    dates = text(
        "sheet.dates",
        campaign=_date_or_none(calendar.campaign_start, tz),
        veda=_date_or_none(calendar.veda_start, tz),
        election_day=long_date(calendar.election_day),
    )
    pdf.multi_cell(text_width, line, dates)
    pdf.y = max(pdf.y, pdf.t_margin + qr_side) + 2
    pdf.set_font(size - 4)
    pdf.cell(width, line * 0.8, text("sheet.qr") + " " + link, align="R")
    pdf.ln(1)

    pdf.gray = 60 / 255
    pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
    pdf.ln(2)
    pdf.set_font(size - 3)
    pdf.cell(width, line, text("sheet.order"))
    found = entries(view, contenders)
    if not found:
        why = view.ballot.registry_note or text("sms.ballot.pending")
        pdf.set_font(size)
        pdf.multi_cell(width, line * 1.2, text("sheet.no_candidacies", why=why))
    for entry in found:
        pdf.set_font(size + 1, bold=True)
        pdf.multi_cell(width, (size + 1) * 0.5, f"{entry.position}. {entry.name}")
        pdf.x = pdf.l_margin + 7
        if entry.label:
            pdf.set_font(size - 3)
            pdf.multi_cell(width - 7, line * 0.85, entry.label)
            pdf.x = pdf.l_margin + 7
        pdf.set_font(size)
        pdf.multi_cell(width - 7, line, f"{entry.owner}    {entry.substitute}")
        pdf.ln(size * 0.12)

    pdf.ln(2)
    pdf.line(pdf.l_margin, pdf.y, pdf.w - pdf.r_margin, pdf.y)
    pdf.ln(2)
    pdf.set_font(size - 2)
    pdf.multi_cell(width, line, text("sheet.find_section", site=web_base_url.rstrip("/")))
    pdf.ln(1)
    pdf.set_font(size - 5)
    sources = "; ".join(process.sources) if process.sources else "IEEM"
    footer = text("sheet.source", sources=sources, date=long_date(now.astimezone(tz).date()))
    pdf.multi_cell(width, (size - 5) * 0.45, footer)
    return pdf


def ballot_sheet(store: ElectionStore, ballot_id: str, now: datetime, settings: Settings) -> bytes:
    """The sheet of one ballot: the ballot as `GET /v1/ballots/{id}` returns it (two reads) and its
    process's contenders (one Query) for names and coalition members."""
    view = public.get_ballot(store, ballot_id, now)
    contenders = {c.id: c for c in store.list_contenders(view.ballot.process_id)}
    return render_sheet(view, contenders, settings.web_base_url, now, settings.tz)
