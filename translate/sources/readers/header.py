"""The byline and date lines that open an article's body, for readers of formats whose
header is ordinary paragraphs (web pages, Word and OpenDocument files)."""

from __future__ import annotations

from translate.document import Meta
from translate.sources.readers.blocks import Block
from translate.sources.readers.dropped import text_key
from translate.sources.readers.text import header_fields


def without_header(blocks: list[Block], author: str | None) -> tuple[list[Block], Meta]:
    """The blocks less the byline and date lines opening the body ("Erstellt von Claudia Löwe",
    "13.09.2023 13.32", or the page's author by name, as pandoc writes its title block), and
    what those lines say."""
    found: dict[str, str | None] = {"author": None, "date": None, "credit": None}
    start = 0
    for block in blocks:
        fields = header_fields(block.text) if block.kind == "text" else None
        if author and text_key(block.text) == text_key(author):
            fields = {"author": author}
        if fields is None:
            break
        found = {name: found[name] or fields.get(name) for name in found}
        start += 1
    return blocks[start:], Meta(**found)
