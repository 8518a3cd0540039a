"""Seed the drill's voting advice: 24 fictional statements and fictional positions of its contenders.

Everything here is invented for practice and labelled so (the drill's setup is `fictional`, every
position says "Postura ficticia"). The positions window of the drill closed two days before the
seed day and the positions were published the day before, so the questionnaire can be tried at
once. The sources credit where the topic's background comes from (what councils are in charge
of), never a stance. One fictional independent candidacy has no positions, to show how a
contender that did not answer appears.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from chalicelib.advice.models import AdviceSetup, ContenderPositions, Position, Stance, Statement
from chalicelib.content.models import SourceLink
from chalicelib.elections.models import MEXICO_CITY, Contender, ContenderKind, ElectoralProcess
from chalicelib.storage.advice_store import AdviceStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.topics import TOPIC_LABELS, Topic

SEED_USER = "seed"
ARTICLE_115 = SourceLink(
    title="Constitución Política de los Estados Unidos Mexicanos, art. 115 (funciones de los municipios)",
    url="https://www.diputados.gob.mx/LeyesBiblio/ref/cpeum.htm",
)
STATE_LAWS = SourceLink(
    title="Legislación del Estado de México (Ley Orgánica Municipal)", url="https://legislacion.edomex.gob.mx/"
)

# (topic, statement, explanation, source): neutral wordings a contender can agree with or not.
STATEMENTS: list[tuple[Topic, str, str, SourceLink]] = [
    (
        Topic.AGUA,
        "El ayuntamiento debe cobrar el agua según el consumo medido en cada casa.",
        "Hoy muchas casas pagan una cuota fija. Medir el consumo cobra a cada quien lo que usa, pero exige "
        "instalar medidores y puede subir el recibo de familias numerosas.",
        ARTICLE_115,
    ),
    (
        Topic.AGUA,
        "El agua de lluvia debe captarse en todas las escuelas y edificios públicos del municipio.",
        "La captación reduce la demanda de la red en temporada de lluvias; cuesta instalar cisternas y darles "
        "mantenimiento.",
        ARTICLE_115,
    ),
    (
        Topic.SEGURIDAD,
        "La policía municipal debe patrullar a pie en las colonias, aunque haya menos patrullas en auto.",
        "El patrullaje a pie acerca a la policía a los vecinos; con el mismo personal se cubre menos territorio.",
        ARTICLE_115,
    ),
    (
        Topic.SEGURIDAD,
        "El municipio debe instalar cámaras de vigilancia en todas las calles principales.",
        "Las cámaras ayudan a investigar delitos; tienen un costo alto y plantean preguntas sobre la privacidad.",
        STATE_LAWS,
    ),
    (
        Topic.MOVILIDAD,
        "Deben construirse ciclovías confinadas aunque se reduzcan carriles para autos.",
        "Las ciclovías protegen a quienes van en bicicleta; quitar carriles puede hacer más lento el tránsito.",
        STATE_LAWS,
    ),
    (
        Topic.MOVILIDAD,
        "El transporte público debe tener paradas fijas y prohibirse subir y bajar pasaje fuera de ellas.",
        "Las paradas fijas ordenan el tránsito y dan seguridad; alargan algunos trayectos a pie.",
        STATE_LAWS,
    ),
    (
        Topic.SALUD,
        "Los centros de salud municipales deben abrir por la tarde y los fines de semana.",
        "Ampliar horarios atiende a quienes trabajan en el día; requiere contratar personal.",
        STATE_LAWS,
    ),
    (
        Topic.SALUD,
        "El municipio debe destinar parte de su presupuesto a ambulancias propias.",
        "Hoy la atención de urgencias depende de otros órdenes de gobierno y de la Cruz Roja; tener ambulancias "
        "propias cuesta compra, personal y mantenimiento.",
        STATE_LAWS,
    ),
    (
        Topic.EDUCACION,
        "El ayuntamiento debe pagar el mantenimiento de los sanitarios y techos de las escuelas públicas.",
        "Las escuelas son responsabilidad estatal y federal, pero los municipios pueden apoyar su mantenimiento.",
        STATE_LAWS,
    ),
    (
        Topic.EDUCACION,
        "El municipio debe dar becas de transporte a estudiantes de preparatoria.",
        "El costo del traslado es una causa de abandono escolar; las becas compiten con otros gastos.",
        STATE_LAWS,
    ),
    (
        Topic.EMPLEO,
        "El ayuntamiento debe dar preferencia a empresas locales en sus compras y obras.",
        "Favorece la economía local; puede encarecer compras si hay menos competencia.",
        STATE_LAWS,
    ),
    (
        Topic.EMPLEO,
        "El municipio debe pagar prácticas profesionales a jóvenes en sus oficinas.",
        "Da experiencia laboral a jóvenes; es un gasto corriente adicional.",
        STATE_LAWS,
    ),
    (
        Topic.MEDIO_AMBIENTE,
        "Deben prohibirse las bolsas y envases de un solo uso en mercados y tianguis municipales.",
        "Reduce basura; obliga a comerciantes a cambiar de proveedores y puede subir precios.",
        ARTICLE_115,
    ),
    (
        Topic.MEDIO_AMBIENTE,
        "El municipio debe sancionar a quien descargue drenaje sin tratar en ríos y barrancas.",
        "Protege ríos y barrancas; exige inspectores y alternativas para colonias sin drenaje.",
        ARTICLE_115,
    ),
    (
        Topic.SERVICIOS_PUBLICOS,
        "La recolección de basura debe separar residuos orgánicos e inorgánicos en todo el municipio.",
        "La separación permite reciclar y hacer composta; requiere rutas y camiones distintos.",
        ARTICLE_115,
    ),
    (
        Topic.SERVICIOS_PUBLICOS,
        "El alumbrado público debe cambiarse a luminarias LED aunque se financie con deuda.",
        "Las luminarias LED gastan menos energía; financiarlas con deuda compromete presupuestos futuros.",
        ARTICLE_115,
    ),
    (
        Topic.DESARROLLO_ECONOMICO,
        "El municipio debe abrir un mercado de productores locales cada fin de semana.",
        "Acerca a productores y consumidores; compite con comercios establecidos.",
        ARTICLE_115,
    ),
    (
        Topic.DESARROLLO_ECONOMICO,
        "Los trámites para abrir un negocio pequeño deben resolverse en un solo día.",
        "Simplificar trámites facilita emprender; reduce el tiempo para revisar permisos.",
        STATE_LAWS,
    ),
    (
        Topic.TRANSPARENCIA,
        "Todas las sesiones de cabildo deben transmitirse en vivo por internet.",
        "Permite a cualquiera ver cómo se decide; algunas deliberaciones podrían volverse menos francas.",
        STATE_LAWS,
    ),
    (
        Topic.TRANSPARENCIA,
        "El ayuntamiento debe publicar cada mes sus gastos en datos abiertos.",
        "La información ya debe hacerse pública por ley con cierta periodicidad; publicarla cada mes exige más "
        "trabajo administrativo.",
        STATE_LAWS,
    ),
    (
        Topic.IGUALDAD_GENERO,
        "El municipio debe abrir un centro de atención a mujeres con asesoría legal gratuita.",
        "Facilita denunciar y recibir orientación; requiere personal especializado permanente.",
        STATE_LAWS,
    ),
    (
        Topic.CULTURA_DEPORTE,
        "Las unidades deportivas municipales deben abrir hasta las 22:00 con alumbrado y vigilancia.",
        "Más horario permite usarlas a quien trabaja; aumenta el gasto en luz y vigilancia.",
        ARTICLE_115,
    ),
    (
        Topic.VIVIENDA,
        "El municipio debe regularizar la propiedad en colonias con más de diez años de antigüedad.",
        "Da certeza a las familias; puede premiar asentamientos en zonas de riesgo si no se revisan.",
        STATE_LAWS,
    ),
    (
        Topic.VIVIENDA,
        "Deben prohibirse nuevos fraccionamientos donde no haya agua suficiente garantizada.",
        "Evita que nuevas viviendas se queden sin agua; frena la construcción de vivienda.",
        ARTICLE_115,
    ),
]

# One letter per statement: a (de acuerdo), n (neutral), d (en desacuerdo), - (no respondió).
STANCES_BY_CONTENDER = {
    "pfa": "aaadnaaaanadnaaaaaaanadn",
    "pfr": "naddaaaanaandadaaadanaan",
    "pfm": "dndadndaaaaadnndaaddaada",
    "pfv": "aandnaanaaanaaaanaaaaaan",
    "pfr-pfm": "nadnaaaaaaanaaaaaaadnana",
}
INDEPENDENT_PATTERNS = ["adanadnadaanandadnaanada", "dnaadnaadnaadnaadnaadnaa", "naaanaaanaaanaaanaaanaaa"]
LETTER = {"a": Stance.AGREE, "n": Stance.NEUTRAL, "d": Stance.DISAGREE}
REASONS = {
    Stance.AGREE: "Postura ficticia del simulacro: lo apoyamos; {topic} es parte de nuestra plataforma ficticia.",
    Stance.NEUTRAL: "Postura ficticia del simulacro: depende del presupuesto; lo consultaríamos con las colonias.",
    Stance.DISAGREE: "Postura ficticia del simulacro: no lo apoyamos; proponemos otra forma de atender {topic}.",
}


def _local(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=MEXICO_CITY)


def drill_setup(drill: ElectoralProcess, today: date) -> AdviceSetup:
    """The drill's statements; the window closed two days before `today`, published the day before."""
    campaign = drill.calendar.campaign_start
    return AdviceSetup(
        process_id=drill.id,
        statements=[
            Statement(number=n, topic=topic, text=wording, explanation=explanation, source=source)
            for n, (topic, wording, explanation, source) in enumerate(STATEMENTS, start=1)
        ],
        positions_open_at=campaign or _local(today - timedelta(days=9)),
        positions_close_at=_local(today - timedelta(days=2)),
        publish_at=_local(today - timedelta(days=1)),
        fictional=True,
        updated_by=SEED_USER,
        updated_at=datetime.now(UTC),
    )


