"""News feeds (translate.sources.feeds) and `translate feed`: an RSS and an Atom feed of our
own, and
their articles, served on 127.0.0.1 by tests/web_server.py to the real httpx client; no other
network. The feeds list their items out of date order, with a relative link and an item
without a link, as real feeds do."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from tests.web_server import Page, WebServer, html_page
from translate.cli import app
from translate.errors import InputError, UsageError
from translate.output.render.dates import readable
from translate.sources.feeds import Item, newest, parse_since, read_feed
from translate.sources.urls import output_name

RSS_TYPE = "application/rss+xml; charset=utf-8"
ATOM_TYPE = "application/atom+xml"


def article(title: str, date: str, *paragraphs: str) -> bytes:
    """A news page with its date in the usual meta tag."""
    body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8"><title>{title} | Nordkurier am Abend</title>
<meta property="article:published_time" content="{date}"></head>
<body><nav><a href="/">Startseite</a> <a href="/lokales">Lokales</a></nav>
<article><h1>{title}</h1>{body}</article>
<footer>Impressum · Datenschutz</footer></body></html>
""".encode()


PAGES = {
    "/wirtschaft/hafen.html": article(
        "Hafen Rostock meldet Rekordumschlag", "2024-03-13T09:15:00+01:00",
        "Der Rostocker Hafen hat im vergangenen Jahr so viel Fracht umgeschlagen wie nie "
        "zuvor. Vor allem der Fährverkehr nach Skandinavien legte deutlich zu.",
        "Die Hafengesellschaft will in den kommenden Jahren einen weiteren Liegeplatz bauen. "
        "Der Bau soll im Herbst beginnen."),
    "/kultur/museum.html": article(
        "Museum zeigt Bilder aus hundert Jahren Ostseebad", "2024-03-12T14:00:00+01:00",
        "Das Heimatmuseum in Warnemünde zeigt ab Samstag alte Fotografien des Ostseebads. "
        "Viele Bilder stammen aus privaten Sammlungen.",
        "Die Ausstellung ist bis zum Ende des Sommers zu sehen. Der Eintritt ist frei."),
    "/politik/kreistag.html": article(
        "Kreistag beschließt neuen Busfahrplan", "2024-03-11T18:30:00+01:00",
        "Der Kreistag hat am Montagabend einen neuen Fahrplan für die Busse im Landkreis "
        "beschlossen. Künftig fahren die Linien auch am Wochenende stündlich.",
        "Die Kosten trägt zum großen Teil das Land. Der Fahrplan gilt ab dem ersten Mai."),
    "/feeds/sport/ruderer.html": article(
        "Ruderer gewinnen Regatta auf der Warnow", "2024-03-10T12:00:00+01:00",
        "Die Ruderer des Rostocker Vereins haben die Frühjahrsregatta auf der Warnow "
        "gewonnen. Der Vorsprung betrug nur wenige Sekunden.",
        "Im Sommer wollen die Sportler bei den deutschen Meisterschaften antreten."),
    "/feeds/sport/segler.html": article(
        "Segelschule öffnet am Breitling", "2024-03-14T10:00:00+01:00",
        "Am Breitling öffnet im April eine neue Segelschule. Kinder und Erwachsene können "
        "dort Kurse belegen.",
        "Die Boote stellt ein Verein aus der Nachbarschaft zur Verfügung."),
    "/feeds/sport/schwimmhalle.html": article(
        "Schwimmhalle bleibt im Sommer geschlossen", "2024-03-09T08:00:00+01:00",
        "Die Schwimmhalle in der Innenstadt wird im Sommer saniert. Sie bleibt deshalb von "
        "Juni bis August geschlossen.",
        "Die Vereine dürfen in dieser Zeit das Freibad nutzen."),
}
# Newest first: what the digests must list.
RSS_ORDER = ["/wirtschaft/hafen.html", "/kultur/museum.html", "/politik/kreistag.html"]
ATOM_ORDER = ["/feeds/sport/segler.html", "/feeds/sport/ruderer.html",
              "/feeds/sport/schwimmhalle.html"]


