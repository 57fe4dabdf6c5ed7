"""Web pages and documents by URL, fetched the way a careful client fetches them: with httpx,
timeouts, at most MAX_REDIRECTS redirects, gzip, a User-Agent naming this tool and its version,
only HTML pages and the documents there are readers for (translate.input_formats: a DOCX, ODT
or EPUB content type; application/octet-stream when the bytes or the URL's suffix tell the
format) or, for translate.sources.feeds, RSS and Atom, and a body read as it streams in and
given up on past the input limit. For translate serve (PAGE.public()), only hosts whose
addresses are all public are asked, at every redirect (translate.sources.guard).

With a WebCache (translate.sources.web_cache), each request first waits its turn for its host, so a
site is asked at most once every `delay` seconds (across runs that share the cache, too), and
a page fetched before is asked for conditionally (If-None-Match, If-Modified-Since): on a
304 the cached body is used, so its bytes, and with them the output key, are those of the
last run, and an up-to-date article is skipped before it is parsed.

A page that cannot be had is one InputError line naming the URL: its status (404 Not Found,
503 Service Unavailable), a timeout, a TLS error, a redirect loop or too many redirects, a
content type that is neither HTML nor a readable document, a body over the limit, a private
address where those are refused.
"""

from __future__ import annotations

import ssl
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from translate import __version__
from translate.errors import InputError, first_line
from translate.input_formats import MEDIA_TYPES
from translate.settings import DEFAULT_DELAY
from translate.sources.guard import check_public
from translate.sources.readers import format_for, sniff_bytes, too_large
from translate.sources.urls import WEB_SCHEMES, scheme
from translate.sources.web_cache import CachedPage, WebCache

if TYPE_CHECKING:
    import httpx

TIMEOUT = 15.0  # seconds to connect, and to wait for each next piece of an answer
MAX_REDIRECTS = 5
# what servers call a body they do not label: its URL's suffix or its bytes tell the format
UNLABELLED = ("application/octet-stream", "binary/octet-stream")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
              "application/xml", "text/xml")


@dataclass(frozen=True, slots=True)
class Accept:
    """What a fetch takes: its content types (`what`: what the error calls an answer of another
    type), and whether from hosts at private addresses too."""

    types: tuple[str, ...]
    what: str
    private: bool = True  # False: public addresses only, at every hop (translate serve)

    def public(self) -> Accept:
        """The same, from hosts at public addresses only."""
        return replace(self, private=False)


PAGE = Accept((*MEDIA_TYPES, *UNLABELLED), "an HTML page or a readable document")
FEED = Accept(FEED_TYPES, "an RSS or Atom feed")  # translate.sources.feeds
USER_AGENT = f"translate/{__version__} (German news to bilingual German | English; httpx)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True, slots=True)
class Fetched:
    """One page as fetched: its body and what the server said about it."""

    url: str  # as asked for
    final_url: str  # where redirects ended
    body: bytes
    fetched_at: str  # ISO 8601, UTC
    etag: str | None = None
    last_modified: str | None = None
    not_modified: bool = False  # the server answered 304, and `body` is the cached one
    content_type: str | None = None  # the media type it came with (None: after a 304)

    def source_fields(self) -> dict[str, str | None]:
        """What a Document's source block records of the fetch (translate.document.Source)."""
        return {"url": self.url, "final_url": self.final_url, "fetched_at": self.fetched_at,
                "etag": self.etag, "last_modified": self.last_modified}


def fetch(url: str, max_bytes: int, cache: WebCache | None = None,
          delay: float = DEFAULT_DELAY, timeout: float = TIMEOUT,
          accept: Accept = PAGE) -> Fetched:
    """GET the HTML page or document (or what `accept` takes: FEED; PAGE.public(): from
    public addresses only) at `url` (http or https), following redirects, with a body of at
    most `max_bytes`; with a `cache`, politely (`delay`) and conditionally. Raises
    InputError."""
    import httpx

    visited = [url]
    with _errors(url, timeout), httpx.Client(headers={"User-Agent": USER_AGENT},
                                             timeout=timeout) as client:
        while True:
            at = visited[-1]
            if not accept.private:
                _guard(url, at)
            kept = cache.page(at) if cache else None
            if cache:
                time.sleep(cache.turn(urlsplit(at).hostname or "", delay))
            with client.stream("GET", at, headers=_conditions(kept)) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    visited.append(_redirect(url, visited, response))
                    continue
                return _page(visited, response, kept, cache, max_bytes, accept)


