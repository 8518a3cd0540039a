"""The data saver `/s/<section>`: plain HTML with no script, every contender in ballot order, small."""

from __future__ import annotations

import gzip
import re

from chalice.test import Client

from chalicelib.elections.lookup import LookupQuery, lookup
from chalicelib.storage.election_store import ElectionStore
from tests.integration.conftest import NOW


def test_a_section_page_lists_the_ballots_and_contenders_in_order_without_javascript(
    api: Client, seeded: ElectionStore
) -> None:
    response = api.http.get("/s/1234")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/html; charset=utf-8"
    assert "public" in response.headers["Cache-Control"]
    html = response.body.decode()
    assert "<script" not in html.lower() and "<link" not in html.lower() and "<img" not in html.lower()
    assert "Sección 1234: quién compite donde votas" in html
    result = lookup(seeded, LookupQuery(section=1234), NOW)
    position = 0
    ballots = [b for found in result.results for b in found.ballots]
    assert len(ballots) == 2
    for ballot in ballots:
        for candidacy in ballot.candidacies:
            found = html.find(f"Propietaria(o): {candidacy.owner}", position)
            assert found > position, candidacy.owner
            position = found
    assert len(gzip.compress(response.body)) < 10 * 1024


def test_leading_zeros_name_the_same_section_and_bad_numbers_are_refused_by_field(api: Client) -> None:
    assert api.http.get("/s/0001").body == api.http.get("/s/1").body
    bad = api.http.get("/s/12a")
    assert bad.status_code == 400 and bad.json_body["error"]["details"]["fields"][0]["field"] == "section"
    unknown = api.http.get("/s/99999")
    assert unknown.status_code == 404
    assert re.search(r"No encontramos la sección 99999", unknown.json_body["error"]["message"])
