"""Whole news web pages: trafilatura finds the article (title, byline, date, body) and drops
navigation, teasers, comments and cookie boxes; we rebuild its blocks from trafilatura's XML.

trafilatura's XML marks sub-headings as `<head>`, paragraphs as `<p>`, lists as
`<list>/<item>`, block quotes (and preformatted text) as `<quote>` and tables as
`<table>/<row>/<cell>`; any other element, such as a line break `<lb/>`, is inline and joins
the text around it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TypedDict

from lxml import etree, html

from translate.document import Document, Meta, Source
from translate.errors import InputError
from translate.sources.readers.blocks import Block, BlockKind, assemble
from translate.sources.readers.dropped import is_plain, page_blocks, recover, text_key
from translate.sources.readers.header import without_header
from translate.sources.readers.text import credit_of, dateline_credit, is_boilerplate


class Extraction(TypedDict, total=False):
    """The trafilatura.extract options a caller may set (benchmarks/html_extraction.py)."""

    favor_precision: bool
    favor_recall: bool
    include_tables: bool
    fast: bool


# trafilatura's extraction options: the setting benchmarks/html_extraction.py measured best
# on real German news pages (a run's Settings has none of its own: this is the reader's choice)
EXTRACTION: Extraction = {"favor_precision": True, "favor_recall": False,
                          "include_tables": True, "fast": False}
# trafilatura's own parser options, plus huge_tree: without it libxml2 silently drops
# everything nested deeper than 255 elements, and with it the article.
_PARSER = html.HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8",
                          remove_comments=True, remove_pis=True, huge_tree=True)
_MIN_ARTICLE = 50  # characters of body text; less is a menu or a row of buttons
_MAX_CREDIT = 100
_MIN_LEAD = 40  # characters; shorter descriptions are slogans, shorter paragraphs kickers
_IMAGE_CREDIT = re.compile(r"^(?:©|(?:\w*bild|Fotos?|Bildquelle)\s*:)", re.IGNORECASE)
_CONTAINERS = {"main", "div", "quote"}
_BLOCKS = {"p", "head", "list", "quote", "table", "div"}
# htmldate's date with its time and zone where the page gives them ("2024-03-05T10:30:00+0100");
# a page that gives only a day comes back at a zoneless midnight, read as the day alone
_DATE_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
_NO_TIME = "T00:00:00"


def parse(text: str, source: Source, extraction: Extraction = EXTRACTION) -> Document:
    import trafilatura
    from trafilatura.settings import set_date_params

    no_article = InputError(f"{source.path}: no article text found in this HTML page")
    try:
        page = html.document_fromstring(text.encode("utf-8", "surrogatepass"), parser=_PARSER)
        on_page, plain = page_blocks(page), is_plain(page)
        if plain:  # the whole page is the article: say so, and let trafilatura keep it all
            _as_article(page)
            extraction = {**extraction, "favor_precision": False}
        # include_formatting stays off: its pretty-printed <hi> elements put line breaks into
        # words ("NDR-Recherchen" came out as "NDR -Recherchen")
        extracted = trafilatura.extract(
            page, output_format="xml", with_metadata=True, include_comments=False,
            date_extraction_params={**set_date_params(not extraction.get("fast")),
                                    "outputformat": _DATE_FORMAT},
            **extraction)
        if extracted is None:
            raise no_article
        doc = etree.fromstring(extracted)
    except (etree.LxmlError, ValueError, RecursionError):
        # "Document is empty", trees too deep even for huge_tree: nothing left to rescue
        raise no_article from None
    for line_break in doc.iter("lb"):
        line_break.tail = " " + (line_break.tail or "")
    blocks, left_out = recover(on_page, list(_walk(doc.find("main"), "text")), plain)
    boilerplate = [*left_out, *(b.text for b in blocks if _is_boilerplate(b))]
    blocks = [b for b in blocks if not _is_boilerplate(b)]
    if sum(len(b.text) for b in blocks if b.kind != "heading") < _MIN_ARTICLE:
        raise no_article
    end = len(blocks)
    while blocks[end - 1].kind == "heading":  # headings over nothing: text (pull quotes)
        end -= 1
    blocks[end:] = [Block("text", b.text) for b in blocks[end:]]
    credit = None
    if len(blocks) > 1 and blocks[-1].kind == "text" and (found := credit_of(blocks[-1].text)):
        credit = found
        blocks.pop()
    elif first := next((b.text for b in blocks if b.kind == "text"), None):
        credit = dateline_credit(first)
    title = _without_site(_clean(doc.get("title") or ""), doc.get("sitename") or "")
    if not title:
        title = blocks.pop(next((i for i, b in enumerate(blocks) if b.kind == "heading"), 0)).text
    blocks, header = without_header(_without_title(blocks, title), doc.get("author"))
    if lead := _standfirst(page, _clean(doc.get("description") or ""), blocks):
        blocks.insert(0, Block("text", lead))
    meta = Meta(author=doc.get("author") or header.author,
                date=(doc.get("date") or "").removesuffix(_NO_TIME) or header.date,
                credit=credit or header.credit)
    return assemble(source, title, blocks, meta, boilerplate)


def _as_article(page: html.HtmlElement) -> None:
    """Put everything in the page's body into one `<article>` element."""
    body = page.find("body")
    if body is None:
        return
    article = html.Element("article")
    article.text, body.text = body.text, None
    article.extend(list(body))
    body.append(article)


