"""The proposal lifecycle in a real browser (issue 15, and the moderation queue of issue 14):
a citizen edits a held proposal after moderation asked for a change, a moderator redacts personal
data and publishes, three citizens report a proposal until it is hidden, and the feed pages 45
proposals with each shown once and no "more" button at the end.

The stack is shared with other tests: every proposal here has a title of its own, the paging test
uses a ballot id of its own, and the queue is narrowed by reason (and paged) to find them."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from playwright.sync_api import Locator, Page, expect

from chalicelib.proposals.models import Proposal, ProposalStatus
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import Topic
from tests.browser.accounts import api_call, api_login, create_user, log_in, log_out, unique_email
from tests.browser.conftest import Stack, run_axe, wait_rendered

BALLOT = "simulacro.ayun.005"
MARK = "[dato personal retirado]"


def no_violations(page: Page, axe_source: str) -> None:
    violations = run_axe(page, axe_source)
    assert not violations, [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def citizen(stack: Stack, prefix: str) -> tuple[str, str]:
    email = unique_email(prefix)
    return email, create_user(stack, email, "citizen")


def send(stack: Stack, account: tuple[str, str], title: str, problem: str) -> dict[str, object]:
    body = {
        "ballot_id": BALLOT,
        "topic": "servicios_publicos",
        "title": title,
        "problem": problem,
        "proposed_action": f"Que el ayuntamiento atienda «{title}» con un calendario y un responsable público.",
        "addressed_to": ["all"],
    }
    sent: dict[str, object] = api_call(stack, "POST", "/v1/proposals", body, api_login(stack, *account))
    return sent


def in_queue(page: Page, title: str) -> Locator:
    """The queue's article for `title`, reading on with "Ver más" while the page offers it."""
    # the heading is the title and, on the drill, its "Ficticia" label
    item = page.locator("article.review").filter(
        has=page.get_by_role("heading", name=re.compile(f"^{re.escape(title)}"))
    )
    more = page.get_by_role("button", name="Ver más propuestas de la cola")
    for _ in range(50):
        if item.count() or not more.is_visible():
            break
        count = page.locator("article.review").count()
        more.click()
        expect(page.locator("article.review")).not_to_have_count(count)
    expect(item).to_be_visible()
    return item


