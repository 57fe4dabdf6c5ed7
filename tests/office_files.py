"""DOCX, ODT and EPUB files for the reader tests, written as their XML in a zip (the way a
producer other than pandoc or python-docx might), so each test says what the file holds."""

from __future__ import annotations

import io
import zipfile

from translate.input_formats import DOCX_TYPE, EPUB_TYPE, ODT_TYPE

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def zipped(members: dict[str, str | bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx(body: str, footnotes: str = "", styles: str = "", core: str = "") -> bytes:
    """A .docx whose body is `body` (WordprocessingML paragraphs and tables)."""
    ns = f'xmlns:w="{W_NS}"'
    parts = {"word/document.xml": (DOCX_TYPE, f"<w:document {ns}><w:body>{body}</w:body>"
                                              "</w:document>")}
    kind = "application/vnd.openxmlformats-officedocument.wordprocessingml."
    if footnotes:
        parts["word/footnotes.xml"] = (kind + "footnotes+xml",
                                       f"<w:footnotes {ns}>{footnotes}</w:footnotes>")
    if styles:
        parts["word/styles.xml"] = (kind + "styles+xml", f"<w:styles {ns}>{styles}</w:styles>")
    if core:
        parts["docProps/core.xml"] = (
            "application/vnd.openxmlformats-package.core-properties+xml",
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:dcterms="http://purl.org/dc/terms/">{core}</cp:coreProperties>')
    types = "".join(f'<Override PartName="/{name}" ContentType="{kind_}"/>'
                    for name, (kind_, _) in parts.items())
    return zipped({"[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/'
                                          f'package/2006/content-types">{types}</Types>',
                   **{name: xml for name, (_, xml) in parts.items()}})


def paragraph(text: str, style: str | None = None, extra: str = "") -> str:
    properties = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{properties}<w:r><w:t xml:space="preserve">{text}</w:t></w:r>{extra}</w:p>'


def odt(body: str, meta: str = "", automatic: str = "") -> bytes:
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
          'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
          'xmlns:dc="http://purl.org/dc/elements/1.1/"')
    members: dict[str, str | bytes] = {
        "mimetype": ODT_TYPE,
        "content.xml": f"<office:document-content {ns}><office:automatic-styles>{automatic}"
                       "</office:automatic-styles><office:body><office:text>"
                       f"{body}</office:text></office:body></office:document-content>"}
    if meta:
        members["meta.xml"] = (f"<office:document-meta {ns}><office:meta>{meta}</office:meta>"
                               "</office:document-meta>")
    return zipped(members)


def epub(chapters: dict[str, str], spine: list[str], metadata: str) -> bytes:
    """An EPUB with `chapters` (file name under OEBPS/ → XHTML body) read in `spine` order."""
    items = "".join(f'<item id="{name}" href="{name}" media-type="application/xhtml+xml"/>'
                    for name in chapters)
    refs = "".join(f'<itemref idref="{name}"/>' for name in spine)
    items += "".join(f'<item id="{name}" href="{name}" media-type="application/xhtml+xml"/>'
                     for name in spine if name not in chapters)
    opf = ('<package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
           f'xmlns:dc="http://purl.org/dc/elements/1.1/">{metadata}</metadata>'
           f"<manifest>{items}</manifest><spine>{refs}</spine></package>")
    container = ('<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
                 'version="1.0"><rootfiles><rootfile full-path="OEBPS/book.opf" '
                 'media-type="application/oebps-package+xml"/></rootfiles></container>')
    pages = {f"OEBPS/{name}": '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
             f"{name}</title></head><body>{body}</body></html>"
             for name, body in chapters.items()}
    return zipped({"mimetype": EPUB_TYPE, "META-INF/container.xml": container,
                   "OEBPS/book.opf": opf, **pages})
