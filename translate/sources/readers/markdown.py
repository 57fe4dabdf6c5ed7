"""Markdown articles: the block structure comes from markdown-it-py's token stream (CommonMark
plus GFM tables), the article rules (byline, date, credit, boilerplate) from the plain-text reader.

- Title: `title` in YAML front matter; else the first level-1 heading; else the first heading of
  any level; else the whole first paragraph (its first line would be a fragment in hard-wrapped
  Markdown). A level-1 heading equal to the front-matter title is that title, not a section.
- Front matter (`---` … `---` or `...` at the very top, read as a YAML mapping) gives title,
  author(s), date and credit; it is never translated, its other keys are not read.
- Paragraphs right under the title whose every line is a byline or a date give the author and
  date; a closing agency credit and site boilerplate are taken out as in plain text.
- Headings start sections whatever their level; inside a list or a quote they stay part of it.
- Every list item gives a "list" paragraph (nested items too) and every quoted paragraph a
  "quote" one. An item's marker ("•", "3.") is shown by its first paragraph only.
- Code (fenced or indented) and HTML blocks become verbatim "code" paragraphs, tables verbatim
  "table" paragraphs holding their Markdown source; none of them is sent to the model.
- Inline markup: the model sees plain text (emphasis markers and inline tags dropped, link text,
  alt text and code spans kept). Link and image addresses go to the paragraph's `links`, never
  into the text; links of headings, of the title or of text-less paragraphs go to the next
  paragraph with text. Emphasis and links are kept on a sentence only where they cover all of it.
"""

from __future__ import annotations

import datetime
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field

import yaml
from markdown_it import MarkdownIt
from markdown_it.token import Token

from translate.document import Document, Link, Meta, Paragraph, Section, Sentence, Source
from translate.errors import InputError
from translate.sources.readers.blocks import VERBATIM, Block, BlockKind, assemble
from translate.sources.readers.text import byline_author, credit_of, dateline_date, is_boilerplate

_FRONT_MATTER_KEYS = {
    "title": ("title",), "author": ("author", "authors"), "date": ("date",), "credit": ("credit",)}
# Front-matter values that are text; nested lists and mappings are left out, since a few YAML
# aliases make one that is gigabytes long as text (a "YAML bomb").
_YAML_SCALARS = (str, int, float, datetime.date)
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_FIRST_WORD = re.compile(r"\w")
_LAST_WORD = re.compile(r"\w\W*$")
_BULLET = "•"


@dataclass(slots=True)
class _Text:
    """Inline content as the plain text the model sees, and where its markup was.

    Line breaks are "\\n" (the byline rule reads lines); offsets index `text`."""

    text: str = ""
    # Both in the order their spans open: reading order, and outermost first where they nest.
    marks: list[tuple[int, int, str]] = field(default_factory=list)  # start, end, em | strong
    links: list[tuple[int, int, Link]] = field(default_factory=list)

    @property
    def flat(self) -> str:
        """The text on one line, offsets unchanged."""
        return self.text.replace("\n", " ")


@dataclass(slots=True)
class _Item:
    """One block in reading order: a heading, a paragraph, or a verbatim block (its source as
    `content.text`)."""

    kind: BlockKind
    content: _Text
    level: int = 0  # of a heading
    marker: str | None = None  # of a list paragraph

    @property
    def verbatim(self) -> bool:
        return self.kind in VERBATIM

    @property
    def links(self) -> list[Link]:
        return [link for _, _, link in self.content.links]

    def is_plain_paragraph(self) -> bool:
        """Top-level text without links: the only kind the plain-text rules may take away."""
        return self.kind == "text" and not self.content.links


