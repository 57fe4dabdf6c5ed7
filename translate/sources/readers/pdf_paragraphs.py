"""A PDF's lines (translate.sources.readers.pdf_layout) made into headings and paragraphs.

Page furniture goes first: in the band at a page's top or bottom edge, a line set apart from
the text that recurs on another page (digits aside, in the same band and size: a running
head, "Seite 3 von 9") or is a bare page number, and small print on its own above or below
all the text of its page (a browser's print header and footer on a one-page PDF). A
paragraph ends where the space between two lines is wider than the usual line spacing by
SPACING body sizes, where the font changes, before a bullet (a list item), and at the end of
a column or page when its text ends a sentence there. A short paragraph set larger than the
body (HEADING_SCALE) or bold where the body is not, and not ending in a full stop, is a
heading.

A word hyphenated at a line end is joined again, except where the hyphen is the word's own:
when the next part starts with a capital (German capitalises nouns, so `Nordkorea-` +
`Machthaber` is a compound, while a word split by hyphenation goes on in lower case:
`Verhand-` + `lungen`) or a digit (`Covid-19`); when the document has the word with that
hyphen more often than without; after a digit or an abbreviation in capitals (`50-jährige`,
`SPD-intern`); after an adjective in -isch or -lich, where hyphenation never breaks a word
(it breaks before the consonants: `politi-sche`), so the hyphen joins two adjectives
(`politisch-ökonomisch`); and before a conjunction, where the hyphen stands for a shared part
(`Ost- und Westdeutschland`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from translate.sources.readers.office import Parts
from translate.sources.readers.pdf_layout import Line

SPACING = 0.4  # body sizes of extra space between lines that part two paragraphs
USUAL_MAX = 0.5  # the usual space between lines is at most this many body sizes (a line
# height of 1.5), even where most lines are paragraphs of their own
HEADING_SCALE = 1.15  # a heading's font is at least this much larger than the body's
HEADING_CHARS = 200  # a heading is no longer than this
SMALL = 0.85  # a line this much smaller than the body is small print
APART = 0.2  # body sizes of space a running head or footer stands further from the text
# than the text's lines from each other
ALONE = 1.5  # body sizes of space at least between small print standing alone and more
_PAGE_NUMBER = re.compile(r"[-–—\s]*(?:(?:seite|page|s\.)\s*)?\d{1,5}(?:\s*(?:/|von|of|\|)\s*"
                          r"\d{1,5})?[-–—\s]*", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")
_HYPHENATED = re.compile(r"(\w+)[^\w\s]*[-\u2010]$")
_SOFT_HYPHEN = "\u00ad"
_SHARED_PART = {"und", "oder", "bis", "bzw.", "sowie", "noch", "als", "wie", "statt", "wo"}
_ADJECTIVE = re.compile(r"[a-zäöü]\w*(?:isch|lich)")
_SENTENCE_END = re.compile(r"[.!?][\"'»«“”’)]*$")
_BULLET = re.compile(r"[•▪◦●■‣]\s+")  # a list item's mark (a dash may start any line)
_WORDS = re.compile(r"\w+(?:-\w+)*")


@dataclass(slots=True)
class Paragraph:
    lines: list[Line]
    text: str


def without_furniture(lines: list[Line], body: float, spacing: float) -> list[Line]:
    """The lines less running heads, footers and page numbers."""
    pages: dict[tuple[str | None, float, str], set[int]] = {}
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        pages.setdefault(_furniture_key(line), set()).add(line.page)
        by_page.setdefault(line.page, []).append(line)
    return [line for line in lines if line.band is None or not _furniture(
        line, [other for other in by_page[line.page] if not _same_row(line, other)],
        len(pages[_furniture_key(line)]) > 1, body, spacing)]


def _furniture_key(line: Line) -> tuple[str | None, float, str]:
    return line.band, round(line.size), _DIGITS.sub("#", " ".join(line.text.casefold().split()))


def _same_row(line: Line, other: Line) -> bool:
    return other.bottom > line.top and other.top < line.bottom


def _furniture(line: Line, others: list[Line], recurs: bool, body: float,
               spacing: float) -> bool:
    """Whether a line in the band at the page's top or bottom is page furniture: outermost
    but for small print, set apart from the text (further than its lines are from each
    other: `spacing`, usual_spacing), and recurring or a page number; or outermost small
    print with no other small print near it (a browser's print header, but not a footnote
    of two lines or more)."""
    top = line.band == "top"
    inner = [other.top - line.bottom if top else line.top - other.bottom for other in others
             if (other.top >= line.bottom if top else other.bottom <= line.top)]
    apart = min(inner, default=float("inf"))
    outermost = not any(other.size > SMALL * body and (other.bottom <= line.top if top
                                                       else other.top >= line.bottom)
                        for other in others)
    if outermost and apart >= spacing + APART * body and (
            recurs or _PAGE_NUMBER.fullmatch(line.text)):
        return True
    return outermost and line.size <= SMALL * body and not any(
        other.size <= SMALL * body and min(abs(other.top - line.bottom),
                                           abs(line.top - other.bottom)) < ALONE * body
        for other in others)


def paragraphs(lines: list[Line], body: float, spacing: float) -> list[Paragraph]:
    """The lines joined into paragraphs, in reading order; `spacing` is usual_spacing."""
    vocabulary = Counter(word.casefold() for line in lines
                         for word in _WORDS.findall(line.text.rstrip("-\u2010")))
    right: dict[tuple[int, int], float] = {}  # where the lines of a flow that start at one x end
    for line in lines:
        key = (line.flow, round(line.x0))
        right[key] = max(right.get(key, line.x1), line.x1)
    found: list[Paragraph] = []
    for line in lines:
        last = found[-1] if found else None
        if last is None or _parts(last, line, spacing, body,
                                            right[last.lines[-1].flow, round(last.lines[-1].x0)]):
            found.append(Paragraph([line], line.text))
        else:
            last.lines.append(line)
            last.text = joined(last.text, line.text, vocabulary)
    return found


def usual_spacing(lines: list[Line], body: float) -> float:
    """The space between two lines of body text in one column inside a paragraph: the
    smaller among the spaces found, which paragraphs' spacing would make too large."""
    gaps = [line.top - before.bottom for before, line in pairwise(lines)
            if before.flow == line.flow and before.size == line.size == body
            and line.top > before.bottom - 0.5 * body]
    return min(statistics.quantiles(gaps, n=5)[0] if len(gaps) > 1 else 0.2 * body,
               USUAL_MAX * body)