def rss(base: str, channel_link: str | None = None) -> bytes:
    """Four items out of date order: one absolute link, two relative ones, one with none."""
    link = f"<link>{channel_link}</link>" if channel_link else ""
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Nordkurier am Abend</title>{link}
<description>Nachrichten aus der Region</description>
<item><title>Kreistag beschließt neuen Busfahrplan</title>
  <link>{base}/politik/kreistag.html</link><pubDate>Mon, 11 Mar 2024 18:30:00 +0100</pubDate></item>
<item><title>Hafen Rostock meldet Rekordumschlag</title>
  <link>/wirtschaft/hafen.html</link><pubDate>Wed, 13 Mar 2024 09:15:00 +0100</pubDate></item>
<item><title>Ohne Verweis</title><description>Eine Meldung ohne Artikel.</description>
  <pubDate>Thu, 14 Mar 2024 07:00:00 +0100</pubDate></item>
<item><title>Museum zeigt Bilder aus hundert Jahren Ostseebad</title>
  <link>/kultur/museum.html</link><pubDate>Tue, 12 Mar 2024 14:00:00 +0100</pubDate></item>
</channel></rss>
""".encode()


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Sport im Norden</title>
<id>urn:uuid:3c1d7a52-sport</id><updated>2024-03-14T10:00:00+01:00</updated>
<entry><title>Schwimmhalle bleibt im Sommer geschlossen</title><id>urn:sport:3</id>
  <link rel="alternate" href="sport/schwimmhalle.html"/></entry>
<entry><title>Ruderer gewinnen Regatta auf der Warnow</title><id>urn:sport:1</id>
  <link rel="alternate" href="sport/ruderer.html"/>
  <updated>2024-03-10T12:00:00+01:00</updated></entry>
<entry><title>Ein Eintrag ohne Verweis</title><id>urn:sport:4</id>
  <updated>2024-03-15T12:00:00+01:00</updated></entry>
<entry><title>Segelschule öffnet am Breitling</title><id>urn:sport:2</id>
  <link rel="alternate" href="sport/segler.html"/><published>2024-03-14T10:00:00+01:00</published>
  <updated>2024-03-14T10:00:00+01:00</updated></entry>
</feed>
""".encode()


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("translate: error")]


@pytest.fixture
def site() -> Iterator[WebServer]:
    with WebServer() as server:
        server.routes.update({path: html_page(body) for path, body in PAGES.items()})
        server.routes["/rss.xml"] = html_page(rss(server.url), content_type=RSS_TYPE)
        server.routes["/feeds/atom.xml"] = Page(ATOM, content_type=ATOM_TYPE,
                                                last_modified="Thu, 14 Mar 2024 09:00:00 GMT")
        server.routes["/kaputt.xml"] = Page(b"<rss><channel><title>Abgebrochen",
                                            content_type="application/xml")
        server.routes["/startseite"] = html_page(PAGES["/kultur/museum.html"])
        yield server


@pytest.fixture
def translate_feed(trained_model_dir: Path, tmp_path: Path):
    """`translate feed ARGS -o tmp/out` with the trained stand-in, on the CPU, no delay."""
    out = tmp_path / "out"

    def run(*args: str | Path):
        return invoke("feed", *args, "-o", out, "--model", trained_model_dir,
                      "--device", "cpu", "--delay", "0")

    run.out = out
    return run


def digest_lines(out: Path) -> list[str]:
    return [line for line in (out / "index.md").read_text().splitlines()
            if line.startswith("- ")]


def assert_digest(out: Path, base: str, paths: list[str]) -> None:
    """index.md lists the pages at `paths`, in that order, each linking to its bilingual
    page (which exists) and to its source, with its date."""
    text = (out / "index.md").read_text()
    entries = text.split("\n- ")[1:]
    assert len(entries) == len(paths), text
    for entry, path in zip(entries, paths, strict=True):
        name = f"{output_name(base + path)}.de-en.md"
        assert f"]({name})" in entry
        assert (out / name).is_file()
        title = re.search(r"<h1>(.*?)</h1>", PAGES[path].decode())[1]
        assert entry.startswith(f"[{title}]")
        assert base + path in entry  # the source link
        date = re.search(r'published_time" content="(\d{4}-\d\d-\d\d)', PAGES[path].decode())
        assert readable(date[1]) in entry  # "11 Mar 2024"


# -- reading feeds ----------------------------------------------------------------------------

