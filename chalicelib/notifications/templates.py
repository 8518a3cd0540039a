"""Every email the platform sends, rendered from the es-MX catalogue: plain text and HTML, user text
always escaped. Notification emails take an `optout` (a signed one-click unsubscribe URL and the
settings page): they carry RFC 8058's headers and both links; account emails (codes, notices about
the account itself) are transactional and carry none."""

from __future__ import annotations

import json
from dataclasses import dataclass
from html import escape

from chalicelib.adapters.mail import Email
from chalicelib.messages import plural, text
from chalicelib.notifications.models import DigestEntry, OptOut
from chalicelib.proposals.models import PartyResponse, Proposal
from chalicelib.topics import TOPIC_LABELS
from chalicelib.transparency.entries import receipt_for_submission


def party_settings_link(link: str, process_id: str | None = None) -> str:
    """The party's notification settings on the same site as `link` (every party email has it)."""
    site = link.split("#/", 1)[0].rstrip("/")
    return f"{site}/#/partido/ajustes" + (f"?proceso={process_id}" if process_id else "")


@dataclass(frozen=True)
class Heading:
    """A heading inside an email (`<h2>` in HTML, its own line in the text part)."""

    text: str


Line = str | Heading


def unsubscribe_headers(optout: OptOut | None) -> dict[str, str]:
    """RFC 8058: the one-click URL (HTTPS, token inside) and the header that says a POST does it."""
    if optout is None:
        return {}
    return {"List-Unsubscribe": f"<{optout.unsubscribe_url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def _html_line(line: Line) -> str:
    if isinstance(line, Heading):
        return f"<h2>{escape(line.text)}</h2>"
    return "<p>" + escape(line).replace("\n", "<br>") + "</p>"


def _compose(
    to: str,
    kind: str,
    subject: str,
    lines: list[Line],
    link: str | None,
    drill: bool,
    settings: str | None = None,
    *,
    optout: OptOut | None = None,
) -> Email:
    """Every email's shape: the lines (user text escaped in HTML), the link, the way out, the footer."""
    paragraphs: list[Line] = [*([text("email.drill_notice")] if drill else []), *lines]
    text_body = "\n\n".join(p.text.upper() if isinstance(p, Heading) else p for p in paragraphs)
    html_parts = [_html_line(p) for p in paragraphs]

    def labelled(label: str, url: str) -> None:
        nonlocal text_body
        text_body += f"\n\n{label} {url}"
        html_parts.append(f'<p>{escape(label)} <a href="{escape(url)}">{escape(url)}</a></p>')

    if link:
        labelled(text("email.open_link"), link)
    if settings:
        labelled(text("email.party_settings_link"), settings)
    if optout is not None:
        if not settings and optout.settings_url:
            labelled(text("email.citizen_settings_link"), optout.settings_url)
        labelled(text(f"email.unsubscribe.{optout.topic.value}"), optout.unsubscribe_url)
    text_body += f"\n\n--\n{text('email.footer')}\n"
    html_parts.append(f"<hr><p><small>{escape(text('email.footer'))}</small></p>")
    html = '<!doctype html><html lang="es-MX"><meta charset="utf-8"><body>' + "".join(html_parts) + "</body></html>"
    return Email(to=to, subject=subject, text=text_body, html=html, kind=kind, headers=unsubscribe_headers(optout))


def party_proposal(to: str, contender: str, proposal: Proposal, link: str, *, optout: OptOut | None = None) -> Email:
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
            Heading(proposal.title),
            Heading(text("email.heading.problem")),
            proposal.problem,
            Heading(text("email.heading.proposed_action")),
            proposal.proposed_action,
            text("email.party_proposal.action"),
        ],
        link,
        proposal.fictional,
        party_settings_link(link, proposal.process_id),
        optout=optout,
    )


def party_digest(
    to: str,
    contender: str,
    entries: list[DigestEntry],
    link: str,
    drill: bool,
    *,
    total: int | None = None,
    optout: OptOut | None = None,
) -> Email:
    """`entries` are listed by title; `total` (default: as many) is how many the digest covers."""
    count = len(entries) if total is None else total
    lines: list[Line] = [plural("email.party_digest.intro", count, contender=contender)]
    lines += [f"• {e.title} — {e.place_name} ({e.topic_label})" for e in entries]
    if count > len(entries):
        more = count - len(entries)
        lines.append(plural("email.party_digest.more", more, more=more))
    return _compose(
        to,
        "party_digest",
        plural("email.party_digest.subject", count),
        lines,
        link,
        drill,
        party_settings_link(link),
        optout=optout,
    )


