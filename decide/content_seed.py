"""Seed civic information: the "Cómo funciona" pages, each process's calendar page, drill platforms.

Every text here was written by the project in plain Spanish; none is copied legal text. Each page
links to the official sources it is based on. Facts about 2021 (dates, offices) come from
`data/edomex/edomex_eleccion_2021_hechos.json`; the veda page says which parts of
`data/edomex/veda_electoral.md` were verified and which were not.

Real parties' platforms are never written here: in real processes they stay "no publicada"
until a party or the institute loads them. Only the drill's fictional parties get platforms,
marked fictional.

Re-running the seed is safe: a page is written when it does not exist, or when its latest
version was written by the seed and the seed's text changed (a new version, history kept).
Pages an administrator edited are left alone; so are drill platforms a party editor loaded.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from chalicelib.content import pages
from chalicelib.content.models import Author, ContentInput, ContentStatus, ContentVersion, SourceLink
from chalicelib.elections.models import MEXICO_CITY, ElectoralProcess
from chalicelib.messages import MONTHS
from chalicelib.platforms.models import Commitment, LoadedBy, Platform
from chalicelib.storage.civic_store import CivicStore
from chalicelib.storage.election_store import ElectionStore
from chalicelib.topics import Topic
from decide import privacy_notice
from decide.geography_seed import data_file

SEED_AUTHOR = Author(user_id="seed", email="seed@decide-ieem.invalid", name="Contenido inicial de DecideIEEM")

IEEM = SourceLink(title="Instituto Electoral del Estado de México (IEEM)", url="https://www.ieem.org.mx/")
INE = SourceLink(title="Instituto Nacional Electoral (INE)", url="https://www.ine.mx/")
CPEUM = SourceLink(
    title="Constitución Política de los Estados Unidos Mexicanos (Cámara de Diputados)",
    url="https://www.diputados.gob.mx/LeyesBiblio/ref/cpeum.htm",
)
LGIPE = SourceLink(
    title="Ley General de Instituciones y Procedimientos Electorales (Cámara de Diputados)",
    url="https://www.diputados.gob.mx/LeyesBiblio/ref/lgipe.htm",
)
EDOMEX_LAWS = SourceLink(
    title="Legislación del Estado de México (Gobierno del Estado de México)",
    url="https://legislacion.edomex.gob.mx/",
)
LEGISLATURE = SourceLink(title="Poder Legislativo del Estado de México", url="https://www.legislativoedomex.gob.mx/")
UBICA_CASILLA = SourceLink(title="INE: Ubica tu casilla", url="https://ubicatucasilla.ine.mx/")
LISTA_NOMINAL = SourceLink(title="INE: consulta si estás en la lista nominal", url="https://listanominal.ine.mx/")


def _facts() -> dict[str, Any]:
    facts: dict[str, Any] = json.loads(data_file("edomex_eleccion_2021_hechos.json"))
    return facts


def long_date(day: date) -> str:
    return f"{day.day} de {MONTHS[day.month - 1]} de {day.year}"


def _source(url: str, title: str) -> SourceLink:
    return SourceLink(title=title, url=url.split(" ")[0])


# shared pages ----------------------------------------------------------------------------------
def _council_page() -> ContentInput:
    return ContentInput(
        title="¿Qué hace un ayuntamiento?",
        summary="Quién integra el gobierno de tu municipio (presidencia, sindicatura y regidurías) "
        "y de qué se encarga.",
        position=10,
        status=ContentStatus.PUBLISHED,
        sources=[
            CPEUM,
            EDOMEX_LAWS,
            IEEM,
            _source(
                "https://sintesis.com.mx/2021/04/30/arrancan-campanas-locales/",
                "Síntesis (30-abr-2021): arrancan las campañas locales (1,227 cargos municipales)",
            ),
        ],
        body_markdown="""\
El **ayuntamiento** es el gobierno de tu municipio. En el Estado de México hay **125 municipios**
y cada uno elige a su ayuntamiento en la misma elección local en la que se eligen las diputaciones
locales.

## Quién lo integra

- **Presidencia municipal.** Encabeza el ayuntamiento, ejecuta sus acuerdos y dirige la
  administración municipal (las direcciones y oficinas que atienden a la gente).
