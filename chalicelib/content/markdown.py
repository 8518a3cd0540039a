"""Markdown written by the institute, rendered to HTML that is safe to put in a page.

Authors write CommonMark (plus tables and strikethrough). Raw HTML is never passed through: a
`<script>` or an `onerror=` in the source comes out as visible, escaped text. Links and images
keep only `http:`, `https:` and `mailto:` targets (and relative paths of this site); anything else
(`javascript:`, `data:`, `vbscript:`, protocol-relative `//host`) is not turned into a link.
External links get `rel="noopener noreferrer"`. A `#` heading becomes `<h2>`: the page's own
title is its only `<h1>`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):", re.IGNORECASE)
EXTERNAL = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)
EXTERNAL_REL = "noopener noreferrer"


def is_safe_link(url: str) -> bool:
    """True for http(s)/mailto targets and same-site relative paths; False for any other scheme."""
    candidate = "".join(ch for ch in url if ch > " ").strip()
    if not candidate or candidate.startswith("//") or candidate.startswith("\\"):
        return False
    scheme = SCHEME.match(candidate)
    if scheme is None:
        return ":" not in candidate.split("/", 1)[0]
    return scheme.group(1).lower() in ALLOWED_SCHEMES


def _no_h1(state: StateCore) -> None:
    for token in state.tokens:
        if token.type in ("heading_open", "heading_close") and token.tag == "h1":
            token.tag = "h2"


def _link_open(renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
    token = tokens[idx]
    href = str(token.attrGet("href") or "")
    if EXTERNAL.match(href):
        token.attrSet("rel", EXTERNAL_REL)
    return renderer.renderToken(tokens, idx, options, env)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.validateLink = is_safe_link  # type: ignore[method-assign]
    md.core.ruler.push("no_h1", _no_h1)
    md.add_render_rule("link_open", _link_open)
    return md


def render_markdown(source: str) -> str:
    """Safe HTML for `source` (CommonMark, no raw HTML, safe links only)."""
    html: str = _parser().render(source)
    return html
