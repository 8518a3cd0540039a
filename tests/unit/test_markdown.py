"""Markdown written by the institute becomes HTML that cannot run anything in a reader's browser."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from chalicelib.content.markdown import is_safe_link, render_markdown


class Elements(HTMLParser):
    """Every element and attribute the browser would build from the HTML."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = Elements()
    parser.feed(html)
    return parser.found


HOSTILE = """\
# Cómo votar

<script>alert("hola")</script>

<img src="x.png" onerror="alert(1)">

Texto <span onmouseover="alert(2)">encima</span> y <iframe src="https://evil.example"></iframe>

[uno](javascript:alert(3)) [dos](JaVaScRiPt&colon;alert(4)) [tres](data:text/html;base64,PHNjcmlwdD4=)
[cuatro](vbscript:msgbox) [cinco](//evil.example/x) ![imagen](javascript:alert(5))
![otra](x.png" onerror="alert(6))
"""


def test_script_tags_and_event_handler_attributes_come_out_as_inert_text() -> None:
    # Given Markdown with raw HTML, event handlers and script links
    html = render_markdown(HOSTILE)
    # Then the browser builds no script, iframe, img-with-handler or span: only safe elements
    tags = {tag for tag, _ in elements(html)}
    assert tags <= {"h2", "p", "a", "img"}
    assert "script" not in tags and "iframe" not in tags and "span" not in tags
    # and no element carries an event handler attribute
    assert not [attrs for _, attrs in elements(html) if any(name.startswith("on") for name in attrs)]
    # and no link or image points to a script or data URL
    targets = [attrs.get("href") or attrs.get("src") or "" for tag, attrs in elements(html) if tag in ("a", "img")]
    assert all(not t.lower().startswith(("javascript", "data", "vbscript", "//")) for t in targets)
    # while the hostile text is still visible, escaped
    assert "&lt;script&gt;" in html


def test_ordinary_markdown_keeps_headings_lists_tables_and_safe_links() -> None:
    html = render_markdown(
        "# Título\n\n## Sección\n\n- uno\n- **dos**\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "[IEEM](https://www.ieem.org.mx/) [correo](mailto:contacto@example.org) [página](/como-votar)"
    )
    # A top-level heading becomes <h2>: the page title is the only <h1>
    assert "<h2>Título</h2>" in html and "<h2>Sección</h2>" in html
    assert "<li><strong>dos</strong></li>" in html
    assert "<table>" in html
    links = {attrs["href"]: attrs.get("rel") for tag, attrs in elements(html) if tag == "a"}
    assert links == {
        "https://www.ieem.org.mx/": "noopener noreferrer",
        "mailto:contacto@example.org": "noopener noreferrer",
        "/como-votar": None,
    }


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://www.ine.mx/", True),
        ("http://example.org/a?b=1", True),
        ("mailto:a@example.org", True),
        ("/como-votar", True),
        ("#fechas", True),
        ("javascript:alert(1)", False),
        (" JAVASCRIPT:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example", False),
        ("file:///etc/passwd", False),
    ],
)
def test_only_web_mail_and_same_site_links_are_allowed(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe
