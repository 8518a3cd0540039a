"""The local web server behind `make run`: serves the built web/dist as CloudFront would.

- `/config.json` is generated from the arguments (the API base URL is configuration);
- every response carries the Content-Security-Policy and the other security headers;
- hashed assets (`/assets/...`) are cached for a year as immutable, the rest revalidates (ETag);
- text responses are gzip-compressed when the browser accepts it, like the CDN does, so the
  measured transfer sizes are those of production.

Run as `python -m decide.web_server --port 8080 --api-url http://127.0.0.1:8000 [--build]`.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import mimetypes
import posixpath
import sys
import urllib.error
import urllib.parse
import urllib.request
from functools import partial
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from decide.web_build import DIST_DIR, build, content_security_policy, site_config

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json; charset=utf-8",
    ".svg": "image/svg+xml",
}


def security_headers(api_url: str, upload_urls: tuple[str, ...] = ()) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(api_url, upload_urls),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
    }


class WebHandler(BaseHTTPRequestHandler):
    server_version = "DecideWeb/1"

    def __init__(
        self, *args: object, root: Path, api_url: str, quiet: bool, upload_urls: tuple[str, ...] = (), **kwargs: object
    ) -> None:
        self.root = root
        self.api_url = api_url
        self.upload_urls = upload_urls
        self.quiet = quiet
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _file(self, url_path: str) -> Path | None:
        """The file under root for a URL path, or None (never anything outside root)."""
        path = posixpath.normpath(urllib.parse.unquote(url_path))
        parts = [p for p in path.split("/") if p and p not in {".", ".."}]
        candidate = self.root.joinpath(*parts) if parts else self.root / "index.html"
        if candidate.is_dir():
            candidate = candidate / "index.html"
        try:
            candidate.resolve().relative_to(self.root.resolve())
        except ValueError:
            return None
        return candidate if candidate.is_file() and not candidate.name.startswith(".") else None

    def _serve(self, send_body: bool) -> None:
        url_path = urllib.parse.urlsplit(self.path).path
        if url_path == "/config.json":
            body = (json.dumps(site_config(self.api_url)) + "\n").encode()
            self._respond(HTTPStatus.OK, body, TYPES[".json"], REVALIDATE, send_body)
            return
        if url_path.startswith("/s/"):
            self._section_page(url_path, send_body)
            return
        file = self._file(url_path)
        if file is None:
            body = b"<!doctype html><title>404</title><p>Not found</p>\n"
            self._respond(HTTPStatus.NOT_FOUND, body, TYPES[".html"], "no-store", send_body)
            return
        content_type = TYPES.get(file.suffix) or mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        cache = IMMUTABLE if url_path.startswith("/assets/") else REVALIDATE
        self._respond(HTTPStatus.OK, file.read_bytes(), content_type, cache, send_body)

    def _section_page(self, url_path: str, send_body: bool) -> None:
        """The data saver (`/s/<section>`) is rendered by the API; this origin relays it, as CloudFront does."""
        section = urllib.parse.quote(url_path.removeprefix("/s/"), safe="")
        try:
            with urllib.request.urlopen(f"{self.api_url}/s/{section}", timeout=30) as answer:
                status, body, content_type = HTTPStatus(answer.status), answer.read(), answer.headers["Content-Type"]
                cache = answer.headers.get("Cache-Control", REVALIDATE)
        except urllib.error.HTTPError as error:
            status, body = HTTPStatus(error.code), error.read()
            content_type, cache = error.headers.get("Content-Type", TYPES[".json"]), "no-store"
        self._respond(status, body, content_type, cache, send_body)

    def _respond(self, status: HTTPStatus, body: bytes, content_type: str, cache: str, send_body: bool) -> None:
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        encoding = None
        if content_type.startswith(COMPRESSIBLE) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body, compresslevel=9, mtime=0)
            encoding = "gzip"
        if status == HTTPStatus.OK and etag in {t.strip() for t in self.headers.get("If-None-Match", "").split(",")}:
            status, body = HTTPStatus.NOT_MODIFIED, b""
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", cache)
        self.send_header("ETag", etag)
        self.send_header("Vary", "Accept-Encoding")
        if encoding and status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Encoding", encoding)
        for name, value in security_headers(self.api_url, self.upload_urls).items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if send_body and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)


def make_server(
    host: str,
    port: int,
    api_url: str,
    root: Path = DIST_DIR,
    quiet: bool = True,
    upload_urls: tuple[str, ...] = (),
) -> ThreadingHTTPServer:
    handler = partial(WebHandler, root=root, api_url=api_url, quiet=quiet, upload_urls=upload_urls)
    server = ThreadingHTTPServer((host, port), handler)
    server.daemon_threads = True
    return server


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="decide-web", description="serve the built web front locally")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--api-url", required=True, help="base URL of the HTTP API, e.g. http://127.0.0.1:8000")
    parser.add_argument(
        "--upload-url",
        action="append",
        default=[],
        help="where photos are uploaded with presigned POSTs (its origin joins connect-src), e.g. the moto server",
    )
    parser.add_argument("--root", type=Path, default=DIST_DIR)
    parser.add_argument("--build", action="store_true", help="build web/src into the root first")
    parser.add_argument("--verbose", action="store_true", help="log every request")
    args = parser.parse_args(argv)
    if args.build:
        result = build(dist=args.root)
        print(f"web: built {len(result.files)} files into {result.dist}", flush=True)
    server = make_server(
        args.host, args.port, args.api_url, args.root, quiet=not args.verbose, upload_urls=tuple(args.upload_url)
    )
    print(f"web: serving {args.root} on http://{args.host}:{server.server_port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
