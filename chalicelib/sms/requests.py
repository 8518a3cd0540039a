"""What a text message asks for: a section number, help, or to stop (or resume) replies.

Accepted: "1234", "0001", "SECCION 1234", "sección 1234", "Secc. 1234", "s1234"; "AYUDA"/"HELP"/"INFO";
"ALTO"/"STOP"/"BAJA"/"CANCELAR" (the opt-out words carriers require); "ALTA"/"START"/"INICIO" to resume.
Anything else is answered with how to use the service.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Intent(StrEnum):
    SECTION = "section"
    HELP = "help"
    STOP = "stop"
    START = "start"


STOP_WORDS = frozenset({"alto", "stop", "baja", "cancelar", "unsubscribe", "fin"})
START_WORDS = frozenset({"alta", "start", "inicio", "unstop"})
HELP_WORDS = frozenset({"ayuda", "help", "info", "informacion", "?"})
MAX_SECTION = 99999

_SECTION = re.compile(r"^(?:(?:seccion|secc|sec|s)\s*[.:#-]?\s*)?(?:n(?:o|um|umero)?\s*[.:#-]?\s*)?(\d{1,6})$")


@dataclass(frozen=True)
class SmsRequest:
    intent: Intent
    section: int | None = None


def _normalized(body: str) -> str:
    folded = unicodedata.normalize("NFKD", body.casefold())
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", plain).strip(" .!¡¿")


def parse(body: str) -> SmsRequest:
    words = _normalized(body)
    if words in STOP_WORDS:
        return SmsRequest(Intent.STOP)
    if words in START_WORDS:
        return SmsRequest(Intent.START)
    match = _SECTION.match(words)
    if match:
        number = int(match.group(1))
        if 1 <= number <= MAX_SECTION:
            return SmsRequest(Intent.SECTION, number)
    return SmsRequest(Intent.HELP)
