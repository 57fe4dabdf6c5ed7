"""The words of a PDF page put into lines, in reading order across columns.

A PDF holds positioned glyphs, not paragraphs. A column gutter is found as a tall strip of
empty page between text on both sides (at least GUTTER_LINES lines high, GUTTER_WIDTH body
sizes wide); the text above it, the column left of it, the column right of it and the text
below it are read in that order, each part searched again for gutters of its own (three
columns, or columns under a title that spans them). Each part is a "flow": its words are
grouped into lines by their baseline, and a line is cut where a gap is wider than LINE_GAP
body sizes (a running head with the date left and the title right is two lines).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

GUTTER_LINES = 3.5  # how tall a gutter is at least, in body sizes (about three lines)
GUTTER_WIDTH = 0.7  # how wide, in body sizes: Chromium's column gap is 1em
LINE_GAP = 2.0  # a gap this many body sizes wide parts two lines on one baseline
LARGE = 1.15  # text this many times the body's size does not make a column on its own
ALIGNED = 0.1  # body sizes by which the starts of a column's lines differ at most
_MARK = (0.15, 0.6, 1.5)  # a drawn list mark's height (least, most) and its distance to the
# word it marks at most, in that word's font sizes
_STEP = 2.0  # points between the positions tried for a gutter
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True, slots=True)
class Line:
    """A line of text; `flow` numbers the column or region it was read in (across pages),
    `band` says whether it lies in the page's top or bottom margin band ("top", "bottom")."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size most of its characters have
    bold: bool  # most of its characters are bold
    page: int
    flow: int
    band: str | None


def words_of(page: Any) -> list[Word]:
    """The upright words of a pdfplumber page, with the size and weight of their font, and a
    bullet ("•") before each word that a drawn list mark stands in front of."""
    words = [Word(w["text"], w["x0"], w["x1"], w["top"], w["bottom"], round(w["size"], 1),
                  bool(_BOLD.search(w["fontname"] or "")))
             for w in page.extract_words(extra_attrs=["size", "fontname"]) if w["upright"]]
    return words + [bullet for mark in [*page.curves, *page.rects]
                    if (bullet := _bullet(mark, words)) is not None]


def _bullet(mark: dict[str, Any], words: list[Word]) -> Word | None:
    """A bullet word for a list mark drawn as a shape (Chromium draws a list's discs and
    squares rather than setting a glyph): a small square shape, level with the middle of the
    word just right of it; None for any other shape."""
    width, height = mark["x1"] - mark["x0"], mark["bottom"] - mark["top"]
    middle = (mark["top"] + mark["bottom"]) / 2
    if not 0 < width <= 1.5 * height <= 3 * width:
        return None
    for word in words:
        if (word.top < middle < word.bottom and _MARK[0] * word.size <= height
                <= _MARK[1] * word.size and 0 < word.x0 - mark["x1"] <= _MARK[2] * word.size):
            return Word("•", mark["x0"], mark["x1"], word.top, word.bottom, word.size,
                        word.bold)
    return None


