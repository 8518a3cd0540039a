"""The verification email, in Spanish, as text and HTML from the message catalogue."""

from __future__ import annotations

from html import escape

from chalicelib.messages import text
from chalicelib.notifications.mail import Email

KIND = "account_verification"


def verification_email(*, to: str, display_name: str, code: str, site_url: str, valid_hours: int) -> Email:
    """Everything a person typed is escaped in the HTML part."""
    params = {"name": display_name, "verification_code": code, "site": site_url, "hours": valid_hours}
    html_params = {key: escape(str(value), quote=True) for key, value in params.items()}
    return Email(
        to=to,
        subject=text("email.verification.subject"),
        text=text("email.verification.text", **params),
        html=text("email.verification.html", **html_params),
        kind=KIND,
    )