def test_a_citizen_edits_a_held_proposal_after_moderation_asks_for_a_change(
    stack: Stack, open_page: Callable[[str], Page], axe_source: str
) -> None:
    author = citizen(stack, "edita")
    title = f"Fuga de agua en la calle Juárez {uuid.uuid4().hex[:6]}"
    sent = send(stack, author, title, "Llamen al 55 2345 6789 para ver la fuga que hay frente a la escuela.")
    assert sent["status"] == "pending_review"
    moderator_email = unique_email("modera-cambio")
    moderator = api_login(stack, moderator_email, create_user(stack, moderator_email, "ieem_moderator"))
    note = "Quita el número de teléfono; deja solo el lugar de la fuga."
    api_call(
        stack,
        "POST",
        f"/v1/moderation/proposals/{sent['id']}",
        {"action": "request_changes", "reason": "datos_personales", "note": note},
        moderator,
    )

    page = open_page("")
    log_in(page, stack, *author)
    page.goto(f"{stack.web_url}/#/mis-propuestas")
    wait_rendered(page)
    item = page.locator(".proposal-item").filter(has_text=title)
    expect(item.locator(".badge--status-changes_requested")).to_have_text("Moderación pidió un cambio")
    expect(item).to_contain_text("Decidió: Moderación del IEEM.")  # a role, never a person's id
    expect(item).to_contain_text(note)
    expect(item).to_contain_text("Puedes editarla y enviarla de nuevo.")

    item.get_by_role("button", name="Editar").click()
    problem = item.get_by_label("El problema")
    expect(item.get_by_label("Título")).to_be_focused()
    expect(problem).to_have_value(re.compile("55 2345 6789"))
    # a server error appears at its field and the form keeps what was typed
    problem.fill("Muy corto")
    item.get_by_role("button", name="Guardar y enviar de nuevo").click()
    expect(problem).to_have_attribute("aria-invalid", "true")
    expect(item.locator(".field__error").filter(has_text="mínimo 20")).to_be_visible()
    expect(problem).to_have_value("Muy corto")
    no_violations(page, axe_source)

    problem.fill("Hay una fuga de agua frente a la escuela primaria de la calle Juárez desde hace un mes.")
    item.get_by_role("button", name="Guardar y enviar de nuevo").click()
    expect(page.locator(".page--mine > .form-alert[role=status]")).to_contain_text("Guardamos tus cambios")
    # moderation asked for the change: the edited text goes back to the queue, not straight out
    edited = page.locator(".proposal-item").filter(has_text=title)
    expect(edited.locator(".badge--status-pending_review")).to_have_text("En revisión")
    expect(edited.get_by_role("button", name="Retirar")).to_be_visible()

    # withdrawing asks first, then it is never published
    edited.get_by_role("button", name="Retirar").click()
    edited.get_by_role("button", name="Sí, retirarla").click()
    gone = page.locator(".proposal-item").filter(has_text=title)
    expect(gone.locator(".badge--status-withdrawn")).to_have_text("Retirada")
    expect(gone.get_by_role("button", name="Editar")).to_have_count(0)
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_a_moderator_redacts_personal_data_and_publishes(
    stack: Stack, open_page: Callable[[str], Page], axe_source: str
) -> None:
    author = citizen(stack, "redacta")
    title = f"Basura en el mercado Hidalgo {uuid.uuid4().hex[:6]}"
    phone = "55 3456 7890"
    sent = send(stack, author, title, f"Pregunten por Lola al {phone}: la basura del mercado se junta cada semana.")
    assert sent["status"] == "pending_review"
    moderator = unique_email("modera-redacta")
    password = create_user(stack, moderator, "ieem_moderator")

    page = open_page("")
    log_in(page, stack, moderator, password)
    page.goto(f"{stack.web_url}/#/moderacion")
    wait_rendered(page)
    expect(page.get_by_text(re.compile(r"\d+ propuestas? esperan? revisión"))).to_be_visible()
    page.get_by_label("Por qué espera").select_option("personal_data")
    page.get_by_role("button", name="Filtrar").click()
    wait_rendered(page)
    assert "motivo=personal_data" in page.url
    item = in_queue(page, title)
    item.get_by_label("Decisión").select_option("redact")
    item.get_by_label("Motivo").select_option("datos_personales")
    problem = item.get_by_role("textbox", name="El problema")
    expect(problem).to_be_visible()
    no_violations(page, axe_source)
    problem.evaluate(
        "(area, phone) => { const at = area.value.indexOf(phone);"
        " area.focus(); area.setSelectionRange(at, at + phone.length); }",
        phone,
    )
    item.get_by_role("button", name=f"Reemplazar la selección de El problema por «{MARK}»").click()
    expect(problem).to_have_value(f"Pregunten por Lola al {MARK}: la basura del mercado se junta cada semana.")
    item.get_by_role("button", name="Registrar decisión").click()
    expect(page.locator(".page--moderation [role=status]")).to_contain_text(
        f"Publicada con datos personales retirados: «{title}»"
    )
    expect(page.locator("article.review").filter(has_text=title)).to_have_count(0)

    page.goto(f"{stack.web_url}/#/propuesta/{sent['id']}")
    wait_rendered(page)
    expect(page.locator("main")).to_contain_text(MARK)
    expect(page.locator("main")).not_to_contain_text(phone)
    expect(page.locator("main")).to_contain_text("Texto editado por moderación")

    # the author is told what was removed, by whom (a role)
    log_out(page)
    log_in(page, stack, *author)
    page.goto(f"{stack.web_url}/#/mis-propuestas")
    wait_rendered(page)
    mine = page.locator(".proposal-item").filter(has_text=title)
    expect(mine).to_contain_text("con datos personales retirados")
    expect(mine).to_contain_text("Se retiró texto de: el problema.")
    expect(mine).to_contain_text("Moderación del IEEM")


