"""What the DOCX and ODT readers share: a document's title, byline and properties.

The title is the paragraph styled as one (Title), else a heading that opens the document,
else the title in the document's properties. Author and date come from the paragraphs styled
as them (pandoc writes Author and Date), else byline and date lines opening the body, else
the document's properties (who created it, and when), where those name a person: Word and
python-docx fill in placeholders such as "python-docx" or "Windows User".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from translate.document import Document, Meta, Source
from translate.errors import InputError
from translate.sources.readers.blocks import Block, assemble
from translate.sources.readers.header import without_header

FRONT = ("title", "author", "date")  # paragraph styles whose text is metadata, not body
_PLACEHOLDER_AUTHORS = {"python-docx", "windows user", "microsoft office user", "administrator",
                        "admin", "user", "author", "unknown", "benutzer", "autor"}


@dataclass(slots=True)
class Parts:
    """What a reader found: the body as blocks, the styled front paragraphs ("title",
    "author", "date") and the footnotes waiting for the end of their section."""

    blocks: list[Block] = field(default_factory=list)
    front: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, kind: str, text: str) -> None:
        """One paragraph; a heading first places the notes of the section it ends."""
        text = " ".join(text.split())
        if not text:
            return
        if kind in FRONT:
            self.front.setdefault(kind, text)
            return
        if kind == "heading":
            self.end_section()
        self.blocks.append(Block(kind, text))  # type: ignore[arg-type]

    def end_section(self) -> None:
        self.blocks += [Block("note", note) for note in self.notes]
        self.notes.clear()


def properties(title: str | None, author: str | None, date: str | None) -> tuple[str, Meta]:
    """The document's own title and metadata, with placeholder authors left out."""
    author = " ".join((author or "").split())
    person = author if author and author.casefold() not in _PLACEHOLDER_AUTHORS else None
    return " ".join((title or "").split()), Meta(author=person, date=date or None)


def finish(source: Source, parts: Parts, own: tuple[str, Meta]) -> Document:
    """The Document of `parts`; `own` is the document's properties (`properties`)."""
    parts.end_section()
    blocks = parts.blocks
    title = parts.front.get("title")
    if title is None and blocks and blocks[0].kind == "heading":
        title = blocks.pop(0).text
    title = title or own[0]
    if not title and blocks:
        title = blocks.pop(0).text
    blocks, header = without_header(blocks, own[1].author)
    if not any(block.kind != "heading" for block in blocks):
        raise InputError(f"{source.path}: no text found in this document; there is nothing to "
                         "translate")
    meta = Meta(author=parts.front.get("author") or header.author or own[1].author,
                date=parts.front.get("date") or header.date or own[1].date,
                credit=header.credit)
    return assemble(source, title, blocks, meta, [])
