"""The GSM 03.38 default alphabet: what fits in a 7-bit SMS segment, and how to make a text fit.

A message that is all GSM-7 goes in segments of 160 characters (153 each when concatenated); one
character outside it turns the whole message into UCS-2 (70, or 67 a segment). Characters of the
extension table (`€ [ ] { } ^ ~ | \\` and form feed) are sent as ESC + char and count twice.
"""

from __future__ import annotations

import unicodedata

# The basic table, in code-point order 0x00-0x7F (0x1B is the escape to the extension table).
BASIC = (
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
EXTENSION = "\f^{}\\[~]|€"
SINGLE_SEGMENT = 160
CONCATENATED_SEGMENT = 153

_BASIC = frozenset(BASIC) - {"\x1b"}
_EXTENSION = frozenset(EXTENSION)

# Spanish and typographic characters outside the alphabet, mapped to their nearest GSM-7 form
# (ñ/Ñ, é/É, ü/Ü and ¿ ¡ are in the alphabet and stay as they are).
_REPLACEMENTS = {
    "á": "a",
    "í": "i",
    "ó": "o",
    "ú": "u",
    "Á": "A",
    "Í": "I",
    "Ó": "O",
    "Ú": "U",
    "«": '"',
    "»": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "–": "-",
    "—": "-",
    "…": "...",
    "·": "-",
    "•": "-",
    "°": "o",
    "º": "o",
    "ª": "a",
    "\u00a0": " ",
    "\t": " ",
}


def units(text: str) -> int:
    """Septets the text takes; ValueError naming the first character outside GSM-7."""
    total = 0
    for char in text:
        if char in _BASIC:
            total += 1
        elif char in _EXTENSION:
            total += 2
        else:
            raise ValueError(f"{char!r} (U+{ord(char):04X}) is not in the GSM-7 alphabet")
    return total


def segments(text: str) -> int:
    """How many SMS segments a GSM-7 text is sent in."""
    length = units(text)
    if length <= SINGLE_SEGMENT:
        return 1
    return -(-length // CONCATENATED_SEGMENT)


def transliterate(text: str) -> str:
    """The text in GSM-7: accents dropped where the alphabet lacks the letter, never UCS-2."""
    out = []
    for char in text:
        if char in _BASIC or char in _EXTENSION:
            out.append(char)
            continue
        if char in _REPLACEMENTS:
            out.append(_REPLACEMENTS[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        out.append(base if base and all(c in _BASIC for c in base) else "?")
    return "".join(out)
