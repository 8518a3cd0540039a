"""The web front's build and local server, without a browser."""

from __future__ import annotations

import gzip
import json
import re
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from decide.web_build import (
    SOURCE_DIR,
    WebBuildError,
    build,
    compile_site,
    content_security_policy,
    hash_modules,
    load_catalogue,
    static_closure,
)
from decide.web_server import make_server

JS_FILES = sorted((SOURCE_DIR / "js").rglob("*.js"))


def test_modules_are_hashed_after_their_imports() -> None:
    sources = {
        "js/main.js": 'import { a } from "./lib/a.js";\nexport * from "./b.js";\n',
        "js/lib/a.js": 'import b from "../b.js";\nexport const a = b;\n',
        "js/b.js": "export default 1;\n",
    }
    hashed = hash_modules(sources)
    b_name = hashed["js/b.js"][0]
    assert re.fullmatch(r"js/b\.[0-9a-f]{10}\.js", b_name)
    assert f'from "../{Path(b_name).name}"'.encode() in hashed["js/lib/a.js"][1]
    main = hashed["js/main.js"][1].decode()
    assert f'"./lib/{Path(hashed["js/lib/a.js"][0]).name}"' in main
    assert f'"./{Path(b_name).name}"' in main

    changed = hash_modules({**sources, "js/b.js": "export default 2;\n"})
    assert all(changed[p][0] != hashed[p][0] for p in sources), "a change must reach every importer"


def test_dynamic_imports_are_hashed_but_not_preloaded() -> None:
    sources = {
        "js/main.js": 'import { h } from "./dom.js";\nconst page = () => import("./pages/late.js");\n',
        "js/dom.js": "export const h = 1;\n",
        "js/pages/late.js": 'import { h } from "../dom.js";\nexport const late = h;\n',
    }
    hashed = hash_modules(sources)
    late = Path(hashed["js/pages/late.js"][0]).name
    assert f'import("./pages/{late}")'.encode() in hashed["js/main.js"][1]
    assert static_closure(sources, "js/main.js") == ["js/dom.js"]


def test_unknown_imports_and_cycles_fail_the_build() -> None:
    with pytest.raises(WebBuildError, match="does not exist"):
        hash_modules({"js/main.js": 'import "./missing.js";\n'})
    with pytest.raises(WebBuildError, match="cycle"):
        hash_modules({"js/a.js": 'import "./b.js";\n', "js/b.js": 'import "./a.js";\n'})


def test_built_index_has_no_inline_code_and_only_hashed_assets() -> None:
    files = compile_site()
    index = files["index.html"].decode()
    assert "{{" not in index
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", index) is None, "inline script"
    assert "<style" not in index and " style=" not in index
    assert re.search(r"\son[a-z]+=", index) is None, "inline event handler"
    assert "pages/moderation." not in index, "pages behind the account links are not preloaded"
    referenced = re.findall(r'(?:src|href)="(assets/[^"]+)"', index)
    assert referenced and all(name in files for name in referenced)
    assert all(re.search(r"\.[0-9a-f]{10}\.(js|css|svg)$", name) for name in files if name.startswith("assets/"))
    assert '<html lang="es-MX">' in index


def test_front_code_never_parses_data_as_html() -> None:
    forbidden = re.compile(r"innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function\(")
    for path in JS_FILES:
        code = "\n".join(line for line in path.read_text().splitlines() if not line.lstrip().startswith("//"))
        assert forbidden.search(code) is None, f"{path} builds DOM from strings"


def test_html_from_the_api_is_parsed_in_one_place() -> None:
    """Only rich-text.js parses HTML (a content page's body_html, through its allow-list)."""
    parsers = [
        p.relative_to(SOURCE_DIR).as_posix()
        for p in JS_FILES
        if re.search(r"DOMParser|createHTMLDocument|createContextualFragment", p.read_text())
    ]
    assert parsers == ["js/rich-text.js"]
    users = [p.relative_to(SOURCE_DIR).as_posix() for p in JS_FILES if "sanitizedFragment(" in p.read_text()]
    # the civic page editor previews with the same allow-list the public page uses
    assert sorted(users) == ["js/pages/content.js", "js/pages/staff-civic.js", "js/rich-text.js"]


