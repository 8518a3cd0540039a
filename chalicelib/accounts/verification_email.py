"""The verification email, in Spanish, as text and HTML from the message catalogue."""

from __future__ import annotations

from html import escape

from chalicelib.adapters.mail import Email
from chalicelib.messages import text

KIND = "account_verification"
# The front's page with the code form (a hash route; no personal data goes in the link).
CONFIRM_ROUTE = "/#/confirmar"


def verification_email(*, to: str, display_name: str, code: str, site_url: str, valid_hours: int) -> Email:
    """Everything a person typed is escaped in the HTML part. The link opens the code form."""
    confirm_url = site_url.rstrip("/") + CONFIRM_ROUTE
    params = {"name": display_name, "verification_code": code, "site": confirm_url, "hours": valid_hours}
    html_params = {key: escape(str(value), quote=True) for key, value in params.items()}
    return Email(
        to=to,
        subject=text("email.verification.subject"),
        text=text("email.verification.text", **params),
        html=text("email.verification.html", **html_params),
        kind=KIND,
    )


RESET_KIND = "password_reset"
RESET_ROUTE = "/#/restablecer"


def reset_email(*, to: str, display_name: str, code: str, site_url: str, valid_hours: int) -> Email:
    """The password-reset code, built as the verification email is (HTML parameters escaped)."""
    reset_url = site_url.rstrip("/") + RESET_ROUTE
    params = {"name": display_name, "verification_code": code, "site": reset_url, "hours": valid_hours}
    html_params = {key: escape(str(value), quote=True) for key, value in params.items()}
    return Email(
        to=to,
        subject=text("email.reset.subject"),
        text=text("email.reset.text", **params),
        html=text("email.reset.html", **html_params),
        kind=RESET_KIND,
    )
