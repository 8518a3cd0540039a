"""Fictional activity for the drill (`simulacro`): profiles, proposals, answers and supports.

A fresh local stack should show what every page is for. This writes, through the same desks the
API calls (so listings, counts, audit entries and stream-derived data stay consistent):
profiles for a share of the drill's candidacies, a few dozen proposals from fictional neighbours
(published, held for review, approved or rejected by a moderator), party answers with each stance,
and supports. Everything is labelled fictional (the drill's items carry `fictional`, and the texts
say so); authors are fictional ids with no account, so nobody receives an email about them.

Seeding the activity sends no email: `decide run` seeds before its event pump starts, and the pump
passes the seed's backlog without relaying it; besides, the party notices of the seeded proposals
are marked as already delivered in the email ledger, so a pump that does relay them (a seed run
against a stack whose pump is running) sends nothing either. Running it again writes nothing once
the drill has its activity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from chalicelib.audit.log import AuditLog
from chalicelib.auth.principal import Principal, Role
from chalicelib.elections.models import Ballot, ElectoralProcess, Office, district_code
from chalicelib.errors import DecideError
from chalicelib.geography.models import Section
from chalicelib.profiles.models import ProfileInput, ProfileLinks, ReviewStatus
from chalicelib.profiles.service import ProfileDesk
from chalicelib.profiles.workflow import ReviewDecision, SubmitForReview
from chalicelib.proposals.models import ModerationDraft, ProposalDraft, ResponseDraft, Stance
from chalicelib.proposals.service import ProposalDesk
from chalicelib.settings import Settings
from chalicelib.storage.election_store import ElectionStore
from chalicelib.storage.notification_store import NotificationStore
from chalicelib.storage.photos import PhotoBucket
from chalicelib.storage.profile_store import ProfileStore
from chalicelib.storage.proposal_store import ProposalStore
from chalicelib.topics import Topic

# The first fictional neighbour: if they have proposals, the activity is already there.
NEIGHBOURS = [
    "Rosa", "Joaquín", "Lucía", "Ernesto", "Guadalupe", "Ramiro", "Itzel", "Fernando",
    "Mariana", "Tomás", "Citlali", "Andrés", "Verónica", "Héctor",
]  # fmt: skip
LEDGER_MARK = "simulacro-sembrado"  # the "message id" of notices marked delivered without sending


def _neighbour(n: int) -> Principal:
    name = NEIGHBOURS[n % len(NEIGHBOURS)]
    return Principal(
        user_id=f"simulacro-vecindad-{n:02d}",
        email=f"vecindad-{n:02d}@simulacro.decide.ieem.local",
        display_name=f"{name} (vecina o vecino ficticio)",
        roles=frozenset({Role.CITIZEN}),
    )


# The institute's fictional reviewer who publishes the drill's profiles (issue 22's validation before publication).
REVIEWER = Principal(
    user_id="simulacro-revision",
    email="revision@simulacro.decide.ieem.local",
    display_name="Revisión ficticia del simulacro",
    roles=frozenset({Role.IEEM_MODERATOR}),
)


def _party_team(contender_id: str) -> Principal:
    return Principal(
        user_id=f"simulacro-equipo-{contender_id}",
        email=f"equipo-{contender_id}@simulacro.decide.ieem.local",
        display_name="Equipo ficticio del simulacro",
        roles=frozenset({Role.PARTY_EDITOR}),
        party_id=contender_id,
    )


MODERATOR = Principal(
    user_id="simulacro-moderacion",
    email="moderacion@simulacro.decide.ieem.local",
    display_name="Moderación ficticia del simulacro",
    roles=frozenset({Role.IEEM_MODERATOR}),
)


@dataclass(frozen=True)
class SeedProposal:
    place: str  # "home" (the council of section 1), "district" (its local district) or "other:N"
    topic: Topic
    title: str
    problem: str
    action: str
    outcome: str = "published"  # published | held | approved | rejected
    answers: tuple[tuple[int, Stance, str], ...] = ()  # (position among the addressed, stance, text)
    supports: int = 0
    to: tuple[int, ...] = ()  # positions among the ballot's contenders; empty: all of them


C, D, K = Stance.COMMIT, Stance.DECLINE, Stance.COMMENT
FICTIONAL = " (Texto ficticio del simulacro.)"

PROPOSALS: list[SeedProposal] = [
    SeedProposal(
        "home",
        Topic.AGUA,
        "Agua todos los días en la colonia Centro",
        "Desde hace meses el agua llega dos días por semana y hay que comprar pipas a precio alto.",
        "Reparar las fugas de la red principal y publicar cada semana el calendario de tandeo.",
        answers=(
            (0, C, "Nos comprometemos a un programa de detección de fugas en los primeros 100 días."),
            (1, K, "Proponemos además medir el consumo por colonia y publicarlo cada mes."),
            (2, D, "No podemos comprometer plazos sin el diagnóstico del organismo de agua."),
        ),
        supports=9,
    ),
    SeedProposal(
        "home",
        Topic.SEGURIDAD,
        "Luminarias en el camino a la secundaria",
        "El tramo entre la carretera y la secundaria técnica está oscuro y los alumnos salen a las siete.",
        "Instalar luminarias solares en el tramo y acordar rondines a la hora de entrada y salida.",
        answers=(
            (0, C, "Instalaremos las luminarias del tramo en el primer año de gobierno."),
            (2, C, "Coincidimos: incluiremos el tramo en el plan de alumbrado."),
        ),
        supports=7,
    ),
    SeedProposal(
        "home",
        Topic.MOVILIDAD,
        "Paradero techado frente al centro de salud",
        "Las personas que esperan el transporte frente al centro de salud lo hacen bajo el sol o la lluvia.",
        "Construir un paradero techado con bancas y rampa, y señalizar el cruce peatonal.",
        answers=((1, C, "Es una obra pequeña y necesaria; la haremos con presupuesto participativo."),),
        supports=5,
    ),
    SeedProposal(
        "home",
        Topic.SALUD,
        "Médico por las tardes en la clínica comunitaria",
        "La clínica solo atiende por la mañana; quien trabaja no puede ir y termina en urgencias.",
        "Abrir un turno vespertino con médico general y farmacia al menos tres días por semana.",
        answers=(
            (0, K, "La clínica es estatal; gestionaremos el turno vespertino con la Secretaría de Salud."),
            (1, D, "Preferimos fortalecer primero el turno matutino, que hoy no tiene medicamentos."),
        ),
        supports=6,
    ),
    SeedProposal(
        "home",
        Topic.MEDIO_AMBIENTE,
        "Recolección separada de basura",
        "El camión pasa una vez por semana y la basura se acumula en los terrenos baldíos.",
        "Dos recorridos semanales con separación de orgánicos y un centro de acopio de reciclables.",
        supports=4,
    ),
    SeedProposal(
        "home",
        Topic.CULTURA_DEPORTE,
        "Rehabilitar la unidad deportiva",
        "La cancha de la unidad deportiva tiene el piso roto y las gradas sin barandal.",
        "Repavimentar la cancha, poner barandales y abrir talleres gratuitos para jóvenes por la tarde.",
        answers=((2, C, "Rehabilitaremos la unidad deportiva y abriremos tres talleres gratuitos."),),
        supports=3,
    ),
    SeedProposal(
        "home",
        Topic.TRANSPARENCIA,
        "Obras públicas con su costo a la vista",
        "Nadie sabe cuánto costó la última obra de la plaza ni quién la construyó.",
        "Publicar en línea y en un letrero en cada obra su costo, la empresa y la fecha de entrega.",
        answers=(
            (0, C, "Publicaremos cada contrato de obra con su costo y avance."),
            (1, C, "Nos comprometemos a letreros con costo y empresa en cada obra."),
            (2, K, "Sumaremos una sesión pública trimestral para rendir cuentas de las obras."),
        ),
        supports=8,
    ),
    SeedProposal(
        "home",
        Topic.EDUCACION,
        "Transporte escolar para las comunidades altas",
        "Niñas y niños de las comunidades altas caminan más de una hora para llegar a la primaria.",
        "Un transporte escolar gratuito con horario fijo desde las tres comunidades más lejanas.",
        answers=((1, K, "Lo estudiaremos junto con las comunidades; hay que definir rutas y costos."),),
        supports=2,
    ),
    SeedProposal(
        "home",
        Topic.EMPLEO,
        "Bolsa de trabajo municipal en línea",
        "Los jóvenes salen a buscar empleo fuera del municipio sin saber qué vacantes hay cerca.",
        "Una bolsa de trabajo municipal con las vacantes de la zona y ferias de empleo cada trimestre.",
        supports=1,
    ),
    SeedProposal(
        "home",
        Topic.VIVIENDA,
        "Escrituras para las familias del barrio nuevo",
        "Muchas familias del barrio nuevo llevan años sin escrituras y no pueden acceder a créditos.",
        "Jornadas de regularización con notarios a bajo costo y asesoría gratuita en el ayuntamiento.",
    ),
    SeedProposal(
        "district",
        Topic.SALUD,
        "Ambulancia para la zona norte del distrito",
        "La ambulancia más cercana tarda más de cuarenta minutos en llegar a la zona norte.",
        "Una base de ambulancias en la zona norte con personal las 24 horas.",
        answers=(
            (0, C, "Impulsaremos en el Congreso el presupuesto para una base en la zona norte."),
            (1, D, "Es competencia municipal; no la prometeremos desde el Congreso."),
            (3, K, "Propondremos una ley de tiempos máximos de respuesta de emergencias."),
        ),
        supports=6,
    ),
    SeedProposal(
        "district",
        Topic.IGUALDAD_GENERO,
        "Estancias infantiles para madres trabajadoras",
        "Las madres que trabajan no tienen dónde dejar a sus hijos pequeños por la tarde.",
        "Una ley que obligue a abrir estancias infantiles públicas con horario extendido en el distrito.",
        answers=((2, C, "Presentaremos la iniciativa en el primer periodo de sesiones."),),
        supports=5,
    ),
    SeedProposal(
        "district",
        Topic.TRANSPARENCIA,
        "Informes trimestrales de la diputación",
        "No sabemos qué votan nuestros representantes ni cuándo vienen al distrito.",
        "Un informe público cada trimestre con las votaciones y una audiencia abierta en cada municipio.",
        answers=(
            (0, C, "Daremos un informe trimestral y una audiencia abierta en cada municipio."),
            (1, C, "Publicaremos cada voto con su explicación."),
            (2, K, "Lo haremos cada dos meses, no cada tres."),
            (3, C, "De acuerdo, con transmisión en línea de cada audiencia."),
        ),
        supports=7,
    ),
    SeedProposal(
        "district",
        Topic.DESARROLLO_ECONOMICO,
        "Créditos para pequeños comercios",
        "Las tienditas y fondas no consiguen crédito y los prestamistas cobran intereses altísimos.",
        "Un fondo estatal de microcréditos con tasa baja y asesoría para negocios familiares.",
        supports=2,
    ),
    SeedProposal(
        "district",
        Topic.MOVILIDAD,
        "Carretera segura entre las cabeceras",
        "La carretera entre las cabeceras no tiene acotamiento y ha habido varios accidentes.",
        "Ampliar el acotamiento, poner señalización y reductores de velocidad en los cruces.",
        answers=((3, D, "Nuestra prioridad son las carreteras de la zona oriente; esta no está en el plan."),),
        supports=3,
    ),
    SeedProposal(
        "other:0",
        Topic.AGUA,
        "Captación de agua de lluvia en escuelas",
        "Las escuelas se quedan sin agua en los baños durante el estiaje.",
        "Instalar sistemas de captación de lluvia en las primarias con mantenimiento a cargo del municipio.",
        answers=((0, C, "Es viable y barato; lo haremos en todas las primarias del municipio."),),
        supports=4,
    ),
    SeedProposal(
        "other:1",
        Topic.SEGURIDAD,
        "Botón de emergencia en el transporte público",
        "En las rutas nocturnas ha habido asaltos y no hay forma de pedir ayuda.",
        "Botones de emergencia y cámaras conectadas al centro de mando en las rutas nocturnas.",
        answers=((1, K, "Lo acordaremos con los concesionarios; el costo debe compartirse."),),
        supports=5,
    ),
    SeedProposal(
        "other:2",
        Topic.SERVICIOS_PUBLICOS,
        "Bacheo con reporte ciudadano",
        "Los baches de la avenida principal llevan meses y nadie responde a los reportes.",
        "Un sistema de reporte con número de folio y un plazo de reparación de quince días.",
        supports=3,
    ),
    SeedProposal(
        "other:3",
        Topic.MEDIO_AMBIENTE,
        "Proteger el bosque del cerro",
        "Cada año hay incendios y tala en el bosque del cerro y se está perdiendo.",
        "Brigadas comunitarias contra incendios y vigilancia conjunta con los ejidatarios.",
        answers=((2, C, "Financiaremos dos brigadas comunitarias desde el primer año."),),
        supports=2,
    ),
    SeedProposal(
        "other:4",
        Topic.CULTURA_DEPORTE,
        "Casa de cultura con talleres gratuitos",
        "La casa de cultura está cerrada casi todo el año y los talleres cuestan.",
        "Abrirla de martes a domingo con talleres gratuitos de música, danza y lectura.",
        supports=1,
    ),
    SeedProposal(
        "other:5",
        Topic.EDUCACION,
        "Internet gratuito en las bibliotecas",
        "Muchos estudiantes no tienen internet en casa para hacer tareas.",
        "Internet gratuito y equipos de cómputo en las bibliotecas públicas con horario vespertino.",
        answers=(
            (0, C, "Conectaremos las bibliotecas y ampliaremos su horario."),
            (1, C, "Lo incluimos en nuestra plataforma; lo cumpliremos."),
        ),
        supports=4,
    ),
    SeedProposal(
        "other:6",
        Topic.SALUD,
        "Jornadas de salud en las comunidades",
        "En las comunidades lejanas no hay médico y las personas mayores no pueden viajar.",
        "Jornadas mensuales de salud con consulta, vacunas y medicamentos en cada comunidad.",
    ),
    SeedProposal(
        "other:7",
        Topic.VIVIENDA,
        "Alumbrado y banquetas en la unidad habitacional",
        "La unidad habitacional no tiene banquetas completas y el alumbrado falla.",
        "Completar banquetas con rampas y reponer el alumbrado con lámparas de bajo consumo.",
        answers=((2, K, "La unidad aún no está municipalizada; primero hay que concluir ese trámite."),),
        supports=2,
    ),
    SeedProposal(
        "other:8",
        Topic.EMPLEO,
        "Talleres de oficios para jóvenes",
        "Muchos jóvenes dejaron la escuela y no encuentran trabajo.",
        "Talleres gratuitos de oficios con certificación y becas de transporte.",
        supports=1,
    ),
    # held for review by the automatic checks: they wait in the moderators' queue
    SeedProposal(
        "home",
        Topic.SERVICIOS_PUBLICOS,
        "Reparar la fuga de drenaje de la calle Hidalgo",
        "La fuga de drenaje lleva tres semanas; para más detalles llamen al 722 555 0134.",
        "Reparar el colector y limpiar la calle; el comité vecinal puede acompañar la obra.",
        outcome="held",
    ),
    SeedProposal(
        "home",
        Topic.MOVILIDAD,
        "Semáforo en el cruce del mercado",
        "En el cruce del mercado hay accidentes cada semana; vean el video en www.ejemplo-ficticio.mx",
        "Instalar un semáforo peatonal y pintar el paso de cebra frente al mercado.",
        outcome="held",
    ),
    SeedProposal(
        "district",
        Topic.SEGURIDAD,
        "Más patrullas en la colonia del río",
        "Los asaltos en la colonia del río no paran y la policía no hace caso, son unos idiotas.",
        "Más patrullajes nocturnos y un módulo de policía en la entrada de la colonia.",
        outcome="held",
    ),
    SeedProposal(
        "other:2",
        Topic.AGUA,
        "Pipas gratuitas durante el estiaje",
        "En el estiaje las familias gastan mucho en pipas; escríbanme a vecina.ficticia@ejemplo.mx",
        "Un programa de pipas gratuitas con calendario público en las colonias sin red.",
        outcome="held",
    ),
    # held, then published by a moderator (a false positive of the automatic checks)
    SeedProposal(
        "home",
        Topic.SALUD,
        "Farmacia comunitaria con precios justos",
        "Los medicamentos básicos cuestan el doble que en la cabecera; el sitio farmacia.mx lo muestra.",
        "Una farmacia comunitaria con medicamentos básicos a precio de costo.",
        outcome="approved",
        answers=((1, C, "Abriremos la farmacia comunitaria en el mercado municipal."),),
        supports=3,
    ),
    SeedProposal(
        "other:1",
        Topic.EDUCACION,
        "Becas de transporte para la preparatoria",
        "El pasaje a la preparatoria cuesta 60 pesos diarios; hay información en becas.gob.mx",
        "Becas de transporte para estudiantes de preparatoria de familias de bajos ingresos.",
        outcome="approved",
        supports=2,
    ),
    # held, then rejected by a moderator (electoral propaganda, off topic)
    SeedProposal(
        "home",
        Topic.OTRO,
        "Voten por el partido ficticio correcto",
        "Solo un partido ficticio sabe gobernar; todos los demás mienten, vean www.partido-ficticio.mx",
        "Votar en bloque por nuestro partido ficticio en la próxima elección.",
        outcome="rejected",
    ),
    SeedProposal(
        "other:3",
        Topic.OTRO,
        "Cambiar el horario de la liga de futbol",
        "La liga de futbol del domingo empieza muy temprano; la página liga-ficticia.com lo confirma.",
        "Que la liga empiece a las diez y no a las ocho de la mañana.",
        outcome="rejected",
    ),
]

REJECTIONS = {"Voten por el partido ficticio correcto": "propaganda_electoral"}

PROFILE_TEXTS = [
    (
        "Licenciatura en Administración Pública",
        "Coordinadora de un comedor comunitario durante ocho años; antes, maestra de primaria.",
        "Regidora suplente en el periodo anterior.",
        "Quiero que el agua y la seguridad dejen de ser promesas y se vuelvan calendario.",
        ["Detección de fugas y tandeo publicado cada semana.", "Alumbrado en los caminos a las escuelas."],
    ),
    (
        "Ingeniería Civil",
        "Quince años en obra pública y privada; fundador de una cooperativa de vivienda.",
        "Primera vez como candidato.",
        "Sé cuánto cuesta una obra bien hecha y quiero que cada peso se vea.",
        ["Costo y empresa de cada obra a la vista.", "Bacheo con folio y plazo de quince días."],
    ),
    (
        "Médica cirujana",
        "Médica del centro de salud durante diez años, con jornadas en las comunidades altas.",
        "Integrante del consejo ciudadano de salud.",
        "La salud no puede depender de tener para el pasaje a la cabecera.",
        ["Turno vespertino en la clínica comunitaria.", "Jornadas mensuales de salud en cada comunidad."],
    ),
    (
        "Bachillerato técnico; comerciante",
        "Locatario del mercado municipal y presidente de su asociación de comerciantes.",
        "Delegado municipal en dos ocasiones.",
        "El comercio local da trabajo a la mayoría; necesita crédito y seguridad.",
        ["Microcréditos para negocios familiares.", "Seguridad en mercados y tianguis."],
    ),
]


def _ballots_for(ballots: list[Ballot], home_municipality: str, home_district: str) -> dict[str, Ballot]:
    councils = [b for b in ballots if b.office == Office.AYUNTAMIENTO and b.place.code != home_municipality]
    # councils past the first twenty: the browser tests write their own data on the first ones
    chosen = {f"other:{n}": councils[25 + 11 * n] for n in range(9)}
    for ballot in ballots:
        if ballot.office == Office.AYUNTAMIENTO and ballot.place.code == home_municipality:
            chosen["home"] = ballot
        if ballot.office == Office.DIPUTACION_MR and ballot.place.code == home_district:
            chosen["district"] = ballot
    return chosen


def seed_activity(
    store: ElectionStore,
    process: ElectoralProcess,
    ballots: list[Ballot],
    *,
    sections: list[Section],
    now: datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the drill's fictional activity; returns how many things were written (0 if already there)."""
    table = store.table
    proposals = ProposalStore(table)
    if not process.is_drill or proposals.by_author(_neighbour(0).user_id, 1, None)[0]:
        return 0
    settings = Settings(table_name=table.table_name)
    moment = [now or datetime.now(UTC)]
    audit = AuditLog(table)
    desk = ProposalDesk(settings, store, proposals, clock=lambda: moment[0], audit=audit)
    profiles = ProfileDesk(
        settings, store, ProfileStore(table), PhotoBucket(settings.photos_bucket), audit, lambda: moment[0]
    )
    ledger = NotificationStore(table)
    # The ballots of section 1 (the README's first lookup) get most of it; a few other councils the rest.
    home = next(s for s in sections if s.number == 1)
    places = _ballots_for(ballots, home.municipality_code or "", district_code(home.district or 0))
    written = 0
    start = moment[0]
    try:
        written += _profiles(profiles, places)
        if progress:
            progress(written)
        for n, seed in enumerate(PROPOSALS):
            # spread over the last days (the daily quota counts per author and day)
            moment[0] = start - timedelta(days=len(PROPOSALS) - n, hours=n % 7) / 5
            written += _proposal(desk, ledger, places[seed.place], seed, author=_neighbour(n), supporters=n)
            if progress and n % 10 == 9:
                progress(written)
    except DecideError as exc:
        # A drill outside its campaign (e.g. `decide seed --today` far away) takes no new activity.
        print(f"drill activity not seeded: {exc.message}")
    return written


