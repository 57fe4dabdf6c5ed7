"""Documents by URL (translate.sources.fetch.page_format): a Word, OpenDocument or EPUB file
answered with its own content type, or as application/octet-stream with its bytes or its URL's
suffix telling the format, is read by that format's reader, exactly as the same file on disk;
the size limit holds for it as for a page. Served on 127.0.0.1 by tests/web_server.py to the
real httpx client."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.office_files import docx, epub, odt, paragraph
from tests.web_server import Page, WebServer
from translate.articles import Article
from translate.cli import app
from translate.errors import InputError
from translate.input_formats import READABLE
from translate.sources.fetch import fetch
from translate.sources.inputs import load

TITLE = "Neue Fähre verbindet Rügen und Bornholm"
LEAD = ("Ab dem kommenden Sommer fährt eine neue Fähre zweimal täglich von Sassnitz nach Rønne. "
        "Die Überfahrt dauert etwa dreieinhalb Stunden.")
BODY = "Die Reederei rechnet im ersten Jahr mit rund 80.000 Fahrgästen."
DOCX = docx(paragraph(TITLE, "Title") + paragraph(LEAD) + paragraph("Mehr Gäste", "Heading1")
            + paragraph(BODY))
ODT = odt(f'<text:h text:outline-level="1">{TITLE}</text:h><text:p>{LEAD}</text:p>'
          f"<text:p>{BODY}</text:p>")
EPUB = epub({"a.xhtml": f"<h1>Mehr Gäste</h1><p>{LEAD}</p><p>{BODY}</p>"}, ["a.xhtml"],
            f"<dc:title>{TITLE}</dc:title>")
HTML = f"<html><body><article><h1>{TITLE}</h1><p>{LEAD}</p><p>{BODY}</p></article></body></html>"
UNLABELLED = "application/octet-stream"
# (path, content type, body, the format it is read in, the file it is saved as)
SERVED = [
    ("/texte/faehre.docx", READABLE["docx"].media_types[0], DOCX, "docx", "faehre.docx"),
    ("/texte/faehre", READABLE["odt"].media_types[0], ODT, "odt", "faehre.odt"),
    ("/download?id=7", UNLABELLED, EPUB, "epub", "faehre.epub"),  # the bytes tell
    ("/texte/faehre.html", UNLABELLED, HTML.encode(), "html", "faehre.html"),  # the suffix
]


def invoke(*args: str | Path):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture
def site() -> Iterator[WebServer]:
    pages = {path: Page(body, content_type=kind, etag=f'"{len(body)}"')
             for path, kind, body, _, _ in SERVED}
    pages["/datei.bin"] = Page(b"\x00\x01\x02 kein Dokument", content_type=UNLABELLED)
    pages["/kaputt.docx"] = Page(b"<p>Das ist kein Word-Dokument.</p>",
                                 content_type=READABLE["docx"].media_types[0])
    with WebServer(pages) as server:
        yield server


@pytest.mark.parametrize(("path", "kind", "body", "fmt", "file"), SERVED,
                         ids=[each[3] for each in SERVED])
def test_a_document_by_url_reads_as_the_same_file(site: WebServer, tmp_path: Path, path: str,
                                                  kind: str, body: bytes, fmt: str,
                                                  file: str) -> None:
    url = site.url + path
    (tmp_path / file).write_bytes(body)
    by_url, by_file = invoke("segment", url), invoke("segment", tmp_path / file)
    assert by_url.exit_code == by_file.exit_code == 0, by_url.stderr
    document, expected = json.loads(by_url.stdout), json.loads(by_file.stdout)
    source, file_source = document.pop("source"), expected.pop("source")
    assert document == expected and document["title"]["de"] == TITLE
    assert (source["format"], source["url"], source["sha256"]) == (fmt, url,
                                                                  file_source["sha256"])
    assert [s["de"] for s in document["sections"][-1]["paragraphs"][-1]["sentences"]] == [BODY]


def test_an_unlabelled_body_of_no_known_format_is_one_line(site: WebServer) -> None:
    result = invoke("segment", site.url + "/datei.bin")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (f"translate: error: {site.url}/datei.bin: not an HTML page or a "
                             "readable document (application/octet-stream, and neither its "
                             "URL nor its bytes say of which format)\n")


def test_a_body_that_is_not_what_its_type_says_gets_the_readers_line(site: WebServer) -> None:
    result = invoke("segment", site.url + "/kaputt.docx")
    assert result.exit_code == 1
    assert result.stderr == (f"translate: error: {site.url}/kaputt.docx: is not a Word document "
                             "(DOCX): not a zip archive (a password-protected Office file is "
                             "not one either)\n")


@pytest.mark.parametrize("sized", [True, False], ids=["declared", "streamed"])
def test_a_document_over_the_limit_is_refused(site: WebServer, sized: bool) -> None:
    site.routes["/texte/faehre.docx"].sized = sized
    with pytest.raises(InputError) as caught:
        fetch(site.url + "/texte/faehre.docx", len(DOCX) - 1)
    assert str(caught.value).startswith(f"{site.url}/texte/faehre.docx: larger than the ")
    assert fetch(site.url + "/texte/faehre.docx", len(DOCX)).body == DOCX


def test_a_kept_document_asked_for_again_is_still_read_as_one(site: WebServer,
                                                              tmp_path: Path) -> None:
    """On a 304 the answer has no content type; the kept bytes tell the format."""
    article = Article(site.url + "/download?id=7", Path("faehre"))
    first, second = (load(article, cache_dir=tmp_path, delay=0) for _ in range(2))
    assert [hit.status for hit in site.hits("/download?id=7")] == [200, 304]
    assert (first.fmt, second.fmt, second.data) == ("epub", "epub", EPUB)
