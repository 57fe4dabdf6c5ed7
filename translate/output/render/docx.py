"""Bilingual Word: a .docx (python-docx) with the title and byline, the "In brief", then each
section's German and English heading as Word headings (Heading 1 and 2: the navigation pane
lists them), its summary, and a German | English table with a row per paragraph; the QA
checks' notes are Word comments on the English they concern, and how the English was made
closes the document.

Summaries and the run record have paragraph styles of their own ("In Brief", "Section
Summary", "Run Record"), so a desk can restyle them in Word, and so the English an index row
shows is read back from them. The up-to-date key is the document's core property
`identifier`.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import TYPE_CHECKING

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.shared import Pt
from lxml import etree

from translate.document import Document, Paragraph, Section, Sentence, Unit
from translate.output.render.common import (
    ARTICLE_SUMMARY,
    SECTION_SUMMARY,
    English,
    byline_parts,
    shown_summary,
    summary_origin,
    translation_note,
    web_source,
)
from translate.output.render.dates import readable
from translate.output.render.markdown import CHANGED_MARK
from translate.text.qa import describe

if TYPE_CHECKING:
    from docx.document import Document as Word
    from docx.table import Table
    from docx.text.paragraph import Paragraph as WordParagraph
    from docx.text.run import Run

IN_BRIEF, SECTION, RECORD, VERBATIM, LINKS = (
    "In Brief", "Section Summary", "Run Record", "Verbatim", "Links")
# each paragraph style of ours (based on Normal): italic or not, its size and font
_STYLES = {IN_BRIEF: (False, 12, None), SECTION: (True, 10.5, None), RECORD: (True, 9, None),
           VERBATIM: (False, 9, "Courier New"), LINKS: (False, 9, None)}
COMMENT_AUTHOR, COMMENT_INITIALS = "translate QA", "QA"
_KEY = re.compile(r"[0-9a-f]{16}")
_CORE, _CORE_MAX = "docProps/core.xml", 2**16  # where python-docx keeps the core properties
_IDENTIFIER = "{http://purl.org/dc/elements/1.1/}identifier"
_POINT = "• "


def render(document: Document) -> bytes:
    word = docx.Document()
    _add_styles(word)
    _properties(word, document)
    _header(word, document)
    for section in document.sections:
        _section(word, section, document)
    _boilerplate(word, document)
    _run_record(word, document)
    data = io.BytesIO()
    word.save(data)
    return data.getvalue()


def recorded_key(data: bytes) -> str | None:
    """The `identifier` core property, read from that part of the package alone: an
    up-to-date check opening the whole document with python-docx takes a hundred times as long
    (38 ms against 0.3 ms for an article's 40 KB)."""
    with zipfile.ZipFile(io.BytesIO(data)) as package, package.open(_CORE) as part:
        core = etree.fromstring(part.read(_CORE_MAX), etree.XMLParser(resolve_entities=False))
    key = core.findtext(_IDENTIFIER)
    return key if _KEY.fullmatch(key or "") else None


def read_english(data: bytes) -> English:
    """The English title is the Subtitle; the summary the "In Brief" paragraphs without their
    label and the note on who wrote it (runs in bold and italic); each flagged unit has one
    comment."""
    word = docx.Document(io.BytesIO(data))
    paragraphs = [(p.style.name if p.style else "", p) for p in word.paragraphs]
    title = next((p.text for style, p in paragraphs if style == "Subtitle"), None)
    brief = [p for style, p in paragraphs if style == IN_BRIEF]
    summary = None
    if brief:
        text = "".join(run.text for run in brief[0].runs if not (run.bold or run.italic))
        points = [p.text.removeprefix(_POINT) for p in brief[1:]]
        summary = text.strip() or " ".join(points) or None
    return English(title.removeprefix(CHANGED_MARK) if title is not None else None, summary,
                   len(list(word.comments)))


def _add_styles(word: Word) -> None:
    for name, (italic, size, font) in _STYLES.items():
        style = word.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = word.styles["Normal"]
        style.font.italic, style.font.size = italic, Pt(size)
        if font:
            style.font.name = font


def _properties(word: Word, document: Document) -> None:
    """The title and author Word shows in File > Info, and the up-to-date key."""
    properties = word.core_properties
    properties.title = document.title.de[:255]
    properties.author = (document.meta.author or "")[:255]
    properties.identifier = (document.run.key if document.run else None) or ""


def _header(word: Word, document: Document) -> None:
    word.add_paragraph(document.title.de, style="Title")
    if document.title.en:
        subtitle = word.add_paragraph(style="Subtitle")
        _comment(word, subtitle.add_run(_changed(document.title) + document.title.en),
                 document.title)
    if parts := byline_parts(document):
        word.add_paragraph(" · ".join(parts))
    if source := web_source(document):
        fetched = f" · fetched {when}" if (when := source.fetched()) else ""
        word.add_paragraph(f"Source: {source.url}{fetched}", style=LINKS)
    for warning in document.warnings:
        word.add_paragraph(f"⚠ {warning}", style="Intense Quote")
    if updated := document.run and document.run.updated:
        word.add_paragraph(f"{CHANGED_MARK}Updated {readable(updated)}. New or edited since the "
                           f"previous version (marked {CHANGED_MARK.strip()}): "
                           f"{document.run.changed or 0}.", style="Intense Quote")
    if document.summary:
        _in_brief(word, document)


def _in_brief(word: Word, document: Document) -> None:
    """The article summary: a model's paragraph as written, or the extractive one's points,
    one a paragraph, under the label."""
    origin = summary_origin(document, document)
    text = None if document.summary_points else document.summary
    _summary(word, IN_BRIEF, ARTICLE_SUMMARY, text, origin)
    for point in document.summary_points:
        word.add_paragraph(_POINT + point, style=IN_BRIEF)


def _summary(word: Word, style: str, label: str, text: str | None, origin: str | None
             ) -> None:
    """A summary's paragraph: its label in bold, its text, who wrote it in italics."""
    paragraph = word.add_paragraph(style=style)
    paragraph.add_run(f"{label}.").bold = True
    if text:
        paragraph.add_run(f" {text}")
    if origin:
        paragraph.add_run(f" ({origin})").italic = True


def _section(word: Word, section: Section, document: Document) -> None:
    """Headings, summary, then the paragraphs side by side; a verbatim block (code, a table's
    markup) closes the table, stands as it is, and a new table follows it. The links of the
    section's paragraphs are listed under it."""
    if section.heading is not None:
        word.add_heading(section.heading.de, level=1)
        if section.heading.en:
            heading = word.add_heading(level=2)
            _comment(word, heading.add_run(_changed(section.heading) + section.heading.en),
                     section.heading)
    if summary := shown_summary(section, document):
        _summary(word, SECTION, SECTION_SUMMARY, summary, summary_origin(section, document))
    table = None
    for paragraph in section.paragraphs:
        if paragraph.verbatim is not None:
            word.add_paragraph(paragraph.verbatim, style=VERBATIM)
            table = None
            continue
        table = table or _table(word)
        _row(word, table, paragraph)
    for link in (link for paragraph in section.paragraphs for link in paragraph.links):
        label = f"{'image ' if link.image else ''}{link.text or link.url}"
        word.add_paragraph(f"↗ {label}: {link.url}" if link.text else f"↗ {label}", style=LINKS)


def _table(word: Word) -> Table:
    """A German | English table with its header row, repeated on each page it runs over."""
    table = word.add_table(rows=1, cols=2)
    table.style = word.styles["Table Grid"]
    for cell, label in zip(table.rows[0].cells, ("Deutsch", "English"), strict=True):
        cell.paragraphs[0].add_run(label).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    return table


def _row(word: Word, table: Table, paragraph: Paragraph) -> None:
    """One paragraph as a row: its list marker, each sentence a run (the English ones carry
    the QA comments), a quote in italics."""
    german, english = (cell.paragraphs[0] for cell in table.add_row().cells)
    marker = "•" if paragraph.marker is None else paragraph.marker
    if paragraph.kind == "list" and marker:
        german.add_run(f"{marker} ")
        english.add_run(f"{marker} ")
    shown = [s for s in paragraph.sentences if s.en]
    for number, sentence in enumerate(paragraph.sentences):
        _sentence(german, sentence.de, sentence, number, paragraph.kind)
    for number, sentence in enumerate(shown):
        run = _sentence(english, _changed(sentence) + (sentence.en or ""), sentence, number,
                        paragraph.kind)
        _comment(word, run, sentence)


def _sentence(cell: WordParagraph, text: str, sentence: Sentence, number: int, kind: str
              ) -> Run:
    if number:
        cell.add_run(" ")
    run = cell.add_run(text)
    run.italic = "em" in sentence.marks or kind == "quote" or None
    run.bold = "strong" in sentence.marks or None
    return run


def _comment(word: Word, run: Run, unit: Unit) -> None:
    """The QA checks' note on `unit`, as a comment on its English."""
    if unit.qa:
        word.add_comment(run, text=describe(unit.qa), author=COMMENT_AUTHOR,
                         initials=COMMENT_INITIALS)


def _changed(unit: Unit) -> str:
    return CHANGED_MARK if unit.changed else ""


def _boilerplate(word: Word, document: Document) -> None:
    if document.boilerplate:
        word.add_paragraph("Left untranslated (site boilerplate):", style=RECORD)
        for text in document.boilerplate:
            word.add_paragraph(text, style="Quote")


def _run_record(word: Word, document: Document) -> None:
    """How the English was made: the translator, the summariser, the glossary, the device
    and the key, one line each."""
    run = document.run
    if run is None:
        return
    lines = [translation_note(document)]
    if run.summarizer:
        lines.append("Summaries: " + ", ".join(f"{name} {value}" for name, value
                                                in run.summarizer.items() if value is not None))
    lines += [f"Glossary: {run.glossary}" if run.glossary else None,
              f"Device: {run.device}" if run.device else None,
              f"Output key: {run.key}" if run.key else None]
    for line in lines:
        if line:
            word.add_paragraph(line, style=RECORD)
