"""Plain-text articles: title, byline and date on top, headings as short lines between
paragraphs, boilerplate prompts and an agency credit at the bottom.

Paragraphs are lines; in a text that separates paragraphs with blank lines, hard-wrapped
lines are joined back together first.
"""

from __future__ import annotations

import itertools
import re

from translate.document import Document, Meta, Source
from translate.sources.readers.blocks import Block, assemble
from translate.text.segment import split_sentences

_MONTHS = ("Januar|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November|Dezember")
_TIME = r"\d{1,2}[.:]\d{2}(?:\s*Uhr)?"
_WEEKDAY = r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonntag),?\s+"
_DATE = re.compile(
    r"^(?:(?:Stand|Veröffentlicht|Aktualisiert|Erschienen)(?:\s+am)?:?\s*)?"
    rf"(?P<date>(?:{_WEEKDAY})?(?:\d{{1,2}}\.\s?(?:\d{{1,2}}\.|(?:{_MONTHS})\s)\s?\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}})(?:,?\s+(?:um\s+)?{_TIME})?)$"
)
_NAME = r"[A-ZÄÖÜ][\w'’.-]*"
_NAMES = re.compile(
    rf"^{_NAME}(?:(?:\s+|\s*,\s*|\s+und\s+|\s+(?:von|van|de|der|zu)\s+){_NAME}){{0,11}}$")
_BYLINE_PREFIX = re.compile(r"^(?:Erstellt\s+von|Von|Autor(?:in)?:|Text:)\s+")
_AGENCY_TAIL = re.compile(r"^(?P<rest>.+?)\s*(?:,|\()\s*(?P<agency>[\w/.-]+)\)?$")
_ROLE = re.compile(
    r"(?:korrespondent|redakteur|reporter|autor|journalist|kolumnist|moderator|volontär"
    r"|leiter|chef|mitarbeiter|expert)", re.IGNORECASE)
_OUTLET = re.compile(r"^[A-ZÄÖÜ]{2,6}$")  # "NDR", "WDR": the outlet a byline names last
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
_SPEAKER_QUESTION = re.compile(r"^[A-ZÄÖÜ][\w.-]*(?:\s+[A-ZÄÖÜ][\w.-]*){0,2}:\s.*\?$")
_HEADING_MAX_CHARS = 160
_MIN_WRAP_WIDTH = 60
_HEADING_MAX_WORDS = 25


def parse(text: str, source: Source) -> Document:
    title, header, body = _split_top(text)
    boilerplate = [p for p in body if is_boilerplate(p)]
    body = [p for p in body if not is_boilerplate(p)]
    credit = header.credit
    if body and (found := credit_of(body[-1])):
        credit = credit or found
        body.pop()
    elif body and credit is None:
        credit = dateline_credit(body[0])
    blocks = [
        Block("heading" if is_heading(p, body[i + 1] if i + 1 < len(body) else None) else
              "text", p)
        for i, p in enumerate(body)
    ]
    meta = Meta(author=header.author, date=header.date, credit=credit)
    return assemble(source, title, blocks, meta, boilerplate)


def _split_top(text: str) -> tuple[str, Meta, list[str]]:
    """The title, the header under it (byline, date, credit: its lines in any order, blank
    lines between them or not) and the body's paragraphs."""
    lines = _trim([line.strip() for line in text.split("\n")])
    title_end = next((i for i, line in enumerate(lines) if i and (
        not line or header_fields(line))), len(lines))
    header, body_start = _header(lines, title_end)
    body_lines = lines[body_start:]
    separated = "" in _trim(body_lines)
    titles = _title_lines(lines[:title_end]) if separated else lines[:title_end]
    return titles[0] if titles else "", header, [*titles[1:], *_paragraphs(body_lines)]


def _title_lines(lines: list[str]) -> list[str]:
    """The title and what follows it without a blank line, in a text of blank-line paragraphs:
    a hard-wrapped title is joined, but never with a sentence of the lead written under it."""
    if len(lines) < 2:
        return lines
    under = _unwrap(lines[1:])  # at their own width: a long title is no measure of the lead's
    if _unwrap(lines)[0] != lines[0] and not _holds_sentence(under[0]):
        return [f"{lines[0]} {under[0]}", *under[1:]]
    return [lines[0], *under]


def _holds_sentence(text: str) -> bool:
    """Text with a sentence in it that ends with a full stop, or ends before the text does;
    never the rest of a headline ("… die Wende im Krieg?")."""
    sentences = split_sentences(text)
    return len(sentences) > 1 or any(s.rstrip(_CLOSERS).endswith(".") for s in sentences)