- **Sindicatura.** Cuida los bienes y el dinero del municipio: revisa gastos, representa al
  municipio en asuntos legales y vigila su patrimonio. Según el tamaño del municipio puede haber
  más de una sindicatura.
- **Regidurías.** Las regidoras y los regidores forman, con la presidencia y la sindicatura, el
  **cabildo**: discuten y votan los acuerdos del municipio y vigilan áreas del gobierno municipal
  por medio de comisiones (por ejemplo, obras, salud o seguridad).

## Cómo se eligen

En la boleta de ayuntamiento no votas por cada persona por separado: votas por una **planilla**
que presenta un partido, una coalición o una candidatura independiente, encabezada por quien se
postula a la presidencia municipal. La planilla que obtiene más votos gana la presidencia, la
sindicatura y regidurías; otras regidurías se reparten entre planillas que no ganaron, según su
votación (**representación proporcional**), para que en el cabildo también estén otras voces.

**Cuántos cargos tiene.** El número de sindicaturas y regidurías depende de la población del
municipio: los más pequeños tienen menos integrantes que los más poblados. En 2021 se eligieron en
total **1,227 cargos municipales** en los 125 ayuntamientos (presidencias, sindicaturas y
regidurías, según la prensa local). Esta plataforma muestra quién encabeza cada planilla; la
planilla completa no está publicada aquí.

## Coaliciones y candidaturas comunes

Varios partidos pueden postular juntos a las mismas personas, en **coalición** (un convenio entre
partidos para varias elecciones) o en **candidatura común** (sin coalición, para elecciones
concretas). En la boleta, cada partido conserva **su propio recuadro**, en el orden de su registro,
y la candidatura que postulan juntos aparece en el recuadro de **cada** partido que la postula; las
candidaturas independientes van después de los partidos. Puedes marcar uno o varios de esos
recuadros: el voto cuenta para la misma candidatura.

## De qué se encarga

Los servicios que más se notan en la vida diaria son municipales: agua potable y drenaje,
alumbrado público, recolección de basura, calles, parques y jardines, mercados, panteones,
seguridad pública y tránsito municipales. El ayuntamiento también aprueba reglamentos locales,
decide en qué se gasta el presupuesto municipal y da permisos y licencias.

Por eso, muchas de las propuestas que envías en esta plataforma sobre problemas de tu colonia
van dirigidas a quienes compiten por el ayuntamiento.

*Texto informativo escrito por DecideIEEM con base en las fuentes citadas; no sustituye a la ley.*
""",
    )


def _legislature_page(facts: dict[str, Any]) -> ContentInput:
    offices = facts["cargos"]
    mr = offices["diputaciones_mayoria_relativa"]
    rp = offices["diputaciones_representacion_proporcional"]
    total = offices["total_diputaciones"]
    return ContentInput(
        title="¿Qué hace una diputación local?",
        summary=f"La Legislatura del Estado de México: {total} diputaciones, {mr} de mayoría relativa "
        f"y {rp} de representación proporcional.",
        position=20,
        status=ContentStatus.PUBLISHED,
        sources=[
            LEGISLATURE,
            EDOMEX_LAWS,
            *(_source(url, "Nota de prensa sobre el Proceso Electoral 2021") for url in offices["fuentes"][:1]),
            _source(offices["fuentes"][1], "IEEM: boletín de inicio del Proceso Electoral 2021"),
        ],
        body_markdown=f"""\
Las diputadas y los diputados locales forman la **Legislatura del Estado de México**, el
congreso del estado. En 2021 se eligieron **{total} diputaciones** para la {offices["legislatura"]}.

## Qué hace la Legislatura

- **Hace y cambia las leyes del estado**, por ejemplo sobre seguridad, movilidad, medio ambiente o
  el propio sistema electoral local.
- **Aprueba el dinero público**: las leyes de ingresos y el presupuesto del estado, y las leyes de
  ingresos de los municipios.
- **Vigila cómo se gasta**: revisa las cuentas públicas del gobierno estatal y de los municipios.
- **Nombra o ratifica** a personas en algunos cargos públicos del estado.

Una diputación local no administra servicios (eso lo hacen el gobierno del estado y los
ayuntamientos), pero decide las reglas y el dinero con que se prestan.

## Dos formas de llegar a una diputación

