"""PDF files: Chromium's print of an article (one column and two), and a press release laid
out line by line with fpdf2, read back in order with their headings, paragraphs and hyphens,
and without their running heads and page numbers; scans, locked, huge and broken PDFs are one
line each."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path

import pytest
from fpdf import FPDF
from PIL import Image
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from tests.office_files import docx, paragraph
from tests.test_readers_documents import outline
from tests.test_render_html import chromium, needs_chromium
from translate.cli import app
from translate.document import Document
from translate.errors import InputError
from translate.sources.readers import read_document, read_file

REPOSITORY = Path(__file__).resolve().parent.parent
# Each paragraph names its place, so the order read back can be checked sentence by sentence;
# two pages, so the running head and footer recur.
SECTIONS = [
    (None, 3),
    ("Die Lage im Osten", 7),
    ("Was Beobachter erwarten", 7),
]
HYPHENS = ("Der Gast lobte die Verhand-<br>lungen über den Handel, und der Nordkorea-<br>"
           "Machthaber sprach von Ost- und Westeuropa.")
HYPHENS_READ = ("Der Gast lobte die Verhandlungen über den Handel, und der Nordkorea-Machthaber "
                "sprach von Ost- und Westeuropa.")


def body_text(section: int, number: int) -> str:
    return (f"Im Abschnitt {section} steht Absatz {number} an seinem Platz. Die Delegationen "
            "sprachen lange über Handel, Energie und die gemeinsame Grenze am Fluss. Beide Seiten "
            "lobten danach die offene Atmosphäre der Gespräche im Kreml und planen ein weiteres "
            "Treffen im Herbst, wie es aus Moskau hieß.")


def expected() -> list[tuple[str | None, list[tuple[str, str]]]]:
    sections = []
    for number, (heading, count) in enumerate(SECTIONS, start=1):
        texts = [body_text(number, n) for n in range(1, count + 1)]
        if number == 1:
            texts.insert(2, HYPHENS_READ)
        sections.append((heading, [("text", text) for text in texts]))
    return sections


def article(columns: int) -> str:
    body = []
    for number, (heading, count) in enumerate(SECTIONS, start=1):
        body += [f"<h2>{heading}</h2>"] if heading else []
        body += [f"<p>{body_text(number, n)}</p>" for n in range(1, count + 1)]
        if number == 1:
            body.insert(2, f"<p>{HYPHENS}</p>")
    style = ("@page { size: A4 } body { font: 12pt serif } h1 { font-size: 22pt }"
             + (" .text { columns: 2; column-gap: 1.5em }" if columns == 2 else ""))
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Gipfel in '
            f'Wladiwostok</title><style>{style}</style></head><body><h1>Gipfel in Wladiwostok'
            f'</h1><p>Von Anna Becker</p><div class="text">{"".join(body)}</div></body></html>')


def printed(tmp_path: Path, columns: int) -> Path:
    """The article as Chromium prints it, with its own running head (date and title) and
    footer (address and "1/2")."""
    page, pdf = tmp_path / f"artikel-{columns}.html", tmp_path / f"artikel-{columns}.pdf"
    page.write_text(article(columns), encoding="utf-8")
    chromium(tmp_path, f"--print-to-pdf={pdf}", page.as_uri())
    return pdf


def all_text(document: Document) -> str:
    return " ".join([document.title.de] + [s.heading.de for s in document.sections if s.heading]
                    + [t.de for s in document.sections for p in s.paragraphs
                       for t in p.sentences])


@needs_chromium
@pytest.mark.parametrize("columns", [1, 2])
def test_chromium_article_in_order_without_running_heads(tmp_path: Path, columns: int):
    pdf = printed(tmp_path, columns)
    assert len(PdfReader(pdf).pages) == 2
    document = read_file(pdf)
    assert document.source.format == "pdf"
    assert document.title.de == "Gipfel in Wladiwostok"
    assert document.meta.author == "Anna Becker"
    assert outline(document) == expected()
    text = all_text(document)
    assert "file://" not in text and "/2" not in text and "/3" not in text
    assert text.count("Gipfel in Wladiwostok") == 1  # the title, not the running head's copy


class PressRelease(FPDF):
    """A two-page press release, each line placed where the test says: a running head, a
    page number at each foot, headings larger and bold."""

    def header(self) -> None:
        self.set_font("Helvetica", "I", 9)
        self.cell(0, 6, "Stadt Fulda - Pressestelle", new_x="LMARGIN", new_y="NEXT")
        self.ln(8)

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font("Helvetica", "", 9)
        self.cell(0, 6, str(self.page_no()), align="C")

    def heading(self, text: str, size: int) -> None:
        self.set_font("Helvetica", "B", size)
        self.cell(0, 9, text, new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def lines(self, *lines: str) -> None:
        self.set_font("Helvetica", "", 11)
        for line in lines:
            self.cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        self.ln(4)


FILLER = ("Die Stadt informiert alle Anwohner rechtzeitig über die Arbeiten.",
          "Fragen beantwortet das Bürgerbüro am Rathaus werktags von acht bis",
          "zwölf Uhr.")


def press_release() -> bytes:
    pdf = PressRelease(format="A4")
    pdf.set_title("Pressemitteilung 12/2023")
    pdf.set_author("Anna Becker")
    pdf.set_creation_date(datetime.datetime(2023, 9, 13, 10, 30, tzinfo=datetime.UTC))
    pdf.add_page()
    pdf.heading("Neue Brücke über die Fulda", 18)
    pdf.lines("Der Stadtrat hat am Dienstag den Bau der neuen Brücke beschlossen. Die Verhand-",
              "lungen mit dem Land dauerten zwei Jahre. Der Nordkorea-",
              "Machthaber kam in der Sitzung nicht vor, wohl aber die SPD-",
              "interne Debatte über die Kosten.")
    pdf.heading("Kosten und Zeitplan", 14)
    for _ in range(9):
        pdf.lines(*FILLER)
    pdf.add_page()
    pdf.heading("Was Anwohner wissen müssen", 11)
    pdf.lines("Während der Bauzeit bleibt die alte Brücke für Fußgänger offen. Der Bus fährt",
              "eine Umleitung über die Leipziger Straße.")
    return bytes(pdf.output())


def test_second_producer_headings_hyphens_and_page_furniture():
    document = read_document(press_release(), "mitteilung.pdf")
    assert document.title.de == "Neue Brücke über die Fulda"
    assert (document.meta.author, document.meta.date) == ("Anna Becker",
                                                          "2023-09-13T10:30+00:00")
    sections = outline(document)
    assert [heading for heading, _ in sections] == [None, "Kosten und Zeitplan",
                                                    "Was Anwohner wissen müssen"]
    assert sections[0][1] == [("text", "Der Stadtrat hat am Dienstag den Bau der neuen Brücke "
                               "beschlossen. Die Verhandlungen mit dem Land dauerten zwei Jahre. "
                               "Der Nordkorea-Machthaber kam in der Sitzung nicht vor, wohl aber "
                               "die SPD-interne Debatte über die Kosten.")]
    assert sections[1][1] == [("text", " ".join(FILLER))] * 9
    assert sections[2][1] == [("text", "Während der Bauzeit bleibt die alte Brücke für Fußgänger "
                               "offen. Der Bus fährt eine Umleitung über die Leipziger Straße.")]
    text = all_text(document)
    assert "Pressestelle" not in text
    assert not any(token in ("1", "2") for token in text.split())


def scan() -> bytes:
    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.image(Image.new("L", (400, 300), 200), x=10, y=10, w=190)
    return bytes(pdf.output())


def encrypted() -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(press_release()))
    writer.encrypt("geheim")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def too_many_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(5001):
        writer.add_blank_page(100, 100)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(("data", "message"), [
    (scan(), "scan.pdf: has no text layer (a scan, or pages of images); there is no OCR here"),
    (encrypted(), "scan.pdf: is encrypted; save it without a password and try again"),
    (too_many_pages(), "scan.pdf: has 5001 pages, more than the 5000 a PDF may have; split it"),
    (press_release()[:1500], "scan.pdf: is damaged: it ends without the end-of-file marker"),
    (b"%PDF-1.7\nkein PDF, nur Text\n%%EOF\n", "scan.pdf: is damaged (PDFSyntaxError: "
     "No /Root object!"),
    (press_release().replace(b"/MediaBox", b"/MediaBux"), "scan.pdf: is damaged (TypeError: "),
])
def test_each_hostile_pdf_is_one_clear_line(data: bytes, message: str):
    with pytest.raises(InputError) as caught:
        read_document(data, "scan.pdf")
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_run_on_a_folder_with_a_pdf_a_word_file_and_a_scan(trained_model_dir: Path,
                                                           tmp_path: Path):
    folder = tmp_path / "eingang"
    folder.mkdir()
    (folder / "mitteilung.pdf").write_bytes(press_release())
    (folder / "wort.docx").write_bytes(docx(paragraph("Treffen im Kreml", "Title") + paragraph(
        "Der Kreml empfing den Gast am Morgen. Die Gespräche dauerten vier Stunden lang.")))
    (folder / "scan.pdf").write_bytes(scan())
    result = CliRunner().invoke(app, ["run", str(folder), "-o", str(tmp_path / "out"),
                                      "--model", str(trained_model_dir), "--device", "cpu"])
    assert result.exit_code == 1, result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.md") if p.name != "index.md")
    assert written == ["mitteilung.de-en.md", "wort.de-en.md"]
    errors = [line for line in result.stderr.splitlines() if "scan.pdf" in line]
    assert len(errors) == 1 and "has no text layer" in errors[0], result.stderr
    markdown = (tmp_path / "out" / "mitteilung.de-en.md").read_text(encoding="utf-8")
    assert "Die Verhandlungen mit dem Land dauerten zwei Jahre." in markdown
    assert "Kosten und Zeitplan" in markdown


def test_a_damaged_pdf_is_one_line_without_the_library_s_repair_notes(tmp_path: Path):
    """pdfminer logs how it repairs a damaged file ("MediaBox missing from /Page"); run as a
    user runs it (pytest's own log capture would hide those), the error is all there is."""
    path = tmp_path / "kaputt.pdf"
    path.write_bytes(press_release().replace(b"/MediaBox", b"/MediaBux"))
    result = subprocess.run([sys.executable, "-m", "translate", "segment", str(path)],
                            capture_output=True, text=True, timeout=120, cwd=REPOSITORY)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"translate: error: {path}: is damaged (TypeError: 'NoneType' object is not iterable)"]
