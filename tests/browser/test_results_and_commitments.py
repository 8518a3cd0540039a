"""Results and "¿Cumplieron?" in the browser (issue 16), axe-clean at 360 px.

The 2021 council results are part of the seed (real data, closed process): read as they are. The
commitments page needs a council with a winner and follow-up items: this module writes its own
fictional, long-closed process into the session stack (never the drill, never a real party) and
removes it afterwards, so no other test sees it in a lookup or an in-course list.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import Page, expect

from chalicelib.commitments.models import FollowUpItem, ModerationState, Origin, ProgressUpdate
from chalicelib.commitments.models import FollowUpStatus as S
from chalicelib.elections.models import (
    Ballot,
    Calendar,
    Candidacy,
    Contender,
    ContenderKind,
    ElectoralProcess,
    Office,
    Place,
    ProcessKind,
    RegistryStatus,
    Scope,
)
from chalicelib.results.importer import ResultSource, build_result
from chalicelib.results.models import ResultTotals
from chalicelib.storage import keys
from chalicelib.storage.commitment_store import CommitmentStore
from chalicelib.storage.result_store import ResultStore
from decide.geography_seed import SECTION_MAP_ID
from decide.stack_process import StackProcess as Stack
from tests.browser.conftest import run_axe, wait_rendered

PROCESS = "cumplieron-prueba"
BALLOT = f"{PROCESS}.ayun.001"
AT = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)


def _process() -> ElectoralProcess:
    return ElectoralProcess(
        id=PROCESS,
        name="Simulacro cerrado de ¿Cumplieron? (ficticio)",
        kind=ProcessKind.ORDINARY,
        is_drill=True,
        calendar=Calendar(
            process_start=date(2024, 1, 5),
            campaign_start=datetime(2024, 4, 1, 6, 0, tzinfo=UTC),
            veda_start=datetime(2024, 5, 30, 6, 0, tzinfo=UTC),
            election_day=date(2024, 6, 2),
            polls_close=datetime(2024, 6, 3, 0, 0, tzinfo=UTC),
            closes_at=datetime(2024, 7, 31, 6, 0, tzinfo=UTC),
        ),
        scope=Scope(municipalities=["001"]),
        section_map=SECTION_MAP_ID,
    )


@pytest.fixture(scope="module")
def closed_council(stack: Stack) -> Iterator[list[FollowUpItem]]:
    store = stack.store()
    process = _process()
    parties = [
        Contender(id=cid, process_id=PROCESS, kind=ContenderKind.PARTY, name=name, short_name=short,
                  ballot_order=n, fictional=True)
        for n, (cid, name, short) in enumerate(
            [("pfa", "Partido Ficticio del Amanecer", "PFA"), ("pfv", "Partido Ficticio del Valle", "PFV")], start=1
        )
    ]  # fmt: skip
    candidacies = [
        Candidacy(id=f"{BALLOT}.{c.id}", ballot_id=BALLOT, contender_id=c.id, contender_kind=c.kind,
                  contender_name=c.name, ballot_order=c.ballot_order, owner=f"Persona Ficticia {c.short_name}",
                  substitute="Suplencia Ficticia", fictional=True)
        for c in parties
    ]  # fmt: skip
    ballot = Ballot(
        id=BALLOT,
        process_id=PROCESS,
        office=Office.AYUNTAMIENTO,
        place=Place(kind="municipality", code="001", name="Acambay de Ruiz Castañeda"),
        registry_status=RegistryStatus.PUBLISHED,
        candidacies=candidacies,
    )
    store.save_all([process, *parties, ballot])
    result = build_result(
        ballot, {"pfa": 3100, "pfv": 900}, ResultTotals(null_votes=100), {}, None, ResultSource("Simulacro"), True
    )
    ResultStore(store.table).save_results([result])
    common = {
        "process_id": PROCESS, "ballot_id": BALLOT, "place_name": ballot.place.name, "contender_id": "pfa",
        "contender_name": "Partido Ficticio del Amanecer", "candidacy_id": f"{BALLOT}.pfa",
        "due_date": date(2027, 12, 31), "status_since": AT, "created_at": AT, "fictional": True,
    }  # fmt: skip
    items = [
        FollowUpItem(id=f"{BALLOT}.pfa.p.{n}", origin=Origin.PLATFORM, title=f"Compromiso {n} de su plataforma",
                     text=text, **common)
        for n, text in enumerate(
            ["Reparar las fugas de la red de agua en el primer año.", "Publicar cada mes los gastos del ayuntamiento."],
            start=1,
        )
    ]  # fmt: skip
    commitments = CommitmentStore(store.table)
    commitments.create_items(items)
    update = ProgressUpdate(
        id="u1", commitment_id=items[0].id, process_id=PROCESS, ballot_id=BALLOT, contender_id="pfa",
        status=S.FULFILLED, note="Red reparada; acta de cabildo publicada.",
        evidence_url="https://ayuntamiento.example.mx/actas/12.pdf", posted_by_party="pfa", posted_at=AT,
        moderation=ModerationState.PUBLISHED,
    )  # fmt: skip
    commitments.post_update(update, items[0].model_copy(update={"status": S.FULFILLED}))
    yield items
    table = store.table
    doomed = [keys.process(PROCESS), keys.ballot(BALLOT), keys.ballot_result(BALLOT), keys.process_in_course(PROCESS)]
    doomed += [keys.contender(PROCESS, c.id) for c in parties]
    for n, item in enumerate(items):
        doomed += [keys.commitment(item.id), keys.ballot_commitment(BALLOT, n, item.id)]
        doomed += [keys.commitment_due(item.due_date.isoformat(), item.id)]
    doomed.append(keys.commitment_update(items[0].id, AT.isoformat(), "u1"))
    for key in doomed:
        table.delete(key)


def assert_axe_clean_at_360(page: Page, axe_source: str) -> None:
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
    serious = [f"{v['id']}: {v['help']}" for v in run_axe(page, axe_source) if v["impact"] in {"serious", "critical"}]
    assert not serious, serious


def test_a_2021_council_shows_votes_shares_and_the_winning_slate(stack: Stack, page: Page, axe_source: str) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{stack.web_url}/#/eleccion/2021-ord.ayun.001")
    wait_rendered(page)
    results = page.locator("section.results")
    expect(results.get_by_role("heading", name="Resultados")).to_be_visible()
    winner = results.locator("tr[data-winner='true']")
    expect(winner).to_have_count(1)
    expect(winner).to_contain_text("Planilla ganadora")
    expect(winner.locator("td").first).to_have_text("9,866")
    expect(winner.locator("td").nth(1)).to_contain_text("31.9")
    expect(results).to_contain_text("Votación total emitida")
    expect(results).to_contain_text("elecRetrns")
    assert_axe_clean_at_360(page, axe_source)


def test_annulled_nextlalpan_shows_its_extraordinary_winner_and_unknown_votes(
    stack: Stack, page: Page, axe_source: str
) -> None:
    page.goto(f"{stack.web_url}/#/eleccion/2021-ord.ayun.059")
    wait_rendered(page)
    results = page.locator("section.results")
    expect(results).to_have_attribute("data-annulled", "true")
    expect(results).to_contain_text("Cómputo anulado")
    expect(results).to_contain_text("Las fuentes consultadas no dan los votos de esta elección.")
    replacement = results.locator(".results-replacement")
    expect(replacement).to_contain_text("Planilla ganadora de la elección extraordinaria: Morena")
    assert_axe_clean_at_360(page, axe_source)


def test_cumplieron_lists_the_winners_commitments_with_statuses_and_the_method(
    stack: Stack, page: Page, axe_source: str, closed_council: list[FollowUpItem]
) -> None:
    page.set_viewport_size({"width": 360, "height": 800})
    page.goto(f"{stack.web_url}/#/eleccion/{BALLOT}")
    wait_rendered(page)
    page.get_by_role("link", name="¿Cumplieron? Seguimiento").click()
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("¿Cumplieron? Acambay de Ruiz Castañeda")
    expect(page.locator(".page--commitments .lead").first).to_contain_text("Partido Ficticio del Amanecer")
    items = page.locator("li.commitment")
    expect(items).to_have_count(2)
    expect(items.first).to_have_attribute("data-status", "fulfilled")
    expect(items.first).to_contain_text("cumplido")
    expect(items.first.get_by_role("link", name="evidencia")).to_have_attribute(
        "href", "https://ayuntamiento.example.mx/actas/12.pdf"
    )
    expect(items.nth(1)).to_contain_text("sin avance")
    expect(page.locator(".commitment-counts li[data-status='fulfilled']")).to_have_text("cumplido: 1")
    expect(page.get_by_role("heading", name="Cómo se da cada estado")).to_be_visible()
    expect(page.locator(".page--commitments")).to_contain_text("El IEEM no califica")
    expect(items.first).to_contain_text("Entra con tu cuenta para decir si estás de acuerdo")
    assert_axe_clean_at_360(page, axe_source)


def test_the_winning_candidacy_page_shows_its_commitments(
    stack: Stack, page: Page, axe_source: str, closed_council: list[FollowUpItem]
) -> None:
    page.goto(f"{stack.web_url}/#/candidatura/{BALLOT}.pfa")
    wait_rendered(page)
    section = page.locator("section[aria-labelledby='candidacy-commitments']")
    expect(section.locator("li.commitment")).to_have_count(2)
    page.goto(f"{stack.web_url}/#/candidatura/{BALLOT}.pfv")
    wait_rendered(page)
    expect(page.locator("section[aria-labelledby='candidacy-commitments']")).to_have_count(0)
    assert_axe_clean_at_360(page, axe_source)