- **Mayoría relativa ({mr} diputaciones).** El estado se divide en {mr} **distritos locales**. En
  cada distrito gana la candidatura con más votos. Tu distrito depende de tu sección electoral;
  puedes consultarlo en esta plataforma con el número de sección de tu credencial.
- **Representación proporcional ({rp} diputaciones).** Se reparten entre los partidos según su
  votación en todo el estado, a partir de listas que registran antes de la elección. Así la
  Legislatura refleja mejor el peso de cada partido, aunque no haya ganado distritos.

En la boleta votas por la diputación de mayoría relativa de tu distrito; ese mismo voto cuenta
para el reparto de representación proporcional del partido.

*Texto informativo escrito por DecideIEEM con base en las fuentes citadas; no sustituye a la ley.*
""",
    )


def _voting_page() -> ContentInput:
    return ContentInput(
        title="Cómo votar",
        summary="Tu credencial, tu número de sección, qué llevar y el horario de la casilla (8:00 a 18:00).",
        position=30,
        status=ContentStatus.PUBLISHED,
        sources=[INE, LISTA_NOMINAL, UBICA_CASILLA, LGIPE, IEEM],
        body_markdown="""\
## Antes del día de la elección

1. **Ten tu credencial para votar vigente.** La expide el INE. Si la perdiste o cambiaste de
   domicilio, tramítala con tiempo: las fechas límite las fija el INE antes de cada elección.
2. **Revisa que estés en la lista nominal** (la lista de personas que votan en cada casilla).
3. **Busca tu número de sección.** Está al frente de tu credencial, junto a la palabra
   «SECCIÓN» (hasta cuatro dígitos). Con ese número puedes ver en esta plataforma qué se elige
   donde votas y quiénes compiten.
4. **Ubica tu casilla.** El INE publica dónde se instala la casilla de cada sección.

## El día de la elección

- **Horario:** las casillas abren a las **8:00** y cierran a las **18:00** (hora del centro de
  México). Si a las 18:00 todavía hay personas formadas, pueden votar quienes ya estaban en la fila.
- **Qué llevar:** solo tu **credencial para votar vigente**. No necesitas ningún otro documento.
- **En la casilla:** muestras tu credencial; las personas funcionarias de casilla (vecinas y
  vecinos sorteados y capacitados) te buscan en la lista y te entregan una boleta por cada
  elección. Marcas en secreto, doblas cada boleta y la depositas en la urna de su elección.
  Te marcan el pulgar con tinta y te devuelven tu credencial.
- **Cómo marcar:** marca un solo recuadro por boleta. Si marcas varios partidos que van juntos en
  una misma coalición, el voto cuenta para su candidatura; si marcas partidos que compiten entre
  sí, el voto se anula.

## Después

Al cierre, las personas funcionarias cuentan los votos en la misma casilla, frente a
representantes de los partidos, y publican los resultados en un cartel afuera de la casilla.
Después el IEEM hace los cómputos oficiales.

*Texto informativo escrito por DecideIEEM con base en las fuentes citadas; no sustituye a la ley
ni a las indicaciones del INE y del IEEM para cada elección.*
""",
    )


def _veda_page() -> ContentInput:
    return ContentInput(
        title="La veda electoral: qué es y qué significa",
        summary="Los tres días antes de la elección y hasta el cierre de casillas: sin campañas ni encuestas.",
        position=40,
        status=ContentStatus.PUBLISHED,
        sources=[
            SourceLink(
                title="El Universal (2-jun-2021): veda electoral, terminan las campañas",
                url="https://eluniversal.com.mx/elecciones/veda-electoral-adios-spots-y-encuestas-terminan-campanas-electorales-2021/?outputType=amp",
            ),
            SourceLink(
                title="Quadratín (3-jun-2021): arranca el periodo de reflexión o veda",
                url="https://www.quadratin.com.mx/politica/arranca-periodo-de-reflexion-o-veda-previo-a-eleccion-del-6-de-junio/amp/",
            ),
            LGIPE,
            EDOMEX_LAWS,
        ],
        body_markdown="""\
La **veda electoral** (también llamada *periodo de reflexión*) son los días sin campañas antes de
votar, para que cada persona piense su voto sin propaganda.

## Cuándo es

