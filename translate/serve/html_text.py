"""HTML translated with its tags kept, for LibreTranslate's `format=html`.

The text of each block (an element holding text and inline elements only: a paragraph, a
heading, a list item, a cell) is translated whole, sentence by sentence, so an inline tag does
not cut a sentence in two. Inline elements are then put back: each one's own text is translated
too, and where that English occurs in the block's English, it is wrapped in the element again
(a link keeps its address, a <b> its words); where it does not, the element's words stay in
the sentence without their tag. An inline element's own inline children are not kept. Line
breaks and images (<br>, <img>) split a block into parts translated apart. Text around blocks
is translated as it stands; <script>, <style>, <code> and <pre> are left alone. Runs of spaces
in translated text become one space, as a browser shows them.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Awaitable, Callable
from copy import deepcopy
from dataclasses import dataclass, field
from html import escape

import lxml.html
from lxml.etree import _Element

Translate = Callable[[list[str]], Awaitable[list[str]]]

BLOCKS = frozenset("""address article aside blockquote body caption dd details dialog div dl dt
fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup html li main nav ol
p section summary table tbody td tfoot th thead title tr ul""".split())
KEEP = frozenset({"script", "style", "code", "pre", "noscript", "template", "textarea"})
BREAKS = frozenset({"br", "img", "hr", "wbr", "input", "svg", "math"})
_DOCUMENT = re.compile(r"\s*(<!doctype|<html)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


@dataclass
class Run:
    """What is translated as one text: the text in `owner.text` (or in `owner.tail` when
    `tail`) and the inline elements after it, with their tails."""

    owner: _Element
    tail: bool
    inline: list[_Element] = field(default_factory=list)

    def plain(self) -> str:
        """The run's text, spaces collapsed."""
        start = (self.owner.tail if self.tail else self.owner.text) or ""
        pieces = [start, *(each.text_content() + (each.tail or "") for each in self.inline)]
        return _SPACES.sub(" ", "".join(pieces))


async def translate_html(html: str, translate: Translate) -> str:
    """`html` with its text in English through `translate` (texts in, texts out, in order)."""
    whole = bool(_DOCUMENT.match(html))
    root = (lxml.html.document_fromstring(html) if whole
            else lxml.html.fragment_fromstring(html, create_parent="div"))
    runs = [run for run in _runs(root) if run.plain().strip()]  # others stay as they are
    inline = [[_SPACES.sub(" ", each.text_content()) for each in run.inline] for run in runs]
    wanted = [text for text in itertools.chain.from_iterable(inline) if text.strip()]
    english = await translate([run.plain() for run in runs] + wanted)
    inline_english = iter(english[len(runs):])
    for run, text, inline_texts in zip(runs, english[:len(runs)], inline, strict=True):
        _put_back(run, text, [next(inline_english) if each.strip() else each
                              for each in inline_texts])
    if whole:
        return str(lxml.html.tostring(root, encoding="unicode", doctype=_doctype(html)))
    children = (lxml.html.tostring(child, encoding="unicode") for child in root)
    return escape(root.text or "", quote=False) + "".join(children)


def _runs(element: _Element) -> list[Run]:
    """The runs of `element` and of all elements below it, in document order."""
    if element.tag in KEEP or not isinstance(element.tag, str):
        return []
    runs: list[Run] = []
    run = Run(element, tail=False)
    for child in element:
        if _is_inline(child):
            run.inline.append(child)
            continue
        runs += [run, *_runs(child)]
        run = Run(child, tail=True)
    return [*runs, run]


def _is_inline(element: _Element) -> bool:
    """Whether `element` is translated inside its block's text: an inline element holding no
    block, break or element to leave alone."""
    if not isinstance(element.tag, str):
        return False  # a comment or processing instruction splits the text around it
    return not any(isinstance(each.tag, str) and (each.tag in BLOCKS or each.tag in BREAKS
                                                   or each.tag in KEEP)
                   for each in element.iter())


def _put_back(run: Run, english: str, inline_english: list[str]) -> None:
    """Write `english` into the run's slot, wrapping each inline element's English found there
    (in order, left to right, in any case) in a copy of that element without its children; an
    element without text stays where the search has come to."""
    for element in run.inline:
        element.getparent().remove(element)  # its tail goes with it
    first, rest = "", english
    placed: list[_Element] = []
    for element, text in zip(run.inline, inline_english, strict=True):
        found = _find(rest, text)
        if found is None:
            continue
        start, end = found
        wrapped = deepcopy(element)
        for child in list(wrapped):
            wrapped.remove(child)
        wrapped.text = rest[start:end]
        if placed:
            placed[-1].tail = rest[:start]
        else:
            first = rest[:start]
        placed.append(wrapped)
        rest = rest[end:]
    if placed:
        placed[-1].tail = rest
    else:
        first = rest
    _write(run, first, placed)


def _find(english: str, text: str) -> tuple[int, int] | None:
    """Where `text` (an inline element's English, or it without its end mark) is in `english`;
    an empty text is found at the start."""
    for wanted in (text.strip(), text.strip().rstrip(".!?;:,")):
        if found := re.search(re.escape(wanted), english, re.IGNORECASE):
            return found.span()
    return None


def _write(run: Run, text: str, elements: list[_Element]) -> None:
    """Put `text` in the run's place and `elements` (with their tails) after it: as the owner's
    first children, or as the siblings after the owner where the run is its tail."""
    if run.tail:
        run.owner.tail = text
        parent = run.owner.getparent()
        index = parent.index(run.owner) + 1
    else:
        run.owner.text = text
        parent, index = run.owner, 0
    for offset, element in enumerate(elements):
        parent.insert(index + offset, element)


def _doctype(html: str) -> str | None:
    found = re.match(r"\s*(<!doctype[^>]*>)", html, re.IGNORECASE)
    return found.group(1) if found else None
