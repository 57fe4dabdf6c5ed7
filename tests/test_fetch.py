"""Articles by URL: output names (translate.sources.urls), fetching
(translate.sources.fetch) and what the cache keeps of it (translate.sources.web_cache), end
to end through `translate segment` and `translate run`. Pages of our own, and the
evaluation pages where they are present, served on 127.0.0.1 by tests/web_server.py to the
real httpx client; no other network."""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.cli_helpers import assert_no_crash
from tests.web_server import Page, WebServer, html_page
from translate import __version__
from translate.cli import app
from translate.document import Document
from translate.errors import InputError
from translate.run import run
from translate.settings import Settings
from translate.sources.fetch import MAX_REDIRECTS, fetch
from translate.sources.inputs import collect
from translate.sources.urls import MAX_NAME, output_name
from translate.sources.web_cache import WebCache

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT.parent / "shared" / "eval" / "html-de"
FAEHRE = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Neue Fähre verbindet Rügen und Bornholm | Ostsee-Bote</title>
<meta name="author" content="Greta Hansen"></head>
<body><nav><a href="/">Startseite</a> <a href="/politik">Politik</a></nav>
<article><h1>Neue Fähre verbindet Rügen und Bornholm</h1>
<p>Ab dem kommenden Sommer fährt eine neue Fähre zweimal täglich von Sassnitz nach Rønne.
Die Überfahrt dauert etwa dreieinhalb Stunden.</p>
<h2>Mehr Gäste für beide Inseln</h2>
<p>Die Reederei rechnet im ersten Jahr mit rund 80.000 Fahrgästen. Hoteliers auf beiden Inseln
hoffen auf längere Aufenthalte ihrer Gäste.</p>
<p>Der Bürgermeister von Sassnitz sprach am Dienstag von einem guten Tag für die Region.</p>
</article><footer>Impressum · Datenschutz</footer></body></html>
""".encode()
BIBLIOTHEK = """<!DOCTYPE html>
<html lang="de"><head><meta charset="utf-8">
<title>Stadtbibliothek öffnet künftig auch sonntags</title></head>
<body><header><a href="/">Lokales</a></header><main><article>
<h1>Stadtbibliothek öffnet künftig auch sonntags</h1>
<p>Die Stadtbibliothek in Gießen öffnet vom ersten April an auch sonntags von elf bis
sechzehn Uhr. Das hat der Kulturausschuss am Montagabend einstimmig beschlossen.</p>
<p>Für die zusätzlichen Stunden stellt die Stadt zwei neue Mitarbeiterinnen ein. Ein
Förderverein übernimmt einen Teil der Kosten.</p>
</article></main></body></html>
""".encode()
MODIFIED = "Tue, 12 Mar 2024 08:00:00 GMT"
_SAFE_NAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"{d}{n}" for d in ("com", "lpt")
                                                  for n in range(10))}


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


def routes() -> dict[str, Page]:
    """The test site: two articles (one with an ETag and gzip, one with only a date),
    redirects, and pages that fail in every way a fetch must survive."""
    pages = {
        "/lokales/faehre.html": html_page(FAEHRE, gzip=True),
        "/lokales/bibliothek": Page(BIBLIOTHEK, last_modified=MODIFIED),
        "/ohne-validator": Page(BIBLIOTHEK),
        "/weg": Page(b"<h1>Nicht mehr da</h1>", 410),
        "/kaputt": Page(b"<h1>Fehler</h1>", 500),
        "/ueberlastet": Page(b"", 503),
        "/bild.png": Page(b"\x89PNG\r\n\x1a\n...", content_type="image/png"),
        "/ohne-typ": Page(BIBLIOTHEK, content_type=None),
        "/gross": Page(b"<p>" + b"Sehr langer Text. " * 2000 + b"</p>"),
        "/gross-ohne-laenge": Page(b"<p>" + b"Sehr langer Text. " * 2000 + b"</p>",
                                   sized=False),
        "/gross-gepackt": Page(b"<p>" + b"a" * 40_000 + b"</p>", gzip=True),
        "/haengt": Page(hang=True),
        "/schleife-a": Page(status=302, location="/schleife-b"),
        "/schleife-b": Page(status=301, location="/schleife-a"),
        "/nach-ftp": Page(status=301, location="ftp://127.0.0.1/datei.html"),
    }
    for hop in range(1, MAX_REDIRECTS + 1):  # /umweg/1 → … → /umweg/5 → the article
        target = f"/umweg/{hop + 1}" if hop < MAX_REDIRECTS else "/lokales/faehre.html"
        pages[f"/umweg/{hop}"] = Page(status=307 if hop % 2 else 301, location=target)
    return pages


@pytest.fixture
def site() -> Iterator[WebServer]:
    with WebServer(routes()) as server:
        yield server


# -- output names -----------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "name"), [
    ("https://www.example.de/politik/wahl-in-hessen", "www.example.de_politik_wahl-in-hessen"),
    ("https://www.example.de/politik/wahl.html", "www.example.de_politik_wahl.html"),
    ("https://www.example.de/politik/wahl.html#kommentare", "www.example.de_politik_wahl.html"),
    ("https://WWW.Example.DE/", "www.example.de"),
    ("https://www.example.de", "www.example.de"),
])
def test_a_plain_url_names_its_output_as_it_is(url: str, name: str) -> None:
    assert output_name(url) == name


ALTERED = [
    "http://www.example.de/politik/wahl",  # not https
    "https://www.example.de/politik/wahl/",  # trailing slash
    "https://www.example.de/Politik/wahl",  # upper case in the path
    "https://www.example.de/politik_wahl",  # "_" stands for "/"
    "https://www.example.de/politik//wahl",  # an empty segment
    "https://www.example.de/politik/wahl?seite=2",
    "https://www.example.de/politik/wahl?seite=3",
    "https://www.example.de:8443/politik/wahl",
    "https://leser:geheim@www.example.de/politik/wahl",
    "https://www.example.de/politik/stra%C3%9Fe",
    "https://www.example.de/politik/straße",
    "https://www.example.de/politik/wahl.",
    "https://www.example.de/" + "sehr-lang/" * 40 + "artikel",
    "https://www.example.de/" + "sehr-lang/" * 40 + "artikel-2",
    "https://con/", "https://con.de/x", "https://nul.example/", "https://aux",
    "https://müller.de/artikel",
]


def test_every_other_url_gets_a_safe_unique_name_with_a_hash() -> None:
    names = [output_name(url) for url in ALTERED]
    plain = ["www.example.de_politik_wahl", output_name("https://www.example.de/politik/wahl")]
    assert plain[0] == plain[1]
    assert len(set(names + plain[:1])) == len(ALTERED) + 1  # unique, and none is the plain one
    for url, name in zip(ALTERED, names, strict=True):
        assert _SAFE_NAME.fullmatch(name) and len(name) <= MAX_NAME, (url, name)
        assert re.fullmatch(r".+__[0-9a-f]{8}", name) and name.count("__") == 1, (url, name)
        assert name.split(".")[0] not in _WINDOWS_DEVICES, (url, name)
        assert "geheim" not in name
    assert names[0].startswith("www.example.de_politik_wahl__")  # as close as can be
    assert output_name(ALTERED[0]) == names[0]  # and the same on every run


def test_other_schemes_are_refused_in_one_line(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notiz:entwurf.txt").write_text("Titel\nEin Satz über das Wetter.\n")
    failed: list[str] = []
    given = ("ftp://127.0.0.1/artikel.html", "file:///etc/passwd",
             "data:text/html,<p>Hallo</p>", "JavaScript:alert(1)", "http://",
             "C:\\Nachrichten\\artikel.txt", "notiz:entwurf.txt")
    articles = collect(given, failed)
    assert [a.name for a in articles] == ["notiz:entwurf.txt"]  # a file with a colon is a file
    assert failed == [f"{name}: only http and https URLs can be fetched" for name in given[:4]] \
        + ["http://: not a valid URL (no host)",
           "C:\\Nachrichten\\artikel.txt: no such file or folder"]
    result = invoke("segment", "file:///etc/passwd")
    assert result.exit_code == 1 and result.stdout == ""
    assert result.stderr == ("translate: error: file:///etc/passwd: only http and https URLs "
                             "can be fetched\n")


# -- fetching ---------------------------------------------------------------------------------

def test_segment_reads_a_page_by_url_as_it_reads_the_file(site: WebServer,
                                                          tmp_path: Path) -> None:
    url = site.url + "/lokales/faehre.html"
    (tmp_path / "faehre.html").write_bytes(FAEHRE)
    by_url, by_file = (invoke("segment", name) for name in (url, tmp_path / "faehre.html"))
    assert by_url.exit_code == by_file.exit_code == 0, by_url.stderr
    page, file = json.loads(by_url.stdout), json.loads(by_file.stdout)
    source, file_source = page.pop("source"), file.pop("source")
    assert page == file and page["title"]["de"] == "Neue Fähre verbindet Rügen und Bornholm"
    assert source == {**file_source, "path": url, "url": url, "final_url": url,
                      "fetched_at": source["fetched_at"],
                      "etag": site.routes["/lokales/faehre.html"].etag, "last_modified": None}
    assert file_source["url"] is None and file_source["fetched_at"] is None
    fetched_at = datetime.strptime(source["fetched_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert abs(datetime.now(UTC).replace(tzinfo=None) - fetched_at) < timedelta(minutes=1)
    document = json.loads(by_url.stdout)
    assert Document.from_dict(document).to_dict() == document  # the JSON carries it all


def test_the_request_names_the_tool_and_takes_gzip(site: WebServer) -> None:
    page = fetch(site.url + "/lokales/faehre.html", 10**6)
    (request,) = site.requests
    assert request.headers["user-agent"].startswith(f"translate/{__version__} ")
    assert "gzip" in request.headers["accept-encoding"] and request.gzipped
    assert page.body == FAEHRE and not page.not_modified


def test_redirects_are_followed_five_times_and_no_more(site: WebServer) -> None:
    page = fetch(site.url + "/umweg/2", 10**6)  # 4 redirects, then the article
    assert page.url == site.url + "/umweg/2"
    assert page.final_url == site.url + "/lokales/faehre.html" and page.body == FAEHRE
    assert fetch(site.url + "/umweg/1", 10**6).final_url == page.final_url  # 5 redirects
    site.routes["/umweg/0"] = Page(status=302, location="1")  # relative: /umweg/1; one more
    with pytest.raises(InputError) as caught:
        fetch(site.url + "/umweg/0", 10**6)
    assert str(caught.value) == (f"{site.url}/umweg/0: more than 5 redirects (the last to "
                                 f"{site.url}/lokales/faehre.html)")


def _failure(site: WebServer, path: str, max_bytes: int = 10_000, timeout: float = 5.0,
             scheme: str = "http") -> str:
    with pytest.raises(InputError) as caught:
        fetch(site.url.replace("http", scheme, 1) + path, max_bytes, timeout=timeout)
    return str(caught.value)


@pytest.mark.parametrize(("path", "message"), [
    ("/fehlt", "404 Not Found"),
    ("/weg", "410 Gone"),
    ("/kaputt", "500 Internal Server Error"),
    ("/ueberlastet", "503 Service Unavailable"),
    ("/bild.png", "not an HTML page or a readable document (image/png)"),
    ("/ohne-typ", "not an HTML page or a readable document (no content type)"),
    ("/schleife-a", "redirect loop ({url}/schleife-a → {url}/schleife-b → {url}/schleife-a)"),
    ("/nach-ftp", "redirected to ftp://127.0.0.1/datei.html, but only http and https URLs "
                  "can be fetched"),
])
def test_a_page_that_cannot_be_had_is_one_line(site: WebServer, path: str,
                                               message: str) -> None:
    assert _failure(site, path) == f"{site.url}{path}: {message.format(url=site.url)}"


@pytest.mark.parametrize("path", ["/gross", "/gross-ohne-laenge", "/gross-gepackt"])
def test_a_body_over_the_limit_is_refused(site: WebServer, path: str) -> None:
    """Declared too long, or found too long as it streams in, or as it is decompressed."""
    if path == "/gross-gepackt":
        assert len(gzip.compress(site.routes[path].body)) < 10_000  # small on the wire
    assert _failure(site, path).startswith(f"{site.url}{path}: larger than the 0.00953674 MB "
                                           "input limit")


def test_a_timeout_a_tls_error_and_a_refused_connection_are_one_line(site: WebServer) -> None:
    assert _failure(site, "/haengt", timeout=0.5) == f"{site.url}/haengt: timed out after 0.5 s"
    # the test site speaks plain HTTP: a TLS handshake with it fails
    tls = _failure(site, "/lokales/faehre.html", scheme="https")
    assert re.fullmatch(r"https://127\.0\.0\.1:\d+/lokales/faehre\.html: TLS error \(.+\)", tls)
    site.stop()
    refused = _failure(site, "/lokales/faehre.html")
    assert refused.startswith(f"{site.url}/lokales/faehre.html: cannot connect (")
    assert "\n" not in tls + refused


def test_an_unchanged_page_is_asked_for_conditionally(site: WebServer, tmp_path: Path) -> None:
    with WebCache.in_folder(tmp_path) as cache:
        for path, condition in (("/lokales/faehre.html", "if-none-match"),
                                ("/lokales/bibliothek", "if-modified-since")):
            url = site.url + path
            first, second = (fetch(url, 10**6, cache, delay=0) for _ in range(2))
            assert (first.not_modified, second.not_modified) == (False, True)
            assert first.body == second.body == site.routes[path].body
            assert (second.etag, second.last_modified) == (first.etag, first.last_modified)
            hits = site.hits(path)
            assert [hit.status for hit in hits] == [200, 304]
            assert condition not in hits[0].headers and condition in hits[1].headers
        # a changed page comes whole, and is what the next 304 stands for
        site.routes["/lokales/faehre.html"] = html_page(BIBLIOTHEK)
        changed, again = (fetch(site.url + "/lokales/faehre.html", 10**6, cache, delay=0)
                          for _ in range(2))
        assert changed.body == again.body == BIBLIOTHEK and again.not_modified
        # a page with no validator is not kept: there is nothing to ask with
        for _ in range(2):
            fetch(site.url + "/ohne-validator", 10**6, cache, delay=0)
        assert [hit.status for hit in site.hits("/ohne-validator")] == [200, 200]
        assert cache.page(site.url + "/ohne-validator") is None


def test_requests_to_one_host_wait_their_turn(site: WebServer, tmp_path: Path) -> None:
    with WebCache.in_folder(tmp_path) as cache:
        for path in ("/lokales/faehre.html", "/lokales/bibliothek"):
            fetch(site.url + path, 10**6, cache, delay=0.4)
    first, second = site.requests
    assert second.time - first.time >= 0.35
    # two runs sharing the cache take turns too; another host need not wait
    with WebCache.in_folder(tmp_path) as one, WebCache.in_folder(tmp_path) as other:
        assert one.turn("zeitung.example", 30) == 0
        assert 29 < other.turn("zeitung.example", 30) <= 30
        assert 59 < one.turn("zeitung.example", 30) <= 60
        assert other.turn("anderes.example", 30) == 0


# -- runs -------------------------------------------------------------------------------------

def test_a_run_mixes_urls_and_files_and_bad_urls_fail_alone(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    article = tmp_path / "wetter.txt"
    article.write_text("Sonne am Wochenende\nAm Samstag scheint die Sonne. Es wird warm.\n")
    good, bad = site.url + "/lokales/bibliothek", [site.url + p for p in ("/weg", "/bild.png")]
    out = tmp_path / "out"
    result = invoke("run", article, good, *bad, "ftp://127.0.0.1/x.html", "-o", out,
                    "-f", "json", "--model", trained_model_dir, "--device", "cpu",
                    "--delay", "0")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["index.md", "wetter.de-en.json", f"{output_name(good)}.de-en.json"])
    source = json.loads((out / f"{output_name(good)}.de-en.json").read_text())["source"]
    assert (source["url"], source["final_url"], source["last_modified"]) == (good, good,
                                                                            MODIFIED)
    errors = [line for line in result.stderr.splitlines() if line.startswith("translate: error")]
    assert errors == ["translate: error: ftp://127.0.0.1/x.html: only http and https URLs "
                      "can be fetched",  # refused as the inputs are listed, before any fetch
                      f"translate: error: {bad[0]}: 410 Gone",
                      f"translate: error: {bad[1]}: not an HTML page or a readable document "
                      "(image/png)"]
    assert_no_crash(result)


def test_a_second_run_gets_304_and_translates_nothing(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    url = site.url + "/lokales/faehre.html"
    out = tmp_path / "faehre.json"
    settings = Settings(inputs=(url,), output=out, formats=("json",),
                        model=str(trained_model_dir), device="cpu",
                        cache_dir=tmp_path / "cache", fetch_delay=0)
    first = run(settings)
    assert (first.failed, first.written) == ([], [out]) and first.translated > 0
    written = out.read_text()
    second = run(settings)
    assert (second.failed, second.written, second.skipped) == ([], [], [url])
    assert second.translated == second.from_memory == 0
    hits = site.hits("/lokales/faehre.html")
    assert [hit.status for hit in hits] == [200, 304]
    assert hits[1].headers["if-none-match"] == json.loads(written)["source"]["etag"]
    assert out.read_text() == written


def test_a_web_article_names_its_page_and_fetch_time_and_a_file_does_not(
        site: WebServer, trained_model_dir: Path, tmp_path: Path) -> None:
    """Markdown and HTML link the page an article was read from (where redirects ended) under
    the byline and say when it was fetched, the time the JSON records; a file names no page.
    Both end with the model and beam that translated them, which the byline leaves out."""
    article = tmp_path / "wetter.txt"
    article.write_text("Sonne am Wochenende\n\nVon Ida Berg\n\nAm Samstag scheint die Sonne.\n")
    url, final = site.url + "/umweg/4", site.url + "/lokales/faehre.html"
    out = tmp_path / "out"
    started = datetime.now(UTC).replace(microsecond=0)
    result = invoke("run", url, article, "-o", out, "-f", "md", "-f", "html", "-f", "json",
                    "--model", trained_model_dir, "--device", "cpu", "--delay", "0")
    assert result.exit_code == 0, result.output
    web, local = f"{output_name(url)}.de-en", "wetter.de-en"
    fetched_at = json.loads((out / f"{web}.json").read_text())["source"]["fetched_at"]
    assert started <= datetime.fromisoformat(fetched_at) <= datetime.now(UTC)
    markdown, page = (out / f"{web}.md").read_text(), (out / f"{web}.html").read_text()
    said = re.search(rf"^Source: \[{re.escape(final)}\]\({re.escape(final)}\) · fetched "
                     r"(\d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d) UTC$", markdown, re.MULTILINE)
    assert said and datetime.strptime(said[1], "%d %b %Y, %H:%M").replace(tzinfo=UTC) == \
        datetime.fromisoformat(fetched_at).replace(second=0)
    assert markdown.splitlines()[3:5] == ["Greta Hansen", ""]  # the byline, then the source
    line = (f'<p class="source" lang="en">Source: <a href="{final}" rel="noreferrer">{final}'
            f'</a> · fetched <time datetime="{fetched_at}">{said[1]} UTC</time></p>')
    assert page.index('<p class="byline">Greta Hansen</p>') < page.index(line) \
        < page.index("</header>")
    assert "Source:" not in (out / f"{local}.md").read_text() + (out / f"{local}.html").read_text()
    assert (out / f"{local}.md").read_text().splitlines()[3] == "Ida Berg"
    note = f"Translated by machine: {trained_model_dir.name} (rev "
    for name in (web, local):
        markdown, page = (out / f"{name}.md").read_text(), (out / f"{name}.html").read_text()
        assert "beam" not in markdown.splitlines()[3] and "beam" not in page.split("</header>")[0]
        assert re.search(rf"^---\n\n\*{re.escape(note)}[0-9a-f]{{7}}\), beam 4\.\*\n",
                         markdown, re.MULTILINE)
        assert re.search(rf'<p class="colophon" lang="en">{re.escape(note)}[0-9a-f]{{7}}\), '
                         r"beam 4\.</p>\n</main>", page)


# -- the evaluation pages ---------------------------------------------------------------------

EVAL_PAGES = sorted(EVAL_DIR.glob("*.html")) if EVAL_DIR.is_dir() else []


@pytest.fixture(scope="module")
def eval_site() -> Iterator[WebServer]:
    pages = {f"/{page.name}": html_page(page.read_bytes(), gzip=True) for page in EVAL_PAGES}
    with WebServer(pages) as server:
        yield server


@pytest.mark.skipif(not EVAL_PAGES, reason=f"evaluation pages not found: {EVAL_DIR}")
@pytest.mark.parametrize("page", EVAL_PAGES, ids=lambda page: page.stem)
def test_an_evaluation_page_reads_the_same_by_url(eval_site: WebServer, page: Path) -> None:
    url = f"{eval_site.url}/{page.name}"
    by_url, by_file = invoke("segment", url), invoke("segment", page)
    assert by_url.exit_code == by_file.exit_code
    if by_file.exit_code:  # a page the reader refuses is refused alike
        assert by_url.stderr == by_file.stderr.replace(str(page), url)
        return
    document, expected = json.loads(by_url.stdout), json.loads(by_file.stdout)
    source, file_source = document.pop("source"), expected.pop("source")
    assert document == json.loads(json.dumps(expected).replace(str(page), url))
    assert (source["sha256"], source["encoding"]) == (file_source["sha256"],
                                                      file_source["encoding"])
    assert source["url"] == source["final_url"] == url


def test_without_output_a_page_is_written_into_the_current_folder(
        site: WebServer, trained_model_dir: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    url = site.url + "/lokales/bibliothek"
    result = invoke("run", url, "--model", trained_model_dir, "--device", "cpu", "--delay", "0")
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == [
        f"{output_name(url)}.de-en.md"]
    assert not (tmp_path / "http:").exists()
