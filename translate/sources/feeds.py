"""News feeds (RSS and Atom) as lists of articles: `translate feed` reads them here, picks
the items (newest first, --since, --limit) and hands them to the pipeline as web pages: by
their links, or, where the feed carries an item's whole article, as that text (not fetched).

A feed is a URL or a file. A URL is fetched like a page (translate.sources.fetch, with its limits,
redirects, polite delay and conditional GET), but must be served as XML: RSS, Atom or RDF.
Either way it is parsed by feedparser. Each item's link is resolved against the feed's address
(for a file, against the site the feed names as its own `link`), so relative links work.

What cannot be had fails with one line and the rest goes on: a feed that cannot be fetched or
is not a feed fails whole (an InputError), an item without a usable link fails alone (a line
in `Feed.failed`).
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.sax import SAXParseException

from translate.articles import Article
from translate.errors import InputError, UsageError, first_line
from translate.settings import DEFAULT_DELAY
from translate.sources.fetch import FEED, fetch
from translate.sources.readers import file_bytes
from translate.sources.urls import check_url, is_web, names_url, output_name, scheme
from translate.sources.web_cache import WebCache
from translate.words import counted

log = logging.getLogger(__name__)

FULL_TEXT_WORDS = 150  # an item's content this long is its article; shorter is a teaser
_TAG = re.compile(r"<[^>]+>")
# a web page: its first tag, after any byte order mark, comments and XML declaration
_WEB_PAGE = re.compile(
    r"\ufeff?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class Item:
    """One item of a feed: its title as the feed gives it, the absolute http(s) URL of its
    article, and when it was published (or last updated), in UTC, if the feed says."""

    title: str
    link: str
    published: datetime | None
    full_text: str | None = None  # the article's HTML, when the feed carries all of it

    def article(self) -> Article:
        """The item as a run's input: its link, and the feed's full text where there is one
        (then the page is not fetched)."""
        inline = None
        if self.full_text is not None:
            title = html.escape(self.title)
            date = (f'<meta property="article:published_time" content='
                    f'"{self.published.isoformat()}">' if self.published else "")
            inline = (f'<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>'
                      f"{title}</title>{date}</head><body><article><h1>{title}</h1>"
                      f"{self.full_text}</article></body></html>").encode()
        listed = self.published.isoformat(timespec="minutes") if self.published else None
        return Article(self.link, Path(output_name(self.link)), inline, listed)


@dataclass(frozen=True, slots=True)
class Feed:
    """A feed as read: its title, its usable items in feed order, and one line for each item
    that could not be used."""

    source: str  # as given: a URL or a path
    title: str
    items: tuple[Item, ...]
    failed: tuple[str, ...] = ()


def read_feed(source: str, cache_dir: Path | None = None, delay: float = DEFAULT_DELAY,
              max_bytes: int = 10 * 2**20) -> Feed:
    """The feed at `source`, a URL (fetched, with a `cache_dir` politely and conditionally)
    or a file. Raises InputError, one line, when it cannot be had or is not a feed."""
    if names_url(source):
        check_url(source)
        if cache_dir is None:
            fetched = fetch(source, max_bytes, accept=FEED)
        else:
            with WebCache.in_folder(cache_dir) as cache:
                fetched = fetch(source, max_bytes, cache, delay, accept=FEED)
        data, base = fetched.body, fetched.final_url
    else:
        data, base = file_bytes(Path(source), max_bytes), None
    parsed = _parse(source, data)
    if base is None:  # a file: its links are relative to the site it names as its own
        base = parsed.feed.get("link")
    items, failed = [], []
    for number, entry in enumerate(parsed.entries, 1):
        try:
            items.append(_item(entry, base))
        except InputError as exc:
            title = (entry.get("title") or "").strip()
            failed.append(f"{source}: item {_quoted(title) if title else number}: {exc}")
    title = (parsed.feed.get("title") or "").strip() or source
    log.debug("%s: %s, %s", source, title, counted(len(parsed.entries), "entry", "entries"))
    return Feed(source, title, tuple(items), tuple(failed))


def _parse(source: str, data: bytes) -> Any:
    """feedparser's reading of `data`, unless it is not a feed."""
    import feedparser

    parsed = feedparser.parse(data)
    if not parsed.get("version") or (parsed.get("bozo") and not parsed.entries):
        problem = parsed.get("bozo_exception")
        if _WEB_PAGE.match(data[:4096].decode("utf-8", "replace")):
            reason = "text/html"  # as a page served as one is refused (translate.sources.fetch)
        elif isinstance(problem, SAXParseException):  # (its line numbers are feedparser's)
            reason = f"not well-formed XML: {problem.getMessage()}"
        else:
            reason = first_line(problem) if problem else "no RSS, Atom or RDF root element"
        raise InputError(f"{source}: not an RSS or Atom feed ({reason})")
    return parsed