def _without_site(title: str, sitename: str) -> str:
    """"Autohäuser rechnen … | MDR.DE" without the name of the site."""
    match = re.fullmatch(r"(?P<title>.+)\s+[|–—-]\s+(?P<site>.+)", title)
    if match and sitename and text_key(match["site"]) == text_key(sitename):
        return match["title"]
    return title


def _without_title(blocks: list[Block], title: str) -> list[Block]:
    """The blocks less those of the article's header that repeat the title: a heading using
    only the title's words ("Interne Unterlagen im Netz Daten von Rheinmetall gehackt"), or
    any block with just the title's letters and digits."""
    title_key, title_words = text_key(title), set(_words(title))
    kept, in_header = [], True
    for block in blocks:
        key = text_key(block.text)
        repeats = key == title_key or (block.kind == "heading" and bool(key) and (
            key in title_key or set(_words(block.text)) <= title_words))
        if not (in_header and repeats):
            kept.append(block)
        in_header = in_header and (block.kind == "heading" or len(block.text) < _MIN_LEAD)
    return kept


def _standfirst(page: html.HtmlElement, description: str, blocks: list[Block]) -> str | None:
    """The page's description when it is the text of an element on the page but not in the
    extracted body: the lead paragraph many sites set in the article's header, where
    trafilatura does not look for body text."""
    body = text_key(" ".join(b.text for b in blocks))
    if len(description) < _MIN_LEAD or text_key(description) in body:
        return None
    shown = page.xpath("//body//*[normalize-space(.) = $text]", text=description)
    return description if shown else None


def _walk(container: etree._Element | None, kind: BlockKind) -> Iterator[Block]:
    """The blocks of a container; loose text between its block children is a paragraph too."""
    if container is None:
        return
    loose = [container.text or ""]
    for child in container:
        if child.tag in _BLOCKS:
            yield from _paragraph(kind, loose)
            loose = []
            yield from _element(child, kind)
        else:
            loose.append(_text(child))
        loose.append(child.tail or "")
    yield from _paragraph(kind, loose)


def _element(element: etree._Element, kind: BlockKind) -> Iterator[Block]:
    if element.tag in _CONTAINERS:
        yield from _walk(element, "quote" if element.tag == "quote" else kind)
    elif element.tag == "head":
        yield from _paragraph("heading", [_text(element)])
    elif element.tag == "list":
        for item in element.iterfind("item"):
            yield from _paragraph("list", [item.text or "", *_inline(item, skip="list")])
            for sublist in item.iterfind("list"):
                yield from _element(sublist, kind)
    elif element.tag == "table":
        rows = [" | ".join(_clean(_text(cell)) for cell in row.iterfind("cell"))
                for row in element.iterfind("row")]
        if any(rows):
            yield Block("table", "\n".join(rows))
    else:  # "p"
        yield from _paragraph(kind, [_text(element)])


def _paragraph(kind: BlockKind, parts: list[str]) -> Iterator[Block]:
    if text := _clean("".join(parts)):
        yield Block(kind, text)


def _inline(element: etree._Element, skip: str) -> Iterator[str]:
    """The text of `element`'s children and their tails, leaving out `skip` children."""
    for child in element:
        if child.tag != skip:
            yield _text(child)
        yield child.tail or ""


def _text(element: etree._Element) -> str:
    return "".join(element.itertext())


def _clean(text: str) -> str:
    return " ".join(text.split())


def _is_boilerplate(block: Block) -> bool:
    """A "Lesen Sie auch" line, or an image credit ("Foto: dpa", "© KCNA") on its own."""
    return block.kind == "text" and (
        is_boilerplate(block.text)
        or (len(block.text) <= _MAX_CREDIT and bool(_IMAGE_CREDIT.match(block.text))))


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())
