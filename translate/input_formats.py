"""The input formats there are readers for: one line each.

A format's reader is the module `translate.sources.readers.<name>`, with
`parse(text, source)` for a text format (decoded first: translate.sources.readers.decode) or
`parse(data, source, max_bytes)` for any other, which gets the bytes. `--input-format`, its
help, the suffixes a folder walk picks up and the sniffing of unnamed inputs all come from
here, so a new format is its module plus one line below.
"""

from __future__ import annotations

from dataclasses import dataclass

# The media types a zip package declares: an OOXML document in `[Content_Types].xml` (its
# main part), ODF and EPUB in their first member, `mimetype`.
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
EPUB_TYPE = "application/epub+zip"


@dataclass(frozen=True, slots=True)
class InputFormatSpec:
    name: str  # the --input-format value, and the reader module's name
    label: str  # what messages call a file of this format
    suffixes: tuple[str, ...]
    text: bool = True  # decoded before its reader sees it; else the reader gets the bytes
    package_type: str | None = None  # the media type its zip package declares
    magic: bytes | None = None  # how its bytes begin, for sniffing
    media_types: tuple[str, ...] = ()  # a web page answered with one is read by this reader


READABLE = {spec.name: spec for spec in (
    InputFormatSpec("text", "plain text", (".txt",)),
    InputFormatSpec("markdown", "Markdown", (".md", ".markdown")),
    InputFormatSpec("html", "HTML", (".html", ".htm"),
                    media_types=("text/html", "application/xhtml+xml")),
    InputFormatSpec("docx", "Word document (DOCX)", (".docx",), False, DOCX_TYPE,
                    media_types=("application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.document",)),
    InputFormatSpec("odt", "OpenDocument text (ODT)", (".odt",), False, ODT_TYPE,
                    media_types=(ODT_TYPE,)),
    InputFormatSpec("epub", "EPUB book", (".epub",), False, EPUB_TYPE,
                    media_types=(EPUB_TYPE,)),
    InputFormatSpec("pdf", "PDF document", (".pdf",), False, magic=b"%PDF-",
                    media_types=("application/pdf",)),
)}
SUFFIXES = {suffix: spec.name for spec in READABLE.values() for suffix in spec.suffixes}
MEDIA_TYPES = {media: spec.name for spec in READABLE.values() for media in spec.media_types}