def _proposal(
    desk: ProposalDesk,
    ledger: NotificationStore,
    ballot: Ballot,
    seed: SeedProposal,
    author: Principal,
    supporters: int,
) -> int:
    contenders = sorted({c.contender_id for c in ballot.candidacies}, key=lambda c: _order(ballot, c))
    addressed = [contenders[i] for i in seed.to] if seed.to else contenders
    draft = ProposalDraft(
        ballot_id=ballot.id,
        topic=seed.topic,
        title=seed.title,
        problem=seed.problem + FICTIONAL,
        proposed_action=seed.action,
        addressed_to=addressed,
    )
    submitted = desk.submit(author, draft, None)
    written = 1
    if seed.outcome in ("approved", "rejected"):
        publish = seed.outcome == "approved"
        if publish:
            _mark_notices_delivered(ledger, submitted.id, ballot.process_id, addressed)
        reason = "retencion_automatica_injustificada" if publish else REJECTIONS.get(seed.title, "fuera_de_tema")
        desk.moderate(
            MODERATOR, submitted.id, ModerationDraft(action="publish" if publish else "reject", reason=reason)
        )
    elif seed.outcome == "published":
        _mark_notices_delivered(ledger, submitted.id, ballot.process_id, addressed)
    if seed.outcome not in ("published", "approved"):
        return written
    for k in range(seed.supports):
        desk.support(_neighbour(supporters + 1 + k), submitted.id, True)
        written += 1
    for position, stance, text in seed.answers:
        contender = addressed[position]
        desk.respond(_party_team(contender), submitted.id, ResponseDraft(stance=stance, text=text + FICTIONAL))
        written += 1
    return written


