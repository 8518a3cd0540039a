"""The topic catalogue shared by citizen proposals and party platforms (codes → es-MX labels)."""

from __future__ import annotations

from enum import StrEnum

from chalicelib.messages import text


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


TOPIC_LABELS: dict[Topic, str] = {topic: text(f"topic.{topic.value}") for topic in Topic}
