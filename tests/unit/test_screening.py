"""Screening sees through the usual obfuscation tricks and leaves honest Spanish alone."""

from __future__ import annotations

import pytest

from chalicelib.proposals.models import HoldReason
from chalicelib.proposals.screening import hold_reasons, similarity_key

ZW = "\u200b"  # zero-width space
ZWJ = "\u200d"
RLO = "\u202e"  # bidi override
STRIKE = "\u0336"  # combining long stroke overlay

# (text, the reason it must be held for)
OBFUSCATED = [
    # zero-width and bidi characters inside phone numbers, emails and insults
    (f"Llámenme al 55{ZW}12{ZW}34{ZW}56{ZW}78 para organizarnos", HoldReason.PERSONAL_DATA),
    (f"Mi correo es juan{ZWJ}.perez@{ZW}gmail.com por si acaso", HoldReason.PERSONAL_DATA),
    (f"El regidor es un pen{ZW}dejo que no hace nada", HoldReason.ABUSIVE_LANGUAGE),
    (f"El regidor es un {RLO}pendejo que no hace nada", HoldReason.ABUSIVE_LANGUAGE),
    ("Qué gobierno tan pin\u00adche y tan lento", HoldReason.ABUSIVE_LANGUAGE),  # soft hyphen
    # Cyrillic and Greek look-alikes
    ("El presidente municipal es un реndејо", HoldReason.ABUSIVE_LANGUAGE),  # р е ј Cyrillic
    ("Son unos idiοtas en el cabildo", HoldReason.ABUSIVE_LANGUAGE),  # Greek omicron
    ("Escríbanme a mаriа.lopez@соrreo.mx para la junta", HoldReason.PERSONAL_DATA),
    ("Mi CURP es GОМL800101НDFRRN09 por si la piden", HoldReason.PERSONAL_DATA),
    # full-width forms: ＠ ． and digits
    ("Contacto: vecinos＠correo．com y listo", HoldReason.PERSONAL_DATA),
    ("Marquen al ５５１２３４５６７８ en la tarde", HoldReason.PERSONAL_DATA),
    ("Qué ｍｉｅｒｄａ de servicio de agua", HoldReason.ABUSIVE_LANGUAGE),
    ("Visiten ｗｗｗ．vecinosunidos．ｃｏｍ para firmar", HoldReason.LINK),
    # combining marks over letters and digits
    ("".join(c + STRIKE for c in "pendejo") + " es el alcalde", HoldReason.ABUSIVE_LANGUAGE),
    ("Teléfono: " + "".join(c + STRIKE for c in "5512345678"), HoldReason.PERSONAL_DATA),
    ("Son unos imbe\u0301ciles en la oficina", HoldReason.ABUSIVE_LANGUAGE),
    # spacing tricks
    ("El tesorero es un p e n d e j o y lo sabemos", HoldReason.ABUSIVE_LANGUAGE),
    ("Esto es una m.i.e.r.d.a de obra pública", HoldReason.ABUSIVE_LANGUAGE),
    ("Le dije a p-e-n-d-e-j-o que reparara la calle", HoldReason.ABUSIVE_LANGUAGE),
    ("Háblenme: 5 5 1 2 3 4 5 6 7 8 en la noche", HoldReason.PERSONAL_DATA),
    ("Háblenme: 55-1-2-3-4-5-6-7-8 en la noche", HoldReason.PERSONAL_DATA),
    ("Correo: juan . perez @ gmail . com para dudas", HoldReason.PERSONAL_DATA),
    ("Correo: juanperez arroba gmail punto com para dudas", HoldReason.PERSONAL_DATA),
    ("Correo: juanperez [at] gmail [dot] com para dudas", HoldReason.PERSONAL_DATA),
    ("Visiten vecinos . com para más datos", HoldReason.LINK),
    # letters written as digits, stretched letters
    ("El síndico es un p3nd3j0 sin remedio", HoldReason.ABUSIVE_LANGUAGE),
    ("Qué gobierno tan piiiiinche tenemos", HoldReason.ABUSIVE_LANGUAGE),
    # several tricks at once
    (f"Un реn{ZW}ｄ\u0336ејо gobierna", HoldReason.ABUSIVE_LANGUAGE),
]

# Honest proposals: accents, ñ, amounts, dates, years, and addresses of public offices.
HONEST = [
    "Pedimos que la niña y el niño tengan útiles gratuitos en la escuela primaria Benito Juárez.",
    "Que el cabildo publique cada año el presupuesto de 2024, 2025 y 2026 con el detalle por colonia.",
    "Rehabilitar el pozo de agua de la calle Nezahualcóyotl número 15 antes de la temporada de lluvias.",
    "La oficina del IEEM está en Paseo Tollocan 944, Col. Santa Ana Tlapaltitlán, C.P. 50160, Toluca.",
    "El Palacio Municipal (Av. Hidalgo Pte. 300, Col. Centro, C.P. 50000) debe abrir los sábados.",
    "Que el ayuntamiento destine 1 500 000 000 pesos al drenaje, como dice el plan 2024-2027.",
    "Proponemos 3 turnos de recolección: 7:00, 14:00 y 21:00 horas, de lunes a sábado.",
    "Los años 2018 2021 2024 mostraron que el transporte del Valle de Toluca empeoró.",
    "Instalar 250 luminarias LED en la avenida Solidaridad Las Torres, tramo km 3 al km 7.5.",
    "La señora Peña pidió que el mercado de Ñuu Savi tenga baños dignos y accesibles.",
    "Crear una computadora pública en cada biblioteca; hoy la disputa por los equipos es diaria.",
    "Queremos que la secretaría rinda cuentas: contratos, facturas y fechas, en datos abiertos.",
    "Que el Sistema DIF municipal atienda en la calle Morelos 102 Ote. de 9 a 17 h.",
    "El puente peatonal de la México-Toluca, a la altura del km 42, necesita mantenimiento urgente.",
    "Piden a la S.C.T. y a la C.F.E. revisar los postes de la colonia Reforma; el 30 % está dañado.",
    "Reforestar con 10 000 árboles nativos: oyamel, encino y ahuehuete, en el Nevado de Toluca.",
    "La cuota de agua subió de $120.50 a $180.75 al bimestre sin explicación del organismo.",
    "Que haya transporte nocturno seguro para estudiantes de la UAEMéx que salen a las 22:30.",
]


@pytest.mark.parametrize(("text", "reason"), OBFUSCATED, ids=[f"trick-{i}" for i in range(len(OBFUSCATED))])
def test_every_obfuscated_text_is_held_for_its_reason(text: str, reason: HoldReason) -> None:
    assert reason in hold_reasons("Título de prueba", text, "Acción propuesta de prueba")


@pytest.mark.parametrize("text", HONEST, ids=[f"honest-{i}" for i in range(len(HONEST))])
def test_no_honest_text_is_held(text: str) -> None:
    assert hold_reasons("Una propuesta para mi colonia", text, "Que el gobierno actúe este año.") == []


def test_the_same_texts_without_tricks_are_held_too() -> None:
    assert hold_reasons("Llamen al 55 1234 5678") == [HoldReason.PERSONAL_DATA]
    assert hold_reasons("Es un pendejo") == [HoldReason.ABUSIVE_LANGUAGE]


def test_a_look_alike_copy_has_the_same_similarity_key() -> None:
    original = similarity_key("Bacheo de la calle", "Hay baches en la calle principal de la colonia")
    copy = similarity_key("Васhео de la calle", f"Hay ba{ZW}ches en la calle principal de la сolonia")
    assert copy == original
