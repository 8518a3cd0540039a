"""The printable ballot sheet: one page, every contender in ballot order with owner and substitute,
coalition labels, and a QR code that decodes to the ballot's web page."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
import zxingcpp
from chalice.test import Client
from PIL import Image
from pypdf import PdfReader

from chalicelib.elections.public import get_ballot
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import NOW

WEB = "http://127.0.0.1:8080"  # Settings' default web_base_url, as the `api` fixture uses


# A binary body needs a matching Accept (API Gateway's rule, which Chalice applies too); browsers send */*.
ACCEPT = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def _sheet(api: Client, ballot_id: str) -> Any:
    return api.http.get(f"/v1/ballots/{ballot_id}/sheet.pdf", headers=ACCEPT)


def _page_text(pdf: bytes) -> tuple[int, str, PdfReader]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), " ".join(reader.pages[0].extract_text().split()), reader


def _assert_in_order(haystack: str, needles: list[str]) -> None:
    position = 0
    for needle in needles:
        found = haystack.find(needle, position)
        assert found >= 0, f"{needle!r} missing after position {position}"
        position = found + len(needle)


@pytest.mark.parametrize("ballot_id", ["2021-ord.ayun.033", "simulacro.ayun.001", "2022-ext-atlautla.ayun.015"])
def test_the_sheet_is_one_page_with_every_contender_in_ballot_order_and_a_qr_to_the_ballot(
    api: Client, seeded: ElectionStore, ballot_id: str
) -> None:
    response = _sheet(api, ballot_id)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.body.startswith(b"%PDF-")
    pages, page, reader = _page_text(response.body)
    assert pages == 1
    ballot = get_ballot(seeded, ballot_id, NOW).ballot
    assert ballot.candidacies
    expected: list[str] = []
    for candidacy in ballot.candidacies:
        expected.append(candidacy.owner or "no disponible")
        expected.append(candidacy.substitute or "no disponible")
    _assert_in_order(page, expected)
    # The embedded font carries the Spanish glyphs: accents survive extraction.
    assert "Candidaturas en el orden de la boleta." in page and "credencial para votar" in page
    (image,) = reader.pages[0].images
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))
    assert [d.text for d in decoded] == [f"{WEB}/#/eleccion/{ballot_id}"]


def test_a_coalition_is_labelled_with_its_member_parties(api: Client) -> None:
    _, page, _ = _page_text(_sheet(api, "simulacro.ayun.001").body)
    assert "Coalición Ficticia Río y Montaña" in page
    assert "Coalición de PFR, PFM" in page
    assert "SIMULACRO" in page


def test_the_sheet_is_cacheable_and_revalidates(api: Client) -> None:
    first = _sheet(api, "simulacro.ayun.002")
    again = api.http.get(
        "/v1/ballots/simulacro.ayun.002/sheet.pdf", headers={**ACCEPT, "If-None-Match": first.headers["ETag"]}
    )
    assert again.status_code == 304
    assert "public" in first.headers["Cache-Control"]


def test_an_unknown_ballot_is_a_json_404_naming_the_field(api: Client) -> None:
    response = _sheet(api, "simulacro.ayun.999")
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("application/json")
    error = response.json_body["error"]
    assert error["code"] == "ballot_not_found" and error["details"]["field"] == "ballot_id"
    assert re.search(r"No existe la elección", error["message"])


def test_a_ballot_without_a_published_registry_says_so(api: Client) -> None:
    response = _sheet(api, "2021-ord.dip.01")
    assert response.status_code == 200
    pages, page, _ = _page_text(response.body)
    assert pages == 1 and "Sin candidaturas que mostrar" in page
