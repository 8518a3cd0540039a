"""Emails rendered from the es-MX catalogue: plain text and HTML, user text always escaped."""

from __future__ import annotations

import json
from html import escape

from chalicelib.adapters.mail import Email
from chalicelib.messages import plural, text
from chalicelib.notifications.models import DigestEntry
from chalicelib.proposals.models import PartyResponse, Proposal
from chalicelib.topics import TOPIC_LABELS
from chalicelib.transparency.entries import receipt_for_submission


def party_settings_link(link: str, process_id: str | None = None) -> str:
    """The party's notification settings on the same site as `link` (every party email has it)."""
    site = link.split("#/", 1)[0].rstrip("/")
    return f"{site}/#/partido/ajustes" + (f"?proceso={process_id}" if process_id else "")


def _compose(
    to: str, kind: str, subject: str, lines: list[str], link: str | None, drill: bool, settings: str | None = None
) -> Email:
    paragraphs = ([text("email.drill_notice")] if drill else []) + lines
    text_body = "\n\n".join(paragraphs)
    html_parts = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if link:
        text_body += f"\n\n{text('email.open_link')} {link}"
        html_parts.append(f'<p>{escape(text("email.open_link"))} <a href="{escape(link)}">{escape(link)}</a></p>')
    if settings:
        text_body += f"\n\n{text('email.party_settings_link')} {settings}"
        html_parts.append(
            f'<p>{escape(text("email.party_settings_link"))} <a href="{escape(settings)}">{escape(settings)}</a></p>'
        )
    text_body += f"\n\n--\n{text('email.footer')}\n"
    html_parts.append(f"<hr><p><small>{escape(text('email.footer'))}</small></p>")
    html = '<!doctype html><html lang="es-MX"><meta charset="utf-8"><body>' + "".join(html_parts) + "</body></html>"
    return Email(to=to, subject=subject, text=text_body, html=html, kind=kind)


def party_proposal(to: str, contender: str, proposal: Proposal, link: str) -> Email:
    return _compose(
        to,
        "party_proposal",
        text("email.party_proposal.subject", title=proposal.title),
        [
            text(
                "email.party_proposal.intro",
                contender=contender,
                place=proposal.place_name,
                topic=TOPIC_LABELS[proposal.topic],
            ),
            proposal.title,
            proposal.problem,
            proposal.proposed_action,
            text("email.party_proposal.action"),
        ],
        link,
        proposal.fictional,
        party_settings_link(link, proposal.process_id),
    )


def party_digest(
    to: str, contender: str, entries: list[DigestEntry], link: str, drill: bool, *, total: int | None = None
) -> Email:
    """`entries` are listed by title; `total` (default: as many) is how many the digest covers."""
    count = len(entries) if total is None else total
    lines = [plural("email.party_digest.intro", count, contender=contender)]
    lines += [f"• {e.title} — {e.place_name} ({e.topic_label})" for e in entries]
    if count > len(entries):
        lines.append(text("email.party_digest.more", more=count - len(entries)))
    return _compose(
        to, "party_digest", plural("email.party_digest.subject", count), lines, link, drill, party_settings_link(link)
    )


def citizen_decision(to: str, proposal: Proposal, link: str) -> Email:
    # the public log's receipt of the submission (the same leaf hash as in the submission response)
    receipt = text(
        "email.log_receipt", leaf_hash=receipt_for_submission(json.loads(proposal.model_dump_json())).leaf_hash
    )
    last = proposal.decisions[-1] if proposal.decisions else None
    if proposal.status.value == "published":
        lines = [text("email.citizen_approved.intro"), proposal.title]
        if last is not None and last.action == "redact":
            lines.append(_redaction_line(last.fields, last.reason))
        return _compose(
            to,
            "citizen_approved",
            text("email.citizen_approved.subject", title=proposal.title),
            [*lines, receipt],
            link,
            proposal.fictional,
        )
    reason = last.reason if last else ""
    return _compose(
        to,
        "citizen_rejected",
        text("email.citizen_rejected.subject", title=proposal.title),
        [
            text("email.citizen_rejected.intro", reason=text(f"reason.{reason}")),
            proposal.title,
            text("email.citizen_rejected.next_step"),
            receipt,
        ],
        None,
        proposal.fictional,
    )