Empieza a las **00:00 del tercer día antes de la elección** y termina con el **cierre de las
casillas** (18:00 h del día de la elección). En 2021, la elección fue el domingo 6 de junio y la
veda corrió del jueves 3 de junio a las 00:00 al domingo 6 a las 18:00.

## Qué no se permite

- Actos públicos de campaña y proselitismo.
- Difundir propaganda electoral en medios (impresos, radio y televisión).
- Publicar encuestas o sondeos sobre preferencias electorales. Las encuestas de salida y los
  conteos rápidos solo se difunden después del cierre de casillas.
- Que las candidaturas se promuevan o promuevan sus plataformas.

La **suspensión de la propaganda de gobierno** (salvo campañas de educación, salud o protección
civil) no es propia de la veda: corre desde el **inicio de las campañas** hasta el fin de la jornada
electoral, así que durante la veda también sigue vigente (Constitución, art. 41, base III,
apartado C, según la prensa; texto no verificado aquí).

## Qué pasa en esta plataforma durante la veda

- Todo sigue **disponible para consulta**: candidaturas, plataformas, propuestas y respuestas.
- Lo que publican los partidos **queda congelado**: no pueden editar sus plataformas ni publicar
  respuestas nuevas, y no sale ningún aviso sobre partidos o propuestas (ni a los partidos ni a la
  ciudadanía, tampoco las decisiones de moderación): se guardan y se envían una sola vez, en orden,
  después del cierre de casillas.
- No se reciben propuestas nuevas.

## Qué verificamos y qué no

**Verificado** en notas de prensa de junio de 2021 (que citan al INE): las fechas y horas de la
veda de 2021 y la lista de lo que no se permite que aparece arriba.

**No verificado aquí:** el texto de la ley. La prensa cita el artículo 251 de la Ley General de
Instituciones y Procedimientos Electorales y, para el ámbito local, el Código Electoral del
Estado de México; la numeración de sus artículos puede haber cambiado con reformas. Consulta el
texto vigente en las fuentes oficiales enlazadas.

*Texto informativo escrito por DecideIEEM; no sustituye a la ley.*
""",
    )


def _platform_page() -> ContentInput:
    return ContentInput(
        title="Cómo funcionan las propuestas y las respuestas",
        summary="Envía una propuesta concreta a quienes compiten donde votas y lee sus respuestas públicas.",
        position=50,
        status=ContentStatus.PUBLISHED,
        sources=[IEEM],
        body_markdown="""\
DecideIEEM es un puente **neutral** entre la ciudadanía y quienes compiten en una elección: no
favorece a ningún partido y trata a todas las candidaturas por igual.

## Enviar una propuesta

1. Busca tu elección con el **número de sección** de tu credencial, tu municipio o tu distrito.
2. Describe un **problema concreto** de tu comunidad y la **acción** que propones, elige un
   **tema** (agua, seguridad, movilidad…) y el lugar.
3. Elige a quién va dirigida: a todas las candidaturas de esa elección o solo a algunas.

Las propuestas se reciben durante el **registro de candidaturas** y las **campañas**. Algunas
pasan por una revisión antes de publicarse (por ejemplo, si incluyen datos personales o enlaces).

## Las respuestas

Cada partido, coalición o candidatura independiente a quien va dirigida recibe un aviso por
correo y puede **responder en público**:

- **Se compromete** a hacer lo que propones,
- **no se compromete**, explicando por qué, o
- **comenta** la propuesta.

Las respuestas se publican junto a la propuesta y se muestra, con palabras neutrales, quién no
ha respondido todavía. Los partidos responden solo durante las **campañas**; en la **veda** todo
queda congelado y disponible para consulta.

## Apoyar propuestas

Si otra persona ya envió una propuesta parecida a la tuya, puedes **apoyarla** en lugar de
repetirla: así pesa más.

## Plataformas electorales

En la sección de plataformas puedes comparar, tema por tema, los compromisos que cada partido
y coalición publicó. Si un partido no ha publicado la suya, aparece como «no publicada»: nunca
llenamos ese espacio por ellos. En procesos ya cerrados (como 2021), las plataformas que cada
partido registró ante el IEEM no se capturaron en DecideIEEM, y así se indica.

## Simulacro

