"""The SMS request parser and the GSM-7 alphabet: what a basic phone sends, and what fits in a segment."""

from __future__ import annotations

import pytest

from chalicelib.sms import gsm7
from chalicelib.sms.requests import Intent, SmsRequest, parse


@pytest.mark.parametrize(
    ("body", "section"),
    [
        ("1234", 1234),
        ("0001", 1),
        ("SECCION 1234", 1234),
        ("sección 1234", 1234),
        ("Sección: 0042", 42),
        ("  secc. 15 ", 15),
        ("S 6466", 6466),
        ("seccion numero 5", 5),
        ("1234.", 1234),
    ],
)
def test_a_section_number_is_understood_with_or_without_the_word_and_leading_zeros(body: str, section: int) -> None:
    assert parse(body) == SmsRequest(Intent.SECTION, section)


@pytest.mark.parametrize("body", ["ALTO", "alto", "STOP", "Stop", "BAJA", "cancelar"])
def test_the_opt_out_words_carriers_require_are_honoured(body: str) -> None:
    assert parse(body).intent is Intent.STOP


@pytest.mark.parametrize("body", ["ALTA", "start", "INICIO"])
def test_resuming_is_understood(body: str) -> None:
    assert parse(body).intent is Intent.START


@pytest.mark.parametrize("body", ["AYUDA", "ayuda", "?", "hola", "", "0000", "1234567", "seccion", "12 34", "calle 5"])
def test_help_and_anything_not_understood_get_the_instructions(body: str) -> None:
    assert parse(body) == SmsRequest(Intent.HELP)


def test_the_alphabet_table_is_the_gsm_default_one() -> None:
    assert len(gsm7.BASIC) == 128
    assert gsm7.BASIC[0x00] == "@" and gsm7.BASIC[0x1B] == "\x1b" and gsm7.BASIC[0x7F] == "à"
    assert gsm7.BASIC.index("Ñ") == 0x5D and gsm7.BASIC.index("ñ") == 0x7D and gsm7.BASIC.index("¿") == 0x60


def test_extension_characters_count_double_and_others_are_refused() -> None:
    assert gsm7.units("Año") == 3
    assert gsm7.units("€[]") == 6
    with pytest.raises(ValueError, match="U\\+00E1"):
        gsm7.units("á")


def test_spanish_text_is_transliterated_keeping_the_letters_gsm7_has() -> None:
    assert gsm7.transliterate("Acción, Ñuñoa, pingüino, «Sí», Éxito—Ú…") == 'Accion, Ñuñoa, pingüino, "Si", Éxito-U...'
    assert gsm7.units(gsm7.transliterate("Diputación local 😀 ł")) == len("Diputacion local ? ?")


def test_segments_are_160_alone_and_153_when_concatenated() -> None:
    assert gsm7.segments("a" * 160) == 1
    assert gsm7.segments("a" * 161) == 2
    assert gsm7.segments("a" * 306) == 2
    assert gsm7.segments("a" * 307) == 3
    assert gsm7.segments("€" * 80) == 1
