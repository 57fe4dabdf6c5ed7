"""Hostile and broken document files: each is one clear error line, and a folder holding one
still has its other articles translated."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.office_files import docx, epub, odt, paragraph, zipped
from tests.pdf_files import locked_pdf, press_release, scan, too_many_pages
from translate.cli import app
from translate.errors import InputError
from translate.sources.readers import read_document

TEXT = "Der Kreml empfing den Gast am Morgen. Die Gespräche dauerten vier Stunden lang."
LIMIT = 2**20  # --max-size 1 MB: 10 MB may be unpacked


def good_docx() -> bytes:
    return docx(paragraph("Treffen im Kreml", "Title") + paragraph(TEXT))


def bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (20 * LIMIT))  # 20 MB, ~20 KB packed
    return buffer.getvalue()


def encrypted() -> bytes:
    data = bytearray(good_docx())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):  # local, central
        at = data.find(signature)
        while at >= 0:
            data[at + offset] |= 0x1
            at = data.find(signature, at + 4)
    return bytes(data)


def corrupt() -> bytes:
    data = bytearray(good_docx())
    start = data.rfind(b"word/document.xml", 0, data.find(b"PK\x01\x02")) + 17
    for at in range(start + 5, start + 40):  # inside the packed member
        data[at] ^= 0xFF
    return bytes(data)


@pytest.mark.parametrize(("data", "name", "message"), [
    (bomb(), "bomb.docx", "bomb.docx: refused as a possible zip bomb: 2 members unpacking to "
     "20 MB (at most 5000 members and 10 MB, 10 times --max-size)"),
    (zipped({f"{n}.xml": "" for n in range(5001)}), "many.docx",
     "many.docx: refused as a possible zip bomb: 5001 members"),
    (b"Das ist kein Word-Dokument, nur Text.", "text.docx",
     "text.docx: is not a Word document (DOCX): not a zip archive"),
    (encrypted(), "locked.docx", "locked.docx: is encrypted ([Content_Types].xml); save it "
     "without a password"),
    (corrupt(), "broken.docx", "broken.docx: is damaged: word/document.xml cannot be unpacked"),
    (epub({"a.xhtml": f"<p>{TEXT}</p>"}, ["a.xhtml", "fehlt.xhtml"], ""), "book.epub",
     "book.epub: is damaged: its spine names OEBPS/fehlt.xhtml, which is not in the book"),
    (zipped({"mimetype": "application/vnd.oasis.opendocument.text"}), "leer.odt",
     "leer.odt: is damaged: content.xml is missing"),
    (scan(), "scan.pdf", "scan.pdf: has no text layer (a scan, or pages of images); there is "
     "no OCR here"),
    (locked_pdf(), "locked.pdf", "locked.pdf: is encrypted; save it without a password and try "
     "again"),
    (too_many_pages(), "long.pdf", "long.pdf: has 5001 pages, more than the 5000 a PDF may "
     "have; split it"),
    (press_release()[:1500], "cut.pdf", "cut.pdf: is damaged: it ends without the end-of-file "
     "marker"),
    (b"%PDF-1.7\nkein PDF, nur Text\n%%EOF\n", "text.pdf", "text.pdf: is damaged "
     "(PDFSyntaxError: No /Root object!"),
    (press_release().replace(b"/MediaBox", b"/MediaBux"), "broken.pdf", "broken.pdf: is damaged "
     "(TypeError: "),
    (b"%PDF-1.7\n1 0 obj", "-", "-: is damaged: it ends without the end-of-file marker"),
])
def test_each_hostile_file_is_one_clear_line(data: bytes, name: str, message: str):
    with pytest.raises(InputError) as caught:
        read_document(data, name, None if name == "-" else name.rsplit(".", 1)[1], LIMIT)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_a_folder_with_hostile_files_translates_the_good_ones(trained_model_dir: Path,
                                                               tmp_path: Path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "wort.docx").write_bytes(good_docx())
    (folder / "offen.odt").write_bytes(odt(f"<text:h>Treffen im Kreml</text:h><text:p>{TEXT}"
                                         "</text:p>"))
    (folder / "buch.epub").write_bytes(epub({"a.xhtml": f"<h1>Der Besuch</h1><p>{TEXT}</p>"},
                                           ["a.xhtml"], "<dc:title>Im Kreml</dc:title>"))
    (folder / "bombe.docx").write_bytes(bomb())
    (folder / "kein-zip.docx").write_bytes(b"nur Text")
    result = CliRunner().invoke(app, ["run", str(folder), "-o", str(tmp_path / "out"),
                                      "--model", str(trained_model_dir), "--max-size", "1",
                                      "--device", "cpu"])
    assert result.exit_code == 1, result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.md") if p.name != "index.md")
    assert written == ["buch.de-en.md", "offen.de-en.md", "wort.de-en.md"]
    errors = [line for line in result.stderr.splitlines() if "bombe.docx" in line
              or "kein-zip.docx" in line]
    assert len(errors) == 2, result.stderr
    for path in (tmp_path / "out" / name for name in written):
        assert "Der Kreml empfing den Gast am Morgen." in path.read_text(encoding="utf-8")


def test_run_on_a_word_file_writes_the_bilingual_markdown(trained_model_dir: Path,
                                                          tmp_path: Path):
    source = tmp_path / "bericht.docx"
    heading_1 = '<w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style>'
    source.write_bytes(docx(paragraph("Treffen im Kreml", "Title")
                            + paragraph("Die Lage", "Heading1") + paragraph(TEXT),
                            styles=heading_1))
    result = CliRunner().invoke(app, ["run", str(source), "--model", str(trained_model_dir),
                                      "--device", "cpu"])
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "bericht.de-en.md").read_text(encoding="utf-8")
    assert "Treffen im Kreml" in markdown.splitlines()[0]
    assert "Die Lage" in markdown
    assert "| Der Kreml empfing den Gast am Morgen. Die Gespräche dauerten vier Stunden lang. |" \
        in markdown