def citizen_decision(to: str, proposal: Proposal, link: str, *, optout: OptOut | None = None) -> Email:
    # the public log's receipt of the submission (the same leaf hash as in the submission response)
    receipt = text(
        "email.log_receipt", leaf_hash=receipt_for_submission(json.loads(proposal.model_dump_json())).leaf_hash
    )
    last = proposal.decisions[-1] if proposal.decisions else None
    if proposal.status.value == "published":
        lines: list[Line] = [text("email.citizen_approved.intro"), Heading(proposal.title)]
        if last is not None and last.action == "redact":
            lines.append(_redaction_line(last.fields, last.reason))
        return _compose(
            to,
            "citizen_approved",
            text("email.citizen_approved.subject", title=proposal.title),
            [*lines, receipt],
            link,
            proposal.fictional,
            optout=optout,
        )
    reason = last.reason if last else ""
    return _compose(
        to,
        "citizen_rejected",
        text("email.citizen_rejected.subject", title=proposal.title),
        [
            text("email.citizen_rejected.intro", reason=text(f"reason.{reason}")),
            Heading(proposal.title),
            Heading(text("email.heading.next_step")),
            text("email.citizen_rejected.next_step"),
            receipt,
        ],
        None,
        proposal.fictional,
        optout=optout,
    )


def _redaction_line(fields: list[str], reason: str) -> str:
    names = ", ".join(text(f"field_label.{f}") for f in fields)
    return text("email.citizen_redacted.intro", fields=names, reason=text(f"reason.{reason}"))


def citizen_redacted(to: str, proposal: Proposal, link: str, *, optout: OptOut | None = None) -> Email:
    """A published proposal whose text moderation edited (the author is told what was edited)."""
    last = proposal.decisions[-1]
    return _compose(
        to,
        "citizen_redacted",
        text("email.citizen_redacted.subject", title=proposal.title),
        [_redaction_line(last.fields, last.reason), Heading(proposal.title)],
        link,
        proposal.fictional,
        optout=optout,
    )


def citizen_changes_requested(to: str, proposal: Proposal, link: str, *, optout: OptOut | None = None) -> Email:
    last = proposal.decisions[-1]
    return _compose(
        to,
        "citizen_changes_requested",
        text("email.citizen_changes.subject", title=proposal.title),
        [
            text("email.citizen_changes.intro", reason=text(f"reason.{last.reason}")),
            Heading(proposal.title),
            *([last.note] if last.note else []),
            Heading(text("email.heading.next_step")),
            text("email.citizen_changes.next_step"),
        ],
        link,
        proposal.fictional,
        optout=optout,
    )


def citizen_hidden(to: str, proposal: Proposal, link: str, *, optout: OptOut | None = None) -> Email:
    return _compose(
        to,
        "citizen_hidden",
        text("email.citizen_hidden.subject", title=proposal.title),
        [text("email.citizen_hidden.intro"), Heading(proposal.title)],
        link,
        proposal.fictional,
        optout=optout,
    )


def citizen_response(
    to: str, proposal: Proposal, response: PartyResponse, link: str, *, author: bool, optout: OptOut | None = None
) -> Email:
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
            Heading(proposal.title),
            response.text,
        ],
        link,
        proposal.fictional,
        optout=optout,
    )


def citizen_commitment(
    to: str,
    proposal: Proposal,
    contender: str,
    place: str,
    link: str,
    *,
    author: bool,
    drill: bool,
    optout: OptOut | None = None,
) -> Email:
    """A proposal became a commitment of the council's winner (issue 16)."""
    relation = text("email.relation.author" if author else "email.relation.supporter")
    return _compose(
        to,
        "citizen_commitment",
        text("email.citizen_commitment.subject", title=proposal.title),
        [
            text("email.citizen_commitment.intro", contender=contender, place=place, relation=relation),
            Heading(proposal.title),
            text("email.citizen_commitment.follow"),
        ],
        link,
        drill,
        optout=optout,
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
    optout: OptOut | None = None,
) -> Email:
    """The office-holder reported progress on a commitment that answers the citizen's proposal."""
    relation = text("email.relation.author" if author else "email.relation.supporter")
    lines: list[Line] = [
        text("email.citizen_commitment_update.intro", contender=contender, status=status, relation=relation),
        Heading(proposal.title),
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
        optout=optout,
    )


def identity_invitation(
    to: str, contender: str, place: str, link: str, until: str, drill: bool, *, optout: OptOut | None = None
) -> Email:
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
        optout=optout,
    )


def profile_returned(
    to: str, owner: str, place: str, reason: str, link: str, drill: bool, *, optout: OptOut | None = None
) -> Email:
    return _compose(
        to,
        "profile_returned",
        text("email.profile_returned.subject", owner=owner),
        [
            text("email.profile_returned.intro", owner=owner, place=place),
            Heading(text("email.heading.reason")),
            text("email.profile_returned.reason", reason=reason),
            Heading(text("email.heading.next_step")),
            text("email.profile_returned.action"),
        ],
        link,
        drill,
        party_settings_link(link),
        optout=optout,
    )


