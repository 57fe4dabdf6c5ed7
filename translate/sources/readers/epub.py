"""EPUB books: the chapters of the spine, in reading order, each through the HTML reader
(translate.sources.readers.html), joined into one Document.

container.xml names the package (OPF) file; its metadata gives the book's title, author and
date, its spine the chapters. A chapter's heading starts a section holding the chapter's
opening text, its sub-headings further sections; a chapter headed with the book's title
(pandoc puts the text before the first heading there) adds no heading. A chapter with a
heading and no text is a section with no paragraphs; one with neither (a cover) is passed
over; a spine that names a file the book lacks is an error.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from typing import Any
from urllib.parse import unquote

from lxml import html as lxml_html

from translate.document import Document, Meta, Section, Source, Unit
from translate.errors import InputError
from translate.input_formats import READABLE
from translate.sources.readers import html
from translate.sources.readers.decode import decode
from translate.sources.readers.dropped import text_key
from translate.sources.readers.package import Package
from translate.text.dates import iso_date

_CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
_OPF = "{http://www.idpf.org/2007/opf}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml takes none in a str
_CHAPTER_TYPES = {"application/xhtml+xml", "text/html"}
# the HTML parser keeps `epub:type` as an attribute's plain name
_TYPE = "@*[name()='epub:type']"
# note markers in the text ("Putin.¹ Die …"), and front matter that repeats the metadata
_LEFT_OUT = (f"//a[{_TYPE}='noteref' or @role='doc-noteref' or contains(@class, 'footnote-ref')]"
             f" | //*[{_TYPE}='titlepage' or {_TYPE}='cover' or {_TYPE}='toc'] | //title")
# footnotes as web pages mark them, which the HTML reader would drop as page furniture
_HEADINGS = "//h1 | //h2 | //h3 | //h4 | //h5 | //h6"
_NOTES = (f"//*[{_TYPE}='footnote' or {_TYPE}='endnote' or @role='doc-footnote'"
          " or @role='doc-endnote']")


def parse(data: bytes, source: Source, max_bytes: int) -> Document:
    package = Package(data, source.path, READABLE["epub"].label, max_bytes)
    rootfile = package.xml("META-INF/container.xml").find(f".//{_CONTAINER}rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise InputError(f"{source.path}: is damaged: META-INF/container.xml names no package "
                         "file")
    opf_path = rootfile.get("full-path")
    opf = package.xml(opf_path)
    metadata = opf.find(f"{_OPF}metadata")
    own = {field: (metadata.findtext(f"{_DC}{field}") or "").strip() if metadata is not None
           else "" for field in ("title", "creator", "date")}
    chapters = [_chapter(package, member, source) for member in _spine(package, opf, opf_path)]
    read = [chapter for chapter in chapters if chapter is not None]
    if not read:
        raise InputError(f"{source.path}: no text found in this book; there is nothing to "
                         "translate")
    title = own["title"] or read[0].title.de
    sections = _sections(read, title)
    date = own["date"] or read[0].meta.date
    meta = Meta(author=own["creator"] or read[0].meta.author,
                date=date and (iso_date(date) or date))
    return Document(source=source, title=Unit(title), sections=sections, meta=meta,
                    boilerplate=[line for chapter in read for line in chapter.boilerplate])


def _spine(package: Package, opf: Any, opf_path: str) -> list[str]:
    """The members the spine names, in reading order (chapters marked linear="no", such as
    notes pages, and the navigation document left out)."""
    base = posixpath.dirname(opf_path)
    manifest = {item.get("id"): item for item in opf.iter(f"{_OPF}item")}
    members = []
    for itemref in opf.iter(f"{_OPF}itemref"):
        item = manifest.get(itemref.get("idref"))
        if item is None:
            raise InputError(f"{package.name}: is damaged: its spine names "
                             f"{itemref.get('idref')!r}, which its manifest lacks")
        if (itemref.get("linear") == "no" or "nav" in (item.get("properties") or "").split()
                or item.get("media-type") not in _CHAPTER_TYPES):
            continue
        member = posixpath.normpath(posixpath.join(base, unquote(item.get("href") or "")))
        if not package.has(member):
            raise InputError(f"{package.name}: is damaged: its spine names {member}, which is "
                             "not in the book")
        members.append(member)
    return members


def _chapter(package: Package, member: str, book: Source) -> Document | None:
    """One chapter as the HTML reader reads it, its <title> (often the file's name) and note
    markers taken out first; a chapter with a heading and no text (a box "Zur Person" whose
    text pandoc could not carry) as its heading alone; None for one with neither."""
    text, _ = decode(package.read(member), f"{book.path}:{member}")
    page = lxml_html.document_fromstring(_XML_DECLARATION.sub("", text, count=1))
    for element in page.xpath(_LEFT_OUT):
        element.drop_tree()
    for note in page.xpath(_NOTES):
        note.tag = "div"
        note.attrib.clear()
        for container in note.iterancestors():
            container.attrib.pop("class", None)
    source = replace(book, path=f"{book.path}:{member}", format="html")
    try:
        return html.parse(lxml_html.tostring(page, encoding="unicode"), source)
    except InputError:
        heading = next((" ".join(h.text_content().split()) for h in page.xpath(_HEADINGS)), "")
        return Document(source=source, title=Unit(heading), sections=[]) if heading else None


def _sections(chapters: list[Document], title: str) -> list[Section]:
    """The chapters' sections, each chapter's heading over its opening text."""
    sections: list[Section] = []
    for chapter in chapters:
        lead = chapter.sections[0] if chapter.sections and chapter.sections[0].heading is None \
            else None
        rest = chapter.sections[1:] if lead is not None else chapter.sections
        if text_key(chapter.title.de) not in ("", text_key(title)):
            sections.append(Section(Unit(chapter.title.de), lead.paragraphs if lead else []))
        elif lead is not None and sections:
            sections[-1].paragraphs += lead.paragraphs
        elif lead is not None:
            sections.append(lead)
        sections += rest
    return sections
