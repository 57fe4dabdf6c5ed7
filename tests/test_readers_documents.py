"""Word, OpenDocument and EPUB files: structure, footnotes, metadata, and the same article
written by pandoc into each format read back sentence for sentence."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import pytest

from tests.office_files import docx, epub, odt, paragraph
from translate.document import Document
from translate.sources.readers import read_document, read_file

SAMPLE = Path(__file__).resolve().parent.parent / "seeds" / "putin-kim-wostotschny.txt"
LEAD = "Der Kreml empfing den Gast am Morgen. Die Gespräche dauerten vier Stunden."
BODY = "Beide Seiten lobten das Treffen. Ein weiteres ist für den Herbst geplant."

# the section each Word and ODT test file has: a list item, then a table's two cells
DISCUSSION = ("Die Gespräche", [("list", "Erster Punkt der Liste."),
                                ("cell", "Moskau ist groß."), ("cell", "Berlin auch.")])


def outline(document: Document) -> list[tuple[str | None, list[tuple[str, str]]]]:
    """Each section's heading and its paragraphs' kinds and text."""
    return [(section.heading.de if section.heading else None,
             [(p.kind, " ".join(s.de for s in p.sentences)) for p in section.paragraphs])
            for section in document.sections]


def test_docx_headings_from_styles_and_outline_levels_lists_tables_and_footnotes():
    styles = ('<w:style w:styleId="Zwischentitel"><w:name w:val="Zwischentitel"/>'
              '<w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:style>'
              '<w:style w:styleId="Mein"><w:name w:val="Mein"/><w:basedOn w:val="Zwischentitel"/>'
              '</w:style><w:style w:styleId="Titel"><w:name w:val="Title"/></w:style>')
    note_ref = '<w:r><w:footnoteReference w:id="2"/></w:r>'
    body = (paragraph("Treffen im Kreml", "Titel")
            + paragraph("Von Anna Becker")
            + paragraph(LEAD, extra=note_ref)
            + paragraph("Die Gespräche", "Zwischentitel")
            + paragraph("Erster Punkt der Liste.").replace(
                "<w:p>", '<w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>')
            + "<w:tbl><w:tr><w:tc>" + paragraph("Moskau ist groß.") + "</w:tc><w:tc>"
            + paragraph("Berlin auch.") + "</w:tc></w:tr></w:tbl>"
            + paragraph("Nach dem Treffen", "Mein") + paragraph(BODY))
    footnotes = ('<w:footnote w:type="separator" w:id="0"><w:p><w:r><w:separator/></w:r></w:p>'
                 '</w:footnote><w:footnote w:id="2">' + paragraph("Laut Interfax.")
                 + "</w:footnote>")
    core = ("<dc:creator>python-docx</dc:creator>"
            "<dcterms:created>2023-09-13T10:30:00Z</dcterms:created>")
    document = read_document(docx(body, footnotes, styles, core), "a.docx", "docx")
    assert document.title.de == "Treffen im Kreml"
    assert (document.meta.author, document.meta.date) == ("Anna Becker", "2023-09-13T10:30+00:00")
    assert outline(document) == [
        (None, [("text", LEAD), ("note", "Laut Interfax.")]),
        DISCUSSION,
        ("Nach dem Treffen", [("text", BODY)]),
    ]


def test_docx_written_by_python_docx_with_its_core_properties():
    docx_module = pytest.importorskip("docx")
    word = docx_module.Document()
    word.add_heading("Treffen im Kreml", level=0)
    word.add_paragraph(LEAD)
    word.add_heading("Die Gespräche", level=1)
    word.add_paragraph("Erster Punkt der Liste.", style="List Bullet")
    table = word.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Moskau ist groß.", "Berlin auch."
    word.add_heading("Ausblick", level=2)
    word.add_paragraph(BODY)
    word.core_properties.author = "Claudia Löwe"
    word.core_properties.created = datetime.datetime(2023, 9, 13, 13, 32)
    buffer = io.BytesIO()
    word.save(buffer)
    document = read_document(buffer.getvalue(), "b.docx", "docx")
    assert document.title.de == "Treffen im Kreml"
    assert (document.meta.author, document.meta.date) == ("Claudia Löwe", "2023-09-13T13:32+00:00")
    assert outline(document) == [
        (None, [("text", LEAD)]),
        DISCUSSION,
        ("Ausblick", [("text", BODY)]),
    ]


def test_odt_headings_title_style_through_its_parent_lists_tables_and_notes():
    automatic = ('<style:style style:name="P1" style:family="paragraph" '
                 'style:parent-style-name="Title"/>')
    note = ('<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation>'
            '<text:note-body><text:p>Laut Interfax.</text:p></text:note-body></text:note>')
    lead_with_note = LEAD.replace(" Die", note + " Die")
    body = (f'<text:p text:style-name="P1">Treffen im Kreml</text:p><text:p>{lead_with_note}'
            '</text:p><text:h text:outline-level="1">Die Gespräche</text:h>'
            "<text:list><text:list-item><text:p>Erster Punkt der Liste.</text:p>"
            "</text:list-item></text:list><table:table><table:table-row><table:table-cell>"
            "<text:p>Moskau ist<text:s text:c=\"2\"/>groß.</text:p></table:table-cell>"
            "<table:table-cell><text:p>Berlin auch.</text:p></table:table-cell>"
            "</table:table-row></table:table>"
            f'<text:h text:outline-level="2">Ausblick</text:h><text:p>{BODY}</text:p>')
    meta = ("<meta:initial-creator>Claudia Löwe</meta:initial-creator>"
            "<meta:creation-date>2023-09-13T13:32:00</meta:creation-date>")
    document = read_document(odt(body, meta, automatic), "c.odt", "odt")
    assert document.title.de == "Treffen im Kreml"
    assert (document.meta.author, document.meta.date) == ("Claudia Löwe", "2023-09-13T13:32")
    assert outline(document) == [
        (None, [("text", LEAD), ("note", "Laut Interfax.")]),
        DISCUSSION,
        ("Ausblick", [("text", BODY)]),
    ]


def test_epub_reads_the_spine_in_order_a_section_per_chapter():
    chapters = {"b.xhtml": f"<h1>Die Gespräche</h1><p>{BODY}</p><h2>Ausblick</h2><p>{LEAD}</p>",
                "a.xhtml": f"<h1>Der Besuch</h1><p>{LEAD}</p>",
                "p.xhtml": "<section><h1>Zur Person</h1></section>",  # a heading, no text
                "cover.xhtml": '<section epub:type="cover"><img src="c.jpg"/></section>'}
    metadata = ("<dc:title>Treffen im Kreml</dc:title><dc:creator>Claudia Löwe</dc:creator>"
                "<dc:date>13.09.2023</dc:date>")
    data = epub(chapters, ["cover.xhtml", "a.xhtml", "p.xhtml", "b.xhtml"], metadata)
    document = read_document(data, "d.epub")  # sniffed from the zip's mimetype
    assert (document.source.format, document.title.de) == ("epub", "Treffen im Kreml")
    assert (document.meta.author, document.meta.date) == ("Claudia Löwe", "2023-09-13")
    assert outline(document) == [("Der Besuch", [("text", LEAD)]),
                                 ("Zur Person", []),
                                 ("Die Gespräche", [("text", BODY)]),
                                 ("Ausblick", [("text", LEAD)])]


def test_a_zip_package_is_read_as_what_it_declares_whatever_its_suffix(tmp_path: Path):
    path = tmp_path / "bericht.docx"
    path.write_bytes(odt(f"<text:h>Titel hier</text:h><text:p>{LEAD}</text:p>"))
    assert read_file(path).source.format == "odt"


@pytest.mark.parametrize("fmt", ["docx", "odt", "epub"])
def test_the_same_article_written_by_pandoc_reads_back_sentence_for_sentence(fmt, tmp_path):
    pypandoc = pytest.importorskip("pypandoc")
    source = read_file(SAMPLE)
    front = {"title": source.title.de, "author": source.meta.author, "date": source.meta.date}
    lines = ["---", *(f"{key}: {json.dumps(value)}" for key, value in front.items()), "---", ""]
    for section in source.sections:
        if section.heading:
            lines += [f"# {section.heading.de}", ""]
        lines += [" ".join(s.de for s in p.sentences) + "\n" for p in section.paragraphs]
    target = tmp_path / f"artikel.{fmt}"
    pypandoc.convert_text("\n".join(lines), fmt, format="markdown-smart",
                          outputfile=str(target))
    document = read_file(target)
    headings = [s.heading.de for s in document.sections if s.heading]
    expected = [s.heading.de for s in source.sections if s.heading]
    found = set(headings) & set(expected)
    assert (len(found) / len(headings), len(found) / len(expected)) == (1.0, 1.0)  # P, R
    assert [s.de for s in document.sentences()] == [s.de for s in source.sentences()]
    assert (document.title.de, document.meta.author) == (source.title.de, source.meta.author)
    day_only = fmt == "epub"  # pandoc writes an EPUB's dc:date as the day alone
    assert document.meta.date == (source.meta.date[:10] if day_only else source.meta.date)
