"""OpenDocument text (.odt), read from its content.xml with lxml.

Headings are `text:h` elements (their outline level says which); a paragraph styled Title,
Author or Date (directly or through the styles it inherits from) is the document's title or
byline (translate.sources.readers.office); list items are marked "list" and table cells
"cell", translated paragraph by paragraph; footnotes and endnotes (`text:note`) come after the
section that refers to them. Comments and the deleted text of tracked changes are left out.
"""

from __future__ import annotations

from typing import Any

from translate.document import Document, Source
from translate.input_formats import READABLE
from translate.sources.readers.office import FRONT, Parts, finish, properties
from translate.sources.readers.package import Package

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_LEFT_OUT = {f"{TEXT}tracked-changes", f"{OFFICE}annotation", f"{OFFICE}annotation-end",
             f"{TEXT}note-citation"}
_SPACES = {f"{TEXT}tab", f"{TEXT}line-break"}


def parse(data: bytes, source: Source, max_bytes: int) -> Document:
    package = Package(data, source.path, READABLE["odt"].label, max_bytes)
    content = package.xml("content.xml")
    parents = _parents(content)
    if package.has("styles.xml"):
        parents = {**_parents(package.xml("styles.xml")), **parents}
    found = Parts()
    _walk(content.find(f"{OFFICE}body/{OFFICE}text"), found, parents, None)
    meta = package.xml("meta.xml").find(f"{OFFICE}meta") if package.has("meta.xml") else None
    return finish(source, found, _properties(meta))


def _walk(container: Any, parts: Parts, parents: dict[str, str | None],
          kind: str | None) -> None:
    """The paragraphs of `container` in reading order; `kind` ("list", "cell") overrides
    each paragraph's own."""
    if container is None:
        return
    for child in container:
        if child.tag in (f"{TEXT}p", f"{TEXT}h"):
            notes: list[str] = []
            own = "heading" if child.tag == f"{TEXT}h" else _role(child, parents)
            parts.add(kind if kind and own not in FRONT else own, _text(child, notes))
            parts.notes += notes
        elif child.tag == f"{TEXT}list":
            _walk(child, parts, parents, kind or "list")
        elif child.tag == f"{TABLE}table-cell":
            _walk(child, parts, parents, "cell")
        elif child.tag not in _LEFT_OUT:  # list items, sections, table rows
            _walk(child, parts, parents, kind)


def _role(paragraph: Any, parents: dict[str, str | None]) -> str:
    """"title", "author", "date" or "heading" when the paragraph's style or one it inherits
    from is named so (encoded names: "Heading_20_1"), else "text"."""
    name: str | None = paragraph.get(f"{TEXT}style-name")
    seen: set[str] = set()
    while name is not None and name not in seen:
        seen.add(name)
        plain = name.replace("_20_", " ").casefold()
        if plain in FRONT:
            return plain
        if plain.startswith("heading"):
            return "heading"
        name = parents.get(name)
    return "text"


def _text(element: Any, notes: list[str]) -> str:
    """The text of a paragraph, with its notes' text taken out into `notes`."""
    pieces = [element.text or ""]
    for child in element:
        if child.tag == f"{TEXT}note":
            body = child.find(f"{TEXT}note-body")
            notes.append(" ".join(_text(p, []) for p in body.iter(f"{TEXT}p", f"{TEXT}h"))
                         if body is not None else "")
        elif child.tag == f"{TEXT}s":
            count = child.get(f"{TEXT}c", "1")
            pieces.append(" " * (int(count) if count.isdigit() else 1))
        elif child.tag in _SPACES:
            pieces.append(" ")
        elif child.tag not in _LEFT_OUT:
            pieces.append(_text(child, notes))
        pieces.append(child.tail or "")
    return "".join(pieces)


def _parents(root: Any) -> dict[str, str | None]:
    """Each paragraph style's parent style, by name."""
    return {style.get(f"{STYLE}name", ""): style.get(f"{STYLE}parent-style-name")
            for style in root.iter(f"{STYLE}style")}


def _properties(meta: Any) -> Any:
    """Title, author and date from meta.xml: who created the document and when (else who
    last saved it, and when)."""
    if meta is None:
        return properties(None, None, None)
    return properties(meta.findtext(f"{_DC}title"),
                      meta.findtext(f"{_META}initial-creator") or meta.findtext(f"{_DC}creator"),
                      meta.findtext(f"{_META}creation-date") or meta.findtext(f"{_DC}date"))
