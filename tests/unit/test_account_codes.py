"""Verification codes: uniform 6 digits, stored only as a salted HMAC bound to one account."""

from __future__ import annotations

import re

import pytest

from chalicelib.accounts import codes
from chalicelib.accounts.models import ConfirmRequest, SignupRequest
from chalicelib.notifications.templates import verification_email


def test_codes_are_six_digits_and_keep_leading_zeros() -> None:
    seen = {codes.new_code() for _ in range(2000)}
    assert all(re.fullmatch(r"[0-9]{6}", c) for c in seen)
    assert len(seen) > 1900  # random, not a counter
    assert any(c.startswith("0") for c in seen)  # ~10% do; the format must not drop the zero


def test_the_hash_is_bound_to_the_code_the_account_and_the_salt() -> None:
    salt = codes.new_salt()
    stored = codes.code_hash("123456", user_sub="user-a", salt=salt)
    assert "123456" not in stored
    assert codes.code_matches("123456", user_sub="user-a", salt=salt, expected_hash=stored)
    assert not codes.code_matches("123457", user_sub="user-a", salt=salt, expected_hash=stored)
    assert not codes.code_matches("123456", user_sub="user-b", salt=salt, expected_hash=stored)
    assert not codes.code_matches("123456", user_sub="user-a", salt=codes.new_salt(), expected_hash=stored)


def test_the_same_code_hashes_differently_under_each_salt() -> None:
    assert codes.code_hash("000000", user_sub="u", salt=codes.new_salt()) != codes.code_hash(
        "000000", user_sub="u", salt=codes.new_salt()
    )


@pytest.mark.parametrize(
    ("email", "masked"),
    [("ana.lopez@example.mx", "a***@example.mx"), ("x@y.z", "x***@y.z"), ("no-at-sign", "***")],
)
def test_addresses_are_masked_for_logs(email: str, masked: str) -> None:
    assert codes.mask_email(email) == masked


def test_generated_passwords_are_long_and_mixed() -> None:
    password = codes.strong_password()
    assert len(password) == 24
    assert re.search(r"[a-z]", password) and re.search(r"[A-Z]", password) and re.search(r"[0-9]", password)
    assert codes.strong_password() != password


def test_the_email_escapes_what_the_person_typed_in_html_only() -> None:
    email = verification_email(
        to="ana@example.mx", display_name='Ana <b>"&', code="012345", site_url="http://x.mx", valid_hours=24
    )
    assert "012345" in email.text and "012345" in email.html
    assert 'Ana <b>"&' in email.text
    assert "Ana &lt;b&gt;&quot;&amp;" in email.html and "<b>" not in email.html
    assert email.subject == "Confirma tu cuenta de DecideIEEM"


def test_the_email_links_straight_to_the_code_form_without_personal_data() -> None:
    email = verification_email(
        to="ana@example.mx", display_name="Ana", code="012345", site_url="https://decide.example.mx/", valid_hours=24
    )
    assert "https://decide.example.mx/#/confirmar " in email.text
    assert 'href="https://decide.example.mx/#/confirmar"' in email.html
    assert "ana@example.mx" not in email.text and "012345" not in email.html.split('href="')[1].split('"')[0]


def test_bodies_normalize_email_and_name_and_refuse_bad_codes() -> None:
    body = SignupRequest.model_validate(
        {"email": "  Ana.Lopez@Example.MX ", "password": "diez caracteres 1", "display_name": "  Ana  "}
    )
    assert body.email == "ana.lopez@example.mx"
    assert body.display_name == "Ana"
    assert body.password.get_secret_value() == "diez caracteres 1"  # passwords are never altered
    assert "diez" not in repr(body)
    with pytest.raises(ValueError, match="espacios"):
        SignupRequest.model_validate({"email": "a@b.mx", "password": " diez-caracteres1", "display_name": "Ana"})
    for bad in ["12345", "1234567", "12a456", "", "１２３４５６"]:
        with pytest.raises(ValueError):
            ConfirmRequest.model_validate({"email": "a@b.mx", "code": bad})
