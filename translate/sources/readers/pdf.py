"""PDF files with a text layer, read with pdfplumber (pdfminer.six underneath; both MIT, where
PyMuPDF's AGPL would not fit).

The words of each page are put in reading order across columns (translate.sources.readers.
pdf_layout), running heads, footers and page numbers dropped, and the lines joined into
headings and paragraphs (translate.sources.readers.pdf_paragraphs). The document's title,
author and date come from its metadata where the text has none (translate.sources.readers.
office, as for Word files). A PDF with no text layer (a scan), one that needs a password, one
with more than MAX_PAGES pages and one that is cut short or damaged are each one line.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFPasswordIncorrect
from pdfminer.pdfexceptions import PDFException, PSException
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

from translate.document import Document, Meta, Source
from translate.errors import InputError
from translate.sources.readers.office import Parts, finish, properties
from translate.sources.readers.pdf_layout import Line, Word, body_size, page_lines, words_of
from translate.sources.readers.pdf_paragraphs import (
    add_to,
    paragraphs,
    usual_spacing,
    without_furniture,
)

MAX_PAGES = 5000
_END = b"%%EOF"  # how a whole PDF ends (an update appends another)
_TAIL = 2048  # how far from the end the marker may stand (producers add a line or two)
_DATE = re.compile(r"(?:D:)?(\d{4})(\d\d)?(\d\d)?(\d\d)?(\d\d)?(\d\d)?(?:([+-])(\d\d)'?(\d\d)?|Z)?")
_DAMAGED = (PdfminerException, MalformedPDFException, PDFException, PSException, TypeError,
            ValueError, KeyError, IndexError, AttributeError, AssertionError, RecursionError)
_DETAIL = 120  # characters of the library's own message an error quotes at most


def parse(data: bytes, source: Source, max_bytes: int) -> Document:
    name = source.path
    if _END not in data[-_TAIL:]:
        raise InputError(f"{name}: is damaged: it ends without the end-of-file marker a PDF "
                         "ends with (cut short?)")
    with _reading(name), pdfplumber.open(io.BytesIO(data)) as pdf:
        count = resolve1(resolve1(pdf.doc.catalog.get("Pages")) or {}).get("Count", 0)
        if isinstance(count, int) and count > MAX_PAGES:
            raise _too_many(name, count)
        pages = [(words_of(page), page.height) for page in _pages(pdf, name)]
        own = _properties(pdf.metadata)
    body = body_size(word for words, _ in pages for word in words)
    if not any(words for words, _ in pages):
        raise InputError(f"{name}: has no text layer (a scan, or pages of images); there is no "
                         "OCR here: run one first, e.g. OCRmyPDF")
    lines = _lines(pages, body)
    spacing = usual_spacing(lines, body)
    parts = Parts()
    add_to(parts, paragraphs(without_furniture(lines, body, spacing), body, spacing), body)
    return finish(source, parts, own)


@contextmanager
def _reading(name: str) -> Iterator[None]:
    """The errors pdfminer and pdfplumber raise on a damaged or locked file (their own, and
    Python's where a damaged object is not what they expect) as one line naming it."""
    try:
        yield
    except _DAMAGED as exc:
        cause = exc.args[0] if isinstance(exc, PdfminerException) and exc.args else exc
        if isinstance(cause, PDFPasswordIncorrect):
            raise InputError(f"{name}: is encrypted; save it without a password and try "
                             "again") from None
        detail = " ".join(f"{type(cause).__name__}: {cause}".split())
        raise InputError(f"{name}: is damaged ({detail[:_DETAIL]})") from None


def _pages(pdf: Any, name: str) -> Iterator[Any]:
    """The pages, each closed after use; more than MAX_PAGES is an error even where the page
    tree's count says fewer."""
    for number, page in enumerate(pdf.pages):
        if number == MAX_PAGES:
            raise _too_many(name, f"over {MAX_PAGES}")
        yield page
        page.close()


def _too_many(name: str, count: object) -> InputError:
    return InputError(f"{name}: has {count} pages, more than the {MAX_PAGES} a PDF may have; "
                      "split it")


def _lines(pages: list[tuple[list[Word], float]], body: float) -> list[Line]:
    """The lines of all pages in reading order, each page's flows numbered on from the last."""
    lines: list[Line] = []
    for number, (words, height) in enumerate(pages):
        lines += page_lines(words, number, height, lines[-1].flow + 1 if lines else 0, body)
    return lines


def _properties(metadata: dict[str, Any]) -> tuple[str, Meta]:
    """Title, author and date (when it was made, else last changed) from the document
    information dictionary."""
    def text(key: str) -> str | None:
        value = metadata.get(key)
        return value if isinstance(value, str) else None
    return properties(text("Title"), text("Author"),
                      _iso(text("CreationDate")) or _iso(text("ModDate")))


def _iso(value: str | None) -> str | None:
    """A PDF date ("D:20230913103000+02'00'") in ISO 8601."""
    found = _DATE.match(value.strip()) if value else None
    if found is None:
        return None
    year, month, day, hour, minute, second, sign, zone_hour, zone_minute = found.groups()
    date = f"{year}-{month or '01'}-{day or '01'}"
    if hour is None:
        return date
    zone = f"{sign}{zone_hour}:{zone_minute or '00'}" if sign else "+00:00"
    return f"{date}T{hour}:{minute or '00'}:{second or '00'}{zone}"
