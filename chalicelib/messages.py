"""Every text a person reads from the API, in es-MX, from one catalogue.

Keys are stable codes; `text(code, **params)` formats the message. Code and docs stay English.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

ES_MX: dict[str, str] = {
    # lookups
    "section_not_found": (
        "No encontramos la sección {section}. El número de sección está al frente de tu "
        "credencial para votar, junto a la palabra «SECCIÓN» (hasta cuatro dígitos). "
        "Si tu credencial es reciente, tu sección puede ser nueva y aún no estar en el mapa {section_map}."
    ),
    "municipality_not_found": (
        "No existe el municipio {municipality}. Usa el número del IEEM (001 a 125); "
        "la lista está en /v1/municipalities."
    ),
    "district_not_found": (
        "No existe el distrito local {district} en el mapa {section_map}. La lista está en /v1/districts."
    ),
    "process_not_found": "No existe el proceso electoral «{process}». La lista está en /v1/processes.",
    "section_map_not_found": "No existe el mapa de secciones «{section_map}».",
    "ballot_not_found": "No existe la elección «{ballot}».",
    "candidacy_not_found": "No existe la candidatura «{candidacy}».",
    "no_process_in_course": "No hay procesos electorales en curso en este momento.",
    "section_outside_map": "La sección {section} no aparece en el mapa de secciones de este proceso.",
    "outside_scope": "Este proceso no incluye elecciones donde votas.",
    "section_without_municipality": (
        "La fuente del mapa de secciones no asigna municipio a la sección {section}; "
        "solo mostramos la diputación local."
    ),
    "section_unassigned": (
        "La fuente del mapa de secciones no asigna municipio ni distrito a la sección {section}; "
        "busca por municipio o distrito."
    ),
    "lookup_one_criterion": "Indica exactamente uno de: section, municipality o district.",
    # registry status of a ballot
    "registry_not_published_here": (
        "El registro oficial de candidaturas de esta elección no está publicado en esta plataforma."
    ),
    "registry_pending": "El registro de candidaturas se publicará el {date}.",
    # phases
    "phase.preparation": "preparación",
    "phase.registration": "registro de candidaturas",
    "phase.campaign": "campañas",
    "phase.veda": "veda electoral",
    "phase.election_day": "jornada electoral",
    "phase.results": "resultados",
    "phase.closed": "proceso concluido",
    "phase.until": "hasta el {when}",
    "phase.no_end": "sin fecha de término",
    "phase_closed.submit_proposal": (
        "«{process}» está en la etapa de {phase} ({until}); en esta etapa no se reciben propuestas."
    ),
    "phase_closed.support_proposal": (
        "«{process}» está en la etapa de {phase} ({until}); en esta etapa no se pueden apoyar propuestas."
    ),
    "phase_closed.party_publish": (
        "«{process}» está en la etapa de {phase} ({until}); los partidos solo pueden publicar durante las campañas."
    ),
    # proposals
    "proposal.unknown_ballot": "No existe la elección «{ballot}».",
    "proposal.ballot_annulled": "Esta elección fue anulada; consulta la elección extraordinaria que la reemplaza.",
    "proposal.unknown_contender": "Estas candidaturas no compiten en esta elección: {unknown}.",
    "proposal.no_contenders": "Esta elección no tiene candidaturas registradas a quienes dirigir la propuesta.",
    "proposal.near_duplicate": (
        "Ya enviaste una propuesta muy parecida. Puedes apoyarla o esperar las respuestas en lugar de repetirla."
    ),
    "proposal.daily_quota": "Llegaste al límite de {limit} propuestas por día. Podrás enviar más mañana.",
    "proposal.published": "Tu propuesta fue publicada y enviada a las candidaturas.",
    "proposal.held": (
        "Tu propuesta quedó en revisión: el equipo de moderación la revisará antes de publicarla. "
        "Te avisaremos por correo."
    ),
    "proposal.anonymous_author": "Persona ciudadana",
    "proposal.not_found": "No existe la propuesta «{proposal}» o no está publicada.",
    "proposal.own_support": "No puedes apoyar tu propia propuesta.",
    "proposal.already_supported": "Ya apoyas esta propuesta.",
    "proposal.not_supported": "No apoyabas esta propuesta.",
    "proposal.not_addressed": "Esta propuesta no está dirigida a tu partido o candidatura.",
    "proposal.reason_mismatch": "El motivo no corresponde a la acción; usa uno de: {valid}.",
    "proposal.already_decided": "Esta propuesta ya fue revisada.",
    "proposal.state_changed": "La propuesta cambió mientras la editabas; vuelve a cargarla.",
    "proposal.idempotency_reused": "La clave Idempotency-Key ya se usó con otra propuesta.",
    "proposal.in_progress": "Tu propuesta se está procesando; espera unos segundos antes de reintentar.",
    "proposal.invalid_cursor": "El cursor de paginación no es válido.",
    # emails (subject / greeting / body lines; the {named} values are escaped in HTML)
    "email.footer": (
        "DecideIEEM es un puente neutral del Instituto Electoral del Estado de México entre la ciudadanía "
        "y las candidaturas."
    ),
    "email.drill_notice": "Simulacro: este mensaje es parte de un ejercicio con datos ficticios.",
    "email.party_proposal.subject": "Nueva propuesta ciudadana: {title}",
    "email.party_proposal.intro": "{contender} recibió una propuesta ciudadana para la elección de {place} ({topic}).",
    "email.party_proposal.action": "Léela y responde en público desde tu bandeja:",
    "email.party_digest.subject": "Resumen diario: {count} propuestas ciudadanas nuevas",
    "email.party_digest.intro": "{contender} recibió {count} propuestas ciudadanas:",
    "email.citizen_approved.subject": "Tu propuesta fue publicada: {title}",
    "email.citizen_approved.intro": (
        "El equipo de moderación revisó tu propuesta y la publicó. Ya la recibieron las candidaturas."
    ),
    "email.citizen_rejected.subject": "Tu propuesta no fue publicada: {title}",
    "email.citizen_rejected.intro": "El equipo de moderación revisó tu propuesta y no la publicó. Motivo: {reason}.",
    "email.citizen_response.subject": "{contender} respondió a la propuesta «{title}»",
    "email.citizen_response.intro": "{contender} publicó una respuesta ({stance}) a una propuesta que {relation}:",
    "email.relation.author": "enviaste",
    "email.relation.supporter": "apoyas",
    "email.open_link": "Ver en DecideIEEM:",
    "email.address_failing.subject": "Dirección de avisos con fallas: {contender}",
    "email.address_failing.intro": (
        "Los correos a {address}, dirección de avisos de {contender} en «{process}», {what}. "
        "Dejamos de enviarle avisos hasta que el partido la corrija en su portal."
    ),
    "email.address_failing.bounce": "rebotan de forma permanente",
    "email.address_failing.complaint": "fueron marcados como spam por quien los recibe",
    "stance.commit": "se compromete",
    "stance.decline": "no se compromete",
    "stance.comment": "comentario",
    "reason.datos_personales": "contiene datos personales",
    "reason.lenguaje_ofensivo": "contiene lenguaje ofensivo",
    "reason.propaganda_electoral": "es propaganda electoral",
    "reason.fuera_de_tema": "no trata de un problema público local",
    "reason.duplicada": "repite otra propuesta",
    "reason.spam": "es publicidad o contenido repetitivo",
    "reason.contenido_ilegal": "contiene contenido ilegal",
    # authentication and authorization
    "auth.missing": "Inicia sesión para continuar.",
    "auth.invalid_token": "Tu sesión no es válida. Vuelve a iniciar sesión.",
    "auth.expired": "Tu sesión expiró. Vuelve a iniciar sesión.",
    "auth.keys_unavailable": "No pudimos verificar tu sesión; intenta de nuevo en unos minutos.",
    "auth.forbidden": "Tu cuenta no tiene permiso para esta acción.",
    # accounts
    "account.email_invalid": "Escribe un correo electrónico válido, por ejemplo nombre@dominio.mx.",
    "account.name_invalid": "El nombre no puede contener caracteres de control ni caracteres invisibles.",
    "account.code_format": "El código tiene 6 dígitos; cópialo del correo que te enviamos.",
    "account.password_length": "La contraseña debe tener entre {min} y {max} caracteres.",
    "account.password_spaces": "La contraseña no puede empezar ni terminar con espacios.",
    "account.exists": (
        "Ya existe una cuenta con este correo. Inicia sesión o, si aún no la confirmas, pide un código nuevo."
    ),
    "account.weak_password": (
        "La contraseña no es segura: usa al menos 10 caracteres, con letras minúsculas y números."
    ),
    "account.invalid_credentials": "El correo o la contraseña no son correctos.",
    "account.invalid_refresh": "Tu sesión expiró. Vuelve a iniciar sesión.",
    "account.not_confirmed": (
        "Tu cuenta aún no está confirmada. Escribe el código de 6 dígitos que te enviamos por correo o pide uno nuevo."
    ),
    "account.login_challenge": (
        "Tu cuenta necesita un paso adicional que esta aplicación no ofrece; comunícate con el IEEM."
    ),
    "account.already_confirmed": "Tu cuenta ya está confirmada; inicia sesión.",
    "account.invalid_code": "El código no es correcto.",
    "account.invalid_code_remaining": "El código no es correcto. Te quedan {remaining} intentos.",
    "account.code_expired": "Este código ya no es válido. Pide un código nuevo.",
    "account.too_many_attempts": "Escribiste un código incorrecto demasiadas veces. Pide un código nuevo.",
    "account.resend_too_soon": "Acabamos de enviarte un código. Espera {seconds} segundos para pedir otro.",
    "account.throttled": "Hay demasiadas solicitudes en este momento; espera un poco e intenta de nuevo.",
    "account.unavailable": "El servicio de cuentas no está disponible; intenta de nuevo en unos minutos.",
    "account.mail_failed_signup": (
        "Creamos tu cuenta, pero no pudimos enviarte el código. Pide un código nuevo en unos minutos."
    ),
    "account.mail_failed": "No pudimos enviarte el código; intenta de nuevo en unos minutos.",
    "account.signup_done": "Te enviamos un código de 6 dígitos a {email}. Escríbelo para confirmar tu cuenta.",
    "account.code_sent": ("Si hay una cuenta pendiente de confirmar con este correo, te enviamos un código nuevo."),
    "account.confirmed": "Tu cuenta está confirmada. Ya puedes iniciar sesión.",
    # account recovery, change of password, invitations (issue 13)
    "account.code_not_accepted": (
        "El código no es válido: puede estar mal escrito, haber vencido o haber sido reemplazado por "
        "uno más reciente. Revisa el último correo que te enviamos o pide un código nuevo."
    ),
    "account.attempts_wait": (
        "Hubo demasiados intentos con este correo desde aquí. Espera {seconds} segundos e intenta de nuevo."
    ),
    "account.signup_received": (
        "Si el correo {email} puede usarse, te enviamos un código de 6 dígitos para confirmar tu cuenta. "
        "Revisa tu bandeja de entrada (y la de correo no deseado)."
    ),
    "account.reset_code_sent": (
        "Si hay una cuenta con este correo, te enviamos un código para elegir una contraseña nueva."
    ),
    "account.password_reset": "Tu contraseña nueva quedó guardada. Ya puedes iniciar sesión con ella.",
    "account.password_changed": "Tu contraseña cambió y cerramos todas tus sesiones. Entra con tu contraseña nueva.",
    "account.password_change_required": (
        "Tu cuenta tiene una contraseña temporal: elige una contraseña nueva para continuar."
    ),
    "account.wrong_current_password": "La contraseña actual no es correcta.",
    "moderation.decided_by": "Moderación del IEEM",
    "account.privacy_notice_changed": (
        "El aviso de privacidad cambió mientras creabas tu cuenta. Léelo de nuevo y acéptalo para continuar."
    ),
    "account.same_password": "La contraseña nueva debe ser distinta de la actual.",
    "email.signup_existing.subject": "Alguien intentó registrarse con tu correo en DecideIEEM",
    "email.signup_existing.text": (
        "Hola:\n\n"
        "Alguien pidió crear una cuenta de DecideIEEM con este correo, pero ya tienes una.\n\n"
        "Si fuiste tú, inicia sesión en {site}; si olvidaste tu contraseña, elige una nueva en {reset}.\n\n"
        "Si no fuiste tú, ignora este correo: tu cuenta no cambió.\n\n"
        "DecideIEEM · Instituto Electoral del Estado de México"
    ),
    "email.reset.subject": "Tu código para elegir una contraseña nueva en DecideIEEM",
    "email.reset.text": (
        "Hola, {name}:\n\n"
        "Tu código para elegir una contraseña nueva en DecideIEEM es:\n\n"
        "    {verification_code}\n\n"
        "Escríbelo en {site} en las próximas {hours} horas.\n\n"
        "Si no fuiste tú, ignora este correo: tu contraseña no cambia sin el código.\n\n"
        "DecideIEEM · Instituto Electoral del Estado de México"
    ),
    "email.reset.html": (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        "<title>Elige una contraseña nueva en DecideIEEM</title></head>"
        '<body style="font-family: sans-serif; line-height: 1.5; color: #222;">'
        "<p>Hola, {name}:</p>"
        "<p>Tu código para elegir una contraseña nueva en DecideIEEM es:</p>"
        '<p style="font-size: 2em; font-weight: bold; letter-spacing: 0.2em;">{verification_code}</p>'
        '<p>Escríbelo en <a href="{site}">{site}</a> en las próximas {hours} horas.</p>'
        "<p>Si no fuiste tú, ignora este correo: tu contraseña no cambia sin el código.</p>"
        "<p>DecideIEEM · Instituto Electoral del Estado de México</p>"
        "</body></html>"
    ),
    "email.party_invitation.code": (
        "Usuario: {email}\nCódigo para elegir tu contraseña: {verification_code} (vale {hours} horas, una sola vez)"
    ),
    "email.party_invitation.first_password": (
        "Abre {reset}, escribe tu correo, este código y la contraseña que elijas; después inicia sesión en "
        "{site}. Nadie del IEEM te pedirá tu contraseña. Si no esperabas este correo, ignóralo y avisa al IEEM."
    ),
    # account emails (the HTML variant receives escaped parameters)
    "email.verification.subject": "Confirma tu cuenta de DecideIEEM",
    "email.verification.text": (
        "Hola, {name}:\n\n"
        "Tu código para confirmar tu cuenta de DecideIEEM es:\n\n"
        "    {verification_code}\n\n"
        "Escríbelo en {site} en las próximas {hours} horas.\n\n"
        "Si no fuiste tú, ignora este correo: sin el código nadie puede confirmar la cuenta.\n\n"
        "DecideIEEM · Instituto Electoral del Estado de México"
    ),
    "email.verification.html": (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8">'
        "<title>Confirma tu cuenta de DecideIEEM</title></head>"
        '<body style="font-family: sans-serif; line-height: 1.5; color: #222;">'
        "<p>Hola, {name}:</p>"
        "<p>Tu código para confirmar tu cuenta de DecideIEEM es:</p>"
        '<p style="font-size: 2em; font-weight: bold; letter-spacing: 0.2em;">{verification_code}</p>'
        '<p>Escríbelo en <a href="{site}">{site}</a> en las próximas {hours} horas.</p>'
        "<p>Si no fuiste tú, ignora este correo: sin el código nadie puede confirmar la cuenta.</p>"
        "<p>DecideIEEM · Instituto Electoral del Estado de México</p>"
        "</body></html>"
    ),
    # civic information: content pages
    "content_not_found": "No existe la página «{slug}» o todavía no está publicada.",
    "content_version_conflict": (
        "La página «{slug}» cambió mientras la editabas (partiste de la versión {base}; la más reciente es la "
        "{latest}). Vuelve a cargarla y aplica tus cambios."
    ),
    # civic information: party platforms
    "platform.published": "publicada",
    "platform.not_published": "no publicada",
    "platform.drill_notice": "Simulacro: partidos y plataformas ficticios, escritos para practicar.",
    "platform.none_published": (
        "Ningún partido ni coalición ha publicado su plataforma en esta plataforma para este proceso."
    ),
    "platform.no_party": "Tu cuenta de partido no tiene un partido asignado; pide al IEEM que lo revise.",
    "platform.party_not_in_process": "Tu partido no participa en «{process}».",
    "platform.not_yours": "Solo puedes editar la plataforma de tu partido o de una coalición a la que pertenece.",
    "contender_not_found": "No existe el partido, coalición o candidatura «{contender}» en «{process}».",
    "phase_closed.institute_platform": (
        "«{process}» está en la etapa de {phase} ({until}); durante la veda y la jornada electoral "
        "las plataformas no se modifican."
    ),
    # civic information: the calendar
    "milestone.process_start": "Inicio del proceso electoral",
    "milestone.registration_start": "Registro de candidaturas",
    "milestone.campaign_start": "Campañas",
    "milestone.veda_start": "Veda electoral",
    "milestone.election_day": "Jornada electoral",
    "milestone.polls_close": "Cierre de casillas",
    "milestone.closes_at": "Cierre del proceso en la plataforma",
    "milestone.process_start.about": "Comienza el proceso electoral.",
    "milestone.registration_start.about": (
        "Partidos, coaliciones y candidaturas independientes registran sus candidaturas. "
        "Desde ahora puedes enviar propuestas en esta plataforma."
    ),
    "milestone.campaign_start.about": (
        "Empiezan las campañas. Los partidos publican sus plataformas y responden propuestas en esta plataforma."
    ),
    "milestone.veda_start.about": (
        "Terminan las campañas. Hasta el cierre de casillas ({close} h del día de la elección) no hay actos de "
        "campaña, propaganda ni publicación de encuestas; aquí lo que publican los partidos queda congelado."
    ),
    "milestone.election_day.about": (
        "Día de votar. Las casillas abren a las 8:00 y cierran a las {close} h (hora del centro de México). "
        "Lleva tu credencial para votar vigente."
    ),
    "milestone.polls_close.about": (
        "Cierran las casillas y empieza el conteo de votos. Desde este momento se pueden difundir "
        "encuestas de salida y conteos rápidos."
    ),
    "milestone.closes_at.about": (
        "La plataforma da por concluido el proceso; la información sigue disponible para consulta."
    ),
    "milestone.not_available": "Fecha no disponible en las fuentes consultadas.",
    "calendar.feed_name": "{process} · DecideIEEM",
    "calendar.feed_description": "Fechas del proceso electoral según el calendario publicado en DecideIEEM.",
    "calendar.feed_description_drill": "Simulacro: proceso y fechas ficticios para practicar en DecideIEEM.",
    "calendar.drill_prefix": "[Simulacro] ",
    "calendar.category": "Proceso electoral",
    # calendar validation (the field is named in the error)
    "calendar.order": "Esta fecha debe ser posterior a {previous}.",
    "calendar.polls_close_day": "El cierre de casillas debe ser el día de la elección (election_day).",
    "calendar.veda_rule": (
        "La veda empieza a las 00:00 tres días antes de la elección ({expected}); si la ley del proceso "
        "dice otra cosa, explica el motivo en veda_override_reason."
    ),
    # party portal: profiles, inbox, settings
    "profile.not_yours": "Solo puedes editar las candidaturas de tu partido o de una coalición a la que pertenece.",
    "profile.conflict": "El perfil cambió mientras lo editabas; vuelve a cargarlo y aplica tus cambios.",
    "profile.photo_url": (
        "La foto debe subirse con /photo-upload de esta candidatura; su enlace empieza con {prefix}."
    ),
    "party.not_yours": "Tu cuenta no representa a ese partido, coalición o candidatura en «{process}».",
    # administration
    "admin.process_exists": "Ya existe el proceso «{process}»; para cambiarlo usa PUT /v1/admin/processes/{process}.",
    "admin.replacement_kept": "Una elección reemplazada no deja de estarlo: {ballots}.",
    "admin.unknown_municipalities": "Estos municipios no existen: {codes}.",
    "admin.unknown_districts": "Estos distritos no existen en el mapa {section_map}: {numbers}.",
    "admin.replacement_scope": "El lugar de la elección {ballot} debe estar en el ámbito (scope) del proceso.",
    "admin.already_replaced": "La elección {ballot} ya fue reemplazada por otra elección extraordinaria.",
    "admin.registry_pending_undated": "El registro de candidaturas aún no se publica; la fecha se anunciará.",
    "admin.concurrent_edit": "Alguien más cambió estos datos mientras los editabas; vuelve a cargarlos.",
    "admin.coalition_members": "Una coalición agrupa al menos dos partidos del proceso; no lo son: {unknown}.",
    "admin.members_only": "Solo una coalición o candidatura común tiene partidos integrantes (members).",
    "admin.invitation_sent": "Creamos la cuenta y enviamos la invitación a {email}.",
    "admin.invitation_failed": (
        "Creamos la cuenta, pero no pudimos enviar la invitación a {email}; inténtalo más tarde desde el IEEM."
    ),
    "candidacy.substituted_note": "Sustitución del {date}: {changes}.",
    "candidacy.substituted_owner": "{new} sustituye a {old} como propietaria o propietario",
    "candidacy.substituted_substitute": "{new} sustituye a {old} como suplente",
    "candidacy.cancelled_note": "Candidatura cancelada: {reason}",
    "email.party_invitation.subject": "Tu cuenta de partido en DecideIEEM",
    "email.party_invitation.greeting": "Hola, {name}:",
    "email.party_invitation.intro": (
        "El Instituto Electoral del Estado de México creó tu cuenta para representar a «{party}» en "
        "DecideIEEM durante «{process}». Con ella publicas los perfiles de tus candidaturas, recibes las "
        "propuestas ciudadanas y las respondes en público."
    ),
    "email.party_invitation.credentials": "Usuario: {email}\nContraseña temporal: {password}",
    "email.party_invitation.steps": (
        "Inicia sesión en {site} y guarda esta contraseña en un lugar seguro; no la compartas. "
        "Si no esperabas este correo, avisa al IEEM."
    ),
    # voting advice ("Orientación del voto")
    "advice.not_found": "«{process}» no tiene orientación del voto.",
    "advice.stance.agree": "De acuerdo",
    "advice.stance.neutral": "Neutral",
    "advice.stance.disagree": "En desacuerdo",
    "advice.no_answer": "No respondió",
    "advice.status.pending": "Las posturas de todas las candidaturas se publicarán a la vez el {when}.",
    "advice.status.published": "Posturas publicadas el {when}, todas a la vez.",
    "advice.notice": (
        "Esta orientación no es una recomendación de voto: compara tus respuestas con las posturas que "
        "cada contendiente declaró por sí mismo. Tus respuestas no salen de tu dispositivo."
    ),
    "advice.drill_notice": "Simulacro: afirmaciones y posturas ficticias, escritas para practicar.",
    "advice.method": (
        "Por cada afirmación que respondes: 2 puntos si la postura del contendiente es igual a la tuya, "
        "1 punto si una de las dos es neutral y la otra no, 0 si son opuestas o si no respondió. "
        "Las afirmaciones que marcas como importantes valen el doble; las que saltas no cuentan. "
        "La coincidencia es el porcentaje de los puntos posibles, con el número de afirmaciones contadas."
    ),
    "advice.locked": (
        "El periodo de posturas de «{process}» abrió el {opens}; las afirmaciones y las fechas ya no se pueden cambiar."
    ),
    "advice.close_before_open": "El cierre del periodo de posturas debe ser después de su apertura.",
    "advice.publish_before_close": "La publicación no puede ser antes del cierre del periodo de posturas.",
    "advice.close_after_veda": "El periodo de posturas debe cerrar antes de la veda ({veda}).",
    "advice.publish_after_veda": "Las posturas deben publicarse antes de la veda ({veda}).",
    "advice.unknown_proposal": "«{proposal}» no es una propuesta ciudadana publicada de «{process}».",
    "advice.no_party": "Tu cuenta de partido no tiene un partido asignado; pide al IEEM que lo revise.",
    "advice.party_not_in_process": "Tu partido no participa en «{process}».",
    "advice.not_yours": "Solo puedes registrar las posturas de tu partido o de una coalición a la que pertenece.",
    "advice.window_not_open": (
        "Las posturas de «{process}» se registran del {opens} al {closes}; el periodo todavía no abre."
    ),
    "advice.window_closed": (
        "El periodo para registrar posturas de «{process}» cerró el {closes}; las posturas quedaron fijas."
    ),
    "advice.unknown_statement": "No existe la afirmación {number}; este cuestionario tiene {count}.",
    "advice.duplicate_statement": "La afirmación {number} aparece más de una vez.",
    # the ballot and the law (issue 12): coalitions, common candidacies, real processes
    "party.coalition_settings_institute": (
        "Las direcciones de aviso de «{contender}» son de la coalición: solo las cambia el IEEM o el "
        "partido integrante que el IEEM designe."
    ),
    "platform.not_captured": "no se capturó en DecideIEEM",
    "milestone.process_start.extraordinary": "Resolución que da origen a la elección extraordinaria",
    "milestone.process_start.extraordinary.about": (
        "Fecha de la resolución judicial que anuló la elección ordinaria (ver notas y fuentes del proceso); "
        "la convocatoria y las campañas no aparecen en las fuentes consultadas."
    ),
    # registry and section-map imports: the reason of each refused row, as the report shows it
    "import_issue.missing_column": "Falta la columna «{column}» en el encabezado del archivo.",
    "import_issue.unknown_municipality": (
        "No existe el municipio «{municipality}»: usa el número del IEEM, de 1 a 125."
    ),
    "registry_issue.party_twice": (
        "El partido «{party}» ya aparece en esta elección en el renglón {line}: cada partido va en un "
        "solo recuadro de la boleta, solo o en una coalición."
    ),
    "registry_issue.numbering_missing": (
        "Un renglón de distrito indica su numeración (columna numeracion: {numbering}) o su cabecera "
        "(columna cabecera)."
    ),
    "registry_issue.numbering_other": (
        "Los distritos de este archivo usan la numeración «{declared}»; el mapa de secciones de este "
        "proceso usa «{numbering}»."
    ),
    "registry_issue.head_town": (
        "El distrito {number} de la numeración «{numbering}» no incluye «{head_town}»: los números de "
        "distrito del archivo parecen de otra numeración."
    ),
    "registry_issue.unknown_district": "El distrito «{district}» no está en el ámbito de este proceso.",
    "registry_issue.outside_scope": "El municipio {municipality} no está en el ámbito de este proceso.",
    "registry_issue.missing_owner": "Falta el nombre de la persona propietaria.",
    "registry_issue.missing_substitute": "Falta el nombre de la persona suplente.",
    "registry_issue.unknown_kind": (
        "No reconocemos el tipo de postulación «{kind}»: usa partido, coalición, candidatura común o independiente."
    ),
    "registry_issue.independent": (
        "Una candidatura independiente lleva la clave «indep» y el tipo de postulación «independiente»."
    ),
    "registry_issue.unknown_contender": (
        "No hay ningún partido, coalición o candidatura común con la clave «{contender}» en este proceso; "
        "agrégalo primero en Contendientes."
    ),
    "registry_issue.kind_mismatch": "«{contender}» está registrado como {actual}, no como {declared}.",
    "registry_issue.kind.party": "partido",
    "registry_issue.kind.coalition": "coalición",
    "registry_issue.kind.common_candidacy": "candidatura común",
    "registry_issue.kind.independent": "candidatura independiente",
    "registry_issue.slot_twice": (
        "«{contender}» ya tiene una fórmula en esta elección en el renglón {line}: solo va una por contendiente."
    ),
    "section_map_issue.not_a_section": "«{value}» no es un número de sección.",
    "section_map_issue.section_twice": "La sección {section} también está en el renglón {line}.",
    "section_map_issue.not_a_district": "«{value}» no es un número de distrito local.",
    "section_map_issue.no_sections": "El archivo no trae ninguna sección.",
    "admin.invitation_any_process": "DecideIEEM",
    "admin.contender_id": "La clave del contendiente lleva minúsculas, números y guiones (p. ej. pfa o pfa-pfr).",
    "admin.emblem_url": (
        "El emblema debe ser el archivo que acabas de subir para este contendiente; vuelve a elegir la imagen."
    ),
    "admin.notification_party_member": "El partido que cuida los avisos debe ser integrante de la coalición.",
    # request bodies
    "body.too_large": "El contenido enviado es demasiado grande.",
    "body.not_json": "El contenido debe enviarse como JSON (Content-Type: application/json).",
    "body.not_utf8": "El contenido no está codificado en UTF-8.",
    "body.invalid_json": "El contenido no es JSON válido.",
    # generic errors
    "invalid_request": "La solicitud tiene datos inválidos.",
    "internal_error": "Ocurrió un error inesperado. Intenta de nuevo en unos minutos.",
    "storage_unavailable": "El almacenamiento no está disponible; intenta de nuevo.",
    # field errors (pydantic error types)
    "field.missing": "Este campo es obligatorio.",
    "field.int_parsing": "Debe ser un número entero.",
    "field.int_type": "Debe ser un número entero.",
    "field.greater_than_equal": "Debe ser mayor o igual que {ge}.",
    "field.less_than_equal": "Debe ser menor o igual que {le}.",
    "field.string_pattern_mismatch": "El formato no es válido.",
    "field.string_too_long": "Es demasiado largo (máximo {max_length} caracteres).",
    "field.string_too_short": "Es demasiado corto (mínimo {min_length} caracteres).",
    "field.string_type": "Debe ser texto.",
    "field.extra_forbidden": "Este parámetro no se reconoce.",
    "field.enum": "Debe ser uno de: {expected}.",
    "field.invalid": "El valor no es válido.",
    "field.http_url": "Debe ser un enlace que empiece con https:// o http://.",
    # candidacy questionnaire (Conóceles) and its validation by the institute (issue 22)
    "questionnaire.email": "Escribe un correo público completo, por ejemplo contacto@ejemplo.mx.",
    "questionnaire.phone": "Escribe un teléfono público de 8 a 15 dígitos (puede llevar +, espacios o guiones).",
    "questionnaire.status_needs_level": (
        "Indica primero el grado máximo de estudios; el estatus se refiere a ese grado."
    ),
    "questionnaire.birth_date": (
        "Con esa fecha de nacimiento la persona no tendría entre 18 y 110 años el día de la elección."
    ),
    "questionnaire.age_mismatch": (
        "La edad no coincide con la fecha de nacimiento: el día de la elección tendrá {age} años."
    ),
    "questionnaire.max_proposals": "El cuestionario de este proceso admite a lo más {limit} propuestas principales.",
    "questionnaire.not_in_version": "Este campo no forma parte del cuestionario de este proceso.",
    "profile_status.none": "sin capturar",
    "profile_status.captured": "capturado",
    "profile_status.in_review": "en revisión",
    "profile_status.returned": "devuelto para corrección",
    "profile_status.published": "publicado",
    "profile_review.staff_only": "Solo el personal del IEEM revisa y publica los perfiles de las candidaturas.",
    "profile_review.cannot_edit": "El perfil está {state}: espera la decisión del IEEM antes de cambiarlo.",
    "profile_review.cannot_submit": "El perfil está {state}; solo se envía a revisión un perfil capturado o devuelto.",
    "profile_review.cannot_publish": "El perfil está {state}; solo se publica un perfil en revisión.",
    "profile_review.cannot_return": "El perfil está {state}; solo se devuelve un perfil en revisión.",
    "profile_review.cannot_read": "El perfil está {state}.",
    "profile_review.decision": "La decisión es published (publicar) o returned (devolver con un motivo).",
    "profile_review.reason_needed": (
        "Para devolver un perfil escribe el motivo (al menos 10 caracteres): el partido lo verá."
    ),
    # beyond the web: SMS lookup answers (written in GSM-7 on sending), the printable ballot sheet
    "sms.header": "DecideIEEM. Sección {section}.",
    "sms.process": "{label}, {phase} {until}:",
    "sms.process.drill": "SIMULACRO (ficticio)",
    "sms.process.ordinary": "Elección {year}",
    "sms.process.extraordinary": "Elección extraordinaria {year}",
    "sms.process.no_ballot": "Tu sección no vota en este proceso.",
    "sms.until": "hasta el {date}",
    "sms.until.short": "al {date}",
    "sms.office.ayuntamiento": "Ayuntamiento de {place}",
    "sms.office.ayuntamiento.short": "Ayto. {place}",
    "sms.office.diputacion": "Diputación local distrito {number}",
    "sms.office.diputacion.short": "Dto. {number}",
    "sms.ballot": "{title}: {contenders}.",
    "sms.ballot.annulled": "elección anulada (ver la extraordinaria)",
    "sms.ballot.not_published_here": "registro no publicado aquí",
    "sms.ballot.pending": "registro de candidaturas pendiente",
    "sms.independent": "Indep. {name}",
    "sms.unknown_name": "nombre no disponible",
    "sms.more": "+{count} más",
    "sms.cut": "(resumen)",
    "sms.see": "Ver: {link}",
    "sms.no_process": "No hay procesos electorales en curso ahora.",
    "sms.section_not_found": (
        "DecideIEEM: no encontramos la sección {section}. Es el número junto a SECCIÓN al frente de tu "
        "credencial para votar. Envía solo ese número, p. ej. 1234."
    ),
    "sms.help": (
        "DecideIEEM: envía el número de tu sección electoral (al frente de tu credencial para votar, "
        "junto a SECCIÓN), p. ej. 1234, y te respondemos quién compite donde votas. "
        "Solo contestamos tus mensajes. ALTO para no recibir más."
    ),
    "sms.stop": "DecideIEEM: no te enviaremos más mensajes. Si quieres volver a consultar, envía ALTA.",
    "sms.limit": (
        "DecideIEEM: llegaste al límite de {limit} consultas por hora. Intenta de nuevo más tarde o consulta {site}"
    ),
    "sheet.title": "Boleta informativa",
    "sheet.fictional": "SIMULACRO: partidos, personas y fechas ficticios.",
    "sheet.owner": "Propietaria(o): {name}",
    "sheet.substitute": "Suplente: {name}",
    "sheet.unknown": "no disponible",
    "sheet.coalition": "Coalición de {members}",
    "sheet.independent": "Candidatura independiente",
    "sheet.no_candidacies": "Sin candidaturas que mostrar: {why}",
    "sheet.phase": "Etapa actual: {phase}{until}.",
    "sheet.until": " hasta el {date}",
    "sheet.dates": "Inicio de campañas: {campaign}. Veda: desde {veda}. Jornada electoral: {election_day}.",
    "sheet.find_section": (
        "¿Cuál es tu sección? Es el número junto a la palabra SECCIÓN al frente de tu credencial para votar. "
        "Consulta tu boleta en {site}/s/<sección> o envía ese número por SMS."
    ),
    "sheet.qr": "Escanea para ver esta boleta en línea:",
    "sheet.order": "Candidaturas en el orden de la boleta.",
    "sheet.source": "Datos: {sources}. Hoja generada el {date} por DecideIEEM.",
    "sheet.not_given": "sin fecha",
    "saver.title": "Sección {section}: quién compite donde votas",
    "saver.place": "Municipio: {municipality}.",
    "saver.full_page": "Página completa de esta elección",
    "saver.sms": "Sin internet: envía el número de tu sección por SMS y te respondemos.",
    "saver.home": "Ir a DecideIEEM",
    # transparency log
    "log.busy": "El registro público está ocupado; el evento se anotará en el siguiente intento.",
    "log.integrity": "El registro público no puede dar esta prueba: faltan nodos guardados ({nodes}).",
    "log.no_tree_head": "El registro público aún no tiene una raíz firmada; vuelve en unos minutos.",
    "log.leaf_not_found": "Esa entrada no está en el registro público (o aún no se anota; espera unos segundos).",
    "log.size_beyond_log": "El registro público tiene {size} entradas; pide un tamaño menor o igual.",
    "log.leaf_beyond_size": "La entrada {index} no está en un árbol de {size} entradas.",
    "log.bad_leaf_hash": "La huella del comprobante son 64 caracteres hexadecimales (0-9, a-f).",
    "log.first_after_second": "El primer tamaño debe ser menor o igual que el segundo.",
    "email.log_receipt": (
        "Comprobante del registro público de tu propuesta (huella de la entrada): {leaf_hash}. "
        "Cualquiera puede verificar que está en el registro en la página «Verifica tu comprobante»."
    ),
    "log.signing_unavailable": "La llave que firma el registro público no está disponible; intenta de nuevo.",
    # election-day load (busy storage, deferred emails)
    "storage.busy": (
        "Hay mucha actividad en este momento y no pudimos guardar tu solicitud. "
        "No se guardó nada; intenta de nuevo en unos segundos."
    ),
    # control characters in text fields (issue 15)
    "field.single_line_control": (
        "El campo «{label}» debe ir en una sola línea: quita los saltos de línea, tabuladores "
        "y otros caracteres invisibles de control."
    ),
    "field.multi_line_control": (
        "El campo «{label}» solo admite saltos de línea normales: quita tabuladores, retornos de "
        "carro y otros caracteres invisibles de control."
    ),
    "field_label.title": "título",
    "field_label.problem": "problema",
    "field_label.proposed_action": "acción propuesta",
    "field_label.text": "texto",
    # the responsiveness board (issue 16) ------------------------------------------------------
    "responsiveness.too_few": "Muy pocas propuestas para medir (menos de {minimum} entregadas).",
    "responsiveness.ballot_of_another_process": "La elección «{ballot}» no es del proceso «{process}».",
    "responsiveness.order_note": (
        "En el orden de la boleta impresa (una coalición justo después de su primer partido integrante); "
        "no es una clasificación."
    ),
    "responsiveness.open_data_licence_drill": "Datos ficticios del simulacro de DecideIEEM",
    "responsiveness.method.delivered.figure": "Propuestas entregadas",
    "responsiveness.method.delivered.how": (
        "Propuestas publicadas dirigidas a la candidatura cuyo aviso por correo aceptó el servicio de correo "
        "(aviso inmediato o resumen diario) y no rebotó. Si la candidatura tiene varias direcciones, basta "
        "una que no rebote. Una propuesta sin aviso enviado todavía no cuenta."
    ),
    "responsiveness.method.bounced.figure": "Rebotadas (excluidas)",
    "responsiveness.method.bounced.how": (
        "Propuestas cuyos avisos rebotaron todos de forma permanente. No cuentan en ninguna otra cifra."
    ),
    "responsiveness.method.answered.figure": "Con respuesta",
    "responsiveness.method.answered.how": (
        "Propuestas entregadas con una respuesta pública de la candidatura: compromiso, rechazo o comentario, "
        "según la primera respuesta (editarla después no cambia la cifra)."
    ),
    "responsiveness.method.acknowledged.figure": "Solo acuse de recibo",
    "responsiveness.method.acknowledged.how": (
        "Propuestas entregadas de las que la candidatura solo registró que las recibió, sin responder. Se "
        "cuentan aparte y no suman como respuesta. «Sin respuesta registrada en la plataforma» son las "
        "entregadas sin respuesta ni acuse."
    ),
    "responsiveness.method.rate.figure": "Tasa de respuesta",
    "responsiveness.method.rate.how": "Con respuesta ÷ entregadas.",
    "responsiveness.method.interval.figure": "Intervalo de confianza del 95 %",
    "responsiveness.method.interval.how": (
        "Intervalo de puntuación de Wilson con z = 1.96: con p = respuestas/entregadas y n = entregadas, "
        "centro = (p + z²/2n) / (1 + z²/n) y semiancho = z·√(p(1−p)/n + z²/4n²) / (1 + z²/n)."
    ),
    "responsiveness.method.times.figure": "Tiempo hasta la primera respuesta (mediana y percentil 90)",
    "responsiveness.method.times.how": (
        "Desde la publicación de la propuesta (cuando llega a la bandeja de la candidatura) hasta su primera "
        "respuesta, de las propuestas entregadas con respuesta. Mediana: el valor central; con un número par "
        "de respuestas, el promedio de los dos centrales. Percentil 90: el menor tiempo con al menos el 90 % "
        "de las respuestas en él o antes (rango más cercano). Los tiempos se guardan al minuto durante el "
        "primer día, en tramos de 15 minutos hasta 7 días y de una hora hasta 90 días (el valor de un tramo "
        "es su inicio); un tiempo de 90 días o más se cuenta como 90 días."
    ),
    "responsiveness.method.minimum.figure": "Mínimo para medir",
    "responsiveness.method.minimum.how": (
        "Con menos de 10 propuestas entregadas no se da tasa, intervalo ni tiempos: «muy pocas propuestas "
        "para medir». Las cuentas sí se muestran."
    ),
    "responsiveness.method.order.figure": "Orden y actualización",
    "responsiveness.method.order.how": (
        "Las candidaturas van en el orden de la boleta impresa, nunca clasificadas; quien lee puede ordenar "
        "la tabla. Las cifras se actualizan en segundos a partir de los cambios registrados en la plataforma; "
        "son las mismas reglas para todas las candidaturas."
    ),
    "opendata.csv_formula_note": (
        "En los archivos CSV, una celda que empieza con =, +, -, @, tabulador o retorno de carro "
        "lleva un apóstrofo (') al inicio para que ninguna hoja de cálculo la ejecute como fórmula; "
        "el JSON conserva el texto exacto."
    ),
    # results and commitments followed through the term (issue 16) ---------------------------
    "results.before_count": (
        "«{process}» está en la etapa de {phase} ({until}); los resultados se cargan cuando cierran las casillas."
    ),
    "results.source_2021": (
        "Cómputos municipales del IEEM 2021, compilados en emagar/elecRetrns (datosBrutos/mex2021aymu.csv)"
    ),
    "results.derived_winner_2021": (
        "Planilla con más votos en el cómputo municipal (dato derivado por la fuente, no el resultado "
        "tras las impugnaciones)."
    ),
    "results.source_press": "Boletines del IEEM y notas de prensa (ver fuentes del proceso)",
    "results.nextlalpan_extraordinary": (
        "Según el IEEM, la planilla de Morena recibió la constancia de mayoría; las fuentes consultadas "
        "no dan los votos."
    ),
    "results.atlautla_extraordinary": (
        "El IEEM declaró la validez del cómputo; las fuentes consultadas no dan los votos ni la planilla "
        "ganadora: resultado desconocido."
    ),
    "commitments.status.not_started": "sin avance",
    "commitments.status.in_progress": "en proceso",
    "commitments.status.fulfilled": "cumplido",
    "commitments.status.partly_fulfilled": "cumplido en parte",
    "commitments.status.not_fulfilled": "no cumplido",
    "commitments.status.overdue": "vencido",
    "commitments.method.1": (
        "Cuando el IEEM carga los resultados, cada compromiso de la planilla ganadora se vuelve un "
        "seguimiento público: sus respuestas «me comprometo» a propuestas ciudadanas de ese municipio y "
        "los compromisos de su plataforma."
    ),
    "commitments.method.2": (
        "El estado lo informa el partido o coalición que gobierna, con una nota; «cumplido» y «cumplido en "
        "parte» exigen un enlace https a una fuente primaria (oficio, acta de cabildo, obra publicada)."
    ),
    "commitments.method.3": (
        "El IEEM no califica: solo revisa, como las propuestas, que las notas y los enlaces cumplan las "
        "reglas de publicación antes de mostrarlos."
    ),
    "commitments.method.4": (
        "Cada compromiso vence en la fecha que él mismo da o, si no da una, al terminar el periodo del "
        "ayuntamiento (31 de diciembre del tercer año); después de esa fecha, si no se informó cumplido, "
        "cumplido en parte o no cumplido, pasa a «vencido» automáticamente."
    ),
    "commitments.method.5": (
        "Cada persona con cuenta puede decir una sola vez si está de acuerdo o no con el estado informado; "
        "se muestran los dos conteos."
    ),
    "commitments.method.6": "Las mismas reglas y las mismas palabras valen para todos los partidos y coaliciones.",
    "commitments.platform_title": "Compromiso {n} de su plataforma",
    "commitments.none_yet": (
        "Aún no hay compromisos en seguimiento para esta elección: aparecen cuando se cargan los "
        "resultados y la planilla ganadora tenía compromisos."
    ),
    "commitments.not_found": "No encontramos ese compromiso.",
    "commitments.not_office_holder": (
        "Solo el partido o la coalición de la planilla ganadora puede informar el avance de este compromiso."
    ),
    "commitments.overdue_not_reportable": (
        "«Vencido» no se informa: lo pone la plataforma cuando pasa la fecha del compromiso."
    ),
    "commitments.evidence_required": (
        "Para informar «{status}» agrega en «enlace de evidencia» un enlace https a la fuente que lo muestra."
    ),
    "commitments.https_link": "El enlace de evidencia debe empezar con https:// y no llevar espacios.",
    "commitments.verdict_given": "Ya dijiste si estás de acuerdo con el estado de este compromiso.",
    "commitments.update_not_found": "No encontramos ese avance.",
    "commitments.update_decided": "Este avance ya fue revisado.",
    "commitments.decision_invalid": "La decisión debe ser «published» o «rejected».",
    "email.citizen_commitment.subject": "Tu propuesta «{title}» ahora es un compromiso en seguimiento",
    "email.citizen_commitment.intro": (
        "{contender} ganó la elección del ayuntamiento de {place} y se había comprometido con una propuesta "
        "que {relation}:"
    ),
    "email.citizen_commitment.follow": (
        "Desde hoy su avance se sigue en público en «¿Cumplieron?»: te avisaremos cada vez que informe un avance."
    ),
    "email.citizen_commitment_update.subject": "Avance informado ({status}): «{title}»",
    "email.citizen_commitment_update.intro": (
        "{contender} informó el estado «{status}» de su compromiso con una propuesta que {relation}:"
    ),
    "email.citizen_commitment_update.evidence": "Evidencia que cita: {url}",
    "email.citizen_commitment_update.verdict": (
        "El IEEM no califica el avance. En la página puedes decir si estás de acuerdo o no con el estado informado."
    ),
    # the election-day dashboard (issue 14) --------------------------------------------------
    "dashboard.runbook.dead_letters": "Una cola de errores (DLQ) no está vacía",
    "dashboard.runbook.bounces": "El correo de un partido rebota",
    "dashboard.runbook.veda": "Antes de la jornada: la veda y los avisos retenidos",
    "dashboard.runbook.capacity": "Plan de capacidad de la jornada electoral",
    "dashboard.runbook.deploy": "Despliegue y vuelta atrás",
    # staff and party pages (issue 14, second half)
    "account.disabled": "El IEEM desactivó esta cuenta. Si crees que es un error, comunícate con el Instituto.",
    "admin.party_user_not_found": "No encontramos esa cuenta de partido entre las invitadas por el IEEM.",
    "admin.party_user_disabled": "La cuenta {email} ya está desactivada.",
    "admin.party_user_disabled_now": "Desactivamos la cuenta {email}: ya no puede entrar y sus sesiones terminaron.",
    "admin.reinvitation_sent": "Enviamos una nueva invitación a {email}; el código anterior ya no sirve.",
    "admin.reinvitation_failed": "No pudimos enviar la nueva invitación a {email}; inténtalo más tarde.",
    "content_version_not_found": "La página «{slug}» no tiene la versión {version}.",
    "content.restored_note": "Restaurada la versión {version}.",
    "email.party_settings_link": "A qué direcciones y cómo llegan estos avisos (inmediatos o resumen diario):",
    # staff two factors (TOTP) and personal data (ARCO): issue 13, second round
    "auth.mfa_required": (
        "Para usar las funciones del personal del IEEM necesitas la verificación en dos pasos. "
        "Actívala en «Mi cuenta» › «Verificación en dos pasos» y vuelve a iniciar sesión con el código de tu app."
    ),
    "account.mfa_code_required": "Escribe el código de 6 dígitos que muestra tu app de autenticación.",
    "account.mfa_code_invalid": (
        "El código de tu app de autenticación no es correcto o ya caducó. Escribe el que se muestra ahora."
    ),
    "account.mfa_code_format": "El código tiene 6 dígitos, sin espacios.",
    "account.mfa_already_enrolled": (
        "Tu cuenta ya tiene activa la verificación en dos pasos. Si perdiste tu app, pide a la "
        "administración del IEEM que la restablezca."
    ),
    "account.mfa_setup_expired": "La activación tardó demasiado. Empieza de nuevo desde «Activar».",
    "account.mfa_enrolled": (
        "La verificación en dos pasos quedó activa. Cerramos tus sesiones: entra de nuevo con tu "
        "contraseña y el código de tu app."
    ),
    "account.mfa_wrong_password": "La contraseña no es correcta.",
    # ARCO: my data, deleting my account, retention (issue 13, third round)
    "account.deleted": "Esta cuenta se eliminó. Si quieres participar de nuevo, crea una cuenta nueva.",
    "account.deleted_author": "Cuenta eliminada",
    "account.anonymised_author": "Participante",
    "account.delete_password_missing": (
        "Escribe tu contraseña actual en «Contraseña actual» para confirmar que quieres eliminar tu cuenta."
    ),
    "account.delete_choice_missing": (
        "En «Tus propuestas publicadas» elige si se quedan como «Cuenta eliminada» o si se retiran."
    ),
    "account.deleted_done": (
        "Eliminamos tu cuenta y tus datos personales. Tus propuestas publicadas: {kept} conservadas como "
        "«Cuenta eliminada», {withdrawn} retiradas; {supports} apoyos quitados."
    ),
    "account.data_note.audit": (
        "El registro de auditoría conserva las acciones que hiciste (por ejemplo, retirar una propuesta) "
        "con tu identificador de cuenta, no con tu correo ni tu nombre, si eliminas tu cuenta."
    ),
    "account.data_note.codes": "De los códigos que te enviamos guardamos solo una huella cifrada, nunca el código.",
    "account.data_note.opposition": (
        "Para dejar de recibir correos (oposición), cambia tus avisos en la página de notificaciones."
    ),
    "admin.account_not_found": "No hay ninguna cuenta con el correo {email}.",
    "admin.mfa_reset": (
        "Se restableció la verificación en dos pasos de {email}: sus sesiones se cerraron y deberá activarla de nuevo."
    ),
    "email.mfa_reset.subject": "Se restableció tu verificación en dos pasos en DecideIEEM",
    "email.mfa_reset.text": (
        "La administración del IEEM restableció la verificación en dos pasos de tu cuenta y cerró tus "
        "sesiones.\n\nAl entrar de nuevo, actívala otra vez en «Mi cuenta»: {site}\n\n"
        "Si no lo pediste, avisa de inmediato a la administración del IEEM."
    ),
    # the proposal lifecycle: edit, withdraw, redact, ask for a change, report (issue 15)
    "field_label.note": "nota",
    "field_label.reason": "motivo",
    "proposal.not_yours": "No encontramos esa propuesta entre las tuyas.",
    "proposal.not_editable": (
        "Solo puedes editar o retirar una propuesta mientras espera revisión o si moderación te pidió "
        "un cambio; esta ya está {status}."
    ),
    "proposal.edited_published": "Guardamos tus cambios; tu propuesta fue publicada y enviada a las candidaturas.",
    "proposal.edited_held": (
        "Guardamos tus cambios. Tu propuesta espera la revisión del equipo de moderación antes de publicarse."
    ),
    "proposal.withdrawn": "Retiraste tu propuesta; no se publicará.",
    "proposal.own_report": "No puedes reportar tu propia propuesta.",
    "proposal.already_reported": "Ya reportaste esta propuesta; el equipo de moderación la revisará.",
    "proposal.reported": "Gracias. El equipo de moderación revisará la propuesta.",
    "proposal.redacted_mark": "Texto editado por moderación",
    "status.pending_review": "en revisión",
    "status.published": "publicada",
    "status.rejected": "rechazada",
    "status.changes_requested": "con un cambio pedido por moderación",
    "status.withdrawn": "retirada",
    "status.hidden": "oculta mientras se revisa",
    # why a proposal waits in the moderation queue (QueueReason)
    "queue_reason.personal_data": "Parece contener datos personales",
    "queue_reason.link": "Contiene enlaces",
    "queue_reason.abusive_language": "Puede contener lenguaje ofensivo",
    "queue_reason.premoderation": "Revisión previa del proceso",
    "queue_reason.reported": "Reportada por la ciudadanía",
    "queue_reason.edited": "Editada tras un cambio pedido",
    "moderation.action_not_allowed": "No se puede {action} una propuesta que está {status}.",
    "moderation.verb.publish": "publicar",
    "moderation.verb.reject": "rechazar",
    "moderation.verb.redact": "editar",
    "moderation.verb.request_changes": "pedir un cambio en",
    "moderation.redact_needs_text": (
        "Para editar el texto envía el título, el problema o la acción propuesta ya corregidos "
        "(con «[dato personal retirado]» en lugar del dato)."
    ),
    "moderation.redact_unchanged": "El texto enviado es igual al de la propuesta: no hay nada que editar.",
    "moderation.note_required": "Para pedir un cambio escribe en «nota» qué debe cambiar la persona autora.",
    "moderation.fields_only_for_redact": "El texto solo se envía al editar («redact»); quítalo para esta acción.",
    "email.citizen_rejected.next_step": (
        "Si corriges lo que se indica, puedes enviarla de nuevo como una propuesta nueva desde «Mis propuestas»."
    ),
    "email.citizen_redacted.intro": (
        "El equipo de moderación retiró datos personales de tu propuesta antes de publicarla; "
        "en su página se indica «Texto editado por moderación». Se editó: {fields}. Motivo: {reason}."
    ),
    "email.citizen_redacted.subject": "Editamos tu propuesta para proteger datos personales: {title}",
    "email.citizen_changes.subject": "Te pedimos un cambio en tu propuesta: {title}",
    "email.citizen_changes.intro": (
        "El equipo de moderación revisó tu propuesta y te pide un cambio antes de publicarla. Motivo: {reason}."
    ),
    "email.citizen_changes.next_step": ("Edítala desde «Mis propuestas» y envíala de nuevo; también puedes retirarla."),
    "email.citizen_hidden.subject": "Tu propuesta quedó oculta mientras se revisa: {title}",
    # plural forms: `plural(code, count)` picks `<code>.one` for 1 and `<code>.other` otherwise
    "email.party_digest.subject.one": "Resumen diario: {count} propuesta ciudadana nueva",
    "email.party_digest.subject.other": "Resumen diario: {count} propuestas ciudadanas nuevas",
    "email.party_digest.intro.one": "{contender} recibió {count} propuesta ciudadana:",
    "email.party_digest.intro.other": "{contender} recibió {count} propuestas ciudadanas:",
    "email.citizen_hidden.intro": (
        "Varias personas reportaron tu propuesta, así que quedó oculta mientras el equipo de moderación "
        "la revisa. Te avisaremos de lo que decida."
    ),
    # paged digests (issue 11): a large digest names the oldest proposals and counts the rest
    "email.party_digest.more.other": "…y {more} propuestas más: están todas en la bandeja del portal.",
    "email.party_digest.more.one": "…y {more} propuesta más: están todas en la bandeja del portal.",
    # headings inside emails (issue 15: problem and action never run together)
    "email.heading.problem": "El problema",
    "email.heading.proposed_action": "Lo que propone",
    "email.heading.reason": "Por qué",
    "email.heading.next_step": "Qué puedes hacer",
    # the way out of every notification email (RFC 8058 one-click, and the settings page)
    "email.citizen_settings_link": "Elige qué avisos recibes por correo:",
    "email.unsubscribe.own": "Dejar de recibir avisos sobre mis propuestas:",
    "email.unsubscribe.supported": "Dejar de recibir avisos de propuestas que apoyo:",
    "email.unsubscribe.party_proposals": "Dejar de recibir en esta dirección los avisos de propuestas:",
    "email.unsubscribe.party_profiles": "Dejar de recibir en esta dirección los avisos de perfiles devueltos:",
    "email.unsubscribe.identity": "No recibir más invitaciones al cuestionario de identidad:",
    "unsubscribe.topic.own": "los avisos sobre tus propuestas (su revisión, las respuestas y los compromisos)",
    "unsubscribe.topic.supported": "los avisos de respuestas y avances de propuestas que apoyas",
    "unsubscribe.topic.party_proposals": "los avisos de propuestas ciudadanas en esta dirección",
    "unsubscribe.topic.party_profiles": "los avisos de perfiles devueltos en esta dirección",
    "unsubscribe.topic.identity": "las invitaciones al cuestionario de identidad",
    "unsubscribe.page_title": "Dejar de recibir avisos de DecideIEEM",
    "unsubscribe.question": "¿Quieres dejar de recibir {what}?",
    "unsubscribe.button": "Sí, dejar de recibirlos",
    "unsubscribe.done": "Listo: ya no recibirás {what}.",
    "unsubscribe.settings_link": "Elegir qué avisos recibo",
    "unsubscribe.invalid": ("El enlace para dejar de recibir avisos no es válido: ábrelo tal como llegó en el correo."),
    "unsubscribe.expired": (
        "El enlace para dejar de recibir avisos caducó: usa el de un correo más reciente o tus ajustes."
    ),
    "unsubscribe.unavailable": (
        "Por ahora no es posible atender enlaces para dejar de recibir avisos; intenta más tarde."
    ),
    "unsubscribe.page": (
        '<!doctype html><html lang="es-MX"><head><meta charset="utf-8"><meta name="viewport" content="width=d'
        'evice-width, initial-scale=1"><title>{title}</title><style>body{{font-family:system-ui,sans-serif;ma'
        "x-width:36rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}}button{{font-size:1rem;"
        "padding:.6rem 1rem;background:#5a1a4a;color:#fff;border:0;border-radius:.3rem;cursor:pointer}}button"
        ":focus{{outline:3px solid #e0a000}}a{{color:#5a1a4a}}</style></head><body><main><h1>{title}</h1><p>{"
        'question}</p><form method="post" id="f"><input type="hidden" name="List-Unsubscribe" value="One-Clic'
        'k"><button type="submit">{button}</button></form><p role="status" id="s" data-done="{done}"></p><p><'
        'a href="{settings}">{settings_label}</a></p></main><script>document.getElementById("f").addEventList'
        'ener("submit",function(e){{e.preventDefault();fetch(location.href,{{method:"POST",headers:{{"Content'
        '-Type":"application/x-www-form-urlencoded"}},body:"List-Unsubscribe=One-Click"}}).then(function(r){{'
        'return r.json().then(function(b){{document.getElementById("s").textContent=r.ok?document.getElementB'
        'yId("s").dataset.done:(b.error&&b.error.message)||"Error";if(r.ok){{document.getElementById("f").hid'
        "den=true}}}})}})}});</script></body></html>"
    ),
    # party notification addresses confirmed by their owners (issue 15)
    "email.address_confirmation.subject": "Confirma tu dirección para los avisos de {contender} en DecideIEEM",
    "email.address_confirmation.intro": (
        "Alguien de {contender} escribió {address} como dirección de avisos de propuestas ciudadanas para {process}."
    ),
    "email.address_confirmation.action": (
        "Si es tu dirección y quieres recibir esos avisos, ábrela con el enlace de abajo y confirma. "
        "El enlace vale 7 días."
    ),
    "email.address_confirmation.ignore": "Si no esperabas este correo, ignóralo: no te llegará ningún aviso.",
    "email.address_pending.subject": "[Para el partido, dirección sin confirmar] {subject}",
    "email.address_pending.note.one": (
        "Este aviso es para {contender}: su dirección {addresses} aún no se confirma. "
        "Hazlo llegar al partido y recuérdale que confirme su dirección."
    ),
    "email.address_pending.note.other": (
        "Este aviso es para {contender}: sus direcciones {addresses} aún no se confirman. "
        "Hazlo llegar al partido y recuérdale que confirme sus direcciones."
    ),
    "address_link.button": "Sí, confirmar mi dirección",
    "address_link.done": "Listo: {address} quedó confirmada y recibirá los avisos.",
    "address_link.invalid": "El enlace de confirmación no es válido: ábrelo tal como llegó en el correo.",
    "address_link.expired": "El enlace de confirmación caducó: pide al partido que guarde la dirección de nuevo.",
    "address_link.removed": "La dirección {address} ya no está en los ajustes del partido: no hay nada que confirmar.",
    "address_link.unavailable": "Por ahora no es posible confirmar direcciones; intenta más tarde.",
    # open data built off the request path (issue 11)
    "opendata.not_built": (
        "El archivo de propuestas de este proceso todavía no está listo: se genera cada 10 minutos. "
        "Intenta de nuevo en unos minutos."
    ),
    # the candidate's identity consent through the emailed link (issue 22)
    "consent.party_cannot": (
        "El cuestionario de identidad lo responde la candidata o el candidato, con su consentimiento, "
        "por el enlace que recibe en su correo: el partido solo envía el enlace."
    ),
    "consent.email_needed": "Escribe el correo de la candidata o el candidato: el enlace llega ahí.",
    "consent.unavailable": "Los enlaces de consentimiento no están disponibles por ahora. Intenta más tarde.",
    "parameter.unavailable": "Por ahora no podemos preparar los enlaces del sitio; intenta de nuevo en unos minutos.",
    "consent.invalid": "Este enlace no es válido. Pide a tu partido que te envíe uno nuevo.",
    "consent.replaced": "Este enlace ya no es válido: se envió uno más reciente. Usa el último que recibiste.",
    "consent.expired": "Este enlace venció. Pide a tu partido que te envíe uno nuevo.",
    "consent.used": "Con este enlace ya se registró tu respuesta. Puedes retirar tu consentimiento desde aquí.",
    "consent.unknown_item": "Esta pregunta no forma parte del cuestionario de identidad.",
    "consent.text_changed": "El texto del consentimiento cambió: vuelve a cargar la página y léelo de nuevo.",
    "consent.text": (
        "El Instituto Electoral del Estado de México publica, junto al perfil de tu candidatura, solo las "
        "respuestas de las preguntas que marques con «Doy mi consentimiento». Las que no marques no se "
        "guardan. Las estadísticas muestran grupos de al menos 10 personas, nunca a una persona. Puedes "
        "retirar tu consentimiento cuando quieras con este mismo enlace: tus respuestas se borran del perfil "
        "público, de las estadísticas y del registro de cambios."
    ),
    "email.identity_invitation.subject": "Tu consentimiento para el cuestionario de identidad ({contender})",
    "email.identity_invitation.intro": (
        "{contender} registró este correo para tu candidatura en {place}. El cuestionario de identidad "
        "(Conóceles) es voluntario: tú decides, pregunta por pregunta, qué se publica."
    ),
    "email.identity_invitation.action": (
        "Abre el enlace para responder y dar tu consentimiento, o para retirarlo. Vence el {until}; no lo compartas."
    ),
    "email.profile_returned.subject": "El IEEM devolvió el perfil de {owner} para corrección",
    "email.profile_returned.intro": "El IEEM revisó el perfil de la candidatura de {owner} en {place} y lo devolvió.",
    "email.profile_returned.reason": "Motivo: {reason}",
    "email.profile_returned.action": "Corrige el perfil en el portal y envíalo de nuevo a revisión.",
    # open data column dictionaries (issue 18: every user-facing string in the catalogue)
    "opendata.column.candidacies.process_id": "Proceso electoral",
    "opendata.column.candidacies.ballot_id": "Elección (cargo y lugar), p. ej. 2021-ord.ayun.001",
    "opendata.column.candidacies.office": "Cargo: ayuntamiento o diputacion_mr",
    "opendata.column.candidacies.place_kind": "municipality o district",
    "opendata.column.candidacies.place_code": (
        "Número IEEM del municipio (3 dígitos) o del distrito local (2 dígitos; numeración del mapa de "
        "secciones del proceso: para los procesos sembrados, la del borrador INE 2016 «escenario 3», no la "
        "oficial)"
    ),
    "opendata.column.candidacies.place_name": "Nombre del municipio o distrito",
    "opendata.column.candidacies.ballot_status": "open o annulled",
    "opendata.column.candidacies.registry_status": "published, partial, pending o not_published_here",
    "opendata.column.candidacies.replaced_by": "Elección extraordinaria que reemplaza a esta (vacío si no)",
    "opendata.column.candidacies.replaces": "Elección anulada que esta reemplaza (vacío si no)",
    "opendata.column.candidacies.candidacy_id": "Candidatura: <ballot_id>.<contender_id>",
    "opendata.column.candidacies.contender_id": "Partido, coalición o candidatura independiente",
    "opendata.column.candidacies.contender_kind": "party, coalition o independent",
    "opendata.column.candidacies.contender_name": "Nombre como aparece en la boleta",
    "opendata.column.candidacies.ballot_order": (
        "Primer recuadro de la candidatura en la boleta impresa (partidos en su orden de registro; una "
        "coalición o candidatura común aparece en el recuadro de cada partido integrante; independientes al "
        "final)"
    ),
    "opendata.column.candidacies.owner": "Propietaria o propietario, según el registro oficial (vacío si se desconoce)",
    "opendata.column.candidacies.substitute": "Suplente, según el registro oficial (vacío si se desconoce)",
    "opendata.column.candidacies.status": "registered, substituted o cancelled",
    "opendata.column.candidacies.note": "Nota pública del estado (sustitución, cancelación)",
    "opendata.column.candidacies.fictional": "true si es un dato ficticio de simulacro",
    "opendata.column.candidacies.questionnaire_published_at": (
        "Cuándo publicó el IEEM su cuestionario curricular (vacío si no lo ha publicado)"
    ),
    "opendata.column.candidacies.owner_sex": (
        "Sexo de la persona propietaria: woman, man o non_binary (vacío: no proporcionó)"
    ),
    "opendata.column.candidacies.owner_age_range": (
        "Rango de edad de la persona propietaria el día de la elección: 18-29, 30-44, 45-59 o 60+"
    ),
    "opendata.column.candidacies.owner_education_level": (
        "Grado máximo de estudios de la persona propietaria (código del cuestionario)"
    ),
    "opendata.column.candidacies.affirmative_action": (
        "Grupo de la acción afirmativa con que se registró la candidatura (vacío si ninguna)"
    ),
    "opendata.column.proposals.proposal_id": "Identificador de la propuesta",
    "opendata.column.proposals.process_id": "Proceso electoral",
    "opendata.column.proposals.ballot_id": "Elección a la que se dirige",
    "opendata.column.proposals.place_name": "Municipio o distrito",
    "opendata.column.proposals.municipality_code": "Número IEEM del municipio (vacío en diputaciones)",
    "opendata.column.proposals.topic": "Tema (código)",
    "opendata.column.proposals.topic_label": "Tema",
    "opendata.column.proposals.title": "Título",
    "opendata.column.proposals.problem": "Problema",
    "opendata.column.proposals.proposed_action": "Acción propuesta",
    "opendata.column.proposals.addressed_to": "Candidaturas a las que se dirige (ids separados por ;)",
    "opendata.column.proposals.published_at": "Fecha de publicación (ISO 8601, UTC)",
    "opendata.column.proposals.supports": "Apoyos",
    "opendata.column.proposals.responses": "Respuestas de partidos",
    "opendata.column.proposals.fictional": "true si es un dato ficticio de simulacro",
    "opendata.column.commitments.commitment_id": "Compromiso en seguimiento",
    "opendata.column.commitments.process_id": "Proceso electoral",
    "opendata.column.commitments.ballot_id": "Elección (ayuntamiento) en que ganó la planilla",
    "opendata.column.commitments.place_name": "Municipio",
    "opendata.column.commitments.contender_id": "Partido, coalición o candidatura ganadora",
    "opendata.column.commitments.contender_name": "Nombre como aparece en la boleta",
    "opendata.column.commitments.origin": (
        "answer (respuesta «me comprometo» a una propuesta) o platform (compromiso de su plataforma)"
    ),
    "opendata.column.commitments.proposal_id": (
        "Propuesta ciudadana a la que responde (vacío si viene de la plataforma)"
    ),
    "opendata.column.commitments.title": "Título",
    "opendata.column.commitments.text": "Texto del compromiso",
    "opendata.column.commitments.topic": "Tema (código)",
    "opendata.column.commitments.due_date": "Fecha de vencimiento (ISO 8601)",
    "opendata.column.commitments.due_date_given": (
        "true si la fecha la da el compromiso; false: fin del periodo del ayuntamiento"
    ),
    "opendata.column.commitments.status": (
        "not_started, in_progress, fulfilled, partly_fulfilled, not_fulfilled u overdue"
    ),
    "opendata.column.commitments.status_label": (
        "Estado: sin avance, en proceso, cumplido, cumplido en parte, no cumplido o vencido"
    ),
    "opendata.column.commitments.status_since": "Desde cuándo tiene ese estado (ISO 8601, UTC)",
    "opendata.column.commitments.agree": "Personas de acuerdo con el estado informado",
    "opendata.column.commitments.disagree": "Personas en desacuerdo con el estado informado",
    "opendata.column.commitments.fictional": "true si es un dato ficticio de simulacro",
    "opendata.column.commitment_updates.commitment_id": "Compromiso en seguimiento",
    "opendata.column.commitment_updates.ballot_id": "Elección (ayuntamiento)",
    "opendata.column.commitment_updates.contender_id": "Partido, coalición o candidatura que informa",
    "opendata.column.commitment_updates.status": "Estado informado (código)",
    "opendata.column.commitment_updates.status_label": "Estado informado",
    "opendata.column.commitment_updates.note": "Nota del partido",
    "opendata.column.commitment_updates.evidence_url": (
        "Enlace a la evidencia (https; revisado por el IEEM antes de publicarse)"
    ),
    "opendata.column.commitment_updates.posted_at": "Cuándo lo envió el partido (ISO 8601, UTC)",
    "opendata.column.commitment_updates.published_at": (
        "Cuándo se publicó tras la revisión (vacío: se publicó al enviarse)"
    ),
    "opendata.column.results.process_id": "Proceso electoral",
    "opendata.column.results.ballot_id": "Elección (cargo y lugar), p. ej. 2021-ord.ayun.001",
    "opendata.column.results.place_name": "Municipio o distrito",
    "opendata.column.results.annulled": "true si la elección fue anulada (ver replaced_by)",
    "opendata.column.results.replaced_by": "Elección extraordinaria que la reemplaza (vacío si no)",
    "opendata.column.results.contender_id": "Partido, coalición o candidatura independiente",
    "opendata.column.results.contender_name": "Nombre como aparece en la boleta",
    "opendata.column.results.candidacy_id": (
        "Candidatura (vacío si el registro no tiene planilla de ese contendiente ahí)"
    ),
    "opendata.column.results.votes": "Votos (vacío si se desconocen)",
    "opendata.column.results.share": "Proporción de la votación total emitida, 0 a 1 (vacío si se desconoce)",
    "opendata.column.results.winner": "true en la planilla con más votos del cómputo",
    "opendata.column.results.valid_votes": "Votos efectivos de la elección",
    "opendata.column.results.null_votes": "Votos nulos",
    "opendata.column.results.unregistered_votes": "Votos por candidaturas no registradas",
    "opendata.column.results.total_votes": "Votación total emitida",
    "opendata.column.results.nominal_list": "Lista nominal",
    "opendata.column.results.note": "Nota pública (anulación, dato desconocido)",
    "opendata.column.results.source": "Fuente del resultado",
    "opendata.column.results.fictional": "true si es un dato ficticio de simulacro",
    "opendata.column.responsiveness.process_id": "Proceso electoral",
    "opendata.column.responsiveness.position": "Lugar en el orden de la boleta impresa (no es una clasificación)",
    "opendata.column.responsiveness.contender_id": "Partido, coalición o candidatura independiente",
    "opendata.column.responsiveness.contender_name": "Nombre como aparece en la boleta",
    "opendata.column.responsiveness.delivered": "Propuestas entregadas (sin rebotes)",
    "opendata.column.responsiveness.bounced": "Propuestas cuyos avisos rebotaron todos (excluidas)",
    "opendata.column.responsiveness.answered": "Entregadas con respuesta (compromiso, rechazo o comentario)",
    "opendata.column.responsiveness.answered_commit": "Primera respuesta: compromiso",
    "opendata.column.responsiveness.answered_decline": "Primera respuesta: rechazo",
    "opendata.column.responsiveness.answered_comment": "Primera respuesta: comentario",
    "opendata.column.responsiveness.acknowledged_only": "Entregadas con solo acuse de recibo",
    "opendata.column.responsiveness.without_answer": "Entregadas sin respuesta registrada en la plataforma",
    "opendata.column.responsiveness.answer_rate": "Con respuesta ÷ entregadas (vacío con menos de 10 entregadas)",
    "opendata.column.responsiveness.answer_rate_low": "Límite inferior del intervalo de Wilson al 95 %",
    "opendata.column.responsiveness.answer_rate_high": "Límite superior del intervalo de Wilson al 95 %",
    "opendata.column.responsiveness.median_first_answer_minutes": (
        "Mediana del tiempo hasta la primera respuesta, en minutos"
    ),
    "opendata.column.responsiveness.p90_first_answer_minutes": (
        "Percentil 90 del tiempo hasta la primera respuesta, en minutos"
    ),
    "opendata.licence.default": "Datos abiertos del IEEM publicados en DecideIEEM",
    "opendata.licence.drill": "Datos ficticios del simulacro de DecideIEEM",
    "opendata.licence.sources": "Datos públicos reutilizados con crédito a sus fuentes (ver sources)",
    # topic labels, validation messages, storage (moved here by issue 18)
    "storage_saturated": "El almacenamiento está saturado; intenta de nuevo.",
    "topic.seguridad": "Seguridad",
    "topic.agua": "Agua",
    "topic.movilidad": "Movilidad y transporte",
    "topic.salud": "Salud",
    "topic.educacion": "Educación",
    "topic.empleo": "Empleo",
    "topic.medio_ambiente": "Medio ambiente",
    "topic.servicios_publicos": "Servicios públicos",
    "topic.desarrollo_economico": "Desarrollo económico",
    "topic.transparencia": "Transparencia y rendición de cuentas",
    "topic.igualdad_genero": "Igualdad de género",
    "topic.cultura_deporte": "Cultura y deporte",
    "topic.vivienda": "Vivienda",
    "topic.otro": "Otro tema",
    "validation.invalid_ids": "identificadores no válidos: {ids}",
    "validation.only_extraordinary_replaces": "solo un proceso extraordinario reemplaza elecciones",
    "validation.substitution_needs_person": "una sustitución indica owner y/o substitute (quién entra)",
    "validation.substitution_needs_date": "una sustitución indica effective_date",
    "validation.cancellation_needs_reason": "una cancelación indica un motivo público (reason)",
    "validation.all_or_list": 'usa ["all"] o una lista de contender_id, no ambos',
    "validation.unknown_reason": "motivo desconocido; usa uno de: {known}",
    "validation.invalid_addresses": "direcciones no válidas: {addresses}",
    "validation.https_link": "debe ser un enlace https:// completo",
    "validation.network_host": "{network}: el enlace debe ser de {hosts}",
    "validation.identity_needs_consent": (
        "sin consentimiento explícito (consent: true) no se guardan respuestas de identidad"
    ),
    "validation.unknown_questionnaire_version": "versión de cuestionario desconocida: {version}",
}

MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def text(code: str, **params: object) -> str:
    template = ES_MX[code]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return template


def plural(code: str, count: int, **params: object) -> str:
    """The catalogue's singular or plural form of `code` for `count` (Spanish: one, other)."""
    return text(f"{code}.{'one' if count == 1 else 'other'}", count=count, **params)


def long_date(value: date) -> str:
    """'12 de mayo de 2026'."""
    return f"{value.day} de {MONTHS[value.month - 1]} de {value.year}"


def long_datetime(value: datetime, tz: ZoneInfo) -> str:
    """'3 de junio de 2021, 00:00 h' in the institute's time zone."""
    local = value.astimezone(tz)
    return f"{local.day} de {MONTHS[local.month - 1]} de {local.year}, {local:%H:%M} h"
