"""A web site on 127.0.0.1 for tests: pages the tests define, served over real HTTP to the
real httpx client, answering as news sites do.

A `Page` is a route's answer: a status, a body and its content type, validators (`etag`,
`last_modified`: a request whose If-None-Match or If-Modified-Since matches gets 304 Not
Modified), a `location` for redirects, `gzip` (the body is gzip-compressed when the request
accepts it), `sized=False` (no Content-Length: the body ends when the connection closes) and
`hang` (the request is accepted and never answered, until the server stops). Paths no route
names get 404. Every request is logged (`requests`: method, path, headers, time, status,
whether the answer was gzipped; `hits(path)`).

    python -m tests.web_server FOLDER [--port N]

serves each file of FOLDER at /NAME (HTML with an ETag), prints the site's URL on a line of
its own and serves until killed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import sys
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

from tests.serving import LoopbackServer

HTML = "text/html; charset=utf-8"


@dataclass
class Page:
    body: bytes = b""
    status: int = 200
    content_type: str | None = HTML
    etag: str | None = None
    last_modified: str | None = None  # an HTTP date: "Wed, 13 Sep 2023 11:32:00 GMT"
    location: str | None = None
    gzip: bool = False
    sized: bool = True
    hang: bool = False


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    time: float  # time.monotonic() when it came
    status: int = 0
    gzipped: bool = False


def html_page(body: bytes, **answer: Any) -> Page:
    """An HTML page with an ETag made from its bytes, as most sites send."""
    return Page(body, etag=f'"{hashlib.sha256(body).hexdigest()[:16]}"', **answer)


class WebServer(LoopbackServer):
    """`routes` served at `url` (`with WebServer(routes) as site:`, or start() and stop()).
    Routes may be added or changed while it serves."""

    def __init__(self, routes: dict[str, Page] | None = None, port: int = 0,
                 verbose: bool = False) -> None:
        self.routes = routes if routes is not None else {}
        self.verbose = verbose
        self.requests: list[Request] = []  # in the order they came
        super().__init__(_SiteHandler, port, site=self)

    def hits(self, path: str) -> list[Request]:
        return [request for request in self.requests if request.path == path]


class _SiteHandler(BaseHTTPRequestHandler):
    site: WebServer
    server_version = "web-server/1"

    def do_GET(self) -> None:
        request = Request("GET", self.path, {k.lower(): v for k, v in self.headers.items()},
                          time.monotonic())
        self.site.requests.append(request)
        page = self.site.routes.get(self.path, Page(b"<h1>Nicht gefunden</h1>", 404))
        if page.hang:
            self.site.released.wait()
            return
        if page.status == 200 and _not_modified(page, request.headers):
            request.status = 304
            self.send_response(304)
            self._validators(page)
            self.end_headers()
            return
        body = page.body
        request.status = page.status
        request.gzipped = page.gzip and "gzip" in request.headers.get("accept-encoding", "")
        if request.gzipped:
            body = gzip.compress(body)
        self.send_response(page.status)
        if page.content_type:
            self.send_header("Content-Type", page.content_type)
        if page.location:
            self.send_header("Location", page.location)
        if request.gzipped:
            self.send_header("Content-Encoding", "gzip")
        if page.sized:
            self.send_header("Content-Length", str(len(body)))
        self._validators(page)
        self.end_headers()
        self.wfile.write(body)

    def _validators(self, page: Page) -> None:
        if page.etag:
            self.send_header("ETag", page.etag)
        if page.last_modified:
            self.send_header("Last-Modified", page.last_modified)

    def log_message(self, format: str, *args: Any) -> None:
        if self.site.verbose:
            sys.stderr.write(f"web-server: {format % args}\n")


def _not_modified(page: Page, headers: dict[str, str]) -> bool:
    """Whether the request's conditions say the client has `page` already (RFC 9110: when
    If-None-Match is sent, If-Modified-Since is ignored)."""
    if "if-none-match" in headers:
        tags = [tag.strip() for tag in headers["if-none-match"].split(",")]
        return page.etag is not None and (page.etag in tags or "*" in tags)
    if "if-modified-since" in headers and page.last_modified:
        try:
            return (parsedate_to_datetime(page.last_modified)
                    <= parsedate_to_datetime(headers["if-modified-since"]))
        except (TypeError, ValueError):
            return False
    return False


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.web_server",
                                     description="Serve a folder's files as web pages.")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--port", type=int, default=0, help="default: a free port")
    parser.add_argument("--verbose", action="store_true", help="log every request on stderr")
    args = parser.parse_args(argv)
    routes = {f"/{path.name}": html_page(path.read_bytes(), gzip=True)
              for path in sorted(args.folder.iterdir()) if path.is_file()}
    site = WebServer(routes, args.port, args.verbose)
    site.serve_until_interrupted()


if __name__ == "__main__":
    main()
