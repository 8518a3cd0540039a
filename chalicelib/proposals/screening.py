"""Automatic checks that hold a proposal for human review (no I/O).

A proposal is held when it contains personal data (phone numbers, email addresses, CURP),
links, or abusive language. Holding is not rejecting: a moderator decides.
"""

from __future__ import annotations

import re
import unicodedata

from chalicelib.proposals.models import HoldReason

PHONE = re.compile(r"(?<!\d)(?:\+?52[\s.-]?)?(?:\(?\d{2,3}\)?[\s.-]?)\d{3,4}[\s.-]?\d{4}(?!\d)")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CURP = re.compile(r"\b[A-Z][AEIOUX][A-Z]{2}\d{6}[HM][A-Z]{5}[A-Z0-9]\d\b", re.IGNORECASE)
LINK = re.compile(r"(?:https?://|www\.)\S+|\b[\w-]+\.(?:com|mx|org|net|info|io|ly|gob\.mx)\b", re.IGNORECASE)
# A short list of common Spanish insults (accents removed); enough to hold, a person decides.
ABUSIVE_WORDS = frozenset(
    {
        "pendejo", "pendeja", "pendejos", "idiota", "idiotas", "imbecil", "imbeciles", "estupido",
        "estupida", "cabron", "cabrones", "chingada", "chingado", "chingar", "puto", "puta", "putos",
        "mierda", "culero", "culera", "pinche", "mamon", "naco", "nacos", "baboso", "rata", "ratas",
        "corrupto de mierda", "hijo de puta", "malparido",
    }
)  # fmt: skip


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def hold_reasons(*texts: str) -> list[HoldReason]:
    joined = "\n".join(texts)
    reasons: list[HoldReason] = []
    if PHONE.search(joined) or EMAIL.search(joined) or CURP.search(joined):
        reasons.append(HoldReason.PERSONAL_DATA)
    if LINK.search(joined):
        reasons.append(HoldReason.LINK)
    plain = _plain(joined)
    words = set(re.findall(r"[a-z]+", plain))
    if words & ABUSIVE_WORDS or any(" " in w and w in plain for w in ABUSIVE_WORDS):
        reasons.append(HoldReason.ABUSIVE_LANGUAGE)
    return reasons


def similarity_key(*texts: str) -> str:
    """Text reduced for near-duplicate comparison: plain letters and digits, single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", _plain(" ".join(texts))))