def parse(text: str, source: Source) -> Document:
    front, body = _front_matter(text)
    tokens = MarkdownIt("commonmark").enable("table").parse(body)
    items = [item for item in _items(tokens, body.split("\n"))
             if item.verbatim or item.content.text.strip() or item.content.links]
    title, start, carried = _take_title(items, front.get("title"), source)
    author, date = front.get("author"), front.get("date")
    while start < len(items) and (found := _byline(items[start], author, date)):
        author, date = found
        carried += items.pop(start).links
    boilerplate = [item.content.flat for item in items if _is_boilerplate(item)]
    items = [item for item in items if not _is_boilerplate(item)]
    credit = front.get("credit")
    last = items[-1] if items and items[-1].is_plain_paragraph() else None
    if credit is None and last is not None and (credit := credit_of(last.content.flat)):
        items.pop()

    blocks: list[Block] = []
    rows: list[tuple[_Item, list[Link]]] = []  # the item behind each paragraph, links carried to it
    for item in items:
        if item.verbatim:
            blocks.append(Block(item.kind, item.content.text))
            rows.append((item, []))
        elif not item.content.text.strip():
            carried += item.links
        else:
            blocks.append(Block(item.kind, item.content.flat))
            if item.kind == "heading":
                carried += item.links
            else:
                rows.append((item, carried))
                carried = []
    document = assemble(source, title, blocks, Meta(author, date, credit), boilerplate)
    paragraphs = [p for section in document.sections for p in section.paragraphs]
    for paragraph, (item, before) in zip(paragraphs, rows, strict=True):
        if not item.verbatim:
            paragraph.marker = item.marker
            paragraph.links = before + item.links
            _mark_sentences(paragraph.sentences, item.content)
    if carried:
        _keep_trailing_links(document, carried)
    return document


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    """Title, author, date and credit from YAML front matter, and the Markdown after it.

    A block that YAML does not read as a mapping is no front matter: it stays Markdown (where
    its `---` lines are thematic breaks or heading underlines), so no text is lost."""
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return {}, text
    end = next((i for i, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")), None)
    if end is None:
        return {}, text
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except (yaml.YAMLError, ValueError, RecursionError):  # bad dates and numbers, deep nesting
        return {}, text
    if not isinstance(data, dict):
        return {}, text
    fields: dict[str, str] = {}
    for name, keys in _FRONT_MATTER_KEYS.items():
        value = next((data[key] for key in keys if data.get(key) not in (None, "", [])), None)
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value if isinstance(item, _YAML_SCALARS))
        if isinstance(value, _YAML_SCALARS) and value != "":
            fields[name] = str(value)
    return fields, "\n".join(lines[end + 1:])


def _items(tokens: list[Token], lines: list[str]) -> Iterator[_Item]:
    """The blocks of a token stream in reading order; `lines` are the source, for tables."""
    containers: list[str] = []  # "list" or "quote", innermost last
    markers: list[str] = []  # per open list item: its marker until a paragraph has shown it
    in_table = False
    for i, token in enumerate(tokens):
        if in_table:
            in_table = token.type != "table_close"
            continue
        match token.type:
            case "list_item_open":
                containers.append("list")
                markers.append(f"{token.info}{token.markup}" if token.info else _BULLET)
            case "list_item_close":
                containers.pop()
                markers.pop()
            case "blockquote_open":
                containers.append("quote")
            case "blockquote_close":
                containers.pop()
            case "inline":
                content = _inline(token.children or [])
                parent = tokens[i - 1]
                if not containers:
                    if parent.type == "heading_open":
                        yield _Item("heading", content, level=int(parent.tag[1:]))
                    else:
                        yield _Item("text", content)
                elif containers[-1] == "list":
                    yield _Item("list", content, marker=markers[-1])
                    markers[-1] = ""
                else:
                    yield _Item("quote", content)
            case "fence" | "code_block" | "html_block":
                yield _Item("code", _Text(token.content.removesuffix("\n")))
            case "table_open" if token.map:
                in_table = True
                start, end = token.map
                yield _Item("table", _Text(textwrap.dedent("\n".join(lines[start:end]))))


def _inline(children: list[Token]) -> _Text:
    """Plain text of inline tokens; `<br>` counts as a line break, other inline tags as nothing."""
    out = _Text()
    opened: list[tuple[int, int, Token]] = []  # start, index in marks or links, opening token
    for child in children:
        start = len(out.text)
        match child.type:
            case "text" | "code_inline":
                out.text += child.content
            case "softbreak" | "hardbreak":
                out.text += "\n"
            case "html_inline" if _BREAK_TAG.fullmatch(child.content):
                out.text += "\n"
            case "em_open" | "strong_open":
                opened.append((start, len(out.marks), child))
            case "link_open":
                opened.append((start, len(out.links), child))
            case "em_close" | "strong_close":
                begin, index, _ = opened.pop()
                out.marks.insert(index, (begin, start, child.type.removesuffix("_close")))
            case "link_close":
                begin, index, link_open = opened.pop()
                link = Link(str(link_open.attrGet("href")), out.flat[begin:start],
                            title=_link_title(link_open))
                out.links.insert(index, (begin, start, link))
            case "image":
                alt = _inline(child.children or []).flat
                out.text += alt
                link = Link(str(child.attrGet("src")), alt, image=True, title=_link_title(child))
                out.links.append((start, start + len(alt), link))
    return out


def _link_title(token: Token) -> str | None:
    title = token.attrGet("title")
    return None if title is None else str(title)


def _take_title(
    items: list[_Item], front_title: str | None, source: Source
) -> tuple[str, int, list[Link]]:
    """Take the title out of `items` (see the module docstring): the title, the index of what
    follows it, and the links it had."""
    headings = [i for i, item in enumerate(items)
                if item.kind == "heading" and item.content.text.strip()]
    first_h1 = next((i for i in headings if items[i].level == 1), None)
    if front_title is not None:
        if first_h1 is None or items[first_h1].content.flat.strip() != front_title:
            return front_title, 0, []
        at: int | None = first_h1
    elif first_h1 is not None:
        at = first_h1
    elif headings:
        at = headings[0]
    else:
        at = next((i for i, item in enumerate(items)
                   if not item.verbatim and item.content.text.strip()), None)
    if at is None:
        raise InputError(f"{source.path}: no heading and no paragraph to take a title from; "
                         "there is nothing to translate")
    taken = items.pop(at)
    return taken.content.flat.strip(), at, taken.links


def _byline(item: _Item, author: str | None, date: str | None
            ) -> tuple[str | None, str | None] | None:
    """(author, date) once this paragraph is read as a byline, or None if it is not one: each
    of its lines must name the author or the date, neither known before. A linked name counts."""
    if item.kind != "text":
        return None
    for line in item.content.text.split("\n"):
        if author is None and (found := byline_author(line.strip())):
            author = found
        elif date is None and (found := dateline_date(line.strip())):
            date = found
        else:
            return None
    return author, date


def _is_boilerplate(item: _Item) -> bool:
    return item.is_plain_paragraph() and is_boilerplate(item.content.flat)


def _mark_sentences(sentences: list[Sentence], content: _Text) -> None:
    """Give each sentence the emphasis and the link that cover all its words."""
    text, end = content.flat, 0
    for sentence in sentences:
        start = text.index(sentence.de, end)
        end = start + len(sentence.de)
        first, last = _FIRST_WORD.search(sentence.de), _LAST_WORD.search(sentence.de)
        if first is None or last is None:
            continue
        low, high = start + first.start(), start + last.start() + 1
        sentence.marks = tuple(dict.fromkeys(
            name for begin, stop, name in content.marks if begin <= low and high <= stop))
        sentence.href = next((link.url for begin, stop, link in content.links
                              if not link.image and begin <= low and high <= stop), None)


def _keep_trailing_links(document: Document, links: list[Link]) -> None:
    """Links with no paragraph after them go to the last paragraph with text, or to a new one."""
    paragraphs = [p for section in document.sections for p in section.paragraphs
                  if p.verbatim is None]
    if paragraphs:
        paragraphs[-1].links += links
        return
    if not document.sections:
        document.sections.append(Section(heading=None, paragraphs=[]))
    document.sections[-1].paragraphs.append(Paragraph([], links=links))
    document.assign_ids()
