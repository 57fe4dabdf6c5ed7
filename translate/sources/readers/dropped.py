"""What trafilatura leaves out of a web page's article is never lost without a trace.

trafilatura looks for sub-headings only inside an element it takes for the article: on a page
with no `<article>` (what pandoc, mammoth, Word and many CMS exports write) every `<h2>` went,
and precision mode drops short or link-heavy paragraphs anywhere. So the page's own headings,
paragraphs and list items are matched against the blocks trafilatura kept. Of those it left out
between the first and the last it kept (the whole page, when the page is plain), a heading
between kept paragraphs goes back in its place, and on a plain page everything does; the other
headings and paragraphs are boilerplate. List items (menus, share buttons) and what sits in a
link, figure, form, navigation, page header or footer are not the article's and stay out.
"""

from __future__ import annotations

import copy
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from lxml import etree, html

from translate.sources.readers.blocks import Block

Kind = Literal["heading", "text", "list"]
_KINDS: dict[str, Kind] = {"p": "text", "li": "list", **{f"h{n}": "heading" for n in range(1, 7)}}
_HIDDEN = ("script", "style", "noscript", "template")
# no element of these, nor one of these roles: a page without navigation or an article element
_STRUCTURE = ("//article|//main|//nav|//aside|//menu|//form|//footer|//*[@role='navigation' or "
              "@role='main' or @role='article' or @role='complementary' or @role='contentinfo']")
_ANYWHERE = 40  # letters and digits; a shorter block is matched only where a kept block begins
_PREFIX = 12  # letters and digits; a shorter one ("3", "Seite") must be a whole kept block
_ASIDE = {"a", "nav", "aside", "header", "footer", "form", "figure", "button"}


@dataclass(frozen=True, slots=True)
class PageBlock:
    """A heading, paragraph or list item of the page, with its letters and digits (`key`)."""

    kind: Kind
    text: str
    key: str
    aside: bool  # part of a link, a figure, navigation or a page header or footer, or an image's


def is_plain(page: html.HtmlElement) -> bool:
    """A page with no navigation and no article element: nothing on it but the article."""
    return not page.xpath(_STRUCTURE) and not any(
        _is_menu(group) for group in page.iter("ul", "ol"))


def page_blocks(page: html.HtmlElement) -> list[PageBlock]:
    """The page's headings, paragraphs and list items in reading order, outermost only (a
    paragraph inside a list item is the item's), without script or style text."""
    tree = copy.deepcopy(page)
    etree.strip_elements(tree, *_HIDDEN, with_tail=False)
    found: list[PageBlock] = []
    taken: set[html.HtmlElement] = set()
    for element in tree.iter(*_KINDS):
        if any(ancestor in taken for ancestor in element.iterancestors()):
            continue
        taken.add(element)
        text = " ".join(element.text_content().split())
        if key := text_key(text):
            aside = element.find(".//img") is not None or any(
                a.tag in _ASIDE for a in (element, *element.iterancestors()))
            found.append(PageBlock(_KINDS[element.tag], text, key, aside))
    return found


def recover(page: list[PageBlock], blocks: list[Block], plain: bool) -> tuple[list[Block],
                                                                               list[str]]:
    """`blocks` (what trafilatura kept) with the page's left-out blocks put back where they
    belong, and the texts of those that stay out (see the module docstring)."""
    keys = [text_key(b.text) for b in blocks]
    starts = [0]
    for key in keys:
        starts.append(starts[-1] + len(key))
    joined = "".join(keys)
    found = [_position(p.key, joined, starts) for p in page]
    kept = [i for i, at in enumerate(found) if at >= 0]
    if not kept:
        return blocks, []
    first, last = (0, len(page) - 1) if plain else (kept[0], kept[-1])
    inserts: dict[int, list[Block]] = {}
    left_out: list[str] = []
    for i in range(first, last + 1):
        if found[i] >= 0:
            continue
        at = next((found[j] for j in range(i + 1, len(page)) if found[j] >= 0), len(joined))
        before = bisect_right(starts, at) - 1
        if plain or (_between_kept_text(page, found, i) and starts[before] == at):
            inserts.setdefault(before, []).append(Block(page[i].kind, page[i].text))
        elif page[i].kind != "list" and not page[i].aside:  # menus and links stay out
            left_out.append(page[i].text)
    restored = [b for i, block in enumerate(blocks) for b in (*inserts.get(i, ()), block)]
    return restored + inserts.get(len(blocks), []), list(dict.fromkeys(left_out))


def text_key(text: str) -> str:
    """Letters and digits only, case folded: how texts that differ in quotes, dashes and spacing
    are compared (a page's with trafilatura's, a title with a heading)."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _position(key: str, joined: str, starts: list[int]) -> int:
    """Where trafilatura's text holds a page block's: a long one anywhere, a short one only at
    the start of a block (a heading "Fazit" is not kept because a paragraph says "fazit")."""
    if len(key) >= _ANYWHERE:
        return joined.find(key)
    ends = set(starts)  # a short one is a whole block, or the opening of one when not tiny
    return next((start for start in starts[:-1] if joined.startswith(key, start) and (
        len(key) >= _PREFIX or start + len(key) in ends)), -1)


def _between_kept_text(page: list[PageBlock], found: list[int], i: int) -> bool:
    """A sub-heading: a heading in the article's flow between two blocks kept as text."""
    return page[i].kind == "heading" and not page[i].aside and all(
        0 <= j < len(page) and found[j] >= 0 and page[j].kind != "heading" for j in (i - 1, i + 1))


def _is_menu(group: html.HtmlElement) -> bool:
    """A list of links and nothing else: a site's menu."""
    items = [item for item in group if item.tag == "li"]
    return bool(items) and all(
        (links := item.findall(".//a")) and text_key(item.text_content())
        == text_key("".join(link.text_content() for link in links)) for item in items)