def test_an_rss_feed_by_url_resolves_its_links_against_the_feed(site: WebServer) -> None:
    feed = read_feed(site.url + "/rss.xml")
    assert feed.title == "Nordkurier am Abend"
    assert [(item.link, item.published) for item in feed.items] == [
        (site.url + "/politik/kreistag.html", datetime(2024, 3, 11, 17, 30, tzinfo=UTC)),
        (site.url + "/wirtschaft/hafen.html", datetime(2024, 3, 13, 8, 15, tzinfo=UTC)),
        (site.url + "/kultur/museum.html", datetime(2024, 3, 12, 13, 0, tzinfo=UTC))]
    assert feed.failed == (f'{site.url}/rss.xml: item "Ohne Verweis": no link',)


def test_an_atom_feed_resolves_relative_links_against_its_own_path(site: WebServer) -> None:
    feed = read_feed(site.url + "/feeds/atom.xml")
    assert [item.link for item in newest(list(feed.items))] == [site.url + path
                                                                for path in ATOM_ORDER]
    assert feed.items[0].published is None  # undated: sorted last
    assert feed.failed == (f'{site.url}/feeds/atom.xml: item "Ein Eintrag ohne Verweis": '
                           "no link",)


def test_a_feed_file_resolves_its_links_against_the_site_it_names(tmp_path: Path) -> None:
    named = tmp_path / "named.xml"
    named.write_bytes(rss("https://www.nordkurier.example", "https://www.nordkurier.example/"))
    assert [item.link for item in read_feed(str(named)).items] == [
        "https://www.nordkurier.example" + path
        for path in ("/politik/kreistag.html", "/wirtschaft/hafen.html", "/kultur/museum.html")]
    # without a site to resolve them against, relative links fail alone
    bare = tmp_path / "bare.xml"
    bare.write_bytes(rss("https://www.nordkurier.example"))
    feed = read_feed(str(bare))
    assert [item.link for item in feed.items] == [
        "https://www.nordkurier.example/politik/kreistag.html"]
    assert feed.failed[0] == (f'{bare}: item "Hafen Rostock meldet Rekordumschlag": relative '
                              "link /wirtschaft/hafen.html, and the feed names no address to "
                              "resolve it against")
    assert len(feed.failed) == 3


