"""Every es-MX text people read comes from the one catalogue, chalicelib/messages.py (issue 18).

The test walks the AST of every chalicelib module (docstrings and comments are not string constants
of the program, so they are skipped) and flags string constants that look like Spanish UI text:
they contain a Spanish-only letter or sign (áéíóúñü¿¡), or they have spaces and a common Spanish
word (de, la, el, para, una, ...). A flagged constant outside the catalogue fails the test with its
file:line, unless it is pure data on the allow-list below, with the reason.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHALICELIB = ROOT / "chalicelib"
CATALOGUE = "chalicelib/messages.py"

SPANISH_LETTERS = re.compile(r"[áéíóúñüÁÉÍÓÚÑÜ¿¡]")
# Words common in Spanish sentences and rare as English words. "no" alone is also English ("no key"),
# so it counts only together with one of these.
SPANISH_WORDS = frozenset(
    {"de", "la", "el", "para", "una", "un", "los", "las", "del", "con", "sin", "por", "que", "se", "y", "o"}
    | {"es", "en", "su", "tu", "al", "debe", "solo", "usa", "indica", "más"}
)
EDGES = ".,;:!?()[]{}«»\"'"

# Pure data that is not shown to people as UI text: file -> reason. Everything else moves to the catalogue.
ALLOWED: dict[str, str] = {
    "chalicelib/sms/gsm7.py": "GSM 03.38 character tables and transliterations (encoding data, not text)",
    "chalicelib/sms/requests.py": "punctuation stripped when parsing an incoming SMS keyword",
    "chalicelib/registry/importer.py": "contender-kind labels accepted when parsing the registry CSV",
    "chalicelib/profiles/questionnaire.py": "what people type for 'nothing' (parsed to null, never shown)",
    "chalicelib/proposals/screening.py": "insults matched when screening proposals (input patterns, never shown)",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def looks_spanish(value: str) -> bool:
    if SPANISH_LETTERS.search(value):
        return True
    if " " not in value.strip():
        return False
    words = {w.strip(EDGES).lower() for w in value.split()}  # 'es-MX', 'aviso-de-privacidad' stay one word
    return bool(words & SPANISH_WORDS)


def spanish_literals(source: str) -> list[tuple[int, str]]:
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docstrings
        and looks_spanish(node.value)
    ]


def offenders() -> list[str]:
    found = []
    for path in sorted(CHALICELIB.rglob("*.py")):
        rel = path.relative_to(ROOT).as_posix()
        if rel == CATALOGUE or rel in ALLOWED:
            continue
        for line, value in spanish_literals(path.read_text(encoding="utf-8")):
            found.append(f"{rel}:{line}: {value[:70]!r}")
    return sorted(found)


def test_spanish_text_lives_only_in_the_catalogue() -> None:
    found = offenders()
    assert not found, "Spanish text outside chalicelib/messages.py (move it to the catalogue):\n" + "\n".join(found)


def test_the_allow_list_names_files_that_exist_and_still_need_it() -> None:
    for rel in ALLOWED:
        path = ROOT / rel
        assert path.is_file(), rel
        assert spanish_literals(path.read_text(encoding="utf-8")), f"{rel} has no Spanish literal: drop it"


def test_the_scan_sees_ui_text_and_skips_docstrings_and_english() -> None:
    source = (
        '"""Módulo con docstring en español."""\n'
        "def f():\n"
        '    """Una función."""\n'
        '    a = "Cuenta eliminada para siempre"\n'
        '    b = "Moderación del IEEM"\n'
        '    c = "no SES send slot within the wait"\n'
        '    d = "el enlace no es válido"\n'
        "    return a, b, c, d\n"
    )
    assert [line for line, _ in spanish_literals(source)] == [4, 5, 7]
