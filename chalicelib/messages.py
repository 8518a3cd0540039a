"""Every text a person reads from the API, in es-MX, from one catalogue.

Keys are stable codes; `text(code, **params)` formats the message. Code and docs stay English.
"""

from __future__ import annotations

from datetime import datetime
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
    # authentication and authorization
    "auth.missing": "Inicia sesión para continuar.",
    "auth.invalid_token": "Tu sesión no es válida. Vuelve a iniciar sesión.",
    "auth.expired": "Tu sesión expiró. Vuelve a iniciar sesión.",
    "auth.keys_unavailable": "No pudimos verificar tu sesión; intenta de nuevo en unos minutos.",
    "auth.forbidden": "Tu cuenta no tiene permiso para esta acción.",
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
    "field.extra_forbidden": "Este parámetro no se reconoce.",
    "field.enum": "Debe ser uno de: {expected}.",
    "field.invalid": "El valor no es válido.",
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


def long_datetime(value: datetime, tz: ZoneInfo) -> str:
    """'3 de junio de 2021, 00:00 h' in the institute's time zone."""
    local = value.astimezone(tz)
    return f"{local.day} de {MONTHS[local.month - 1]} de {local.year}, {local:%H:%M} h"