def _guard(url: str, at: str) -> None:
    """Refuse `at` (where `url` led) unless its host's addresses are all public."""
    try:
        check_public(at)
    except InputError as exc:
        raise InputError(f"{url}: redirected to {exc}" if at != url else str(exc)) from None


def page_format(page: Fetched) -> str:
    """The reader for a fetched page: as its content type says; for an unlabelled body, as its
    bytes or else the suffix of its URL say; a page kept from before (a 304) is a document when
    its bytes say so, else HTML."""
    if page.content_type in MEDIA_TYPES:
        return MEDIA_TYPES[page.content_type]
    if fmt := sniff_bytes(page.body, page.url):
        return fmt
    if page.content_type is None:
        return "html"
    fmt = format_for(Path(unquote(urlsplit(page.final_url).path)))
    if fmt is None:
        raise InputError(f"{page.url}: not {PAGE.what} ({page.content_type}, and neither its "
                         "URL nor its bytes say of which format)")
    return fmt


def _conditions(kept: CachedPage | None) -> dict[str, str]:
    """The headers that ask for a page only if it changed since it was `kept`."""
    if kept is None:
        return {}
    asked = {"If-None-Match": kept.etag, "If-Modified-Since": kept.last_modified}
    return {name: value for name, value in asked.items() if value is not None}


def _redirect(url: str, visited: list[str], response: httpx.Response) -> str:
    """Where a redirect leads, unless that is not http(s), a URL already visited, or one
    redirect too many."""
    target = str(response.url.join(response.headers["location"]))
    if scheme(target) not in WEB_SCHEMES:
        raise InputError(f"{url}: redirected to {target}, but only http and https URLs can "
                         "be fetched")
    if target in visited:
        raise InputError(f"{url}: redirect loop ({' → '.join([*visited, target])})")
    if len(visited) > MAX_REDIRECTS:
        raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects (the last to {target})")
    return target


def _page(visited: list[str], response: httpx.Response, kept: CachedPage | None,
          cache: WebCache | None, max_bytes: int, accept: Accept = PAGE) -> Fetched:
    """The page `response` brings (from the last URL `visited`, after any redirects from the
    first), or the kept one on a 304; kept for next time."""
    url, at = visited[0], visited[-1]
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = response.headers
    if response.status_code == 304 and kept is not None:
        page = CachedPage(kept.body, headers.get("etag", kept.etag),
                          headers.get("last-modified", kept.last_modified))
        if cache and page != kept:
            cache.keep(at, page)
        return Fetched(url, at, page.body, now, page.etag, page.last_modified, True)
    if response.status_code != 200:
        where = f" (at {at})" if at != url else ""
        raise InputError(f"{url}: {response.status_code} {response.reason_phrase}{where}")
    kind = headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in accept.types:
        raise InputError(f"{url}: not {accept.what} ({kind or 'no content type'})")
    page = CachedPage(_body(url, response, max_bytes), headers.get("etag"),
                      headers.get("last-modified"))
    if cache:
        cache.keep(at, page)
    return Fetched(url, at, page.body, now, page.etag, page.last_modified, content_type=kind)


def _body(url: str, response: httpx.Response, max_bytes: int) -> bytes:
    """The body, decompressed, refused as soon as it is known to exceed `max_bytes`: from
    its declared length, or once that much has come in."""
    declared = response.headers.get("content-length", "")
    if "content-encoding" not in response.headers and declared.isdigit() \
            and int(declared) > max_bytes:
        raise too_large(url, max_bytes)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > max_bytes:
            raise too_large(url, max_bytes)
    return bytes(body)


@contextmanager
def _errors(url: str, timeout: float) -> Iterator[None]:
    """httpx's exceptions as one InputError line each."""
    import httpx

    try:
        yield
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.TransportError as exc:
        if reason := _tls_reason(exc):
            raise InputError(f"{url}: TLS error ({reason})") from None
        if isinstance(exc, httpx.ConnectError):
            raise InputError(f"{url}: cannot connect ({first_line(exc)})") from None
        raise InputError(f"{url}: {first_line(exc)}") from None
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise InputError(f"{url}: {first_line(exc)}") from None


def _tls_reason(exc: BaseException) -> str | None:
    """What the TLS layer said, if an SSLError is behind `exc`: "certificate has expired",
    "wrong version number" (the server does not speak TLS)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, ssl.SSLError):
            reason = getattr(cause, "verify_message", None) or cause.reason or ""
            return reason.replace("_", " ").lower() or first_line(cause)
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return None
