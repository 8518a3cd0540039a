"""The raw message handed to SES is 7-bit ASCII (SES's advice for raw email), and decodes back to the text."""

from __future__ import annotations

from email import message_from_bytes, policy

from chalicelib.adapters.mail import Email, mime_message


def test_accented_text_is_sent_as_seven_bit_ascii_and_reads_back_unchanged() -> None:
    text = "Tu código para restablecer la contraseña es 123456.\nSi no fuiste tú, ignora este correo."
    email = Email(
        to="María Peña <maria@example.org>",
        subject="Código para restablecer tu contraseña",
        text=text,
        html=f"<p>{text}</p>",
        kind="account_reset",
    )
    raw = mime_message("DecideIEEM <avisos@decide.ieem.local>", email).as_bytes()

    raw.decode("ascii")  # raises on any 8-bit byte
    parsed = message_from_bytes(raw, policy=policy.default)
    assert parsed["Subject"] == "Código para restablecer tu contraseña"
    plain = parsed.get_body(preferencelist=("plain",))
    html = parsed.get_body(preferencelist=("html",))
    assert plain is not None and html is not None
    assert plain.get_content().replace("\r\n", "\n").strip() == text  # SMTP line endings
    assert "contraseña" in html.get_content()
