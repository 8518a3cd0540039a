"""Build the static web front: web/src → web/dist with content-hashed assets.

No bundler: the front is a set of ES modules. Each module is written as
`assets/js/<path>.<hash>.js` after its relative imports are rewritten to their hashed names,
hashing leaves first, so any change propagates to every importer (and to index.html).
The UI text catalogue `web/src/i18n/<language>.json` becomes the generated module
`js/messages.js`; `{{t:key}}` markers in `index.html` are filled from the same catalogue.

Hashed files are immutable (served with a one-year cache); `index.html` and `config.json`
are not hashed and must be revalidated. `config.json` (the API base URL) is configuration:
the local web server serves it from its arguments, a deployment writes it next to index.html.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from decide.config import PROJECT_DIR

WEB_DIR = PROJECT_DIR / "web"
SOURCE_DIR = WEB_DIR / "src"
DIST_DIR = WEB_DIR / "dist"
DEFAULT_LANGUAGE = "es-MX"
MESSAGES_MODULE = "js/messages.js"
ENTRY_MODULE = "js/main.js"
HASH_LENGTH = 10

# `import x from "./a.js"`, `export { y } from "../b.js"`, `import "./c.js"`: relative specifiers only.
STATIC_IMPORT = r"""\b(?:import|export)\b[^;'"()]*?\bfrom\s*|\bimport\s*"""
# `import("./pages/x.js")`: loaded when first needed, so not preloaded with the first page.
DYNAMIC_IMPORT = r"""\bimport\s*\(\s*"""
IMPORT_PATTERN = re.compile(rf"""({STATIC_IMPORT}|{DYNAMIC_IMPORT})(["'])(\.{{1,2}}/[^"']+)\2""")
STATIC_IMPORT_PATTERN = re.compile(rf"""({STATIC_IMPORT})(["'])(\.{{1,2}}/[^"']+)\2""")
PLACEHOLDER_PATTERN = re.compile(r"{{\s*([a-z_]+)(?::([A-Za-z0-9_.-]+))?\s*}}")


class WebBuildError(Exception):
    """The sources cannot be built (unknown import, cycle, missing catalogue key...)."""


@dataclass
class BuildResult:
    dist: Path
    language: str
    entry: str
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def assets(self) -> list[str]:
        return sorted(name for name in self.files if name.startswith("assets/"))


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:HASH_LENGTH]


def hashed_name(path: str, data: bytes) -> str:
    pure = PurePosixPath(path)
    return str(pure.with_name(f"{pure.stem}.{content_hash(data)}{pure.suffix}"))


def load_catalogue(source: Path, language: str) -> dict[str, str]:
    path = source / "i18n" / f"{language}.json"
    if not path.exists():
        raise WebBuildError(f"no UI catalogue for language {language!r} at {path}")
    catalogue = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(catalogue, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in catalogue.items()
    ):
        raise WebBuildError(f"{path} must be a flat JSON object of strings")
    return catalogue


def _resolve(importer: str, specifier: str) -> str:
    parts: list[str] = []
    for part in (PurePosixPath(importer).parent / specifier).parts:
        if part == "..":
            if not parts:
                raise WebBuildError(f"{importer}: import {specifier!r} leaves the source folder")
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def _relative(importer: str, target: str) -> str:
    rel = os.path.relpath(target, str(PurePosixPath(importer).parent) or ".")
    return rel if rel.startswith("../") else f"./{rel}"


def hash_modules(sources: dict[str, str]) -> dict[str, tuple[str, bytes]]:
    """Source path → (hashed path, rewritten bytes), hashing each module after its imports."""
    done: dict[str, tuple[str, bytes]] = {}
    visiting: list[str] = []

    def visit(path: str) -> tuple[str, bytes]:
        if path in done:
            return done[path]
        if path in visiting:
            cycle = " → ".join([*visiting[visiting.index(path) :], path])
            raise WebBuildError(f"import cycle: {cycle}")
        visiting.append(path)

        def rewrite(match: re.Match[str]) -> str:
            target = _resolve(path, match.group(3))
            if target not in sources:
                raise WebBuildError(f"{path}: imports {match.group(3)!r}, which does not exist")
            hashed, _ = visit(target)
            return f"{match.group(1)}{match.group(2)}{_relative(path, hashed)}{match.group(2)}"

        data = IMPORT_PATTERN.sub(rewrite, sources[path]).encode()
        visiting.pop()
        done[path] = (hashed_name(path, data), data)
        return done[path]

    for path in sorted(sources):
        visit(path)
    return done


def static_closure(sources: dict[str, str], entry: str) -> list[str]:
    """The modules `entry` needs before it runs (static imports, transitively), entry excluded."""
    seen: set[str] = set()
    pending = [entry]
    while pending:
        path = pending.pop()
        for match in STATIC_IMPORT_PATTERN.finditer(sources[path]):
            target = _resolve(path, match.group(3))
            if target not in seen and target in sources:
                seen.add(target)
                pending.append(target)
    seen.discard(entry)
    return sorted(seen)


def _read_sources(source: Path, suffix: str, folder: str) -> dict[str, str]:
    base = source / folder
    return {
        f"{folder}/{p.relative_to(base).as_posix()}": p.read_text(encoding="utf-8")
        for p in sorted(base.rglob(f"*{suffix}"))
    }