def body_size(words: Iterable[Word]) -> float:
    """The font size most characters have: the body text's."""
    sizes = Counter[float]()
    for word in words:
        sizes[word.size] += len(word.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def page_lines(words: list[Word], page: int, height: float, first_flow: int,
               body: float) -> list[Line]:
    """The lines of one page in reading order; its flows are numbered from `first_flow`."""
    lines = []
    for number, flow in enumerate(flows(words, body), start=first_flow):
        for row in _rows(flow, body):
            text = " ".join(word.text for word in row)
            lines.append(Line(text, row[0].x0, row[-1].x1, min(w.top for w in row),
                              max(w.bottom for w in row), _weighted(row, "size"),
                              _weighted(row, "bold"), page, number, _band(row, height)))
    return lines


def flows(words: list[Word], body: float) -> list[list[Word]]:
    """The words in reading order, as the regions that are each read top to bottom."""
    gutter = _gutter(words, body)
    if gutter is None:
        return [words] if words else []
    x, top, bottom = gutter
    middle = [w for w in words if top <= (w.top + w.bottom) / 2 <= bottom]
    parts = ([w for w in words if (w.top + w.bottom) / 2 < top],
             [w for w in middle if w.x1 <= x], [w for w in middle if w.x1 > x],
             [w for w in words if (w.top + w.bottom) / 2 > bottom])
    return [flow for part in parts for flow in flows(part, body)]


def _gutter(words: list[Word], body: float) -> tuple[float, float, float] | None:
    """Where the tallest gutter among `words` is: its x and the span of y it runs through;
    None when there is none."""
    if len(words) < 6:
        return None
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    top, bottom = min(w.top for w in words), max(w.bottom for w in words)
    runs = []  # (x, start, end) of the tallest empty strip with text on both sides, at each x
    x = left + _STEP
    while x < right - _STEP:
        covered = sorted((w.top, w.bottom) for w in words if w.x0 <= x + 1 and w.x1 >= x - 1)
        spans = [gap for gap in _gaps(covered, top, bottom) if _between(words, x, *gap, body)]
        runs.append((x, *max(spans, key=lambda s: s[1] - s[0])) if spans else (x, 0.0, 0.0))
        x += _STEP
    while runs:
        x, start, end = max(runs, key=lambda r: r[2] - r[1])
        if end - start < GUTTER_LINES * body:
            return None
        group = _alongside(runs, x, start, end)
        if group[-1][0] - group[0][0] + _STEP >= GUTTER_WIDTH * body and _sides(
                words, x, start, end, body):
            return x, start, end
        runs = [run for run in runs if run not in group]
    return None


def _gaps(covered: list[tuple[float, float]], top: float,
          bottom: float) -> list[tuple[float, float]]:
    """The spans of y between `top` and `bottom` that no interval covers."""
    gaps, reach = [], top
    for start, end in covered:
        if start > reach:
            gaps.append((reach, start))
        reach = max(reach, end)
    return [*gaps, (reach, bottom)] if bottom > reach else gaps


def _between(words: list[Word], x: float, top: float, bottom: float, body: float) -> bool:
    """Whether an empty strip at `x` from `top` to `bottom` has text on both sides along
    the height of a gutter."""
    if bottom - top < GUTTER_LINES * body:
        return False
    inside = [w for w in words if top <= (w.top + w.bottom) / 2 <= bottom]
    left = [w for w in inside if w.x1 <= x]
    right = [w for w in inside if w.x0 >= x]
    if not left or not right:
        return False
    start = max(min(w.top for w in left), min(w.top for w in right))
    end = min(max(w.bottom for w in left), max(w.bottom for w in right))
    return end - start >= GUTTER_LINES * body


def _alongside(runs: list[tuple[float, float, float]], x: float, start: float,
               end: float) -> list[tuple[float, float, float]]:
    """The positions next to `x` (and it) whose empty strips run along nearly all of its."""
    at = next(n for n, run in enumerate(runs) if run[0] == x)
    first = last = at
    while first > 0 and _along(runs[first - 1], start, end):
        first -= 1
    while last < len(runs) - 1 and _along(runs[last + 1], start, end):
        last += 1
    return runs[first:last + 1]


def _along(run: tuple[float, float, float], start: float, end: float) -> bool:
    return min(run[2], end) - max(run[1], start) >= 0.9 * (end - start)


def _sides(words: list[Word], x: float, top: float, bottom: float, body: float) -> bool:
    """Whether columns stand on both sides of a gutter at `x` rather than word gaps that
    line up in justified text or a title: three lines or more of text no larger than the
    body's on each side (a title alone makes no columns); most lines right of it start at
    one x, a column's left edge; and in most lines with text on both sides (a running head
    or two may cross) the gap at `x` is the widest (justified text spreads its gaps
    evenly)."""
    rows: dict[int, list[Word]] = {}
    for word in words:
        if (top <= (word.top + word.bottom) / 2 <= bottom and word.size < LARGE * body
                and any(char.isalnum() for char in word.text)):
            rows.setdefault(round(word.bottom), []).append(word)
    left = [row for row in rows.values() if any(w.x1 <= x for w in row)]
    starts = [min(w.x0 for w in row if w.x0 >= x) for row in rows.values()
              if any(w.x0 >= x for w in row)]
    edge = max((sum(abs(start - other) <= ALIGNED * body for other in starts)
                for start in starts), default=0)
    narrower = [row for row in left
                if any(w.x0 >= x for w in row) and not _widest_at(row, x, body)]
    both = sum(any(w.x0 >= x for w in row) for row in left)
    return (len(left) >= 3 and edge >= max(3, len(starts) / 2)
            and (len(narrower) < 3 or 2 * len(narrower) < both))


def _widest_at(row: list[Word], x: float, body: float) -> bool:
    """Whether the gap across `x` is the widest between the words of a row, by more than
    ALIGNED body sizes (a justified line's gaps are all alike)."""
    row = sorted(row, key=lambda w: w.x0)
    across = [after.x0 - before.x1 for before, after in pairwise(row)
              if before.x1 <= x <= after.x0]
    others = [after.x0 - before.x1 for before, after in pairwise(row)
              if not before.x1 <= x <= after.x0]
    return bool(across) and across[0] > max(others, default=0.0) + ALIGNED * body


def _rows(words: list[Word], body: float) -> list[list[Word]]:
    """The words grouped by baseline, top to bottom, each row cut at wide gaps."""
    rows: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.bottom, w.x0)):
        if rows and abs(word.bottom - rows[-1][-1].bottom) <= 0.35 * max(word.size, 1.0):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        row.sort(key=lambda w: w.x0)
        lines.append([row[0]])
        for before, word in pairwise(row):
            if word.x0 - before.x1 > LINE_GAP * body:
                lines.append([])
            lines[-1].append(word)
    return lines


def _weighted(row: list[Word], attribute: str) -> Any:
    """The value of `attribute` that most of the row's characters have."""
    counts = Counter[Any]()
    for word in row:
        counts[getattr(word, attribute)] += len(word.text)
    return counts.most_common(1)[0][0]


def _band(row: list[Word], height: float) -> str | None:
    """"top" or "bottom" when the row lies in the tenth of the page nearest an edge."""
    if max(w.bottom for w in row) <= 0.1 * height:
        return "top"
    if min(w.top for w in row) >= 0.9 * height:
        return "bottom"
    return None