@pytest.mark.parametrize(("path", "message"), [
    ("/kaputt.xml", "not an RSS or Atom feed (not well-formed XML: no element found)"),
    ("/startseite", "not an RSS or Atom feed (text/html)"),
    ("/fehlt.xml", "404 Not Found"),
])
def test_a_feed_that_cannot_be_had_is_one_line(site: WebServer, path: str,
                                               message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_feed(site.url + path)
    assert str(caught.value) == f"{site.url}{path}: {message}"


@pytest.mark.parametrize(("text", "reason"), [
    ("<html><body><p>Keine Nachrichten</p></body></html>", "text/html"),
    (PAGES["/kultur/museum.html"].decode(), "text/html"),  # not well-formed XML
    ("\ufeff<?xml version='1.0'?>\n<!-- gespeichert -->\n<!DOCTYPE html><html><body><br>"
     "</body></html>", "text/html"),
    ("<?xml version='1.0'?><notiz><p>Keine Nachrichten</p></notiz>",
     "no RSS, Atom or RDF root element"),
])
def test_a_file_that_is_not_a_feed_is_one_line(tmp_path: Path, text: str, reason: str) -> None:
    """A saved web page is refused in the words a page served as one gets (text/html)."""
    page = tmp_path / "seite.xml"
    page.write_text(text)
    with pytest.raises(InputError) as caught:
        read_feed(str(page))
    assert str(caught.value) == f"{page}: not an RSS or Atom feed ({reason})"
    with pytest.raises(InputError, match="no such file"):
        read_feed(str(tmp_path / "fehlt.xml"))


def _items(*days: int | None) -> list[Item]:
    return [Item(f"Meldung {n}", f"https://www.example.de/{n}",
                 datetime(2024, 3, day, tzinfo=UTC) if day else None)
            for n, day in enumerate(days)]


@pytest.mark.parametrize(("days", "since", "limit", "expected"), [
    ((11, 13, None, 12), None, None, [1, 3, 0, 2]),  # newest first, undated last
    ((11, 13, None, 12), None, 2, [1, 3]),
    ((11, 13, None, 12), "2024-03-12", None, [1, 3, 2]),  # undated kept: its age is unknown
    ((11, 13, None, 12), "2024-03-12T00:00:01", 1, [1]),
    ((None, None, 11), None, None, [2, 0, 1]),  # undated in feed order
])
def test_newest_first_since_and_limit(days: tuple[int | None, ...], since: str | None,
                                      limit: int | None, expected: list[int]) -> None:
    items = _items(*days)
    chosen = newest(items, parse_since(since) if since else None, limit)
    assert chosen == [items[n] for n in expected]


def test_an_item_listed_twice_is_translated_once() -> None:
    older, newer = _items(11, 13)
    twice = Item(newer.title, older.link, newer.published)
    assert newest([older, twice]) == [twice]


def test_since_takes_iso_dates_and_times() -> None:
    assert parse_since("2024-03-12") == datetime(2024, 3, 12, tzinfo=UTC)
    assert parse_since("2024-03-12T08:00+01:00") == datetime(2024, 3, 12, 7, tzinfo=UTC)
    with pytest.raises(UsageError, match="--since takes an ISO date"):
        parse_since("letzten Dienstag")


# -- translate feed ---------------------------------------------------------------------------

def test_a_digest_lists_the_items_newest_first(site: WebServer, translate_feed) -> None:
    result = translate_feed(site.url + "/rss.xml", site.url + "/feeds/atom.xml", "-f", "md,html")
    assert result.exit_code == 1, result.output  # the items without a link
    assert errors(result) == [
        f'translate: error: {site.url}/rss.xml: item "Ohne Verweis": no link',
        f'translate: error: {site.url}/feeds/atom.xml: item "Ein Eintrag ohne Verweis": no link']
    order = ["/feeds/sport/segler.html", "/wirtschaft/hafen.html", "/kultur/museum.html",
             "/politik/kreistag.html", "/feeds/sport/ruderer.html",
             "/feeds/sport/schwimmhalle.html"]  # both feeds merged, the undated item last
    assert_digest(translate_feed.out, site.url, order)
    html = (translate_feed.out / "index.html").read_text()
    links = re.findall(r'href="([^"]+\.de-en\.html)"', html)
    assert links == [f"{output_name(site.url + path)}.de-en.html" for path in order]
    assert_no_crash(result)


def test_the_digest_shows_the_date_it_is_sorted_by(site: WebServer, translate_feed,
                                                   tmp_path: Path) -> None:
    """A feed may date an item otherwise than its page does: the digest is in the feed's
    order, so it shows the feed's dates, newest first."""
    redated = rss(site.url, site.url + "/").replace(b"Mon, 11 Mar 2024", b"Wed, 20 Mar 2024")
    (tmp_path / "redated.xml").write_bytes(redated)
    translate_feed(str(tmp_path / "redated.xml"))
    text = (translate_feed.out / "index.md").read_text()
    dates = re.findall(r"^  (\d+ \w{3} \d{4}, \d\d:\d\d UTC) · ", text, flags=re.MULTILINE)
    assert dates == ["20 Mar 2024, 17:30 UTC", "13 Mar 2024, 08:15 UTC",
                     "12 Mar 2024, 13:00 UTC"], text
    assert "11 Mar 2024" not in text  # the Kreistag page's own date


@pytest.mark.parametrize(("options", "expected"), [
    (["--limit", "2"], RSS_ORDER[:2]),
    (["--since", "2024-03-12"], RSS_ORDER[:2]),
    (["--since", "2024-03-11T12:00", "--limit", "1"], RSS_ORDER[:1]),
])
def test_since_and_limit_choose_the_newest_items(site: WebServer, translate_feed,
                                                 options: list[str], expected: list[str]
                                                 ) -> None:
    result = translate_feed(site.url + "/rss.xml", *options)
    assert result.exit_code == 1 and len(errors(result)) == 1  # the item without a link
    assert (f"translate: {len(expected)} of 3 items chosen (--since, --limit; a link listed "
            "twice counts once)") in result.stderr.splitlines()
    assert_digest(translate_feed.out, site.url, expected)
    left_out = set(RSS_ORDER) - set(expected)
    assert not any(site.hits(path) for path in left_out)  # never fetched


def two_items(feed: str, title: str, link: str) -> Page:
    """An RSS feed of two items: `title` at `link` (15 March), then the museum (12 March)."""
    return Page(f"""<?xml version="1.0"?><rss version="2.0"><channel><title>{feed}</title>
<item><title>{title}</title><link>{link}</link>
<pubDate>Fri, 15 Mar 2024 08:00:00 +0100</pubDate></item>
<item><title>Museum</title><link>/kultur/museum.html</link>
<pubDate>Tue, 12 Mar 2024 14:00:00 +0100</pubDate></item>
</channel></rss>""".encode(), content_type="text/xml")


def test_feeds_and_pages_that_fail_fail_alone(site: WebServer, translate_feed) -> None:
    site.routes["/kurz.xml"] = two_items("Kurz", "Verschwunden", f"{site.url}/wirtschaft/weg.html")
    feeds = [site.url + path for path in ("/kaputt.xml", "/fehlt.xml", "/kurz.xml",
                                          "/startseite")]
    result = translate_feed(*feeds, "ftp://127.0.0.1/feed.xml")
    assert result.exit_code == 1
    assert errors(result) == [
        f"translate: error: {feeds[0]}: not an RSS or Atom feed (not well-formed XML: no "
        "element found)",
        f"translate: error: {feeds[1]}: 404 Not Found",
        f"translate: error: {feeds[3]}: not an RSS or Atom feed (text/html)",
        "translate: error: ftp://127.0.0.1/feed.xml: only http and https URLs can be fetched",
        f"translate: error: {site.url}/wirtschaft/weg.html: 404 Not Found"]
    assert_digest(translate_feed.out, site.url, ["/kultur/museum.html"])
    assert_no_crash(result)


def test_a_web_page_given_as_a_feed_is_refused_as_the_readme_says(translate_feed,
                                                                   tmp_path: Path) -> None:
    page = tmp_path / "seite.html"
    page.write_bytes(PAGES["/kultur/museum.html"])
    result = translate_feed(page)
    assert result.exit_code == 1
    assert errors(result) == [f"translate: error: {page}: not an RSS or Atom feed (text/html)"]
    assert not translate_feed.out.exists() and "output folder" not in result.stderr


def test_a_feed_file(site: WebServer, translate_feed, tmp_path: Path) -> None:
    feed = tmp_path / "nordkurier.xml"
    feed.write_bytes(rss(site.url, site.url + "/"))
    result = translate_feed(feed, "--limit", "2")
    assert result.exit_code == 1 and errors(result) == [
        f'translate: error: {feed}: item "Ohne Verweis": no link']
    assert_digest(translate_feed.out, site.url, RSS_ORDER[:2])


def test_a_second_run_gets_304_everywhere_and_translates_nothing(
        site: WebServer, translate_feed) -> None:
    feeds = [site.url + "/rss.xml", site.url + "/feeds/atom.xml"]
    first = translate_feed(*feeds)
    assert first.exit_code == 1 and len(errors(first)) == 2
    written = {path: path.read_bytes() for path in translate_feed.out.iterdir()}
    second = translate_feed(*feeds)
    assert second.exit_code == 1 and errors(second) == errors(first)
    paths = ["/rss.xml", "/feeds/atom.xml", *RSS_ORDER, *ATOM_ORDER]
    assert {path: [hit.status for hit in site.hits(path)] for path in paths} == {
        path: [200, 304] for path in paths}
    # only the digest is written again, as it was; and it is said once that all are up to date
    assert re.search(r"0 articles written \(1 file\), 6 up to date \(--force redoes them\), 2 "
                     r"failed; 0 sentences and headings translated", second.stderr), second.stderr
    assert len(re.findall("up to date|to translate", second.stderr)) == 1, second.stderr
    assert {path: path.read_bytes() for path in translate_feed.out.iterdir()} == written


def test_feed_options_are_checked_before_anything_is_fetched(site: WebServer,
                                                             translate_feed) -> None:
    assert translate_feed(site.url + "/rss.xml", "--since", "gestern").exit_code == 2
    assert invoke("feed", site.url + "/rss.xml", "-o", "digest.md").exit_code == 2
    assert translate_feed(site.url + "/rss.xml", "--limit", "0").exit_code == 2
    assert site.requests == []


@pytest.mark.parametrize("strict", [False, True])
def test_an_item_that_is_not_german_warns_or_fails_with_strict(site: WebServer, translate_feed,
                                                               strict: bool) -> None:
    site.routes["/world/ferry.html"] = html_page(article(
        "Ferry service resumes after the storm", "2024-03-15T08:00:00+01:00",
        "The ferry between Rostock and Gedser is running again after two days of storms. "
        "The operator said that all crossings would leave on time from Friday morning.",
        "Passengers whose tickets were cancelled can rebook them free of charge."))
    site.routes["/gemischt.xml"] = two_items("Gemischt", "Ferry", f"{site.url}/world/ferry.html")
    result = translate_feed(site.url + "/gemischt.xml", *(["--strict"] if strict else []))
    ferry = f"{site.url}/world/ferry.html: this looks like English"
    if strict:
        assert result.exit_code == 1
        [line] = errors(result)
        assert line.startswith(f"translate: error: {ferry}") and "--strict refuses it" in line
        assert_digest(translate_feed.out, site.url, ["/kultur/museum.html"])
    else:
        assert result.exit_code == 0 and errors(result) == []
        assert f"translate: {ferry}" in result.stderr and "translating anyway" in result.stderr
        entries = digest_lines(translate_feed.out)
        assert len(entries) == 2 and entries[0].startswith("- [Ferry service resumes")
        assert f"({output_name(site.url + '/world/ferry.html')}.de-en.md)" in entries[0]
    assert_no_crash(result)


FULL_TEXT = " ".join(
    f"<p>Im Abschnitt {number} berichtet die Zeitung über den Ausbau des Radwegs an der "
    f"Warnow. Die Arbeiten sollen bis zum Sommer dauern, und die Stadt zahlt den größten "
    f"Teil der Kosten.</p>" for number in range(1, 8))  # about 190 words: an article


def test_an_item_with_its_full_text_is_read_from_the_feed(site: WebServer,
                                                          translate_feed) -> None:
    site.routes["/voll.xml"] = Page(
        f"""<?xml version="1.0"?><rss version="2.0"
xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Voll</title>
<item><title>Radweg an der Warnow wird ausgebaut</title><link>/lokales/radweg.html</link>
<pubDate>Fri, 15 Mar 2024 08:00:00 +0100</pubDate>
<content:encoded><![CDATA[{FULL_TEXT}]]></content:encoded></item>
<item><title>Museum</title><link>/kultur/museum.html</link>
<pubDate>Tue, 12 Mar 2024 14:00:00 +0100</pubDate>
<content:encoded><![CDATA[<p>Ein kurzer Anriss.</p>]]></content:encoded></item>
</channel></rss>""".encode(), content_type="text/xml")
    result = translate_feed(site.url + "/voll.xml", "-f", "md,json")
    assert result.exit_code == 0, result.output
    assert site.hits("/lokales/radweg.html") == []  # the feed carried it: never fetched
    assert [hit.status for hit in site.hits("/kultur/museum.html")] == [200]  # a teaser
    link, teaser = site.url + "/lokales/radweg.html", site.url + "/kultur/museum.html"
    pages = {url: (translate_feed.out / f"{output_name(url)}.de-en.md").read_text()
             for url in (link, teaser)}
    assert f"\nSource: [{link}]({link})\n" in pages[link]  # the feed's text: no fetch time
    assert re.search(rf"\nSource: \[{re.escape(teaser)}\]\({re.escape(teaser)}\) · fetched "
                     r"\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC\n", pages[teaser])
    document = json.loads((translate_feed.out / f"{output_name(link)}.de-en.json").read_text())
    assert document["title"]["de"] == "Radweg an der Warnow wird ausgebaut"
    assert document["source"]["url"] == link
    german = [s["de"] for section in document["sections"] for p in section["paragraphs"]
              for s in p["sentences"]]
    assert german[0] == "Im Abschnitt 1 berichtet die Zeitung über den Ausbau des Radwegs an " \
                        "der Warnow." and len(german) == 14
    entries = digest_lines(translate_feed.out)
    assert len(entries) == 2 and entries[0].startswith("- [Radweg an der Warnow")
    assert document["meta"]["date"].startswith("2024-03-15")  # the feed's date