def render_index(template: str, catalogue: dict[str, str], values: dict[str, str]) -> str:
    def fill(match: re.Match[str]) -> str:
        name, key = match.group(1), match.group(2)
        if name == "t":
            if key not in catalogue:
                raise WebBuildError(f"index.html uses {key!r}, which the catalogue lacks")
            return html.escape(catalogue[key])
        if name not in values:
            raise WebBuildError(f"index.html uses unknown catalogue marker {name!r}")
        return values[name]

    return PLACEHOLDER_PATTERN.sub(fill, template)


def compile_site(source: Path = SOURCE_DIR, language: str = DEFAULT_LANGUAGE) -> dict[str, bytes]:
    """Every file of the built site, by its path relative to dist."""
    catalogue = load_catalogue(source, language)
    modules = _read_sources(source, ".js", "js")
    if MESSAGES_MODULE in modules:
        raise WebBuildError(f"{MESSAGES_MODULE} is generated from the catalogue; do not write it by hand")
    modules[MESSAGES_MODULE] = (
        f"// Generated from web/src/i18n/{language}.json by decide/web_build.py.\n"
        f"export default {json.dumps(catalogue, ensure_ascii=False, indent=1, sort_keys=True)};\n"
    )
    if ENTRY_MODULE not in modules:
        raise WebBuildError(f"no entry module {ENTRY_MODULE}")
    hashed = hash_modules(modules)
    files: dict[str, bytes] = {f"assets/{name}": data for name, data in hashed.values()}

    stylesheets = []
    for path, text in _read_sources(source, ".css", "css").items():
        data = text.encode()
        name = f"assets/{hashed_name(path, data)}"
        files[name] = data
        stylesheets.append(name)
    icons = {}
    for path, text in _read_sources(source, ".svg", "img").items():
        data = text.encode()
        name = f"assets/{hashed_name(path, data)}"
        files[name] = data
        icons[PurePosixPath(path).stem] = name

    entry = f"assets/{hashed[ENTRY_MODULE][0]}"
    preloads = [f"assets/{hashed[src][0]}" for src in static_closure(modules, ENTRY_MODULE)]
    values = {
        "lang": html.escape(catalogue.get("meta.lang", language)),
        "stylesheets": "\n    ".join(f'<link rel="stylesheet" href="{name}">' for name in stylesheets),
        "modulepreloads": "\n    ".join(f'<link rel="modulepreload" href="{name}">' for name in preloads),
        "entry": f'<script type="module" src="{entry}"></script>',
        "favicon": f'<link rel="icon" href="{icons["favicon"]}" type="image/svg+xml">' if "favicon" in icons else "",
    }
    index = render_index((source / "index.html").read_text(encoding="utf-8"), catalogue, values)
    files["index.html"] = index.encode()
    return files


def write_site(files: dict[str, bytes], dist: Path) -> None:
    """Write `files` into `dist` file by file with atomic replaces, then drop stale files.

    Another server may be serving `dist` (a second `make run`, the browser tests): a reader
    sees either the old or the new version of a file, never a partial one."""
    dist.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        target = dist / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists() and target.read_bytes() == data:
            continue
        with tempfile.NamedTemporaryFile(dir=target.parent, prefix=".tmp-", delete=False) as tmp:
            tmp.write(data)
        os.chmod(tmp.name, 0o644)
        os.replace(tmp.name, target)
    wanted = {dist / name for name in files}
    for path in sorted(dist.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted and not path.name.startswith(".tmp-"):
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            shutil.rmtree(path, ignore_errors=True)


def build(source: Path = SOURCE_DIR, dist: Path = DIST_DIR, language: str = DEFAULT_LANGUAGE) -> BuildResult:
    files = compile_site(source, language)
    write_site(files, dist)
    entry = next(name for name in files if name.startswith("assets/js/main."))
    return BuildResult(dist=dist, language=language, entry=entry, files=files)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(api_url: str, upload_urls: tuple[str, ...] = ()) -> str:
    """The policy the front is built for: no inline code, data only from itself and the API.

    `upload_urls` are where the browser POSTs candidacy photos with the API's presigned POST
    (the photos bucket; locally the moto server): only their origins are added to `connect-src`,
    and to `img-src` for the party emblems stored there (deployed, the CDN serves them as 'self').
    """
    uploads = [origin_of(url) for url in upload_urls]
    connect = " ".join(["'self'", origin_of(api_url), *uploads])
    images = " ".join(["'self'", *uploads])  # party emblems are read where they were uploaded
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self'",
            f"connect-src {connect}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def site_config(api_url: str) -> dict[str, str]:
    """The body of config.json: what a deployment configures, not code."""
    return {"api_base_url": api_url.rstrip("/")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="decide-web-build", description=__doc__)
    parser.add_argument("--dist", type=Path, default=DIST_DIR)
    parser.add_argument("--language", default=DEFAULT_LANGUAGE)
    parser.add_argument("--api-url", help="also write config.json pointing at this API base URL (deployments)")
    args = parser.parse_args(argv)
    result = build(dist=args.dist, language=args.language)
    if args.api_url:
        (args.dist / "config.json").write_text(json.dumps(site_config(args.api_url)) + "\n")
        result.files["config.json"] = b""
    print(f"built {len(result.files)} files into {result.dist} ({result.language}); entry {result.entry}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