def _item(entry: Any, base: str | None) -> Item:
    """One entry as an Item; InputError (the part of the line after the item) if its link
    is missing or not an http(s) URL even after resolving it against `base`."""
    title = (entry.get("title") or "").strip()
    link = (entry.get("link") or "").strip()
    if not link or (link == entry.get("id") and not is_web(link)):
        raise InputError("no link")  # feedparser offers the id (urn:…) when there is none
    if scheme(link) is None:
        if not base:
            raise InputError(f"relative link {link}, and the feed names no address to "
                             "resolve it against")
        link = urljoin(base, link)
    check_url(link)
    return Item(title, link, _published(entry), _full_text(entry))


def _full_text(entry: Any) -> str | None:
    """The entry's content (Atom <content>, RSS <content:encoded>) when it is HTML or text of
    at least FULL_TEXT_WORDS words: an article, not a teaser."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if len(_TAG.sub(" ", value).split()) >= FULL_TEXT_WORDS:
            if content.get("type") == "text/plain":
                return "".join(f"<p>{html.escape(part)}</p>" for part in value.split("\n\n"))
            return value
    return None


def _published(entry: Any) -> datetime | None:
    """When an entry was published, or else updated, in UTC (feedparser gives UTC
    struct_times); None if it does not say or says something impossible."""
    for field in ("published_parsed", "updated_parsed"):
        parsed = entry.get(field)
        if parsed:
            try:
                return datetime(*parsed[:6]).replace(tzinfo=UTC)
            except (TypeError, ValueError):
                continue
    return None


def _quoted(title: str) -> str:
    return f'"{title if len(title) <= 80 else title[:79] + "…"}"'


def newest(items: list[Item], since: datetime | None = None, limit: int | None = None
           ) -> list[Item]:
    """`items` newest first (undated ones last, in feed order), each link once (its newest
    item), without those published before `since` (undated items are kept: their age is not
    known), at most `limit` of them."""
    ordered = sorted(items, key=lambda item: (item.published is None,
                                              -item.published.timestamp()
                                              if item.published else 0.0))
    chosen, seen = [], set()
    for item in ordered:
        if item.link in seen or (since and item.published and item.published < since):
            continue
        seen.add(item.link)
        chosen.append(item)
    return chosen[:limit] if limit is not None else chosen


def feed_items(sources: list[str], failed: list[str], cache_dir: Path | None = None,
               delay: float = DEFAULT_DELAY, max_bytes: int = 10 * 2**20) -> list[Item]:
    """The items of all feeds at `sources`, in feed order (`newest` picks and orders them); a
    feed or an item that cannot be used adds one line to `failed`, and the others go on."""
    items: list[Item] = []
    for source in sources:
        try:
            feed = read_feed(source, cache_dir, delay, max_bytes)
        except InputError as exc:
            failed.append(str(exc))
            continue
        failed += feed.failed
        items += feed.items
        log.info("%s: %s", feed.title, counted(len(feed.items), "item"))
    return items


def parse_since(text: str) -> datetime:
    """--since: an ISO date (midnight UTC) or date and time (UTC unless it says otherwise)."""
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since takes an ISO date or date and time (2024-03-12, "
                         f"2024-03-12T08:00, 2024-03-12T08:00+01:00), not {text!r}") from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)
