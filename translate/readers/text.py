"""Plain-text articles: title, byline and date on top, headings as short lines between
paragraphs, boilerplate prompts and an agency credit at the bottom.

Paragraphs are lines; in a text that separates paragraphs with blank lines, hard-wrapped
lines are joined back together first.
"""

from __future__ import annotations

import itertools
import re

from translate.document import Document, Meta, Source
from translate.readers.blocks import Block, assemble

_MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember")
_TIME = r"\d{1,2}[.:]\d{2}(?:\s*Uhr)?"
_DATE = re.compile(
    r"^(?:(?:Stand|Veröffentlicht|Aktualisiert)(?:\s+am)?:?\s*)?"
    rf"(?P<date>\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTHS})\s)\s?\d{{4}}(?:,?\s+(?:um\s+)?{_TIME})?)$"
)
_NAME = r"[A-ZÄÖÜ][\w'’.-]*"
_BYLINE = re.compile(
    r"^(?:Erstellt\s+von|Von|Autor(?:in)?:|Text:)\s+"
    rf"(?P<author>{_NAME}(?:(?:\s+|\s*,\s*|\s+und\s+|\s+(?:von|van|de|der|zu)\s+){_NAME}){{0,5}})$"
)
AGENCIES = frozenset({"dpa", "afp", "reuters", "kna", "epd", "ap", "sid", "dts", "apa", "sda"})
_CREDIT_PREFIX = re.compile(r"^(?:Quelle|Mit Material von):?\s*", re.IGNORECASE)
_BOILERPLATE = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"^Folgen Sie\b.*\b(?:Facebook|Twitter|Instagram|YouTube|TikTok|WhatsApp|Telegram)\b",
        r"^(?:Lesen Sie (?:auch|mehr|hier)|Mehr zum Thema|Auch interessant|Weitere Artikel)\b",
        r"\bNewsletter\b.*\b(?:abonnieren|bestellen|anmelden)\b",
        r"^(?:Abonnieren Sie|Melden Sie sich)\b",
    )
]
_HEADER_PARTS = re.compile(r"\s*[|·•]\s*")
_AGENCY_DATELINE = re.compile(r"^[A-ZÄÖÜ][\w./ -]{1,40}?\s*\((?P<agency>[^()]{2,30})\)\s*[-–—]\s")
_CLOSERS = "\"'“”„»«’‘)]"
_HEADING_MAX_CHARS = 160
_HEADING_MAX_WORDS = 25


def parse(text: str, source: Source) -> Document:
    paragraphs = _paragraphs(text)
    title, rest = paragraphs[0], paragraphs[1:]
    author = date = credit = None
    while rest and (author is None or date is None) and (fields := header_fields(rest[0])):
        author, date = author or fields[0], date or fields[1]
        rest = rest[1:]
    boilerplate = [p for p in rest if is_boilerplate(p)]
    body = [p for p in rest if not is_boilerplate(p)]
    if body and (found := credit_of(body[-1])):
        credit = found
        body.pop()
    elif body:
        credit = dateline_credit(body[0])
    blocks = [
        Block("heading" if is_heading(p, body[i + 1] if i + 1 < len(body) else None) else
              "text", p)
        for i, p in enumerate(body)
    ]
    meta = Meta(author=author, date=date, credit=credit)
    return assemble(source, title, blocks, meta, boilerplate)


def header_fields(line: str) -> tuple[str | None, str | None] | None:
    """(author, date) of a header line under the title — a byline, a dateline, or both
    ("Von Anna Schmidt | 13.09.2023") — or None when the line is something else."""
    author = date = None
    for part in _HEADER_PARTS.split(line):
        whole = byline_author(part) or dateline_date(part)
        for piece in [part] if whole else part.split(", ", 1):  # "Von Anna Schmidt, 2.1.2024"
            if author is None and (found := byline_author(piece)):
                author = found
            elif date is None and (found := dateline_date(piece)):
                date = found
            else:
                return None
    return author, date


def byline_author(line: str) -> str | None:
    """The author of a byline such as "Von Anna Schmidt" or "Autorin: Eva Klein", or None."""
    match = _BYLINE.match(line)
    return match["author"] if match else None


def dateline_date(line: str) -> str | None:
    """The date of a dateline such as "13.09.2023 13.32" or "Stand: 1. März 2024", or None."""
    match = _DATE.match(line)
    return match["date"] if match else None


def is_boilerplate(paragraph: str) -> bool:
    return any(pattern.search(paragraph) for pattern in _BOILERPLATE)


def credit_of(paragraph: str) -> str | None:
    """The agency credit a closing line gives ("Quelle: dpa" → "dpa"), or None."""
    return _CREDIT_PREFIX.sub("", paragraph) if is_credit(paragraph) else None


def dateline_credit(paragraph: str) -> str | None:
    """The agency of a dateline opening an article ("Berlin (dpa) - Die …" → "dpa"), or None.
    The paragraph itself stays as it is."""
    match = _AGENCY_DATELINE.match(paragraph)
    return match["agency"] if match and is_credit(match["agency"]) else None


def is_credit(paragraph: str) -> bool:
    """A short closing line naming a news agency: "dpa", "loc/news.de/dpa", "(AFP)"."""
    line = _CREDIT_PREFIX.sub("", paragraph)
    tokens = [t for t in re.split(r"[\s/,;()|&]+", line.lower()) if t]
    return (
        0 < len(tokens) <= 6 and len(line) <= 60 and not line.endswith(".")
        and any(t in AGENCIES for t in tokens)
    )


def is_heading(paragraph: str, following: str | None) -> bool:
    """A short line without sentence-ending punctuation, followed by body text."""
    if following is None or _looks_like_heading(following):
        return False
    return _looks_like_heading(paragraph)


def _looks_like_heading(paragraph: str) -> bool:
    bare = paragraph.rstrip(_CLOSERS)
    return (
        len(paragraph) <= _HEADING_MAX_CHARS
        and len(paragraph.split()) <= _HEADING_MAX_WORDS
        and bool(bare) and bare[-1] not in ".,;:…"
        and (paragraph[0].isupper() or paragraph[0].isdigit() or paragraph[0] in _CLOSERS)
    )


def _paragraphs(text: str) -> list[str]:
    lines = [line.strip() for line in text.split("\n")]
    if "" not in _trim(lines):
        return [line for line in lines if line]
    paragraphs: list[str] = []
    block: list[str] = []
    for line in [*lines, ""]:
        if line:
            block.append(line)
        elif block:
            paragraphs.extend(_unwrap(block))
            block = []
    return paragraphs


def _trim(lines: list[str]) -> list[str]:
    """Lines without the blank ones at either end."""
    start = next((i for i, line in enumerate(lines) if line), len(lines))
    end = len(lines) - next((i for i, line in enumerate(reversed(lines)) if line), 0)
    return lines[start:end]


def _unwrap(lines: list[str]) -> list[str]:
    """Join hard-wrapped lines; a line well short of the block's width ends a paragraph."""
    width = max(len(line) for line in lines)
    paragraphs = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        if len(previous) < 0.7 * width:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return paragraphs
