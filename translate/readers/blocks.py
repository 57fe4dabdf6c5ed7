"""What every reader hands over: a title, metadata and a flat run of headings and paragraphs.

`assemble` groups the run into sections and splits paragraphs into sentences, so each reader
only has to find the structure of its own format.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from translate.document import Document, Meta, Paragraph, Section, Sentence, Source, Unit
from translate.segment import split_sentences


@dataclass(frozen=True, slots=True)
class Block:
    kind: Literal["heading", "paragraph"]
    text: str


def assemble(
    source: Source, title: str, blocks: list[Block], meta: Meta, boilerplate: list[str]
) -> Document:
    """A Document whose lead section (text before the first heading) has no heading."""
    sections: list[Section] = []
    current = Section(heading=None, paragraphs=[])
    for block in blocks:
        if block.kind == "heading":
            if current.heading is not None or current.paragraphs:
                sections.append(current)
            current = Section(heading=Unit(block.text), paragraphs=[])
            continue
        sentences = [Sentence(text) for text in split_sentences(block.text)]
        if sentences:
            current.paragraphs.append(Paragraph(sentences))
    if current.heading is not None or current.paragraphs:
        sections.append(current)
    return Document(
        source=source, title=Unit(title), sections=sections, meta=meta, boilerplate=boilerplate
    )
