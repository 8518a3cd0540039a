"""Links in emails open pages the web front actually has (its router is in web/src/js/main.js)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def front_routes() -> list[re.Pattern[str]]:
    source = (ROOT / "web" / "src" / "js" / "main.js").read_text()
    return [re.compile(pattern) for pattern in re.findall(r"\[/(\^\\/.*?\$)/,", source)]


def email_link_paths() -> list[str]:
    source = (ROOT / "chalicelib" / "notifications" / "delivery.py").read_text()
    return [re.sub(r"\{[^}]+\}", "abc123", path) for path in re.findall(r'_link\(f?"([^"]+)"\)', source)]


def test_every_email_link_opens_a_page_of_the_web_front() -> None:
    routes = front_routes()
    paths = email_link_paths()
    assert len(routes) > 10 and len(paths) >= 3
    for path in paths:
        assert any(route.match("/" + path) for route in routes), path