def _header(lines: list[str], start: int) -> tuple[Meta, int]:
    """The fields of the header lines from `start` on, and where the body begins: header lines
    are taken while each adds a field not yet found."""
    found: dict[str, str | None] = {"author": None, "date": None, "credit": None}
    end = start
    for i in range(start, len(lines)):
        if not lines[i]:
            continue
        fields = header_fields(lines[i])
        if fields is None or not any(
                value and found[name] is None for name, value in fields.items()):
            break
        found = {name: found[name] or fields[name] for name in found}
        end = i + 1
    return Meta(**found), end


def header_fields(line: str) -> dict[str, str | None] | None:
    """The author, date and credit of a header line under the title — a byline ("Von Anna
    Schmidt", "Anna Schmidt, dpa", "Von Anna Schmidt, Korrespondentin in Brüssel"), a dateline,
    or both ("Von Anna Schmidt | 13.09.2023") — or None when the line is something else."""
    fields: dict[str, str | None] = {"author": None, "date": None, "credit": None}
    for part in _HEADER_PARTS.split(line):
        pieces = [part] if _header_piece(part) else part.split(", ", 1)
        for piece in pieces:
            piece_fields = _header_piece(piece)
            if piece_fields is None or any(fields[name] for name in piece_fields):
                return None
            fields.update(piece_fields)
    return fields


def _header_piece(piece: str) -> dict[str, str | None] | None:
    if found := byline_fields(piece):
        return {name: value for name, value in zip(("author", "credit"), found, strict=True)
                if value}
    if date := dateline_date(piece):
        return {"date": date}
    if is_credit(piece) and not piece.endswith(")"):
        return {"credit": credit_of(piece)}
    return None


def byline_fields(line: str) -> tuple[str, str | None] | None:
    """(author, credit) of a byline: "Von Anna Schmidt", "Von A und B", "Anna Schmidt, dpa",
    "Anna Schmidt (AFP)", "Von Anna Schmidt, Redakteurin im Ressort Politik"; or None."""
    credit = None
    if (tail := _AGENCY_TAIL.match(line)) and is_credit(tail["agency"]):
        line, credit = tail["rest"], tail["agency"]
    prefix = _BYLINE_PREFIX.match(line)
    pieces = line[prefix.end() if prefix else 0:].split(", ")
    role = False
    while len(pieces) > 1 and (_ROLE.search(pieces[-1]) or _OUTLET.match(pieces[-1])):
        role = True
        pieces.pop()
    names = ", ".join(pieces)
    if not _NAMES.match(names) or not (prefix or credit or role):
        return None
    return names, credit


def byline_author(line: str) -> str | None:
    """The author of a byline such as "Von Anna Schmidt" or "Autorin: Eva Klein", or None."""
    found = byline_fields(line)
    return found[0] if found else None


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
    """A short line without sentence-ending punctuation, followed by body text; not a byline
    or dateline, not an interview's question ("Fischer: Warum?"), no statement and more."""
    if following is None or _looks_like_heading(following) or not _looks_like_heading(paragraph):
        return False
    return not (
        _SPEAKER_QUESTION.match(paragraph) or byline_fields(paragraph)
        or dateline_date(paragraph)
        or any(s.endswith(".") for s in split_sentences(paragraph)[:-1])
    )


def _looks_like_heading(paragraph: str) -> bool:
    bare = paragraph.rstrip(_CLOSERS)
    return (
        len(paragraph) <= _HEADING_MAX_CHARS
        and len(paragraph.split()) <= _HEADING_MAX_WORDS
        and bool(bare) and bare[-1] not in ".,;:…"
        and (paragraph[0].isupper() or paragraph[0].isdigit() or paragraph[0] in _CLOSERS)
    )


def _paragraphs(lines: list[str]) -> list[str]:
    """Paragraphs of the body's lines: each line, or in a text that separates paragraphs with
    blank lines, each blank-separated block with its hard-wrapped lines joined."""
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
    """Join hard-wrapped lines. A line was wrapped when the next line's first word would not
    have fitted on it within the block's width (at least _MIN_WRAP_WIDTH: text is wrapped at 60
    to 80 characters); otherwise it ends a paragraph (a heading right above its paragraph)."""
    width = max(_MIN_WRAP_WIDTH, *(len(line) for line in lines))
    paragraphs = [lines[0]]
    for previous, line in itertools.pairwise(lines):
        if len(previous) + 1 + len(line.split(" ", 1)[0]) <= width:
            paragraphs.append(line)
        else:
            paragraphs[-1] += " " + line
    return paragraphs