def _redaction_line(fields: list[str], reason: str) -> str:
    names = ", ".join(text(f"field_label.{f}") for f in fields)
    return text("email.citizen_redacted.intro", fields=names, reason=text(f"reason.{reason}"))


def citizen_redacted(to: str, proposal: Proposal, link: str) -> Email:
    """A published proposal whose text moderation edited (the author is told what was edited)."""
    last = proposal.decisions[-1]
    return _compose(
        to,
        "citizen_redacted",
        text("email.citizen_redacted.subject", title=proposal.title),
        [_redaction_line(last.fields, last.reason), proposal.title],
        link,
        proposal.fictional,
    )


def citizen_changes_requested(to: str, proposal: Proposal, link: str) -> Email:
    last = proposal.decisions[-1]
    return _compose(
        to,
        "citizen_changes_requested",
        text("email.citizen_changes.subject", title=proposal.title),
        [
            text("email.citizen_changes.intro", reason=text(f"reason.{last.reason}")),
            proposal.title,
            last.note or "",
            text("email.citizen_changes.next_step"),
        ],
        link,
        proposal.fictional,
    )


def citizen_hidden(to: str, proposal: Proposal, link: str) -> Email:
    return _compose(
        to,
        "citizen_hidden",
        text("email.citizen_hidden.subject", title=proposal.title),
        [text("email.citizen_hidden.intro"), proposal.title],
        link,
        proposal.fictional,
    )


def citizen_response(to: str, proposal: Proposal, response: PartyResponse, link: str, *, author: bool) -> Email:
    relation = text("email.relation.author" if author else "email.relation.supporter")
    return _compose(
        to,
        "citizen_response",
        text("email.citizen_response.subject", contender=response.contender_name, title=proposal.title),
        [
            text(
                "email.citizen_response.intro",
                contender=response.contender_name,
                stance=text(f"stance.{response.stance.value}"),
                relation=relation,
            ),
            proposal.title,
            response.text,
        ],
        link,
        proposal.fictional,
    )


def citizen_commitment(
    to: str, proposal: Proposal, contender: str, place: str, link: str, *, author: bool, drill: bool
) -> Email:
    """A proposal became a commitment of the council's winner (issue 16)."""
    relation = text("email.relation.author" if author else "email.relation.supporter")
    return _compose(
        to,
        "citizen_commitment",
        text("email.citizen_commitment.subject", title=proposal.title),
        [
            text("email.citizen_commitment.intro", contender=contender, place=place, relation=relation),
            proposal.title,
            text("email.citizen_commitment.follow"),
        ],
        link,
        drill,
    )


def citizen_commitment_update(
    to: str,
    proposal: Proposal,
    contender: str,
    status: str,
    note: str,
    evidence: str | None,
    link: str,
    *,
    author: bool,
    drill: bool,
) -> Email:
    """The office-holder reported progress on a commitment that answers the citizen's proposal."""
    relation = text("email.relation.author" if author else "email.relation.supporter")
    lines = [
        text("email.citizen_commitment_update.intro", contender=contender, status=status, relation=relation),
        proposal.title,
        note,
    ]
    if evidence:
        lines.append(text("email.citizen_commitment_update.evidence", url=evidence))
    lines.append(text("email.citizen_commitment_update.verdict"))
    return _compose(
        to,
        "citizen_commitment_update",
        text("email.citizen_commitment_update.subject", status=status, title=proposal.title),
        lines,
        link,
        drill,
    )


def identity_invitation(to: str, contender: str, place: str, link: str, until: str, drill: bool) -> Email:
    """The candidate's one-time link to the identity questionnaire (to the candidate, never the party)."""
    return _compose(
        to,
        "identity_invitation",
        text("email.identity_invitation.subject", contender=contender),
        [
            text("email.identity_invitation.intro", contender=contender, place=place),
            text("email.identity_invitation.action", until=until),
        ],
        link,
        drill,
    )


def profile_returned(to: str, owner: str, place: str, reason: str, link: str, drill: bool) -> Email:
    return _compose(
        to,
        "profile_returned",
        text("email.profile_returned.subject", owner=owner),
        [
            text("email.profile_returned.intro", owner=owner, place=place),
            text("email.profile_returned.reason", reason=reason),
            text("email.profile_returned.action"),
        ],
        link,
        drill,
    )
