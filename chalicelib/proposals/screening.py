"""Automatic checks that hold a proposal for human review (no I/O).

A proposal is held when it contains personal data (phone numbers, email addresses, CURP),
links, or abusive language. Holding is not rejecting: a moderator decides.

The rules run on a normalised copy of the text (the stored text is never changed), so the usual
tricks do not slip past them: compatibility forms (NFKC: full-width ＠ and ．, mathematical
letters), invisible and bidi format characters, combining marks, Cyrillic and Greek look-alikes,
letters or digits spaced out one by one, and words for "@" and "." in spelled-out addresses.
Every step is linear in the text, so the cost stays bounded at the maximum field lengths.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib

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

# Look-alikes folded to the Latin letter they imitate. A small vetted table, not the whole of
# Unicode TR39's confusables.txt: the Cyrillic and Greek letters that render like Latin ones in
# common fonts (TR39's skeleton targets for these, plus a few it maps to near-Latin letters such
# as к and ε), the dotless i, and full stops NFKC leaves alone. Full-width and mathematical forms
# need no entry: NFKC already folds them. Honest Spanish text has none of these characters.
LOOK_ALIKES = str.maketrans(
    {
        # Cyrillic, lower and upper case
        "а": "a", "в": "b", "е": "e", "ё": "e", "з": "3", "і": "i", "ї": "i", "ј": "j", "к": "k",
        "м": "m", "н": "h", "о": "o", "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s",
        "ԁ": "d", "һ": "h", "ӏ": "l", "ԛ": "q", "ԝ": "w", "ь": "b", "п": "n", "г": "r",
        "А": "A", "В": "B", "Е": "E", "Ё": "E", "З": "3", "І": "I", "Ї": "I", "Ј": "J", "К": "K",
        "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T", "У": "Y", "Х": "X", "Ѕ": "S",
        "Ԁ": "D", "Һ": "H", "Ӏ": "l", "Ԛ": "Q", "Ԝ": "W",
        # Greek, lower and upper case
        "α": "a", "β": "b", "γ": "y", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s", "μ": "u",
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
        "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
        # Latin oddities and full stops that NFKC keeps
        "ı": "i", "ȷ": "j", "ɑ": "a", "ɡ": "g", "。": ".", "｡": ".", "․": ".", "·": ".",
    }
)  # fmt: skip

LOOK_ALIKE_CHARS = frozenset(map(chr, LOOK_ALIKES))

# Invisible characters that are not of category Cf (those are all removed): fillers and blanks
# that render as nothing or as a space.
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800\u034f")
# Letters or digits spaced out one by one ("p e n d e j o", "5-5-1-2-…"): 4 or more in a row.
SPACED_OUT = re.compile(r"(?<![^\W_])(?:[^\W_][ \t.\-_*/|·]{1,3}){3,}[^\W_](?![^\W_])")
# A run of digits split by short separators; 10 to 13 digits is a phone number however written.
DIGIT_RUN = re.compile(r"\d(?:[ \t.\-_/()]{0,3}\d)+")
YEAR = re.compile(r"(?:19|20)\d\d")
# "juan arroba correo punto com", "juan [at] correo [dot] com"
SPELLED_AT = re.compile(r"\s*[(\[{]?\s*\b(?:arroba|at)\b\s*[)\]}]?\s*", re.IGNORECASE)
SPELLED_DOT = re.compile(r"\s*[(\[{]?\s*\b(?:punto|dot)\b\s*[)\]}]?\s*", re.IGNORECASE)
SPACED_SYMBOL = re.compile(r"\s*([@.])\s*")
REPEATED = re.compile(r"([a-z])\1{2,}")
# Digits written for letters inside a word ("p3nd3j0"); only in tokens that mix both.
LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"})
MIXED_TOKEN = re.compile(r"\b(?=[a-z0-9@$]*[a-z])(?=[a-z0-9@$]*[0-9@$])[a-z0-9@$]+")


def _drop(text: str, chars: set[str]) -> str:
    return re.sub("[" + "".join(map(re.escape, chars)) + "]", "", text) if chars else text


def normalised(text: str) -> str:
    """The text as the rules see it: NFKC, without invisible or bidi characters and combining
    marks, with look-alikes folded to Latin letters. Case is kept (CURP and links need none)."""
    if text.isascii():
        return text
    # Decisions are taken per distinct character and applied with one regex each (str.translate
    # with a dict costs ~0.5 µs a character): this keeps the cost low at maximum lengths.
    text = unicodedata.normalize("NFKC", text)
    # Zero-width, bidi controls, soft hyphen, tags (category Cf) and fillers go.
    text = _drop(text, {c for c in set(text) if unicodedata.category(c) == "Cf" or c in INVISIBLE})
    look = set(text) & LOOK_ALIKE_CHARS
    if look:
        text = re.sub("[" + "".join(look) + "]", lambda m: LOOK_ALIKES[ord(m.group(0))], text)
    text = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize("NFC", _drop(text, {c for c in set(text) if unicodedata.combining(c)}))


def _joined_spaced_out(text: str) -> str:
    return SPACED_OUT.sub(lambda m: "".join(c for c in m.group(0) if c.isalnum()), text)


def _has_phone(text: str) -> bool:
    if PHONE.search(text):
        return True
    for run in DIGIT_RUN.finditer(text):
        groups = re.findall(r"\d+", run.group(0))
        digits = sum(len(g) for g in groups)
        # A list of years ("2018 2021 2024") or an amount in thousands ("1 500 000 000") is not
        # a phone number.
        years = all(len(g) == 4 and YEAR.fullmatch(g) for g in groups)
        thousands = len(groups[0]) <= 3 and all(len(g) == 3 for g in groups[1:])
        if 10 <= digits <= 13 and not years and not thousands:
            return True
    return False


def _has_email(text: str) -> bool:
    spelled = SPELLED_DOT.sub(".", SPELLED_AT.sub("@", text))
    return bool(EMAIL.search(text) or EMAIL.search(SPACED_SYMBOL.sub(r"\1", spelled)))


def _abusive(text: str) -> bool:
    plain = text.lower()
    plain = MIXED_TOKEN.sub(lambda m: m.group(0).translate(LEET), plain)
    plain = REPEATED.sub(r"\1", plain)
    # A spaced-out run may start with a one-letter word ("a p e n d e j o"): look inside it.
    for run in SPACED_OUT.finditer(plain):
        letters = "".join(c for c in run.group(0) if c.isalpha())
        if any(" " not in w and w in letters for w in ABUSIVE_WORDS):
            return True
    plain = _joined_spaced_out(plain)
    words = set(re.findall(r"[a-z]+", plain))
    spaced = " ".join(re.findall(r"[a-z]+", plain))
    return bool(words & ABUSIVE_WORDS) or any(" " in w and f" {w} " in f" {spaced} " for w in ABUSIVE_WORDS)


def hold_reasons(*texts: str) -> list[HoldReason]:
    joined = normalised("\n".join(texts))
    reasons: list[HoldReason] = []
    if _has_phone(joined) or _has_email(joined) or CURP.search(joined) or CURP.search(_joined_spaced_out(joined)):
        reasons.append(HoldReason.PERSONAL_DATA)
    if LINK.search(joined) or LINK.search(re.sub(r"\s+\.\s+", ".", joined)):
        reasons.append(HoldReason.LINK)
    if _abusive(joined):
        reasons.append(HoldReason.ABUSIVE_LANGUAGE)
    return reasons


def fingerprint(*texts: str) -> str:
    """The near-duplicate key of a text: a hash of its similarity key, so look-alike, re-spaced or
    re-punctuated copies share it (written with a condition, it makes copies atomic to refuse)."""
    return hashlib.sha256(" ".join(similarity_key(*texts)).encode("utf-8")).hexdigest()[:32]


SKETCH_SIZE = 64
SHINGLE_WORDS = 3


def sketch(*texts: str) -> list[int]:
    """A bottom-k sketch of the text's 3-word shingles (the SKETCH_SIZE smallest CRC-32 hashes),
    stored with each proposal: comparing two sketches is O(SKETCH_SIZE), whatever the texts' length,
    and estimates the Jaccard resemblance of their shingles (exact when a text has fewer shingles)."""
    words = similarity_key(*texts)
    shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(len(words) - SHINGLE_WORDS + 1, 1))}
    return sorted({zlib.crc32(s.encode("utf-8")) for s in shingles})[:SKETCH_SIZE]


def resemblance(one: list[int], other: list[int]) -> float:
    """Estimated Jaccard resemblance of two texts from their sketches (Broder's bottom-k estimator)."""
    if not one or not other:
        return 0.0
    union = sorted(set(one) | set(other))[:SKETCH_SIZE]
    both = set(one) & set(other)
    return sum(1 for h in union if h in both) / len(union)


def similarity_key(*texts: str) -> tuple[str, ...]:
    """Text reduced for near-duplicate comparison: its plain words (letters and digits), after the
    same normalisation as the rules (a look-alike copy is a copy). Words, not characters, so that
    comparing two texts of maximum length stays cheap (difflib is quadratic in the worst case)."""
    return tuple(re.findall(r"[a-z0-9]+", normalised(" ".join(texts)).lower()))
