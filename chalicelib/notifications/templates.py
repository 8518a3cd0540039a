"""Emails rendered from the es-MX catalogue: plain text and HTML, user text always escaped."""

from __future__ import annotations

import json
from html import escape

from chalicelib.messages import text
from chalicelib.notifications.mail import Email
from chalicelib.notifications.models import DigestEntry
from chalicelib.proposals.models import PartyResponse, Proposal
from chalicelib.topics import TOPIC_LABELS
from chalicelib.transparency.entries import receipt_for_submission


def _compose(to: str, kind: str, subject: str, lines: list[str], link: str | None, drill: bool) -> Email:
    paragraphs = ([text("email.drill_notice")] if drill else []) + lines
    text_body = "\n\n".join(paragraphs)
    html_parts = [f"<p>{escape(p)}</p>" for p in paragraphs]
    if link:
        text_body += f"\n\n{text('email.open_link')} {link}"
        html_parts.append(f'<p>{escape(text("email.open_link"))} <a href="{escape(link)}">{escape(link)}</a></p>')
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
    )


def party_digest(to: str, contender: str, entries: list[DigestEntry], link: str, drill: bool) -> Email:
    lines = [text("email.party_digest.intro", contender=contender, count=len(entries))]
    lines += [f"• {e.title} — {e.place_name} ({e.topic_label})" for e in entries]
    return _compose(to, "party_digest", text("email.party_digest.subject", count=len(entries)), lines, link, drill)


def citizen_decision(to: str, proposal: Proposal, link: str) -> Email:
    # the public log's receipt of the submission (the same leaf hash as in the submission response)
    receipt = text(
        "email.log_receipt", leaf_hash=receipt_for_submission(json.loads(proposal.model_dump_json())).leaf_hash
    )
    if proposal.status.value == "published":
        return _compose(
            to,
            "citizen_approved",
            text("email.citizen_approved.subject", title=proposal.title),
            [text("email.citizen_approved.intro"), proposal.title, receipt],
            link,
            proposal.fictional,
        )
    reason = proposal.decisions[-1].reason if proposal.decisions else ""
    return _compose(
        to,
        "citizen_rejected",
        text("email.citizen_rejected.subject", title=proposal.title),
        [text("email.citizen_rejected.intro", reason=text(f"reason.{reason}")), proposal.title, receipt],
        None,
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
