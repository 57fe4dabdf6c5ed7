"""PDF files: Chromium's print of an article (one column and two), and a press release laid
out line by line with fpdf2, read back in order with their headings, paragraphs and hyphens,
and without their running heads and page numbers; a folder with a scan among its files
(tests/test_readers_hostile.py has the other hostile PDFs)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from tests.office_files import docx, paragraph
from tests.pdf_files import FILLER, press_release, scan
from tests.test_readers_documents import outline
from tests.test_render_html import chromium, needs_chromium
from translate.cli import app
from translate.document import Document
from translate.sources.readers import read_document, read_file
from translate.sources.readers.pdf_layout import Word, page_lines
from translate.sources.readers.pdf_paragraphs import joined

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


def printed(tmp_path: Path, name: str, html: str) -> Path:
    """The page `html` as Chromium prints it, with its own running head (date and title) and
    footer (address and "1/2")."""
    page, pdf = tmp_path / f"{name}.html", tmp_path / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    chromium(tmp_path, f"--print-to-pdf={pdf}", page.as_uri())
    return pdf


def all_text(document: Document) -> str:
    return " ".join([document.title.de] + [s.heading.de for s in document.sections if s.heading]
                    + [t.de for s in document.sections for p in s.paragraphs
                       for t in p.sentences])


@needs_chromium
@pytest.mark.parametrize("columns", [1, 2])
def test_chromium_article_in_order_without_running_heads(tmp_path: Path, columns: int):
    pdf = printed(tmp_path, f"artikel-{columns}", article(columns))
    assert len(PdfReader(pdf).pages) == 2
    document = read_file(pdf)
    assert document.source.format == "pdf"
    assert document.title.de == "Gipfel in Wladiwostok"
    assert document.meta.author == "Anna Becker"
    assert outline(document) == expected()
    text = all_text(document)
    assert "file://" not in text and "/2" not in text and "/3" not in text
    assert text.count("Gipfel in Wladiwostok") == 1  # the title, not the running head's copy


LONG_TITLE = "Die Bürgermeisterin und ihr neues Bündnis im Rathaus müssen jetzt endlich liefern"
LONG_HEADING = ("Was die Gemeinde von der neuen Mehrheit im Gemeinderat in den kommenden "
                "Jahren erwartet")
ITEMS = ["Die Buslinie fährt wieder stündlich.", "Das Freibad öffnet im Mai."]


def wrapped_article(columns: int) -> str:
    """A title and a heading too long for one line, set justified (in two columns, inside a
    column: the gaps of their justified lines line up), and a list."""
    style = ("@page { size: A4 } body { font: 12pt/1.4 serif } h1 { font-size: 24pt } "
             "h2 { font-size: 18pt } article { text-align: justify; hyphens: auto }"
             + (" article { columns: 2; column-gap: 1em }" if columns == 2 else ""))
    paragraphs = [f"<p>{body_text(1, n)}</p>" for n in range(1, 4)]
    return (f'<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Rathaus'
            f'</title><style>{style}</style></head><body><article><h1>{LONG_TITLE}</h1>'
            f'{"".join(paragraphs)}<h2>{LONG_HEADING}</h2>{"".join(paragraphs)}<ul>'
            f'{"".join(f"<li>{item}</li>" for item in ITEMS)}</ul></article></body></html>')


def line_count(pdf: Path, size: float) -> int:
    """On how many lines of the first page words of font size `size` stand."""
    with pdfplumber.open(pdf) as document:
        words = document.pages[0].extract_words(extra_attrs=["size"])
    return len({round(w["bottom"]) for w in words if round(w["size"]) == size})


@needs_chromium
@pytest.mark.parametrize("columns", [1, 2])
def test_a_title_and_a_heading_over_several_lines(tmp_path: Path, columns: int):
    pdf = printed(tmp_path, f"umbruch-{columns}", wrapped_article(columns))
    assert line_count(pdf, 24) >= 2 and line_count(pdf, 18) >= 2
    document = read_file(pdf)
    assert document.title.de == LONG_TITLE
    texts = [("text", body_text(1, n)) for n in range(1, 4)]
    assert outline(document) == [(None, texts), (LONG_HEADING, [
        *texts, *(("list", item) for item in ITEMS)])]


def test_second_producer_headings_hyphens_lists_and_page_furniture():
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
    assert sections[2][1] == [
        ("text", "Während der Bauzeit bleibt die alte Brücke für Fußgänger offen. Der Bus fährt "
         "eine Umleitung über die Leipziger Straße."),
        ("list", "Die Haltestelle Rathaus entfällt."),
        ("list", "Die Parkplätze am Ufer sind gesperrt, bis die Arbeiten im Frühjahr enden."),
        ("text", "Weitere Auskünfte gibt das Bürgerbüro.")]
    text = all_text(document)
    assert "Pressestelle" not in text
    assert not any(token in ("1", "2") for token in text.split())


@pytest.mark.parametrize(("end", "start", "read"), [
    ("die Verhand-", "lungen über", "die Verhandlungen über"),
    ("der Nordkorea-", "Machthaber", "der Nordkorea-Machthaber"),
    ("an Covid-", "19 erkrankt", "an Covid-19 erkrankt"),
    ("der 50-", "jährige Mann", "der 50-jährige Mann"),
    ("die SPD-", "interne Debatte", "die SPD-interne Debatte"),
    ("die politisch-", "ökonomische Lage", "die politisch-ökonomische Lage"),
    ("von Ost-", "und Westeuropa", "von Ost- und Westeuropa"),
    ("die Start-", "up-Szene", "die Start-up-Szene"),  # the text spells it so elsewhere
    ("die Verhand\u00ad", "lungen", "die Verhandlungen"),  # a soft hyphen
    ("ist zurück -", "Donald Trump", "ist zurück - Donald Trump"),  # a dash, not a hyphen
])
def test_a_hyphen_at_a_line_end(end: str, start: str, read: str):
    vocabulary = Counter({"start-up-szene": 1})
    assert joined(end, start, vocabulary) == read


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


def test_a_large_title_s_lined_up_gaps_are_no_gutter():
    """Three lines of a 24 pt title whose second words start at one x, over a column of body
    text: one flow, read line by line, not a left and a right column of title words."""
    title = [("Neue", "Brücke"), ("über", "Fulda"), ("wird", "gebaut")]
    words = [Word(text, x, x + 60, 100 + 34 * row, 124 + 34 * row, 24.0, True)
             for row, pair in enumerate(title) for text, x in zip(pair, (60, 140), strict=True)]
    words += [Word(f"Wort{n}", 60 + 50 * (n % 8), 100 + 50 * (n % 8), 210 + 16 * (n // 8),
                   222 + 16 * (n // 8), 12.0, False) for n in range(48)]
    assert [line.text for line in page_lines(words, 0, 842, 0, 12.0)[:3]] \
        == ["Neue Brücke", "über Fulda", "wird gebaut"]