def _order(ballot: Ballot, contender_id: str) -> int:
    return next(c.ballot_order for c in ballot.candidacies if c.contender_id == contender_id)


def _mark_notices_delivered(
    ledger: NotificationStore, proposal_id: str, process_id: str, contenders: list[str]
) -> None:
    """The parties' notices of a seeded proposal count as sent: the pump will find them in the ledger."""
    event_id = f"proposal.published:{proposal_id}"  # chalicelib.events.domain_events' id for this event
    for contender_id in contenders:
        for address in ledger.party_settings(process_id, contender_id).addresses:
            if ledger.ledger.claim(event_id, address):
                ledger.ledger.sent(event_id, address, LEDGER_MARK)


def _profiles(desk: ProfileDesk, places: dict[str, Ballot]) -> int:
    """Profiles for every candidacy on the seeded ballots but one per ballot (a share, not all)."""
    written = 0
    for ballot in places.values():
        for k, candidacy in enumerate(ballot.candidacies[:-1]):
            if desk.profiles.get(candidacy.id) is not None:
                continue  # already has one (the fictional questionnaires of decide/questionnaire_seed.py)
            education, work, politics, why, proposals = PROFILE_TEXTS[(k + len(ballot.id)) % len(PROFILE_TEXTS)]
            body = ProfileInput(
                short_bio=f"Perfil ficticio del simulacro: {candidacy.owner}, candidatura en {ballot.place.name}.",
                education=education,
                work_history=work,
                political_history=politics,
                why_running=why,
                proposals=proposals,
                gender_agenda_proposal="Red de estancias infantiles con horario extendido." if k % 2 == 0 else None,
                links=ProfileLinks(website="https://simulacro.decide.ieem.local/ficticio")
                if k == 0
                else ProfileLinks(),
                # no identity answers: only the candidate gives them, through the emailed link (issue 22)
            )
            # Published through the institute's review, as every profile is (captured → in review → published).
            saved = desk.save(_party_team(candidacy.contender_id), candidacy.id, body)
            desk.submit(_party_team(candidacy.contender_id), candidacy.id, SubmitForReview(version=saved.version))
            desk.decide(REVIEWER, candidacy.id, ReviewDecision(decision=ReviewStatus.PUBLISHED, version=saved.version))
            written += 1
    return written
