"""The public citizen flow in a real browser: lookup → ballot → profile, compare, states of a ballot."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta

from playwright.sync_api import Page, expect

from chalicelib.elections.models import MEXICO_CITY, Calendar, ElectoralProcess, ProcessKind, Scope
from tests.browser.conftest import Stack, wait_rendered

DRILL_BALLOT = "simulacro.ayun.001"


def lookup_by_section(page: Page, section: str, process: str = "") -> None:
    page.get_by_role("radio", name="Número de sección").check()
    page.locator("input[name=section]").fill(section)
    if process:
        page.locator("select[name=process]").select_option(process)
    page.get_by_role("button", name="Buscar").click()


def test_section_lookup_opens_ballot_then_profile(open_page: Callable[[str], Page], stack: Stack) -> None:
    page = open_page("")
    expect(page.locator("[data-process=simulacro] .phase")).to_have_text(re.compile(r"^Campañas hasta el \d+ de \w+"))
    expect(page.locator("[data-process=simulacro]")).to_contain_text("Simulacro")

    lookup_by_section(page, "0001")
    results = page.locator(".results")
    expect(results.get_by_role("heading", name="Resultados")).to_be_focused()
    expect(results).to_contain_text("Sección 1 · Municipio: Acambay de Ruíz Castañeda · Distrito local 4")
    expect(results.locator("[data-numbering-note]")).to_contain_text("borrador")
    assert "0001" not in page.url and "section" not in page.url

    results.get_by_role("link", name="Ayuntamiento de Acambay de Ruíz Castañeda").click()
    wait_rendered(page)
    # The shareable ballot URL names the ballot only, never the section typed.
    assert page.url == f"{stack.web_url}/#/eleccion/{DRILL_BALLOT}"
    expect(page.get_by_role("heading", level=1)).to_have_text("Ayuntamiento de Acambay de Ruíz Castañeda")
    expect(page.locator(".notice--drill")).to_contain_text("ficticios")

    ballot = stack.get_json(f"/v1/ballots/{DRILL_BALLOT}")["ballot"]
    items = page.locator("ol.contenders > li")
    expect(items).to_have_count(len(ballot["candidacies"]))
    shown = items.evaluate_all("(nodes) => nodes.map((n) => n.dataset.candidacy)")
    assert shown == [c["id"] for c in ballot["candidacies"]]  # official ballot order
    first = ballot["candidacies"][0]
    expect(items.first.locator(".contender__name")).to_have_text(first["contender_name"])
    expect(items.first.locator(".swatch")).to_have_count(1)  # the drill parties have colours
    expect(items.first.locator(".badge--drill")).to_have_text("Ficticia")

    items.first.get_by_role("link", name=first["owner"]).click()
    wait_rendered(page)
    assert page.url.endswith(f"#/candidatura/{first['id']}")
    expect(page.get_by_role("heading", level=1)).to_contain_text(first["owner"])
    expect(page.locator("[data-field=substitute]")).to_have_text(first["substitute"])
    expect(page.locator("[data-field=position]")).to_have_text(f"1 de {len(ballot['boxes'])}")  # printed boxes
    expect(page.locator(".notice--drill").first).to_be_visible()

    # Back twice: the lookup results come back from this tab's history, still not in the URL.
    page.go_back()
    wait_rendered(page)
    page.go_back()
    wait_rendered(page)
    expect(page.locator(".results")).to_contain_text("Sección 1")
    assert page.url.rstrip("/") in {stack.web_url, f"{stack.web_url}/#"}


def test_unknown_section_shows_the_api_message_on_the_field(open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    lookup_by_section(page, "99999")
    field = page.locator("input[name=section]")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(page.locator(".field__error")).to_contain_text("No encontramos la sección 99999")
    expect(field).to_be_focused()


def test_municipality_picker_for_an_extraordinary_election(open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    page.get_by_role("radio", name="Municipio").check()
    page.locator("select[name=process]").select_option("2022-ext-atlautla")
    municipality = page.locator("select[name=municipality]")
    expect(municipality.locator("option[value='015']")).to_have_count(1)
    municipality.select_option("015")
    page.get_by_role("button", name="Buscar").click()
    link = page.locator(".results").get_by_role("link", name="Ayuntamiento de Atlautla")
    expect(page.locator(".results .ballot-list__state")).to_contain_text("Registro incompleto")
    link.click()
    wait_rendered(page)
    expect(page.locator(".notice--warning")).to_contain_text("Registro incompleto")
    expect(page.locator(".notice--info")).to_contain_text("repite una elección que fue anulada")
    # Substitutes the sources do not give are said to be unavailable, never invented.
    expect(page.locator("ol.contenders .unknown").first).to_have_text("No disponible en las fuentes")


def test_district_picker_and_unpublished_registry(open_page: Callable[[str], Page]) -> None:
    page = open_page("")
    page.get_by_role("radio", name="Distrito local").check()
    page.locator("select[name=process]").select_option("2021-ord")
    district = page.locator("select[name=district]")
    expect(district.locator("option[value='4']")).to_have_count(1)
    expect(page.locator(".lookup [data-numbering-note]")).to_contain_text("borrador")
    district.select_option("4")
    page.get_by_role("button", name="Buscar").click()
    page.locator(".results").get_by_role("link", name="Diputación local del distrito 4").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Diputación local del distrito 4")
    expect(page.locator(".notice--warning")).to_contain_text("no está publicado en DecideIEEM")
    expect(page.locator("[data-numbering-note]")).to_contain_text("borrador")
    expect(page.locator("ol.contenders")).to_have_count(0)


def test_annulled_ballot_links_to_its_replacement(open_page: Callable[[str], Page]) -> None:
    page = open_page("#/eleccion/2021-ord.ayun.015")
    annulled = page.locator(".notice--danger")
    expect(annulled).to_contain_text("Elección anulada")
    annulled.get_by_role("link", name=re.compile("Elección extraordinaria de Atlautla 2022")).click()
    wait_rendered(page)
    assert page.url.endswith("#/eleccion/2022-ext-atlautla.ayun.015")
    expect(page.locator(".process-summary")).to_contain_text("Elección extraordinaria de Atlautla 2022")


def test_compare_two_or_three_candidacies(open_page: Callable[[str], Page], stack: Stack) -> None:
    ballot = stack.get_json(f"/v1/ballots/{DRILL_BALLOT}")["ballot"]
    candidacies = ballot["candidacies"]
    assert len(candidacies) >= 4, "the first drill council ballot has an independent candidacy too"
    page = open_page(f"#/eleccion/{DRILL_BALLOT}")
    boxes = page.locator("ol.contenders input[type=checkbox]")
    button = page.get_by_role("button", name=re.compile("Comparar seleccionadas"))
    expect(button).to_be_disabled()
    boxes.nth(0).check()
    expect(button).to_be_disabled()
    boxes.nth(2).check()
    boxes.nth(1).check()
    boxes.nth(3).click()  # a fourth is refused
    expect(boxes.nth(3)).not_to_be_checked()
    expect(page.locator(".compare-bar")).to_contain_text("hasta tres")
    expect(button).to_have_text("Comparar seleccionadas (3)")
    button.click()
    wait_rendered(page)
    ids = [c["id"] for c in candidacies[:3]]  # in ballot order, whatever the order of the clicks
    assert page.url.endswith("#/comparar/" + ",".join(ids))
    headers = page.locator("table.compare thead th")
    expect(headers).to_have_count(3)
    for index, candidacy in enumerate(candidacies[:3]):
        expect(headers.nth(index)).to_contain_text(candidacy["owner"])
    owners = page.locator("table.compare tbody[data-field=owner] td")
    expect(owners).to_have_text([c["owner"] for c in candidacies[:3]])


def test_compare_view_with_a_wrong_number_of_candidacies(open_page: Callable[[str], Page]) -> None:
    page = open_page(f"#/comparar/{DRILL_BALLOT}.pfa")
    expect(page.locator(".notice--warning")).to_contain_text("de dos a tres")


def test_veda_notice(open_page: Callable[[str], Page], stack: Stack) -> None:
    """A drill process whose veda is in force now: the home page and its page say so clearly."""
    now = datetime.now(MEXICO_CITY)
    election_day = (now + timedelta(days=1)).date()
    veda_start = datetime(election_day.year, election_day.month, election_day.day, tzinfo=MEXICO_CITY) - timedelta(
        days=3
    )
    polls_close = datetime(election_day.year, election_day.month, election_day.day, 18, tzinfo=MEXICO_CITY)
    stack.store().save(
        ElectoralProcess(
            id="simulacro-veda",
            name="Simulacro en veda (prueba del navegador)",
            kind=ProcessKind.EXTRAORDINARY,
            is_drill=True,
            calendar=Calendar(
                process_start=(now - timedelta(days=30)).date(),
                campaign_start=veda_start - timedelta(days=10),
                veda_start=veda_start,
                election_day=election_day,
                polls_close=polls_close,
                closes_at=polls_close + timedelta(days=20),
            ),
            scope=Scope(municipalities=["001"]),
            section_map="ine2016-esc3",
            notes=["Proceso ficticio creado por las pruebas del navegador."],
        )
    )
    page = open_page("")
    veda = page.locator("[data-notice=veda]")
    expect(veda).to_contain_text("Veda electoral · Simulacro en veda (prueba del navegador)")
    expect(veda).to_contain_text("no hay campañas ni propaganda")
    expect(veda).to_contain_text("18:00")
    expect(page.locator("[data-process=simulacro-veda] .phase")).to_contain_text("Veda electoral hasta el")
    page.locator("[data-process=simulacro-veda]").get_by_role("link").first.click()
    wait_rendered(page)
    expect(page.locator("[data-notice=veda]")).to_be_visible()
    expect(page.locator(".badge--current")).to_have_count(1)