def test_three_citizens_report_a_proposal_until_it_is_hidden_for_review(
    stack: Stack, open_page: Callable[[str], Page], axe_source: str
) -> None:
    author = citizen(stack, "reportada")
    title = f"Cancha sin alumbrado en la colonia Reforma {uuid.uuid4().hex[:6]}"
    sent = send(stack, author, title, "La cancha de la colonia Reforma no tiene alumbrado y de noche no se puede usar.")
    assert sent["status"] == "published"
    reporters = [citizen(stack, f"reporta{n}") for n in range(3)]
    page = open_page("")
    for n, reporter in enumerate(reporters):
        log_in(page, stack, *reporter)
        page.goto(f"{stack.web_url}/#/propuesta/{sent['id']}")
        wait_rendered(page)
        report = page.locator("section").filter(has=page.get_by_role("heading", name="Reportar", exact=True))
        report.get_by_role("button", name="Reportar").click()
        expect(report.get_by_label("Motivo del reporte")).to_have_attribute("aria-invalid", "true")
        report.get_by_label("Motivo del reporte").select_option("spam")
        if n == 0:
            no_violations(page, axe_source)
        report.get_by_role("button", name="Reportar").click()
        expect(report.locator("[role=status]")).to_contain_text(
            "Gracias. El equipo de moderación revisará la propuesta."
        )
        if n == 0:  # one report per citizen: a second try is told so
            page.reload()
            wait_rendered(page)
            report.get_by_label("Motivo del reporte").select_option("lenguaje_ofensivo")
            report.get_by_role("button", name="Reportar").click()
            expect(report.locator("[role=alert]")).to_contain_text("Ya reportaste esta propuesta")
        log_out(page)

    # hidden: no longer public, and waiting in the queue under "reported"
    page.goto(f"{stack.web_url}/#/propuesta/{sent['id']}")
    wait_rendered(page)
    expect(page.get_by_role("heading", level=1)).not_to_have_text(title)
    moderator = unique_email("modera-reportes")
    log_in(page, stack, moderator, create_user(stack, moderator, "ieem_moderator"))
    page.goto(f"{stack.web_url}/#/moderacion?motivo=reported")
    wait_rendered(page)
    item = in_queue(page, title)
    expect(item.locator(".badge--danger")).to_have_text("Reportada por la ciudadanía")
    log_out(page)
    log_in(page, stack, *author)
    page.goto(f"{stack.web_url}/#/mis-propuestas")
    wait_rendered(page)
    mine = page.locator(".proposal-item").filter(has_text=title)
    expect(mine.locator(".badge--status-hidden")).to_have_text("Oculta mientras se revisa")


def test_the_feed_pages_45_proposals_each_once_and_no_more_button_at_the_end(
    stack: Stack, open_page: Callable[[str], Page]
) -> None:
    ballot = f"simulacro.paginas-{uuid.uuid4().hex[:8]}"  # a ballot id of this test's own
    store = ProposalStore(stack.store().table)
    start = datetime(2026, 1, 5, 12, tzinfo=UTC)
    titles = [f"Propuesta de prueba número {n:02d} para paginar" for n in range(45)]
    for n, title in enumerate(titles):
        at = start + timedelta(minutes=n)
        proposal = Proposal(
            id=f"pag{uuid.uuid4().hex[:17]}",
            process_id="simulacro",
            ballot_id=ballot,
            place_name="Colonia de prueba",
            municipality_code=None,
            topic=Topic("otro"),
            title=title,
            problem=f"{title}: el problema que describe esta propuesta de prueba para el paginado.",
            proposed_action=f"{title}: lo que propone esta propuesta de prueba para el paginado.",
            addressed_to=[],
            author_id=f"paginas-{uuid.uuid4().hex[:8]}",
            author_name="Vecina de prueba",
            status=ProposalStatus.PUBLISHED,
            created_at=at,
            published_at=at,
            fictional=True,
        )
        store.create(proposal, day=at.date().isoformat(), daily_limit=100, quota_expires_at=int(at.timestamp()))

    page = open_page(f"#/propuestas?eleccion={ballot}")
    items = page.locator(".proposal-list .proposal-item")
    more = page.get_by_role("button", name="Ver más propuestas")
    expect(items).to_have_count(20)
    more.click()
    expect(items).to_have_count(40)
    more.click()
    expect(items).to_have_count(45)
    expect(more).to_be_hidden()
    shown = items.locator(".proposal-item__title a").all_inner_texts()
    assert sorted(t.strip() for t in shown) == sorted(titles)  # each exactly once
    assert shown[0].strip() == titles[-1]  # newest first