def test_every_ui_text_comes_from_the_catalogue() -> None:
    catalogue = load_catalogue(SOURCE_DIR, "es-MX")
    index_keys = re.findall(r"{{t:([^}]+)}}", (SOURCE_DIR / "index.html").read_text())
    literal_keys = set(index_keys)
    prefixes = set()
    for path in JS_FILES:
        code = path.read_text()
        # Every quoted key in the first argument of t()/tn(), ternaries included.
        for argument in re.findall(r"\btn?\(([^,()]*)", code):
            literal_keys |= set(re.findall(r"\"([a-z_]+(?:\.[a-z_]+)+)\"", argument))
        prefixes |= set(re.findall(r"\btn?\(\s*`([a-z_.]+)\$\{", code))
    missing = sorted(k for k in literal_keys if k not in catalogue and f"{k}.other" not in catalogue)
    assert len(literal_keys) > 100, "the key scan found too little: is the pattern still right?"
    assert not missing, f"UI texts missing from es-MX.json: {missing}"
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in catalogue), f"no catalogue key starts with {prefix!r}"
    for code in ("preparation", "registration", "campaign", "veda", "election_day", "results", "closed"):
        assert f"phase.{code}" in catalogue


def test_csp_allows_only_self_and_the_api_origin() -> None:
    csp = content_security_policy("https://api.example.org/v1/")
    assert "connect-src 'self' https://api.example.org;" in csp
    assert "'unsafe-inline'" not in csp and "'unsafe-eval'" not in csp
    with pytest.raises(ValueError):
        content_security_policy("javascript:alert(1)")
    # photo uploads (presigned POST to the bucket; locally the moto server): only their origins join
    with_uploads = content_security_policy("https://api.example.org", ("http://127.0.0.1:5001/decide-dev-photos",))
    assert "connect-src 'self' https://api.example.org http://127.0.0.1:5001;" in with_uploads
    assert "form-action 'self'" in with_uploads
    assert "img-src 'self' http://127.0.0.1:5001;" in with_uploads  # party emblems
    assert "img-src 'self';" in csp


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    dist = tmp_path_factory.mktemp("dist")
    build(dist=dist)
    (dist / ".tmp-secret").write_text("not served")
    server = make_server("127.0.0.1", 0, "http://127.0.0.1:9", root=dist)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_server_headers_compression_and_revalidation(served: str) -> None:
    status, headers, body = fetch(f"{served}/", **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    html = gzip.decompress(body).decode()
    assert "connect-src 'self' http://127.0.0.1:9" in headers["Content-Security-Policy"]
    assert headers["Cache-Control"] == "no-cache"
    status, _, _ = fetch(f"{served}/", **{"If-None-Match": headers["ETag"]})
    assert status == 304

    asset = re.search(r'src="(assets/js/main\.[0-9a-f]+\.js)"', html)
    assert asset is not None
    status, headers, _ = fetch(f"{served}/{asset.group(1)}")
    assert status == 200 and headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert headers["Content-Type"].startswith("application/javascript")

    status, headers, body = fetch(f"{served}/config.json")
    assert json.loads(body) == {"api_base_url": "http://127.0.0.1:9"}


@pytest.mark.parametrize("path", ["/../pyproject.toml", "/%2e%2e/pyproject.toml", "/.tmp-secret", "/nope.js"])
def test_server_serves_nothing_outside_the_site(served: str, path: str) -> None:
    status, _, _ = fetch(f"{served}{path}")
    assert status == 404


def test_every_style_sheet_closes_each_rule_it_opens() -> None:
    """An unclosed rule silently swallows every rule after it (a print rule, a `[hidden]` rule...)."""
    for sheet in (Path(__file__).resolve().parents[2] / "web" / "src" / "css").glob("*.css"):
        text = re.sub(r"/\*.*?\*/", "", sheet.read_text(encoding="utf-8"), flags=re.S)
        depth = 0
        for number, line in enumerate(text.splitlines(), 1):
            depth += line.count("{") - line.count("}")
            assert depth >= 0, f"{sheet.name}:{number} closes a rule that is not open"
        assert depth == 0, f"{sheet.name} leaves {depth} rule(s) open"
