"""`/s/<section>`: who is running where I vote, as plain HTML (no script, no style sheet, no images).

For basic browsers and poor connections: one request, a few kilobytes gzipped, cacheable at the
CDN. It is the same lookup as `GET /v1/lookup?section=` and lists each ballot's candidacies in the
order that lookup returns them (the ballot's printed order), with owner and substitute.
"""

from __future__ import annotations

from datetime import datetime
from html import escape

from pydantic import BaseModel, ConfigDict, Field

from chalicelib.elections.lookup import LookupQuery, lookup
from chalicelib.elections.models import Contender, ContenderKind
from chalicelib.messages import long_date, text
from chalicelib.settings import Settings
from chalicelib.sms.answers import ballot_link, ballot_note, last_day, office_titles
from chalicelib.storage.election_store import ElectionStore


class SectionPath(BaseModel):
    """The section of `/s/<section>`, validated like the lookup's (leading zeros allowed)."""

    model_config = ConfigDict(frozen=True)

    section: int = Field(ge=1, le=99999, description="Electoral section number")


def section_page(store: ElectionStore, section: int, now: datetime, settings: Settings) -> str:
    result = lookup(store, LookupQuery(section=section), now)
    contenders: dict[str, dict[str, Contender]] = {
        found.process.id: {c.id: c for c in store.list_contenders(found.process.id)}
        for found in result.results
        if found.ballots
    }
    site = settings.web_base_url.rstrip("/")
    title = text("saver.title", section=section)
    body: list[str] = [f"<h1>{escape(title)}</h1>"]
    if result.section is not None and result.section.municipality_name:
        body.append(f"<p>{escape(text('saver.place', municipality=result.section.municipality_name))}</p>")
    if result.notice:
        body.append(f"<p>{escape(result.notice)}</p>")
    for found in result.results:
        process = found.process
        ends = last_day(process, settings.tz)
        until = text("sheet.until", date=long_date(ends)) if ends else ""
        body.append(f"<h2>{escape(process.name)}</h2>")
        if process.is_drill:
            body.append(f"<p><strong>{escape(text('sheet.fictional'))}</strong></p>")
        phase = text("sheet.phase", phase=text(f"phase.{process.phase.code.value}"), until=until)
        body.append(f"<p>{escape(phase)}</p>")
        if found.notice:
            body.append(f"<p>{escape(found.notice)}</p>")
        for ballot in found.ballots:
            heading, _short = office_titles(ballot)
            body.append(f"<h3>{escape(heading)}</h3>")
            note = ballot_note(ballot)
            if note:
                body.append(f"<p>{escape(note)}</p>")
            items = []
            for candidacy in ballot.candidacies:
                contender = contenders.get(process.id, {}).get(candidacy.contender_id)
                name = contender.name if contender else candidacy.contender_name
                if candidacy.contender_kind == ContenderKind.INDEPENDENT:
                    name = text("sheet.independent")
                owner = text("sheet.owner", name=candidacy.owner or text("sheet.unknown"))
                substitute = text("sheet.substitute", name=candidacy.substitute or text("sheet.unknown"))
                items.append(f"<li><b>{escape(name)}</b><br>{escape(owner)}<br>{escape(substitute)}</li>")
            if items:
                body.append(f"<p>{escape(text('sheet.order'))}</p><ol>{''.join(items)}</ol>")
            link = escape(ballot_link(site, ballot.id))
            body.append(f'<p><a href="{link}">{escape(text("saver.full_page"))}</a></p>')
    body.append(f"<p>{escape(text('saver.sms'))}</p>")
    body.append(f'<p><a href="{escape(site)}/">{escape(text("saver.home"))}</a></p>')
    return (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{escape(title)} · DecideIEEM</title></head><body>{''.join(body)}</body></html>\n"
    )