def _pattern(contender: Contender, independent_index: int) -> str | None:
    if contender.kind != ContenderKind.INDEPENDENT:
        return STANCES_BY_CONTENDER.get(contender.id)
    return INDEPENDENT_PATTERNS[independent_index % len(INDEPENDENT_PATTERNS)]


def drill_positions(setup: AdviceSetup, contenders: list[Contender]) -> list[ContenderPositions]:
    """Fictional positions of every drill contender but the last independent candidacy."""
    independents = [c for c in contenders if c.kind == ContenderKind.INDEPENDENT]
    silent = independents[-1].id if independents else None
    result = []
    for contender in contenders:
        index = independents.index(contender) if contender in independents else 0
        pattern = _pattern(contender, index)
        if pattern is None or contender.id == silent:
            continue
        positions = []
        for statement, letter in zip(setup.statements, pattern, strict=True):
            if letter not in LETTER:
                continue
            stance = LETTER[letter]
            topic = TOPIC_LABELS[statement.topic].lower()
            positions.append(
                Position(statement=statement.number, stance=stance, justification=REASONS[stance].format(topic=topic))
            )
        result.append(
            ContenderPositions(
                process_id=setup.process_id,
                contender_id=contender.id,
                positions=positions,
                fictional=True,
                updated_by=SEED_USER,
                updated_at=setup.positions_close_at,
            )
        )
    return result


def seed_advice(store: ElectionStore, drill: ElectoralProcess, contenders: list[Contender], today: date) -> int:
    """Write the drill's advice setup and positions (the same keys on every run); returns items written."""
    advice = AdviceStore(store.table)
    setup = drill_setup(drill, today)
    advice.save_setup(setup)
    return 2 + advice.save_all_positions(drill_positions(setup, contenders))