# the institute ---------------------------------------------------------------------------------
def address_failing(to: str, address: str, contender: str, process: str, what: str, drill: bool) -> Email:
    """To the institute: a party's notification address bounces or complains (`what` is the kind)."""
    return _compose(
        to,
        "institute_address_failing",
        text("email.address_failing.subject", contender=contender),
        [
            text(
                "email.address_failing.intro",
                address=address,
                contender=contender,
                process=process,
                what=text(f"email.address_failing.{what}"),
            )
        ],
        None,
        drill,
    )


# accounts (transactional: codes and notices about the account itself; no unsubscribe) ----------
VERIFICATION_KIND = "account_verification"
RESET_KIND = "password_reset"
# The front's pages with the code forms (hash routes; no personal data goes in the link).
CONFIRM_ROUTE = "/#/confirmar"
RESET_ROUTE = "/#/restablecer"


def _coded(to: str, kind: str, subject: str, prefix: str, params: dict[str, object]) -> Email:
    """A code email whose catalogue entries hold the whole text and HTML; HTML parameters escaped."""
    html_params = {key: escape(str(value), quote=True) for key, value in params.items()}
    return Email(
        to=to,
        subject=subject,
        text=text(f"{prefix}.text", **params),
        html=text(f"{prefix}.html", **html_params),
        kind=kind,
    )


def verification_email(*, to: str, display_name: str, code: str, site_url: str, valid_hours: int) -> Email:
    """Everything a person typed is escaped in the HTML part. The link opens the code form."""
    params = {"name": display_name, "verification_code": code, "site": site_url.rstrip("/") + CONFIRM_ROUTE}
    return _coded(
        to, VERIFICATION_KIND, text("email.verification.subject"), "email.verification", params | {"hours": valid_hours}
    )


def reset_email(*, to: str, display_name: str, code: str, site_url: str, valid_hours: int) -> Email:
    """The password-reset code, built as the verification email is (HTML parameters escaped)."""
    params = {"name": display_name, "verification_code": code, "site": site_url.rstrip("/") + RESET_ROUTE}
    return _coded(to, RESET_KIND, text("email.reset.subject"), "email.reset", params | {"hours": valid_hours})


def _plain(to: str, kind: str, subject: str, body: str) -> Email:
    """A short account notice: the catalogue's paragraphs as they are, and the footer."""
    lines: list[Line] = [*body.split("\n\n")]
    return _compose(to, kind, subject, lines, None, False)


def account_exists_notice(to: str, site_url: str) -> Email:
    """Someone signed up with an address that has an account: its owner is told (not the caller)."""
    site = site_url.rstrip("/")
    body = text("email.signup_existing.text", site=f"{site}/#/entrar", reset=site + RESET_ROUTE)
    return _plain(to, "account_exists_notice", text("email.signup_existing.subject"), body)


def mfa_reset_notice(to: str, site_url: str) -> Email:
    body = text("email.mfa_reset.text", site=site_url.rstrip("/") + "/#/mi-cuenta")
    return _plain(to, "mfa_reset_notice", text("email.mfa_reset.subject"), body)


def party_invitation(to: str, name: str, process: str, party_id: str, code: str, site_url: str, hours: int) -> Email:
    """A new party account: who invited, the one-time code for the first password, where to go."""
    site = site_url.rstrip("/")
    params = {"name": name, "process": process, "party": party_id, "site": site, "reset": site + RESET_ROUTE}
    lines: list[Line] = [
        text("email.party_invitation.greeting", **params),
        text("email.party_invitation.intro", **params),
        text("email.party_invitation.code", email=to, verification_code=code, hours=hours),
        text("email.party_invitation.first_password", **params),
    ]
    return _compose(
        to,
        "party_invitation",
        text("email.party_invitation.subject", **params),
        lines,
        None,
        False,
        f"{site}/#/partido/ajustes",
    )


def address_confirmation(to: str, contender: str, process: str, link: str, drill: bool) -> Email:
    """To a new party notification address: confirm it is yours before any notice goes to it."""
    return _compose(
        to,
        "party_address_confirmation",
        text("email.address_confirmation.subject", contender=contender),
        [
            text("email.address_confirmation.intro", contender=contender, process=process, address=to),
            Heading(text("email.heading.next_step")),
            text("email.address_confirmation.action"),
            text("email.address_confirmation.ignore"),
        ],
        link,
        drill,
    )


def address_pending(to: str, addresses: list[str], contender: str, email: Email) -> Email:
    """A notice meant for a party whose addresses are not confirmed yet, sent to the institute instead."""
    count = len(addresses)
    note = plural("email.address_pending.note", count, contender=contender, addresses=", ".join(addresses))
    return email.model_copy(
        update={
            "to": to,
            "subject": text("email.address_pending.subject", subject=email.subject),
            "text": f"{note}\n\n{email.text}",
            "html": email.html.replace("<body>", f"<body><p><strong>{escape(note)}</strong></p>", 1),
            "headers": {},
        }
    )
