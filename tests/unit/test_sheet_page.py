"""chalicelib/ballot_sheet/page.py writes valid PDF by itself (no PDF library is packaged): a strict
reader accepts it, the text reads back with its accents, long text wraps inside the page and flows
onto a new one, and the same drawing is the same bytes."""

from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone

from pypdf import PdfReader

from chalicelib.ballot_sheet.page import SheetPage, encode

CREATED = datetime(2027, 5, 1, tzinfo=timezone(timedelta(hours=-6)))


def _page(**kwargs: object) -> SheetPage:
    return SheetPage(title="Boleta · Simulacro", author="DecideIEEM", created=CREATED, **kwargs)  # type: ignore[arg-type]


def _read(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf), strict=True)  # strict: a wrong xref offset or length fails


def test_spanish_text_reads_back_with_its_accents_and_the_metadata_is_kept() -> None:
    spanish = "¿Cuál es tu sección? Año, niñez, pingüino, ÁÉÍÓÚÑ «comillas» (paréntesis) \\"
    page = _page()
    page.set_font(14, bold=True)
    page.multi_cell(page.epw, 7, spanish)
    reader = _read(page.output())
    assert len(reader.pages) == 1
    assert spanish in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == "Boleta · Simulacro"
    assert reader.metadata.creation_date == CREATED


def test_a_character_outside_the_standard_encoding_prints_as_its_base_letter() -> None:
    assert encode("Ẽ ŵ ř") == b"E w r"
    assert encode("漢") == b"?"


def test_long_text_wraps_inside_the_margins_and_flows_onto_a_new_page() -> None:
    page = _page()
    page.set_font(12)
    words = " ".join(f"palabra{n}" for n in range(900))
    lines = page.lines(words, page.epw)
    assert all(page.width_of(line) <= page.epw - 2 for line in lines)
    assert len(lines) > 50
    page.multi_cell(page.epw, 6, words)
    reader = _read(page.output())
    assert page.page_no() == len(reader.pages) >= 2
    text = " ".join(p.extract_text() for p in reader.pages).split()
    assert text == [f"palabra{n}" for n in range(900)]


def test_a_word_wider_than_the_line_is_cut_rather_than_running_off_the_page() -> None:
    page = _page()
    page.set_font(12)
    link = "https://" + "x" * 300
    lines = page.lines(link, 80)
    assert "".join(lines) == link and len(lines) > 1
    assert all(page.width_of(line) <= 78 for line in lines)


def test_the_same_drawing_is_the_same_bytes_and_the_image_reads_back() -> None:
    def draw() -> bytes:
        page = _page()
        page.image([[1, 0], [0, 1]], x=20, y=20, side=10, scale=4)
        page.line(16, 40, 200, 40)
        page.cell(100, 6, "Escanea", align="R")
        return page.output()

    first = draw()
    assert first == draw()
    (image,) = _read(first).pages[0].images
    assert image.image is not None and image.image.size == (8, 8)
    assert image.image.getpixel((0, 0)) == 0 and image.image.getpixel((7, 0)) == 255
