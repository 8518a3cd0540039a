"""Text from the data is shown as text; the CSP and cache headers are served; no inline code."""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Page, expect

from chalicelib.elections.models import Ballot
from tests.browser.conftest import Stack, Watched

PAYLOAD = "<img src=x onerror=alert(1)>"
BALLOT = "simulacro.ayun.002"


@pytest.fixture(scope="module")
def hostile_ballot(stack: Stack) -> Iterator[Ballot]:
    """A fictional drill candidacy whose name and note carry markup (as a hostile editor would type)."""
    store = stack.store()
    original = store.get_ballot(BALLOT)
    assert original is not None
    first = original.candidacies[0].model_copy(
        update={"owner": f"Nombre {PAYLOAD}", "note": f"Nota {PAYLOAD}<script>alert(2)</script>"}
    )
    hostile = original.model_copy(update={"candidacies": [first, *original.candidacies[1:]]})
    store.save(hostile)
    yield hostile
    store.save(original)


def assert_inert(watched: Watched) -> None:
    page = watched.page
    assert page.locator("main img").count() == 0, "markup from the data became an element"
    assert page.locator("main script").count() == 0
    # Completion check: every request the page made has ended and queued tasks have run, so any
    # handler (an onerror, a dialog) would have fired by now.
    page.wait_for_load_state("networkidle")
    page.evaluate("() => new Promise((done) => setTimeout(done, 0))")
    assert watched.dialogs == []


def test_markup_in_candidacy_fields_is_shown_as_text(
    hostile_ballot: Ballot, open_page: Callable[[str], Page], watched: Watched
) -> None:
    candidacy = hostile_ballot.candidacies[0]

    page = open_page(f"#/eleccion/{BALLOT}")
    item = page.locator(f"[data-candidacy='{candidacy.id}']")
    expect(item.locator(".contender__link")).to_have_text(f"Nombre {PAYLOAD}")
    expect(item.locator(".contender__note")).to_have_text(f"Nota: Nota {PAYLOAD}<script>alert(2)</script>")
    assert_inert(watched)

    page = open_page(f"#/candidatura/{candidacy.id}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(PAYLOAD)
    expect(page.locator("[data-field=note]")).to_have_text(f"Nota {PAYLOAD}<script>alert(2)</script>")
    assert page.title().startswith(f"Candidatura de Nombre {PAYLOAD}")
    assert_inert(watched)

    other = hostile_ballot.candidacies[1]
    page = open_page(f"#/comparar/{candidacy.id},{other.id}")
    expect(page.locator("table.compare thead th").first).to_contain_text(PAYLOAD)
    assert_inert(watched)


def test_security_and_cache_headers(stack: Stack) -> None:
    with urllib.request.urlopen(f"{stack.web_url}/") as response:
        headers = response.headers
        html = response.read().decode()
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
    assert f"connect-src 'self' {stack.api_url}" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Cache-Control"] == "no-cache"

    assets = re.findall(r'(?:src|href)="(assets/[^"]+)"', html)
    assert any(a.endswith(".js") for a in assets) and any(a.endswith(".css") for a in assets)
    for asset in assets:
        assert re.search(r"\.[0-9a-f]{10}\.(js|css|svg)$", asset), f"{asset} is not content-hashed"
        with urllib.request.urlopen(f"{stack.web_url}/{asset}") as response:
            assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"

    with urllib.request.urlopen(f"{stack.web_url}/config.json") as response:
        assert response.headers["Cache-Control"] == "no-cache"
        assert response.read().decode().strip() == f'{{"api_base_url": "{stack.api_url}"}}'


def test_no_csp_violation_while_browsing(open_page: Callable[[str], Page], watched: Watched) -> None:
    for route in ["", "#/eleccion/simulacro.ayun.001", "#/candidatura/simulacro.ayun.001.pfa", "#/proceso/2021-ord"]:
        open_page(route)
    assert watched.csp_violations() == []