El **simulacro** es un proceso ficticio para practicar: sus partidos, candidaturas, plataformas
y fechas son inventados y se marcan como tales en cada página.
""",
    )


def _faq_page() -> ContentInput:
    return ContentInput(
        title="Preguntas frecuentes",
        summary="Respuestas cortas a las dudas más comunes sobre la elección y esta plataforma.",
        position=60,
        status=ContentStatus.PUBLISHED,
        sources=[INE, UBICA_CASILLA, LISTA_NOMINAL, IEEM],
        body_markdown="""\
## ¿Dónde encuentro mi número de sección?

Al frente de tu credencial para votar, junto a la palabra «SECCIÓN». Son hasta cuatro dígitos.

## ¿Por qué no aparecen candidaturas en mi elección?

Porque el registro oficial todavía no se publica, o porque no está publicado en esta plataforma.
Cada elección dice en qué estado está su registro y cuándo se espera.

## ¿Quién es el IEEM y quién el INE?

El **IEEM** organiza las elecciones locales del Estado de México (ayuntamientos y diputaciones
locales). El **INE** organiza las elecciones federales, expide la credencial para votar y, en
las elecciones locales, ubica las casillas y capacita a quienes las atienden, junto con el IEEM.

## ¿Qué es una elección extraordinaria?

Cuando un tribunal anula una elección, se repite en una fecha nueva. Pasó en Nextlalpan (14 de
noviembre de 2021) y en Atlautla (15 de mayo de 2022). En esta plataforma, la elección anulada
señala a la extraordinaria que la reemplaza.

## ¿Puedo enviar propuestas en cualquier momento?

No: solo durante el registro de candidaturas y las campañas. En la veda y después de la
elección las propuestas y respuestas quedan disponibles para consulta.

## ¿Esta plataforma recomienda por quién votar?

No. DecideIEEM es neutral: muestra la información de todas las candidaturas por igual, en el
orden de la boleta, y nunca inventa datos, declaraciones ni respuestas.

## ¿Qué es el simulacro?

Un proceso ficticio para practicar. Todo lo que aparece en él es inventado y se marca como tal.
""",
    )


# per-process pages ---------------------------------------------------------------------------
def _calendar_2021_page(facts: dict[str, Any]) -> ContentInput:
    start = facts["inicio_proceso"]
    campaigns = facts["campanas_locales"]
    election = date.fromisoformat(facts["jornada_electoral"]["fecha"])
    campaign_start = date.fromisoformat(campaigns["inicio"])
    campaign_end = date.fromisoformat(campaigns["fin"])
    offices = facts["cargos"]
    extraordinary = {e["municipio"]: e for e in facts["elecciones_extraordinarias"]}
    nextlalpan = date.fromisoformat(extraordinary["Nextlalpan"]["jornada_extraordinaria"])
    atlautla = date.fromisoformat(extraordinary["Atlautla"]["jornada_extraordinaria"])
    return ContentInput(
        title="Calendario del Proceso Electoral 2021",
        summary=f"Campañas del {long_date(campaign_start)} al {long_date(campaign_end)}; "
        f"elección el {long_date(election)}.",
        position=10,
        process_id="2021-ord",
        status=ContentStatus.PUBLISHED,
        sources=[
            _source(start["fuente"], "IEEM: boletín de inicio del Proceso Electoral 2021"),
            _source(campaigns["fuentes"][0], "Síntesis (30-abr-2021): arrancan las campañas locales"),
            _source(campaigns["fuentes"][1], "El Universal (2-jun-2021): cierre de campañas y veda"),
        ],
        body_markdown=f"""\
En el Proceso Electoral 2021 el Estado de México eligió **{offices["ayuntamientos"]} ayuntamientos**
y **{offices["total_diputaciones"]} diputaciones locales** ({offices["diputaciones_mayoria_relativa"]} de
mayoría relativa y {offices["diputaciones_representacion_proporcional"]} de representación proporcional).

| Etapa | Fecha |
|---|---|
| Inicio del proceso | primera semana de enero de 2021 (sesión reportada el 5 de enero) |
| Campañas locales | del {long_date(campaign_start)} al {long_date(campaign_end)} ({campaigns["dias"]} días) |
| Veda electoral | del 3 de junio de 2021 a las 00:00 al cierre de casillas |
| Jornada electoral | {long_date(election)}, de 8:00 a 18:00 |

