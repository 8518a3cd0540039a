"""The topic catalogue shared by citizen proposals and party platforms (codes → es-MX labels)."""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    SEGURIDAD = "seguridad"
    AGUA = "agua"
    MOVILIDAD = "movilidad"
    SALUD = "salud"
    EDUCACION = "educacion"
    EMPLEO = "empleo"
    MEDIO_AMBIENTE = "medio_ambiente"
    SERVICIOS_PUBLICOS = "servicios_publicos"
    DESARROLLO_ECONOMICO = "desarrollo_economico"
    TRANSPARENCIA = "transparencia"
    IGUALDAD_GENERO = "igualdad_genero"
    CULTURA_DEPORTE = "cultura_deporte"
    VIVIENDA = "vivienda"
    OTRO = "otro"


TOPIC_LABELS: dict[Topic, str] = {
    Topic.SEGURIDAD: "Seguridad",
    Topic.AGUA: "Agua",
    Topic.MOVILIDAD: "Movilidad y transporte",
    Topic.SALUD: "Salud",
    Topic.EDUCACION: "Educación",
    Topic.EMPLEO: "Empleo",
    Topic.MEDIO_AMBIENTE: "Medio ambiente",
    Topic.SERVICIOS_PUBLICOS: "Servicios públicos",
    Topic.DESARROLLO_ECONOMICO: "Desarrollo económico",
    Topic.TRANSPARENCIA: "Transparencia y rendición de cuentas",
    Topic.IGUALDAD_GENERO: "Igualdad de género",
    Topic.CULTURA_DEPORTE: "Cultura y deporte",
    Topic.VIVIENDA: "Vivienda",
    Topic.OTRO: "Otro tema",
}