def _parts(paragraph: Paragraph, line: Line, spacing: float, body: float,
           right: float) -> bool:
    """Whether `line` starts a new paragraph after `paragraph`, whose last line's column
    (or indented block, as a quote) ends at `right`."""
    before = paragraph.lines[-1]
    if (before.size, before.bold) != (line.size, line.bold) or _BULLET.match(line.text):
        return True
    if before.flow != line.flow:
        return bool(_SENTENCE_END.search(paragraph.text)) or _room_for(line, before, right)
    return line.top - before.bottom > (spacing + SPACING * body) * line.size / body


def _room_for(line: Line, before: Line, right: float) -> bool:
    """Whether `line`'s first word (and a space) would have fitted at the end of `before`,
    whose column ends at `right`: then the paragraph ended there, at the column's foot."""
    first = line.text.split(maxsplit=1)[0]
    width = (line.x1 - line.x0) * (len(first) + 1) / len(line.text)
    return right - before.x1 > width


def joined(text: str, line: str, vocabulary: Counter[str]) -> str:
    """`line` added to the paragraph `text`, a word hyphenated at the line end joined."""
    if text.endswith(_SOFT_HYPHEN):
        return text[:-1] + line
    end = _HYPHENATED.search(text)
    if end is None or not line[:1].isalnum():
        return f"{text} {line}"
    head, after = end.group(1), line.split(maxsplit=1)[0]
    following = _WORDS.match(after)
    part = following.group(0) if following else after
    if after in _SHARED_PART:
        return f"{text} {line}"
    if (not part[0].islower() or head[-1].isdigit() or (len(head) > 1 and head.isupper())
            or _ADJECTIVE.fullmatch(head)
            or vocabulary[f"{head}-{part}".casefold()] > vocabulary[f"{head}{part}".casefold()]):
        return text + line
    return text[:-1] + line


def add_to(parts: Parts, found: list[Paragraph], body: float) -> None:
    """The paragraphs as blocks, the headings and list items among them marked."""
    weights = [line.bold for p in found for line in p.lines if line.size == body]
    bold_body = bool(weights) and statistics.mean(weights) > 0.5
    for paragraph in found:
        line = paragraph.lines[0]
        styled = line.size >= HEADING_SCALE * body or (line.bold and not bold_body
                                                       and line.size >= body)
        heading = (styled and len(paragraph.text) <= HEADING_CHARS
                   and not paragraph.text.endswith("."))
        item = _BULLET.match(paragraph.text)
        kind = "heading" if heading else "list" if item else "text"
        parts.add(kind, paragraph.text[item.end():] if item else paragraph.text)