Las fechas de las campañas difieren ligeramente entre fuentes: una nota previa anticipaba el
29 de abril; aquí usamos el 30 de abril, que reporta la prensa del día del arranque.

## Elecciones extraordinarias

Dos elecciones de ayuntamiento de 2021 fueron anuladas por tribunales y se repitieron:

- **Nextlalpan:** {long_date(nextlalpan)}.
- **Atlautla:** {long_date(atlautla)}.

Cada una tiene su propio calendario en esta plataforma.

El calendario con todas las fechas también está disponible para suscribirte desde tu teléfono.
""",
    )


def _calendar_drill_page(drill: ElectoralProcess) -> ContentInput:
    cal = drill.calendar

    def local_day(value: datetime) -> str:
        return long_date(value.astimezone(MEXICO_CITY).date())

    rows = []
    if cal.registration_start is not None:
        rows.append(("Registro de candidaturas", f"desde el {local_day(cal.registration_start)}"))
    if cal.campaign_start is not None:
        rows.append(("Campañas", f"del {local_day(cal.campaign_start)} al día anterior a la veda"))
    rows += [
        ("Veda electoral", f"del {local_day(cal.veda_start)} a las 00:00 al cierre de casillas"),
        ("Jornada electoral", f"{long_date(cal.election_day)}, de 8:00 a 18:00"),
    ]
    table = "\n".join(f"| {label} | {when} |" for label, when in rows)
    return ContentInput(
        title="Calendario del simulacro",
        summary="Fechas ficticias para practicar: el simulacro está en campañas durante varias semanas.",
        position=10,
        process_id=drill.id,
        status=ContentStatus.PUBLISHED,
        sources=[IEEM],
        body_markdown=f"""\
**Simulacro:** este proceso es ficticio. Sus fechas se calculan a partir del día en que se
cargaron los datos de práctica, para que siempre haya un proceso en campañas donde probar la
plataforma.

| Etapa | Fecha (ficticia) |
|---|---|
{table}

