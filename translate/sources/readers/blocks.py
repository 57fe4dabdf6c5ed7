"""What every reader hands over: a title, metadata and a flat run of headings and paragraphs.

`assemble` groups the run into sections and splits paragraphs into sentences, so each reader
only has to find the structure of its own format.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

from translate.document import Document, Meta, Paragraph, Section, Sentence, Source, Unit
from translate.text.coverage import check_split
from translate.text.dates import iso_date
from translate.text.segment import split_sentences

VERBATIM = ("code", "table")  # kept as they are, never split or sent to the model
# "cell": a table cell's text, translated like a paragraph (Word and OpenDocument tables);
# "note": a footnote, placed after the section that refers to it
BlockKind = Literal["heading", "text", "list", "quote", "code", "table", "cell", "note"]


@dataclass(frozen=True, slots=True)
class Block:
    """A heading, or a paragraph of one of Paragraph's kinds (BlockKind)."""

    kind: BlockKind
    text: str


def assemble(
    source: Source, title: str, blocks: list[Block], meta: Meta, boilerplate: list[str]
) -> Document:
    """A Document whose lead section (text before the first heading) has no heading, and
    whose date is in ISO 8601 where it reads as one (else as the source wrote it)."""
    sections: list[Section] = []
    current = Section(heading=None, paragraphs=[])
    for block in blocks:
        if block.kind == "heading":
            if current.heading is not None or current.paragraphs:
                sections.append(current)
            current = Section(heading=Unit(block.text), paragraphs=[])
        elif block.kind in VERBATIM:
            current.paragraphs.append(Paragraph([], kind=block.kind, verbatim=block.text))
        elif texts := split_sentences(block.text):
            check_split(block.text, texts)
            current.paragraphs.append(Paragraph([Sentence(t) for t in texts], kind=block.kind))
    if current.heading is not None or current.paragraphs:
        sections.append(current)
    meta = replace(meta, date=iso_date(meta.date) or meta.date)
    return Document(
        source=source, title=Unit(title), sections=sections, meta=meta, boilerplate=boilerplate
    )
