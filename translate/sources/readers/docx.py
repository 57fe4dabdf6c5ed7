"""Word documents (.docx), read from their WordprocessingML with lxml.

A paragraph is a heading when its style, or a style it is based on, gives it an outline level
(as Word's Heading 1–9 do) or is named "heading N"; a list item when it is numbered (numPr);
the Title, Author and Date styles are the document's title and byline (translate.sources.
readers.office). Table cells are translated paragraph by paragraph, marked "cell"; footnotes
come after the section that refers to them. Deleted text of tracked changes, field codes and
the fallback copies of drawings are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from translate.document import Document, Source
from translate.errors import InputError
from translate.input_formats import DOCX_TYPE, READABLE
from translate.sources.readers.office import Parts, finish, properties
from translate.sources.readers.package import Package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_DC = "{http://purl.org/dc/elements/1.1/}"
_TERMS = "{http://purl.org/dc/terms/}"
_TYPES = "application/vnd.openxmlformats-officedocument.wordprocessingml."
CORE_TYPE = "application/vnd.openxmlformats-package.core-properties+xml"
_HEADING_NAME = re.compile(r"heading \d", re.IGNORECASE)
_BODY_LEVEL = 9  # w:outlineLvl 9 is body text; 0–8 are heading levels 1–9
_SPACES = {f"{W}tab", f"{W}br", f"{W}cr"}


@dataclass(frozen=True, slots=True)
class Style:
    name: str
    based_on: str | None
    outline: int | None
    numbered: bool


def parse(data: bytes, source: Source, max_bytes: int) -> Document:
    package = Package(data, source.path, READABLE["docx"].label, max_bytes)
    parts = package.content_types()
    if DOCX_TYPE not in parts:
        raise InputError(f"{source.path}: is not a Word document (DOCX): its zip holds no "
                         "document part")
    root = package.xml(parts[DOCX_TYPE])
    for fallback in list(root.iter(_MC_FALLBACK)):
        fallback.getparent().remove(fallback)
    styles = _styles(package.xml(parts[_TYPES + "styles+xml"])
                     if _TYPES + "styles+xml" in parts else None)
    notes = _footnotes(package.xml(parts[_TYPES + "footnotes+xml"])
                       if _TYPES + "footnotes+xml" in parts else None)
    found = Parts()
    _walk(root.find(f"{W}body"), found, styles, notes, None)
    core = package.xml(parts[CORE_TYPE]) if CORE_TYPE in parts else None
    return finish(source, found, _properties(core))


def _walk(container: Any, parts: Parts, styles: dict[str, Style], notes: dict[str, str],
          kind: str | None) -> None:
    """The paragraphs and tables of `container` in reading order; `kind` overrides each
    paragraph's own (inside a table: "cell")."""
    if container is None:
        return
    for child in container:
        if child.tag == f"{W}p":
            references: list[str] = []
            text = _text(child, references)
            parts.add(kind or _kind(child, styles), text)
            parts.notes += [notes[ref] for ref in references if notes.get(ref)]
        elif child.tag == f"{W}tbl":
            for row in child.iterfind(f"{W}tr"):
                for cell in row.iterfind(f"{W}tc"):
                    _walk(cell, parts, styles, notes, "cell")
        else:  # content controls (w:sdt), custom XML: their paragraphs count
            _walk(child, parts, styles, notes, kind)


def _kind(paragraph: Any, styles: dict[str, Style]) -> str:
    properties = paragraph.find(f"{W}pPr")
    style_id = _value(properties, "pStyle")
    chain = list(_chain(style_id, styles))
    name = chain[0].name.casefold() if chain else ""
    if name in ("title", "author", "date"):
        return name
    level = _value(properties, "outlineLvl")
    outline = int(level) if level and level.isdigit() else next(
        (style.outline for style in chain if style.outline is not None), None)
    if (outline is not None and outline < _BODY_LEVEL) or _HEADING_NAME.fullmatch(name):
        return "heading"
    numbered = properties is not None and properties.find(f"{W}numPr") is not None
    return "list" if numbered or any(style.numbered for style in chain) else "text"


def _chain(style_id: str | None, styles: dict[str, Style]) -> Any:
    """The style `style_id` and the styles it is based on, nearest first (no loops)."""
    seen: set[str] = set()
    while style_id is not None and style_id in styles and style_id not in seen:
        seen.add(style_id)
        yield styles[style_id]
        style_id = styles[style_id].based_on


def _text(element: Any, references: list[str]) -> str:
    """The text of a paragraph, and (into `references`) the ids of the footnotes it cites."""
    pieces = []
    for node in element.iter():
        if node.tag == f"{W}t":
            pieces.append(node.text or "")
        elif node.tag in _SPACES:
            pieces.append(" ")
        elif node.tag == f"{W}noBreakHyphen":
            pieces.append("-")
        elif node.tag == f"{W}footnoteReference":
            references.append(node.get(f"{W}id", ""))
    return "".join(pieces)


def _styles(root: Any) -> dict[str, Style]:
    if root is None:
        return {}
    styles = {}
    for style in root.iterfind(f"{W}style"):
        properties = style.find(f"{W}pPr")
        level = _value(properties, "outlineLvl")
        styles[style.get(f"{W}styleId", "")] = Style(
            name=_value(style, "name") or "", based_on=_value(style, "basedOn"),
            outline=int(level) if level and level.isdigit() else None,
            numbered=properties is not None and properties.find(f"{W}numPr") is not None)
    return styles


def _footnotes(root: Any) -> dict[str, str]:
    """The footnotes' text by id, less the separators Word keeps among them."""
    if root is None:
        return {}
    return {note.get(f"{W}id", ""): " ".join(_text(p, []) for p in note.iter(f"{W}p"))
            for note in root.iterfind(f"{W}footnote") if note.get(f"{W}type") is None}


def _properties(core: Any) -> Any:
    """Title, author and date from the core properties (docProps/core.xml): the date the
    document was created, else last modified."""
    if core is None:
        return properties(None, None, None)
    return properties(core.findtext(f"{_DC}title"), core.findtext(f"{_DC}creator"),
                      core.findtext(f"{_TERMS}created") or core.findtext(f"{_TERMS}modified"))


def _value(element: Any, child: str) -> str | None:
    """The w:val of `element`'s child `child` (w:pStyle, w:outlineLvl, ...), if there is one."""
    if element is None:
        return None
    found = element.find(f"{W}{child}")
    return None if found is None else found.get(f"{W}val")