Los partidos del simulacro (Partido Ficticio del Amanecer, del Río, de la Montaña y del Valle)
y sus plataformas son inventados.
""",
    )


def pages_to_seed(drill: ElectoralProcess) -> dict[str, ContentInput]:
    facts = _facts()
    return {
        "que-hace-un-ayuntamiento": _council_page(),
        "que-hace-una-diputacion-local": _legislature_page(facts),
        "como-votar": _voting_page(),
        "veda-electoral": _veda_page(),
        "como-funciona-decideieem": _platform_page(),
        "preguntas-frecuentes": _faq_page(),
        privacy_notice.SLUG: privacy_notice.privacy_notice_page(),
        "2021-ord-calendario": _calendar_2021_page(facts),
        f"{drill.id}-calendario": _calendar_drill_page(drill),
    }


def _same(version: ContentVersion, page: ContentInput) -> bool:
    return (
        version.title == page.title
        and version.summary == page.summary
        and version.body_markdown == page.body_markdown
        and version.status == page.status
        and version.process_id == page.process_id
        and version.sources == page.sources
        and version.position == page.position
    )


# drill platforms -------------------------------------------------------------------------------
@dataclass(frozen=True)
class DrillPlatform:
    contender_id: str
    title: str
    summary: str
    commitments: list[tuple[Topic, str]]


DRILL_PLATFORMS = [
    DrillPlatform(
        "pfa",
        "Amanecer para todas las colonias (plataforma ficticia)",
        "Plataforma ficticia del simulacro. Prioriza el agua, la seguridad en las calles y el empleo juvenil.",
        [
            (Topic.AGUA, "Revisar y reparar las fugas de la red de agua potable en el primer año."),
            (Topic.AGUA, "Instalar sistemas de captación de lluvia en escuelas y centros de salud."),
            (Topic.SEGURIDAD, "Iluminar los caminos a paraderos y escuelas con luminarias LED."),
            (Topic.EMPLEO, "Crear una bolsa de trabajo municipal con prácticas para jóvenes."),
            (Topic.TRANSPARENCIA, "Publicar cada mes los gastos del ayuntamiento en datos abiertos."),
        ],
    ),
    DrillPlatform(
        "pfr",
        "Un río limpio, una ciudad que se mueve (plataforma ficticia)",
        "Plataforma ficticia del simulacro. Se centra en el medio ambiente, la movilidad y la salud.",
        [
            (Topic.MEDIO_AMBIENTE, "Sanear el cauce del río y prohibir descargas de drenaje sin tratar."),
            (Topic.MOVILIDAD, "Construir ciclovías protegidas entre las colonias y el centro."),
            (Topic.AGUA, "Construir una planta de tratamiento para reutilizar agua en riego de parques."),
            (Topic.SALUD, "Abrir consultorios vespertinos en los centros de salud de mayor demanda."),
        ],
    ),
    DrillPlatform(
        "pfm",
        "Montaña de oportunidades (plataforma ficticia)",
        "Plataforma ficticia del simulacro. Propone vivienda, educación y desarrollo económico local.",
        [
            (Topic.VIVIENDA, "Regularizar la tenencia de la tierra en colonias con más de diez años."),
            (Topic.EDUCACION, "Dar mantenimiento a los sanitarios y techos de todas las escuelas públicas."),
            (Topic.DESARROLLO_ECONOMICO, "Abrir un mercado de productores locales cada fin de semana."),
            (Topic.AGUA, "Garantizar pipas de agua gratuitas y con horario publicado en colonias sin red."),
        ],
    ),
    DrillPlatform(
        "pfv",
        "Valle con igualdad (plataforma ficticia)",
        "Plataforma ficticia del simulacro. Enfoque en igualdad de género, cultura y deporte, y servicios.",
        [
            (Topic.IGUALDAD_GENERO, "Abrir un centro de atención para mujeres con asesoría legal gratuita."),
            (Topic.CULTURA_DEPORTE, "Rehabilitar unidades deportivas y abrirlas hasta las 22:00."),
            (Topic.SERVICIOS_PUBLICOS, "Recolectar basura con rutas y horarios publicados por colonia."),
            (Topic.SEGURIDAD, "Crear comités vecinales de seguridad con reuniones mensuales con la policía."),
        ],
    ),
    DrillPlatform(
        "pfr-pfm",
        "Coalición Río y Montaña: agenda común (plataforma ficticia)",
        "Plataforma ficticia del simulacro con los compromisos comunes de la coalición.",
        [
            (Topic.AGUA, "Medir y publicar la calidad del agua de cada colonia cada trimestre."),
            (Topic.MOVILIDAD, "Ordenar las rutas de transporte público con paradas fijas y techadas."),
            (Topic.TRANSPARENCIA, "Transmitir en vivo todas las sesiones de cabildo."),
        ],
    ),
]


def _drill_platforms(drill: ElectoralProcess, now: datetime) -> list[Platform]:
    return [
        Platform(
            process_id=drill.id,
            contender_id=p.contender_id,
            title=p.title,
            summary=p.summary,
            document_url=None,
            commitments=[Commitment(topic=t, text=text) for t, text in p.commitments],
            fictional=True,
            loaded_by=LoadedBy.INSTITUTE,
            updated_by=SEED_AUTHOR.user_id,
            updated_at=now,
        )
        for p in DRILL_PLATFORMS
    ]


def seed_civic(elections: ElectionStore, drill: ElectoralProcess, now: datetime | None = None) -> int:
    """Write the pages and the drill platforms; returns how many pages and platforms were written."""
    now = now or datetime.now(UTC)
    civic = CivicStore(elections.table)
    written = 0
    for slug, page in pages_to_seed(drill).items():
        latest = civic.get_latest_content(slug)
        if latest is not None and (latest.author.user_id != SEED_AUTHOR.user_id or _same(latest, page)):
            continue
        page = page.model_copy(update={"change_note": "Contenido inicial de DecideIEEM"})
        pages.save_page(civic, elections, slug, page, SEED_AUTHOR, now)
        written += 1
    existing = civic.get_platforms(drill.id, [p.contender_id for p in DRILL_PLATFORMS])
    fresh = [
        p
        for p in _drill_platforms(drill, now)
        if p.contender_id not in existing or existing[p.contender_id].updated_by == SEED_AUTHOR.user_id
    ]
    fresh = [
        p
        for p in fresh
        if p.contender_id not in existing
        or existing[p.contender_id].model_dump(exclude={"updated_at"}) != p.model_dump(exclude={"updated_at"})
    ]
    if fresh:
        written += civic.save_platforms(fresh)
    return written
